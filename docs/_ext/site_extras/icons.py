"""The theme's icons drawn by CSS, without the 1.5 MB Font Awesome script.

pydata-sphinx-theme writes its icons as ``<i class="fa-solid fa-bars">`` and loads Font Awesome's
script (1.5 MB, run on every page) to replace each by an SVG. Here ``layout.html`` (our template)
leaves that script out; before the pages are written this extension takes the outlines of the
icons in ``ICONS`` from the theme's own copy of Font Awesome (nothing is copied into the
repository) and writes ``_static/theme-icons.css``: each icon a CSS mask in the text's colour, the
size Font Awesome gives it. After the build every page is read: an icon that is not in ``ICONS``
(a new theme button, say) fails the build, naming it.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

from .private import fontawesome_js

CSS_NAME = "theme-icons.css"
# Every icon the site shows: (pack, name); fas solid, far regular, fab brands.
ICONS = {
    ("fab", "github"),  # the repository button
    ("fas", "angle-left"),  # previous and next page
    ("fas", "angle-right"),
    ("fas", "arrow-up"),  # back to top
    ("fas", "bars"),  # the primary sidebar's toggle
    ("fas", "circle-half-stroke"),  # the colour-mode switch: auto, light, dark
    ("fas", "moon"),
    ("fas", "sun"),
    ("fas", "code"),  # the download menu: source, notebook, PDF
    ("fas", "download"),
    ("fas", "file"),
    ("fas", "file-pdf"),
    ("fas", "expand"),  # full screen
    ("fas", "lightbulb"),  # open an issue
    ("fas", "list"),  # the secondary sidebar's toggle ("on this page")
    ("fas", "magnifying-glass"),  # search
    ("fas", "outdent"),  # the contents' toggle
    ("fas", "pencil-alt"),  # suggest an edit
}
# Font Awesome's style classes, and the pack each one names.
STYLES = {
    "fa-solid": "fas",
    "fas": "fas",
    "fa-regular": "far",
    "far": "far",
    "fa-brands": "fab",
    "fab": "fab",
}
# Classes that change an icon's size or width, not which icon it is.
MODIFIERS = {"fa-lg", "fa-fw", "fa-xs", "fa-sm", "fa-xl", "fa-2x", "fa-spin"}
ICON = re.compile(
    r'[{,]"?([a-z0-9-]+)"?:\[(\d+),(\d+),\[([^\]]*)\],"[0-9a-f]*",("(?:[^"\\]|\\.)*")\]'
)
PACK_END = re.compile(r'p\("(fa[bsr])",b\)')
CLASS_ATTR = re.compile(r'class="([^"]*\bfa-[^"]*)"')

COMMON_CSS = """\
/* The theme's Font Awesome icons, drawn by CSS masks in the text's colour
   (docs/_ext/site_extras/icons.py); outlines from the theme's copy of Font Awesome Free
   (icons: CC BY 4.0, fontawesome.com). */
.fa-solid, .fas, .fa-regular, .far, .fa-brands, .fab {
  display: inline-block;
  height: 1em;
  width: 1em;
  vertical-align: -0.125em;
  background-color: currentColor;
  -webkit-mask: var(--icon) no-repeat center / contain;
  mask: var(--icon) no-repeat center / contain;
  font-style: normal;
}
/* The theme's stylesheet would also draw each icon as a glyph of Font Awesome's web fonts (two
   files of 110 kB each, downloaded for the first icon): no glyph, so no font is downloaded. */
.fa-solid::before, .fas::before, .fa-regular::before, .far::before, .fa-brands::before,
.fab::before {
  content: none !important;
}
.fa-lg { font-size: 1.25em; line-height: 0.05em; vertical-align: -0.2em; }

