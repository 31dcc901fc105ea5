"""The alternative text of every figure of the book, in one dictionary: ``ALT``.

A figure function looks its words up here and keeps them as ``fig.alt``; the drawn SVG carries
them too (as its description), and the book's pages take them from there, so a figure's words
are written once. Keys name the figure: the function (``"notation"``), the function and its
argument (``"lstm_step-forget"``, ``"dependencies-long"``), or, for the repeating module of a
model, the model's key in ``lstm_explained.cells.registry.MODELS`` (``"lstm"``, ``"clockwork"``).
"""

from __future__ import annotations

__all__ = ["ALT"]

#: The alternative text of every figure, by the figure's key.
ALT: dict[str, str] = {
    # --- the visual language and the recurrent network ------------------------------------------
    "notation": (
        "The notation used in the diagrams: an orange box is a neural network layer, a pink "
        "circle a pointwise operation, an arrow a vector transfer, two lines merging a "
        "concatenation, and a line forking in two a copy."
    ),
    "rnn_loop": (
        "A recurrent network drawn as one cell A: the input x_t enters from below, the output "
        "h_t leaves at the top, and a loop arrow on the right feeds the cell's state back "
        "into itself for the next step."
    ),
    "rnn_unrolled": (
        "The looped cell A, an equals sign, and the same network unrolled into a chain of "
        "copies of A: the copies read x_0, x_1, x_2, and so on up to x_t, emit h_0, h_1, h_2 "
        "up to h_t, and each passes its state to the next by an arrow."
    ),
    "dependencies-short": (
        "A short gap: a chain of five copies of cell A reading x_0 to x_4. The inputs x_0 and "
        "x_1 and the output h_3 are marked: the information h_3 needs is only a few steps back."
    ),
    "dependencies-long": (
        "A long gap: a chain of copies of cell A reading x_0, x_1, then an ellipsis for many "
        "steps, then x_t and x_{t+1}. The inputs x_0 and x_1 and the output h_{t+1} are "
        "marked: the information h_{t+1} needs is far back."
    ),
    "rnn_chain": (
        "Three copies of a vanilla RNN's repeating module in a row, for steps t-1, t and t+1. "
        "In each, the previous hidden state and the input x are concatenated and go through "
        "a single tanh layer, whose output h is both the step's output, leaving at the top, "
        "and the state passed to the next copy."
    ),
    "lstm_chain": (
        "Three copies of an LSTM's repeating module in a row, for steps t-1, t and t+1. Each "
        "has four layers (three sigmoid layers and one tanh layer) and pointwise "
        "multiplications, an addition and a tanh; the cell state runs as a heavy blue line "
        "along the top through all three copies, the hidden state along the bottom."
    ),
    # --- the LSTM taken apart -------------------------------------------------------------------
    "cell_state": (
        "The LSTM module with the cell-state line highlighted and everything else faded: "
        "C_{t-1} runs straight along the top of the cell, through one pointwise "
        "multiplication and one addition, and leaves as C_t."
    ),
    "gate": (
        "A gate: a sigmoid layer outputs g, a vector of numbers between 0 and 1, which "
        "multiplies a vector v passing by, entry by entry, giving g * v."
    ),
    "lstm_step-forget": (
        "The LSTM module with the forget gate highlighted: a sigmoid layer reads h_{t-1} and "
        "x_t and outputs f_t, which multiplies the old cell state C_{t-1}; the rest is faded."
    ),
    "lstm_step-input": (
        "The LSTM module with the input gate and the candidate highlighted: a sigmoid layer "
        "outputs i_t and a tanh layer outputs the candidate C-tilde_t, both from h_{t-1} and "
        "x_t, and they are multiplied; the rest is faded."
    ),
    "lstm_step-update": (
        "The LSTM module with the cell update highlighted: the old cell state C_{t-1} is "
        "multiplied by f_t, the product of i_t and the candidate C-tilde_t is added, and the "
        "result leaves as C_t; the rest is faded."
    ),
    "lstm_step-output": (
        "The LSTM module with the output gate highlighted: a sigmoid layer outputs o_t from "
        "h_{t-1} and x_t, the new cell state C_t goes through tanh, and their product is h_t, "
        "which leaves to the right and through the top; the rest is faded."
    ),
    # --- the repeating module of each model (keys of lstm_explained.cells.registry.MODELS) -----
    "rnn": (
        "The repeating module of a vanilla RNN: the previous hidden state h_{t-1} and the "
        "input x_t are joined and go through one tanh layer; its output h_t leaves through "
        "the top and to the right, as the state for the next step."
    ),
    "lstm": (
        "The repeating module of an LSTM: h_{t-1} and x_t feed three sigmoid layers, the "
        "gates f_t, i_t and o_t, and a tanh layer, the candidate C-tilde_t. Along the top, the "
        "cell state C_{t-1} is multiplied by f_t and the product of i_t and C-tilde_t is "
        "added, giving C_t; tanh of C_t times o_t is h_t, which leaves to the right and "
        "through the top."
    ),
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
    "depth_gated": (
        "Layer l of a depth-gated LSTM: an LSTM module with a fifth sigmoid layer, the depth "
        "gate d_t, which reads the input x_t, this layer's old cell C_{t-1} and the new cell of "
        "the layer below, C^(l-1)_t, coming up from below; d_t times that lower cell is added "
        "into this layer's cell state after the usual forget and input updates."
    ),
    "clockwork": (
        "The clockwork RNN module: one tanh layer reads h_{t-1} and x_t and makes a candidate "
        "h-tilde_t; a clock signal u_t from below, 1 for the units whose period divides t and 0 "
        "for the others, multiplies the candidate, and 1 minus u_t multiplies h_{t-1}, so h_t is "
        "the candidate where the clock ticks and the old state elsewhere."
    ),
    # --- the clockwork RNN's modules -------------------------------------------------------------
    "clockwork_modules": (
        "The clockwork RNN's four modules, one row each, with periods 1, 2, 4 and 8, in two "
        "grids. Above, time steps 0 to 15: a module updates at the steps its period divides "
        "(filled) and keeps its value at the others, so the period-1 module updates at all 16 "
        "steps, the period-2 module at 8, the period-4 module at 4 and the period-8 module at "
        "2. Below, the recurrent weights by module: a module reads the modules at least as "
        "slow as itself, so the filled blocks form a triangle, the period-1 module reading all "
        "four and the period-8 module only itself."
    ),
}
