"""The depth-gated LSTM: its equations, its parameters, its limits (a plain LSTM at the bottom, a
plain stack with the depth gate shut), one and three layers (the contract every model keeps is
tested in test_base and friends)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import reference as ref
from conftest import randomize

from lstm_explained import DepthGatedLSTM, LSTMCell, gradcheck


def _model(num_layers=3, seed=0, dtype=np.float64, I=3, H=4):
    model = DepthGatedLSTM(I, H, num_layers=num_layers, rng=seed, dtype=dtype)
    randomize(model, np.random.default_rng(seed + 100))  # p_d and l_d too, which start at zero
    return model


def _random_state(model, B, rng):
    return tuple(rng.standard_normal((B, model.hidden_size)) for _ in model.state_names)


def _layer(model, l):
    """Layer ``l`` (counted from 1) of ``params`` by short name."""
    return {k.split(".", 1)[1]: v for k, v in model.params.items() if k.startswith(f"layer{l}.")}


def _step_reference(model, state, x):
    """The module docstring's equations, unit by unit in pure Python, for one batch row."""
    H = model.hidden_size
    out, inp, C_below = {}, list(x), None
    for l in range(1, model.num_layers + 1):
        p = _layer(model, l)
        h_prev, C_prev = list(state[2 * l - 2]), list(state[2 * l - 1])
        values = ref.lstm_step(p, h_prev, C_prev, inp)  # f, i, C_tilde, o of a plain LSTM
        if C_below is not None:
            d = [
                ref.sigma(
                    ref.layer(p["W_d"], p["b_d"], inp, j)
                    + float(p["p_d"][j]) * C_prev[j]
                    + float(p["l_d"][j]) * C_below[j]
                )
                for j in range(H)
            ]
            f, i, C_tilde, o = (values[k] for k in ("f", "i", "C_tilde", "o"))
            C = [f[j] * C_prev[j] + i[j] * C_tilde[j] + d[j] * C_below[j] for j in range(H)]
            values.update(d=d, C=C, h=[o[j] * math.tanh(C[j]) for j in range(H)])
        out.update({f"layer{l}.{k}": v for k, v in values.items()})
        inp, C_below = values["h"], values["C"]
    return out


@pytest.mark.parametrize("seed", [0, 1])
def test_step_follows_the_equations(seed):
    rng = np.random.default_rng(seed)
    model = _model(seed=seed)
    state = _random_state(model, 1, rng)
    x = rng.standard_normal((1, 3))
    new_state, values = model.step(x, state)
    expected = _step_reference(model, [s[0] for s in state], x[0])
    assert set(values) == set(expected)
    assert "layer1.d" not in values and {"layer2.d", "layer3.d"} <= set(values)
    for k, v in expected.items():
        np.testing.assert_allclose(values[k][0], v, rtol=0, atol=1e-13, err_msg=k)
    for l in range(3):
        np.testing.assert_array_equal(new_state[2 * l], values[f"layer{l + 1}.h"])
        np.testing.assert_array_equal(new_state[2 * l + 1], values[f"layer{l + 1}.C"])


def test_params_names_and_shapes():
    model = DepthGatedLSTM(3, 5, num_layers=2, rng=0)
    lstm = ["W_f", "b_f", "W_i", "b_i", "W_C", "b_C", "W_o", "b_o"]
    assert list(model.params) == [f"layer1.{n}" for n in lstm] + [
        f"layer2.{n}" for n in lstm + ["W_d", "b_d", "p_d", "l_d"]
    ]
    for name, p in model.params.items():
        layer, short = name.split(".")
        if short == "W_d":
            assert p.shape == (5, 5)
        elif short.startswith("W"):
            assert p.shape == (5, 5 + (3 if layer == "layer1" else 5)), name
        else:
            assert p.shape == (5,), name
    assert model.num_parameters == sum(p.size for p in model.params.values())
    np.testing.assert_array_equal(model.params["layer2.p_d"], 0.0)
    np.testing.assert_array_equal(model.params["layer2.b_f"], 1.0)


