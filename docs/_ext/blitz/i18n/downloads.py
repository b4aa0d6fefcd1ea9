"""Give each site downloads in its language, with notebooks in clean Markdown.

Sphinx copies sphinx-gallery's script, notebook and zip to ``_downloads/``
as they are: English, with raw reST in the notebook's text cells.  When the
build has finished, each is overwritten from the page's catalog, the script
without the exercise solutions that the build runs.  In a translated build,
a helper script published with ``:download:`` gets its comments translated.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

from sphinx.util import logging

from .._compat import (
    GALLERY_DOWNLOAD_SUFFIXES,
    clean_notebook_blocks,
    download_files,
    gallery_script_pages,
    jupyter_notebook,
    reference_labels,
)
from .catalogs import build_language, is_translated, page_catalog
from .code_comments import translate_source
from .markdown import MarkdownWriter
from .rst_doctree import Resolver
from .script_text import readable_script, translate_blocks, translate_script

logger = logging.getLogger(__name__)

# An exercise solution: an ignore block (sphinx-gallery's flags) that starts with this comment.
SOLUTION = re.compile(
    r"^[ \t]*#\s*sphinx_gallery_start_ignore[ \t]*\n[ \t]*# Solution of exercise \d+\.\n"
    r".*?^[ \t]*#\s*sphinx_gallery_end_ignore[ \t]*\n?",
    re.M | re.S,
)


def without_solutions(source: str) -> str:
    """``source`` without its exercise solutions (other ignore blocks stay)."""
    return SOLUTION.sub("", source)


def site_links(app) -> Resolver:
    """``resolve(label)`` -> (address of the page in this language, its title)."""
    labels = reference_labels(app.env)
    base = app.config.html_baseurl
    prefix = f"{base.rstrip('/')}/{build_language(app.config)}/" if base else "../../"

    def resolve(target: str):
        docname, anchor, title = labels.get(target.lower(), (None, "", None))
        if docname not in app.env.found_docs:
            return None
        page = app.builder.get_target_uri(docname)
        return prefix + page + (f"#{anchor}" if anchor else ""), title or docname

    return resolve


def localized_notebook(source: str, lookup, gallery_conf: dict, target_dir, resolve=None) -> dict:
    """sphinx-gallery's notebook of the translated blocks, with Markdown text cells."""
    blocks = clean_notebook_blocks(translate_blocks(source, lookup), gallery_conf)
    notebook = jupyter_notebook(blocks, gallery_conf, target_dir)
    cells = [cell for cell in notebook["cells"] if cell["cell_type"] == "markdown"]
    texts = [block.content for block in blocks if block.type == "text"]
    writer = MarkdownWriter(resolve)
    # One cell per text block: sphinx-gallery splits one only with promote_jupyter_magic, not set here.
    for cell, text in zip(cells, texts, strict=True):
        cell["source"] = [writer.write(text)]
    return notebook


def localize_downloads(app, exception) -> None:
    """Overwrite the downloads in ``_downloads/`` with this language's."""
    if exception is not None or app.builder.format != "html":
        return
    translated = is_translated(app)
    resolve = site_links(app)
    conf = app.config.sphinx_gallery_conf
    published = {
        Path(app.srcdir, src).resolve(): (docnames, Path(app.outdir, "_downloads", dest))
        for src, docnames, dest in download_files(app.env)
    }
    pages = gallery_script_pages(app)
    for script, docname in pages.items():
        source = script.read_text(encoding="utf-8")
        lookup = page_catalog(app, docname).get if translated else {}.get
        text = without_solutions(readable_script(translate_script(source, lookup), resolve))
        try:
            notebook = localized_notebook(source, lookup, conf, script.parent, resolve)
        except ValueError as error:  # a construct markdown.py does not write
            # Logged, not raised: an exception in build-finished would be hidden
            # behind the errors of other extensions' handlers, run again on it.
            logger.error("%s", error, location=docname)
            continue
        files = {suffix: published[script.with_suffix(suffix)][1] for suffix in GALLERY_DOWNLOAD_SUFFIXES}
        files[".py"].write_text(text, encoding="utf-8")
        # Laid out as sphinx-gallery writes its own notebooks (indent 2).
        notebook_text = json.dumps(notebook, indent=2)
        files[".ipynb"].write_text(notebook_text, encoding="utf-8")
        members = {script.name: text, script.with_suffix(".ipynb").name: notebook_text}
        # The zip as sphinx-gallery wrote it (names, order, dates), with this language's texts.
        with zipfile.ZipFile(script.with_suffix(".zip")) as old, zipfile.ZipFile(files[".zip"], "w") as new:
            for info in old.infolist():
                new.writestr(info, members[info.filename])
    if not translated:
        return
    for path, (docnames, target) in published.items():
        if path.suffix == ".py" and path not in pages:
            # A helper script shown with literalinclude: its comments are messages of those pages.
            catalog = {k: v for name in sorted(docnames) for k, v in page_catalog(app, name).items()}
            target.write_text(translate_source(path.read_text(encoding="utf-8"), catalog.get), encoding="utf-8")


def setup(app):
    app.connect("build-finished", localize_downloads)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
