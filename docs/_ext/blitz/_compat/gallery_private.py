"""sphinx-gallery's non-public names, the files it writes and the markup it renders; see blitz._compat.

Checked against sphinx-gallery 0.22.1.
"""

from __future__ import annotations

import hashlib
import re
import textwrap
from pathlib import Path
from typing import Any

from sphinx_gallery import gen_rst as _gen_rst
from sphinx_gallery import py_source_parser as _parser

# sphinx-gallery 0.22.1: the node of the ``image-sg`` directive (each executed
# figure), with ``uri`` (source-root path, leading "/"), ``srcset`` ("path,
# path_2x 2.00x" or empty), ``alt`` and ``class``.
from sphinx_gallery.directives import imgsgnode as figure_node  # noqa: F401

# sphinx-gallery 0.22.1: ``jupyter_notebook(blocks, gallery_conf, target_dir)``
# returns the notebook as a dict.
from sphinx_gallery.notebook import jupyter_notebook  # noqa: F401

# sphinx-gallery 0.22.1: the namedtuple ``(type, content, lineno)`` of one block
# of a script ("text" or "code"; lineno 1-based).
from sphinx_gallery.py_source_parser import Block  # noqa: F401

# sphinx-gallery 0.22.1: ``scale_image(in_fname, out_fname, max_width,
# max_height)`` writes a copy the size of the box, the image centred in it at its ratio.
from sphinx_gallery.utils import scale_image  # noqa: F401

#: sphinx-gallery 0.22.1: the static files it adds to every page, and a
#: pattern of the HTML it renders that uses each (for blitz.page_assets).
GALLERY_ASSETS: dict[str, str] = {
    "_static/sg_gallery.css": r'class="[^"]*\bsphx-glr-',
    "_static/sg_gallery-binder.css": r'class="[^"]*\b(?:binder|lite)-badge',
    "_static/sg_gallery-dataframe.css": r'class="[^"]*\bdataframe\b',
    "_static/sg_gallery-rendered-html.css": r'class="[^"]*\brendered_html\b',
    "_static/sg-tags.js": r"data-sgtags",
}

# -- Figures -----------------------------------------------------------------------


def new_image_paths(image_path_iterator, first: int) -> list[str]:
    """The paths the iterator handed out since its ``len()`` was ``first`` (its ``paths`` list)."""
    return list(image_path_iterator.paths[first:])


def script_file_conf(script: Path) -> dict[str, Any]:
    """The ``# sphinx_gallery_<name> = value`` settings of a script (sphinx-gallery 0.22.1:
    the first item ``split_code_and_text_blocks(path)`` returns)."""
    return _parser.split_code_and_text_blocks(str(script))[0]


# sphinx-gallery 0.22.1: the example ``<name>.py`` in gallery folder G gets its
# figures as ``G/images/sphx_glr_<name>_001.png`` (three digits, from 1) and its
# thumbnail as ``G/images/thumb/sphx_glr_<name>_thumb.png``.
def figure_files(gallery_dir: Path, name: str) -> list[Path]:
    """The figures of example ``name``, in order (1x files only)."""
    return sorted(Path(gallery_dir, "images").glob(f"sphx_glr_{name}_[0-9][0-9][0-9].png"))


def thumbnail_example(uri: str) -> tuple[str, str] | None:
    """``(gallery folder, example name)`` of a thumbnail's source-root URI, else None."""
    match = re.match(r"^(?P<dir>.*)/images/thumb/sphx_glr_(?P<name>.+)_thumb\.png$", uri)
    return (match["dir"].strip("/"), match["name"]) if match else None


# -- Gallery pages and runs -----------------------------------------------------------


def _as_list(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value or [])


def gallery_dirs(gallery_conf: dict[str, Any]) -> list[str]:
    """The gallery folders (``gallery_dirs``: a string or a list), relative to the source folder."""
    return _as_list(gallery_conf.get("gallery_dirs"))


def gallery_folders(gallery_conf: dict[str, Any]) -> list[tuple[str, str]]:
    """``(examples_dir, gallery_dir)`` pairs: the two settings paired in order."""
    return list(zip(_as_list(gallery_conf.get("examples_dirs")), gallery_dirs(gallery_conf), strict=True))


def example_copy(srcdir: Path, gallery_conf: dict[str, Any], docname: str) -> Path | None:
    """sphinx-gallery's copy of the example behind page ``docname``, or None (the index).

    sphinx-gallery 0.22.1: the example ``E/<path>.py`` is copied next to its
    page ``G/<path>.rst``, G the gallery folder paired with E.
    """
    copy = Path(srcdir, docname + ".py")
    in_gallery = any(docname.startswith(f"{folder.strip('/')}/") for folder in gallery_dirs(gallery_conf))
    return copy if in_gallery and copy.is_file() else None


