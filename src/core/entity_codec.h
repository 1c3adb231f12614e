// Validation and canonical JSON for every entity in core/entities.h.
//
// Decode* accept the API/bundle JSON of an entity, reject unknown fields and
// wrong types, validate every field (dates, vocabularies, ids, required
// bilingual text) and report *all* problems found, each naming its field path.
// Encode* produce the canonical form: the same fields in a fixed shape, empty
// optional values omitted, so Encode(Decode(x)) is stable and byte-identical
// across export and import.
//
// Thread-safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>

#include "core/entities.h"
#include "core/record.h"
#include "core/status.h"

namespace readout::core {

Result<Dialogue> DecodeDialogue(const nlohmann::json& body);
Result<Round> DecodeRound(const nlohmann::json& body);
Result<Issue> DecodeIssue(const nlohmann::json& body);
Result<Ask> DecodeAsk(const nlohmann::json& body);
Result<Reply> DecodeReply(const nlohmann::json& body);
Result<CaseList> DecodeCaseList(const nlohmann::json& body);

nlohmann::json Encode(const Dialogue& v);
nlohmann::json Encode(const Round& v);
nlohmann::json Encode(const Issue& v);
nlohmann::json Encode(const Ask& v);
nlohmann::json Encode(const Reply& v);
nlohmann::json Encode(const CaseList& v);

// Validates `body` as an entity of `kind` and returns the draft the store
// takes: canonical body, visibility, parent id and references to check.
// `id`, when not empty, must be a valid id of `kind`. The fields "id",
// "kind", "revision", "created_at", "updated_at" and "deleted" are
// accepted (and ignored) so that a GET response can be edited and sent back.
Result<RecordDraft> MakeDraft(RecordKind kind, const nlohmann::json& body, std::string id = "");

}  // namespace readout::core
