"""Rewrite a sphinx-gallery script with its prose translated and its code untouched.

A tutorial script is a docstring, then code blocks and ``# %%`` text blocks.
:func:`translate_script` rewrites only the text of each part in place: the
docstring and text blocks through :func:`.rst_text.translate_rst_block`, the
code through :func:`.code_comments.translate_source` (comments and
docstrings).  Headers, blank lines and code stay character for character.
:func:`translate_blocks` gives the translated blocks the notebook is made of.
"""

from __future__ import annotations

import io
import re
import tempfile
import tokenize
from pathlib import Path

from .._compat import Block, split_gallery_script, text_block_content
from .cjk import WIDTH
from .code_comments import translate_source
from .rst_text import readable_rst, translate_rst_block


def _indent(line: str) -> int:
    """The number of spaces before the text of ``line``."""
    return len(line) - len(line.lstrip())


def split_script(source: str):
    """sphinx-gallery's blocks of ``source``, each with its span in ``source``.

    Returns ``(blocks, spans)``; a span is ``(start, end)`` in characters: the
    docstring token for the first block, the verbatim code for a code block,
    and the ``#`` comment lines for a text block.  Both are empty when the
    file is not a gallery script.
    """
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "script.py")
        path.write_text(source, encoding="utf-8")
        try:
            blocks, node = split_gallery_script(path)
        except Exception:  # noqa: BLE001 - no docstring: not a gallery script
            return [], []
    if node is None:  # a syntax error: sphinx-gallery shows a placeholder
        return [], []

    line_starts = [0]
    for line in source.split("\n"):
        line_starts.append(line_starts[-1] + len(line) + 1)
    lines = source.split("\n")

    token = next(
        t for t in tokenize.generate_tokens(io.StringIO(source).readline) if t.type == tokenize.STRING
    )
    (srow, scol), (erow, ecol) = token.start, token.end
    spans = [(line_starts[srow - 1] + scol, line_starts[erow - 1] + ecol)]
    for block in blocks[1:]:
        start = line_starts[block.lineno - 1]
        if block.type == "code":
            spans.append((start, start + len(block.content)))
            continue
        row = block.lineno - 1
        while row < len(lines) and lines[row].startswith("#"):
            row += 1
        spans.append((start, min(line_starts[row], len(source))))
    return blocks, spans


def render_text_block(region: str, new: str) -> str:
    """The comment lines of a text block whose content becomes ``new``.

    ``region`` is the block's original comment lines: the blank comment lines
    that sphinx-gallery skips are kept, and the indentation after ``#`` is
    the original one.
    """
    lines = region.split("\n")
    trailing_newline = region.endswith("\n")
    if trailing_newline:
        lines.pop()
    skipped = 0
    while skipped < len(lines) and not lines[skipped][1:].strip():
        skipped += 1
    texts = [line[1:] for line in lines[skipped:] if line[1:].strip()]
    pad = min((_indent(t) for t in texts), default=1)
    body = new[:-1] if new.endswith("\n") else new
    rendered = ["#" + " " * pad + line if line.strip() else "#" for line in body.split("\n")]
    return "\n".join(lines[:skipped] + rendered) + ("\n" if trailing_newline else "")


def render_docstring(token: str, old: str, new: str) -> str:
    """The docstring literal ``token`` with its text ``old`` replaced by ``new``."""
    match = re.match(r"(?i)([rbuf]*)('''|\"\"\"|'|\")", token)
    prefix, quote = match.group(1), match.group(2)
    raw = token[len(prefix) + len(quote) : len(token) - len(quote)]
    lead = raw[: len(raw) - len(raw.lstrip())]
    trail = raw[len(raw.rstrip()) :]
    if raw.strip() != old.strip():  # escapes or indentation: start afresh
        lead = trail = "\n"
    body = new.strip()
    if len(quote) == 1 and "\n" in lead + body + trail:
        quote *= 3
    if "r" not in prefix.lower():
        body = body.replace("\\", "\\\\").replace(quote, "\\" + quote)
    return prefix + quote + lead + body + trail + quote


def translate_blocks(source: str, lookup, messages: dict | None = None) -> list[Block]:
    """sphinx-gallery's blocks of ``source``, text and comments translated.

    ``messages`` are the page's messages by block (:mod:`.page_messages`).
    Translated paragraphs stay on one line: these blocks make the notebook.
    """
    messages = messages or {}
    blocks, _ = split_script(source)
    return [
        Block(
            block.type,
            translate_source(block.content, lookup)
            if block.type == "code"
            else translate_rst_block(block.content, messages.get(block.lineno, []), lookup, width=None),
            block.lineno,
        )
        for block in blocks
    ]


def translate_script(source: str, lookup, messages: dict | None = None) -> str:
    """``source``, a sphinx-gallery script, with its prose translated.

    The docstring and the ``# %%`` text blocks go through
    :func:`.rst_text.translate_rst_block` with their messages from
    ``messages`` (:mod:`.page_messages`), the code blocks through
    :func:`.code_comments.translate_source`.  Only what changed is rewritten:
    headers, blank lines and code are kept character for character, so a
    lookup that knows nothing returns ``source`` itself.
    """
    messages = messages or {}
    blocks, spans = split_script(source)
    edits = []
    for index, (block, (start, end)) in enumerate(zip(blocks, spans)):
        region = source[start:end]
        if index == 0:
            new = translate_rst_block(block.content, messages.get(block.lineno, []), lookup, WIDTH)
            if new != block.content:
                edits.append((start, end, render_docstring(region, block.content, new)))
        elif block.type == "code":
            new = translate_source(region, lookup) if region == block.content else region
            if new != region:
                edits.append((start, end, new))
        elif text_block_content(region) == block.content:
            new = translate_rst_block(block.content, messages.get(block.lineno, []), lookup, WIDTH - 2)
            if new != block.content:
                edits.append((start, end, render_text_block(region, new)))
    for start, end, new in reversed(edits):
        source = source[:start] + new + source[end:]
    return source


def readable_script(source: str, resolve=None) -> str:
    """``source`` with its docstring and text blocks made readable as plain text.

    :func:`.rst_text.readable_rst` on each; code and layout untouched.
    """
    blocks, spans = split_script(source)
    edits = []
    for index, (block, (start, end)) in enumerate(zip(blocks, spans, strict=True)):
        if block.type == "code":
            continue
        new = readable_rst(block.content, resolve)
        if new == block.content:
            continue
        region = source[start:end]
        if index == 0:
            edits.append((start, end, render_docstring(region, block.content, new)))
        elif text_block_content(region) == block.content:
            edits.append((start, end, render_text_block(region, new)))
    for start, end, new in reversed(edits):
        source = source[:start] + new + source[end:]
    return source
