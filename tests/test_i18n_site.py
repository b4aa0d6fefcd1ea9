"""The Chinese site: complete, switchable, and running the same code."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest

import po_stats
from code_comments import code_ast, find_docstrings
from conftest import ROOT, TUTORIALS, parse

CJK = re.compile(r"[\u4e00-\u9fff]")


def pages(site: Path, lang: str) -> list[Path]:
    root = site / lang
    return sorted(
        p for p in root.rglob("*.html")
        if not p.relative_to(root).parts[0].startswith("_") and p.name not in ("genindex.html", "search.html")
    )


@pytest.fixture(scope="session")
def zh(site):
    if not (site / "zh_CN" / "index.html").is_file():
        pytest.fail("_build/html/zh_CN is missing: run `make html`.")
    return site / "zh_CN"


def test_catalogs_are_complete_and_well_formed():
    problems = [p for r in po_stats.check_all(ROOT / "locale" / "zh_CN") for p in r.problems]
    assert not problems, "\n".join(problems[:40])


def test_every_page_has_its_counterpart(site, zh):
    en = {p.relative_to(site / "en") for p in pages(site, "en")}
    cn = {p.relative_to(zh) for p in pages(site, "zh_CN")}
    assert en == cn
    assert len(en) >= len(TUTORIALS) + 3


def test_html_lang_and_hreflang(site, zh):
    for lang, tag in (("en", "en"), ("zh_CN", "zh-CN")):
        for page in pages(site, lang):
            soup = parse(page)
            assert soup.html["lang"] == tag, page
            alternates = {l["hreflang"]: l["href"] for l in soup.select('link[rel="alternate"][hreflang]')}
            assert set(alternates) == {"en", "zh-CN"}, page
            for href in alternates.values():
                assert (page.parent / href).resolve().is_file(), f"{page}: {href}"


def test_switcher_links_to_the_same_page(site, zh):
    for page in pages(site, "en"):
        link = parse(page).select_one('nav.language-switcher a[hreflang="zh-CN"]')
        assert link is not None, page
        target = (page.parent / link["href"]).resolve()
        assert target == (zh / page.relative_to(site / "en")).resolve()


def _prose(soup):
    main = soup.select_one("article") or soup.body
    for el in main.select("p, li, h1, h2, h3, dt, th, td, figcaption"):
        if el.find_parent(["pre", "div.highlight"]) or el.find_parent(class_="highlight"):
            continue
        clone = el.__copy__()
        for code in clone.select("code, pre, .math, span.math, .headerlink"):
            code.decompose()
        yield el, clone.get_text(" ", strip=True)


def test_no_english_prose_on_chinese_pages(zh):
    offenders = []
    for page in pages(zh.parent, "zh_CN"):
        for el, text in _prose(parse(page)):
            words = re.findall(r"[A-Za-z]{3,}", text)
            if len(words) >= 4 and not CJK.search(text):
                offenders.append(f"{page.relative_to(zh)}: {text[:80]}")
    assert not offenders, "\n".join(offenders[:30])


def _code_blocks(page: Path) -> list[str]:
    soup = parse(page)
    blocks = []
    for div in soup.select("div.highlight-Python pre, div.highlight-python pre, div.highlight-python3 pre"):
        blocks.append(div.get_text())
    return blocks


@pytest.mark.parametrize("name", TUTORIALS)
def test_chinese_code_is_the_executed_code(site, zh, name):
    """Only comments and docstrings differ, and they are Chinese."""
    en_blocks = _code_blocks(site / "en" / "tutorials" / f"{name}.html")
    zh_blocks = _code_blocks(zh / "tutorials" / f"{name}.html")
    assert en_blocks and len(en_blocks) == len(zh_blocks)
    translated_comments = 0
    for en, cn in zip(en_blocks, zh_blocks):
        assert code_ast(textwrap.dedent(en)) == code_ast(textwrap.dedent(cn))
        translated_comments += len(re.findall(r"#[^\n]*[\u4e00-\u9fff]", cn))
        assert not re.search(r"#\s*[A-Z][a-z]+(\s+[a-z]+){3,}", cn), f"English comment left in {name}:\n{cn}"
        for doc in find_docstrings(textwrap.dedent(cn)):
            assert CJK.search(doc.text), f"English docstring left in {name}: {doc.text[:60]}"
    if any("#" in b for b in en_blocks):
        assert translated_comments > 0


def test_gallery_cards_and_downloads_are_chinese(zh):
    soup = parse(zh / "index.html")
    titles = [t.get_text(strip=True) for t in soup.select(".sphx-glr-thumbnail-title")]
    assert len(titles) == len(TUTORIALS) and all(CJK.search(t) for t in titles), titles
    page = parse(zh / "tutorials" / "tensor_tutorial.html")
    for a in page.select(".sphx-glr-sidebar-component a, .sphx-glr-footer a"):
        assert CJK.search(a.get_text()), a.get_text()


def test_figure_alt_text_and_search_placeholder_are_chinese(zh):
    page = parse(zh / "tutorials" / "classifier_tutorial.html")
    alts = [img.get("alt", "") for img in page.select("img.sphx-glr-single-img, img.sphx-glr-multi-img")]
    assert alts and all(CJK.search(a) for a in alts), alts
    placeholder = page.select_one("input[name=q]")
    assert placeholder is not None and CJK.search(placeholder.get("placeholder", ""))


def test_chinese_search_index_contains_chinese_words(zh):
    text = (zh / "searchindex.js").read_text(encoding="utf-8")
    terms = json.loads(text[text.index("(") + 1 : text.rindex(")")])["terms"]
    # jieba segments the text, so whole Chinese words are index terms.
    for word in ("张量", "梯度", "神经网络", "分类器"):
        assert word in terms, word
    language_data = (zh / "_static" / "language_data.js").read_text(encoding="utf-8")
    assert "ChineseStemmer" not in language_data or "class ChineseStemmer" in language_data


def test_root_page_sends_readers_to_their_language(site):
    soup = parse(site / "index.html")
    hrefs = {a["href"] for a in soup.select("a[href]")}
    assert {"en/index.html", "zh_CN/index.html"} <= hrefs
    assert "navigator.languages" in soup.script.get_text()


@pytest.mark.parametrize("name", TUTORIALS)
def test_downloads_english_untouched_chinese_localized(site, zh, name):
    """The English script is the source itself; the Chinese one runs the same code."""
    source = (ROOT / "examples" / f"{name}.py").read_text(encoding="utf-8")
    (en_py,) = (site / "en" / "_downloads").glob(f"*/{name}.py")
    (zh_py,) = (zh / "_downloads").glob(f"*/{name}.py")
    assert en_py.read_text(encoding="utf-8") == source
    chinese = zh_py.read_text(encoding="utf-8")
    assert CJK.search(chinese)
    assert code_ast(chinese) == code_ast(source)
    assert all(CJK.search(doc.text) for doc in find_docstrings(chinese))
    (zh_nb,) = (zh / "_downloads").glob(f"*/{name}.ipynb")
    cells = json.loads(zh_nb.read_text(encoding="utf-8"))["cells"]
    markdown = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    assert CJK.search(markdown)
