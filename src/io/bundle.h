// The JSON bundle: the whole database in one file, for `readout export` and
// `readout import`.
//
// Format (docs/bundle.md): {"format": "readout-bundle", "version": 1,
// "records": [...], "revisions": [...]}, records sorted by id and revisions by
// (record_id, revision), keys sorted, 2-space indent, trailing newline, so
// export -> import -> export is byte-identical.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "core/record.h"
#include "core/status.h"

namespace readout::io {

std::string BundleToJsonText(const core::Bundle& bundle);
// Errors name the path of the offending value ("records[12].revision").
core::Result<core::Bundle> BundleFromJsonText(std::string_view text);

}  // namespace readout::io
