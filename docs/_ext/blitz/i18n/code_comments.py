"""Translate the comments and docstrings inside the tutorials' Python code, never the code.

Each comment (a run of consecutive full-line comments at one indentation
counts as one sentence-level message; a trailing comment is a message of its
own) and each paragraph of a docstring (of a module, class or function)
becomes a message of the page's catalog.  In the translated build the comment
and docstring text is replaced and nothing else in the block is touched, so
the code the Chinese reader sees is, token for token, the code that ran; the
test suite checks this by comparing Python ASTs in which only docstring
constants may differ (:func:`code_ast`).

The same helpers localize the downloadable scripts and notebooks
(``localized_downloads``).
"""

from __future__ import annotations

import ast
import inspect
import io
import re
import textwrap
import tokenize
import unicodedata
from dataclasses import dataclass

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from .catalogs import add_extra_messages, is_gettext, is_translated, page_catalog

logger = logging.getLogger(__name__)

PYTHON = {"python", "python3", "py", "ipython", "ipython3"}
# Comments that are directives for tools, not prose.
_SKIP = re.compile(r"^#\s*(%%|!|sphinx_gallery_|noqa|type:|fmt:|pragma)|^#!")
WIDTH = 79


@dataclass
class Comment:
    """One translatable comment: its text and where it sits in the source."""

    message: str
    first_line: int  # 1-based
    last_line: int
    column: int  # where the '#' starts on each line
    trailing: bool  # code precedes it on its line


def find_comments(source: str) -> list[Comment]:
    """The prose comments of ``source``, consecutive full-line ones merged."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return []
    lines = source.splitlines()
    found: list[Comment] = []
    for tok in tokens:
        if tok.type != tokenize.COMMENT or _SKIP.match(tok.string):
            continue
        (row, col), text = tok.start, tok.string.lstrip("#").strip()
        trailing = bool(lines[row - 1][:col].strip())
        if not text:
            continue
        prev = found[-1] if found else None
        if (
            prev is not None
            and not trailing
            and not prev.trailing
            and prev.last_line == row - 1
            and prev.column == col
        ):
            prev.message += " " + text
            prev.last_line = row
        else:
            found.append(Comment(text, row, row, col, trailing))
    return found


@dataclass
class Docstring:
    """One docstring: where its string literal sits and its paragraphs."""

    start: int  # character offsets of the literal in the source
    end: int
    indent: str  # the indentation of the statement
    text: str  # the docstring's value, cleaned as ``inspect.cleandoc`` does


_DOCSTRING_OWNERS = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
_STRING_START = re.compile("(?i)([rbuf]*)('{3}|\"{3}|'|\")")  # a literal's prefix and quotes


def _docstring_nodes(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, _DOCSTRING_OWNERS) and node.body:
            first = node.body[0]
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                yield first


def find_docstrings(source: str) -> list[Docstring]:
    """The docstrings of ``source``, in source order (none if it does not parse)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return []
    lines = source.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)

    def offset(row: int, col: int) -> int:  # ast columns count UTF-8 bytes
        return starts[row - 1] + len(lines[row - 1].encode("utf-8")[:col].decode("utf-8"))

    found = []
    for expr in _docstring_nodes(tree):
        start = offset(expr.lineno, expr.col_offset)
        end = offset(expr.end_lineno, expr.end_col_offset)
        line = lines[expr.lineno - 1]
        indent = line[: len(line) - len(line.lstrip())]
        found.append(Docstring(start, end, indent, inspect.cleandoc(expr.value.value)))
    return sorted(found, key=lambda d: d.start)


def docstring_chunks(text: str) -> list[tuple[bool, list[str]]]:
    """Split a cleaned docstring into ``(is_prose, lines)`` chunks.

    Chunks are separated by blank lines; an indented chunk (a command, an
    example) is not prose and is kept verbatim.
    """
    chunks: list[tuple[bool, list[str]]] = []
    current: list[str] = []
    for line in text.split("\n") + [""]:
        if line.strip():
            current.append(line)
        elif current:
            chunks.append((not current[0][:1].isspace(), current))
            current = []
    return chunks


def docstring_messages(text: str) -> list[str]:
    """The messages of a docstring: its prose paragraphs, each on one line."""
    return [" ".join(l.strip() for l in lines) for prose, lines in docstring_chunks(text) if prose]


def _render_docstring(literal: str, doc: Docstring, translate) -> str | None:
    """The string literal of ``doc`` with its paragraphs translated, or None."""
    body: list[str] = []
    changed = False
    room = max(20, WIDTH - len(doc.indent) - 3)  # 3: the opening quotes
    for prose, lines in docstring_chunks(doc.text):
        if body:
            body.append("")
        message = " ".join(l.strip() for l in lines)
        new = translate(message) if prose else None
        if not new or new == message:
            body += lines
            continue
        changed = True
        for paragraph in new.split("\n"):
            body += wrap(" ".join(paragraph.split()), room)
    if not changed:
        return None
    match = _STRING_START.match(literal)
    prefix, quote = match.group(1), match.group(2)
    if len(quote) == 1:
        quote *= 3
    if "r" not in prefix.lower():
        body = [line.replace("\\", "\\\\") for line in body]
    body = [line.replace(quote, "\\" + quote) for line in body]
    inner = literal[len(prefix) + len(quote) : len(literal) - len(quote)] if len(match.group(2)) == 3 else ""
    lead = "\n" + doc.indent if inner[: len(inner) - len(inner.lstrip())].count("\n") else ""
    text = ("\n".join(doc.indent + line if line and i else line for i, line in enumerate(body)))
    single = len(body) == 1 and display_width(doc.indent + quote * 2 + text) <= WIDTH
    tail = "" if single and not lead else "\n" + doc.indent
    return prefix + quote + lead + text + tail + quote


