// The audit log: an append-only, hash-chained account of every write and
// every read of restricted data — who, when, what — never the values.
// Row n's hash is SHA-256(row n-1's hash || row n's canonical entry), so
// changing, removing or reordering any row breaks every hash after it, and
// `readout audit verify` (Verify) finds the first broken row.
//
// A record is named by target_ref = SHA-256(salt || id) inside the hashed
// entry, with the plain id and the random salt beside it, outside the hash:
// a purge blanks both (AccountStore::ForgetAuditTarget), so the log keeps
// its chain and its entries but can no longer say which record it was.
// Verify checks every remaining id against its ref.
//
// Thread-safety: safe from many threads (the store serialises appends).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/account_store.h"
#include "core/status.h"

namespace readout::auth {

struct AuditEntry {
  std::string at;          // RFC 3339 UTC, seconds
  std::string actor;       // username; "public" for the public input form; "system" for the server
  std::string action;      // e.g. "record.create", "record.read_restricted", "readout.publish",
                           // "signin", "signin.failed", "user.add", "purge.request", "purge.confirm"
  std::string target_ref;  // "" when the action names no record
  std::string detail;      // non-sensitive context: route, status, field names; never field values
};

struct AuditView {  // a row as the admin page shows it
  std::int64_t sequence = 0;
  AuditEntry entry;
  std::string target_id;   // "" when none or purged
  bool target_purged = false;
};

struct AuditVerification {
  bool intact = true;
  std::int64_t rows = 0;
  std::int64_t first_broken_sequence = 0;  // 0 when intact
  std::string problem;                     // what is wrong at that row, in English
};

class AuditLog {
 public:
  // `now` returns unix seconds (default: the system clock).
  explicit AuditLog(AccountStore& store, std::function<std::int64_t()> now = {});

  // Appends one entry. `target_id` may be empty. `detail` must not hold field values.
  core::Status Record(std::string_view actor, std::string_view action, std::string_view target_id,
                      std::string_view detail);
  // Newest first, up to `limit`, starting below `before_sequence` (0: the newest).
  core::Result<std::vector<AuditView>> Recent(std::int64_t before_sequence, std::int64_t limit);
  // Reads the whole chain in pages and checks every hash, the sequence, the
  // entries' shape and every remaining id against its ref.
  core::Result<AuditVerification> Verify();

 private:
  AccountStore& store_;
  std::function<std::int64_t()> now_;
};

// The canonical JSON of an entry (sorted keys, no spaces): what is hashed.
std::string CanonicalEntry(const AuditEntry& entry);
std::string ChainHash(std::string_view previous_hash, std::string_view canonical_entry);

}  // namespace readout::auth
