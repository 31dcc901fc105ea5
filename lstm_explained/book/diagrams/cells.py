r"""The descriptions of the book's recurrent cells, as ``Diagram`` data.

Each function returns the repeating module of one model, drawn the way Olah (2015) draws it: the
state enters on the left and leaves on the right, the input :math:`x_t` comes in from below and
the output :math:`h_t` leaves through the top. Labels carry the names that the model's ``step``
uses for its ``values`` (``f``, ``i``, ``C_tilde``, ``C``, ``o``, ``h`` for the LSTM), and a test
holds each description to its model class.

Parts that can be highlighted:

- LSTM family: ``"forget"``, ``"input"`` (input gate and candidate), ``"update"`` (the new cell
  state), ``"output"``, ``"cell_state"`` (the line along the top with its two operations),
  ``"peephole"`` and ``"coupled"`` for the variants.
- GRU: ``"reset"``, ``"update"``, ``"candidate"``, ``"hidden_state"``.
- RNN: ``"layer"``.

The elements' names become the ids of the drawn shapes in the SVG, so a page script can find
them: the layers ``gate-f``, ``gate-i``, ``layer-C_tilde``, ``gate-o`` (``gate-r``, ``gate-z``,
``layer-h_tilde`` in the GRU, ``layer-h`` in the RNN), the pointwise operations ``op-...``, the
cell-state line ``line-C-in``, ``line-C-kept``, ``line-C-out``, the hidden-state line
``line-h-...`` and the labels ``label-<name>`` (``label-f``, ``label-C_prev``). The shared
geometry is in ``geometry``; the registry of all seven models' descriptions in ``registry``.
"""

from __future__ import annotations

from .geometry import (
    ONE_MINUS,
    PLUS,
    SIGMA,
    TANH,
    TIMES,
    WORD_OP,
    X_IN,
    Y_BUS,
    Y_LAYER,
    Y_OUT,
    Y_TOP,
    Y_X,
    bounds,
    frame,
    parts,
)
from .spec import At, Diagram, Label, Node, Wire

__all__ = ["rnn", "lstm", "peephole", "coupled", "gru"]


def rnn() -> Diagram:
    r"""The repeating module of a vanilla RNN: one :math:`\tanh` layer.

    Examples
    --------
    >>> sorted(rnn().quantities)
    ['h']
    """
    width, x_out = 3.4, 3.9
    x_x, x_layer, x_fork = 0.5, 1.5, 2.6
    L = parts("layer")
    nodes = (frame(width), Node("layer-h", "layer", TANH, (x_layer, Y_LAYER), L))
    wires = (
        Wire("line-h-in", ((X_IN, Y_BUS), (x_x, Y_BUS)), L, arrow=False),
        Wire("x_in", ((x_x, Y_X), (x_x, Y_BUS)), L, arrow=False),
        Wire("concat", ((x_x, Y_BUS), (x_layer, Y_BUS), At("layer-h")), L),
        Wire("h_new", (At("layer-h"), (x_fork, Y_LAYER)), L, arrow=False),
        Wire("line-h-out", ((x_fork, Y_LAYER), (x_fork, Y_BUS), (x_out, Y_BUS)), L),
        Wire("line-h-up", ((x_fork, Y_LAYER), (x_fork, Y_OUT)), L),
    )
    labels = (
        Label(
            "label-h_prev", r"$h_{t-1}$", (X_IN - 0.15, Y_BUS), role="state", ha="right", parts=L
        ),
        Label("label-x", r"$x_t$", (x_x, Y_X - 0.15), role="input", va="top", parts=L),
        Label(
            "label-h", r"$h_t$", (x_fork, Y_OUT + 0.15), "h", role="output", va="bottom", parts=L
        ),
        Label(
            "label-h_next", r"$h_t$", (x_out + 0.15, Y_BUS), "h", role="state", ha="left", parts=L
        ),
    )
    return Diagram("rnn", nodes, wires, labels, bounds(x_out), period=x_out - X_IN)


