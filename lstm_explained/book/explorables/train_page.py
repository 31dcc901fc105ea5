"""The "Train it yourself" figure as HTML: the build-time runs' picture, the data, the caption.

:func:`train_figure` returns the ``<figure>`` a notebook cell of ``docs/playground.md`` shows.
Without scripts it is a static picture of :func:`~.train_yourself.build_runs` (the package's
runs of the page's two starting configurations) and a sentence of their numbers. The page's
script (``docs/_static/playground/playground.js``) adds the controls and, when the reader presses
Train, draws the live plots of the worker's runs in place of the picture.
"""

from __future__ import annotations

import html
import json
from typing import Any

import matplotlib.pyplot as plt
import numpy as np

from ..diagrams import style as S
from ..diagrams import svg_text
from .page import Explorable
from .svg import _svg_root, inline, lstm_values_svg

__all__ = ["LINES", "runs_svg", "runs_words", "train_figure"]

#: How the two configurations are drawn, in the picture and in the page's plots: colour and dash.
LINES = (
    {"color": S.OKABE_ITO["blue"], "dash": ""},
    {"color": S.OKABE_ITO["vermillion"], "dash": "5 3"},
)


def _name(run: dict[str, Any], cells: dict[str, str]) -> str:
    name = cells[run["cell"]]
    if run["cell"] == "lstm":
        name += f", forget bias {run['bias']:g}"
    elif run["cell"] == "gru":
        name += f", keep bias {run['bias']:g}"
    return name


def _ema(losses: list[float], decay: float) -> np.ndarray:
    out = np.empty(len(losses))
    for n, loss in enumerate(losses):
        out[n] = loss if n == 0 else decay * out[n - 1] + (1.0 - decay) * loss
    return out


def runs_svg(runs: list[dict[str, Any]], data: dict[str, Any], alt: str) -> str:
    """The build-time runs: test accuracy, loss (moving average) and gradient norm by update.

    Parameters
    ----------
    runs : list of dict
        What :func:`~.train_yourself.build_runs` returns.
    data : dict
        :func:`~.train_yourself.page_data` (levels, names, settings).
    alt : str
        What the picture shows, in words (the SVG's accessible name).

    Examples
    --------
    >>> from lstm_explained.book.explorables.train_yourself import page_data
    >>> run = {"cell": "rnn", "gap": 2, "bias": 0, "losses": [0.7, 0.6], "norms": [1, 2],
    ...        "at": [0, 2], "accuracy": [0.5, 0.6], "updates": 2}
    >>> runs_svg([run], page_data(), "A test.").startswith("<svg")
    True
    """
    budget = data["budget"]
    with plt.rc_context({"font.size": 10, "savefig.bbox": "standard"}):
        fig, axes = plt.subplots(3, 1, figsize=(5.6, 6.0), dpi=100, sharex=True)
        fig.patch.set_facecolor(S.PANEL)
        for k, run in enumerate(runs):
            style = LINES[k % 2]
            ls = (0, (5, 3)) if style["dash"] else "-"
            label = f"{'AB'[k]}: {_name(run, data['cells'])}, gap {run['gap']}"
            steps = np.arange(1, run["updates"] + 1)
            kw = {"color": style["color"], "ls": ls, "lw": 1.8}
            axes[0].plot(run["at"], run["accuracy"], label=label, **kw)
            axes[1].plot(steps, _ema(run["losses"], data["ema_decay"]), **kw)
            axes[2].plot(steps, run["norms"], **{**kw, "lw": 1.0})
        axes[0].axhline(data["chance"], color="0.35", lw=0.8, ls=":")
        axes[0].text(budget, data["chance"] + 0.01, "chance", ha="right", va="bottom")
        axes[0].axhline(data["solved"], color="0.35", lw=0.8, ls=":")
        axes[0].text(budget, data["solved"] - 0.01, "solved", ha="right", va="top")
        axes[0].set_ylim(0.4, 1.02)
        axes[0].set_ylabel("test accuracy")
        axes[0].legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=1, frameon=False)
        axes[1].axhline(np.log(2), color="0.35", lw=0.8, ls=":")
        axes[1].text(budget, np.log(2) + 0.01, "guessing, ln 2", ha="right", va="bottom")
        axes[1].set_ylim(0, 0.8)
        axes[1].set_ylabel("loss (moving avg.)")
        axes[2].axhline(data["clip"], color="0.35", lw=0.8, ls=":")
        axes[2].text(budget, data["clip"] * 1.1, "clipped above", ha="right", va="bottom")
        axes[2].set_yscale("log")
        axes[2].set_ylabel("gradient norm")
        axes[2].set_xlabel("update")
        axes[2].set_xlim(0, budget)
        for ax in axes:
            ax.set_facecolor(S.PANEL)
            ax.spines[["top", "right"]].set_visible(False)
        fig.tight_layout(pad=0.4)
        svg = svg_text(fig)
        plt.close(fig)
    svg = _svg_root(svg, "lxt-svg")
    label = html.escape(alt, quote=True)
    return inline(svg.replace("<svg", f'<svg role="img" aria-label="{label}"', 1))


