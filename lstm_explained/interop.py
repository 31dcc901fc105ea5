"""Copy weights between our cells and PyTorch's ``nn.RNN``, ``nn.LSTM`` and ``nn.GRU``.

PyTorch is optional: it is imported only when :func:`to_torch` is called, and :func:`from_torch`
reads the module's tensors without needing anything else from it. Only single-layer,
unidirectional modules with ``batch_first=False`` (time-major, like ours) and no projection map
one to one.

The conventions that differ, and how they are mapped:

* PyTorch keeps input and recurrent weights apart (``weight_ih_l0``, ``weight_hh_l0``); ours are
  one matrix over ``[h_prev, x_t]``, so ``W = [weight_hh | weight_ih]`` block by block.
* PyTorch has two bias vectors, ``bias_ih`` and ``bias_hh``. In the RNN, the LSTM and the GRU's
  two gates they only ever appear summed, and ours is their sum; the GRU candidate's ``b_hn`` is
  multiplied by the reset gate, so it stays a vector of its own (our ``b_hh``).
* Gate order: LSTM ``i, f, g, o`` (``g`` is our ``C_tilde``); GRU ``r, z, n``.
* The GRU: PyTorch is the reset-after form and writes ``h' = (1 - z') * n + z' * h``, so its
  update gate ``z'`` is our ``1 - z``. Since ``1 - sigmoid(a) = sigmoid(-a)``, our ``W_z`` and
  ``b_z`` are the negated PyTorch ones; ``b_hh`` is PyTorch's ``b_hn``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .cells.base import RecurrentCell
from .cells.gru import GRUCell
from .cells.lstm import LSTMCell
from .cells.rnn import RNNCell

__all__ = ["from_torch", "to_torch"]

# Our gate name -> its block index in PyTorch's stacked weights.
_LSTM_BLOCKS = {"i": 0, "f": 1, "C": 2, "o": 3}
_GRU_BLOCKS = {"r": 0, "z": 1, "h": 2}


def _kind(module: Any) -> str:
    name = type(module).__name__
    if name not in ("RNN", "LSTM", "GRU"):
        raise TypeError(f"module must be a torch.nn.RNN, nn.LSTM or nn.GRU; got {name}")
    if getattr(module, "num_layers", 1) != 1:
        raise ValueError(f"module must have num_layers=1; got {module.num_layers}")
    if getattr(module, "bidirectional", False):
        raise ValueError("module must be unidirectional; got bidirectional=True")
    if getattr(module, "batch_first", False):
        raise ValueError("module must be time-major (batch_first=False), like our cells")
    if getattr(module, "proj_size", 0):
        raise ValueError(f"module must have proj_size=0; got {module.proj_size}")
    if name == "RNN" and module.nonlinearity not in ("tanh", "relu"):
        raise ValueError(f"module must use tanh or relu; got {module.nonlinearity!r}")
    return name


def _array(module: Any, name: str, shape: tuple[int, ...]) -> np.ndarray:
    t = getattr(module, name, None)
    if t is None:  # bias=False
        return np.zeros(shape)
    return t.detach().cpu().double().numpy().copy()


def from_torch(module: Any, *, dtype: Any = None) -> RecurrentCell:
    """Make the cell of this package that computes what a PyTorch recurrent module computes.

    Parameters
    ----------
    module : torch.nn.RNN, torch.nn.LSTM or torch.nn.GRU
        Single layer, unidirectional, ``batch_first=False``; an ``nn.RNN`` with tanh or relu.
    dtype : float32 or float64, optional
        The cell's dtype; by default that of the module's weights.

    Returns
    -------
    RNNCell, LSTMCell or GRUCell
        An ``nn.GRU`` becomes ``GRUCell(..., reset_after=True)``; an ``nn.RNN`` keeps its
        ``nonlinearity``.

    Examples
    --------
    >>> import torch  # doctest: +SKIP
    >>> cell = from_torch(torch.nn.LSTM(3, 4, dtype=torch.float64))  # doctest: +SKIP
    >>> sorted(cell.params)  # doctest: +SKIP
    ['W_C', 'W_f', 'W_i', 'W_o', 'b_C', 'b_f', 'b_i', 'b_o']
    """
    kind = _kind(module)
    I, H = module.input_size, module.hidden_size
    if dtype is None:
        dtype = str(module.weight_ih_l0.dtype).removeprefix("torch.")
    G = {"RNN": 1, "LSTM": 4, "GRU": 3}[kind]
    W_ih = _array(module, "weight_ih_l0", (G * H, I))
    W_hh = _array(module, "weight_hh_l0", (G * H, H))
    b_ih = _array(module, "bias_ih_l0", (G * H,))
    b_hh = _array(module, "bias_hh_l0", (G * H,))

    def block(a: np.ndarray, k: int) -> np.ndarray:
        return a[k * H : (k + 1) * H]

    if kind == "RNN":
        cell: RecurrentCell = RNNCell(I, H, dtype=dtype, rng=0, nonlinearity=module.nonlinearity)
        cell.params["W"][...] = np.hstack([W_hh, W_ih])
        cell.params["b"][...] = b_ih + b_hh
        return cell
    if kind == "LSTM":
        cell = LSTMCell(I, H, dtype=dtype, rng=0)
        for g, k in _LSTM_BLOCKS.items():
            cell.params[f"W_{g}"][...] = np.hstack([block(W_hh, k), block(W_ih, k)])
            cell.params[f"b_{g}"][...] = block(b_ih, k) + block(b_hh, k)
        return cell
    cell = GRUCell(I, H, dtype=dtype, rng=0, reset_after=True)
    p = cell.params
    k = _GRU_BLOCKS
    p["W_r"][...] = np.hstack([block(W_hh, k["r"]), block(W_ih, k["r"])])
    p["b_r"][...] = block(b_ih, k["r"]) + block(b_hh, k["r"])
    p["W_z"][...] = -np.hstack([block(W_hh, k["z"]), block(W_ih, k["z"])])
    p["b_z"][...] = -(block(b_ih, k["z"]) + block(b_hh, k["z"]))
    p["W_h"][...] = np.hstack([block(W_hh, k["h"]), block(W_ih, k["h"])])
    p["b_h"][...] = block(b_ih, k["h"])
    p["b_hh"][...] = block(b_hh, k["h"])
    return cell


def to_torch(cell: RecurrentCell) -> Any:
    """Make the PyTorch module that computes what ``cell`` computes (needs ``torch``).

    Parameters
    ----------
    cell : RNNCell, LSTMCell or GRUCell
        A ``GRUCell`` must have ``reset_after=True`` (PyTorch has no other form).

    Returns
    -------
    torch.nn.RNN, torch.nn.LSTM or torch.nn.GRU
        Single layer, time-major, with the cell's dtype; the recurrent-side bias is zero except
        for the GRU's ``b_hn``.

    Examples
    --------
    >>> from lstm_explained import LSTMCell
    >>> module = to_torch(LSTMCell(3, 4, rng=0))  # doctest: +SKIP
    >>> type(module).__name__  # doctest: +SKIP
    'LSTM'
    """
    if type(cell) not in (RNNCell, LSTMCell, GRUCell):
        raise TypeError(
            f"cell must be an RNNCell, LSTMCell or GRUCell; got {type(cell).__name__} "
            "(PyTorch has no built-in module for it)"
        )
    if isinstance(cell, GRUCell) and not cell.reset_after:
        raise ValueError(
            "cell must be a GRUCell with reset_after=True: torch.nn.GRU applies the reset gate "
            "after the recurrent product, the post's form (reset_after=False) has no equivalent"
        )
    try:
        import torch
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("to_torch needs PyTorch: pip install torch") from exc

    I, H = cell.input_size, cell.hidden_size
    tdtype = {np.float32: torch.float32, np.float64: torch.float64}[cell.dtype.type]
    p = cell.params
    if isinstance(cell, RNNCell):
        module = torch.nn.RNN(I, H, dtype=tdtype, nonlinearity=cell.nonlinearity)
        W, b = p["W"], p["b"]
        rows = [(W, b, np.zeros(H))]
    elif isinstance(cell, LSTMCell):
        module = torch.nn.LSTM(I, H, dtype=tdtype)
        order = sorted(_LSTM_BLOCKS, key=_LSTM_BLOCKS.get)
        rows = [(p[f"W_{g}"], p[f"b_{g}"], np.zeros(H)) for g in order]
    else:
        module = torch.nn.GRU(I, H, dtype=tdtype)
        rows = [
            (p["W_r"], p["b_r"], np.zeros(H)),
            (-p["W_z"], -p["b_z"], np.zeros(H)),
            (p["W_h"], p["b_h"], p["b_hh"]),
        ]
    W_all = np.vstack([W for W, _, _ in rows])
    with torch.no_grad():
        module.weight_hh_l0.copy_(torch.from_numpy(np.ascontiguousarray(W_all[:, :H])))
        module.weight_ih_l0.copy_(torch.from_numpy(np.ascontiguousarray(W_all[:, H:])))
        module.bias_ih_l0.copy_(torch.from_numpy(np.concatenate([b for _, b, _ in rows])))
        module.bias_hh_l0.copy_(torch.from_numpy(np.concatenate([c for _, _, c in rows])))
    return module
