/* Highlight whole phrases in the excerpts of the Chinese search page.
 *
 * The query is searched as overlapping two-character pieces (see
 * docs/_ext/blitz/i18n/search_zh.py), and Sphinx highlights piece by piece, which leaves
 * every other character of an odd-length phrase unmarked.  This marks every
 * stretch of an excerpt that the query's pieces cover, in one piece. */
(() => {
  const query = new URLSearchParams(window.location.search).get("q");
  const results = document.getElementById("search-results");
  if (!query || !results || typeof splitQuery !== "function") return;
  const terms = splitQuery(query.toLowerCase());

  const highlight = (excerpt) => {
    const text = excerpt.textContent;
    const lower = text.toLowerCase();
    const marked = new Array(text.length).fill(false);
    for (const term of terms) {
      for (let i = lower.indexOf(term); i !== -1; i = lower.indexOf(term, i + 1)) {
        marked.fill(true, i, i + term.length);
      }
    }
    excerpt.replaceChildren();
    let start = 0;
    for (let i = 1; i <= text.length; i++) {
      if (i === text.length || marked[i] !== marked[start]) {
        const chunk = document.createTextNode(text.slice(start, i));
        if (marked[start]) {
          const span = document.createElement("span");
          span.className = "highlighted";
          span.appendChild(chunk);
          excerpt.appendChild(span);
        } else {
          excerpt.appendChild(chunk);
        }
        start = i;
      }
    }
  };

  new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      for (const node of mutation.addedNodes) {
        if (node.nodeType === Node.ELEMENT_NODE && node.matches("p.context")) highlight(node);
      }
    }
  }).observe(results, { childList: true, subtree: true });
})();
