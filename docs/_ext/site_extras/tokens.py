"""Code blocks drawn the same with fewer elements.

Pygments wraps every token in a ``<span>``: a name, a bracket, a comma, a space. On a long chapter
these are a third to a half of the page's elements (language-model: 4,000 of 11,500), each one
parsed, styled and laid out as its section comes near the screen. Two kinds go:

- a whitespace token's span (``w``) when its style is a colour alone, which spaces do not show;
- a run of neighbouring tokens that the stylesheet draws alike in both modes (names and
  punctuation: the same colour, nothing else) becomes one span of the run's first class.

Which classes are alike is read from the site's ``pygments.css`` (light and dark rules), so a new
Pygments style cannot make a token lose its colour. The text, and so copying and search, is
unchanged.
"""

from __future__ import annotations

import re
from pathlib import Path

# A rule of the theme's pygments.css: ``html[data-theme="light"] .highlight .n { color: #080808 }``
_RULE = re.compile(r'html\[data-theme="(light|dark)"\] \.highlight \.([\w-]+) \{([^}]*)\}')
# One code block's text (Pygments' HTML writer never nests its spans).
_BLOCK = re.compile(r'(<div class="highlight"><pre>)(.*?)(</pre>)', re.S)
_SPAN = re.compile(r'<span class="([\w-]+)">([^<]*)</span>')


def token_styles(css: str) -> dict[str, tuple[str, str]]:
    """Each token class's declarations, light and dark (only classes styled in both)."""
    styles: dict[str, dict[str, str]] = {}
    for mode, name, body in _RULE.findall(css):
        declarations = ";".join(sorted(d.strip() for d in body.split(";") if d.strip()))
        styles.setdefault(name, {})[mode] = declarations
    return {n: (s["light"], s["dark"]) for n, s in styles.items() if len(s) == 2}


def _colour_only(style: tuple[str, str]) -> bool:
    return all(re.fullmatch(r"color: ?#[0-9A-Fa-f]{3,8}", part) for part in style)


# The classes merged: names and punctuation. Only these, since a script may look for another
# class (the copy button leaves out the prompts, ``gp``, whatever their colour).
MERGED = ("n", "p")
WHITESPACE = "w"


def lean_code(body: str, styles: dict[str, tuple[str, str]]) -> str:
    """``body`` with the whitespace spans unwrapped and each run of names and punctuation made
    one span, when the stylesheet draws them alike (see the module's docstring)."""
    merged = {n for n in MERGED if n in styles and styles[n] == styles[MERGED[0]]}
    if not merged or not _colour_only(styles[MERGED[0]]):
        merged = set()
    bare = WHITESPACE in styles and _colour_only(styles[WHITESPACE])
    if not merged and not bare:
        return body

    def block(found: re.Match) -> str:
        code = found.group(2)
        out: list[str] = []
        run: list[str] = []  # the texts of the current run of names and punctuation

        def close() -> None:
            if run:
                out.append(f'<span class="{MERGED[0]}">{"".join(run)}</span>')
                run.clear()

        position = 0
        for span in _SPAN.finditer(code):
            between = code[position : span.start()]
            position = span.end()
            name, text = span.groups()
            if between:
                if run and between.isspace():
                    run.append(between)
                else:
                    close()
                    out.append(between)
            if bare and name == WHITESPACE:
                (run if run else out).append(text)
            elif name in merged:
                run.append(text)
            else:
                close()
                out.append(span.group(0))
        close()
        out.append(code[position:])
        return found.group(1) + "".join(out) + found.group(3)

    return _BLOCK.sub(block, body)


def page_code(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    if not context.get("body"):
        return
    styles = getattr(app.builder, "site_token_styles", None)
    if styles is None:
        css = Path(app.outdir) / "_static" / "pygments.css"
        text = css.read_text(encoding="utf-8") if css.is_file() else ""
        styles = app.builder.site_token_styles = token_styles(text)
    if styles:
        context["body"] = lean_code(context["body"], styles)
