// RecordDrafts from case entities that are already decoded, for bulk writers
// that hold the entity itself: the case table importer (io/case_import.h)
// decodes each row's body with DecodePerson/DecodeCase/DecodeLegalEvent and
// turns the value into the draft here, instead of core::MakeDraft, which
// copies the body, scans it for header fields, decodes it and encodes it.
//
// DraftOf(v, id) equals MakeDraft(kind, Encode(v), id) for every value a
// Decode* returned and every valid (or empty) id: same canonical body,
// visibility, parent id and references in the same order. It validates
// nothing: the caller decoded `v` and checked `id` (core::ValidateId).
//
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "core/case_entities.h"
#include "core/record.h"

namespace readout::core {

RecordDraft DraftOf(const Person& value, std::string id);
RecordDraft DraftOf(const Case& value, std::string id);
RecordDraft DraftOf(const LegalEvent& value, std::string id);

}  // namespace readout::core
