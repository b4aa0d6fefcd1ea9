"""sphinx-gallery's non-public names, files and HTML the extensions use; see blitz._compat.

Checked against sphinx-gallery 0.22.1.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

# -- Gallery figures ---------------------------------------------------------------
# Used by blitz.figure_images and blitz.i18n.figures, gallery_chrome, figure_drawing.
# sphinx-gallery 0.22.1: ``sphinx_gallery.directives.imgsgnode``, the node of
# its ``image-sg`` directive (each executed figure), with the attributes
# ``uri`` (source-root path, leading "/"), ``srcset`` ("path, path_2x 2.00x"
# or empty), ``alt`` and ``class``.
from sphinx_gallery.directives import imgsgnode as figure_node  # noqa: E402,F401

# sphinx-gallery 0.22.1: ``sphinx_gallery.scrapers.matplotlib_scraper(block,
# block_vars, gallery_conf, **kwargs)`` saves every open figure at the next
# paths of ``block_vars["image_path_iterator"]`` and returns their reST.
from sphinx_gallery.scrapers import matplotlib_scraper  # noqa: E402,F401

# sphinx-gallery 0.22.1: ``sphinx_gallery.utils.scale_image(in_fname,
# out_fname, max_width, max_height)`` writes a copy of the image that fits
# the box, keeping its ratio (how sphinx-gallery makes thumbnails).
from sphinx_gallery.utils import scale_image  # noqa: E402,F401

#: sphinx-gallery 0.22.1: the thumbnail size when ``thumbnail_size`` is not set.
DEFAULT_THUMBNAIL_SIZE = (400, 280)


def new_image_paths(image_path_iterator, first: int) -> list[str]:
    """The figure paths a scraper took from the iterator since it held ``first``.

    sphinx-gallery 0.22.1: ``scrapers.ImagePathIterator`` lists the paths it
    handed out in its ``paths`` attribute; ``len()`` is their number.
    """
    return list(image_path_iterator.paths[first:])


def script_file_conf(script: Path) -> dict[str, Any]:
    """The ``# sphinx_gallery_<name> = value`` settings of an example script.

    sphinx-gallery 0.22.1: ``py_source_parser.split_code_and_text_blocks(path)``
    returns ``(file_conf, blocks)``; file_conf maps ``thumbnail_number``,
    ``thumbnail_path``... to their Python values.
    """
    from sphinx_gallery.py_source_parser import split_code_and_text_blocks

    return split_code_and_text_blocks(str(script))[0]


# sphinx-gallery 0.22.1: an example ``<name>.py`` in gallery folder G gets its
# figures as ``G/images/sphx_glr_<name>_001.png`` (numbered from 1, three
# digits) and its thumbnail as ``G/images/thumb/sphx_glr_<name>_thumb.png``.
THUMBNAIL_URI = re.compile(r"^(?P<dir>.*)/images/thumb/sphx_glr_(?P<name>.+)_thumb\.png$")


def figure_files(gallery_dir: Path, name: str) -> list[Path]:
    """The figures of example ``name`` in ``gallery_dir``, in order (1x files only)."""
    return sorted(Path(gallery_dir, "images").glob(f"sphx_glr_{name}_[0-9][0-9][0-9].png"))


def thumbnail_example(uri: str) -> tuple[str, str] | None:
    """``(gallery folder, example name)`` of a thumbnail's source-root URI, else None."""
    match = THUMBNAIL_URI.match(uri)
    return (match["dir"].strip("/"), match["name"]) if match else None


# -- Gallery pages and runs -----------------------------------------------------------
# Used by blitz.provenance, gallery_runs, i18n.figures and i18n.gallery_chrome.


def _as_list(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value or [])


def gallery_dirs(gallery_conf: dict[str, Any]) -> list[str]:
    """The gallery folders of the configuration, relative to the source folder.

    sphinx-gallery 0.22.1: ``gallery_dirs`` is a string or a list.
    """
    return _as_list(gallery_conf.get("gallery_dirs"))


def gallery_folders(gallery_conf: dict[str, Any]) -> list[tuple[str, str]]:
    """``(examples_dir, gallery_dir)`` pairs of the configuration.

    sphinx-gallery 0.22.1: ``examples_dirs`` and ``gallery_dirs`` are each a
    string or a list, paired in order; both are relative to the source folder.
    """
    return list(zip(_as_list(gallery_conf.get("examples_dirs")), gallery_dirs(gallery_conf), strict=True))


