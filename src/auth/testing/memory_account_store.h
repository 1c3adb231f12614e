// MemoryAccountStore: an in-memory auth::AccountStore for unit tests of code
// above the store (AccountService, the audit log, purge, the web module's
// sign-in and permission tests, public input moderation).
//
// It keeps the contract that such code relies on — compare-and-swap
// versions on PutDocument, documents listed by key, AppendAudit checking that
// `seal` returned sequence = last + 1 and previous_hash = the last hash,
// ReadAudit's bounds, ForgetAuditTarget blanking only target_id and
// target_salt — and nothing of the database side (no secure delete). It is
// not a substitute for the store contract suite in tests/store_contract/.
// Not for production use.
//
// Thread-safety: safe from many threads (one mutex around the maps; `seal`
// runs under it, as the real stores run it inside their transaction).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/account_store.h"

namespace readout::auth::testing {

class MemoryAccountStore : public AccountStore {
 public:
  core::Result<std::optional<Document>> GetDocument(std::string_view collection, std::string_view key) override;
  core::Result<std::int64_t> PutDocument(std::string_view collection, std::string_view key,
                                         std::int64_t expected_version, std::string_view body) override;
  core::Status DeleteDocument(std::string_view collection, std::string_view key) override;
  core::Result<std::vector<Document>> ListDocuments(std::string_view collection) override;

  core::Result<AuditRow> AppendAudit(
      const std::function<AuditRow(std::int64_t last_sequence, std::string_view last_hash)>& seal) override;
  core::Result<std::vector<AuditRow>> ReadAudit(std::int64_t after_sequence, std::int64_t limit) override;
  core::Status ForgetAuditTarget(std::string_view target_id) override;

  // --- for tests ---
  // Every audit row, for tests that tamper with the chain behind the
  // service's back (a verifier must then report the break).
  std::vector<AuditRow>& audit_rows_for_test() { return audit_; }
  // Calls to PutDocument, failed ones included.
  int put_attempts() const;
  // When set, the next PutDocument fails with kConflict as if another
  // request had replaced the document first (then the flag clears): lets a
  // test see that a lost compare-and-swap is refused, not retried blindly.
  void FailNextPutWithConflict() {
    std::lock_guard lock(mutex_);
    fail_next_put_ = true;
  }

 private:
  mutable std::mutex mutex_;
  // collection -> key -> document (std::map: ListDocuments is ordered by key).
  std::map<std::string, std::map<std::string, Document, std::less<>>, std::less<>> documents_;
  std::vector<AuditRow> audit_;
  int put_attempts_ = 0;
  bool fail_next_put_ = false;
};

}  // namespace readout::auth::testing
