r"""The clockwork RNN (Koutnik et al. 2014): a vanilla RNN whose hidden units tick at different
rates.

The hidden state is split into :math:`g` modules of equal size with periods
:math:`T_1 \le T_2 \le \dots \le T_g` (by default 1, 2, 4, 8). At step :math:`t` (counted from 0)
module :math:`k` is *active* when :math:`t \bmod T_k = 0`; an active module computes a new value
like a vanilla RNN, an inactive one keeps its old value. A module reads only from modules at least
as slow as itself, so the recurrent weights are block upper-triangular: writing :math:`M` for that
fixed 0/1 mask (over the columns of :math:`[h_{t-1}, x_t]`, ones on the input columns) and
:math:`u_t` for the per-unit 0/1 clock (:math:`u_{t,j} = 1` when unit :math:`j`'s module is
active),

.. math::

    \tilde{h}_t &= \tanh((M * W) \cdot [h_{t-1}, x_t] + b) \\
    h_t &= u_t * \tilde{h}_t + (1 - u_t) * h_{t-1}

The second line has the shape of the GRU's update, with a gate that is not learned but set by the
clock. A slow module changes only every :math:`T_k` steps, so a gradient that flows back through it
crosses :math:`T_k` times fewer tanh layers: that is where its longer memory comes from.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from . import fast_path
from .activations import dtanh_from_output, linear, tanh
from .base import ForwardCache, RecurrentCell
from .init import glorot_uniform, orthogonal
from .validation import check_int

__all__ = ["ClockworkRNNCell"]


def _check_periods(periods: Any, hidden_size: int) -> tuple[int, ...]:
    try:
        out = tuple(periods)
    except TypeError:
        raise TypeError(f"periods must be a sequence of positive ints; got {periods!r}") from None
    if not out:
        raise ValueError("periods must be a non-empty sequence of positive ints; got ()")
    out = tuple(check_int(p, f"periods[{k}]") for k, p in enumerate(out))
    if any(a > b for a, b in zip(out, out[1:], strict=False)):
        raise ValueError(f"periods must be sorted from fast to slow (non-decreasing); got {out}")
    if hidden_size % len(out):
        raise ValueError(
            f"hidden_size={hidden_size} must be a multiple of the number of modules "
            f"len(periods)={len(out)}, so that every module has the same size"
        )
    return out


class ClockworkRNNCell(RecurrentCell):
    r"""A clockwork RNN cell: hidden modules that update at their own periods.

    Parameters
    ----------
    input_size : int
        Size of each input vector ``x_t``.
    hidden_size : int
        Size of the hidden state ``h_t``; a multiple of ``len(periods)``.
    periods : sequence of int, default (1, 2, 4, 8)
        The period of each module, fastest first; module ``k`` holds units
        ``k * m .. (k + 1) * m - 1`` with ``m = hidden_size // len(periods)``.
    rng : numpy.random.Generator or int, optional
        Random generator (or seed) for the initial weights.
    dtype : float32 or float64, default float64
        The dtype of the parameters and of every computation.
    recurrent_gain : float, default 1.0
        Scale of the initial diagonal blocks of the recurrent weights.

    Attributes
    ----------
    params : mapping
        ``W``, shape ``(hidden_size, hidden_size + input_size)``, multiplying ``[h_prev, x_t]``,
        and ``b``, shape ``(hidden_size,)``. The entries of ``W`` outside ``mask`` start at
        zero, are ignored by every pass and get a zero gradient, so the recurrent block stays
        block upper-triangular under any optimiser.
    mask : (hidden_size, hidden_size + input_size) ndarray of bool
        ``mask[i, j]`` is true when unit ``i`` reads column ``j`` of ``[h_prev, x_t]``: every
        input column, and the hidden units of modules whose period is at least unit ``i``'s.
    unit_periods : (hidden_size,) ndarray of int
        The period of every hidden unit.

    Notes
    -----
    *Time.* The update depends on the step index, which is not part of the learned state: the
    state is ``h`` alone, ``(B, hidden_size)``, and the index is passed explicitly:
    ``step(x_t, state, t=t)`` needs it, and ``forward(xs, state, t0=0)`` numbers its steps
    ``t0, t0 + 1, ...``; to continue a sequence, pass the final state and ``t0`` equal to the
    number of steps already run.

    *Values.* :meth:`step` returns ``u`` (the clock, ``(hidden_size,)``, 1.0 for the units that
    update at this step), ``h_tilde`` (the candidate of every unit, ``(B, hidden_size)``) and ``h``.

    *Initial weights.* The diagonal blocks of the recurrent part (each module reading itself) are
    orthogonal times ``recurrent_gain``, the blocks above them Glorot-uniform, the input columns
    Glorot-uniform, ``b`` zero. A block-triangular matrix has the eigenvalues of its diagonal
    blocks, so at the start every module neither shrinks nor grows its own state, as the vanilla
    RNN's orthogonal start does.

    The parameter count :attr:`num_parameters` counts only the free entries (inside the mask).

    Examples
    --------
    >>> import numpy as np
    >>> cell = ClockworkRNNCell(2, 8, periods=(1, 2, 4, 8), rng=0)
    >>> cell.unit_periods
    array([1, 1, 2, 2, 4, 4, 8, 8])
    >>> h, values = cell.step(np.ones((1, 2)), t=6)   # 6 mod 1 = 6 mod 2 = 0: two modules tick
    >>> values["u"]
    array([1., 1., 1., 1., 0., 0., 0., 0.])
    >>> hs, h_T, cache = cell.forward(np.ones((16, 1, 2)))
    >>> bool(np.all(hs[9:16, :, 6:] == hs[8, :, 6:]))   # the slowest module holds from 8 to 15
    True
    """

    _gates = ("",)
    _param_names = ("W", "b")
    _state_names = ("h",)

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        *,
        periods: Sequence[int] = (1, 2, 4, 8),
        rng: np.random.Generator | int | None = None,
        dtype: Any = np.float64,
        recurrent_gain: float = 1.0,
    ) -> None:
        self.periods = _check_periods(periods, check_int(hidden_size, "hidden_size"))
        self._recurrent_gain = recurrent_gain
        super().__init__(input_size, hidden_size, rng=rng, dtype=dtype)

    def _init_weights(self, rng: np.random.Generator) -> None:
        H, I, g = self.hidden_size, self.input_size, len(self.periods)
        m = H // g
        self.unit_periods = np.repeat(np.array(self.periods), m)
        self.unit_periods.flags.writeable = False
        mask = np.ones((H, H + I), dtype=bool)
        mask[:, :H] = self.unit_periods[None, :] >= self.unit_periods[:, None]
        mask.flags.writeable = False
        self.mask = mask
        W = self._params["W"]
        for k in range(g):
            rows = slice(k * m, (k + 1) * m)
            W[rows, rows] = orthogonal(rng, m, gain=self._recurrent_gain)
            if (k + 1) * m < H:
                W[rows, (k + 1) * m : H] = glorot_uniform(rng, (m, H - (k + 1) * m))
        W[:, H:] = glorot_uniform(rng, (H, I))
        W *= mask

    @property
    def num_parameters(self) -> int:
        """How many free scalar parameters the cell has (the entries of ``W`` inside ``mask``,
        plus those of ``b``)."""
        return int(self.mask.sum()) + self.hidden_size

    def __repr__(self) -> str:
        return (
            f"ClockworkRNNCell(input_size={self.input_size}, hidden_size={self.hidden_size}, "
            f"periods={self.periods}, dtype={self.dtype.name})"
        )

    def active(self, t: int) -> np.ndarray:
        """Which hidden units update at step ``t``: ``(hidden_size,)`` bool, ``t % period == 0``.

        Examples
        --------
        >>> cell = ClockworkRNNCell(1, 4, periods=(1, 2, 4, 8), rng=0)
        >>> cell.active(4)
        array([ True,  True,  True, False])
        """
        return check_int(t, "t", minimum=0) % self.unit_periods == 0

    def _rows(self, t: int) -> slice | np.ndarray:
        """The active units at step ``t``: a slice when they are the leading units (always, for
        periods that divide each other), else an index array."""
        on = np.flatnonzero(t % self.unit_periods == 0)
        return slice(0, on.size) if on.size == 0 or on[-1] == on.size - 1 else on

    # ------------------------------------------------------------------ the readable path
    def step(self, x_t: Any, state: Any = None, *, t: int) -> tuple[np.ndarray, dict]:
        """One time step, written like the equations.

        Parameters
        ----------
        x_t : (B, input_size) array_like
            The input at this step.
        state : (B, hidden_size) array_like, optional
            The previous hidden state ``h_prev``; ``None`` for zeros.
        t : int
            The index of this step (0 for the first), which decides the active modules.

        Returns
        -------
        h : (B, hidden_size) ndarray
            The new hidden state.
        values : dict of ndarray
            ``u`` (``(hidden_size,)``), ``h_tilde`` and ``h`` (each ``(B, hidden_size)``).
        """
        u = self.active(t).astype(self.dtype)
        x_t = self._check_x(x_t)
        (h_prev,) = self._check_state(state, x_t.shape[0])
        W, b = self._params["W"], self._params["b"]
        h_tilde = tanh(linear(self._concat(h_prev, x_t), self.mask * W, b))
        h = u * h_tilde + (1 - u) * h_prev
        return h, {"u": u, "h_tilde": h_tilde, "h": h}

    # ------------------------------------------------------------------ the fast path
    def forward(
        self, xs: Any, state: Any = None, *, t0: int = 0
    ) -> tuple[np.ndarray, np.ndarray, ForwardCache]:
        """Run the cell over a whole sequence whose steps are numbered ``t0, t0 + 1, ...``.

        Parameters
        ----------
        xs : (T, B, input_size) array_like
            The inputs, time-major.
        state : (B, hidden_size) array_like, optional
            The initial hidden state; ``None`` for zeros.
        t0 : int, default 0
            The index of the first step.

        Returns
        -------
        hs : (T, B, hidden_size) ndarray
            The hidden state after every step.
        h_T : (B, hidden_size) ndarray
            The final hidden state.
        cache : ForwardCache
            What :meth:`backward` needs.
        """
        t0 = check_int(t0, "t0", minimum=0)
        xs = self._check_xs(xs)
        state0 = self._check_state(state, xs.shape[1])
        T, B, _ = xs.shape
        H = self.hidden_size
        WhT = np.ascontiguousarray((self._W[:, :H] * self.mask[:, :H]).T)
        # (T, B, H), the input side of every step in one product (gate-major, one gate)
        a = fast_path.project_inputs_by_gate(xs, self._W[:, H:], self._b, 1)[0]
        hs = np.empty((T + 1, B, H), dtype=self.dtype)  # hs[0] is h_0, hs[t + 1] is h_t
        hs[0] = state0[0]
        for t in range(T):
            rows = self._rows(t0 + t)
            hs[t + 1] = hs[t]
            hs[t + 1][:, rows] = tanh(a[t][:, rows] + hs[t] @ WhT[:, rows])
        cache = ForwardCache(self, (T, B), xs=xs, hs=hs, t0=t0)
        return hs[1:], hs[T].copy(), cache

    def _backward_loop(self, dhs, dstate_T, cache):
        hs, t0 = cache["hs"], cache["t0"]
        T, B, H = dhs.shape
        Wh = self._W[:, :H] * self.mask[:, :H]
        dA4 = np.zeros((1, T, B, H), dtype=self.dtype)  # gate-major, one gate
        dA = dA4[0]  # zero for the units that kept their value
        dh_next = dstate_T[0]
        for t in range(T - 1, -1, -1):
            rows = self._rows(t0 + t)
            dh = dhs[t] + dh_next
            dA[t][:, rows] = dh[:, rows] * dtanh_from_output(hs[t + 1][:, rows])
            dh[:, rows] = 0.0  # what is left flows straight through the units that kept h_prev
            dh_next = dh + dA[t][:, rows] @ Wh[rows]
        dWh = (dA.reshape(T * B, H).T @ hs[:T].reshape(T * B, H)) * self.mask[:, :H]
        return dA4, dWh, np.zeros_like(self._v), (dh_next,)
