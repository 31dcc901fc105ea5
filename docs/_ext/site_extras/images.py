"""A page's images sized in the HTML, and fetched when they come near the screen.

- Each ``<img>`` of the book's own images gets ``width`` and ``height`` (its file's size in CSS
  pixels), so the browser keeps its room before the file arrives: nothing below it moves when it
  does (cumulative layout shift), and an image that is loaded late costs no layout.
- Every image but the page's first is ``loading="lazy"`` and ``decoding="async"``: a phone on a
  slow connection spends its bandwidth on what the first screen shows (the first image, fetched
  at high priority by :func:`.head.first_image_first`, is what Lighthouse times as the largest
  contentful paint), and the figures further down arrive as the reader scrolls to them.
"""

from __future__ import annotations

import re
from pathlib import Path

_IMG = re.compile(r"<img\b[^>]*>")
_SRC = re.compile(r'\ssrc="([^"]+)"')
_SVG_ROOT = re.compile(r"<svg\b[^>]*>", re.DOTALL)
_LENGTH = re.compile(r"^\s*([0-9.]+)\s*(px|pt|)\s*$")
# CSS pixels per unit: an SVG's pt (matplotlib writes them) is 1/72 inch, a pixel 1/96.
_PX_PER = {"": 1.0, "px": 1.0, "pt": 96 / 72}


def _attribute(tag: str, name: str) -> str | None:
    found = re.search(rf'\s{name}="([^"]*)"', tag)
    return found.group(1) if found else None


def svg_size(text: str) -> tuple[int, int] | None:
    """The width and height in CSS pixels of an SVG document's root, or None when it gives none
    in absolute units (a percentage, an ``em``, nothing at all)."""
    root = _SVG_ROOT.search(text)
    if root is None:
        return None
    size = []
    for name in ("width", "height"):
        value = _attribute(root.group(0), name)
        length = _LENGTH.match(value or "")
        if length is None:
            return None
        size.append(round(float(length.group(1)) * _PX_PER[length.group(2)]))
    return (size[0], size[1]) if all(size) else None


def image_size(path: Path) -> tuple[int, int] | None:
    """The size in CSS pixels of an image file (SVG, PNG, JPEG, GIF), or None if unknown."""
    if not path.is_file():
        return None
    if path.suffix.lower() == ".svg":
        with path.open(encoding="utf-8", errors="replace") as f:
            return svg_size(f.read(4096))
    import imagesize

    width, height = imagesize.get(str(path))
    return (int(width), int(height)) if width > 0 and height > 0 else None


def sized_and_lazy(body: str, sizes: dict[str, tuple[int, int]]) -> str:
    """The body with its images sized (``sizes`` maps an image's file name to its size) and each
    image after the first loaded lazily. An image that already has a size keeps it."""
    count = 0

    def rewrite(match: re.Match) -> str:
        nonlocal count
        tag = match.group(0)
        count += 1
        added = []
        src = _SRC.search(tag)
        size = sizes.get(src.group(1).rsplit("/", 1)[-1]) if src else None
        if size and _attribute(tag, "width") is None and _attribute(tag, "height") is None:
            added.append(f'width="{size[0]}" height="{size[1]}"')
        if count > 1 and _attribute(tag, "loading") is None:
            added.append('loading="lazy" decoding="async"')
        if not added:
            return tag
        return "<img " + " ".join(added) + tag[len("<img") :]

    return _IMG.sub(rewrite, body)


def page_images(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """html-page-context: size the page's images and defer all but the first."""
    body = context.get("body")
    if not body or "<img" not in body:
        return
    srcdir = Path(app.srcdir)
    used = {src.rsplit("/", 1)[-1] for src in _SRC.findall(body)}
    sizes = {}
    for source, name in getattr(app.builder, "images", {}).items():
        size = image_size((srcdir / source).resolve()) if name in used else None
        if size:
            sizes[name] = size
    context["body"] = sized_and_lazy(body, sizes)
