    // The reader's first preferred language that the site has, matched by its
    // whole tag, else by its first part (zh-TW finds zh_CN when the site has no
    // zh_TW); with none, the source language.
    var siteLanguages = {{ by_tag|tojson }};
    var has = function (tag) { return Object.prototype.hasOwnProperty.call(siteLanguages, tag); };
    var langs = navigator.languages || [navigator.language || "{{ source.hreflang }}"];
    var lang = "{{ source.code }}";
    for (var i = 0; i < langs.length; i++) {
      var l = (langs[i] || "").toLowerCase();
      if (has(l)) { lang = siteLanguages[l]; break; }
      if (has(l.split("-")[0])) { lang = siteLanguages[l.split("-")[0]]; break; }
    }