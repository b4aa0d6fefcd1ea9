"""Sphinx's, docutils', sphinx-design's and gettext's non-public names the extensions use; see blitz._compat.

Checked against Sphinx 8.2.3, docutils 0.21, sphinx-design 0.8.0 and Python 3.11.
"""

from __future__ import annotations

import contextlib
import gettext
from pathlib import Path

from docutils import nodes

# Sphinx 8.2.3: the Chinese search language: ``init(options)`` loads jieba's
# dictionary from ``options["dict"]`` (none when empty); ``stem()`` leaves the
# short Latin words of the set ``latin_terms`` unstemmed.
from sphinx.search.zh import SearchChinese  # noqa: F401

# Sphinx 8.2.3: ``docname_to_domain(docname, compact)``, the catalog of a page:
# ``tutorials/x`` when ``gettext_compact`` is False, ``tutorials`` when True.
from sphinx.util.i18n import docname_to_domain as page_domain  # noqa: F401

# Sphinx 8.2.3: an image's ``(width, height)`` in pixels, or None.
from sphinx.util.images import get_image_size  # noqa: F401

# Sphinx 8.2.3: ``extract_messages(doctree)`` yields ``(node, msgid)`` for every
# message, as the gettext builder extracts them and the Locale transform translates them.
from sphinx.util.nodes import extract_messages as page_messages  # noqa: F401

# -- Gettext catalogs, messages and labels ------------------------------------------


def catalog_messages(translations: gettext.NullTranslations) -> dict[str, str]:
    """msgid -> msgstr of the translated messages of a loaded catalog (its header under "").

    Python 3.11: ``GNUTranslations`` keeps them in the private dict ``_catalog``
    (plurals keyed by tuples); ``NullTranslations``, for no ``.mo`` file, has none.
    """
    catalog = getattr(translations, "_catalog", {})
    return {k: v for k, v in catalog.items() if isinstance(k, str) and v}


#: Sphinx 8.2.3: ``extract_messages`` takes a literal block (line breaks kept)
#: whose attribute of this name is True, and skips a paragraph where it is False.
TRANSLATABLE = "translatable"


def untranslated_nodes(doctree) -> list:
    """The nodes the Locale transform left in the source language (Sphinx 8.2.3: it sets
    their ``translated`` to False, True on those it translated)."""
    return [n for n in doctree.findall(nodes.Element) if "translated" in n and not n["translated"]]


def reference_labels(env) -> dict:
    """Every ``:ref:`` label -> ``(docname, anchor, title)``, the title in the build's language
    (Sphinx 8.2.3: ``env.domaindata["std"]["labels"]``, ``StandardDomain.labels``)."""
    return dict(env.domaindata.get("std", {}).get("labels", {}))


def download_files(env) -> list:
    """``(source, docnames, dest)`` of every file a ``:download:`` role published, by source path
    (Sphinx 8.2.3: ``env.dlfiles`` maps the source to ``(docnames, path under _downloads/)``)."""
    items = sorted(env.dlfiles.items(), key=lambda item: str(item[0]))
    return [(Path(src), set(docnames), Path(dest)) for src, (docnames, dest) in items]


# -- HTML output ----------------------------------------------------------------------

#: Sphinx 8.2.3: searchtools.js keeps the loaded index in ``Search._index``, an
#: object whose ``terms`` and ``titleterms`` map each term to its pages.
SEARCH_INDEX_JS = "Search._index"


def search_language(builder):
    """The ``SearchLanguage`` of an html build, else None (Sphinx 8.2.3: ``builder.indexer.lang``)."""
    return getattr(getattr(builder, "indexer", None), "lang", None)


# Sphinx 8.2.3: the page context's ``css_files`` and ``script_files`` hold private
# ``sphinx.builders.html._assets`` objects with ``filename``, ``priority`` and an
# ``attributes`` dict; another extension may add a plain file name.


def asset_filename(asset) -> str:
    return getattr(asset, "filename", asset)


def asset_attributes(asset) -> dict[str, str]:
    return dict(getattr(asset, "attributes", {}))


def asset_priority(asset) -> int:
    return getattr(asset, "priority", 500)


# -- Plain docutils --------------------------------------------------------------------
# blitz.i18n.rst_doctree parses the tutorials' text again after the build,
# where Sphinx's directives would expect a Sphinx environment.


@contextlib.contextmanager
def plain_docutils():
    """docutils with its own roles and directives only, for the ``with`` block.

    Sphinx 8.2.3: ``docutils_namespace()`` restores the registries afterwards;
    docutils 0.21 keeps what is registered or looked up in ``directives._directives``
    and ``roles._roles``, and finds its built-in ones again once they are emptied.
    """
    from docutils.parsers.rst import directives, roles
    from sphinx.util.docutils import docutils_namespace

    with docutils_namespace():
        directives._directives.clear()
        roles._roles.clear()
        yield
