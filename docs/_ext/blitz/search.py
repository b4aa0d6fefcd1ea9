"""Site search that understands how learners type, in every language.

Sphinx's search lists the pages that hold every word of a query, ranked
by whether a word is in a title.  Learners type abbreviations and other
words than the pages use (反传, CNN, 多卡, "cross entropy"), run words
together (保存模型), type traditional characters (張量), and expect the
page that teaches a term first.  Through Sphinx's documented search hooks:

* ``html_search_options``: ``thesaurus`` (``locale/thesaurus.md``: the
  terms of a row, in both languages, are one thing to search) and
  ``folding`` (``locale/zh_CN/traditional.tsv``); only the folding pairs
  of the characters in the thesaurus and in ``catalogs`` are shipped.
* ``js_splitter_code``: ``search_query.js`` with that data.  Its
  ``splitQuery`` folds the query, maps thesaurus terms to the words the
  pages use, and returns one term of the best-matching page, so that a
  phrase whose words are on a page but not together still finds it.
* ``html_search_scorer`` (``search_scorer.js``): ranks a page by how much of
  the query it holds (rare words weigh more) and by the query in its
  titles, and points the result at the section whose title matches.
* ``search.js`` on the search page: excerpts that start at the match,
  formulas as one line, the query's words highlighted.

``tests/test_search_learners.py`` measures what each part is worth: every
one of its queries that fails without a part is why that part stays.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import lru_cache
from pathlib import Path

from bs4 import BeautifulSoup
from sphinx.search.en import SearchEnglish
from sphinx.util import logging

from ._compat import SEARCH_INDEX_JS, search_language

logger = logging.getLogger(__name__)

QUERY_JS = Path(__file__).with_name("search_query.js")


class SearchDataError(ValueError):
    """A thesaurus or folding file that the search cannot use."""


def parse_thesaurus(text: str, source: str = "thesaurus") -> list[list[str]]:
    """The rows of the thesaurus table: each a list of terms, lower case.

    Every cell of a row is a comma-separated list of terms; all of them
    name one thing.  A term in two rows is an error (the rows would be one).
    """
    rows = [line.strip().strip("|") for line in text.splitlines() if line.lstrip().startswith("|")]
    groups = []
    for row in rows[2:]:  # after the header and its |---| line
        terms = [t.strip().lower() for t in row.replace("|", ",").split(",") if t.strip()]
        if terms:
            groups.append(list(dict.fromkeys(terms)))
    if not groups:
        raise SearchDataError(f"{source}: no table rows found; see the table format at the top of the file.")
    seen: dict[str, int] = {}
    for number, group in enumerate(groups, 1):
        for term in group:
            if seen.setdefault(term, number) != number:
                raise SearchDataError(
                    f"{source}: {term!r} is in rows {seen[term]} and {number}; keep each term in one row "
                    "(merge the rows if they name one thing)."
                )
    return groups


def parse_folding(text: str, source: str = "folding") -> dict[str, str]:
    """traditional -> simplified character, from lines 'simplified<TAB>traditional...'."""
    table = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        simplified, sep, traditional = line.partition("\t")
        if not sep or len(simplified) != 1 or not traditional:
            raise SearchDataError(
                f"{source}:{number}: expected one simplified character, a tab and its traditional forms, got {line!r}"
            )
        for char in traditional:
            table[char] = simplified
    return table


@lru_cache(maxsize=8)
def query_data(thesaurus: str, folding: str, catalogs: str) -> dict:
    """What search_query.js needs: the thesaurus rows and the folding pairs
    of the characters the site and the thesaurus use."""
    groups = parse_thesaurus(Path(thesaurus).read_text(encoding="utf-8"), thesaurus) if thesaurus else []
    fold = parse_folding(Path(folding).read_text(encoding="utf-8"), folding) if folding else {}
    wanted = {c for group in groups for term in group for c in term}
    for po in Path(catalogs).rglob("*.po") if catalogs else []:
        wanted.update(po.read_text(encoding="utf-8"))  # the msgids are English: no folding pair is theirs
    pairs = "".join(t + s for t, s in sorted(fold.items()) if s in wanted)
    return {"groups": groups, "fold": pairs}


def query_script(options: dict) -> str:
    """search_query.js with its data, for a search language's js_splitter_code."""
    try:
        data = query_data(options.get("thesaurus", ""), options.get("folding", ""), options.get("catalogs", ""))
    except OSError as err:
        raise SearchDataError(f"html_search_options names a file that cannot be read: {err}") from err
    script = QUERY_JS.read_text(encoding="utf-8").replace("@SEARCH_INDEX@", SEARCH_INDEX_JS)
    return script.replace("@DATA@", json.dumps(data, ensure_ascii=False))


class SearchEnglishLearners(SearchEnglish):
    """Sphinx's English search, with the learner query layer."""

    def init(self, options: dict) -> None:
        super().init(options)
        self.js_splitter_code = query_script(options)


def add_search_page_script(app, pagename, templatename, context, doctree):
    """The excerpt script and the term counts, on the search page only."""
    if pagename == "search":
        app.add_js_file(COUNTS_JS)
        app.add_js_file("search.js", loading_method="defer")


# -- How often each page says each term ----------------------------------------
# Sphinx's index says which pages hold a term, not how often.  The page that
# teaches a term says it again and again (zero_grad on the neural-network
# page, in passing elsewhere), so the scorer also weighs a term by its count
# on the page.  Counted after the build from the written pages (the
# translated build writes pages in parallel processes), only for terms that
# several pages hold and a page says at least MIN_COUNT times: the only
# counts that change a ranking.
COUNTS_JS = "search_counts.js"
MIN_COUNT = 3


def page_text(html: str) -> str:
    """The article text of a built page, as a reader reads it."""
    soup = BeautifulSoup(html, "html.parser")
    main = soup.select_one("article.bd-article") or soup.select_one('[role="main"]') or soup
    for el in main.select("script, style, .headerlink, .katex-mathml"):
        el.decompose()
    return main.get_text(" ")


def term_counts(texts: dict[str, str], split, stem) -> dict[str, dict[str, int]]:
    """{docname: {term: count}} for terms on two pages or more, said MIN_COUNT times or more."""
    counts = {doc: Counter(stem(w) for w in split(text)) for doc, text in texts.items()}
    pages = Counter(term for c in counts.values() for term in c)
    return {
        doc: {t: n for t, n in sorted(c.items()) if n >= MIN_COUNT and pages[t] >= 2}
        for doc, c in sorted(counts.items())
    }


def write_term_counts(app, exception) -> None:
    if exception or app.builder.format != "html":
        return
    language = search_language(app.builder)
    if language is None:
        return
    texts = {}
    for docname in sorted(app.env.found_docs):
        page = Path(app.outdir, app.builder.get_target_uri(docname))
        if page.suffix == ".html" and page.is_file() and "nosearch" not in app.env.metadata.get(docname, {}):
            texts[docname] = page_text(page.read_text(encoding="utf-8"))
    counts = term_counts(texts, language.split, language.stem)
    target = Path(app.outdir, "_static", COUNTS_JS)
    target.write_text(f"var SEARCH_COUNTS = {json.dumps(counts, ensure_ascii=False, separators=(',', ':'))};\n",
                      encoding="utf-8")


def setup(app):
    app.add_search_language(SearchEnglishLearners)
    app.connect("html-page-context", add_search_page_script)
    app.connect("build-finished", write_term_counts)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
