"""Sphinx's (and docutils') non-public names the extensions use; see blitz._compat.

Checked against Sphinx 8.2.3 and docutils 0.21.
"""

from __future__ import annotations

import gettext
from typing import Any

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



# -- HTML output ----------------------------------------------------------------------
# Used by blitz.figure_images, page_assets, math_assets, template_cache and
# blitz.i18n.search_zh.

# Sphinx 8.2.3: ``sphinx.util.images.get_image_size(path)`` returns the
# image's ``(width, height)`` in pixels, or None when it cannot tell.
# Sphinx 8.2.3: ``sphinx.jinja2glue.BuiltinTemplateLoader``, the default
# ``template_bridge``; ``init(builder, theme=None, dirs=None)`` sets up its
# Jinja ``environment``.  Not in the documented API (TemplateBridge is).
from sphinx.jinja2glue import BuiltinTemplateLoader  # noqa: E402,F401

# Sphinx 8.2.3: ``sphinx.search.zh.SearchChinese``, the Chinese search
# language: ``init(options)`` loads jieba's dictionary from ``options["dict"]``
# (none when empty), ``latin_terms`` is the set of Latin words its ``stem()``
# leaves unstemmed when short, ``js_splitter_code`` the query splitter.
from sphinx.search.zh import SearchChinese  # noqa: E402,F401
from sphinx.util.images import get_image_size  # noqa: E402,F401

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
