# -- Localized downloads --
# The entries of the "Localized downloads" section of docs/_ext/blitz/_compat.py:
# each test fails, saying which upstream shape changed, when sphinx-gallery or
# Sphinx no longer behaves as the entry's version comment says.

import ast as _ast
import copy as _copy
import inspect as _inspect
import pickle as _pickle
import types as _types
import zipfile as _zipfile
from pathlib import Path as _Path

import pytest as _pytest
from sphinx_gallery import gen_rst as _sg_gen_rst
from sphinx_gallery import notebook as _sg_notebook
from sphinx_gallery import py_source_parser as _sg_parser
from sphinx_gallery.gen_gallery import DEFAULT_GALLERY_CONF as _SG_DEFAULT_CONF

from blitz import _compat
from conftest import BUILD as _BUILD, ROOT as _ROOT

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


def _write(tmp_path, text: str = _SCRIPT) -> _Path:
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
    assert isinstance(node, _ast.Module), "the parsed module is no longer an ast.Module"
    assert [(b.type, b.lineno) for b in blocks] == [("text", 1), ("code", 7), ("text", 11), ("code", 17)], (
        f"sphinx-gallery splits a script into other blocks or line numbers: {blocks}"
    )
    assert blocks[0].content == "\nTitle\n=====\n\nIntro.", "the docstring block is no longer the cleaned docstring"
    assert blocks[1].content == "\nx = 1  # one\n\n", "a code block is no longer the verbatim code"
    _, syntax_error = _compat.split_gallery_script(_write(tmp_path, '"""Doc."""\nx = (\n'))
    assert syntax_error is None, "a script with a syntax error no longer gives node None"
    with _pytest.raises(Exception):
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
    conf = _copy.deepcopy(_SG_DEFAULT_CONF) | {"remove_config_comments": True}
    expected, _ = _sg_gen_rst._clean_script_blocks(conf, _sg_parser, blocks, [""] * len(blocks))
    cleaned = _compat.clean_notebook_blocks(blocks, conf)
    assert cleaned == expected, "sphinx_gallery.gen_rst._clean_script_blocks cleans the blocks differently"
    assert len(cleaned) == len(blocks) - 1, "the final block, empty once cleaned, is no longer dropped"
    assert "hidden" not in "".join(b.content for b in cleaned)


def test_downloads_jupyter_notebook_signature_and_result(tmp_path):
    params = list(_inspect.signature(_compat.jupyter_notebook).parameters)
    assert params == ["script_blocks", "gallery_conf", "target_dir"], (
        f"sphinx_gallery.notebook.jupyter_notebook takes other arguments: {params}"
    )
    blocks, _ = _compat.split_gallery_script(_write(tmp_path))
    notebook = _compat.jupyter_notebook(blocks, _copy.deepcopy(_SG_DEFAULT_CONF), tmp_path)
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
    gallery = _ROOT / "docs" / "tutorials"
    scripts = sorted(gallery.glob("*_tutorial.py"))
    if not scripts:
        _pytest.skip("docs/tutorials/ is generated by the html build")
    for script in scripts:
        for suffix in (".rst", *_compat.GALLERY_DOWNLOAD_SUFFIXES):
            assert script.with_suffix(suffix).is_file(), f"sphinx-gallery wrote no {script.stem}{suffix}"
        with _zipfile.ZipFile(script.with_suffix(".zip")) as zf:
            assert sorted(zf.namelist()) == sorted([script.name, script.with_suffix(".ipynb").name]), (
                f"sphinx-gallery's zip of {script.stem} holds other members: {zf.namelist()}"
            )


def test_downloads_gallery_script_pages(tmp_path):
    (tmp_path / "tutorials").mkdir()
    for name in ("a_tutorial.py", "helper.py"):
        (tmp_path / "tutorials" / name).write_text("", encoding="utf-8")
    app = _types.SimpleNamespace(
        config=_types.SimpleNamespace(sphinx_gallery_conf={"gallery_dirs": "tutorials"}),
        srcdir=str(tmp_path),
        env=_types.SimpleNamespace(found_docs={"tutorials/a_tutorial", "index"}),
    )
    assert _compat.gallery_script_pages(app) == {
        (tmp_path / "tutorials" / "a_tutorial.py").resolve(): "tutorials/a_tutorial"
    }


def test_downloads_dlfiles_shape():
    from sphinx.environment import BuildEnvironment
    from sphinx.util._files import DownloadFiles

    assert "self.dlfiles" in _inspect.getsource(BuildEnvironment.__init__), "BuildEnvironment has no dlfiles"
    files = DownloadFiles()
    dest = files.add_file("tutorials/a", "tutorials/a.py")
    files.add_file("index", "tutorials/a.py")
    assert _compat.download_files(_types.SimpleNamespace(dlfiles=files)) == [
        (_Path("tutorials/a.py"), {"tutorials/a", "index"}, _Path(dest))
    ], "Sphinx's DownloadFiles no longer maps a source path to (docnames, destination)"
    assert _Path(dest).name == "a.py" and len(_Path(dest).parts) == 2, (
        f"Sphinx no longer publishes a download as _downloads/<digest>/<name>: {dest}"
    )


def test_downloads_dlfiles_of_the_built_site():
    pickled = _BUILD / "doctrees" / "zh_CN" / "environment.pickle"
    if not pickled.is_file():
        _pytest.skip("no html build")
    env = _pickle.loads(pickled.read_bytes())
    found = _compat.download_files(env)
    assert any(src.suffix == ".zip" for src, _, _ in found), "the built environment lists no gallery zip"
    for src, docnames, dest in found:
        assert docnames and (_BUILD / "html" / "zh_CN" / "_downloads" / dest).is_file(), (
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
    pickled = _BUILD / "doctrees" / "en" / "tutorials" / "tensor_tutorial.doctree"
    if not pickled.is_file():
        _pytest.skip("no html build")
    from docutils import nodes as _nodes

    document = _pickle.loads(pickled.read_bytes())
    rst = (_ROOT / "docs" / "tutorials" / "tensor_tutorial.rst").read_text(encoding="utf-8").split("\n")
    titles = [n for n in document.findall(_nodes.rubric) if _compat.dropdown_title_line(n) is not None]
    assert titles, "sphinx-design's dropdown title is no longer a rubric inside a container"
    for title in titles:
        line = rst[_compat.dropdown_title_line(title) - 1]
        assert line.startswith(".. dropdown::") and line.endswith(title.astext()), (
            f"a dropdown title's line is not its directive's line: {line!r}"
        )
