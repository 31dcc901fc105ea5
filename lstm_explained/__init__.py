"""lstm_explained: small, exact numpy recurrent networks for the book *LSTM networks, explained*.

Every model keeps one contract: ``Cell(input_size, hidden_size, *, rng=None, dtype=float64)``,
``cell.params`` (named, live arrays), ``cell.step(x_t, state)`` (readable, one step),
``cell.forward(xs, state)`` and ``cell.backward(dhs, cache, dstate)`` (fast, whole sequence,
exact BPTT). Arrays are time-major: ``xs`` is ``(T, B, input_size)``.
"""

from .cells import (
    ClockworkRNNCell,
    CoupledLSTMCell,
    DepthGatedLSTM,
    ForwardCache,
    GRUCell,
    LSTMCell,
    ParameterViews,
    PeepholeLSTMCell,
    RecurrentCell,
    RNNCell,
    sigmoid,
    tanh,
)
from .check import gradcheck, relative_error
from .interop import from_torch, to_torch
from .training import (
    SGD,
    Adam,
    Embedding,
    Readout,
    SequenceModel,
    TrainHistory,
    accuracy,
    adding_batch,
    clip_grad_norm,
    copy_first_batch,
    mean_squared_error,
    pronoun_batch,
    pronoun_embeddings,
    softmax_cross_entropy,
    train,
)

__version__ = "0.2.0"

__all__ = [
    "Adam",
    "ClockworkRNNCell",
    "CoupledLSTMCell",
    "DepthGatedLSTM",
    "Embedding",
    "ForwardCache",
    "GRUCell",
    "LSTMCell",
    "ParameterViews",
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
