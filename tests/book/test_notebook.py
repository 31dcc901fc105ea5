"""lstm_explained.book.notebook.glue: myst-nb's glue in the build, a display in Jupyter."""

from __future__ import annotations

import sys

import pytest
from matplotlib.figure import Figure

from lstm_explained.book import notebook


@pytest.fixture
def shown(monkeypatch):
    """Hide myst-nb and record what IPython's display receives, as in a reader's kernel."""
    import IPython
    import IPython.display

    calls: list = []
    monkeypatch.setitem(sys.modules, "myst_nb", None)  # `import myst_nb` raises ImportError
    monkeypatch.setattr(IPython, "get_ipython", lambda: object())
    monkeypatch.setattr(IPython.display, "display", lambda value: calls.append(value))
    return calls


def test_without_myst_nb_display_false_shows_nothing(shown):
    notebook.glue("x", 0.25, display=False)
    notebook.glue("s", "0.25", display=False)
    assert shown == []


def test_without_myst_nb_display_true_shows_the_value(shown):
    notebook.glue("x", 0.25)
    assert shown == [0.25]


def test_without_myst_nb_a_figure_is_shown_even_with_display_false(shown):
    fig = Figure()
    notebook.glue("fig", fig, display=False)
    assert shown == [fig]


def test_outside_ipython_the_value_is_printed(monkeypatch, capsys):
    import IPython

    monkeypatch.setitem(sys.modules, "myst_nb", None)
    monkeypatch.setattr(IPython, "get_ipython", lambda: None)
    notebook.glue("x", 3)
    notebook.glue("y", 4, display=False)
    assert capsys.readouterr().out == "3\n"


def test_with_myst_nb_it_glues_through_myst_nb(monkeypatch):
    import types

    calls = []
    fake = types.ModuleType("myst_nb")
    fake.glue = lambda name, value, display=True: calls.append((name, value, display))
    monkeypatch.setitem(sys.modules, "myst_nb", fake)
    notebook.glue("x", 1, display=False)
    notebook.glue("y", 2)
    assert calls == [("x", 1, False), ("y", 2, True)]


@pytest.mark.parametrize("name", ["", 3, None])
def test_bad_name(name):
    with pytest.raises(TypeError, match="name must be a non-empty str"):
        notebook.glue(name, 1)


@pytest.mark.slow
def test_in_a_plain_jupyter_kernel(tmp_path):
    """A real kernel in which myst-nb cannot be imported, as after `pip install lstm-explained`."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    cells = [
        "import sys; sys.modules['myst_nb'] = None\n"
        "import matplotlib.pyplot as plt\n"
        "from lstm_explained.book.notebook import glue",
        'glue("hidden", 0.5, display=False)',
        'glue("shown", 0.75)',
        "fig, ax = plt.subplots()\nax.plot([0, 1])\n"
        'glue("fig", fig, display=False)\nplt.close(fig)',
    ]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    nbclient.NotebookClient(nb, timeout=60, kernel_name="python3").execute()
    outputs = [cell.outputs for cell in nb.cells]
    assert outputs[1] == []
    assert [o.data["text/plain"] for o in outputs[2]] == ["0.75"]
    assert len(outputs[3]) == 1 and "image/png" in outputs[3][0].data
