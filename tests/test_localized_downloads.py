"""The Chinese downloads of the tutorials (blitz.i18n.script_text and downloads)."""

from __future__ import annotations

import json
import pickle
import re
import zipfile

import pytest
from blitz._compat import page_messages
from blitz.i18n import downloads as dl
from blitz.i18n import script_text as st
from blitz.i18n.cjk import WIDTH, display_width
from blitz.i18n.code_comments import code_ast, find_docstrings, prose_messages
from blitz.i18n.originals import is_chrome
from blitz.i18n.rst_doctree import parse
from conftest import BUILD, EXAMPLES, LANGUAGES, ROOT, TUTORIALS
from docutils import nodes
from sphinx_gallery.gen_gallery import DEFAULT_GALLERY_CONF

CJK = re.compile(r"[\u4e00-\u9fff]")
GALLERY_CONF = DEFAULT_GALLERY_CONF | {"remove_config_comments": True}
PREFIX = "这是一段相当长的中文译文，用来检验换行（以及标点）是否正确。"


def fake_chinese(msgid: str) -> str:
    return f"{PREFIX} {msgid}"


def structure(text: str) -> tuple[list[str], int]:
    """The elements of the parsed reStructuredText, without the words, and how many problems it has."""
    tree = parse(text)
    problems = [m for m in tree.findall(nodes.system_message) if m["level"] >= 2]
    skip = (nodes.system_message, nodes.problematic)
    return [type(n).__name__ for n in tree.findall(nodes.Element) if not isinstance(n, skip)], len(problems)


# -- The real tutorials --------------------------------------------------------


@pytest.fixture(params=TUTORIALS)
def tutorial(request) -> str:
    return (EXAMPLES / f"{request.param}.py").read_text(encoding="utf-8")


def test_every_block_renders_back_to_its_source(tutorial):
    """(A wrong span would leave its block untranslated: the next test would find it.)"""
    assert st.translate_script(tutorial, lambda msgid: None) == tutorial
    blocks, spans = st.split_script(tutorial)
    assert len(blocks) > 2
    for index, (block, (start, end)) in enumerate(zip(blocks, spans)):
        region = tutorial[start:end]
        if index == 0:
            assert st.render_docstring(region, block.content, block.content) == region
        elif block.type == "text":
            assert st.render_text_block(region, block.content) == region


def test_translated_tutorial_keeps_code_and_structure_and_fits_the_width(tutorial):
    translated = st.translate_script(tutorial, fake_chinese)
    assert code_ast(translated) == code_ast(tutorial)
    assert all(CJK.search(d.text) for d in find_docstrings(translated))  # as many as before (code_ast)
    original_blocks, _ = st.split_script(tutorial)
    translated_blocks, _ = st.split_script(translated)
    assert [b.type for b in translated_blocks] == [b.type for b in original_blocks]
    for old, new in zip(original_blocks, translated_blocks):
        if old.type == "code":  # its comments and docstring paragraphs
            messages = prose_messages(old.content)
        else:
            messages = [m.msgid for m in st.block_messages(old.content)]
            # Wrapped or not, the text parses into the same elements with no new problems.
            assert structure(new.content) == structure(old.content)
        # Each message's translation stands in its block, wrapped (so compared without spaces and "#").
        for msgid in messages:
            assert re.sub(r"[\s#]", "", fake_chinese(msgid)) in re.sub(r"[\s#]", "", new.content), msgid
    lines = translated.splitlines()
    for line, following in zip(lines, lines[1:] + [""]):
        # Titles, and directive titles such as ".. dropdown:: 答案", stay on one line.
        is_title = re.fullmatch(r"#? ?([-=])\1+", following.strip()) or re.match(r"#? *\.\. [\w:-]+:: ", line)
        if CJK.search(line) and not is_title:
            assert display_width(line) <= WIDTH, line


# -- Single constructs ---------------------------------------------------------


