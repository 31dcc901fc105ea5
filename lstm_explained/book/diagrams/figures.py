r"""The figures of the book, one public function each; every one returns a matplotlib figure.

Each figure carries its alternative text, from ``alt_text.ALT``, as ``fig.alt``. All of them are
drawn by ``drawing.render`` from a description (``registry``, ``sketches``, ``clock_schedule``).
``module`` draws the repeating module of any of the seven models.
"""

from __future__ import annotations

from collections.abc import Iterable

from . import cells, clock_schedule, sketches
from .alt_text import ALT
from .compose import chain
from .drawing import render
from .registry import describe
from .svg import DiagramFigure

__all__ = [
    "rnn_loop",
    "rnn_unrolled",
    "dependencies",
    "rnn_chain",
    "lstm_chain",
    "notation",
    "cell_state",
    "gate",
    "lstm_step",
    "module",
    "clockwork_modules",
    "STEPS",
]


def module(name: str = "lstm", *, highlight: Iterable[str] | None = None) -> DiagramFigure:
    """The repeating module of any of the seven models, with any parts highlighted.

    Parameters
    ----------
    name : str
        A key of ``DIAGRAMS`` (the keys of ``lstm_explained.cells.registry.MODELS``): ``"rnn"``,
        ``"lstm"``, ``"peephole"``, ``"coupled"``, ``"gru"``, ``"depth_gated"`` or
        ``"clockwork"``.
    highlight : iterable of str, optional
        Parts (or element names) to draw in full while the rest is faded.

    Returns
    -------
    DiagramFigure
        Its ``alt`` is ``ALT[name]``, followed by what is highlighted if anything is.

    Examples
    --------
    >>> fig = module("gru", highlight={"reset"})
    >>> fig.alt.startswith("The gated recurrent unit")
    True
    >>> fig.alt.endswith("Highlighted: reset; the rest is faded.")
    True
    """
    diagram = describe(name)
    alt = ALT[name]
    if highlight is not None:
        parts = sorted(set(highlight))
        alt += f" Highlighted: {', '.join(parts) or 'nothing'}; the rest is faded."
    return render(diagram, highlight=highlight, alt=alt)


def rnn_loop() -> DiagramFigure:
    """A recurrent cell ``A`` with its loop: the state it computes is fed back into it.

    Examples
    --------
    >>> fig = rnn_loop()
    >>> sorted(t.get_text() for t in fig.axes[0].texts)
    ['$A$', '$h_t$', '$x_t$']
    """
    return render(
        sketches.loop(),
        alt=ALT["rnn_loop"],
    )


def rnn_unrolled() -> DiagramFigure:
    """The loop unrolled: one copy of the cell per time step, each passing its state on.

    Examples
    --------
    >>> fig = rnn_unrolled()
    >>> "$x_2$" in [t.get_text() for t in fig.axes[0].texts]
    True
    """
    return render(
        sketches.unrolled(),
        alt=ALT["rnn_unrolled"],
    )


def dependencies(gap: str = "short") -> DiagramFigure:
    """An unrolled chain where the output at one step needs inputs from a few or many steps back.

    Parameters
    ----------
    gap : {"short", "long"}
        ``"short"``: :math:`h_3` depends on :math:`x_0` and :math:`x_1`, two steps back.
        ``"long"``: :math:`h_{t+1}` depends on them, across many steps.

    Returns
    -------
    DiagramFigure
        The relevant inputs and the output are marked with a blue background.

    Examples
    --------
    >>> fig = dependencies("long")
    >>> fig.alt.split(":")[0]
    'A long gap'
    """
    diagram, relevant = sketches.dependencies(gap)
    return render(diagram, mark=relevant, alt=ALT[f"dependencies-{gap}"])


def rnn_chain() -> DiagramFigure:
    r"""Three copies of the repeating module of a vanilla RNN, each with one :math:`\tanh` layer.

    Examples
    --------
    >>> fig = rnn_chain()
    >>> sum(t.get_text() == r"$\tanh$" for t in fig.axes[0].texts)
    3
    """
    return render(
        chain(cells.rnn()),
        alt=ALT["rnn_chain"],
    )


