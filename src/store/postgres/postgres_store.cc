#include "store/postgres/postgres_store.h"

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "core/entity_codec.h"
#include "store/postgres/pg_migrations.h"

namespace readout::store {

using core::Error;
using core::Fail;
using core::Result;
using core::Status;

namespace {

constexpr std::size_t kMaxIdleConnections = 8;
constexpr std::int64_t kMaxChangesLimit = 10000;
// Attempts of a write transaction that meets a serialization failure or deadlock.
constexpr int kWriteAttempts = 3;
// Rows per multi-row INSERT in Import (x 11 columns stays below libpq's 65535 parameters).
constexpr std::size_t kImportBatchRows = 500;

constexpr const char* kRecordColumns =
    "id, kind, revision, visibility, parent_id, body, created_at, updated_at, deleted";
constexpr const char* kRevisionColumns =
    "record_id, revision, kind, operation, actor, at, visibility_before, visibility_after, before, after, "
    "deleted_after";

Result<nlohmann::json> ParseJson(std::string_view text, std::string_view what) {
  nlohmann::json parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return Fail(Error::Internal("stored JSON of " + std::string(what) + " is malformed"));
  return parsed;
}

Result<core::RecordKind> ParseKind(std::string_view code, std::string_view what) {
  std::optional<core::RecordKind> kind = core::ParseKindName(code);
  if (!kind) return Fail(Error::Internal(std::string(what) + " has unknown kind \"" + std::string(code) + "\""));
  return *kind;
}

Result<core::Visibility> ParseStoredVisibility(std::string_view code, std::string_view what) {
  std::optional<core::Visibility> visibility = core::ParseVisibility(code);
  if (!visibility) {
    return Fail(Error::Internal(std::string(what) + " has unknown visibility \"" + std::string(code) + "\""));
  }
  return *visibility;
}

// Reads row `r` selected with kRecordColumns.
Result<core::StoredRecord> ReadRecord(const PgResult& rows, int r) {
  core::StoredRecord record;
  record.header.id = rows.Text(r, 0);
  const std::string what = "record " + record.header.id;
  Result<core::RecordKind> kind = ParseKind(rows.Text(r, 1), what);
  if (!kind) return Fail(kind.error());
  record.header.kind = *kind;
  record.header.revision = rows.Int(r, 2);
  Result<core::Visibility> visibility = ParseStoredVisibility(rows.Text(r, 3), what);
  if (!visibility) return Fail(visibility.error());
  record.header.visibility = *visibility;
  if (!rows.IsNull(r, 4)) record.header.parent_id = rows.Text(r, 4);
  Result<nlohmann::json> body = ParseJson(rows.Text(r, 5), what);
  if (!body) return Fail(body.error());
  record.body = std::move(*body);
  record.header.created_at = rows.Text(r, 6);
  record.header.updated_at = rows.Text(r, 7);
  record.header.deleted = rows.Bool(r, 8);
  return record;
}

// Reads row `r` selected with kRevisionColumns.
Result<core::Revision> ReadRevision(const PgResult& rows, int r) {
  core::Revision revision;
  revision.record_id = rows.Text(r, 0);
  revision.revision = rows.Int(r, 1);
  const std::string what = "revision " + std::to_string(revision.revision) + " of " + revision.record_id;
  Result<core::RecordKind> kind = ParseKind(rows.Text(r, 2), what);
  if (!kind) return Fail(kind.error());
  revision.kind = *kind;
  std::optional<core::RevisionOperation> operation = core::ParseRevisionOperation(rows.Text(r, 3));
  if (!operation) return Fail(Error::Internal(what + " has an unknown operation"));
  revision.operation = *operation;
  revision.actor = rows.Text(r, 4);
  revision.at = rows.Text(r, 5);
  Result<core::Visibility> before_visibility = ParseStoredVisibility(rows.Text(r, 6), what);
  if (!before_visibility) return Fail(before_visibility.error());
  revision.visibility_before = *before_visibility;
  Result<core::Visibility> after_visibility = ParseStoredVisibility(rows.Text(r, 7), what);
  if (!after_visibility) return Fail(after_visibility.error());
  revision.visibility_after = *after_visibility;
  if (!rows.IsNull(r, 8)) {
    Result<nlohmann::json> before = ParseJson(rows.Text(r, 8), what);
    if (!before) return Fail(before.error());
    revision.before = std::move(*before);
  }
  Result<nlohmann::json> after = ParseJson(rows.Text(r, 9), what);
  if (!after) return Fail(after.error());
  revision.after = std::move(*after);
  revision.deleted_after = rows.Bool(r, 10);
  return revision;
}

Result<std::optional<core::StoredRecord>> FindRecord(PgConnection& connection, std::string_view id) {
  PgParams params;
  params.Text(id);
  Result<PgResult> rows =
      connection.Exec(std::string("SELECT ") + kRecordColumns + " FROM records WHERE id = $1", params);
  if (!rows) return Fail(rows.error());
  if (rows->rows() == 0) return std::optional<core::StoredRecord>();
  Result<core::StoredRecord> record = ReadRecord(*rows, 0);
  if (!record) return Fail(record.error());
  return std::optional<core::StoredRecord>(std::move(*record));
}

struct TargetState {
  core::RecordKind kind;
  bool deleted;
};

Result<std::optional<TargetState>> FindTarget(PgConnection& connection, std::string_view id) {
  PgParams params;
  params.Text(id);
  Result<PgResult> rows = connection.Exec("SELECT kind, deleted FROM records WHERE id = $1", params);
  if (!rows) return Fail(rows.error());
  if (rows->rows() == 0) return std::optional<TargetState>();
  Result<core::RecordKind> kind = ParseKind(rows->Text(0, 0), "record " + std::string(id));
  if (!kind) return Fail(kind.error());
  return std::optional<TargetState>(TargetState{*kind, rows->Bool(0, 1)});
}

// Every reference (and the parent) of a draft must name a live record of the
// right kind. All problems are reported, each naming its field.
Status CheckReferences(PgConnection& connection, const core::RecordDraft& draft, std::string_view self_id) {
  std::vector<core::FieldError> errors;
  bool parent_checked = draft.parent_id.empty();
  for (const core::Reference& reference : draft.references) {
    const std::string kind_name(core::KindName(reference.target_kind));
    if (reference.target_id == draft.parent_id) parent_checked = true;
    if (reference.target_id == self_id) {
      errors.push_back({reference.field, "a record cannot refer to itself (" + reference.target_id + ")"});
      continue;
    }
    Result<std::optional<TargetState>> target = FindTarget(connection, reference.target_id);
    if (!target) return Fail(target.error());
    if (!*target) {
      errors.push_back({reference.field, "no " + kind_name + " with id " + reference.target_id});
    } else if ((*target)->kind != reference.target_kind) {
      errors.push_back({reference.field, reference.target_id + " is a " + std::string(core::KindName((*target)->kind)) +
                                             ", not a " + kind_name});
    } else if ((*target)->deleted) {
      errors.push_back({reference.field, kind_name + " " + reference.target_id + " is deleted"});
    }
  }
  if (!parent_checked) {
    if (draft.parent_id == self_id) {
      errors.push_back({"parent_id", "a record cannot be its own parent (" + draft.parent_id + ")"});
    } else {
      Result<std::optional<TargetState>> parent = FindTarget(connection, draft.parent_id);
      if (!parent) return Fail(parent.error());
      if (!*parent) {
        errors.push_back({"parent_id", "no record with id " + draft.parent_id});
      } else if ((*parent)->deleted) {
        errors.push_back(
            {"parent_id", std::string(core::KindName((*parent)->kind)) + " " + draft.parent_id + " is deleted"});
      }
    }
  }
  if (errors.empty() && !draft.parent_id.empty()) {
    // Issues nest; a parent chain that comes back to the record itself would
    // make every walk up the hierarchy loop forever. One recursive query.
    PgParams params;
    params.Ref(draft.parent_id).Text(self_id);
    Result<PgResult> cycle = connection.Exec(
        "WITH RECURSIVE up(id, depth) AS ("
        "  SELECT $1::text COLLATE \"C\", 0"
        "  UNION ALL SELECT r.parent_id, up.depth + 1 FROM records r JOIN up ON r.id = up.id"
        "  WHERE r.parent_id IS NOT NULL AND up.depth < 10000 AND up.id <> $2::text COLLATE \"C\")"
        " SELECT 1 FROM up WHERE id = $2::text COLLATE \"C\" LIMIT 1",
        params);
    if (!cycle) return Fail(cycle.error());
    if (cycle->rows() > 0) {
      errors.push_back({"parent_id", draft.parent_id + " is under " + std::string(self_id) +
                                         "; a record cannot be placed under itself"});
    }
  }
  if (!errors.empty()) return Fail(Error::Invalid(std::move(errors)));
  return {};
}

Status InsertRecord(PgConnection& connection, const core::RecordHeader& header, const std::string& body) {
  PgParams params;
  params.Ref(header.id)
      .Text(core::KindName(header.kind))
      .Int(header.revision)
      .Text(core::ToCode(header.visibility))
      .OptionalRef(header.parent_id)
      .Ref(body)
      .Ref(header.created_at)
      .Ref(header.updated_at)
      .Bool(header.deleted);
  Result<PgResult> inserted = connection.Exec(
      "INSERT INTO records (id, kind, revision, visibility, parent_id, body, created_at, updated_at, deleted) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
      params);
  if (!inserted) return Fail(inserted.error());
  return {};
}

// "($1, $2), ($3, $4)": `rows` rows of `columns` parameters.
std::string ValuesSql(int columns, std::size_t rows) {
  std::string sql = " VALUES ";
  int p = 1;
  for (std::size_t r = 0; r < rows; ++r) {
    sql += r == 0 ? "(" : ", (";
    for (int c = 0; c < columns; ++c) sql += (c == 0 ? "$" : ", $") + std::to_string(p++);
    sql += ")";
  }
  return sql;
}

Status InsertReferenceRows(PgConnection& connection, const std::vector<const std::string*>& from,
                           const std::vector<const core::Reference*>& references) {
  for (std::size_t i = 0; i < references.size(); i += kImportBatchRows) {
    const std::size_t n = std::min(kImportBatchRows, references.size() - i);
    PgParams params;
    for (std::size_t k = i; k < i + n; ++k) {
      params.Ref(*from[k]).Ref(references[k]->field).Ref(references[k]->target_id);
    }
    Result<PgResult> inserted = connection.Exec(
        "INSERT INTO record_references (from_id, field, to_id)" + ValuesSql(3, n) + " ON CONFLICT DO NOTHING", params);
    if (!inserted) return Fail(inserted.error());
  }
  return {};
}

Status ReplaceReferences(PgConnection& connection, const std::string& from_id,
                         const std::vector<core::Reference>& references) {
  PgParams params;
  params.Ref(from_id);
  Result<PgResult> cleared = connection.Exec("DELETE FROM record_references WHERE from_id = $1", params);
  if (!cleared) return Fail(cleared.error());
  std::vector<const std::string*> from(references.size(), &from_id);
  std::vector<const core::Reference*> rows;
  for (const core::Reference& reference : references) rows.push_back(&reference);
  return InsertReferenceRows(connection, from, rows);
}

Status ValidateSha256(std::string_view sha256, const std::string& field) {
  const bool hex = sha256.size() == 64 && sha256.find_first_not_of("0123456789abcdef") == std::string_view::npos;
  if (!hex) return Fail(Error::Invalid(field, "must be 64 lowercase hexadecimal digits"));
  return {};
}

// Same hash, same bytes: a second copy is ignored.
Status InsertBlob(PgConnection& connection, const core::Blob& blob) {
  PgParams params;
  params.Ref(blob.sha256).Int(static_cast<std::int64_t>(blob.bytes.size())).Bytes(blob.bytes);
  Result<PgResult> inserted = connection.Exec(
      "INSERT INTO blobs (sha256, size, data) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING", params);
  if (!inserted) return Fail(inserted.error());
  return {};
}

void AddRevisionParams(PgParams& params, const core::Revision& revision, const std::string* after) {
  params.Ref(revision.record_id)
      .Int(revision.revision)
      .Text(core::KindName(revision.kind))
      .Text(core::ToCode(revision.operation))
      .Ref(revision.actor)
      .Ref(revision.at)
      .Text(core::ToCode(revision.visibility_before))
      .Text(core::ToCode(revision.visibility_after));
  if (revision.before.is_null()) {
    params.Null();
  } else {
    params.Text(revision.before.dump());
  }
  if (after != nullptr) {
    params.Ref(*after);
  } else {
    params.Text(revision.after.dump());
  }
  params.Bool(revision.deleted_after);
}

Status InsertRevision(PgConnection& connection, const core::Revision& revision) {
  PgParams params;
  AddRevisionParams(params, revision, nullptr);
  Result<PgResult> inserted =
      connection.Exec(std::string("INSERT INTO revisions (") + kRevisionColumns + ")" + ValuesSql(11, 1), params);
  if (!inserted) return Fail(inserted.error());
  return {};
}

Error StaleRevision(const core::StoredRecord& current, std::int64_t base_revision) {
  return Error::Conflict("record " + current.header.id + " is at revision " + std::to_string(current.header.revision) +
                         "; your change was based on revision " + std::to_string(base_revision) +
                         ". Reload and apply your change again.");
}

Error NoSuchRecord(std::string_view id) { return Error::NotFound("no record with id " + std::string(id)); }

// The first live record that has `id` as parent or refers to it, for Delete.
Result<std::optional<std::string>> FindLiveDependent(PgConnection& connection, const std::string& id) {
  PgParams params;
  params.Ref(id);
  Result<PgResult> child =
      connection.Exec("SELECT id FROM records WHERE parent_id = $1 AND NOT deleted ORDER BY id LIMIT 1", params);
  if (!child) return Fail(child.error());
  if (child->rows() > 0) return std::optional<std::string>("record " + std::string(child->Text(0, 0)) + " is under it");
  Result<PgResult> referrer = connection.Exec(
      "SELECT r.from_id, r.field FROM record_references AS r JOIN records AS f ON f.id = r.from_id "
      "WHERE r.to_id = $1 AND NOT f.deleted AND r.from_id <> r.to_id ORDER BY r.from_id, r.field LIMIT 1",
      params);
  if (!referrer) return Fail(referrer.error());
  if (referrer->rows() > 0) {
    return std::optional<std::string>("record " + std::string(referrer->Text(0, 0)) + " refers to it in " +
                                      std::string(referrer->Text(0, 1)));
  }
  return std::optional<std::string>();
}

// For Restore: the first deleted record the record's parent or references name.
Result<std::optional<std::string>> FindDeletedDependency(PgConnection& connection, const core::StoredRecord& record) {
  if (!record.header.parent_id.empty()) {
    Result<std::optional<TargetState>> parent = FindTarget(connection, record.header.parent_id);
    if (!parent) return Fail(parent.error());
    if (*parent && (*parent)->deleted) return std::optional<std::string>(record.header.parent_id);
  }
  PgParams params;
  params.Ref(record.header.id);
  Result<PgResult> rows = connection.Exec(
      "SELECT t.id FROM record_references AS r JOIN records AS t ON t.id = r.to_id "
      "WHERE r.from_id = $1 AND t.deleted ORDER BY t.id LIMIT 1",
      params);
  if (!rows) return Fail(rows.error());
  if (rows->rows() > 0) return std::optional<std::string>(std::string(rows->Text(0, 0)));
  return std::optional<std::string>();
}

std::string VisibilityList(core::Visibility max) {
  std::string list;
  for (core::Visibility v : {core::Visibility::kPublic, core::Visibility::kInternal, core::Visibility::kRestricted}) {
    if (!core::IsVisibleTo(v, max)) continue;
    if (!list.empty()) list += ", ";
    list += "'" + std::string(core::ToCode(v)) + "'";
  }
  return list;
}

std::vector<core::FieldError> Prefixed(std::string_view prefix, std::vector<core::FieldError> fields) {
  for (core::FieldError& field : fields) {
    field.field = field.field.empty() ? std::string(prefix) : std::string(prefix) + "." + field.field;
  }
  return fields;
}

}  // namespace

class PostgresStore::Lease {
 public:
  Lease(PostgresStore* store, std::unique_ptr<PgConnection> connection)
      : store_(store), connection_(std::move(connection)) {}
  Lease(Lease&& other) noexcept = default;
  Lease& operator=(Lease&&) = delete;
  ~Lease() {
    if (connection_) store_->Release(std::move(connection_));
  }
  PgConnection& operator*() { return *connection_; }
  PgConnection* operator->() { return connection_.get(); }