def _lstm_family(name: str, *, peephole: bool = False, coupled: bool = False) -> Diagram:
    """The LSTM module, optionally with peephole wires or with coupled forget/input gates."""
    shift = 0.7 if peephole else 0.0  # room on the left for the peephole wires
    x_x = 0.3
    x_f, x_i, x_C, x_o = (v + shift for v in (1.2, 2.65, 4.1, 5.55))
    x_tanh, x_up = 7.0 + shift, 7.9 + shift
    width = 8.4 + shift
    x_out = width + 0.5
    y_mix = 3.9  # height of the multiplication of i_t and C~_t

    F, I, U, O, S = (parts(p) for p in ("forget", "input", "update", "output", "cell_state"))
    gates = F | I | O  # what reads [h_{t-1}, x_t]
    I = I | parts("coupled") if coupled else I

    nodes = [
        frame(width),
        Node("gate-f", "layer", SIGMA, (x_f, Y_LAYER), F),
        Node("layer-C_tilde", "layer", TANH, (x_C, Y_LAYER), I),
        Node("gate-o", "layer", SIGMA, (x_o, Y_LAYER), O),
        Node("op-times_f", "op", TIMES, (x_f, Y_TOP), U | S),
        Node("op-times_i", "op", TIMES, (x_C, y_mix), U),
        Node("op-plus", "op", PLUS, (x_C, Y_TOP), U | S),
        Node("op-tanh_C", "op", TANH, (x_tanh, y_mix), O, size=WORD_OP),
        Node("op-times_o", "op", TIMES, (x_tanh, Y_LAYER), O),
    ]
    if coupled:
        nodes.append(Node("op-one_minus", "op", ONE_MINUS, (x_i, y_mix), I | F, size=WORD_OP))
    else:
        nodes.append(Node("gate-i", "layer", SIGMA, (x_i, Y_LAYER), I))

    bus_i = I if not coupled else frozenset()
    wires = [
        # the inputs, concatenated, copied to every layer
        Wire("line-h-in", ((X_IN, Y_BUS), (x_x, Y_BUS)), gates, arrow=False),
        Wire("x_in", ((x_x, Y_X), (x_x, Y_BUS)), gates, arrow=False),
        Wire("bus_f", ((x_x, Y_BUS), (x_f, Y_BUS)), gates, arrow=False),
        Wire("to_f", ((x_f, Y_BUS), At("gate-f")), F),
        Wire("bus_i", ((x_f, Y_BUS), (x_i, Y_BUS)), I | O, arrow=False),
        Wire("bus_C", ((x_i, Y_BUS), (x_C, Y_BUS)), I | O, arrow=False),
        Wire("to_C", ((x_C, Y_BUS), At("layer-C_tilde")), I),
        Wire("to_o", ((x_C, Y_BUS), (x_o, Y_BUS), At("gate-o")), O),
        # the gates
        Wire("f_out", (At("gate-f"), At("op-times_f")), F),
        Wire("C_tilde_out", (At("layer-C_tilde"), At("op-times_i")), I),
        Wire("o_out", (At("gate-o"), At("op-times_o")), O),
        # the cell state, along the top
        Wire("line-C-in", ((X_IN, Y_TOP), At("op-times_f")), U | S, kind="state"),
        Wire("line-C-kept", (At("op-times_f"), At("op-plus")), U | S, kind="state"),
        Wire("C_new", (At("op-times_i"), At("op-plus")), U),
        Wire("line-C-out", (At("op-plus"), (x_out, Y_TOP)), U | S, kind="state"),
        # the output
        Wire("C_to_h", ((x_tanh, Y_TOP), At("op-tanh_C")), O),
        Wire("tanh_C_t", (At("op-tanh_C"), At("op-times_o")), O),
        Wire("line-h-out", (At("op-times_o"), (x_tanh, Y_BUS), (x_out, Y_BUS)), O),
        Wire("line-h-up", ((x_up, Y_BUS), (x_up, Y_OUT)), O, over=True),
    ]
    if coupled:
        wires += [
            Wire("one_minus_f", ((x_f, y_mix), At("op-one_minus")), I),
            Wire("i_out", (At("op-one_minus"), At("op-times_i")), I),
        ]
    else:
        wires += [
            Wire("to_i", ((x_i, Y_BUS), At("gate-i")), bus_i),
            Wire("i_out", (At("gate-i"), (x_i, y_mix), At("op-times_i")), I),
        ]
    if peephole:
        P = parts("peephole")
        wires += [
            Wire("peep_f", ((0.8, Y_TOP), (0.8, Y_LAYER), At("gate-f")), P | F),
            Wire(
                "peep_i",
                ((1.3, Y_TOP), (1.3, 4.3), (x_i - 0.3, 4.3), At("gate-i", dx=-0.3)),
                P | I,
                over=True,
            ),
            Wire("peep_o", ((x_o + 0.3, Y_TOP), At("gate-o", dx=0.3)), P | O),
        ]

    def value(key: str, text: str, xy: tuple[float, float], parts: frozenset[str], **kw) -> Label:
        return Label(f"label-{key}", text, xy, key, ha=kw.pop("ha", "left"), parts=parts, **kw)

    y_f = 3.35 if coupled else 3.9
    labels = [
        Label(
            "label-C_prev",
            r"$C_{t-1}$",
            (X_IN - 0.15, Y_TOP),
            role="state",
            ha="right",
            parts=U | S,
        ),
        Label(
            "label-h_prev",
            r"$h_{t-1}$",
            (X_IN - 0.15, Y_BUS),
            role="state",
            ha="right",
            parts=gates,
        ),
        Label("label-x", r"$x_t$", (x_x, Y_X - 0.15), role="input", va="top", parts=gates),
        value("f", r"$f_t$", (x_f + 0.15, y_f), F),
        value("i", r"$i_t$", (x_i + 0.15, 3.3), I) if not coupled else None,
        value("C_tilde", r"$\tilde{C}_t$", (x_C + 0.15, 3.2), I),
        value("o", r"$o_t$", ((x_o + x_tanh + 0.27) / 2, Y_LAYER - 0.12), O, ha="center", va="top"),
        Label(
            "label-C", r"$C_t$", (x_out + 0.15, Y_TOP), "C", role="state", ha="left", parts=U | S
        ),
        Label("label-h", r"$h_t$", (x_up, Y_OUT + 0.15), "h", role="output", va="bottom", parts=O),
        Label(
            "label-h_next", r"$h_t$", (x_out + 0.15, Y_BUS), "h", role="state", ha="left", parts=O
        ),
    ]
    return Diagram(
        name,
        tuple(nodes),
        tuple(wires),
        tuple(lb for lb in labels if lb is not None),
        bounds(x_out),
        period=x_out - X_IN,
    )


