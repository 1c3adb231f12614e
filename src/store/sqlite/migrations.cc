#include "store/sqlite/migrations.h"

#include <array>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/entity_codec.h"

namespace readout::store {
namespace {

struct Migration {
  int version;
  const char* what;  // for error messages
  const char* sql;
  // Runs after `sql` in the same transaction, for data SQL cannot derive.
  core::Status (*backfill)(Connection&) = nullptr;
};

// v2: the references of records written at v1, derived from their bodies as
// Create derives them, so that Delete protects old records too.
core::Status IndexReferences(Connection& connection) {
  core::Result<Query> rows = connection.Prepare("SELECT id, kind, body FROM records");
  if (!rows) return core::Fail(rows.error());
  while (true) {
    core::Result<bool> row = rows->Step();
    if (!row) return core::Fail(row.error());
    if (!*row) return {};
    const std::string id(rows->Text(0));
    std::optional<core::RecordKind> kind = core::ParseKindName(rows->Text(1));
    nlohmann::json body = nlohmann::json::parse(rows->Text(2), nullptr, /*allow_exceptions=*/false);
    if (!kind || body.is_discarded()) {
      return core::Fail(core::Error::Unavailable("record " + id + " has an unknown kind or malformed body"));
    }
    core::Result<core::RecordDraft> draft = core::MakeDraft(*kind, body, id);
    if (!draft) {
      return core::Fail(core::Error::Unavailable("record " + id + " does not validate: " + draft.error().message));
    }
    for (const core::Reference& reference : draft->references) {
      core::Result<Query> insert =
          connection.Prepare("INSERT OR IGNORE INTO record_references (from_id, field, to_id) VALUES (?, ?, ?)");
      if (!insert) return core::Fail(insert.error());
      insert->Bind(1, id).Bind(2, reference.field).Bind(3, reference.target_id);
      if (core::Status inserted = insert->Run(); !inserted) return inserted;
    }
  }
}

// Never edit a migration that has shipped: add a new one. Each must keep
// every earlier database's data.
constexpr std::array<Migration, 5> kMigrations = {{
    {1, "records and revisions", R"sql(
CREATE TABLE records (
  id         TEXT PRIMARY KEY NOT NULL,
  kind       TEXT NOT NULL,
  revision   INTEGER NOT NULL CHECK (revision >= 1),
  visibility TEXT NOT NULL CHECK (visibility IN ('public', 'internal', 'restricted')),
  parent_id  TEXT NULL REFERENCES records(id),
  body       TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted    INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);
CREATE INDEX records_by_kind ON records(kind, created_at, id);
CREATE INDEX records_by_parent ON records(parent_id);

CREATE TABLE revisions (
  record_id         TEXT NOT NULL REFERENCES records(id),
  revision          INTEGER NOT NULL CHECK (revision >= 1),
  kind              TEXT NOT NULL,
  operation         TEXT NOT NULL CHECK (operation IN ('create', 'update', 'delete', 'restore')),
  actor             TEXT NOT NULL,
  at                TEXT NOT NULL,
  visibility_before TEXT NOT NULL,
  visibility_after  TEXT NOT NULL,
  before            TEXT NULL,
  after             TEXT NOT NULL,
  deleted_after     INTEGER NOT NULL CHECK (deleted_after IN (0, 1)),
  PRIMARY KEY (record_id, revision)
) WITHOUT ROWID;
)sql"},
    // v2: the references index (so Delete can refuse a record others point
    // to), immutable revisions, and ordered listing without a kind filter.
    // The references of records written at v1 are derived from their bodies.
    {2, "references and immutable revisions", R"sql(
CREATE TABLE record_references (
  from_id TEXT NOT NULL REFERENCES records(id),
  field   TEXT NOT NULL,
  to_id   TEXT NOT NULL REFERENCES records(id),
  PRIMARY KEY (from_id, field, to_id)
) WITHOUT ROWID;
CREATE INDEX record_references_by_target ON record_references(to_id);

CREATE INDEX records_by_time ON records(created_at, id);
DROP INDEX records_by_parent;
CREATE INDEX records_by_parent ON records(parent_id, created_at, id);

CREATE TRIGGER revisions_are_immutable_update BEFORE UPDATE ON revisions
BEGIN
  SELECT RAISE(ABORT, 'revisions are immutable: a revision cannot be changed');
END;
CREATE TRIGGER revisions_are_immutable_delete BEFORE DELETE ON revisions
BEGIN
  SELECT RAISE(ABORT, 'revisions are immutable: a revision cannot be removed');
END;
)sql",
     &IndexReferences},
    // v3: file contents (evidence files), addressed by their SHA-256, so the
    // same file uploaded twice is stored once and a record can name its bytes.
    {3, "file contents", R"sql(
CREATE TABLE blobs (
  sha256 TEXT PRIMARY KEY NOT NULL CHECK (length(sha256) = 64),
  size   INTEGER NOT NULL CHECK (size >= 0),
  data   BLOB NOT NULL
) WITHOUT ROWID;
)sql"},
    // v4: the change feed (Store::ChangesSince). Revisions get a rowid,
    // `sequence`, assigned in insertion order; writes are serialised by
    // BEGIN IMMEDIATE and revisions are never removed, so it increases in
    // commit order and is never reused. (record_id, revision) stays unique.
    // Revisions written before v4 are numbered by their time, then record
    // and revision number. The immutability triggers go with the old table
    // and are created again.
    {4, "change feed", R"sql(
DROP TRIGGER revisions_are_immutable_update;
DROP TRIGGER revisions_are_immutable_delete;
CREATE TABLE revisions_v4 (
  sequence          INTEGER PRIMARY KEY,
  record_id         TEXT NOT NULL REFERENCES records(id),
  revision          INTEGER NOT NULL CHECK (revision >= 1),
  kind              TEXT NOT NULL,
  operation         TEXT NOT NULL CHECK (operation IN ('create', 'update', 'delete', 'restore')),
  actor             TEXT NOT NULL,
  at                TEXT NOT NULL,
  visibility_before TEXT NOT NULL,
  visibility_after  TEXT NOT NULL,
  before            TEXT NULL,
  after             TEXT NOT NULL,
  deleted_after     INTEGER NOT NULL CHECK (deleted_after IN (0, 1)),
  UNIQUE (record_id, revision)
);
INSERT INTO revisions_v4 (record_id, revision, kind, operation, actor, at, visibility_before, visibility_after,
                          before, after, deleted_after)
  SELECT record_id, revision, kind, operation, actor, at, visibility_before, visibility_after, before, after,
         deleted_after
  FROM revisions ORDER BY at, record_id, revision;
DROP TABLE revisions;
ALTER TABLE revisions_v4 RENAME TO revisions;

CREATE TRIGGER revisions_are_immutable_update BEFORE UPDATE ON revisions
BEGIN
  SELECT RAISE(ABORT, 'revisions are immutable: a revision cannot be changed');
END;
CREATE TRIGGER revisions_are_immutable_delete BEFORE DELETE ON revisions
BEGIN
  SELECT RAISE(ABORT, 'revisions are immutable: a revision cannot be removed');
END;
)sql"},
    // v5: what the server keeps that is not a record (auth::AccountStore:
    // opaque JSON documents under compare-and-swap versions, and the
    // hash-chained audit log), and Store::Purge.
    //  - Revisions are rebuilt with AUTOINCREMENT: a purge removes revisions,
    //    and without it SQLite would hand a purged top `sequence` to the next
    //    revision, so a change-feed reader past it would skip that revision.
    //  - The delete trigger lets a revision go only while its record is
    //    named in `purging`, a row Purge writes and removes in its own
    //    transaction (so `purging` is empty outside one).
    //  - change_counter is bumped by every record write (not by account
    //    writes), so ChangeCounter can tell a record write by another process
    //    from a session or audit write, which must not empty the caches.
    //  - Audit rows are append-only; only target_id and target_salt may be
    //    blanked (ForgetAuditTarget, after a purge).
    {5, "accounts, audit log and purge", R"sql(
DROP TRIGGER revisions_are_immutable_update;
DROP TRIGGER revisions_are_immutable_delete;
CREATE TABLE revisions_v5 (
  sequence          INTEGER PRIMARY KEY AUTOINCREMENT,
  record_id         TEXT NOT NULL REFERENCES records(id),
  revision          INTEGER NOT NULL CHECK (revision >= 1),
  kind              TEXT NOT NULL,
  operation         TEXT NOT NULL CHECK (operation IN ('create', 'update', 'delete', 'restore')),
  actor             TEXT NOT NULL,
  at                TEXT NOT NULL,
  visibility_before TEXT NOT NULL,
  visibility_after  TEXT NOT NULL,
  before            TEXT NULL,
  after             TEXT NOT NULL,
  deleted_after     INTEGER NOT NULL CHECK (deleted_after IN (0, 1)),
  UNIQUE (record_id, revision)
);
INSERT INTO revisions_v5 (sequence, record_id, revision, kind, operation, actor, at, visibility_before,
                          visibility_after, before, after, deleted_after)
  SELECT sequence, record_id, revision, kind, operation, actor, at, visibility_before, visibility_after, before,
         after, deleted_after
  FROM revisions ORDER BY sequence;
DROP TABLE revisions;
ALTER TABLE revisions_v5 RENAME TO revisions;

CREATE TABLE purging (
  record_id TEXT PRIMARY KEY NOT NULL
) WITHOUT ROWID;

CREATE TRIGGER revisions_are_immutable_update BEFORE UPDATE ON revisions
BEGIN
  SELECT RAISE(ABORT, 'revisions are immutable: a revision cannot be changed');
END;
CREATE TRIGGER revisions_are_immutable_delete BEFORE DELETE ON revisions
WHEN NOT EXISTS (SELECT 1 FROM purging WHERE record_id = OLD.record_id)
BEGIN
  SELECT RAISE(ABORT, 'revisions are immutable: a revision cannot be removed');
END;

CREATE TABLE change_counter (
  only_row INTEGER PRIMARY KEY CHECK (only_row = 1),
  value    INTEGER NOT NULL
);
INSERT INTO change_counter (only_row, value) VALUES (1, 1);

CREATE TABLE system_documents (
  collection TEXT NOT NULL,
  key        TEXT NOT NULL,
  version    INTEGER NOT NULL CHECK (version >= 1),
  body       TEXT NOT NULL,
  PRIMARY KEY (collection, key)
) WITHOUT ROWID;

CREATE TABLE audit_log (
  sequence      INTEGER PRIMARY KEY CHECK (sequence >= 1),
  entry         TEXT NOT NULL,
  target_id     TEXT NOT NULL DEFAULT '',
  target_salt   TEXT NOT NULL DEFAULT '',
  previous_hash TEXT NOT NULL,
  hash          TEXT NOT NULL
);
CREATE INDEX audit_log_by_target ON audit_log(target_id) WHERE target_id <> '';

CREATE TRIGGER audit_log_is_append_only_update BEFORE UPDATE ON audit_log
WHEN NEW.sequence IS NOT OLD.sequence OR NEW.entry IS NOT OLD.entry OR NEW.previous_hash IS NOT OLD.previous_hash
  OR NEW.hash IS NOT OLD.hash OR (NEW.target_id IS NOT OLD.target_id AND NEW.target_id <> '')
  OR (NEW.target_salt IS NOT OLD.target_salt AND NEW.target_salt <> '')
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only: a row can only have its target_id and target_salt blanked');
END;
CREATE TRIGGER audit_log_is_append_only_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only: a row cannot be removed');
END;
)sql"},
}};

core::Status ApplyOne(Connection& connection, const Migration& migration) {
  if (auto begun = connection.Exec("BEGIN IMMEDIATE"); !begun) return begun;
  // Another process may have applied it while we waited for the lock.
  core::Result<int> version = SchemaVersion(connection);
  core::Status applied;
  if (!version) {
    applied = core::Fail(version.error());
  } else if (*version < migration.version) {
    applied = connection.Exec(migration.sql);
    if (applied && migration.backfill != nullptr) applied = migration.backfill(connection);
    if (applied) applied = connection.Exec("PRAGMA user_version = " + std::to_string(migration.version));
  }
  if (applied) applied = connection.Exec("COMMIT");
  if (!applied) {
    (void)connection.Exec("ROLLBACK");  // the original error is the one to report
    core::Error error = applied.error();
    error.message = "could not migrate the database to schema version " + std::to_string(migration.version) + " (" +
                    migration.what + "): " + error.message;
    return core::Fail(std::move(error));
  }
  return {};
}

}  // namespace

int LatestSchemaVersion() { return kMigrations.back().version; }

core::Result<int> SchemaVersion(Connection& connection) {
  core::Result<std::int64_t> version = connection.QueryInt("PRAGMA user_version");
  if (!version) return core::Fail(version.error());
  return static_cast<int>(*version);
}

core::Status Migrate(Connection& connection, int target_version) {
  core::Result<int> version = SchemaVersion(connection);
  if (!version) return core::Fail(version.error());
  if (*version > LatestSchemaVersion()) {
    return core::Fail(core::Error::Unavailable("the database is at schema version " + std::to_string(*version) +
                                               " but this Readout knows only up to " +
                                               std::to_string(LatestSchemaVersion()) + "; use a newer Readout"));
  }
  for (const Migration& migration : kMigrations) {
    if (migration.version <= *version || migration.version > target_version) continue;
    if (auto applied = ApplyOne(connection, migration); !applied) return applied;
  }
  return {};
}

}  // namespace readout::store
