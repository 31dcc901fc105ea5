"""The pictures of the interactive figures, as SVG text a page can hold inline.

:func:`lstm_values_svg` is the LSTM module that :mod:`lstm_explained.book.diagrams` draws, with an
overlay a page's script can update by id: a number beside each of ``f``, ``i``, ``C_tilde``,
``o``, ``C``, ``h`` (and the inputs), and a level bar inside each layer box. :func:`decay_svg`
is the plot of the gradient's decay with one curve to be redrawn, and :func:`axes_map` tells the
script how a data point lands in the SVG. :func:`prefix_ids` makes two inline SVGs of one page
keep their ids apart.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ... import sigmoid
from ..diagrams import module, svg_text
from ..diagrams import style as S

__all__ = ["DECAY_YLIM", "axes_map", "decay_svg", "fmt", "inline", "lstm_values_svg", "prefix_ids"]

#: Where each number sits, in diagram units from the part it belongs to: ``(dx, dy, anchor)``.
#: Gates: under the box, over the arrow that feeds it (on a halo of the frame's colour, so the
#: arrow does not cross the digits); states: under their labels.
_NUMBERS = {
    "f": ("gate-f", 0.0, -1.0, "middle"),
    "i": ("gate-i", 0.0, -1.0, "middle"),
    "C_tilde": ("layer-C_tilde", 0.0, -1.0, "middle"),
    "o": ("gate-o", 0.0, -1.0, "middle"),
    "C": ("label-C", 1.05, -0.8, "end"),
    "h": ("label-h_next", 1.05, -0.8, "end"),
    "C_prev": ("label-C_prev", 0.0, -0.8, "end"),
    "h_prev": ("label-h_prev", 0.0, -0.8, "end"),
    "x": ("label-x", 0.3, -0.42, "start"),
}
#: The layer boxes that get a level bar, and the range of their values.
_LEVELS = {"f": "gate-f", "i": "gate-i", "C_tilde": "layer-C_tilde", "o": "gate-o"}
_FONT = 13.5  # the numbers' size, in the SVG's points
#: The decay plot's range of rho: where the gated cells of a large starting bias (2 to 5) differ
#: from each other and from sigma(b)^k; a curve that vanishes leaves it at the bottom (the figure's
#: words give rho at k = 10, 50, 100).
DECAY_YLIM = (1e-4, 2.0)
#: Saved as drawn (never cropped to a tight box), so the computed positions are the SVG's.
_AS_DRAWN = {"savefig.bbox": "standard"}


def fmt(value: float, digits: int = 2) -> str:
    """A number as the figures write it: fixed digits, a true minus sign (U+2212).

    The page's script writes numbers the same way, so a test can compare the two.

    Examples
    --------
    >>> fmt(-0.5), fmt(0.123456, 3), fmt(-0.0001)
    ('−0.50', '0.123', '−0.00')
    """
    return ("\u2212" if value < 0 else "") + f"{abs(value):.{digits}f}"


def _to_svg(fig: Figure, ax: Axes, xy: tuple[float, float]) -> tuple[float, float]:
    """Data coordinates of ``ax`` to the coordinates of ``fig``'s SVG (points, y downward)."""
    px, py = ax.transData.transform(xy)
    scale = 72.0 / fig.dpi
    return px * scale, fig.bbox.height * scale - py * scale


def _svg_root(svg: str, extra_class: str) -> str:
    """Drop the XML prologue, and let the SVG scale to its container's width."""
    svg = svg[svg.index("<svg") :]
    return re.sub(
        r'<svg([^>]*?) width="[^"]*" height="[^"]*"',
        rf'<svg\1 class="{extra_class}" width="100%"',
        svg,
        count=1,
    )


