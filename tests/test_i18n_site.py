"""The Chinese site: complete, switchable, and running the same code."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from blitz.i18n.code_comments import code_ast, docstring_messages, find_comments, find_docstrings
from blitz.i18n.downloads import without_solutions
from blitz.i18n.search_zh import SearchChinesePieces
from blitz.i18n.switcher import hreflang
from conftest import LANGUAGES, ROOT, SOURCE_LANGUAGE, TUTORIALS, parse

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


def test_every_page_has_its_counterpart(site, zh):
    source = {p.relative_to(site / SOURCE_LANGUAGE) for p in pages(site, SOURCE_LANGUAGE)}
    for lang in LANGUAGES:
        assert {p.relative_to(site / lang) for p in pages(site, lang)} == source, lang
    assert len(source) >= len(TUTORIALS) + 3


def test_html_lang_and_hreflang(site, zh):
    for lang in LANGUAGES:
        for page in pages(site, lang):
            soup = parse(page)
            assert soup.html["lang"] == hreflang(lang), page
            alternates = {link["hreflang"]: link["href"] for link in soup.select('link[rel="alternate"][hreflang]')}
            assert set(alternates) == {hreflang(code) for code in LANGUAGES}, page
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


def _translations(po: Path) -> set[str]:
    """The msgids of ``po`` that have a reviewed (not fuzzy) translation."""
    with open(po, "rb") as f:
        return {m.id for m in read_po(f) if m.id and m.string and not m.fuzzy}


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
    translated = _translations(ROOT / "locale" / "zh_CN" / "LC_MESSAGES" / "tutorials" / f"{name}.po")
    assert en_blocks and len(en_blocks) == len(zh_blocks)
    translated_comments = 0
    for en, cn in zip(en_blocks, zh_blocks):
        assert code_ast(textwrap.dedent(en)) == code_ast(textwrap.dedent(cn))
        translated_comments += len(re.findall(r"#[^\n]*[\u4e00-\u9fff]", cn))
        # A comment may stay English only while its catalog has no translation for it.
        for comment in find_comments(textwrap.dedent(cn)):
            assert not (comment.message in translated and not CJK.search(comment.message)), (
                f"English comment left in {name} although it is translated:\n{cn}"
            )
        # A docstring paragraph may stay English only while it is untranslated.
        for doc in find_docstrings(textwrap.dedent(cn)):
            for message in docstring_messages(doc.text):
                assert not (message in translated and not CJK.search(message)), (
                    f"English docstring left in {name} although it is translated: {message[:60]}"
                )
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
    # docs/_ext/blitz/i18n/search_zh.py cuts Chinese into two-character pieces, so every
    # piece of a word on the pages is a term, and no longer Chinese term is.
    for word in ("张量", "梯度", "神经网络", "分类器"):
        for piece in (word[i : i + 2] for i in range(len(word) - 1)):
            assert piece in terms, (word, piece)
    chinese = [t for t in terms if CJK.search(t)]
    assert chinese and all(len(t) == 2 for t in chinese), [t for t in chinese if len(t) != 2][:10]
    assert {"tensor", "dataload"} & set(terms), "Latin words are indexed too"


# conf.py's html_search_options: the thesaurus and the folding of the site search.
SEARCH_OPTIONS = {
    "thesaurus": str(ROOT / "locale" / "thesaurus.md"),
    "folding": str(ROOT / "locale" / "zh_CN" / "traditional.tsv"),
    "catalogs": str(ROOT / "locale" / "zh_CN" / "LC_MESSAGES"),
}


# JavaScript's own constructors, which a script uses without defining them.
JS_BUILTINS = {"Array", "Date", "Error", "Map", "Object", "RegExp", "Set", "String"}


def undefined_constructors(js: str) -> set[str]:
    """Names that ``js`` calls with ``new`` or extends, but neither defines nor
    gets from the language (Sphinx 9.0-9.1's language_data.js for zh: ChineseStemmer)."""
    used = set(re.findall(r"\b(?:new|extends)\s+([A-Za-z_$][\w$]*)", js))
    defined = set(re.findall(r"\b(?:class|function)\s+([A-Za-z_$][\w$]*)", js))
    defined |= set(re.findall(r"\b(?:var|let|const)\s+([A-Za-z_$][\w$]*)\s*=", js))
    return used - defined - JS_BUILTINS


def test_undefined_constructors_are_found():
    broken = "var Stemmer = function() { this.s = new ChineseStemmer(); this.r = new RegExp('a'); };"
    assert undefined_constructors(broken) == {"ChineseStemmer"}
    assert undefined_constructors("class ChineseStemmer {}\nclass Stemmer extends ChineseStemmer {}") == set()


def test_chinese_search_script_is_the_one_the_build_configures(zh):
    """language_data.js carries this site's query splitter and defines the
    Stemmer that Sphinx's searchtools.js constructs, and everything it builds on."""
    language_data = (zh / "_static" / "language_data.js").read_text(encoding="utf-8")
    language = SearchChinesePieces(SEARCH_OPTIONS)
    assert "var splitQuery" in language.js_splitter_code
    assert language.js_splitter_code.strip() in language_data
    assert SearchChinesePieces.js_stemmer_code.strip() in language_data
    assert re.search(r"\b(?:var|let|const)\s+Stemmer\s*=|\bclass\s+Stemmer\b", language_data)
    assert not undefined_constructors(language_data)


@pytest.mark.parametrize("name", TUTORIALS)
def test_downloads_english_untouched_chinese_localized(site, zh, name):
    """The English script is the source without its exercise solutions, but
    for its cross-references (the page's title instead of ``:ref:`label```);
    the Chinese script and notebook run the same code as the English ones,
    comments aside."""
    source = without_solutions((ROOT / "examples" / f"{name}.py").read_text(encoding="utf-8"))
    (en_py,) = (site / "en" / "_downloads").glob(f"*/{name}.py")
    (zh_py,) = (zh / "_downloads").glob(f"*/{name}.py")
    english = en_py.read_text(encoding="utf-8").split("\n")
    assert len(english) == len(source.split("\n"))
    changed = [old for old, new in zip(source.split("\n"), english) if old != new]
    assert all(":ref:`" in line for line in changed), changed
    chinese = zh_py.read_text(encoding="utf-8")
    assert CJK.search(chinese)
    assert code_ast(chinese) == code_ast(source)
    assert all(CJK.search(doc.text) for doc in find_docstrings(chinese))
    notebooks = {}
    for lang, root in (("en", site / "en"), ("zh_CN", zh)):
        (notebook,) = (root / "_downloads").glob(f"*/{name}.ipynb")
        notebooks[lang] = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    markdown = "".join("".join(c["source"]) for c in notebooks["zh_CN"] if c["cell_type"] == "markdown")
    assert CJK.search(markdown)
    # The Chinese notebook runs what the English one runs (which test_browser.py executes).
    code = {lang: [code_ast("".join(c["source"])) for c in cells if c["cell_type"] == "code"]
            for lang, cells in notebooks.items()}
    assert code["zh_CN"] == code["en"]


# -- Typography and consistency of the Chinese text ---------------------------

_HAN = "\u3400-\u9fff\uf900-\ufaff"
_FULLWIDTH = "\u3000-\u303f\uff00-\uffef"  # CJK punctuation and full-width forms
# A space where inline markup meets Chinese on both sides ("\0" marks where an
# inline element starts or ends): 方法会 原地 修改张量, 跳到页尾 下载, 前置知识： 上一篇.
_STRAY_SPACE = re.compile(
    rf"[{_HAN}{_FULLWIDTH}]\0*[ \u00a0]+\0*[{_HAN}{_FULLWIDTH}]|[{_FULLWIDTH}]\0*[ \u00a0]+\0*\S"
)
INLINE = {"a", "strong", "em", "b", "i", "span", "abbr"}
# Spaces that are right: none so far.  Add "page: text" entries with a reason.
STRAY_SPACE_ALLOWED: set[str] = set()


def _marked_text(el) -> str:
    """The text of ``el`` with "\\0" at every inline element boundary; code left out."""
    from bs4 import NavigableString, Tag

    parts = []
    for child in el.children:
        if isinstance(child, NavigableString):
            parts.append(str(child))
        elif isinstance(child, Tag):
            if child.name in ("code", "pre", "script", "style") or "math" in (child.get("class") or []):
                parts.append("X")  # code is Latin: spaces around it are right
            elif child.name in INLINE:
                parts.append("\0" + _marked_text(child) + "\0")
            else:
                parts.append(_marked_text(child))
    return "".join(parts)


def stray_spaces(text: str) -> list[str]:
    """Spaces between Chinese and inline markup in ``text`` (marked as above)."""
    found = []
    for match in _STRAY_SPACE.finditer(text):
        if "\0" in match.group(0) or re.match(rf"[{_FULLWIDTH}]", match.group(0)):
            start = max(0, match.start() - 8)
            found.append(text[start : match.end() + 8].replace("\0", "|"))
    return found


def test_stray_space_pattern():
    assert len(stray_spaces("方法会 \0原地\0 修改张量")) == 2
    assert stray_spaces("前置知识： \0上一篇\0") and stray_spaces("跳到页尾\0 下载")
    assert stray_spaces("方法会\0原地\0修改张量。使用 X 数据集，第 1 轮") == []
    assert stray_spaces("用 \0Fashion-MNIST\0 数据集") == []  # Chinese and Latin: a space


def test_no_stray_spaces_around_inline_markup_on_chinese_pages(zh):
    offenders = []
    for page in pages(zh.parent, "zh_CN"):
        main = parse(page).select_one("article") or parse(page).body
        for el in main.select("p, li, h1, h2, h3, dt, dd, td, th, figcaption, caption"):
            if el.find(["p", "li", "div"]):
                continue  # the innermost blocks only
            for hit in stray_spaces(_marked_text(el)):
                entry = f"{page.relative_to(zh)}: {hit}"
                if entry not in STRAY_SPACE_ALLOWED:
                    offenders.append(entry)
    assert not offenders, "\n".join(offenders[:40])


def test_titles_of_other_tutorials_are_set_off(zh):
    """Links to another tutorial by its title read 《标题》."""
    titles = {}
    for page in pages(zh.parent, "zh_CN"):
        if page.parent.name == "tutorials" and page.name != "index.html":
            titles[page.name] = parse(page).select_one("h1").get_text(strip=True).rstrip("#¶")
    bad = []
    for page in pages(zh.parent, "zh_CN"):
        for a in (parse(page).select_one("article") or parse(page).body).select("p a.reference.internal"):
            target = a.get("href", "").split("#")[0].split("/")[-1]
            text = a.get_text(strip=True)
            if titles.get(target) != text or a.parent.get_text(strip=True) == text:
                continue  # not a title, or a link standing alone (a list of pages)
            before = a.previous_sibling if isinstance(a.previous_sibling, str) else ""
            after = a.next_sibling if isinstance(a.next_sibling, str) else ""
            if not (before.endswith("《") and after.startswith("》")):
                bad.append(f"{page.relative_to(zh)}: {before[-6:]}[{text}]{after[:6]}")
    assert not bad, "\n".join(bad)


def test_dimensions_use_the_multiplication_sign(zh):
    """28×28, not 28x28, in Chinese prose (code and program output keep x)."""
    bad = []
    for page in pages(zh.parent, "zh_CN"):
        for _el, text in _prose(parse(page)):
            for match in re.finditer(r"\b\d+x\d+(x\d+)?\b", text):
                bad.append(f"{page.relative_to(zh)}: {match.group(0)} in {text[:50]}")
    assert not bad, "\n".join(bad[:20])


def _catalog_messages():
    from babel.messages.pofile import read_po

    folder = ROOT / "locale" / "zh_CN" / "LC_MESSAGES"
    for path in sorted(folder.rglob("*.po")):
        with path.open("rb") as f:
            for message in read_po(f):
                if message.id and message.string and not message.fuzzy:
                    yield path.relative_to(folder), message


def test_one_english_message_has_one_chinese_rendering():
    renderings: dict[str, dict[str, str]] = {}
    for path, message in _catalog_messages():
        renderings.setdefault(message.id, {})[str(path)] = message.string
    different = {
        msgid: where for msgid, where in renderings.items() if len(set(where.values())) > 1
    }
    report = [
        f"{msgid!r}:\n" + "\n".join(f"    {path}: {text}" for path, text in where.items())
        for msgid, where in different.items()
    ]
    assert not different, "translate these alike in every catalog:\n" + "\n".join(report)


def test_figures_with_text_are_chinese_on_chinese_pages(site, zh):
    """Each figure whose strings are translated is drawn again, in Chinese."""
    from blitz.i18n import figures as figure_i18n

    catalogs = {}
    for path, message in _catalog_messages():
        catalogs.setdefault(path.with_suffix("").as_posix(), {})[message.id] = message.string
    images = ROOT / "docs" / "tutorials" / "images"
    translated = 0
    for name in TUTORIALS:
        catalog = catalogs[f"tutorials/{name}"]
        en = [img["src"] for img in parse(site / "en" / "tutorials" / f"{name}.html").select("img.sphx-glr-single-img, img.sphx-glr-multi-img")]
        cn = [img["src"] for img in parse(zh / "tutorials" / f"{name}.html").select("img.sphx-glr-single-img, img.sphx-glr-multi-img")]
        assert len(en) == len(cn)
        for en_src, cn_src in zip(en, cn):
            stem = en_src.rsplit("/", 1)[1].removesuffix(".png")
            assert ".zh_CN." not in en_src
            texts = json.loads((images / f"{stem}{figure_i18n.SIDECAR_SUFFIX}").read_text(encoding="utf-8"))["texts"]
            missing = [t for t in texts if t not in catalog]
            assert not missing, f"{name}: figure strings missing from the catalog: {missing}"
            if all(catalog[t] == t for t in texts):
                assert cn_src == en_src  # nothing to translate: the English figure
                continue
            assert cn_src.endswith(f"/{stem}.zh_CN.png"), cn_src
            png = (zh / "tutorials" / cn_src).resolve()
            assert png.read_bytes()[:4] == b"\x89PNG"
            assert png.read_bytes() != (site / "en" / "tutorials" / en_src).resolve().read_bytes()
            translated += 1
    assert translated >= 6


def test_gallery_thumbnails_follow_the_chinese_figures(zh):
    """A card shows the Chinese thumbnail when its tutorial's figure is Chinese."""
    page = parse(zh / "tutorials" / "index.html")
    thumbs = {
        img["src"].rsplit("/", 1)[1]: img
        for img in page.select(".sphx-glr-thumbcontainer img")
    }
    assert len(thumbs) == len(TUTORIALS)
    chinese = [name for name in thumbs if name.endswith("_thumb.zh_CN.png")]
    # Every tutorial but the tensor one (its thumbnail figure has only code in it).
    assert len(chinese) == len(TUTORIALS) - 1, sorted(thumbs)
    for name in chinese:
        assert (zh / "_images" / name).read_bytes()[:4] == b"\x89PNG"


def unrendered_markup(soup) -> list[str]:
    """reST/MyST markup left as text in a page: a sign of markup glued to Chinese.

    reST only sees ``literal``, **strong** or :role:`x` when the character
    before and after it may border markup; a translation that glues one to a
    Chinese character or bracket (``x``（…） shows the backquotes instead.
    """
    article = soup.select_one("article") or soup.body
    found = []
    for text in article.find_all(string=True) if article else []:
        if any(parent.name in ("pre", "code", "script", "style", "kbd") for parent in text.parents):
            continue
        if re.search(r"``|\*\*\S|\S\*\*|:(?:ref|doc|math|download):`", text):
            found.append(str(text).strip()[:80])
    return found


def test_unrendered_markup_pattern():
    from bs4 import BeautifulSoup

    glued = BeautifulSoup("<article><p>关闭 ``requires_grad``（末尾）</p></article>", "html.parser")
    assert unrendered_markup(glued)
    fine = BeautifulSoup("<article><p>关闭 <code>x ** 2</code>（末尾）</p></article>", "html.parser")
    assert unrendered_markup(fine) == []


def test_no_unrendered_markup_on_chinese_pages(zh):
    bad = [f"{page.relative_to(zh)}: {hit}" for page in pages(zh.parent, "zh_CN") for hit in unrendered_markup(parse(page))]
    assert not bad, "escape the space next to the markup with a backslash:\n" + "\n".join(bad)


def test_a_language_without_a_title_keeps_the_project_name():
    from types import SimpleNamespace

    from blitz.i18n.switcher import localize_config

    def config(language):
        return SimpleNamespace(
            language=language, project="PyTorch in 60 Minutes", html_title="", copyright="2026",
            site_titles={"zh_CN": "PyTorch 60 分钟入门"}, site_copyrights={}, html_theme_options={"a": 1},
            site_theme_options={"zh_CN": {"search_bar_text": "搜索"}},
        )

    zh, fr = config("zh_CN"), config("fr")
    localize_config(None, zh)
    localize_config(None, fr)
    assert (zh.html_title, zh.project, zh.html_theme_options) == (
        "PyTorch 60 分钟入门", "PyTorch 60 分钟入门", {"a": 1, "search_bar_text": "搜索"})
    assert (fr.html_title, fr.project, fr.html_theme_options) == ("PyTorch in 60 Minutes", "PyTorch in 60 Minutes", {"a": 1})
