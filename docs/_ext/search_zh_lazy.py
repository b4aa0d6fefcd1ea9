"""Load the Chinese search dictionary only when a page is indexed.

Sphinx's Chinese search language loads jieba's whole dictionary (about
350,000 words) as soon as the html builder starts, before it knows whether
any page needs indexing.  That takes a few seconds of every zh_CN build,
including a rebuild in which nothing changed and no page is written.

This registers the same search language, through Sphinx's documented
``app.add_search_language``, with one difference: the dictionary is loaded
right before the first text is split into words.  Every page is indexed
with the same dictionary, loaded the same way, so the search index is
byte-for-byte the one Sphinx writes without this extension; a build that
writes no page just never loads it.
"""

from __future__ import annotations

from sphinx.search.zh import SearchChinese


class LazySearchChinese(SearchChinese):
    """Sphinx's SearchChinese, loading ``html_search_options["dict"]`` on first use."""

    def init(self, options: dict[str, str]) -> None:
        self._options = options
        self._loaded = False

    def _load(self) -> None:
        if not self._loaded:
            super().init(self._options)  # the dictionary, and the stemmer for Latin words
            self._loaded = True

    def split(self, input: str) -> list[str]:
        self._load()
        return super().split(input)

    def stem(self, word: str) -> str:
        self._load()  # Sphinx splits before it stems; this keeps stem() safe on its own
        return super().stem(word)


def setup(app):
    app.add_search_language(LazySearchChinese)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
