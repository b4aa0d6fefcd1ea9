/* The query side of the site search (docs/_ext/blitz/search.py).
 *
 * Sphinx's searchtools.js calls splitQuery() and lists the pages that hold
 * every term it returns; Scorer.score() (search_scorer.js) then ranks them
 * with the analysis kept here.  Chinese is cut into overlapping
 * two-character pieces, as docs/_ext/blitz/i18n/search_zh.py cuts the pages;
 * Latin words are words, stemmed by searchtools.js. */
var LearnerSearch = (() => {
  const DATA = @DATA@;
  const FOLD = new Map();
  for (let i = 0; i + 1 < DATA.fold.length; i += 2) FOLD.set(DATA.fold[i], DATA.fold[i + 1]);
  const HAN_RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;
  const isLatin = (term) => /^[a-z0-9_ .+-]+$/.test(term);

  /* Full-width letters to ASCII, traditional characters to simplified, lower case. */
  const fold = (text) => [...text.normalize("NFKC")].map((c) => FOLD.get(c) || c).join("").toLowerCase();

  /* The terms of a text as the index has them: Chinese pieces, then Latin words. */
  const pieces = (run) => Array.from({ length: run.length - 1 }, (_, i) => run.slice(i, i + 2));
  const splitChinese = (text) => [
    ...(text.match(HAN_RUN) || []).flatMap(pieces),
    ...(text.match(/[a-zA-Z0-9_]+/g) || []).filter((word) => word.length > 1),
  ];

  // Stemmer and stopwords come before this script in language_data.js.
  const stemmer = new Stemmer();
  const stem = (word) => (/[\u3400-\u9fff\uf900-\ufaff]/.test(word) ? word : stemmer.stemWord(word));

  /* The documents whose text or titles hold an (unstemmed, lower-case) term. */
  const docsOf = (index, word) => {
    const term = stem(word);
    const maps = [index.terms, index.titleterms].filter((map) => Object.hasOwn(map, term));
    return new Set(maps.flatMap((map) => [map[term]].flat()));
  };

  /* One way to say a unit of the query: its terms, the documents that hold
   * them all, and whether it is what the reader typed. */
  const alternative = (index, text, typed) => {
    const terms = splitChinese(text).map((t) => t.toLowerCase()).filter((t) => !stopwords.includes(t));
    if (!terms.length) return null;
    const docs = terms.map((t) => docsOf(index, t)).reduce((a, b) => new Set([...a].filter((d) => b.has(d))));
    return docs.size ? { text, terms, docs, typed } : null;
  };

  // Thesaurus terms, longest first, each with the row it belongs to.
  const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const PATTERNS = DATA.groups
    .flatMap((group, row) => group.map((term) => [fold(term), row]))
    .sort((a, b) => b[0].length - a[0].length)
    .map(([term, row]) => [
      new RegExp(isLatin(term) ? `(?<![a-z0-9_])${escape(term)}(?![a-z0-9_])` : escape(term), "g"),
      row,
    ]);

  /* The query as units (a thesaurus row, a Chinese piece or a Latin word),
   * each with the ways to say it that the site has, and a weight: rarer
   * units weigh more. */
  const analyze = (query, index) => {
    let rest = ` ${fold(query)} `;
    const wanted = [];
    for (const [pattern, row] of PATTERNS) {
      const match = rest.match(pattern);
      if (match) {
        wanted.push({ typed: match[0], texts: DATA.groups[row] });
        rest = rest.replace(pattern, " | ");
      }
    }
    for (const term of new Set(splitChinese(rest))) wanted.push({ typed: term, texts: [term] });
    const count = index.docnames.length;
    const units = [];
    for (const { typed, texts } of wanted) {
      const alternatives = texts.map((t) => alternative(index, fold(t), fold(t) === typed)).filter((a) => a);
      if (!alternatives.length) continue;
      const docs = new Set(alternatives.flatMap((a) => [...a.docs]));
      units.push({ alternatives, docs, weight: Math.log(1 + count / docs.size) });
    }
    const total = units.reduce((sum, u) => sum + u.weight, 0);
    return { query: query.toLowerCase(), units, total, ranks: new Map() };
  };

  /* How much of the query's weight a text (a title) holds. */
  const coverage = (analysis, text) => {
    const terms = new Set(splitChinese(fold(text)).map(stem));
    let sum = 0;
    for (const unit of analysis.units) {
      if (unit.alternatives.some((a) => a.terms.every((t) => terms.has(stem(t))))) sum += unit.weight;
    }
    return analysis.total ? sum / analysis.total : 0;
  };

  /* How much of a unit a document holds: all of it when it has the words
   * the reader typed; when it has only their equivalents, less, and a
   * little more for each further way of saying it (a page about a thing
   * names it in several ways). */
  const holds = (unit, doc) => {
    const here = unit.alternatives.filter((a) => a.docs.has(doc));
    if (!here.length) return 0;
    const base = here.some((a) => a.typed) ? 1 : 0.7 + 0.1 * Math.min(here.length - 1, 3);
    return unit.weight * base * (1 + 0.15 * Math.min(3, Math.log2(said(here, doc))));
  };

  /* How often a document says a unit (search_counts.js; 1 when not counted). */
  const said = (alternatives, doc) => {
    const counts = typeof SEARCH_COUNTS !== "undefined" ? SEARCH_COUNTS[searchIndex().docnames[doc]] : null;
    if (!counts) return 1;
    return Math.max(1, ...alternatives.map((a) => Math.min(...a.terms.map((t) => counts[stem(t)] || 1))));
  };

  /* A document's score for the query: the weight of the query it holds,
   * then the weight in its title and in its best-matching section title. */
  const rank = (analysis, index, doc) => {
    if (analysis.ranks.has(doc)) return analysis.ranks.get(doc);
    let held = 0;
    for (const unit of analysis.units) held += holds(unit, doc);
    const page = coverage(analysis, index.titles[doc]);
    let section = null;
    for (const [title, places] of Object.entries(index.alltitles)) {
      for (const [d, anchor] of places) {
        if (d !== doc || !anchor) continue;
        const c = coverage(analysis, title);
        // The section whose title matches most, then the one that says least else.
        if (c > 0 && (!section || c > section.coverage || (c === section.coverage && title.length < section.title.length))) {
          section = { title, anchor, coverage: c };
        }
      }
    }
    const result = {
      score: 100 * (analysis.total ? held / analysis.total : 0) + 40 * page + 30 * (section ? section.coverage : 0),
      section,
    };
    analysis.ranks.set(doc, result);
    return result;
  };

  let current = null;
  const searchIndex = () => (typeof Search !== "undefined" ? @SEARCH_INDEX@ : null);

  /* searchtools.js's splitQuery: the terms that the best page holds. */
  const splitQuery = (query) => {
    const index = searchIndex();
    if (!index) return splitChinese(query);
    if (current && current.query === query.toLowerCase()) return current.terms;
    const analysis = analyze(query, index);
    let best = null;
    for (let doc = 0; doc < index.docnames.length; doc++) {
      if (!analysis.units.some((u) => u.docs.has(doc))) continue;
      const r = rank(analysis, index, doc).score;
      if (!best || r > best.score) best = { doc, score: r };
    }
    if (!best) {
      analysis.terms = splitChinese(fold(query));
    } else {
      // searchtools.js lists the pages that hold every term returned, so
      // one term is returned: of the ways the best page says the query, the
      // term that the most pages hold (a page with 参数 but not 数量 still
      // comes up for 模型参数数量).  The scorer ranks them all by the whole query.
      const alternatives = analysis.units.flatMap((u) => u.alternatives.filter((a) => a.docs.has(best.doc)));
      const terms = alternatives.flatMap((a) => a.terms);
      const sizes = terms.map((term) => docsOf(index, term).size);
      analysis.terms = [terms[sizes.indexOf(Math.max(...sizes))]];
    }
    current = analysis;
    return analysis.terms;
  };

  return {
    fold,
    splitChinese,
    splitQuery,
    index: searchIndex,
    rank: (doc) => (current && searchIndex() ? rank(current, searchIndex(), doc) : null),
    current: () => current,
  };
})();
var splitChinese = LearnerSearch.splitChinese;
var splitQuery = LearnerSearch.splitQuery;
