"""The upstream shapes docs/_ext/blitz/_compat.py relies on, one test per entry.

Each test checks what the entry's comment says about the installed Sphinx or
sphinx-gallery, on a tiny input or on the gallery the last build ran, and
fails naming the entry and what changed: after an upgrade, the failing test
says which line of _compat.py to revisit.  The sections follow _compat.py.
"""

from __future__ import annotations

import gettext
import inspect
import json
import pickle
import struct
import zlib
from pathlib import Path

import pytest
from docutils import nodes

from blitz import _compat
from conftest import ROOT, TUTORIALS

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

    source = inspect.getsource(Locale)
    assert f"node['{_compat.TRANSLATED}'] = False" in source, changed(
        "TRANSLATED", "the Locale transform no longer flags untranslated nodes"
    )
    doc = nodes.section("", nodes.paragraph("a", "a", translated=False), nodes.paragraph("b", "b", translated=True))
    assert [n.astext() for n in _compat.untranslated_nodes(doc)] == ["a"]


# -- Gallery figures ----------------------------------------------------------------


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
    assert 'lang="pytb"' in inspect.getsource(gen_rst.handle_exception), changed(
        "FAILURE_MARKER", "handle_exception no longer writes the traceback with lang='pytb'"
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
    assert "self.environment = " in inspect.getsource(_compat.BuiltinTemplateLoader.init), changed(
        "BuiltinTemplateLoader", "init no longer sets up self.environment"
    )


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
    freeze = inspect.getsource(IndexBuilder.freeze)
    assert "'terms'" in freeze and "'titleterms'" in freeze, changed("SEARCH_INDEX_JS", "the index has no terms/titleterms")


def test_asset_entries():
    from sphinx.builders.html._assets import _JavaScript

    js = _JavaScript("_static/x.js", priority=300, defer="defer")
    assert _compat.asset_filename(js) == "_static/x.js", changed("asset_filename", "no filename")
    assert _compat.asset_attributes(js) == {"defer": "defer"}, changed("asset_attributes", "no attributes dict")
    assert _compat.asset_priority(js) == 300, changed("asset_priority", "no priority")
    assert _compat.asset_filename("_static/y.css") == "_static/y.css"


def test_has_maths_elements():
    import sphinx.builders.html

    source = inspect.getsource(sphinx.builders.html)
    assert "'has_maths_elements'" in source, changed("page_has_math", "the page context has no has_maths_elements")
    assert _compat.page_has_math({"has_maths_elements": True}) and not _compat.page_has_math({})


def test_gallery_assets_exist():
    import sphinx_gallery

    static = Path(sphinx_gallery.__file__).parent / "_static"
    missing = [name for name in _compat.GALLERY_ASSETS if not (static / name.removeprefix("_static/")).is_file()]
    assert not missing, changed("GALLERY_ASSETS", f"sphinx-gallery no longer ships {missing}")


# -- Localized downloads --
