"""The Chinese downloads of the tutorials (docs/_ext/blitz/i18n/downloads.py).

Pure helpers only (page_messages, script_text, notebooks): no
Sphinx build is needed.  In the build, the messages of a text block and
their lines come from the page's doctree; here :func:`block_messages` makes
them the same way from a doctree docutils parses, with a stand-in for
sphinx-design's dropdown (tests/test_compat.py checks the real one's shape,
and :func:`test_messages_located_as_in_the_build` compares with the build).
"""

from __future__ import annotations

import ast
import copy
import json
import pickle
import re
import zipfile

import pytest
from blitz._compat import text_block_content
from blitz.i18n import notebooks as nb
from blitz.i18n import script_text as st
from blitz.i18n.cjk import WIDTH, display_width, wrap
from blitz.i18n.code_comments import code_ast
from blitz.i18n.page_messages import locate_messages
from blitz.i18n.script_text import translate_rst_block
from conftest import EXAMPLES, ROOT, TUTORIALS
from docutils import nodes
from docutils.core import publish_doctree
from docutils.parsers.rst import Directive, directives
from sphinx_gallery.gen_gallery import DEFAULT_GALLERY_CONF

CJK = re.compile(r"[\u4e00-\u9fff]")
PREFIX = "这是一段相当长的中文译文，用来检验换行（以及标点）是否正确。"


def fake_chinese(msgid: str) -> str:
    """A translation of every message that keeps the inline markup."""
    return f"{PREFIX} {msgid}"


QUIET = {"report_level": 5, "halt_level": 5, "warning_stream": False}


class Dropdown(Directive):
    """sphinx-design's dropdown as its doctree looks: a container, the title a rubric."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = {"open": directives.flag, "color": directives.unchanged}

    def run(self):
        node = nodes.container()
        node.line = self.lineno
        if self.arguments:
            title = nodes.rubric(self.arguments[0], self.arguments[0])
            title.source = self.state.document.current_source
            node += title
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


directives.register_directive("dropdown", Dropdown)


def block_messages(text: str) -> list:
    """The messages of one text block, located as on a page sphinx-gallery wrote."""
    page = [".. _sphx_glr_example.py:", ""] + text.split("\n")
    document = publish_doctree("\n".join(page), settings_overrides=QUIET | {"doctitle_xform": False})
    return locate_messages(document, page)


def script_messages(source: str) -> dict:
    """The messages of every text block of ``source``, by block."""
    blocks, _ = st.split_script(source)
    return {
        b.lineno: [m._replace(block=b.lineno) for m in block_messages(b.content)] for b in blocks if b.type == "text"
    }


def translate_script(source: str, lookup) -> str:
    return st.translate_script(source, lookup, script_messages(source))


def translate_blocks(source: str, lookup) -> list:
    return st.translate_blocks(source, lookup, script_messages(source))


def translate_block(text: str, lookup, width=WIDTH - 2) -> str:
    return translate_rst_block(text, block_messages(text), lookup, width)


def doctree(text: str):
    return publish_doctree(text, settings_overrides=QUIET)


def problems(text: str) -> list[str]:
    return [m.astext() for m in doctree(text).findall(nodes.system_message) if m["level"] >= 2]


def shape(text: str) -> list[str]:
    """The structure of the parsed reStructuredText, without the words."""
    skip = (nodes.system_message, nodes.problematic)
    return [type(n).__name__ for n in doctree(text).findall(nodes.Element) if not isinstance(n, skip)]


def gallery_conf() -> dict:
    return copy.deepcopy(DEFAULT_GALLERY_CONF) | {"remove_config_comments": True}


# -- The real tutorials --------------------------------------------------------


@pytest.fixture(params=TUTORIALS)
def tutorial(request) -> str:
    return (EXAMPLES / f"{request.param}.py").read_text(encoding="utf-8")


def test_unknown_messages_give_back_the_script_unchanged(tutorial):
    assert translate_script(tutorial, lambda msgid: None) == tutorial


def test_every_block_renders_back_to_its_source(tutorial):
    """Rewriting a block from its own text reproduces it character for character."""
    blocks, spans = st.split_script(tutorial)
    assert len(blocks) > 2 and len(blocks) == len(spans)
    for index, (block, (start, end)) in enumerate(zip(blocks, spans)):
        region = tutorial[start:end]
        if index == 0:
            assert st.render_docstring(region, block.content, block.content) == region
        elif block.type == "code":
            assert region == block.content
        else:
            assert text_block_content(region) == block.content
            assert st.render_text_block(region, block.content) == region
        assert translate_block(block.content, lambda msgid: None) == block.content


def test_translated_tutorial_keeps_code_and_structure(tutorial):
    translated = translate_script(tutorial, fake_chinese)
    assert translated != tutorial
    assert code_ast(translated) == code_ast(tutorial)
    original_blocks = translate_blocks(tutorial, lambda msgid: None)
    translated_blocks = translate_blocks(translated, lambda msgid: None)
    assert [b.type for b in translated_blocks] == [b.type for b in original_blocks]
    for old, new in zip(original_blocks, translated_blocks):
        if old.type == "code":
            assert code_ast(new.content) == code_ast(old.content)
            continue
        assert CJK.search(new.content)
        # Wrapped or not, the text parses into the same elements with no new
        # problems (plain docutils does not know :ref: and :download:).
        assert shape(new.content) == shape(old.content)
        assert len(problems(new.content)) == len(problems(old.content))


def test_translated_lines_fit_the_width(tutorial):
    lines = translate_script(tutorial, fake_chinese).splitlines()
    for line, following in zip(lines, lines[1:] + [""]):
        is_title = re.fullmatch(r"#? ?([-=])\1+", following.strip()) is not None
        # Titles, and directive titles such as ".. dropdown:: 答案", stay on one line.
        is_title = is_title or re.match(r"#? *\.\. [\w:-]+:: ", line) is not None
        if CJK.search(line) and not is_title:
            assert display_width(line) <= WIDTH, line


def test_messages_asked_are_the_page_messages(tutorial):
    """The msgids looked up are the ones gettext extracts from the page."""
    asked: list[str] = []
    translate_script(tutorial, lambda msgid: asked.append(msgid))
    assert "Summary" in asked
    assert all("\n" not in m and m == m.strip() for m in asked)
    # A paragraph's msgid keeps the double spaces after full stops.
    assert any(".  " in m for m in asked)
    # Math blocks are never looked up (inline :math: is part of its paragraph).
    assert not any("\\" in m and ":math:" not in m for m in asked)


# -- A small script ------------------------------------------------------------

SCRIPT = '''\
"""
===========
First steps
===========

