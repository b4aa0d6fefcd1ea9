"""The downloads' text is plain Markdown (as Jupyter renders it) or plain text, in both languages."""

from __future__ import annotations

import json
import re

import pytest
from blitz.i18n.markdown import MarkdownWriter
from blitz.i18n.script_text import readable_rst, split_script
from conftest import LANGUAGES
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

MD = MarkdownIt("commonmark").enable("table").use(dollarmath_plugin)


def tokens(markdown: str) -> list:
    return [t for token in MD.parse(markdown) for t in (token, *(token.children or []))]


REF = "sphx_glr_tutorials_autograd_tutorial.py"
PAGE = "../../tutorials/autograd_tutorial.html"


def labels(target):
    return (PAGE, "Autograd") if target == REF else None


# -- Conversion of the constructs the tutorials use ---------------------------------


@pytest.mark.parametrize(
    "rst, markdown",
    [
        # A :ref: becomes a link with the page's title or its own text; one to no page, its text.
        (
            f"**Prerequisites:** :ref:`{REF}`, :ref:`the next step <{REF}>` and :ref:`nowhere`.",
            f"**Prerequisites:** [Autograd]({PAGE}), [the next step]({PAGE}) and nowhere.\n",
        ),
        # Markdown's characters in text are escaped; "_" inside names is not.
        (
            "Costs $5 and *a* [b] <c> x_1 a_b_c ``not * text``.",
            "Costs \\$5 and *a* \\[b\\] \\<c> x_1 a_b_c `not * text`.\n",
        ),
        (
            "Intro.\n\n.. note::\n\n   Keep the seed.\n\n.. math::\n\n   y = \\frac{1}{2} x^2\n\n"
            ".. code-block:: bash\n\n   torchrun --nproc-per-node 2 train.py\n\n"
            ".. dropdown:: Solution\n\n   ``(3, 4)``.  Each *1* is stretched: :math:`a_i`.\n",
            "Intro.\n\n> **Note**\n>\n> Keep the seed.\n\n$$\ny = \\frac{1}{2} x^2\n$$\n\n"
            "```bash\ntorchrun --nproc-per-node 2 train.py\n```\n\n"
            "<details><summary>Solution</summary>\n\n`(3, 4)`.  Each *1* is stretched: $a_i$.\n\n</details>\n",
        ),
    ],
)
def test_constructs_the_tutorials_use(rst, markdown):
    assert MarkdownWriter(labels).write(rst) == markdown


def test_escaped_space_vanishes_and_emphasis_closes_beside_chinese():
    md = MarkdownWriter().write("*可选，约 15 分钟。*\\ 当一个设备太慢时，用 **多个**\\ 设备。")
    # CommonMark cannot close "*...。*" before a letter: that one is HTML.
    assert MD.render(md) == "<p><em>可选，约 15 分钟。</em>当一个设备太慢时，用 <strong>多个</strong>设备。</p>\n"


def test_heading_levels_follow_the_adornment_across_blocks():
    writer = MarkdownWriter()
    first = writer.write("=====\nTitle\n=====\n\nText.\n\nPart\n----\n")
    later = writer.write("Sub\n~~~\n\nText.\n\nNext part\n---------\n")
    assert [line for line in first.splitlines() if line.startswith("#")] == ["# Title", "## Part"]
    assert [line for line in later.splitlines() if line.startswith("#")] == ["### Sub", "## Next part"]


@pytest.mark.parametrize("text", ["=====  =====\nLabel  Class\n=====  =====\n", "Intro.\n\n    A quote.\n"])
def test_a_node_kind_the_tutorials_do_not_use_fails(text):
    with pytest.raises(ValueError, match="cannot show '(table|block_quote)'"):
        MarkdownWriter().write(text)


# -- Every download of the built site ---------------------------------------------


# A role (:ref:`x`), an explicit markup start (".. _label:", ".. dropdown::"),
# a reST escape left as text, a gallery label.
REST_LEFTOVERS = re.compile(r":[a-z:]+:`|(^|\s)\.\. [\w-]*::?|\\|sphx_glr_|`")
RULE = re.compile(r"^[=\-~^]{3,}$")
CJK_ESCAPE = re.compile(r"[^\x00-\x7f]\\[ \n]|\\ [^\x00-\x7f]")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_download_is_clean_markdown_or_plain_text_linking_within_its_language(language, site):
    # Each zip holds the same notebook and script: test_localized_downloads.py compares them.
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
    # The scripts' text blocks read as plain text.
    scripts = sorted((site / language / "_downloads").glob("*/*_tutorial.py"))
    assert len(scripts) >= 5
    for where in scripts:
        for block in split_script(where.read_text(encoding="utf-8"))[0]:
            if block.type == "text":
                assert ":ref:`" not in block.content and ":doc:`" not in block.content, f"{where.name}: {block.content}"
                assert not CJK_ESCAPE.search(block.content), f"{where.name}: {CJK_ESCAPE.search(block.content)[0]}"


def test_script_comments_lose_roles_and_escapes_but_keep_their_layout():
    text = f"**前置知识**：《:ref:`{REF}`》。*可选*\\ 当一个设备\\\n**太慢** ``a\\ b``"
    assert readable_rst(text, labels) == "**前置知识**：《Autograd》。*可选*当一个设备\n**太慢** ``a\\ b``"
    absolute = "https://example.org/en/tutorials/autograd_tutorial.html"
    assert readable_rst(f"See :ref:`{REF}`.", lambda target: (absolute, "Autograd")) == f"See Autograd ({absolute})."