 private:
  PostgresStore* store_;
  std::unique_ptr<PgConnection> connection_;
};

bool PostgresStore::IsUrl(std::string_view db) {
  return db.starts_with("postgresql://") || db.starts_with("postgres://");
}

Result<std::unique_ptr<PostgresStore>> PostgresStore::Open(const std::string& url) {
  Result<std::unique_ptr<PgConnection>> connection = PgConnection::Open(url);
  if (!connection) return Fail(connection.error());
  if (Status migrated = PgMigrate(**connection, kWriterLockKey); !migrated) return Fail(migrated.error());
  return std::unique_ptr<PostgresStore>(new PostgresStore(url, std::move(*connection)));
}

PostgresStore::PostgresStore(std::string url, std::unique_ptr<PgConnection> first) : url_(std::move(url)) {
  idle_.push_back(std::move(first));
}

PostgresStore::~PostgresStore() = default;

Result<PostgresStore::Lease> PostgresStore::Acquire() {
  {
    std::lock_guard lock(pool_mu_);
    while (!idle_.empty()) {
      std::unique_ptr<PgConnection> connection = std::move(idle_.back());
      idle_.pop_back();
      if (!connection->broken()) return Lease(this, std::move(connection));
    }
  }
  Result<std::unique_ptr<PgConnection>> connection = PgConnection::Open(url_);
  if (!connection) return Fail(connection.error());
  return Lease(this, std::move(*connection));
}

void PostgresStore::Release(std::unique_ptr<PgConnection> connection) {
  // A call that failed half-way may have left its transaction open; a
  // connection that cannot even roll back is closed rather than reused.
  if (connection->broken()) return;
  if (connection->in_transaction() && (!connection->Run("ROLLBACK") || connection->in_transaction())) return;
  std::lock_guard lock(pool_mu_);
  if (idle_.size() < kMaxIdleConnections) idle_.push_back(std::move(connection));
}

template <typename Body>
auto PostgresStore::WriteTransaction(std::string_view what, Body&& body, WriteKind kind)
    -> decltype(body(std::declval<PgConnection&>())) {
  for (int attempt = 1;; ++attempt) {
    Result<Lease> lease = Acquire();
    if (!lease) {
      Error error = lease.error();
      error.message = "could not " + std::string(what) + ": " + error.message;
      return Fail(std::move(error));
    }
    PgConnection& connection = **lease;
    auto result = [&]() -> decltype(body(std::declval<PgConnection&>())) {
      if (Status begun = connection.Run("BEGIN ISOLATION LEVEL READ COMMITTED"); !begun) return Fail(begun.error());
      if (kind != WriteKind::kAccount) {
        PgParams key;
        key.Int(kind == WriteKind::kAudit ? kAuditLockKey : kWriterLockKey);
        if (Result<PgResult> locked = connection.Exec("SELECT pg_advisory_xact_lock($1::bigint)", key); !locked) {
          return Fail(locked.error());
        }
      }
      auto done = body(connection);
      if (!done) return done;
      if (kind == WriteKind::kRecord) {
        if (Result<PgResult> bumped = connection.Exec("UPDATE change_counter SET value = value + 1"); !bumped) {
          return Fail(bumped.error());
        }
      }
      if (Status committed = connection.Run("COMMIT"); !committed) return Fail(committed.error());
      return done;
    }();
    if (result) return result;
    const std::string state = connection.last_sqlstate();
    if (connection.in_transaction()) (void)connection.Run("ROLLBACK");  // the first error is the one to report
    const bool retry = state == "40001" || state == "40P01";
    if (!retry || attempt >= kWriteAttempts) return result;
  }
}

Result<core::StoredRecord> PostgresStore::Create(const core::RecordDraft& draft, const core::Actor& actor) {
  const std::string id = draft.id.empty() ? core::NewId(draft.kind) : draft.id;
  if (Status valid = core::ValidateId(id, draft.kind); !valid) return Fail(valid.error());
  const std::string body = draft.body.dump();
  return WriteTransaction("create " + id, [&](PgConnection& connection) -> Result<core::StoredRecord> {
    Result<std::optional<TargetState>> existing = FindTarget(connection, id);
    if (!existing) return Fail(existing.error());
    if (*existing) {
      return Fail(Error::Conflict("a record with id " + id + " already exists" +
                                  ((*existing)->deleted ? " (deleted; ids are never reused)" : "")));
    }
    if (Status checked = CheckReferences(connection, draft, id); !checked) return Fail(checked.error());

    core::StoredRecord record;
    record.header = {.id = id,
                     .kind = draft.kind,
                     .revision = 1,
                     .visibility = draft.visibility,
                     .parent_id = draft.parent_id,
                     .created_at = PgNowTimestamp(),
                     .updated_at = {},
                     .deleted = false};
    record.header.updated_at = record.header.created_at;
    record.body = draft.body;
    if (Status inserted = InsertRecord(connection, record.header, body); !inserted) return Fail(inserted.error());
    if (Status indexed = ReplaceReferences(connection, id, draft.references); !indexed) return Fail(indexed.error());

    core::Revision revision{.record_id = id,
                            .kind = draft.kind,
                            .revision = 1,
                            .operation = core::RevisionOperation::kCreate,
                            .actor = actor.name,
                            .at = record.header.created_at,
                            .visibility_before = draft.visibility,
                            .visibility_after = draft.visibility,
                            .before = nullptr,
                            .after = draft.body,
                            .deleted_after = false};
    if (Status logged = InsertRevision(connection, revision); !logged) return Fail(logged.error());
    return record;
  });
}

Result<core::StoredRecord> PostgresStore::Update(std::string_view id, std::int64_t base_revision,
                                                 const core::RecordDraft& draft, const core::Actor& actor) {
  const std::string body = draft.body.dump();
  return WriteTransaction("update " + std::string(id), [&](PgConnection& connection) -> Result<core::StoredRecord> {
    Result<std::optional<core::StoredRecord>> found = FindRecord(connection, id);
    if (!found) return Fail(found.error());
    if (!*found) return Fail(NoSuchRecord(id));
    core::StoredRecord record = std::move(**found);
    if (record.header.kind != draft.kind) {
      return Fail(Error::Invalid("kind", "record " + record.header.id + " is a " +
                                             std::string(core::KindName(record.header.kind)) + ", not a " +
                                             std::string(core::KindName(draft.kind))));
    }
    if (record.header.deleted) {
      return Fail(Error::Conflict("record " + record.header.id + " is deleted; restore it first"));
    }
    if (record.header.revision != base_revision) return Fail(StaleRevision(record, base_revision));
    if (Status checked = CheckReferences(connection, draft, record.header.id); !checked) {
      return Fail(checked.error());
    }

    core::Revision revision{.record_id = record.header.id,
                            .kind = record.header.kind,
                            .revision = record.header.revision + 1,
                            .operation = core::RevisionOperation::kUpdate,
                            .actor = actor.name,
                            .at = PgNowTimestamp(),
                            .visibility_before = record.header.visibility,
                            .visibility_after = draft.visibility,
                            .before = std::move(record.body),
                            .after = draft.body,
                            .deleted_after = false};
    record.header.revision = revision.revision;
    record.header.visibility = draft.visibility;
    record.header.parent_id = draft.parent_id;
    record.header.updated_at = revision.at;
    record.body = draft.body;

    PgParams params;
    params.Int(record.header.revision)
        .Text(core::ToCode(record.header.visibility))
        .OptionalRef(record.header.parent_id)
        .Ref(body)
        .Ref(record.header.updated_at)
        .Ref(record.header.id);
    Result<PgResult> updated = connection.Exec(
        "UPDATE records SET revision = $1, visibility = $2, parent_id = $3, body = $4, updated_at = $5 WHERE id = $6",
        params);
    if (!updated) return Fail(updated.error());
    if (Status indexed = ReplaceReferences(connection, record.header.id, draft.references); !indexed) {
      return Fail(indexed.error());
    }
    if (Status logged = InsertRevision(connection, revision); !logged) return Fail(logged.error());
    return record;
  });
}

Result<core::StoredRecord> PostgresStore::Delete(std::string_view id, std::int64_t base_revision,
                                                 const core::Actor& actor) {
  return ChangeDeleted(id, base_revision, actor, /*delete_it=*/true);
}

Result<core::StoredRecord> PostgresStore::Restore(std::string_view id, std::int64_t base_revision,
                                                  const core::Actor& actor) {
  return ChangeDeleted(id, base_revision, actor, /*delete_it=*/false);
}

Result<core::StoredRecord> PostgresStore::ChangeDeleted(std::string_view id, std::int64_t base_revision,
                                                        const core::Actor& actor, bool delete_it) {
  const std::string verb = delete_it ? "delete" : "restore";
  return WriteTransaction(verb + " " + std::string(id), [&](PgConnection& connection) -> Result<core::StoredRecord> {
    Result<std::optional<core::StoredRecord>> found = FindRecord(connection, id);
    if (!found) return Fail(found.error());
    if (!*found) return Fail(NoSuchRecord(id));
    core::StoredRecord record = std::move(**found);
    if (record.header.deleted == delete_it) {
      return Fail(
          Error::Conflict("record " + record.header.id +
                          (delete_it ? " is already deleted" : " is not deleted; there is nothing to restore")));
    }
    if (record.header.revision != base_revision) return Fail(StaleRevision(record, base_revision));
    if (delete_it) {
      Result<std::optional<std::string>> dependent = FindLiveDependent(connection, record.header.id);
      if (!dependent) return Fail(dependent.error());
      if (*dependent) {
        return Fail(Error::Conflict("record " + record.header.id + " cannot be deleted while " + **dependent +
                                    "; delete that first"));
      }
    } else {
      Result<std::optional<std::string>> dependency = FindDeletedDependency(connection, record);
      if (!dependency) return Fail(dependency.error());
      if (*dependency) {
        return Fail(Error::Conflict("record " + record.header.id + " cannot be restored while record " + **dependency +
                                    " is deleted; restore that first"));
      }
    }

    core::Revision revision{
        .record_id = record.header.id,
        .kind = record.header.kind,
        .revision = record.header.revision + 1,
        .operation = delete_it ? core::RevisionOperation::kDelete : core::RevisionOperation::kRestore,
        .actor = actor.name,
        .at = PgNowTimestamp(),
        .visibility_before = record.header.visibility,
        .visibility_after = record.header.visibility,
        .before = record.body,
        .after = record.body,
        .deleted_after = delete_it};
    record.header.revision = revision.revision;
    record.header.updated_at = revision.at;
    record.header.deleted = delete_it;

    PgParams params;
    params.Int(record.header.revision).Bool(delete_it).Ref(record.header.updated_at).Ref(record.header.id);
    Result<PgResult> updated =
        connection.Exec("UPDATE records SET revision = $1, deleted = $2, updated_at = $3 WHERE id = $4", params);
    if (!updated) return Fail(updated.error());
    if (Status logged = InsertRevision(connection, revision); !logged) return Fail(logged.error());
    return record;
  });
}

Result<core::StoredRecord> PostgresStore::Get(std::string_view id) {
  Result<Lease> lease = Acquire();
  if (!lease) return Fail(lease.error());
  Result<std::optional<core::StoredRecord>> found = FindRecord(**lease, id);
  if (!found) return Fail(found.error());
  if (!*found) return Fail(NoSuchRecord(id));
  return std::move(**found);
}

Result<core::ListPage> PostgresStore::List(const core::ListQuery& query) {
  if (core::Status checked = core::CheckListQuery(query); !checked) return Fail(checked.error());

  PgParams params;
  int next = 1;
  std::string where = " WHERE visibility IN (" + VisibilityList(query.max_visibility) + ")";
  if (query.kind) {
    where += " AND kind = $" + std::to_string(next++);
    params.Text(core::KindName(*query.kind));
  }
  if (query.parent_id) {
    where += " AND parent_id = $" + std::to_string(next++);
    params.Ref(*query.parent_id);
  }
  if (query.references_id) {
    where += " AND id IN (SELECT from_id FROM record_references WHERE to_id = $" + std::to_string(next++) + ")";
    params.Ref(*query.references_id);
  }
  if (!query.include_deleted) where += " AND NOT deleted";
  // One statement gives the page and the total, so they agree.
  params.Int(query.limit).Int(query.offset);
  const std::string sql = std::string("SELECT ") + kRecordColumns + ", count(*) OVER () FROM records" + where +
                          " ORDER BY created_at, id LIMIT $" + std::to_string(next) + " OFFSET $" +
                          std::to_string(next + 1);

  Result<Lease> lease = Acquire();
  if (!lease) return Fail(lease.error());
  Result<PgResult> rows = (*lease)->Exec(sql, params);
  if (!rows) return Fail(rows.error());
  core::ListPage page;
  for (int r = 0; r < rows->rows(); ++r) {
    Result<core::StoredRecord> record = ReadRecord(*rows, r);
    if (!record) return Fail(record.error());
    page.records.push_back(std::move(*record));
    page.total = rows->Int(r, 9);
  }
  if (rows->rows() == 0) {
    // count(*) OVER () has no row to ride on past the last page: count alone.
    const std::string count_sql = "SELECT count(*) FROM records" + where + " AND $" + std::to_string(next) +
                                  "::bigint > 0 AND $" + std::to_string(next + 1) + "::bigint >= 0";
    Result<PgResult> count = (*lease)->Exec(count_sql, params);
    if (!count) return Fail(count.error());
    page.total = count->Int(0, 0);
  }
  return page;
}

Result<std::vector<core::Revision>> PostgresStore::History(std::string_view id) {
  Result<Lease> lease = Acquire();
  if (!lease) return Fail(lease.error());
  PgParams params;
  params.Text(id);
  Result<PgResult> rows = (*lease)->Exec(
      std::string("SELECT ") + kRevisionColumns + " FROM revisions WHERE record_id = $1 ORDER BY revision", params);
  if (!rows) return Fail(rows.error());
  if (rows->rows() == 0) {
    // Every record has its create revision, but say kNotFound only when it is so.
    Result<std::optional<TargetState>> exists = FindTarget(**lease, id);
    if (!exists) return Fail(exists.error());
    if (!*exists) return Fail(NoSuchRecord(id));
  }
  std::vector<core::Revision> revisions;
  for (int r = 0; r < rows->rows(); ++r) {
    Result<core::Revision> revision = ReadRevision(*rows, r);
    if (!revision) return Fail(revision.error());
    revisions.push_back(std::move(*revision));
  }
  return revisions;
}

Result<core::Bundle> PostgresStore::Export() {
  Result<Lease> lease = Acquire();
  if (!lease) return Fail(lease.error());
  PgConnection& connection = **lease;
  // One snapshot for the three reads, even while others write.
  if (Status begun = connection.Run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); !begun) {
    return Fail(begun.error());
  }
  core::Bundle bundle;
  {
    Result<PgResult> rows = connection.Exec(std::string("SELECT ") + kRecordColumns + " FROM records ORDER BY id");
    if (!rows) return Fail(rows.error());
    for (int r = 0; r < rows->rows(); ++r) {
      Result<core::StoredRecord> record = ReadRecord(*rows, r);
      if (!record) return Fail(record.error());
      bundle.records.push_back(std::move(*record));
    }
  }
  {
    Result<PgResult> rows = connection.Exec(
        std::string("SELECT ") + kRevisionColumns +
        " FROM revisions ORDER BY record_id, revision");  // record_id is COLLATE "C"
    if (!rows) return Fail(rows.error());
    for (int r = 0; r < rows->rows(); ++r) {
      Result<core::Revision> revision = ReadRevision(*rows, r);
      if (!revision) return Fail(revision.error());
      bundle.revisions.push_back(std::move(*revision));
    }
  }
  {
    PgParams none;
    Result<PgResult> rows = connection.Exec("SELECT sha256, data FROM blobs ORDER BY sha256", none,
                                            /*binary_result=*/true);
    if (!rows) return Fail(rows.error());
    for (int r = 0; r < rows->rows(); ++r) {
      bundle.blobs.push_back({std::string(rows->Text(r, 0)), std::string(rows->Text(r, 1))});
    }
  }
  if (Status ended = connection.Run("COMMIT"); !ended) return Fail(ended.error());
  return bundle;
}

