"""Model speed: our LSTM and GRU, forward + backward, against torch.nn.LSTM / nn.GRU on the CPU.

Run from the repository root: ``.venv/bin/python -m benchmarks.bench_models`` (``make bench``).
Both libraries get the same number of threads (``--threads``, default: every core this process
may use): numpy's OpenBLAS through threadpoolctl, torch through ``torch.set_num_threads``. Each
row times the candidates interleaved, with a pause before every call (see ``timing.py``). The
torch rows are skipped, with a message, when torch is not installed.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable

import numpy as np
from threadpoolctl import threadpool_limits

from lstm_explained import GRUCell, LSTMCell

from .timing import Timing, interleaved, ms

try:
    import torch
except ImportError:
    torch = None

Shape = tuple[int, int, int, int]  # (T, B, input_size, hidden_size)
SHAPES: dict[str, Shape] = {
    "issue": (100, 32, 32, 128),  # the shape of the targets
    "book": (80, 64, 16, 32),  # the book's training size (pronoun task, gap 80)
}


def make_cell(kind: str, shape: Shape, dtype: type) -> tuple[object, np.ndarray, np.ndarray]:
    """Our cell (the GRU in PyTorch's reset-after form), inputs and output gradients."""
    T, B, I, H = shape
    rng = np.random.default_rng(0)
    if kind == "LSTM":
        cell = LSTMCell(I, H, rng=rng, dtype=dtype)
    else:
        cell = GRUCell(I, H, rng=rng, dtype=dtype, reset_after=True)
    xs = rng.standard_normal((T, B, I)).astype(dtype)
    dhs = rng.standard_normal((T, B, H)).astype(dtype)
    return cell, xs, dhs


def ours(kind: str, shape: Shape, dtype: type) -> Callable[[], object]:
    """The fast path: ``forward`` then ``backward``."""
    cell, xs, dhs = make_cell(kind, shape, dtype)

    def run() -> object:
        _, _, cache = cell.forward(xs)
        return cell.backward(dhs, cache)

    return run


def ours_forward(kind: str, shape: Shape, dtype: type) -> Callable[[], object]:
    cell, xs, _ = make_cell(kind, shape, dtype)
    return lambda: cell.forward(xs)


def ours_step(kind: str, shape: Shape, dtype: type) -> Callable[[], object]:
    """The readable path: ``step`` in a Python loop (forward only; ``step`` has no backward)."""
    cell, xs, _ = make_cell(kind, shape, dtype)

    def run() -> object:
        state = None
        for x_t in xs:
            state, _ = cell.step(x_t, state)
        return state

    return run


def theirs(kind: str, shape: Shape, dtype: type) -> Callable[[], object]:
    """torch.nn.LSTM / nn.GRU: forward, then backward of the same output gradient."""
    T, B, I, H = shape
    tdtype = torch.float64 if dtype is np.float64 else torch.float32
    torch.manual_seed(0)
    module = (torch.nn.LSTM if kind == "LSTM" else torch.nn.GRU)(I, H).to(tdtype)
    xs = torch.randn(T, B, I, dtype=tdtype, requires_grad=True)
    dhs = torch.randn(T, B, H, dtype=tdtype)

    def run() -> object:
        module.zero_grad(set_to_none=True)
        xs.grad = None
        hs, _ = module(xs)
        hs.backward(dhs)
        return xs.grad

    return run


def row(label: str, a: Timing, b: Timing) -> str:
    return f"{label:<36} {ms(a)}  {ms(b)}  {a.median / b.median:6.2f}x  {a.best / b.best:6.2f}x"


def header(title: str, a: str, b: str, ratio: str) -> str:
    text = f"{title:<36} {a:>20}  {b:>20}  {ratio:>7}  {'(best)':>7}"
    return text + "\n" + "-" * len(text)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument("--models", default="LSTM,GRU")
    parser.add_argument("--shapes", default="issue,book")
    parser.add_argument("--dtypes", default="float64,float32")
    parser.add_argument("--clock", choices=["wall", "cpu"], default="wall")
    parser.add_argument("--no-step", action="store_true", help="skip the step-loop rows")
    args = parser.parse_args(argv)
    clock = time.perf_counter if args.clock == "wall" else time.process_time
    shapes = [(name, SHAPES[name]) for name in args.shapes.split(",")]
    models, dtypes = args.models.split(","), args.dtypes.split(",")

    print(f"threads: {args.threads} for numpy's BLAS and for torch; clock: {args.clock}")
    print(f"median of {args.rounds} interleaved runs, +-x% is half the interquartile range;")
    print("ratios of the medians, and of the best runs\n")
    with threadpool_limits(limits=args.threads, user_api="blas"):
        if torch is None:
            print("torch is not installed: the comparison with torch is skipped\n")
        else:
            torch.set_num_threads(args.threads)
            print(header("forward + backward  (T, B, I, H)", "ours", "torch", "ours/torch"))
            for shape_name, shape in shapes:
                for kind in models:
                    for dt in dtypes:
                        dtype = np.dtype(dt).type
                        t = interleaved(
                            {"ours": ours(kind, shape, dtype), "torch": theirs(kind, shape, dtype)},
                            rounds=args.rounds,
                            clock=clock,
                        )
                        label = f"{kind} {dt} {shape_name} {shape}"
                        print(row(label, t["ours"], t["torch"]), flush=True)
            print()
        if args.no_step:
            return
        print(header("forward only  (T, B, I, H)", "step loop", "fast path", "step/fast"))
        for shape_name, shape in shapes:
            for kind in models:
                for dt in dtypes:
                    dtype = np.dtype(dt).type
                    t = interleaved(
                        {
                            "step": ours_step(kind, shape, dtype),
                            "fast": ours_forward(kind, shape, dtype),
                        },
                        rounds=max(5, args.rounds // 3),
                        clock=clock,
                    )
                    label = f"{kind} {dt} {shape_name} {shape}"
                    print(row(label, t["step"], t["fast"]), flush=True)


if __name__ == "__main__":
    main()
