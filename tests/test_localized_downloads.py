"""The Chinese downloads of the tutorials (blitz.i18n.script_text and downloads)."""

from __future__ import annotations

import copy
import json
import pickle
import re
import zipfile

import pytest
from blitz._compat import page_messages, text_block_content
from blitz.i18n import downloads as dl
from blitz.i18n import script_text as st
from blitz.i18n.cjk import WIDTH, display_width
from blitz.i18n.code_comments import code_ast, find_docstrings
from blitz.i18n.originals import is_chrome
from conftest import BUILD, EXAMPLES, ROOT, TUTORIALS
from docutils import nodes
from docutils.core import publish_doctree
from sphinx_gallery.gen_gallery import DEFAULT_GALLERY_CONF

CJK = re.compile(r"[\u4e00-\u9fff]")
PREFIX = "这是一段相当长的中文译文，用来检验换行（以及标点）是否正确。"


def fake_chinese(msgid: str) -> str:
    return f"{PREFIX} {msgid}"


QUIET = {"report_level": 5, "halt_level": 5, "warning_stream": False}


def translate_block(text: str, lookup) -> str:
    return st.translate_rst_block(text, lookup, WIDTH - 2)


def structure(text: str) -> tuple[list[str], int]:
    """The elements of the parsed reStructuredText, without the words, and how many problems it has."""
    tree = publish_doctree(text, settings_overrides=QUIET)
    problems = [m for m in tree.findall(nodes.system_message) if m["level"] >= 2]
    skip = (nodes.system_message, nodes.problematic)
    return [type(n).__name__ for n in tree.findall(nodes.Element) if not isinstance(n, skip)], len(problems)


def gallery_conf() -> dict:
    return copy.deepcopy(DEFAULT_GALLERY_CONF) | {"remove_config_comments": True}


# -- The real tutorials --------------------------------------------------------


@pytest.fixture(params=TUTORIALS)
def tutorial(request) -> str:
    return (EXAMPLES / f"{request.param}.py").read_text(encoding="utf-8")


def test_every_block_renders_back_to_its_source(tutorial):
    assert st.translate_script(tutorial, lambda msgid: None) == tutorial
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


def test_translated_tutorial_keeps_code_and_structure(tutorial):
    translated = st.translate_script(tutorial, fake_chinese)
    assert code_ast(translated) == code_ast(tutorial)
    docstrings = find_docstrings(translated)
    assert len(docstrings) == len(find_docstrings(tutorial)) and all(CJK.search(d.text) for d in docstrings)
    original_blocks, _ = st.split_script(tutorial)
    translated_blocks, _ = st.split_script(translated)
    assert [b.type for b in translated_blocks] == [b.type for b in original_blocks]
    assert any(CJK.search(b.content) for b in translated_blocks if b.type == "code")  # comments
    for old, new in zip(original_blocks, translated_blocks):
        if old.type == "code":
            continue
        # Each message's translation stands in its block, wrapped (so compared without spaces).
        for message in st.block_messages(old.content):
            assert re.sub(r"\s+", "", fake_chinese(message.msgid)) in re.sub(r"\s+", "", new.content), message
        # Wrapped or not, the text parses into the same elements with no new
        # problems (plain docutils does not know :ref: and :download:).
        assert structure(new.content) == structure(old.content)


def test_translated_lines_fit_the_width(tutorial):
    lines = st.translate_script(tutorial, fake_chinese).splitlines()
    for line, following in zip(lines, lines[1:] + [""]):
        is_title = re.fullmatch(r"#? ?([-=])\1+", following.strip()) is not None
        # Titles, and directive titles such as ".. dropdown:: 答案", stay on one line.
        is_title = is_title or re.match(r"#? *\.\. [\w:-]+:: ", line) is not None
        if CJK.search(line) and not is_title:
            assert display_width(line) <= WIDTH, line


# -- Single constructs ---------------------------------------------------------