Status PostgresStore::Import(const core::Bundle& bundle) { return ImportBundle(bundle, nullptr); }

Status PostgresStore::ImportWithReferences(const core::Bundle& bundle,
                                           const std::vector<std::vector<core::Reference>>& references) {
  if (references.size() != bundle.records.size()) {
    return Fail(Error::Invalid("references", "must hold one list per record of the bundle: got " +
                                                 std::to_string(references.size()) + " for " +
                                                 std::to_string(bundle.records.size()) + " records"));
  }
  return ImportBundle(bundle, &references);
}

Status PostgresStore::ImportBundle(const core::Bundle& bundle,
                                   const std::vector<std::vector<core::Reference>>* given) {
  // Checks that need no database come first, as in SqliteStore.
  auto path_of = [](std::size_t i) { return "records[" + std::to_string(i) + "]"; };
  std::vector<core::FieldError> errors;
  std::unordered_set<std::string_view> ids;
  ids.reserve(bundle.records.size());
  std::vector<std::vector<core::Reference>> derived(given == nullptr ? bundle.records.size() : 0);
  for (std::size_t i = 0; i < bundle.records.size(); ++i) {
    const core::RecordHeader& header = bundle.records[i].header;
    if (Status valid = core::ValidateId(header.id, header.kind); !valid) {
      Status named = core::ValidateId(header.id, header.kind, path_of(i) + ".id");
      errors.insert(errors.end(), named.error().fields.begin(), named.error().fields.end());
      continue;
    }
    if (!ids.insert(header.id).second) {
      errors.push_back({path_of(i) + ".id", "appears more than once in the bundle: " + header.id});
      continue;
    }
    if (given == nullptr) {
      Result<core::RecordDraft> draft = core::MakeDraft(header.kind, bundle.records[i].body, header.id);
      if (!draft) {
        std::vector<core::FieldError> prefixed = Prefixed(path_of(i), std::move(draft.error().fields));
        errors.insert(errors.end(), prefixed.begin(), prefixed.end());
        continue;
      }
      derived[i] = std::move(draft->references);
    }
    if (header.revision < 1) errors.push_back({path_of(i) + ".revision", "must be 1 or more"});
  }
  const std::vector<std::vector<core::Reference>>& references = given != nullptr ? *given : derived;
  for (std::size_t i = 0; i < bundle.revisions.size(); ++i) {
    const core::Revision& revision = bundle.revisions[i];
    if (!ids.contains(revision.record_id)) {
      errors.push_back(
          {"revisions[" + std::to_string(i) + "].record_id", "names no record in the bundle: " + revision.record_id});
    }
  }
  for (std::size_t i = 0; i < bundle.blobs.size(); ++i) {
    if (Status valid = ValidateSha256(bundle.blobs[i].sha256, "blobs[" + std::to_string(i) + "].sha256"); !valid) {
      errors.insert(errors.end(), valid.error().fields.begin(), valid.error().fields.end());
    }
  }
  if (!errors.empty()) return Fail(Error::Invalid(std::move(errors)));

  std::vector<std::string> bodies(bundle.records.size());
  for (std::size_t i = 0; i < bundle.records.size(); ++i) bodies[i] = bundle.records[i].body.dump();

  return WriteTransaction("import the bundle", [&](PgConnection& connection) -> Status {
    // Parents may come after their children; foreign keys are checked at COMMIT.
    if (Status deferred = connection.Run("SET CONSTRAINTS ALL DEFERRED"); !deferred) return deferred;

    std::vector<std::string> taken;
    for (std::size_t i = 0; i < bundle.records.size(); i += kImportBatchRows) {
      const std::size_t n = std::min(kImportBatchRows, bundle.records.size() - i);
      PgParams params;
      std::string sql = "SELECT id FROM records WHERE id IN (";
      for (std::size_t k = 0; k < n; ++k) {
        sql += (k == 0 ? "$" : ", $") + std::to_string(k + 1);
        params.Ref(bundle.records[i + k].header.id);
      }
      Result<PgResult> rows = connection.Exec(sql + ")", params);
      if (!rows) return Fail(rows.error());
      for (int r = 0; r < rows->rows(); ++r) taken.emplace_back(rows->Text(r, 0));
    }
    if (!taken.empty()) {
      std::sort(taken.begin(), taken.end());
      std::string message = "the database already has " + (taken.size() == 1
                                                                ? "a record with id " + taken[0]
                                                                : std::to_string(taken.size()) +
                                                                      " of the bundle's ids: " + taken[0]);
      for (std::size_t i = 1; i < taken.size() && i < 5; ++i) message += ", " + taken[i];
      if (taken.size() > 5) message += ", ...";
      return Fail(Error::Conflict(message + "; nothing was imported"));
    }

    std::vector<core::FieldError> missing;
    std::unordered_set<std::string> found_outside;
    auto check_target = [&](const std::string& target, std::size_t i, std::string_view field) -> Status {
      if (ids.contains(target) || found_outside.contains(target)) return {};
      Result<std::optional<TargetState>> found = FindTarget(connection, target);
      if (!found) return Fail(found.error());
      if (*found) {
        found_outside.insert(target);
      } else {
        missing.push_back(
            {path_of(i) + "." + std::string(field), "no record with id " + target + " in the bundle or the database"});
      }
      return {};
    };
    for (std::size_t i = 0; i < bundle.records.size(); ++i) {
      const core::StoredRecord& record = bundle.records[i];
      if (!record.header.parent_id.empty()) {
        if (Status checked = check_target(record.header.parent_id, i, "parent_id"); !checked) return checked;
      }
      for (const core::Reference& reference : references[i]) {
        if (Status checked = check_target(reference.target_id, i, reference.field); !checked) return checked;
      }
    }
    if (!missing.empty()) return Fail(Error::Invalid(std::move(missing)));

    for (std::size_t i = 0; i < bundle.records.size(); i += kImportBatchRows) {
      const std::size_t n = std::min(kImportBatchRows, bundle.records.size() - i);
      PgParams params;
      for (std::size_t k = i; k < i + n; ++k) {
        const core::RecordHeader& header = bundle.records[k].header;
        params.Ref(header.id)
            .Text(core::KindName(header.kind))
            .Int(header.revision)
            .Text(core::ToCode(header.visibility))
            .OptionalRef(header.parent_id)
            .Ref(bodies[k])
            .Ref(header.created_at)
            .Ref(header.updated_at)
            .Bool(header.deleted);
      }
      Result<PgResult> inserted = connection.Exec(
          "INSERT INTO records (id, kind, revision, visibility, parent_id, body, created_at, updated_at, deleted)" +
              ValuesSql(9, n),
          params);
      if (!inserted) return Fail(inserted.error());
    }

    std::vector<const std::string*> from;
    std::vector<const core::Reference*> rows;
    for (std::size_t i = 0; i < bundle.records.size(); ++i) {
      for (const core::Reference& reference : references[i]) {
        from.push_back(&bundle.records[i].header.id);
        rows.push_back(&reference);
      }
    }
    if (Status indexed = InsertReferenceRows(connection, from, rows); !indexed) return indexed;

    // Revisions in bundle order, so the feed numbers them as given.
    for (std::size_t i = 0; i < bundle.revisions.size(); i += kImportBatchRows) {
      const std::size_t n = std::min(kImportBatchRows, bundle.revisions.size() - i);
      PgParams params;
      for (std::size_t k = i; k < i + n; ++k) AddRevisionParams(params, bundle.revisions[k], nullptr);
      Result<PgResult> inserted = connection.Exec(
          std::string("INSERT INTO revisions (") + kRevisionColumns + ")" + ValuesSql(11, n), params);
      if (!inserted) return Fail(inserted.error());
    }
    for (const core::Blob& blob : bundle.blobs) {
      if (Status stored = InsertBlob(connection, blob); !stored) return stored;
    }
    return {};
  });
}

