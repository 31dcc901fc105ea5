"""The interactive figures as HTML a notebook cell shows: picture, data, caption.

Each function returns an :class:`Explorable`, which a notebook displays as HTML (``text/html``).
The HTML holds the static figure (an inline SVG drawn at the starting setting, with its numbers),
a ``<script type="application/json">`` with the data, a live region that says the values in words,
an empty, hidden box for the controls, and the caption. The book's page script
(``docs/_static/explorables.js``) finds ``figure.lx``, builds the controls from the data and
shows them; without scripts the reader sees the static figure and its caption.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from ... import sigmoid
from .data import LAYERS, PARTS, decay_data, playground_data, scrub_data
from .svg import decay_svg, fmt, inline, lstm_values_svg

__all__ = [
    "Explorable",
    "decay_figure",
    "playground_figure",
    "pre_table",
    "scrub_figure",
    "sci",
]

_SYMBOLS = {"f": "f", "i": "i", "C_tilde": "C̃", "o": "o", "C": "C", "h": "h"}


_SUPERSCRIPT = str.maketrans("0123456789\u2212", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def sci(value: float) -> str:
    """A positive number as the decay figure writes it: two decimals, or a power of ten.

    The page's script writes numbers the same way.

    Examples
    --------
    >>> sci(0.2629), sci(3.0e-8), sci(0.0)
    ('0.26', '3.0 × 10⁻⁸', '0')
    """
    if value == 0:
        return "0"
    if value >= 0.01:
        return f"{value:.2f}"
    mantissa, exponent = f"{value:.1e}".split("e")
    return f"{mantissa} × 10{fmt(int(exponent), 0).translate(_SUPERSCRIPT)}"


@dataclass(frozen=True, repr=False)
class Explorable:
    """An interactive figure: its kind, its data and its static HTML.

    Attributes
    ----------
    kind : str
        ``"scrub"``, ``"decay"`` or ``"playground"``: which part of the page script drives it.
    data : dict
        JSON-ready data the script reads.
    html : str
        The whole ``<figure>``.
    """

    kind: str
    data: dict[str, Any]
    html: str

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:  # a notebook keeps this beside the HTML: short, not the page
        return f"<interactive figure: {self.kind}, {len(self.html)} characters of HTML>"

    @property
    def json(self) -> str:
        """The data as it sits in the page (``</`` escaped)."""
        return json.dumps(self.data, separators=(",", ":")).replace("</", "<\\/")


#: Rows of controls each figure gets (and the height of what follows them: the playground's
#: button, the scrub slider's marks), so that the page can keep their room free while its script
#: builds them: nothing below moves when they appear.
_ROWS = {"scrub": (1, "1.75rem"), "decay": (2, ""), "playground": (7, "2.75rem")}


def _figure(
    kind: str,
    ident: str,
    data: dict[str, Any],
    picture: str,
    extra: str,
    readout: str,
    caption: str,
) -> Explorable:
    payload = json.dumps(data, separators=(",", ":")).replace("</", "<\\/")
    rows, extra_room = _ROWS[kind]
    room = f"--lx-rows: {rows}" + (f"; --lx-extra: {extra_room}" if extra_room else "")
    page = (
        f'<figure class="lx lx-{kind}" id="{ident}" data-lx="{kind}">'
        f'<div class="lx-picture">{inline(picture)}</div>{extra}'
        f'<div class="lx-controls" style="{room}" hidden></div>'
        f'<p class="lx-readout" aria-live="polite">{readout}</p>'
        f'<script type="application/json" class="lx-data">{payload}</script>'
        f"<figcaption>{caption}</figcaption></figure>"
    )
    return Explorable(kind, data, page)


def _sentence(words: list[str], at: int, subjects: tuple[int, ...]) -> str:
    spans = (
        f'<span class="lx-word{" lx-subject" if t in subjects else ""}"'
        f"{' aria-current=true' if t == at else ''}>{html.escape(w)}</span>"
        for t, w in enumerate(words)
    )
    return f'<p class="lx-sentence">{" ".join(spans)}</p>'


def scrub_words(words: list[str], values: Mapping[str, list[float]], t: int) -> str:
    """What the scrub figure's live region says at step ``t`` (the script says the same).

    Examples
    --------
    >>> v = {k: [0.5] for k in PARTS}
    >>> scrub_words(["king"], v, 0)
    'Word 1 of 1, “king”: f 0.50, i 0.50, C̃ 0.50, o 0.50, C 0.50, h 0.50.'
    """
    parts = ", ".join(f"{_SYMBOLS[k]} {fmt(values[k][t])}" for k in PARTS)
    return f"Word {t + 1} of {len(words)}, “{words[t]}”: {parts}."


def scrub_figure(
    trace: Mapping[str, Any], *, ident: str = "lx-scrub", caption: str = ""
) -> Explorable:
    """Figure 1: a slider along a sentence; the module shows the gender unit's values at a word.

    Parameters
    ----------
    trace : mapping
        What :func:`~lstm_explained.book.experiments.gates.watch_gates` returns.
    ident : str
        The figure's HTML id, also the prefix of its SVG's ids.
    caption : str
        The caption (HTML).

    Examples
    --------
    >>> import numpy as np
    >>> trace = {k: np.linspace(-0.5, 0.5, 3) for k in PARTS}
    >>> trace.update(words=["a", "king", "."], unit=0, first_at=1, change_at=1)
    >>> fig = scrub_figure(trace)
    >>> fig.kind, "Word 2 of 3" in fig.html
    ('scrub', True)
    >>> '<span class="lx-word lx-subject" aria-current=true>king' in fig.html
    True
    """
    data = scrub_data(trace)
    t, values = data["start"], data["values"]
    shown = {k: values[k][t] for k in (*PARTS, "C_prev", "h_prev")}
    picture = lstm_values_svg(
        {**shown, "x": 0.0}, x_text=data["words"][t], prefix=f"{ident}-",
        alt=f"The LSTM module with the values of unit {data['unit']} written beside its parts.",
    )  # fmt: skip
    return _figure(
        "scrub", ident, data, picture,
        _sentence(data["words"], t, (data["first_at"], data["change_at"])),
        scrub_words(data["words"], values, t), caption,
    )  # fmt: skip


def decay_words(cell: str, bias: float, rho: list[float]) -> str:
    """What the decay figure's live region says for one curve (the script says the same).

    Examples
    --------
    >>> decay_words("LSTM", 3.0, [1.0] * 101)  # doctest: +NORMALIZE_WHITESPACE
    'LSTM, forget bias b_f = 3: ρ(10) = 1.00, ρ(50) = 1.00, ρ(100) = 1.00;
     frozen gate at k = 100: 7.8 × 10⁻³.'
    >>> decay_words("GRU", 1.0, [0.5] * 11)
    'GRU, keep bias 1 (b_z = −1): ρ(10) = 0.50; frozen gate at k = 10: 0.04.'
    """
    ks = [k for k in (10, 50, 100) if k < len(rho)]
    at = ", ".join(f"ρ({k}) = {sci(rho[k])}" for k in ks)
    if cell == "GRU":
        name = f"GRU, keep bias {fmt(bias, 0)} (b_z = {fmt(-bias, 0)})"
    else:
        name = f"{cell}, forget bias b_f = {fmt(bias, 0)}"
    frozen = float(sigmoid(np.float64(bias))) ** ks[-1] if ks else 1.0
    return f"{name}: {at}; frozen gate at k = {ks[-1]}: {sci(frozen)}." if ks else f"{name}."


def decay_figure(
    data: Mapping[str, Any] | None = None,
    *,
    start: str = "LSTM 3",
    ident: str = "lx-decay",
    caption: str = "",
) -> Explorable:
    r"""Figure 2: a choice of cell and a slider over its starting bias redraw :math:`\rho(k)`.

    Parameters
    ----------
    data : mapping, optional
        What :func:`decay_data` returns (computed if omitted).
    start : str
        The curve shown first.
    ident, caption : str
        The figure's HTML id (and SVG id prefix) and its caption (HTML).

    Examples
    --------
    >>> data = decay_data([1, 3], ["LSTM"], seeds=[0], T=11, burn_in=2, batch_size=2)
    >>> sorted(data["rho"])
    ['LSTM 1', 'LSTM 3', 'RNN']
    >>> fig = decay_figure(data)
    >>> fig.data["map"]["xk"] > 0, "LSTM, forget bias b_f = 3" in fig.html
    (True, True)
    """
    data = dict(decay_data() if data is None else data)
    rnn = data["rho"].get("RNN")
    picture, where = decay_svg(data, start, rnn, prefix=f"{ident}-")
    data["map"] = where
    data["start"] = start
    cell, bias = start.split()
    words = decay_words(cell, float(bias), data["rho"][start])
    return _figure("decay", ident, data, picture, "", words, caption)


#: The rows' names; a phone shows the symbol alone (the caption names the functions).
_LAYER_NAMES = {
    "f": '<i>f</i><span class="lx-fn"> = σ(<i>z</i>)</span>',
    "i": '<i>i</i><span class="lx-fn"> = σ(<i>z</i>)</span>',
    "C_tilde": '<i>C̃</i><span class="lx-fn"> = tanh(<i>z</i>)</span>',
    "o": '<i>o</i><span class="lx-fn"> = σ(<i>z</i>)</span>',
}


def pre_terms(
    weights: Mapping[str, list[float]], inputs: Mapping[str, float], name: str
) -> tuple[str, str, str]:
    """The three terms of a layer's pre-activation as the playground's table writes them.

    Examples
    --------
    >>> w = {"W_f": [0.25, -1.5]}
    >>> pre_terms(w, {"h_prev": 0.0, "x": 1.0, "b_f": -4.0}, "f")
    ('0.25\u2009×\u20090.0', '−1.50\u2009×\u20091.0', '−4.0')
    """
    g = LAYERS[name]
    w_h, w_x = weights[f"W_{g}"]
    return (
        f"{fmt(w_h)}\u2009×\u2009{fmt(inputs['h_prev'], 1)}",
        f"{fmt(w_x)}\u2009×\u2009{fmt(inputs['x'], 1)}",
        fmt(inputs[f"b_{g}"], 1),
    )


def pre_table(
    weights: Mapping[str, list[float]],
    inputs: Mapping[str, float],
    pre: Mapping[str, float],
    values: Mapping[str, float],
    ident: str,
) -> str:
    """The playground's table: each layer's pre-activation, term by term, and its output.

    A row per layer: ``w_h × h_prev``, ``w_x × x``, ``b``, their sum ``z`` and the layer's
    output (``σ(z)``, or ``tanh(z)`` for the candidate). The page's script rewrites the cells
    (ids ``{ident}-pre-{layer}-{h,x,b,z,out}``) as the controls move.

    Examples
    --------
    >>> w = {f"W_{g}": [0.5, -1.0] for g in "fiCo"}
    >>> s = {"x": 1.0, "h_prev": 0.0, "b_f": 1.0, "b_i": 0.0, "b_C": 0.0, "b_o": 0.0}
    >>> table = pre_table(w, s, dict.fromkeys(LAYERS, 0.0), dict.fromkeys(PARTS, 0.5), "p")
    >>> '<td id="p-pre-f-x">−1.00\u2009×\u20091.0</td>' in table, table.count("<tr>")
    (True, 5)
    """
    rows = []
    for name in LAYERS:
        terms = pre_terms(weights, inputs, name)
        cells = [*terms, fmt(pre[name]), fmt(values[name])]
        tds = "".join(
            f'<td id="{ident}-pre-{name}-{key}">{text}</td>'
            for key, text in zip(("h", "x", "b", "z", "out"), cells, strict=True)
        )
        rows.append(f'<tr><th scope="row">{_LAYER_NAMES[name]}</th>{tds}</tr>')
    head = '<td><span class="lx-fn">layer</span></td>' + "".join(
        f'<th scope="col">{h}</th>'
        for h in (
            "<i>w<sub>h</sub> h</i><sub><i>t</i>−1</sub>",
            "+ <i>w<sub>x</sub> x<sub>t</sub></i>",
            "+ <i>b</i>",
            "= <i>z</i>",
            "output",
        )
    )
    return (
        '<table class="lx-pre"><caption>Each layer\'s pre-activation <i>z</i>: its weights '
        "(fixed) times the inputs, plus its bias. The layer's output is σ(<i>z</i>), "
        "tanh(<i>z</i>) for <i>C̃</i>.</caption>"
        '<colgroup><col class="lx-layer"><col class="lx-term"><col class="lx-term">'
        '<col class="lx-one"><col class="lx-one"><col class="lx-out"></colgroup>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def playground_words(values: Mapping[str, float]) -> str:
    """What the playground's live region says (the script says the same).

    Examples
    --------
    >>> playground_words({k: 0.25 for k in PARTS})
    'f 0.25, i 0.25, C̃ 0.25, o 0.25; new cell state C 0.25, output h 0.25.'
    """
    gates = ", ".join(f"{_SYMBOLS[k]} {fmt(values[k])}" for k in ("f", "i", "C_tilde", "o"))
    return f"{gates}; new cell state C {fmt(values['C'])}, output h {fmt(values['h'])}."


def playground_figure(
    data: Mapping[str, Any] | None = None, *, ident: str = "lx-play", caption: str = ""
) -> Explorable:
    """Figure 3: one LSTM unit to play with; the page evaluates its six equations.

    Parameters
    ----------
    data : mapping, optional
        What :func:`playground_data` returns (computed if
        omitted).
    ident, caption : str
        The figure's HTML id (and SVG id prefix) and its caption (HTML).

    Examples
    --------
    >>> fig = playground_figure()
    >>> fig.kind, 'id="lx-play-value-h"' in fig.html
    ('playground', True)
    """
    data = dict(playground_data() if data is None else data)
    first = data["vectors"][0]
    shown = {**first["values"], **{k: first["inputs"][k] for k in ("x", "h_prev", "C_prev")}}
    picture = lstm_values_svg(
        shown, prefix=f"{ident}-",
        alt="The LSTM module with the values of one unit written beside its parts.",
    )  # fmt: skip
    table = pre_table(data["weights"], first["inputs"], first["pre"], first["values"], ident)
    return _figure(
        "playground", ident, data, picture, table, playground_words(first["values"]), caption
    )
