"""The site search's data and its cut of Chinese into terms, without a build.

docs/_ext/blitz/search.py reads the thesaurus and the folding;
docs/_ext/blitz/i18n/search_zh.py cuts Chinese text into the terms the index
holds.  The browser applies the same cut to queries; tests/test_browser_zh.py
checks that both sides agree and that searches find their pages.
"""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from blitz.i18n.search_zh import FOUND_ONE, search_page_translations, split_terms
from blitz.search import SearchDataError, parse_folding, parse_thesaurus, query_data, query_script
from conftest import ROOT

THESAURUS = ROOT / "locale" / "thesaurus.md"
FOLDING = ROOT / "locale" / "zh_CN" / "traditional.tsv"
CATALOGS = ROOT / "locale" / "zh_CN" / "LC_MESSAGES"


@pytest.mark.parametrize(
    ("parse", "text", "message"),
    [
        (parse_thesaurus, "| a | b |\n|---|---|\n| 学习率, lr | x |\n| 步长 | LR |\n", r"'lr' is in rows 1 and 2"),
        (parse_thesaurus, "# Search thesaurus\n\nno table here\n", "no table rows"),
        (parse_folding, "# comment\n张 張\n", r"folding:2: expected one simplified character"),
        (query_script, {"thesaurus": str(ROOT / "no-such-thesaurus.md")}, r"cannot be read: .*no-such-thesaurus\.md"),
    ],
)
def test_a_bad_or_missing_data_file_is_an_error_that_says_where(parse, text, message):
    with pytest.raises(SearchDataError, match=message):
        parse(text)


def test_only_the_characters_the_site_uses_are_shipped():
    data = query_data(str(THESAURUS), str(FOLDING), str(CATALOGS))
    pairs = {data["fold"][i]: data["fold"][i + 1] for i in range(0, len(data["fold"]), 2)}
    assert pairs["張"] == "张" and pairs["網"] == "网"
    full = parse_folding(FOLDING.read_text(encoding="utf-8"))
    assert len(pairs) < len(full) / 3, "the whole table would be shipped"
    # What the search page pays for the data, before compression.
    assert len(json.dumps(data, ensure_ascii=False).encode()) < 16_000


def test_term_counts_keep_what_ranks():
    """Only terms on two pages or more, said MIN_COUNT times or more on a page."""
    from blitz.search import MIN_COUNT, page_text, term_counts

    texts = {"a": "zero_grad " * MIN_COUNT + "only_here " * 5, "b": "zero_grad once", "c": "nothing"}
    counts = term_counts(texts, str.split, str.lower)
    assert counts == {"a": {"zero_grad": MIN_COUNT}, "b": {}, "c": {}}
    html = '<main role="main"><article class="bd-article"><h1>T<a class="headerlink">#</a></h1><p>x</p></article></main>'
    assert page_text(html).split() == ["T", "x"]


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("自动微分", ["自动", "动微", "微分"]),
        ("张量，梯度", ["张量", "梯度"]),
        ("在 GPU 上", ["GPU"]),  # single characters are no terms
        ("用 DataLoader 加载数据集", ["加载", "载数", "数据", "据集", "DataLoader"]),
        ("torch.nn 模块", ["模块", "torch", "nn"]),
    ],
)
def test_chinese_runs_become_overlapping_pairs_then_latin_words(text, terms):
    assert split_terms(text) == terms


def catalog(translated):
    """A translator whose catalog has ``translated`` as the plural (None: no translation)."""
    return SimpleNamespace(ngettext=lambda singular, plural, n: translated or plural)


def test_search_page_gets_the_missing_summary_message():
    script = search_page_translations(catalog("找到 ${resultCount} 个页面"))
    payload = json.loads(script[script.index("(") + 1 : script.rindex(")")])
    assert payload["messages"] == {FOUND_ONE: ["找到 ${resultCount} 个页面"]}
    assert payload["plural_expr"] == "0"
    # Nothing to add when the catalog has no translation.
    assert search_page_translations(catalog(None)) == ""
