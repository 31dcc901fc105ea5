r"""The book's own prose as a corpus for the character-level language model.

The language-model chapter learns to write like this book. Its text is the Markdown of the
book's chapters with everything that is not prose taken out: the front matter, code cells and
every other fenced block (display math, figures, tables of contents), MyST roles (citations,
cross-references, glued numbers), link targets, tables and HTML comments. Inline math
(``$h_t$``) and inline code (```h_prev```) are kept: they are part of the sentences, and they
give the model something to keep track of. Non-ASCII characters are replaced by ASCII ones
(a dash for an en dash, ``x`` for a times sign), so the vocabulary is small.

:func:`book_corpus` turns chapter files into the two texts, split by chapter;
:func:`load_book_text` reads the snapshot that ships inside the package
(``lstm_explained/lm/data/``), made by :func:`write_snapshot` from the chapters at one commit of the
repository, so every machine trains on the same bytes without downloading anything.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path

__all__ = [
    "HELD_OUT_CHAPTERS",
    "TRAINING_CHAPTERS",
    "book_corpus",
    "load_book_text",
    "load_snapshot_manifest",
    "markdown_to_prose",
    "write_snapshot",
]

#: The chapters whose prose the model trains on, in reading order.
TRAINING_CHAPTERS: tuple[str, ...] = (
    "index",
    "recurrent-networks",
    "long-term-dependencies",
    "lstm-networks",
    "walkthrough",
    "variants",
    "training",
)
#: The chapters held out to measure how well the model predicts text it has never seen.
HELD_OUT_CHAPTERS: tuple[str, ...] = ("core-idea", "conclusion")

_ASCII = {
    "\u2013": "-",  # en dash
    "\u2014": "-",  # em dash
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2026": "...",
    "\u00d7": "x",
    "\u2192": "->",
    "\u2212": "-",
    "\u00a0": " ",
    "\u2248": "~",
    "\u00e9": "e",
    "\u00e8": "e",
    "\u00fc": "u",
    "\u00f6": "o",
}
_FENCE = re.compile(r"^(`{3,}|~{3,})\s*(\{([\w:-]+)\}|\w*)")
# Directives whose body is prose: kept, without their ":option:" lines.
_PROSE_DIRECTIVES = {"exercise", "note", "tip", "important", "warning", "admonition", "seealso"}
_ROLE_WITH_TEXT = re.compile(r"\{(?:ref|doc|numref)\}`([^`<]+?)\s*<[^`]*>`")
_CITE = re.compile(r"\s*\{cite:\w+\}`[^`]*`")
_ROLE = re.compile(r"\{[\w:-]+\}`[^`]*`")
_GONE = "\x00"  # where a role left no words (a glued number, an equation's label)
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+(?=[A-Z*`$(])")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_TARGET = re.compile(r"^\([\w:-]+\)=\s*$")


def _strip_inline(line: str) -> str:
    line = _ROLE_WITH_TEXT.sub(r"\1", line)
    line = _CITE.sub("", line)
    line = _ROLE.sub(_GONE, line)
    line = _LINK.sub(r"\1", line)
    line = re.sub(r"\$\$.*?\$\$", "", line)
    line = "".join(_ASCII.get(c, c) for c in line)
    line = "".join(c for c in line if " " <= c <= "~" or c == _GONE)
    line = re.sub(r" {2,}", " ", line)
    line = re.sub(r" ([,.;:)])", r"\1", line)
    return line.rstrip()


def markdown_to_prose(markdown: str) -> str:
    r"""The prose of one MyST Markdown chapter: sentences only, one paragraph per block.

    Parameters
    ----------
    markdown : str
        The chapter's source.

    Returns
    -------
    str
        Printable ASCII and newlines; paragraphs separated by one blank line, headings kept as
        lines of their own (without the ``#``), ending with a newline.

    Examples
    --------
    >>> src = '''---
    ... kernelspec: {name: python3}
    ... ---
    ... # A title
    ...
    ... The gate $f_t$ {cite:p}`olah2015` keeps *most* of it (see {ref}`the figure <fig-a>`).
    ...
    ... ```{code-cell} ipython3
    ... print("dropped")
    ... ```
    ... '''
    >>> print(markdown_to_prose(src))
    A title
    <BLANKLINE>
    The gate $f_t$ keeps *most* of it (see the figure).
    <BLANKLINE>
    """
    if not isinstance(markdown, str):
        raise TypeError(f"markdown must be a str; got {type(markdown).__name__}")
    lines = markdown.splitlines()
    if lines and lines[0].strip() == "---":  # front matter
        end = next((k for k in range(1, len(lines)) if lines[k].strip() == "---"), None)
        if end is not None:
            lines = lines[end + 1 :]
    kept: list[str] = []
    fences: list[tuple[str, bool]] = []  # open fences: (marker, keeps its body)
    in_comment = False
    for line in lines:
        stripped = line.strip()
        if in_comment:
            in_comment = "-->" not in stripped
            continue
        if stripped.startswith("<!--"):
            in_comment = "-->" not in stripped
            continue
        match = _FENCE.match(stripped)
        if match:
            marker = match.group(1)
            if fences and stripped == fences[-1][0]:  # closes the innermost fence
                fences.pop()
                kept.append("")
                continue
            if not stripped[len(marker) :].strip() and fences:  # a bare closing of another kind
                fences.pop()
                kept.append("")
                continue
            directive = match.group(3)
            keeps = directive in _PROSE_DIRECTIVES and all(k for _, k in fences)
            fences.append((marker, keeps))
            kept.append("")
            continue
        if fences and not all(k for _, k in fences):
            continue
        if fences and re.match(r"^:[\w-]+:", stripped):  # a directive's option
            continue
        if stripped.startswith("|") or _TARGET.match(stripped) or stripped.startswith("+++"):
            continue
        if stripped.startswith("#"):
            stripped = stripped.lstrip("#").strip()
            kept.extend(["", _strip_inline(stripped), ""])
            continue
        if re.match(r"^([-*]|\d+\.) ", stripped):  # a list item starts a line of its own
            kept.append("")
        kept.append(_strip_inline(stripped))
    # Paragraphs: join wrapped lines, one blank line between blocks.
    paragraphs: list[str] = []
    current: list[str] = []
    for line in kept + [""]:
        if line:
            current.append(line)
        elif current:
            sentences = _SENTENCE_END.split(" ".join(current))
            paragraph = " ".join(s for s in sentences if _GONE not in s)
            if paragraph:
                paragraphs.append(paragraph)
            current = []
    return "".join(p + "\n\n" for p in paragraphs)[:-1] if paragraphs else ""


def book_corpus(
    sources: Mapping[str, str],
    training: Sequence[str] = TRAINING_CHAPTERS,
    held_out: Sequence[str] = HELD_OUT_CHAPTERS,
) -> dict[str, str]:
    """The training and held-out texts from chapter sources, split by chapter.

    Parameters
    ----------
    sources : mapping
        Chapter name (``"core-idea"``) to its Markdown source.
    training, held_out : sequence of str
        The chapters of each split, in order; no chapter may be in both.

    Returns
    -------
    dict
        ``{"train": str, "held_out": str}``: the chapters' prose, one after the other.

    Examples
    --------
    >>> texts = book_corpus({"a": "One.\\n", "b": "Two.\\n"}, ["a"], ["b"])
    >>> texts["train"], texts["held_out"]
    ('One.\\n', 'Two.\\n')
    """
    if not isinstance(sources, Mapping):
        raise TypeError(f"sources must map chapter names to Markdown; got {type(sources).__name__}")
    overlap = set(training) & set(held_out)
    if overlap:
        raise ValueError(f"a chapter cannot be in both splits; got {sorted(overlap)} in both")
    missing = [name for name in (*training, *held_out) if name not in sources]
    if missing:
        raise ValueError(f"sources lacks the chapters {missing}")
    return {
        "train": "\n".join(markdown_to_prose(sources[name]) for name in training),
        "held_out": "\n".join(markdown_to_prose(sources[name]) for name in held_out),
    }


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def write_snapshot(
    docs_dir: str | Path, out_dir: str | Path, *, source: str = "unknown"
) -> dict[str, object]:
    """Write the corpus made from ``docs_dir`` into ``out_dir``, with a manifest.

    Writes ``book_train.txt``, ``book_held_out.txt`` and ``book_manifest.json`` (the chapters of
    each split, the number of characters and the SHA-256 of each text, and ``source``, say the
    commit the chapters were read at). Run as ``python -m lstm_explained.lm.corpus`` from the
    repository's root to refresh the package's snapshot.

    Returns
    -------
    dict
        The manifest.
    """
    docs, out = Path(docs_dir), Path(out_dir)
    names = (*TRAINING_CHAPTERS, *HELD_OUT_CHAPTERS)
    sources = {name: (docs / f"{name}.md").read_text(encoding="utf-8") for name in names}
    texts = book_corpus(sources)
    out.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, object] = {"source": source}
    for split, chapters in (("train", TRAINING_CHAPTERS), ("held_out", HELD_OUT_CHAPTERS)):
        (out / f"book_{split}.txt").write_bytes(texts[split].encode("ascii"))
        manifest[split] = {
            "chapters": list(chapters),
            "characters": len(texts[split]),
            "sha256": _digest(texts[split]),
        }
    (out / "book_manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    return manifest


def load_snapshot_manifest() -> dict[str, object]:
    """The manifest of the shipped snapshot: chapters, sizes, digests and source commit."""
    data = resources.files("lstm_explained.lm") / "data" / "book_manifest.json"
    return json.loads(data.read_text(encoding="utf-8"))


def load_book_text(split: str) -> str:
    """The shipped text of one split: ``"train"`` or ``"held_out"``.

    Examples
    --------
    >>> text = load_book_text("held_out")
    >>> len(text) == load_snapshot_manifest()["held_out"]["characters"]
    True
    """
    if split not in ("train", "held_out"):
        raise ValueError(f"split must be 'train' or 'held_out'; got {split!r}")
    data = resources.files("lstm_explained.lm") / "data" / f"book_{split}.txt"
    return data.read_bytes().decode("ascii")


if __name__ == "__main__":  # pragma: no cover - the maintainer's refresh of the snapshot
    import subprocess
    import sys

    commit = subprocess.run(
        ["git", "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    here = Path(__file__).resolve().parent
    written = write_snapshot(here.parents[1] / "docs", here / "data", source=commit)
    json.dump(written, sys.stdout, indent=1)
