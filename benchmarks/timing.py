"""Timing helpers shared by the benchmarks: interleaved rounds, a pause before every timed call.

The measuring trap on a small machine: after a BLAS call, OpenBLAS (and torch's OpenMP pool) keep
their worker threads spinning for a moment, and on two cores those spinning threads slow down
whatever runs next, by several times. So every timed call here is preceded by a short sleep, the
candidates are timed in interleaved rounds (A B A B ..., alternating which goes first), and the
median is reported together with the spread between the quartiles.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

__all__ = ["Timing", "interleaved", "ratio_text", "ms"]

PAUSE = 0.15  # seconds of idling before each timed call: lets spinning BLAS threads go to sleep


@dataclass(frozen=True)
class Timing:
    """Seconds of the repeated runs of one candidate."""

    name: str
    seconds: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def best(self) -> float:
        return min(self.seconds)

    @property
    def spread(self) -> float:
        """The interquartile range relative to the median (0.05 means +-2.5 % around it)."""
        if len(self.seconds) < 4:
            return (max(self.seconds) - min(self.seconds)) / self.median
        q1, _, q3 = statistics.quantiles(self.seconds, n=4)
        return (q3 - q1) / self.median


def interleaved(
    candidates: Mapping[str, Callable[[], object]],
    *,
    rounds: int = 15,
    warmup: int = 2,
    pause: float = PAUSE,
    clock: Callable[[], float] = time.perf_counter,
) -> dict[str, Timing]:
    """Time every candidate ``rounds`` times, round robin, with a pause before each call.

    Parameters
    ----------
    candidates : mapping of str to callable
        Zero-argument callables, each doing the whole piece of work to be timed.
    rounds : int
        How many timed calls per candidate; the order within a round alternates.
    warmup : int
        Untimed calls per candidate first (allocations, caches, thread pools).
    pause : float
        Seconds to sleep before each timed call.
    clock : callable
        ``time.perf_counter`` (wall clock, the default) or ``time.process_time`` (CPU seconds of
        the whole process: steadier on a busy machine, but it counts spinning threads as work, so
        use it with one thread only).

    Returns
    -------
    dict of str to Timing
    """
    names = list(candidates)
    for _ in range(warmup):
        for name in names:
            candidates[name]()
    times: dict[str, list[float]] = {name: [] for name in names}
    for r in range(rounds):
        order = names if r % 2 == 0 else names[::-1]
        for name in order:
            fn = candidates[name]
            time.sleep(pause)
            start = clock()
            fn()
            times[name].append(clock() - start)
    return {name: Timing(name, tuple(ts)) for name, ts in times.items()}


def ms(t: Timing) -> str:
    """``'12.3 ms +-4%'``: the median and half the relative interquartile range."""
    return f"{t.median * 1e3:8.2f} ms +-{t.spread * 50:3.0f}%"


def ratio_text(ours: Timing, ref: Timing) -> str:
    return f"{ours.median / ref.median:5.2f}x"
