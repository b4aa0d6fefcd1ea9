# PyTorch in 60 Minutes: build, preview and test the site.
# `make` alone lists the targets.  Everything runs from .venv/, which the
# first target that needs it creates from requirements.txt.

PYTHON     ?= python3
VENV       ?= .venv
BUILDDIR   ?= _build
DATA_ROOT  ?= examples/data
SPHINXOPTS ?= -W --keep-going -n
PYTESTOPTS ?=
# `make example EXAMPLE=classifier` builds the site executing only the
# tutorials whose file name contains EXAMPLE.
EXAMPLE    ?=

BIN        := $(VENV)/bin
STAMP      := $(VENV)/.requirements-installed
SPHINX     := $(BIN)/python -m sphinx -c .

# KaTeX's stylesheet and fonts (the version sphinxcontrib-katex typesets
# with, see conf.py) and Lighthouse, from npm, each in
# its own folder: `npm install --no-save` into one folder removes what an
# earlier one put there.
KATEX_VERSION      ?= 0.16.22
KATEX_STAMP        := .cache/npm/katex/katex-$(KATEX_VERSION).stamp
LIGHTHOUSE_VERSION ?= 12.8.2
LIGHTHOUSE_STAMP   := .cache/npm/lighthouse/lighthouse-$(LIGHTHOUSE_VERSION).stamp

.DEFAULT_GOAL := help
LANGUAGES  := en zh_CN

.PHONY: help venv data html html-en html-zh_CN html-noplot example gettext update-po \
        po-stats lint bench axe screenshots test clean katex lighthouse

help: ## Show this list of targets.
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

venv: $(STAMP) ## Create .venv/ from requirements.txt (done by html and test too).

data: $(STAMP) ## Provision Fashion-MNIST into examples/data/ (offline when possible).
	$(BIN)/python tools/fetch_data.py --root $(DATA_ROOT)

html: html-en html-zh_CN ## Build both languages into _build/html/ (runs changed tutorials once).
	cp docs/_root/index.html $(BUILDDIR)/html/index.html
	@echo "The site is in $(BUILDDIR)/html/: open $(BUILDDIR)/html/index.html"

# The tutorials execute in the English build only; the zh_CN build that
# follows reuses their outputs (sphinx-gallery's md5 cache), so the two
# builds must run one after the other, each with its own doctree dir.
html-en: data $(KATEX_STAMP) ## Build the English site into _build/html/en/.
	$(SPHINX) -b html -d $(BUILDDIR)/doctrees/en $(SPHINXOPTS) docs $(BUILDDIR)/html/en

html-zh_CN: html-en ## Build the Chinese site into _build/html/zh_CN/.
	$(SPHINX) -b html -d $(BUILDDIR)/doctrees/zh_CN -D language=zh_CN $(SPHINXOPTS) docs $(BUILDDIR)/html/zh_CN

html-noplot: $(STAMP) $(KATEX_STAMP) ## Fast preview without executing tutorials, into _build/noplot/.
	$(SPHINX) -b html -d $(BUILDDIR)/doctrees/noplot -D plot_gallery=0 $(SPHINXOPTS) docs $(BUILDDIR)/noplot/en

example: data $(KATEX_STAMP) ## Re-execute one tutorial and rebuild English: make example EXAMPLE=autograd.
	@test -n "$(EXAMPLE)" || { echo "Say which tutorial: make example EXAMPLE=autograd"; exit 2; }
	$(SPHINX) -b html -d $(BUILDDIR)/doctrees/en $(SPHINXOPTS) \
	  -D sphinx_gallery_conf.filename_pattern='$(EXAMPLE)[^/]*_tutorial\.py$$' \
	  -D sphinx_gallery_conf.run_stale_examples=1 \
	  docs $(BUILDDIR)/html/en

gettext: html-en ## Extract the English messages into _build/gettext/*.pot.
	rm -rf $(BUILDDIR)/gettext
	$(SPHINX) -b gettext -d $(BUILDDIR)/doctrees/gettext $(SPHINXOPTS) docs $(BUILDDIR)/gettext

update-po: gettext ## Merge new messages into locale/zh_CN/LC_MESSAGES/*.po.
	$(BIN)/sphinx-intl update -p $(BUILDDIR)/gettext -d locale -l zh_CN -w 0
	$(BIN)/python tools/po_stats.py locale/zh_CN

po-stats: $(STAMP) ## Show translation coverage per page.
	$(BIN)/python tools/po_stats.py locale/zh_CN

BENCH_RUNS ?= 3
bench: data ## Time builds and training (median of BENCH_RUNS runs); not part of test.
	$(BIN)/python tools/bench.py --runs $(BENCH_RUNS)

lint: ## Lint the GitHub Actions workflows with actionlint and zizmor.
	PYTHON=$(PYTHON) bash tools/lint_workflows.sh

# axe-core (accessibility checks in tests/test_browser.py), from npm into .cache/npm/.
AXE_VERSION ?= 4.14.1
AXE_STAMP   := .cache/npm/axe-core-$(AXE_VERSION).stamp

$(AXE_STAMP):
	npm install --prefix .cache/npm --no-save --no-package-lock --no-audit --no-fund axe-core@$(AXE_VERSION)
	touch $@

axe: $(AXE_STAMP) ## Install axe-core (used by the browser tests) into .cache/npm/.

$(KATEX_STAMP):
	npm install --prefix .cache/npm/katex --no-save --no-package-lock --no-audit --no-fund katex@$(KATEX_VERSION)
	touch $@

$(LIGHTHOUSE_STAMP):
	npm install --prefix .cache/npm/lighthouse --no-save --no-package-lock --no-audit --no-fund lighthouse@$(LIGHTHOUSE_VERSION)
	touch $@

katex: $(KATEX_STAMP) ## Install KaTeX (typesets the math while building) into .cache/npm/katex/.

LIGHTHOUSE_RUNS ?= 1
lighthouse: html $(LIGHTHOUSE_STAMP) ## Lighthouse (phone, slow 4G) on every tutorial page; not part of test.
	$(BIN)/python tools/lighthouse.py --site $(BUILDDIR)/html --runs $(LIGHTHOUSE_RUNS)

screenshots: $(STAMP) ## Screenshots of a tutorial (both languages, light/dark, desktop/phone) into _build/screenshots/.
	$(BIN)/python tools/screenshots.py --site $(BUILDDIR)/html --out $(BUILDDIR)/screenshots

test: html $(AXE_STAMP) ## Build the site, then run the test suite.
	$(BIN)/python -m pytest $(PYTESTOPTS) tests

clean: ## Remove the built site and the executed gallery (keeps .venv/ and data).
	rm -rf $(BUILDDIR) docs/tutorials docs/sg_execution_times.rst
