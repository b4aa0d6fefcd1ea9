/* The English original of each translated paragraph, on demand.  See
 * docs/_ext/blitz/i18n/originals.py.
 *
 * Paragraphs that are messages of the page's catalog carry an id (m-xxxxxx)
 * shared with the English page.  Nothing is fetched until the reader asks:
 * the first "Original" (or "Bilingual view") fetches the English page once
 * and copies the paragraph with the same id.
 */
(function () {
  "use strict";
  var box = document.querySelector(".page-originals");
  if (!box) return;
  var data = box.dataset;
  var STORE = "blitz-bilingual";
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

  var paragraphs = Array.prototype.slice.call(
    document.querySelectorAll('.bd-article p[id^="m-"]:not(.untranslated)')
  );
  var pageToggle = box.querySelector(".bilingual-toggle");

  function panelOf(paragraph) {
    var next = paragraph.nextElementSibling;
    return next && next.classList.contains("original") ? next : null;
  }

  // The panel under ``paragraph``: the English paragraph (lang="en").
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
    var toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "original-toggle";
    toggle.textContent = data.label;
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
