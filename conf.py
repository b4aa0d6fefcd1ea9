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
# Local extensions, one module per job.
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
    # Local extensions (docs/_ext/), one job each.
    # Math typeset at build time with KaTeX (sphinxcontrib-katex); its
    # stylesheet and fonts are served with the site, on pages with math only.
    "math_assets",
    # Figures with their size, loaded lazily, sharp on high-density screens.
    "figure_images",
    # Each page loads only the stylesheets and scripts it uses.
    "page_assets",
    "code_comments",
    "gallery_i18n",
    "language_switcher",
    # Chinese .py/.ipynb/.zip downloads of the tutorials in translated builds.
    "localized_downloads",
    # How each tutorial page's outputs were produced (sidebar component).
    "provenance",
]
exclude_patterns = ["_build", "_root", "tutorials/*.ipynb", "tutorials/*.py", "tutorials/*.zip"]
# Absolute, because the html builder resolves this against the conf dir and
# the gettext builder against the source dir.
templates_path = [str(ROOT / "docs" / "_templates")]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
nitpicky = True

# -- Languages ---------------------------------------------------------------
# English is the source; `make html` also builds with -D language=zh_CN.
language = "en"
locale_dirs = ["../locale"]
gettext_compact = False  # one catalog per page
gettext_uuid = False
gettext_location = True
site_languages = {"en": "English", "zh_CN": "简体中文"}
site_titles = {"en": "PyTorch in 60 Minutes", "zh_CN": "PyTorch 60 分钟入门"}
site_theme_options = {
    "en": {"search_bar_text": "Search the tutorials…"},
    "zh_CN": {"search_bar_text": "搜索教程……"},
}

# -- Gallery -----------------------------------------------------------------
sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "tutorials",
    # Only the tutorials are pages; helpers such as ddp_train.py are not.
    "filename_pattern": r"_tutorial\.py$",
    "ignore_pattern": r"^(?!.*_tutorial\.py$)",
    "within_subsection_order": "blitz_gallery.tutorial_order",
    "minigallery_sort_order": "blitz_gallery.tutorial_order",
    # Seed everything before each script so outputs are stable across builds;
    # record the PyTorch and device that run it.
    "reset_modules": ("matplotlib", "blitz_gallery.reset_seeds", "provenance.record_run"),
    # Needed by the minigallery on the landing page.
    "backreferences_dir": "tutorials/backreferences",
    "download_all_examples": False,
    "remove_config_comments": True,
    "min_reported_time": 0,
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
html_context = {"default_mode": "auto"}
html_last_updated_fmt = "%Y-%m-%d"
html_show_sourcelink = False
html_theme_options = {
    "navbar_align": "left",
    "navbar_end": ["language-switcher", "theme-switcher"],
    "secondary_sidebar_items": ["page-toc", "provenance", "sg_download_links", "sg_launcher_links"],
    "show_prev_next": True,
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
}
html_sidebars = {"**": []}

# -- Math ----------------------------------------------------------------------
# Formulas become HTML at build time (KaTeX in Node), so pages run no math
# JavaScript.  sphinxcontrib-katex typesets with the KaTeX it bundles; the
# stylesheet and fonts come from the same KaTeX version on npm (`make katex`
# installs it into .cache/npm/katex/; math_assets checks the versions match).
katex_prerender = True
katex_dist = str(ROOT / ".cache" / "npm" / "katex" / "node_modules" / "katex" / "dist")
katex_css_path = "katex/katex.min.css"  # written into _static/ by math_assets
