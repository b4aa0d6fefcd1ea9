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
# Where pip also looks for torch and torchvision when it creates .venv/
# (--extra-index-url): the one setting that chooses the PyTorch wheel.  Empty:
# PyPI only, whose Linux torch wheel is a CUDA build (several GB).  A machine
# without an NVIDIA GPU: TORCH_INDEX_URL=https://download.pytorch.org/whl/cpu.
# A GPU machine whose driver is older than that CUDA picks a matching
# build, e.g. TORCH_INDEX_URL=https://download.pytorch.org/whl/cu126; CI sets
# https://download.pytorch.org/whl/cpu where there is no GPU.  Changing it
# later: rm $(VENV)/.requirements-installed, then make venv TORCH_INDEX_URL=...
TORCH_INDEX_URL ?=

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

# The languages of the site: conf.py's site_languages, the source language
# (conf.py's language) first; tools/project.py reads them (standard library
# only, a few hundredths of a second).  html-<lang> builds one language.
LANGUAGES       := $(shell $(PYTHON) tools/project.py languages)
SOURCE_LANGUAGE := $(firstword $(LANGUAGES))
TRANSLATIONS    := $(filter-out $(SOURCE_LANGUAGE),$(LANGUAGES))
LANGUAGE_SITES  := $(addprefix html-,$(LANGUAGES))

.PHONY: help preflight venv data html $(LANGUAGE_SITES) html-noplot example gettext update-po \
        po-stats check-po check-translations lint bench axe screenshots test clean check-gpu-build linkcheck \
        katex lighthouse

# The language builds share docs/tutorials/ and must run one after the
# other (see html-%), so make runs every recipe in turn, even with -j.
.NOTPARALLEL:

help: ## Show this list of targets.
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)
	@printf "  make %-12s %s\n" "html-<lang>" "Build one language into $(BUILDDIR)/html/<lang>/: $(LANGUAGE_SITES)."

# tools/preflight.py owns the system prerequisites: Python >= 3.11 with venv,
# and for the goals that drive a browser also Chromium, CJK fonts and npm.  It
# installs what is missing with apt-get when it can (root or `sudo -n`), or
# stops before anything is built with the command to run.
BROWSER_GOALS := test screenshots
preflight: ## Check (or install) the system packages the build needs.
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found: install Python 3.11 or newer (Debian/Ubuntu: sudo apt-get install python3 python3-venv), then make again." >&2; exit 1; }
	@$(PYTHON) tools/preflight.py --goal "$(or $(firstword $(MAKECMDGOALS)),html)" \
	  $(if $(filter $(BROWSER_GOALS),$(MAKECMDGOALS)),--browser)

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

