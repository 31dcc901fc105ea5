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
from .layers import Embedding, Readout
from .losses import mean_squared_error, softmax_cross_entropy
from .lstm import LSTMCell
from .optim import SGD, Adam, clip_grad_norm
from .peephole import PeepholeLSTMCell
from .rnn import RNNCell
from .sequence_model import SequenceModel
from .tasks import adding_batch, copy_first_batch, pronoun_batch, pronoun_embeddings
from .training import TrainHistory, accuracy, train

__version__ = "0.1.0"

__all__ = [
    "Adam",
    "ClockworkRNNCell",
    "CoupledLSTMCell",
    "DepthGatedLSTM",
    "Embedding",
    "ForwardCache",
    "GRUCell",
    "LSTMCell",
    "PeepholeLSTMCell",
    "RNNCell",
    "Readout",
    "RecurrentCell",
    "SGD",
    "SequenceModel",
    "TrainHistory",
    "accuracy",
    "adding_batch",
    "clip_grad_norm",
    "copy_first_batch",
    "from_torch",
    "gradcheck",
    "mean_squared_error",
    "pronoun_batch",
    "pronoun_embeddings",
    "relative_error",
    "sigmoid",
    "softmax_cross_entropy",
    "tanh",
    "to_torch",
    "train",
]
