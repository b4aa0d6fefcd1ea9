"""Sphinx configuration for "PyTorch in 60 Minutes".

The pages live in ``docs/`` (run ``sphinx-build -c . docs ...``, or just
``make html``).  The tutorials are the scripts in ``examples/``;
sphinx-gallery executes them and writes the generated pages to
``docs/tutorials/``.  The Chinese site is the same source with
``-D language=zh_CN`` and the catalogs in ``locale/``.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).parent.resolve()
# The site's own extensions: the blitz package in docs/_ext/.
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

# -- Project -----------------------------------------------------------------
project = "PyTorch in 60 Minutes"
author = "The PyTorch in 60 Minutes authors"
copyright = "2026, " + author

# -- General -----------------------------------------------------------------
extensions = [
    "myst_parser",
    "sphinx_gallery.gen_gallery",
    "sphinx_copybutton",
    # Exercise solutions and optional parts, hidden until the reader opens them.
    "sphinx_design",
    # The site's own extensions (docs/_ext/blitz/), one job per module.
    # A note when Sphinx, sphinx-gallery, the theme, MyST or KaTeX is a
    # release the extensions were not checked against.
    "blitz._compat",
    # Math typeset at build time with KaTeX in Node.js; its stylesheet and
    # fonts are served with the site, on pages with math only.
    "blitz.math_assets",
    # Figures with their size, loaded lazily, sharp on high-density screens.
    "blitz.figure_images",
    # Each page loads only the stylesheets and scripts it uses.
    "blitz.page_assets",
    # Search that understands learners: thesaurus, traditional characters,
    # ranking, excerpts (the settings are under "Search" below).
    "blitz.search",
    # How each tutorial page's outputs were produced (sidebar component).
    "blitz.provenance",
    # Downloads only from inside the project.
    "blitz.safe_downloads",
    # Tutorial runs: time limit, no orphaned processes, no cached failures,
    # no exits, no writes into the site; sources of deleted tutorials go.
    "blitz.gallery_runs",
    "blitz.gallery_sources",
    # A finished build lists its pages (tools/build_site.py publishes no less).
    "blitz.site_manifest",
    # One English source rendered in every language of site_languages: what
    # gettext cannot see (code comments, figures, downloads, gallery chrome),
    # the language switcher, Chinese search, catalog checks and the notice
    # on pages not fully translated.  docs/_ext/blitz/i18n/__init__.py lists
    # its modules.
    "blitz.i18n",
]
exclude_patterns = ["_build", "_root", "tutorials/*.ipynb", "tutorials/*.py", "tutorials/*.zip"]
# Absolute, because the html builder resolves this against the conf dir and
# the gettext builder against the source dir.
templates_path = [str(ROOT / "docs" / "_templates")]
myst_enable_extensions = ["colon_fence", "deflist"]
# No raw HTML in Markdown pages, so a translation cannot add any either.
myst_disable_syntax = ["html_block", "html_inline"]
myst_heading_anchors = 3
nitpicky = True

# -- Languages ---------------------------------------------------------------
# English is the source; `make html` also builds with -D language=zh_CN.
language = "en"
# locale/theme/ holds the Chinese of Sphinx's and the theme's own strings,
# kept out of the catalogs that `make update-po` regenerates.
locale_dirs = ["../locale", "../locale/theme"]
gettext_compact = False  # one catalog per page
gettext_uuid = False
gettext_location = True
site_languages = {"en": "English", "zh_CN": "简体中文"}
site_titles = {"en": "PyTorch in 60 Minutes", "zh_CN": "PyTorch 60 分钟入门"}
# Messages not translated yet (or fuzzy, which Sphinx leaves out) show in
# English, marked with the "untranslated" class; translation_notice counts
# them at the top of the page and links to how to help.
translation_progress_classes = "untranslated"
translation_notice = {
    "zh_CN": {
        "title": "翻译进度",
        "partial": "本页有 {count} 段尚未翻译，暂以英文显示。欢迎{link}。",
        "whole": "本页尚未翻译，暂以英文显示。欢迎{link}。",
        "link": "参与翻译",
    },
}
translation_help_url = "setup#help-translate"
site_copyrights = {"en": copyright, "zh_CN": "2026《PyTorch 60 分钟入门》作者"}
site_theme_options = {
    "en": {"search_bar_text": "Search the tutorials…"},
    "zh_CN": {"search_bar_text": "搜索教程……"},
}

# -- Gallery -----------------------------------------------------------------
sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "tutorials",
    # Only the tutorials are pages; other scripts (ddp_train.py, which a tutorial runs) are not.
    "filename_pattern": r"_tutorial\.py$",
    "ignore_pattern": r"^(?!.*_tutorial\.py$)",
    "within_subsection_order": "blitz.gallery.tutorial_order",
    "minigallery_sort_order": "blitz.gallery.tutorial_order",
    # Record the PyTorch and device that run each script; limit its run time.
    # The tutorials seed PyTorch themselves, in a cell the reader sees.
    "reset_modules": (
        "matplotlib",
        "blitz.provenance.record_run",
        "blitz.gallery_runs.time_limit",
    ),
    # "both": the time limit is armed before each tutorial and disarmed after.
    "reset_modules_order": "both",
    # Needed by the minigallery on the landing page.
    "backreferences_dir": "tutorials/backreferences",
    "download_all_examples": False,
    "remove_config_comments": True,
    "min_reported_time": 0,
    # sphinx-gallery's matplotlib scraper, also keeping each figure so that
    # translated builds can draw it again with translated text.
    "image_scrapers": ("blitz.i18n.figures.scraper",),
    # A second file of each figure at twice the pixels; figure_images offers
    # it to the screens that show the figure at high density.
    "image_srcset": ["2x"],
    "show_memory": False,
    "write_computation_times": False,  # `make bench` reports the times
    # Keep sphinx-gallery from hiding tracebacks: a failing tutorial fails the build.
    "only_warn_on_example_error": False,
}

# -- HTML --------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_static_path = [str(ROOT / "docs" / "_static")]
html_css_files = ["site.css", "icons.css"]
html_favicon = str(ROOT / "docs" / "_static" / "favicon.svg")
# The reader's system setting picks light or dark until they choose.
# "Open in Colab" on tutorial pages: the GitHub repository and branch that
# hold a copy of the built site, as "OWNER/REPO/blob/BRANCH" (Colab opens
# BRANCH/<language>/_downloads/.../<page>.ipynb from there).  Empty: no
# launcher; the downloads and the set-up guide are always there.
colab_notebooks = ""
html_context = {"default_mode": "auto", "colab_notebooks": colab_notebooks}
html_last_updated_fmt = "%Y-%m-%d"
html_show_sourcelink = False
html_theme_options = {
    "navbar_align": "left",
    # Persistent items stay in the header on phones too, where navbar_end
    # items move into the menu: the other language is one tap away.
    "navbar_persistent": ["search-button-field", "language-switcher"],
    "navbar_end": ["theme-switcher"],
    # Translated pages: "Bilingual view" (blitz.i18n.originals).
    "article_header_end": ["page-originals"],
    "secondary_sidebar_items": ["page-toc", "provenance", "sg_download_links", "colab-launcher", "sg_launcher_links"],
    "show_prev_next": True,
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
}
html_sidebars = {"**": []}

# -- Search --------------------------------------------------------------------
# One thesaurus for both languages (terms a learner types for what the pages
# say), traditional -> simplified characters for the Chinese site (only those
# of the catalogs' text are shipped), and the ranking (docs/_ext/blitz/search.py).
html_search_options = {
    "thesaurus": str(ROOT / "locale" / "thesaurus.md"),
    "folding": str(ROOT / "locale" / "zh_CN" / "traditional.tsv"),
    "catalogs": str(ROOT / "locale" / "zh_CN" / "LC_MESSAGES"),
}
html_search_scorer = str(ROOT / "docs" / "_ext" / "blitz" / "search_scorer.js")

# -- Downloads ---------------------------------------------------------------
# :download: may publish files from these folders only (relative to docs/).
safe_download_dirs = [".", "../examples"]

# -- Math ----------------------------------------------------------------------
# Formulas become HTML at build time (KaTeX in Node.js), so pages run no math
# JavaScript.  KaTeX, its stylesheet and fonts come from npm (`make katex`
# installs them into .cache/npm/katex/).
katex_dist = str(ROOT / ".cache" / "npm" / "katex" / "node_modules" / "katex" / "dist")
