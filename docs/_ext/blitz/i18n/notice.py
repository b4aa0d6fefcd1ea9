"""A notice on translated pages that still show some English.

An English edit should not have to wait for its translation: until a
message is translated (and reviewed: Sphinx leaves fuzzy entries out of the
compiled catalogs), the page shows the current English, and this notice
says how many messages are still in English, with a link to how to help.
The wording is conf.py's ``translation_notice``; the link goes to
``translation_help_url``.
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


@cache
def _catalog_gaps(path: str, mtime_ns: int) -> frozenset[str]:
    with open(path, "rb") as f:
        catalog = read_po(f)
    # A page's catalog has no plural messages: Sphinx extracts them from its doctree.
    return frozenset(_normalize(m.id) for m in catalog if m.id and (m.fuzzy or not m.string))


def _metadata(node: nodes.Element) -> bool:
    """Whether ``node`` is in the page's metadata (front matter), which Sphinx takes out of the page."""
    while node.parent is not None and not isinstance(node.parent, nodes.document):
        node = node.parent
    return isinstance(node, (nodes.docinfo, nodes.field_list)) and node.parent is not None


class CollectEnglish(SphinxTransform):
    """Record on the document the messages that were left in English.

    Runs when the page is read, after the translating transforms (20, 25):
    at write time, post-transforms such as sphinx-gallery's code links
    replace nodes and drop their attributes.
    """

    default_priority = 30

    def apply(self, **kwargs) -> None:
        if not is_translated(self.app):
            return
        messages = set()
        for node in untranslated_nodes(self.document):
            if not _metadata(node):
                text = node.get("alt", "") if isinstance(node, nodes.image) else node.rawsource or node.astext()
                messages.add(_normalize(text))
        for node in self.document.findall(nodes.Element):
            messages.update(_normalize(m) for m in node.get("untranslated_messages", ()))
        messages.discard("")
        self.document["untranslated_messages"] = sorted(messages)


def add_notice(app, doctree: nodes.document, docname: str) -> None:
    wording = app.config.translation_notice.get(app.config.language)
    if not wording or app.builder.format != "html":
        return
    domain = page_domain(docname, app.config.gettext_compact) + ".po"
    paths = (Path(app.srcdir, d, app.config.language, "LC_MESSAGES", domain) for d in app.config.locale_dirs)
    catalogs = [p for p in paths if p.is_file()]
    if catalogs:
        gaps = (_catalog_gaps(str(po), po.stat().st_mtime_ns) for po in catalogs)
        english = set(doctree.get("untranslated_messages", ())).union(*gaps)
        if not english:
            return
        count, text = len(english), wording["partial"].replace("{count}", str(len(english)))
    else:
        # Sphinx translates nothing on a page without a catalog.
        count, text = "all", wording["whole"]
    target = app.config.translation_help_url
    if "://" not in target:
        page, _, anchor = target.partition("#")
        target = app.builder.get_relative_uri(docname, page) + ("#" + anchor if anchor else "")
    before, has_link, after = text.partition("{link}")
    paragraph = nodes.paragraph("", before)
    if has_link:
        paragraph += [nodes.reference("", wording["link"], refuri=target), nodes.Text(after)]
    notice = nodes.admonition("", nodes.title("", wording["title"]), paragraph, classes=["translation-notice"])
    section = next(doctree.findall(nodes.section), None)
    if section is not None:  # under the page's title
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
