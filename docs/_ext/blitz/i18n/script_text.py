"""Rewrite a sphinx-gallery script with its prose translated and its code untouched.

Only the text of the docstring and of each ``# %%`` block is rewritten, in
place: sphinx-gallery copies each block into its page verbatim, so the
block parsed alone has the messages of the page's catalog.  Everything else
stays character for character, so a lookup that knows nothing gives back
the script itself.
"""

from __future__ import annotations

import re
import string
import tempfile
from functools import partial
from itertools import accumulate
from pathlib import Path
from typing import NamedTuple

from docutils import nodes

from .._compat import Block, page_messages, split_gallery_script, text_block_content
from .cjk import WIDTH, display_width, wrap
from .code_comments import STRING_START, find_docstrings, translate_source
from .rst_doctree import parse

#: A section title's over- or underline.
_ADORNMENT = re.compile(rf"^([{re.escape(string.punctuation)}])\1+\s*$")
_COMMENT_LINES = re.compile(r"(?:#[^\n]*\n?)*")
#: A backslash-escaped space beside a character outside ASCII (Chinese), or
#: the backslash of one that wrapping put at the end of a line.
_ESCAPED_SPACE = re.compile(r"(?<=[^\x00-\x7f])\\ |\\ (?=[^\x00-\x7f])|(?<=[^\x00-\x7f])\\(?=\n)")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


# -- One reStructuredText block ------------------------------------------------


class Message(NamedTuple):
    """One message of a text block, located in the block's lines."""

    line: int  # 0-based: a title's underline, else its first line
    kind: str  # "title", "paragraph" or "line" (a dropdown's title)
    msgid: str
    raw: list[str]  # the message's lines as written in the source


def block_messages(text: str) -> list[Message]:
    """The messages of the reStructuredText block ``text``, as Sphinx extracts them."""
    kinds = {nodes.title: "title", nodes.paragraph: "paragraph", nodes.rubric: "line"}
    found = []
    for node, msgid in page_messages(parse(text)):
        if type(node) in kinds:  # math and the like stay as they are
            found.append(Message(node.line - 1, kinds[type(node)], msgid, (node.rawsource or msgid).split("\n")))
    return found


def _title(lines: list[str], at: int, new: str) -> tuple[int, int, list[str]] | None:
    """The lines to replace and the new lines of the title whose underline is line ``at``."""
    if at < 1 or not _ADORNMENT.match(lines[at]):
        return None
    text, rule = lines[at - 1], lines[at].rstrip()
    over = at >= 2 and _ADORNMENT.match(lines[at - 2]) and lines[at - 2][0] == rule[0]
    inset = text[: _indent(text)]
    extra = max(0, len(rule) - display_width(text.rstrip()))
    new_rule = rule[0] * (display_width(inset + new) + extra)
    return (at - 2, at + 1, [new_rule, inset + new, new_rule]) if over else (at - 1, at + 1, [inset + new, new_rule])


def _paragraph(lines: list[str], message, new: str, width) -> tuple[int, int, list[str]] | None:
    """The lines to replace and the new lines of the paragraph ``message`` with the translation ``new``."""
    first = lines[message.line]
    start = first.find(message.raw[0].strip())
    if start < 0:
        return None
    prefix = first[:start]
    if message.msgid.endswith("::") and not message.msgid.endswith("\\::") and not new.endswith("::"):
        new += " ::"  # the expanded form: introduces the literal block, shows no colon
    if prefix.lstrip().startswith(".."):
        # ``.. note:: Text``: the paragraph starts on the directive line and
        # goes on at the indentation of the directive's content.
        following = lines[message.line + 1] if len(message.raw) > 1 else ""
        pad = following[: _indent(following)] if following.strip() else " " * (_indent(prefix) + 3)
    else:
        pad = " " * len(prefix)
    parts = wrap(new, None if width is None else max(20, width - len(pad)))
    return message.line, message.line + len(message.raw), [prefix + parts[0]] + [pad + part for part in parts[1:]]


def translate_rst_block(text: str, lookup, width: int | None) -> str:
    """``text`` with its messages translated, paragraphs wrapped to ``width`` (None: one line)."""
    lines = text.split("\n")
    edits: list[tuple[int, int, list[str]]] = []
    for message in block_messages(text):
        new = lookup(message.msgid)
        if not new or new == message.msgid:
            continue
        new = " ".join(part.strip() for part in new.splitlines() if part.strip())
        if message.kind == "title":
            edits.append(_title(lines, message.line, new))
        else:
            edits.append(_paragraph(lines, message, new, None if message.kind == "line" else width))
    for start, end, replaced in sorted(filter(None, edits), reverse=True):
        lines[start:end] = replaced
    return "\n".join(lines)


