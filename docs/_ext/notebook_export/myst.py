"""MyST to the Markdown that Jupyter renders, for the notebooks readers download.

A chapter's Markdown cells use MyST: roles (``{glue:text}``, ``{ref}``, ``{cite:p}``...),
directives (```` ```{math} ````, ``:::{note}``, ``{glue:figure}``, ``{exercise}``...), targets
``(label)=``, comments ``% ...`` and labelled math ``$$ ... $$ (label)``. Jupyter shows all of them
as source. myst-parser's parser finds them (:mod:`notebook_export.markdown`), and
:class:`Converter` writes what the page shows instead: glued values, links to the hosted page,
citations as "Author (year)", figures as cell attachments, admonitions as quotes.

It knows nothing of Sphinx: everything it looks up is handed to it as plain dictionaries, so it
is tested on small inputs (``tests/test_notebook_export.py``); the extension fills them from the
Sphinx environment.
"""

from __future__ import annotations

import ast
import base64
import mimetypes
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .markdown import MarkdownWriter, fenced, indented

# A role's "text <target>" form.
TITLED = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.S)
IMAGE_MIMES = ("image/svg+xml", "image/png", "image/jpeg", "image/gif")
ADMONITIONS = {n: n.capitalize() for n in ("note", "tip", "hint", "important", "warning")}
ADMONITIONS |= {n: n.capitalize() for n in ("caution", "attention", "danger", "error")}
ADMONITIONS |= {"seealso": "See also", "deprecated": "Deprecated"}
TITLED_BOXES = {"admonition", "topic", "sidebar", "margin", "dropdown", "card", "epigraph"}
TRANSPARENT = {"div", "container", "grid", "grid-item", "grid-item-card", "tab-item", "tab-set"}
ROLE_MARKUP = {"sub": "<sub>{}</sub>", "sup": "<sup>{}</sup>", "kbd": "<kbd>{}</kbd>"}
ROLE_MARKUP |= {"code": "`{}`", "samp": "`{}`", "file": "`{}`", "guilabel": "**{}**"}
ROLE_MARKUP |= {"math": "${}$", "strong": "**{}**", "emphasis": "*{}*", "command": "`{}`"}
REFS = {"ref", "numref", "any", "exercise", "solution", "prf:ref"}
PY_ROLES = {"func", "class", "meth", "mod", "attr", "obj", "data", "exc", "const"}
GLUE = {"glue", "glue:", "glue:any", "glue:text", "glue:md"}


def format_plain_text(text: str, spec: str) -> str:
    """A glued value's ``text/plain`` as ``{glue:text}`key:spec``` shows it (myst-nb's rule: the
    repr is evaluated, so a glued string loses its quotes, then formatted with ``spec``)."""
    try:
        value = ast.literal_eval(text)
    except (SyntaxError, ValueError):
        value = text
    kind = spec[-1:] or "s"
    if kind in "bcdoxX":
        value = int(value)
    elif kind in "eEfFgGn%":
        value = float(value)
    else:
        value = str(value)
    return format(value, spec)


def quote(text: str) -> str:
    return indented(text.strip("\n"), "> ", "> ")


