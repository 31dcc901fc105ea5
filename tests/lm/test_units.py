"""Finding a unit that tracks a property: spans, the AUC against a direct count, the ranking."""

import numpy as np
import pytest

from lstm_explained.lm.units import (
    best_units,
    inside_spans,
    separation_auc,
    text_properties,
    unit_html,
)


def test_spans_close_at_the_closing_character_or_a_paragraph_break():
    text = "a $x$ b $y\nc"
    assert inside_spans(text, "$", "$").astype(int).tolist() == [0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1, 0]


def test_auc_equals_the_fraction_of_correctly_ordered_pairs():
    rng = np.random.default_rng(0)
    v = rng.integers(0, 4, size=(60, 3)).astype(float)  # many ties
    y = rng.random(60) < 0.3
    by_pairs = [
        np.mean([(a > b) + 0.5 * (a == b) for a in v[y, u] for b in v[~y, u]]) for u in range(3)
    ]
    np.testing.assert_allclose(separation_auc(v, y), by_pairs, rtol=1e-12)


def test_best_unit_finds_the_planted_one_whatever_its_sign():
    text = "plain (inside the brackets) plain $math$ plain"
    props = text_properties(text)
    rng = np.random.default_rng(1)
    values = rng.standard_normal((len(text), 5)) * 0.1
    values[:, 3] -= props["parentheses"]  # unit 3 drops inside parentheses
    values[:, 1] += 2 * props["inline math"]
    rows = {row["property"]: row for row in best_units(values, props)}
    assert rows["parentheses"]["unit"] == 3 and rows["parentheses"]["sign"] == -1
    assert rows["parentheses"]["separation"] == 1.0
    assert rows["inline math"]["unit"] == 1 and rows["inline math"]["sign"] == 1


def test_html_escapes_and_colours():
    out = unit_html("<a>\n", [1.0, 0.0, -1.0, 0.5], label="unit 3")
    assert "&lt;" in out and "<br>" in out and 'aria-label="unit 3"' in out
    assert 'title="+1.00" style="background:rgba(230,159,0,0.85)"' in out
    assert 'title="-1.00" style="background:rgba(0,114,178,0.60)"' in out
    assert 'title="+0.50" style="background:rgba(230,159,0,0.42)"' in out
    assert 'style="background:rgba(0,114,178,0.00)"' in out  # zero: no colour
    # no <style> element (not allowed in the body of a page) and no fixed text colour
    assert "<style" not in out and "color:#000" not in out


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: separation_auc(np.zeros((3, 2)), [True, True, True]), ValueError, "both"),
        (lambda: separation_auc(np.zeros(3), [True, False, True]), ValueError, r"\(N, U\)"),
        (lambda: unit_html("ab", [0.0]), ValueError, "len"),
        (lambda: inside_spans("ab", "((", ")"), ValueError, "single"),
    ],
)
def test_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()
