"""The extensions in a real Sphinx build of a tiny project (tests/roots/test-tiny):
a second each, no torch, no gallery; they run with `make check`."""

from __future__ import annotations

import json

import pytest


@pytest.mark.sphinx("html", testroot="tiny", confoverrides={"language": "zh_CN"})
def test_the_chinese_build(app):
    from blitz import _compat

    app.build()
    index = (app.outdir / "index.html").read_text(encoding="utf-8")
    # A hostile translation of a template label reaches the page as text.
    assert "<img src=x onerror" not in index
    assert "&lt;img src=x onerror=alert(document.domain)&gt;快速搜索" in index
    assert "<h3>导航</h3>" in index  # a translation without markup is used as it is
    # A new page has no catalog yet: the whole-page notice, linking to how to help.
    new = (app.outdir / "new.html").read_text(encoding="utf-8")
    assert "本页尚未翻译。" in new and 'href="index.html">参与翻译</a>' in new
    language = _compat.search_language(app.builder)
    assert language is not None and language.lang == "zh", _compat.search_language.__doc__


@pytest.mark.sphinx("html", testroot="tiny")
def test_a_finished_build_lists_its_pages(app):
    app.build()
    manifest = json.loads((app.outdir / ".build-manifest.json").read_text(encoding="utf-8"))
    assert manifest == {"pages": ["index.html", "new.html"]}


def test_an_edited_extension_reads_every_page_again(tmp_path):
    from blitz import site_manifest

    (tmp_path / "ext.py").write_text("X = 1\n")
    before = site_manifest.extension_digest(tmp_path)
    (tmp_path / "ext.py").write_text("X = 2\n")
    assert site_manifest.extension_digest(tmp_path) != before
