/* Ranking of the site search (html_search_scorer, see docs/_ext/blitz/search.py).
 *
 * score() replaces each result's score with LearnerSearch's rank; Sphinx's
 * own weights below stay for what it does not rank.  A page whose section
 * title matches is shown as that section (title and anchor, which
 * searchtools.js also uses to drop the duplicate title result); the page's
 * other matching section titles come after every page. */
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
