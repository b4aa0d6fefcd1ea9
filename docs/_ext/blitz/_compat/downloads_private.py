"""sphinx-gallery's parser and notebook writer, as the localized downloads use them; see blitz._compat.

Checked against sphinx-gallery 0.22.1.
"""

from __future__ import annotations

# -- Localized downloads --
# What the translated downloads (blitz.i18n.downloads, script_text and
# notebooks) take from sphinx-gallery and Sphinx beyond their documented API.
# Checked against sphinx-gallery 0.22.1 and Sphinx 8.2.3;
# tests/test_compat.py fails with a message naming the entry when one changes.
import json as _json
import re as _re
import textwrap as _textwrap
from pathlib import Path as _Path

from sphinx_gallery import notebook as _sg_notebook
from sphinx_gallery import py_source_parser as _sg_parser

from .gallery_private import example_docname, gallery_dirs

# sphinx-gallery 0.22.1: py_source_parser.Block, the namedtuple
# ``(type, content, lineno)`` of one block of a script ("text" or "code";
# lineno 1-based, the docstring's block is line 1).
Block = _sg_parser.Block


def split_gallery_script(path) -> tuple[list, object]:
    """The blocks of the script at ``path`` and its parsed module.

    sphinx-gallery 0.22.1: ``split_code_and_text_blocks(path, return_node=True)``
    returns ``(file_conf, blocks, node)``; the first block is the docstring's
    text, a text block's content is its comment lines without ``#``,
    dedented and left-stripped, a code block's content is the verbatim code.
    ``node`` is None when the script does not parse; a script without a
    docstring raises.
    """
    _, blocks, node = _sg_parser.split_code_and_text_blocks(path, return_node=True)
    return blocks, node


def text_block_content(region: str) -> str:
    """The content of the text block whose comment lines are ``region``.

    sphinx-gallery 0.22.1: ``split_code_and_text_blocks`` removes one ``#``
    at the start of each line, dedents, and strips the start.
    """
    return _textwrap.dedent(_re.sub("^#", "", region, flags=_re.M)).lstrip()


def clean_notebook_blocks(blocks: list, gallery_conf: dict) -> list:
    """The blocks as sphinx-gallery cleans them before it writes the notebook.

    sphinx-gallery 0.22.1: ``gen_rst._clean_script_blocks`` removes ignore
    blocks, then config comments when ``remove_config_comments`` is set, then
    a final block left holding only whitespace.
    """
    blocks = [Block(b.type, _sg_parser.remove_ignore_blocks(b.content), b.lineno) for b in blocks]
    if gallery_conf.get("remove_config_comments"):
        blocks = [Block(b.type, _sg_parser.remove_config_comments(b.content), b.lineno) for b in blocks]
    if blocks and blocks[-1].content.isspace():
        blocks = blocks[:-1]
    return blocks


# sphinx-gallery 0.22.1: ``notebook.jupyter_notebook(blocks, gallery_conf,
# target_dir)`` returns the notebook as a dict.
jupyter_notebook = _sg_notebook.jupyter_notebook
# sphinx-gallery 0.22.1: ``notebook.save_notebook(notebook, path)`` writes
# ``json.dump(notebook, file, indent=2)``; :func:`notebook_json` is that text.
save_notebook = _sg_notebook.save_notebook


def notebook_json(notebook: dict) -> str:
    """The text of the notebook file :data:`save_notebook` writes."""
    return _json.dumps(notebook, indent=2)


# sphinx-gallery 0.22.1: the files it writes next to each example
# ``<gallery_dir>/<stem>.py``: the page ``<stem>.rst`` (docname
# ``<gallery_dir>/<stem>``), the notebook ``<stem>.ipynb``, and the zip
# ``<stem>.zip`` holding the two under the names ``<stem>.py`` and ``<stem>.ipynb``.
GALLERY_DOWNLOAD_SUFFIXES = (".py", ".ipynb", ".zip")


def gallery_script_pages(app) -> dict:
    """Each example script copied into a gallery folder -> the docname of its page
    (the pairing of :func:`example_docname`, for every copy that has a page)."""
    conf = getattr(app.config, "sphinx_gallery_conf", None) or {}
    pages = {}
    for folder in gallery_dirs(conf):
        for script in _Path(app.srcdir, folder).glob("*.py"):
            docname = example_docname(app.srcdir, conf, script)
            if docname is not None and docname in app.env.found_docs:
                pages[script.resolve()] = docname
    return pages


def download_files(env) -> list:
    """``(source, docnames, dest)`` of every file a ``:download:`` role published.

    Sphinx 8.2.3: ``env.dlfiles`` (``sphinx.util._files.DownloadFiles``, whose
    docstring says not to rely on it) maps the file's path relative to the
    source folder to ``(set of docnames, destination under _downloads/)``.
    Sorted by source path.
    """
    items = sorted(env.dlfiles.items(), key=lambda item: str(item[0]))
    return [(_Path(src), set(docnames), _Path(dest)) for src, (docnames, dest) in items]


def gallery_block_starts(rst_lines: list) -> list:
    """Where each block's content starts in the reStructuredText of an example page.

    sphinx-gallery 0.22.1 (``gen_rst.EXAMPLE_HEADER`` and ``RST_BLOCK_HEADER``)
    writes the docstring two lines after the ``.. _sphx_glr_<name>:`` target
    that ends the header, and every later block two lines after a
    ``.. GENERATED FROM PYTHON SOURCE LINES <first>-<last>`` comment, the text
    blocks verbatim.  Returns ``(1-based line in the page, the block's first
    line in the script)`` pairs, the docstring's block being line 1; empty
    for a page sphinx-gallery did not write.  The footer, from the
    ``.. _sphx_glr_download_<name>:`` target on, is a pair with block 0.
    """
    starts = []
    for index, line in enumerate(rst_lines):
        if _re.fullmatch(r"\.\. _sphx_glr_download_\S+:", line) and starts:
            starts.append((index + 1, 0))
            break
        if _re.fullmatch(r"\.\. _sphx_glr_\S+:", line) and not starts:
            starts.append((index + 3, 1))
            continue
        generated = _re.fullmatch(r"\.\. GENERATED FROM PYTHON SOURCE LINES (\d+)-(\d+)", line)
        if generated and starts:
            starts.append((index + 3, int(generated.group(1))))
    return starts


def dropdown_title_line(node) -> int | None:
    """The source line of a dropdown's title, or None when ``node`` is not one.

    sphinx-design 0.8.0: ``.. dropdown:: Title`` becomes a container node
    (line: the directive's line) whose title is a ``rubric`` child without a
    line of its own.
    """
    from docutils import nodes as _nodes

    if isinstance(node, _nodes.rubric) and isinstance(node.parent, _nodes.container):
        return node.line or node.parent.line
    return None


def reference_labels(env) -> dict:
    """Every ``:ref:`` label of the project -> ``(docname, anchor, title)``.

    Sphinx 8.2.3: ``env.domaindata["std"]["labels"]`` (what
    ``StandardDomain.labels`` returns, not in the documented API; kept in
    the pickled environment too), filled when each page is read; the title is
    the section's, in the build's language.  Used by blitz.i18n.downloads to
    link the notebooks to the site.
    """
    return dict(env.domaindata.get("std", {}).get("labels", {}))
