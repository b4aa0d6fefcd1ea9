"""Every use of Sphinx's and sphinx-gallery's non-public names and file shapes.

The site's extensions use documented Sphinx events and sphinx-gallery's
documented configuration wherever they can.  What they need beyond that
(private attributes, node classes, parser functions, the names and formats
of the files sphinx-gallery writes, the HTML it renders) is reached through
this module only, so that an upgrade has one place to look at.  Each entry
names the version it was checked against; ``tests/test_compat.py`` has a test
per entry that fails, saying which entry and what changed, when the upstream
shape no longer matches.

Checked against Sphinx 8.2.3, sphinx-gallery 0.22.1 and Python 3.11
(``.venv/bin/pip show sphinx sphinx-gallery``).  The sections follow the
areas that use them; the last one belongs to the localized downloads.
"""

from __future__ import annotations

import gettext
import hashlib
import re
from pathlib import Path
from typing import Any

# -- Tested versions ---------------------------------------------------------------
# The release series each entry below was checked against.  setup() says once,
# naming the package, when another is installed (a note, not a warning: a -W
# build must still show what actually breaks).

TESTED_SERIES = {
    "sphinx": "8.2",
    "sphinx-gallery": "0.22",
    "sphinxcontrib-katex": "0.9",
    "pydata-sphinx-theme": "0.24",
    "myst-parser": "4.0",
}


def untested_versions() -> list[str]:
    """``package version (tested: series.x)`` for each package outside TESTED_SERIES."""
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for package, series in TESTED_SERIES.items():
        try:
            installed = version(package)
        except PackageNotFoundError:
            continue
        if installed != series and not installed.startswith(series + "."):
            found.append(f"{package} {installed} (tested: {series}.x)")
    return found


def setup(app):
    untested = untested_versions()
    if untested:
        import sys

        print("Note: outside the versions the site's extensions were checked against: " + ", ".join(untested)
              + ". If the build fails, see MAINTAINING.md (Upgrades) and docs/_ext/blitz/_compat.py.",
              file=sys.stderr)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}

# -- Gettext catalogs ------------------------------------------------------------
# Used by blitz.i18n.catalogs and blitz.i18n.notice.

from sphinx.util.i18n import docname_to_domain as _docname_to_domain


def page_domain(docname: str, compact: bool | str) -> str:
    """The gettext domain (catalog name) of a page, as Sphinx names it.

    Sphinx 8.2.3: ``sphinx.util.i18n.docname_to_domain(docname, compact)``,
    not in the documented API; ``tutorials/x`` -> ``tutorials/x`` when
    ``gettext_compact`` is False, ``tutorials`` when True.
    """
    return _docname_to_domain(docname, compact)


def catalog_messages(translations: gettext.NullTranslations) -> dict[str, str]:
    """msgid -> msgstr of a loaded catalog: the messages with a translation
    (and the catalog's header, under the msgid "").

    Python 3.11: ``gettext.GNUTranslations`` keeps its messages in the
    private dict ``_catalog`` (``NullTranslations``, the fallback when there is
    no ``.mo`` file, has none); plural entries are keyed by tuples.
    """
    catalog = getattr(translations, "_catalog", {})
    return {k: v for k, v in catalog.items() if isinstance(k, str) and v}


# -- Translatable nodes ------------------------------------------------------------
# Used by blitz.i18n.figures, gallery_chrome and notice.

#: Sphinx 8.2.3: ``sphinx.util.nodes.is_translatable`` extracts a literal
#: block (its text with line breaks) when the node has this attribute set to
#: True, and skips a paragraph that has it set to False.
TRANSLATABLE = "translatable"

#: Sphinx 8.2.3: the Locale transform (``sphinx.transforms.i18n``) sets this
#: attribute to False on each node it left in the source language, and to
#: True on each one it translated (the documented
#: ``translation_progress_classes`` reads it).
TRANSLATED = "translated"