@dataclass
class Converter(MarkdownWriter):
    """Rewrites the MyST of one page into Jupyter Markdown (:meth:`convert`).

    Parameters
    ----------
    docname : str
        The page, e.g. ``"training"``; relative ``{doc}`` targets and image paths start there.
    baseurl : str
        The hosted site, ending in ``/``.
    glue : dict
        Glue key -> mime bundle (``{"text/plain": "0.5"}``, ``{"image/png": "<base64>"}``).
    labels : dict
        Label -> ``(docname, anchor, title)``, Sphinx's ``std`` labels.
    titles : dict
        Docname -> title.
    equations : dict
        Equation label -> ``(docname, number)``.
    numbers : dict
        Label -> the number Sphinx gave it (``"3"`` for the third figure or exercise).
    citations : dict
        Bibliography key -> ``(authors, year, anchor)``, e.g. ``("Hochreiter and Schmidhuber",
        "1997", "id4")``: the anchor of the entry on the bibliography page ("" for none).
    bibliography : str
        The docname of the references page.
    objects : dict
        Python object name (``"lstm_explained.LSTMCell"``) -> ``(docname, anchor)``.
    srcdir : Path or None
        Where the chapters are, to embed local images.
    glue_format : callable
        ``(text_plain, format_spec) -> str``, how ``{glue:text}`key:.2f``` formats (myst-nb's).
    """

    docname: str
    baseurl: str
    glue: dict = field(default_factory=dict)
    labels: dict = field(default_factory=dict)
    titles: dict = field(default_factory=dict)
    equations: dict = field(default_factory=dict)
    numbers: dict = field(default_factory=dict)
    citations: dict = field(default_factory=dict)
    bibliography: str = "references"
    objects: dict = field(default_factory=dict)
    srcdir: Path | None = None
    glue_format: Callable[[str, str], str] | None = None
    problems: list = field(default_factory=list)
    attachments: dict = field(default_factory=dict)

    def url(self, docname: str, anchor: str = "") -> str:
        page = "" if docname == "index" else f"{docname}.html"
        if docname.endswith("/index"):
            page = docname[: -len("index")]
        return f"{self.baseurl}{page}" + (f"#{anchor}" if anchor else "")

    def _doc(self, target: str) -> str:
        target = target.removesuffix(".md").removesuffix(".ipynb")
        if target.startswith("/"):
            return target.lstrip("/")
        return posixpath.normpath(posixpath.join(posixpath.dirname(self.docname), target))

    def link(self, url: str) -> str:
        """A link to another chapter (``core-idea.md#sec``) goes to the hosted page."""
        if re.match(r"^[a-z][\w+.-]*:|^//", url):
            return url
        path, _, anchor = url.partition("#")
        return self.url(self._doc(path) if path else self.docname, anchor)

    # --- roles ---------------------------------------------------------------------------------
    def role(self, name: str, body: str) -> str:
        name = name.removeprefix("py:").removeprefix("std:")
        titled = TITLED.match(body)
        text, target = (titled["text"], titled["target"]) if titled else (None, body)
        if name in GLUE:
            return self.glue_inline(name, body)
        if name in REFS:
            return self.ref(name, text, target)
        if name == "doc":
            docname = self._doc(target)
            return f"[{text or self.titles.get(docname, docname)}]({self.url(docname)})"
        if name == "eq":
            return self.eq(text, target)
        if name.startswith("cite"):
            return self.cite(name, target)
        if name in PY_ROLES:
            return self.py(name, text, target)
        if name in ROLE_MARKUP:
            return ROLE_MARKUP[name].format(body)
        if name == "abbr":
            return re.sub(r"\s*\(.*\)$", "", body)
        if name == "download":
            return f"[{text or target}]({self.url(self.docname)})"
        return text if text is not None else body

    def ref(self, name: str, text: str | None, label: str) -> str:
        label = label.strip()
        if label not in self.labels:
            self.problems.append(f"{{{name}}} to an unknown label {label!r}")
            return text or label
        docname, anchor, title = self.labels[label]
        if name == "numref" or (text is None and not title):
            number = self.numbers.get(label, "")
            template = text or "Figure {number}"
            title = template.replace("%s", number).replace("{number}", number)
            title = title.replace("{name}", self.labels[label][2] or "")
            text = None
        return f"[{text or title or label}]({self.url(docname, anchor)})"

    def eq(self, text: str | None, label: str) -> str:
        if label not in self.equations:
            self.problems.append(f"{{eq}} to an unknown equation {label!r}")
            return f"({label})"
        docname, number = self.equations[label]
        return f"[{text or f'({number})'}]({self.url(docname, f'equation-{label}')})"

    def cite(self, name: str, keys: str) -> str:
        parts = []
        for key in (k.strip() for k in keys.split(",")):
            authors, year, anchor = self.citations.get(key, (key, "", ""))
            if key not in self.citations:
                self.problems.append(f"{{{name}}} of an unknown key {key!r}")
            url = self.url(self.bibliography, anchor)
            if name.startswith("cite:t"):
                parts.append(f"[{authors} ({year})]({url})")
            else:
                parts.append(f"[{authors}, {year}]({url})")
        if name.startswith("cite:t"):
            return ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]
        return "(" + "; ".join(parts) + ")"

    def py(self, name: str, text: str | None, target: str) -> str:
        target = target.lstrip("!")
        short = target.lstrip("~")
        shown = text or (short.rsplit(".", 1)[-1] if target.startswith("~") else short)
        shown = f"`{shown}()`" if name in ("func", "meth") and not text else f"`{shown}`"
        found = self.objects.get(short) or next(
            (v for k, v in self.objects.items() if k.endswith("." + short)), None
        )
        return f"[{shown}]({self.url(*found)})" if found else shown

    # --- glue ----------------------------------------------------------------------------------
    def _bundle(self, key: str) -> dict:
        key = key.split("::")[-1].strip()
        if key not in self.glue:
            self.problems.append(f"glue key {key!r} is not in the executed notebook")
            return {"text/plain": f"<{key}>"}
        return self.glue[key]

    def glue_inline(self, name: str, body: str) -> str:
        key, fmt = body, ""
        if name == "glue:text" and ":" in body.split("::")[-1]:
            key, fmt = body.rsplit(":", 1)
        bundle = self._bundle(key)
        if name == "glue:md" or (name != "glue:text" and "text/markdown" in bundle):
            return self.convert(bundle.get("text/markdown", "")).strip()
        if name != "glue:text" and any(m in bundle for m in IMAGE_MIMES):
            return f"![{key}]({self.attach(key, bundle)})"
        return (self.glue_format or format_plain_text)(bundle.get("text/plain", ""), fmt)

    def attach(self, name: str, bundle: dict) -> str:
        """Keep an image as a cell attachment; returns its ``attachment:`` address.

        An SVG is base64-encoded like the other types: JupyterLab and nbconvert both show an
        attachment as a ``data:<mime>;base64,<data>`` address, whatever its type."""
        mime = next(m for m in IMAGE_MIMES if m in bundle)
        data = bundle[mime]
        if mime == "image/svg+xml":
            data = "".join(data) if isinstance(data, list) else data
            data = base64.b64encode(data.encode("utf-8")).decode("ascii")
        filename = re.sub(r"[^\w.-]", "_", name)
        if mimetypes.guess_type(filename)[0] != mime:
            filename += mimetypes.guess_extension(mime) or ""
        self.attachments[filename] = {mime: data}
        return f"attachment:{filename}"

    def image(self, path: str) -> str:
        """A local image as an attachment; the hosted copy when it cannot be read."""
        if re.match(r"^[a-z][\w+.-]*:|^//", path):
            return path
        file = (self.srcdir / posixpath.dirname(self.docname) / path) if self.srcdir else None
        if file is None or not file.is_file():
            self.problems.append(f"image {path!r} not found")
            return path
        mime = mimetypes.guess_type(file.name)[0] or "image/png"
        data = (
            file.read_text()
            if mime == "image/svg+xml"
            else base64.b64encode(file.read_bytes()).decode()
        )
        return self.attach(file.name, {mime: data})

    # --- math and directives -------------------------------------------------------------------
    def math(self, body: str, label: str | None) -> str:
        body = body.strip()
        if "\\\\" in body and "\\begin" not in body:
            body = f"\\begin{{split}}\n{body}\n\\end{{split}}"
        number = self.equations.get(label, (None, None))[1] if label else None
        tag = f"\n\\tag{{{number}}}" if number else ""
        return f"$$\n{body}{tag}\n$$"

    def directive(self, name: str, arg: str, options: dict, content: str) -> str:
        label = options.get("label") or options.get("name")
        if name in ("math", *ADMONITIONS) and arg:  # these take no argument: it is body text
            content, arg = f"{arg}\n{content}", ""
        if name == "math":
            return self.math(content, label)
        if name in ("code-block", "code", "sourcecode", "code-cell"):
            return fenced(arg.split()[0] if arg.split() else "", content)
        if name in ("glue", "glue:", "glue:any", "glue:figure", "glue:md", "glue:math"):
            return self.glue_block(name, arg.strip(), options, content, label)
        if name in ("figure", "image"):
            image = f"![{options.get('alt', '')}]({self.image(arg.strip())})"
            return self.captioned(image, content, label, "Figure")
        if name in ("table", "list-table"):
            table = self.list_table(content) if name == "list-table" else self.convert(content)
            return self.captioned(table, arg, label, "Table", above=True)
        if name in ADMONITIONS or name in TITLED_BOXES:
            title = arg.strip() or ADMONITIONS.get(name, "")
            head = f"**{self.inline_text(title)}**\n\n" if title else ""
            return quote(head + self.convert(content))
        if name in ("exercise", "exercise-start"):
            number = "" if "nonumber" in options else self.numbers.get(label or "", "")
            head = f"**Exercise {number}**".replace(" **", "**")
            head += f" ({self.inline_text(arg.strip())})" if arg.strip() else ""
            return quote(head + "\n\n" + self.convert(content))
        if name in ("solution", "solution-start"):
            head = f"Solution to Exercise {self.numbers.get(arg.strip(), '')}".rstrip()
            if name == "solution-start":  # the solution runs over the next cells: not folded
                return f"**{head}**\n\n{self.convert(content)}"
            return f"<details>\n<summary>{head}</summary>\n\n{self.convert(content)}\n</details>"
        if name in ("exercise-end", "solution-end"):
            return ""
        if name == "toctree":
            return self.toctree(options, content)
        if name == "bibliography":
            return f"The works cited are listed in [References]({self.url(self.bibliography)})."
        if name in ("raw", "only"):
            return content if arg.strip() == "html" else ""
        if name in TRANSPARENT:
            return self.convert(content)
        # eval-rst, autodoc, execution tables...: shown on the hosted page only
        return f"*(Shown on [the page]({self.url(self.docname)}).)*"

    def inline_text(self, text: str) -> str:
        """One line of MyST (a title, an argument) as Jupyter Markdown."""
        return self.convert(text).strip()

    def toctree(self, options: dict, content: str) -> str:
        if "hidden" in options:
            return ""
        items = []
        for entry in (e.strip() for e in content.splitlines() if e.strip()):
            titled = TITLED.match(entry)
            text, target = (titled["text"], titled["target"]) if titled else (None, entry)
            docname = self._doc(target)
            items.append(f"- [{text or self.titles.get(docname, docname)}]({self.url(docname)})")
        caption = f"**{options['caption']}**\n\n" if options.get("caption") else ""
        return caption + "\n".join(items)

    def list_table(self, content: str) -> str:
        """A ``list-table`` (a list of rows, each a list of cells) as a pipe table."""
        from .markdown import tree

        rows = []
        for row in (n for n in tree(content).children if n.type == "bullet_list"):
            for item in row.children:
                cells = item.children[0].children if item.children else []
                rows.append([self.blocks(cell.children).replace("\n", " ") for cell in cells])
        if not rows:
            return ""
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
        return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows[1:]])

    def glue_block(self, name, key, options, caption, label) -> str:
        bundle = self._bundle(key)
        image = any(m in bundle for m in IMAGE_MIMES)
        if name == "glue:math":
            return self.math(bundle.get("text/latex", "").strip().strip("$"), label)
        if name == "glue:md" or ("text/markdown" in bundle and not image):
            return self.convert(bundle.get("text/markdown", ""))
        if image:
            figure = f"![{options.get('alt', '')}]({self.attach(key, bundle)})"
            return self.captioned(figure, caption, label, "Figure")
        return self.glue_inline("glue:text", key)

    def captioned(self, body: str, caption: str, label, kind: str, above: bool = False) -> str:
        number = self.numbers.get(label or "", "")
        caption = self.inline_text(caption) if caption.strip() else ""
        prefix = f"{kind} {number}" if number else ""
        if caption or prefix:
            caption = f"*{prefix}{': ' if prefix and caption else ''}{caption}*"
        parts = [caption, body] if above else [body, caption]
        return "\n\n".join(p for p in parts if p)
