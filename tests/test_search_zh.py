"""The rule that cuts Chinese text into search terms (docs/_ext/blitz/i18n/search_zh.py).

The browser applies the same rule to queries; tests/test_browser_zh.py
checks that both sides agree and that searches find their pages.
"""

from __future__ import annotations

import json

import pytest
from blitz.i18n.search_zh import SEARCH_PLURALS, search_page_translations, split_terms


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


class _Catalog:
    def __init__(self, plural):
        self.plural = plural

    def ngettext(self, singular, plural, n):
        return self.plural if self.plural else plural


def test_search_page_gets_the_missing_summary_message():
    script = search_page_translations(_Catalog("找到 ${resultCount} 个页面"))
    payload = json.loads(script[script.index("(") + 1 : script.rindex(")")])
    assert payload["messages"] == {SEARCH_PLURALS[0][0]: ["找到 ${resultCount} 个页面"]}
    assert payload["plural_expr"] == "0"
    # Nothing to add when the catalog has no translation.
    assert search_page_translations(_Catalog(None)) == ""
