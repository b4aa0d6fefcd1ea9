"""Math typeset at build time, with KaTeX's stylesheet and fonts served locally.

sphinxcontrib-katex with ``katex_prerender = True`` turns every formula into
HTML while the site is built (KaTeX in Node), so a reader's browser needs
only KaTeX's stylesheet and fonts, from the site itself.  Only the WOFF2
fonts ship: every browser that runs the site's JavaScript reads WOFF2.
``copy-tex`` (1 KB) makes a copied formula paste as LaTeX; page_assets
drops it and the stylesheet again on pages without math.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from pathlib import Path
from typing import Any

import sphinxcontrib.katex
from sphinx.errors import ConfigError, ExtensionError
from sphinx.util import logging

from . import _compat
from .processes import descendants, stop_processes

logger = logging.getLogger(__name__)

#: Where the stylesheet, its fonts and copy-tex go in the built site's _static/.
STATIC_DIR = "katex"
CSS_NAME = "katex.min.css"
COPY_TEX = "copy-tex.min.js"
#: The fonts of ordinary text and letters in formulas: on every page with math.
PRELOADED_FONTS = ("KaTeX_Main-Regular.woff2", "KaTeX_Math-Italic.woff2")
#: How often a refused start of KaTeX's server is tried (0.5 s, 1 s... apart).
KATEX_START_TRIES = 5


def check_katex(app) -> None:
    """Stop early, with what to do, when KaTeX from npm is not installed."""
    if not app.config.katex_prerender or app.builder.format != "html":
        return
    dist = Path(app.config.katex_dist)
    needed = [dist / "katex.min.js", dist / CSS_NAME, dist / "contrib" / COPY_TEX]
    missing = [str(p) for p in needed if not p.is_file()]
    if missing:
        raise ConfigError(
            f"KaTeX is missing ({', '.join(missing)}): run `make katex`, which installs it "
            "from npm into .cache/npm/katex/ (or set katex_dist in conf.py to a KaTeX 'dist' folder)."
        )
    if shutil.which(sphinxcontrib.katex.NODEJS_BINARY) is None:
        raise ConfigError(
            f"`{sphinxcontrib.katex.NODEJS_BINARY}` is not on PATH ({os.environ.get('PATH', '')}): the build "
            "typesets the formulas with KaTeX in Node.js. Install Node.js (Debian/Ubuntu: sudo apt-get install "
            "nodejs), or put the folder holding `node` on PATH, then build again."
        )
    # The HTML that sphinxcontrib-katex's KaTeX writes needs that version's stylesheet.
    package = dist.parent / "package.json"
    npm_version = json.loads(package.read_text(encoding="utf-8")).get("version") if package.is_file() else None
    if npm_version != sphinxcontrib.katex.katex_version:
        raise ConfigError(
            f"{dist} holds KaTeX {npm_version}, but sphinxcontrib-katex typesets with "
            f"{sphinxcontrib.katex.katex_version}: set KATEX_VERSION in the Makefile to "
            f"{sphinxcontrib.katex.katex_version} and run `make katex`."
        )


def start_katex(app, doctree, docname) -> None:
    """Start KaTeX's Node server before the first page that needs it is written.

    sphinxcontrib-katex starts it at the first formula and fails the build
    when the server is slow to listen (a loaded machine, a CI runner).  Here a
    refused start is retried, the half-started server stopped each time, and
    after the last try the build stops with what to do.
    """
    if app.builder.format != "html" or not app.config.katex_prerender or _compat.katex_server_started():
        return
    for attempt in range(1, KATEX_START_TRIES + 1):
        before = set(descendants(os.getpid()))
        try:
            _compat.start_katex_server()
            return
        except (ConnectionRefusedError, FileNotFoundError) as error:
            stray = _compat.katex_server_processes([p for p in descendants(os.getpid()) if p not in before])
            stop_processes(stray)
            logger.info("math_assets: KaTeX's server refused the connection (%s); try %d of %d",
                        error, attempt, KATEX_START_TRIES)
            last = error
            time.sleep(0.5 * attempt)
    raise ExtensionError(
        f"KaTeX's Node server did not accept connections after {KATEX_START_TRIES} tries ({last}). "
        "Check that `node --version` works, then build again; a very busy machine can also cause this."
    )


def copy_katex(app, env) -> None:
    """Write KaTeX's stylesheet, fonts and copy-tex into _static/katex/.

    Before any page is written (``env-updated``), so that every page links
    them with the same ``?v=`` checksum, in a fresh and an incremental build alike.
    """
    if app.builder.format != "html" or not app.config.katex_prerender:
        return
    dist = Path(app.config.katex_dist)
    out = Path(app.builder.outdir) / "_static" / STATIC_DIR
    (out / "fonts").mkdir(parents=True, exist_ok=True)
    # Each @font-face names its WOFF2 file first: the WOFF and TTF ones after it go.
    css = (dist / CSS_NAME).read_text(encoding="utf-8")
    css = re.sub(r',url\(fonts/[^)]+\.(?:woff|ttf)\) format\("(?:woff|truetype)"\)', "", css)
    (out / CSS_NAME).write_text(css, encoding="utf-8")
    for font in dict.fromkeys(re.findall(r"url\((fonts/[^)]+)\)", css)):
        shutil.copyfile(dist / font, out / font)
    shutil.copyfile(dist / "contrib" / COPY_TEX, out / COPY_TEX)


def add_copy_tex(app) -> None:
    """Load copy-tex on every page; page_assets keeps it on pages with math only."""
    if app.config.katex_prerender and app.builder.format == "html":
        app.add_js_file(f"{STATIC_DIR}/{COPY_TEX}", loading_method="defer")


def page_math(app, pagename: str, templatename: str, context: dict[str, Any], doctree) -> None:
    """On pages with math, preload the main fonts and make displayed formulas keyboard stops.

    Without the preload the browser finds the fonts only once the formulas are
    laid out, and text set in a fallback font moves when they arrive.  A reader
    without a mouse scrolls a formula wider than the screen from its keyboard stop.
    """
    # Prerendered formulas are in the body as KaTeX's HTML (page_assets looks for the same).
    if not (app.config.katex_prerender and 'class="katex' in context.get("body", "")):
        return
    context["metatags"] = context.get("metatags", "") + "".join(
        f'<link rel="preload" href="{context["pathto"](f"_static/{STATIC_DIR}/fonts/{font}", 1)}" '
        'as="font" type="font/woff2" crossorigin="anonymous" />\n'
        for font in PRELOADED_FONTS
    )
    context["body"] = context["body"].replace(
        '<span class="katex-display">', '<span class="katex-display" tabindex="0">'
    )


def setup(app) -> dict[str, Any]:
    app.setup_extension("sphinxcontrib.katex")
    app.add_config_value("katex_dist", "", "env", types=[str])
    app.connect("builder-inited", check_katex)
    app.connect("builder-inited", add_copy_tex)
    app.connect("html-page-context", page_math)
    app.connect("env-updated", copy_katex)
    app.connect("doctree-resolved", start_katex)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