def lstm() -> Diagram:
    r"""The repeating module of an LSTM: three :math:`\sigma` layers, one :math:`\tanh` layer.

    Examples
    --------
    >>> sorted(lstm().quantities)
    ['C', 'C_tilde', 'f', 'h', 'i', 'o']
    >>> sorted(lstm().parts)
    ['cell_state', 'forget', 'input', 'output', 'update']
    """
    return _lstm_family("lstm")


def peephole() -> Diagram:
    r"""The LSTM with peephole connections: every gate also reads the cell state.

    Examples
    --------
    >>> [w.name for w in peephole().wires if "peephole" in w.parts]
    ['peep_f', 'peep_i', 'peep_o']
    """
    return _lstm_family("peephole", peephole=True)


def coupled() -> Diagram:
    r"""The LSTM with coupled forget and input gates: :math:`1 - f_t` takes the input gate's place.

    Examples
    --------
    >>> sorted(coupled().quantities)
    ['C', 'C_tilde', 'f', 'h', 'o']
    """
    return _lstm_family("coupled", coupled=True)


def gru() -> Diagram:
    r"""The gated recurrent unit in the post's form: update gate :math:`z_t`, reset :math:`r_t`.

    Examples
    --------
    >>> sorted(gru().quantities)
    ['h', 'h_tilde', 'r', 'z']
    """
    x_left, x_x, x_r, x_z, x_mix, x_h = 0.3, 0.8, 1.4, 3.1, 2.25, 5.0
    x_up, width = 6.1, 6.7
    x_out = width + 0.5
    y_x, y_join, y_rh, y_z, y_new = 0.35, 1.5, 3.9, 3.25, 3.95
    R, Z, N, H = (parts(p) for p in ("reset", "update", "candidate", "hidden_state"))
    reads = R | Z  # the layers that read [h_{t-1}, x_t]
    nodes = (
        frame(width),
        Node("gate-r", "layer", SIGMA, (x_r, Y_LAYER), R),
        Node("gate-z", "layer", SIGMA, (x_z, Y_LAYER), Z),
        Node("layer-h_tilde", "layer", TANH, (x_h, Y_LAYER), N),
        Node("op-times_r", "op", TIMES, (x_r, y_rh), R),
        Node("op-one_minus", "op", ONE_MINUS, (x_z, 4.3), Z, size=WORD_OP),
        Node("op-times_keep", "op", TIMES, (x_z, Y_TOP), Z | H),
        Node("op-times_new", "op", TIMES, (x_h, y_new), Z | N),
        Node("op-plus", "op", PLUS, (x_h, Y_TOP), H),
    )
    wires = (
        Wire("line-h-in", ((X_IN, Y_TOP), At("op-times_keep")), H | reads),
        Wire("h_down", ((x_left, Y_TOP), (x_left, Y_BUS), (x_r, Y_BUS)), reads, arrow=False),
        Wire("x_in", ((x_x, Y_X), (x_x, Y_BUS)), reads | N, arrow=False),
        Wire("to_r", ((x_r, Y_BUS), At("gate-r")), R),
        Wire("to_z", ((x_r, Y_BUS), (x_z, Y_BUS), At("gate-z")), Z),
        Wire("h_to_reset", ((x_left, y_rh), At("op-times_r")), R),
        Wire("r_out", (At("gate-r"), At("op-times_r")), R),
        Wire(
            "r_h",
            (At("op-times_r"), (x_mix, y_rh), (x_mix, y_join), (x_h, y_join)),
            R | N,
            arrow=False,
            over=True,
        ),
        Wire("x_to_tanh", ((x_x, y_x), (x_h, y_x), (x_h, y_join)), N, arrow=False),
        Wire("to_tanh", ((x_h, y_join), At("layer-h_tilde")), N),
        Wire("z_out", (At("gate-z"), At("op-one_minus")), Z),
        Wire("one_minus_z", (At("op-one_minus"), At("op-times_keep")), Z),
        Wire("z_new", ((x_z, y_z), (x_h - 0.7, y_z), (x_h - 0.7, y_new), At("op-times_new")), Z),
        Wire("h_tilde_out", (At("layer-h_tilde"), At("op-times_new")), N),
        Wire("line-h-kept", (At("op-times_keep"), At("op-plus")), H),
        Wire("h_new", (At("op-times_new"), At("op-plus")), Z | N),
        Wire("line-h-out", (At("op-plus"), (x_out, Y_TOP)), H),
        Wire("line-h-up", ((x_up, Y_TOP), (x_up, Y_OUT)), H),
    )
    labels = (
        Label(
            "label-h_prev", r"$h_{t-1}$", (X_IN - 0.15, Y_TOP), role="state", ha="right", parts=H
        ),
        Label("label-x", r"$x_t$", (x_x, Y_X - 0.15), role="input", va="top", parts=reads | N),
        Label("label-r", r"$r_t$", (x_r + 0.15, 3.17), "r", ha="left", parts=R),
        Label("label-z", r"$z_t$", (x_z - 0.15, 3.68), "z", ha="right", parts=Z),
        Label("label-h_tilde", r"$\tilde{h}_t$", (x_h + 0.15, 3.2), "h_tilde", ha="left", parts=N),
        Label("label-h", r"$h_t$", (x_up, Y_OUT + 0.15), "h", role="output", va="bottom", parts=H),
        Label(
            "label-h_next", r"$h_t$", (x_out + 0.15, Y_TOP), "h", role="state", ha="left", parts=H
        ),
    )
    return Diagram("gru", nodes, wires, labels, bounds(x_out), period=x_out - X_IN)
