"""Translate what sphinx-gallery generates outside gettext's reach.

Sphinx's gettext machinery translates the prose of the generated pages, but
sphinx-gallery also writes text it cannot see or cannot keep stable:

* the gallery cards (title and tooltip are raw HTML);
* the alt text of each figure (a node of sphinx-gallery's own);
* "Total running time of the script: (0 minutes 1.8 seconds)", whose msgid
  would change on every run; it is replaced here by one stable template
  message, ``Total running time of the script: {minutes} min {seconds} s``.

Everything goes through the page catalogs in ``locale/`` like any other
message (see ``catalogs``), so ``make update-po`` picks it up.
"""

from __future__ import annotations

import html
import re

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx_gallery.directives import imgsgnode
from sphinx.util import logging

from .catalogs import add_extra_messages, is_gettext, is_translated, page_catalog

logger = logging.getLogger(__name__)

TIMING_TEMPLATE = "Total running time of the script: {minutes} min {seconds} s"
_TIMING = re.compile(r"\((\d+) minutes ([\d.]+) seconds\)")
_TITLE = re.compile(r'(<div class="sphx-glr-thumbnail-title">)(.*?)(</div>)', re.S)
_TOOLTIP = re.compile(r'(tooltip=")(.*?)(")', re.S)
_MARKUP = re.compile(r"``(.+?)``|:\w+:`(.+?)`|\*\*(.+?)\*\*|\*(.+?)\*|`([^`<]+?)(?: <[^>]+>)?`_*")


def plain(rst: str) -> str:
    """Inline reStructuredText reduced to its text, whitespace collapsed."""
    text = _MARKUP.sub(lambda m: next(g for g in m.groups() if g is not None), rst)
    return " ".join(text.split())


def _image_sg_nodes(document):
    return list(document.findall(imgsgnode))


class RunningTime(SphinxTransform):
    """Give the running-time line one stable, translatable message."""

    default_priority = 15  # before Sphinx's Locale transform (20)

    def apply(self, **kwargs) -> None:
        catalog = page_catalog(self.app, self.env.docname)
        for para in list(self.document.findall(nodes.paragraph)):
            if "sphx-glr-timing" not in para.get("classes", []):
                continue
            match = _TIMING.search(para.astext())
            if not match:
                continue
            para["translatable"] = False
            if is_gettext(self.app):
                add_extra_messages(para, [TIMING_TEMPLATE])
            template = catalog.get(TIMING_TEMPLATE, TIMING_TEMPLATE)
            values = {"minutes": int(match.group(1)), "seconds": f"{float(match.group(2)):.1f}"}
            try:
                text = template.format(**values)
            except (KeyError, IndexError, ValueError):
                logger.warning(
                    "the translation of %r must keep {minutes} and {seconds}; using English",
                    TIMING_TEMPLATE, location=para,
                )
                text = TIMING_TEMPLATE.format(**values)
            # Bold label, plain value, as sphinx-gallery renders it.
            cut = max(text.find(": ") + 2, text.find("：") + 1, 0)
            para.clear()
            para += [nodes.strong(text[:cut], text[:cut]), nodes.Text(text[cut:])]


class FigureAltText(SphinxTransform):
    """Make the alt text of the executed figures translatable."""

    default_priority = 15

    def apply(self, **kwargs) -> None:
        images = [n for n in _image_sg_nodes(self.document) if n.get("alt")]
        if is_gettext(self.app):
            for node in images:
                add_extra_messages(node, [node["alt"]])
        elif is_translated(self.app):
            catalog = page_catalog(self.app, self.env.docname)
            for node in images:
                node["alt"] = catalog.get(node["alt"], node["alt"])


class GalleryCards(SphinxTransform):
    """Translate card titles and tooltips from the target page's catalog."""

    default_priority = 25

    def apply(self, **kwargs) -> None:
        if not is_translated(self.app):
            return
        items = [
            n
            for n in self.document.findall(lambda n: isinstance(n, (nodes.raw, addnodes.pending_xref)))
            if isinstance(n, addnodes.pending_xref) and n.get("reftype") == "doc"
            or isinstance(n, nodes.raw) and "sphx-glr-thumb" in n.astext()
        ]
        for i, node in enumerate(items):
            if not isinstance(node, nodes.raw):
                continue
            text = node.astext()
            if "sphx-glr-thumbcontainer" in text:  # opens a card: the link follows
                target = next((n for n in items[i + 1 :] if not isinstance(n, nodes.raw)), None)
            else:  # closes a card: the link precedes
                target = next((n for n in reversed(items[:i]) if not isinstance(n, nodes.raw)), None)
            if target is None:
                continue
            docname = target["reftarget"].lstrip("/")
            catalog = page_catalog(self.app, docname)
            new = _TITLE.sub(lambda m: m[1] + html.escape(self._lookup(catalog, m[2])) + m[3], text)
            new = _TOOLTIP.sub(lambda m: m[1] + html.escape(self._lookup(catalog, m[2]), quote=True) + m[3], new)
            if new != text:
                node.clear()
                node += nodes.Text(new)

    @staticmethod
    def _lookup(catalog: dict, shown: str) -> str:
        """Find the message whose plain text is ``shown`` (maybe truncated)."""
        shown = html.unescape(shown)
        key = " ".join(shown.split()).removesuffix("...").removesuffix("…").strip()
        if not key:
            return shown
        for msgid, msgstr in catalog.items():
            if plain(msgid) == key:
                return plain(msgstr)
        for msgid, msgstr in catalog.items():
            if plain(msgid).startswith(key):
                return plain(msgstr)
        return shown


def setup(app):
    app.add_transform(RunningTime)
    app.add_transform(FigureAltText)
    app.add_transform(GalleryCards)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
