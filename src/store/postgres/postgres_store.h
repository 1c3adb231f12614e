// PostgresStore: core::Store on a PostgreSQL database, for deployments with
// several stateless `readout serve` processes sharing one database
// (DESIGN.md §8). Chosen by src/cli when --db is a postgresql:// URL;
// everything else sees only core::Store. Same contract and the same
// semantics as SqliteStore (tests/store_contract/ runs on both).
//
// Writes: each write is one READ COMMITTED transaction that first takes a
// transaction-level advisory lock (kWriterLockKey), so writers — in this
// process and in every other one on the database — run one at a time. That
// makes the base-revision checks safe without SELECT ... FOR UPDATE, and it
// keeps the change feed in commit order: a bigserial is assigned at INSERT,
// not at COMMIT, so two concurrent writers could otherwise commit sequence 8
// before sequence 7 and a reader that had seen 8 would skip 7 for ever. The
// lock is released only after the commit is visible. Serialization failures
// and deadlocks (which the lock should prevent) are retried a few times, then
// reported as kConflict.
//
// Schema: Open applies the pending migrations (migrations.cc) under the same
// advisory lock, so several processes may start at once. Text columns that
// are compared or sorted use COLLATE "C", so order is byte order as in SQLite
// whatever the database's locale. Bodies are stored as their JSON text (as
// core's codec writes it), not jsonb, so Export gives back exactly what was
// stored. Revisions are immutable: triggers raise on UPDATE and DELETE.
//
// It is also the auth::AccountStore of a PostgreSQL deployment (schema v5:
// system_documents and audit_log). Account writes do not take the writer
// lock and do not bump change_counter (a sign-in must not empty the caches);
// AppendAudit takes an advisory lock of its own (kAuditLockKey) for its
// transaction, so the chain never forks across processes.
//
// Purge deletes the record's revisions under the transaction-local setting
// readout.purging, the one exception the immutability trigger makes, and
// refuses while any other record, live or deleted, refers to the record or
// is under it (a deleted referrer would be left naming nothing). After the
// commit it VACUUMs the tables it touched, as DeleteDocument and
// ForgetAuditTarget do theirs: dead rows leave the tables and indexes.
// PostgreSQL's own WAL and any backups still hold them until recycled.
//
// The URL is a libpq connection URI; a search_path in its `options`
// parameter (options=-csearch_path%3Dname) puts the store in that schema.
//
// Thread-safety: safe to call from many threads. Each call borrows a
// connection from a pool (a vector under a mutex); connections that fail are
// closed rather than returned, so the next call opens a fresh one.
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
#include "store/postgres/pg_connection.h"

namespace readout::store {

class PostgresStore final : public core::Store, public auth::AccountStore {
 public:
  // The advisory lock every write and every migration holds for its
  // transaction (pg_advisory_xact_lock). An arbitrary constant: "readout".
  static constexpr std::int64_t kWriterLockKey = 0x726561646f7574;
  // The advisory lock AppendAudit holds for its transaction: "readoutaud".
  static constexpr std::int64_t kAuditLockKey = 0x72656164617564;

  // Connects to `url` and migrates the database to the latest schema.
  // kUnavailable when the server cannot be reached, refuses the login, or
  // has a newer schema than this build knows.
  static core::Result<std::unique_ptr<PostgresStore>> Open(const std::string& url);

  // True when `db` names a PostgreSQL database rather than a SQLite file.
  static bool IsUrl(std::string_view db);

  PostgresStore(const PostgresStore&) = delete;
  PostgresStore& operator=(const PostgresStore&) = delete;
  ~PostgresStore() override;

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

  // Revisions in order of their bigserial `sequence` (see the class comment
  // for why that is commit order).
  core::Result<std::vector<core::Change>> ChangesSince(std::int64_t after_sequence, std::int64_t limit) override;

  core::Status PutBlob(const core::Blob& blob) override;
  core::Result<core::Blob> GetBlob(std::string_view sha256) override;

  // Blobs go when no remaining record's body or revision names their hash.
  // kUnavailable, saying the purge itself is done, when the VACUUM fails.
  core::Status Purge(std::string_view id) override;

  // auth::AccountStore. `seal` runs inside the transaction, holding the
  // audit lock: it must not call the store.
  core::Result<std::optional<auth::Document>> GetDocument(std::string_view collection, std::string_view key) override;
  core::Result<std::int64_t> PutDocument(std::string_view collection, std::string_view key,
                                         std::int64_t expected_version, std::string_view body) override;
  core::Status DeleteDocument(std::string_view collection, std::string_view key) override;
  core::Result<std::vector<auth::Document>> ListDocuments(std::string_view collection) override;
  core::Result<auth::AuditRow> AppendAudit(
      const std::function<auth::AuditRow(std::int64_t last_sequence, std::string_view last_hash)>& seal) override;
  core::Result<std::vector<auth::AuditRow>> ReadAudit(std::int64_t after_sequence, std::int64_t limit) override;
  core::Status ForgetAuditTarget(std::string_view target_id) override;

  // The one-row `change_counter` table, bumped by every committed write
  // transaction of any process: one indexed read. When the database cannot
  // be read it returns a fresh negative number each time, so callers reload
  // and meet the error.
  std::int64_t ChangeCounter() override;

 private:
  class Lease;

  PostgresStore(std::string url, std::unique_ptr<PgConnection> first);

  core::Result<Lease> Acquire();
  void Release(std::unique_ptr<PgConnection> connection);

  // What a write transaction locks and bumps.
  enum class WriteKind {
    kRecord,   // the writer lock; bumps change_counter
    kAccount,  // no lock (documents are compare-and-swap); no bump
    kAudit,    // the audit lock; no bump
  };

  // Runs `body` inside BEGIN; advisory lock; ...; bump counter; COMMIT.
  // Retries the whole transaction on serialization failure or deadlock.
  template <typename Body>
  auto WriteTransaction(std::string_view what, Body&& body, WriteKind kind = WriteKind::kRecord)
      -> decltype(body(std::declval<PgConnection&>()));

  // VACUUM `tables` outside any transaction; `done` says what was already
  // committed, for the error.
  core::Status Vacuum(const std::string& tables, std::string_view done);

  core::Status ImportBundle(const core::Bundle& bundle, const std::vector<std::vector<core::Reference>>* given);
  core::Result<core::StoredRecord> ChangeDeleted(std::string_view id, std::int64_t base_revision,
                                                 const core::Actor& actor, bool delete_it);

  const std::string url_;
  std::mutex pool_mu_;
  std::vector<std::unique_ptr<PgConnection>> idle_;  // guarded by pool_mu_
  std::atomic<std::int64_t> unreadable_{0};
};

}  // namespace readout::store
