"""The downloads' text is plain Markdown (as Jupyter renders it) or plain text, in both languages."""

from __future__ import annotations

import json
import re

import pytest
from blitz.i18n.markdown import MarkdownWriter
from conftest import LANGUAGES
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

MD = MarkdownIt("commonmark").enable("table").use(dollarmath_plugin)


def tokens(markdown: str) -> list:
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


def labels(target):
    pages = {"sphx_glr_tutorials_autograd_tutorial.py": ("../../tutorials/autograd_tutorial.html", "Autograd")}
    return pages.get(target)


# -- Conversion of the constructs the tutorials use ---------------------------------


def test_ref_becomes_a_link_with_the_page_title_or_its_own_text():
    md = MarkdownWriter(labels).write(
        "**Prerequisites:** :ref:`sphx_glr_tutorials_autograd_tutorial.py`, "
        ":ref:`the next step <sphx_glr_tutorials_autograd_tutorial.py>` and :ref:`nowhere`."
    )
    assert links(md) == ["../../tutorials/autograd_tutorial.html"] * 2
    assert text_of(md) == "Prerequisites: Autograd, the next step and nowhere."


def test_escaped_space_vanishes_and_emphasis_closes_beside_chinese():
    md = MarkdownWriter().write("*可选，约 15 分钟。*\\ 当一个设备太慢时，用 **多个**\\ 设备。")
    assert "\\" not in md
    # CommonMark cannot close "*...。*" before a letter: that one is HTML.
    assert MD.render(md) == "<p><em>可选，约 15 分钟。</em>当一个设备太慢时，用 <strong>多个</strong>设备。</p>\n"


def test_dropdown_note_math_and_code():
    text = (
        "Intro.\n\n.. note::\n\n   Keep the seed.\n\n.. math::\n\n   y = \\frac{1}{2} x^2\n\n"
        ".. code-block:: bash\n\n   torchrun --nproc-per-node 2 train.py\n\n"
        ".. dropdown:: Solution\n\n   ``(3, 4)``.  Each *1* is stretched: :math:`a_i`.\n"
    )
    md = MarkdownWriter().write(text)
    kinds = {t.type for t in tokens(md)}
    assert {"blockquote_open", "math_block", "fence", "html_block", "math_inline", "code_inline"} <= kinds
    assert "<details><summary>Solution</summary>" in md and "</details>" in md
    fence = next(t for t in tokens(md) if t.type == "fence")
    assert fence.info == "bash" and fence.content == "torchrun --nproc-per-node 2 train.py\n"
    assert "Note" in text_of(md) and ".." not in text_of(md)


def test_heading_levels_follow_the_adornment_across_blocks():
    writer = MarkdownWriter()
    first = writer.write("=====\nTitle\n=====\n\nText.\n\nPart\n----\n")
    later = writer.write("Sub\n~~~\n\nText.\n\nNext part\n---------\n")
    assert [line for line in first.splitlines() if line.startswith("#")] == ["# Title", "## Part"]
    assert [line for line in later.splitlines() if line.startswith("#")] == ["### Sub", "## Next part"]


def test_markdown_characters_in_text_are_escaped():
    md = MarkdownWriter().write("Costs $5 and *a* [b] <c> x_1 a_b_c ``not * text``.")
    assert text_of(md).replace(" ", "") == "Costs$5anda[b]<c>x_1a_b_c."
    assert "x_1" in md and "a_b_c" in md  # names keep their underscores


@pytest.mark.parametrize("text", ["=====  =====\nLabel  Class\n=====  =====\n", "Intro.\n\n    A quote.\n"])
def test_a_node_kind_the_tutorials_do_not_use_fails(text):
    with pytest.raises(ValueError, match="cannot show '(table|block_quote)'"):
        MarkdownWriter().write(text)


# -- Every notebook of the built site ---------------------------------------------


# A role (:ref:`x`), an explicit markup start (".. _label:", ".. dropdown::"),
# a reST escape left as text, a gallery label.
REST_LEFTOVERS = re.compile(r":[a-z:]+:`|(^|\s)\.\. [\w-]*::?|\\|sphx_glr_|`")
RULE = re.compile(r"^[=\-~^]{3,}$")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_markdown_cell_is_clean_markdown_linking_within_its_language(language, site):
    # Each zip holds the same notebook: test_exercises.py reads the zips.
    found = sorted((site / language / "_downloads").glob("*/*.ipynb"))
    assert len(found) >= 5, f"{language}: expected the tutorials' notebooks, found {len(found)}"
    problems, checked = [], 0
    for where in found:
        for number, cell in enumerate(json.loads(where.read_text(encoding="utf-8"))["cells"]):
            if cell["cell_type"] != "markdown":
                continue
            for token in tokens("".join(cell["source"])):
                if token.type == "heading_open" and token.markup in ("=", "-"):
                    problems.append(f"{where.name} cell {number}: a setext heading (a reST title)")
                if token.type == "text" and (REST_LEFTOVERS.search(token.content) or RULE.match(token.content)):
                    problems.append(f"{where.name} cell {number}: {token.content!r}")
                href = str(token.attrs.get("href", "")) if token.type == "link_open" else ""
                if href and not href.startswith(("http://", "https://", "mailto:")):
                    page = (where.parent / href.split("#")[0]).resolve()
                    if not page.is_file() or not page.is_relative_to((site / language).resolve()):
                        problems.append(f"{where.name} cell {number}: {href} is no page of the {language} site")
                    checked += 1
    assert not problems, "\n".join(problems[:20])
    assert checked >= 4, f"{language}: expected the tutorials' links to the next page, found {checked}"


# -- Every script ---------------------------------------------------------------------

CJK_ESCAPE = re.compile(r"[^\x00-\x7f]\\[ \n]|\\ [^\x00-\x7f]")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_script_comment_reads_as_plain_text(language, site):
    from blitz.i18n.script_text import split_script

    scripts = sorted((site / language / "_downloads").glob("*/*_tutorial.py"))
    assert len(scripts) >= 5
    for where in scripts:
        blocks, _ = split_script(where.read_text(encoding="utf-8"))
        for block in blocks:
            if block.type == "text":
                assert ":ref:`" not in block.content and ":doc:`" not in block.content, f"{where.name}: {block.content}"
                assert not CJK_ESCAPE.search(block.content), f"{where.name}: {CJK_ESCAPE.search(block.content)[0]}"


def test_script_comments_lose_roles_and_escapes_but_keep_their_layout():
    from blitz.i18n.script_text import readable_rst

    text = "**前置知识**：《:ref:`sphx_glr_tutorials_autograd_tutorial.py`》。*可选*\\ 当一个设备\\\n**太慢** ``a\\ b``"
    assert readable_rst(text, labels) == "**前置知识**：《Autograd》。*可选*当一个设备\n**太慢** ``a\\ b``"

    def absolute(target):
        return "https://example.org/en/tutorials/autograd_tutorial.html", "Autograd"

    assert readable_rst("See :ref:`sphx_glr_tutorials_autograd_tutorial.py`.", absolute) == (
        "See Autograd (https://example.org/en/tutorials/autograd_tutorial.html)."
    )
