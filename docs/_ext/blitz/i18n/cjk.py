"""Widths and line breaks of Chinese text in a fixed-width font.

Translated comments, docstrings and the text of the downloadable scripts are
read in an editor, where a CJK character takes two columns; every wrapped
line of them follows the one rule of :func:`wrap`.
"""

from __future__ import annotations

import re
import unicodedata

# The width of a line of code, comments and text cells in the downloads (PEP 8).
WIDTH = 79

# Units a line never breaks inside: inline markup, Latin words, one CJK char.
_UNIT = re.compile(
    r"\s+"
    r"|:[\w:+.-]+:`[^`]*`"  # a role, :math:`...` included
    r"|``.+?``"
    r"|`[^`]+`_{0,2}"
    r"|\*\*[^*]+\*\*|\*[^*\s][^*]*\*"
    r"|\|[^|\s][^|]*\|_{0,2}"
    r"|(?:(?![\s`*|])[^\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6])+"
    r"|."
)
# Punctuation that may not start a line, and punctuation that may not end one.
NO_BREAK_BEFORE = frozenset("，。、；：？！）」』》〉】”’…—")
NO_BREAK_AFTER = frozenset("（「『《〈【“‘")


def is_wide(ch: str) -> bool:
    """Whether ``ch`` takes two columns in a fixed-width font."""
    return unicodedata.east_asian_width(ch) in "WF"


def display_width(text: str) -> int:
    """The columns ``text`` takes in a fixed-width font, CJK characters counting two."""
    return sum(2 if is_wide(ch) else 1 for ch in text)


def _chunks(text: str) -> list[list[str]]:
    """``text`` as ``[separator before, unbreakable text]`` pairs."""
    chunks: list[list[str]] = [["", ""]]
    for unit in _UNIT.findall(text):
        last = chunks[-1]
        if unit.isspace():
            chunks.append([unit, ""])
        elif (
            last[1]
            and is_wide(last[1][-1])
            and len(unit) == 1
            and is_wide(unit)
            and unit not in NO_BREAK_BEFORE
            and last[1][-1] not in NO_BREAK_AFTER
        ):
            chunks.append(["", unit])
        else:
            last[1] += unit
    return chunks


def wrap(text: str, width: int | None) -> list[str]:
    """``text`` on lines of at most ``width`` columns, or one line when None.

    Lines break at spaces, and between two CJK characters (not before a
    closing or after an opening punctuation mark); never inside inline markup
    or a Latin word, and never between CJK and Latin text written without a
    space, so that reStructuredText means the same once wrapped.  The spaces
    at a break are dropped; a unit wider than ``width`` gets a line of its own.
    """
    if width is None or display_width(text) <= width:
        return [text]
    lines: list[str] = []
    for sep, chunk in _chunks(text):
        if chunk and lines and display_width(lines[-1] + sep + chunk) <= width:
            lines[-1] += sep + chunk
        elif chunk:
            lines.append(chunk)
    return lines or [text]
