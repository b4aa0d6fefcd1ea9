"""Put translations into a reStructuredText text block of a script, keeping its layout.

The messages of a text block and their places come from the page's doctree
(:mod:`.page_messages`); this module only rewrites the lines they occupy:

* a paragraph (also a list item's or an admonition's) keeps what precedes
  its text on the first line (indentation, list marker, directive) and is
  wrapped to the line width with :func:`.cjk.wrap`, continuation lines
  aligned under the text;
* a section title keeps its adornment, resized to the translation's width;
* a term or a directive's argument is replaced on its line.

Everything else (math, code, literal blocks, other directives, messages
without translation) is kept line for line.
"""

from __future__ import annotations

import re

from .cjk import WIDTH, display_width, wrap

_PUNCT = r"""!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~"""
_ADORNMENT = re.compile(rf"^([{_PUNCT}])\1+\s*$")


def _indent(line: str) -> int:
    """The number of spaces before the text of ``line``."""
    return len(line) - len(line.lstrip())


def _is_adornment(line: str) -> bool:
    """Whether ``line`` is a section title's over- or underline."""
    return _indent(line) == 0 and bool(_ADORNMENT.match(line))


def _one_line(message: str) -> str:
    """A translation on one line: its lines stripped and joined with spaces."""
    return " ".join(part.strip() for part in message.splitlines() if part.strip())


def _lookup(lookup, msgid: str) -> str | None:
    """The translation of ``msgid`` on one line, or None when it has none."""
    new = lookup(msgid) if msgid else None
    if not new or new == msgid:
        return None
    return _one_line(new)


def _title(lines: list[str], at: int, new: str) -> tuple[int, list[str]]:
    """The title whose underline is line ``at``, translated, with rules resized.

    Returns the index of the title's first line and its new lines.
    """
    text, rule = lines[at - 1], lines[at].rstrip()
    over = at >= 2 and _is_adornment(lines[at - 2]) and lines[at - 2][0] == rule[0]
    inset = text[: _indent(text)]
    extra = max(0, len(rule) - display_width(text.rstrip()))
    new_rule = rule[0] * (display_width(inset + new) + extra)
    return (at - 2, [new_rule, inset + new, new_rule]) if over else (at - 1, [inset + new, new_rule])


def _paragraph(lines: list[str], message, new: str, width) -> list[str] | None:
    """The lines of the paragraph ``message`` with the translation ``new``."""
    first = lines[message.line]
    start = first.find(message.text)
    if start < 0:
        return None
    prefix = first[:start]
    literal_next = message.msgid.endswith("::") and not message.msgid.endswith("\\::")
    if literal_next and not new.endswith("::"):
        new += " ::"  # the expanded form: introduces the block, shows no colon
    if prefix.lstrip().startswith(".."):
        # ``.. note:: Text``: the paragraph starts on the directive line and
        # goes on at the indentation of the directive's content.
        following = lines[message.line + 1] if message.lines > 1 else ""
        pad = following[: _indent(following)] if following.strip() else " " * (_indent(prefix) + 3)
    else:
        pad = " " * len(prefix)
    room = None if width is None else max(20, width - len(pad))
    parts = wrap(new, room)
    return [prefix + parts[0]] + [pad + part for part in parts[1:]]


def translate_rst_block(text: str, messages, lookup, width: int | None = WIDTH - 2) -> str:
    """Translate the reStructuredText block ``text`` whose messages are ``messages``.

    ``messages`` are :class:`.page_messages.Message` records of this block
    (their ``line`` counts lines of ``text``); ``lookup(msgid)`` returns the
    translation or None.  Translated paragraphs are wrapped to ``width``
    columns, or kept on one line when ``width`` is None.  A message whose
    text is not where its record says is left alone, so a lookup that knows
    nothing, or no messages, give back ``text`` itself.
    """
    lines = text.split("\n")
    edits: list[tuple[int, int, list[str]]] = []
    for message in messages:
        if not 0 <= message.line < len(lines) or message.line + message.lines > len(lines):
            continue
        new = _lookup(lookup, message.msgid)
        if new is None:
            continue
        if message.kind == "title":
            if message.line < 1 or not _is_adornment(lines[message.line]):
                continue
            start, replaced = _title(lines, message.line, new)
            end = message.line + 1
        elif message.kind == "line":
            line = lines[message.line]
            at = line.find(message.text)
            if at < 0:
                continue
            start, end, replaced = message.line, message.line + 1, [line[:at] + new]
        else:
            replaced = _paragraph(lines, message, new, width)
            if replaced is None:
                continue
            start, end = message.line, message.line + message.lines
        edits.append((start, end, replaced))
    for start, end, replaced in sorted(edits, reverse=True):
        lines[start:end] = replaced
    return "\n".join(lines) if edits else text


def readable_rst(text: str, resolve=None) -> str:
    """``text`` with what only Sphinx reads made readable, its layout kept.

    For the comments of a downloaded script, read as plain text: a
    ``:ref:`` or ``:doc:`` role becomes the title of its page (and its
    address when that is absolute, ``html_baseurl``), and an escaped space
    (``*可选*\\ 当``, which reST needs beside Chinese) is dropped.  The roles
    are found by parsing ``text`` with docutils (:func:`.rst_doctree.parse`).
    """
    from docutils import nodes

    from .rst_doctree import parse

    for node in parse(text, resolve).findall(nodes.Element):
        raw = node.rawsource
        if not isinstance(raw, str) or not raw.startswith((":ref:`", ":doc:`")):
            continue
        title = node.astext()
        uri = node.get("refuri", "")
        new = f"{title} ({uri})" if uri.startswith(("http://", "https://")) else title
        text = text.replace(raw, new)
    return _ESCAPED_SPACE.sub("", text)


#: A backslash-escaped space beside a character outside ASCII (Chinese), or
#: the backslash of one that wrapping put at the end of a line.
_ESCAPED_SPACE = re.compile(r"(?<=[^\x00-\x7f])\\ |\\ (?=[^\x00-\x7f])|(?<=[^\x00-\x7f])\\(?=\n)")
