"""Against PyTorch: outputs, final states and every gradient agree in float64 (torch optional)."""

from __future__ import annotations

import numpy as np
import pytest

from lstm_explained import GRUCell, LSTMCell, PeepholeLSTMCell, RNNCell, from_torch, to_torch

torch = pytest.importorskip("torch", reason="PyTorch is not installed: reference tests skipped")

T, B, I, H = 7, 3, 4, 5
TOL = 1e-10


def _random_module(kind: str, seed: int):
    """``kind`` names a torch.nn module; "RNN_relu" is ``nn.RNN(nonlinearity="relu")``."""
    torch.manual_seed(seed)
    name, _, act = kind.partition("_")
    kwargs = {"nonlinearity": act} if act else {}
    module = getattr(torch.nn, name)(I, H, dtype=torch.float64, **kwargs)
    with torch.no_grad():
        for p in module.parameters():
            p.normal_(0.0, 0.6)
    return module


def _torch_run(module, xs, state0, dhs, dstate):
    xs_t = torch.tensor(xs, requires_grad=True)
    if isinstance(state0, tuple):
        st = tuple(torch.tensor(s[None], requires_grad=True) for s in state0)
        out, (hT, cT) = module(xs_t, st)
        finals = (hT[0], cT[0])
    else:
        st = (torch.tensor(state0[None], requires_grad=True),)
        out, hT = module(xs_t, st[0])
        finals = (hT[0],)
    dstate = dstate if isinstance(dstate, tuple) else (dstate,)
    loss = (out * torch.tensor(dhs)).sum() + sum(
        (f * torch.tensor(d)).sum() for f, d in zip(finals, dstate, strict=True)
    )
    loss.backward()
    grads = {n: p.grad.numpy() for n, p in module.named_parameters()}
    return (
        out.detach().numpy(),
        tuple(f.detach().numpy() for f in finals),
        xs_t.grad.numpy(),
        tuple(s.grad.numpy()[0] for s in st),
        grads,
    )


def _blocks(a, k):
    return a[k * H : (k + 1) * H]


def _expected_param_grads(kind, tg):
    """Our gradients, assembled independently from torch's by the documented mapping."""
    Wih, Whh, bih, bhh = (tg[f"{n}_l0"] for n in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"))
    if kind.startswith("RNN"):
        return {"W": np.hstack([Whh, Wih]), "b": bih}
    if kind == "LSTM":
        out = {}
        for g, k in {"i": 0, "f": 1, "C": 2, "o": 3}.items():
            out[f"W_{g}"] = np.hstack([_blocks(Whh, k), _blocks(Wih, k)])
            out[f"b_{g}"] = _blocks(bih, k)
        return out
    return {
        "W_r": np.hstack([_blocks(Whh, 0), _blocks(Wih, 0)]),
        "b_r": _blocks(bih, 0),
        "W_z": -np.hstack([_blocks(Whh, 1), _blocks(Wih, 1)]),
        "b_z": -_blocks(bih, 1),
        "W_h": np.hstack([_blocks(Whh, 2), _blocks(Wih, 2)]),
        "b_h": _blocks(bih, 2),
        "b_hh": _blocks(bhh, 2),
    }


@pytest.mark.parametrize("kind", ["RNN", "RNN_relu", "LSTM", "GRU"])
@pytest.mark.parametrize("seed", [0, 1])
def test_from_torch_agrees_in_outputs_and_all_gradients(kind, seed):
    module = _random_module(kind, seed)
    cell = from_torch(module)
    assert cell.dtype == np.float64
    assert type(cell) is {"RNN": RNNCell, "LSTM": LSTMCell, "GRU": GRUCell}[kind.split("_")[0]]
    if kind == "RNN_relu":
        assert cell.nonlinearity == "relu"
    rng = np.random.default_rng(seed)
    xs = rng.standard_normal((T, B, I))
    parts = tuple(rng.standard_normal((B, H)) for _ in cell.state_names)
    state0 = parts if len(parts) == 2 else parts[0]
    dhs = rng.standard_normal((T, B, H))
    dparts = tuple(rng.standard_normal((B, H)) for _ in cell.state_names)
    dstate = dparts if len(dparts) == 2 else dparts[0]

    out_t, finals_t, dxs_t, dstate0_t, grads_t = _torch_run(module, xs, state0, dhs, dstate)
    hs, state_T, cache = cell.forward(xs, state0)
    dxs, dstate0, grads = cell.backward(dhs, cache, dstate)

    np.testing.assert_allclose(hs, out_t, rtol=0, atol=TOL)
    for ours, theirs in zip(
        state_T if isinstance(state_T, tuple) else (state_T,), finals_t, strict=True
    ):
        np.testing.assert_allclose(ours, theirs, rtol=0, atol=TOL)
    np.testing.assert_allclose(dxs, dxs_t, rtol=0, atol=TOL)
    for ours, theirs in zip(
        dstate0 if isinstance(dstate0, tuple) else (dstate0,), dstate0_t, strict=True
    ):
        np.testing.assert_allclose(ours, theirs, rtol=0, atol=TOL)
    expected = _expected_param_grads(kind, grads_t)
    assert set(expected) == set(grads)
    for name, g in expected.items():
        np.testing.assert_allclose(grads[name], g, rtol=0, atol=TOL, err_msg=name)


@pytest.mark.parametrize(
    "cell",
    [
        RNNCell(I, H, rng=0),
        RNNCell(I, H, rng=4, nonlinearity="relu"),
        LSTMCell(I, H, rng=1),
        GRUCell(I, H, rng=2, reset_after=True),
    ],
    ids=["RNN", "RNN_relu", "LSTM", "GRU"],
)
def test_to_torch_round_trip(cell):
    rng = np.random.default_rng(3)
    for p in cell.params.values():
        p[...] = rng.standard_normal(p.shape) * 0.6
    module = to_torch(cell)
    xs = rng.standard_normal((T, B, I))
    hs, _, _ = cell.forward(xs)
    with torch.no_grad():
        out = module(torch.tensor(xs))[0].numpy()
    np.testing.assert_allclose(out, hs, rtol=0, atol=TOL)
    back = from_torch(module)
    for name, p in cell.params.items():
        np.testing.assert_allclose(back.params[name], p, rtol=0, atol=1e-15, err_msg=name)
    assert repr(back) == repr(cell)


def test_float32_modules_become_float32_cells():
    module = torch.nn.LSTM(I, H)  # torch's default dtype is float32
    cell = from_torch(module)
    assert cell.dtype == np.float32
    assert to_torch(cell).weight_ih_l0.dtype == torch.float32


def test_unsupported_modules_are_refused_clearly():
    with pytest.raises(ValueError, match="num_layers=1"):
        from_torch(torch.nn.LSTM(I, H, num_layers=2))
    with pytest.raises(ValueError, match="unidirectional"):
        from_torch(torch.nn.GRU(I, H, bidirectional=True))
    with pytest.raises(ValueError, match="batch_first=False"):
        from_torch(torch.nn.RNN(I, H, batch_first=True))
    unknown = torch.nn.RNN(I, H)
    unknown.nonlinearity = "gelu"
    with pytest.raises(ValueError, match="tanh or relu"):
        from_torch(unknown)
    with pytest.raises(TypeError, match="nn.RNN, nn.LSTM or nn.GRU"):
        from_torch(torch.nn.Linear(I, H))
    with pytest.raises(TypeError, match="PyTorch has no built-in module"):
        to_torch(PeepholeLSTMCell(I, H, rng=0))
    with pytest.raises(ValueError, match="reset_after=True"):
        to_torch(GRUCell(I, H, rng=0))
