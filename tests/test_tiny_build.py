"""The extensions in a real Sphinx build of a tiny project (tests/roots/test-tiny):
a second each, no torch, no gallery; they run with `make check`."""

from __future__ import annotations

import json

import pytest


@pytest.mark.sphinx("html", testroot="tiny", confoverrides={"language": "zh_CN"})
def test_a_hostile_template_label_reaches_the_page_as_text(app):
    app.build()
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert "<img src=x onerror" not in html
    assert "&lt;img src=x onerror=alert(document.domain)&gt;快速搜索" in html
    assert "<h3>导航</h3>" in html  # a translation without markup is used as it is


@pytest.mark.sphinx("html", testroot="tiny")
def test_a_finished_build_lists_its_pages(app):
    app.build()
    manifest = json.loads((app.outdir / ".build-manifest.json").read_text(encoding="utf-8"))
    assert manifest == {"pages": ["index.html"]}


def test_an_edited_extension_reads_every_page_again(tmp_path):
    from blitz import site_manifest

    (tmp_path / "ext.py").write_text("X = 1\n")
    before = site_manifest.extension_digest(tmp_path)
    (tmp_path / "ext.py").write_text("X = 2\n")
    assert site_manifest.extension_digest(tmp_path) != before
