"""Translate a reStructuredText block line by line, keeping its layout.

The text of a tutorial's docstring and ``# %%`` text cells is
reStructuredText.  :func:`translate_rst_block` finds the same messages
Sphinx extracts from the page (paragraphs, titles, list items, definition
terms, admonitions) and puts each translation in place, wrapped to the
line width with :func:`.cjk.wrap`; everything else (math, code, literal
blocks, tables, other directives) is kept line for line.
"""

from __future__ import annotations

import re

from .cjk import WIDTH, display_width, wrap

# Directives whose content is prose to translate; everything else (math,
# code-block, literalinclude, image, comments, targets...) is kept verbatim.
ADMONITIONS = {
    "admonition", "attention", "caution", "danger", "error", "hint",
    "important", "note", "seealso", "tip", "warning",
    # sphinx-design's collapsible block (exercise solutions); its argument is a title.
    "dropdown",
}

_PUNCT = r"""!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~"""
_ADORNMENT = re.compile(rf"^([{_PUNCT}])\1+\s*$")
_BULLET = re.compile(r"^(\s*)([-*+\u2022])(?: +|$)")
_ENUMERATED = re.compile(r"^(\s*)(\(?(?:\d+|#)[.)])(?: +|$)")
_EXPLICIT = re.compile(r"^(\s*)\.\.(?:\s|$)")
_DIRECTIVE = re.compile(r"^(\s*)\.\.\s+([\w:+.-]+)::(.*)$")
_OPTION = re.compile(r"^\s*:[\w -]+:(?:\s|$)")
# docutils' field marker, so that ":ref:`x` ..." stays a paragraph.
_FIELD = re.compile(r"^\s*:(?![: ])([^:\\]|\\.|:(?!([ `]|$)))*(?<! ):( +|$)")
# Tables, line blocks and doctests: kept verbatim up to the next blank line.
_VERBATIM = re.compile(r"^\s*(\+[-=+]+\+\s*$|=+( +=+)+\s*$|\| |\|$|>>> )")


def _indent(line: str) -> int:
    """The number of spaces before the text of ``line``."""
    return len(line) - len(line.lstrip())


def _block_end(lines: list[str], start: int, indent: int) -> int:
    """Index after the lines from ``start`` indented deeper than ``indent``.

    Trailing blank lines are left out of the block.
    """
    end = last = start
    while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) > indent):
        end += 1
        if lines[end - 1].strip():
            last = end
    return last


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


def _paragraph(lines: list[str], lookup, width) -> tuple[list[str], bool]:
    """Translate one paragraph; also say whether a literal block follows."""
    msgid = " ".join(line.strip() for line in lines).strip()
    literal_next = msgid.endswith("::") and not msgid.endswith("\\::")
    new = _lookup(lookup, msgid)
    if new is None:
        return lines, literal_next
    if literal_next and not new.endswith("::"):
        new += " ::"  # the expanded form: introduces the block, shows no colon
    pad = " " * _indent(lines[0])
    room = None if width is None else max(20, width - len(pad))
    return [pad + part for part in wrap(new, room)], literal_next


def _title(lines: list[str], lookup) -> list[str]:
    """Translate a section title, with or without overline, resizing the rules."""
    text = lines[-2]
    new = _lookup(lookup, text.strip())
    if new is None:
        return lines
    inset = text[: _indent(text)]
    rule = lines[-1].rstrip()
    extra = max(0, len(rule) - display_width(text.rstrip()))
    new_rule = rule[0] * (display_width(inset + new) + extra)
    return ([new_rule] if len(lines) == 3 else []) + [inset + new, new_rule]


def _item(lines: list[str], marker_end: int, lookup, width) -> list[str]:
    """Translate a list item: its body is parsed like any body, marker aside."""
    first, rest = lines[0], lines[1:]
    text = first[marker_end:]
    indents = [_indent(line) for line in rest if line.strip()]
    column = min(indents) if indents else marker_end
    if not text.strip():  # the item starts on the next line
        body = rest
    else:
        body = [" " * column + text] + rest
    new = _body(body, lookup, width)
    if new == body:
        return lines
    if not text.strip():
        return [first] + new
    return [first[:marker_end] + new[0][column:]] + new[1:]


