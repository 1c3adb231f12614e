// The Store: durable records with immutable history. Declared here in core,
// implemented in src/store/ (SQLite now, PostgreSQL later); only src/cli
// chooses an implementation. Every implementation must pass the contract
// suite in tests/store_contract/.
//
// Contract, for every implementation:
//  - Each write is one transaction: it happens whole or not at all, and on
//    success it is durable before the call returns.
//  - Each create/update/delete/restore appends a Revision (who, when, before,
//    after); revisions are never changed or removed.
//  - Update, Delete and Restore name the revision they are based on; if the
//    record has moved on, they fail with kConflict and change nothing.
//  - References in a draft must point to live records of the named kind, or
//    the write fails with kInvalidArgument naming the reference's field.
//  - Delete is soft (the record is marked deleted, history kept) and is
//    refused with kConflict while live records have it as parent.
//  - Get returns deleted records too (header.deleted); List excludes them
//    unless asked.
//
// Thread-safety: implementations are safe to call from many threads at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/record.h"
#include "core/status.h"

namespace readout::core {

struct ListQuery {
  std::optional<RecordKind> kind;
  std::optional<std::string> parent_id;        // only children of this record
  std::optional<std::string> references_id;    // only records that refer to this id in any field
  Visibility max_visibility = Visibility::kRestricted;  // kPublic: public records only
  bool include_deleted = false;
  std::int64_t offset = 0;
  std::int64_t limit = 50;                     // 1..1000
};

struct ListPage {
  std::vector<StoredRecord> records;           // ordered by (created_at, id)
  std::int64_t total = 0;                      // matching records, ignoring offset/limit
};

// One committed write, as the change feed reports it (derived indexes such
// as search catch up from it).
struct Change {
  std::int64_t sequence = 0;                   // > 0, increases with every committed revision
  std::string record_id;
  bool operator==(const Change&) const = default;
};

// The most records one List page holds (ListQuery::limit).
inline constexpr std::int64_t kMaxListLimit = 1000;

// Store::List's check of limit and offset, shared by its implementations:
// kInvalidArgument naming each field out of range.
inline Status CheckListQuery(const ListQuery& query) {
  std::vector<FieldError> errors;
  if (query.limit < 1 || query.limit > kMaxListLimit) {
    errors.push_back(
        {"limit", "must be between 1 and " + std::to_string(kMaxListLimit) + "; got " + std::to_string(query.limit)});
  }
  if (query.offset < 0) errors.push_back({"offset", "must be 0 or more; got " + std::to_string(query.offset)});
  if (!errors.empty()) return Fail(Error::Invalid(std::move(errors)));
  return {};
}

// Store::ImportCreated's shape check, shared by its implementations: no
// revisions given, every record at revision 1 and not deleted.
inline Status CheckCreatedShape(const Bundle& bundle) {
  std::vector<FieldError> errors;
  if (!bundle.revisions.empty()) {
    errors.push_back({"revisions", "must be empty: the store writes each record's create revision"});
  }
  for (std::size_t i = 0; i < bundle.records.size(); ++i) {
    const RecordHeader& header = bundle.records[i].header;
    if (header.revision != 1) errors.push_back({"records[" + std::to_string(i) + "].revision", "must be 1"});
    if (header.deleted) errors.push_back({"records[" + std::to_string(i) + "].deleted", "must be false"});
  }
  if (!errors.empty()) return Fail(Error::Invalid(std::move(errors)));
  return {};
}

class Store {
 public:
  virtual ~Store() = default;

  virtual Result<StoredRecord> Create(const RecordDraft& draft, const Actor& actor) = 0;
  // `draft.kind` must match the stored record's kind; `draft.id` is ignored.
  virtual Result<StoredRecord> Update(std::string_view id, std::int64_t base_revision, const RecordDraft& draft,
                                      const Actor& actor) = 0;
  virtual Result<StoredRecord> Delete(std::string_view id, std::int64_t base_revision, const Actor& actor) = 0;
  virtual Result<StoredRecord> Restore(std::string_view id, std::int64_t base_revision, const Actor& actor) = 0;

