"""The character-level language model of the chapter *A language model*.

``corpus`` reads the book's own chapters (the snapshot in ``data/``), ``text`` turns them into
tokens and windows, ``char_model`` is the model, ``tbptt`` trains it by truncated
backpropagation through time, ``ngram`` counts the baselines it must beat and ``units`` looks
for the units that track something in the text. numpy only.

Examples
--------
>>> from lstm_explained.lm import Vocabulary
>>> Vocabulary("abca").encode("cab").tolist()
[2, 0, 1]
"""

from .char_model import CharLanguageModel, generate, sequence_cross_entropy
from .ngram import NGramModel
from .tbptt import TruncatedHistory, bits_per_character, train_truncated, window_gradients
from .text import Vocabulary, stream_windows

__all__ = [
    "CharLanguageModel",
    "NGramModel",
    "TruncatedHistory",
    "Vocabulary",
    "bits_per_character",
    "generate",
    "sequence_cross_entropy",
    "stream_windows",
    "train_truncated",
    "window_gradients",
]