def _directive(lines: list[str], lookup, width) -> list[str]:
    """Translate an admonition (title and content); keep other markup as is."""
    match = _DIRECTIVE.match(lines[0])
    if not match or match.group(2).lower() not in ADMONITIONS:
        return lines
    pad, name, argument = match.group(1), match.group(2), match.group(3).strip()
    head = lines[0][: match.start(3)]
    rest = lines[1:]
    content_pad = next((line[: _indent(line)] for line in rest if line.strip()), pad + "   ")
    out = [lines[0]]
    i = 0
    if argument and name.lower() in ("admonition", "dropdown"):
        new = _lookup(lookup, argument)
        if new is not None:
            out = [head + " " + new]
    elif argument:
        # ``.. note:: Text`` starts the first paragraph on the directive line.
        end = 0
        while end < len(rest) and rest[end].strip():
            end += 1
        para = [content_pad + argument] + rest[:end]
        new, _ = _paragraph(para, lookup, width)
        if new != para:
            out = [head + " " + new[0].lstrip()] + new[1:]
        else:
            out = lines[: end + 1]
        i = end
    while i < len(rest) and rest[i].strip() and _OPTION.match(rest[i]):
        out.append(rest[i])
        i += 1
    return out + _body(rest[i:], lookup, width)


def _body(lines: list[str], lookup, width) -> list[str]:
    """Translate a sequence of body elements, all at least as indented as the first."""
    nonblank = [line for line in lines if line.strip()]
    if not nonblank:
        return lines
    base = _indent(nonblank[0])
    out: list[str] = []
    literal_next = False
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        if not line.strip():
            out.append(line)
            i += 1
            continue
        indent = _indent(line)
        if indent > base:  # a literal block after "::", else a block quote
            end = _block_end(lines, i, base)
            block = lines[i:end]
            out += block if literal_next else _body(block, lookup, width)
            literal_next = False
            i = end
            continue
        literal_next = False
        if _EXPLICIT.match(line):
            end = _block_end(lines, i + 1, indent)
            out += _directive(lines[i:end], lookup, width)
            i = end
            continue
        if (
            _is_adornment(line)
            and i + 2 < n
            and lines[i + 1].strip()
            and _is_adornment(lines[i + 2])
            and lines[i + 2][0] == line[0]
        ):
            out += _title(lines[i : i + 3], lookup)
            i += 3
            continue
        if i + 1 < n and _is_adornment(lines[i + 1]) and not _is_adornment(line) and indent == 0:
            out += _title(lines[i : i + 2], lookup)
            i += 2
            continue
        marker = _BULLET.match(line) or _ENUMERATED.match(line)
        if marker:
            end = _block_end(lines, i + 1, indent)
            out += _item(lines[i:end], marker.end(), lookup, width)
            i = end
            continue
        if _FIELD.match(line) or _VERBATIM.match(line) or _is_adornment(line):
            end = i
            while end < n and lines[end].strip():
                end += 1
            out += lines[i:end]
            literal_next = lines[end - 1].rstrip().endswith("::")
            i = end
            continue
        end = i + 1
        while end < n and lines[end].strip() and _indent(lines[end]) == indent:
            end += 1
        if end == i + 1 and end < n and lines[end].strip() and _indent(lines[end]) > indent:
            # A definition list item: the term, then its indented definition.
            term = _lookup(lookup, line.strip())
            out.append(line if term is None else line[:indent] + term)
            stop = _block_end(lines, end, indent)
            out += _body(lines[end:stop], lookup, width)
            i = stop
            continue
        new, literal_next = _paragraph(lines[i:end], lookup, width)
        out += new
        i = end
    return out


def translate_rst_block(text: str, lookup, width: int | None = WIDTH - 2) -> str:
    """Translate one reStructuredText block, paragraph by paragraph.

    ``lookup(msgid)`` returns the translation or None; msgids are the ones
    Sphinx extracts (a paragraph's lines stripped and joined with spaces).
    Translated paragraphs are wrapped to ``width`` columns, or kept on one
    line when ``width`` is None.  Everything not translated (math, code,
    literal blocks, other directives, messages without translation) is kept
    line for line, so a lookup that knows nothing returns ``text`` itself.
    """
    lines = text.split("\n")
    new = _body(lines, lookup, width)
    return text if new == lines else "\n".join(new)
