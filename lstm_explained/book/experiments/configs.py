r"""The configurations the experiments train, each labelled by what its arguments do.

A configuration is a model of the package's registry (``lstm_explained.cells.registry.MODELS``)
plus the keyword arguments that set it up, under a label that says what those arguments do. The
labels name the starting bias of the gate that decides how much of the memory to keep:

* the LSTM family keeps its cell state when the forget gate :math:`f_t` is near one, and
  :math:`b_f > 0` starts it there: "forget bias 3 (b_f = 3)", :math:`\sigma(3) = 0.95`;
* the package's GRU, in the post's form :math:`h_t = (1 - z_t) h_{t-1} + z_t \tilde h_t`, keeps
  its state when the update gate :math:`z_t` is near *zero*, so the same start is
  :math:`b_z = -3`, labelled "keep bias 3 (b_z = -3)" (the keep factor :math:`1 - z_t` starts
  at :math:`\sigma(3)`, as an LSTM's :math:`f_t` with :math:`b_f = 3`).

Every experiment, table and legend takes its labels from :data:`CONFIGS`.

Examples
--------
>>> from lstm_explained.book.experiments.configs import CONFIGS, make_cell
>>> CONFIGS["GRU, keep bias 3 (b_z = -3)"].kwargs
{'update_bias': -3.0}
>>> float(make_cell("GRU, keep bias 3 (b_z = -3)", 4, 2, rng=0).params["b_z"][0])
-3.0
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ...cells.base import RecurrentCell
from ...cells.registry import MODELS

__all__ = ["CONFIGS", "Config", "config_table", "make_cell", "math_label"]


@dataclass(frozen=True)
class Config:
    """One configuration: a model of ``lstm_explained.cells.registry.MODELS`` and its arguments.

    Attributes
    ----------
    label : str
        What the configuration is, in words and symbols, as tables and legends show it.
    model : str
        A key of ``lstm_explained.cells.registry.MODELS``.
    kwargs : dict
        Keyword arguments for the model's class (besides sizes, ``rng`` and ``dtype``).
    """

    label: str
    model: str
    kwargs: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.model not in MODELS:
            raise ValueError(f"model must be one of {sorted(MODELS)}; got {self.model!r}")

    def build(
        self,
        input_size: int,
        hidden_size: int,
        *,
        rng: np.random.Generator | int | None = None,
        dtype: Any = np.float64,
    ) -> RecurrentCell:
        """A fresh cell of this configuration, ``input_size`` -> ``hidden_size``."""
        cls = MODELS[self.model]
        return cls(input_size, hidden_size, rng=rng, dtype=dtype, **self.kwargs)


_F3 = "forget bias 3 (b_f = 3)"

#: Every configuration the experiments train, by label.
CONFIGS: dict[str, Config] = {
    c.label: c
    for c in (
        Config("RNN", "rnn"),
        Config("RNN, recurrent gain 3 (recurrent weights x 3)", "rnn", {"recurrent_gain": 3.0}),
        Config("LSTM, forget bias 0 (b_f = 0)", "lstm", {"forget_bias": 0.0}),
        Config("LSTM, forget bias 1 (b_f = 1)", "lstm", {"forget_bias": 1.0}),
        Config(f"LSTM, {_F3}", "lstm", {"forget_bias": 3.0}),
        Config(f"peephole LSTM, {_F3}", "peephole", {"forget_bias": 3.0}),
        Config(f"coupled LSTM (CIFG), {_F3}", "coupled", {"forget_bias": 3.0}),
        Config("GRU, keep bias 0 (b_z = 0)", "gru", {"update_bias": 0.0}),
        Config("GRU, keep bias 3 (b_z = -3)", "gru", {"update_bias": -3.0}),
        Config(
            f"depth-gated LSTM, 2 layers, {_F3}",
            "depth_gated",
            {"num_layers": 2, "forget_bias": 3.0},
        ),
        Config("clockwork RNN, periods 1, 2, 4, 8", "clockwork", {"periods": (1, 2, 4, 8)}),
    )
}


def _check_label(label: str) -> Config:
    if not isinstance(label, str) or label not in CONFIGS:
        raise ValueError(f"config must be a label of CONFIGS {list(CONFIGS)}; got {label!r}")
    return CONFIGS[label]


def make_cell(
    label: str,
    input_size: int,
    hidden_size: int,
    *,
    rng: np.random.Generator | int | None = None,
    dtype: Any = np.float64,
) -> RecurrentCell:
    """Build the cell of the configuration ``label`` (a key of :data:`CONFIGS`).

    Examples
    --------
    >>> cell = make_cell("LSTM, forget bias 3 (b_f = 3)", 16, 32, rng=0, dtype=np.float32)
    >>> type(cell).__name__, float(cell.params["b_f"][0])
    ('LSTMCell', 3.0)
    """
    return _check_label(label).build(input_size, hidden_size, rng=rng, dtype=dtype)


def math_label(label: str) -> str:
    """A label with its bias as math, ``b_f = 3`` -> ``$b_f = 3$``: for matplotlib legends
    (mathtext) and Markdown tables (MyST's dollar math) alike.

    Examples
    --------
    >>> math_label("GRU, keep bias 3 (b_z = -3)")
    'GRU, keep bias 3 ($b_z = -3$)'
    >>> math_label("RNN")
    'RNN'
    """
    return re.sub(r"\b(b_[a-z]) = (-?[0-9.]+)", r"$\1 = \2$", label)


def config_table(labels: list[str] | tuple[str, ...] | None = None) -> str:
    """A Markdown table of configurations: label (its bias as math), class and arguments.

    Examples
    --------
    >>> print(config_table(["RNN", "GRU, keep bias 3 (b_z = -3)"]))
    | configuration | class | arguments |
    |---|---|---|
    | RNN | `RNNCell` | (defaults) |
    | GRU, keep bias 3 ($b_z = -3$) | `GRUCell` | `update_bias=-3.0` |
    """
    chosen = [_check_label(label) for label in (list(CONFIGS) if labels is None else labels)]
    lines = ["| configuration | class | arguments |", "|---|---|---|"]
    for c in chosen:
        args = ", ".join(f"`{k}={v!r}`" for k, v in c.kwargs.items()) or "(defaults)"
        lines.append(f"| {math_label(c.label)} | `{MODELS[c.model].__name__}` | {args} |")
    return "\n".join(lines)
