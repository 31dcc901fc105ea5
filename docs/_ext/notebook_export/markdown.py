"""Markdown written back from myst-parser's own tokens.

:class:`MarkdownWriter` walks the syntax tree that myst-parser's markdown-it parser builds (the
parser Sphinx reads the chapters with) and writes each CommonMark block and inline back as the
Markdown that Jupyter renders. What Jupyter would show as source is handed to methods that a
subclass fills in (:class:`notebook_export.myst.Converter`): roles, directives (with their
arguments and options parsed by myst-parser), labelled math; targets ``(label)=``, comments
``% ...`` and block breaks ``+++`` are dropped. :func:`raw_myst` lists what is left of MyST.
"""

from __future__ import annotations

import re
from functools import cache

# The syntax the book enables (conf.py: myst_enable_extensions), less "substitution": the
# chapters define none, and Jupyter would show {{ name }} as it is.
EXTENSIONS = frozenset({"dollarmath", "amsmath", "colon_fence", "deflist"})
# Tokens of MyST's own syntax that carry nothing a reader's notebook needs.
DROPPED = {"myst_target", "myst_line_comment", "myst_block_break"}


@cache
def parser():
    """myst-parser's markdown-it parser, escapes and entities kept as written."""
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    md = create_md_parser(MdParserConfig(enable_extensions=set(EXTENSIONS)), RendererHTML)
    # text_join would merge an escape (\*) or an entity (&amp;) into the text as the character
    # it stands for; written back, "\*" would become emphasis.
    md.disable("text_join")
    return md


def tree(text: str):
    from markdown_it.tree import SyntaxTreeNode

    return SyntaxTreeNode(parser().parse(text))


def code_span(content: str) -> str:
    """``content`` as a code span: a run of backticks longer than any inside it."""
    ticks = "`" * (max((len(run) for run in re.findall(r"`+", content)), default=0) + 1)
    pad = " " if content.startswith("`") or content.endswith("`") else ""
    return f"{ticks}{pad}{content}{pad}{ticks}"


def fenced(info: str, content: str) -> str:
    """A code block fenced with more backticks than any line of it starts with."""
    runs = re.findall(r"^\s*(`{3,})", content, re.M)
    ticks = "`" * max([3] + [len(r) + 1 for r in runs])
    return f"{ticks}{info}\n{content.rstrip(chr(10))}\n{ticks}"


def indented(text: str, first: str, rest: str) -> str:
    """``text`` with ``first`` before its first line and ``rest`` before the others."""
    lines = text.split("\n")
    out = [first + lines[0]] + [
        (rest + line) if line.strip() else rest.rstrip() for line in lines[1:]
    ]
    return "\n".join(out)


def _as_written(value: str | None) -> str:
    return value or ""


class _AnyOption(dict):
    """An option spec that takes every option as written (a string, "" for a flag)."""

    def __missing__(self, name: str):
        return _as_written


def directive_parts(info: str, content: str) -> tuple[str, str, dict, str]:
    """A directive fence's name, argument, options and body, read by myst-parser as Sphinx reads
    them (``:key: value`` lines or a ``---`` block; the values left as strings)."""
    from docutils.parsers.rst import Directive
    from myst_parser.parsers.directives import parse_directive_text

    class AnyDirective(Directive):  # any argument, any option: the name decides later
        optional_arguments = 1
        final_argument_whitespace = True
        has_content = True
        option_spec = _AnyOption(name=_as_written)

    name, _, first_line = info.strip()[1:].partition("}")
    parsed = parse_directive_text(AnyDirective, first_line.strip(), content)
    argument = parsed.arguments[0] if parsed.arguments else ""
    return name.strip(), argument, dict(parsed.options), "\n".join(parsed.body)


