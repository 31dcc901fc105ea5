r"""Finding a hidden unit that tracks a property of the text, and showing it on the text.

In the spirit of Karpathy et al. (2015): mark, for every character of a text, whether a property
holds there (inside inline math, inside backticks, inside parentheses...), read every hidden
unit's value at every character, and rank the units by how well their value alone separates the
characters where the property holds from the others. The score is the area under the ROC curve,
:func:`separation_auc`: the probability that a random character with the property gets a higher
value than a random one without (0.5 is chance; a unit that is *low* inside scores below 0.5, so
the ranking uses :math:`\max(A, 1 - A)`). :func:`unit_html` colours the characters of a passage
by a unit's value, as text that wraps on any screen.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import numpy as np

__all__ = ["best_units", "inside_spans", "separation_auc", "text_properties", "unit_html"]


def inside_spans(text: str, opening: str, closing: str) -> np.ndarray:
    r"""Whether each character lies inside a span from ``opening`` to ``closing`` (delimiters
    included), spans not nested, a paragraph break closing any span left open.

    Examples
    --------
    >>> inside_spans("a (b) c", "(", ")").astype(int).tolist()
    [0, 0, 1, 1, 1, 0, 0]
    >>> inside_spans("x $y$ z", "$", "$").astype(int).tolist()
    [0, 0, 1, 1, 1, 0, 0]
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str; got {type(text).__name__}")
    if len(opening) != 1 or len(closing) != 1:
        raise ValueError(
            f"opening and closing must be single characters; got {opening!r}, {closing!r}"
        )
    inside = np.zeros(len(text), dtype=bool)
    is_in = False
    for t, c in enumerate(text):
        if is_in:
            inside[t] = True
            if c == closing or c == "\n":
                is_in = False
        elif c == opening:
            inside[t] = is_in = True
    return inside


def text_properties(text: str) -> dict[str, np.ndarray]:
    """The properties :func:`best_units` looks for, each a ``(len(text),)`` bool array.

    ``"inline math"`` (between ``$`` signs), ``"inline code"`` (between backticks),
    ``"parentheses"``, ``"quotes"`` (between double quotes) and ``"word start"`` (the first
    letter of a word).

    Examples
    --------
    >>> sorted(text_properties("a `b` (c)"))
    ['inline code', 'inline math', 'parentheses', 'quotes', 'word start']
    """
    word_start = np.array(
        [c.isalpha() and (t == 0 or not text[t - 1].isalpha()) for t, c in enumerate(text)],
        dtype=bool,
    )
    return {
        "inline math": inside_spans(text, "$", "$"),
        "inline code": inside_spans(text, "`", "`"),
        "parentheses": inside_spans(text, "(", ")"),
        "quotes": inside_spans(text, '"', '"'),
        "word start": word_start,
    }


def separation_auc(values: Any, labels: Any) -> np.ndarray:
    r"""Area under the ROC curve of each column of ``values`` as a score for ``labels``.

    Parameters
    ----------
    values : array_like
        Shape ``(N, U)``. One column per unit, one row per character.
    labels : array_like of bool
        Shape ``(N,)``. Where the property holds; both classes must occur.

    Returns
    -------
    ndarray
        Shape ``(U,)``. :math:`P(v_{\text{with}} > v_{\text{without}})`, ties counting one half.

    Examples
    --------
    >>> import numpy as np
    >>> v = np.array([[0.1, 5.0], [0.9, 1.0], [0.8, 2.0], [0.2, 3.0]])
    >>> separation_auc(v, [False, True, True, False]).tolist()
    [1.0, 0.0]
    """
    v = np.asarray(values, dtype=np.float64)
    y = np.asarray(labels, dtype=bool)
    if v.ndim != 2 or y.shape != (v.shape[0],):
        raise ValueError(f"values must be (N, U) and labels (N,); got {v.shape} and {y.shape}")
    if y.all() or not y.any():
        raise ValueError("labels must contain both True and False")
    return _auc_from_ranks(_average_ranks(v), y)


def _average_ranks(v: np.ndarray) -> np.ndarray:
    # the rank of every value in its column, ties sharing their mean rank
    order = np.argsort(v, axis=0, kind="stable")
    ranks = np.empty_like(v)
    for u in range(v.shape[1]):
        sorted_v = v[order[:, u], u]
        _, first, counts = np.unique(sorted_v, return_index=True, return_counts=True)
        mean_rank = first + (counts + 1) / 2.0
        ranks[order[:, u], u] = np.repeat(mean_rank, counts)
    return ranks


