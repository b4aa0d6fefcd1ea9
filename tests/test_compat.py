"""The upstream shapes docs/_ext/blitz/_compat/ relies on.

Each test checks what an entry's comment says about the installed upstream, on
a tiny input or on the last build, and fails naming the entry.  An entry that
an extension's own test already runs on the real thing is tested there only.
"""

from __future__ import annotations

import ast
import gettext
import io
import pickle
import subprocess
from pathlib import Path

import pytest
from blitz import _compat
from conftest import BUILD
from docutils import nodes


def changed(entry: str, what: str) -> str:
    return f"blitz._compat.{entry}: {what}; the upstream shape changed, update the entry and its version comment"


@pytest.mark.parametrize(("installed", "named"), [("9.0.1", True), ("8.20.0", True), ("8.2", False), ("8.2.3", False)])
def test_setup_names_a_version_outside_the_tested_series(monkeypatch, capsys, installed, named):
    import importlib.metadata

    real = importlib.metadata.version
    monkeypatch.setattr(importlib.metadata, "version", lambda name: installed if name == "sphinx" else real(name))
    _compat.setup(None)
    note = capsys.readouterr().err
    assert (f"sphinx {installed} (tested: 8.2.x)" in note) if named else note == "", note


# -- Sphinx, docutils, gettext -------------------------------------------------------


@pytest.mark.parametrize(("compact", "expected"), [(False, "tutorials/x_tutorial"), (True, "tutorials")])
def test_page_domain(compact, expected):
    assert _compat.page_domain("tutorials/x_tutorial", compact) == expected, changed("page_domain", "another name")


def test_catalog_messages():
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    catalog = Catalog(locale="zh_CN")
    catalog.add("Hello", "你好")
    catalog.add("Untranslated", "")
    catalog.add(("one file", "%(n)d files"), ("%(n)d 个文件",))
    mo = io.BytesIO()
    write_mo(mo, catalog)
    mo.seek(0)
    messages = _compat.catalog_messages(gettext.GNUTranslations(mo))
    messages.pop("", None)  # the header
    assert messages == {"Hello": "你好"}, changed("catalog_messages", "another _catalog")
    assert _compat.catalog_messages(gettext.NullTranslations()) == {}


def test_page_messages_and_the_translatable_attribute():
    para = nodes.paragraph("A sentence\nover two lines.", "A sentence\nover two lines.")
    block = nodes.literal_block("line 1\nline 2", "line 1\nline 2")
    block[_compat.TRANSLATABLE] = True
    timing = nodes.paragraph("(0 minutes 1.000 seconds)", "(0 minutes 1.000 seconds)")
    timing[_compat.TRANSLATABLE] = False
    for node in (para, block, timing):
        node.source, node.line = "page.rst", 1
    found = list(_compat.page_messages(nodes.section("", para, block, timing)))
    assert found == [(para, "A sentence over two lines."), (block, "line 1\nline 2")], changed(
        "page_messages or TRANSLATABLE", f"extract_messages gave {found}"
    )


@pytest.mark.site  # reads the environment of the last build
def test_reference_labels_have_the_translated_title():
    env = pickle.loads((BUILD / "doctrees" / "zh_CN" / "environment.pickle").read_bytes())
    docname, anchor, title = _compat.reference_labels(env)["sphx_glr_tutorials_autograd_tutorial.py"]
    assert docname == "tutorials/autograd_tutorial" and anchor, changed("reference_labels", "another shape")
    assert "自动微分" in title, changed("reference_labels", f"the title is not the translated one: {title!r}")


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


def test_search_index_in_the_browser():
    import sphinx

    script = Path(sphinx.__file__).parent / "themes" / "basic" / "static" / "searchtools.js"
    # searchtools.js run in Node.js: the page's searchindex.js calls Search.setIndex.
    program = "const document = {}, window = {}, _ready = () => {};\n" + script.read_text(encoding="utf-8")
    program += f"\nSearch.setIndex({{marker: 1}}); process.stdout.write(JSON.stringify({_compat.SEARCH_INDEX_JS}));"
    run = subprocess.run(["node", "-e", program], capture_output=True, text=True)
    assert run.stdout == '{"marker":1}', changed("SEARCH_INDEX_JS", f"setIndex keeps it elsewhere: {run.stderr[-300:]}")


def test_asset_entries():
    from sphinx.builders.html._assets import _JavaScript

    js = _JavaScript("_static/x.js", priority=300, defer="defer")
    assert _compat.asset_filename(js) == "_static/x.js", changed("asset_filename", "no filename")
    assert _compat.asset_attributes(js) == {"defer": "defer"}, changed("asset_attributes", "no attributes dict")
    assert _compat.asset_priority(js) == 300, changed("asset_priority", "no priority")


# -- sphinx-gallery ----------------------------------------------------------------


def test_scale_image(tmp_path):
    from PIL import Image

    Image.new("L", (80, 20)).save(tmp_path / "in.png")
    _compat.scale_image(str(tmp_path / "in.png"), str(tmp_path / "out.png"), 40, 40)
    size = Image.open(tmp_path / "out.png").size
    assert size == (40, 40), changed("scale_image", f"made {size} for a 40x40 box")


def test_failure_marker():
    from sphinx_gallery import gen_rst

    assert _compat.FAILURE_MARKER in gen_rst.codestr2rst("Traceback", lang="pytb"), changed(
        "FAILURE_MARKER", "a traceback is no longer written as a pytb code block"
    )


def test_card_template():
    from sphinx_gallery import backreferences

    fields = dict.fromkeys(("tags", "thumbnail", "ref_name", "example_name"), "x")
    card = backreferences.THUMBNAIL_TEMPLATE.format(**fields, intro="An &amp; intro", doc_name="/t/x", title="A title")
    assert _compat.CARD_TITLE.search(card)[2] == "A title", changed("CARD_TITLE", "the card's title div changed")
    assert _compat.CARD_TOOLTIP.search(card)[2] == "An &amp; intro", changed("CARD_TOOLTIP", "the tooltip changed")
    opening, link, closing = card.index("sphx-glr-thumbcontainer"), card.index(":doc:"), card.index("thumbnail-title")
    assert opening < link < closing, changed("card_links", "the :doc: link is no longer between the card's raw nodes")


def test_split_gallery_script(tmp_path):
    from sphinx.errors import ExtensionError

    script = tmp_path / "x_tutorial.py"
    script.write_text('"""\nTitle\n=====\n"""\n\n# sphinx_gallery_thumbnail_number = -2\nx = 1\n', encoding="utf-8")
    blocks, node = _compat.split_gallery_script(script)
    found = [(b.type, b.lineno) for b in blocks]
    assert isinstance(node, ast.Module) and found == [("text", 1), ("code", 5)], changed(
        "split_gallery_script", str(found)
    )
    assert _compat.Block._fields == ("type", "content", "lineno"), changed("Block", f"fields {_compat.Block._fields}")
    assert _compat.script_file_conf(script) == {"thumbnail_number": -2}, changed("script_file_conf", "other")
    script.write_text('"""Doc."""\nx = (\n', encoding="utf-8")
    assert _compat.split_gallery_script(script)[1] is None, changed("split_gallery_script", "node for a syntax error")
    script.write_text("x = 1\n", encoding="utf-8")
    with pytest.raises(ExtensionError):
        _compat.split_gallery_script(script)
