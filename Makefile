# lstm-explained: two commands do everything.
#   make html   build the book into _build/html (creates .venv on first use)
#   make test   ruff, pytest (unit tests, docstring examples), Sphinx doctests, and a clean,
#               strict build of the whole book with every chapter executed
PYTHON     ?= python3
VENV       := .venv
PY         := $(VENV)/bin/python
STAMP      := $(VENV)/.installed
SOURCEDIR  := docs
BUILDDIR   := _build
# Warnings are errors, every broken reference is reported, all pages are checked in one run.
SPHINXOPTS ?= -W --keep-going -n
SPHINX     := $(PY) -m sphinx -c . $(SOURCEDIR)

.PHONY: html test lint pytest doctest book-strict venv clean help

help:
	@echo "make html   build the book into $(BUILDDIR)/html"
	@echo "make test   run every check: ruff, pytest, doctests, strict clean build"
	@echo "make clean  remove $(BUILDDIR)"

# The virtual environment is (re)installed whenever pyproject.toml changes.
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed, found " + sys.version.split()[0])'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[docs,test]'
	@touch $(STAMP)

venv: $(STAMP)

html: $(STAMP)
	$(SPHINX) $(BUILDDIR)/html -b html $(SPHINXOPTS)
	@echo "The book is in $(BUILDDIR)/html/index.html"

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

pytest: $(STAMP)
	$(PY) -m pytest

# Sphinx's doctest builder runs the book's doctest blocks (and the API page's examples). The
# notebooks are not executed here (book-strict does that), so their glued values are absent.
doctest: $(STAMP)
	$(SPHINX) $(BUILDDIR)/doctest -b doctest $(SPHINXOPTS) -D nb_execution_mode=off \
		-D suppress_warnings=mystnb.glue

# A clean build, every chapter executed afresh (no cache), warnings as errors.
book-strict: $(STAMP)
	rm -rf $(BUILDDIR)/strict
	$(SPHINX) $(BUILDDIR)/strict -b html $(SPHINXOPTS) -D nb_execution_mode=force

test: lint pytest doctest book-strict

clean:
	rm -rf $(BUILDDIR)
