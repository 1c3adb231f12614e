// An in-memory core::Store for the publish tests: enough of the contract
// (revisions, soft delete, visibility and parent filters, stable order) to
// seed records through core::RecordService and render pages from them.
// References are not checked. Test-only; not thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/store.h"

namespace readout::publish::testing {

class FakeStore : public core::Store {
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
  std::int64_t ChangeCounter() override { return changes_; }
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

 private:
  std::string Now();
  core::Result<core::StoredRecord> Change(std::string_view id, std::int64_t base_revision,
                                          core::RevisionOperation op, const core::RecordDraft* draft,
                                          const core::Actor& actor);

  std::map<std::string, core::StoredRecord, std::less<>> records_;
  std::vector<core::Revision> revisions_;
  std::int64_t changes_ = 0;
  int clock_ = 0;
};

}  // namespace readout::publish::testing