def lstm_chain() -> DiagramFigure:
    r"""Three copies of the repeating module of an LSTM, each with four interacting layers.

    Examples
    --------
    >>> fig = lstm_chain()
    >>> sum(t.get_text() == r"$\sigma$" for t in fig.axes[0].texts)
    9
    """
    return render(
        chain(cells.lstm()),
        alt=ALT["lstm_chain"],
    )


def notation() -> DiagramFigure:
    """The notation of the diagrams: layer, pointwise operation, vector transfer, concatenate, copy.

    Examples
    --------
    >>> fig = notation()
    >>> len(fig.axes[0].texts)
    5
    """
    return render(
        sketches.notation(),
        alt=ALT["notation"],
    )


def cell_state() -> DiagramFigure:
    """The LSTM module with only its cell-state line highlighted: the conveyor belt.

    Examples
    --------
    >>> cell_state().alt.startswith("The LSTM module with the cell-state line")
    True
    """
    return render(
        cells.lstm(),
        highlight={"cell_state"},
        alt=ALT["cell_state"],
    )


def gate() -> DiagramFigure:
    r"""A gate: a :math:`\sigma` layer whose output, between 0 and 1, multiplies a vector.

    Examples
    --------
    >>> sorted(t.get_text() for t in gate().axes[0].texts)[:2]
    ['$\\sigma$', '$\\times$']
    """
    return render(
        sketches.gate(),
        alt=ALT["gate"],
    )


#: The four steps of the LSTM walkthrough: the parts of the module each one highlights. The
#: figure's alt text is ``ALT["lstm_step-<step>"]``.
STEPS: dict[str, frozenset[str]] = {
    "forget": frozenset({"forget"}),
    "input": frozenset({"input"}),
    "update": frozenset({"update"}),
    "output": frozenset({"output"}),
}


def lstm_step(step: str) -> DiagramFigure:
    r"""One step of the LSTM walkthrough: the module with that step highlighted.

    Parameters
    ----------
    step : {"forget", "input", "update", "output"}
        The forget gate (:math:`f_t`), the input gate and candidate (:math:`i_t`,
        :math:`\tilde{C}_t`), the cell update (:math:`C_{t-1} \to C_t`) or the output gate
        (:math:`o_t`, :math:`h_t`).

    Returns
    -------
    DiagramFigure

    Examples
    --------
    >>> fig = lstm_step("forget")
    >>> fig.alt.split(":")[0]
    'The LSTM module with the forget gate highlighted'
    """
    if step not in STEPS:
        raise ValueError(f"step must be one of {list(STEPS)}; got {step!r}")
    return render(cells.lstm(), highlight=STEPS[step], alt=ALT[f"lstm_step-{step}"])


def clockwork_modules() -> DiagramFigure:
    """The clockwork RNN's four modules (periods 1, 2, 4, 8): what each reads, when it updates.

    One row per module, in two grids. Above, the time steps 0 to 15, filled where the module
    computes a new value (its period divides :math:`t`); elsewhere it keeps its value. Below,
    the recurrent weights by module, filled where the row's module reads the column's (the
    modules at least as slow as itself): a block triangle. Empty blocks are faded.

    Returns
    -------
    DiagramFigure

    Examples
    --------
    >>> fig = clockwork_modules()
    >>> fig.alt.startswith("The clockwork RNN's four modules")
    True
    """
    diagram, filled = clock_schedule.schedule((1, 2, 4, 8), steps=16)
    words = {lb.name for lb in diagram.labels}
    return render(diagram, highlight=filled | words, mark=filled, alt=ALT["clockwork_modules"])


# The old names, kept until every chapter calls ``module``: ``variant(name)`` is
# ``module(name)`` and ``VARIANTS`` the alt texts of its three figures.
VARIANTS = {name: ALT[name] for name in ("peephole", "coupled", "gru")}


def variant(name: str, *, highlight: Iterable[str] | None = None) -> DiagramFigure:
    """The same as ``module(name, highlight=highlight)`` (an old name, kept for the chapters)."""
    if name not in VARIANTS:
        raise ValueError(f"name must be one of {list(VARIANTS)}; got {name!r}")
    return module(name, highlight=highlight)
