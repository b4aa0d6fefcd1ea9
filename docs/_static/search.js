/* Excerpts on the search page (docs/_ext/blitz/search.py).
 *
 * Sphinx's excerpt starts 120 characters before a match, often at the
 * note at the top of a tutorial, and repeats each formula three times
 * (KaTeX's TeX source, MathML and HTML).  These replace searchtools.js's
 * two documented helpers: the page text leaves out the page furniture and
 * shows each formula once, as a line of text; the excerpt starts at the
 * sentence that holds the query's words.  Then every stretch of the excerpt
 * that the query's words (or their thesaurus equivalents) cover is
 * highlighted in one piece. */
(() => {
  if (typeof Search === "undefined" || typeof LearnerSearch === "undefined") return;

  // Page furniture that is no answer to a query: the gallery's "go to the
  // end" note, the translation notice, the download links, the run time.
  const FURNITURE = ".headerlink, script, style, .sphx-glr-download-link-note, .translation-notice, "
    + ".sphx-glr-footer, .sphx-glr-timing, .sphx-glr-signature";

  const SYMBOLS = {
    sum: "∑", prod: "∏", partial: "∂", nabla: "∇", cdot: "·", times: "×", ldots: "…", dots: "…", cdots: "⋯",
    approx: "≈", leq: "≤", le: "≤", geq: "≥", ge: "≥", neq: "≠", in: "∈", to: "→", rightarrow: "→", infty: "∞",
    alpha: "α", beta: "β", gamma: "γ", delta: "δ", epsilon: "ε", eta: "η", theta: "θ", lambda: "λ", mu: "μ",
    sigma: "σ", tau: "τ", phi: "φ", omega: "ω", Delta: "Δ", Sigma: "Σ", top: "ᵀ", quad: " ", qquad: " ",
  };
  const GROUP = "\\{([^{}]*)\\}";

  /* A TeX formula as one line of text: \frac{a}{b} -> a/b, \text{at} -> at. */
  const texToText = (tex) => {
    let s = tex.replace(/\\partial\s*/g, "∂").replace(/\\nabla\s*/g, "∇");
    const operand = (x) => (/^[^\s+\-=,]+$/.test(x) ? x : `(${x})`);
    for (let i = 0; i < 5; i++) {
      s = s
        .replace(new RegExp(`\\\\[dt]?frac${GROUP}${GROUP}`, "g"), (_, a, b) => `${operand(a)}/${operand(b)}`)
        .replace(new RegExp(`\\\\(?:text|mathrm|mathbf|mathit|operatorname|boldsymbol)${GROUP}`, "g"), "$1")
        .replace(new RegExp(`\\\\mathbb${GROUP}`, "g"), (_, a) => (a === "R" ? "ℝ" : a))
        .replace(new RegExp(`([_^])${GROUP}`, "g"), "$1$2");
    }
    return s
      .replace(/\\(left|right|big|Big|bigg|displaystyle)\b/g, "")
      .replace(/\\([A-Za-z]+)/g, (m, name) => SYMBOLS[name] ?? name)
      .replace(/\\[,;:! ]/g, " ")
      .replace(/[{}]/g, "")
      .replace(/\s+/g, " ")
      .trim();
  };

  Search.htmlToText = (htmlString, anchor) => {
    const doc = new DOMParser().parseFromString(htmlString, "text/html");
    doc.querySelectorAll(FURNITURE).forEach((el) => el.remove());
    doc.querySelectorAll(".katex").forEach((el) => {
      const tex = el.querySelector('annotation[encoding="application/x-tex"]');
      el.replaceWith(` ${tex ? texToText(tex.textContent) : el.textContent} `);
    });
    const main = doc.querySelector('[role="main"]');
    const part = (anchor && main && main.querySelector(anchor)) || main;
    return part ? part.textContent.replace(/\s+/g, " ") : "";
  };

  /* The words of the query, and their thesaurus equivalents, as written
   * (torch.save, not torch and save). */
  const shownTerms = () => {
    const analysis = LearnerSearch.current();
    if (!analysis) return [];
    // The phrases as typed too (保存和加载模型 whole, not 保存 and 加载模型).
    const words = new Set(LearnerSearch.fold(analysis.query).split(/[\s,，、。；;]+/));
    for (const unit of analysis.units) {
      for (const a of unit.alternatives) words.add(a.text);
    }
    return [...words].filter((w) => w.length > 1).sort((a, b) => b.length - a.length);
  };

  const LENGTH = 200;
  Search.makeSearchSummary = (htmlText, keywords, anchor) => {
    const text = Search.htmlToText(htmlText, anchor).trim();
    if (!text) return null;
    const lower = text.toLowerCase();
    const analysis = LearnerSearch.current();
    // The first place that shows the whole query, else the longest word.
    let at = analysis ? lower.indexOf(LearnerSearch.fold(analysis.query).trim()) : -1;
    for (const word of shownTerms()) {
      if (at !== -1) break;
      at = lower.indexOf(word);
    }
    let start = 0;
    if (at > 0) {
      // Back to the start of the sentence, if it is near.
      const before = text.slice(Math.max(0, at - 60), at);
      const stop = Math.max(0, ...["。", "！", "？", "；", "：", ". ", "! ", "? ", ": "].map((p) => {
        const i = before.lastIndexOf(p);
        return i === -1 ? 0 : i + p.length;
      }));
      if (stop > 0) start = at - before.length + stop;
      else if (at > 60) {
        // No sentence start near: a little context, from the start of a word.
        const space = text.indexOf(" ", at - 30);
        start = space !== -1 && space < at ? space + 1 : at - 20;
      }
    }
    const summary = document.createElement("p");
    summary.classList.add("context");
    summary.textContent = (start > 0 ? "…" : "") + text.slice(start, start + LENGTH).trim()
      + (start + LENGTH < text.length ? "…" : "");
    return summary;
  };

  /* Mark, in one piece, every stretch of an excerpt that the terms cover. */
  const highlight = (excerpt) => {
    const terms = shownTerms();
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

  const results = document.getElementById("search-results");
  if (!results) return;
  new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      for (const node of mutation.addedNodes) {
        if (node.nodeType === Node.ELEMENT_NODE && node.matches("p.context")) highlight(node);
      }
    }
  }).observe(results, { childList: true, subtree: true });
})();
