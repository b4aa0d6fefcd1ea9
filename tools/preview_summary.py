"""The summary of a pull request's site preview, as Markdown.

    python tools/preview_summary.py >> "$GITHUB_STEP_SUMMARY"

Two tables for the reviewer: each tutorial's execution time (with the PyTorch
and device that produced the outputs on its page, from the records the
``provenance`` extension keeps next to the executed gallery) and the
translation coverage of each translation's catalogs (``tools/po_stats.py``).  Run
it after a build; it reads ``docs/tutorials/`` and ``locale/<lang>/`` for each
translation of conf.py's ``site_languages``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import project  # noqa: E402  (tools/project.py: the folders and languages)

sys.path.insert(0, str(project.DOCS / "_ext"))

import po_stats  # noqa: E402
from blitz import provenance  # noqa: E402


def tutorial_rows(gallery: Path) -> list[str]:
    """One Markdown row per executed tutorial copy in ``gallery``."""
    rows = ["| tutorial | execution time | PyTorch | device | executed on |", "|---|---:|---|---|---|"]
    for copy in sorted(gallery.glob("*_tutorial.py")):
        info = provenance.page_provenance(copy)
        if info["state"] != provenance.RECORDED:
            rows.append(f"| {copy.stem} | not executed in this build | | | |")
            continue
        seconds = info.get("run_seconds")
        shown = "?" if seconds is None else f"{seconds:.1f} s"
        rows.append(f"| {copy.stem} | {shown} | {info['torch']} | {info['device']} | {info['run_date']} |")
    return rows


def coverage(locale_dir: Path) -> list[str]:
    """The coverage table of one language, and how many messages show in English."""
    reports = po_stats.check_all(locale_dir)
    problems = [p for r in reports for p in r.problems]
    lines = [f"### Translation coverage ({locale_dir.name})", "",
             po_stats.format_table(reports, locale_dir / "LC_MESSAGES")]
    if problems:
        lines += ["", f"{len(problems)} message(s) show in English on this site; "
                  "the *Translations* job lists them."]
    return lines


def summary(gallery: Path, locale_root: Path, artifact: str) -> str:
    lines = [
        "## Site preview",
        "",
        f"Every language ({', '.join(project.LANGUAGES)}) is in the artifact **{artifact}** of this run (Summary page, "
        "*Artifacts*). Unzip it, then `python3 -m http.server -d <folder>` and open "
        "http://localhost:8000/ (search needs a server; the pages also open as files).",
        "",
        "### Tutorials",
        "",
        "Outputs of unchanged tutorials come from the cached gallery, so their date may be older.",
        "",
        *tutorial_rows(gallery),
    ]
    for language in project.TRANSLATIONS:
        lines += ["", *coverage(locale_root / language)]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gallery", type=Path, default=project.GALLERY)
    parser.add_argument("--locale", type=Path, default=project.LOCALE, help="holds one folder per translation")
    parser.add_argument("--artifact", default="site-preview")
    args = parser.parse_args(argv)
    print(summary(args.gallery, args.locale, args.artifact))
    return 0


if __name__ == "__main__":
    sys.exit(main())
