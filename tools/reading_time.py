"""Time a reader needs for each tutorial page, measured from the built HTML.

    python tools/reading_time.py _build/html/en      # or _build/html/zh_CN

The landing page promises a plan in minutes; this counts what a reader meets
on each page at a beginner's pace, on the slow side (the paces below, which
the landing page prints).  Collapsed blocks (an exercise's solution, an
optional box) count like the rest: the page sends you into them.
``tests/test_reading_time.py`` holds the plan to these numbers, in both languages.
"""

from __future__ import annotations

import re
import sys
from collections import namedtuple
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup, Tag

WORDS_PER_MINUTE = 180  # English words, and the Latin words (API names) in Chinese text
HAN_PER_MINUTE = 250
CODE_LINES_PER_MINUTE = 15  # non-blank lines of code you read
SECONDS_PER_CELL = 20  # to run a code cell of the tutorial and look at what it did
OUTPUT_LINES_PER_MINUTE = 30
SECONDS_PER_FIGURE = 30
MINUTES_PER_COLLAPSED_BLOCK = 2  # to try the exercise before you open its solution

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
LATIN_WORD = re.compile(r"[A-Za-z0-9]+(?:[-'’.][A-Za-z0-9]+)*")
# Parts of a gallery page that are not part of the lesson, and the labels of collapsed blocks.
BOILERPLATE = (
    "div.sphx-glr-download-link-note, div.sphx-glr-footer, p.sphx-glr-timing, p.sphx-glr-signature, a.headerlink, "
    "div.sphx-glr-script-out p.sphx-glr-script-out, details > summary"
)
# A code cell of a tutorial: sphinx-gallery writes each as a Python code
# block; code blocks in the prose are read, not run.
CELL = "div.highlight-Python"
FIGURE = "img.sphx-glr-single-img, img.sphx-glr-multi-img"


@dataclass
class Reading:
    words: int = 0
    han: int = 0
    code_lines: int = 0
    cells: int = 0
    output_lines: int = 0
    figures: int = 0
    collapsed: int = 0

    @property
    def minutes(self) -> float:
        return (
            self.words / WORDS_PER_MINUTE
            + self.han / HAN_PER_MINUTE
            + self.code_lines / CODE_LINES_PER_MINUTE
            + self.cells * SECONDS_PER_CELL / 60
            + self.output_lines / OUTPUT_LINES_PER_MINUTE
            + self.figures * SECONDS_PER_FIGURE / 60
            + self.collapsed * MINUTES_PER_COLLAPSED_BLOCK
        )


def _lines(pre: Tag) -> int:
    return sum(1 for line in pre.get_text().splitlines() if line.strip())


def measure(html: str) -> Reading:
    article = BeautifulSoup(html, "html.parser").select_one("article.bd-article")
    for node in article.select(BOILERPLATE):
        node.extract()
    reading = Reading()
    # A collapsed block adds the time to try the exercise; its text is read below.
    reading.collapsed = len(article.select("details"))
    reading.figures = len(article.select(FIGURE))
    reading.cells = sum(1 for cell in article.select(CELL) if cell.find_parent("details") is None)
    reading.output_lines = sum(_lines(pre.extract()) for pre in article.select("div.sphx-glr-script-out pre"))
    reading.code_lines = sum(_lines(pre.extract()) for pre in article.select("pre"))
    # The math source (LaTeX) is not read word by word: count each formula as one word.
    for math in article.select("div.math, span.math"):
        math.replace_with(" formula ")
    text = article.get_text(" ")
    reading.han = len(HAN.findall(text))
    reading.words = len(LATIN_WORD.findall(text))
    return reading


def measure_site(lang_root: Path, pages: list[str]) -> dict[str, Reading]:
    return {page: measure((lang_root / "tutorials" / f"{page}.html").read_text(encoding="utf-8")) for page in pages}


PlanRow = namedtuple("PlanRow", ["page", "minutes", "optional"])


def landing_plan(html: str) -> list[PlanRow]:
    """The landing page's plan: rows linking to a tutorial, minutes in the last cell ("+N": optional)."""
    soup = BeautifulSoup(html, "html.parser")
    rows = []
    for tr in soup.select("table tbody tr:has(a[href*='tutorials/'])"):
        page = re.search(r"tutorials/(\w+)\.html", tr.select_one("a[href*='tutorials/']")["href"])
        cell = tr.select("td")[-1].get_text(" ", strip=True)
        number = re.search(r"(\+)?\s*(\d+)", cell)
        if page is None or number is None:
            raise ValueError(f"plan row without a tutorial link or minutes: {tr.get_text(' ', strip=True)!r}")
        rows.append(PlanRow(page.group(1), int(number.group(2)), optional=number.group(1) == "+"))
    return rows


def main(site: Path) -> None:
    plan = landing_plan((site / "index.html").read_text(encoding="utf-8"))
    readings = measure_site(site, [row.page for row in plan])
    for row in plan:
        planned = f"+{row.minutes}" if row.optional else row.minutes
        print(f"{row.page:26s} {readings[row.page].minutes:4.1f} min (plan {planned}): {readings[row.page]}")
    core = sum(readings[row.page].minutes for row in plan if not row.optional)
    print(f"core path: {core:.1f} min measured, {sum(r.minutes for r in plan if not r.optional)} planned")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
