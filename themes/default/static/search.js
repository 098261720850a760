/* briefing search: runs on the search page only. The index is a plain script
   (assets/search-index.js) added to the page when there is something to search
   for, because fetch() of local files fails from file:// and the site must work
   from a file share and under Content-Security-Policy: default-src 'self'.
   Plain ES5: no modules, no eval, no network. */
(function () {
  "use strict";

  /* The same words the index was built from: lower case, letters and digits. */
  function words(text, stop) {
    var found = [];
    var parts = String(text).toLowerCase().split(/[^0-9a-z\u00aa-\uffff]+/);
    for (var i = 0; i < parts.length; i++) {
      var word = parts[i];
      if (word.length > 1 && stop.indexOf(word) < 0 && found.indexOf(word) < 0) { found.push(word); }
    }
    return found;
  }

  /* The first index of a key >= word in the sorted keys. */
  function lowerBound(keys, word) {
    var low = 0;
    var high = keys.length;
    while (low < high) {
      var mid = (low + high) >>> 1;
      if (keys[mid] < word) { low = mid + 1; } else { high = mid; }
    }
    return low;
  }

  /* Pages matching the query's words (as whole words or word starts), those
     matching the most words first, then by score. */
  function search(index, query, limit) {
    if (!index.keys) { index.keys = Object.keys(index.words).sort(); }
    var terms = words(query, index.stop);
    var scores = {};
    var matched = {};
    for (var t = 0; t < terms.length; t++) {
      var term = terms[t];
      for (var k = lowerBound(index.keys, term); k < index.keys.length && index.keys[k].indexOf(term) === 0; k++) {
        var key = index.keys[k];
        var postings = index.words[key];
        var exact = key === term ? 2 : 1;
        for (var p = 0; p < postings.length; p += 2) {
          var doc = postings[p];
          scores[doc] = (scores[doc] || 0) + postings[p + 1] * exact;
          matched[doc] = matched[doc] || {};
          matched[doc][t] = true;
        }
      }
    }
    var results = [];
    for (var id in scores) {
      if (scores.hasOwnProperty(id)) {
        results.push({ doc: Number(id), score: scores[id], terms: Object.keys(matched[id]).length });
      }
    }
    results.sort(function (a, b) { return (b.terms - a.terms) || (b.score - a.score) || (a.doc - b.doc); });
    return { terms: terms, results: results.slice(0, limit || 50), total: results.length };
  }

  function escapeHtml(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  /* Escape text and mark where each search word starts a word. */
  function highlight(text, terms) {
    var html = escapeHtml(text);
    for (var i = 0; i < terms.length; i++) {
      var pattern = new RegExp("(^|[^0-9a-z\\u00aa-\\uffff])(" + terms[i].replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + ")", "gi");
      html = html.replace(pattern, "$1<mark>$2</mark>");
    }
    return html;
  }

  function show(index, query, root) {
    var status = document.getElementById("search-status");
    var list = document.getElementById("search-results");
    var found = search(index, query, 50);
    list.innerHTML = "";
    if (found.terms.length === 0) {
      status.textContent = "Type the words you are looking for, then press Enter.";
      return;
    }
    for (var i = 0; i < found.results.length; i++) {
      var doc = index.docs[found.results[i].doc];
      var item = document.createElement("li");
      item.className = "search-result";
      item.innerHTML = "<a class=\"search-result__title\" href=\"" + escapeHtml(root + doc[2]) + "\">" + highlight(doc[0], found.terms) +
        "</a> <span class=\"search-result__section\">" + escapeHtml(doc[1]) + "</span>" +
        "<p class=\"search-result__snippet\">" + highlight(doc[3], found.terms) + "</p>";
      list.appendChild(item);
    }
    var shown = found.results.length;
    status.textContent = found.total === 0
      ? "No pages match \u2018" + query + "\u2019. Try fewer or shorter words."
      : (found.total === 1 ? "1 page matches" : found.total + " pages match") + " \u2018" + query + "\u2019" +
        (found.total > shown ? "; the best " + shown + " are shown." : ".");
  }

  function queryFromLocation() {
    var match = /[?&]q=([^&]*)/.exec(window.location.search);
    if (!match) { return ""; }
    try { return decodeURIComponent(match[1].replace(/\+/g, " ")); } catch (e) { return ""; }
  }

  function init() {
    var script = document.getElementById("search-script");
    var input = document.getElementById("search-q");
    if (!script || !input) { return; }
    var root = script.getAttribute("data-root") || "";
    var query = queryFromLocation();
    input.value = query;
    var header = document.getElementById("site-search-q");
    if (header) { header.value = query; }
    if (!query) { input.focus(); return; }
    var status = document.getElementById("search-status");
    status.textContent = "Searching\u2026";
    var loader = document.createElement("script");
    loader.src = script.getAttribute("data-index");
    loader.onload = function () { show(window.briefingSearchIndex, query, root); };
    loader.onerror = function () { status.textContent = "The search index could not be loaded."; };
    document.body.appendChild(loader);
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = { search: search, words: words, highlight: highlight };
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
