"""A notice on translated pages that still show some English.

An English edit to a tutorial should not have to wait for its translation.
Until a message is translated (and reviewed: Sphinx leaves fuzzy entries out
of the compiled catalogs, so stale translations never show), the translated
page shows the current English for it.  This extension tells the reader so at
the top of the page, with how many messages are still in English and a link
to how to help.

A page's count is the number of distinct messages that show in English:

* the paragraphs, titles and other text nodes Sphinx's Locale transform left
  untranslated (it sets ``translated = False`` on them; the same flag drives
  the documented ``translation_progress_classes`` option), including English
  added since the catalogs were last updated;
* the messages other extensions translate and could not, which they list
  on the node as ``untranslated_messages`` (``code_comments`` does so for
  code comments);
* the untranslated or fuzzy entries of the page's own catalog
  (``locale/<language>/LC_MESSAGES/<docname>.po``).

Configuration in conf.py:

``translation_notice``
    ``{language: {"title": ..., "partial": ..., "whole": ..., "link": ...}}``:
    the notice's title; its text, where ``{count}`` is the number of messages
    and ``{link}`` the link, whose text is "link"; "whole" is the text for a
    page that has no catalog yet (a new page).  A language without an entry
    gets no notice.
``translation_help_url``
    Where the link points, how to help translate: a page of this site as
    ``docname#anchor`` (the link is made relative to each page), or an
    absolute URL such as the project's README.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po
from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from .._compat import page_domain, untranslated_nodes
from .catalogs import is_translated

logger = logging.getLogger(__name__)


def _normalize(text: str) -> str:
    return " ".join(text.split())


def _message(node: nodes.Element) -> str:
    if isinstance(node, nodes.image):
        return _normalize(node.get("alt", ""))
    return _normalize(node.rawsource or node.astext())


@cache
def _catalog_gaps(path: str, mtime_ns: int) -> frozenset[str]:
    with open(path, "rb") as f:
        catalog = read_po(f)
    gaps = set()
    for message in catalog:
        if not message.id:
            continue  # the header
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        if message.fuzzy or not all(strings):
            msgid = message.id if isinstance(message.id, str) else message.id[0]
            gaps.add(_normalize(msgid))
    return frozenset(gaps)


def page_catalogs(app, docname: str) -> list[Path]:
    """The page's ``.po`` files in the configured locale directories."""
    domain = page_domain(docname, app.config.gettext_compact)
    paths = (Path(app.srcdir, d, app.config.language, "LC_MESSAGES", domain + ".po")
             for d in app.config.locale_dirs)
    return [p for p in paths if p.is_file()]


def catalog_gaps(app, docname: str) -> frozenset[str]:
    """The untranslated or fuzzy messages of the page's catalogs."""
    gaps: set[str] = set()
    for po in page_catalogs(app, docname):
        gaps |= _catalog_gaps(str(po), po.stat().st_mtime_ns)
    return frozenset(gaps)


def _metadata(node: nodes.Element) -> bool:
    """Whether ``node`` is in the page's metadata (a Markdown page's front
    matter, ``orphan: true``): a field list directly under the document,
    which becomes the docinfo that Sphinx takes out of the page."""
    while node.parent is not None:
        if isinstance(node, nodes.docinfo) or (isinstance(node, nodes.field_list)
                                               and isinstance(node.parent, nodes.document)):
            return True
        node = node.parent
    return False


class CollectEnglish(SphinxTransform):
    """Record on the document the messages that were left in English.

    Runs when the page is read, after the Locale transform (20) and the other
    translating transforms (25): later, at write time, post-transforms such
    as sphinx-gallery's code links replace nodes and drop their attributes.
    """

    default_priority = 30

    def apply(self, **kwargs) -> None:
        if not is_translated(self.app):
            return
        messages = {_message(node) for node in untranslated_nodes(self.document) if not _metadata(node)}
        for node in self.document.findall(nodes.Element):
            messages.update(_normalize(m) for m in node.get("untranslated_messages", ()))
        messages.discard("")
        self.document["untranslated_messages"] = sorted(messages)


def count_english(app, doctree: nodes.document, docname: str) -> int:
    messages = set(doctree.get("untranslated_messages", ())) | catalog_gaps(app, docname)
    messages.discard("")
    return len(messages)


def notice_node(title: str, text: str, link_text: str, url: str) -> nodes.Element:
    """An admonition with ``title``; ``{link}`` in ``text`` becomes the link."""
    before, has_link, after = text.partition("{link}")
    paragraph = nodes.paragraph()
    paragraph += nodes.Text(before)
    if has_link:
        paragraph += nodes.reference("", link_text, refuri=url)
        paragraph += nodes.Text(after)
    return nodes.admonition("", nodes.title("", title), paragraph, classes=["translation-notice"])


def help_link(app, docname: str) -> str:
    """``translation_help_url`` as seen from ``docname``."""
    target = app.config.translation_help_url
    if "://" in target:
        return target
    page, _, anchor = target.partition("#")
    uri = app.builder.get_relative_uri(docname, page)
    return uri + ("#" + anchor if anchor else "")


def add_notice(app, doctree: nodes.document, docname: str) -> None:
    wording = app.config.translation_notice.get(app.config.language)
    if not wording or app.builder.format != "html":
        return
    if page_catalogs(app, docname):
        count = count_english(app, doctree, docname)
        if not count:
            return
        text = wording["partial"].replace("{count}", str(count))
    else:
        # Sphinx translates nothing on a page without a catalog.
        count, text = "all", wording["whole"]
    notice = notice_node(wording["title"], text, wording["link"], help_link(app, docname))
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None and section.children and isinstance(section[0], nodes.title):
        section.insert(1, notice)
    else:
        doctree.insert(0, notice)
    logger.info("%s: %s message(s) shown in English", docname, count)


def setup(app):
    app.add_config_value("translation_notice", {}, "html", types=[dict])
    app.add_config_value("translation_help_url", "", "html", types=[str])
    app.add_transform(CollectEnglish)
    app.connect("doctree-resolved", add_notice)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
