// Search: one box that finds people, cases, replies, readouts and every other
// record with text, in English and Chinese (Simplified, Traditional, pinyin).
// See docs/search.md for the design; issue 5.
//
// The index is derived from the store, never the source of truth: it keeps
// the last change-feed sequence it applied (core::Store::ChangesSince) and
// CatchUp brings it forward; Rebuild builds it again from the store. Losing
// the index directory loses nothing.
//
// Visibility is part of the query: every record is indexed as one document
// per distinct view (the record's text redacted for a reader level by
// core::Redact), tagged with the levels it serves, and each query is
// restricted to documents of the reader's level. A public query therefore
// can only match, count, facet or quote public text of public records.
//
// Callers: cli (opens the index, reindex command), web (GET /api/v1/search,
// /search page, CatchUp after each commit), bench/search.
//
// Thread-safety: a SearchIndex may be called from many threads; calls are
// serialised by a mutex inside (Xapian databases are not thread-safe).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/record.h"
#include "core/status.h"
#include "core/store.h"
#include "core/vocabulary.h"

namespace readout::search {

enum class Facet { kType, kIssue, kCaseStatus, kProvince, kRound, kAgency, kYear };

// "type", "issue", "case_status", "province", "round", "agency", "year".
std::string_view FacetName(Facet facet);
std::optional<Facet> ParseFacetName(std::string_view name);
std::span<const Facet> AllFacets();

// Facet values of one record beyond those read from its body, supplied by
// the caller (the derived case status of core/case_status.h, for one).
using FacetValues = std::map<Facet, std::vector<std::string>>;
using FacetHook = std::function<FacetValues(const core::StoredRecord& record)>;

struct IndexOptions {
  // Extra facet values per record; may be empty.
  FacetHook facet_hook;
};

struct SearchQuery {
  std::string q;                              // the box; empty: every visible record (filters apply)
  core::Visibility reader = core::Visibility::kPublic;
  // Facet name -> values. Values of one facet are alternatives (OR); facets
  // combine with AND. An unknown facet name is kInvalidArgument naming it.
  std::map<std::string, std::vector<std::string>> filters;
  std::int64_t offset = 0;                    // 0..10000
  std::int64_t limit = 20;                    // 1..100
  // Count facets. Totals and counts are exact up to 5,000 matches; above,
  // both are estimated (total_exact false) from the newest 5,000 matches,
  // unless exact_counts, which counts every match (slow on common words).
  bool facets = true;
  bool exact_counts = false;
};

struct Hit {
  std::string id;
  core::RecordKind kind = core::RecordKind::kDialogue;
  std::string title;                          // the record's name or title as the reader may see it
  // HTML: escaped text with matches in <mark>…</mark>, "…" where cut; only
  // text the reader may see.
  std::string snippet;
  // BM25 weight, for ordering only: it is computed from statistics over all
  // views, hidden ones included, so never publish it (docs/search.md).
  double score = 0;
};

struct FacetCount {
  std::string value;                          // a kind name, an id ("iss_…", "plc_…"), a status code or a year
  std::int64_t count = 0;
  bool operator==(const FacetCount&) const = default;
};

struct SearchResult {
  std::vector<Hit> hits;
  std::int64_t total = 0;                     // matches the reader may see
  // False when the total (and facet counts) are estimates: only above 500
  // matches without facets, above 5,000 with (an index-wide bound may still
  // make a large total exact). The page then says "about N".
  bool total_exact = true;
  std::map<std::string, std::vector<FacetCount>> facets;  // by facet name; counts descending
};

class SearchIndex {
 public:
  // Opens (creating if needed) the index in `dir`. An index written by an
  // older normalisation is emptied so that CatchUp rebuilds it.
  static core::Result<std::unique_ptr<SearchIndex>> Open(const std::filesystem::path& dir,
                                                          IndexOptions options = {});
  // An index in memory (tests, the benchmark).
  static core::Result<std::unique_ptr<SearchIndex>> InMemory(IndexOptions options = {});
  ~SearchIndex();
  SearchIndex(const SearchIndex&) = delete;
  SearchIndex& operator=(const SearchIndex&) = delete;

  // Applies every change committed since the last one applied.
  // kUnavailable when the store has no change feed.
  core::Status CatchUp(core::Store& store);
  // Empties the index and applies the whole change feed from the start.
  core::Status Rebuild(core::Store& store);
  // The sequence of the last change applied (0: none).
  std::int64_t AppliedSequence() const;

  // Indexes (or re-indexes) records directly, without the store: for the
  // benchmark and tests. Deleted records are removed. `lookup` resolves
  // referenced ids for facets (a reply's round through its ask, a place's
  // province); it may be empty. Commits at the end.
  using Lookup = std::function<std::optional<core::StoredRecord>(std::string_view id)>;
  core::Status Index(std::span<const core::StoredRecord> records, const Lookup& lookup = {});
  core::Status Remove(std::string_view id);
  // Removes `id` for a purge (auth/purge.h), after core::Store::Purge, and
  // leaves none of its text in the index files: Remove alone leaves the
  // bytes in Xapian's freed blocks, so this removes it, then rebuilds the
  // whole index from `store` into truncated files. Searches wait while it
  // runs (minutes at 1M records; docs/security.md, "Purge"). search_purge.cc.
  core::Status RemoveWithoutTrace(std::string_view id, core::Store& store);

  core::Result<SearchResult> Search(const SearchQuery& query) const;

  // Documents in the index (views, not records): for tests and the benchmark.
  std::int64_t DocumentCount() const;

 private:
  struct Impl;
  explicit SearchIndex(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace readout::search
