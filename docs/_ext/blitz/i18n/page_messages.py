"""Where each message of a tutorial page sits in its script's text blocks.

sphinx-gallery writes the docstring and each ``# %%`` text block of a script
into the page's reStructuredText verbatim, so the prose of the downloadable
script is the prose of its page.  While the page is read, before Sphinx's
Locale transform replaces the English, :class:`CollectScriptMessages`
records for each message (the msgids the catalog is keyed by) its text
block and its line there; :mod:`.script_text` puts the translations in
place from these records, which the page's doctree keeps (pickled with
it, so they follow the page through incremental and parallel reads).
"""

from __future__ import annotations

from typing import NamedTuple

from docutils import nodes
from sphinx.transforms import SphinxTransform

from .. import _compat
from .._compat import dropdown_title_line, gallery_block_starts
from .catalogs import is_translated

#: The document attribute that holds the records.
KEY = "blitz_script_messages"


class Message(NamedTuple):
    """One message of a text block, located in the block's content lines."""

    block: int  # the block's first line in the script (sphinx-gallery's Block.lineno)
    line: int  # 0-based line in the block's content: a title's underline, else its first line
    kind: str  # "title", "paragraph" or "line" (a term or a directive's argument)
    msgid: str
    text: str  # the message's first line as written in the source
    lines: int  # how many source lines the message takes


# Messages kept as they are in the downloads, as the text cells lay them out
# by columns or fields that a translation of another width would break.
_KEPT_IN = (nodes.table, nodes.field_list, nodes.line_block, nodes.doctest_block)


def _kind_and_line(node: nodes.Element) -> tuple[str, int] | None:
    """How the message of ``node`` is laid out, and its line in the page source."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, _KEPT_IN):
            return None
        parent = parent.parent
    if isinstance(node, nodes.title):
        if isinstance(node.parent, nodes.section):
            return "title", node.line or 0
        return "line", node.parent.line or 0  # an admonition's title: its argument
    if dropdown_title_line(node) is not None:
        return "line", dropdown_title_line(node) or 0
    if isinstance(node, nodes.term):
        return "line", node.line or 0
    if isinstance(node, nodes.paragraph):
        return "paragraph", node.line or 0
    return None  # math, images and the like stay as they are


def locate_messages(document: nodes.document, source_lines: list[str]) -> list[Message]:
    """The messages of a gallery page that sit in the script's text blocks.

    ``source_lines`` are the lines of the page's reStructuredText as
    sphinx-gallery wrote it; messages outside the blocks (the page's header
    and footer) are left out.
    """
    starts = gallery_block_starts(source_lines)
    found = []
    for node, msgid in _compat.page_messages(document):
        located = _kind_and_line(node)
        if located is None or not located[1]:
            continue
        kind, line = located
        block = None
        for first_line, lineno in starts:
            if first_line <= line:
                block = (lineno, line - first_line)
        if block is None or block[0] == 0:
            continue
        raw = (node.rawsource or msgid).split("\n")
        found.append(Message(block[0], block[1], kind, msgid, raw[0].strip(), len(raw)))
    return found


class CollectScriptMessages(SphinxTransform):
    """Translated builds: record where the gallery page's messages sit in its script."""

    default_priority = 19  # before Sphinx's Locale transform (20) replaces the text

    def apply(self, **kwargs) -> None:
        if not is_translated(self.app):
            return
        source = self.document.get("source") or ""
        try:
            with open(source, encoding="utf-8") as file:
                lines = file.read().split("\n")
        except OSError:
            return
        if not gallery_block_starts(lines):
            return  # not a page sphinx-gallery wrote
        self.document[KEY] = [tuple(m) for m in locate_messages(self.document, lines)]


def script_messages(env, docname: str) -> dict[int, list[Message]]:
    """The messages recorded when ``docname`` was read, by text block."""
    blocks: dict[int, list[Message]] = {}
    for record in env.get_doctree(docname).get(KEY, []):
        message = Message(*record)
        blocks.setdefault(message.block, []).append(message)
    return blocks


def setup(app):
    app.add_transform(CollectScriptMessages)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
