// The prebuilt index of the static site's search (publish/static_site.h)
// and its tokenisation, which web/static/static-search.js repeats in the
// browser over the query.
//
// Why here and not search/normalizer: publish depends on core only (DESIGN
// §5: web -> search, publish -> core), and the static search needs far less
// than the server's: lowercase ASCII words, other letters as they are, and
// overlapping bigrams of Han characters (a single Han character alone), so
// "Xu Zhiyong", "许志永" and "人权" all match without a dictionary. The script
// must tokenise exactly as Tokens() does; static_search_test.cc pins the rule.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace readout::publish {

struct SearchDoc {
  std::string lang;     // language folder: "en", "zh-Hans", "zh-Hant"
  std::string href;     // relative to the language folder: "cases/cas_x.html"
  std::string title;    // the page's <title>
  std::string snippet;  // the start of the page's main text, after its heading
};

// The search tokens of `text`, in order, with repeats.
std::vector<std::string> SearchTokens(std::string_view text);

// A page's entry from its HTML.
SearchDoc MakeSearchDoc(std::string lang, std::string href, std::string_view html);

// search-index.js: `window.READOUT_SEARCH_INDEX = {"docs": [[href, title,
// snippet], ...], "terms": {"token": [doc index, ...]}};` over the title and
// snippet of each doc, ordered by href so a re-run gives the same bytes.
std::string BuildSearchIndexScript(std::vector<SearchDoc> docs);

}  // namespace readout::publish
