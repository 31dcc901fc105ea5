r"""Descriptions of the last two variants of the post: the depth-gated LSTM and the clockwork RNN.

They follow the pattern of ``cells`` (the same ``geometry``, the same symbols), are registered
with the other five in ``registry.DIAGRAMS`` and drawn by ``figures.module``. Labels that name
a value of the model carry its key in ``step``'s ``values``:

- ``depth_gated()`` draws layer 2 of :class:`~lstm_explained.DepthGatedLSTM`, whose keys are
  ``"layer2.f"``, ..., ``"layer2.d"``; the cell of the layer below, ``"layer1.C"``, enters from
  below. Parts: ``"forget"``, ``"input"``, ``"output"``, ``"cell_state"`` as for the LSTM, and
  ``"depth"`` (the depth gate and the path of the lower cell into this one).
- ``clockwork()`` draws :class:`~lstm_explained.ClockworkRNNCell`: ``"candidate"`` (the tanh
  layer), ``"clock"`` (the 0/1 clock :math:`u_t` choosing, unit by unit, between the candidate
  and the old state) and ``"hidden_state"``.
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

__all__ = ["depth_gated", "clockwork"]


def depth_gated() -> Diagram:
    r"""Layer :math:`l \ge 2` of the depth-gated LSTM: an LSTM module plus the depth gate.

    The depth gate :math:`d_t` is a :math:`\sigma` layer reading the layer's input :math:`x_t`
    (the output of the layer below), this layer's old cell :math:`C_{t-1}` and the lower layer's
    new cell :math:`C^{(l-1)}_t`; it scales the lower cell, which is added into this one.

    Examples
    --------
    >>> sorted(depth_gated().quantities)  # doctest: +NORMALIZE_WHITESPACE
    ['layer1.C', 'layer2.C', 'layer2.C_tilde', 'layer2.d', 'layer2.f', 'layer2.h', 'layer2.i',
     'layer2.o']
    """
    x_x, x_peep = 0.3, 0.75
    x_f, x_i, x_C, x_d, x_o = 1.2, 2.5, 3.8, 5.1, 6.4
    x_low = x_d + 0.6  # where the lower layer's cell comes up
    x_tanh, x_up = 7.85, 8.75
    width = 9.25
    x_out = width + 0.5
    y_mix, y_x, y_peep = 3.9, 0.35, 4.55

    F, I, O, S, D = (parts(p) for p in ("forget", "input", "output", "cell_state", "depth"))
    gates = F | I | O
    nodes = (
        frame(width),
        Node("gate-f", "layer", SIGMA, (x_f, Y_LAYER), F),
        Node("gate-i", "layer", SIGMA, (x_i, Y_LAYER), I),
        Node("layer-C_tilde", "layer", TANH, (x_C, Y_LAYER), I),
        Node("gate-d", "layer", SIGMA, (x_d, Y_LAYER), D),
        Node("gate-o", "layer", SIGMA, (x_o, Y_LAYER), O),
        Node("op-times_f", "op", TIMES, (x_f, Y_TOP), F | S),
        Node("op-times_i", "op", TIMES, (x_C, y_mix), I),
        Node("op-plus", "op", PLUS, (x_C, Y_TOP), I | S),
        Node("op-times_d", "op", TIMES, (x_d, y_mix), D),
        Node("op-plus_d", "op", PLUS, (x_d, Y_TOP), D | S),
        Node("op-tanh_C", "op", TANH, (x_tanh, y_mix), O, size=WORD_OP),
        Node("op-times_o", "op", TIMES, (x_tanh, Y_LAYER), O),
    )
    wires = (
        # [h_{t-1}, x_t] to the four LSTM layers
        Wire("line-h-in", ((X_IN, Y_BUS), (x_x, Y_BUS)), gates, arrow=False),
        Wire("x_in", ((x_x, Y_X), (x_x, Y_BUS)), gates | D, arrow=False),
        Wire("bus_f", ((x_x, Y_BUS), (x_f, Y_BUS)), gates, arrow=False),
        Wire("to_f", ((x_f, Y_BUS), At("gate-f")), F),
        Wire("bus_i", ((x_f, Y_BUS), (x_i, Y_BUS)), I | O, arrow=False),
        Wire("to_i", ((x_i, Y_BUS), At("gate-i")), I),
        Wire("bus_C", ((x_i, Y_BUS), (x_C, Y_BUS)), I | O, arrow=False),
        Wire("to_C", ((x_C, Y_BUS), At("layer-C_tilde")), I),
        Wire("to_o", ((x_C, Y_BUS), (x_o, Y_BUS), At("gate-o")), O),
        # x_t alone to the depth gate, under the bus
        Wire("x_to_d", ((x_x, y_x), (x_d, y_x), At("gate-d")), D, over=True),
        # the gates
        Wire("f_out", (At("gate-f"), At("op-times_f")), F),
        Wire("i_out", (At("gate-i"), (x_i, y_mix), At("op-times_i")), I),
        Wire("C_tilde_out", (At("layer-C_tilde"), At("op-times_i")), I),
        Wire("d_out", (At("gate-d"), At("op-times_d")), D),
        Wire("o_out", (At("gate-o"), At("op-times_o")), O),
        # the depth gate's diagonal links: this layer's old cell and the lower layer's new cell
        Wire(
            "C_prev_to_d",
            ((x_peep, Y_TOP), (x_peep, y_peep), (x_d - 0.3, y_peep), At("gate-d", dx=-0.3)),
            D,
            over=True,
        ),
        Wire("C_low_in", ((x_low, Y_X), (x_low, y_mix), At("op-times_d")), D, over=True),
        Wire("C_low_to_d", ((x_low, 1.55), (x_d + 0.3, 1.55), At("gate-d", dx=0.3)), D),
        # the cell state, along the top
        Wire("line-C-in", ((X_IN, Y_TOP), At("op-times_f")), F | S, kind="state"),
        Wire("line-C-kept", (At("op-times_f"), At("op-plus")), S, kind="state"),
        Wire("C_new", (At("op-times_i"), At("op-plus")), I),
        Wire("line-C-mid", (At("op-plus"), At("op-plus_d")), S, kind="state"),
        Wire("C_low_add", (At("op-times_d"), At("op-plus_d")), D),
        Wire("line-C-out", (At("op-plus_d"), (x_out, Y_TOP)), S, kind="state"),
        # the output
        Wire("C_to_h", ((x_tanh, Y_TOP), At("op-tanh_C")), O),
        Wire("tanh_C_t", (At("op-tanh_C"), At("op-times_o")), O),
        Wire("line-h-out", (At("op-times_o"), (x_tanh, Y_BUS), (x_out, Y_BUS)), O),
        Wire("line-h-up", ((x_up, Y_BUS), (x_up, Y_OUT)), O, over=True),
    )

    def value(key: str, text: str, xy: tuple[float, float], parts, **kw) -> Label:
        return Label(
            f"label-{key}", text, xy, f"layer2.{key}", ha=kw.pop("ha", "left"), parts=parts, **kw
        )

    labels = (
        Label(
            "label-C_prev", r"$C_{t-1}$", (X_IN - 0.15, Y_TOP), role="state", ha="right", parts=S
        ),
        Label(
            "label-h_prev",
            r"$h_{t-1}$",
            (X_IN - 0.15, Y_BUS),
            role="state",
            ha="right",
            parts=gates,
        ),
        Label("label-x", r"$x_t$", (x_x, Y_X - 0.15), role="input", va="top", parts=gates | D),
        Label(
            "label-C_low",
            r"$C^{(l-1)}_t$",
            (x_low, Y_X - 0.15),
            "layer1.C",
            role="input",
            va="top",
            parts=D,
        ),
        value("f", r"$f_t$", (x_f + 0.15, 3.9), F),
        value("i", r"$i_t$", (x_i + 0.15, 3.3), I),
        value("C_tilde", r"$\tilde{C}_t$", (x_C + 0.15, 3.2), I),
        value("d", r"$d_t$", (x_d + 0.15, 3.2), D),
        value("o", r"$o_t$", ((x_o + x_tanh + 0.27) / 2, Y_LAYER - 0.12), O, ha="center", va="top"),
        Label(
            "label-C", r"$C_t$", (x_out + 0.15, Y_TOP), "layer2.C", role="state", ha="left", parts=S
        ),
        Label(
            "label-h",
            r"$h_t$",
            (x_up, Y_OUT + 0.15),
            "layer2.h",
            role="output",
            va="bottom",
            parts=O,
        ),
        Label(
            "label-h_next",
            r"$h_t$",
            (x_out + 0.15, Y_BUS),
            "layer2.h",
            role="state",
            ha="left",
            parts=O,
        ),
    )
    return Diagram("depth_gated", nodes, wires, labels, bounds(x_out), period=x_out - X_IN)


def clockwork() -> Diagram:
    r"""The clockwork RNN's module: a :math:`\tanh` layer and a clock that lets it write.

    The clock :math:`u_t` is not a learned layer: it is 1 for the units whose module's period
    divides :math:`t` and 0 for the others, which keep :math:`h_{t-1}`. The layer's weights are
    the masked :math:`M * W` (each module reads only modules at least as slow as itself).

    Examples
    --------
    >>> sorted(clockwork().quantities)
    ['h', 'h_tilde', 'u']
    """
    x_left, x_x, x_u, x_h = 0.3, 0.8, 2.3, 3.8
    x_up, width = 4.9, 5.5
    x_out = width + 0.5
    y_u, y_new = 3.25, 3.95
    N, U, H = (parts(p) for p in ("candidate", "clock", "hidden_state"))
    nodes = (
        frame(width),
        Node("layer-h_tilde", "layer", TANH, (x_h, Y_LAYER), N),
        Node("op-one_minus", "op", ONE_MINUS, (x_u, 4.3), U, size=WORD_OP),
        Node("op-times_keep", "op", TIMES, (x_u, Y_TOP), U | H),
        Node("op-times_new", "op", TIMES, (x_h, y_new), U | N),
        Node("op-plus", "op", PLUS, (x_h, Y_TOP), H),
    )
    wires = (
        Wire("line-h-in", ((X_IN, Y_TOP), At("op-times_keep")), H | N),
        Wire("h_down", ((x_left, Y_TOP), (x_left, Y_BUS), (x_x, Y_BUS)), N, arrow=False),
        Wire("x_in", ((x_x, Y_X), (x_x, Y_BUS)), N, arrow=False),
        Wire("to_tanh", ((x_x, Y_BUS), (x_h, Y_BUS), At("layer-h_tilde")), N),
        Wire("u_in", ((x_u, Y_X), At("op-one_minus")), U, over=True),
        Wire("u_new", ((x_u, y_u), (x_h - 0.7, y_u), (x_h - 0.7, y_new), At("op-times_new")), U),
        Wire("one_minus_u", (At("op-one_minus"), At("op-times_keep")), U),
        Wire("h_tilde_out", (At("layer-h_tilde"), At("op-times_new")), N),
        Wire("line-h-kept", (At("op-times_keep"), At("op-plus")), H),
        Wire("h_new", (At("op-times_new"), At("op-plus")), U | N),
        Wire("line-h-out", (At("op-plus"), (x_out, Y_TOP)), H),
        Wire("line-h-up", ((x_up, Y_TOP), (x_up, Y_OUT)), H),
    )
    labels = (
        Label(
            "label-h_prev", r"$h_{t-1}$", (X_IN - 0.15, Y_TOP), role="state", ha="right", parts=H
        ),
        Label("label-x", r"$x_t$", (x_x, Y_X - 0.15), role="input", va="top", parts=N),
        Label("label-u", r"$u_t$", (x_u, Y_X - 0.15), "u", role="input", va="top", parts=U),
        Label("label-h_tilde", r"$\tilde{h}_t$", (x_h + 0.15, 3.2), "h_tilde", ha="left", parts=N),
        Label("label-h", r"$h_t$", (x_up, Y_OUT + 0.15), "h", role="output", va="bottom", parts=H),
        Label(
            "label-h_next", r"$h_t$", (x_out + 0.15, Y_TOP), "h", role="state", ha="left", parts=H
        ),
    )
    return Diagram("clockwork", nodes, wires, labels, bounds(x_out), period=x_out - X_IN)
