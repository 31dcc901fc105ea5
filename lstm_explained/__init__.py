"""lstm_explained: small, exact numpy recurrent networks for the book *LSTM networks, explained*.

Every model keeps one contract: ``Cell(input_size, hidden_size, *, rng=None, dtype=float64)``,
``cell.params`` (named, live arrays), ``cell.step(x_t, state)`` (readable, one step),
``cell.forward(xs, state)`` and ``cell.backward(dhs, cache, dstate)`` (fast, whole sequence,
exact BPTT). Arrays are time-major: ``xs`` is ``(T, B, input_size)``.
"""

from .activations import sigmoid, tanh
from .base import ForwardCache, RecurrentCell
from .clockwork import ClockworkRNNCell
from .coupled import CoupledLSTMCell
from .depth_gated import DepthGatedLSTM
from .gradcheck import gradcheck, relative_error
from .gru import GRUCell
from .interop import from_torch, to_torch
from .lstm import LSTMCell
from .peephole import PeepholeLSTMCell
from .rnn import RNNCell

__version__ = "0.1.0"

__all__ = [
    "ClockworkRNNCell",
    "CoupledLSTMCell",
    "DepthGatedLSTM",
    "ForwardCache",
    "GRUCell",
    "LSTMCell",
    "PeepholeLSTMCell",
    "RNNCell",
    "RecurrentCell",
    "from_torch",
    "gradcheck",
    "relative_error",
    "sigmoid",
    "tanh",
    "to_torch",
]
