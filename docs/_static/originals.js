/* The English original of each translated paragraph, on demand, and a
 * prefilled GitHub issue to suggest a better translation (or, on English
 * pages, to report a problem).  See docs/_ext/blitz/i18n/originals.py.
 *
 * Paragraphs that are messages of the page's catalog carry an id (m-xxxxxx)
 * shared with the English page.  Nothing is fetched until the reader asks:
 * the first "Original" (or "Bilingual view") fetches the English page once
 * and copies the paragraph with the same id.  The issue address is made
 * only when clicked.
 */
(function () {
  "use strict";
  var box = document.querySelector(".page-originals");
  if (!box) return;
  var data = box.dataset;
  var translated = "original" in data;
  var STORE = "blitz-bilingual";
  var MAX_URL = 8000; // GitHub answers longer new-issue addresses with an error
  var english = null; // the English page, a Promise of a Document once asked for

  function englishPage() {
    if (!english) {
      english = fetch(data.original)
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.text();
        })
        .then(function (text) {
          return new DOMParser().parseFromString(text, "text/html");
        });
      english.catch(function () {
        english = null; // ask again next time
      });
    }
    return english;
  }

  // The text of a paragraph as a reader would quote it: code in backticks,
  // formulas as their TeX, without the buttons this script adds.
  function plainText(element) {
    var copy = element.cloneNode(true);
    copy.querySelectorAll("button, .original").forEach(function (node) {
      node.remove();
    });
    copy.querySelectorAll(".katex").forEach(function (node) {
      var tex = node.querySelector("annotation");
      node.replaceWith("$" + (tex ? tex.textContent : node.textContent) + "$");
    });
    copy.querySelectorAll("code").forEach(function (node) {
      node.replaceWith("`" + node.textContent + "`");
    });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function quote(text) {
    return "> " + text;
  }

  // The new-issue address: title and body in the query string, built with
  // URLSearchParams; the quoted texts shortened until it fits.
  function issueUrl(paragraph, englishText) {
    var page = document.title.split("—")[0].trim();
    var link = location.origin + location.pathname + "#" + paragraph.id;
    var texts = translated ? [englishText, plainText(paragraph)] : [plainText(paragraph)];
    var limit = Math.max.apply(null, texts.map(function (t) { return t.length; }));
    for (;;) {
      var shown = texts.map(function (text) {
        return text.length > limit ? text.slice(0, limit) + "… " + data.shortened : text;
      });
      var parts = [data.page + ": " + link, "**" + data.quote + "**", quote(shown[0])];
      if (translated) parts.push("**" + data.current + "**", quote(shown[1]));
      parts.push("**" + data.ask + "**", "");
      var url = new URL(data.repository + "/issues/new");
      url.search = new URLSearchParams({ title: data.title.replace("{page}", page), body: parts.join("\n\n") }).toString();
      if (url.href.length <= MAX_URL || limit <= 50) return url.href;
      limit = Math.floor(limit * 0.8);
    }
  }

  function openIssue(paragraph, englishText) {
    window.open(issueUrl(paragraph, englishText), "_blank", "noopener");
  }

  function button(label, className) {
    var node = document.createElement("button");
    node.type = "button";
    node.className = className;
    node.textContent = label;
    return node;
  }

  // -- English pages: "Report a problem" on each paragraph ------------------
  if (!translated) {
    document.querySelectorAll('.bd-article p[id^="m-"]').forEach(function (paragraph) {
      var report = button("", "original-toggle original-report");
      report.innerHTML =
        '<svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">' +
        '<path d="M3.5 15V1.5h9l-2.5 3.5 2.5 3.5h-9" fill="none" stroke="currentColor" stroke-width="1.5"/></svg>';
      report.setAttribute("aria-label", data.action);
      report.title = data.action;
      report.addEventListener("click", function () {
        openIssue(paragraph);
      });
      paragraph.appendChild(report);
    });
    return;
  }

  // -- Translated pages: the original, one paragraph or the whole page -------
  var paragraphs = Array.prototype.slice.call(
    document.querySelectorAll('.bd-article p[id^="m-"]:not(.untranslated)')
  );
  var pageToggle = box.querySelector(".bilingual-toggle");

  function panelOf(paragraph) {
    var next = paragraph.nextElementSibling;
    return next && next.classList.contains("original") ? next : null;
  }

  // The panel under ``paragraph``: the English paragraph (lang="en") and,
  // with a repository, "Suggest a better translation".
  function makePanel(paragraph, doc) {
    var panel = document.createElement("div");
    panel.className = "original";
    panel.id = paragraph.id + "-en";
    var source = doc && doc.getElementById(paragraph.id);
    if (source) {
      var text = document.createElement("p");
      text.lang = "en";
      text.innerHTML = source.innerHTML;
      text.querySelectorAll("[id]").forEach(function (node) {
        node.removeAttribute("id");
      });
      panel.appendChild(text);
      if (data.repository) {
        var suggest = button(data.action, "original-suggest");
        var englishText = plainText(source);
        suggest.addEventListener("click", function () {
          openIssue(paragraph, englishText);
        });
        panel.appendChild(suggest);
      }
    } else {
      var failed = document.createElement("p");
      failed.className = "original-failed";
      failed.textContent = data.failed;
      panel.appendChild(failed);
    }
    paragraph.after(panel);
    return panel;
  }

  function show(paragraph, open) {
    var toggle = paragraph.querySelector(".original-toggle");
    var panel = panelOf(paragraph);
    if (!open) {
      if (panel) panel.hidden = true;
      toggle.setAttribute("aria-expanded", "false");
      return Promise.resolve();
    }
    if (panel && !panel.querySelector(".original-failed")) {
      panel.hidden = false;
      toggle.setAttribute("aria-expanded", "true");
      return Promise.resolve();
    }
    toggle.setAttribute("aria-busy", "true");
    return englishPage()
      .catch(function () {
        return null;
      })
      .then(function (doc) {
        if (panel) panel.remove();
        panel = makePanel(paragraph, doc);
        toggle.setAttribute("aria-controls", panel.id);
        toggle.setAttribute("aria-expanded", "true");
        toggle.removeAttribute("aria-busy");
      });
  }

  paragraphs.forEach(function (paragraph) {
    var toggle = button(data.label, "original-toggle");
    toggle.setAttribute("aria-expanded", "false");
    toggle.addEventListener("click", function () {
      show(paragraph, toggle.getAttribute("aria-expanded") !== "true");
    });
    paragraph.appendChild(toggle);
  });

  function setBilingual(on) {
    document.documentElement.classList.toggle("bilingual", on);
    if (pageToggle) pageToggle.setAttribute("aria-pressed", on ? "true" : "false");
    try {
      if (on) localStorage.setItem(STORE, "1");
      else localStorage.removeItem(STORE);
    } catch (e) {
      /* storage refused (private mode): the choice lasts for this page */
    }
    return Promise.all(paragraphs.map(function (paragraph) {
      return show(paragraph, on);
    }));
  }

  if (pageToggle) {
    pageToggle.addEventListener("click", function () {
      setBilingual(pageToggle.getAttribute("aria-pressed") !== "true");
    });
  }
  var remembered = false;
  try {
    remembered = localStorage.getItem(STORE) === "1";
  } catch (e) {
    /* no storage: start with the translation alone */
  }
  if (remembered && paragraphs.length) setBilingual(true);
})();
