"""The landing page's plan holds: each page can be done in the minutes it promises.

The pace is stated in ``tools/reading_time.py`` and printed on the landing
page; the readings come from the built HTML of both languages.
"""

from __future__ import annotations

import re

import pytest
import reading_time
from conftest import LANGUAGES, TUTORIALS, parse

CORE_MINUTES = 60
OPTIONAL = {"speed_tutorial", "data_parallel_tutorial"}


def test_measure_counts_prose_code_cells_output_figures_and_exercises():
    html = """
    <article class="bd-article">
      <h1>Title here<a class="headerlink" href="#t">#</a></h1>
      <p>one two three four five six seven eight nine ten</p>
      <div class="highlight-Python"><pre>x = 1

y = 2</pre></div>
      <div class="sphx-glr-script-out"><div class="highlight-none"><pre>a
b
c
d</pre></div></div>
      <img class="sphx-glr-single-img" src="f.png" alt="a figure">
      <div class="highlight-text"><pre>input -> conv</pre></div>
      <details><summary>Solution</summary><p>the solution is read</p>
        <div class="highlight-Python"><pre>z = 3</pre></div></details>
      <div class="sphx-glr-download-link-note"><p>Go to the end to download</p></div>
      <p>张量是一个多维数组</p>
    </article>"""
    reading = reading_time.measure(html)
    assert reading.words == 16  # "Title here", the ten words and the solution's four
    assert reading.han == 9
    assert reading.code_lines == 4  # two in the cell, one in the text's code block, one in the solution
    assert reading.cells == 1  # the text's code block is read, not run; the solution's code too
    assert reading.output_lines == 4
    assert reading.figures == 1
    assert reading.collapsed == 1
    expected = 16 / 180 + 9 / 250 + 4 / 15 + 20 / 60 + 4 / 30 + 30 / 60 + 2
    assert reading.minutes == pytest.approx(expected)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_plan_adds_up_and_every_page_fits_its_minutes_the_core_path_an_hour(site, lang):
    soup = parse(site / lang / "index.html")
    plan = reading_time.landing_plan(str(soup))
    assert sorted(row.page for row in plan) == TUTORIALS, "the plan must list every tutorial once"
    assert {row.page for row in plan if row.optional} == OPTIONAL
    readings = reading_time.measure_site(site / lang, [row.page for row in plan])
    # At least the measured time, and a fair share: a plan much longer than the page hides time elsewhere.
    wrong = [
        f"{row.page}: {readings[row.page].minutes:.1f} min measured, {row.minutes} planned (at most 5 more)"
        for row in plan
        if not readings[row.page].minutes <= row.minutes <= readings[row.page].minutes + 5
    ]
    assert not wrong, "\n".join(wrong)
    core = sum(readings[row.page].minutes for row in plan if not row.optional)
    assert core <= CORE_MINUTES, f"the core path takes {core:.1f} min measured ({lang})"
    # The total printed under the core rows is the sum of those rows.
    cells = [td.get_text(strip=True) for td in soup.select("table tbody tr td:last-child")]
    assert str(sum(row.minutes for row in plan if not row.optional)) in cells


MODEL = {
    "prose": reading_time.WORDS_PER_MINUTE,
    "Chinese prose": reading_time.HAN_PER_MINUTE,
    "code": reading_time.CODE_LINES_PER_MINUTE,
    "cell": reading_time.SECONDS_PER_CELL,
    "output": reading_time.OUTPUT_LINES_PER_MINUTE,
    "figure": reading_time.SECONDS_PER_FIGURE,
    "exercise": reading_time.MINUTES_PER_COLLAPSED_BLOCK,
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_landing_page_prints_the_model_with_its_constants(site, lang):
    """The table of paces on the landing page says the numbers the measurement uses, in order."""
    soup = parse(site / lang / "index.html")
    tables = [t for t in soup.select("table") if not t.select("a[href*='tutorials/']")]
    assert len(tables) == 1, "the landing page needs one table of paces besides the plan"
    numbers = [int(n) for td in tables[0].select("tbody tr td:last-child") for n in re.findall(r"\d+", td.get_text())]
    assert numbers == list(MODEL.values()), f"the landing page says {numbers}, the model uses {MODEL}"
