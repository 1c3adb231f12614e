// MemoryStore: a small in-memory core::Store for the web module's unit tests,
// so they run without SQLite. It keeps the Store contract's observable rules
// (revisions, conflicts, references, soft delete, history, ChangeCounter) but
// none of its durability. Test-only: linked into web_test, never into readout_web.
//
// Thread-safety: one mutex; safe from many threads.
#pragma once

#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "core/store.h"

namespace readout::web::testing {

class MemoryStore : public core::Store {
 public:
  core::Result<core::StoredRecord> Create(const core::RecordDraft& draft, const core::Actor& actor) override;
  core::Result<core::StoredRecord> Update(std::string_view id, std::int64_t base_revision,
                                          const core::RecordDraft& draft, const core::Actor& actor) override;
  core::Result<core::StoredRecord> Delete(std::string_view id, std::int64_t base_revision,
                                          const core::Actor& actor) override;
  core::Result<core::StoredRecord> Restore(std::string_view id, std::int64_t base_revision,
                                           const core::Actor& actor) override;
  core::Result<core::StoredRecord> Get(std::string_view id) override;
  core::Result<core::ListPage> List(const core::ListQuery& query) override;
  core::Result<std::vector<core::Revision>> History(std::string_view id) override;
  core::Result<core::Bundle> Export() override;
  core::Status Import(const core::Bundle& bundle) override;
  std::int64_t ChangeCounter() override { return counter_.load(); }
  // File contents kept in memory, as the real store keeps them in its blob table.
  core::Status PutBlob(const core::Blob& blob) override {
    blobs_[blob.sha256] = blob;
    return {};
  }
  core::Result<core::Blob> GetBlob(std::string_view sha256) override {
    auto it = blobs_.find(std::string(sha256));
    if (it == blobs_.end()) return core::Fail(core::Error::NotFound("no file with SHA-256 " + std::string(sha256)));
    return it->second;
  }
  std::map<std::string, core::Blob> blobs_;

  // Test hooks: make every read throw (to exercise the catch-all) or fail as unavailable.
  void set_throw_on_read(bool v) { throw_on_read_ = v; }
  void set_unavailable(bool v) { unavailable_ = v; }

 private:
  core::Status CheckReferences(const core::RecordDraft& draft);
  core::Result<core::StoredRecord> Change(std::string_view id, std::int64_t base_revision, const core::Actor& actor,
                                          core::RevisionOperation op, const core::RecordDraft* draft);
  std::string Now();
  core::Status CheckReadable();

  std::mutex mutex_;
  std::map<std::string, core::StoredRecord, std::less<>> records_;
  std::vector<std::string> order_;  // creation order
  std::map<std::string, std::vector<core::Revision>, std::less<>> history_;
  std::atomic<std::int64_t> counter_{0};
  int clock_ = 0;
  std::atomic<bool> throw_on_read_{false};
  std::atomic<bool> unavailable_{false};
};

}  // namespace readout::web::testing