def untranslated_nodes(doctree) -> list:
    """The nodes the Locale transform left in the source language."""
    from docutils import nodes

    return [n for n in doctree.findall(nodes.Element) if TRANSLATED in n and not n[TRANSLATED]]


def page_messages(document) -> list[tuple[Any, str]]:
    """(node, msgid) of every message of a doctree, as Sphinx's gettext builder
    extracts them and its Locale transform translates them.

    Sphinx 8.2.3: ``sphinx.util.nodes.extract_messages(doctree)``, not in the
    documented API; used by blitz.i18n.page_messages.
    """
    from sphinx.util.nodes import extract_messages

    return list(extract_messages(document))


# -- Gallery figures ---------------------------------------------------------------
# Used by blitz.figure_images and blitz.i18n.figures, gallery_chrome, figure_scraper.

# sphinx-gallery 0.22.1: ``sphinx_gallery.directives.imgsgnode``, the node of
# its ``image-sg`` directive (each executed figure), with the attributes
# ``uri`` (source-root path, leading "/"), ``srcset`` ("path, path_2x 2.00x"
# or empty), ``alt`` and ``class``.
from sphinx_gallery.directives import imgsgnode as figure_node  # noqa: E402

# sphinx-gallery 0.22.1: ``sphinx_gallery.scrapers.matplotlib_scraper(block,
# block_vars, gallery_conf, **kwargs)`` saves every open figure at the next
# paths of ``block_vars["image_path_iterator"]`` and returns their reST.
from sphinx_gallery.scrapers import matplotlib_scraper  # noqa: E402

# sphinx-gallery 0.22.1: ``sphinx_gallery.utils.scale_image(in_fname,
# out_fname, max_width, max_height)`` writes a copy of the image that fits
# the box, keeping its ratio (how sphinx-gallery makes thumbnails).
from sphinx_gallery.utils import scale_image  # noqa: E402

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


# -- HTML output ----------------------------------------------------------------------
# Used by blitz.figure_images, page_assets, math_assets, template_cache and
# blitz.i18n.search_zh.

# Sphinx 8.2.3: ``sphinx.util.images.get_image_size(path)`` returns the
# image's ``(width, height)`` in pixels, or None when it cannot tell.
from sphinx.util.images import get_image_size  # noqa: E402

# Sphinx 8.2.3: ``sphinx.jinja2glue.BuiltinTemplateLoader``, the default
# ``template_bridge``; ``init(builder, theme=None, dirs=None)`` sets up its
# Jinja ``environment``.  Not in the documented API (TemplateBridge is).
from sphinx.jinja2glue import BuiltinTemplateLoader  # noqa: E402

# Sphinx 8.2.3: ``sphinx.search.zh.SearchChinese``, the Chinese search
# language: ``init(options)`` loads jieba's dictionary from ``options["dict"]``
# (none when empty), ``latin_terms`` is the set of Latin words its ``stem()``
# leaves unstemmed when short, ``js_splitter_code`` the query splitter.
from sphinx.search.zh import SearchChinese  # noqa: E402

#: Sphinx 8.2.3: in the browser, searchtools.js keeps the loaded search index
#: in ``Search._index`` (private), an object whose ``terms`` and
#: ``titleterms`` map each indexed term to its pages (``IndexBuilder.freeze``).
SEARCH_INDEX_JS = "Search._index"


def search_language(builder):
    """The search language object of an html build (its ``split`` and
    ``stem``), or None for builders without a search index.

    Sphinx 8.2.3: ``StandaloneHTMLBuilder.indexer`` (not documented) is the
    ``IndexBuilder``, whose ``lang`` is the ``SearchLanguage`` instance.
    """
    indexer = getattr(builder, "indexer", None)
    return getattr(indexer, "lang", None)


def asset_filename(asset) -> str:
    """The file name of one of the page's stylesheet or script entries.

    Sphinx 8.2.3: ``context["css_files"]`` and ``context["script_files"]``
    hold ``sphinx.builders.html._assets._CascadingStyleSheet`` and
    ``_JavaScript`` objects (private) with ``filename``, ``priority`` and an
    ``attributes`` dict (``defer`` among them); plain strings in old themes.
    """
    return getattr(asset, "filename", asset)


