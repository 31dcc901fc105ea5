"""The registry of the package's recurrent models: one short name for each class.

The book's experiments, the diagrams and the tests all look models up here, so a model added to
the package is added in one place. A configuration (a forget bias, the GRU's form) is a class
plus keyword arguments, labelled where it is used by what those arguments do.

Examples
--------
>>> from lstm_explained.cells.registry import MODELS, make_model
>>> sorted(MODELS)
['clockwork', 'coupled', 'depth_gated', 'gru', 'lstm', 'peephole', 'rnn']
>>> make_model("lstm", 3, 4, rng=0).state_names
('h', 'C')
"""

from __future__ import annotations

from typing import Any

from .base import RecurrentCell
from .clockwork import ClockworkRNNCell
from .coupled import CoupledLSTMCell
from .depth_gated import DepthGatedLSTM
from .gru import GRUCell
from .lstm import LSTMCell
from .peephole import PeepholeLSTMCell
from .rnn import RNNCell

#: Every recurrent model of the package by its short name.
MODELS: dict[str, type[RecurrentCell]] = {
    "rnn": RNNCell,
    "lstm": LSTMCell,
    "peephole": PeepholeLSTMCell,
    "coupled": CoupledLSTMCell,
    "gru": GRUCell,
    "depth_gated": DepthGatedLSTM,
    "clockwork": ClockworkRNNCell,
}


def make_model(name: str, input_size: int, hidden_size: int, **kwargs: Any) -> RecurrentCell:
    """Build the model registered as ``name``.

    Parameters
    ----------
    name : str
        A key of :data:`MODELS`.
    input_size, hidden_size : int
        The sizes of ``x_t`` and of ``h_t``.
    **kwargs
        Passed to the class (``rng``, ``dtype``, ``forget_bias``, ...).

    Returns
    -------
    RecurrentCell
    """
    if not isinstance(name, str) or name not in MODELS:
        raise ValueError(f"name must be one of {sorted(MODELS)}; got {name!r}")
    return MODELS[name](input_size, hidden_size, **kwargs)
