// Validation and canonical JSON for the accountability entities in
// core/accountability_entities.h. Same rules as core/entity_codec.h: unknown
// fields and wrong types rejected, every problem reported with its field
// path, Encode canonical so export -> import -> export is byte-identical.
// MakeDraft (entity_codec.h) dispatches to these for the accountability kinds.
//
// Thread-safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>

#include "core/accountability_entities.h"
#include "core/status.h"

namespace readout::core {

Result<Benchmark> DecodeBenchmark(const nlohmann::json& body);
Result<Assessment> DecodeAssessment(const nlohmann::json& body);
Result<Commitment> DecodeCommitment(const nlohmann::json& body);
Result<Agency> DecodeAgency(const nlohmann::json& body);
Result<Engagement> DecodeEngagement(const nlohmann::json& body);
Result<Indicator> DecodeIndicator(const nlohmann::json& body);
Result<Observation> DecodeObservation(const nlohmann::json& body);

nlohmann::json Encode(const Benchmark& v);
nlohmann::json Encode(const Assessment& v);
nlohmann::json Encode(const Commitment& v);
nlohmann::json Encode(const Agency& v);
nlohmann::json Encode(const Engagement& v);
nlohmann::json Encode(const Indicator& v);
nlohmann::json Encode(const Observation& v);

}  // namespace readout::core