def test_bottom_layer_is_the_plain_lstm():
    rng = np.random.default_rng(3)
    model = _model(num_layers=2)
    lstm = LSTMCell(3, 4, rng=0)
    for k in lstm.params:
        lstm.params[k][...] = model.params[f"layer1.{k}"]
    xs = rng.standard_normal((6, 2, 3))
    state = _random_state(model, 2, rng)
    _, state_T, _ = model.forward(xs, state)
    _, (h_T, C_T), _ = lstm.forward(xs, state[:2])
    np.testing.assert_allclose(state_T[0], h_T, rtol=0, atol=1e-14)
    np.testing.assert_allclose(state_T[1], C_T, rtol=0, atol=1e-14)


def test_shut_depth_gate_gives_a_plain_stack():
    """With b_d very negative, d is 0 and layer 2 is an LSTM reading layer 1's outputs."""
    rng = np.random.default_rng(4)
    model = _model(num_layers=2)
    model.params["layer2.b_d"][:] = -1e4
    lower, upper = LSTMCell(3, 4, rng=0), LSTMCell(4, 4, rng=0)
    for k in lower.params:
        lower.params[k][...] = model.params[f"layer1.{k}"]
        upper.params[k][...] = model.params[f"layer2.{k}"]
    xs = rng.standard_normal((6, 2, 3))
    hs, _, _ = model.forward(xs)
    hs_lower, _, _ = lower.forward(xs)
    hs_upper, _, _ = upper.forward(hs_lower)
    np.testing.assert_allclose(hs, hs_upper, rtol=0, atol=1e-14)
    _, values = model.step(xs[0])
    np.testing.assert_array_equal(values["layer2.d"], 0.0)


@pytest.mark.parametrize("num_layers", [1, 3])  # two layers (the default): in test_base
def test_step_loop_equals_forward(num_layers):
    rng = np.random.default_rng(5)
    model = _model(num_layers=num_layers)
    xs = rng.standard_normal((8, 3, 3))
    state = _random_state(model, 3, rng)
    hs, state_T, _ = model.forward(xs, state)
    loop_state, top = state, []
    for x_t in xs:
        loop_state, values = model.step(x_t, loop_state)
        top.append(values[f"layer{num_layers}.h"])
    np.testing.assert_allclose(np.stack(top), hs, rtol=0, atol=1e-13)
    for a, b in zip(loop_state, state_T, strict=True):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-13)


@pytest.mark.parametrize("num_layers", [1, 3])
def test_gradients_match_central_differences(num_layers):
    model = _model(num_layers=num_layers)
    xs = np.random.default_rng(6).standard_normal((5, 2, 3))
    errors = gradcheck(model, xs)
    expected = set(model.params) | {"xs"} | {f"{s}_0" for s in model.state_names}
    assert set(errors) == expected
    worst = max(errors, key=errors.get)
    assert errors[worst] < 1e-6, (worst, errors[worst])


def test_bad_num_layers():
    with pytest.raises(ValueError, match=r"num_layers must be a positive int"):
        DepthGatedLSTM(2, 3, num_layers=0)
    with pytest.raises(TypeError, match=r"num_layers must be a positive int"):
        DepthGatedLSTM(2, 3, num_layers=2.0)


def test_bad_state_names_every_part():
    model = DepthGatedLSTM(2, 3, num_layers=2, rng=0)
    xs = np.zeros((4, 2, 2))
    with pytest.raises(TypeError, match=r"must be a tuple of 4 arrays .*layer1\.h.*got a tuple"):
        model.forward(xs, (np.zeros((2, 3)), np.zeros((2, 3))))
    with pytest.raises(TypeError, match=r"must be a tuple of 4 arrays"):
        model.forward(xs, np.zeros((2, 3)))
    bad = [np.zeros((2, 3))] * 4
    bad[3] = np.zeros((2, 4))
    with pytest.raises(ValueError, match=r"state\[3\] \(layer2\.C\) must have shape \(B=2"):
        model.forward(xs, tuple(bad))
    hs, _, cache = model.forward(xs)
    with pytest.raises(ValueError, match=r"dstate\[0\] \(layer1\.h\) must have shape"):
        model.backward(hs, cache, tuple(np.zeros((1, 3)) for _ in range(4)))
