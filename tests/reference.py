"""An independent, deliberately plain reference: the post's equations in pure Python.

Scalars, lists and the ``math`` module only, one unit at a time, so that nothing here shares code
(or numpy broadcasting mistakes) with the package under test.
"""

from __future__ import annotations

import math


def sigma(a: float) -> float:
    return 1.0 / (1.0 + math.exp(-a))


def layer(W, b, vec, j: int) -> float:
    """Unit j of ``W . vec + b``, with ``W`` a nested list or an array."""
    return sum(float(W[j][k]) * float(vec[k]) for k in range(len(vec))) + float(b[j])


def lstm_step(p, h_prev, C_prev, x, *, peephole=False, coupled=False):
    H = len(h_prev)
    hx = list(h_prev) + list(x)
    out = {k: [0.0] * H for k in ("f", "i", "C_tilde", "C", "o", "h")}
    for j in range(H):
        a_f = layer(p["W_f"], p["b_f"], hx, j)
        if peephole:
            a_f += float(p["p_f"][j]) * C_prev[j]
        f = sigma(a_f)
        if coupled:
            i = 1.0 - f
        else:
            a_i = layer(p["W_i"], p["b_i"], hx, j)
            if peephole:
                a_i += float(p["p_i"][j]) * C_prev[j]
            i = sigma(a_i)
        C_tilde = math.tanh(layer(p["W_C"], p["b_C"], hx, j))
        C = f * C_prev[j] + i * C_tilde
        a_o = layer(p["W_o"], p["b_o"], hx, j)
        if peephole:
            a_o += float(p["p_o"][j]) * C
        o = sigma(a_o)
        h = o * math.tanh(C)
        for k, v in zip(("f", "i", "C_tilde", "C", "o", "h"), (f, i, C_tilde, C, o, h)):
            out[k][j] = v
    if coupled:
        del out["i"]
    return out


def gru_step(p, h_prev, x, *, reset_after=False):
    H = len(h_prev)
    hx = list(h_prev) + list(x)
    z = [sigma(layer(p["W_z"], p["b_z"], hx, j)) for j in range(H)]
    r = [sigma(layer(p["W_r"], p["b_r"], hx, j)) for j in range(H)]
    h_tilde = []
    for j in range(H):
        if reset_after:
            W = p["W_h"]
            rec = sum(float(W[j][k]) * h_prev[k] for k in range(H)) + float(p["b_hh"][j])
            inp = sum(float(W[j][H + k]) * x[k] for k in range(len(x))) + float(p["b_h"][j])
            h_tilde.append(math.tanh(inp + r[j] * rec))
        else:
            rhx = [r[k] * h_prev[k] for k in range(H)] + list(x)
            h_tilde.append(math.tanh(layer(p["W_h"], p["b_h"], rhx, j)))
    h = [(1 - z[j]) * h_prev[j] + z[j] * h_tilde[j] for j in range(H)]
    return {"z": z, "r": r, "h_tilde": h_tilde, "h": h}


def rnn_step(p, h_prev, x):
    hx = list(h_prev) + list(x)
    h = [math.tanh(layer(p["W"], p["b"], hx, j)) for j in range(len(h_prev))]
    return {"h": h}


def numeric_grad(f, x, eps: float = 1e-6):
    """Central differences of the scalar ``f()`` with respect to every entry of the array ``x``,
    which ``f`` reads and which is changed in place and restored."""
    import numpy as np

    g = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + eps
        up = f()
        x[idx] = old - eps
        down = f()
        x[idx] = old
        g[idx] = (up - down) / (2 * eps)
    return g
