"""Reading MyST blocks, for :mod:`myst_markdown`: fences, directive options, list tables, glued
text as myst-nb formats it; and :func:`raw_myst`, what Jupyter would show of MyST as source."""

from __future__ import annotations

import ast
import re


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


def closing(lines: list[str], start: int, fence: str) -> int:
    """The line closing the fence opened at ``start`` (a run of the same character, as long)."""
    close = re.compile(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}\s*$")
    for j in range(start + 1, len(lines)):
        if close.match(lines[j]):
            return j
    return len(lines)


def options_of(lines: list[str]) -> tuple[dict, list[str]]:
    """A directive's ``:key: value`` (or ``---`` YAML) options, and the lines after them."""
    options: dict = {}
    i = 0
    if lines and lines[0].strip() == "---":
        end = next((j for j in range(1, len(lines)) if lines[j].strip() == "---"), 0)
        for line in lines[1:end]:
            key, _, value = line.partition(":")
            options[key.strip()] = value.strip()
        i = end + 1
    else:
        while i < len(lines) and re.match(r"^:[\w-]+:", lines[i]):
            key, _, value = lines[i][1:].partition(":")
            options[key.strip()] = value.strip()
            i += 1
    while i < len(lines) and not lines[i].strip():
        i += 1
    return options, lines[i:]


def quote(head: str, body: str) -> str:
    text = (head + body).strip("\n")
    return "\n".join(f"> {line}".rstrip() for line in text.splitlines())


def list_table(lines: list[str]) -> str:
    """A ``list-table`` body (``* - a`` rows of ``- b`` cells) as a pipe table."""
    rows: list[list[str]] = []
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("* -"):
            rows.append([stripped[3:].strip()])
        elif stripped.startswith("- ") and rows:
            rows[-1].append(stripped[2:].strip())
        elif stripped and rows:
            rows[-1][-1] += " " + stripped
    if not rows:
        return ""
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
    return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows[1:]])


def raw_myst(markdown: str) -> list[str]:
    """What Jupyter would show as MyST source in ``markdown``: roles, directives, targets,
    comments and labelled math, found by myst-parser's own parser when it is installed."""
    try:
        from markdown_it.renderer import RendererHTML
        from myst_parser.config.main import MdParserConfig
        from myst_parser.parsers.mdit import create_md_parser
    except ImportError:  # a regex stands in for the parser
        found = re.findall(r"\{[a-z][\w:-]*\}`[^`]*`|^[`:~]{3,}\s*\{[\w:-]+\}.*$", markdown, re.M)
        found += re.findall(r"^\([^()\s]+\)=\s*$|^%.*$|\$\$\s*\([^()\s]+\)", markdown, re.M)
        return found
    config = MdParserConfig(enable_extensions={"dollarmath", "amsmath", "colon_fence", "deflist"})
    tokens = create_md_parser(config, RendererHTML).parse(markdown)
    found = []
    for token in tokens:
        for child in [token, *(token.children or [])]:
            if child.type == "myst_role":
                found.append(f"{{{child.meta['name']}}}`{child.content}`")
            elif child.type in ("fence", "colon_fence") and child.info.strip().startswith("{"):
                found.append(f"{child.markup}{child.info}")
            elif child.type in ("myst_target", "myst_line_comment", "myst_block_break"):
                found.append(f"{child.type}: {child.content}")
            elif child.type == "math_block_label":
                found.append(f"$$ ... $$ ({child.info})")
    return found
