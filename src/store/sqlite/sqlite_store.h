// SqliteStore: the embedded implementation of core::Store on one SQLite file.
// Chosen by src/cli; everything else sees only core::Store.
//
// The file runs in WAL mode with synchronous=FULL (a write is on disk before
// the call returns), foreign keys on and a 5 s busy timeout. Open applies the
// pending migrations (store/sqlite/migrations.h).
//
// Thread-safety: safe to call from many threads. Writes go through one
// writer connection under a mutex, each write one BEGIN IMMEDIATE
// transaction (its revision row included). Reads take a connection from a
// small pool, so in WAL mode they never wait for a write. Several processes
// may share the file; SQLite's locks serialise their writes.
//
// It is also the auth::AccountStore of a SQLite deployment (schema v5:
// system_documents and audit_log beside the records). Account writes take
// the same writer connection and BEGIN IMMEDIATE, so AppendAudit excludes
// every other appender, in this process and in others. They do not move
// ChangeCounter: a sign-in must not empty the page caches.
//
// Erasure: the writer connection runs with secure_delete on, so SQLite
// zeroes the bytes of every row it deletes or rewrites. Purge,
// DeleteDocument and ForgetAuditTarget then run a truncating WAL checkpoint
// on a connection of their own, retried while readers hold old frames, so
// the old pages leave the -wal file too. Purge refuses while any other
// record, live or deleted, refers to the record or is under it: a deleted
// referrer still names it in its body and would be left dangling.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/account_store.h"
#include "core/store.h"
#include "store/sqlite/connection.h"

namespace readout::store {

class SqliteStore final : public core::Store, public auth::AccountStore {
 public:
  // Opens `path`, creating the file when missing, and migrates it to the
  // latest schema. kUnavailable when the file cannot be opened or written,
  // is damaged, or has a newer schema than this build knows.
  static core::Result<std::unique_ptr<SqliteStore>> Open(const std::string& path);

  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;
  ~SqliteStore() override;

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
  core::Status ImportWithReferences(const core::Bundle& bundle,
                                    const std::vector<std::vector<core::Reference>>& references) override;
  // Writes each record's create revision from the record's own serialised
  // body: one serialisation, no second tree.
  core::Status ImportCreated(const core::Bundle& bundle, const std::vector<std::vector<core::Reference>>& references,
                             const core::Actor& actor) override;

  // Revisions in order of their `sequence` column (migration v4).
  core::Result<std::vector<core::Change>> ChangesSince(std::int64_t after_sequence, std::int64_t limit) override;

  core::Status PutBlob(const core::Blob& blob) override;
  core::Result<core::Blob> GetBlob(std::string_view sha256) override;

  // Blobs go when no remaining record's body or revision names their hash.
  // kUnavailable, saying the purge itself is done, when readers kept the
  // WAL busy for so long that it could not be truncated.
  core::Status Purge(std::string_view id) override;

  // auth::AccountStore. `seal` runs inside the write transaction, holding
  // the writer: it must not call the store.
  core::Result<std::optional<auth::Document>> GetDocument(std::string_view collection, std::string_view key) override;
  core::Result<std::int64_t> PutDocument(std::string_view collection, std::string_view key,
                                         std::int64_t expected_version, std::string_view body) override;
  core::Status DeleteDocument(std::string_view collection, std::string_view key) override;
  core::Result<std::vector<auth::Document>> ListDocuments(std::string_view collection) override;
  core::Result<auth::AuditRow> AppendAudit(
      const std::function<auth::AuditRow(std::int64_t last_sequence, std::string_view last_hash)>& seal) override;
  core::Result<std::vector<auth::AuditRow>> ReadAudit(std::int64_t after_sequence, std::int64_t limit) override;
  core::Status ForgetAuditTarget(std::string_view target_id) override;

  // In-process commits bump an atomic generation at once; writes by other
  // connections (other processes, or another SqliteStore on the same file)
  // are seen through PRAGMA data_version on a dedicated watcher connection,
  // which changes whenever any other connection commits. Each change seen
  // bumps the generation too, so the value is monotonic; it may move more
  // than once per write, which only costs a cache refill. About a
  // microsecond: one uncontended mutex and one PRAGMA on a cached statement.
  // When data_version moves, the watcher also reads the change_counter row
  // that record writes bump, and moves the generation only if that moved:
  // account writes (sessions, audit rows) leave caches alone.
  std::int64_t ChangeCounter() override;

 private:
  // A reader connection borrowed from the pool, returned on destruction.
  class ReaderLease;

  SqliteStore(std::string path, std::unique_ptr<Connection> writer, std::unique_ptr<Connection> watcher);

  core::Result<ReaderLease> AcquireReader();
  void ReleaseReader(std::unique_ptr<Connection> connection);

  // Runs `body` on the writer connection inside BEGIN IMMEDIATE ... COMMIT,
  // rolling back when `body` or COMMIT fails. A record write (the default)
  // also bumps change_counter and the generation; an account write does not.
  template <typename Body>
  auto WriteTransaction(std::string_view what, Body&& body, bool record_write = true)
      -> decltype(body(std::declval<Connection&>()));

  // PRAGMA wal_checkpoint(TRUNCATE) on checkpointer_, retried while readers
  // hold old frames. `done` says what was already committed, for the error.
  core::Status TruncateWal(std::string_view done);

  // Import, ImportWithReferences and ImportCreated: `given` null means
  // derive the references from the bodies with core::MakeDraft; `creator`
  // set means write each record's create revision by that actor.
  core::Status ImportBundle(const core::Bundle& bundle, const std::vector<std::vector<core::Reference>>* given,
                            const core::Actor* creator = nullptr);

  // Delete and Restore: the same steps with a different state change.
  core::Result<core::StoredRecord> ChangeDeleted(std::string_view id, std::int64_t base_revision,
                                                 const core::Actor& actor, bool delete_it);

  const std::string path_;
  std::mutex writer_mu_;
  std::unique_ptr<Connection> writer_;  // guarded by writer_mu_

  std::mutex readers_mu_;
  std::vector<std::unique_ptr<Connection>> idle_readers_;  // guarded by readers_mu_

  std::mutex watcher_mu_;
  std::unique_ptr<Connection> watcher_;  // guarded by watcher_mu_
  std::int64_t last_data_version_ = -1;  // guarded by watcher_mu_
  std::int64_t last_change_count_ = -1;  // guarded by watcher_mu_

  // Opened on first use; its own connection so that waiting for readers
  // does not hold writer_mu_.
  std::mutex checkpoint_mu_;
  std::unique_ptr<Connection> checkpointer_;  // guarded by checkpoint_mu_
  std::atomic<std::int64_t> generation_{1};
};

}  // namespace readout::store
