"""The Chinese site runs the same code as the English one, with Chinese words, figures and search."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest
from blitz.i18n.code_comments import code_ast, docstring_messages, find_comments, find_docstrings
from blitz.i18n.downloads import without_solutions
from conftest import ROOT, TUTORIALS, parse, translations

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="session")
def zh(site):
    return site / "zh_CN"


def _code_blocks(page: Path) -> list[str]:
    return [pre.get_text() for pre in parse(page).select("div.highlight-Python pre, div.highlight-python pre")]


@pytest.mark.parametrize("name", TUTORIALS)
def test_chinese_code_is_the_executed_code(site, zh, name):
    """Only comments and docstrings differ, and they are Chinese."""
    en_blocks = _code_blocks(site / "en" / "tutorials" / f"{name}.html")
    zh_blocks = _code_blocks(zh / "tutorials" / f"{name}.html")
    translated = {msgid for catalog, msgid, _ in translations() if catalog == f"tutorials/{name}.po"}
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
    # The Chinese notebook runs what the English one runs (which test_downloads.py executes).
    code = {lang: [code_ast("".join(c["source"])) for c in cells if c["cell_type"] == "code"]
            for lang, cells in notebooks.items()}
    assert code["zh_CN"] == code["en"]


def test_one_english_message_has_one_chinese_rendering():
    renderings: dict[str, dict[str, str]] = {}
    for catalog, msgid, msgstr in translations():
        renderings.setdefault(msgid, {})[catalog] = msgstr
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
    for path, msgid, msgstr in translations():
        catalogs.setdefault(path, {})[msgid] = msgstr
    images = ROOT / "docs" / "tutorials" / "images"
    translated = 0
    for name in TUTORIALS:
        catalog = catalogs[f"tutorials/{name}.po"]
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
