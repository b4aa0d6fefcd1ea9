"""Translate the comments and docstrings inside the tutorials' Python code, never the code.

A run of full-line comments at one indentation is one message, a trailing
comment another, and each prose paragraph of a docstring another (indented
chunks, such as commands, stay verbatim).
"""

from __future__ import annotations

import ast
import inspect
import io
import re
import tokenize
from dataclasses import dataclass
from itertools import accumulate, groupby

from docutils import nodes
from sphinx.transforms import SphinxTransform

from .catalogs import add_extra_messages, is_gettext, page_catalog
from .cjk import WIDTH, display_width, wrap

PYTHON = {"python", "python3", "py", "ipython", "ipython3"}
# Comments that are directives for tools, not prose.
_SKIP = re.compile(r"^#\s*(%%|!|sphinx_gallery_|noqa|type:|fmt:|pragma)|^#!")
# Characters that end a line for Python or for str.splitlines(), and other
# control characters: a translation containing one could start a code line.
_LINE_BREAKS = re.compile(r"[\x00-\x09\x0b-\x1f\x7f\x85\u2028\u2029]")
_DOCSTRING_OWNERS = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
STRING_START = re.compile("(?i)([rbuf]*)('{3}|\"{3}|'|\")")  # a literal's prefix and quotes


@dataclass
class Comment:
    """One translatable comment: its text and where it sits in the source."""

    message: str
    first_line: int  # 1-based
    last_line: int
    column: int  # where the '#' starts on each line
    trailing: bool  # code precedes it on its line


@dataclass
class Docstring:
    """One docstring: where its string literal sits in the source, and its text."""

    start: int  # character offsets of the literal
    end: int
    indent: str  # the indentation of the statement
    text: str  # the docstring's value, cleaned as ``inspect.cleandoc`` does


def find_comments(source: str) -> list[Comment]:
    """The prose comments of ``source``, consecutive full-line ones merged."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return []
    found: list[Comment] = []
    for tok in tokens:
        if tok.type != tokenize.COMMENT or _SKIP.match(tok.string):
            continue
        (row, col), text = tok.start, tok.string.lstrip("#").strip()
        trailing = bool(tok.line[:col].strip())
        if not text:
            continue
        prev = found[-1] if found else None
        if prev and not trailing and not prev.trailing and prev.last_line == row - 1 and prev.column == col:
            prev.message += " " + text
            prev.last_line = row
        else:
            found.append(Comment(text, row, row, col, trailing))
    return found


def _docstring_nodes(tree: ast.AST):
    """The expression statements of ``tree`` that are docstrings."""
    for node in ast.walk(tree):
        if isinstance(node, _DOCSTRING_OWNERS) and ast.get_docstring(node, clean=False) is not None:
            yield node.body[0]


def find_docstrings(source: str) -> list[Docstring]:
    """The docstrings of ``source``, in source order (none if it does not parse)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return []
    lines = source.split("\n")
    starts = [0, *accumulate(len(line) + 1 for line in lines)]

    def offset(row: int, col: int) -> int:  # ast columns count UTF-8 bytes
        return starts[row - 1] + len(lines[row - 1].encode("utf-8")[:col].decode("utf-8"))

    found = []
    for expr in _docstring_nodes(tree):
        indent = re.match(r"\s*", lines[expr.lineno - 1])[0]
        start, end = offset(expr.lineno, expr.col_offset), offset(expr.end_lineno, expr.end_col_offset)
        found.append(Docstring(start, end, indent, inspect.cleandoc(expr.value.value)))
    return sorted(found, key=lambda d: d.start)


def _chunks(text: str) -> list[tuple[str | None, list[str]]]:
    """A cleaned docstring as ``(message, lines)`` chunks, split at blank lines: the
    message is a prose paragraph on one line, None for an indented chunk (a command, an example)."""
    groups = [list(lines) for filled, lines in groupby(text.split("\n"), lambda line: bool(line.strip())) if filled]
    return [(None if lines[0][:1].isspace() else " ".join(line.strip() for line in lines), lines) for lines in groups]


def docstring_messages(text: str) -> list[str]:
    """The messages of a docstring: its prose paragraphs, each on one line."""
    return [message for message, _ in _chunks(text) if message]


