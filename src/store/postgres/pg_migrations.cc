#include "store/postgres/pg_migrations.h"

#include <array>
#include <string>

namespace readout::store {
namespace {

struct Migration {
  int version;
  const char* what;  // for error messages
  const char* sql;
};

// Never edit a migration that has shipped: add a new one. v1 is the schema
// SQLite reached at its v4, in one step. Text that is compared or sorted is
// COLLATE "C" (byte order, as SQLite), whatever the database's locale.
// Foreign keys are DEFERRABLE so Import may insert a child before its parent
// (SET CONSTRAINTS ALL DEFERRED); elsewhere they are checked at once.
constexpr std::array<Migration, 2> kMigrations = {{
    {1, "records, revisions, references, files and the change counter", R"sql(
CREATE TABLE records (
  id         TEXT COLLATE "C" PRIMARY KEY,
  kind       TEXT COLLATE "C" NOT NULL,
  revision   BIGINT NOT NULL CHECK (revision >= 1),
  visibility TEXT NOT NULL CHECK (visibility IN ('public', 'internal', 'restricted')),
  parent_id  TEXT COLLATE "C" NULL REFERENCES records(id) DEFERRABLE INITIALLY IMMEDIATE,
  body       TEXT NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  updated_at TEXT COLLATE "C" NOT NULL,
  deleted    BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX records_by_kind ON records (kind, created_at, id);
CREATE INDEX records_by_parent ON records (parent_id, created_at, id);
CREATE INDEX records_by_time ON records (created_at, id);

-- sequence: the change feed. Writers hold an advisory lock for their whole
-- transaction, so sequences are assigned and committed in the same order.
CREATE TABLE revisions (
  sequence          BIGSERIAL PRIMARY KEY,
  record_id         TEXT COLLATE "C" NOT NULL REFERENCES records(id) DEFERRABLE INITIALLY IMMEDIATE,
  revision          BIGINT NOT NULL CHECK (revision >= 1),
  kind              TEXT NOT NULL,
  operation         TEXT NOT NULL CHECK (operation IN ('create', 'update', 'delete', 'restore')),
  actor             TEXT NOT NULL,
  at                TEXT NOT NULL,
  visibility_before TEXT NOT NULL,
  visibility_after  TEXT NOT NULL,
  before            TEXT NULL,
  after             TEXT NOT NULL,
  deleted_after     BOOLEAN NOT NULL,
  UNIQUE (record_id, revision)
);

CREATE FUNCTION readout_revisions_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    RAISE EXCEPTION 'revisions are immutable: a revision cannot be changed';
  END IF;
  RAISE EXCEPTION 'revisions are immutable: a revision cannot be removed';
END;
$$;
CREATE TRIGGER revisions_are_immutable BEFORE UPDATE OR DELETE ON revisions
  FOR EACH ROW EXECUTE FUNCTION readout_revisions_are_immutable();
CREATE TRIGGER revisions_are_not_truncated BEFORE TRUNCATE ON revisions
  FOR EACH STATEMENT EXECUTE FUNCTION readout_revisions_are_immutable();

CREATE TABLE record_references (
  from_id TEXT COLLATE "C" NOT NULL REFERENCES records(id) DEFERRABLE INITIALLY IMMEDIATE,
  field   TEXT COLLATE "C" NOT NULL,
  to_id   TEXT COLLATE "C" NOT NULL REFERENCES records(id) DEFERRABLE INITIALLY IMMEDIATE,
  PRIMARY KEY (from_id, field, to_id)
);
CREATE INDEX record_references_by_target ON record_references (to_id);

CREATE TABLE blobs (
  sha256 TEXT COLLATE "C" PRIMARY KEY CHECK (length(sha256) = 64),
  size   BIGINT NOT NULL CHECK (size >= 0),
  data   BYTEA NOT NULL
);

-- Store::ChangeCounter: bumped by every committed write transaction.
CREATE TABLE change_counter (
  only_row BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (only_row),
  value    BIGINT NOT NULL
);
INSERT INTO change_counter (value) VALUES (1);
)sql"},
    // v5, numbered after the SQLite migration it matches (this schema's v1
    // was SQLite's v4): what the server keeps that is not a record
    // (auth::AccountStore) and Store::Purge.
    //  - A revision may be deleted only by a transaction that named its
    //    record in the transaction-local setting readout.purging (Purge).
    //    bigserial never reuses a purged sequence, so the feed stays ordered.
    //  - Audit rows are append-only; only target_id and target_salt may be
    //    blanked (ForgetAuditTarget, after a purge).
    {5, "accounts, audit log and purge", R"sql(
CREATE OR REPLACE FUNCTION readout_revisions_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.record_id = current_setting('readout.purging', true) THEN
      RETURN OLD;
    END IF;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    RAISE EXCEPTION 'revisions are immutable: a revision cannot be changed';
  END IF;
  RAISE EXCEPTION 'revisions are immutable: a revision cannot be removed';
END;
$$;

CREATE TABLE system_documents (
  collection TEXT COLLATE "C" NOT NULL,
  key        TEXT COLLATE "C" NOT NULL,
  version    BIGINT NOT NULL CHECK (version >= 1),
  body       TEXT NOT NULL,
  PRIMARY KEY (collection, key)
);

CREATE TABLE audit_log (
  sequence      BIGINT PRIMARY KEY CHECK (sequence >= 1),
  entry         TEXT NOT NULL,
  target_id     TEXT COLLATE "C" NOT NULL DEFAULT '',
  target_salt   TEXT NOT NULL DEFAULT '',
  previous_hash TEXT NOT NULL,
  hash          TEXT NOT NULL
);
CREATE INDEX audit_log_by_target ON audit_log (target_id) WHERE target_id <> '';

CREATE FUNCTION readout_audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF NEW.sequence = OLD.sequence AND NEW.entry = OLD.entry
       AND NEW.previous_hash = OLD.previous_hash AND NEW.hash = OLD.hash
       AND (NEW.target_id = OLD.target_id OR NEW.target_id = '')
       AND (NEW.target_salt = OLD.target_salt OR NEW.target_salt = '') THEN
      RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the audit log is append-only: a row can only have its target_id and target_salt blanked';
  END IF;
  RAISE EXCEPTION 'the audit log is append-only: a row cannot be removed';
END;
$$;
CREATE TRIGGER audit_log_is_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION readout_audit_log_is_append_only();
CREATE TRIGGER audit_log_is_not_truncated BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION readout_audit_log_is_append_only();
)sql"},
}};

core::Result<int> Version(PgConnection& connection) {
  core::Result<PgResult> version = connection.Exec("SELECT version FROM readout_schema");
  if (!version) return core::Fail(version.error());
  return version->rows() == 0 ? 0 : static_cast<int>(version->Int(0, 0));
}

}  // namespace

int PgLatestSchemaVersion() { return kMigrations.back().version; }

core::Status PgMigrate(PgConnection& connection, std::int64_t lock_key) {
  for (const Migration& migration : kMigrations) {
    core::Status applied = connection.Run("BEGIN");
    if (applied) {
      // Under the lock, another process's migration is either done or not begun.
      PgParams key;
      key.Int(lock_key);
      core::Result<PgResult> locked = connection.Exec("SELECT pg_advisory_xact_lock($1::bigint)", key);
      if (!locked) applied = core::Fail(locked.error());
    }
    if (applied) {
      applied = connection.Run(
          "CREATE TABLE IF NOT EXISTS readout_schema ("
          "  only_row BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (only_row), version INTEGER NOT NULL)");
    }
    core::Result<int> version = applied ? Version(connection) : core::Result<int>(core::Fail(applied.error()));
    if (!version) {
      applied = core::Fail(version.error());
    } else if (*version > PgLatestSchemaVersion()) {
      (void)connection.Run("ROLLBACK");
      return core::Fail(core::Error::Unavailable("the database is at schema version " + std::to_string(*version) +
                                                 " but this Readout knows only up to " +
                                                 std::to_string(PgLatestSchemaVersion()) + "; use a newer Readout"));
    } else if (*version < migration.version) {
      applied = connection.Run(migration.sql);
      if (applied) {
        applied = connection.Run("INSERT INTO readout_schema (version) VALUES (" + std::to_string(migration.version) +
                                 ") ON CONFLICT (only_row) DO UPDATE SET version = EXCLUDED.version");
      }
    }
    if (applied) applied = connection.Run("COMMIT");
    if (!applied) {
      (void)connection.Run("ROLLBACK");  // the original error is the one to report
      core::Error error = applied.error();
      error.message = "could not migrate the PostgreSQL database to schema version " +
                      std::to_string(migration.version) + " (" + migration.what + "): " + error.message;
      return core::Fail(std::move(error));
    }
  }
  return {};
}

}  // namespace readout::store
