"""docs/_ext/notebook_export: the notebook a reader downloads reads like the page. Small MyST
inputs, each with the Markdown Jupyter should get, written out by hand."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

import notebook_export  # noqa: E402
from notebook_export.markdown import raw_myst  # noqa: E402
from notebook_export.myst import Converter  # noqa: E402

BASE = "https://example.org/book/"


@pytest.fixture
def convert() -> Converter:
    return Converter(
        docname="training",
        baseurl=BASE,
        glue={
            "n": {"text/plain": "6"},
            "err": {"text/plain": "'9e-16'"},
            "rate": {"text/plain": "0.6612"},
            "table": {
                "text/markdown": ":::{table} Caption {cite:t}`h97`\n\n| a |\n|---|\n| 1 |\n:::"
            },
            "fig": {"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"},
        },
        labels={
            "fig-a": ("training", "fig-a", "A figure caption"),
            "sec-x": ("core-idea", "sec-x", "The section"),
            "ex-1": ("training", "ex-1", ""),
        },
        titles={"core-idea": "The core idea", "index": "Home", "training": "Training"},
        equations={"eq-a": ("core-idea", "13")},
        numbers={"fig-a": "22", "ex-1": "3"},
        citations={
            "h97": ("Hochreiter and Schmidhuber", "1997", "id4"),
            "g00": ("Gers et al.", "2000", "id5"),
        },
        objects={"lstm_explained.LSTMCell": ("api", "lstm_explained.LSTMCell")},
    )


@pytest.mark.parametrize(
    ("myst", "markdown"),
    [
        ("over {glue:text}`n` steps", "over 6 steps"),
        ("within {glue:text}`err`.", "within 9e-16."),  # quotes of a str's repr dropped
        ("rate {glue:text}`rate:.2f`", "rate 0.66"),
        ("rate {glue}`rate`", "rate 0.6612"),
        ("see {ref}`sec-x`", f"see [The section]({BASE}core-idea.html#sec-x)"),
        ("{ref}`Measured <fig-a>` here", f"[Measured]({BASE}training.html#fig-a) here"),
        ("{numref}`fig-a`", f"[Figure 22]({BASE}training.html#fig-a)"),
        ("{numref}`Fig. %s <fig-a>`", f"[Fig. 22]({BASE}training.html#fig-a)"),
        ("{doc}`core-idea`", f"[The core idea]({BASE}core-idea.html)"),
        ("{doc}`the start <index>`", f"[the start]({BASE})"),
        ("by {eq}`eq-a`", f"by [(13)]({BASE}core-idea.html#equation-eq-a)"),
        (
            "BPTT {cite:p}`h97`",
            f"BPTT ([Hochreiter and Schmidhuber, 1997]({BASE}references.html#id4))",
        ),
        (
            "{cite:p}`h97,g00`",
            f"([Hochreiter and Schmidhuber, 1997]({BASE}references.html#id4); "
            f"[Gers et al., 2000]({BASE}references.html#id5))",
        ),
        ("{cite:t}`g00` showed", f"[Gers et al. (2000)]({BASE}references.html#id5) showed"),
        ("{math}`x^2`", "$x^2$"),
        (
            "{py:class}`lstm_explained.LSTMCell`",
            f"[`lstm_explained.LSTMCell`]({BASE}api.html#lstm_explained.LSTMCell)",
        ),
        ("{func}`~a.b.nowhere`", "`nowhere()`"),
        ("{sub}`2` and {abbr}`LSTM (long short-term memory)`", "<sub>2</sub> and LSTM"),
        ("code `{ref}` stays", "code `{ref}` stays"),  # a code span is not a role
        ("``a `{ref}`x` b``", "``a `{ref}`x` b``"),
        (
            "a role {ref}`split\nover <sec-x>` lines",
            f"a role [split over]({BASE}core-idea.html#sec-x) lines",  # as Sphinx reads it
        ),
        ("[next](core-idea.md#sec-x)", f"[next]({BASE}core-idea.html#sec-x)"),
        ("[out](https://a.org/x.md)", "[out](https://a.org/x.md)"),
    ],
)
def test_inline(convert, myst, markdown):
    assert convert.convert(myst) == markdown + "\n"
    assert convert.problems == []


def test_targets_comments_and_breaks_go(convert):
    myst = "(sec-x)=\n## Title\n\n% a note to authors\nText\n+++\nMore"
    assert convert.convert(myst) == "## Title\n\nText\n\nMore\n"


def test_markdown_is_written_back_as_it_was_written(convert):
    """What is not MyST comes back as written: escapes, entities, emphasis, lists, quotes,
    tables and code, with the roles inside them rewritten."""
    myst = (
        "# A \\*title\\* &amp; more\n\n"
        "Some *emphasis*, **strong**, `code`, $x_1$ and a\nline break.\n\n"
        "- one {ref}`sec-x`\n- two\n  continued\n\n"
        "3. three\n4. four\n\n"
        "> quoted {glue:text}`n`\n>\n> again\n\n"
        "| a | b |\n|:--|--:|\n| {glue:text}`n` | \\| |\n\n"
        "~~~python\n```\n~~~\n\n"
        "![alt text](https://a.org/x.png)"
    )
    assert convert.convert(myst) == (
        "# A \\*title\\* &amp; more\n\n"
        "Some *emphasis*, **strong**, `code`, $x_1$ and a\nline break.\n\n"
        f"- one [The section]({BASE}core-idea.html#sec-x)\n- two\n  continued\n\n"
        "3. three\n4. four\n\n"
        "> quoted 6\n>\n> again\n\n"
        "| a | b |\n|:---|---:|\n| 6 | \\| |\n\n"
        "````python\n```\n````\n\n"
        "![alt text](https://a.org/x.png)\n"
    )
    assert convert.problems == []


def test_directives_inside_lists_and_definitions(convert):
    myst = "- item\n\n  ```{note}\n  Inside {ref}`sec-x`.\n  ```\n\nTerm\n: its meaning"
    assert convert.convert(myst) == (
        f"- item\n\n  > **Note**\n  >\n  > Inside [The section]({BASE}core-idea.html#sec-x).\n\n"
        "- **Term**\n\n  its meaning\n"
    )


def test_an_admonitions_first_line_is_its_body(convert):
    assert convert.convert("```{note} Read this.\n```") == "> **Note**\n>\n> Read this.\n"


def test_math_directive_gets_its_number(convert):
    myst = "```{math}\n:label: eq-a\n\\begin{aligned}\na &= b\n\\end{aligned}\n```"
    assert convert.convert(myst) == "$$\n\\begin{aligned}\na &= b\n\\end{aligned}\n\\tag{13}\n$$\n"


def test_math_directive_with_line_breaks_is_split(convert):
    assert convert.convert("```{math}\na \\\\\nb\n```") == (
        "$$\n\\begin{split}\na \\\\\nb\n\\end{split}\n$$\n"
    )


def test_labelled_dollar_math(convert):
    assert convert.convert("$$\nx = 1\n$$ (eq-a)\n") == "$$\nx = 1\n\\tag{13}\n$$\n"
    assert convert.convert("$$ x = 1 $$ (eq-a)") == "$$\nx = 1\n\\tag{13}\n$$\n"
    # % inside math is LaTeX, not a MyST comment
    assert convert.convert("$$\n% keep\nx\n$$") == "$$\n% keep\nx\n$$\n"


def test_glue_figure_becomes_an_attachment_with_its_caption(convert):
    myst = (
        "```{glue:figure} fig\n:name: fig-a\n:alt: A plot: the loss\n\n"
        "The caption, {glue:text}`n` seeds.\n```"
    )
    assert convert.convert(myst) == (  # a colon in an option is text, as Sphinx reads it
        "![A plot: the loss](attachment:fig.png)\n\n*Figure 22: The caption, 6 seeds.*\n"
    )
    assert convert.attachments == {"fig.png": {"image/png": "iVBORw0KGgo="}}


def test_glued_myst_markdown_is_converted_too(convert):
    out = convert.convert("```{glue:md} table\n:format: myst\n```")
    assert out == (
        f"*Caption [Hochreiter and Schmidhuber (1997)]({BASE}references.html#id4)*\n\n"
        "| a |\n|---|\n| 1 |\n"
    )


def test_admonitions_are_quotes(convert):
    myst = ":::{note}\nRead {ref}`sec-x`.\n\nTwice.\n:::"
    assert convert.convert(myst) == (
        f"> **Note**\n>\n> Read [The section]({BASE}core-idea.html#sec-x).\n>\n> Twice.\n"
    )
    myst = "````{admonition} Why\n:class: tip\n\n```python\nx = 1\n```\n````"
    assert convert.convert(myst) == "> **Why**\n>\n> ```python\n> x = 1\n> ```\n"


def test_exercise_and_solution(convert):
    myst = (
        "```{exercise} Truncated BPTT\n:label: ex-1\n\nShow that $k$ steps suffice.\n```\n\n"
        "```{solution} ex-1\n:class: dropdown\n\nBecause.\n```"
    )
    assert convert.convert(myst) == (
        "> **Exercise 3** (Truncated BPTT)\n>\n> Show that $k$ steps suffice.\n\n"
        "<details>\n<summary>Solution to Exercise 3</summary>\n\nBecause.\n\n</details>\n"
    )


def test_a_solution_over_several_cells_starts_with_a_heading(convert):
    myst = "```{solution-start} ex-1\n:class: dropdown\n```\n\nBecause."
    assert convert.convert(myst) == "**Solution to Exercise 3**\n\nBecause.\n"
    assert convert.convert("```{solution-end}\n```") == "\n"


def test_code_fences_are_left_alone(convert):
    myst = "```python\n% not a comment\n{ref}`not a role`\n```"
    assert convert.convert(myst) == myst + "\n"
    assert convert.convert("```{code-block} python\nx = 1\n```") == "```python\nx = 1\n```\n"


def test_toctree_lists_links_and_hidden_goes(convert):
    myst = "```{toctree}\n:maxdepth: 1\n\ncore-idea\nLast <training>\n```"
    assert convert.convert(myst) == (
        f"- [The core idea]({BASE}core-idea.html)\n- [Last]({BASE}training.html)\n"
    )
    assert convert.convert("```{toctree}\n:hidden:\n\ncore-idea\n```") == "\n"
    myst = "```{toctree}\n:caption: Chapters\n\ncore-idea\n```"
    assert convert.convert(myst) == f"**Chapters**\n\n- [The core idea]({BASE}core-idea.html)\n"


def test_figure_directive_embeds_the_image(convert, tmp_path):
    (tmp_path / "pic.svg").write_text("<svg/>")
    convert.srcdir = tmp_path
    myst = "```{figure} pic.svg\n:name: fig-a\n:alt: Alt\n\nCaption.\n```"
    assert convert.convert(myst) == "![Alt](attachment:pic.svg)\n\n*Figure 22: Caption.*\n"
    assert convert.attachments == {"pic.svg": {"image/svg+xml": "PHN2Zy8+"}}  # base64 of <svg/>


def test_list_table(convert):
    myst = "```{list-table} Sizes\n:header-rows: 1\n\n* - a\n  - b\n* - 1\n  - 2\n```"
    assert convert.convert(myst) == "*Sizes*\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"


def test_unknown_directive_points_to_the_page(convert):
    out = convert.convert("```{eval-rst}\n.. autoclass:: X\n```")
    assert out == f"*(Shown on [the page]({BASE}training.html).)*\n"


def test_unknown_names_are_reported(convert):
    convert.convert("{glue:text}`nope` {ref}`nowhere` {eq}`eq-z` {cite:p}`z99`")
    assert len(convert.problems) == 4


@pytest.mark.parametrize(
    "myst",
    [
        "{ref}`x`",
        "```{note}\nx\n```",
        ":::{note}\nx\n:::",
        "(label)=\n# T",
        "% comment",
        "$$\nx\n$$ (eq-x)",
    ],
)
def test_raw_myst_finds_what_jupyter_would_show_as_source(myst):
    assert raw_myst(myst)


def test_raw_myst_passes_plain_markdown():
    assert raw_myst("# T\n\nText with $x$, `code` and [a link](https://a.org).\n\n$$\nx\n$$") == []


# --- notebook_export: the notebook around the Markdown -------------------------------------


def test_glue_data_reads_the_notebook_and_the_saved_glue(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    prefix = notebook_export.GLUE_PREFIX
    output = nbformat.v4.new_output(
        "display_data",
        data={prefix + "text/plain": "1"},
        metadata={"scrapbook": {"name": "a", "mime_prefix": prefix}},
    )
    cell = nbformat.v4.new_code_cell("glue('a', 1, display=False)", outputs=[output])
    saved = tmp_path / "page.glue.json"
    saved.write_text(
        json.dumps({"b": {"data": {"text/plain": "2"}, "metadata": {"scrapbook": {"name": "b"}}}})
    )
    notebook = nbformat.v4.new_notebook(cells=[cell])
    assert notebook_export.glue_data(notebook, saved) == {
        "a": {"text/plain": "1"},
        "b": {"text/plain": "2"},
    }


def test_reader_notebook(convert):
    nbformat = pytest.importorskip("nbformat")
    prefix = notebook_export.GLUE_PREFIX
    hidden = nbformat.v4.new_output("display_data", data={prefix + "text/plain": "6"})
    shown = nbformat.v4.new_output("stream", text="hello\n")
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# Training\n\n{glue:text}`n` steps"),
            nbformat.v4.new_code_cell("glue('n', 6, display=False)", outputs=[hidden, shown]),
        ],
        metadata={
            "jupytext": {},
            "source_map": [1],
            "kernelspec": {"name": "python3", "display_name": "Python 3"},
        },
    )
    out = notebook_export.reader_notebook(
        notebook, convert, "Training", f"{BASE}training.html", "1.2.0"
    )
    note, install, markdown, code = out.cells
    assert f"[Training]({BASE}training.html)" in note.source
    assert '%pip install "lstm-explained==1.2.0"' in install.source
    assert markdown.source == "# Training\n\n6 steps"
    assert code.outputs == [shown]  # the glue record goes, what the cell printed stays
    assert set(out.metadata) == {"kernelspec"}


def test_install_cell_pins_only_a_release(tmp_path):
    release = notebook_export.first_cells("T", BASE, "1.2.0")[1].source
    dev = notebook_export.first_cells("T", BASE, "1.2.1.dev3+g0abc")[1].source
    assert '%pip install "lstm-explained==1.2.0"' in release
    assert '%pip install "lstm-explained"' in dev
    compile_ipython = pytest.importorskip("IPython.core.inputtransformer2")
    # IPython turns the indented %pip into a call: the cell is valid Python once transformed
    python = compile_ipython.TransformerManager().transform_cell(release)
    compile(python, "<cell>", "exec")
    assert "run_line_magic('pip'" in python


def test_authors():
    pybtex = pytest.importorskip("pybtex.database")
    entry = pybtex.Entry("article", persons={"author": [pybtex.Person('Schmidhuber, J{\\"u}rgen')]})
    assert notebook_export._authors(entry) == "Schmidhuber"
    entry.persons["author"].append(pybtex.Person("Hochreiter, Sepp"))
    assert notebook_export._authors(entry) == "Schmidhuber and Hochreiter"
    entry.persons["author"].append(pybtex.Person('van Merri{\\"e}nboer, Bart'))
    assert notebook_export._authors(entry) == "Schmidhuber et al."


# --- outputs on a warm cache ----------------------------------------------------------------------
def _notebook(outputs: list):
    import nbformat

    cell = nbformat.v4.new_code_cell("print(6 * 7)", outputs=outputs)
    kernel = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nbformat.v4.new_notebook(cells=[cell], metadata={"kernelspec": kernel})


def test_a_notebook_written_without_outputs_gets_them_from_the_cache(tmp_path):
    """On a cache hit myst-nb writes the notebook it read, without outputs; the export takes
    them from jupyter-cache (a warm `make html` offered notebooks with no outputs at all)."""
    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn
    from notebook_export import with_cached_outputs

    printed = nbformat.v4.new_output("stream", name="stdout", text="42\n")
    get_cache(str(tmp_path)).cache_notebook_bundle(
        CacheBundleIn(_notebook([printed]), "chapter.ipynb"), check_validity=False
    )
    config = type("Config", (), {"execution_mode": "cache", "execution_cache_path": str(tmp_path)})
    merged = with_cached_outputs(_notebook([]), config)
    assert merged.cells[0].outputs[0]["text"] == "42\n"

    config.execution_mode = "force"  # executed in place: the written notebook has its outputs
    assert with_cached_outputs(_notebook([]), config).cells[0].outputs == []