def prefix_ids(svg: str, prefix: str) -> str:
    """Prefix every id of ``svg``, and every reference to one (``url(#..)``, ``href="#.."``).

    Examples
    --------
    >>> prefix_ids('<g id="a"><use xlink:href="#a" clip-path="url(#a)"/></g>', "p-")
    '<g id="p-a"><use xlink:href="#p-a" clip-path="url(#p-a)"/></g>'
    """
    if not re.fullmatch(r"[A-Za-z][\w-]*", prefix):
        raise ValueError(f"prefix must start with a letter and hold [A-Za-z0-9_-]; got {prefix!r}")
    svg = re.sub(r'\bid="([^"]+)"', rf'id="{prefix}\1"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}\1)", svg)
    return re.sub(r'href="#([^"]+)"', rf'href="#{prefix}\1"', svg)


def lstm_values_svg(
    values: Mapping[str, float], *, x_text: str | None = None, prefix: str = "", alt: str = ""
) -> str:
    """The LSTM module of :func:`lstm_explained.book.diagrams.module`, its values written on it.

    Parameters
    ----------
    values : mapping of str to float
        Any of ``f``, ``i``, ``C_tilde``, ``o``, ``C``, ``h``, ``C_prev``, ``h_prev``, ``x``.
    x_text : str, optional
        Written beside ``x_t`` instead of a number (a word, say).
    prefix : str
        Put before every id of the SVG (see :func:`prefix_ids`).
    alt : str
        The picture's text alternative (``role="img"``); the module's own by default.

    Returns
    -------
    str
        An ``<svg>`` element: numbers as ``<text id="value-f">``, bars as ``<rect
        id="level-f" data-x0 data-width data-signed>`` (a sigmoid's bar fills from the left,
        the tanh layer's from the middle).

    Examples
    --------
    >>> svg = lstm_values_svg({"f": 0.25, "C_tilde": -0.5}, prefix="a-")
    >>> 'id="a-value-f"' in svg and ">0.25<" in svg and 'id="a-level-C_tilde"' in svg
    True
    """
    fig = module("lstm")
    ax = fig.axes[0]
    diagram = fig.diagram
    ink = S.INK
    out = []
    for name, value in values.items():
        if name not in _NUMBERS:
            raise ValueError(f"values names no part of the figure: {name!r}")
        part, dx, dy, anchor = _NUMBERS[name]
        at = diagram[part].xy
        x, y = _to_svg(fig, ax, (at[0] + dx, at[1] + dy))
        text = html.escape(x_text) if name == "x" and x_text is not None else fmt(value)
        halo = (
            f' stroke="{S.FRAME_FACE}" stroke-width="5" paint-order="stroke"'
            if anchor == "middle"
            else ""
        )
        out.append(
            f'<text id="value-{name}" class="lx-num" x="{x:.2f}" y="{y:.2f}" '
            f'text-anchor="{anchor}" font-size="{_FONT}" fill="{ink}"{halo}>{text}</text>'
        )
    if x_text is not None and "x" not in values:
        raise ValueError("x_text needs an 'x' entry in values")
    with plt.rc_context(_AS_DRAWN):
        svg = svg_text(fig)
    plt.close(fig)
    for name, part in _LEVELS.items():
        if name not in values:
            continue
        w, h = S.LAYER_SIZE
        cx, cy = diagram[part].xy
        inset = 0.08  # a strip along the bottom of the box, under its symbol
        x0, y0 = _to_svg(fig, ax, (cx - w / 2 + inset, cy - h / 2 + inset))
        x1, y1 = _to_svg(fig, ax, (cx + w / 2 - inset, cy - h / 2 + inset + 0.13))
        signed = name == "C_tilde"
        v = float(values[name])
        full = x1 - x0
        left = x0 + (full / 2 + min(v, 0.0) * full / 2 if signed else 0.0)
        width = abs(v) * full / 2 if signed else v * full
        rect = (
            f'<rect id="level-{name}" class="lx-level" x="{left:.2f}" y="{y1:.2f}" '
            f'width="{width:.2f}" height="{y0 - y1:.2f}" data-x0="{x0:.2f}" '
            f'data-width="{full:.2f}" data-signed="{int(signed)}" fill="{S.LAYER_EDGE}"/>'
        )
        # the bar goes just after the box's shape, so the box's symbol stays on top of it
        at = svg.index(f'<g id="{part}">')
        end = svg.index("</g>", at) + len("</g>")
        svg = svg[:end] + rect + svg[end:]
    svg = svg.replace("</svg>", f'<g id="values">{"".join(out)}</g></svg>')
    label = html.escape(alt or fig.alt, quote=True)
    svg = _svg_root(svg, "lx-svg").replace("<svg", f'<svg role="img" aria-label="{label}"', 1)
    return prefix_ids(svg, prefix) if prefix else svg


def axes_map(fig: Figure, ax: Axes) -> dict[str, float]:
    """How a point ``(k, rho)`` of a log-y plot lands in the figure's SVG.

    Returns ``{"x0", "xk", "y0", "ylog"}`` with ``x = x0 + xk * k`` and
    ``y = y0 + ylog * log10(rho)``, in the SVG's points.

    Examples
    --------
    >>> fig, ax = plt.subplots(figsize=(2, 2))
    >>> ax.set_yscale("log")
    >>> _ = ax.set_xlim(0, 10), ax.set_ylim(1e-3, 1)
    >>> m = axes_map(fig, ax)
    >>> bool(m["xk"] > 0 and m["ylog"] < 0)
    True
    >>> plt.close(fig)
    """
    x_a, y_a = _to_svg(fig, ax, (0.0, 1.0))
    x_b, y_b = _to_svg(fig, ax, (1.0, 10.0))
    return {"x0": float(x_a), "xk": float(x_b - x_a), "y0": float(y_a), "ylog": float(y_b - y_a)}


def decay_svg(
    data: Mapping[str, Any], key: str, rnn: np.ndarray | None = None, *, prefix: str = ""
) -> tuple[str, dict[str, float]]:
    r"""The decay plot: :math:`\rho(k)` of the curve ``key`` of :func:`decay_data`, drawn bold
    (id ``curve-rho``), the gate frozen at its start, :math:`\sigma(b)^k`, dashed
    (``curve-keep``), and, thin and grey, a vanilla RNN's ``rnn`` for comparison. The y-axis
    spans ``DECAY_YLIM``.

    Returns
    -------
    (str, dict)
        The ``<svg>`` element and its :func:`axes_map`.

    Examples
    --------
    >>> from lstm_explained.book.explorables.data import decay_data
    >>> data = decay_data([3], ["LSTM"], seeds=[0], T=6, burn_in=2, batch_size=2)
    >>> svg, where = decay_svg(data, "LSTM 3")
    >>> 'id="curve-rho"' in svg and 'id="curve-keep"' in svg
    True
    """
    if key not in data["rho"]:
        raise ValueError(f"key must be one of {sorted(data['rho'])}; got {key!r}")
    k = np.asarray(data["k"])
    bias = float(key.split()[-1])
    with plt.rc_context({"font.size": 11, **_AS_DRAWN}):
        fig, ax = plt.subplots(figsize=(5.6, 3.5), dpi=100)
        fig.patch.set_facecolor(S.PANEL)
        ax.set_facecolor(S.PANEL)
        if rnn is not None:
            (line,) = ax.plot(k, rnn, color="#6b6b6b", lw=1.2, label="vanilla RNN")
            line.set_gid("curve-rnn")
        keep = sigmoid(np.float64(bias)) ** k
        label = r"frozen gate, $\sigma(b)^k$"
        (line,) = ax.plot(k, keep, color=S.OKABE_ITO["vermillion"], lw=1.6, ls=(0, (4, 2.5)),
                          label=label)  # fmt: skip
        line.set_gid("curve-keep")
        (line,) = ax.plot(k, data["rho"][key], color=S.OKABE_ITO["blue"], lw=2.6,
                          label=r"measured $\rho(k)$")  # fmt: skip
        line.set_gid("curve-rho")
        ax.set_yscale("log")
        ax.set_xlim(0, int(k[-1]))
        ax.set_ylim(*DECAY_YLIM)
        ax.set_yticks([10.0**e for e in range(round(np.log10(DECAY_YLIM[0])), 1)])
        ax.set_xlabel("k, steps back from the loss")
        ax.set_ylabel(r"$\rho(k)$")
        ax.spines[["top", "right"]].set_visible(False)
        # above the plot: a curve may pass anywhere inside it
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=3, fontsize=9.5,
                  frameon=False, handlelength=2.2, columnspacing=1.2)  # fmt: skip
        fig.tight_layout(pad=0.4)
        where = axes_map(fig, ax)
        svg = svg_text(fig)
        plt.close(fig)
    svg = _svg_root(svg, "lx-svg")
    return (prefix_ids(svg, prefix) if prefix else svg), where


def inline(svg: str) -> str:
    r"""``svg`` for a page: no metadata block, no line breaks or indentation (7 % fewer bytes).

    Examples
    --------
    >>> inline('<svg>\n <metadata>x</metadata>\n <path d="M 0 1 \nL 2 3"/>\n</svg>')
    '<svg><path d="M 0 1 L 2 3"/></svg>'
    """
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.S)
    return re.sub(r">\s+<", "><", re.sub(r"[ \t]*\n\s*", " ", svg))
