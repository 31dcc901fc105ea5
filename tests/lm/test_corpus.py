"""The corpus: the generator is deterministic, and the shipped snapshot is what its manifest says
(the chapters at the recorded commit, put through the generator, give exactly its bytes)."""

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest

from lstm_explained.lm.corpus import (
    HELD_OUT_CHAPTERS,
    TRAINING_CHAPTERS,
    book_corpus,
    load_book_text,
    load_snapshot_manifest,
    markdown_to_prose,
    write_snapshot,
)

ROOT = Path(__file__).resolve().parents[2]
CHAPTER = """---
jupytext: {format_name: myst}
---
# Gates

(sec-gates)=
A gate {cite:p}`olah2015` multiplies; see {ref}`the belt <sec-belt>` and [the post](https://x.y).
Its value is {glue:text}`gate_value`. This sentence stays, with $f_t$ and `W_f`.

```{code-cell} ipython3
print("code is not prose")
```

```{math}
:label: eq-x
C_t = f_t * C_{t-1}
```

| a | table |
|---|---|

<!-- a comment
over two lines -->
- first item
- second item

````{exercise}
:label: ex-1

Predict the gate \u2014 then check.
```{code-cell} ipython3
x = 1
```
````
"""


def test_markdown_to_prose_keeps_sentences_only():
    prose = markdown_to_prose(CHAPTER)
    assert prose == (
        "Gates\n\n"
        "A gate multiplies; see the belt and the post. "
        "This sentence stays, with $f_t$ and `W_f`.\n\n"
        "- first item\n\n- second item\n\n"
        "Predict the gate - then check.\n"
    )


def test_generator_is_deterministic(tmp_path):
    sources = {name: CHAPTER for name in (*TRAINING_CHAPTERS, *HELD_OUT_CHAPTERS)}
    assert book_corpus(sources) == book_corpus(dict(reversed(list(sources.items()))))
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in sources.items():
        (docs / f"{name}.md").write_text(text)
    first = write_snapshot(docs, tmp_path / "a", source="test")
    second = write_snapshot(docs, tmp_path / "b", source="test")
    assert first == second
    for name in ("book_train.txt", "book_held_out.txt", "book_manifest.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_shipped_snapshot_matches_its_manifest():
    manifest = load_snapshot_manifest()
    for split, chapters in (("train", TRAINING_CHAPTERS), ("held_out", HELD_OUT_CHAPTERS)):
        text = load_book_text(split)
        assert manifest[split]["chapters"] == list(chapters)
        assert len(text) == manifest[split]["characters"]
        assert hashlib.sha256(text.encode("ascii")).hexdigest() == manifest[split]["sha256"]
        assert set(text) <= set(map(chr, range(32, 127))) | {"\n"}
        assert "```" not in text and "{cite" not in text and "{glue" not in text
    held_out = load_book_text("held_out")
    assert len(held_out) > 4000 and len(load_book_text("train")) > 5 * len(held_out)


@pytest.mark.skipif(
    shutil.which("git") is None or not (ROOT / ".git").exists(), reason="needs the repository"
)
def test_snapshot_is_the_generator_applied_to_the_chapters_at_its_commit():
    commit = load_snapshot_manifest()["source"]
    sources = {}
    for name in (*TRAINING_CHAPTERS, *HELD_OUT_CHAPTERS):
        shown = subprocess.run(
            ["git", "-C", str(ROOT), "show", f"{commit}:docs/{name}.md"],
            capture_output=True,
            text=True,
        )
        if shown.returncode:
            pytest.skip(f"commit {commit} is not in this clone")
        sources[name] = shown.stdout
    texts = book_corpus(sources)
    assert texts["train"] == load_book_text("train")
    assert texts["held_out"] == load_book_text("held_out")
