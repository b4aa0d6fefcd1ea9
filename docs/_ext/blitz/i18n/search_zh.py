"""Chinese site search that finds every phrase a reader types.

Sphinx's own Chinese search cuts the pages into words with jieba when it
builds the index, but the browser only splits a query at spaces and
punctuation, so a query finds something only when it happens to be one of
jieba's words: 自动微分, the title of a page, found nothing.

This search language cuts both sides the same way, with a rule simple enough
to write twice: every run of Chinese characters becomes its overlapping
two-character pieces (自动微分 -> 自动, 动微, 微分), here for the index and in
the ``splitQuery`` function of ``language_data.js`` for the query.  Sphinx
lists only the pages that hold every piece of a query, so a page that
contains the phrase is always found, and pages that hold the pieces apart
are rare.  A phrase that is on no page (张量运算, where the pages say 张量的
运算) loses the pieces that occur nowhere and finds the pages with its words.
Latin words (API names, English terms) are indexed and stemmed as in
Sphinx's Chinese search.

A short script on the search page only (``search_zh.js``) marks in each
excerpt every stretch of text covered by the query's pieces, so that a whole
phrase is highlighted, not every other pair of characters.
"""

from __future__ import annotations

import json
import re

from .._compat import SEARCH_INDEX_JS, SearchChinese

# CJK Unified Ideographs, Extension A and the Compatibility Ideographs.  The
# same ranges appear in SPLIT_QUERY_JS below: keep them in step.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RUN = re.compile(f"[{HAN}]+")
_LATIN_WORD = re.compile(r"[a-zA-Z0-9_]+")


def han_pieces(text: str) -> list[str]:
    """The overlapping two-character pieces of each run of Chinese characters.

    A run of one character has no piece: single characters are too common to
    search for, and Sphinx's index leaves out words of one character anyway.
    """
    pieces = []
    for run in _HAN_RUN.findall(text):
        pieces.extend(run[i : i + 2] for i in range(len(run) - 1))
    return pieces


def split_terms(text: str) -> list[str]:
    """The index terms of ``text``: Chinese pieces, then Latin words."""
    return han_pieces(text) + _LATIN_WORD.findall(text)


# The same rule in the browser: splitChinese() is split_terms() (terms
# shorter than two characters are left out, as the index has none), and
# Sphinx's searchtools.js calls splitQuery(), then lowercases and stems the
# terms itself.  splitQuery() keeps a phrase whole when it occurs anywhere on
# the site (all its pieces are in the index); otherwise it drops the pieces
# that occur nowhere, typically those that straddle two words the reader ran
# together (张量运算 -> 张量, 运算), so that the query still finds the pages
# that hold its words.
SPLIT_QUERY_JS = r"""
/* Chinese query splitting: the rule docs/_ext/blitz/i18n/search_zh.py applied to the pages. */
var splitChinese = (query) => {
  const terms = [];
  for (const run of query.match(/[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g) || []) {
    for (let i = 0; i + 1 < run.length; i++) terms.push(run.slice(i, i + 2));
  }
  for (const word of query.match(/[a-zA-Z0-9_]+/g) || []) {
    if (word.length > 1) terms.push(word);
  }
  return terms;
};
var splitQuery = (query) => {
  const index = typeof Search !== "undefined" ? @SEARCH_INDEX@ : null;
  if (!index) return splitChinese(query);
  const known = (t) => Object.hasOwn(index.terms, t) || Object.hasOwn(index.titleterms, t);
  const terms = [];
  for (const part of query.split(/[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/)) {
    const pieces = splitChinese(part);
    const kept = pieces.filter((t) => known(t.toLowerCase()));
    terms.push(...(kept.length ? kept : pieces));
  }
  for (const word of query.match(/[a-zA-Z0-9_]+/g) || []) {
    if (word.length > 1) terms.push(word);
  }
  return terms;
};
""".replace("@SEARCH_INDEX@", SEARCH_INDEX_JS)


class SearchChinesePieces(SearchChinese):
    """Sphinx's Chinese search language, with pieces instead of jieba's words."""

    js_splitter_code = SPLIT_QUERY_JS

    def init(self, options: dict[str, str]) -> None:
        # No jieba dictionary to load; keep the English stemmer for Latin words.
        super().init({"dict": ""})

    def split(self, input: str) -> list[str]:  # noqa: A002 (Sphinx's name)
        terms = split_terms(input)
        # SearchChinese.stem() leaves short Latin words it has seen unstemmed.
        self.latin_terms.update(_LATIN_WORD.findall(input))
        return terms


# Messages of searchtools.js that Sphinx's Chinese JavaScript catalog lacks;
# their Chinese is in locale/theme/zh_CN/LC_MESSAGES/sphinx.po.
SEARCH_PLURALS = [
    (
        "Search finished, found one page matching the search query.",
        "Search finished, found ${resultCount} pages matching the search query.",
    ),
]


def search_page_translations(translator) -> str:
    """A script that adds SEARCH_PLURALS, translated, to Sphinx's JS catalog."""
    messages = {}
    for singular, plural in SEARCH_PLURALS:
        translated = translator.ngettext(singular, plural, 2)
        if translated != plural:  # Chinese has one plural form
            messages[singular] = [translated]
    if not messages:
        return ""
    # Inside <script>: a "</script>" in a translation must not end it.
    data = json.dumps({"locale": "zh_Hans_CN", "messages": messages, "plural_expr": "0"}).replace("<", "\\u003c")
    return f"Documentation.addTranslations({data});"


def add_search_page_script(app, pagename, templatename, context, doctree):
    """Load the excerpt highlighter and the missing search messages on the
    Chinese search page, nowhere else."""
    if pagename == "search" and (app.config.language or "").startswith("zh"):
        app.add_js_file("search_zh.js", loading_method="defer")
        body = search_page_translations(app.translator)
        if body:
            app.add_js_file(None, body=body)


def setup(app):
    app.add_search_language(SearchChinesePieces)
    app.connect("html-page-context", add_search_page_script)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
