// JSON form of stored records and revisions, shared by the API and the bundle.
//
// A record is its header fields ("id", "kind", "revision", "created_at",
// "updated_at", "deleted", "visibility", "parent_id" when set) merged with its
// body's fields. Parsing checks every field and names the one that is wrong.
//
// Thread-safety: pure functions.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "core/record.h"
#include "core/status.h"

namespace readout::core {

nlohmann::json ToJson(const StoredRecord& record);
nlohmann::json ToJson(const Revision& revision);
// `field` prefixes error paths ("records[3]").
Result<StoredRecord> StoredRecordFromJson(const nlohmann::json& json, std::string_view field);
Result<Revision> RevisionFromJson(const nlohmann::json& json, std::string_view field);

}  // namespace readout::core