def runs_words(runs: list[dict[str, Any]], data: dict[str, Any]) -> str:
    """The build-time runs in one sentence (the page's status line before training).

    Examples
    --------
    >>> from lstm_explained.book.explorables.train_yourself import page_data
    >>> run = {"cell": "rnn", "gap": 20, "bias": 0, "losses": [0.7], "norms": [1],
    ...        "at": [0, 1], "accuracy": [0.5, 0.51], "updates": 1}
    >>> runs_words([run], page_data())
    'When the book was built: A, RNN at gap 20, test accuracy 0.51 after 1 update (chance 0.50).'
    """
    parts = []
    for k, run in enumerate(runs):
        n = run["updates"]
        parts.append(
            f"{'AB'[k]}, {_name(run, data['cells'])} at gap {run['gap']}, test accuracy "
            f"{run['accuracy'][-1]:.2f} after {n} update{'s' if n != 1 else ''}"
        )
    return f"When the book was built: {'; '.join(parts)} (chance {data['chance']:.2f})."


def train_figure(
    data: dict[str, Any], runs: list[dict[str, Any]], *, alt: str, caption: str,
    ident: str = "lxt", static: str = "_static/playground/",
) -> Explorable:  # fmt: skip
    """The page's figure: the build-time picture, the page's data, a status line, the caption.

    Parameters
    ----------
    data : dict
        :func:`~.train_yourself.page_data`.
    runs : list of dict
        :func:`~.train_yourself.build_runs` of ``data``.
    alt, caption : str
        The picture's description, and the caption (HTML).
    ident : str, default "lxt"
        The figure's id.
    static : str
        Where the page's script and stylesheet are, relative to the page.

    Examples
    --------
    >>> from lstm_explained.book.explorables.train_yourself import page_data
    >>> run = {"cell": "rnn", "gap": 2, "bias": 0, "losses": [0.7], "norms": [1],
    ...        "at": [0, 1], "accuracy": [0.5, 0.5], "updates": 1}
    >>> fig = train_figure(page_data(), [run], alt="x", caption="y")
    >>> fig.kind, 'data-lxt="train"' in fig.html
    ('train', True)
    """
    payload = json.dumps({**data, "lines": LINES}, separators=(",", ":")).replace("</", "<\\/")
    parts = ("f", "i", "C_tilde", "o", "C", "h", "C_prev", "h_prev", "x")
    module = lstm_values_svg(
        dict.fromkeys(parts, 0.0), x_text="the", prefix=f"{ident}-d-",
        alt="The LSTM module, with the values of one unit written beside its parts at the "
        "chosen word of a test sentence.",
    )  # fmt: skip
    page = (
        f'<link rel="stylesheet" href="{static}playground.css">'
        f'<figure class="lxt" id="{ident}" data-lxt="train">'
        f'<div class="lxt-controls" hidden></div>'
        f'<div class="lxt-static">{runs_svg(runs, data, alt)}</div>'
        f'<div class="lxt-live" hidden></div>'
        f'<div class="lxt-diagram" hidden><p class="lxt-dhead"></p>{inline(module)}'
        f'<div class="lxt-word"></div><p class="lxt-sentence"></p></div>'
        f'<p class="lxt-status" aria-live="polite">{html.escape(runs_words(runs, data))}</p>'
        f'<script type="application/json" class="lxt-data">{payload}</script>'
        f"<figcaption>{caption}</figcaption></figure>"
        f'<script src="{static}playground.js" defer></script>'
    )
    return Explorable("train", data, page)
