"""The English original of each translated paragraph, on demand.

Chinese learners often want the English wording of a paragraph, to learn
the terms of the API docs or to check a sentence they doubt.  Each message
paragraph gets an id from its msgid's hash (on a translated page, only the
translated ones); ``_static/originals.js`` fetches the English page on first
use and copies the paragraph with the same id, so a page costs its readers
a few bytes of ids until they ask.
"""

from __future__ import annotations

import hashlib
from typing import Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

from .._compat import page_messages
from .catalogs import is_translated
from .switcher import counterpart_url

ID_PREFIX = "m-"
_ORIGINAL = "blitz_original"  # node attribute: (id, English text), read only by KeepTranslatedIds
#: Paragraphs that sphinx-gallery writes around a tutorial (the download and
#: timing lines) carry classes with this prefix, or sit in a container that
#: does; its class for the whole page (given later, by a transform) is not one.
_CHROME_PREFIX = "sphx-glr"
_PAGE_CLASS = "sphx-glr-example-title"


def message_id(msgid: str, seen: dict[str, int]) -> str:
    """The id of the next paragraph whose message is ``msgid``; ``seen`` counts the page's ids so far."""
    base = ID_PREFIX + hashlib.sha1(msgid.encode("utf-8")).hexdigest()[:6]
    seen[base] = seen.get(base, 0) + 1
    return base if seen[base] == 1 else f"{base}-{seen[base]}"


def is_chrome(node: nodes.Element) -> bool:
    while node is not None:
        if any(str(c).startswith(_CHROME_PREFIX) and c != _PAGE_CLASS for c in node.get("classes", [])):
            return True
        node = node.parent
    return False


class MarkMessages(SphinxTransform):
    """Note the id and the English text of every message paragraph of the page."""

    default_priority = 19  # before Sphinx's Locale transform (20) replaces the text

    def apply(self, **kwargs: Any) -> None:
        if self.app.builder.format != "html":
            return
        seen: dict[str, int] = {}
        for node, msgid in page_messages(self.document):
            if isinstance(node, nodes.paragraph) and not is_chrome(node):
                node[_ORIGINAL] = (message_id(msgid, seen), node.astext())


class KeepTranslatedIds(SphinxTransform):
    """Give the noted paragraphs their ids: all in English, the translated ones elsewhere."""

    default_priority = 21  # after Locale

    def apply(self, **kwargs: Any) -> None:
        translated_build = is_translated(self.app)
        for node in [p for p in self.document.findall(nodes.paragraph) if _ORIGINAL in p]:
            ident, english = node.attributes.pop(_ORIGINAL)
            if translated_build and not (node.get("translated") and node.astext() != english):
                continue
            if ident not in self.document.ids:
                node["ids"].append(ident)
                self.document.ids[ident] = node


def add_page_originals(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """On translated pages with translated paragraphs: the script, and the
    English page's address for the ``page-originals.html`` component."""
    if doctree is None or not is_translated(app) or f' id="{ID_PREFIX}' not in context.get("body", ""):
        return
    context["originals_url"] = counterpart_url(pagename, "en")
    app.add_css_file("originals.css")
    app.add_js_file("originals.js", loading_method="defer")


def setup(app) -> dict[str, Any]:
    app.add_transform(MarkMessages)
    app.add_transform(KeepTranslatedIds)
    app.connect("html-page-context", add_page_originals)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
