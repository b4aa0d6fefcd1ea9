/* Ranking of the site search (html_search_scorer, see docs/_ext/blitz/search.py).
 *
 * Sphinx's weights stay as they are for what this does not rank; score()
 * replaces the score of each result with LearnerSearch's: how much of the
 * query the page holds (rare words weigh more), then the query in its
 * title and in its section titles.  A page whose section title matches is
 * shown as that section (the result's title and anchor, which
 * searchtools.js also uses to drop the duplicate from the title search);
 * the page's other section titles that matched come after every page. */
var Scorer = {
  score: (result) => {
    const [docName, title, anchor, , score] = result;
    const index = LearnerSearch.index();
    const doc = index ? index.docnames.indexOf(docName) : -1;
    const rank = doc >= 0 ? LearnerSearch.rank(doc) : null;
    if (!rank) return score;
    const section = rank.section && rank.section.coverage >= 0.5 ? rank.section : null;
    if (!anchor && section) {
      result[1] = index.titles[doc] === section.title ? section.title : `${index.titles[doc]} > ${section.title}`;
      result[2] = "#" + section.anchor;
    }
    if (anchor && !(section && anchor === "#" + section.anchor)) return rank.score / 100;
    return rank.score;
  },
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: { 0: 15, 1: 5, 2: -5 },
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,
};
