// RecordService: the one way the outer layers (web, cli, io) read and write
// records. It validates input with core/entity_codec.h, then calls the Store.
// It never sees HTTP or SQL.
//
// Thread-safety: as safe as the Store it wraps (all implementations are thread-safe).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/record.h"
#include "core/status.h"
#include "core/store.h"

namespace readout::core {

class RecordService {
 public:
  explicit RecordService(Store& store) : store_(store) {}

  // `id` empty: a fresh id is generated. Errors: kInvalidArgument (every bad
  // field named), kConflict (id taken).
  Result<StoredRecord> Create(RecordKind kind, const nlohmann::json& body, const Actor& actor,
                              std::string id = "");
  // Errors: kNotFound, kInvalidArgument, kConflict (stale base_revision, or the
  // body names a kind different from the record's).
  Result<StoredRecord> Update(std::string_view id, std::int64_t base_revision, const nlohmann::json& body,
                              const Actor& actor);
  Result<StoredRecord> Delete(std::string_view id, std::int64_t base_revision, const Actor& actor);
  Result<StoredRecord> Restore(std::string_view id, std::int64_t base_revision, const Actor& actor);

  // Reads filtered by what the reader may see: a record above `reader`'s
  // clearance, or deleted when `include_deleted` is false, is kNotFound.
  Result<StoredRecord> Get(std::string_view id, Visibility reader, bool include_deleted = false);
  Result<ListPage> List(ListQuery query, Visibility reader);
  Result<std::vector<Revision>> History(std::string_view id, Visibility reader);

  // Validates every body of the bundle (all problems reported with the record
  // id in the field path), then imports it all or nothing.
  Status Import(const Bundle& bundle);
  Result<Bundle> Export() { return store_.Export(); }

  Store& store() { return store_; }

 private:
  Store& store_;
};

}  // namespace readout::core
