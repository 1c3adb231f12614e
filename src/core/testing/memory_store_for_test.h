// MemoryStoreForTest: a small in-memory core::Store for unit tests of code
// that reads and writes through RecordService (LoadDialogueFacts, views).
//
// It keeps enough of the contract for such tests (create with generated or
// given ids and kConflict on a taken id, update/delete/restore against a base
// revision, List by kind, parent, visibility and deletion, ordered by
// (created_at, id) with offset, limit and total, history, and Purge) and
// nothing more: it checks no references on writes (List's references_id and
// Purge see a reference wherever a body holds the id as a string value, or
// a record has it as parent) and is not a substitute for the store contract
// suite in tests/store_contract/. Not for production use.
//
// Thread-safety: none; one test thread.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/store.h"

namespace readout::core::testing {

class MemoryStoreForTest : public Store {
 public:
  Result<StoredRecord> Create(const RecordDraft& draft, const Actor& actor) override;
  Result<StoredRecord> Update(std::string_view id, std::int64_t base_revision, const RecordDraft& draft,
                              const Actor& actor) override;
  Result<StoredRecord> Delete(std::string_view id, std::int64_t base_revision, const Actor& actor) override;
  Result<StoredRecord> Restore(std::string_view id, std::int64_t base_revision, const Actor& actor) override;

  Result<StoredRecord> Get(std::string_view id) override;
  Result<ListPage> List(const ListQuery& query) override;
  Result<std::vector<Revision>> History(std::string_view id) override;

  Result<Bundle> Export() override;
  Status Import(const Bundle& bundle) override;

  Status PutBlob(const Blob& blob) override;
  Result<Blob> GetBlob(std::string_view sha256) override;

  // Removes the record, its revisions and the blobs no other record names
  // (a body names a blob by holding its sha256 as a string value).
  Status Purge(std::string_view id) override;

  std::int64_t ChangeCounter() override { return writes_; }

  // How many List calls were made: lets a test see how a reader queried.
  int list_calls() const { return list_calls_; }
  // The last List query, as the caller built it.
  const ListQuery& last_query() const { return last_query_; }
  // Calls to Create, Update, Delete, Restore and Import, failed ones included:
  // lets a test check that a refused request never reached the store.
  int write_attempts() const { return write_attempts_; }
  // Successful imports.
  int imports() const { return imports_; }
  // The stored body of `id`, for tests that tamper with the store behind the
  // service's back. The record must exist.
  nlohmann::json& BodyOf(const std::string& id) { return records_.at(id).body; }

 private:
  Result<StoredRecord> SetDeleted(std::string_view id, std::int64_t base_revision, const Actor& actor, bool deleted);
  void AddRevision(const StoredRecord& record, RevisionOperation operation, const Actor& actor,
                   Visibility visibility_before, nlohmann::json before);
  std::string Now();

  std::map<std::string, StoredRecord> records_;
  std::map<std::string, std::vector<Revision>> revisions_;
  std::map<std::string, Blob> blobs_;
  std::int64_t writes_ = 0;
  int list_calls_ = 0;
  ListQuery last_query_;
  int write_attempts_ = 0;
  int imports_ = 0;
  int clock_ = 0;
};

}  // namespace readout::core::testing
