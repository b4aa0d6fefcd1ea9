"""One English source, rendered in every language of ``site_languages``.

Sphinx's gettext machinery translates the prose of every page from the
catalogs in ``locale/``; these modules do the rest, one job each:

* :mod:`.code_comments`: comments and docstrings in the code, never the code.
* :mod:`.gallery_chrome`: what sphinx-gallery writes around the tutorials
  (cards, figure alt text, the running-time line).
* :mod:`.figures`: figures drawn again with translated text (the
  transform; :mod:`.figure_drawing` keeps each figure when a tutorial runs
  and draws it again).
* :mod:`.downloads`: translated ``.py``, ``.ipynb`` and ``.zip`` downloads
  (:mod:`.script_text` rewrites the script, :mod:`.markdown` writes the
  notebook's text cells, both from :mod:`.rst_doctree`).
* :mod:`.switcher`: the language switcher and ``hreflang`` links.
* :mod:`.search_zh`: Chinese search.
* :mod:`.markup_compare` (one message), :mod:`.markup_check` (catalogs) and
  :mod:`.catalog_guard`: translations change words only; a faulty
  catalog stops the build.
* :mod:`.notice`: "N messages still in English" on translated pages.
* :mod:`.template_text`: translated template strings reach the page as text.
* :mod:`.originals`: the English original of a paragraph on demand.

:func:`setup` sets them up in the order their transforms and handlers must run.
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
