"""Shared fixtures: every recurrent cell of the package, built the same way."""

from __future__ import annotations

import functools

import numpy as np
import pytest

from lstm_explained import CoupledLSTMCell, GRUCell, LSTMCell, PeepholeLSTMCell, RNNCell

# name -> factory(input_size, hidden_size, **kwargs)
CELLS = {
    "rnn": RNNCell,
    "lstm": LSTMCell,
    "peephole": PeepholeLSTMCell,
    "coupled": CoupledLSTMCell,
    "gru": GRUCell,
    "gru_reset_after": functools.partial(GRUCell, reset_after=True),
}


def randomize(cell, rng: np.random.Generator, scale: float = 0.7) -> None:
    """Give every parameter (peepholes and biases included) random non-zero values, in place."""
    for p in cell.params.values():
        p[...] = rng.standard_normal(p.shape) * scale


def random_state(cell, B: int, rng: np.random.Generator):
    parts = [rng.standard_normal((B, cell.hidden_size)) for _ in cell._state_names]
    return parts[0] if len(parts) == 1 else tuple(parts)


@pytest.fixture(params=sorted(CELLS))
def cell_name(request) -> str:
    return request.param


@pytest.fixture
def make_cell(cell_name):
    return CELLS[cell_name]
