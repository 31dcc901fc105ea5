r"""The spectral view of the Jacobian chain: how large the back-propagated gradient is, and where
it points.

Backpropagation through :math:`k` steps of a vanilla RNN multiplies the error at :math:`h_t` by
the transposed product :math:`P_k^\top`, with

.. math:: P_k = \frac{\partial h_t}{\partial h_{t-k}} = J_t J_{t-1} \cdots J_{t-k+1}, \qquad
   J_s = \operatorname{diag}(f'(a_s))\, W^{(h)}.

Write the singular value decomposition :math:`P_k = \sum_i \sigma_i u_i v_i^\top`. An error
:math:`e` arrives as :math:`P_k^\top e = \sum_i \sigma_i (u_i \cdot e)\, v_i`: every direction
:math:`v_i` is weighted by its singular value, and once :math:`\sigma_1` dwarfs the others the
arriving gradient points along :math:`v_1`, whatever :math:`e` was. That is power iteration
(:func:`power_iteration`) with a new matrix at each step.

:func:`gradient_direction` measures it with the package: the products :math:`P_k` come from the
cell's own ``backward`` (one identity row per unit in a batch), the gradients of random errors
from the same call, and the cosine between each gradient and :math:`v_1` is reported against
:math:`k`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from ...cells.rnn import RNNCell

__all__ = ["gradient_direction", "plot_direction", "plot_power_iteration", "power_iteration"]


def power_iteration(
    M: np.ndarray, iters: int = 100, *, rng: np.random.Generator | int = 0
) -> tuple[float, np.ndarray]:
    r"""The largest singular value of ``M`` and its right singular vector, by power iteration.

    Starting from a random unit vector :math:`v`, repeat :math:`v \leftarrow M^\top M v /
    \lVert M^\top M v \rVert`: each round multiplies the component along the :math:`i`-th right
    singular vector by :math:`\sigma_i^2`, so the largest wins, at the rate
    :math:`(\sigma_2 / \sigma_1)^2` per round.

    Parameters
    ----------
    M : ndarray
        Any real matrix, shape ``(m, n)``.
    iters : int, default 100
        Rounds of multiplication.
    rng : numpy.random.Generator or int, default 0
        Draws the starting vector.

    Returns
    -------
    sigma : float
        :math:`\lVert M v \rVert`, the estimate of :math:`\sigma_1`.
    v : ndarray
        Unit vector of shape ``(n,)``, the estimate of :math:`v_1` (its sign is arbitrary).

    Examples
    --------
    >>> M = np.array([[2.0, 0.0], [0.0, 0.5]]) @ np.array([[0.6, -0.8], [0.8, 0.6]])
    >>> sigma, v = power_iteration(M, iters=30)
    >>> round(sigma, 6), np.round(np.abs(v), 6)
    (2.0, array([0.6, 0.8]))
    """
    M = np.asarray(M, dtype=np.float64)
    if M.ndim != 2:
        raise ValueError(f"M must be a matrix (2-d); got shape {M.shape}")
    if iters < 1:
        raise ValueError(f"iters must be at least 1; got {iters}")
    gen = np.random.default_rng(rng)
    v = gen.standard_normal(M.shape[1])
    v /= np.linalg.norm(v)
    for _ in range(iters):
        w = M.T @ (M @ v)
        norm = np.linalg.norm(w)
        if norm == 0.0:
            return 0.0, v
        v = w / norm
    return float(np.linalg.norm(M @ v)), v


def _products_and_gradients(cell: RNNCell, xs, hs, errors, ks):
    """For each k: P_k (H, H) and the gradients P_k^T e (R, H), one backward call each.

    ``hs[s]`` is the state after ``xs[s]``; t is the last step, ``t - k`` is ``T - 1 - k``.
    """
    H, T = cell.hidden_size, len(xs)
    R = len(errors)
    seeds = np.vstack([np.eye(H), errors])  # H identity rows give P_k, the rest its action
    out = {}
    for k in ks:
        start = np.repeat(hs[T - 1 - k], H + R, axis=0)
        _, _, cache = cell.forward(np.repeat(xs[T - k :], H + R, axis=1), start)
        dhs = np.zeros((k, H + R, H))
        dhs[-1] = seeds
        _, back, _ = cell.backward(dhs, cache)
        out[k] = (back[:H], back[H:])
    return out


def gradient_direction(
    *,
    gain: float = 1.0,
    input_scale: float = 1.0,
    seeds: Sequence[int] = range(10),
    ks: Sequence[int] = (1, 2, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100),
    burn_in: int = 50,
    errors: int = 8,
    input_size: int = 16,
    hidden_size: int = 32,
    iters: int = 200,
) -> dict[str, Any]:
    r"""Where the back-propagated gradient points after :math:`k` steps of an untrained RNN.

    Each seed draws an RNN (tanh, recurrent block orthogonal times ``gain``), one input sequence
    of standard normal entries times ``input_scale`` and ``errors`` random error vectors
    :math:`e` at the last state. After ``burn_in`` unmeasured steps, for each ``k`` the package's
    backward gives :math:`P_k = \partial h_t / \partial h_{t-k}` and the gradients
    :math:`P_k^\top e`; numpy's SVD gives :math:`\sigma_1`, :math:`\sigma_2` and :math:`v_1` of
    :math:`P_k`, and :func:`power_iteration` is checked against it.

    Parameters
    ----------
    gain : float, default 1.0
        The recurrent gain: :math:`\sigma_1(W^{(h)}) = \text{gain}`.
    input_scale : float, default 1.0
        Multiplies the standard normal inputs (larger inputs saturate more units).
    seeds : sequence of int, default range(10)
        One network, input sequence and set of errors per seed.
    ks : sequence of int
        The distances measured, each at least 1.
    burn_in : int, default 50
        Steps run from the zero state before the measured window.
    errors : int, default 8
        Random error vectors per network (at least 2).
    input_size, hidden_size : int, default 16, 32
    iters : int, default 200
        Rounds of power iteration.

    Returns
    -------
    dict
        ``"k"``: the distances; medians over seeds and errors, each ``(len(ks),)``:
        ``"cos_v1"``, :math:`|\cos(P_k^\top e, v_1)|`; ``"cos_pair"``, :math:`|\cos|` between the
        gradients of two different errors; ``"sigma1"``, :math:`\sigma_1(P_k)`; ``"ratio"``,
        :math:`\sigma_2 / \sigma_1` of :math:`P_k`; ``"chance"``, the median :math:`|\cos|`
        between two random directions in ``hidden_size`` dimensions (about
        :math:`0.67 / \sqrt{H}`); ``"power_cos"``: the smallest :math:`|\cos|` between the
        :math:`v_1` of :func:`power_iteration` and that of numpy's SVD, over the products with
        :math:`\sigma_2 < \sigma_1 / 2` (1.0 if there is none); ``"seeds"``, ``"errors"``.

    Examples
    --------
    >>> r = gradient_direction(gain=3.0, seeds=[0, 1, 2], ks=(1, 40), burn_in=10)
    >>> bool(r["cos_v1"][1] > 0.8 > 0.3 > r["cos_v1"][0]), r["power_cos"] > 0.999
    (True, True)
    """
    ks = [int(k) for k in ks]
    if not ks or min(ks) < 1:
        raise ValueError(f"ks must be distances of at least 1; got {ks}")
    if errors < 2:
        raise ValueError(f"errors must be at least 2; got {errors}")
    seeds = [int(s) for s in seeds]
    if not seeds:
        raise ValueError("seeds must hold at least one seed")
    H, K = hidden_size, max(ks)
    cos_v1, cos_pair, sigma1, ratio, power_cos = [], [], [], [], 1.0
    with threadpool_limits(limits=1, user_api="blas"):
        for seed in seeds:
            rng = np.random.default_rng(seed)
            cell = RNNCell(input_size, H, rng=rng, recurrent_gain=gain)
            xs = rng.standard_normal((burn_in + K + 1, 1, input_size)) * input_scale
            e = rng.standard_normal((errors, H))
            hs, _, _ = cell.forward(xs)
            measured = _products_and_gradients(cell, xs, hs, e, ks)
            rows = []
            for k in ks:
                P, g = measured[k]
                _, svals, Vt = np.linalg.svd(P)
                if svals[1] < 0.5 * svals[0]:  # a clear leading direction: power iteration finds it
                    _, v_pow = power_iteration(P, iters, rng=seed)
                    power_cos = min(power_cos, abs(float(v_pow @ Vt[0])))
                unit = g / np.linalg.norm(g, axis=1, keepdims=True)
                pair = np.abs(np.sum(unit[::2][: errors // 2] * unit[1::2][: errors // 2], axis=1))
                rows.append(
                    (
                        np.median(np.abs(unit @ Vt[0])),
                        np.median(pair),
                        svals[0],
                        svals[1] / svals[0],
                    )
                )
            for out, column in zip(
                (cos_v1, cos_pair, sigma1, ratio), zip(*rows, strict=True), strict=True
            ):
                out.append(column)
    a, b = np.random.default_rng(12345).standard_normal((2, 4000, H))
    chance = np.median(
        np.abs(np.sum(a * b, axis=1)) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)
    )
    return {
        "k": np.array(ks),
        "cos_v1": np.median(cos_v1, axis=0),
        "cos_pair": np.median(cos_pair, axis=0),
        "sigma1": np.median(sigma1, axis=0),
        "ratio": np.median(ratio, axis=0),
        "chance": float(chance),
        "power_cos": power_cos,
        "seeds": seeds,
        "errors": errors,
    }


def plot_power_iteration(
    axes: Sequence[Any], M: np.ndarray, ks: Sequence[int], *, n: int = 12, color: str = "#0072B2"
) -> list[Any]:
    r"""Power iteration as a picture: ``n`` unit vectors, each multiplied ``k`` times by ``M``.

    One panel per ``k`` in ``ks``: every vector :math:`M^k v` scaled back to unit length (an
    arrow from the origin), and the leading eigenvector of ``M`` as a dashed line.

    Parameters
    ----------
    axes : sequence of matplotlib Axes
        One per ``k``.
    M : (2, 2) ndarray
        A real matrix with a real leading eigenvalue.
    ks : sequence of int
        How many multiplications each panel shows.
    n : int, default 12
        Starting directions, evenly spread over the half circle and its mirror.
    color : str
        The arrows' colour.

    Returns
    -------
    list
        The artists drawn (arrows and lines).
    """
    M = np.asarray(M, dtype=np.float64)
    if M.shape != (2, 2):
        raise ValueError(f"M must be 2 x 2; got shape {M.shape}")
    if len(axes) != len(ks):
        raise ValueError(f"axes and ks must have the same length; got {len(axes)} and {len(ks)}")
    values, vectors = np.linalg.eig(M)
    u1 = np.real(vectors[:, np.argmax(np.abs(values))])
    angles = np.linspace(0.0, 2 * np.pi, n, endpoint=False) + np.pi / n
    starts = np.stack([np.cos(angles), np.sin(angles)])  # (2, n)
    artists = []
    for ax, k in zip(axes, ks, strict=True):
        ends = np.linalg.matrix_power(M, int(k)) @ starts
        ends /= np.linalg.norm(ends, axis=0)
        artists += ax.plot([-1.2 * u1[0], 1.2 * u1[0]], [-1.2 * u1[1], 1.2 * u1[1]],
                           color="0.5", ls="--", lw=0.9)  # fmt: skip
        for x, y in ends.T:
            artists.append(
                ax.annotate("", (x, y), (0, 0), arrowprops={"arrowstyle": "->", "color": color})
            )
        ax.set_xlim(-1.25, 1.25)
        ax.set_ylim(-1.25, 1.25)
        ax.set_aspect("equal")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(f"$k = {k}$", fontsize="medium")
        for side in ax.spines.values():
            side.set_visible(False)
    return artists


#: Colour and line style of each measured network in :func:`plot_direction`.
_STYLES = (("#D55E00", "-"), ("#0072B2", "--"), ("#009E73", "-."), ("#CC79A7", ":"))


def plot_direction(ax: Any, results: dict[str, dict[str, Any]], *, key: str = "cos_v1") -> list:
    r"""The median :math:`|\cos|` of :func:`gradient_direction` against ``k``, one line per
    network, and the level of two random directions (dotted).

    Parameters
    ----------
    ax : matplotlib Axes
    results : dict
        Label -> a result of :func:`gradient_direction`.
    key : {"cos_v1", "cos_pair"}
        Which cosine to draw.

    Returns
    -------
    list
        The lines drawn.
    """
    if key not in ("cos_v1", "cos_pair"):
        raise ValueError(f"key must be 'cos_v1' or 'cos_pair'; got {key!r}")
    lines = []
    for (label, r), (color, ls) in zip(results.items(), _STYLES, strict=False):
        lines += ax.plot(r["k"], r[key], color=color, ls=ls, lw=2, marker="o", ms=3, label=label)
    chance = next(iter(results.values()))["chance"]
    lines.append(ax.axhline(chance, color="0.4", lw=0.9, ls=":"))
    ax.set_ylim(0, 1.05)
    ax.set_xlabel("k, steps back")
    ax.set_ylabel(r"$|\cos|$ with $v_1$" if key == "cos_v1" else r"$|\cos|$ of two errors")
    return lines