def asset_attributes(asset) -> dict[str, str]:
    """The HTML attributes of a stylesheet or script entry (see :func:`asset_filename`)."""
    return dict(getattr(asset, "attributes", {}))


def asset_priority(asset) -> int:
    """The priority of a stylesheet or script entry (see :func:`asset_filename`)."""
    return getattr(asset, "priority", 500)


def page_has_math(context: dict[str, Any]) -> bool:
    """Sphinx 8.2.3: the page context's ``has_maths_elements`` is true on pages with math."""
    return bool(context.get("has_maths_elements"))


#: sphinx-gallery 0.22.1: the static files it adds to every page, and a
#: pattern of the HTML it renders that uses each.
GALLERY_ASSETS: dict[str, str] = {
    "_static/sg_gallery.css": r'class="[^"]*\bsphx-glr-',
    "_static/sg_gallery-binder.css": r'class="[^"]*\b(?:binder|lite)-badge',
    "_static/sg_gallery-dataframe.css": r'class="[^"]*\bdataframe\b',
    "_static/sg_gallery-rendered-html.css": r'class="[^"]*\brendered_html\b',
    "_static/sg-tags.js": r"data-sgtags",
}


# -- KaTeX server ----------------------------------------------------------------------
# Used by blitz.math_assets.


def katex_server_started() -> bool:
    """Whether sphinxcontrib-katex's Node server runs in this process.

    sphinxcontrib-katex 0.9.11: ``KaTeXServer.get()`` starts
    ``katex-server.js`` on first use and keeps it in the class attribute
    ``katex_server`` for the rest of the build.
    """
    from sphinxcontrib.katex import KaTeXServer

    return KaTeXServer.katex_server is not None


def start_katex_server() -> None:
    """Start sphinxcontrib-katex's Node server (once; later calls reuse it).

    sphinxcontrib-katex 0.9.11: ``KaTeXServer.get()`` connects to the server's
    Unix socket as soon as the socket file exists.  On a loaded machine that
    can be before Node listens on it: ``ConnectionRefusedError``, and the Node
    process it started keeps running (``katex-server.js`` never exits on its
    own).  The caller retries and stops that process (see
    :func:`katex_server_processes`).
    """
    from sphinxcontrib.katex import KaTeXServer

    KaTeXServer.get()


def katex_server_processes(pids: list[int]) -> list[int]:
    """Those of ``pids`` that run sphinxcontrib-katex's server script.

    sphinxcontrib-katex 0.9.11 runs ``node .../sphinxcontrib/katex-server.js
    --socket ...``; read from Linux's /proc (nothing found elsewhere).
    """
    found = []
    for pid in pids:
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"katex-server.js" in cmdline:
            found.append(pid)
    return found


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


# -- Plain docutils --------------------------------------------------------------------
# Used by blitz.i18n.markdown, which parses the tutorials' text blocks again
# after the build, where Sphinx's directives (math, code-block...) are still
# registered and expect a Sphinx environment.

import contextlib as _contextlib  # noqa: E402


@_contextlib.contextmanager
def plain_docutils():
    """docutils with its own roles and directives only, for the ``with`` block.

    Sphinx 8.2.3: ``sphinx.util.docutils.docutils_namespace()`` restores the
    registries afterwards; docutils 0.21 keeps what is registered or already
    looked up in ``directives._directives`` and ``roles._roles`` and finds
    its built-in ones again from ``_directive_registry`` / ``_role_registry``
    once they are emptied.
    """
    from docutils.parsers.rst import directives as _directives_module
    from docutils.parsers.rst import roles as _roles_module
    from sphinx.util.docutils import docutils_namespace

    with docutils_namespace():
        _directives_module._directives.clear()
        _roles_module._roles.clear()
        yield
