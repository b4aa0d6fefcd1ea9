"""The rule that cuts Chinese text into search terms (docs/_ext/blitz/i18n/search_zh.py).

The browser applies the same rule to queries; tests/test_browser_zh.py
checks that both sides agree and that searches find their pages.
"""

from __future__ import annotations

import json

from blitz.i18n.search_zh import SEARCH_PLURALS, SearchChinesePieces, han_pieces, search_page_translations, split_terms


def test_each_run_of_chinese_becomes_overlapping_pairs():
    assert han_pieces("自动微分") == ["自动", "动微", "微分"]
    assert han_pieces("张量，梯度") == ["张量", "梯度"]
    assert han_pieces("在 GPU 上") == []  # single characters are no terms


def test_latin_words_follow_the_chinese_pieces():
    assert split_terms("用 DataLoader 加载数据集") == ["加载", "载数", "数据", "据集", "DataLoader"]
    assert split_terms("torch.nn 模块") == ["模块", "torch", "nn"]


def test_the_index_stems_latin_words_and_keeps_chinese_pieces():
    language = SearchChinesePieces({})
    words = language.split("张量 Tensors running")
    assert words == ["张量", "Tensors", "running"]
    assert [language.stem(w) for w in words] == ["张量", "tensor", "run"]


def test_a_phrase_on_a_page_is_always_found():
    """Every piece of a query is a piece of any text that contains it, which
    is why Sphinx (which requires all pieces) finds every such page."""
    page = "训练神经网络时，优化器根据梯度更新参数；自动微分负责计算梯度。"
    for query in ("优化器", "自动微分", "神经网络", "更新参数"):
        assert set(split_terms(query)) <= set(split_terms(page)), query


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