def readable_rst(text: str, resolve=None) -> str:
    """``text`` with ``:ref:`` roles as page titles and no escaped spaces (reST needs them beside Chinese)."""
    for node in parse(text, resolve).findall(nodes.Element):
        raw = node.rawsource
        if isinstance(raw, str) and raw.startswith(":ref:`"):
            title, uri = node.astext(), node.get("refuri", "")
            text = text.replace(raw, f"{title} ({uri})" if uri.startswith(("http://", "https://")) else title)
    return _ESCAPED_SPACE.sub("", text)


# -- The script ----------------------------------------------------------------


def split_script(source: str):
    """sphinx-gallery's blocks of ``source`` and each one's ``(start, end)`` in ``source``."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "script.py")
        path.write_text(source, encoding="utf-8")
        blocks, node = split_gallery_script(path)
    if node is None:  # a syntax error: sphinx-gallery shows a placeholder
        return [], []
    line_starts = [0, *accumulate(len(line) + 1 for line in source.split("\n"))]
    docstring = find_docstrings(source)[0]  # the module's: sphinx-gallery needs one, and it comes first
    spans = [(docstring.start, docstring.end)]
    for block in blocks[1:]:
        start = line_starts[block.lineno - 1]
        # A text block is the run of comment lines where it starts.
        end = start + len(block.content) if block.type == "code" else _COMMENT_LINES.match(source, start).end()
        spans.append((start, end))
    return blocks, spans


def render_text_block(region: str, new: str) -> str:
    """The comment lines ``region`` of a text block, its content become ``new``, layout kept."""
    lines = region.removesuffix("\n").split("\n")
    skipped = next((i for i, line in enumerate(lines) if line[1:].strip()), len(lines))  # lines of "#" alone
    pad = min((_indent(line[1:]) for line in lines[skipped:] if line[1:].strip()), default=1)
    rendered = ["#" + " " * pad + line if line.strip() else "#" for line in new.removesuffix("\n").split("\n")]
    return "\n".join(lines[:skipped] + rendered) + ("\n" if region.endswith("\n") else "")


def render_docstring(token: str, old: str, new: str) -> str:
    """The docstring literal ``token`` with its text ``old`` replaced by ``new``."""
    prefix, quote, lead, text, trail = re.fullmatch(STRING_START.pattern + r"(\s*)(.*?)(\s*)\2", token, re.S).groups()
    if text != old.strip():  # escapes or indentation: start afresh
        lead = trail = "\n"
    body = new.strip()
    if len(quote) == 1 and "\n" in lead + body + trail:
        quote *= 3
    if "r" not in prefix.lower():
        body = body.replace("\\", "\\\\").replace(quote, "\\" + quote)
    return prefix + quote + lead + body + trail + quote


def _rewrite(source: str, text, code=None) -> str:
    """``source`` with its text blocks rewritten by ``text`` and its code by ``code``."""
    blocks, spans = split_script(source)
    # From the end: an edit leaves the spans before it where they are.
    for index, (block, (start, end)) in reversed(list(enumerate(zip(blocks, spans)))):
        region = source[start:end]
        if block.type == "code":
            new = code(region) if code and region == block.content else region
        elif index and text_block_content(region) != block.content:
            continue
        else:
            new = text(block.content, width=WIDTH if index == 0 else WIDTH - 2)
            if new == block.content:
                continue
            new = render_text_block(region, new) if index else render_docstring(region, block.content, new)
        source = source[:start] + new + source[end:]
    return source


def translate_script(source: str, lookup) -> str:
    """``source``, a sphinx-gallery script, with its prose translated."""
    return _rewrite(source, partial(translate_rst_block, lookup=lookup), partial(translate_source, translate=lookup))


def readable_script(source: str, resolve=None) -> str:
    """``source`` with :func:`readable_rst` applied to its docstring and text blocks."""
    return _rewrite(source, lambda text, width: readable_rst(text, resolve))


def translate_blocks(source: str, lookup) -> list[Block]:
    """sphinx-gallery's blocks of ``source``, text and comments translated, for the notebook."""
    translate = {
        "code": partial(translate_source, translate=lookup),
        "text": partial(translate_rst_block, lookup=lookup, width=None),
    }
    return [block._replace(content=translate[block.type](block.content)) for block in split_script(source)[0]]
