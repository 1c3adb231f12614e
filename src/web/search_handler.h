// Search over HTTP (issue 5): the engine of search/search.h behind
//   GET /api/v1/search?q=&type=&issue=&case_status=&province=&round=&agency=&year=&offset=&limit=&facets=
//   GET /search  (the same parameters, an HTML page that works without JavaScript)
// Repeated facet parameters are alternatives (OR); facets combine with AND.
// The reader's level comes from the request's clearance (public unless
// staff), never from a parameter. The API answers hits (id, kind, title,
// snippet HTML, link path), the total, facets with counts, offset and limit;
// never the engine's score, which is computed over hidden views too
// (docs/search.md). Field names: docs/api.md, "Search".
//
// Freshness: before each search the handler compares the store's
// ChangeCounter with the value at its last catch-up and, if it moved, calls
// SearchIndex::CatchUp, so a writer finds what they just saved. The server
// (cli) opens the index and catches up at start; when the index could not be
// opened (another process holds it), search answers 503 saying why and the
// rest of the server runs on.
//
// Called by App, which registers the routes. Thread-safety: handlers may run
// on many threads at once; catch-ups are serialised by a mutex here and
// searches by the index's own.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>

#include "core/record_service.h"
#include "core/status.h"
#include "publish/site.h"
#include "search/search.h"
#include "web/page_handler.h"
#include "web/router.h"

namespace readout::web {

class SearchHandler {
 public:
  // `index` may be null: search then answers 503 with `unavailable_reason`
  // (or "search is not configured on this server" when that is empty).
  SearchHandler(core::RecordService& records, const publish::Site& site, const PageHandler& pages,
                search::SearchIndex* index, std::string unavailable_reason);

  void Register(Router& router);

  // Brings the index up to the store's latest change if the store changed
  // since the last catch-up. OK without an index.
  core::Status CatchUpIfChanged();

 private:
  void Api(Request& req, HttpResponse& res);
  void Page(Request& req, HttpResponse& res);

  // The query of a request: q, facet filters, offset, limit, facets; the
  // reader from its clearance. kInvalidArgument naming the parameter.
  core::Result<search::SearchQuery> QueryOf(const Request& req, bool page) const;
  // Runs `query` after catching up.
  core::Result<search::SearchResult> Run(const search::SearchQuery& query);
  core::Error Unavailable() const;

  core::RecordService& records_;
  const publish::Site& site_;
  const PageHandler& pages_;
  search::SearchIndex* index_;
  std::string unavailable_reason_;
  std::mutex catch_up_mu_;
  std::int64_t caught_up_counter_ = -1;  // ChangeCounter at the last successful catch-up; guarded by catch_up_mu_
};

// A FacetHook (search/search.h) adding the derived case status
// (publish::LoadCaseFacts, core/case_status.h) of each case as its
// case_status facet, derived from the legal events the public may see, so
// the facet can never reveal a non-public event. The status is the one on
// the day the case was last indexed: a status that changes with the date
// alone, or with a new legal event, is updated when the case is indexed
// again (any write to it) or by `readout reindex`.
search::FacetHook CaseStatusFacetHook(core::RecordService& records, const publish::Site& site);

}  // namespace readout::web