def _auc_from_ranks(ranks: np.ndarray, y: np.ndarray) -> np.ndarray:
    # the Mann-Whitney statistic, scaled to the area under the ROC curve
    n_pos = int(y.sum())
    n_neg = y.size - n_pos
    return (ranks[y].sum(axis=0) - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg)


def best_units(values: Any, properties: Mapping[str, Any]) -> list[dict[str, Any]]:
    """For each property, the unit whose value separates it best, strongest first.

    A property that holds everywhere or nowhere in the text is left out.

    Returns
    -------
    list of dict
        ``property``, ``unit``, ``auc`` (of the unit's value, below 0.5 when the unit is low
        inside), ``separation`` (``max(auc, 1 - auc)``), ``sign`` (+1: high inside, -1: low).

    Examples
    --------
    >>> import numpy as np
    >>> v = np.array([[0.0, 1.0], [0.0, -1.0], [1.0, 1.0]])
    >>> best_units(v, {"x": [False, True, False]})[0]["unit"]
    1
    """
    found = []
    v = np.asarray(values, dtype=np.float64)
    ranks = None  # the ranks of every column, computed once for every property
    for name, labels in properties.items():
        labels = np.asarray(labels, dtype=bool)
        if labels.all() or not labels.any():
            continue
        if v.ndim != 2 or labels.shape != (v.shape[0],):
            raise ValueError(
                f"values must be (N, U) and labels (N,); got {v.shape} and {labels.shape}"
            )
        ranks = _average_ranks(v) if ranks is None else ranks
        auc = _auc_from_ranks(ranks, labels)
        sep = np.maximum(auc, 1.0 - auc)
        u = int(np.argmax(sep))
        found.append(
            {
                "property": name,
                "unit": u,
                "auc": float(auc[u]),
                "separation": float(sep[u]),
                "sign": 1 if auc[u] >= 0.5 else -1,
            }
        )
    return sorted(found, key=lambda row: -row["separation"])


#: Colours of :func:`unit_html`, one rule per sign: the alpha of each character's background is
#: ``|value|`` times the rule's factor, over the background around it, and the text keeps the
#: colour around it. In the dark mode pydata-sphinx-theme sets every HTML output on a light
#: card (``html[data-theme="dark"] .bd-content div.cell_output .text_html``: light background,
#: dark text), so the same colours serve both modes; on white or on that card the dark text
#: keeps a contrast above 4.5 on the deepest colour.
#: The backgrounds, ``(red, green, blue, largest alpha)`` for positive and negative values: the
#: alpha grows with ``|value|`` and the text keeps the page's colour, so both modes read.
UNIT_COLOURS = {"p": (230, 159, 0, 0.85), "n": (0, 114, 178, 0.6)}


def unit_html(text: str, values: Any, *, label: str = "") -> str:
    r"""The passage as HTML, each character on a background coloured by the unit's value.

    Values in ``[-1, 1]`` (a ``tanh`` unit): blue for negative, orange for positive, the deeper
    the larger, nothing at zero; the text keeps the page's colour and the colours change with
    the theme (``UNIT_COLOURS``), so it reads in the light and the dark mode. Each character's
    value is in its ``title`` (shown on hover).

    Examples
    --------
    >>> unit_html("ab", [1.0, -1.0]).split("<span ")[1]
    'title="+1.00" style="background:rgba(230,159,0,0.85)">a</span>'
    """
    vals = np.asarray(values, dtype=np.float64)
    if vals.shape != (len(text),):
        raise ValueError(f"values must have shape (len(text)={len(text)},); got {vals.shape}")
    spans = []
    for c, v in zip(text, vals, strict=True):
        shown = "\u21b5<br>" if c == "\n" else html.escape(c)
        a = min(abs(float(v)), 1.0)
        sign = "p" if v > 0 else "n"
        r, g, b, top = UNIT_COLOURS[sign]
        bg = f"background:rgba({r},{g},{b},{a * top:.2f})"
        spans.append(f'<span title="{v:+.2f}" style="{bg}">{shown}</span>')
    style = (
        "font-family:monospace;font-size:0.95em;line-height:1.7;white-space:pre-wrap;"
        "overflow-wrap:anywhere;padding:0.5em;border-radius:4px;"
        "border:1px solid rgba(128,128,128,0.4)"
    )
    aria = html.escape(label or "text coloured by a unit's value", quote=True)
    return (
        f'<div class="lm-unit" role="figure" aria-label="{aria}" style="{style}">'
        + "".join(spans)
        + "</div>"
    )
