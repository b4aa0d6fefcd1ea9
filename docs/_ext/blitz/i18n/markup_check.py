"""Check that translations change words only, never markup.

Used before every build by ``tools/check_po_markup.py`` (``make check-po``)
and when a translated build starts (the ``catalog_guard`` extension).  No
Sphinx needed: only babel's catalog reader.

A translated message is parsed again as reStructuredText or Markdown, and
sphinx.po strings go into the HTML templates unescaped, so a translation
could add a link to another site, a ``javascript:`` URL, raw HTML, a
``:download:`` of a file outside the repository, or break a placeholder.
This check reads every catalog, refusing one that does not parse (babel's
reader would silently cut an unterminated quote short), and compares every
msgstr with its msgid with :func:`blitz.i18n.markup_compare.compare`: the
same markup, placeholders and no control characters.

Each problem is reported as ``file:line: "msgid start...": what differs``.

:func:`remove_unreadable_mo` deals with the compiled side: a ``.mo`` file
that does not parse (a build interrupted while Sphinx wrote it) is newer
than its ``.po``, so Sphinx would never compile it again, and reading it
fails or silently leaves the pages in English.  It is removed, and Sphinx
compiles it again from the ``.po``.
"""

from __future__ import annotations

import gettext
import re
from pathlib import Path

from babel.messages.pofile import PoFileError, read_po

from .markup_compare import compare, markup, placeholders  # noqa: F401 (the checks, also used from here)

_PO_KEYWORD = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(\[\d+\])?)\s+"(?:[^"\\]|\\.)*"\s*$')
_PO_STRING = re.compile(r'^"(?:[^"\\]|\\.)*"\s*$')


def syntax_errors(path: Path) -> list[str]:
    """Lines that are not valid PO syntax (babel's reader silently skips them)."""
    errors = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if not (_PO_KEYWORD.match(stripped) or _PO_STRING.match(stripped)):
            errors.append(f"{path}:{number}: malformed catalog: {stripped[:60]}")
    return errors


# -- Catalogs -------------------------------------------------------------------


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 50 else text[:47] + "..."


def check_catalog(path: Path) -> tuple[int, list[str]]:
    """(messages checked, problems as ``file:line: ...``) for one .po file."""
    path = Path(path)
    try:
        problems = syntax_errors(path)
    except UnicodeDecodeError as exc:
        return 0, [f"{path}:1: malformed catalog: not UTF-8 ({exc.reason} at byte {exc.start})"]
    if problems:
        return 0, [p + " (an unterminated or stray quote?)" for p in problems]
    try:
        with open(path, "rb") as f:
            catalog = read_po(f, abort_invalid=True)
    except PoFileError as exc:
        return 0, [f"{path}: malformed catalog: {exc}"]
    count = 0
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        ids = message.id if isinstance(message.id, (list, tuple)) else [message.id]
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        for msgstr in strings:
            if not msgstr:
                continue
            count += 1
            # A plural form may follow the singular or the plural msgid
            # (with one plural form, as in Chinese, msgstr[0] serves both).
            found = min((compare(msgid, msgstr) for msgid in ids), key=len)
            for problem in found:
                problems.append(f'{path}:{message.lineno}: "{_short(ids[0])}": {problem}')
    return count, problems


def catalog_files(paths: list[Path]) -> list[Path]:
    """The .po files named in ``paths`` or found under its folders, sorted."""
    return sorted({f for p in map(Path, paths) for f in ([p] if p.is_file() else p.rglob("*.po"))})


def check_all(paths: list[Path]) -> tuple[int, int, list[str]]:
    """(catalogs, messages, problems) for every .po file under ``paths``."""
    files = catalog_files(paths)
    messages, problems = 0, []
    for path in files:
        count, found = check_catalog(path)
        messages += count
        problems += found
    return len(files), messages, problems


def remove_unreadable_mo(po_files: list[Path]) -> list[Path]:
    """Remove each compiled ``.mo`` next to ``po_files`` that gettext cannot read; return them."""
    removed = []
    for po in po_files:
        mo = Path(po).with_suffix(".mo")
        if not mo.is_file():
            continue
        try:
            with open(mo, "rb") as f:
                gettext.GNUTranslations(f)
        except Exception:  # noqa: BLE001 - gettext raises OSError, struct.error, UnicodeDecodeError...
            mo.unlink()
            removed.append(mo)
    return removed
