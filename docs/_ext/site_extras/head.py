"""A page's head that lets a phone paint it sooner.

Measured with Lighthouse (mobile): before this, a chapter's first paint waited for eleven
stylesheets (one of them fetched only after another, through an ``@import``) and ten scripts
loaded in the head, each a request on a slow connection before anything could be drawn.

- The stylesheets that Sphinx and the extensions add (pygments, the book theme, myst-nb, the copy
  button, the exercises, the math, the icons, ours) are joined, in their order, into one file,
  ``_static/site-bundle.css``, written once per build after the static files are copied and
  before any page is written. The theme's two stylesheets stay as they are (``layout.html``).
- The theme's stylesheet loses Font Awesome's glyph rules (19 kB compressed), which draw no icon
  since _static/theme-icons.css does.
- A chapter's first image is fetched at high priority: it is what the first screen waits for.
- The theme's script measures its scrollable boxes (code, outputs, tables) as they come near the
  screen, not all at once at ``load``: reading every box's ``scrollWidth`` forced the layout of
  the whole page, sections the browser would otherwise skip (site.css) included, in one task of
  about 100 ms (400 ms at Lighthouse's 4x slower CPU), the largest of a heavy chapter's load.
- Every script of the head is deferred: it runs, in the same order, once the page is parsed,
  instead of holding up the first paint. Sphinx's two inline lines that set
  ``DOCUMENTATION_OPTIONS`` become module scripts, which run in that same deferred order, after
  the file that defines the object. sphinx-togglebutton's four settings, constants its script
  reads as soon as it runs, stay inline and run first. The search page keeps its scripts as they
  are.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import private

BUNDLE = "_static/site-bundle.css"
# The inline scripts Sphinx and the theme write into every page's head.
_OPTIONS_LINE = re.compile(r"^DOCUMENTATION_OPTIONS\.\w+ = [^;]*;$")
# sphinx-togglebutton's settings, which its deferred script reads as globals as soon as it runs:
# plain constants, needing nothing, so they stay inline scripts that run while the page is parsed,
# before every deferred script.
_TOGGLE_SETTING = re.compile(
    r"^(?:let|var) (toggleHintShow|toggleHintHide|toggleOpenOnPrint|togglebuttonSelector) = "
    r"('[^']*');$"
)


def _bundleable(app, css) -> bool:
    name = str(css.filename)
    attributes = css.attributes
    return (
        "://" not in name
        and not name.startswith("/")
        and attributes.get("rel", "stylesheet") == "stylesheet"
        and attributes.get("media") in (None, "all")
        and (Path(app.outdir) / name).is_file()
    )


def bundle_text(app, bundled: list[str]) -> str:
    """The stylesheets' text, joined in order."""
    out = Path(app.outdir)
    parts = []
    for name in bundled:
        text = (out / name).read_text(encoding="utf-8")
        if re.search(r"url\((?!\s*['\"]?data:)", text) or "@import" in text:
            from sphinx.errors import ExtensionError

            raise ExtensionError(
                f"site_extras.head: {name} refers to other files; it cannot be bundled"
            )
        parts.append(f"/* {name} */\n{text.strip()}\n")
    return "".join(parts)


# Font Awesome's 1,970 rules that give each icon name its glyph (``.fa-bars{--fa:"\f0c9"}``):
# the icons are drawn by _static/theme-icons.css and show no glyph, so these rules are dead
# weight in the theme's stylesheet, which every page waits for (64 kB compressed, 45 without).
_ICON_GLYPH_RULE = re.compile(r'\.fa-[a-z0-9-]+(?:,\.fa-[a-z0-9-]+)*\{--fa:"[^"}]*"\}')


def slim_theme_css(text: str) -> str:
    """The theme's stylesheet without Font Awesome's glyph rules."""
    return _ICON_GLYPH_RULE.sub("", text)


def _slim_theme_stylesheet(app) -> None:
    path = Path(app.outdir) / private.THEME_CSS
    if path.is_file():
        text = path.read_text(encoding="utf-8")
        slim = slim_theme_css(text)
        if slim != text:
            path.write_text(slim, encoding="utf-8")


# pydata-sphinx-theme's load handler gives each scrollable box a tab stop: it measures them all at
# once (``e`` below), again after any change to the page, and on resize.
_THEME_SCROLLABLES = re.compile(
    r'const (\w+)=\(\)=>\{document\.querySelectorAll\((\[[^\]]*\])\.join\(", "\)\)'
    r"\.forEach\((\w+)=>\{\3\.tabIndex=\3\.scrollWidth>\3\.clientWidth\|\|"
    r"\3\.scrollHeight>\3\.clientHeight\?0:-1\}\)\}"
)
# The same measure, of each box once it comes within a screen's height of the viewport.
_LAZY_SCROLLABLES = (
    "const \\1=(()=>{const m=x=>{x.tabIndex=x.scrollWidth>x.clientWidth||"
    "x.scrollHeight>x.clientHeight?0:-1},o=new IntersectionObserver(es=>{for(const x of es)"
    'x.isIntersecting&&m(x.target)},{rootMargin:"100% 0px"});return()=>{'
    'document.querySelectorAll(\\2.join(", ")).forEach(x=>{o.unobserve(x),o.observe(x)})}})()'
)


