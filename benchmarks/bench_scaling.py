"""Scaling: time and peak memory of forward + backward as the sequence grows and as the hidden
size grows, and time as the batch triples at the book's two training sizes.

Run from the repository root: ``.venv/bin/python -m benchmarks.bench_scaling`` (``make bench``).
Time is the median of interleaved runs (see ``timing.py``). Peak memory is measured in a separate
run with :mod:`tracemalloc`, which sees numpy's allocations: it is the largest amount of memory
held at once during ``forward`` and ``backward``, beyond the inputs. The cache column is
``ForwardCache.nbytes / T``, what the forward keeps per time step for the backward (it includes
the inputs ``xs``, and the ``hs`` that forward also returns).
"""

from __future__ import annotations

import argparse
import os
import time
import tracemalloc
from functools import partial

import numpy as np
from threadpoolctl import threadpool_limits

from .bench_models import make_cell
from .timing import interleaved

GATES = {"LSTM": 4, "GRU": 3}


def setup(kind: str, T: int, B: int, I: int, H: int, dtype: type):
    cell, xs, dhs = make_cell(kind, (T, B, I, H), dtype)

    def run():
        _, _, cache = cell.forward(xs)
        cell.backward(dhs, cache)
        return cache

    return run


def flops(kind: str, T: int, B: int, I: int, H: int) -> float:
    """Multiply-adds x 2 of forward + backward: three products with the (G*H, H+I) weights."""
    return 6.0 * T * B * GATES[kind] * H * (H + I)


def peak_and_cache(run) -> tuple[int, int]:
    tracemalloc.start()
    tracemalloc.reset_peak()
    cache = run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak, cache.nbytes


def table(kind, dtype, rows, rounds, pause, title, clock=time.perf_counter):
    print(title)
    columns = ("T", "H", "ms", "us/step", "GFLOP/s", "peak MB", "cache B/step")
    widths = (6, 5, 9, 8, 8, 8, 12)
    print("  ".join(f"{c:>{w}}" for c, w in zip(columns, widths, strict=True)))
    for T, B, I, H in rows:
        run = setup(kind, T, B, I, H, dtype)
        t = interleaved({"run": run}, rounds=rounds, warmup=1, pause=pause, clock=clock)["run"]
        peak, cache = peak_and_cache(run)
        values = (
            f"{T}",
            f"{H}",
            f"{t.median * 1e3:.2f}",
            f"{t.median / T * 1e6:.1f}",
            f"{flops(kind, T, B, I, H) / t.median / 1e9:.1f}",
            f"{peak / 2**20:.2f}",
            f"{cache // T}",
        )
        print("  ".join(f"{v:>{w}}" for v, w in zip(values, widths, strict=True)), flush=True)
    print()


# The book's trained models: the pronoun task (input 16, hidden 32, batch 64, about 45 steps at
# gap 40) and the language model (one-hot input of 82 characters, hidden 64, 32 streams, windows
# of 64 steps).
BOOK_SIZES = {"pronoun task": (45, 64, 16, 32), "language model": (64, 32, 82, 64)}


def batch_table(kind, dtype, rounds, pause, clock=time.perf_counter):
    """Time of one batch against a batch three times as large, at the book's sizes.

    Three seeds trained together with a leading seed axis do the same elementwise work as the
    larger batch, and three products of the original size instead of one three times as wide;
    so the ratio here bounds what such a seed axis could save over three separate runs (3.0:
    nothing).
    """
    print(f"{kind} {dtype.__name__}, forward + backward, one batch against three times the batch")
    columns = ("model", "T", "B", "I", "H", "ms at B", "ms at 3B", "ratio")
    widths = (15, 4, 4, 4, 4, 8, 9, 6)
    print("  ".join(f"{c:>{w}}" for c, w in zip(columns, widths, strict=True)))
    for name, (T, B, I, H) in BOOK_SIZES.items():
        runs = {"B": setup(kind, T, B, I, H, dtype), "3B": setup(kind, T, 3 * B, I, H, dtype)}
        t = interleaved(runs, rounds=rounds, warmup=1, pause=pause, clock=clock)
        one, three = t["B"].median, t["3B"].median
        values = (name, T, B, I, H, f"{one * 1e3:.2f}", f"{three * 1e3:.2f}", f"{three / one:.2f}")
        print("  ".join(f"{v:>{w}}" for v, w in zip(values, widths, strict=True)), flush=True)
    print()


