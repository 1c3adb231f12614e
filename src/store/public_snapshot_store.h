// PublicSnapshotStore: a read-only copy, in memory, of the public records of
// another Store, for a reader that visits every public page at once (the
// static export, `readout publish`).
//
// Why: an export renders each record's pages in three languages, and each
// page reads its records again; through SQLite that was a third of the
// export's time (a read transaction, file locks and a JSON parse per read).
// Loaded once, the records are served from memory.
//
// What it holds: every live record whose visibility is public, each body
// with the fields above public removed (core::Redact), and the references
// the source's List(references_id) would find (core::MakeDraft of the full
// body). Nothing non-public is ever copied in, so a page builder handed this
// store cannot show a restricted record or field even by mistake.
// History(id) of a record it holds is read from the source on first request
// (the history page and the case feed ask for it once per language) and
// kept for a few records; RecordService filters and redacts it as usual.
//
// Answers as the source answers a public reader: Get of a record it does not
// hold (non-public, deleted, unknown) is kNotFound; List is the source's
// List with max_visibility kPublic and include_deleted false, same order
// ((created_at, id)), same total, same limit checks. Writes, Import, Export
// and blobs are refused with kUnavailable. ChangeCounter is the source's at
// load time, for ever.
//
// The copy is taken with the source's List, page by page: records written
// during the load may or may not be in it (the export already read record
// by record before; `readout publish` is run against a quiet database).
//
// Thread-safety: const after Load; Get, List and History may be called from
// many threads (History's memo has its own mutex; the source must be
// thread-safe, as every Store is).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/store.h"

namespace readout::store {

class PublicSnapshotStore final : public core::Store {
 public:
  // Errors: the source's, and kInternal naming a stored record whose body
  // no longer decodes (its references cannot be derived).
  static core::Result<std::unique_ptr<PublicSnapshotStore>> Load(core::Store& source);

  core::Result<core::StoredRecord> Get(std::string_view id) override;
  core::Result<core::ListPage> List(const core::ListQuery& query) override;
  core::Result<std::vector<core::Revision>> History(std::string_view id) override;
  std::int64_t ChangeCounter() override { return change_counter_; }

  // Refused: kUnavailable ("read-only").
  core::Result<core::StoredRecord> Create(const core::RecordDraft& draft, const core::Actor& actor) override;
  core::Result<core::StoredRecord> Update(std::string_view id, std::int64_t base_revision,
                                         const core::RecordDraft& draft, const core::Actor& actor) override;
  core::Result<core::StoredRecord> Delete(std::string_view id, std::int64_t base_revision,
                                          const core::Actor& actor) override;
  core::Result<core::StoredRecord> Restore(std::string_view id, std::int64_t base_revision,
                                           const core::Actor& actor) override;
  core::Result<core::Bundle> Export() override;
  core::Status Import(const core::Bundle& bundle) override;
  core::Status PutBlob(const core::Blob& blob) override;
  core::Result<core::Blob> GetBlob(std::string_view sha256) override;

  std::size_t size() const { return records_.size(); }

 private:
  explicit PublicSnapshotStore(core::Store& source) : source_(source) {}

  // Positions in records_ (ascending, so in List order) of the records a
  // query can match; the narrowest of the filters it names.
  const std::vector<std::size_t>* Candidates(const core::ListQuery& query) const;

  core::Store& source_;
  std::int64_t change_counter_ = 0;
  std::vector<core::StoredRecord> records_;  // ordered by (created_at, id)
  std::unordered_map<std::string, std::size_t> by_id_;
  std::map<core::RecordKind, std::vector<std::size_t>> by_kind_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_parent_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_reference_;  // target id -> records naming it
  std::vector<std::size_t> all_;

  std::mutex history_mu_;  // guards history_memo_
  std::map<std::string, std::vector<core::Revision>, std::less<>> history_memo_;
};

}  // namespace readout::store
