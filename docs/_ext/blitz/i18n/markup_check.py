"""Translations change words only: every catalog checked, message by message.

Used by ``make check-po`` and when a translated build starts
(:mod:`.catalog_guard`).
"""

from __future__ import annotations

import gettext
import re
import signal
from pathlib import Path

from babel.messages.pofile import PoFileError, read_po

from .markup_compare import MYST, RST, TEMPLATE, compare

#: Seconds one catalog's check may take (a few hundred messages take ~0.1 s).
TIME_LIMIT = 20
#: The one plural rule a catalog may declare for each language (gettext
#: evaluates it as an expression); without one, Sphinx assumes the first.
PLURAL_FORMS = {"zh_CN": "nplurals=1; plural=0;"}
_PO_LINE = re.compile(r'^(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"(?:[^"\\]|\\.)*"\s*$')


def syntax_of(path: Path) -> str:
    """How the build parses the messages of the catalog at ``path``."""
    path = Path(path)
    if path.name == "sphinx.po":
        return TEMPLATE
    if "LC_MESSAGES" in path.parts:
        cut = path.parts.index("LC_MESSAGES")
        page = Path(*path.parts[cut + 1 :]).with_suffix(".md")
        if (Path(*path.parts[: cut - 1]).parent / "docs" / page).is_file():
            return MYST
    return RST


def _plural_problems(path: Path, catalog) -> list[str]:
    header = dict(catalog.mime_headers)
    declared = header.get("Plural-Forms")
    language = header.get("Language") or "this language"
    expected = PLURAL_FORMS.get(language)
    if declared is None or " ".join(declared.split()) == expected:
        return []
    fix = f"use {expected!r}" if expected else "add its standard rule to PLURAL_FORMS in blitz/i18n/markup_check.py"
    return [f"{path}:1: Plural-Forms {declared!r} is not the rule for {language}: {fix}"]


def read_catalog(path: Path):
    """(the catalog as babel reads it, []), or (None, why it is malformed as ``file:line: ...``)."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - data.rfind(b"\n", 0, exc.start)
        reason = f"{exc.reason}, byte {data[exc.start]:#04x}"
        return None, [f"{path}:{line}:{column}: malformed catalog: not UTF-8 ({reason}); save the file as UTF-8"]
    # babel's reader silently skips lines it cannot parse: an unterminated quote would cut a message short.
    malformed = [
        f"{path}:{number}: malformed catalog: {line.strip()[:60]} (an unterminated or stray quote?)"
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.lstrip().startswith("#") and not _PO_LINE.match(line.strip())
    ]
    if malformed:
        return None, malformed
    try:
        with open(path, "rb") as f:
            return read_po(f, abort_invalid=True), []
    except PoFileError as exc:
        return None, [f"{path}: malformed catalog: {exc}"]


def check_catalog(path: Path) -> tuple[int, list[str]]:
    """(messages checked, problems as ``file:line: ...``) for one .po file."""
    path = Path(path)
    catalog, malformed = read_catalog(path)
    if catalog is None:
        return 0, malformed
    problems = _plural_problems(path, catalog)
    syntax = syntax_of(path)
    count = 0
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        ids = message.id if isinstance(message.id, (list, tuple)) else [message.id]
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        for msgstr in filter(None, strings):
            count += 1
            # A plural form may follow the singular or the plural msgid
            # (with one plural form, as in Chinese, msgstr[0] serves both).
            found = min((compare(msgid, msgstr, syntax) for msgid in ids), key=len)
            short = " ".join(ids[0].split())
            short = short if len(short) <= 50 else short[:47] + "..."
            problems += [f'{path}:{message.lineno}: "{short}": {problem}' for problem in found]
    return count, problems


def _check_in_time(path: Path) -> tuple[int, list[str]]:
    """:func:`check_catalog` within :data:`TIME_LIMIT` seconds."""

    def expire(signum, frame):
        raise TimeoutError

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, TIME_LIMIT)
    try:
        return check_catalog(path)
    except TimeoutError:
        return 0, [
            f"{path}:1: checking this catalog took over {TIME_LIMIT} s: a msgstr holds something "
            "pathological (thousands of repeated markup characters?); find it and translate plainly"
        ]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def catalog_files(paths: list[Path]) -> list[Path]:
    """The .po files named in ``paths`` or found under its folders, sorted."""
    return sorted({f for p in map(Path, paths) for f in ([p] if p.is_file() else p.rglob("*.po"))})


def check_all(paths: list[Path]) -> tuple[int, int, list[str]]:
    """(catalogs, messages, problems) for every .po file under ``paths``."""
    results = [_check_in_time(path) for path in catalog_files(paths)]
    return len(results), sum(count for count, _ in results), [p for _, found in results for p in found]


def remove_unreadable_mo(po_files: list[Path]) -> list[Path]:
    """Remove each compiled ``.mo`` next to ``po_files`` that gettext cannot read; return them.

    A ``.mo`` cut short by an interrupted build is newer than its ``.po``, so
    Sphinx would never compile it again, and reading it fails or leaves the
    pages in English.
    """
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
