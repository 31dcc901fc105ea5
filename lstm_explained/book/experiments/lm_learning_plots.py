"""The figures of the language-model chapter's sections on learning: the training-text curve
(:func:`plot_share_curve`) and the input dependence over steps back (:func:`plot_dependence`),
each drawn on a given matplotlib ``ax``, returning the artists it made.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..diagrams.style import OKABE_ITO

__all__ = ["plot_dependence", "plot_share_curve"]


def plot_share_curve(
    ax: Any,
    shares: Any,
    lstm_bits: Any,
    ngram_bits: Any,
    *,
    extra: Any = (),
    extend_to: float = 4.0,
) -> list[Any]:
    """Held-out bits against the share of the training text, log2 axis, with straight lines on.

    ``extra`` holds ``(share, bits, label, marker)`` points drawn unconnected (other seeds, a
    longer run). The lines through the points are extended, dotted, to ``extend_to`` (a
    multiple of the whole text).
    """
    x = np.asarray(shares, dtype=np.float64)
    grid = np.array([x.min(), extend_to])
    artists = []
    series = ((lstm_bits, "LSTM, seed 0", OKABE_ITO["blue"], "o"),
              (ngram_bits, "best n-gram", OKABE_ITO["vermillion"], "s"))  # fmt: skip
    for bits, label, colour, marker in series:
        bits = np.asarray(bits, dtype=np.float64)
        artists += ax.plot(x, bits, color=colour, marker=marker, lw=1.6, label=label)
        slope, icpt = np.polyfit(np.log2(x), bits, 1)
        artists += ax.plot(grid, icpt + slope * np.log2(grid), color=colour, ls=":", lw=1.0)
    for share, bits, label, marker in extra:
        artists += ax.plot(
            [share],
            [bits],
            ls="none",
            marker=marker,
            color=OKABE_ITO["blue"],
            mfc="none",
            ms=7,
            label=label,
        )
    ax.set_xscale("log", base=2)
    ticks = [t for t in (0.25, 0.5, 1, 2, 4, 8) if x.min() <= t <= extend_to]
    ax.set_xticks(ticks, [f"{t:g}\u00d7" if t >= 1 else f"{t:.0%}" for t in ticks])
    ax.minorticks_off()
    ax.set_xlabel("training text used (share of this book's)")
    ax.set_ylabel("held-out bits per character")
    ax.spines[["top", "right"]].set_visible(False)
    return artists


def plot_dependence(
    ax: Any, curves: Any, *, window: int | None = None, reference: float | None = None
) -> list[Any]:
    """Relative input dependence against steps back: median line and band over seeds per cell.

    ``curves`` maps a cell's name to an array ``(seeds, back)`` of
    :func:`~lstm_explained.book.experiments.lm_learning.input_dependence`; each seed is divided
    by its own value at ``k = 0``. ``window`` draws the training window of truncated BPTT;
    ``reference`` draws ``reference ** k`` (a keep factor per step).
    """
    colours = {"RNN": OKABE_ITO["vermillion"], "GRU": OKABE_ITO["bluish_green"],
               "LSTM": OKABE_ITO["blue"]}  # fmt: skip
    styles = {"RNN": "-.", "GRU": "--", "LSTM": "-"}
    artists = []
    for name, c in curves.items():
        rel = np.asarray(c) / np.asarray(c)[:, :1]
        k = np.arange(rel.shape[1])
        artists.append(
            ax.fill_between(k, rel.min(0), rel.max(0), color=colours[name], alpha=0.25, lw=0)
        )
        artists += ax.plot(
            k, np.median(rel, 0), color=colours[name], ls=styles[name], lw=1.6, label=name
        )
    if reference is not None:
        k = np.arange(np.asarray(next(iter(curves.values()))).shape[1])
        artists += ax.plot(
            k, reference**k, color="0.35", ls=":", lw=1.2, label=f"{reference:.2f}$^k$"
        )
    if window is not None:
        artists.append(ax.axvline(window, color="0.5", lw=0.8))
        artists.append(
            ax.text(
                window + 1.5,
                0.98,
                "training\nwindow",
                fontsize=8,
                color="0.3",
                va="top",
                transform=ax.get_xaxis_transform(),
            )
        )
    ax.set_yscale("log")
    ax.set_xlabel("steps back, $k$")
    ax.set_ylabel("dependence on $x_{t-k}$\n(relative to $k = 0$)")
    ax.spines[["top", "right"]].set_visible(False)
    return artists
