"""The experiments of the book: seeded functions that return plain data, and their plots.

Each experiment trains or probes small models while the book builds and returns lists, dicts and
arrays that a chapter tabulates or hands to a helper of
:mod:`lstm_explained.book.experiments.plots`.
The same arguments give the same numbers on every run, whatever the number of worker processes.

- :func:`~.decay.gradient_decay`: how the gradient of a late loss fades or grows with
  the distance back (experiment 1);
- :func:`~.long_gap.long_gap_sweep`: RNN, LSTM and GRU against the gap of the pronoun task
  (experiment 2);
- :func:`~.gates.watch_gates`: the gender unit and its forget gate in a trained LSTM
  (experiment 3);
- :func:`~.variants.compare_variants` and :func:`~.variants.markdown_table`: the variants,
  solved seeds by gap (experiment 4);
- :func:`~.clockwork_copy.clockwork_memory`: the clockwork RNN's slow modules at work
  (experiment 5);
- :func:`~.spectral.gradient_direction` and :func:`~.spectral.power_iteration`: where the
  back-propagated gradient points after many steps (the spectral view);
- :func:`~.activation.state_and_reach`, :func:`~.activation.train_irnn`,
  :func:`~.activation.irnn_clipping` and :func:`~.activation.check_irnn_clipping`: ReLU in the
  recurrence, untrained and trained;
- :func:`~.cliff.cliff_loss`: the cliff of Pascanu et al. on a one-unit RNN;
- :func:`~.claims.check_solved`, :func:`~.claims.gate_story`, :func:`~.claims.check_gate_story`
  and :func:`~.claims.check_clockwork`: the claims the chapters assert about trained models,
  shared by the chapters and the tests that run them over seeds 0, 1 and 2.

The shared pieces: :mod:`~lstm_explained.book.experiments.configs` (the labelled configurations),
:mod:`~lstm_explained.book.experiments.runs` (seeds and worker processes),
:mod:`~lstm_explained.book.experiments.summary` (the solved threshold and counts),
:mod:`~lstm_explained.book.experiments.sweep` and
:mod:`~lstm_explained.book.experiments.pronoun` (training on the pronoun language).

Each function is re-exported here, so ``from lstm_explained.book.experiments import long_gap_sweep``
gives the function; its module stays importable by its full name.
"""

from .activation import check_irnn_clipping, irnn_clipping, state_and_reach, train_irnn
from .claims import check_clockwork, check_gate_story, check_solved, gate_story
from .cliff import cliff_loss
from .clipping import clip_direction, exploding_gradient, gradient_growth, sgd_clipping
from .clockwork_copy import clockwork_memory
from .configs import CONFIGS, make_cell
from .decay import gradient_decay
from .gates import watch_gates
from .language_model import (
    CELL_SPECS,
    LMRun,
    beats,
    build_model,
    compare_cells,
    held_out_bits,
    math_units,
    repeat_period,
    temperature_entropies,
    train_cell,
    truncation_profile,
)
from .long_gap import long_gap_summary, long_gap_sweep
from .spectral import gradient_direction, power_iteration
from .summary import SOLVED_ACCURACY, k_of_n, solved_counts, solved_summary
from .variants import compare_variants, markdown_table

__all__ = [
    "CELL_SPECS",
    "CONFIGS",
    "LMRun",
    "SOLVED_ACCURACY",
    "beats",
    "build_model",
    "check_clockwork",
    "check_gate_story",
    "check_irnn_clipping",
    "check_solved",
    "cliff_loss",
    "clip_direction",
    "clockwork_memory",
    "compare_cells",
    "compare_variants",
    "exploding_gradient",
    "gate_story",
    "gradient_decay",
    "gradient_direction",
    "gradient_growth",
    "held_out_bits",
    "irnn_clipping",
    "k_of_n",
    "long_gap_summary",
    "long_gap_sweep",
    "make_cell",
    "markdown_table",
    "math_units",
    "power_iteration",
    "repeat_period",
    "sgd_clipping",
    "solved_counts",
    "solved_summary",
    "state_and_reach",
    "temperature_entropies",
    "train_cell",
    "train_irnn",
    "truncation_profile",
    "watch_gates",
]
