"""The notebooks' text cells are Markdown, in both languages (docs/_ext/blitz/i18n/markdown.py).

The pure tests convert small reST blocks; ``test_every_markdown_cell_*``
parses every markdown cell of every downloaded notebook of the built site
(``.ipynb`` and the one in each ``.zip``), English and Chinese, with
markdown-it (CommonMark, pipe tables, dollar math: what Jupyter renders)
and fails on what reST leaves behind: roles, labels, directives,
backslash escapes, table rules drawn as headings.  No execution; `make html`
builds the site first.
"""

from __future__ import annotations

import json
import re
import zipfile

import pytest
from blitz.i18n.markdown import HeadingLevels, rst_to_markdown
from conftest import LANGUAGES, SITE
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

MD = MarkdownIt("commonmark").enable("table").use(dollarmath_plugin)


def tokens(markdown: str) -> list:
    """Every token of the parsed Markdown, inline children included."""
    found = []
    for token in MD.parse(markdown):
        found.append(token)
        found.extend(token.children or [])
    return found


def text_of(markdown: str) -> str:
    """The text a reader sees: text tokens only (no code, math or markup)."""
    blocks = [
        "".join(c.content if c.type == "text" else " " * (c.type == "softbreak") for c in token.children)
        for token in MD.parse(markdown)
        if token.type == "inline"
    ]
    return re.sub(r"\s+", " ", " ".join(blocks)).strip()


def links(markdown: str) -> list[str]:
    return [t.attrs["href"] for t in tokens(markdown) if t.type == "link_open"]


def site(kind, target):
    pages = {"sphx_glr_tutorials_autograd_tutorial.py": ("../../tutorials/autograd_tutorial.html", "Autograd")}
    return pages.get(target)


# -- Conversion of the constructs the tutorials use ---------------------------------


def test_ref_becomes_a_link_with_the_page_title():
    md = rst_to_markdown("**Prerequisites:** :ref:`sphx_glr_tutorials_autograd_tutorial.py`.", site)
    assert links(md) == ["../../tutorials/autograd_tutorial.html"]
    assert text_of(md) == "Prerequisites: Autograd."


def test_ref_with_its_own_text_and_unknown_labels_read_as_text():
    md = rst_to_markdown("See :ref:`the next step <sphx_glr_tutorials_autograd_tutorial.py>` and :ref:`nowhere`.", site)
    assert links(md) == ["../../tutorials/autograd_tutorial.html"]
    assert "the next step" in text_of(md) and "nowhere" in text_of(md) and ":ref:" not in md


def test_escaped_space_vanishes_and_emphasis_closes_beside_chinese():
    md = rst_to_markdown("*可选，约 15 分钟。*\\ 当一个设备太慢时，用 **多个**\\ 设备。")
    assert "\\" not in md
    # CommonMark cannot close "*...。*" before a letter: that one is HTML.
    assert MD.render(md) == "<p><em>可选，约 15 分钟。</em>当一个设备太慢时，用 <strong>多个</strong>设备。</p>\n"


def test_simple_table_becomes_a_pipe_table():
    md = rst_to_markdown("=====  ===========\nLabel  Class\n=====  ===========\n0      T-shirt/top\n1      Trouser\n=====  ===========\n")
    types = [t.type for t in tokens(md)]
    assert "table_open" in types and "heading_open" not in types
    cells = [t.content for t in tokens(md) if t.type == "inline"]
    assert cells == ["Label", "Class", "0", "T-shirt/top", "1", "Trouser"]


def test_dropdown_note_math_and_code():
    text = (
        "Intro.\n\n.. note::\n\n   Keep the seed.\n\n.. math::\n\n   y = \\frac{1}{2} x^2\n\n"
        ".. code-block:: bash\n\n   torchrun --nproc-per-node 2 train.py\n\n"
        ".. dropdown:: Solution\n\n   ``(3, 4)``.  Each *1* is stretched: :math:`a_i`.\n"
    )
    md = rst_to_markdown(text, labels={"note": "Note"})
    kinds = {t.type for t in tokens(md)}
    assert {"blockquote_open", "math_block", "fence", "html_block", "math_inline", "code_inline"} <= kinds
    assert "<details><summary>Solution</summary>" in md and "</details>" in md
    fence = next(t for t in tokens(md) if t.type == "fence")
    assert fence.info == "bash" and fence.content == "torchrun --nproc-per-node 2 train.py\n"
    assert "Note" in text_of(md) and ".." not in text_of(md)


def test_heading_levels_follow_the_adornment_across_blocks():
    levels = HeadingLevels()
    first = rst_to_markdown("=====\nTitle\n=====\n\nText.\n\nPart\n----\n", headings=levels)
    later = rst_to_markdown("Sub\n~~~\n\nText.\n\nNext part\n---------\n", headings=levels)
    assert [line for line in first.splitlines() if line.startswith("#")] == ["# Title", "## Part"]
    assert [line for line in later.splitlines() if line.startswith("#")] == ["### Sub", "## Next part"]


def test_markdown_characters_in_text_are_escaped():
    md = rst_to_markdown("Costs $5 and *a* [b] <c> x_1 a_b_c ``not * text``.")
    assert text_of(md).replace(" ", "") == "Costs$5anda[b]<c>x_1a_b_c."
    assert "x_1" in md and "a_b_c" in md  # names keep their underscores


