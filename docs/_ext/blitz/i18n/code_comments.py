"""Translate the comments and docstrings inside the tutorials' Python code, never the code.

Each comment (a run of consecutive full-line comments at one indentation
counts as one sentence-level message; a trailing comment is a message of its
own) and each paragraph of a docstring (:mod:`.docstrings`) becomes a
message of the page's catalog.  In the translated build the comment and
docstring text is replaced and nothing else in the block is touched, so the
code the Chinese reader sees is, token for token, the code that ran; the
test suite checks this by comparing Python ASTs in which only docstring
constants may differ (:func:`.docstrings.code_ast`).

The same helpers localize the downloadable scripts and notebooks
(:mod:`.downloads`).
"""

from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from .catalogs import add_extra_messages, is_gettext, is_translated, page_catalog
from .cjk import WIDTH, wrap
from .docstrings import code_ast, docstring_messages, find_docstrings, translate_docstrings

# The comment and docstring helpers that callers import from here.
__all__ = [
    "Comment",
    "code_ast",
    "comment_text",
    "docstring_messages",
    "find_comments",
    "find_docstrings",
    "prose_messages",
    "translate_source",
]

logger = logging.getLogger(__name__)

PYTHON = {"python", "python3", "py", "ipython", "ipython3"}
# Comments that are directives for tools, not prose.
_SKIP = re.compile(r"^#\s*(%%|!|sphinx_gallery_|noqa|type:|fmt:|pragma)|^#!")

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


def prose_messages(source: str) -> list[str]:
    """The messages of a code block: its comments and docstring paragraphs, in order."""
    found = [(c.first_line, c.message) for c in find_comments(source)]
    for doc in find_docstrings(source):
        line = source.count("\n", 0, doc.start) + 1
        found += [(line, m) for m in docstring_messages(doc.text)]
    return [message for _, message in sorted(found, key=lambda item: item[0])]


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
    """The literal blocks of ``document`` that hold Python code."""
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
