"""English-only changes: the Chinese site shows the new English under a notice.

One scratch build of a copy of the project, where a tutorial's docstring
gains an English sentence and a code comment, and one translation turns
fuzzy, as `make update-po` leaves it after an English edit; another page
loses its catalog, like a new page.  The built site is checked on
parsed HTML; the strict check must name both messages.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import po_stats
import pytest
from conftest import copy_project, parse
from project import LANGUAGES, sphinx_argv

SPHINX = [sys.executable, "-m", "sphinx", "-c", "."]
ONLY_AUTOGRAD = ["-D", "sphinx_gallery_conf.filename_pattern=autograd_tutorial"]
NEW_SENTENCE = "This sentence was added in English and has no translation yet."
NEW_COMMENT = "Add two to every element of x."
FUZZY_MSGID = "**What you will learn**"
FUZZY_MSGSTR = "**你将学到**"
PO = Path("locale/zh_CN/LC_MESSAGES/tutorials/autograd_tutorial.po")
NEW_PAGE_PO = Path("locale/zh_CN/LC_MESSAGES/tutorials/index.po")


def _run(command, cwd):
    proc = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return proc


@pytest.fixture(scope="module")
def english_edit(tmp_path_factory):
    """The scratch project after an English edit, built in every language."""
    project = copy_project(tmp_path_factory.mktemp("notice") / "project")
    script = project / "examples" / "autograd_tutorial.py"
    text = script.read_text(encoding="utf-8")
    anchor = "with the chain rule.\n"
    assert anchor in text
    text = text.replace(anchor, anchor + "\n" + NEW_SENTENCE + "\n", 1)
    assert "\ny = x + 2\n" in text
    text = text.replace("\ny = x + 2\n", f"\n# {NEW_COMMENT}\ny = x + 2\n", 1)
    script.write_text(text, encoding="utf-8")
    po = project / PO
    catalog = po.read_text(encoding="utf-8")
    entry = f'msgid "{FUZZY_MSGID}"\nmsgstr "{FUZZY_MSGSTR}"\n'
    assert entry in catalog
    po.write_text(catalog.replace(entry, "#, fuzzy\n" + entry, 1), encoding="utf-8")
    # A page without a catalog yet, like a new one.
    (project / NEW_PAGE_PO).unlink()
    for lang in LANGUAGES:
        _run(sphinx_argv(lang, options=("-W", "--keep-going", *ONLY_AUTOGRAD)), project)
    return project


@pytest.mark.slow
def test_chinese_page_shows_the_new_english_and_no_stale_chinese(english_edit):
    page = parse(english_edit / "_build/html/zh_CN/tutorials/autograd_tutorial.html")
    untranslated = [" ".join(el.get_text().split()) for el in page.select(".untranslated")]
    assert NEW_SENTENCE in untranslated
    assert "What you will learn" in untranslated  # the fuzzy entry falls back to English
    assert "你将学到" not in page.get_text()
    code = "\n".join(pre.get_text() for pre in page.select("div.highlight-Python pre"))
    assert f"# {NEW_COMMENT}" in code
    # The Chinese downloads follow the page: no stale Chinese either.
    downloads = sorted((english_edit / "_build/html/zh_CN/_downloads").glob("*/autograd_tutorial.*"))
    assert {d.suffix for d in downloads} >= {".py", ".ipynb"}
    for download in downloads:
        if download.suffix in (".py", ".ipynb"):
            text = download.read_text(encoding="utf-8")
            assert "你将学到" not in text and NEW_SENTENCE in text, download
    # The rest of the page is still Chinese.
    assert page.find(string=re.compile("自动微分"))


def _notice_count(page: Path) -> int:
    notices = parse(page).select(".translation-notice")
    assert len(notices) <= 1, page
    if not notices:
        return 0
    match = re.search(r"本页有 (\d+) 段尚未翻译，暂以英文显示。", notices[0].get_text())
    assert match, notices[0].get_text()
    return int(match.group(1))


@pytest.mark.slow
def test_notice_counts_the_messages_and_links_to_how_to_help(site, english_edit):
    zh = english_edit / "_build/html/zh_CN"
    page = zh / "tutorials" / "autograd_tutorial.html"
    # Three more than in the site built from the working tree (0 on a clean clone).
    before = _notice_count(site / "zh_CN" / "tutorials" / "autograd_tutorial.html")
    assert _notice_count(page) == before + 3
    notices = parse(page).select(".translation-notice")
    href = notices[0].select_one("a")["href"]
    target, _, anchor = href.partition("#")
    assert parse((page.parent / target).resolve()).find(id=anchor) is not None, href
    # The English site never carries the notice.
    (whole,) = parse(zh / "tutorials" / "index.html").select(".translation-notice")
    assert "本页尚未翻译，暂以英文显示。" in whole.get_text()
    english = parse(english_edit / "_build/html/en/tutorials/autograd_tutorial.html")
    assert not english.select(".translation-notice, .untranslated")


@pytest.mark.slow
def test_strict_check_names_the_messages_after_update_po(english_edit, capsys):
    project = english_edit
    # `make update-po`, restricted to the tutorial this build executed.
    _run([*SPHINX, "-b", "gettext", "-d", "_build/doctrees/gettext", *ONLY_AUTOGRAD, "docs", "_build/gettext"],
         project)
    _run([sys.executable, "-m", "sphinx_intl", "update", "-p", "_build/gettext", "-d", "locale", "-l", "zh_CN",
          "-w", "0"], project)
    locale = project / "locale" / "zh_CN"
    assert po_stats.main([str(locale), "--summary"]) == 0  # what `make test` prints, without failing
    assert po_stats.main([str(locale), "--strict"]) == 1
    err = capsys.readouterr().err
    po = project / PO
    lines = po.read_text(encoding="utf-8").splitlines()
    for kind, msgid in (("untranslated", NEW_SENTENCE), ("untranslated", NEW_COMMENT),
                        ("fuzzy (needs review)", FUZZY_MSGID)):
        match = re.search(rf"{re.escape(str(po))}:(\d+): {re.escape(kind)}: {re.escape(msgid)}", err)
        assert match, f"{kind} {msgid!r} not named in:\n{err}"
        assert lines[int(match.group(1)) - 1] == f'msgid "{msgid}"'


def _pages(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.html") if not p.relative_to(root).parts[0].startswith("_"))


def test_built_chinese_pages_that_show_english_say_so(site):
    """On the site `make test` built: a notice wherever English text shows, never in English."""
    for page in _pages(site / "zh_CN"):
        soup = parse(page)
        shown = {" ".join(el.get_text().split()) for el in soup.select(".untranslated")}
        if not shown:
            continue
        notice = soup.select_one(".translation-notice")
        assert notice is not None, f"{page}: English text without a notice: {sorted(shown)[:3]}"
        match = re.search(r"本页有 (\d+) 段", notice.get_text())
        assert match is None or int(match.group(1)) >= len(shown), page
    for page in _pages(site / "en"):
        assert not parse(page).select(".translation-notice, .untranslated"), page


def test_front_matter_is_no_english_on_the_page():
    """A Markdown page's front matter (orphan: true) is a field list that
    Sphinx takes out of the page: it is not counted as English shown."""
    from blitz.i18n.notice import _metadata
    from docutils import nodes
    from docutils.utils import new_document

    document = new_document("page.md")
    front = nodes.field_list("", nodes.field("", nodes.field_name("", "orphan"), nodes.field_body("", nodes.paragraph("", "True"))))
    section = nodes.section("", nodes.title("", "标题"), nodes.paragraph("", "text"))
    in_text = nodes.field_list("", nodes.field("", nodes.field_name("", "name"), nodes.field_body("", nodes.paragraph("", "x"))))
    section += in_text
    document += [front, section]
    assert _metadata(front[0][1][0])
    assert not _metadata(section[1])
    assert not _metadata(in_text[0][1][0])


def test_the_chinese_not_found_page_has_no_notice(site):
    """docs/404.md is fully translated (its front matter once counted as two messages)."""
    assert not parse(site / "zh_CN" / "404.html").select(".translation-notice")
