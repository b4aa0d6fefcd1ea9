"""Each page loads only the stylesheets and scripts it uses.

Extensions add their files to every page (sphinx-gallery, sphinx-design,
sphinx-copybutton, KaTeX's), but most pages use few of them, and each
stylesheet in ``<head>`` delays the first paint on a slow network.  On each
page this drops every asset whose :data:`USED_BY` pattern is not in the
page's body, and loads the scripts in :data:`DEFERRED` with ``defer``.
Files not listed (the theme, the site's CSS, Sphinx's search) stay.
tests/test_pages.py checks the result from the built pages.
"""

from __future__ import annotations

import re
from typing import Any

from ._compat import GALLERY_ASSETS, asset_attributes, asset_filename, asset_priority

#: Optional assets (paths under the output root) and the markup that uses them.
_CODE = r'class="highlight'
_MATH = r'class="katex'
USED_BY: dict[str, str] = {
    # sphinx-gallery: its pages, thumbnails and download boxes.
    **GALLERY_ASSETS,
    # Highlighted code and its copy button.
    "_static/pygments.css": _CODE,
    "_static/copybutton.css": _CODE,
    "_static/copybutton.js": _CODE,
    "_static/clipboard.min.js": _CODE,
    # sphinx-design: the exercise solutions and optional boxes (dropdowns).
    "_static/sphinx-design.min.css": r'class="[^"]*\bsd-',
    "_static/design-tabs.js": r'class="[^"]*\bsd-tab-',
    # Math typeset by KaTeX (math_assets).
    "_static/katex/katex.min.css": _MATH,
    "_static/katex/copy-tex.min.js": _MATH,
}
_PATTERNS = {path: re.compile(pattern) for path, pattern in USED_BY.items()}

#: Scripts that act only once the page has loaded, and so need not hold up
#: its first paint: loaded with ``defer`` (in order, after parsing).
DEFERRED = ("_static/clipboard.min.js", "_static/copybutton.js")


def drop_unused_assets(app, pagename: str, templatename: str, context: dict[str, Any], doctree) -> None:
    body = context.get("body", "")
    unused = {path for path, pattern in _PATTERNS.items() if not pattern.search(body)}
    # Added again from this event, Sphinx adds them to this page only.
    deferred = [
        js
        for js in context["script_files"]
        if asset_filename(js) in DEFERRED and asset_filename(js) not in unused and "defer" not in asset_attributes(js)
    ]
    dropped = unused | {asset_filename(js) for js in deferred}
    for key in ("css_files", "script_files"):
        # In place: Sphinx renders the page from these very lists.
        context[key][:] = [asset for asset in context[key] if asset_filename(asset) not in dropped]
    for js in deferred:
        name = asset_filename(js).removeprefix("_static/")
        app.add_js_file(name, priority=asset_priority(js), loading_method="defer")


def setup(app) -> dict[str, Any]:
    # Late, after the extensions that add assets from this event.
    app.connect("html-page-context", drop_unused_assets, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
