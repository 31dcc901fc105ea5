"""Scaling: time and peak memory of forward + backward as the sequence grows and as the hidden
size grows.

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


if __name__ == "__main__":
    t0 = time.perf_counter()
    main()
    print(f"({time.perf_counter() - t0:.0f} s)")