def example_copy(srcdir: Path, gallery_conf: dict[str, Any], docname: str) -> Path | None:
    """sphinx-gallery's copy of the example behind page ``docname``, or None.

    sphinx-gallery 0.22.1: the example ``E/<path>.py`` (E an examples folder)
    is copied to ``G/<path>.py`` next to its page ``G/<path>.rst`` (docname
    ``G/<path>``), G the paired gallery folder.  The gallery's index and other
    pages there have no ``.py`` copy.
    """
    for gallery_dir in gallery_dirs(gallery_conf):
        if docname.startswith(f"{gallery_dir.strip('/')}/"):
            copy = Path(srcdir, docname + ".py")
            return copy if copy.is_file() else None
    return None


def example_docname(srcdir: Path, gallery_conf: dict[str, Any], copy: Path) -> str | None:
    """The docname of the page generated from the gallery copy ``copy``, or None."""
    try:
        relative = Path(copy).resolve().relative_to(Path(srcdir).resolve())
    except ValueError:
        return None
    docname = relative.with_suffix("").as_posix()
    return docname if example_copy(srcdir, gallery_conf, docname) is not None else None


def source_md5(path: Path) -> str:
    """The md5 sphinx-gallery records for an example's source.

    sphinx-gallery 0.22.1: ``utils.get_md5sum(path, mode="t")``, the md5 of
    the text read as UTF-8 and encoded again (copied here: it is not public).
    """
    text = Path(path).read_text(encoding="utf-8", errors="surrogateescape")
    return hashlib.md5(text.encode("utf-8", errors="surrogateescape")).hexdigest()


def run_md5_path(copy: Path) -> Path:
    """sphinx-gallery 0.22.1: ``<name>.py.md5`` holds the md5 of the last source
    that ran to completion; while it matches, the example does not run again."""
    return Path(f"{copy}.md5")


def run_cost_path(copy: Path) -> Path:
    """sphinx-gallery 0.22.1: ``<name>.cost.json`` holds the last run's
    ``{"time": seconds, "memory": MiB}``."""
    return Path(copy).with_name(Path(copy).stem + ".cost.json")


def run_seconds(cost: Any) -> float | None:
    """The run time in a ``.cost.json`` object, or None when it has none."""
    try:
        return max(0.0, float(cost["time"]))
    except (TypeError, KeyError, ValueError):
        return None


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
# Used by blitz.i18n.gallery_chrome.  sphinx-gallery 0.22.1 writes each card of
# a gallery index as ``backreferences.THUMBNAIL_TEMPLATE``: a raw HTML node
# opening the card (``<div class="sphx-glr-thumbcontainer" tooltip="...">``),
# the thumbnail image and a ``:doc:`` link to the example's page, then a raw
# HTML node with the title (``<div class="sphx-glr-thumbnail-title">``) that
# closes the card.  The title and tooltip are HTML-escaped text.

CARD_TITLE = re.compile(r'(<div class="sphx-glr-thumbnail-title">)(.*?)(</div>)', re.S)
CARD_TOOLTIP = re.compile(r'(tooltip=")(.*?)(")', re.S)
_CARD_OPEN = "sphx-glr-thumbcontainer"
_CARD_PART = "sphx-glr-thumb"


def card_links(document) -> list[tuple[Any, str]]:
    """Each raw HTML node of a gallery card with the docname the card links to.

    The link is paired by position: the ``:doc:`` reference after a card's
    opening node, before its closing one.
    """
    from docutils import nodes
    from sphinx import addnodes

    def is_part(node) -> bool:
        if isinstance(node, addnodes.pending_xref):
            return node.get("reftype") == "doc"
        return isinstance(node, nodes.raw) and _CARD_PART in node.astext()

    items = list(document.findall(is_part))
    pairs = []
    for i, node in enumerate(items):
        if not isinstance(node, nodes.raw):
            continue
        if _CARD_OPEN in node.astext():  # opens a card: the link follows
            target = next((n for n in items[i + 1 :] if not isinstance(n, nodes.raw)), None)
        else:  # closes a card: the link precedes
            target = next((n for n in reversed(items[:i]) if not isinstance(n, nodes.raw)), None)
        if target is not None:
            pairs.append((node, target["reftarget"].lstrip("/")))
    return pairs