Result<std::vector<core::Change>> PostgresStore::ChangesSince(std::int64_t after_sequence, std::int64_t limit) {
  std::vector<core::FieldError> errors;
  if (limit < 1 || limit > kMaxChangesLimit) {
    errors.push_back(
        {"limit", "must be between 1 and " + std::to_string(kMaxChangesLimit) + "; got " + std::to_string(limit)});
  }
  if (after_sequence < 0) {
    errors.push_back({"after_sequence", "must be 0 or more; got " + std::to_string(after_sequence)});
  }
  if (!errors.empty()) return Fail(Error::Invalid(std::move(errors)));

  Result<Lease> lease = Acquire();
  if (!lease) return Fail(lease.error());
  PgParams params;
  params.Int(after_sequence).Int(limit);
  Result<PgResult> rows = (*lease)->Exec(
      "SELECT sequence, record_id FROM revisions WHERE sequence > $1 ORDER BY sequence LIMIT $2", params);
  if (!rows) return Fail(rows.error());
  std::vector<core::Change> changes;
  changes.reserve(static_cast<std::size_t>(rows->rows()));
  for (int r = 0; r < rows->rows(); ++r) changes.push_back({rows->Int(r, 0), std::string(rows->Text(r, 1))});
  return changes;
}

Status PostgresStore::PutBlob(const core::Blob& blob) {
  if (Status valid = ValidateSha256(blob.sha256, "sha256"); !valid) return valid;
  return WriteTransaction("store the file", [&](PgConnection& connection) { return InsertBlob(connection, blob); });
}