def test_admonition_text_on_the_directive_line_other_directives_and_literal_blocks_kept():
    inline = ".. warning:: Read this\n   before you start.\n"
    out = st.translate_rst_block(inline, {"Read this before you start.": "开始之前请读这一段。"}.get, WIDTH)
    assert out == ".. warning:: 开始之前请读这一段。\n"
    text = (
        "Run::\n\n    Run this\n\n"
        ".. code-block:: bash\n\n   Run this\n\n"
        ".. literalinclude:: Run this\n\n"
        ".. Run this\n\n"
        "Run this\n"
    )
    # A translation without the "::" that introduces a literal block gets its expanded form.
    out = st.translate_rst_block(text, {"Run this": "运行", "Run::": "运行："}.get, WIDTH)
    assert out == text.replace("Run::", "运行： ::").replace("\nRun this\n", "\n运行\n")


# -- Notebook and zip ------------------------------------------------------------


def test_notebook_from_the_translated_blocks(tmp_path, tutorial):
    """Every text cell translated; the code cells the English notebook's, comments translated."""

    def cells(lookup, kind: str) -> list[str]:
        notebook = dl.localized_notebook(tutorial, lookup, GALLERY_CONF, tmp_path)
        return ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == kind]

    assert all(CJK.search(text) for text in cells(fake_chinese, "markdown"))
    chinese, english = cells(fake_chinese, "code"), cells(lambda msgid: None, "code")
    assert [code_ast(c) for c in chinese] == [code_ast(c) for c in english] and chinese != english


@pytest.mark.parametrize("name", TUTORIALS)
def test_published_downloads(name, site):
    """The untranslated notebook has the cells of the one sphinx-gallery wrote in docs/tutorials/, the code
    cells identical; each language's zip has its members, in its order and with its dates, holding that
    language's downloads.  The English script is the source without its exercise solutions, but for its
    cross-references (the page's title instead of ``:ref:`label```); the Chinese script and notebook run
    the same code as the English ones, comments aside."""
    written = ROOT / "docs" / "tutorials" / f"{name}.ipynb"
    source = written.with_suffix(".py").read_text(encoding="utf-8")
    ours = dl.localized_notebook(source, lambda msgid: None, GALLERY_CONF, written.parent)
    theirs = json.loads(written.read_text(encoding="utf-8"))

    def masked(notebook: dict) -> dict:  # the markdown cells' text is ours
        return notebook | {"cells": [c if c["cell_type"] == "code" else "markdown" for c in notebook["cells"]]}

    assert masked(ours) == masked(theirs)
    published = {}
    for language in LANGUAGES:
        downloads = site / language / "_downloads"
        (built,) = downloads.glob(f"*/{name}.zip")
        with zipfile.ZipFile(built) as ours_zip, zipfile.ZipFile(written.with_suffix(".zip")) as theirs_zip:
            assert [(i.filename, i.date_time) for i in ours_zip.infolist()] == [
                (i.filename, i.date_time) for i in theirs_zip.infolist()
            ]
            for member in ours_zip.namelist():
                (file,) = downloads.glob(f"*/{member}")
                assert ours_zip.read(member) == file.read_bytes(), f"{language}/{member}"
                published[language, member.removeprefix(name)] = file.read_text(encoding="utf-8")
    expected = dl.without_solutions(source)
    english = published["en", ".py"].split("\n")
    assert len(english) == len(expected.split("\n"))
    changed = [old for old, new in zip(expected.split("\n"), english) if old != new]
    assert all(":ref:`" in line for line in changed), changed
    chinese = published["zh_CN", ".py"]
    assert code_ast(chinese) == code_ast(expected)
    assert all(CJK.search(doc.text) for doc in find_docstrings(chinese))
    cells = {lang: json.loads(published[lang, ".ipynb"])["cells"] for lang in ("en", "zh_CN")}
    assert CJK.search("".join("".join(c["source"]) for c in cells["zh_CN"] if c["cell_type"] == "markdown"))
    # The Chinese notebook runs what the English one runs (which test_downloads.py executes).
    code = {lang: [code_ast("".join(c["source"])) for c in cells[lang] if c["cell_type"] == "code"] for lang in cells}
    assert code["zh_CN"] == code["en"]


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
