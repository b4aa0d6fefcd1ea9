"""Translated template strings reach the page as text, never as markup.

Sphinx's templates print ``_("Skip to main content")`` unescaped: the
strings are meant to be trusted HTML, but their Chinese comes from catalogs
anyone can send a pull request for.  ``make check-po`` refuses such a
catalog; this makes the page safe even past that check (a catalog edited
mid-build).
"""

from __future__ import annotations

import html

from .catalogs import is_translated
from .markup_compare import html_items


def safe_translation(msgid: str, msgstr: str) -> str:
    """``msgstr`` as it may reach a template: as it is when its HTML is the
    English's, escaped when the English has none, else the English."""
    if msgstr == msgid:
        return msgstr
    english = html_items(msgid)
    if html_items(msgstr) == english:
        return msgstr
    return html.escape(msgstr) if not english else msgid


def add_safe_gettext(app, pagename, templatename, context, doctree) -> None:
    if not is_translated(app):
        return
    translator = app.translator

    # Sphinx installs old-style gettext: templates apply their ``%`` themselves.
    def gettext(message):
        return safe_translation(message, translator.gettext(message))

    def ngettext(singular, plural, n):
        return safe_translation(singular if n == 1 else plural, translator.ngettext(singular, plural, n))

    context.update({"_": gettext, "gettext": gettext, "ngettext": ngettext})


def setup(app):
    app.connect("html-page-context", add_safe_gettext)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
