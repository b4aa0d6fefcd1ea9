"""Give each site downloads in its language, with notebooks in clean Markdown.

sphinx-gallery writes one downloadable script, notebook and zip per tutorial
into the gallery folder, and Sphinx copies them to ``_downloads/`` unchanged,
so without this extension the translated pages offer English files.  Gettext
never sees these files, but their text is the page's text: the docstring and
the ``# %%`` text cells are the reStructuredText of the page, and the code
comments are messages of the page's catalog (``code_comments``).

In a translated build only, once the build has finished, each tutorial's
copies in ``_downloads/`` are overwritten with localized versions built from
the page's catalog:

* the script (:mod:`.script_text`): prose paragraphs, titles, list items and
  admonitions of the text blocks translated in place at
  the lines the page's doctree gave them when it was read
  (:mod:`.page_messages`), code comments and docstrings translated, code
  untouched (same Python AST but for docstring text, code lines verbatim);
* the notebook (:mod:`.notebooks`): made by sphinx-gallery's own
  ``jupyter_notebook`` from the translated blocks;
* the zip: the same members, holding the translated script and notebook.

In every build, the English one too, the script's comments are made
readable as plain text (:func:`.script_text.readable_script`: a
cross-reference becomes the page's title, escaped spaces go) and the
notebook's text cells are written
as Markdown from the reStructuredText (:mod:`.markdown`), with
cross-references as links to the page of the same language on the site:
absolute when ``html_baseurl`` is set in ``conf.py`` (the address the site
is published at), else relative to the notebook's place in the site
(``_downloads/<digest>/``), which works where the notebook is opened from
the site and leaves the page's title readable elsewhere.

In every language, the script leaves out the exercise solutions: the
``# sphinx_gallery_start_ignore`` blocks whose first line is
``# Solution of exercise N.`` (examples/CONVENTIONS.md).  They run when the
site is built, but are no part of a reader's copy; sphinx-gallery's notebook
already leaves out every ignore block.  The files in the source tree are
never modified.  Messages without a translation stay in English.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.locale import admonitionlabels
from sphinx.util import logging

from .._compat import GALLERY_DOWNLOAD_SUFFIXES, download_files, gallery_script_pages, reference_labels, save_notebook
from .catalogs import is_translated, page_catalog
from .code_comments import translate_source
from .notebooks import localized_notebook, notebook_text, write_zip
from .page_messages import script_messages
from .script_text import readable_script, translate_script

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


def site_links(app, depth: int = 2):
    """``resolve(kind, target)`` for :mod:`.markdown`: a ``:ref:`` label or a
    ``:doc:`` name -> (address of the page in this language, its title).

    The address is absolute under ``html_baseurl`` (``<base>/<language>/``,
    as the language switcher's ``hreflang`` links), else relative to a file
    ``depth`` folders below the language's root.
    """
    labels = reference_labels(app.env)
    base = app.config.html_baseurl
    prefix = f"{base.rstrip('/')}/{app.config.language or 'en'}/" if base else "../" * depth

    def resolve(kind: str, target: str):
        if kind == "doc":
            docname, anchor = target.lstrip("/"), ""
            title = app.env.titles.get(docname)
            title = title.astext() if title is not None else None
        else:
            docname, anchor, title = labels.get(target.lower(), (None, "", None))
        if docname is None or docname not in app.env.found_docs:
            return None
        page = app.builder.get_target_uri(docname)
        return prefix + page + (f"#{anchor}" if anchor else ""), title or docname

    return resolve


def localize_downloads(app, exception) -> None:
    """Overwrite the tutorials' downloads in ``_downloads/``: translated, and
    their notebooks in Markdown."""
    if exception is not None or app.builder.format != "html":
        return
    translated = is_translated(app)
    resolve = site_links(app)
    labels = {name: str(label) for name, label in admonitionlabels.items()}
    conf = getattr(app.config, "sphinx_gallery_conf", None) or {}
    pages = gallery_script_pages(app)
    downloads = Path(app.outdir, "_downloads")
    srcdir = Path(app.srcdir)
    done: dict[Path, tuple[str, dict | None]] = {}

    def localized(script: Path, docname: str) -> tuple[str, dict | None]:
        """The script without solutions, and the translated notebook (None: keep sphinx-gallery's)."""
        if script not in done:
            source = script.read_text(encoding="utf-8")
            catalog = page_catalog(app, docname) if translated else {}
            messages = script_messages(app.env, docname)
            notebook = localized_notebook(source, catalog.get, conf, script.parent, messages, resolve, labels)
            readable = readable_script(translate_script(source, catalog.get, messages), resolve)
            done[script] = without_solutions(readable), notebook
        return done[script]

    for src, docnames, dest in download_files(app.env):
        path = Path(srcdir, src).resolve()
        target = downloads / dest
        if not target.is_file():
            continue
        docname = pages.get(path.with_suffix(".py"))
        if docname is not None and path.suffix in GALLERY_DOWNLOAD_SUFFIXES:
            script, notebook = localized(path.with_suffix(".py"), docname)
            if path.suffix == ".py":
                if script == target.read_text(encoding="utf-8"):
                    continue
                target.write_text(script, encoding="utf-8")
            elif path.suffix == ".ipynb":
                if notebook is None:
                    continue
                save_notebook(notebook, target)
            else:
                members = {path.with_suffix(".py").name: script}
                if notebook is not None:
                    members[path.with_suffix(".ipynb").name] = notebook_text(notebook)
                write_zip(path, target, members)
        elif translated and path.suffix == ".py" and path not in pages:
            # A helper script shown with literalinclude on translated pages
            # (ddp_train.py): its comments are messages of those pages.
            catalog = {}
            for name in sorted(docnames):
                catalog |= page_catalog(app, name)
            if not catalog:
                continue
            source = path.read_text(encoding="utf-8")
            new = translate_source(source, catalog.get)
            if new == source:
                continue
            target.write_text(new, encoding="utf-8")
        else:
            continue
        logger.info("download in %s: _downloads/%s", app.config.language or "en", dest.as_posix())


def setup(app):
    app.setup_extension(f"{__package__}.page_messages")
    app.connect("build-finished", localize_downloads)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
