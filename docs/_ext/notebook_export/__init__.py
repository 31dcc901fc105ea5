"""Sphinx extension: the executed notebook of each chapter, offered for download.

Registered in ``conf.py``; the chapters are executed by myst-nb, and this module writes the
notebook a reader downloads as ``_sources/<page>.ipynb``, the same on every build. That notebook
reads like the page: its Markdown is rewritten by :mod:`notebook_export.myst` (glued values,
links to the hosted page, citations, figures as attachments), and a first cell says what it needs
and installs the package when it is missing.

Private APIs: ``app.env.mystnb_config`` is replaced by a copy with another output folder (myst-nb
has no option for it: every builder under ``_build`` shared one folder of executed notebooks),
and the labels, equation numbers and citations are read from the domains' data
(``env.domaindata``: ``std`` labels, ``math`` objects, sphinxcontrib-bibtex's ``cite``), since no
public API returns a label's number and title outside a doctree.
"""

from __future__ import annotations

import codecs
import json
import re
from pathlib import Path

from sphinx.util import logging

from .myst import Converter

# Glued values that are not shown where they are computed: myst-nb prefixes their mime types.
GLUE_PREFIX = "application/papermill.record/"


logger = logging.getLogger(__name__)


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


def glue_data(notebook, saved: Path | None = None) -> dict:
    """Glue key -> mime bundle: the glue outputs of an executed notebook (``metadata.scrapbook``
    names them), and those myst-nb took out of it into ``saved`` (``<page>.glue.json``)."""
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    if saved is not None and saved.is_file():
        outputs += json.loads(saved.read_text(encoding="utf-8")).values()
    data = {}
    for output in outputs:
        record = output.get("metadata", {}).get("scrapbook")
        if record:
            bundle = output.get("data", {}).items()
            data[record["name"]] = {k.removeprefix(GLUE_PREFIX): v for k, v in bundle}
    return data


def _authors(entry) -> str:
    """How the book's author-year citations name an entry: "A", "A and B" or "A et al."."""
    persons = entry.persons.get("author") or entry.persons.get("editor") or []

    import latexcodec  # noqa: F401  (registers the "ulatex" codec)

    def last(person) -> str:
        name = " ".join(person.prelast_names + person.last_names)
        return codecs.decode(name, "ulatex").replace("{", "").replace("}", "")

    names = [last(p) for p in persons]
    if len(names) > 2:
        return f"{names[0]} et al."
    return " and ".join(names) or entry.key


def converter(app, pagename: str, glue: dict) -> Converter:
    """A :class:`Converter` for one page, filled from the Sphinx environment."""
    env = app.env
    std = env.domaindata["std"]
    labels = {k: (*v[:2], "") for k, v in std.get("anonlabels", {}).items()}
    labels |= {k: (d, a, str(t)) for k, (d, a, t) in std.get("labels", {}).items()}
    numbers = {}
    for label, (docname, anchor, _) in labels.items():
        for kind in env.toc_fignumbers.get(docname, {}).values():
            if anchor in kind:
                numbers[label] = ".".join(map(str, kind[anchor]))
    equations = {}
    for label, (docname, number) in env.domaindata["math"]["objects"].items():
        shown = env.toc_fignumbers.get(docname, {}).get("displaymath", {}).get(f"equation-{label}")
        equations[label] = (docname, ".".join(map(str, shown)) if shown else str(number))
    cite = env.domaindata.get("cite", {})
    citations = {
        c.key: (_authors(c.entry), c.entry.fields.get("year", ""), c.citation_id)
        for c in cite.get("citations", [])
    }
    bibliography = next((k.docname for k in cite.get("bibliographies", {})), "references")
    objects = {k: (v.docname, v.node_id) for k, v in env.domaindata["py"]["objects"].items()}
    baseurl = app.config.html_baseurl.rstrip("/") + "/"

    return Converter(
        docname=pagename,
        baseurl=baseurl,
        glue=glue,
        labels=labels,
        titles={k: v.astext() for k, v in env.titles.items()},
        equations=equations,
        numbers=numbers,
        citations=citations,
        bibliography=bibliography,
        objects=objects,
        srcdir=Path(app.srcdir),
    )


