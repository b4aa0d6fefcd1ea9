"""Chinese site search that finds every phrase a reader types.

Sphinx's Chinese search cuts the pages into words with jieba, but the
browser splits a query only at spaces, so a query found something only when
it was one of jieba's words.  Here both sides cut every run of Chinese
characters into its overlapping two-character pieces (自动微分 -> 自动, 动微,
微分), the query in ``blitz/search_query.js``, so a page that contains the
phrase is always found.
"""

from __future__ import annotations

import json
import re

from .._compat import SearchChinese
from ..search import query_script

# CJK Unified Ideographs, Extension A and the Compatibility Ideographs.  The
# same ranges appear in blitz/search_query.js: keep them in step.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RUN = re.compile(f"[{HAN}]+")
_LATIN_WORD = re.compile(r"[a-zA-Z0-9_]+")


def split_terms(text: str) -> list[str]:
    """The index terms of ``text``: Chinese pieces, then Latin words.

    A run of one Chinese character has no piece: single characters are too
    common to search for, and Sphinx's index leaves out one-character words.
    """
    pieces = [run[i : i + 2] for run in _HAN_RUN.findall(text) for i in range(len(run) - 1)]
    return pieces + _LATIN_WORD.findall(text)


class SearchChinesePieces(SearchChinese):
    """Sphinx's Chinese search language, with pieces instead of jieba's words."""

    def init(self, options: dict[str, str]) -> None:
        # No jieba dictionary to load; keep the English stemmer for Latin words.
        super().init({"dict": ""})
        # The query side: the same cut, with the thesaurus and the folding
        # of traditional characters (blitz.search).
        self.js_splitter_code = query_script(options)

    def split(self, input: str) -> list[str]:  # noqa: A002 (Sphinx's name)
        terms = split_terms(input)
        # SearchChinese.stem() leaves short Latin words it has seen unstemmed.
        self.latin_terms.update(_LATIN_WORD.findall(input))
        return terms


# A message of searchtools.js that Sphinx's Chinese JavaScript catalog lacks;
# its Chinese is in locale/theme/zh_CN/LC_MESSAGES/sphinx.po.
FOUND_ONE = "Search finished, found one page matching the search query."
FOUND_MANY = "Search finished, found ${resultCount} pages matching the search query."


def search_page_translations(translator) -> str:
    """A script that adds FOUND_ONE, translated, to Sphinx's JS catalog."""
    translated = translator.ngettext(FOUND_ONE, FOUND_MANY, 2)
    if translated == FOUND_MANY:  # not translated
        return ""
    data = {"locale": "zh_Hans_CN", "messages": {FOUND_ONE: [translated]}, "plural_expr": "0"}  # one plural form
    # Inside <script>: a "</script>" in a translation must not end it.
    return "Documentation.addTranslations(" + json.dumps(data).replace("<", "\\u003c") + ");"


def add_search_page_script(app, pagename, templatename, context, doctree):
    """Load the missing search message on the Chinese search page, nowhere else."""
    chinese = (app.config.language or "").startswith("zh")
    if pagename == "search" and chinese and (body := search_page_translations(app.translator)):
        app.add_js_file(None, body=body)


def setup(app):
    app.add_search_language(SearchChinesePieces)
    app.connect("html-page-context", add_search_page_script)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
