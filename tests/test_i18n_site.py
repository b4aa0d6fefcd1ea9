"""The Chinese site runs the same code as the English one, with Chinese words, figures and search."""

from __future__ import annotations

import json
import re
import textwrap

import pytest
from blitz.i18n.code_comments import code_ast, docstring_messages, find_comments, find_docstrings
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
            # A PNG of the page's size: test_pages.py (figures_have_size_and_load_lazily).
            png = (zh / "tutorials" / cn_src).resolve()
            assert png.read_bytes() != (site / "en" / "tutorials" / en_src).resolve().read_bytes()
            translated += 1
    assert translated >= 6


def test_gallery_thumbnails_follow_the_chinese_figures(site):
    """A card shows the Chinese thumbnail when its tutorial's figure is Chinese (each one decodes: test_browser.py)."""
    cards = parse(site / "zh_CN" / "tutorials" / "index.html").select(".sphx-glr-thumbcontainer img")
    thumbs = [img["src"].rsplit("/", 1)[1] for img in cards]
    assert len(thumbs) == len(TUTORIALS)
    chinese = [name for name in thumbs if name.endswith("_thumb.zh_CN.png")]
    # Every tutorial but the tensor one (its thumbnail figure has only code in it).
    assert len(chinese) == len(TUTORIALS) - 1, sorted(thumbs)


def test_a_language_without_a_title_keeps_the_project_name():
    """A language with a title and theme strings gets them: test_browser.py finds no English on the Chinese pages
    (their title and search box included)."""
    from types import SimpleNamespace

    from blitz.i18n.switcher import localize_config

    title = "PyTorch in 60 Minutes"
    config = SimpleNamespace(
        language="fr", project=title, html_title="", copyright="2026",
        site_titles={"zh_CN": "PyTorch 60 分钟入门"}, site_copyrights={}, html_theme_options={"a": 1},
        site_theme_options={"zh_CN": {"search_bar_text": "搜索"}},
    )
    localize_config(None, config)
    assert (config.html_title, config.project, config.html_theme_options) == (title, title, {"a": 1})