This tutorial shows the *first* steps.  It is short.

* one item that is long enough to need a continuation line when it is
  written out in full;
* a second item.

.. note::

   Notes are translated too.

.. math::

   y = \\\\frac{1}{2} x^2
"""

# %%
# Code
# ----
#
# Run this cell::
#
#     python step.py

import math

# Compute a square root.
# It is exact here.
root = math.sqrt(16)  # the result
print(f"root: {root}")
'''

CATALOG = {
    "First steps": "第一步",
    "This tutorial shows the *first* steps.  It is short.": "本教程介绍 *最初* 的几步。它很短。",
    "one item that is long enough to need a continuation line when it is written out in full;":
        "一个很长的条目，长到写全的时候需要续行，所以这里故意写得比较长一些，再长一些，还要更长；",
    "a second item.": "第二个条目。",
    "Notes are translated too.": "注释也会被翻译。",
    "Code": "代码",
    "Run this cell::": "运行这个单元格：",
    "Compute a square root. It is exact here.": "计算平方根。这里的结果是精确的。",
    "the result": "结果",
}


@pytest.fixture(scope="module")
def translated() -> str:
    return translate_script(SCRIPT, CATALOG.get)


def test_small_script_translated_parts_are_chinese(translated):
    assert '"""\n======\n第一步\n======\n' in translated
    assert "本教程介绍 *最初* 的几步。它很短。" in translated
    assert "* 一个很长的条目" in translated
    assert "\n  " in translated.split("* 一个很长的条目")[1].split("* 第二个条目")[0]
    assert ".. note::\n\n   注释也会被翻译。" in translated
    assert "# 代码\n# ----\n" in translated
    assert "# 运行这个单元格： ::\n#\n#     python step.py\n" in translated
    assert "# 计算平方根。这里的结果是精确的。\nroot" in translated
    assert "root = math.sqrt(16)  # 结果\n" in translated


def test_small_script_untouched_parts_are_identical(translated):
    assert ".. math::\n\n   y = \\\\frac{1}{2} x^2\n" in translated
    assert translated.endswith('print(f"root: {root}")\n')
    assert translated.count("# %%\n") == 1
    assert translate_script(SCRIPT, lambda msgid: None) == SCRIPT


def test_small_script_code_is_unchanged(translated):
    assert code_ast(translated) == code_ast(SCRIPT)
    assert ast.get_docstring(ast.parse(translated)).startswith("======\n第一步")


def test_small_script_text_is_valid_rst(translated):
    for block in translate_blocks(translated, lambda msgid: None):
        if block.type == "text":
            assert problems(block.content) == []
    docstring = ast.get_docstring(ast.parse(translated))
    tree = publish_doctree(docstring, settings_overrides={"report_level": 2, "halt_level": 5})
    assert not list(tree.findall(nodes.system_message))
    assert tree.next_node(nodes.title).astext() == "第一步"
    assert tree.next_node(nodes.note).astext() == "注释也会被翻译。"
    assert tree.next_node(nodes.math_block).astext() == "y = \\frac{1}{2} x^2"


