"""Math typeset at build time, with KaTeX's stylesheet and fonts served locally.

Each page's formulas are typeset in one Node.js run of KaTeX (from npm,
`make katex`) while the page is written, so a reader's browser needs only
KaTeX's stylesheet and fonts, from the site itself.  Node runs once per page
and exits: no server outlives a build, however it ends.  A formula KaTeX
cannot typeset is an error naming it.  Only the WOFF2 fonts ship: every
browser that runs the site's JavaScript reads WOFF2.  ``copy-tex`` (1 KB)
makes a copied formula paste as LaTeX; page_assets drops it and the
stylesheet again on pages without math.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.errors import ConfigError
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

logger = logging.getLogger(__name__)

#: Where the stylesheet, its fonts and copy-tex go in the built site's _static/.
STATIC_DIR = "katex"
CSS_NAME = "katex.min.css"
COPY_TEX = "copy-tex.min.js"
#: The fonts of ordinary text and letters in formulas: on every page with math.
PRELOADED_FONTS = ("KaTeX_Main-Regular.woff2", "KaTeX_Math-Italic.woff2")

#: Reads [[TeX, display?], ...] on stdin, writes [{"html"} or {"error"}, ...].
TYPESET = """
const katex = require(process.argv[1]);
let input = "";
process.stdin.on("data", (chunk) => (input += chunk)).on("end", () => {
  const results = JSON.parse(input).map(([tex, displayMode]) => {
    try {
      return { html: katex.renderToString(tex, { displayMode, throwOnError: true }) };
    } catch (error) {
      return { error: error.message };
    }
  });
  process.stdout.write(JSON.stringify(results));
});
"""


def check_katex(app) -> None:
    """Stop early, with what to do, when KaTeX from npm or Node.js is missing."""
    if app.builder.format != "html":
        return
    dist = Path(app.config.katex_dist)
    needed = [dist / "katex.min.js", dist / CSS_NAME, dist / "contrib" / COPY_TEX]
    missing = [str(p) for p in needed if not p.is_file()]
    if missing:
        raise ConfigError(
            f"KaTeX is missing ({', '.join(missing)}): run `make katex`, which installs it "
            "from npm into .cache/npm/katex/ (or set katex_dist in conf.py to a KaTeX 'dist' folder)."
        )
    if shutil.which("node") is None:
        raise ConfigError(
            f"`node` is not on PATH ({os.environ.get('PATH', '')}): the build typesets the formulas "
            "with KaTeX in Node.js. Install Node.js (Debian/Ubuntu: sudo apt-get install nodejs), "
            "or put the folder holding `node` on PATH, then build again."
        )
    app.add_css_file(f"{STATIC_DIR}/{CSS_NAME}")
    app.add_js_file(f"{STATIC_DIR}/{COPY_TEX}", loading_method="defer")


def typeset(app, doctree, docname) -> None:
    """Give every formula of the page its HTML, from one run of KaTeX.

    A formula KaTeX cannot typeset is an error naming it and where it is
    (the site's -W build then fails); the page shows its TeX meanwhile.
    """
    formulas = list(doctree.findall(lambda node: isinstance(node, (nodes.math, nodes.math_block))))
    if app.builder.format != "html" or not formulas:
        return
    request = json.dumps([[node.astext(), isinstance(node, nodes.math_block)] for node in formulas])
    katex = str(Path(app.config.katex_dist).resolve() / "katex.min.js")  # node needs it absolute
    run = subprocess.run(["node", "-e", TYPESET, katex], input=request, capture_output=True, text=True)
    if run.returncode:  # a broken install: said once, not once per formula
        logger.error("KaTeX did not run on %s: %s", docname, run.stderr.strip()[-1000:], location=docname)
    for node, result in zip(formulas, json.loads(run.stdout) if run.returncode == 0 else [{}] * len(formulas)):
        if "error" in result:
            logger.error("KaTeX cannot typeset %r: %s", node.astext(), result["error"], location=node)
        node["html"] = result.get("html") or html.escape(node.astext())


def visit_math(self, node) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="math") + node["html"] + "</span>")
    raise nodes.SkipNode


def visit_math_block(self, node) -> None:
    self.body.append(self.starttag(node, "div", CLASS="math"))
    if node["number"]:
        self.body.append(f'<span class="eqno">({get_node_equation_number(self, node)})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    self.body.append(node["html"] + "</div>")
    raise nodes.SkipNode


def copy_katex(app, env) -> None:
    """Write KaTeX's stylesheet, fonts and copy-tex into _static/katex/.

    Before any page is written (``env-updated``), so that every page links
    them with the same ``?v=`` checksum, in a fresh and an incremental build alike.
    """
    if app.builder.format != "html":
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


def page_math(app, pagename: str, templatename: str, context: dict[str, Any], doctree) -> None:
    """On pages with math, preload the main fonts and make displayed formulas keyboard stops.

    Without the preload the browser finds the fonts only once the formulas are
    laid out, and text set in a fallback font moves when they arrive.  A reader
    without a mouse scrolls a formula wider than the screen from its keyboard stop.
    """
    # Typeset formulas are in the body as KaTeX's HTML (page_assets looks for the same).
    if 'class="katex' not in context.get("body", ""):
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
    app.add_config_value("katex_dist", "", "env", types=[str])
    app.add_html_math_renderer("katex", (visit_math, None), (visit_math_block, None))
    app.connect("builder-inited", check_katex)
    app.connect("env-updated", copy_katex)
    app.connect("doctree-resolved", typeset)
    app.connect("html-page-context", page_math)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