  // kNotFound when no record has that id.
  virtual Result<StoredRecord> Get(std::string_view id) = 0;
  virtual Result<ListPage> List(const ListQuery& query) = 0;
  // Oldest first; kNotFound when no record has that id.
  virtual Result<std::vector<Revision>> History(std::string_view id) = 0;

  // Everything, sorted as Bundle documents.
  virtual Result<Bundle> Export() = 0;
  // Adds every record, revision and blob of `bundle` exactly as given (ids,
  // revisions, timestamps), all or nothing. Fails with kConflict, changing
  // nothing, if any id already exists. The caller validates bodies first.
  virtual Status Import(const Bundle& bundle) = 0;
  // Import for a caller that already built every body with core::MakeDraft
  // (io's table importer): references[i] is MakeDraft's references for
  // bundle.records[i], so the store need not derive them again. Otherwise the
  // same contract as Import (targets still checked, all or nothing).
  // kInvalidArgument when the sizes differ. The default ignores `references`
  // and calls Import, which derives them itself.
  virtual Status ImportWithReferences(const Bundle& bundle, const std::vector<std::vector<Reference>>& references) {
    if (references.size() != bundle.records.size()) {
      return Fail(Error::Invalid("references", "must hold one list per record of the bundle"));
    }
    return Import(bundle);
  }
  // ImportWithReferences for new records, each at revision 1 and not deleted,
  // handed over without revisions (`bundle.revisions` empty): the store writes
  // each record's one "create" revision itself (by `actor`, at the record's
  // created_at, visibility before and after the record's, `after` its body),
  // so the caller never holds a second copy of every body (io's table
  // importer: 300,000 bodies). Otherwise the same contract as
  // ImportWithReferences. kInvalidArgument when revisions are given or a
  // record is not at revision 1 or is deleted. The default builds the
  // revisions and calls ImportWithReferences.
  virtual Status ImportCreated(const Bundle& bundle, const std::vector<std::vector<Reference>>& references,
                               const Actor& actor) {
    if (Status shaped = CheckCreatedShape(bundle); !shaped) return shaped;
    Bundle with_revisions = bundle;
    with_revisions.revisions.reserve(bundle.records.size());
    for (const StoredRecord& record : bundle.records) {
      Revision revision;
      revision.record_id = record.header.id;
      revision.kind = record.header.kind;
      revision.revision = 1;
      revision.operation = RevisionOperation::kCreate;
      revision.actor = actor.name;
      revision.at = record.header.created_at;
      revision.visibility_before = record.header.visibility;
      revision.visibility_after = record.header.visibility;
      revision.after = record.body;
      with_revisions.revisions.push_back(std::move(revision));
    }
    return ImportWithReferences(with_revisions, references);
  }

  // File contents, addressed by the SHA-256 the caller computed (RecordService
  // does). PutBlob is idempotent: storing the same bytes twice keeps one
  // copy. GetBlob: kNotFound when no blob has that hash.
  virtual Status PutBlob(const Blob& blob) = 0;
  virtual Result<Blob> GetBlob(std::string_view sha256) = 0;

  // The change feed: one entry per revision committed after `after_sequence`
  // (0: from the beginning), in commit order, at most `limit` (1..10000)
  // entries. A record written twice appears twice. Imported revisions are
  // in the feed too. The default is for test doubles that need no feed.
  virtual Result<std::vector<Change>> ChangesSince(std::int64_t after_sequence, std::int64_t limit) {
    (void)after_sequence;
    (void)limit;
    return Fail(Error::Unavailable("this store has no change feed"));
  }

  // Removes the record with every revision, reference and change-feed entry
  // of it, and any blob no remaining record names, leaving no recoverable
  // bytes in the database files (SQLite: secure_delete, then a truncating
  // WAL checkpoint; PostgreSQL: VACUUM of the tables touched). For a
  // person's safety (auth/purge.h), never an everyday delete.
  // kNotFound for an unknown id; kConflict, naming them, while other live
  // records refer to it. The default is for test doubles.
  virtual Status Purge(std::string_view id) {
    (void)id;
    return Fail(Error::Unavailable("this store can not purge"));
  }

  // A number that changes after every committed write, by this process or
  // another one sharing the database. Cheap enough to call on every request:
  // caches compare it to decide whether what they hold is still current.
  virtual std::int64_t ChangeCounter() = 0;
};

}  // namespace readout::core
