"""Check that translations change words only, never markup.

Used before every build by ``tools/check_po_markup.py`` (``make check-po``)
and when a translated build starts (the ``catalog_guard`` extension).  No
Sphinx needed: only babel's catalog reader.

A translated message is parsed again as reStructuredText or Markdown, and
sphinx.po strings go into the HTML templates unescaped, so a translation
could add a link to another site, a ``javascript:`` URL, raw HTML, a
``:download:`` of a file outside the repository, or break a placeholder.
This check reads every catalog, refusing one that does not parse (babel's
reader would silently cut an unterminated quote short), is not UTF-8 (named
by line and column) or sets its own ``Plural-Forms`` (gettext evaluates that
expression), and compares every msgstr with its msgid with
:func:`blitz.i18n.markup_compare.compare`, parsed as the build parses that
catalog (:func:`syntax_of`).  Each catalog has :data:`TIME_LIMIT` seconds;
a catalog that takes longer is named and refused.

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

from .markup_compare import MYST, RST, TEMPLATE, compare, markup, placeholders  # noqa: F401 (also used from here)

#: Seconds one catalog's check may take (a few hundred messages take ~0.1 s).
TIME_LIMIT = 20
#: The one plural rule a catalog may declare for each language (gettext
#: evaluates it as an expression); without one, Sphinx assumes the first.
PLURAL_FORMS = {"zh_CN": "nplurals=1; plural=0;"}

_PO_KEYWORD = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(\[\d+\])?)\s+"(?:[^"\\]|\\.)*"\s*$')
_PO_STRING = re.compile(r'^"(?:[^"\\]|\\.)*"\s*$')


def syntax_of(path: Path) -> str:
    """How the build parses the messages of the catalog at ``path``.

    ``sphinx.po`` holds template strings (HTML); a page's catalog is parsed
    like its page: Markdown for ``docs/<page>.md``, else reStructuredText.
    """
    path = Path(path)
    if path.name == "sphinx.po":
        return TEMPLATE
    parts = path.parts
    if "LC_MESSAGES" in parts:
        cut = parts.index("LC_MESSAGES")
        locale_root = Path(*parts[: cut - 1])
        page = Path(*parts[cut + 1 :]).with_suffix(".md")
        for docs in (locale_root.parent / "docs", locale_root.parent.parent / "docs"):
            if (docs / page).is_file():
                return MYST
    return RST


def _decode(path: Path) -> tuple[str | None, str | None]:
    """(text, None), or (None, "file:line:column: not UTF-8 ...")."""
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, (f"{path}:{line}:{column}: malformed catalog: not UTF-8 ({exc.reason}, byte "
                      f"{data[exc.start]:#04x}); save the file as UTF-8")


def syntax_errors(path: Path, text: str | None = None) -> list[str]:
    """Lines that are not valid PO syntax (babel's reader silently skips them)."""
    errors = []
    text = Path(path).read_text(encoding="utf-8") if text is None else text
    for number, line in enumerate(text.splitlines(), start=1):
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
    text, error = _decode(path)
    if error:
        return 0, [error]
    problems = syntax_errors(path, text)
    if problems:
        return 0, [p + " (an unterminated or stray quote?)" for p in problems]
    try:
        with open(path, "rb") as f:
            catalog = read_po(f, abort_invalid=True)
    except PoFileError as exc:
        return 0, [f"{path}: malformed catalog: {exc}"]
    problems += _plural_problems(path, catalog)
    syntax = syntax_of(path)
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
            found = min((compare(msgid, msgstr, syntax) for msgid in ids), key=len)
            for problem in found:
                problems.append(f'{path}:{message.lineno}: "{_short(ids[0])}": {problem}')
    return count, problems


def _plural_problems(path: Path, catalog) -> list[str]:
    header = dict(catalog.mime_headers)
    declared = header.get("Plural-Forms")
    if declared is None:
        return []
    language = header.get("Language") or ""
    expected = PLURAL_FORMS.get(language)
    if expected is not None and " ".join(declared.split()) == expected:
        return []
    if expected is None:
        return [f"{path}:1: Plural-Forms {declared!r}: {language or 'this language'} has no plural rule in "
                "PLURAL_FORMS (docs/_ext/blitz/i18n/markup_check.py); add the standard rule there"]
    return [f"{path}:1: Plural-Forms {declared!r} is not the rule for {language}: use {expected!r}"]


class CheckTimeout(Exception):
    pass


def _check_in_time(path: Path) -> tuple[int, list[str]]:
    """:func:`check_catalog` within :data:`TIME_LIMIT` (where signals work)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        return check_catalog(path)

    def expire(signum, frame):
        raise CheckTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, TIME_LIMIT)
    try:
        return check_catalog(path)
    except CheckTimeout:
        return 0, [f"{path}:1: checking this catalog took over {TIME_LIMIT} s: a msgstr holds something "
                   "pathological (thousands of repeated markup characters?); find it and translate plainly"]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def catalog_files(paths: list[Path]) -> list[Path]:
    """The .po files named in ``paths`` or found under its folders, sorted."""
    return sorted({f for p in map(Path, paths) for f in ([p] if p.is_file() else p.rglob("*.po"))})


def check_all(paths: list[Path]) -> tuple[int, int, list[str]]:
    """(catalogs, messages, problems) for every .po file under ``paths``."""
    files = catalog_files(paths)
    messages, problems = 0, []
    for path in files:
        count, found = _check_in_time(path)
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
