"""The Chinese site runs the same code as the English one, with Chinese words, figures and search."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest
from blitz.i18n.code_comments import code_ast, docstring_messages, find_comments, find_docstrings
from blitz.i18n.downloads import without_solutions
from blitz.i18n.figure_drawing import SIDECAR_SUFFIX
from conftest import ROOT, TUTORIALS, parse, translations

CJK = re.compile(r"[\u4e00-\u9fff]")
FIGURES = "img.sphx-glr-single-img, img.sphx-glr-multi-img"


@pytest.mark.parametrize("name", TUTORIALS)
def test_chinese_code_is_the_executed_code(site, name):
    """Only comments and docstrings differ, and they are Chinese."""
    pages = (parse(site / lang / f"tutorials/{name}.html") for lang in ("en", "zh_CN"))
    code = "div.highlight-Python pre, div.highlight-python pre"
    en_blocks, zh_blocks = ([pre.get_text() for pre in page.select(code)] for page in pages)
    translated = {msgid for catalog, msgid, _ in translations() if catalog == f"tutorials/{name}.po"}
    assert en_blocks and len(en_blocks) == len(zh_blocks)
    translated_comments = 0
    for en, cn in zip(map(textwrap.dedent, en_blocks), map(textwrap.dedent, zh_blocks)):
        assert code_ast(en) == code_ast(cn)
        translated_comments += len(re.findall(r"#[^\n]*[\u4e00-\u9fff]", cn))
        # A comment or docstring paragraph may stay English only while its catalog has no translation for it.
        messages = [c.message for c in find_comments(cn)]
        messages += [m for doc in find_docstrings(cn) for m in docstring_messages(doc.text)]
        english = [m[:60] for m in messages if m in translated and not CJK.search(m)]
        assert not english, f"English left in {name} although it is translated: {english}"
    if any("#" in b for b in en_blocks):
        assert translated_comments > 0


@pytest.mark.parametrize("name", TUTORIALS)
def test_downloads_english_untouched_chinese_localized(site, name):
    """The English script is the source without its exercise solutions, but
    for its cross-references (the page's title instead of ``:ref:`label```);
    the Chinese script and notebook run the same code as the English ones,
    comments aside."""
    def download(root: Path, suffix: str) -> str:
        (found,) = (root / "_downloads").glob(f"*/{name}{suffix}")
        return found.read_text(encoding="utf-8")

    def cells(root: Path, kind: str) -> list[str]:
        return ["".join(c["source"]) for c in json.loads(download(root, ".ipynb"))["cells"] if c["cell_type"] == kind]

    zh = site / "zh_CN"
    source = without_solutions((ROOT / "examples" / f"{name}.py").read_text(encoding="utf-8"))
    english = download(site / "en", ".py").split("\n")
    assert len(english) == len(source.split("\n"))
    changed = [old for old, new in zip(source.split("\n"), english) if old != new]
    assert all(":ref:`" in line for line in changed), changed
    chinese = download(zh, ".py")
    assert CJK.search(chinese)
    assert code_ast(chinese) == code_ast(source)
    assert all(CJK.search(doc.text) for doc in find_docstrings(chinese))
    assert CJK.search("".join(cells(zh, "markdown")))
    # The Chinese notebook runs what the English one runs (which test_downloads.py executes).
    assert [code_ast(c) for c in cells(zh, "code")] == [code_ast(c) for c in cells(site / "en", "code")]


def test_one_english_message_has_one_chinese_rendering():
    renderings: dict[str, dict[str, str]] = {}
    for catalog, msgid, msgstr in translations():
        renderings.setdefault(msgid, {})[catalog] = msgstr
    different = {msgid: where for msgid, where in renderings.items() if len(set(where.values())) > 1}
    assert not different, f"translate these alike in every catalog: {different}"


def test_figures_with_text_are_chinese_on_chinese_pages(site):
    """Each figure whose strings are translated is drawn again, in Chinese."""
    images, zh = ROOT / "docs" / "tutorials" / "images", site / "zh_CN"
    translated = 0
    for name in TUTORIALS:
        catalog = {msgid: msgstr for po, msgid, msgstr in translations() if po == f"tutorials/{name}.po"}
        pages = (parse(lang / f"tutorials/{name}.html") for lang in (site / "en", zh))
        en, cn = ([img["src"] for img in page.select(FIGURES)] for page in pages)
        assert len(en) == len(cn)
        for en_src, cn_src in zip(en, cn):
            stem = en_src.rsplit("/", 1)[1].removesuffix(".png")
            assert ".zh_CN." not in en_src
            texts = json.loads((images / f"{stem}{SIDECAR_SUFFIX}").read_text(encoding="utf-8"))["texts"]
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


def test_gallery_thumbnails_follow_the_chinese_figures(site):
    """A card shows the Chinese thumbnail when its tutorial's figure is Chinese."""
    zh = site / "zh_CN"
    cards = parse(zh / "tutorials" / "index.html").select(".sphx-glr-thumbcontainer img")
    thumbs = [img["src"].rsplit("/", 1)[1] for img in cards]
    assert len(thumbs) == len(TUTORIALS)
    chinese = [name for name in thumbs if name.endswith("_thumb.zh_CN.png")]
    # Every tutorial but the tensor one (its thumbnail figure has only code in it).
    assert len(chinese) == len(TUTORIALS) - 1, sorted(thumbs)
    for name in chinese:
        assert (zh / "_images" / name).read_bytes()[:4] == b"\x89PNG"


def test_a_language_without_a_title_keeps_the_project_name():
    from types import SimpleNamespace

    from blitz.i18n.switcher import localize_config

    zh_title, zh_theme = "PyTorch 60 分钟入门", {"a": 1, "search_bar_text": "搜索"}
    for language, title, theme in [("zh_CN", zh_title, zh_theme), ("fr", "PyTorch in 60 Minutes", {"a": 1})]:
        config = SimpleNamespace(
            language=language, project="PyTorch in 60 Minutes", html_title="", copyright="2026",
            site_titles={"zh_CN": "PyTorch 60 分钟入门"}, site_copyrights={}, html_theme_options={"a": 1},
            site_theme_options={"zh_CN": {"search_bar_text": "搜索"}},
        )
        localize_config(None, config)
        assert (config.html_title, config.project, config.html_theme_options) == (title, title, theme)
