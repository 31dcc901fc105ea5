"""Recurrent layers in practice: stacks, both directions, padded batches, dropout, initial state.

The cells of ``lstm_explained.cells`` read one sequence in one direction. Real code wraps them:
``torch.nn.LSTM(input_size, hidden_size, num_layers=2, dropout=0.3, bidirectional=True)`` stacks
layers, reads both ways, drops units between layers and takes padded batches. This room does the
same with the package's cells, forward and backward, in float64 and float32:

- ``lengths``: padded batches whose padded steps are inert (:func:`packed_forward`);
- ``bidirectional``: a forward and a backward cell, outputs side by side (:class:`Bidirectional`);
- ``dropout``: the masks, between layers and on the recurrent input;
- ``stack``: :class:`RecurrentStack`, all of it together, in PyTorch's state layout;
- ``torch_stack``: copy weights to and from ``torch.nn.LSTM``/``GRU`` with several layers.

Examples
--------
>>> from lstm_explained.layers import RecurrentStack
>>> RecurrentStack(3, 4, num_layers=2, bidirectional=True, rng=0).num_parameters
672
"""

from .bidirectional import Bidirectional
from .dropout import dropout_mask
from .lengths import mask_from_lengths, packed_backward, packed_forward, reverse_padded
from .stack import RecurrentStack
from .torch_stack import stack_from_torch, stack_to_torch

__all__ = [
    "Bidirectional",
    "RecurrentStack",
    "dropout_mask",
    "mask_from_lengths",
    "packed_backward",
    "packed_forward",
    "reverse_padded",
    "stack_from_torch",
    "stack_to_torch",
]
