"""Sphinx extension: the executed notebook of each chapter, offered for download.

Registered in ``conf.py``; the chapters are executed by myst-nb, and this module writes the
notebook a reader downloads as ``_sources/<page>.ipynb``, the same on every build.
"""

from __future__ import annotations

from pathlib import Path


def _own_notebook_folder(app) -> None:
    """Give every build its own folder of executed notebooks.

    myst-nb writes them to ``<outdir>/../jupyter_execute``, a folder shared by every builder under
    ``_build``: a doctest build with execution off would overwrite the html build's notebooks.
    """
    folder = Path(app.outdir).parent / "jupyter_execute" / Path(app.outdir).name
    app.env.mystnb_config = app.env.mystnb_config.copy(output_folder=str(folder.resolve()))


def _merged_streams(outputs: list) -> list:
    """One stream output per name, holding the stream's whole text, other outputs unchanged.

    With ``nb_merge_streams`` myst-nb merges a cell's stream into its first stream output but
    leaves the other fragments in the notebook it writes: the download showed the text twice,
    split wherever the kernel happened to flush. Fragments are dropped when the first output
    already ends with them, and appended otherwise.
    """
    first: dict = {}
    rest: dict = {}
    kept = []
    for output in outputs:
        if output.output_type != "stream":
            kept.append(output)
        elif output.name not in first:
            first[output.name] = output
            kept.append(output)
        else:
            rest.setdefault(output.name, []).append(output)
    for name, fragments in rest.items():
        tail = "".join(f.text.rstrip() + "\n" for f in fragments if f.text.rstrip())
        if not first[name].text.endswith(tail):
            first[name].text += "".join(f.text for f in fragments)
    return kept


def _tidy_notebook(text: str) -> str:
    """The executed notebook as readers download it, the same on every build: cell ids
    numbered in order (myst-nb draws them at random) and each stream in one output."""
    import nbformat

    notebook = nbformat.reads(text, as_version=4)
    for index, cell in enumerate(notebook.cells):
        cell.id = f"cell-{index}"
        if cell.cell_type == "code":
            cell.outputs = _merged_streams(cell.outputs)
    return nbformat.writes(notebook)


def _offer_notebook(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Offer the executed notebook of a chapter as ``_sources/<page>.ipynb`` for download."""
    executed = Path(app.env.mystnb_config.output_folder) / f"{pagename}.ipynb"
    if doctree is None or not executed.is_file():
        return
    target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(_tidy_notebook(executed.read_text(encoding="utf-8")), encoding="utf-8")
    context["ipynb_source"] = f"{pagename}.ipynb"


def setup(app) -> dict:
    app.connect("builder-inited", _own_notebook_folder, priority=900)
    app.connect("html-page-context", _offer_notebook, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