Result<core::Blob> PostgresStore::GetBlob(std::string_view sha256) {
  Result<Lease> lease = Acquire();
  if (!lease) return Fail(lease.error());
  PgParams params;
  params.Text(sha256);
  Result<PgResult> rows = (*lease)->Exec("SELECT data FROM blobs WHERE sha256 = $1", params, /*binary_result=*/true);
  if (!rows) return Fail(rows.error());
  if (rows->rows() == 0) return Fail(Error::NotFound("no file with SHA-256 " + std::string(sha256)));
  return core::Blob{std::string(sha256), std::string(rows->Text(0, 0))};
}

std::int64_t PostgresStore::ChangeCounter() {
  Result<Lease> lease = Acquire();
  if (lease) {
    Result<PgResult> rows = (*lease)->Exec("SELECT value FROM change_counter");
    if (rows && rows->rows() == 1) return rows->Int(0, 0);
  }
  // Unreadable now: report a change so that callers reload and meet the error.
  return -unreadable_.fetch_add(1, std::memory_order_relaxed) - 1;
}

// --- Purge ---------------------------------------------------------------------

namespace {

// Referrers named in Purge's refusal.
constexpr int kMaxReferrersNamed = 20;

// 64 lowercase hex digits: how a body names a blob (an evidence file's sha256).
bool LooksLikeSha256(std::string_view text) {
  return text.size() == 64 && text.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

// Every string in `value` that could be a blob's hash.
void CollectHashes(const nlohmann::json& value, std::set<std::string>& hashes) {
  if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    if (LooksLikeSha256(text)) hashes.insert(text);
  } else if (value.is_structured()) {
    for (const nlohmann::json& item : value) CollectHashes(item, hashes);
  }
}

// The other records under `id` or referring to it, deleted or not, as
// "rnd_x (under it, dialogue_id)"; "" when there are none.
Result<std::string> DescribeReferrers(PgConnection& connection, const std::string& id) {
  PgParams params;
  params.Ref(id);
  Result<PgResult> rows = connection.Exec(
      "SELECT id, deleted, ''::text COLLATE \"C\" AS field FROM records WHERE parent_id = $1 AND id <> $1 "
      "UNION SELECT r.from_id, f.deleted, r.field FROM record_references AS r JOIN records AS f ON f.id = r.from_id "
      "WHERE r.to_id = $1 AND r.from_id <> $1 ORDER BY 1, 3",
      params);
  if (!rows) return Fail(rows.error());
  std::vector<std::pair<std::string, std::string>> referrers;  // id, what
  for (int r = 0; r < rows->rows(); ++r) {
    const std::string from(rows->Text(r, 0));
    const std::string how = rows->Text(r, 2).empty() ? "under it" : std::string(rows->Text(r, 2));
    if (!referrers.empty() && referrers.back().first == from) {
      referrers.back().second += ", " + how;
    } else {
      referrers.emplace_back(from, std::string(rows->Bool(r, 1) ? "deleted; " : "") + how);
    }
  }
  std::string described;
  for (std::size_t i = 0; i < referrers.size(); ++i) {
    if (i == kMaxReferrersNamed) {
      described += ", and " + std::to_string(referrers.size() - i) + " more";
      break;
    }
    if (i > 0) described += ", ";
    described += referrers[i].first + " (" + referrers[i].second + ")";
  }
  return described;
}

Status RunWithId(PgConnection& connection, const std::string& sql, const std::string& id) {
  PgParams params;
  params.Ref(id);
  Result<PgResult> ran = connection.Exec(sql, params);
  if (!ran) return Fail(ran.error());
  return {};
}

}  // namespace