class MarkdownWriter:
    """Writes the tokens back as Markdown; MyST's own syntax goes to the methods below."""

    def role(self, name: str, content: str) -> str:
        return content

    def directive(self, name: str, argument: str, options: dict, body: str) -> str:
        return body

    def math(self, body: str, label: str | None) -> str:
        return f"$$\n{body.strip()}\n$$"

    def link(self, url: str) -> str:
        return url

    def image(self, url: str) -> str:
        return url

    # --- blocks --------------------------------------------------------------------------------
    def convert(self, text: str) -> str:
        """A whole Markdown cell (or a directive's body)."""
        return self.blocks(tree(text).children).strip("\n") + "\n"

    def blocks(self, nodes, tight: bool = False) -> str:
        parts = (self.block(node) for node in nodes)
        return ("\n" if tight else "\n\n").join(p.strip("\n") for p in parts if p.strip())

    def block(self, node) -> str:
        kind = node.type
        if kind in DROPPED:
            return ""
        if kind == "paragraph":
            return self.inline(node.children[0])
        if kind == "heading":
            return "#" * int(node.tag[1]) + " " + self.inline(node.children[0])
        if kind in ("fence", "colon_fence"):
            if node.info.strip().startswith("{"):
                return self.directive(*directive_parts(node.info, node.content))
            if kind == "colon_fence":
                return self.convert(node.content)
            return fenced(node.info, node.content)
        if kind == "code_block":
            return indented(node.content.rstrip("\n"), "    ", "    ")
        if kind in ("bullet_list", "ordered_list"):
            return self.list(node)
        if kind == "blockquote":
            return indented(self.blocks(node.children), "> ", "> ")
        if kind == "math_block":
            return self.math(node.content, None)
        if kind == "math_block_label":
            return self.math(node.content, node.info)
        if kind in ("amsmath", "html_block"):
            return node.content
        if kind == "hr":
            return "---"
        if kind == "table":
            return self.table(node)
        if kind == "dl":
            items = []
            for term in node.children:
                if term.type == "dt":
                    items.append(indented(f"**{self.inline(term.children[0])}**", "- ", "  "))
                else:
                    items[-1] += "\n\n" + indented(self.blocks(term.children), "  ", "  ")
            return "\n\n".join(items)
        # footnotes and other rare blocks: their text, as plain as it comes
        return "".join(self.block(child) for child in node.children) or node.content

    def list(self, node) -> str:
        items = [child for child in node.children if child.type == "list_item"]
        paragraphs = [c for item in items for c in item.children if c.type == "paragraph"]
        tight = all(p.hidden for p in paragraphs)
        start = int(node.attrs.get("start", 1))
        out = []
        for index, item in enumerate(items):
            marker = f"{start + index}{node.markup} " if node.type == "ordered_list" else "- "
            body = self.blocks(item.children, tight) or ""
            out.append(indented(body, marker, " " * len(marker)))
        return ("\n" if tight else "\n\n").join(out)

    def table(self, node) -> str:
        rows = [row for section in node.children for row in section.children]
        align = []
        lines = []
        for row in rows:
            # the table rule took the escapes off the cells' pipes: they go back on
            cells = [self.inline(c.children[0]).replace("|", "\\|") for c in row.children]
            lines.append("| " + " | ".join(cells) + " |")
            if not align:
                for cell in row.children:
                    style = str(cell.attrs.get("style", ""))
                    left = ":" if "left" in style or "center" in style else ""
                    right = ":" if "right" in style or "center" in style else ""
                    align.append(f"{left}---{right}")
                lines.append("|" + "|".join(align) + "|")
        return "\n".join(lines)

    # --- inline --------------------------------------------------------------------------------
    def inline(self, node) -> str:
        return "".join(self.span(child) for child in node.children)

    def span(self, node) -> str:
        kind = node.type
        if kind == "text":
            return node.content
        if kind == "text_special":  # an escape or an entity, as written
            return node.markup
        if kind == "softbreak":
            return "\n"
        if kind == "hardbreak":
            return "\\\n"
        if kind == "code_inline":
            return code_span(node.content)
        if kind in ("em", "strong", "s"):
            return node.markup + self.inline(node) + node.markup
        if kind == "math_inline":
            return f"${node.content}$"
        if kind == "math_inline_double":
            return f"$${node.content}$$"
        if kind == "myst_role":
            return self.role(node.meta["name"], node.content)
        if kind == "html_inline":
            return node.content
        if kind == "link":
            href = str(node.attrs["href"])
            if node.markup == "autolink":
                return f"<{href}>"
            return f"[{self.inline(node)}]({self.link(href)}{self._title(node)})"
        if kind == "image":
            alt = self.inline(node)
            return f"![{alt}]({self.image(str(node.attrs['src']))}{self._title(node)})"
        return node.content or self.inline(node)

    @staticmethod
    def _title(node) -> str:
        title = node.attrs.get("title")
        return f' "{title}"' if title else ""


def raw_myst(markdown: str) -> list[str]:
    """What Jupyter would show as MyST source in ``markdown``: roles, directives, targets,
    comments and labelled math, as myst-parser's own parser finds them."""
    found = []
    for token in parser().parse(markdown):
        for child in [token, *(token.children or [])]:
            if child.type == "myst_role":
                found.append(f"{{{child.meta['name']}}}`{child.content}`")
            elif child.type in ("fence", "colon_fence") and child.info.strip().startswith("{"):
                found.append(f"{child.markup}{child.info}")
            elif child.type in DROPPED:
                found.append(f"{child.type}: {child.content}")
            elif child.type == "math_block_label":
                found.append(f"$$ ... $$ ({child.info})")
    return found
