"""Shared by the translation extensions: catalog lookup and extra messages.

Sphinx's gettext machinery only sees text nodes of the doctree.  The
extensions in this folder translate things it cannot see (code comments,
sphinx-gallery's figure alt text and gallery cards...).  They all follow one
pattern, implemented here:

* in a ``gettext`` build, :func:`add_extra_messages` puts each string into the
  doctree as a hidden paragraph, so it lands in the page's ``.pot`` file like
  any other message;
* in a translated build, :func:`page_catalog` gives the page's compiled
  catalog (the ``.mo`` files Sphinx compiles from ``locale/``) as a dict, and
  the extension substitutes the text itself.
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

from docutils import nodes

from .._compat import catalog_messages, page_domain


def is_gettext(app) -> bool:
    return app.builder.name == "gettext"


def source_language(config) -> str:
    """The language the sources are written in: the first of ``site_languages``."""
    return next(iter(config.site_languages))


def build_language(config) -> str:
    """The language this build writes (``-D language=...``), else the source's."""
    return config.language or source_language(config)


def is_translated(app) -> bool:
    return app.builder.name != "gettext" and build_language(app.config) != source_language(app.config)


def add_extra_messages(node: nodes.Node, messages: list[str]) -> None:
    """Make ``messages`` visible to the gettext builder, after ``node``."""
    parent = node.parent
    index = parent.index(node) + 1
    for message in reversed(messages):
        para = nodes.paragraph(message, message)
        para.source, para.line = node.source or parent.source, node.line or parent.line
        parent.insert(index, para)


@cache
def _load(localedirs: tuple[str, ...], language: str, domain: str, stamp: tuple) -> dict:
    merged: dict[str, str] = {}
    for localedir in localedirs:
        trans = gettext.translation(domain, localedir=localedir, languages=[language], fallback=True)
        merged |= catalog_messages(trans)
    return merged


def page_catalog(app, docname: str) -> dict[str, str]:
    """msgid -> msgstr of the page's catalog, empty when there is none."""
    if not is_translated(app):
        return {}
    domain = page_domain(docname, app.config.gettext_compact)
    dirs = tuple(str(Path(app.srcdir, d)) for d in app.config.locale_dirs)
    mo_files = [Path(d, app.config.language, "LC_MESSAGES", domain + ".mo") for d in dirs]
    stamp = tuple(p.stat().st_mtime_ns if p.exists() else 0 for p in mo_files)
    return _load(dirs, app.config.language, domain, stamp)