Status PostgresStore::Purge(std::string_view id) {
  const std::string record_id(id);
  Status purged = WriteTransaction("purge " + record_id, [&](PgConnection& connection) -> Status {
    Result<std::optional<core::StoredRecord>> found = FindRecord(connection, id);
    if (!found) return Fail(found.error());
    if (!*found) return Fail(NoSuchRecord(id));
    Result<std::string> referrers = DescribeReferrers(connection, record_id);
    if (!referrers) return Fail(referrers.error());
    if (!referrers->empty()) {
      return Fail(Error::Conflict("record " + record_id + " cannot be purged while other records refer to it: " +
                                  *referrers + "; purge or edit those first"));
    }

    // The blobs this record ever named, from its body and every revision.
    std::set<std::string> hashes;
    CollectHashes((*found)->body, hashes);
    {
      PgParams params;
      params.Ref(record_id);
      Result<PgResult> rows = connection.Exec("SELECT before, after FROM revisions WHERE record_id = $1", params);
      if (!rows) return Fail(rows.error());
      for (int r = 0; r < rows->rows(); ++r) {
        for (int column : {0, 1}) {
          if (rows->IsNull(r, column)) continue;
          Result<nlohmann::json> body = ParseJson(rows->Text(r, column), "a revision of " + record_id);
          if (!body) return Fail(body.error());
          CollectHashes(*body, hashes);
        }
      }
    }

    // The immutability trigger lets a revision go only while this
    // transaction's readout.purging names its record.
    for (const char* sql : {"SELECT set_config('readout.purging', $1, true)",
                            "DELETE FROM revisions WHERE record_id = $1"}) {
      if (Status ran = RunWithId(connection, sql, record_id); !ran) return ran;
    }
    if (Result<PgResult> reset = connection.Exec("SELECT set_config('readout.purging', '', true)"); !reset) {
      return Fail(reset.error());
    }
    for (const char* sql : {"DELETE FROM record_references WHERE from_id = $1 OR to_id = $1",
                            "DELETE FROM records WHERE id = $1"}) {
      if (Status ran = RunWithId(connection, sql, record_id); !ran) return ran;
    }
    for (const std::string& hash : hashes) {
      // A blob stays while any remaining record, or any revision of one, names it.
      if (Status dropped = RunWithId(
              connection,
              "DELETE FROM blobs WHERE sha256 = $1 "
              "AND NOT EXISTS (SELECT 1 FROM records WHERE strpos(body, $1) > 0) "
              "AND NOT EXISTS (SELECT 1 FROM revisions WHERE strpos(after, $1) > 0 "
              "OR strpos(coalesce(before, ''), $1) > 0)",
              hash);
          !dropped) {
        return dropped;
      }
    }
    return {};
  });
  if (!purged) return purged;
  return Vacuum("records, revisions, record_references, blobs", "record " + record_id + " is purged");
}