# The root pages (index.html, 404.html) list every language, with text from
# each translation's catalogs: rendered again when one of those changes.
# One run writes both; index.html stands for the pair (no grouped targets:
# macOS ships GNU make 3.81).
# $(call make-safe,FILES): FILES without the names make would misread as
# prerequisites (a colon stops every goal; *, ? and [ are patterns).
make-safe = $(foreach f,$(1),$(if $(or $(findstring :,$(f)),$(findstring *,$(f)),$(findstring ?,$(f)),$(findstring [,$(f))),,$(f)))
ROOT_PAGES := $(BUILDDIR)/html/index.html
$(ROOT_PAGES): conf.py tools/root_pages.py $(call make-safe,$(wildcard docs/_root/* \
    $(foreach l,$(TRANSLATIONS),locale/$(l)/LC_MESSAGES/*.po locale/theme/$(l)/LC_MESSAGES/*.po))) | $(STAMP)
	$(BIN)/python tools/root_pages.py --out $(BUILDDIR)/html

html: check-po $(LANGUAGE_SITES) $(ROOT_PAGES) ## Build every language into _build/html/ (only what changed; changed tutorials run once).
	@test -n "$(LANGUAGES)" || { echo "tools/project.py found no languages in conf.py (see above)." >&2; exit 1; }
	@echo "The site is in $(BUILDDIR)/html/: open $(BUILDDIR)/html/index.html"

# Each language is built in a copy of its last site under $(STAGE)/ and
# moved to $(BUILDDIR)/html/<lang> only when its build succeeded, so an
# interrupted or failed build leaves the previous site whole (every page,
# search index included).  Building in a copy (cp -p keeps the times Sphinx
# compares) rewrites only the pages whose sources changed.
# $(call build-site,LANG,EXTRA SPHINX OPTIONS)
STAGE := $(BUILDDIR)/staging
define build-site
	rm -rf $(STAGE)/$(1) $(STAGE)/$(1).old
	mkdir -p $(STAGE) $(STAMPS)
	touch $(STAMPS)/$(1).started
	if [ -d $(BUILDDIR)/html/$(1) ]; then cp -Rp $(BUILDDIR)/html/$(1) $(STAGE)/$(1); fi
	$(SPHINX) -b html -d $(BUILDDIR)/doctrees/$(1) $(SPHINXOPTS) $(2) docs $(STAGE)/$(1)
	mkdir -p $(BUILDDIR)/html
	if [ -e $(BUILDDIR)/html/$(1) ]; then mv $(BUILDDIR)/html/$(1) $(STAGE)/$(1).old; fi
	mv $(STAGE)/$(1) $(BUILDDIR)/html/$(1)
	rm -rf $(STAGE)/$(1).old
endef

# -- Building only what changed ------------------------------------------------
# A language's build ends by setting $(STAMPS)/<lang> to the time it began,
# and make runs Sphinx for a language only when one of its inputs is newer
# than that stamp or its site folder is gone: a `make html` with nothing
# changed runs no Sphinx at all, and a file saved while a build ran is built
# by the next one.  `rm -r $(STAMPS)` rebuilds every language.
# The inputs: conf.py, docs/ and examples/ (the files git tracks or would
# track; not what the build writes there: the executed gallery, bytecode,
# examples' own outputs, the data, which `make data` checks), the packages in
# .venv/, KaTeX, and $(STAMPS)/<lang>.inputs, which holds the command line,
# the environment the build reads and a checksum of every input file: an
# added or deleted file counts, and so does an edited one whose time went
# back (cp -p, tar, rsync -t).  For a translation: its catalogs and the
# source language's build.  Outside a git checkout, find lists the files,
# leaving out hidden ones and what .gitignore lists (keep the two in step: a
# test compares them).
STAMPS := $(BUILDDIR)/stamps
# $(call list-files,PATHS): the files under PATHS that exist, one per line.
list-files = { git -c core.quotepath=off ls-files -co --exclude-standard -- $(1) 2>/dev/null | grep . \
  || find $(1) \( -path docs/tutorials -o -path docs/sg_execution_times.rst -o -path '$(DATA_ROOT)' \
       -o -name __pycache__ -o -name '*.pyc' -o -name '*.mo' -o -name _build \
       -o -name '.?*' \) -prune \
       -o -type f -print 2>/dev/null; } | LC_ALL=C sort | while IFS= read -r f; do [ -f "$$f" ] && printf '%s\n' "$$f"; done
SOURCES := conf.py docs examples
catalogs = locale/$(1) locale/theme/$(1)
# Names make can't take as prerequisites (see make-safe; a space splits a
# name) stay out of them: their content still counts, through .inputs.
SOURCE_FILES := $(call make-safe,$(wildcard $(shell $(call list-files,$(SOURCES)))))
catalog-files = $(call make-safe,$(wildcard $(shell $(call list-files,$(call catalogs,$(1))))))

# What a build runs with and reads, one file per language, rewritten only
# when it changes (also under make -n, hence the +).
BUILD_OPTIONS := $(SPHINX) $(SPHINXOPTS) | SOURCE_DATE_EPOCH=$(SOURCE_DATE_EPOCH) \
  | BLITZ_EXAMPLE_TIMEOUT=$(BLITZ_EXAMPLE_TIMEOUT)
# $(call write-inputs,FILE,FIRST LINE,PATHS)
define write-inputs
	+@mkdir -p $(dir $(1))
	+@{ printf '%s\n' '$(subst ','\'',$(2))'; $(call list-files,$(3)) | tr '\n' '\0' | xargs -0 cksum; } > $(1).new
	+@if cmp -s $(1).new $(1); then rm $(1).new; else mv $(1).new $(1); fi
endef
$(STAMPS)/$(SOURCE_LANGUAGE).inputs: FORCE
	$(call write-inputs,$@,$(BUILD_OPTIONS),$(SOURCES))
$(STAMPS)/%.inputs: FORCE
	$(call write-inputs,$@,catalogs of $*,$(call catalogs,$*))

# A language whose site folder is gone (or was never built) is built again.
site-missing = $(if $(wildcard $(BUILDDIR)/html/$(1)/.buildinfo),,FORCE)

.PHONY: FORCE
FORCE:

# The tutorials execute in the source-language build only; each translated
# build that follows reuses their outputs (sphinx-gallery's md5 cache), so
# the builds must run one after the other, each with its own doctree dir.
# tools/project.py's sphinx_argv is the same command (tests compare them).
html-$(SOURCE_LANGUAGE): $(STAMPS)/$(SOURCE_LANGUAGE)
$(STAMPS)/$(SOURCE_LANGUAGE): $(STAMP) $(KATEX_STAMP) $(wildcard $(VENV)/lib/python3*/site-packages) \
    $(SOURCE_FILES) $(STAMPS)/$(SOURCE_LANGUAGE).inputs $(call site-missing,$(SOURCE_LANGUAGE)) | data
	$(call build-site,$(SOURCE_LANGUAGE),)
	mv $(STAMPS)/$(SOURCE_LANGUAGE).started $@

# A malformed or hostile catalog stops the build; untranslated or fuzzy
# messages show in English under a notice (translation_notice), listed by
# po_stats --summary.  A translated build reads and writes its pages on every
# core (-j auto; the HTML is the same as from one process): it executes
# nothing, so no torch (or CUDA) is in the process Sphinx forks.  The
# source-language build stays in one process, since the tutorials ran in it.
TRANSLATION_JOBS := -j auto
$(addprefix html-,$(TRANSLATIONS)): html-%: $(STAMPS)/%
.SECONDEXPANSION:
$(addprefix $(STAMPS)/,$(TRANSLATIONS)): $(STAMPS)/%: $(STAMPS)/$(SOURCE_LANGUAGE) \
    $(STAMPS)/%.inputs $$(call catalog-files,$$*) $$(call site-missing,$$*) | check-po
	$(BIN)/python tools/po_stats.py --summary locale/$*
	$(call build-site,$*,-D language=$* $(TRANSLATION_JOBS))
	mv $(STAMPS)/$*.started $@

html-noplot: $(STAMP) $(KATEX_STAMP) ## Fast preview without executing tutorials, into _build/noplot/.
	$(SPHINX) -b html -d $(BUILDDIR)/doctrees/noplot -D plot_gallery=0 $(SPHINXOPTS) docs $(BUILDDIR)/noplot/$(SOURCE_LANGUAGE)

example: data $(KATEX_STAMP) ## Re-execute one tutorial and rebuild English: make example EXAMPLE=autograd.
	@test -n "$(EXAMPLE)" || { echo "Say which tutorial: make example EXAMPLE=autograd"; exit 2; }
	@ls examples | grep -Eq '$(EXAMPLE)[^/]*_tutorial\.py$$' || { \
	  echo "No tutorial in examples/ matches EXAMPLE=$(EXAMPLE). Available:"; \
	  ls examples | sed -n 's/_tutorial\.py$$//p' | sed 's/^/  make example EXAMPLE=/'; exit 2; }
	rm -f $(STAMPS)/$(SOURCE_LANGUAGE)
	$(call build-site,$(SOURCE_LANGUAGE),-D sphinx_gallery_conf.filename_pattern='$(EXAMPLE)[^/]*_tutorial\.py$$' \
	  -D sphinx_gallery_conf.run_stale_examples=1)

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

po-stats: $(STAMP) ## Show translation coverage per page.
	$(BIN)/python tools/po_stats.py $(addprefix locale/,$(TRANSLATIONS))

check-translations: $(STAMP) ## Fail on any untranslated or fuzzy message (not part of test).
	$(BIN)/python tools/po_stats.py --strict $(addprefix locale/,$(TRANSLATIONS))

BENCH_RUNS ?= 3
bench: data ## Time builds and training (median of BENCH_RUNS runs); not part of test.
	$(BIN)/python tools/bench.py --runs $(BENCH_RUNS)

lint: ## Lint the GitHub Actions workflows with actionlint and zizmor.
	PYTHON=$(PYTHON) bash tools/lint_workflows.sh

# axe-core (accessibility checks in tests/test_browser.py), from npm into .cache/npm/.
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

LIGHTHOUSE_RUNS ?= 1
lighthouse: html $(LIGHTHOUSE_STAMP) ## Lighthouse (phone, slow 4G) on every tutorial page; not part of test.
	$(BIN)/python tools/lighthouse.py --site $(BUILDDIR)/html --runs $(LIGHTHOUSE_RUNS)

screenshots: $(STAMP) ## Screenshots of a tutorial (both languages, light/dark, desktop/phone) into _build/screenshots/.
	$(BIN)/python tools/screenshots.py --site $(BUILDDIR)/html --out $(BUILDDIR)/screenshots \
	  --chromium "$$($(PYTHON) tools/preflight.py --print-chromium)"

# The tests drive the browser preflight found (CHROMIUM, Debian's chromium
# or Playwright's own); untranslated messages are reported, not failed.
test: html $(AXE_STAMP) ## Build the site, then run the test suite.
	status=0; CHROMIUM="$$($(PYTHON) tools/preflight.py --print-chromium)" \
	  $(BIN)/python -m pytest $(PYTESTOPTS) tests || status=$$?; \
	  $(BIN)/python tools/po_stats.py --summary $(addprefix locale/,$(TRANSLATIONS)); exit $$status

clean: ## Remove the built site and the executed gallery (keeps .venv/ and data).
	rm -rf $(BUILDDIR) docs/tutorials docs/sg_execution_times.rst
