"""Translate what sphinx-gallery writes outside gettext's reach.

* The gallery cards: their title and tooltip are raw HTML.
* The alt text of each figure: a node of sphinx-gallery's own.
* "Total running time of the script: (0 minutes 1.8 seconds)", whose msgid
  would change on every run: the page's one statement of its run time is
  written from one stable message of the ``sphinx`` catalog, in the
  template ``docs/_templates/running-time.html``.

Cards and alt text are messages of the page catalogs (see :mod:`.catalogs`).
"""

from __future__ import annotations

import html
import re

from docutils import nodes
from sphinx.transforms import SphinxTransform

from .. import _compat
from .catalogs import add_extra_messages, is_gettext, is_translated, page_catalog

#: The template that writes the running-time line (in ``templates_path``).
TIMING_TEMPLATE = "running-time.html"
_MARKUP = re.compile(r"``(.+?)``|:\w+:`(.+?)`|\*\*(.+?)\*\*|\*(.+?)\*|`([^`<]+?)(?: <[^>]+>)?`_*")


def plain(rst: str) -> str:
    """Inline reStructuredText reduced to its text, whitespace collapsed."""
    text = _MARKUP.sub(lambda m: next(g for g in m.groups() if g is not None), rst)
    return " ".join(text.split())


def timing_values(minutes: int, seconds: float) -> dict[str, object]:
    """The values the running-time message is formatted with."""
    return {"minutes": minutes, "seconds": f"{seconds:.1f}"}


def split_label(text: str) -> tuple[str, str]:
    """``("Label: ", "value")``: the running-time line, bold label and plain value."""
    cut = max((i + len(sep) for sep in (": ", "：") if (i := text.find(sep)) >= 0), default=0)
    return text[:cut], text[cut:]


class RunningTime(SphinxTransform):
    """Write sphinx-gallery's running-time line from one stable message."""

    default_priority = 15  # before Sphinx's Locale transform (20)

    def apply(self, **kwargs) -> None:
        templates = getattr(self.app.builder, "templates", None)
        for para in [p for p in self.document.findall(nodes.paragraph) if _compat.TIMING_CLASS in p["classes"]]:
            if not (found := _compat.timing_seconds(para.astext())):
                continue
            # Never a message of the page: its numbers change with every run.
            para[_compat.TRANSLATABLE] = False
            if is_gettext(self.app) or templates is None:
                continue  # the message comes from the template's catalog
            # catalog_guard has checked that the translation formats like the English.
            label, value = split_label(templates.render(TIMING_TEMPLATE, timing_values(*found)).strip())
            para.clear()
            para += [nodes.strong(label, label), nodes.Text(value)]


class FigureAltText(SphinxTransform):
    """Make the alt text of the executed figures translatable."""

    default_priority = 15

    def apply(self, **kwargs) -> None:
        images = [n for n in self.document.findall(_compat.figure_node) if n.get("alt")]
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
        for node, docname in _compat.card_links(self.document):
            new = node.astext()
            catalog = page_catalog(self.app, docname)
            for part in (_compat.CARD_TITLE, _compat.CARD_TOOLTIP):
                new = part.sub(lambda m, catalog=catalog: m[1] + html.escape(_card_text(catalog, m[2])) + m[3], new)
            node[:] = [nodes.Text(new)]


def _card_text(catalog: dict, shown: str) -> str:
    """The translation of the message whose plain text is ``shown`` (maybe truncated)."""
    shown = html.unescape(shown)
    key = " ".join(shown.split()).removesuffix("...").removesuffix("…").strip()
    # The message shown whole, else the first one it begins.
    found = [(plain(msgid) != key, msgstr) for msgid, msgstr in catalog.items() if plain(msgid).startswith(key)]
    return plain(min(found, key=lambda match: match[0])[1]) if key and found else shown


def setup(app):
    app.add_transform(RunningTime)
    app.add_transform(FigureAltText)
    app.add_transform(GalleryCards)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