def source_md5(path: Path) -> str:
    """The md5 sphinx-gallery 0.22.1 records for an example's source: a copy of
    the private ``utils.get_md5sum(path, mode="t")``, on the text read as UTF-8."""
    text = Path(path).read_text(encoding="utf-8", errors="surrogateescape")
    return hashlib.md5(text.encode("utf-8", errors="surrogateescape")).hexdigest()


def run_md5_path(copy: Path) -> Path:
    """sphinx-gallery 0.22.1: ``<name>.py.md5`` holds the md5 of the last source
    that ran to completion; while it matches, the example does not run again."""
    return Path(f"{copy}.md5")


#: sphinx-gallery 0.22.1: a failing run's page shows the traceback as a
#: ``pytb`` code block (``gen_rst.handle_exception`` -> ``codestr2rst``).
FAILURE_MARKER = ".. code-block:: pytb"

#: sphinx-gallery 0.22.1: the class of the paragraph "**Total running time of
#: the script:** (M minutes S seconds)" (``gen_rst.TIMING_CONTENT``).
TIMING_CLASS = "sphx-glr-timing"
_TIMING = re.compile(r"\((\d+) minutes ([\d.]+) seconds\)")


def timing_seconds(text: str) -> tuple[int, float] | None:
    """``(minutes, seconds)`` of sphinx-gallery's running-time line, else None."""
    match = _TIMING.search(text)
    return (int(match[1]), float(match[2])) if match else None


# -- Gallery cards ------------------------------------------------------------------
# sphinx-gallery 0.22.1 writes each card of a gallery index as ``backreferences.THUMBNAIL_TEMPLATE``: a raw HTML node
# opening the card (``<div class="sphx-glr-thumbcontainer" tooltip="...">``),
# the thumbnail and a ``:doc:`` link to the example, then a raw HTML node with
# the title (``<div class="sphx-glr-thumbnail-title">``) that closes the card.
# The title and tooltip are HTML-escaped text.

CARD_TITLE = re.compile(r'(<div class="sphx-glr-thumbnail-title">)(.*?)(</div>)', re.S)
CARD_TOOLTIP = re.compile(r'(tooltip=")(.*?)(")', re.S)
_CARD_OPEN = "sphx-glr-thumbcontainer"
_CARD_PART = "sphx-glr-thumb"


def card_links(document) -> list[tuple[Any, str]]:
    """Each raw HTML node of a gallery card with the docname its card links to."""
    from docutils import nodes
    from sphinx import addnodes

    def is_part(node) -> bool:
        if isinstance(node, addnodes.pending_xref):
            return node.get("reftype") == "doc"
        return isinstance(node, nodes.raw) and _CARD_PART in node.astext()

    pairs, opened, link = [], [], None
    for node in document.findall(is_part):
        if not isinstance(node, nodes.raw):
            link = node["reftarget"].lstrip("/")
            pairs += [(raw, link) for raw in opened]
            opened = []
        elif _CARD_OPEN in node.astext():  # opens a card: the link follows
            opened.append(node)
        elif link is not None:  # closes a card: the link precedes
            pairs.append((node, link))
    return pairs


# -- Localized downloads ---------------------------------------------------------------


def split_gallery_script(path) -> tuple[list, object]:
    """The blocks of the script at ``path`` and its parsed module.

    sphinx-gallery 0.22.1: ``split_code_and_text_blocks(path, return_node=True)``
    returns ``(file_conf, blocks, node)``, ``node`` None when the script does
    not parse; a script without a docstring raises.
    """
    _, blocks, node = _parser.split_code_and_text_blocks(path, return_node=True)
    return blocks, node


def text_block_content(region: str) -> str:
    """The content of the text block whose comment lines are ``region``: as
    sphinx-gallery 0.22.1 makes it, one ``#`` removed per line, dedented, left-stripped."""
    return textwrap.dedent(re.sub("^#", "", region, flags=re.M)).lstrip()


def clean_notebook_blocks(blocks: list, gallery_conf: dict) -> list:
    """The blocks as sphinx-gallery 0.22.1 cleans them for the notebook (``gen_rst._clean_script_blocks``:
    ignore blocks, config comments, a final empty block); it needs one block, a script that does not parse has none."""
    return _gen_rst._clean_script_blocks(gallery_conf, _parser, blocks, [])[0] if blocks else []


# sphinx-gallery 0.22.1 writes next to each example ``<stem>.py`` its page
# ``<stem>.rst``, the notebook ``<stem>.ipynb`` and ``<stem>.zip`` holding the
# two under the names ``<stem>.py`` and ``<stem>.ipynb``.
GALLERY_DOWNLOAD_SUFFIXES = (".py", ".ipynb", ".zip")


def gallery_script_pages(app) -> dict:
    """Each example copied into a gallery folder (resolved path) -> the docname of its page."""
    pages = {}
    for folder in gallery_dirs(getattr(app.config, "sphinx_gallery_conf", None) or {}):
        for script in Path(app.srcdir, folder).glob("*.py"):
            docname = Path(folder, script.stem).as_posix()
            if docname in app.env.found_docs:
                pages[script.resolve()] = docname
    return pages
