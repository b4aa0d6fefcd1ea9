"""The landing page's plan holds: each page can be read in the minutes it promises.

The pace is stated in ``tools/reading_time.py`` (and on the landing page);
the readings come from the built HTML of both languages.
"""

from __future__ import annotations

import pytest

import reading_time
from conftest import LANGUAGES, TUTORIALS, parse

CORE_MINUTES = 60
OPTIONAL = {"speed_tutorial": 22, "data_parallel_tutorial": 15}


def test_measure_counts_prose_code_output_and_hidden_blocks():
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
      <details><summary>Solution</summary><p>hidden words are not read</p></details>
      <div class="sphx-glr-download-link-note"><p>Go to the end to download</p></div>
      <p>张量是一个多维数组</p>
    </article>"""
    reading = reading_time.measure(html)
    assert reading.words == 12  # "Title here" and the ten words
    assert reading.han == 9
    assert reading.code_lines == 2
    assert reading.output_lines == 4
    assert reading.collapsed == 1
    expected = 12 / 200 + 9 / 300 + 2 / 20 + 4 / 40 + 1
    assert reading.minutes == pytest.approx(expected)


def test_measure_rejects_a_page_without_an_article():
    with pytest.raises(ValueError, match="built page"):
        reading_time.measure("<html><body><p>nothing</p></body></html>")


def test_landing_plan_reads_core_and_optional_rows():
    html = """<table><tbody>
      <tr><td>1</td><td><a href="tutorials/tensor_tutorial.html">T</a></td><td>x</td><td>12</td></tr>
      <tr><td></td><td><strong>Core</strong></td><td></td><td><strong>60</strong></td></tr>
      <tr><td>5</td><td><a href="tutorials/data_parallel_tutorial.html">D</a></td><td>y</td><td>+15</td></tr>
    </tbody></table>"""
    plan = reading_time.landing_plan(html)
    assert [(r.page, r.minutes, r.optional) for r in plan] == [
        ("tensor_tutorial", 12, False),
        ("data_parallel_tutorial", 15, True),
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_fits_the_minutes_the_landing_page_promises(site, lang):
    root = site / lang
    if not (root / "index.html").is_file():
        pytest.fail(f"{root / 'index.html'} is missing: run `make html`.")
    plan = reading_time.landing_plan((root / "index.html").read_text(encoding="utf-8"))
    assert sorted(row.page for row in plan) == TUTORIALS, "the plan must list every tutorial once"
    readings = reading_time.measure_site(root, [row.page for row in plan])
    too_long = [
        f"{row.page}: {readings[row.page].minutes:.1f} min measured, {row.minutes} planned"
        for row in plan
        if readings[row.page].minutes > row.minutes
    ]
    assert not too_long, "\n".join(too_long)
    # Each page also gets a fair share: a plan much longer than the page hides time elsewhere.
    padded = [
        f"{row.page}: {row.minutes} planned for {readings[row.page].minutes:.1f} measured"
        for row in plan
        if row.minutes > readings[row.page].minutes + 5
    ]
    assert not padded, "\n".join(padded)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_core_path_fits_an_hour_and_data_parallelism_is_optional(site, lang):
    soup = parse(site / lang / "index.html")
    plan = reading_time.landing_plan(str(soup))
    core = [row for row in plan if not row.optional]
    optional = {row.page: row.minutes for row in plan if row.optional}
    assert optional == OPTIONAL
    assert sum(row.minutes for row in core) <= CORE_MINUTES
    # The total printed under the core rows is the sum of those rows.
    cells = [td.get_text(strip=True) for td in soup.select("table tbody tr td:last-child")]
    assert str(sum(row.minutes for row in core)) in cells


def test_every_page_has_an_exercise_with_a_hidden_solution(site):
    for name in TUTORIALS:
        soup = parse(site / "en" / "tutorials" / f"{name}.html")
        solutions = [d for d in soup.select("details") if "Solution" in d.summary.get_text()]
        assert solutions, f"{name}: no exercise solution in a collapsed block"
