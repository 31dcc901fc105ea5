"""Sphinx extension: a figure's alt text comes from the figure itself.

A figure drawn by ``lstm_explained.book.diagrams`` carries its alternative text in its SVG, as the
description (``<dc:description>``). A notebook cell that shows one needs no ``alt`` of its own:
for every image without an ``alt``, this reads the SVG's description and makes it the alt, so
the words are written once, in the package. Registered in ``conf.py``.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

_DC = "{http://purl.org/dc/elements/1.1/}description"


def svg_description(path: Path) -> str | None:
    """The ``<dc:description>`` of the SVG file at ``path``, or None if it has none."""
    try:
        root = ElementTree.parse(path).getroot()
    except (OSError, ElementTree.ParseError):
        return None
    found = root.find(f".//{_DC}")
    return " ".join(found.text.split()) if found is not None and found.text else None


def fill_alt(doctree, resolve) -> int:
    """Give every SVG image in ``doctree`` that has no ``alt`` its file's description.

    ``resolve`` maps an image's ``uri`` to a path on disk. Returns how many were filled.
    """
    from docutils import nodes

    filled = 0
    for image in doctree.findall(nodes.image):
        uri = image.get("uri", "")
        if image.get("alt") or not uri.endswith(".svg"):
            continue
        description = svg_description(Path(resolve(uri)))
        if description:
            image["alt"] = description
            filled += 1
    return filled


def _on_doctree_read(app, doctree) -> None:
    docname = app.env.docname
    fill_alt(doctree, lambda uri: app.env.relfn2path(uri, docname)[1])


def setup(app) -> dict:
    app.connect("doctree-read", _on_doctree_read)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