def prose_messages(source: str) -> list[str]:
    """The messages of a code block: its comments and docstring paragraphs, in order."""
    found = [(c.first_line, c.message) for c in find_comments(source)]
    for doc in find_docstrings(source):
        found += [(source.count("\n", 0, doc.start) + 1, m) for m in docstring_messages(doc.text)]
    return [message for _, message in sorted(found, key=lambda item: item[0])]


def _render_docstring(literal: str, doc: Docstring, translate) -> str:
    """The string literal of ``doc`` with its paragraphs translated.

    The text is escaped so that it stays text: a translation cannot close
    the literal and add code.
    """
    body: list[str] = []
    changed = False
    room = max(20, WIDTH - len(doc.indent) - 3)  # 3: the opening quotes
    for message, lines in _chunks(doc.text):
        if body:
            body.append("")
        new = translate(message) if message else None
        if not new or new == message:
            body += lines
            continue
        changed = True
        for paragraph in new.split("\n"):
            body += wrap(" ".join(paragraph.split()), room)
    if not changed:
        return literal
    prefix, quote = STRING_START.match(literal).groups()
    lead = "\n" + doc.indent if re.match(r"\s*\n", literal[len(prefix) + len(quote) :]) else ""
    quote = quote[0] * 3
    if "r" not in prefix.lower():
        body = [line.replace("\\", "\\\\") for line in body]
    body = [line.replace(quote, "\\" + quote) for line in body]
    text = "\n".join(doc.indent + line if line and i else line for i, line in enumerate(body))
    # A one-line translation closes on its line, like a one-line original:
    # within WIDTH, or within the original's own line where that is longer.
    limit = max(WIDTH, display_width(doc.indent + literal) if "\n" not in literal else 0)
    single = len(body) == 1 and display_width(doc.indent + quote * 2 + text) <= limit
    tail = "" if single and not lead else "\n" + doc.indent
    return prefix + quote + lead + text + tail + quote


def translate_source(source: str, translate) -> str:
    """``source`` with each comment and docstring paragraph translated.

    A translation cannot add a line of code: every comment line it produces starts with ``#``.
    """
    for doc in reversed(find_docstrings(source)):
        new = _render_docstring(source[doc.start : doc.end], doc, translate)
        source = source[: doc.start] + new + source[doc.end :]
    lines = source.split("\n")
    for c in reversed(find_comments(source)):
        new = translate(c.message)
        if not new or new == c.message:
            continue
        new = _LINE_BREAKS.sub(" ", new)
        before = lines[c.first_line - 1][: c.column]  # the indentation, or the code of a trailing comment
        paragraphs = [" ".join(new.split())] if c.trailing else new.split("\n")  # a trailing comment stays one line
        width = None if c.trailing else max(20, WIDTH - len(before) - 2)
        lines[c.first_line - 1 : c.last_line] = [
            before + "# " + part for p in paragraphs for part in wrap(p.strip(), width)
        ]
    return "\n".join(lines)


def code_ast(source: str) -> str:
    """The AST of ``source``, docstrings' text left out: the same for sources with the same code."""
    tree = ast.parse(source)
    for expr in _docstring_nodes(tree):
        expr.value.value = "<docstring>"
    return ast.dump(tree)


def _python_blocks(document):
    """The literal blocks of ``document`` that hold Python code."""
    return [node for node in document.findall(nodes.literal_block) if (node.get("language") or "").lower() in PYTHON]


class ExtractComments(SphinxTransform):
    """gettext builds: add every code comment and docstring to the page's catalog."""

    default_priority = 15  # before Sphinx's Locale transform (20)

    def apply(self, **kwargs) -> None:
        if not is_gettext(self.app):
            return
        for block in _python_blocks(self.document):
            add_extra_messages(block, prose_messages(block.astext()))


class TranslateComments(SphinxTransform):
    """Translated builds: replace the comments and docstrings of every Python code block."""

    default_priority = 25  # after the Locale transform

    def apply(self, **kwargs) -> None:
        catalog = page_catalog(self.app, self.env.docname)
        if not catalog:
            return
        for block in _python_blocks(self.document):
            old = block.astext()
            # Comments without a translation stay English; the notice counts them.
            block["untranslated_messages"] = [c.message for c in find_comments(old) if not catalog.get(c.message)]
            new = translate_source(old, catalog.get)
            if new != old:
                block.rawsource = new
                block[:] = [nodes.Text(new)]


def setup(app):
    app.add_transform(ExtractComments)
    app.add_transform(TranslateComments)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
