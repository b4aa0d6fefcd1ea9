"""The upstream shapes docs/_ext/blitz/_compat/ relies on, one test per entry.

Each test checks what the entry's comment says about the installed Sphinx or
sphinx-gallery, on a tiny input or on the gallery the last build ran, and
fails naming the entry and what changed: after an upgrade, the failing test
says which entry of blitz._compat to revisit.
"""

from __future__ import annotations

import ast
import copy
import gettext
import inspect
import json
import pickle
import struct
import types
import zipfile
import zlib
from pathlib import Path

import pytest
from blitz import _compat
from conftest import BUILD, LANGUAGES, ROOT, TUTORIALS
from docutils import nodes

GALLERY = ROOT / "docs" / "tutorials"
DOCTREES = ROOT / "_build" / "doctrees" / "en"


def changed(entry: str, what: str) -> str:
    return f"blitz._compat.{entry}: {what}; the upstream shape changed, update the entry and its version comment"


def tiny_png(path: Path, width: int, height: int) -> Path:
    """A grey PNG of the given size (no image library needed)."""
    raw = b"".join(b"\0" + b"\x80" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return path


def built_doctree(docname: str):
    path = DOCTREES / f"{docname}.doctree"
    if not path.is_file():
        pytest.fail(f"{path} is missing: run `make html` first")
    return pickle.loads(path.read_bytes())


# -- Gettext catalogs -------------------------------------------------------------


@pytest.mark.parametrize(("compact", "expected"), [(False, "tutorials/x_tutorial"), (True, "tutorials")])
def test_page_domain(compact, expected):
    assert _compat.page_domain("tutorials/x_tutorial", compact) == expected, changed(
        "page_domain", "docname_to_domain no longer names a page's catalog as before"
    )


def test_catalog_messages(tmp_path):
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    catalog = Catalog(locale="zh_CN")
    catalog.add("Hello", "你好")
    catalog.add("Untranslated", "")
    catalog.add(("one file", "%(n)d files"), ("%(n)d 个文件",))
    folder = tmp_path / "zh_CN" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with open(folder / "page.mo", "wb") as f:
        write_mo(f, catalog)
    trans = gettext.translation("page", localedir=tmp_path, languages=["zh_CN"])
    messages = _compat.catalog_messages(trans)
    messages.pop("", None)  # the header
    assert messages == {"Hello": "你好"}, changed(
        "catalog_messages", "GNUTranslations._catalog no longer maps msgid to msgstr"
    )
    assert _compat.catalog_messages(gettext.NullTranslations()) == {}


# -- Translatable nodes -------------------------------------------------------------


def test_page_messages_pairs_nodes_with_their_msgids():
    para = nodes.paragraph("A sentence\nover two lines.", "A sentence\nover two lines.")
    para.source, para.line = "page.rst", 1
    found = _compat.page_messages(nodes.section("", para))
    assert found == [(para, "A sentence over two lines.")], changed(
        "page_messages", f"extract_messages gave {found}, not (node, msgid with lines joined)"
    )


def test_translatable_attribute():
    from sphinx.util.nodes import extract_messages

    block = nodes.literal_block("line 1\nline 2", "line 1\nline 2")
    block[_compat.TRANSLATABLE] = True
    para = nodes.paragraph("(0 minutes 1.000 seconds)", "(0 minutes 1.000 seconds)")
    para[_compat.TRANSLATABLE] = False
    for node in (block, para):
        node.source, node.line = "page.rst", 1
    section = nodes.section("", block, para)
    messages = [msg for _, msg in extract_messages(section)]
    assert messages == ["line 1\nline 2"], changed(
        "TRANSLATABLE", f"extract_messages gave {messages}, not the marked literal block only"
    )


def test_translated_flag():
    from sphinx.transforms.i18n import Locale

    # That the Locale transform sets the flag is checked on the built pages
    # (test_translation_notice.py counts the untranslated messages through it).
    assert Locale
    doc = nodes.section("", nodes.paragraph("a", "a", translated=False), nodes.paragraph("b", "b", translated=True))
    assert [n.astext() for n in _compat.untranslated_nodes(doc)] == ["a"]


# -- Gallery figures ----------------------------------------------------------------


@pytest.mark.site  # reads the executed gallery or the built pages
def test_figure_node_in_built_pages():
    doctree = built_doctree(f"tutorials/{TUTORIALS[0]}")
    figures = list(doctree.findall(_compat.figure_node))
    assert figures, changed("figure_node", f"no imgsgnode in the doctree of {TUTORIALS[0]}")
    for node in figures:
        missing = {"uri", "srcset", "alt", "class"} - set(node.attributes)
        assert not missing, changed("figure_node", f"imgsgnode lacks {missing}")
        assert node["uri"].startswith("/"), changed("figure_node", f"uri {node['uri']!r} is not source-root")


def test_matplotlib_scraper_and_image_paths(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sphinx_gallery.scrapers import ImagePathIterator

    params = list(inspect.signature(_compat.matplotlib_scraper).parameters)
    assert params[:3] == ["block", "block_vars", "gallery_conf"], changed("matplotlib_scraper", f"parameters {params}")
    paths = ImagePathIterator(str(tmp_path / "sphx_glr_x_{0:03}.png"))
    first = len(paths)
    next(paths)
    assert _compat.new_image_paths(paths, first) == [str(tmp_path / "sphx_glr_x_001.png")], changed(
        "new_image_paths", "ImagePathIterator.paths no longer lists the paths handed out"
    )
    plt.figure()
    paths = ImagePathIterator(str(tmp_path / "sphx_glr_y_{0:03}.png"))
    block_vars = {"image_path_iterator": paths, "src_file": str(tmp_path / "y.py"), "example_globals": {}}
    from sphinx_gallery.gen_gallery import DEFAULT_GALLERY_CONF

    conf = {**DEFAULT_GALLERY_CONF, "src_dir": str(tmp_path), "image_srcset": [], "matplotlib_animations": (False, None)}
    _compat.matplotlib_scraper(None, block_vars, conf)
    saved = _compat.new_image_paths(paths, 0)
    assert len(saved) == 1 and Path(saved[0]).is_file(), changed(
        "matplotlib_scraper", "it did not save the open figure at the iterator's next path"
    )
    plt.close("all")


def test_scale_image(tmp_path):
    from sphinx.util.images import get_image_size

    params = list(inspect.signature(_compat.scale_image).parameters)
    assert params == ["in_fname", "out_fname", "max_width", "max_height"], changed("scale_image", f"parameters {params}")
    source = tiny_png(tmp_path / "in.png", 80, 40)
    _compat.scale_image(str(source), str(tmp_path / "out.png"), 40, 40)
    width, height = get_image_size(tmp_path / "out.png")
    assert width <= 40 and height <= 40, changed("scale_image", f"made {width}x{height} for a 40x40 box")


def test_default_thumbnail_size():
    from sphinx_gallery.gen_gallery import DEFAULT_GALLERY_CONF

    assert tuple(DEFAULT_GALLERY_CONF["thumbnail_size"]) == _compat.DEFAULT_THUMBNAIL_SIZE, changed(
        "DEFAULT_THUMBNAIL_SIZE", f"sphinx-gallery's default is {DEFAULT_GALLERY_CONF['thumbnail_size']}"
    )


def test_script_file_conf(tmp_path):
    script = tmp_path / "x_tutorial.py"
    script.write_text('"""\nTitle\n=====\n"""\n\n# sphinx_gallery_thumbnail_number = -2\nx = 1\n', encoding="utf-8")
    conf = _compat.script_file_conf(script)
    assert conf == {"thumbnail_number": -2}, changed("script_file_conf", f"file_conf is {conf!r}")


@pytest.mark.site  # reads the executed gallery or the built pages
def test_figure_and_thumbnail_names():
    name = TUTORIALS[0]
    figures = _compat.figure_files(GALLERY, name)
    assert figures, changed("figure_files", f"no images/sphx_glr_{name}_NNN.png in {GALLERY}")
    thumb = f"/tutorials/images/thumb/sphx_glr_{name}_thumb.png"
    assert (ROOT / "docs" / thumb.lstrip("/")).is_file(), changed("THUMBNAIL_URI", f"{thumb} was not written")
    assert _compat.thumbnail_example(thumb) == ("tutorials", name)
    assert _compat.thumbnail_example(f"/tutorials/images/{figures[0].name}") is None


# -- Gallery pages and runs -----------------------------------------------------------


def test_example_copy_and_docname(tmp_path):
    conf = {"examples_dirs": "../examples", "gallery_dirs": "tutorials"}
    (tmp_path / "tutorials").mkdir()
    copy = tmp_path / "tutorials" / "x_tutorial.py"
    copy.write_text("x = 1\n", encoding="utf-8")
    assert _compat.gallery_folders(conf) == [("../examples", "tutorials")]
    assert _compat.example_copy(tmp_path, conf, "tutorials/x_tutorial") == copy
    assert _compat.example_copy(tmp_path, conf, "tutorials/index") is None
    assert _compat.example_copy(tmp_path, conf, "x_tutorial") is None
    assert _compat.example_docname(tmp_path, conf, copy) == "tutorials/x_tutorial"
    assert _compat.example_docname(tmp_path, conf, tmp_path / "elsewhere.py") is None


@pytest.mark.site  # reads the executed gallery
@pytest.mark.parametrize("name", TUTORIALS)
def test_gallery_copies_match_their_pages(name):
    conf = {"examples_dirs": "../examples", "gallery_dirs": "tutorials"}
    copy = _compat.example_copy(ROOT / "docs", conf, f"tutorials/{name}")
    assert copy is not None and copy.with_suffix(".rst").is_file(), changed(
        "example_copy", f"sphinx-gallery no longer writes tutorials/{name}.py next to its page"
    )


def test_source_md5_is_sphinx_gallerys(tmp_path):
    from sphinx_gallery.utils import get_md5sum

    path = tmp_path / "x.py"
    path.write_bytes("# 中文\r\nx = 1\n".encode())
    assert _compat.source_md5(path) == get_md5sum(path, mode="t"), changed(
        "source_md5", "sphinx_gallery.utils.get_md5sum(mode='t') computes another md5"
    )


@pytest.mark.site  # reads the executed gallery
@pytest.mark.parametrize("name", TUTORIALS)
def test_run_files_of_the_last_gallery_run(name):
    copy = GALLERY / f"{name}.py"
    md5 = _compat.run_md5_path(copy)
    assert md5.is_file(), changed("run_md5_path", f"{md5.name} was not written by the last run")
    assert md5.read_text(encoding="utf-8").strip() == _compat.source_md5(copy)
    cost = _compat.run_cost_path(copy)
    assert cost.is_file(), changed("run_cost_path", f"{cost.name} was not written by the last run")
    seconds = _compat.run_seconds(json.loads(cost.read_text(encoding="utf-8")))
    assert seconds is not None, changed("run_seconds", f"{cost.name} has no 'time'")
    assert _compat.run_seconds({}) is None and _compat.run_seconds({"time": "x"}) is None


def test_failure_marker():
    from sphinx_gallery import gen_rst

    assert _compat.FAILURE_MARKER in gen_rst.codestr2rst("Traceback", lang="pytb"), changed(
        "FAILURE_MARKER", "a traceback is no longer written as a pytb code block"
    )


def test_timing_line():
    from sphinx_gallery import gen_rst

    line = gen_rst.TIMING_CONTENT.format(1, 2.345)
    assert f".. rst-class:: {_compat.TIMING_CLASS}" in line, changed("TIMING_CLASS", "TIMING_CONTENT changed")
    assert _compat.timing_seconds(line) == (1, 2.345), changed("timing_seconds", f"cannot read {line.strip()!r}")
    assert _compat.timing_seconds("no time here") is None


# -- Gallery cards ------------------------------------------------------------------


def test_card_template():
    from sphinx_gallery import backreferences

    card = backreferences.THUMBNAIL_TEMPLATE.format(
        tags="", intro="An &amp; intro", thumbnail="t/images/thumb/x.png", doc_name="/t/x", title="A title",
        ref_name="t_x", example_name="x",
    )
    assert _compat.CARD_TITLE.search(card)[2] == "A title", changed("CARD_TITLE", "the card's title div changed")
    assert _compat.CARD_TOOLTIP.search(card)[2] == "An &amp; intro", changed("CARD_TOOLTIP", "the tooltip changed")
    opening, link, closing = card.index("sphx-glr-thumbcontainer"), card.index(":doc:"), card.index("thumbnail-title")
    assert opening < link < closing, changed("card_links", "the :doc: link is no longer between the card's raw nodes")


@pytest.mark.site  # reads the executed gallery or the built pages
def test_card_links_in_built_index():
    doctree = built_doctree("tutorials/index")
    pairs = _compat.card_links(doctree)
    linked = sorted({docname for _, docname in pairs})
    assert linked == [f"tutorials/{name}" for name in TUTORIALS], changed(
        "card_links", f"the gallery index's cards pair with {linked}"
    )
    assert len(pairs) == 2 * len(TUTORIALS), changed("card_links", "a card is no longer two raw nodes around its link")


# -- HTML output --------------------------------------------------------------------


def test_get_image_size(tmp_path):
    assert _compat.get_image_size(tiny_png(tmp_path / "x.png", 30, 20)) == (30, 20), changed(
        "get_image_size", "no (width, height) for a PNG"
    )


def test_builtin_template_loader():
    params = list(inspect.signature(_compat.BuiltinTemplateLoader.init).parameters)
    assert params == ["self", "builder", "theme", "dirs"], changed("BuiltinTemplateLoader", f"init{params}")


def test_search_chinese():
    search = _compat.SearchChinese({"dict": ""})
    assert isinstance(search.latin_terms, set), changed("SearchChinese", "no latin_terms set after init")
    assert "js_splitter_code" in vars(type(search).__mro__[1]) or hasattr(search, "js_splitter_code"), changed(
        "SearchChinese", "no js_splitter_code"
    )
    assert search.lang == "zh", changed("SearchChinese", f"lang is {search.lang!r}")


def test_search_index_in_the_browser():
    import sphinx
    from sphinx.search import IndexBuilder

    script = (Path(sphinx.__file__).parent / "themes" / "basic" / "static" / "searchtools.js").read_text(encoding="utf-8")
    assert f"{_compat.SEARCH_INDEX_JS} = index" in script, changed("SEARCH_INDEX_JS", "searchtools.js keeps its index elsewhere")
    assert IndexBuilder


@pytest.mark.site
def test_search_index_has_terms_and_title_terms(site):
    for lang in LANGUAGES:
        text = (site / lang / "searchindex.js").read_text(encoding="utf-8")
        index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
        assert {"terms", "titleterms", "docnames"} <= set(index), changed("SEARCH_INDEX_JS", f"{lang}: {sorted(index)}")


def test_search_language_of_a_builder_without_search():
    # A real html build's search language: tests/test_tiny_build.py.
    assert _compat.search_language(object()) is None


def test_asset_entries():
    from sphinx.builders.html._assets import _JavaScript

    js = _JavaScript("_static/x.js", priority=300, defer="defer")
    assert _compat.asset_filename(js) == "_static/x.js", changed("asset_filename", "no filename")
    assert _compat.asset_attributes(js) == {"defer": "defer"}, changed("asset_attributes", "no attributes dict")
    assert _compat.asset_priority(js) == 300, changed("asset_priority", "no priority")
    assert _compat.asset_filename("_static/y.css") == "_static/y.css"


def test_has_maths_elements():
    import sphinx.builders.html

    # Which pages load KaTeX's stylesheet is checked on the built site (test_light_pages.py).
    assert sphinx.builders.html
    assert _compat.page_has_math({"has_maths_elements": True}) and not _compat.page_has_math({})


def test_gallery_assets_exist():
    import sphinx_gallery

    static = Path(sphinx_gallery.__file__).parent / "_static"
    missing = [name for name in _compat.GALLERY_ASSETS if not (static / name.removeprefix("_static/")).is_file()]
    assert not missing, changed("GALLERY_ASSETS", f"sphinx-gallery no longer ships {missing}")


# -- Localized downloads --
# The entries of the "Localized downloads" section of docs/_ext/blitz/_compat/downloads_private.py:
# each test fails, saying which upstream shape changed, when sphinx-gallery or
# Sphinx no longer behaves as the entry's version comment says.

from sphinx_gallery import gen_rst as _sg_gen_rst
from sphinx_gallery import notebook as _sg_notebook
from sphinx_gallery import py_source_parser as _sg_parser
from sphinx_gallery.gen_gallery import DEFAULT_GALLERY_CONF as _SG_DEFAULT_CONF

_SCRIPT = '''\
"""
Title
=====

Intro.
"""

x = 1  # one

# %%
#
# Text of the cell::
#
#     indented
#
#   two

# sphinx_gallery_start_ignore
hidden = 2
# sphinx_gallery_end_ignore
# sphinx_gallery_thumbnail_number = 1
'''


def _write(tmp_path, text: str = _SCRIPT) -> Path:
    path = tmp_path / "example.py"
    path.write_text(text, encoding="utf-8")
    return path


def test_downloads_block_is_type_content_lineno():
    assert _compat.Block._fields == ("type", "content", "lineno"), (
        "sphinx_gallery.py_source_parser.Block changed its fields: "
        f"{_compat.Block._fields}; script_text and notebooks build Blocks by position"
    )


def test_downloads_split_gallery_script_shape(tmp_path):
    result = _sg_parser.split_code_and_text_blocks(_write(tmp_path), return_node=True)
    assert isinstance(result, tuple) and len(result) == 3, (
        "split_code_and_text_blocks(path, return_node=True) no longer returns (file_conf, blocks, node)"
    )
    blocks, node = _compat.split_gallery_script(_write(tmp_path))
    assert isinstance(node, ast.Module), "the parsed module is no longer an ast.Module"
    assert [(b.type, b.lineno) for b in blocks] == [("text", 1), ("code", 7), ("text", 11), ("code", 17)], (
        f"sphinx-gallery splits a script into other blocks or line numbers: {blocks}"
    )
    assert blocks[0].content == "\nTitle\n=====\n\nIntro.", "the docstring block is no longer the cleaned docstring"
    assert blocks[1].content == "\nx = 1  # one\n\n", "a code block is no longer the verbatim code"
    _, syntax_error = _compat.split_gallery_script(_write(tmp_path, '"""Doc."""\nx = (\n'))
    assert syntax_error is None, "a script with a syntax error no longer gives node None"
    from sphinx.errors import ExtensionError as _ExtensionError

    with pytest.raises(_ExtensionError):
        _compat.split_gallery_script(_write(tmp_path, "x = 1\n"))


def test_downloads_text_block_content_is_what_sphinx_gallery_makes(tmp_path):
    blocks, _ = _compat.split_gallery_script(_write(tmp_path))
    region = "".join(line + "\n" for line in _SCRIPT.split("\n")[10:16])
    assert _compat.text_block_content(region) == blocks[2].content, (
        "sphinx-gallery derives a text block's content from its comment lines differently: "
        f"{blocks[2].content!r}"
    )


def test_downloads_notebook_blocks_are_cleaned_as_sphinx_gallery_cleans_them(tmp_path):
    blocks, _ = _compat.split_gallery_script(_write(tmp_path))
    conf = copy.deepcopy(_SG_DEFAULT_CONF) | {"remove_config_comments": True}
    expected, _ = _sg_gen_rst._clean_script_blocks(conf, _sg_parser, blocks, [""] * len(blocks))
    cleaned = _compat.clean_notebook_blocks(blocks, conf)
    assert cleaned == expected, "sphinx_gallery.gen_rst._clean_script_blocks cleans the blocks differently"
    assert len(cleaned) == len(blocks) - 1, "the final block, empty once cleaned, is no longer dropped"
    assert "hidden" not in "".join(b.content for b in cleaned)


def test_downloads_jupyter_notebook_signature_and_result(tmp_path):
    params = list(inspect.signature(_compat.jupyter_notebook).parameters)
    assert params == ["script_blocks", "gallery_conf", "target_dir"], (
        f"sphinx_gallery.notebook.jupyter_notebook takes other arguments: {params}"
    )
    blocks, _ = _compat.split_gallery_script(_write(tmp_path))
    notebook = _compat.jupyter_notebook(blocks, copy.deepcopy(_SG_DEFAULT_CONF), tmp_path)
    assert isinstance(notebook, dict) and notebook["nbformat"] == 4 and notebook["cells"], (
        "jupyter_notebook no longer returns an nbformat 4 dict"
    )


def test_downloads_save_notebook_writes_notebook_json(tmp_path):
    notebook = {"cells": [{"source": ["中文"]}], "nbformat": 4}
    _compat.save_notebook(notebook, tmp_path / "nb.ipynb")
    assert _compat.save_notebook is _sg_notebook.save_notebook
    assert (tmp_path / "nb.ipynb").read_text(encoding="utf-8") == _compat.notebook_json(notebook), (
        "sphinx_gallery.notebook.save_notebook writes another JSON layout than json.dumps(indent=2)"
    )


def test_downloads_gallery_names_its_downloads_after_the_script():
    names = {"py": "a_tutorial.py", "ipynb": "a_tutorial.ipynb", "zip": "a_tutorial.zip"}
    links = _sg_gen_rst.CODE_DOWNLOAD + _sg_gen_rst.NOTEBOOK_DOWNLOAD + _sg_gen_rst.ZIP_DOWNLOAD
    assert links.count(":download:") == len(_compat.GALLERY_DOWNLOAD_SUFFIXES), (
        "sphinx-gallery offers another set of downloads per example"
    )
    rendered = (
        _sg_gen_rst.CODE_DOWNLOAD.format(names["py"], "Python")
        + _sg_gen_rst.NOTEBOOK_DOWNLOAD.format(names["ipynb"])
        + _sg_gen_rst.ZIP_DOWNLOAD.format(names["zip"])
    )
    for name in names.values():
        assert f"<{name}>`" in rendered, f"sphinx-gallery's download links no longer point at {name}"


def test_downloads_gallery_files_written_next_to_each_script():
    gallery = ROOT / "docs" / "tutorials"
    scripts = sorted(gallery.glob("*_tutorial.py"))
    if not scripts:
        pytest.skip("docs/tutorials/ is generated by the html build")
    for script in scripts:
        for suffix in (".rst", *_compat.GALLERY_DOWNLOAD_SUFFIXES):
            assert script.with_suffix(suffix).is_file(), f"sphinx-gallery wrote no {script.stem}{suffix}"
        with zipfile.ZipFile(script.with_suffix(".zip")) as zf:
            assert sorted(zf.namelist()) == sorted([script.name, script.with_suffix(".ipynb").name]), (
                f"sphinx-gallery's zip of {script.stem} holds other members: {zf.namelist()}"
            )


def test_downloads_gallery_script_pages(tmp_path):
    (tmp_path / "tutorials").mkdir()
    for name in ("a_tutorial.py", "helper.py"):
        (tmp_path / "tutorials" / name).write_text("", encoding="utf-8")
    app = types.SimpleNamespace(
        config=types.SimpleNamespace(sphinx_gallery_conf={"gallery_dirs": "tutorials"}),
        srcdir=str(tmp_path),
        env=types.SimpleNamespace(found_docs={"tutorials/a_tutorial", "index"}),
    )
    assert _compat.gallery_script_pages(app) == {
        (tmp_path / "tutorials" / "a_tutorial.py").resolve(): "tutorials/a_tutorial"
    }


def test_downloads_dlfiles_shape():
    from sphinx.environment import BuildEnvironment
    from sphinx.util._files import DownloadFiles

    assert BuildEnvironment  # env.dlfiles on a real build: the downloads tests on the built site
    files = DownloadFiles()
    dest = files.add_file("tutorials/a", "tutorials/a.py")
    files.add_file("index", "tutorials/a.py")
    assert _compat.download_files(types.SimpleNamespace(dlfiles=files)) == [
        (Path("tutorials/a.py"), {"tutorials/a", "index"}, Path(dest))
    ], "Sphinx's DownloadFiles no longer maps a source path to (docnames, destination)"
    assert Path(dest).name == "a.py" and len(Path(dest).parts) == 2, (
        f"Sphinx no longer publishes a download as _downloads/<digest>/<name>: {dest}"
    )


def test_downloads_dlfiles_of_the_built_site():
    pickled = BUILD / "doctrees" / "zh_CN" / "environment.pickle"
    if not pickled.is_file():
        pytest.skip("no html build")
    env = pickle.loads(pickled.read_bytes())
    found = _compat.download_files(env)
    assert any(src.suffix == ".zip" for src, _, _ in found), "the built environment lists no gallery zip"
    for _src, docnames, dest in found:
        assert docnames and (BUILD / "html" / "zh_CN" / "_downloads" / dest).is_file(), (
            f"env.dlfiles names {dest}, which the build did not publish"
        )


def test_downloads_gallery_block_starts_follow_sphinx_gallery_headers():
    page = (
        _sg_gen_rst.EXAMPLE_HEADER.format("tutorials/x_tutorial.py", "tutorials_x_tutorial.py", "")
        + "\nTitle\n=====\n\n"
        + _sg_gen_rst.RST_BLOCK_HEADER.format(9, 12)
        + "Text.\n\n"
        + ".. _sphx_glr_download_tutorials_x_tutorial.py:\n"
    )
    lines = page.split("\n")
    starts = _compat.gallery_block_starts(lines)
    assert [block for _, block in starts] == [1, 9, 0], (
        f"sphinx-gallery's example header or block comments changed: {starts}"
    )
    (docstring, _), (text, _), _ = starts
    assert lines[docstring - 1 : docstring + 1] == ["", "Title"], (
        "the docstring no longer starts two lines after the example's target"
    )
    assert lines[text - 1] == "Text.", "a text block no longer starts two lines after its GENERATED comment"


def test_downloads_dropdown_title_shape():
    pickled = BUILD / "doctrees" / "en" / "tutorials" / "tensor_tutorial.doctree"
    if not pickled.is_file():
        pytest.skip("no html build")
    from docutils import nodes as _nodes

    document = pickle.loads(pickled.read_bytes())
    rst = (ROOT / "docs" / "tutorials" / "tensor_tutorial.rst").read_text(encoding="utf-8").split("\n")
    titles = [n for n in document.findall(_nodes.rubric) if _compat.dropdown_title_line(n) is not None]
    assert titles, "sphinx-design's dropdown title is no longer a rubric inside a container"
    for title in titles:
        line = rst[_compat.dropdown_title_line(title) - 1]
        assert line.startswith(".. dropdown::") and line.endswith(title.astext()), (
            f"a dropdown title's line is not its directive's line: {line!r}"
        )


# -- KaTeX server ----------------------------------------------------------------------


def test_katex_server_is_started_once_and_kept_on_the_class():
    import sphinxcontrib.katex as katex

    server = getattr(katex, "KaTeXServer", None)
    assert server is not None, changed("start_katex_server", "sphinxcontrib.katex has no KaTeXServer")
    assert inspect.ismethod(getattr(server, "get", None)), changed("start_katex_server", "KaTeXServer.get is gone")
    assert "katex_server" in vars(server), changed("katex_server_started", "KaTeXServer.katex_server is gone")
    script = Path(katex.__file__).with_name("katex-server.js")
    assert script.is_file(), changed("katex_server_processes", f"{script.name} is not shipped any more")
    command = server.build_command(socket="/tmp/katex.sock")
    assert any(Path(part).name == "katex-server.js" for part in command), changed(
        "katex_server_processes", f"the server is no longer started from its script: {command}"
    )


def test_katex_server_processes_finds_only_the_server_script():
    import os
    import subprocess
    import sys

    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        if not Path("/proc").is_dir():
            pytest.skip("no /proc on this system")
        assert _compat.katex_server_processes([other.pid, os.getpid()]) == []
    finally:
        other.kill()
        other.wait()


def test_downloads_reference_labels_of_the_built_site():
    pickled = BUILD / "doctrees" / "zh_CN" / "environment.pickle"
    if not pickled.is_file():
        pytest.skip("no html build")
    labels = _compat.reference_labels(pickle.loads(pickled.read_bytes()))
    docname, anchor, title = labels["sphx_glr_tutorials_autograd_tutorial.py"]
    assert docname == "tutorials/autograd_tutorial" and anchor, (
        changed("reference_labels", "a gallery page's label no longer maps to (docname, anchor, title)")
    )
    assert "自动微分" in title, changed("reference_labels", f"the label's title is not the translated one: {title!r}")


def test_plain_docutils_hides_sphinx_directives_and_restores_them():
    from docutils.core import publish_doctree
    from docutils.parsers.rst import directives
    from sphinx.directives.patches import MathDirective
    from sphinx.util.docutils import docutils_namespace, register_directive

    text = ".. math::\n\n   x^2\n\nSee :ref:`x`.\n"
    quiet = {"report_level": 5, "halt_level": 5, "warning_stream": False}
    with docutils_namespace():
        register_directive("math", MathDirective)
        with _compat.plain_docutils():
            tree = publish_doctree(text, settings_overrides=quiet)
            assert tree.next_node(nodes.math_block) is not None, changed("plain_docutils", "no docutils math inside")
            # Sphinx's ref is not a docutils role: unknown inside.
            assert tree.next_node(nodes.problematic) is not None, changed("plain_docutils", "a Sphinx role inside")
        assert directives._directives.get("math") is MathDirective, changed("plain_docutils", "not restored")


def test_a_version_outside_the_tested_series_is_named(monkeypatch):
    import importlib.metadata

    real = importlib.metadata.version
    monkeypatch.setattr(importlib.metadata, "version", lambda name: "9.0.1" if name == "sphinx" else real(name))
    assert _compat.untested_versions() == ["sphinx 9.0.1 (tested: 8.2.x)"]
    monkeypatch.setattr(importlib.metadata, "version", real)
    assert _compat.untested_versions() == []
