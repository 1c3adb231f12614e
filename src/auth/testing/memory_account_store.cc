#include "auth/testing/memory_account_store.h"

#include <utility>

namespace readout::auth::testing {

core::Result<std::optional<Document>> MemoryAccountStore::GetDocument(std::string_view collection,
                                                                      std::string_view key) {
  std::lock_guard lock(mutex_);
  auto c = documents_.find(collection);
  if (c == documents_.end()) return std::optional<Document>();
  auto d = c->second.find(key);
  if (d == c->second.end()) return std::optional<Document>();
  return std::optional<Document>(d->second);
}

core::Result<std::int64_t> MemoryAccountStore::PutDocument(std::string_view collection, std::string_view key,
                                                          std::int64_t expected_version, std::string_view body) {
  std::lock_guard lock(mutex_);
  ++put_attempts_;
  if (fail_next_put_) {
    fail_next_put_ = false;
    return core::Fail(core::Error::Conflict("document was changed by another request"));
  }
  if (expected_version < 0) {
    return core::Fail(core::Error::Invalid("expected_version", "must be 0 (create) or the current version"));
  }
  auto& docs = documents_[std::string(collection)];
  auto d = docs.find(key);
  if (expected_version == 0) {
    if (d != docs.end()) {
      return core::Fail(core::Error::Conflict(std::string(collection) + " document already exists: " +
                                              std::string(key)));
    }
    docs.emplace(std::string(key), Document{std::string(key), 1, std::string(body)});
    return std::int64_t{1};
  }
  if (d == docs.end()) {
    return core::Fail(core::Error::NotFound(std::string(collection) + " document not found: " + std::string(key)));
  }
  if (d->second.version != expected_version) {
    return core::Fail(core::Error::Conflict(std::string(collection) + " document " + std::string(key) +
                                            " is at version " + std::to_string(d->second.version) + ", not " +
                                            std::to_string(expected_version)));
  }
  d->second.version += 1;
  d->second.body = std::string(body);
  return d->second.version;
}

core::Status MemoryAccountStore::DeleteDocument(std::string_view collection, std::string_view key) {
  std::lock_guard lock(mutex_);
  auto c = documents_.find(collection);
  if (c == documents_.end()) return {};
  auto d = c->second.find(key);
  if (d != c->second.end()) c->second.erase(d);
  return {};
}

core::Result<std::vector<Document>> MemoryAccountStore::ListDocuments(std::string_view collection) {
  std::lock_guard lock(mutex_);
  std::vector<Document> out;
  auto c = documents_.find(collection);
  if (c == documents_.end()) return out;
  out.reserve(c->second.size());
  for (const auto& [key, doc] : c->second) out.push_back(doc);
  return out;
}

core::Result<AuditRow> MemoryAccountStore::AppendAudit(
    const std::function<AuditRow(std::int64_t last_sequence, std::string_view last_hash)>& seal) {
  std::lock_guard lock(mutex_);
  const std::int64_t last_sequence = audit_.empty() ? 0 : audit_.back().sequence;
  const std::string last_hash = audit_.empty() ? std::string() : audit_.back().hash;
  AuditRow row = seal(last_sequence, last_hash);
  // A seal that ignores what it was given is a bug in the caller: the chain
  // would fork or gap. The real stores refuse it the same way.
  if (row.sequence != last_sequence + 1 || row.previous_hash != last_hash) {
    return core::Fail(core::Error::Internal("audit seal returned sequence " + std::to_string(row.sequence) +
                                            " after " + std::to_string(last_sequence) +
                                            " or a previous_hash that is not the last row's hash"));
  }
  audit_.push_back(row);
  return row;
}

core::Result<std::vector<AuditRow>> MemoryAccountStore::ReadAudit(std::int64_t after_sequence, std::int64_t limit) {
  if (limit < 1 || limit > 10000) {
    return core::Fail(core::Error::Invalid("limit", "must be between 1 and 10000; got " + std::to_string(limit)));
  }
  std::lock_guard lock(mutex_);
  std::vector<AuditRow> out;
  for (const AuditRow& row : audit_) {
    if (row.sequence <= after_sequence) continue;
    out.push_back(row);
    if (static_cast<std::int64_t>(out.size()) == limit) break;
  }
  return out;
}

core::Status MemoryAccountStore::ForgetAuditTarget(std::string_view target_id) {
  if (target_id.empty()) return {};  // "" means none: never blank rows that name no target
  std::lock_guard lock(mutex_);
  for (AuditRow& row : audit_) {
    if (row.target_id == target_id) {
      row.target_id.clear();
      row.target_salt.clear();
    }
  }
  return {};
}

int MemoryAccountStore::put_attempts() const {
  std::lock_guard lock(mutex_);
  return put_attempts_;
}

}  // namespace readout::auth::testing
