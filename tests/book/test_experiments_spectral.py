"""The spectral view: power iteration, the chain from the package's backward, the collapse."""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest

from lstm_explained import RNNCell
from lstm_explained.book.experiments.spectral import (
    _products_and_gradients,
    gradient_direction,
    plot_direction,
    plot_power_iteration,
    power_iteration,
)

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_power_iteration_finds_the_leading_singular_pair(seed):
    rng = np.random.default_rng(seed)
    U, _ = np.linalg.qr(rng.standard_normal((6, 6)))
    V, _ = np.linalg.qr(rng.standard_normal((5, 5)))
    s = np.array([3.0, 1.5, 1.0, 0.5, 0.1])
    M = U[:, :5] * s @ V.T
    sigma, v = power_iteration(M, iters=80, rng=seed)
    assert sigma == pytest.approx(3.0, rel=1e-12)
    assert abs(v @ V[:, 0]) == pytest.approx(1.0, abs=1e-12)


def test_power_iteration_refuses_bad_input():
    with pytest.raises(ValueError, match="M must be a matrix"):
        power_iteration(np.ones(3))
    with pytest.raises(ValueError, match="iters"):
        power_iteration(np.eye(2), iters=0)
    assert power_iteration(np.zeros((2, 2)))[0] == 0.0


def test_products_from_backward_are_the_chain_of_jacobians():
    """P_k by the package's backward equals prod diag(1 - h_s^2) W_h, and P_k^T e its action."""
    I, H, T = 3, 5, 12
    rng = np.random.default_rng(0)
    cell = RNNCell(I, H, rng=rng, recurrent_gain=1.5)
    xs = rng.standard_normal((T, 1, I))
    hs, _, _ = cell.forward(xs)
    e = rng.standard_normal((2, H))
    W_h = cell.params["W"][:, :H]
    measured = _products_and_gradients(cell, xs, hs, e, [1, 4, 11])
    for k, (P, g) in measured.items():
        chain = np.eye(H)
        for s in range(T - 1, T - 1 - k, -1):
            chain = chain @ ((1 - hs[s, 0] ** 2)[:, None] * W_h)
        np.testing.assert_allclose(P, chain, rtol=0, atol=1e-13)
        np.testing.assert_allclose(g, e @ chain, rtol=0, atol=1e-13)


@pytest.fixture(scope="module")
def directions():
    ks = (1, 10, 100)
    return {
        "gain 3": gradient_direction(gain=3.0, ks=ks),
        "gain 1": gradient_direction(gain=1.0, ks=ks),
        "quiet": gradient_direction(gain=1.0, input_scale=0.01, ks=ks),
    }


def test_the_direction_collapses_where_the_singular_values_spread(directions):
    """The long-term-dependencies chapter's claims, with its settings (10 networks each)."""
    g3, g1, quiet = directions.values()
    chance = g1["chance"]
    assert 0.1 < chance < 0.14  # about 0.67 / sqrt(32)
    assert g3["cos_v1"][2] > 0.98 and g3["cos_pair"][2] > 0.95  # measured 1.00, 1.00
    assert g1["cos_v1"][2] > 0.7 and g1["cos_v1"][0] < 0.3  # measured 0.87 and 0.16
    assert g1["cos_v1"][1] < g3["cos_v1"][1]
    assert quiet["cos_v1"].max() < 2 * chance and quiet["ratio"].min() > 0.95
    assert g3["ratio"][2] < 0.1 and g3["sigma1"][2] > 1e6 and g1["sigma1"][2] < 1e-12
    assert min(r["power_cos"] for r in directions.values()) > 0.999


def test_gradient_direction_refuses_bad_arguments():
    with pytest.raises(ValueError, match="ks"):
        gradient_direction(ks=(0, 3))
    with pytest.raises(ValueError, match="errors"):
        gradient_direction(errors=1)
    with pytest.raises(ValueError, match="seeds"):
        gradient_direction(seeds=[])


def test_plot_helpers_draw(directions):
    fig, axes = plt.subplots(1, 3)
    M = np.array([[0.825, 0.13], [0.13, 0.675]])
    artists = plot_power_iteration(axes, M, (0, 2, 8), n=6)
    assert len(artists) == 3 * (1 + 6)
    with pytest.raises(ValueError, match="same length"):
        plot_power_iteration(axes, M, (0, 1))
    with pytest.raises(ValueError, match="2 x 2"):
        plot_power_iteration(axes, np.eye(3), (0, 1, 2))
    fig2, ax = plt.subplots()
    assert len(plot_direction(ax, directions)) == 4
    with pytest.raises(ValueError, match="key"):
        plot_direction(ax, directions, key="sigma1")
    plt.close(fig)
    plt.close(fig2)
