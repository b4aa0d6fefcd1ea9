"""The one list of languages and the shared helper (tools/project.py), the
Makefile targets derived from it, and the root pages (tools/root_pages.py)."""

from __future__ import annotations

import gzip
import json
import os
import re
import shlex
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import project
import pytest
import root_pages
from bs4 import BeautifulSoup
from conftest import ROOT

THREE = '''\
language = "en"
locale_dirs = ["../locale"]
site_languages = {"zh_CN": "简体中文", "en": "English", "fr": "Français"}
site_titles = {"en": "PyTorch in 60 Minutes", "zh_CN": "PyTorch 60 分钟入门"}
'''


def three_languages(tmp_path: Path) -> Path:
    """A conf.py with a third language (fr) that has no catalogs yet."""
    conf = tmp_path / "conf.py"
    conf.write_text(THREE, encoding="utf-8")
    catalogs = tmp_path / "locale" / "zh_CN" / "LC_MESSAGES"
    catalogs.mkdir(parents=True, exist_ok=True)
    (catalogs / "404.po").write_text(
        'msgid "Page not found"\nmsgstr "找不到页面"\n\n#, fuzzy\nmsgid "Choose your language"\nmsgstr "选语言"\n',
        encoding="utf-8",
    )
    return conf


# -- The list of languages --------------------------------------------------------


def test_languages_are_conf_site_languages_source_first_as_literals(tmp_path):
    conf = three_languages(tmp_path)
    assert list(project.site_languages(conf)) == ["en", "zh_CN", "fr"]
    conf.write_text('language = "en"\nsite_languages = dict(en="English")\n', encoding="utf-8")
    with pytest.raises(ValueError, match="site_languages must be a literal"):
        project.site_languages(conf)
    conf.write_text('language = "en"\nsite_languages = {"fr": "Français"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="source language 'en' is not in site_languages"):
        project.site_languages(conf)
    with pytest.raises(LookupError, match="does not set html_title"):
        project.conf_value("html_title", conf)


# -- The Makefile, run in a scratch copy ------------------------------------------------


def make_dry_run(cwd: Path, *args: str) -> list[str]:
    """The commands `make -n` would run, one per line."""
    env = {k: v for k, v in os.environ.items() if k not in ("SPHINXOPTS", "MAKEFLAGS", "BUILDDIR")}
    proc = subprocess.run(["make", "-n", "--no-print-directory", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.splitlines()


def test_a_third_language_is_one_entry_in_conf(tmp_path):
    """`make html-<lang>` exists for every language of site_languages, and no other;
    it runs in a scratch copy of the project, which leaves the builds behind."""
    copy = project.copy_project(tmp_path, make=True)
    assert not (copy / "docs" / "tutorials").exists(), "the executed gallery was copied"
    assert not (copy / "_build").exists()
    assert sorted(p.name for p in (copy / "locale" / "zh_CN" / "LC_MESSAGES" / "tutorials").glob("*.po"))
    assert not list(copy.rglob("*.mo"))
    assert (copy / ".venv").resolve() == (ROOT / ".venv").resolve()
    assert (copy / "examples" / "data").is_symlink()
    three_languages(copy)
    (build,) = [line for line in make_dry_run(tmp_path, "-o", "check-po", "-o", "data", "html-fr") if "build_site.py" in line]
    assert shlex.split(build)[-2:] == ["--languages", "fr"]
    lines = make_dry_run(tmp_path, "-o", "check-po", "-o", "data", "html")
    (build,) = [i for i, line in enumerate(lines) if "tools/build_site.py" in line]
    (render,) = [i for i, line in enumerate(lines) if line.endswith("tools/root_pages.py _build/html")]
    assert render > build  # the root pages list the languages just built
    unknown = subprocess.run(["make", "-n", "html-de"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert unknown.returncode != 0 and "html-de" in unknown.stderr


# -- The root pages ----------------------------------------------------------------------


def test_root_pages_list_every_language(tmp_path):
    pages = root_pages.render(three_languages(tmp_path))
    index = BeautifulSoup(pages["index.html"], "html.parser")
    assert [a["href"] for a in index.select("body a")] == ["en/index.html", "zh_CN/index.html", "fr/index.html"]
    assert [a.get_text() for a in index.select("body a")] == ["English", "简体中文", "Français"]
    alternates = {link["hreflang"]: link["href"] for link in index.select('link[rel="alternate"]')}
    assert alternates == {"en": "en/index.html", "zh-CN": "zh_CN/index.html", "fr": "fr/index.html"}
    # fr has no title of its own: the English one is not repeated.
    assert index.title.get_text() == "PyTorch in 60 Minutes · PyTorch 60 分钟入门"
    # A fuzzy translation is no translation.
    assert index.select_one("body p").get_text() == "Choose your language"
    tags = json.loads(re.search(r"var siteLanguages = (\{.*?\});", pages["index.html"]).group(1))
    assert tags == {"en": "en", "zh-cn": "zh_CN", "zh": "zh_CN", "fr": "fr"}
    found = [root_pages.Language(code, code, "", root_pages.hreflang(code)) for code in ("en", "zh_CN", "zh_TW")]
    assert root_pages.language_tags(found) == {"en": "en", "zh-cn": "zh_CN", "zh-tw": "zh_TW", "zh": "zh_CN"}

    not_found = BeautifulSoup(pages["404.html"], "html.parser")
    assert "(en|zh_CN|fr)" in not_found.script.get_text()
    assert [(s.get("lang"), s.get_text()) for s in not_found.select("h1 span")] == [("zh-CN", "找不到页面")]
    assert not_found.title.get_text() == "Page not found · 找不到页面"


def test_every_translation_translates_the_root_pages():
    pages = root_pages.render()
    for language in project.TRANSLATIONS:
        tag = root_pages.hreflang(language)
        for name in root_pages.PAGES:
            soup = BeautifulSoup(pages[name], "html.parser")
            assert soup.select(f'body [lang="{tag}"]'), f"{name} has no {language} text: translate it in its catalogs"


# -- The server --------------------------------------------------------------------------


def test_serve_answers_like_github_pages(tmp_path):
    (tmp_path / "404.html").write_text("<h1>not here</h1>", encoding="utf-8")
    (tmp_path / "page.html").write_text("<p>" + "text " * 200 + "</p>", encoding="utf-8")
    with project.serve(tmp_path) as base:
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(base + "nowhere.html", timeout=10)
        assert missing.value.code == 404 and missing.value.read() == b"<h1>not here</h1>"
        request = urllib.request.Request(base + "page.html", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            assert gzip.decompress(response.read()) == (tmp_path / "page.html").read_bytes()
