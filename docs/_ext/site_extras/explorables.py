"""Load the interactive figures' script and stylesheet only on the pages that hold one.

A page holds an interactive figure when its body has a ``<figure class="lx ...">`` (what
``lstm_explained.book.explorables`` writes); other pages load nothing more.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx


def add_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any):
    if doctree is not None and '<figure class="lx ' in context.get("body", ""):
        app.add_css_file("explorables.css")
        app.add_js_file("explorables.js", loading_method="defer")
