// Validation and canonical JSON for the case-documentation entities in
// core/case_entities.h. Same rules as core/entity_codec.h: unknown fields and
// wrong types rejected, every problem reported with its field path, Encode
// canonical so export -> import -> export is byte-identical. MakeDraft
// (entity_codec.h) dispatches to these for the case kinds.
//
// Thread-safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>

#include "core/case_entities.h"
#include "core/status.h"

namespace readout::core {

Result<Person> DecodePerson(const nlohmann::json& body);
Result<Case> DecodeCase(const nlohmann::json& body);
Result<LegalEvent> DecodeLegalEvent(const nlohmann::json& body);
Result<Place> DecodePlace(const nlohmann::json& body);
Result<Source> DecodeSource(const nlohmann::json& body);
Result<EvidenceFile> DecodeEvidenceFile(const nlohmann::json& body);
Result<CustodyEvent> DecodeCustodyEvent(const nlohmann::json& body);
Result<GroupEvent> DecodeGroupEvent(const nlohmann::json& body);

nlohmann::json Encode(const Person& v);
nlohmann::json Encode(const Case& v);
nlohmann::json Encode(const LegalEvent& v);
nlohmann::json Encode(const Place& v);
nlohmann::json Encode(const Source& v);
nlohmann::json Encode(const EvidenceFile& v);
nlohmann::json Encode(const CustodyEvent& v);
nlohmann::json Encode(const GroupEvent& v);

}  // namespace readout::core
