"""The English original of each translated paragraph, on demand, and a way to improve it.

Chinese learners often want the English wording of a paragraph: to learn the
terms they meet in the API docs, or to check a sentence they doubt.  Every
paragraph that is a message of the page's catalog (prose, list items,
admonitions, exercises) gets an ``id`` made from its msgid, ``m-`` and six
hex digits of its SHA-1 (``-2``, ``-3``... for a message that repeats on the
page), in every language:

* on the English page, every such paragraph has it, so it is an anchor that
  stays put while the English does not change;
* on a translated page, only the paragraphs that show a translation have it,
  so a script knows which ones have an original worth showing.

The ids are given while the page is read, by :class:`MarkMessages` before
Sphinx's ``Locale`` transform (priority 20) replaces the English and by
:class:`KeepTranslatedIds` after it, both documented ``SphinxTransform``
hooks.  The original itself is not in the translated page: on first use
``_static/originals.js`` fetches the English page (its address is in the
``page-originals.html`` component) and copies the paragraph with the same
id.  A page costs its readers a few bytes of ids, the component and the small
script and stylesheet, nothing more until they ask.

The same script offers, when ``repository_url`` in ``conf.py`` names the
project's GitHub repository, "Suggest a better translation" next to each
revealed original and "Report a problem" on each English paragraph: a
prefilled new-issue form, its address made in the browser when clicked.
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
    """The id of the next paragraph whose message is ``msgid`` on a page.

    ``seen`` counts the ids given so far on the page; a message that comes
    again gets ``-2``, ``-3``... in the order of the page, the same order in
    every language.
    """
    base = ID_PREFIX + hashlib.sha1(msgid.encode("utf-8")).hexdigest()[:6]
    seen[base] = seen.get(base, 0) + 1
    return base if seen[base] == 1 else f"{base}-{seen[base]}"


def _is_chrome(node: nodes.Element) -> bool:
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
            if isinstance(node, nodes.paragraph) and not _is_chrome(node):
                node[_ORIGINAL] = (message_id(msgid, seen), node.astext())


class KeepTranslatedIds(SphinxTransform):
    """Give the noted paragraphs their ids: all in English, the translated ones elsewhere."""

    default_priority = 21  # after Locale

    def apply(self, **kwargs: Any) -> None:
        translated_build = is_translated(self.app)
        for node in list(self.document.findall(nodes.paragraph)):
            if _ORIGINAL not in node:
                continue
            ident, english = node[_ORIGINAL]
            del node[_ORIGINAL]
            if translated_build and not (node.get("translated") and node.astext() != english):
                continue
            if ident not in self.document.ids:
                node["ids"].append(ident)
                self.document.ids[ident] = node


def has_originals(body: str) -> bool:
    """Whether a page's body HTML has a paragraph with a message id."""
    return f' id="{ID_PREFIX}' in body


def add_page_originals(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Load the script and say where the originals are, on the pages that have some.

    Translated pages with translated paragraphs get ``originals_url`` (the
    English page) for the ``page-originals.html`` component; English pages
    get the script only for "Report a problem", so only when
    ``repository_url`` is set.
    """
    if doctree is None or not has_originals(context.get("body", "")):
        return
    language = app.config.language or "en"
    repository = app.config.repository_url.rstrip("/")
    if is_translated(app):
        context["originals_url"] = counterpart_url(pagename, language, "en")
    elif not repository:
        return
    context["originals_repository"] = repository
    app.add_css_file("originals.css")
    app.add_js_file("originals.js", loading_method="defer")


def setup(app) -> dict[str, Any]:
    # "https://github.com/OWNER/REPO": where "Suggest a better translation"
    # and "Report a problem" open a new issue.  Empty: neither is offered.
    app.add_config_value("repository_url", "", "html", types=[str])
    app.add_transform(MarkMessages)
    app.add_transform(KeepTranslatedIds)
    app.connect("html-page-context", add_page_originals)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
