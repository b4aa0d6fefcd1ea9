"""Measure the tutorial pages with Lighthouse as a reader on a phone meets them: `make lighthouse`.

Lighthouse (from npm, in .cache/npm/) drives Debian's Chromium with its
default mobile settings: a phone-sized screen, simulated slow 4G and a
slowed-down CPU.  The built site is served from 127.0.0.1 by a small server
(``project.serve``) that compresses text with gzip, as GitHub Pages does,
so the bytes counted are the bytes a reader downloads.  Every tutorial page of every language is
measured one after the other (runs in parallel would slow each other down),
and a table is printed:

    page | performance | accessibility | best practices | KiB | CLS | FCP | LCP

The targets (performance >= 0.95, accessibility and best practices 1.00,
at most 350 KiB, no layout shift) are marked; the exit status is 1 when a
page misses one, so the command can gate a change when wanted.  It is a
measurement, not a test: the scores depend on the machine, so BENCHMARKS.md
names the machine its figures come from.

Usage:
    python tools/lighthouse.py [--site _build/html] [--runs 1] [--json out.json]
                               [--reports DIR] [PAGE ...]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import project
from project import LANGUAGES, ROOT

LIGHTHOUSE = Path(os.environ.get("LIGHTHOUSE", ROOT / ".cache" / "npm" / "lighthouse" / "node_modules" / "lighthouse" / "cli" / "index.js"))
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --no-first-run"
CATEGORIES = ("performance", "accessibility", "best-practices")

# The targets of a light page (see BENCHMARKS.md).
TARGETS = {"performance": 0.95, "accessibility": 1.0, "best-practices": 1.0}
MAX_KIB = 350
MAX_CLS = 0.0


# -- Running Lighthouse and reading its report ------------------------------------


@dataclass
class Result:
    page: str
    scores: dict[str, float]
    kib: float
    cls: float
    fcp_s: float
    lcp_s: float
    failed: list[str]  # accessibility and best-practices audits that did not pass

    def misses(self) -> list[str]:
        missed = [f"{name} {self.scores[name]:.2f} < {goal:.2f}" for name, goal in TARGETS.items()
                  if self.scores[name] < goal]
        if self.failed:
            missed.append("failed audits: " + ", ".join(self.failed))
        if self.kib > MAX_KIB:
            missed.append(f"{self.kib:.0f} KiB > {MAX_KIB} KiB")
        if self.cls > MAX_CLS:
            missed.append(f"layout shift {self.cls:.4f}")
        return missed


def summarize(page: str, report: dict) -> Result:
    """The figures of one Lighthouse JSON report."""
    audits = report["audits"]
    failed = sorted({
        ref["id"]
        for name in ("accessibility", "best-practices")
        for ref in report["categories"][name]["auditRefs"]
        if ref.get("weight") and audits[ref["id"]]["score"] is not None and audits[ref["id"]]["score"] < 1
    })
    return Result(
        page=page,
        scores={name: report["categories"][name]["score"] or 0.0 for name in CATEGORIES},
        kib=audits["total-byte-weight"]["numericValue"] / 1024,
        cls=audits["cumulative-layout-shift"]["numericValue"],
        fcp_s=audits["first-contentful-paint"]["numericValue"] / 1000,
        lcp_s=audits["largest-contentful-paint"]["numericValue"] / 1000,
        failed=failed,
    )


def median_result(results: list[Result]) -> Result:
    """The median of several runs of one page, figure by figure."""
    med = lambda values: statistics.median(values)  # noqa: E731
    return Result(
        page=results[0].page,
        scores={name: med([r.scores[name] for r in results]) for name in CATEGORIES},
        kib=med([r.kib for r in results]),
        cls=med([r.cls for r in results]),
        fcp_s=med([r.fcp_s for r in results]),
        lcp_s=med([r.lcp_s for r in results]),
        failed=sorted({audit for r in results for audit in r.failed}),
    )


def run_lighthouse(url: str, out: Path) -> dict:
    """One Lighthouse run (mobile, simulated slow 4G) of ``url``; its JSON report."""
    cmd = [
        "node", str(LIGHTHOUSE), url,
        "--quiet",
        "--output=json", f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--max-wait-for-load=60000",
    ]
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if done.returncode != 0 or not out.is_file():
        raise RuntimeError(f"Lighthouse failed on {url} (exit {done.returncode}):\n{done.stderr[-2000:]}")
    report = json.loads(out.read_text(encoding="utf-8"))
    if report.get("runtimeError"):
        raise RuntimeError(f"Lighthouse could not measure {url}: {report['runtimeError']}")
    return report


def tutorial_pages(site: Path) -> list[str]:
    """Every built tutorial page of every language, as ``lang/tutorials/name.html``."""
    return sorted(
        f"{lang}/{page}" for lang in LANGUAGES for page in project.tutorial_pages() if (site / lang / page).is_file()
    )


def table(results: list[Result]) -> str:
    def mark(ok: bool) -> str:
        return "" if ok else " ✗"

    lines = [
        "| page | performance | accessibility | best practices | KiB | CLS | FCP | LCP |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        s = r.scores
        lines.append(
            f"| {r.page} "
            f"| {s['performance']:.2f}{mark(s['performance'] >= TARGETS['performance'])} "
            f"| {s['accessibility']:.2f}{mark(s['accessibility'] >= TARGETS['accessibility'])} "
            f"| {s['best-practices']:.2f}{mark(s['best-practices'] >= TARGETS['best-practices'])} "
            f"| {r.kib:.0f}{mark(r.kib <= MAX_KIB)} "
            f"| {r.cls:.4f}{mark(r.cls <= MAX_CLS)} "
            f"| {r.fcp_s:.1f} s | {r.lcp_s:.1f} s |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=project.SITE)
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the table shows medians")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--reports", type=Path, help="keep Lighthouse's full JSON report of each page here")
    parser.add_argument("pages", nargs="*", help="pages to measure, e.g. en/tutorials/autograd_tutorial.html")
    args = parser.parse_args(argv)

    if not LIGHTHOUSE.is_file():
        print(f"{LIGHTHOUSE} is missing: run `make lighthouse` (it installs Lighthouse from npm).", file=sys.stderr)
        return 2
    if not Path(CHROMIUM).is_file():
        print(f"{CHROMIUM} is missing: install Debian's chromium package (or set CHROMIUM).", file=sys.stderr)
        return 2
    pages = args.pages or tutorial_pages(args.site)
    missing = [p for p in pages if not (args.site / p).is_file()]
    if not pages or missing:
        print(f"{args.site} lacks {missing or 'tutorial pages'}: run `make html` first.", file=sys.stderr)
        return 2

    results = []
    with project.serve(args.site, compress=True) as base, tempfile.TemporaryDirectory() as tmp:
        for page in pages:
            runs = []
            for i in range(args.runs):
                print(f"lighthouse: {page} (run {i + 1} of {args.runs})", file=sys.stderr, flush=True)
                report = run_lighthouse(base + page, Path(tmp) / "report.json")
                runs.append(summarize(page, report))
                if args.reports:
                    args.reports.mkdir(parents=True, exist_ok=True)
                    name = f"{page.replace('/', '_').removesuffix('.html')}-{i + 1}.json"
                    shutil.copyfile(Path(tmp) / "report.json", args.reports / name)
            results.append(median_result(runs))
    print(table(results))
    version = report.get("lighthouseVersion", "?")
    print(f"\nLighthouse {version}, mobile, simulated slow 4G, gzip-compressed serving, "
          f"median of {args.runs} run(s) per page.")
    if args.json:
        args.json.write_text(json.dumps([r.__dict__ for r in results], indent=2), encoding="utf-8")
    misses = [f"{r.page}: {', '.join(r.misses())}" for r in results if r.misses()]
    if misses:
        print("\nTargets missed:\n  " + "\n  ".join(misses))
        return 1
    print("\nEvery page meets the targets.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
