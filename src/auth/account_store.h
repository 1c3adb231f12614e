// AccountStore: where the server keeps what is not a record — user accounts,
// sessions, API tokens, grants, purge requests, public submissions — and the
// hash-chained audit log. Declared here in auth, implemented by the two
// stores (store/sqlite, store/postgres) beside core::Store on the same
// database; the contract suite in tests/store_contract/ covers both.
//
// The store sees opaque JSON documents: the auth module owns their shape
// (auth/accounts.h codecs), so the SQL side is two small tables.
//
// Contract:
//  - Each call is one transaction. PutDocument is compare-and-swap on the
//    document's version, so two requests racing to use the same TOTP code or
//    the same recovery code can not both win.
//  - AppendAudit reads the last row and inserts the next in one transaction
//    that excludes every other appender (SQLite: BEGIN IMMEDIATE; PostgreSQL:
//    an advisory transaction lock), so the chain never forks, even across
//    processes.
//  - Audit rows are never changed or removed, except that ForgetAuditTarget
//    blanks the plain `target_id` and `target_salt` of rows naming a purged
//    record (the hashes cover neither; see auth/audit.h).
//  - Documents deleted by DeleteDocument and records removed by
//    core::Store::Purge leave no recoverable bytes in the database files
//    (SQLite: secure_delete and a truncating WAL checkpoint).
//
// Thread-safety: implementations are safe to call from many threads at once.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace readout::auth {

// Collections of documents (the `collection` argument below).
inline constexpr std::string_view kUsers = "users";                  // key: user id
inline constexpr std::string_view kSessions = "sessions";            // key: SHA-256 hex of the session token
inline constexpr std::string_view kApiTokens = "api_tokens";         // key: SHA-256 hex of the API token
inline constexpr std::string_view kPurgeRequests = "purge_requests"; // key: purge request id
inline constexpr std::string_view kSubmissions = "submissions";      // key: submission id

struct Document {
  std::string key;
  std::int64_t version = 0;  // 1 after creation, +1 on each replacement
  std::string body;          // JSON, shaped by the auth module
};

// One row of the audit log.
struct AuditRow {
  std::int64_t sequence = 0;   // 1, 2, 3 ... without gaps
  std::string entry;           // canonical JSON of an auth::AuditEntry (never a record's values)
  std::string target_id;       // plain id of the record concerned, "" when none or purged
  std::string target_salt;     // hex, "" when none or purged; target_ref = SHA-256(salt || id) is in `entry`
  std::string previous_hash;   // hash of row sequence-1; "" for the first row
  std::string hash;            // SHA-256 hex of previous_hash and entry (auth/audit.h)
};

class AccountStore {
 public:
  virtual ~AccountStore() = default;

  // nullopt when absent.
  virtual core::Result<std::optional<Document>> GetDocument(std::string_view collection, std::string_view key) = 0;
  // Creates the document when `expected_version` is 0 (kConflict if it
  // exists) or replaces it when its version is `expected_version` (kConflict
  // otherwise, kNotFound if absent). Returns the new version.
  virtual core::Result<std::int64_t> PutDocument(std::string_view collection, std::string_view key,
                                                 std::int64_t expected_version, std::string_view body) = 0;
  // Removing an absent document is not an error.
  virtual core::Status DeleteDocument(std::string_view collection, std::string_view key) = 0;
  // Every document of `collection`, ordered by key.
  virtual core::Result<std::vector<Document>> ListDocuments(std::string_view collection) = 0;

  // Appends the row `seal` builds from the last row's sequence and hash (0 and
  // "" when the log is empty); see the contract above. `seal` must return a
  // row with sequence = last + 1 and previous_hash = the last hash.
  virtual core::Result<AuditRow> AppendAudit(
      const std::function<AuditRow(std::int64_t last_sequence, std::string_view last_hash)>& seal) = 0;
  // Rows with sequence > after_sequence, in order, at most `limit` (1..10000).
  virtual core::Result<std::vector<AuditRow>> ReadAudit(std::int64_t after_sequence, std::int64_t limit) = 0;
  // Blanks target_id and target_salt in every row whose target_id is `target_id`.
  virtual core::Status ForgetAuditTarget(std::string_view target_id) = 0;
};

}  // namespace readout::auth
