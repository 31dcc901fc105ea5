r"""Experiment 1: how the gradient of a late loss fades (or blows up) on its way back in time.

A loss read off the last hidden state, :math:`L = u \cdot h_T` with a random readout :math:`u`,
is backpropagated through an untrained cell, and we measure how strongly it still depends on the
input :math:`k` steps earlier:

.. math:: g(k) = \frac{\| \partial L / \partial x_{T-k} \|}{\| \partial L / \partial x_T \|}.

By the chain rule :math:`\partial L / \partial x_{T-k}` holds a product of :math:`k` Jacobians
:math:`\partial h_t / \partial h_{t-1}`. For the vanilla RNN each is
:math:`\operatorname{diag}(1 - h_t^2)\, W_h`: with an orthogonal :math:`W_h` (gain 1) the tanh
derivatives shrink it step after step, so :math:`g` decays geometrically; with gain 3 the product
grows instead (exploding gradients). The LSTM's cell state adds a path whose Jacobian is just
:math:`\operatorname{diag}(f_t)`: with the forget gate near 1 (a forget bias of 3,
:math:`\sigma(3) = 0.95`) the gradient survives a hundred steps.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from ..gru import GRUCell
from ..lstm import LSTMCell
from ..rnn import RNNCell

__all__ = ["CONFIGS", "gradient_decay"]

#: The configurations compared, by label: ``(class, keyword arguments)``. Our GRU keeps its state
#: when ``z`` is near 0, so its ``update_bias=-3`` is the usual "update bias +3".
CONFIGS: dict[str, tuple[type, dict[str, Any]]] = {
    "RNN, gain 1": (RNNCell, {"recurrent_gain": 1.0}),
    "RNN, gain 3 (explodes)": (RNNCell, {"recurrent_gain": 3.0}),
    "LSTM, forget bias 1": (LSTMCell, {"forget_bias": 1.0}),
    "LSTM, forget bias 3": (LSTMCell, {"forget_bias": 3.0}),
    "GRU, update bias 3": (GRUCell, {"update_bias": -3.0}),
}


def _decay_one(
    cls: type, kwargs: dict[str, Any], seed: int, T: int, B: int, I: int, H: int
) -> np.ndarray:
    """Geometric mean over the batch of ``g(k)``, ``k = 0 .. T-1``, for one seed."""
    rng = np.random.default_rng(seed)
    cell = cls(I, H, rng=rng, **kwargs)
    xs = rng.standard_normal((T, B, I))
    u = rng.standard_normal(H)
    hs, _, cache = cell.forward(xs)
    dhs = np.zeros_like(hs)
    dhs[-1] = u  # L = sum over the batch of u . h_T
    dxs, _, _ = cell.backward(dhs, cache)
    norms = np.linalg.norm(dxs, axis=2)  # (T, B)
    with np.errstate(divide="ignore"):
        log_ratio = np.log(norms[::-1]) - np.log(norms[-1])  # index k: input k steps before T
    return np.exp(log_ratio.mean(axis=1))


def gradient_decay(
    configs: Sequence[str] | None = None,
    *,
    seeds: Sequence[int] = range(10),
    T: int = 101,
    batch_size: int = 32,
    input_size: int = 16,
    hidden_size: int = 32,
) -> dict[str, Any]:
    r"""Measure :math:`g(k)` for several cells over several seeds.

    Each seed draws a fresh cell (Glorot input weights, orthogonal recurrent weights per gate),
    ``batch_size`` input sequences with standard normal entries (inputs of that size drive the
    tanh units into their curved range, as trained networks are) and a readout :math:`u`;
    everything is float64, since :math:`g` spans 30 orders of magnitude.

    Parameters
    ----------
    configs : sequence of str, optional
        Keys of :data:`CONFIGS`; all of them by default.
    seeds : sequence of int, default range(10)
        One independent cell, input batch and readout per seed.
    T : int, default 101
        Sequence length; ``k`` runs from 0 to ``T - 1``.
    batch_size, input_size, hidden_size : int, default 32, 16, 32
        Sizes.

    Returns
    -------
    dict
        ``"k"``: ``(T,)`` ints; ``"configs"``: the labels; ``"per_seed"``: label -> ``(S, T)``
        geometric mean of ``g(k)`` over the batch for each of the ``S`` seeds; ``"median"``:
        label -> ``(T,)`` median over the seeds; ``"seeds"``; ``"seconds"``: wall time.

    Notes
    -----
    Measured time of the default size (5 configurations, 10 seeds, T = 101): 0.6 s of processor
    time on this project's 2-core machine, on one core. Medians measured with the default seeds,
    at ``k = 50`` and ``k = 100``: RNN with gain 1, 1e-9 and 2e-18; with gain 3, 5e4 and 8e9;
    LSTM with forget bias 1, 1e-4 and 3e-8; with forget bias 3, 0.28 and 0.85; GRU with update
    bias 3, 6e-2 and 7e-3.

    Examples
    --------
    >>> result = gradient_decay(["RNN, gain 1", "LSTM, forget bias 3"], seeds=[0, 1], T=31)
    >>> result["median"]["RNN, gain 1"].shape
    (31,)
    >>> bool(result["median"]["RNN, gain 1"][30] < result["median"]["LSTM, forget bias 3"][30])
    True
    """
    names = list(CONFIGS) if configs is None else list(configs)
    unknown = [n for n in names if n not in CONFIGS]
    if unknown:
        raise ValueError(f"configs must be keys of CONFIGS {sorted(CONFIGS)}; got {unknown}")
    seeds = [int(s) for s in seeds]
    if not seeds:
        raise ValueError("seeds must hold at least one seed")
    if T < 2:
        raise ValueError(f"T must be at least 2; got {T}")
    start = time.perf_counter()
    per_seed = {}
    with threadpool_limits(limits=1, user_api="blas"):  # tiny matrices: one thread is fastest
        for name in names:
            cls, kwargs = CONFIGS[name]
            per_seed[name] = np.stack(
                [_decay_one(cls, kwargs, s, T, batch_size, input_size, hidden_size) for s in seeds]
            )
    return {
        "k": np.arange(T),
        "configs": names,
        "per_seed": per_seed,
        "median": {name: np.median(v, axis=0) for name, v in per_seed.items()},
        "seeds": seeds,
        "seconds": time.perf_counter() - start,
    }