/* The theme shows the colour switch's current icon with display: inline, meant for an SVG. */
html[data-mode] .theme-switch-button .theme-switch[data-mode] { display: none; }
html[data-mode="auto"] .theme-switch-button .theme-switch[data-mode="auto"],
html[data-mode="dark"] .theme-switch-button .theme-switch[data-mode="dark"],
html[data-mode="light"] .theme-switch-button .theme-switch[data-mode="light"] {
  display: inline-block;
}
@media (forced-colors: active) {
  .fa-solid, .fas, .fa-regular, .far, .fa-brands, .fab {
    forced-color-adjust: none;
    background-color: CanvasText;
  }
}
"""


def read_icons(script: str) -> dict[str, dict[str, tuple[int, int, str]]]:
    """Every icon of the script, by pack (fas, far, fab) and name (aliases included):
    ``(width, height, path)`` in a ``0 0 width height`` box."""
    packs: dict[str, dict[str, tuple[int, int, str]]] = {}
    start = 0
    for end in PACK_END.finditer(script):
        pack = packs.setdefault(end.group(1), {})
        for found in ICON.finditer(script, start, end.start()):
            name, width, height, aliases, path = found.groups()
            icon = (int(width), int(height), path[1:-1])
            pack.setdefault(name, icon)
            for alias in re.findall(r'"([a-z0-9-]+)"', aliases):
                pack.setdefault(alias, icon)
        start = end.end()
    return packs


def used_icons(pages: list[str]) -> set[tuple[str, str]]:
    """The ``(pack, name)`` of every Font Awesome icon in the pages' markup."""
    used = set()
    for html in pages:
        for classes in CLASS_ATTR.findall(html):
            words = classes.split()
            pack = next((STYLES[w] for w in words if w in STYLES), None)
            if pack is None:
                continue
            for word in words:
                if word.startswith("fa-") and word not in STYLES and word not in MODIFIERS:
                    used.add((pack, word[3:]))
    return used


def icon_css(used: set[tuple[str, str]], packs: dict) -> str:
    """The stylesheet: the shared rules, then one mask per icon, in a stable order."""
    rules = [COMMON_CSS]
    for pack, name in sorted(used):
        if name not in packs.get(pack, {}):
            raise ValueError(f"site_extras.icons: no icon {name!r} in Font Awesome's {pack} pack")
        width, height, path = packs[pack][name]
        svg = (
            f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}'>"
            f"<path d='{path}'/></svg>"
        )
        uri = "data:image/svg+xml," + quote(svg, safe=" /=:'.,-")
        style = {"fas": "fa-solid", "far": "fa-regular", "fab": "fa-brands"}[pack]
        rules.append(
            f".{style}.fa-{name}, .{pack}.fa-{name} {{ width: {width / height:.4g}em; "
            f'--icon: url("{uri}"); }}\n'
        )
    # After the icons' own widths, so that a fixed-width icon keeps its width.
    rules.append(".fa-fw.fa-fw { width: 1.25em; }\n")
    # The colour switch's icon, as wide as Font Awesome's script drew it (0.8 of its height).
    rules.append(".theme-switch-button .theme-switch.fa-lg { width: 0.8em; }\n")
    return "".join(rules)


def write_css(app) -> None:
    """Write the icons' stylesheet before any page is written, so every page's link to it
    carries its checksum, on a clean build and on a rebuild alike."""
    if app.builder.format != "html":
        return
    from sphinx.errors import ExtensionError

    packs = read_icons(fontawesome_js().read_text(encoding="utf-8"))
    try:
        css = icon_css(ICONS, packs)
    except ValueError as error:
        raise ExtensionError(str(error)) from error
    target = Path(app.outdir) / "_static" / CSS_NAME
    if not target.is_file() or target.read_text(encoding="utf-8") != css:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(css, encoding="utf-8")


def check_pages(app, exception) -> None:
    """Fail the build if a page shows an icon that the stylesheet does not draw."""
    if exception is not None or app.builder.format != "html":
        return
    from sphinx.errors import ExtensionError

    out = Path(app.outdir)
    pages = [
        path.read_text(encoding="utf-8")
        for path in sorted(out.rglob("*.html"))
        if not path.relative_to(out).parts[0].startswith(("_", "."))
    ]
    missing = sorted(used_icons(pages) - ICONS)
    if missing:
        raise ExtensionError(
            f"site_extras.icons: the pages show icons that theme-icons.css does not draw: "
            f"{missing}; add them to ICONS in docs/_ext/site_extras/icons.py"
        )
