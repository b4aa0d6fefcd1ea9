"""Translation coverage of the catalogs in locale/<lang>/, page by page.

    python tools/po_stats.py locale/zh_CN             # a table and the problems
    python tools/po_stats.py locale/zh_CN --summary   # only the problems, briefly
    python tools/po_stats.py locale/zh_CN --strict    # exit 1 on any problem

Every untranslated or fuzzy message is listed as ``file:line: problem`` (the
form editors and CI logs link to).  Fuzzy messages count as untranslated
here: Sphinx does not use them, so readers see English.  They exit 1 only
with ``--strict`` (``make check-translations``): an English-only change builds
and tests green, and the Chinese pages show the new English under a notice
until it is translated.  A malformed catalog is reported by ``make check-po``,
which the Makefile runs first.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import read_po


@dataclass
class Report:
    path: Path
    total: int
    problems: list[str]

    @property
    def translated(self) -> int:
        return self.total - len(self.problems)


def check_catalog(path: Path) -> Report:
    with open(path, "rb") as f:
        messages = [message for message in read_po(f) if message.id]  # not the header
    problems = []
    for message in messages:
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        if message.fuzzy or not all(strings):
            problem = "fuzzy (needs review)" if message.fuzzy else "untranslated"
            problems.append(f"{path}:{message.lineno}: {problem}: {_short(message.id)}")
    return Report(path, len(messages), problems)


def _short(msgid) -> str:
    text = msgid if isinstance(msgid, str) else msgid[0]
    text = " ".join(text.split())
    return text if len(text) <= 70 else text[:67] + "..."


def format_summary(reports: list[Report], language: str) -> str:
    """A few lines for the end of `make test`: what the ``language`` site shows in English."""
    problems = [p for r in reports for p in r.problems]
    total = sum(r.total for r in reports)
    if not problems:
        return f"Translations ({language}): all {total} messages of {len(reports)} catalogs translated."
    return "\n".join([
        f"Translations ({language}): {len(problems)} of {total} messages show in English on the {language} "
        "site until translated (`make check-translations` is the strict check):",
        *("  " + p for p in problems),
        "  (English added since the last `make update-po` is not listed; the translated pages count it in "
        "their notice.)",
    ])


def format_table(reports: list[Report], root: Path) -> str:
    rows = [(r.path.relative_to(root).as_posix(), r.translated, r.total) for r in reports]
    rows.append(("all", sum(r.translated for r in reports), sum(r.total for r in reports)))
    lines = ["| catalog | translated | total | coverage |", "|---|---:|---:|---:|"]
    lines += [f"| {name} | {done} | {total} | {100 * done / total if total else 100:.0f} % |" for name, done, total in rows]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("locale_dirs", type=Path, nargs="+", metavar="locale_dir", help="e.g. locale/zh_CN")
    parser.add_argument("--strict", action="store_true", help="exit 1 when any message is untranslated or fuzzy")
    parser.add_argument("--summary", action="store_true", help="only the problems, briefly")
    args = parser.parse_args(argv)
    status = 0
    for locale_dir in args.locale_dirs:
        if not locale_dir.is_dir():
            print(f"{locale_dir} does not exist: run `make update-po` first.", file=sys.stderr)
            status = 1
            continue
        reports = [check_catalog(p) for p in sorted(locale_dir.rglob("*.po"))]
        problems = [p for r in reports for p in r.problems]
        if args.summary:
            print(format_summary(reports, locale_dir.name))
        else:
            if len(args.locale_dirs) > 1:
                print(f"{locale_dir}:")
            # Flushed first: CI writes both streams to one file.
            print(format_table(reports, locale_dir / "LC_MESSAGES"), flush=True)
            if problems:
                print(f"\n{len(problems)} problem(s):", file=sys.stderr)
                print("\n".join("  " + p for p in problems), file=sys.stderr)
        if args.strict and problems:
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
