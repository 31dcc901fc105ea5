"""Structural promises of the book's chapters, checked from their sources without building.

Every chapter is in the toctree; every display equation is numbered and every equation reference
resolves; each main chapter checks an equation against the package, glues its numbers, cites the
bibliography and ends with exercises whose solutions are folded cells; no digits are typed in the
prose; the API page documents every public name.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import lstm_explained

DOCS = Path(__file__).resolve().parents[1] / "docs"

#: The chapters that follow a section of the post (and the training chapter that goes beyond it).
MAIN_CHAPTERS = [
    "recurrent-networks",
    "long-term-dependencies",
    "lstm-networks",
    "core-idea",
    "walkthrough",
    "variants",
    "training",
    "language-model",
    "practice",
]
#: Every page that is a notebook: the main chapters plus the index and the conclusion.
NOTEBOOKS = ["index", *MAIN_CHAPTERS, "conclusion"]

FENCE = re.compile(r"^(`{3,}|:{3,})\{?([\w:-]*)\}?(.*)$")


def source(name: str) -> str:
    return (DOCS / f"{name}.md").read_text(encoding="utf-8")


def blocks(text: str) -> list[tuple[str, str, str]]:
    """The top-level fenced blocks of a MyST page: ``(directive, argument, body)``."""
    out, lines, k = [], text.splitlines(), 0
    while k < len(lines):
        m = FENCE.match(lines[k])
        if not m or not m.group(2):
            k += 1
            continue
        fence, directive, argument = m.group(1), m.group(2), m.group(3).strip()
        body, k = [], k + 1
        while k < len(lines) and lines[k].strip() != fence:
            body.append(lines[k])
            k += 1
        out.append((directive, argument, "\n".join(body)))
        k += 1
    return out


def code_cells(text: str) -> list[str]:
    return [body for directive, _, body in blocks(text) if directive == "code-cell"]


def prose_lines(text: str) -> list[str]:
    """Lines of running text: outside front matter, fenced blocks (except admonitions), math."""
    lines = (
        text.split("\n---\n", 1)[1].splitlines() if text.startswith("---") else text.splitlines()
    )
    out, fence = [], None
    for line in lines:
        stripped = line.strip()
        if fence is not None:
            if stripped == fence:
                fence = None
            continue
        m = FENCE.match(stripped)
        if m and m.group(2):
            if m.group(2) in ("note", "admonition", "tip", "warning"):
                continue  # the admonition's text is prose: keep reading it, skip its fence line
            fence = m.group(1)
            continue
        if stripped.startswith((":::", "```", ":label:", ":name:", ":alt:", ":tags:", "(")):
            continue
        out.append(line)
    return out


def test_every_chapter_is_in_the_toctree_and_every_entry_exists():
    toctrees = [body for d, _, body in blocks(source("index")) if d == "toctree"]
    entries = [
        line.strip()
        for body in toctrees
        for line in body.splitlines()
        if line.strip() and not line.strip().startswith(":")
    ]
    pages = {p.stem for p in DOCS.glob("*.md")} - {"index"}
    assert pages <= set(entries), f"pages missing from the toctree: {sorted(pages - set(entries))}"
    missing = [e for e in entries if not (DOCS / f"{e}.md").exists()]
    assert not missing, f"toctree entries without a page: {missing}"
    assert [e for e in entries if e in MAIN_CHAPTERS] == MAIN_CHAPTERS, "chapters out of order"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_front_matter(name):
    text = source(name)
    assert text.startswith("---\njupytext:"), f"{name}.md lacks the MyST notebook front matter"
    assert "kernelspec:" in text.split("\n---\n", 1)[0]


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_every_display_equation_is_labelled_and_unique(name):
    math = [body for d, _, body in blocks(source(name)) if d == "math"]
    assert math, f"{name}.md has no display equation"
    for body in math:
        assert re.search(r"^:label: eq-[\w-]+$", body, re.M), f"unlabelled equation:\n{body}"
    assert "$$" not in source(name), f"{name}.md: use {{math}} with a label, not $$"


def test_equation_labels_unique_and_references_resolve():
    labels: dict[str, str] = {}
    for page in DOCS.glob("*.md"):
        for label in re.findall(r"^:label: (eq-[\w-]+)$", page.read_text(), re.M):
            assert label not in labels, f"{label} in {page.name} and {labels[label]}"
            labels[label] = page.name
    for page in DOCS.glob("*.md"):
        for ref in re.findall(r"\{eq\}`([^`]+)`", page.read_text()):
            assert ref in labels, f"{page.name} refers to the unknown equation {ref}"


@pytest.mark.parametrize("name", MAIN_CHAPTERS)
def test_main_chapter_checks_an_equation_against_the_package(name):
    checks = [c for c in code_cells(source(name)) if "assert" in c and "print(" in c]
    assert checks, f"{name}.md has no cell that asserts and prints a check"
    assert any("lstm_explained" in c for c in code_cells(source(name)))
    text = source(name)
    assert "{eq}`" in text, f"{name}.md never refers to its equations"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_glued_numbers_are_defined_on_the_same_page(name):
    text = source(name)
    used = set(re.findall(r"\{glue:(?:text|figure)\}`([\w]+)", text))
    used |= set(re.findall(r"```\{glue:(?:figure|md)\} (\w+)", text))
    defined = set(re.findall(r"glue\(\s*\"(\w+)\"", text))
    assert used, f"{name}.md glues no number into its prose"
    assert used <= defined, f"{name}.md uses undefined glue keys {sorted(used - defined)}"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_no_digits_typed_in_prose(name):
    offenders = []
    for line in prose_lines(source(name)):
        if line.lstrip().startswith("|") and "---" in line:
            continue
        bare = re.sub(r"\{[\w:-]+\}`[^`]*`", "", line)  # roles: cite, glue, eq, doc, ref
        bare = re.sub(r"`[^`]*`", "", bare)  # inline code
        bare = re.sub(r"\$[^$]*\$", "", bare)  # inline math
        bare = re.sub(r"^\s*\d+\.\s", "", bare)  # numbered list markers
        if re.search(r"\d", bare):
            offenders.append(line.strip())
    assert not offenders, f"{name}.md types numbers in prose (glue them):\n" + "\n".join(offenders)


def test_citations_exist_in_the_bibliography():
    bib = (DOCS / "references.bib").read_text(encoding="utf-8")
    keys = set(re.findall(r"^@\w+\{([\w-]+),", bib, re.M))
    cited = set()
    for page in DOCS.glob("*.md"):
        for group in re.findall(r"\{cite:[pt]\}`([^`]+)`", page.read_text()):
            cited |= {k.strip() for k in group.split(",")}
    assert cited <= keys, f"unknown citation keys: {sorted(cited - keys)}"
    for key in (
        "olah2015",
        "hochreiter1991",
        "bengio1994",
        "hochreiter1997",
        "gers2000forget",
        "gers2000peephole",
        "cho2014",
        "koutnik2014",
        "yao2015",
        "greff2015",
        "jozefowicz2015",
        "xu2015",
        "kalchbrenner2015",
        "gregor2015",
        "chung2015",
        "bayer2014",
        "karpathy2015",
        "pytorch_lstm",
    ):
        assert key in cited, f"the book never cites {key}"


@pytest.mark.parametrize("name", [*MAIN_CHAPTERS, "conclusion"])
def test_chapter_cites(name):
    assert re.search(r"\{cite:[pt]\}`", source(name)), f"{name}.md cites nothing"


@pytest.mark.parametrize("name", MAIN_CHAPTERS)
def test_exercises_with_folded_executed_solutions(name):
    text = source(name)
    assert "\n## Exercises\n" in text, f"{name}.md has no Exercises section"
    after = text.split("\n## Exercises\n", 1)[1]
    solutions = [c for c in code_cells(after) if re.search(r":tags: \[hide-(cell|input)\]", c)]
    # sphinx-exercise's gated solutions, folded by :class: dropdown, hold their code cells openly
    gated = r"```\{solution-start\}[^\n]*\n:class: dropdown\n```\n(.*?)```\{solution-end\}"
    solutions += [c for s in re.findall(gated, after, re.S) for c in code_cells(s)]
    assert solutions, f"{name}.md: the exercises have no folded solution cell"
    assert all("assert" in c for c in solutions), "a solution must check what it claims"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_figures_have_alt_text_names_and_references(name):
    text = source(name)
    names = []
    for directive, argument, body in blocks(text):
        if directive == "glue:figure":
            assert re.search(r"^:alt: \S", body, re.M), f"{name}.md: {argument} lacks alt"
            names += re.findall(r"^:name: (fig-[\w-]+)", body, re.M)
        elif directive == "code-cell" and re.search(r"^mystnb:\n  figure:", body, re.M):
            # A diagram carries its alt text in its SVG (docs/_ext/figure_alt.py reads it).
            typed = re.search(r"^    alt: \S", body, re.M)
            assert typed or "diagrams." in body, f"{name}.md: a figure cell lacks alt"
            assert re.search(r"^tags: \[hide-input\]", body, re.M), "figure code not folded"
            names += re.findall(r"^    name: (fig-[\w-]+)", body, re.M)
    for label in names:
        assert f"<{label}>`" in text, f"{name}.md never refers to its figure {label}"


def test_api_page_documents_every_public_name():
    api = source("api")
    for name in lstm_explained.__all__:
        assert re.search(rf"^\.\. auto\w+:: {name}$", api, re.M), f"api.md misses {name}"


def documented(api: str) -> tuple[set[str], set[str]]:
    """The full names of the objects and of the modules the API page documents."""
    module, objects, modules = "", set(), set()
    for line in api.splitlines():
        m = re.match(r"^\s*\.\. (currentmodule|automodule):: ([\w.]+)$", line)
        if m:
            module = m.group(2)
            if m.group(1) == "automodule":
                modules.add(module)
            continue
        m = re.match(r"^\s*\.\. (?:auto\w+|py:\w+):: ([\w.]+)$", line)
        if m:
            objects.add(f"{module}.{m.group(1)}")
        elif re.match(r"^\s+:members:\s*$", line) and module in modules:
            # ``automodule`` with ``:members:`` documents every name of the module's __all__
            import importlib

            names = getattr(importlib.import_module(module), "__all__", [])
            objects.update(f"{module}.{name}" for name in names)
    return objects, modules


def documented_as(obj: object, name: str, objects: set[str]) -> bool:
    """Whether one of ``objects`` is ``obj`` itself, under any module that exports it."""
    import importlib

    for full in objects:
        module, _, short = full.rpartition(".")
        if short == name and getattr(importlib.import_module(module), name, None) is obj:
            return True
    return False


DIAGRAM_MODULES = [
    "lstm_explained.book.diagrams",
    "lstm_explained.book.diagrams.cells",
    "lstm_explained.book.diagrams.more_cells",
    "lstm_explained.book.diagrams.spec",
    "lstm_explained.book.diagrams.drawing",
    "lstm_explained.book.diagrams.svg",
    "lstm_explained.book.diagrams.registry",
    "lstm_explained.book.diagrams.compose",
    "lstm_explained.book.diagrams.geometry",
    "lstm_explained.book.diagrams.clock_schedule",
    "lstm_explained.book.diagrams.alt_text",
]
# Every module of the experiments package, found rather than listed, so a new one is covered.
EXPERIMENT_MODULES = sorted(
    f"lstm_explained.book.experiments.{m.name}"
    for m in __import__("pkgutil").iter_modules(
        [str(Path(__file__).resolve().parents[1] / "lstm_explained" / "book" / "experiments")]
    )
)


@pytest.mark.parametrize("module_name", DIAGRAM_MODULES + EXPERIMENT_MODULES)
def test_api_page_documents_the_diagrams_and_experiments(module_name):
    """Every public function, class and submodule of the diagrams has an entry on the API page,
    and every public name of each experiment module, constants included."""
    import importlib
    import inspect

    module = importlib.import_module(module_name)
    objects, modules = documented(source("api"))
    assert module_name in modules, f"api.md has no automodule for {module_name}"
    for name in module.__all__:
        obj = getattr(module, name)
        if inspect.ismodule(obj):
            assert obj.__name__ in modules, f"api.md misses the module {obj.__name__}"
        elif inspect.isfunction(obj) or inspect.isclass(obj) or module_name in EXPERIMENT_MODULES:
            assert documented_as(obj, name, objects), f"api.md misses {module_name}.{name}"


def test_the_experiments_package_exports_every_experiment():
    import lstm_explained.book.experiments as experiments

    for name in ("gradient_decay", "long_gap_sweep", "watch_gates", "compare_variants"):
        assert name in experiments.__all__
    assert callable(experiments.clockwork_memory) and "clockwork_memory" in experiments.__all__


def test_diagram_cells_type_no_alt_text():
    """A figure drawn by the diagrams package carries its own alt text (alt_text.ALT, written into
    the SVG and made the image's alt by docs/_ext/figure_alt.py): a chapter does not type a second
    one that could drift from it."""
    for page in [*NOTEBOOKS, "gallery"]:
        for d, _, body in blocks(source(page)):
            if d == "code-cell" and "diagrams." in body:
                assert "alt:" not in body, f"{page}: a diagram cell types its own alt text"


#: The experiments that train models, and the chapters allowed to run them. Each call must pass
#: its sizes explicitly (smaller than the defaults, so a chapter builds in seconds).
TRAINING_EXPERIMENTS = ("long_gap_sweep(", "compare_variants(")


@pytest.mark.parametrize("name", MAIN_CHAPTERS)
def test_training_experiments_run_at_an_explicit_small_size(name):
    for cell in code_cells(source(name)):
        for call in TRAINING_EXPERIMENTS:
            for m in re.finditer(re.escape(call), cell):
                rest = cell[m.end() : m.end() + 300]
                assert "max_steps=" in rest, (  # workers: plumbing, left to the default
                    f"{name}.md calls {call[:-1]} without an explicit budget"
                )
