"""Training a cell on a task: the data, the layers around the cell, the losses, the optimisers and
the one training loop.

``tasks`` makes the batches (the pronoun task, the adding and copy problems), ``layers`` the
embedding and the readout, ``sequence_model`` joins them to a cell, ``losses`` and ``optim``
score and move it, and ``loop`` runs the steps: :func:`~lstm_explained.train` here, and
``lm.tbptt`` on a language model, through the same loop. numpy only.

Examples
--------
>>> from lstm_explained.training.loop import train
>>> from lstm_explained import train as same
>>> train is same
True
"""

from .layers import Embedding, Readout
from .loop import TrainHistory, accuracy, train
from .losses import mean_squared_error, softmax_cross_entropy
from .optim import SGD, Adam, clip_grad_norm
from .sequence_model import SequenceModel
from .tasks import adding_batch, copy_first_batch, pronoun_batch, pronoun_embeddings

__all__ = [
    "SGD",
    "Adam",
    "Embedding",
    "Readout",
    "SequenceModel",
    "TrainHistory",
    "accuracy",
    "adding_batch",
    "clip_grad_norm",
    "copy_first_batch",
    "mean_squared_error",
    "pronoun_batch",
    "pronoun_embeddings",
    "softmax_cross_entropy",
    "train",
]
