"""Summarize Sphinx's link check as Markdown, for a CI job summary or a terminal.

    make linkcheck; .venv/bin/python tools/linkcheck_report.py _build/linkcheck/output.json

Sphinx's ``linkcheck`` builder writes one JSON object per checked link to
``output.json`` (``filename``, ``lineno``, ``uri``, ``status``, ``code``,
``info``).  This prints how many links had each status and a table of the
broken ones, the ones that timed out and the permanent redirects, each with
the page and line to edit.  Exits with status 1 when a link is broken, 2 when
``output.json`` is missing or unreadable (the link check did not run).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

#: Statuses worth a row in the table, in the order they are listed.
REPORTED = ("broken", "timeout", "redirected")


class ReportError(Exception):
    """The link check's output cannot be read; the message says why."""


def read_results(path: Path) -> list[dict]:
    """The JSON lines of ``output.json``; a clear error when it is unusable."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ReportError(f"{path}: cannot read it ({exc.strerror}); did `make linkcheck` run?") from None
    results = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError:
            raise ReportError(f"{path}:{number}: not a JSON object: {line[:80]!r}") from None
        if not isinstance(item, dict) or "uri" not in item or "status" not in item:
            raise ReportError(f"{path}:{number}: expected an object with 'uri' and 'status'")
        results.append(item)
    return results


def cell(text: object) -> str:
    """``text`` safe inside a Markdown table cell."""
    return " ".join(str(text).split()).replace("|", "\\|")


def report(results: list[dict]) -> str:
    """The Markdown summary of ``results``."""
    counts = Counter(r["status"] for r in results)
    lines = ["## External links", ""]
    if not results:
        return "\n".join([*lines, "No links were checked."]) + "\n"
    lines.append(", ".join(f"{counts[s]} {s}" for s in sorted(counts)) + ".")
    rows = [r for r in results if r["status"] in REPORTED]
    if rows:
        rows.sort(key=lambda r: (REPORTED.index(r["status"]), r.get("filename", ""), r.get("lineno") or 0))
        lines += ["", "| status | page:line | link | detail |", "|---|---|---|---|"]
        for r in rows:
            where = f"{r.get('filename', '?')}:{r.get('lineno') or '?'}"
            lines.append(f"| {r['status']} | {cell(where)} | {cell(r['uri'])} | {cell(r.get('info', ''))} |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", type=Path, help="the linkcheck builder's output.json")
    args = parser.parse_args(argv)
    try:
        results = read_results(args.output)
    except ReportError as exc:
        print(f"## External links\n\nThe link check did not produce a report: {exc}")
        print(exc, file=sys.stderr)
        return 2
    print(report(results), end="")
    return 1 if any(r["status"] == "broken" for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
