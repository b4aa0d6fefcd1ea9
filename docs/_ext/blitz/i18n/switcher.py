"""A per-page language switcher and the matching ``hreflang`` links.

Each language is built into its own folder from the same source, so page
``X.html`` has its counterpart at ``../<lang>/X.html``; heading ids come
from the English titles in both builds, so an ``#anchor`` survives a switch.
"""

from __future__ import annotations

import html

from .catalogs import build_language


def hreflang(code: str) -> str:
    """Sphinx language code -> BCP 47 tag (``zh_CN`` -> ``zh-CN``)."""
    return code.replace("_", "-")


def counterpart_url(pagename: str, target: str, baseurl: str = "") -> str:
    """URL of ``pagename`` in the ``target`` language, relative to the page."""
    if baseurl:
        return f"{baseurl.rstrip('/')}/{target}/{pagename}.html"
    depth = pagename.count("/") + 1  # +1 leaves the language directory
    return "../" * depth + f"{target}/{pagename}.html"


def add_language_links(app, pagename, templatename, context, doctree):
    current = build_language(app.config)
    context["language_links"] = [
        {"hreflang": hreflang(code), "label": label, "url": counterpart_url(pagename, code), "current": code == current}
        for code, label in app.config.site_languages.items()
    ]
    head = "".join(
        f'\n<link rel="alternate" hreflang="{hreflang(code)}" '
        f'href="{html.escape(counterpart_url(pagename, code, app.config.html_baseurl))}" />'
        for code in app.config.site_languages
    )
    context["metatags"] = context.get("metatags", "") + head


def localize_config(app, config):
    """Use the title, copyright and theme strings of the build's language (conf.py's are in no catalog)."""
    language = build_language(config)
    config.html_title = config.project = config.site_titles.get(language) or config.project
    config.copyright = config.site_copyrights.get(language) or config.copyright
    config.html_theme_options = config.html_theme_options | config.site_theme_options.get(language, {})


def setup(app):
    app.add_config_value("site_languages", {"en": "English"}, "html", types=[dict])
    app.add_config_value("site_titles", {}, "html", types=[dict])
    app.add_config_value("site_theme_options", {}, "html", types=[dict])
    app.add_config_value("site_copyrights", {}, "html", types=[dict])
    app.connect("config-inited", localize_config)
    app.connect("html-page-context", add_language_links)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
