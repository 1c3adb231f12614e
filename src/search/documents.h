// What the index holds for one record: one view per distinct redaction of
// the record (core::Redact at each reader level the record is visible to),
// with its text fields, title and facet values. Identical views share one
// document that serves several levels, so a record without guarded fields
// costs one document.
//
// Internal to src/search (search_index.cc); tested through search_test.
//
// Thread-safety: pure functions.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/record.h"
#include "core/vocabulary.h"
#include "search/search.h"

namespace readout::search {

struct TextField {
  std::string text;
  bool is_name = false;        // a name: its Han characters are also indexed as pinyin
  bool operator==(const TextField&) const = default;
};

struct View {
  std::vector<core::Visibility> levels;  // reader levels this view serves
  std::vector<TextField> fields;
  std::string title;
  FacetValues facets;
};

// Views of `record`, none when it is deleted. `lookup` (may be empty)
// resolves ids for facets reached through another record; a referenced
// record a view's reader may not see gives no facet value.
std::vector<View> BuildViews(const core::StoredRecord& record, const SearchIndex::Lookup& lookup,
                             const FacetHook& hook);

}  // namespace readout::search
