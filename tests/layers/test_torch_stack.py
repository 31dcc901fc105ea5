"""Against torch.nn.LSTM/GRU with num_layers=2, bidirectional=True and packed sequences: outputs,
final states and every gradient agree within 1e-10 in float64 (torch optional)."""

from __future__ import annotations

import numpy as np
import pytest

from lstm_explained.layers import RecurrentStack, stack_from_torch, stack_to_torch

torch = pytest.importorskip("torch", reason="PyTorch is not installed: reference tests skipped")
rnn_utils = pytest.importorskip("torch.nn.utils.rnn")

T, B, I, H, L = 7, 4, 3, 5, 2
LENGTHS = np.array([7, 3, 5, 1])
TOL = 1e-10


def _module(kind, seed):
    torch.manual_seed(seed)
    m = getattr(torch.nn, kind)(I, H, num_layers=L, bidirectional=True, dtype=torch.float64)
    with torch.no_grad():
        for p in m.parameters():
            p.normal_(0.0, 0.6)
    return m


def _torch_grads_as_ours(module, kind):
    """Torch's parameter gradients in our layout: copy them into a module whose recurrent-side
    biases are zero (except the GRU's b_hn, which stays apart), then map it like weights."""
    g = type(module)(I, H, num_layers=L, bidirectional=True, dtype=torch.float64)
    with torch.no_grad():
        for name, p in module.named_parameters():
            grad = p.grad.clone()
            if name.startswith("bias_hh"):
                if kind == "GRU":
                    grad[: 2 * H] = 0.0  # r and z: summed with bias_ih, whose grad is the same
                else:
                    grad[:] = 0.0
            getattr(g, name).copy_(grad)
    return stack_from_torch(g).params


@pytest.mark.parametrize("kind", ["LSTM", "GRU"])
def test_packed_two_layers_both_ways_agree_with_torch(kind):
    module = _module(kind, seed=0)
    stack = stack_from_torch(module)
    assert stack.num_layers == L and stack.bidirectional
    rng = np.random.default_rng(0)
    xs = rng.standard_normal((T, B, I))
    pad = np.arange(T)[:, None] >= LENGTHS[None, :]
    dys = rng.standard_normal((T, B, 2 * H))
    dys[pad] = 0.0  # torch's padded outputs are constants
    parts = [rng.standard_normal((2 * L, B, H)) for _ in stack.state_names]
    dparts = [rng.standard_normal((2 * L, B, H)) for _ in stack.state_names]

    xs_t = torch.tensor(xs, requires_grad=True)
    init_t = [torch.tensor(p, requires_grad=True) for p in parts]
    packed = rnn_utils.pack_padded_sequence(xs_t, torch.tensor(LENGTHS), enforce_sorted=False)
    out, finals_t = module(packed, tuple(init_t) if kind == "LSTM" else init_t[0])
    out, _ = rnn_utils.pad_packed_sequence(out, total_length=T)
    finals_t = finals_t if kind == "LSTM" else (finals_t,)
    loss = (out * torch.tensor(dys)).sum()
    loss = loss + sum((f * torch.tensor(d)).sum() for f, d in zip(finals_t, dparts, strict=True))
    loss.backward()

    state = tuple(parts) if kind == "LSTM" else parts[0]
    dstate = tuple(dparts) if kind == "LSTM" else dparts[0]
    ys, finals, cache = stack.forward(xs, state, lengths=LENGTHS)
    dxs, d0, grads = stack.backward(dys, cache, dstate)
    finals = finals if kind == "LSTM" else (finals,)
    d0 = d0 if kind == "LSTM" else (d0,)

    errors = {
        "ys": np.abs(ys - out.detach().numpy()).max(),
        "dxs": np.abs(dxs - xs_t.grad.numpy()).max(),
    }
    for name, a, b in zip(stack.state_names, finals, finals_t, strict=True):
        errors[f"{name}_n"] = np.abs(a - b.detach().numpy()).max()
    for name, a, b in zip(stack.state_names, d0, init_t, strict=True):
        errors[f"d{name}_0"] = np.abs(a - b.grad.numpy()).max()
    theirs = _torch_grads_as_ours(module, kind)
    assert sorted(theirs) == sorted(grads)
    for k in grads:
        errors[k] = np.abs(grads[k] - theirs[k]).max()
    assert max(errors.values()) < TOL, {k: v for k, v in errors.items() if v >= TOL}
    # the two bias vectors of a gate get the same gradient in torch (they only appear summed)
    for name, p in module.named_parameters():
        if name.startswith("bias_ih"):
            other = getattr(module, name.replace("ih", "hh")).grad
            rows = slice(0, 2 * H) if kind == "GRU" else slice(None)
            assert torch.allclose(p.grad[rows], other[rows], rtol=0, atol=1e-12)


@pytest.mark.parametrize("kind", ["lstm", "gru", "rnn"])
def test_round_trip(kind):
    extra = {"reset_after": True} if kind == "gru" else {}
    stack = RecurrentStack(I, H, num_layers=2, bidirectional=True, cell=kind, rng=3, **extra)
    module = stack_to_torch(stack)
    assert module.num_layers == 2 and module.bidirectional
    back = stack_from_torch(module)
    assert all(np.allclose(back.params[k], v, rtol=0, atol=1e-15) for k, v in stack.params.items())
    xs = np.random.default_rng(1).standard_normal((T, B, I))
    out, _ = module(torch.tensor(xs))
    assert np.abs(stack.forward(xs)[0] - out.detach().numpy()).max() < TOL


def test_refusals():
    with pytest.raises(ValueError, match="learned initial state"):
        stack_to_torch(RecurrentStack(I, H, learn_initial_state=True))
    with pytest.raises(ValueError, match="reset_after=True"):
        stack_to_torch(RecurrentStack(I, H, cell="gru"))
    with pytest.raises(ValueError, match="batch_first=False"):
        stack_from_torch(torch.nn.LSTM(I, H, batch_first=True))
    with pytest.raises(TypeError, match="stack must be a RecurrentStack"):
        stack_to_torch(object())
