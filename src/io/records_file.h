// Records files: hand-written or generated lists of records without history,
// such as the demo data in data/demo/. Format (docs/bundle.md):
//   {"format": "readout-records", "version": 1,
//    "records": [{"kind": "dialogue", "id": "dlg_us-china", ...entity fields}, ...]}
// Records may appear in any order; ids are required so records can refer to
// one another.
//
// Loading is all or nothing: every record is validated and every reference
// resolved (to a record in the file or already in the store) before anything
// is written, then the lot is imported in one transaction, each record with a
// "create" revision by `actor`.
//
// Thread-safety: stateless functions.
#pragma once

#include <string>
#include <string_view>

#include "core/record.h"
#include "core/record_service.h"
#include "core/status.h"

namespace readout::io {

struct LoadSummary {
  std::size_t records = 0;
};

// Errors: kInvalidArgument naming "records[i].<field>" for every problem
// found; kConflict when an id already exists in the store.
core::Result<LoadSummary> LoadRecordsFile(std::string_view text, core::RecordService& records,
                                          const core::Actor& actor);

// The current time as RFC 3339 UTC with milliseconds, as the store writes it.
std::string NowRfc3339();

}  // namespace readout::io
