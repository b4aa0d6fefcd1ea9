"""One English source, rendered in every language of ``site_languages``.

Sphinx's gettext machinery translates the prose of every page from the
catalogs in ``locale/``.  These modules do the rest, each with one job:

* :mod:`.catalogs`: the page's catalog as a dict, and extra messages put
  into the doctree for what gettext cannot see.
* :mod:`.cjk`: the one rule for width and line breaks of Chinese text.
* :mod:`.code_comments`: comments and docstrings in the code, never the code
  (:mod:`.docstrings` finds and rewrites the docstrings).
* :mod:`.gallery_chrome`: what sphinx-gallery writes around the tutorials
  (cards, figure alt text, the running-time line).
* :mod:`.figures`: figures drawn again with translated text (the
  transform; :mod:`.figure_drawing` keeps each figure when a tutorial runs
  and draws it again).
* :mod:`.downloads`: translated ``.py``, ``.ipynb`` and ``.zip`` downloads,
  written from the messages :mod:`.page_messages` keeps from each page's
  doctree (:mod:`.rst_text` puts them into the text blocks,
  :mod:`.script_text` rewrites the script, :mod:`.notebooks` the notebook).
* :mod:`.switcher`: the language switcher and ``hreflang`` links.
* :mod:`.search_zh`: Chinese search (pages and queries cut alike).
* :mod:`.markup_check` (catalogs), :mod:`.markup_compare` (one message;
  :mod:`.html_markup` for template strings) and :mod:`.catalog_guard`:
  translations change words only; a faulty catalog stops the build.
* :mod:`.notice`: "N messages still in English" on translated pages.
* :mod:`.copybutton`: sphinx-copybutton's Chinese messages, with Chinese
  punctuation.
* :mod:`.template_text`: translated template strings reach the page as text.
* :mod:`.originals`: the English original of a paragraph on demand, and a
  prefilled issue to suggest a better translation.

``conf.py`` lists only ``blitz.i18n``; :func:`setup` sets up the modules in
the order their transforms and event handlers must run.
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
    "copybutton",
    "template_text",
    "originals",
)


def setup(app):
    for name in MODULES:
        app.setup_extension(f"{__name__}.{name}")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
