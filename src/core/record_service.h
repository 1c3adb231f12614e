// RecordService: the one way the outer layers (web, cli, io) read and write
// records. It validates input with core/entity_codec.h, then calls the Store.
// It never sees HTTP or SQL.
//
// Every body it returns to a reader below restricted has passed through
// core::Redact (core/redaction.h): guarded fields above the reader's
// clearance are removed here, once, for every outer layer.
//
// Evidence custody logs are append-only hash chains: Create of a custody
// event fills previous_hash and hash (core/case_entities.h), Update and
// Delete of one are refused, and VerifyCustodyChain re-checks a whole log.
//
// Thread-safety: as safe as the Store it wraps (all implementations are
// thread-safe). Custody appends are serialised within one RecordService so
// two appends cannot both link to the same predecessor; processes sharing a
// database must append through one service (the server does).
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
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

  // Re-checks the custody log of `evidence_file_id`: entries form one chain
  // from previous_hash "" on, and each entry's hash matches its content.
  // Errors: kConflict naming the first broken entry; store errors as they come.
  Status VerifyCustodyChain(std::string_view evidence_file_id);

  Store& store() { return store_; }

 private:
  // Fills draft.body's previous_hash and hash for a new custody entry.
  Status ChainCustodyEvent(RecordDraft& draft);
  Result<std::vector<StoredRecord>> CustodyLog(std::string_view evidence_file_id);

  Store& store_;
  std::mutex custody_mutex_;  // held from reading a log's tip to appending after it
};

}  // namespace readout::core