def test_admonition_text_on_the_directive_line_other_directives_and_literal_blocks_kept():
    inline = ".. warning:: Read this\n   before you start.\n"
    out = translate_block(inline, {"Read this before you start.": "开始之前请读这一段。"}.get)
    assert out == ".. warning:: 开始之前请读这一段。\n"
    text = (
        "Run::\n\n    Run this\n\n"
        ".. code-block:: bash\n\n   Run this\n\n"
        ".. literalinclude:: Run this\n\n"
        ".. Run this\n\n"
        "Run this\n"
    )
    # A translation without the "::" that introduces a literal block gets its expanded form.
    out = translate_block(text, {"Run this": "运行", "Run::": "运行："}.get)
    assert out == text.replace("Run::", "运行： ::").replace("\nRun this\n", "\n运行\n")


# -- Notebook and zip ------------------------------------------------------------


def test_notebook_from_the_translated_blocks(tmp_path, tutorial):
    """Every text cell translated; the code cells the English notebook's, comments translated."""

    def cells(lookup, kind: str) -> list[str]:
        notebook = dl.localized_notebook(tutorial, lookup, gallery_conf(), tmp_path)
        return ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == kind]

    assert all(CJK.search(text) for text in cells(fake_chinese, "markdown"))
    chinese, english = cells(fake_chinese, "code"), cells(lambda msgid: None, "code")
    assert [code_ast(c) for c in chinese] == [code_ast(c) for c in english] and chinese != english


@pytest.mark.parametrize("name", TUTORIALS)
def test_untranslated_notebook_is_the_gallery_one_but_for_its_text_cells(name, site):
    """Same cells as the notebook sphinx-gallery wrote in docs/tutorials/, the code cells identical."""
    written = ROOT / "docs" / "tutorials" / f"{name}.ipynb"
    source = written.with_suffix(".py").read_text(encoding="utf-8")
    ours = dl.localized_notebook(source, lambda msgid: None, gallery_conf(), written.parent)
    theirs = json.loads(written.read_text(encoding="utf-8"))
    assert {k: v for k, v in ours.items() if k != "cells"} == {k: v for k, v in theirs.items() if k != "cells"}
    assert [c["cell_type"] for c in ours["cells"]] == [c["cell_type"] for c in theirs["cells"]]
    for mine, gallery in zip(ours["cells"], theirs["cells"]):
        assert mine == gallery or mine["cell_type"] == "markdown"


def test_zip_keeps_member_names_order_and_dates(tmp_path):
    original = tmp_path / "step.zip"
    with zipfile.ZipFile(original, "w") as zf:
        zf.writestr(zipfile.ZipInfo("step.py", (2020, 1, 2, 3, 4, 6)), "print(1)\n")
        zf.writestr("step.ipynb", "{}")
    target = tmp_path / "out.zip"
    dl.write_zip(original, target, {"step.ipynb": '{"a": 1}', "step.py": "# 中文\nprint(1)\n"})
    with zipfile.ZipFile(target) as zf:
        assert zf.namelist() == ["step.py", "step.ipynb"]
        assert zf.getinfo("step.py").date_time == (2020, 1, 2, 3, 4, 6)
        assert zf.read("step.py").decode() == "# 中文\nprint(1)\n"
        assert json.loads(zf.read("step.ipynb")) == {"a": 1}


# -- The messages of the build ---------------------------------------------------


@pytest.mark.parametrize("name", TUTORIALS)
def test_blocks_have_the_messages_of_their_page(name, site):
    """The downloads look up the msgids Sphinx found on the page, whatever the block."""
    doctree = pickle.loads((BUILD / "doctrees" / "en" / "tutorials" / f"{name}.doctree").read_bytes())
    built = [
        msgid
        for node, msgid in page_messages(doctree)
        if isinstance(node, (nodes.title, nodes.paragraph, nodes.rubric)) and not is_chrome(node)
    ]
    blocks, _ = st.split_script((EXAMPLES / f"{name}.py").read_text(encoding="utf-8"))
    found = [m for b in blocks if b.type == "text" for m in st.block_messages(b.content)]
    assert sorted(m.msgid for m in found) == sorted(built)
    assert {m.kind for m in found} == {"title", "paragraph", "line"}
