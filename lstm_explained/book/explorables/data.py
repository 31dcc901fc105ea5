r"""What the interactive figures show, computed by the package: plain, JSON-ready data.

Every function returns a dict of lists, floats, ints and strings (``json.dumps`` takes it as it
is). Floats are kept at full precision, so a page's script shows exactly the values the package
computed and a browser test can compare them.

* :func:`scrub_data`: the six values of one unit of a trained LSTM at every word of a sentence
  (from :func:`~lstm_explained.book.experiments.gates.watch_gates`);
* :func:`decay_data`: the gradient's decay :math:`\rho(k)` of untrained gated cells, one curve
  for each cell and starting bias of the gate that keeps the memory;
* :func:`playground_data`: a one-unit LSTM (its weights, the controls' ranges) and test vectors
  of its ``step``, for checking the page's own evaluation of the equations.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from ...cells.gru import GRUCell
from ...cells.lstm import LSTMCell
from ...cells.rnn import RNNCell
from ..experiments.decay import input_gradient_ratio

__all__ = [
    "LAYERS",
    "PARTS",
    "PLAYGROUND_CONTROLS",
    "decay_curve",
    "decay_data",
    "playground_cell",
    "playground_data",
    "pre_activations",
    "scrub_data",
]

#: The values of an LSTM step that the figures show, in the order of the equations.
PARTS = ("f", "i", "C_tilde", "o", "C", "h")

#: The cells of :func:`decay_data`: how the starting bias ``b`` (the keep factor starts at
#: ``sigmoid(b)``) becomes the cell's argument. Our GRU keeps its state when ``z`` is near 0.
_DECAY_CELLS = {
    "LSTM": (LSTMCell, lambda b: {"forget_bias": b}),
    "GRU": (GRUCell, lambda b: {"update_bias": -b}),
    "RNN": (RNNCell, lambda b: {}),  # no gate: the bias is ignored
}


def _floats(values: Any) -> list[float]:
    return [float(v) for v in np.asarray(values, dtype=np.float64).ravel()]


def _significant(values: Any, digits: int = 4) -> list[float]:
    """Floats rounded to ``digits`` significant digits (a smaller page; the figure shows two)."""
    return [float(f"{v:.{digits}g}") for v in _floats(values)]


def scrub_data(trace: Mapping[str, Any]) -> dict[str, Any]:
    """The gender unit's six values at every word of the sentence of a ``watch_gates`` trace.

    Parameters
    ----------
    trace : mapping
        What :func:`~lstm_explained.book.experiments.gates.watch_gates` returns: ``words`` and the
        ``(T,)`` arrays ``f``, ``i``, ``C_tilde``, ``o``, ``C`` and ``h`` of its gender unit.

    Returns
    -------
    dict
        ``words`` (``T`` strings), ``values``: name -> ``T`` floats for each of :data:`PARTS`,
        ``C_prev`` and ``h_prev`` (the values entering each step, zero at the first),
        ``unit``, ``first_at``, ``change_at`` and ``start`` (the step shown first: the change).

    Examples
    --------
    >>> import numpy as np
    >>> trace = {k: np.full(2, 0.5) for k in PARTS}
    >>> trace.update(words=["the", "king"], unit=3, first_at=1, change_at=1)
    >>> data = scrub_data(trace)
    >>> data["values"]["C_prev"], data["start"]
    ([0.0, 0.5], 1)
    """
    missing = [k for k in (*PARTS, "words") if k not in trace]
    if missing:
        raise ValueError(f"trace must hold {list(PARTS)} and 'words'; missing {missing}")
    T = len(trace["words"])
    values = {k: _floats(trace[k]) for k in PARTS}
    if any(len(v) != T for v in values.values()):
        raise ValueError(f"trace's values must have one entry per word ({T})")
    values["C_prev"] = [0.0, *values["C"][:-1]]
    values["h_prev"] = [0.0, *values["h"][:-1]]
    change = int(trace.get("change_at", 0))
    return {
        "words": [str(w) for w in trace["words"]],
        "values": values,
        "unit": int(trace.get("unit", 0)),
        "first_at": int(trace.get("first_at", 0)),
        "change_at": change,
        "start": change,
    }


def decay_curve(
    cell: str, bias: float, seed: int, *, T: int, burn_in: int, B: int, I: int, H: int
) -> np.ndarray:
    r""":math:`\rho(k)`, ``k = 0 .. T-1``, for one untrained cell: geometric mean over the batch.

    The measurement of ``experiments.decay.gradient_decay`` (a loss
    :math:`u \cdot h_T`, the gradient's norm at the input ``k`` steps back relative to the last,
    after ``burn_in`` unmeasured steps), for a cell of any starting bias.

    Examples
    --------
    >>> rho = decay_curve("LSTM", 3.0, 0, T=11, burn_in=5, B=4, I=3, H=5)
    >>> rho.shape, float(rho[0])
    ((11,), 1.0)
    """
    if cell not in _DECAY_CELLS:
        raise ValueError(f"cell must be one of {sorted(_DECAY_CELLS)}; got {cell!r}")
    cls, kwargs = _DECAY_CELLS[cell]
    rng = np.random.default_rng(seed)
    model = cls(I, H, rng=rng, **kwargs(float(bias)))
    xs = rng.standard_normal((burn_in + T, B, I))
    u = rng.standard_normal(H)
    start = model.forward(xs[:burn_in])[1] if burn_in else None
    return input_gradient_ratio(model, xs[burn_in:], start, u)


def decay_data(
    biases: Sequence[float] = (-1, 0, 1, 2, 3, 4, 5),
    cells: Sequence[str] = ("LSTM", "GRU"),
    *,
    seeds: Sequence[int] = range(10),
    T: int = 101,
    burn_in: int = 200,
    batch_size: int = 32,
    input_size: int = 16,
    hidden_size: int = 32,
    reference: bool = True,
) -> dict[str, Any]:
    r"""The median :math:`\rho(k)` over ``seeds`` for every cell and starting bias.

    Parameters
    ----------
    biases : sequence of float
        Starting biases ``b`` of the gate that keeps the memory: the LSTM's ``b_f = b``, the
        GRU's ``b_z = -b`` (its keep factor ``1 - z`` starts at ``sigmoid(b)``).
    cells : sequence of str
        ``"LSTM"`` and/or ``"GRU"``.
    seeds : sequence of int, default range(10)
        One freshly drawn network per seed, as in ``gradient_decay``.
    T, burn_in, batch_size, input_size, hidden_size : int
        The measurement's sizes (``gradient_decay``'s defaults).
    reference : bool, default True
        Also measure a vanilla RNN (key ``"RNN"``), for comparison.

    Returns
    -------
    dict
        ``k``: ``T`` ints; ``cells``, ``biases``; ``rho``: ``"<cell> <bias>"`` -> ``T`` floats
        (``"LSTM 3"``), to four significant digits; ``seeds`` and ``burn_in``.

    Notes
    -----
    Measured on this project's 2-core machine: the defaults (14 curves and the RNN's, 10 seeds
    each) take 1.8 s of processor time on one core.

    Examples
    --------
    >>> data = decay_data([3], ["LSTM"], seeds=[0], T=6, burn_in=4, batch_size=2, reference=False)
    >>> sorted(data["rho"]), len(data["rho"]["LSTM 3"])
    (['LSTM 3'], 6)
    """
    biases = [float(b) for b in biases]
    seeds = [int(s) for s in seeds]
    if not biases or not seeds or not cells:
        raise ValueError("biases, cells and seeds must each hold at least one value")
    sizes = {"T": T, "burn_in": burn_in, "B": batch_size, "I": input_size, "H": hidden_size}
    rho = {}
    with threadpool_limits(limits=1, user_api="blas"):  # tiny matrices: one thread is fastest
        for cell in cells:
            for b in biases:
                curves = [decay_curve(cell, b, s, **sizes) for s in seeds]
                rho[f"{cell} {b:g}"] = _significant(np.median(curves, axis=0))
        if reference:
            curves = [decay_curve("RNN", 0.0, s, **sizes) for s in seeds]
            rho["RNN"] = _significant(np.median(curves, axis=0))
    return {
        "k": list(range(T)),
        "cells": list(cells),
        "biases": biases,
        "rho": rho,
        "seeds": seeds,
        "burn_in": burn_in,
    }


#: The playground's controls: name, label (HTML), lowest, highest, step, start.
PLAYGROUND_CONTROLS = (
    ("x", "input <i>x</i><sub><i>t</i></sub>", -2.0, 2.0, 0.1, 1.0),
    ("h_prev", "previous output <i>h</i><sub><i>t</i>−1</sub>", -1.0, 1.0, 0.1, 0.0),
    ("C_prev", "previous cell state <i>C</i><sub><i>t</i>−1</sub>", -2.0, 2.0, 0.1, 1.0),
    ("b_f", "forget bias <i>b</i><sub><i>f</i></sub>", -4.0, 4.0, 0.5, 1.0),
    ("b_i", "input bias <i>b</i><sub><i>i</i></sub>", -4.0, 4.0, 0.5, 0.0),
    ("b_C", "candidate bias <i>b</i><sub><i>C</i></sub>", -4.0, 4.0, 0.5, 0.0),
    ("b_o", "output bias <i>b</i><sub><i>o</i></sub>", -4.0, 4.0, 0.5, 0.0),
)


#: The layers of an LSTM step, by the names of their outputs, and the letter of their weights.
LAYERS = {"f": "f", "i": "i", "C_tilde": "C", "o": "o"}


def pre_activations(
    weights: Mapping[str, Sequence[float]], inputs: Mapping[str, float]
) -> dict[str, float]:
    """Each layer's pre-activation ``z = w_h h_prev + w_x x + b`` for a one-unit, one-input LSTM.

    Parameters
    ----------
    weights : mapping
        ``W_f``, ``W_i``, ``W_C``, ``W_o``, each ``[w_h, w_x]`` (as :func:`playground_data`
        gives them).
    inputs : mapping
        ``x``, ``h_prev`` and the biases ``b_f``, ``b_i``, ``b_C``, ``b_o``.

    Returns
    -------
    dict
        ``f``, ``i``, ``C_tilde``, ``o`` -> ``z`` (the page's script sums in the same order).

    Examples
    --------
    >>> w = {f"W_{g}": [0.5, -1.0] for g in "fiCo"}
    >>> s = {"x": 1.0, "h_prev": 2.0, "b_f": 1.0, "b_i": 0.0, "b_C": 0.0, "b_o": 0.0}
    >>> pre_activations(w, s)
    {'f': 1.0, 'i': 0.0, 'C_tilde': 0.0, 'o': 0.0}
    """
    return {
        name: float(
            inputs["h_prev"] * weights[f"W_{g}"][0]
            + inputs["x"] * weights[f"W_{g}"][1]
            + inputs[f"b_{g}"]
        )
        for name, g in LAYERS.items()
    }


def _lstm_step(cell: LSTMCell, x: float, h_prev: float, C_prev: float) -> dict[str, float]:
    (_, _), values = cell.step(np.array([[x]]), (np.array([[h_prev]]), np.array([[C_prev]])))
    return {k: float(values[k][0, 0]) for k in PARTS}


def playground_cell(seed: int = 9, **biases: float) -> LSTMCell:
    """The playground's one-unit LSTM: one input, float64, the package's initial weights.

    Parameters
    ----------
    seed : int, default 9
        Draws the weights (as :func:`playground_data` does).
    **biases : float
        ``b_f``, ``b_i``, ``b_C``, ``b_o``: the biases (the controls' start values otherwise).

    Examples
    --------
    >>> import numpy as np
    >>> cell = playground_cell(b_f=-4.0)
    >>> (h, C), values = cell.step(np.ones((1, 1)), (np.zeros((1, 1)), np.ones((1, 1))))
    >>> bool(values["f"][0, 0] < 0.01)
    True
    """
    start = {n: v for n, _, _, _, _, v in PLAYGROUND_CONTROLS if n.startswith("b_")}
    unknown = sorted(set(biases) - set(start))
    if unknown:
        raise ValueError(f"biases must be among {sorted(start)}; got {unknown}")
    cell = LSTMCell(1, 1, rng=np.random.default_rng(seed), dtype=np.float64)
    for name, value in {**start, **biases}.items():
        cell.params[name][0] = value
    return cell


def playground_data(seed: int = 9, *, n_vectors: int = 24) -> dict[str, Any]:
    """A one-unit LSTM with one input, its controls, and test vectors of its ``step``.

    Parameters
    ----------
    seed : int, default 9
        Draws the weights (the package's initialisation) and the test vectors.
    n_vectors : int, default 24
        Random test vectors, on top of one at the controls' start and one per control moved one
        step up from it.

    Returns
    -------
    dict
        ``weights``: ``W_f``, ``W_i``, ``W_C``, ``W_o`` as ``[w_h, w_x]``; ``controls``: a list
        of ``{name, label, min, max, step, value}``; ``vectors``: a list of ``{inputs,
        values, pre}``, ``inputs`` the seven controls' values, ``values`` the step's
        :data:`PARTS` as the package computed them and ``pre`` the four layers'
        pre-activations (``pre_activations``); the first is the start, the next one per
        control moved one step up (as one key press does), the rest random, some far outside
        the controls' ranges.

    Examples
    --------
    >>> data = playground_data(n_vectors=2)
    >>> len(data["vectors"]), data["controls"][0]["name"]
    (10, 'x')
    >>> v = data["vectors"][0]
    >>> abs(v["values"]["C"] - (v["values"]["f"] * v["inputs"]["C_prev"]
    ...     + v["values"]["i"] * v["values"]["C_tilde"])) < 1e-15
    True
    """
    cell = playground_cell(seed)
    rng = np.random.default_rng([seed, 1])  # the test vectors' own stream
    weights = {}
    for gate in ("f", "i", "C", "o"):  # [w_h, w_x]: the post's [h_{t-1}, x_t]
        weights[f"W_{gate}"] = _floats(cell.params[f"W_{gate}"][0])
    controls = [
        {"name": n, "label": lab, "min": lo, "max": hi, "step": st, "value": v}
        for n, lab, lo, hi, st, v in PLAYGROUND_CONTROLS
    ]
    start = {c["name"]: c["value"] for c in controls}
    settings = [start]
    for c in controls:  # one key press up: what the browser test does to each control
        settings.append({**start, c["name"]: round(c["value"] + c["step"], 10)})
    for n in range(n_vectors):
        spread = 1.0 if n < n_vectors // 2 else 20.0
        settings.append({c["name"]: float(spread * rng.standard_normal()) for c in controls})
    vectors = []
    for s in settings:
        for gate in ("f", "i", "C", "o"):
            cell.params[f"b_{gate}"][0] = s[f"b_{gate}"]
        values = _lstm_step(cell, s["x"], s["h_prev"], s["C_prev"])
        vectors.append({"inputs": s, "values": values, "pre": pre_activations(weights, s)})
    return {"weights": weights, "controls": controls, "vectors": vectors}
