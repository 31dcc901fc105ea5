"""Copy weights between a :class:`RecurrentStack` and PyTorch's multi-layer ``nn.LSTM``/``nn.GRU``.

PyTorch names the weights of layer ``l`` ``weight_ih_l{l}``, ``weight_hh_l{l}``, ``bias_ih_l{l}``,
``bias_hh_l{l}``, with the suffix ``_reverse`` for the backward direction. Each (layer, direction)
is mapped exactly as :func:`lstm_explained.from_torch` maps a single-layer module (gate order,
summed biases, the GRU's ``z``); this module only walks the layers. PyTorch is needed only for
:func:`stack_to_torch` and to build the single-layer go-betweens of :func:`stack_from_torch`.
"""

from __future__ import annotations

from typing import Any

from ..cells.gru import GRUCell
from ..interop import from_torch, to_torch
from .stack import RecurrentStack

__all__ = ["stack_from_torch", "stack_to_torch"]

_NAMES = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")


def _check(module: Any) -> str:
    kind = type(module).__name__
    if kind not in ("RNN", "LSTM", "GRU"):
        raise TypeError(f"module must be a torch.nn.RNN, nn.LSTM or nn.GRU; got {kind}")
    if module.batch_first:
        raise ValueError("module must be time-major (batch_first=False), like the stack")
    if getattr(module, "proj_size", 0):
        raise ValueError(f"module must have proj_size=0; got {module.proj_size}")
    if not module.bias:
        raise ValueError("module must have bias=True")
    return kind


def stack_from_torch(module: Any, *, dtype: Any = None) -> RecurrentStack:
    """The :class:`RecurrentStack` that computes what a multi-layer PyTorch module computes.

    Parameters
    ----------
    module : torch.nn.LSTM, torch.nn.GRU or torch.nn.RNN
        Any ``num_layers`` and ``bidirectional``; ``batch_first=False``. Its ``dropout`` is
        copied too (it acts only in training, as ours does).
    dtype : float32 or float64, optional
        By default that of the module's weights.

    Returns
    -------
    RecurrentStack

    Examples
    --------
    >>> import torch  # doctest: +SKIP
    >>> lstm = torch.nn.LSTM(3, 4, num_layers=2, bidirectional=True)  # doctest: +SKIP
    >>> stack_from_torch(lstm).num_parameters  # one bias per gate, not two  # doctest: +SKIP
    672
    """
    import torch

    kind = _check(module)
    if dtype is None:
        dtype = str(module.weight_ih_l0.dtype).removeprefix("torch.")
    D = 2 if module.bidirectional else 1
    extra = {"reset_after": True} if kind == "GRU" else {}
    stack = RecurrentStack(
        module.input_size,
        module.hidden_size,
        module.num_layers,
        cell=kind.lower(),
        bidirectional=module.bidirectional,
        dropout=float(module.dropout),
        rng=0,
        dtype=dtype,
        **extra,
    )
    for l in range(module.num_layers):
        for d in range(D):
            suffix = f"_l{l}" + ("_reverse" if d else "")
            src = {n: getattr(module, n + suffix) for n in _NAMES}
            single = type(module)(
                src["weight_ih"].shape[1], module.hidden_size, dtype=src["weight_ih"].dtype
            )
            with torch.no_grad():
                for n in _NAMES:
                    getattr(single, n + "_l0").copy_(src[n])
            cell = from_torch(single, dtype=dtype)
            for k, v in stack.cells[l][d].params.items():
                v[...] = cell.params[k]
    return stack


def stack_to_torch(stack: RecurrentStack) -> Any:
    """The PyTorch module that computes what ``stack`` computes (needs ``torch``).

    Parameters
    ----------
    stack : RecurrentStack
        Of ``RNNCell``, ``LSTMCell`` or ``GRUCell`` (``reset_after=True``) cells, without a
        learned initial state or recurrent dropout (PyTorch's modules have neither).

    Returns
    -------
    torch.nn.RNN, torch.nn.LSTM or torch.nn.GRU
        With the stack's sizes, layers, directions, ``dropout`` and dtype.
    """
    import torch

    if not isinstance(stack, RecurrentStack):
        raise TypeError(f"stack must be a RecurrentStack; got {type(stack).__name__}")
    if stack.learn_initial_state or stack.recurrent_dropout:
        raise ValueError("PyTorch's modules have no learned initial state or recurrent dropout")
    first = stack.cells[0][0]
    if isinstance(first, GRUCell) and not first.reset_after:
        raise ValueError("a GRU stack must have reset_after=True to match torch.nn.GRU")
    singles = [[to_torch(c) for c in layer] for layer in stack.cells]
    cls = type(singles[0][0])
    module = cls(
        stack.input_size,
        stack.hidden_size,
        num_layers=stack.num_layers,
        bidirectional=stack.bidirectional,
        dropout=stack.dropout,
        dtype=singles[0][0].weight_ih_l0.dtype,
    )
    with torch.no_grad():
        for l, layer in enumerate(singles):
            for d, single in enumerate(layer):
                suffix = f"_l{l}" + ("_reverse" if d else "")
                for n in _NAMES:
                    getattr(module, n + suffix).copy_(getattr(single, n + "_l0"))
    return module
