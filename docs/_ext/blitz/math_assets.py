"""Math typeset at build time, with KaTeX's stylesheet and fonts served locally.

sphinxcontrib-katex with ``katex_prerender = True`` turns every formula into
HTML while the site is built (KaTeX in Node), so a reader's browser needs
only KaTeX's stylesheet and fonts, from the site itself.  Around that, this
extension:

* stops the build at its start, saying what to install, when KaTeX from npm
  (``make katex``), its matching version or ``node`` is missing;
* starts KaTeX's server itself, retrying a refused start;
* ships the stylesheet and only the WOFF2 fonts as ``_static/katex/`` (every
  browser that runs the site's JavaScript reads WOFF2);
* on pages with math, preloads the two main fonts (nothing moves when they
  arrive) and makes each displayed formula a keyboard stop (a wide one
  scrolls sideways on a phone);
* adds ``copy-tex`` (1 KB), so that a copied formula pastes as LaTeX.
  page_assets drops it and the stylesheet again on pages without math.
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

# -- Pure helpers -------------------------------------------------------------


def woff2_only(css: str) -> str:
    """KaTeX's stylesheet with every ``@font-face`` naming only its WOFF2 file (listed first).

    >>> woff2_only('src:url(fonts/A.woff2) format("woff2"),url(fonts/A.woff) format("woff")}')
    'src:url(fonts/A.woff2) format("woff2")}'
    """
    return re.sub(r',url\(fonts/[^)]+\.(?:woff|ttf)\) format\("(?:woff|truetype)"\)', "", css)


def fonts_named(css: str) -> list[str]:
    """The font files (``fonts/X.woff2``) a stylesheet refers to, in order."""
    return list(dict.fromkeys(re.findall(r"url\((fonts/[^)]+)\)", css)))


# -- Sphinx hooks -------------------------------------------------------------


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
    """Write KaTeX's stylesheet (WOFF2 fonts only), fonts and copy-tex into _static/katex/.

    Done before any page is written (``env-updated``), so that every page
    links them with the same ``?v=`` checksum, in a fresh output folder and
    in an incremental build alike.
    """
    if app.builder.format != "html" or not app.config.katex_prerender:
        return
    dist = Path(app.config.katex_dist)
    out = Path(app.builder.outdir) / "_static" / STATIC_DIR
    (out / "fonts").mkdir(parents=True, exist_ok=True)
    css = woff2_only((dist / CSS_NAME).read_text(encoding="utf-8"))
    (out / CSS_NAME).write_text(css, encoding="utf-8")
    for font in fonts_named(css):
        shutil.copyfile(dist / font, out / font)
    shutil.copyfile(dist / "contrib" / COPY_TEX, out / COPY_TEX)


def add_copy_tex(app) -> None:
    """Load copy-tex on every page; page_assets keeps it on pages with math only."""
    if app.config.katex_prerender and app.builder.format == "html":
        app.add_js_file(f"{STATIC_DIR}/{COPY_TEX}", loading_method="defer")


def preload_fonts(context: dict[str, Any]) -> None:
    """On pages with math, ask for KaTeX's two main fonts at once.

    The browser otherwise finds out about them only after the stylesheets
    have arrived and the formulas are laid out; text set in a fallback font
    first then moves when the font arrives (a layout shift).
    """
    links = "".join(
        f'<link rel="preload" href="{context["pathto"](f"_static/{STATIC_DIR}/fonts/{font}", 1)}" '
        'as="font" type="font/woff2" crossorigin="anonymous" />\n'
        for font in PRELOADED_FONTS
    )
    context["metatags"] = context.get("metatags", "") + links


def focusable_display_math(body: str) -> str:
    """Displayed formulas as keyboard stops, so that a reader without a mouse
    can scroll one wider than the screen (site.css makes it scroll).

    >>> focusable_display_math('<span class="katex-display"><span class="katex">')
    '<span class="katex-display" tabindex="0"><span class="katex">'
    """
    return body.replace('<span class="katex-display">', '<span class="katex-display" tabindex="0">')


def page_math(app, pagename: str, templatename: str, context: dict[str, Any], doctree) -> None:
    """Preload the main fonts and make displayed formulas focusable, on pages with math."""
    # Prerendered formulas are in the body as KaTeX's HTML (page_assets looks for the same).
    if not (app.config.katex_prerender and 'class="katex' in context.get("body", "")):
        return
    preload_fonts(context)
    context["body"] = focusable_display_math(context["body"])


def setup(app) -> dict[str, Any]:
    app.setup_extension("sphinxcontrib.katex")
    app.add_config_value("katex_dist", "", "env", types=[str])
    app.connect("builder-inited", check_katex)
    app.connect("builder-inited", add_copy_tex)
    app.connect("html-page-context", page_math)
    app.connect("env-updated", copy_katex)
    app.connect("doctree-resolved", start_katex)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