Status PostgresStore::Vacuum(const std::string& tables, std::string_view done) {
  Result<Lease> lease = Acquire();
  if (!lease) {
    return Fail(Error::Unavailable(std::string(done) + ", but VACUUM could not run: " + lease.error().message));
  }
  // A pooled connection is outside any transaction block (Release sees to it).
  if (Status vacuumed = (*lease)->Run("VACUUM " + tables); !vacuumed) {
    return Fail(Error::Unavailable(std::string(done) + ", but VACUUM " + tables +
                                   " failed, so dead rows stay until autovacuum: " + vacuumed.error().message));
  }
  return {};
}

// --- AccountStore ----------------------------------------------------------------

namespace {

constexpr std::int64_t kMaxAuditLimit = 10000;

Status CheckDocumentName(std::string_view collection, std::string_view key) {
  std::vector<core::FieldError> errors;
  if (collection.empty()) errors.push_back({"collection", "must not be empty"});
  if (key.empty()) errors.push_back({"key", "must not be empty"});
  if (!errors.empty()) return Fail(Error::Invalid(std::move(errors)));
  return {};
}

std::string DocumentName(std::string_view collection, std::string_view key) {
  return "document " + std::string(collection) + "/" + std::string(key);
}

// What AccountStore::AppendAudit asks of `seal`'s row.
Status CheckSealed(const auth::AuditRow& row, std::int64_t last_sequence, std::string_view last_hash) {
  std::vector<core::FieldError> errors;
  if (row.sequence != last_sequence + 1) {
    errors.push_back({"sequence", "must be " + std::to_string(last_sequence + 1) + ", one past the last row; got " +
                                      std::to_string(row.sequence)});
  }
  if (row.previous_hash != last_hash) {
    errors.push_back({"previous_hash", "must be the last row's hash \"" + std::string(last_hash) + "\"; got \"" +
                                           row.previous_hash + "\""});
  }
  if (row.entry.empty()) errors.push_back({"entry", "must not be empty"});
  if (row.hash.empty()) errors.push_back({"hash", "must not be empty"});
  if (errors.empty()) return {};
  std::string message = "the audit row to append is not sealed onto the last one:";
  for (const core::FieldError& error : errors) message += " " + error.field + " " + error.problem + ";";
  message.pop_back();
  return Fail(Error::Internal(message));
}

}  // namespace

Result<std::optional<auth::Document>> PostgresStore::GetDocument(std::string_view collection, std::string_view key) {
  if (Status named = CheckDocumentName(collection, key); !named) return Fail(named.error());
  Result<Lease> lease = Acquire();
  if (!lease) return Fail(lease.error());
  PgParams params;
  params.Text(collection).Text(key);
  Result<PgResult> rows = (*lease)->Exec(
      "SELECT key, version, body FROM system_documents WHERE collection = $1 AND key = $2", params);
  if (!rows) return Fail(rows.error());
  if (rows->rows() == 0) return std::optional<auth::Document>();
  return std::optional<auth::Document>(
      auth::Document{std::string(rows->Text(0, 0)), rows->Int(0, 1), std::string(rows->Text(0, 2))});
}

