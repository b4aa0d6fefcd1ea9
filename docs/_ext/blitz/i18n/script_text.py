"""Rewrite a sphinx-gallery script with its prose translated and its code untouched.

Only the text of the docstring and of each ``# %%`` block is rewritten, in
place: sphinx-gallery copies each block into its page verbatim, so the
block parsed alone has the messages of the page's catalog.  Everything else
stays character for character, so a lookup that knows nothing gives back
the script itself.
"""

from __future__ import annotations

import re
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

_PUNCT = r"""!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~"""
_ADORNMENT = re.compile(rf"^([{_PUNCT}])\1+\s*$")
#: A backslash-escaped space beside a character outside ASCII (Chinese), or
#: the backslash of one that wrapping put at the end of a line.
_ESCAPED_SPACE = re.compile(r"(?<=[^\x00-\x7f])\\ |\\ (?=[^\x00-\x7f])|(?<=[^\x00-\x7f])\\(?=\n)")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _is_adornment(line: str) -> bool:
    """Whether ``line`` is a section title's over- or underline."""
    return _indent(line) == 0 and bool(_ADORNMENT.match(line))


# -- One reStructuredText block ------------------------------------------------


class Message(NamedTuple):
    """One message of a text block, located in the block's lines."""

    line: int  # 0-based: a title's underline, else its first line
    kind: str  # "title", "paragraph" or "line" (a dropdown's title)
    msgid: str
    text: str  # the message's first line as written in the source
    lines: int  # how many source lines the message takes


def block_messages(text: str) -> list[Message]:
    """The messages of the reStructuredText block ``text``, as Sphinx extracts them."""
    kinds = {nodes.title: "title", nodes.paragraph: "paragraph", nodes.rubric: "line"}
    found = []
    for node, msgid in page_messages(parse(text)):
        if type(node) in kinds:  # math and the like stay as they are
            raw = (node.rawsource or msgid).split("\n")
            found.append(Message(node.line - 1, kinds[type(node)], msgid, raw[0].strip(), len(raw)))
    return found


def _title(lines: list[str], at: int, new: str) -> tuple[int, list[str]]:
    """The first line and the new lines of the title whose underline is line ``at``."""
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
    if message.msgid.endswith("::") and not message.msgid.endswith("\\::") and not new.endswith("::"):
        new += " ::"  # the expanded form: introduces the literal block, shows no colon
    if prefix.lstrip().startswith(".."):
        # ``.. note:: Text``: the paragraph starts on the directive line and
        # goes on at the indentation of the directive's content.
        following = lines[message.line + 1] if message.lines > 1 else ""
        pad = following[: _indent(following)] if following.strip() else " " * (_indent(prefix) + 3)
    else:
        pad = " " * len(prefix)
    parts = wrap(new, None if width is None else max(20, width - len(pad)))
    return [prefix + parts[0]] + [pad + part for part in parts[1:]]


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
            if message.line < 1 or not _is_adornment(lines[message.line]):
                continue
            start, replaced = _title(lines, message.line, new)
            end = message.line + 1
        else:
            replaced = _paragraph(lines, message, new, None if message.kind == "line" else width)
            if replaced is None:
                continue
            start, end = message.line, message.line + message.lines
        edits.append((start, end, replaced))
    for start, end, replaced in sorted(edits, reverse=True):
        lines[start:end] = replaced
    return "\n".join(lines) if edits else text


def readable_rst(text: str, resolve=None) -> str:
    """``text`` with ``:ref:`` roles as page titles and no escaped spaces (reST needs them beside Chinese)."""
    for node in parse(text, resolve).findall(nodes.Element):
        raw = node.rawsource
        if not isinstance(raw, str) or not raw.startswith(":ref:`"):
            continue
        title, uri = node.astext(), node.get("refuri", "")
        text = text.replace(raw, f"{title} ({uri})" if uri.startswith(("http://", "https://")) else title)
    return _ESCAPED_SPACE.sub("", text)


# -- The script ----------------------------------------------------------------


def split_script(source: str):
    """sphinx-gallery's blocks of ``source`` and each one's ``(start, end)`` in ``source``."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "script.py")
        path.write_text(source, encoding="utf-8")
        try:
            blocks, node = split_gallery_script(path)
        except Exception:  # noqa: BLE001 - no docstring: not a gallery script
            return [], []
    if node is None:  # a syntax error: sphinx-gallery shows a placeholder
        return [], []
    lines = source.split("\n")
    line_starts = [0, *accumulate(len(line) + 1 for line in lines)]
    docstring = find_docstrings(source)[0]  # the module's: sphinx-gallery needs one, and it comes first
    spans = [(docstring.start, docstring.end)]
    for block in blocks[1:]:
        start = line_starts[block.lineno - 1]
        if block.type == "code":
            spans.append((start, start + len(block.content)))
            continue
        row = next((r for r in range(block.lineno - 1, len(lines)) if not lines[r].startswith("#")), len(lines))
        spans.append((start, min(line_starts[row], len(source))))
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
    prefix, quote = STRING_START.match(token).groups()
    raw = token[len(prefix) + len(quote) : len(token) - len(quote)]
    lead, text, trail = re.fullmatch(r"(\s*)(.*?)(\s*)", raw, re.S).groups()
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
    edits = []
    for index, (block, (start, end)) in enumerate(zip(blocks, spans)):
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
        edits.append((start, end, new))
    for start, end, new in reversed(edits):
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
    return [
        block._replace(content=translate_source(block.content, lookup))
        if block.type == "code"
        else block._replace(content=translate_rst_block(block.content, lookup, width=None))
        for block in split_script(source)[0]
    ]