def lazy_theme_scrollables(text: str) -> str:
    """The theme's script, measuring its scrollable boxes as they come near the screen."""
    lazy, count = _THEME_SCROLLABLES.subn(_LAZY_SCROLLABLES, text)
    if count != 1:
        from sphinx.errors import ExtensionError

        raise ExtensionError(
            f"site_extras.head: {private.THEME_JS} has {count} scrollable-box handlers, not one "
            "(a new pydata-sphinx-theme?): update _THEME_SCROLLABLES"
        )
    return lazy


def _lazy_theme_script(app) -> None:
    path = Path(app.outdir) / private.THEME_JS
    if path.is_file():
        text = path.read_text(encoding="utf-8")
        if "IntersectionObserver(es=>" not in text:
            path.write_text(lazy_theme_scrollables(text), encoding="utf-8")


def write_bundle(app) -> None:
    """Join the builder's stylesheets into ``_static/site-bundle.css``; remember which."""
    # pydata-sphinx-theme rewrites pygments.css (light and dark styles) at build-finished: here
    # it is rewritten first, so that the bundle holds the file the site serves.
    private.overwrite_pygments_css(app)
    bundled = [
        str(css.filename) for css in private.stylesheets(app.builder) if _bundleable(app, css)
    ]
    css = bundle_text(app, bundled)
    target = Path(app.outdir) / BUNDLE
    if not target.is_file() or target.read_text(encoding="utf-8") != css:
        target.write_text(css, encoding="utf-8")
    app.builder.site_bundled = bundled


def after_static_files(app) -> None:
    """Slim the theme's stylesheet and write the bundle, once the static files are copied."""
    _slim_theme_stylesheet(app)
    _lazy_theme_script(app)
    write_bundle(app)


def check_bundle(app, exception) -> None:
    """Fail the build if a bundled stylesheet changed after the bundle was written (an extension
    that rewrites its file at build-finished, as the theme does with pygments.css)."""
    bundled = getattr(app.builder, "site_bundled", None)
    if exception is not None or not bundled:
        return
    from sphinx.errors import ExtensionError

    names = [
        str(c.filename) for c in private.stylesheets(app.builder) if str(c.filename) in bundled
    ]
    if bundle_text(app, names) != (Path(app.outdir) / BUNDLE).read_text(encoding="utf-8"):
        raise ExtensionError(
            f"site_extras.head: a stylesheet of {BUNDLE} changed after it was written ({names})"
        )


def deferred_scripts(scripts: list) -> list:
    """The head's scripts, each deferred; the DOCUMENTATION_OPTIONS lines as module scripts."""
    out = []
    for js in scripts:
        attributes = dict(js.attributes)
        if js.filename:
            if "async" not in attributes and attributes.get("type") != "module":
                attributes["defer"] = "defer"
        elif _OPTIONS_LINE.match(attributes.get("body", "").strip()):
            attributes["type"] = "module"
        elif _TOGGLE_SETTING.match(attributes.get("body", "").strip()):
            pass
        else:
            raise ValueError(
                "site_extras.head: an inline script in the head that may need the deferred "
                f"scripts, or be needed by them: {attributes.get('body', '')[:80]!r}"
            )
        out.append(private.script(js.filename, js.priority, attributes))
    return out


def first_image_first(body: str) -> str:
    """The body with its first image fetched at high priority: on a chapter it is the largest
    thing the first screen paints (Lighthouse: largest contentful paint)."""
    return re.sub(r"<img (?![^>]*fetchpriority)", '<img fetchpriority="high" ', body, count=1)


def page_head(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    from sphinx.errors import ExtensionError

    bundled = getattr(app.builder, "site_bundled", None)
    if bundled and "css_files" in context:
        css_files, placed = [], False
        for css in context["css_files"]:
            if str(css.filename) not in bundled:
                css_files.append(css)
            elif not placed:
                css_files.append(private.stylesheet(BUNDLE, css.priority))
                placed = True
        context["css_files"] = css_files
    if context.get("body"):
        context["body"] = first_image_first(context["body"])
    if pagename != "search" and "script_files" in context:
        try:
            context["script_files"] = deferred_scripts(context["script_files"])
        except ValueError as error:
            raise ExtensionError(f"{pagename}: {error}") from error