Result<std::int64_t> PostgresStore::PutDocument(std::string_view collection, std::string_view key,
                                                std::int64_t expected_version, std::string_view body) {
  if (Status named = CheckDocumentName(collection, key); !named) return Fail(named.error());
  if (expected_version < 0) {
    return Fail(Error::Invalid("expected_version", "must be 0 (create) or the current version; got " +
                                                       std::to_string(expected_version)));
  }
  const std::string name = DocumentName(collection, key);
  return WriteTransaction(
      "write " + name,
      [&](PgConnection& connection) -> Result<std::int64_t> {
        // One statement decides: the insert does nothing on a taken key, the
        // update matches only the expected version (READ COMMITTED re-checks
        // the row after waiting for a concurrent writer), so of two racing
        // writers one wins and the other sees zero rows.
        PgParams params;
        params.Text(collection).Text(key).Text(body);
        if (expected_version != 0) params.Int(expected_version);
        Result<PgResult> written =
            expected_version == 0
                ? connection.Exec(
                      "INSERT INTO system_documents (collection, key, version, body) VALUES ($1, $2, 1, $3) "
                      "ON CONFLICT (collection, key) DO NOTHING RETURNING version",
                      params)
                : connection.Exec(
                      "UPDATE system_documents SET version = version + 1, body = $3 "
                      "WHERE collection = $1 AND key = $2 AND version = $4 RETURNING version",
                      params);
        if (!written) return Fail(written.error());
        if (written->rows() == 1) return written->Int(0, 0);

        PgParams which;
        which.Text(collection).Text(key);
        Result<PgResult> current =
            connection.Exec("SELECT version FROM system_documents WHERE collection = $1 AND key = $2", which);
        if (!current) return Fail(current.error());
        if (current->rows() == 0) {
          if (expected_version == 0) {
            return Fail(Error::Conflict(name + " was created and removed meanwhile; try again"));
          }
          return Fail(Error::NotFound("no " + name));
        }
        const std::int64_t version = current->Int(0, 0);
        if (expected_version == 0) {
          return Fail(Error::Conflict(name + " already exists (version " + std::to_string(version) + ")"));
        }
        return Fail(Error::Conflict(name + " is at version " + std::to_string(version) +
                                    "; the change was based on version " + std::to_string(expected_version)));
      },
      WriteKind::kAccount);
}

Status PostgresStore::DeleteDocument(std::string_view collection, std::string_view key) {
  if (Status named = CheckDocumentName(collection, key); !named) return named;
  const std::string name = DocumentName(collection, key);
  Status deleted = WriteTransaction(
      "delete " + name,
      [&](PgConnection& connection) -> Status {
        PgParams params;
        params.Text(collection).Text(key);
        Result<PgResult> removed =
            connection.Exec("DELETE FROM system_documents WHERE collection = $1 AND key = $2", params);
        if (!removed) return Fail(removed.error());
        return {};
      },
      WriteKind::kAccount);
  if (!deleted) return deleted;
  return Vacuum("system_documents", name + " is deleted");
}

Result<std::vector<auth::Document>> PostgresStore::ListDocuments(std::string_view collection) {
  if (collection.empty()) return Fail(Error::Invalid("collection", "must not be empty"));
  Result<Lease> lease = Acquire();
  if (!lease) return Fail(lease.error());
  PgParams params;
  params.Text(collection);
  Result<PgResult> rows = (*lease)->Exec(
      "SELECT key, version, body FROM system_documents WHERE collection = $1 ORDER BY key", params);
  if (!rows) return Fail(rows.error());
  std::vector<auth::Document> documents;
  documents.reserve(static_cast<std::size_t>(rows->rows()));
  for (int r = 0; r < rows->rows(); ++r) {
    documents.push_back(auth::Document{std::string(rows->Text(r, 0)), rows->Int(r, 1), std::string(rows->Text(r, 2))});
  }
  return documents;
}

Result<auth::AuditRow> PostgresStore::AppendAudit(
    const std::function<auth::AuditRow(std::int64_t last_sequence, std::string_view last_hash)>& seal) {
  // The audit lock is taken before the last row is read, so no other
  // appender, in any process, can read the same last row.
  return WriteTransaction(
      "append to the audit log",
      [&](PgConnection& connection) -> Result<auth::AuditRow> {
        Result<PgResult> last = connection.Exec("SELECT sequence, hash FROM audit_log ORDER BY sequence DESC LIMIT 1");
        if (!last) return Fail(last.error());
        const std::int64_t last_sequence = last->rows() == 0 ? 0 : last->Int(0, 0);
        const std::string last_hash = last->rows() == 0 ? std::string() : std::string(last->Text(0, 1));
        auth::AuditRow row = seal(last_sequence, last_hash);
        if (Status sealed = CheckSealed(row, last_sequence, last_hash); !sealed) return Fail(sealed.error());
        PgParams params;
        params.Int(row.sequence).Ref(row.entry).Ref(row.target_id).Ref(row.target_salt).Ref(row.previous_hash).Ref(
            row.hash);
        Result<PgResult> inserted = connection.Exec(
            "INSERT INTO audit_log (sequence, entry, target_id, target_salt, previous_hash, hash) "
            "VALUES ($1, $2, $3, $4, $5, $6)",
            params);
        if (!inserted) return Fail(inserted.error());
        return row;
      },
      WriteKind::kAudit);
}

Result<std::vector<auth::AuditRow>> PostgresStore::ReadAudit(std::int64_t after_sequence, std::int64_t limit) {
  std::vector<core::FieldError> errors;
  if (limit < 1 || limit > kMaxAuditLimit) {
    errors.push_back(
        {"limit", "must be between 1 and " + std::to_string(kMaxAuditLimit) + "; got " + std::to_string(limit)});
  }
  if (after_sequence < 0) {
    errors.push_back({"after_sequence", "must be 0 or more; got " + std::to_string(after_sequence)});
  }
  if (!errors.empty()) return Fail(Error::Invalid(std::move(errors)));

  Result<Lease> lease = Acquire();
  if (!lease) return Fail(lease.error());
  PgParams params;
  params.Int(after_sequence).Int(limit);
  Result<PgResult> rows = (*lease)->Exec(
      "SELECT sequence, entry, target_id, target_salt, previous_hash, hash FROM audit_log "
      "WHERE sequence > $1 ORDER BY sequence LIMIT $2",
      params);
  if (!rows) return Fail(rows.error());
  std::vector<auth::AuditRow> audit;
  audit.reserve(static_cast<std::size_t>(rows->rows()));
  for (int r = 0; r < rows->rows(); ++r) {
    audit.push_back(auth::AuditRow{rows->Int(r, 0), std::string(rows->Text(r, 1)), std::string(rows->Text(r, 2)),
                                   std::string(rows->Text(r, 3)), std::string(rows->Text(r, 4)),
                                   std::string(rows->Text(r, 5))});
  }
  return audit;
}

Status PostgresStore::ForgetAuditTarget(std::string_view target_id) {
  if (target_id.empty()) return Fail(Error::Invalid("target_id", "must not be empty"));
  const std::string id(target_id);
  Status forgotten = WriteTransaction(
      "forget " + id + " in the audit log",
      [&](PgConnection& connection) {
        return RunWithId(connection, "UPDATE audit_log SET target_id = '', target_salt = '' WHERE target_id = $1", id);
      },
      WriteKind::kAudit);
  if (!forgotten) return forgotten;
  return Vacuum("audit_log", "the audit log no longer names " + id);
}

}  // namespace readout::store
