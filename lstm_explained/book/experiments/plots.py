"""Plots of the experiments' results. Each helper draws on a given matplotlib ``ax`` and returns
the artists it made, so a chapter arranges the figure and the helper only draws.

Colours come from Okabe and Ito's colour-blind-safe palette, the one the diagrams use
(:data:`lstm_explained.book.diagrams.style.OKABE_ITO`), and every series is also told apart by its
marker or line style.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..diagrams.style import OKABE_ITO
from .configs import math_label

__all__ = [
    "COLORS",
    "plot_cell_value",
    "plot_gate_values",
    "plot_gradient_decay",
    "plot_history",
    "plot_long_gap",
    "plot_losses",
]

#: Okabe and Ito's palette (from the diagrams' style), in the order the series take it; yellow
#: is left out, too pale on a white page.
COLORS = tuple(
    OKABE_ITO[name]
    for name in ("blue", "vermillion", "bluish_green", "reddish_purple", "orange", "sky_blue",
                 "black")
)  # fmt: skip
_MARKERS = ("o", "s", "^", "D", "v", "P", "X")
_STYLES = ("-", "--", "-.", (0, (6, 2)), (0, (3, 1, 1, 1, 1, 1)), ":", (0, (1, 1)))


def _series_style(k: int) -> dict[str, Any]:
    return {"color": COLORS[k % len(COLORS)], "linestyle": _STYLES[k % len(_STYLES)]}


def plot_gradient_decay(
    ax: Any,
    result: Mapping[str, Any],
    *,
    spread: bool = True,
    keep: bool = False,
    legend_below: bool = True,
) -> list[Any]:
    r"""The median of :math:`g(k)` against ``k`` on a log scale, one line per configuration.

    Parameters
    ----------
    ax : matplotlib Axes
    result : dict
        What :func:`~lstm_explained.book.experiments.decay.gradient_decay` returns.
    spread : bool, default True
        Shade the range over the seeds behind each median.
    keep : bool, default False
        Also draw, dotted in the same colour, what the keep path alone predicts (the median of
        :math:`p(k)`) for every gated configuration.
    legend_below : bool, default True
        Put the legend under the axes, one entry per line, so that it stays legible on a
        narrow screen; False puts it inside the axes.

    Returns
    -------
    list
        The lines (and shaded areas) drawn.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from lstm_explained.book.experiments.decay import gradient_decay
    >>> result = gradient_decay(["RNN", "GRU, keep bias 3 (b_z = -3)"], seeds=[0, 1], T=11,
    ...                         burn_in=5)
    >>> fig, ax = plt.subplots()
    >>> artists = plot_gradient_decay(ax, result, keep=True)
    >>> len(artists), ax.get_yscale()
    (5, 'log')
    >>> plt.close(fig)
    """
    k = result["k"]
    artists: list[Any] = []
    drew_keep = False
    for n, name in enumerate(result["configs"]):
        style = _series_style(n)
        if spread:
            per_seed = result["per_seed"][name]
            artists.append(
                ax.fill_between(
                    k, per_seed.min(axis=0), per_seed.max(axis=0), color=style["color"], alpha=0.15,
                    linewidth=0,
                )
            )  # fmt: skip
        label = math_label(name)
        (line,) = ax.plot(k, result["median"][name], label=label, linewidth=2, **style)
        artists.append(line)
        if keep and name in result.get("keep", {}):
            (dots,) = ax.plot(
                k, result["keep"][name], color=style["color"], linewidth=1.5, linestyle=":"
            )
            artists.append(dots)
            drew_keep = True
    if drew_keep:  # one legend entry for every dotted line
        ax.plot([], [], color="0.3", linewidth=1.5, linestyle=":", label="keep path alone")
    ax.set_yscale("log")
    ax.axhline(1.0, color="0.5", linewidth=0.8, zorder=0)
    ax.set_xlabel("k, steps back from the loss")
    ax.set_ylabel(r"$\|\partial L/\partial x_{T-k}\| \;/\; \|\partial L/\partial x_T\|$")
    ax.set_xlim(k[0], k[-1])
    if legend_below:
        ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(0.0, -0.2), ncol=1)
    else:
        ax.legend(frameon=False, fontsize="small")
    return artists


def plot_long_gap(ax: Any, rows: Sequence[Mapping[str, Any]], *, chance: float = 0.5) -> list[Any]:
    """Test accuracy against gap: every seed as a marker, the median joined by a line.

    Parameters
    ----------
    ax : matplotlib Axes
    rows : list of dict
        What :func:`~lstm_explained.book.experiments.long_gap.long_gap_sweep` returns.
    chance : float, default 0.5
        The accuracy of guessing, drawn as a dotted line.

    Returns
    -------
    list
        The lines and marker collections drawn.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> rows = [{"model": "RNN", "gap": g, "seed": s, "accuracy": a}
    ...         for g, a in ((5, 1.0), (20, 0.5)) for s in (0, 1)]
    >>> fig, ax = plt.subplots()
    >>> len(plot_long_gap(ax, rows))
    2
    >>> plt.close(fig)
    """
    models: list[str] = []
    for row in rows:
        if row["model"] not in models:
            models.append(row["model"])
    artists: list[Any] = []
    offsets = np.linspace(-0.06, 0.06, max(len(models), 1))
    for n, model in enumerate(models):
        mine = [r for r in rows if r["model"] == model]
        gaps = sorted({r["gap"] for r in mine})
        medians = [np.median([r["accuracy"] for r in mine if r["gap"] == g]) for g in gaps]
        style = _series_style(n)
        (line,) = ax.plot(
            gaps, medians, marker=_MARKERS[n % len(_MARKERS)], label=math_label(model),
            linewidth=2, markersize=7, **style,
        )  # fmt: skip
        artists.append(line)
        x = np.array([r["gap"] for r in mine]) * 10 ** offsets[n]  # a small shift per model
        y = np.array([r["accuracy"] for r in mine])
        artists.append(
            ax.scatter(
                x, y, s=14, color=style["color"], marker=_MARKERS[n % len(_MARKERS)], alpha=0.5
            )
        )
    ax.axhline(chance, color="0.5", linewidth=0.8, linestyle=":", zorder=0)
    ax.set_xscale("log")
    all_gaps = sorted({r["gap"] for r in rows})
    ax.set_xticks(all_gaps, [str(g) for g in all_gaps])
    ax.minorticks_off()
    ax.set_ylim(min(0.4, chance - 0.1), 1.04)
    ax.set_xlabel("gap between the subject and the pronoun (steps)")
    ax.set_ylabel(f"test accuracy (chance = {chance:g})")
    ax.legend(frameon=False, fontsize="small", loc="lower left")
    return artists


def _word_axis(ax: Any, trace: Mapping[str, Any]) -> None:
    words = trace["words"]
    ax.set_xticks(range(len(words)), words, rotation=90, fontsize=7)
    subjects = {trace["first_at"], trace["change_at"]}
    for t, label in enumerate(ax.get_xticklabels()):
        if t in subjects:
            label.set_fontweight("bold")
    ax.set_xlim(-0.5, len(words) - 0.5)


def _mark_subjects(ax: Any, trace: Mapping[str, Any]) -> list[Any]:
    return [
        ax.axvline(t, color="0.6", linewidth=1, linestyle="--", zorder=0)
        for t in sorted({trace["first_at"], trace["change_at"]})
    ]


def plot_cell_value(ax: Any, trace: Mapping[str, Any], *, words: bool = True) -> list[Any]:
    """The gender unit's cell value ``C`` along the sentence of a gate trace.

    Parameters
    ----------
    ax : matplotlib Axes
    trace : dict
        What :func:`~lstm_explained.book.experiments.gates.watch_gates` returns.
    words : bool, default True
        Label the steps with the sentence's words (the subjects in bold).

    Returns
    -------
    list
        The artists drawn.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import numpy as np
    >>> trace = {"words": ["a", "king", "queen", "."], "C": np.array([0, 1, -1, -1.0]),
    ...          "unit": 3, "first_at": 1, "change_at": 2}
    >>> fig, ax = plt.subplots()
    >>> len(plot_cell_value(ax, trace))
    4
    >>> plt.close(fig)
    """
    t = np.arange(len(trace["C"]))
    (line,) = ax.plot(t, trace["C"], color=COLORS[0], marker="o", markersize=3, linewidth=2,
                      label=f"cell state $C$ of unit {trace['unit']}")  # fmt: skip
    artists = [line, ax.axhline(0.0, color="0.5", linewidth=0.8, zorder=0)]
    artists += _mark_subjects(ax, trace)
    ax.set_ylabel(f"$C_t$, unit {trace['unit']}")
    if words:
        _word_axis(ax, trace)
    return artists


def plot_gate_values(ax: Any, trace: Mapping[str, Any], *, words: bool = True) -> list[Any]:
    """The gender unit's forget gate ``f`` and input gate ``i`` along the sentence, in [0, 1].

    Parameters
    ----------
    ax : matplotlib Axes
    trace : dict
        What :func:`~lstm_explained.book.experiments.gates.watch_gates` returns.
    words : bool, default True
        Label the steps with the sentence's words (the subjects in bold).

    Returns
    -------
    list
        The artists drawn.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import numpy as np
    >>> trace = {"words": ["a", "king", "queen", "."], "f": np.array([1, 1, 0.1, 1.0]),
    ...          "i": np.array([0, 1, 1, 0.0]), "unit": 3, "first_at": 1, "change_at": 2}
    >>> fig, ax = plt.subplots()
    >>> len(plot_gate_values(ax, trace))
    4
    >>> plt.close(fig)
    """
    t = np.arange(len(trace["f"]))
    (f_line,) = ax.plot(t, trace["f"], color=COLORS[1], marker="s", markersize=3, linewidth=2,
                        label="forget gate $f$")  # fmt: skip
    (i_line,) = ax.plot(t, trace["i"], color=COLORS[2], marker="^", markersize=3, linewidth=1.5,
                        linestyle="--", label="input gate $i$")  # fmt: skip
    artists = [f_line, i_line] + _mark_subjects(ax, trace)
    ax.set_ylim(-0.04, 1.04)
    ax.set_ylabel("gate value")
    ax.legend(frameon=False, fontsize="small", loc="lower left")
    if words:
        _word_axis(ax, trace)
    return artists


def plot_losses(ax: Any, histories: Mapping[str, Any]) -> list[Any]:
    r"""Training loss against step for several runs, with :math:`\ln 2` (chance) marked.

    The same as ``plot_history(ax, histories, "losses")``.

    Parameters
    ----------
    ax : matplotlib Axes
    histories : dict
        Label -> :class:`~lstm_explained.TrainHistory`.

    Returns
    -------
    list
        The lines drawn.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import numpy as np
    >>> from types import SimpleNamespace
    >>> h = SimpleNamespace(losses=np.array([0.7, 0.69, 0.3, 0.01]))
    >>> fig, ax = plt.subplots()
    >>> len(plot_losses(ax, {"LSTM": h}))
    2
    >>> plt.close(fig)
    """
    return plot_history(ax, histories, "losses")


_YLABELS = {
    "losses": "cross-entropy loss",
    "accuracies": "accuracy on the training batch",
    "grad_norms": "gradient norm before clipping",
}


def plot_history(
    ax: Any, histories: Mapping[str, Any], quantity: str = "losses", *, chance: float = 0.5
) -> list[Any]:
    r"""One recorded quantity of training runs against the step, one line per run.

    Parameters
    ----------
    ax : matplotlib Axes
    histories : dict
        Label -> :class:`~lstm_explained.TrainHistory`.
    quantity : {"losses", "accuracies", "grad_norms"}, default "losses"
        What to draw. The losses get the loss of guessing, :math:`-\ln(\text{chance})`, as a
        dotted line; the batch accuracies get chance; the gradient norms (before clipping, log
        scale) get the clipping threshold of the first run that clipped.
    chance : float, default 0.5
        The accuracy of guessing.

    Returns
    -------
    list
        The lines drawn (the reference line last).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import numpy as np
    >>> from types import SimpleNamespace
    >>> h = SimpleNamespace(grad_norms=np.array([0.5, 3.0, 0.2]), clip=1.0)
    >>> fig, ax = plt.subplots()
    >>> lines = plot_history(ax, {"LSTM": h}, "grad_norms")
    >>> len(lines), ax.get_yscale(), list(lines[-1].get_ydata())
    (2, 'log', [1.0, 1.0])
    >>> plt.close(fig)
    """
    if quantity not in _YLABELS:
        raise ValueError(f"quantity must be one of {sorted(_YLABELS)}; got {quantity!r}")
    artists = []
    for n, (label, history) in enumerate(histories.items()):
        values = getattr(history, quantity)
        steps = np.arange(1, len(values) + 1)
        (line,) = ax.plot(steps, values, label=math_label(label), linewidth=1.5, **_series_style(n))
        artists.append(line)
    reference = {"losses": -np.log(chance), "accuracies": chance}.get(quantity)
    if quantity == "grad_norms":
        ax.set_yscale("log")
        clips = [h.clip for h in histories.values() if getattr(h, "clip", None) is not None]
        reference = clips[0] if clips else None
    if reference is not None:
        artists.append(ax.axhline(reference, color="0.5", linewidth=0.8, linestyle=":", zorder=0))
    ax.set_xlabel("training step")
    ax.set_ylabel(_YLABELS[quantity])
    ax.legend(frameon=False, fontsize="small")
    return artists
