// Redaction: removing from a record's body every field its reader may not see.
//
// Records have a visibility; some fields have their own (GuardedText in
// core/case_entities.h, and a protected Source's author and url). Every read
// through RecordService passes bodies through Redact, so the outer layers
// (pages, API, feeds, exports, search) never receive a field above the
// reader's clearance. Staff previews use `withheld` to say what was left out
// and why, without the values.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/record.h"
#include "core/vocabulary.h"

namespace readout::core {

struct WithheldField {
  std::string field;          // "family_contact", "names[2]"
  Visibility visibility = Visibility::kRestricted;
  std::string reason;         // "restricted field", "protected source identity"
};

// `body` of a record of `kind` with every field above `reader` removed.
// When `withheld` is not null, each removed field is appended to it.
nlohmann::json Redact(RecordKind kind, const nlohmann::json& body, Visibility reader,
                      std::vector<WithheldField>* withheld = nullptr);

}  // namespace readout::core
