"""lstm_explained.book.notebook.power_of_ten: numbers in the prose as 3 x 10^-5, typeset."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from lstm_explained.book.notebook import PowerOfTen, power_of_ten


@pytest.mark.parametrize(
    ("value", "digits", "tex", "text"),
    [
        (3.2e-5, 0, r"$3 \times 10^{-5}$", "3 × 10⁻⁵"),
        (3.7e-5, 0, r"$4 \times 10^{-5}$", "4 × 10⁻⁵"),
        (4.24e9, 1, r"$4.2 \times 10^{9}$", "4.2 × 10⁹"),
        (1.04e-18, 0, r"$10^{-18}$", "10⁻¹⁸"),
        (1.04e-18, 1, r"$1.0 \times 10^{-18}$", "1.0 × 10⁻¹⁸"),
        (7.0, 0, "$7$", "7"),
        (np.float32(2.5e-3), 1, r"$2.5 \times 10^{-3}$", "2.5 × 10⁻³"),
        (-6e-4, 0, r"$-6 \times 10^{-4}$", "-6 × 10⁻⁴"),
    ],
)
def test_power_of_ten_as_tex_and_as_text(value, digits, tex, text):
    shown = power_of_ten(value, digits)
    assert shown.tex() == tex and str(shown) == repr(shown) == text


def test_the_page_gets_latex_and_a_notebook_gets_text():
    """myst-nb's {glue} role typesets text/latex, in bold as every glued number; the downloaded
    notebook shows text/plain."""
    from IPython.core.formatters import DisplayFormatter

    bundle, _ = DisplayFormatter().format(power_of_ten(3e-5))
    assert isinstance(power_of_ten(3e-5), PowerOfTen)
    assert bundle == {"text/latex": r"$\mathbf{3 \times 10^{-5}}$", "text/plain": "3 × 10⁻⁵"}


@pytest.mark.parametrize("value", ["3e-5", None, True])
def test_a_value_that_is_not_a_number_is_a_type_error(value):
    with pytest.raises(TypeError, match="value must be a real number"):
        power_of_ten(value)


@pytest.mark.parametrize("value", [float("nan"), float("inf")])
def test_a_value_that_is_not_finite_is_a_value_error(value):
    with pytest.raises(ValueError, match="value must be finite"):
        power_of_ten(value)


def test_digits_are_checked():
    with pytest.raises(TypeError, match="digits"):
        power_of_ten(1.0, 1.5)
    with pytest.raises(ValueError, match="digits"):
        power_of_ten(1.0, -1)


DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.mark.parametrize("page", sorted(DOCS.glob("*.md")), ids=lambda p: p.stem)
def test_every_glue_role_key_is_glued_by_name_on_its_page(page):
    """``{glue}`key``` (the role that typesets a power of ten) needs ``glue("key", ...)``."""
    text = page.read_text(encoding="utf-8")
    used = set(re.findall(r"\{glue\}`(\w+)`", text))
    defined = set(re.findall(r"glue\(\s*\"(\w+)\"", text))
    assert used <= defined, f"{page.name} uses {sorted(used - defined)} without gluing them"


@pytest.mark.parametrize("page", ["long-term-dependencies", "training"])
def test_no_number_in_the_prose_is_written_as_3e_05(page):
    """Powers of ten are glued with power_of_ten, not formatted with ``:.0e`` into the prose."""
    text = (DOCS / f"{page}.md").read_text(encoding="utf-8")
    keys = set(re.findall(r"\{glue:text\}`(\w+)`", text))
    as_e = {k for k in keys if re.search(rf"glue\(\"{k}\", f\"\{{[^}}]*:\.\d*e\}}\"", text)}
    assert not as_e, f"{page}.md glues {sorted(as_e)} as 3e-05; use power_of_ten and {{glue}}"