def lstm_forward(W: np.ndarray, xsT: np.ndarray, H: int) -> np.ndarray:
    """The operations of ``LSTMCell``'s fast forward pass, written so that ``W`` ``(S, 4H,
    H + I + 1)`` and ``xsT`` ``(T, S, I, B)`` may carry a leading seed axis (``S`` models at
    once, one product per model and step) or not (``(4H, H + I + 1)``, ``(T, I, B)``)."""
    T, lead, (I, B) = xsT.shape[0], W.shape[:-2], xsT.shape[-2:]
    hx = np.zeros((T + 1, *lead, H + I + 1, B), W.dtype)
    hx[:T, ..., H : H + I, :] = xsT
    hx[..., H + I, :] = 1.0
    gates = np.empty((T, *lead, 4 * H, B), W.dtype)
    Cs = np.zeros((T + 1, *lead, H, B), W.dtype)
    tmp = np.empty((*lead, H, B), W.dtype)
    for t in range(T):
        g = gates[t]
        np.matmul(W, hx[t], out=g)
        np.tanh(g, out=g)
        sig = g[..., : 3 * H, :]
        sig *= 0.5
        sig += 0.5
        f, i, o, C_tilde = (g[..., k * H : (k + 1) * H, :] for k in range(4))
        np.multiply(f, Cs[t], out=Cs[t + 1])
        np.multiply(i, C_tilde, out=tmp)
        Cs[t + 1] += tmp
        np.tanh(Cs[t + 1], out=tmp)
        np.multiply(o, tmp, out=hx[t + 1, ..., :H, :])
    return hx


def _apart(W: np.ndarray, xsT: np.ndarray, H: int) -> list[np.ndarray]:
    return [lstm_forward(W[s], xsT[:, s], H) for s in range(W.shape[0])]


def seed_axis_table(dtype, rounds, pause, clock=time.perf_counter, seeds=3):
    """Three LSTMs' forward passes one after the other against the same three with a leading
    seed axis (every operation of a step serves all three), at the book's sizes."""
    print(f"LSTM {dtype.__name__}, forward, {seeds} models: one after the other, then together")
    columns = ("model", "ms, apart", "ms, together", "together / one")
    widths = (15, 10, 13, 15)
    print("  ".join(f"{c:>{w}}" for c, w in zip(columns, widths, strict=True)))
    for name, (T, B, I, H) in BOOK_SIZES.items():
        rng = np.random.default_rng(0)
        W = (0.1 * rng.standard_normal((seeds, 4 * H, H + I + 1))).astype(dtype)
        xsT = rng.standard_normal((T, seeds, I, B)).astype(dtype)
        together = lstm_forward(W, xsT, H)
        for s in range(seeds):  # the same numbers, bit for bit
            assert np.array_equal(together[:, s], lstm_forward(W[s], xsT[:, s], H))
        runs = {
            "apart": partial(_apart, W, xsT, H),
            "together": partial(lstm_forward, W, xsT, H),
        }
        t = interleaved(runs, rounds=rounds, warmup=1, pause=pause, clock=clock)
        apart, both = t["apart"].median, t["together"].median
        values = (name, f"{apart * 1e3:.2f}", f"{both * 1e3:.2f}", f"{both / apart * seeds:.2f}")
        print("  ".join(f"{v:>{w}}" for v, w in zip(values, widths, strict=True)), flush=True)
    print()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--models", default="LSTM")
    parser.add_argument("--dtypes", default="float32,float64")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--input", type=int, default=32)
    parser.add_argument("--clock", choices=["wall", "cpu"], default="wall")
    args = parser.parse_args(argv)
    clock = time.perf_counter if args.clock == "wall" else time.process_time
    B, I = args.batch, args.input
    print(f"threads: {args.threads}; clock: {args.clock}; batch {B}, input {I}; ", end="")
    print(f"median of {args.rounds} runs\n")
    with threadpool_limits(limits=args.threads, user_api="blas"):
        for kind in args.models.split(","):
            for dt in args.dtypes.split(","):
                dtype = np.dtype(dt).type
                table(
                    kind,
                    dtype,
                    [(T, B, I, 128) for T in (10, 30, 100, 300, 1000)],
                    args.rounds,
                    0.1,
                    clock=clock,
                    title=f"{kind} {dt}, hidden 128, forward + backward as T grows "
                    "(time per step and cache per step should stay flat)",
                )
                table(
                    kind,
                    dtype,
                    [(100, B, I, H) for H in (32, 64, 128, 256, 512)],
                    args.rounds,
                    0.1,
                    clock=clock,
                    title=f"{kind} {dt}, T = 100, forward + backward as the hidden size grows "
                    "(GFLOP/s rises as the products dominate)",
                )
                batch_table(kind, dtype, args.rounds, 0.1, clock=clock)
        for dt in args.dtypes.split(","):
            seed_axis_table(np.dtype(dt).type, args.rounds, 0.1, clock=clock)


if __name__ == "__main__":
    t0 = time.perf_counter()
    main()
    print(f"({time.perf_counter() - t0:.0f} s)")
