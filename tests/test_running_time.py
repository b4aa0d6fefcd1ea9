"""Each tutorial page states its run time once, in the reader's language.

sphinx-gallery ends every tutorial page with "Total running time of the
script", which docs/_ext/blitz/i18n/gallery_chrome.py writes from one message
of the ``sphinx`` catalog (docs/_templates/running-time.html); the sidebar's
run details (provenance.html) do not repeat it.  These tests read the site
that `make html` built and sphinx-gallery's record of each run.
"""

from __future__ import annotations

import json
import re

import pytest
from babel.messages.pofile import read_po
from blitz import _compat
from blitz.i18n import gallery_chrome
from conftest import ROOT, TUTORIALS, parse

GALLERY = ROOT / "docs" / "tutorials"
TEMPLATE = f"docs/_templates/{gallery_chrome.TIMING_TEMPLATE}"


def timing_message(lang: str) -> str:
    """The running-time message in ``lang``: the msgid, or its translation."""
    with open(ROOT / "locale" / "zh_CN" / "LC_MESSAGES" / "sphinx.po", "rb") as f:
        catalog = read_po(f)
    found = [m for m in catalog if m.id and any(path.endswith(TEMPLATE) for path, _ in m.locations)]
    assert len(found) == 1, f"sphinx.po should hold one message from {TEMPLATE}; run `make update-po`"
    return found[0].id if lang == "en" else found[0].string


def recorded_run(name: str) -> tuple[int, float]:
    """(minutes, seconds) of the tutorial's last run, as sphinx-gallery writes them."""
    cost = json.loads(_compat.run_cost_path(GALLERY / f"{name}.py").read_text(encoding="utf-8"))
    minutes, seconds = divmod(_compat.run_seconds(cost), 60)
    return int(minutes), float(f"{seconds:.3f}")  # TIMING_CONTENT's precision


# A duration standing alone in a piece of text, in any language and rounding:
# "0.5 s", "12 s", "1 min 9 s", "0 分 0.5 秒".
DURATION = re.compile(r"\d+(?:\.\d+)? [^\W\d_]{1,3}(?: \d+(?:\.\d+)? [^\W\d_]{1,3})?")


def page_text(soup) -> str:
    for tag in soup(["script", "style", "pre", "code"]):
        tag.decompose()
    return soup.get_text(" ")


def durations(soup) -> list[str]:
    """The pieces of text of the page (code left out) that are a duration."""
    return [s.strip() for s in soup.find_all(string=True) if DURATION.fullmatch(s.strip())]


def test_split_label_keeps_the_value_plain():
    assert gallery_chrome.split_label("Total: 1 min 2.0 s") == ("Total: ", "1 min 2.0 s")
    assert gallery_chrome.split_label("总运行时间：1 分 2.0 秒") == ("总运行时间：", "1 分 2.0 秒")
    assert gallery_chrome.split_label("no label") == ("", "no label")


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@pytest.mark.parametrize("name", TUTORIALS)
def test_run_time_is_stated_once(site, lang, name):
    soup = parse(site / lang / "tutorials" / f"{name}.html")
    message = timing_message(lang)
    assert message, f"{lang}: the running-time message has no translation"
    expected = message.format(**gallery_chrome.timing_values(*recorded_run(name)))
    lines = soup.select(f"p.{_compat.TIMING_CLASS}")
    assert [p.get_text() for p in lines] == [expected], f"{lang}/{name}: {[p.get_text() for p in lines]}"
    assert lines[0].find_parent("article") is not None, "the run time belongs in the article, which phones show"
    label, value = gallery_chrome.split_label(expected)
    assert lines[0].strong.get_text() == label
    assert durations(soup) == [value.strip()], f"{lang}/{name}: durations on the page: {durations(soup)}"
    text = page_text(soup)
    assert text.count(label.strip()) == 1, f"{lang}/{name}: the running-time label shows more than once"
    # The run time's value (e.g. "1 min 2.6 s") shows nowhere else on the page.
    assert text.count(value.strip()) == 1, f"{lang}/{name}: {value} shows twice"
    seconds = re.escape(value.split()[-2])
    box = soup.select_one("section.provenance")
    assert box is not None and not re.search(rf"(?<![\d.]){seconds}(?![\d.])", box.get_text(" "))
