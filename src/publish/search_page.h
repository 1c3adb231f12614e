// The search page (/search, issue 5): the box, the facets as links and
// checkboxes of a GET form, the hits with their snippets, and paging. Works
// without JavaScript; the whole query lives in the URL.
//
// publish does not depend on the search engine: the web layer runs the query
// (search/search.h) and hands the results over as a SearchView. This module
// turns them into HTML for one reader: facet values that are ids are named
// through RecordService with the reader's clearance (an id the reader may
// not see is shown as the bare id, never its name), kind names and status
// codes through the catalogs, and each hit gets the path of the page where
// the reader sees its record.
//
// Called by Site::RenderSearch and (SearchHitPath) by web's search handler,
// so the page and the API link to the same place.
// Thread-safety: pure functions over values and a thread-safe RecordService.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/record.h"
#include "core/record_service.h"
#include "publish/i18n.h"

namespace readout::publish {

struct SearchHitView {
  std::string id;
  core::RecordKind kind = core::RecordKind::kDialogue;
  std::string title;         // plain text (escaped by the template)
  std::string snippet_html;  // HTML from the engine: escaped text with <mark>; the only unescaped output
  std::string href;          // SearchHitPath
};

struct SearchFacetValueView {
  std::string value;
  std::int64_t count = 0;
};

struct SearchView {
  std::string q;
  // Selected filters: facet name -> values (as in the URL).
  std::map<std::string, std::vector<std::string>> filters;
  std::vector<SearchHitView> hits;
  std::int64_t total = 0;
  // False when `total` is the engine's estimate (search::SearchResult::total_exact):
  // the page says "about N".
  bool total_exact = true;
  std::int64_t offset = 0;
  std::int64_t limit = 20;
  // Facet name -> values with counts, in display order.
  std::vector<std::pair<std::string, std::vector<SearchFacetValueView>>> facets;
  // Set when the query could not run: the parameter at fault ("q", "limit",
  // a facet name) and the engine's message, shown to the reader; or
  // `unavailable` when the index is not open.
  std::string bad_parameter;
  std::string bad_message;
  bool unavailable = false;
};

// The path of the page where `reader` sees record `id` of `kind`:
// /people/{id}, /cases/{id}, /rounds/{id}, /dialogues/{id}, /agencies/{id},
// /engagements/{id}, /indicators/{id}; a benchmark or assessment on its
// dialogue's scorecard; an ask, reply or case list on its round; a legal
// event on its case; otherwise /records/{id}/history.
std::string SearchHitPath(core::RecordService& records, std::string_view id, core::RecordKind kind,
                          core::Visibility reader);

}  // namespace readout::publish