def test_title_rules_follow_the_display_width():
    text = translate_block("Next\n----\n\nGo on.", {"Next": "下一步：张量"}.get)
    assert text == "下一步：张量\n------------\n\nGo on."
    framed = translate_block("==========\n  Title\n==========", {"Title": "标题"}.get)
    assert framed == "=========\n  标题\n========="


def test_admonition_title_and_first_line_content():
    text = ".. admonition:: Good to know\n   :class: tip\n\n   Tensors are arrays.\n"
    catalog = {"Good to know": "须知", "Tensors are arrays.": "张量就是数组。"}
    assert translate_block(text, catalog.get) == (
        ".. admonition:: 须知\n   :class: tip\n\n   张量就是数组。\n"
    )
    inline = ".. warning:: Read this\n   before you start.\n"
    out = translate_block(inline, {"Read this before you start.": "开始之前请读这一段。"}.get)
    assert out == ".. warning:: 开始之前请读这一段。\n"


def test_dropdown_title_and_content_are_translated():
    text = "**1.** A question?\n\n.. dropdown:: Solution\n\n   ``(3, 4)``.  Each 1 is stretched.\n"
    catalog = {"Solution": "答案", "``(3, 4)``.  Each 1 is stretched.": "``(3, 4)``。每个 1 都被拉伸。"}
    assert translate_block(text, catalog.get) == (
        "**1.** A question?\n\n.. dropdown:: 答案\n\n   ``(3, 4)``。每个 1 都被拉伸。\n"
    )


def test_other_directives_and_literal_blocks_are_kept():
    text = (
        "Run::\n\n    Run this\n\n"
        ".. code-block:: bash\n\n   Run this\n\n"
        ".. literalinclude:: Run this\n\n"
        ".. Run this\n\n"
        "Run this\n"
    )
    out = translate_block(text, {"Run this": "运行", "Run::": "运行::"}.get)
    assert out == text.replace("Run::", "运行::").replace("\nRun this\n", "\n运行\n")


def test_tables_and_fields_are_kept():
    """Their layout is by columns and fields, which a translation would break."""
    text = "=====  =====\nLabel  Class\n=====  =====\n0      Shirt\n=====  =====\n\n:Run this: now\n\nRun this\n"
    out = translate_block(text, {"Label": "标签", "Shirt": "衬衫", "now": "现在", "Run this": "运行"}.get)
    assert out == text.replace("\nRun this\n", "\n运行\n")


def test_expanded_literal_marker_and_block_quotes():
    text = "Run this\n\n::\n\n    Run this\n\n    Run this\n"
    assert translate_block(text, {"Run this": "运行"}.get) == (
        "运行\n\n::\n\n    Run this\n\n    Run this\n"
    )
    quote = "Intro.\n\n    Run this\n"
    assert translate_block(quote, {"Run this": "运行"}.get) == "Intro.\n\n    运行\n"


@pytest.mark.parametrize("name", ["tip", "important", "warning"])
def test_simple_admonitions_are_translated(name):
    text = f".. {name}::\n\n   Keep the seed.\n\n   * and the order.\n"
    out = translate_block(text, {"Keep the seed.": "固定种子。", "and the order.": "以及顺序。"}.get)
    assert out == f".. {name}::\n\n   固定种子。\n\n   * 以及顺序。\n"


def test_single_quoted_docstring_becomes_triple_quoted():
    source = '"Title"\nx = 1\n'
    out = translate_script(source, {"Title": "标题，很长的标题" * 8}.get)
    assert out.startswith('"""标题') and out.count('"""') == 2
    assert ast.get_docstring(ast.parse(out)).replace("\n", "") == "标题，很长的标题" * 8
    assert code_ast(out) == code_ast(source)


def test_enumerated_items_wrap_under_their_text():
    text = "1. " + " ".join(["word"] * 30) + "\n2. short\n"
    catalog = {" ".join(["word"] * 30): "字" * 60}
    lines = translate_block(text, catalog.get, width=40).split("\n")
    assert lines[0].startswith("1. 字") and lines[1].startswith("   字")
    assert all(display_width(line) <= 40 for line in lines)
    assert lines[-2:] == ["2. short", ""]


def test_wrap_never_breaks_inside_markup():
    text = "中文" * 20 + " :math:`\\vec{y} = W\\vec{x}` " + "中文" * 20 + " ``a + b``"
    for line in wrap(text, 30):
        assert line.count("`") % 2 == 0, line
    assert "".join(wrap(text, 30)).replace(" ", "") == text.replace(" ", "")


# -- Notebook and zip ------------------------------------------------------------