def translate_docstrings(source: str, translate) -> str:
    """Return ``source`` with the paragraphs of each docstring translated."""
    for doc in reversed(find_docstrings(source)):
        new = _render_docstring(source[doc.start : doc.end], doc, translate)
        if new is not None:
            source = source[: doc.start] + new + source[doc.end :]
    return source


def code_ast(source: str) -> str:
    """The AST of ``source`` with every docstring's text left out.

    Two sources with the same ``code_ast`` differ only in comments, layout
    and the text of docstrings: the code is the same.
    """
    tree = ast.parse(source)
    for expr in _docstring_nodes(tree):
        expr.value.value = "<docstring>"
    return ast.dump(tree)


def prose_messages(source: str) -> list[str]:
    """The messages of a code block: its comments and docstring paragraphs, in order."""
    found = [(c.first_line, c.message) for c in find_comments(source)]
    for doc in find_docstrings(source):
        line = source.count("\n", 0, doc.start) + 1
        found += [(line, m) for m in docstring_messages(doc.text)]
    return [message for _, message in sorted(found, key=lambda item: item[0])]


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap(text: str, width: int) -> list[str]:
    """Wrap ``text`` to ``width`` columns, counting CJK characters as two."""
    if display_width(text) <= width:
        return [text]
    if not any(unicodedata.east_asian_width(ch) in "WF" for ch in text):
        return textwrap.wrap(text, width) or [text]
    lines, current = [], ""
    # Break between characters, but keep Latin words and numbers whole.
    for piece in re.findall(r"[A-Za-z0-9_.,:;'\"()\[\]{}<>=+\-*/@`\\^|$%&~!?#]+|\s+|.", text):
        if current and display_width(current + piece) > width:
            lines.append(current.rstrip())
            current = piece.lstrip()
        else:
            current += piece
    if current.strip():
        lines.append(current.rstrip())
    return lines


# Characters that end a line for Python or for str.splitlines(), and other
# control characters: a translation containing one could start a code line.
_LINE_BREAKS = re.compile(r"[\x00-\x09\x0b-\x1f\x7f\x85\u2028\u2029]")


def comment_text(translation: str) -> str:
    """A translation made safe for a comment: only ``\n`` may break lines."""
    return _LINE_BREAKS.sub(" ", translation)


def translate_source(source: str, translate) -> str:
    """Return ``source`` with each comment and docstring paragraph translated.

    ``translate`` returns the translation or ``None`` to keep the original.
    Only comments and docstring text change; the code lines are kept verbatim,
    and a translation cannot add a line of code: every comment line it
    produces starts with ``#`` and docstring text is escaped inside its
    literal (``tools/check_po_markup.py`` also rejects such catalogs).
    """
    source = translate_docstrings(source, translate)
    comments = find_comments(source)
    if not comments:
        return source
    lines = source.split("\n")
    for c in reversed(comments):
        new = translate(c.message)
        if not new or new == c.message:
            continue
        new = comment_text(new)
        if c.trailing:
            line = lines[c.first_line - 1]
            lines[c.first_line - 1] = line[: c.column] + "# " + " ".join(new.split())
            continue
        indent = lines[c.first_line - 1][: c.column]
        body = [
            indent + "# " + part
            for paragraph in new.split("\n")
            for part in wrap(paragraph.strip(), max(20, WIDTH - len(indent) - 2))
        ]
        lines[c.first_line - 1 : c.last_line] = body
    return "\n".join(lines)


def _python_blocks(document):
    for node in document.findall(nodes.literal_block):
        language = (node.get("language") or "").lower()
        if language in PYTHON:
            yield node


class ExtractComments(SphinxTransform):
    """gettext builds: add every code comment and docstring to the page's catalog."""

    default_priority = 15  # before Sphinx's Locale transform (20)

    def apply(self, **kwargs) -> None:
        if not is_gettext(self.app):
            return
        for block in list(_python_blocks(self.document)):
            messages = prose_messages(block.astext())
            if messages:
                add_extra_messages(block, messages)


class TranslateComments(SphinxTransform):
    """Translated builds: replace the comments and docstrings of every Python code block."""

    default_priority = 25  # after the Locale transform

    def apply(self, **kwargs) -> None:
        if not is_translated(self.app):
            return
        catalog = page_catalog(self.app, self.env.docname)
        if not catalog:
            return
        for block in _python_blocks(self.document):
            old = block.astext()
            # Comments without a translation stay English; translation_notice counts them.
            missing = [c.message for c in find_comments(old) if not catalog.get(c.message)]
            if missing:
                block["untranslated_messages"] = missing
            new = translate_source(old, catalog.get)
            if new != old:
                block.rawsource = new
                block.clear()
                block += nodes.Text(new)


def setup(app):
    app.add_transform(ExtractComments)
    app.add_transform(TranslateComments)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
