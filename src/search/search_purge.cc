// SearchIndex::RemoveWithoutTrace: the search index's part of a purge.
// Kept apart from search_index.cc, and built only on its public methods, so
// that the everyday indexing code stays as it is.
#include "search/search.h"

namespace readout::search {

core::Status SearchIndex::RemoveWithoutTrace(std::string_view id, core::Store& store) {
  // Remove first: the record stops matching at once, even if the rebuild
  // then fails (the purge stays pending and is confirmed again).
  if (auto removed = Remove(id); !removed) return removed;
  // A Xapian delete only frees the document's blocks; their bytes stay in
  // the files until reused. Rebuild reopens every shard with
  // DB_CREATE_OR_OVERWRITE, which truncates each table file, and indexes the
  // store's change feed again, in which a purged record no longer appears
  // (core::Store::Purge removes its entries). The canary test in
  // search_purge_test.cc checks the files.
  return Rebuild(store);
}

}  // namespace readout::search
