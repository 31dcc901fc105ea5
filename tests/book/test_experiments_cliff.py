"""The cliff: the forward-mode derivative agrees with the package's backward; the wall is steep."""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest

from lstm_explained import RNNCell
from lstm_explained.book.experiments.cliff import cliff_loss, plot_cliff

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


@pytest.mark.parametrize("w", [0.8, 1.5, 1.695, 1.6967, 2.4])
def test_cliff_gradient_is_the_packages_backward(w):
    cell = RNNCell(1, 1, rng=0)
    cell.params["W"][:] = [[w, 0.0]]
    cell.params["b"][:] = -0.3
    hs, _, cache = cell.forward(np.zeros((20, 1, 1)), np.array([[0.5]]))
    dhs = np.zeros_like(hs)
    dhs[-1] = 2 * (hs[-1] - 0.8)
    _, _, grads = cell.backward(dhs, cache)
    loss, grad = cliff_loss([w])
    assert loss[0] == pytest.approx(float((hs[-1, 0, 0] - 0.8) ** 2), rel=1e-12)
    assert grad[0] == pytest.approx(grads["W"][0, 0], rel=1e-9)


def test_the_wall_is_steep_and_clipping_keeps_the_step_short():
    ws = np.linspace(1.5, 2.1, 6001)
    loss, grad = cliff_loss(ws)
    assert np.abs(grad).max() > 1000 * np.median(np.abs(grad))
    assert loss[0] > 2.5 and loss[-1] < 0.05
    fig, ax = plt.subplots()
    step = plot_cliff(ax, ws, 1.695, lr=0.1, clip=1.0)
    assert step["w_plain"] > 10 and step["w_clipped"] == pytest.approx(1.795)
    plt.close(fig)


def test_cliff_refuses_no_steps():
    with pytest.raises(ValueError, match="T must be"):
        cliff_loss([1.0], T=0)
