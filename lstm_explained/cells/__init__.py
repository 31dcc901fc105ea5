"""The recurrent cells of the book and the contract they keep.

The contract is in ``base`` (:class:`~lstm_explained.RecurrentCell`: ``params``, ``step``,
``forward``, ``backward``), shared by the LSTM family in ``lstm_family``; ``fast_path`` holds the
whole-sequence kernels, ``activations``, ``init`` and ``validation`` what every cell uses. Then one
module per cell (``rnn``, ``lstm``, ``peephole``, ``coupled``, ``gru``, ``depth_gated``,
``clockwork``) and ``registry``, which names them all. numpy only.

Examples
--------
>>> from lstm_explained.cells import MODELS, LSTMCell
>>> MODELS["lstm"] is LSTMCell
True
"""

from .activations import sigmoid, tanh
from .base import ForwardCache, RecurrentCell
from .clockwork import ClockworkRNNCell
from .coupled import CoupledLSTMCell
from .depth_gated import DepthGatedLSTM
from .gru import GRUCell
from .lstm import LSTMCell
from .lstm_family import LSTMFamilyCell
from .peephole import PeepholeLSTMCell
from .registry import MODELS, make_model
from .rnn import RNNCell
from .views import ParameterViews

__all__ = [
    "MODELS",
    "ClockworkRNNCell",
    "CoupledLSTMCell",
    "DepthGatedLSTM",
    "ForwardCache",
    "GRUCell",
    "LSTMCell",
    "LSTMFamilyCell",
    "ParameterViews",
    "PeepholeLSTMCell",
    "RNNCell",
    "RecurrentCell",
    "make_model",
    "sigmoid",
    "tanh",
]
