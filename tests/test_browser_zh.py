"""Chinese search as a Chinese reader meets it, in a real browser.

Search finds every page that contains the phrase a reader types, with an
excerpt in which the phrase is highlighted (docs/_ext/blitz/i18n/search_zh.py).
"""

from __future__ import annotations

import re
from functools import cache

import pytest
from blitz.i18n.search_zh import split_terms
from conftest import SITE, parse
from playwright.sync_api import expect
from site_checks import html_pages, open_page, search, search_results

ZH_PAGES = html_pages(SITE, "zh_CN")


# Queries a reader would type, each with the page that must be among its
# results: the glossary's terms (locale/glossary-zh.md), headings or parts of
# them, and words run together that no page has as typed (模型保存, 张量运算).
QUERIES = [
    ("autograd_tutorial", ["自动微分", "计算图", "叶子张量", "向量-雅可比积", "梯度会累加", "用微积分验证"]),
    ("neural_networks_tutorial", ["神经网络", "反向传播", "前向传播", "偏置", "全连接", "池化", "梯度下降"]),
    ("neural_networks_tutorial", ["典型的训练流程", "手动更新权重", "批次维度"]),
    ("classifier_tutorial", ["学习率", "优化器", "损失函数", "批大小", "数据加载器", "卷积层", "准确率", "推理"]),
    ("classifier_tutorial", ["训练分类器", "测试网络", "保存和加载模型", "模型保存"]),
    ("tensor_tutorial", ["原地操作", "广播", "加速器", "切片", "选择设备", "与 NumPy 互转", "加速器上的张量"]),
    ("tensor_tutorial", ["张量运算"]),
    ("data_parallel_tutorial", ["数据并行", "梯度求平均", "启动器", "从单机到多机"]),
]
CHINESE_SEARCHES = [(query, f"tutorials/{page}.html") for page, queries in QUERIES for query in queries]


@cache
def article_text(path: str) -> str:
    """The text Sphinx indexes for a page: its article, as built."""
    article = parse(SITE / "zh_CN" / path).select_one("article.bd-article")
    return article.get_text() if article else ""


# Pages outside the search index.
NOT_INDEXED = {"genindex.html", "search.html", "404.html"}


def pages_containing(phrase: str) -> set[str]:
    return {path for path in ZH_PAGES if path not in NOT_INDEXED and phrase in article_text(path)}


def excerpt(page, path: str):
    """The excerpt under the result for ``path``, once its HTML is fetched."""
    item = page.locator("#search-results ul.search li").filter(has=page.locator(f'a[href^="{path}"]')).first
    found = item.locator("p.context")
    expect(found).to_have_count(1)
    return found


@pytest.mark.parametrize("query, expected", CHINESE_SEARCHES, ids=[q for q, _ in CHINESE_SEARCHES])
def test_chinese_search_finds_every_page_with_the_phrase(base_url, page, query, expected):
    """The search lists every page that contains the query, and the page that
    teaches it, and shows an excerpt with the query highlighted."""
    found = search(page, base_url, "zh_CN", query)
    missing = ({expected} | pages_containing(query)) - set(found)
    assert not missing, f"searching {query!r} missed {sorted(missing)} (found {found})"

    shown = excerpt(page, expected)
    marked = shown.locator("span.highlighted").all_inner_texts()
    assert marked, f"no highlighted term in the excerpt for {query!r}: {shown.inner_text()[:200]}"
    # Each highlighted stretch is made of the query's own pieces, or of
    # their equivalents in the thesaurus (locale/thesaurus.md).
    pieces = {piece.lower() for piece in split_terms(query)}
    pieces |= set(
        page.evaluate("() => LearnerSearch.current().units.flatMap((u) => u.alternatives.map((a) => a.text))")
    )
    for text in marked:
        assert any(piece in text.lower() for piece in pieces), f"{text!r} highlighted for {query!r}"
    # Each run of Chinese in the query that the excerpt shows is marked whole.
    for run in re.findall(r"[\u4e00-\u9fff]{2,}", query):  # one character is no term
        if run in shown.inner_text():
            assert any(run in text for text in marked), f"{run!r} is not highlighted as one phrase: {marked}"


def test_excerpt_starts_at_the_match_and_reads_formulas_once(base_url, page):
    """The excerpt starts at the sentence that holds the query, not at the
    page's "go to the end" note, and a formula reads once, as a line of text
    (KaTeX's TeX source, MathML and HTML would each repeat it)."""
    search(page, base_url, "zh_CN", "用微积分验证")
    text = excerpt(page, "tutorials/autograd_tutorial.html").inner_text()
    assert text.lstrip("…").startswith("用微积分验证"), text[:80]
    assert "\\" not in text and "{" not in text, text
    assert text.count("∂o/∂x_i") == 1, text


SPLIT_SAMPLES = [
    "自动微分",
    "优化器",
    "用 DataLoader 加载数据集",
    "torch.nn 模块（Module）",
    "批大小=64，学习率 0.001",
    "张",
    "GPU 上的 CUDA 张量",
    "　全角空格　和标点：“广播”",
]


def test_query_is_split_like_the_index(base_url, page):
    """The browser (splitChinese in language_data.js) cuts a query into the
    same terms the index builder cut the pages into."""
    open_page(page, f"{base_url}zh_CN/search.html")
    for sample in SPLIT_SAMPLES:
        in_browser = page.evaluate("(q) => splitChinese(q)", sample)
        in_python = [term for term in split_terms(sample) if len(term) > 1]
        assert in_browser == in_python, sample


def test_search_box_goes_to_the_chinese_search(base_url, page):
    """The theme's search box (Ctrl+K) opens search.html?q=... and finds the
    page for a phrase that was one of jieba's missing words."""
    open_page(page, f"{base_url}zh_CN/index.html")
    page.keyboard.press("Control+k")
    field = page.locator("#pst-search-dialog input[name=q]")
    expect(field).to_be_visible()
    field.fill("自动微分")
    field.press("Enter")
    page.wait_for_url(re.compile(r".*/zh_CN/search\.html\?q=.*"))
    assert "tutorials/autograd_tutorial.html" in search_results(page)
