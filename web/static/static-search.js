// Search of the static site (readout publish): runs in the browser over the
// prebuilt index of this language (search-index.js, loaded before this
// script as window.READOUT_SEARCH_INDEX). No network, no third-party code.
// Tokenises exactly as src/publish/static_search.cc SearchTokens does:
// lowercase ASCII words, Latin letters beyond ASCII kept as they are, Han
// characters as overlapping bigrams (a lone Han character as itself).
(function () {
  'use strict';

  function isHan(c) {
    return (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0x20000 && c <= 0x2ffff);
  }
  function isWord(c) {
    return (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90) ||
      (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7);
  }

  function tokens(text) {
    var out = [];
    var word = '';
    var han = [];
    function flush() {
      if (word) out.push(word);
      word = '';
      if (han.length === 1) out.push(han[0]);
      for (var k = 0; k + 1 < han.length; k++) out.push(han[k] + han[k + 1]);
      han = [];
    }
    for (var ch of text) {
      var c = ch.codePointAt(0);
      if (isHan(c)) {
        if (word) { out.push(word); word = ''; }
        han.push(ch);
      } else if (isWord(c)) {
        if (han.length) flush();
        word += (c >= 65 && c <= 90) ? String.fromCharCode(c + 32) : ch;
      } else {
        flush();
      }
    }
    flush();
    return out;
  }

  function search(index, query) {
    var wanted = tokens(query);
    if (!wanted.length) return [];
    var matches = null;
    wanted.forEach(function (token) {
      var postings = index.terms[token] || [];
      var set = new Set(postings);
      matches = matches === null ? postings.slice() : matches.filter(function (d) { return set.has(d); });
    });
    // Pages whose title holds every token first, then in index order.
    return matches.map(function (d) {
      var titleTokens = new Set(tokens(index.docs[d][1]));
      var score = wanted.filter(function (t) { return titleTokens.has(t); }).length;
      return { doc: d, score: score };
    }).sort(function (a, b) { return b.score - a.score || a.doc - b.doc; }).map(function (m) { return m.doc; });
  }

  function show() {
    var index = window.READOUT_SEARCH_INDEX;
    var input = document.getElementById('static-search-q');
    var status = document.getElementById('static-search-status');
    var list = document.getElementById('static-search-results');
    if (!index || !input || !status || !list) return;
    var query = new URLSearchParams(window.location.search).get('q') || '';
    input.value = query;
    list.textContent = '';
    if (!query.trim()) return;
    var found = search(index, query);
    status.textContent = found.length
      ? status.getAttribute('data-total').replace('{count}', String(found.length))
      : status.getAttribute('data-none');
    found.slice(0, 200).forEach(function (d) {
      var doc = index.docs[d];
      var item = document.createElement('li');
      var link = document.createElement('a');
      link.href = doc[0];
      link.textContent = doc[1];
      item.appendChild(link);
      if (doc[2]) {
        var snippet = document.createElement('p');
        snippet.textContent = doc[2];
        item.appendChild(snippet);
      }
      list.appendChild(item);
    });
  }

  window.ReadoutStaticSearch = { tokens: tokens, search: search };
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', show);
  } else {
    show();
  }
})();
