// The offline full-text search of the course's contents page (index.html): every word typed must
// occur in a section (its heading, its text, or its notebook's title; case and accents ignored);
// sections whose heading holds the words come first. The index is assets/search-index.js, written by
// scripts/export/convert.py: one entry per heading of every notebook page.
(function () {
  "use strict";
  var input = document.getElementById("mlem-search-input");
  var list = document.querySelector(".mlem-search-results");
  if (!input || !list || !window.mlemSearchIndex) return;
  var fold = function (s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  };
  var entries = window.mlemSearchIndex.map(function (e) {
    return { e: e, head: fold(e.section + " " + e.title), body: fold(e.text) };
  });
  function snippet(text, word) {
    var i = fold(text).indexOf(word);
    var start = Math.max(0, i - 60);
    var s = (start > 0 ? "…" : "") + text.slice(start, start + 180) + (start + 180 < text.length ? "…" : "");
    return s;
  }
  function search() {
    var words = fold(input.value).split(/\s+/).filter(function (w) { return w.length > 1; });
    list.replaceChildren();
    if (!words.length) return;
    var hits = entries
      .filter(function (x) { return words.every(function (w) { return x.head.indexOf(w) >= 0 || x.body.indexOf(w) >= 0; }); })
      .map(function (x) { return { x: x, score: words.filter(function (w) { return x.head.indexOf(w) >= 0; }).length }; })
      .sort(function (a, b) { return b.score - a.score; })
      .slice(0, 30);
    if (!hits.length) {
      var none = document.createElement("li");
      none.className = "mlem-search-none";
      none.textContent = "Nothing in the course matches every word.";
      list.appendChild(none);
      return;
    }
    hits.forEach(function (h) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = h.x.e.page + "#" + h.x.e.anchor; // nbconvert writes the ids percent-encoded already
      a.textContent = h.x.e.title + " › " + h.x.e.section;
      var p = document.createElement("p");
      p.textContent = snippet(h.x.e.text, words[0]);
      li.appendChild(a);
      li.appendChild(p);
      list.appendChild(li);
    });
  }
  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 80);
  });
  if (input.value) search();
})();