def first_cells(title: str, url: str, version: str) -> list:
    """What a downloaded chapter needs, and a cell that installs the package when missing."""
    import nbformat.v4 as nbf

    pin = f"=={version}" if re.fullmatch(r"\d+(\.\d+)*", version) else ""
    note = (
        f"**Run this page yourself.** This notebook is [{title}]({url}), a page of the book "
        "*LSTM networks, explained*, with the outputs it had when the site was built. It "
        "needs Python 3.11 or newer and the book's package `lstm-explained` (which brings numpy "
        "and matplotlib). The next cell installs the package when it is missing; then run the "
        "cells from the top (*Run All*). Change a number and run again: that is what it is for."
    )
    code = (
        "# Installs the book's package when it is missing (run this cell first).\n"
        "try:\n"
        "    import lstm_explained\n"
        "except ImportError:\n"
        f'    %pip install "lstm-explained{pin}"\n'
        "    import lstm_explained\n"
        f'if lstm_explained.__version__ != "{version}":\n'
        f'    print("This chapter was run with lstm-explained {version}; you have",\n'
        "          lstm_explained.__version__)"
    )
    return [nbf.new_markdown_cell(note), nbf.new_code_cell(code)]


def reader_notebook(notebook, convert: Converter, title: str, url: str, version: str):
    """The executed notebook rewritten for a reader's Jupyter (see the module's docstring)."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            convert.attachments = {}
            cell.source = convert.convert(cell.source).rstrip("\n")
            if convert.attachments:
                cell.attachments = convert.attachments
        elif cell.cell_type == "code":
            cell.outputs = [
                o
                for o in cell.outputs
                if not any(k.startswith(GLUE_PREFIX) for k in o.get("data", {}))
            ]
    notebook.cells[:0] = first_cells(title, url, version)
    for key in ("source_map", "jupytext"):
        notebook.metadata.pop(key, None)
    return notebook


def _tidy_notebook(text: str, prepare=None) -> str:
    """The executed notebook as readers download it, the same on every build: cell ids
    numbered in order (myst-nb draws them at random) and each stream in one output.
    ``prepare(notebook)`` rewrites it for the reader first."""
    import nbformat

    notebook = nbformat.reads(text, as_version=4)
    if prepare is not None:
        notebook = prepare(notebook)
    for index, cell in enumerate(notebook.cells):
        cell.id = f"cell-{index}"
        if cell.cell_type == "code":
            cell.outputs = _merged_streams(cell.outputs)
    return nbformat.writes(notebook)


def with_cached_outputs(notebook, config):
    """The notebook with its outputs, taken from jupyter-cache when myst-nb left them out.

    On a cache hit myst-nb renders the page from a merged copy of the notebook but writes the
    notebook it read, without outputs: a warm ``make html`` offered notebooks with no outputs.
    """
    has_code = any(cell.cell_type == "code" for cell in notebook.cells)
    has_outputs = any(cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code")
    if config.execution_mode != "cache" or not has_code or has_outputs:
        return notebook
    from jupyter_cache import get_cache

    try:
        _, merged = get_cache(config.execution_cache_path).merge_match_into_notebook(notebook)
    except KeyError:  # not in the cache: nothing ran, and the page says so
        return notebook
    return merged


def _offer_notebook(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Offer the executed notebook of a chapter as ``_sources/<page>.ipynb`` for download."""
    executed = Path(app.env.mystnb_config.output_folder) / f"{pagename}.ipynb"
    if doctree is None or not executed.is_file():
        return
    target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    import lstm_explained

    title = app.env.titles[pagename].astext() if pagename in app.env.titles else pagename

    def prepare(notebook):
        notebook = with_cached_outputs(notebook, app.env.mystnb_config)
        convert = converter(app, pagename, glue_data(notebook, executed.with_suffix(".glue.json")))
        notebook = reader_notebook(
            notebook, convert, title, convert.url(pagename), lstm_explained.__version__
        )
        for problem in dict.fromkeys(convert.problems):
            logger.warning(f"downloadable notebook: {problem}", location=pagename)
        return notebook

    text = _tidy_notebook(executed.read_text(encoding="utf-8"), prepare)
    target.write_text(text, encoding="utf-8")
    context["ipynb_source"] = f"{pagename}.ipynb"


def setup(app) -> dict:
    app.connect("builder-inited", _own_notebook_folder, priority=900)
    app.connect("html-page-context", _offer_notebook, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
