"""The contributor contract: an English-only edit builds, and the Chinese site shows it in English.

One scratch copy of the project, shared by the tests in this order: a
tutorial gains an English sentence and a code comment and one translation
turns fuzzy (as `make update-po` leaves it), then `make html`; then
`make update-po` and `make html` again.  (A page without a catalog: test_tiny_build.py;
the notice on every page of the built site: test_pages.py.)
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import po_stats
import pytest
from conftest import copy_project, parse
from project import serve
from site_checks import browser_page, english_on_page, open_page

NEW_SENTENCE = "This sentence was added in English and has no translation yet."
NEW_COMMENT = "Add two to every element of x."
FUZZY_MSGID = "**What you will learn**"
FUZZY_MSGSTR = "**你将学到**"
PO = Path("locale/zh_CN/LC_MESSAGES/tutorials/autograd_tutorial.po")


def _make(project: Path, goal: str) -> None:
    """`make <goal>` in the scratch project, as a contributor runs it (no new .venv)."""
    command = ["make", "--no-print-directory", "-o", ".venv/.requirements-installed", goal]
    proc = subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=1200)
    assert proc.returncode == 0, f"make {goal}:\n" + (proc.stdout + proc.stderr)[-3000:]


def _edit(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in ``path``, which must have it."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path} has no {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _chinese_page_checks(project: Path, browser) -> None:
    """What the browser tests check on a Chinese page: no English outside what it marks untranslated."""
    with serve(project / "_build" / "html") as url, browser_page(browser) as page:
        open_page(page, f"{url}zh_CN/tutorials/autograd_tutorial.html")
        assert page.locator(".untranslated", has_text=NEW_SENTENCE).count() == 1
        assert page.locator(".translation-notice").count() == 1
        assert english_on_page(page) == []


@pytest.fixture(scope="module")
def english_edit(tmp_path_factory):
    """The scratch project after an English edit, built in every language."""
    project = copy_project(tmp_path_factory.mktemp("notice") / "project", make=True, gallery=True)
    script = project / "examples" / "autograd_tutorial.py"
    _edit(script, "with the chain rule.\n", f"with the chain rule.\n\n{NEW_SENTENCE}\n")
    _edit(script, "\ny = x + 2\n", f"\n# {NEW_COMMENT}\ny = x + 2\n")
    entry = f'msgid "{FUZZY_MSGID}"\nmsgstr "{FUZZY_MSGSTR}"\n'
    _edit(project / PO, entry, "#, fuzzy\n" + entry)
    _make(project, "html")
    return project


def _notice_count(page: Path) -> int:
    """The count the page's notice gives, 0 without one."""
    text = " ".join(notice.get_text() for notice in parse(page).select(".translation-notice"))
    match = re.search(r"本页有 (\d+) 段尚未翻译，暂以英文显示。", text)
    return int(match[1]) if match else 0


@pytest.mark.slow
def test_chinese_page_shows_the_new_english_under_a_notice_and_passes_the_chinese_checks(site, english_edit, browser):
    _chinese_page_checks(english_edit, browser)
    file = english_edit / "_build/html/zh_CN/tutorials/autograd_tutorial.html"
    page = parse(file)
    untranslated = [" ".join(el.get_text().split()) for el in page.select(".untranslated")]
    assert "What you will learn" in untranslated  # the fuzzy entry falls back to English
    assert "你将学到" not in page.get_text()
    code = "\n".join(pre.get_text() for pre in page.select("div.highlight-Python pre"))
    assert f"# {NEW_COMMENT}" in code
    # The Chinese downloads follow the page: no stale Chinese either.
    downloads = {d.suffix: d for d in (english_edit / "_build/html/zh_CN/_downloads").glob("*/autograd_tutorial.*")}
    for suffix in (".py", ".ipynb"):
        text = downloads[suffix].read_text(encoding="utf-8")
        assert "你将学到" not in text and NEW_SENTENCE in text, downloads[suffix]
    # The rest of the page is still Chinese.
    assert page.find(string=re.compile("自动微分"))
    # The notice counts three more messages than the site built from the working
    # tree (0 on a clean clone), and links to how to help.
    assert _notice_count(file) == _notice_count(site / "zh_CN" / "tutorials" / "autograd_tutorial.html") + 3
    href = page.select_one(".translation-notice a")["href"]
    target, _, anchor = href.partition("#")
    assert parse((file.parent / target).resolve()).find(id=anchor) is not None, href


@pytest.mark.slow
def test_after_update_po_the_checks_pass_and_the_strict_check_names_the_messages(english_edit, browser, capsys):
    _make(english_edit, "update-po")
    assert NEW_SENTENCE in (english_edit / PO).read_text(encoding="utf-8"), "make update-po did not add it"
    locale = english_edit / "locale" / "zh_CN"
    assert po_stats.main([str(locale), "--summary"]) == 0  # what `make test` prints, without failing
    assert po_stats.main([str(locale), "--strict"]) == 1
    err = capsys.readouterr().err
    po = english_edit / PO
    lines = po.read_text(encoding="utf-8").splitlines()
    for kind, msgid in (("untranslated", NEW_SENTENCE), ("untranslated", NEW_COMMENT),
                        ("fuzzy (needs review)", FUZZY_MSGID)):
        match = re.search(rf"{re.escape(str(po))}:(\d+): {re.escape(kind)}: {re.escape(msgid)}", err)
        assert match, f"{kind} {msgid!r} not named in:\n{err}"
        assert lines[int(match.group(1)) - 1] == f'msgid "{msgid}"'
    # A contributor who ran `make update-po` and translated nothing builds and passes too.
    _make(english_edit, "html")
    _chinese_page_checks(english_edit, browser)


def test_front_matter_is_no_english_on_the_page():
    """Front matter (orphan: true), a field list Sphinx takes out of the page like docinfo, is not English shown."""
    from blitz.i18n.notice import _metadata
    from docutils import nodes
    from docutils.core import publish_doctree

    page = ":orphan: True\n\nTitle\n=====\n\ntext\n\n:name: x\n"
    for docinfo in (False, True):  # a field list (Markdown's front matter), then docinfo
        document = publish_doctree(page, settings_overrides={"docinfo_xform": docinfo, "doctitle_xform": False})
        shown = [(p.astext(), _metadata(p)) for p in document.findall(nodes.paragraph)]
        assert shown == [("True", True), ("text", False), ("x", False)], document.pformat()
