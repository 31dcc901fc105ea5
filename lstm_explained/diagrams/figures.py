r"""The figures of the book, one public function each; every one returns a matplotlib figure.

Each figure carries its alternative text as ``fig.alt``. All of them are drawn by
``render`` from a description (``cells``, ``sketches``).
"""

from __future__ import annotations

from collections.abc import Iterable

from . import cells, sketches
from .render import DiagramFigure, render
from .spec import chain

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
    "variant",
    "module",
    "STEPS",
    "VARIANTS",
]

_NAMES = {
    "rnn": "a vanilla RNN",
    "lstm": "an LSTM",
    "peephole": "an LSTM with peephole connections",
    "coupled": "an LSTM with coupled forget and input gates",
    "gru": "a gated recurrent unit (GRU)",
}


def module(name: str = "lstm", *, highlight: Iterable[str] | None = None) -> DiagramFigure:
    """The repeating module of any described cell, with any parts highlighted.

    Parameters
    ----------
    name : str
        A key of ``CELLS``: ``"rnn"``, ``"lstm"``,
        ``"peephole"``, ``"coupled"`` or ``"gru"``.
    highlight : iterable of str, optional
        Parts (or element names) to draw in full while the rest is faded.

    Returns
    -------
    DiagramFigure

    Examples
    --------
    >>> fig = module("gru", highlight={"reset"})
    >>> fig.alt.startswith("The repeating module of a gated recurrent unit")
    True
    """
    diagram = cells.describe(name)
    alt = f"The repeating module of {_NAMES.get(name, name)}"
    if highlight is not None:
        parts = sorted(set(highlight))
        alt += f", with {', '.join(parts) or 'nothing'} highlighted and the rest faded"
    return render(diagram, highlight=highlight, alt=alt + ".")


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
        alt=(
            "A recurrent network drawn as one cell A: the input x_t enters from below, the output "
            "h_t leaves at the top, and a loop arrow on the right feeds the cell's state back "
            "into itself for the next step."
        ),
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
        alt=(
            "The looped cell A, an equals sign, and the same network unrolled into a chain of "
            "copies of A: the copies read x_0, x_1, x_2, and so on up to x_t, emit h_0, h_1, h_2 "
            "up to h_t, and each passes its state to the next by an arrow."
        ),
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
    if gap == "short":
        alt = (
            "A short gap: a chain of five copies of cell A reading x_0 to x_4. The inputs x_0 and "
            "x_1 and the output h_3 are marked: the information h_3 needs is only a few steps back."
        )
    else:
        alt = (
            "A long gap: a chain of copies of cell A reading x_0, x_1, then an ellipsis for many "
            "steps, then x_t and x_{t+1}. The inputs x_0 and x_1 and the output h_{t+1} are "
            "marked: the information h_{t+1} needs is far back."
        )
    return render(diagram, mark=relevant, alt=alt)


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
        alt=(
            "Three copies of a vanilla RNN's repeating module in a row, for steps t-1, t and t+1. "
            "In each, the previous hidden state and the input x are concatenated and go through "
            "a single tanh layer, whose output h is both the step's output, leaving at the top, "
            "and the state passed to the next copy."
        ),
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
        alt=(
            "Three copies of an LSTM's repeating module in a row, for steps t-1, t and t+1. Each "
            "has four layers (three sigmoid layers and one tanh layer) and pointwise "
            "multiplications, an addition and a tanh; the cell state runs as a heavy blue line "
            "along the top through all three copies, the hidden state along the bottom."
        ),
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
        alt=(
            "The notation used in the diagrams: an orange box is a neural network layer, a pink "
            "circle a pointwise operation, an arrow a vector transfer, two lines merging a "
            "concatenation, and a line forking in two a copy."
        ),
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
        alt=(
            "The LSTM module with the cell-state line highlighted and everything else faded: "
            "C_{t-1} runs straight along the top of the cell, through one pointwise "
            "multiplication and one addition, and leaves as C_t."
        ),
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
        alt=(
            "A gate: a sigmoid layer outputs g, a vector of numbers between 0 and 1, which "
            "multiplies a vector v passing by, entry by entry, giving g * v."
        ),
    )


#: The four steps of the LSTM walkthrough: the part highlighted and the figure's alt text.
STEPS = {
    "forget": (
        {"forget"},
        "The LSTM module with the forget gate highlighted: a sigmoid layer reads h_{t-1} and "
        "x_t and outputs f_t, which multiplies the old cell state C_{t-1}; the rest is faded.",
    ),
    "input": (
        {"input"},
        "The LSTM module with the input gate and the candidate highlighted: a sigmoid layer "
        "outputs i_t and a tanh layer outputs the candidate C-tilde_t, both from h_{t-1} and "
        "x_t, and they are multiplied; the rest is faded.",
    ),
    "update": (
        {"update"},
        "The LSTM module with the cell update highlighted: the old cell state C_{t-1} is "
        "multiplied by f_t, the product of i_t and the candidate C-tilde_t is added, and the "
        "result leaves as C_t; the rest is faded.",
    ),
    "output": (
        {"output"},
        "The LSTM module with the output gate highlighted: a sigmoid layer outputs o_t from "
        "h_{t-1} and x_t, the new cell state C_t goes through tanh, and their product is h_t, "
        "which leaves to the right and through the top; the rest is faded.",
    ),
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
    highlight, alt = STEPS[step]
    return render(cells.lstm(), highlight=highlight, alt=alt)


#: The variants of the LSTM: each one's alt text.
VARIANTS = {
    "peephole": (
        "The LSTM module with peephole connections: besides h_{t-1} and x_t, each sigmoid layer "
        "also reads the cell state through a line from the top, C_{t-1} for the forget and "
        "input gates and C_t for the output gate."
    ),
    "coupled": (
        "The LSTM module with coupled forget and input gates: there is no input-gate layer; "
        "f_t multiplies the old cell state and, through a 1 minus operation, the candidate "
        "C-tilde_t, so new values are written only where old ones are forgotten."
    ),
    "gru": (
        "The gated recurrent unit: no separate cell state, just h along the top. A sigmoid "
        "layer gives the reset gate r_t, which multiplies h_{t-1} before the tanh layer that "
        "makes the candidate h-tilde_t; another sigmoid layer gives the update gate z_t, and "
        "h_t is (1 - z_t) times h_{t-1} plus z_t times h-tilde_t."
    ),
}


def variant(name: str, *, highlight: Iterable[str] | None = None) -> DiagramFigure:
    """A variant of the LSTM: ``"peephole"``, ``"coupled"`` or ``"gru"``.

    Parameters
    ----------
    name : {"peephole", "coupled", "gru"}
        Which variant.
    highlight : iterable of str, optional
        Parts to draw in full while the rest is faded, e.g. ``{"peephole"}``.

    Returns
    -------
    DiagramFigure

    Examples
    --------
    >>> fig = variant("coupled")
    >>> "$i_t$" in [t.get_text() for t in fig.axes[0].texts]
    False
    """
    if name not in VARIANTS:
        raise ValueError(f"name must be one of {list(VARIANTS)}; got {name!r}")
    return render(cells.describe(name), highlight=highlight, alt=VARIANTS[name])
