"""Translate the paragraphs of the docstrings in Python code, and compare code without them.

Each prose paragraph of a docstring (of a module, class or function) is a
message of the page's catalog; indented chunks (commands, examples) are
kept verbatim.  :func:`translate_docstrings` replaces the text inside each
string literal, wrapped with :func:`.cjk.wrap` and escaped so that it stays
text.  :func:`code_ast` is the check that nothing but that text changed.
"""

from __future__ import annotations

import ast
import inspect
import re
from dataclasses import dataclass

from .cjk import WIDTH, display_width, wrap


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
    """The expression statements of ``tree`` that are docstrings."""
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
    return [" ".join(line.strip() for line in lines) for prose, lines in docstring_chunks(text) if prose]


def _render_docstring(literal: str, doc: Docstring, translate) -> str | None:
    """The string literal of ``doc`` with its paragraphs translated, or None."""
    body: list[str] = []
    changed = False
    room = max(20, WIDTH - len(doc.indent) - 3)  # 3: the opening quotes
    for prose, lines in docstring_chunks(doc.text):
        if body:
            body.append("")
        message = " ".join(line.strip() for line in lines)
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
    # A one-line translation closes on its line, like a one-line original:
    # within WIDTH, or within the original's own line where that is longer.
    limit = max(WIDTH, display_width(doc.indent + literal) if "\n" not in literal else 0)
    single = len(body) == 1 and display_width(doc.indent + quote * 2 + text) <= limit
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
