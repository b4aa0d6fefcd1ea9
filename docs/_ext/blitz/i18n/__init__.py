"""One English source, rendered in every language of ``site_languages``.

Sphinx's gettext machinery translates the prose of every page from the
catalogs in ``locale/``; each module here does one job that it cannot (its
docstring says which).  :func:`setup` sets them up in the order their
transforms and handlers must run.
"""

MODULES = (
    "code_comments",
    "gallery_chrome",
    "switcher",
    "downloads",
    "figures",
    "catalog_guard",
    "notice",
    "search_zh",
    "template_text",
    "originals",
)


def setup(app):
    for name in MODULES:
        app.setup_extension(f"{__name__}.{name}")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