# -- Every notebook of the built site ---------------------------------------------


def notebooks(language: str) -> list[tuple[str, dict]]:
    downloads = SITE / language / "_downloads"
    found = [(str(p.relative_to(SITE)), json.loads(p.read_text(encoding="utf-8"))) for p in sorted(downloads.glob("*/*.ipynb"))]
    for path in sorted(downloads.glob("*/*.zip")):
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if name.endswith(".ipynb"):
                    found.append((f"{path.relative_to(SITE)}:{name}", json.loads(archive.read(name))))
    return found


# A role (:ref:`x`), an explicit markup start (".. _label:", ".. dropdown::"),
# a reST escape left as text, a gallery label.
REST_LEFTOVERS = re.compile(r":[a-z:]+:`|(^|\s)\.\. [\w-]*::?|\\|sphx_glr_|`")
RULE = re.compile(r"^[=\-~^]{3,}(\s+[=\-~^]{3,})*$")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_markdown_cell_is_clean_markdown(language, site_dir):
    found = notebooks(language)
    assert len(found) >= 10, f"{language}: expected the tutorials' notebooks and zips, found {len(found)}"
    problems = []
    for where, notebook in found:
        for number, cell in enumerate(notebook["cells"]):
            if cell["cell_type"] != "markdown":
                continue
            source = "".join(cell["source"])
            for token in tokens(source):
                if token.type == "heading_open" and token.markup in ("=", "-"):
                    problems.append(f"{where} cell {number}: a setext heading (a reST title or table rule)")
                if token.type == "text" and (REST_LEFTOVERS.search(token.content) or RULE.match(token.content)):
                    problems.append(f"{where} cell {number}: {token.content!r}")
                if token.type == "paragraph_open" and token.map and RULE.match(source.split("\n")[token.map[0]]):
                    problems.append(f"{where} cell {number}: a table rule")
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize("language", LANGUAGES)
def test_notebook_links_go_to_pages_of_the_same_language(language, site_dir):
    checked = 0
    for where, notebook in notebooks(language):
        if ":" in where:
            continue  # the zip's copy is the same notebook
        folder = (SITE / where).parent
        for cell in notebook["cells"]:
            if cell["cell_type"] != "markdown":
                continue
            for href in links("".join(cell["source"])):
                if href.startswith(("http://", "https://", "mailto:")):
                    continue
                page = (folder / href.split("#")[0]).resolve()
                assert page.is_file(), f"{where}: {href} is not a page of the site"
                assert page.is_relative_to((SITE / language).resolve()), f"{where}: {href} leaves the {language} site"
                checked += 1
    assert checked >= 4, f"{language}: expected the tutorials' links to the next page, found {checked}"


# -- Every script ---------------------------------------------------------------------

CJK_ESCAPE = re.compile(r"[^\x00-\x7f]\\[ \n]|\\ [^\x00-\x7f]")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_script_comment_reads_as_plain_text(language, site_dir):
    from blitz.i18n.script_text import split_script

    scripts = []
    for path in sorted((SITE / language / "_downloads").glob("*/*_tutorial.py")):
        scripts.append((str(path.relative_to(SITE)), path.read_text(encoding="utf-8")))
    for path in sorted((SITE / language / "_downloads").glob("*/*.zip")):
        with zipfile.ZipFile(path) as archive:
            scripts += [(f"{path.name}:{n}", archive.read(n).decode()) for n in archive.namelist() if n.endswith(".py")]
    assert len(scripts) >= 10
    for where, source in scripts:
        blocks, _ = split_script(source)
        for block in blocks:
            if block.type == "text":
                assert ":ref:`" not in block.content and ":doc:`" not in block.content, f"{where}: {block.content[:200]}"
                assert not CJK_ESCAPE.search(block.content), f"{where}: {CJK_ESCAPE.search(block.content).group()}"


def test_table_cells_are_translated_in_the_notebook():
    table = "=====  =====\nLabel  Class\n=====  =====\n0      Shirt\n=====  =====\n"
    md = rst_to_markdown(table, lookup={"Label": "标签", "Shirt": "衬衫（Shirt）"}.get)
    assert [t.content for t in tokens(md) if t.type == "inline"] == ["标签", "Class", "0", "衬衫（Shirt）"]


def test_script_comments_lose_roles_and_escapes_but_keep_their_layout():
    from blitz.i18n.script_text import readable_rst

    text = "**前置知识**：《:ref:`sphx_glr_tutorials_autograd_tutorial.py`》。*可选*\\ 当一个设备\\\n**太慢** ``a\\ b``"
    assert readable_rst(text, site) == "**前置知识**：《Autograd》。*可选*当一个设备\n**太慢** ``a\\ b``"
    def absolute(kind, target):
        return "https://example.org/en/tutorials/autograd_tutorial.html", "Autograd"

    assert readable_rst("See :ref:`sphx_glr_tutorials_autograd_tutorial.py`.", absolute) == (
        "See Autograd (https://example.org/en/tutorials/autograd_tutorial.html)."
    )