def test_notebook_from_the_translated_blocks(tmp_path, translated):
    notebook = nb.localized_notebook(SCRIPT, CATALOG.get, gallery_conf(), tmp_path, script_messages(SCRIPT))
    data = json.loads(nb.notebook_text(notebook))
    markdown = ["".join(c["source"]) for c in data["cells"] if c["cell_type"] == "markdown"]
    code = ["".join(c["source"]) for c in data["cells"] if c["cell_type"] == "code"]
    assert markdown[0].lstrip().startswith("# 第一步")
    assert "一个很长的条目，长到写全的时候需要续行，所以这里故意写得比较长一些，再长一些，还要更长；" in markdown[0]
    assert all(CJK.search(m) for m in markdown)
    assert "# 计算平方根。这里的结果是精确的。" in code[0]
    assert ast.dump(ast.parse(code[0])) == ast.dump(ast.parse(SCRIPT[SCRIPT.index("import math"):]))


def same_but_text_cells(ours: dict, theirs: dict) -> None:
    """Our notebook is sphinx-gallery's with its text cells rewritten (as Markdown)."""
    assert {k: v for k, v in ours.items() if k != "cells"} == {k: v for k, v in theirs.items() if k != "cells"}
    assert [c["cell_type"] for c in ours["cells"]] == [c["cell_type"] for c in theirs["cells"]]
    for mine, gallery in zip(ours["cells"], theirs["cells"]):
        if mine["cell_type"] == "code":
            assert mine == gallery


def test_notebook_is_what_sphinx_gallery_writes_when_nothing_is_translated(tmp_path, tutorial):
    from sphinx_gallery import py_source_parser
    from sphinx_gallery.notebook import jupyter_notebook

    script = tmp_path / "tutorial.py"
    script.write_text(tutorial, encoding="utf-8")
    _, blocks = py_source_parser.split_code_and_text_blocks(script)
    blocks = [
        py_source_parser.Block(
            b.type, py_source_parser.remove_config_comments(py_source_parser.remove_ignore_blocks(b.content)), b.lineno
        )
        for b in blocks
    ]
    expected = jupyter_notebook(blocks, gallery_conf(), tmp_path)
    ours = nb.localized_notebook(tutorial, lambda msgid: None, gallery_conf(), tmp_path, script_messages(tutorial))
    same_but_text_cells(ours, expected)


@pytest.mark.parametrize("name", TUTORIALS)
def test_untranslated_notebook_matches_the_gallery_one(name, tmp_path):
    """Same cells as the notebook sphinx-gallery wrote in docs/tutorials/."""
    written = ROOT / "docs" / "tutorials" / f"{name}.ipynb"
    if not written.is_file():
        pytest.skip("docs/tutorials/ is generated by the html build")
    source = written.with_suffix(".py").read_text(encoding="utf-8")
    notebook = nb.localized_notebook(source, lambda msgid: None, gallery_conf(), written.parent)
    same_but_text_cells(json.loads(nb.notebook_text(notebook)), json.loads(written.read_text(encoding="utf-8")))


def test_zip_keeps_member_names(tmp_path):
    original = tmp_path / "step.zip"
    with zipfile.ZipFile(original, "w") as zf:
        zf.writestr("step.py", "print(1)\n")
        zf.writestr("step.ipynb", "{}")
    target = tmp_path / "out.zip"
    nb.write_zip(original, target, {"step.py": "# 中文\nprint(1)\n", "step.ipynb": '{"a": 1}'})
    with zipfile.ZipFile(target) as zf:
        assert zf.namelist() == ["step.py", "step.ipynb"]
        assert zf.read("step.py").decode() == "# 中文\nprint(1)\n"
        assert json.loads(zf.read("step.ipynb")) == {"a": 1}


# -- The messages of the build ---------------------------------------------------


@pytest.mark.parametrize("name", TUTORIALS)
def test_messages_located_as_in_the_build(name):
    """The build's doctree gives each text block the messages the tests make."""
    rst = ROOT / "docs" / "tutorials" / f"{name}.rst"
    pickled = ROOT / "_build" / "doctrees" / "en" / "tutorials" / f"{name}.doctree"
    if not (rst.is_file() and pickled.is_file()):
        pytest.skip("docs/tutorials/ and _build/doctrees/ are made by the html build")
    source = (EXAMPLES / f"{name}.py").read_text(encoding="utf-8")
    blocks, _ = st.split_script(source)
    sizes = {b.lineno: b.content.count("\n") + 1 for b in blocks if b.type == "text"}
    built = locate_messages(pickle.loads(pickled.read_bytes()), rst.read_text(encoding="utf-8").split("\n"))
    built = [m for m in built if m.line < sizes.get(m.block, 0)]
    expected = [m for messages in script_messages(source).values() for m in messages]
    assert sorted(built) == sorted(expected)
    assert {m.kind for m in built} == {"title", "paragraph", "line"}

