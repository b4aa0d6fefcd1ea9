"""Catalog lookup and extra messages, shared by the translation extensions.

They translate what Sphinx's gettext machinery cannot see (code comments,
figure alt text, gallery cards...) in one way: a ``gettext`` build gets each
string as a hidden paragraph (:func:`add_extra_messages`), so that it lands
in the page's ``.pot`` like any other message; a translated build looks it
up in the page's compiled catalog (:func:`page_catalog`).
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
