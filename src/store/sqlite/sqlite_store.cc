#include "store/sqlite/sqlite_store.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "core/entity_codec.h"
#include "store/sqlite/migrations.h"

namespace readout::store {

using core::Error;
using core::Fail;
using core::Result;
using core::Status;

namespace {

// Idle reader connections kept open; more are opened under load and closed after.
constexpr std::size_t kMaxIdleReaders = 8;
constexpr std::int64_t kMaxChangesLimit = 10000;

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

// Reads a row selected with kRecordColumns.
Result<core::StoredRecord> ReadRecord(const Query& row) {
  core::StoredRecord record;
  record.header.id = row.Text(0);
  const std::string what = "record " + record.header.id;
  Result<core::RecordKind> kind = ParseKind(row.Text(1), what);
  if (!kind) return Fail(kind.error());
  record.header.kind = *kind;
  record.header.revision = row.Int(2);
  Result<core::Visibility> visibility = ParseStoredVisibility(row.Text(3), what);
  if (!visibility) return Fail(visibility.error());
  record.header.visibility = *visibility;
  record.header.parent_id = row.Text(4);
  Result<nlohmann::json> body = ParseJson(row.Text(5), what);
  if (!body) return Fail(body.error());
  record.body = std::move(*body);
  record.header.created_at = row.Text(6);
  record.header.updated_at = row.Text(7);
  record.header.deleted = row.Int(8) != 0;
  return record;
}

// Reads a row selected with kRevisionColumns.
Result<core::Revision> ReadRevision(const Query& row) {
  core::Revision revision;
  revision.record_id = row.Text(0);
  revision.revision = row.Int(1);
  const std::string what = "revision " + std::to_string(revision.revision) + " of " + revision.record_id;
  Result<core::RecordKind> kind = ParseKind(row.Text(2), what);
  if (!kind) return Fail(kind.error());
  revision.kind = *kind;
  std::optional<core::RevisionOperation> operation = core::ParseRevisionOperation(row.Text(3));
  if (!operation) return Fail(Error::Internal(what + " has an unknown operation"));
  revision.operation = *operation;
  revision.actor = row.Text(4);
  revision.at = row.Text(5);
  Result<core::Visibility> before_visibility = ParseStoredVisibility(row.Text(6), what);
  if (!before_visibility) return Fail(before_visibility.error());
  revision.visibility_before = *before_visibility;
  Result<core::Visibility> after_visibility = ParseStoredVisibility(row.Text(7), what);
  if (!after_visibility) return Fail(after_visibility.error());
  revision.visibility_after = *after_visibility;
  if (!row.IsNull(8)) {
    Result<nlohmann::json> before = ParseJson(row.Text(8), what);
    if (!before) return Fail(before.error());
    revision.before = std::move(*before);
  }
  Result<nlohmann::json> after = ParseJson(row.Text(9), what);
  if (!after) return Fail(after.error());
  revision.after = std::move(*after);
  revision.deleted_after = row.Int(10) != 0;
  return revision;
}

// The record with `id`, deleted or not; nullopt when there is none.
Result<std::optional<core::StoredRecord>> FindRecord(Connection& connection, std::string_view id) {
  Result<Query> query = connection.Prepare(std::string("SELECT ") + kRecordColumns + " FROM records WHERE id = ?");
  if (!query) return Fail(query.error());
  query->Bind(1, id);
  Result<bool> row = query->Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<core::StoredRecord>();
  Result<core::StoredRecord> record = ReadRecord(*query);
  if (!record) return Fail(record.error());
  return std::optional<core::StoredRecord>(std::move(*record));
}

struct TargetState {
  core::RecordKind kind;
  bool deleted;
};

Result<std::optional<TargetState>> FindTarget(Connection& connection, std::string_view id) {
  Result<Query> query = connection.Prepare("SELECT kind, deleted FROM records WHERE id = ?");
  if (!query) return Fail(query.error());
  query->Bind(1, id);
  Result<bool> row = query->Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<TargetState>();
  Result<core::RecordKind> kind = ParseKind(query->Text(0), "record " + std::string(id));
  if (!kind) return Fail(kind.error());
  return std::optional<TargetState>(TargetState{*kind, query->Int(1) != 0});
}

// Every reference (and the parent) of a draft must name a live record of the
// right kind. All problems are reported, each naming its field.
Status CheckReferences(Connection& connection, const core::RecordDraft& draft, std::string_view self_id) {
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
    // make every walk up the hierarchy loop forever.
    std::string ancestor = draft.parent_id;
    for (int depth = 0; !ancestor.empty() && depth < 10000; ++depth) {
      if (ancestor == self_id) {
        errors.push_back({"parent_id", draft.parent_id + " is under " + std::string(self_id) +
                                           "; a record cannot be placed under itself"});
        break;
      }
      Result<Query> up = connection.Prepare("SELECT parent_id FROM records WHERE id = ?");
      if (!up) return Fail(up.error());
      up->Bind(1, ancestor);
      Result<bool> row = up->Step();
      if (!row) return Fail(row.error());
      ancestor = *row ? std::string(up->Text(0)) : std::string();
    }
  }
  if (!errors.empty()) return Fail(Error::Invalid(std::move(errors)));
  return {};
}

Status InsertRecord(Connection& connection, const core::RecordHeader& header, const std::string& body) {
  Result<Query> query = connection.Prepare(
      "INSERT INTO records (id, kind, revision, visibility, parent_id, body, created_at, updated_at, deleted) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!query) return Fail(query.error());
  query->Bind(1, header.id)
      .Bind(2, core::KindName(header.kind))
      .Bind(3, header.revision)
      .Bind(4, core::ToCode(header.visibility))
      .BindOptional(5, header.parent_id)
      .Bind(6, body)
      .Bind(7, header.created_at)
      .Bind(8, header.updated_at)
      .Bind(9, std::int64_t{header.deleted ? 1 : 0});
  return query->Run();
}

Status ReplaceReferences(Connection& connection, std::string_view from_id,
                         const std::vector<core::Reference>& references) {
  Result<Query> clear = connection.Prepare("DELETE FROM record_references WHERE from_id = ?");
  if (!clear) return Fail(clear.error());
  clear->Bind(1, from_id);
  if (Status cleared = clear->Run(); !cleared) return cleared;
  for (const core::Reference& reference : references) {
    Result<Query> insert =
        connection.Prepare("INSERT OR IGNORE INTO record_references (from_id, field, to_id) VALUES (?, ?, ?)");
    if (!insert) return Fail(insert.error());
    insert->Bind(1, from_id).Bind(2, reference.field).Bind(3, reference.target_id);
    if (Status inserted = insert->Run(); !inserted) return inserted;
  }
  return {};
}

Status ValidateSha256(std::string_view sha256, const std::string& field) {
  const bool hex = sha256.size() == 64 && sha256.find_first_not_of("0123456789abcdef") == std::string_view::npos;
  if (!hex) return Fail(Error::Invalid(field, "must be 64 lowercase hexadecimal digits"));
  return {};
}

// Same hash, same bytes: a second copy is ignored.
Status InsertBlob(Connection& connection, const core::Blob& blob) {
  Result<Query> insert = connection.Prepare("INSERT OR IGNORE INTO blobs (sha256, size, data) VALUES (?, ?, ?)");
  if (!insert) return Fail(insert.error());
  insert->Bind(1, blob.sha256).Bind(2, static_cast<std::int64_t>(blob.bytes.size())).BindBlob(3, blob.bytes);
  return insert->Run();
}

Status InsertRevision(Connection& connection, const core::Revision& revision) {
  Result<Query> query = connection.Prepare(std::string("INSERT INTO revisions (") + kRevisionColumns +
                                           ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!query) return Fail(query.error());
  query->Bind(1, revision.record_id)
      .Bind(2, revision.revision)
      .Bind(3, core::KindName(revision.kind))
      .Bind(4, core::ToCode(revision.operation))
      .Bind(5, revision.actor)
      .Bind(6, revision.at)
      .Bind(7, core::ToCode(revision.visibility_before))
      .Bind(8, core::ToCode(revision.visibility_after));
  if (revision.before.is_null()) {
    query->BindNull(9);
  } else {
    query->Bind(9, revision.before.dump());
  }
  query->Bind(10, revision.after.dump()).Bind(11, std::int64_t{revision.deleted_after ? 1 : 0});
  return query->Run();
}

// --- Bulk import ---------------------------------------------------------------

// Rows per multi-row INSERT, and ids per existence query. A statement's
// fixed cost (starting it, and building the small tables SQLite uses for the
// schema's CHECK (... IN (...)) lists) is paid once per statement, so batching
// divides it; 100 rows x 11 columns stays far below SQLite's parameter limit.
constexpr std::size_t kImportBatchRows = 100;
constexpr std::size_t kIdsPerQuery = 500;
// Page cache for an import transaction: negative means KiB (256 MiB).
constexpr std::int64_t kImportCacheKiB = -262144;
// Records plus revisions from which an import serialises on two threads.
constexpr std::size_t kParallelSerialiseMin = 2000;

// "<head> VALUES (?, ?), (?, ?)": `rows` rows of `columns` parameters.
std::string MultiRowSql(std::string_view head, int columns, std::size_t rows) {
  std::string row = "(";
  for (int c = 0; c < columns; ++c) row += c == 0 ? "?" : ", ?";
  row += ")";
  std::string sql(head);
  sql += " VALUES ";
  for (std::size_t r = 0; r < rows; ++r) {
    if (r > 0) sql += ", ";
    sql += row;
  }
  return sql;
}

// Inserts `count` rows, kImportBatchRows per statement and the remainder one
// at a time, so only two statements per table enter the connection's cache.
// `bind_row(query, first_parameter, index)` binds row `index`.
template <typename BindRow>
Status InsertBatched(Connection& connection, std::string_view head, int columns, std::size_t count,
                     BindRow&& bind_row) {
  std::size_t i = 0;
  if (count >= kImportBatchRows) {
    const std::string batch_sql = MultiRowSql(head, columns, kImportBatchRows);
    for (; i + kImportBatchRows <= count; i += kImportBatchRows) {
      Result<Query> query = connection.Prepare(batch_sql);
      if (!query) return Fail(query.error());
      for (std::size_t r = 0; r < kImportBatchRows; ++r) bind_row(*query, static_cast<int>(r) * columns + 1, i + r);
      if (Status ran = query->Run(); !ran) return ran;
    }
  }
  const std::string single_sql = MultiRowSql(head, columns, 1);
  for (; i < count; ++i) {
    Result<Query> query = connection.Prepare(single_sql);
    if (!query) return Fail(query.error());
    bind_row(*query, 1, i);
    if (Status ran = query->Run(); !ran) return ran;
  }
  return {};
}

// The ids of `records` the database already has, kIdsPerQuery per query (the
// last query padded with repeats of its last id, so one statement serves all).
Result<std::vector<std::string>> ExistingIds(Connection& connection, const std::vector<core::StoredRecord>& records) {
  std::vector<std::string> taken;
  if (records.empty()) return taken;
  std::string sql = "SELECT id FROM records WHERE id IN (";
  for (std::size_t k = 0; k < kIdsPerQuery; ++k) sql += k == 0 ? "?" : ", ?";
  sql += ")";
  for (std::size_t i = 0; i < records.size(); i += kIdsPerQuery) {
    Result<Query> query = connection.Prepare(sql);
    if (!query) return Fail(query.error());
    for (std::size_t k = 0; k < kIdsPerQuery; ++k) {
      const std::size_t at = std::min(i + k, records.size() - 1);
      query->BindUnowned(static_cast<int>(k) + 1, records[at].header.id);
    }
    while (true) {
      Result<bool> row = query->Step();
      if (!row) return Fail(row.error());
      if (!*row) break;
      taken.emplace_back(query->Text(0));
    }
  }
  return taken;
}

Status InsertRecords(Connection& connection, const std::vector<core::StoredRecord>& records,
                     const std::vector<std::string>& bodies) {
  return InsertBatched(
      connection,
      "INSERT INTO records (id, kind, revision, visibility, parent_id, body, created_at, updated_at, deleted)", 9,
      records.size(), [&](Query& query, int p, std::size_t i) {
        // Every text outlives the statement: the bundle's, `bodies` or static codes.
        const core::RecordHeader& header = records[i].header;
        query.BindUnowned(p, header.id)
            .BindUnowned(p + 1, core::KindName(header.kind))
            .Bind(p + 2, header.revision)
            .BindUnowned(p + 3, core::ToCode(header.visibility))
            .BindOptionalUnowned(p + 4, header.parent_id)
            .BindUnowned(p + 5, bodies[i])
            .BindUnowned(p + 6, header.created_at)
            .BindUnowned(p + 7, header.updated_at)
            .Bind(p + 8, std::int64_t{header.deleted ? 1 : 0});
      });
}

// The references of new records (nothing to clear first).
Status InsertReferences(Connection& connection, const std::vector<core::StoredRecord>& records,
                        const std::vector<std::vector<core::Reference>>& references) {
  struct Row {
    const std::string* from_id;
    const core::Reference* reference;
  };
  std::vector<Row> rows;
  for (std::size_t i = 0; i < records.size(); ++i) {
    for (const core::Reference& reference : references[i]) rows.push_back({&records[i].header.id, &reference});
  }
  return InsertBatched(connection, "INSERT OR IGNORE INTO record_references (from_id, field, to_id)", 3, rows.size(),
                       [&](Query& query, int p, std::size_t i) {
                         query.BindUnowned(p, *rows[i].from_id)
                             .BindUnowned(p + 1, rows[i].reference->field)
                             .BindUnowned(p + 2, rows[i].reference->target_id);
                       });
}

// `afters[i]`, when set, is revisions[i].after already serialised.
Status InsertRevisions(Connection& connection, const std::vector<core::Revision>& revisions,
                       const std::vector<const std::string*>& afters) {
  return InsertBatched(
      connection, std::string("INSERT INTO revisions (") + kRevisionColumns + ")", 11, revisions.size(),
      [&](Query& query, int p, std::size_t i) {
        // Texts from the bundle, `afters` and static codes outlive the
        // statement; those serialised here are copied.
        const core::Revision& revision = revisions[i];
        query.BindUnowned(p, revision.record_id)
            .Bind(p + 1, revision.revision)
            .BindUnowned(p + 2, core::KindName(revision.kind))
            .BindUnowned(p + 3, core::ToCode(revision.operation))
            .BindUnowned(p + 4, revision.actor)
            .BindUnowned(p + 5, revision.at)
            .BindUnowned(p + 6, core::ToCode(revision.visibility_before))
            .BindUnowned(p + 7, core::ToCode(revision.visibility_after));
        if (revision.before.is_null()) {
          query.BindNull(p + 8);
        } else {
          query.Bind(p + 8, revision.before.dump());
        }
        if (afters[i] != nullptr) {
          query.BindUnowned(p + 9, *afters[i]);
        } else {
          query.Bind(p + 9, revision.after.dump());
        }
        query.Bind(p + 10, std::int64_t{revision.deleted_after ? 1 : 0});
      });
}

// The "create" revision of each new record (Store::ImportCreated), its
// `after` the record's serialised body.
Status InsertCreateRevisions(Connection& connection, const std::vector<core::StoredRecord>& records,
                             const std::vector<std::string>& bodies, const std::string& actor) {
  return InsertBatched(
      connection, std::string("INSERT INTO revisions (") + kRevisionColumns + ")", 11, records.size(),
      [&](Query& query, int p, std::size_t i) {
        // Every text outlives the statement: the bundle's, `bodies`, `actor` or static codes.
        const core::RecordHeader& header = records[i].header;
        query.BindUnowned(p, header.id)
            .Bind(p + 1, std::int64_t{1})
            .BindUnowned(p + 2, core::KindName(header.kind))
            .BindUnowned(p + 3, core::ToCode(core::RevisionOperation::kCreate))
            .BindUnowned(p + 4, actor)
            .BindUnowned(p + 5, header.created_at)
            .BindUnowned(p + 6, core::ToCode(header.visibility))
            .BindUnowned(p + 7, core::ToCode(header.visibility))
            .BindNull(p + 8)
            .BindUnowned(p + 9, bodies[i])
            .Bind(p + 10, std::int64_t{0});
      });
}

Error StaleRevision(const core::StoredRecord& current, std::int64_t base_revision) {
  return Error::Conflict("record " + current.header.id + " is at revision " + std::to_string(current.header.revision) +
                         "; your change was based on revision " + std::to_string(base_revision) +
                         ". Reload and apply your change again.");
}

Error NoSuchRecord(std::string_view id) { return Error::NotFound("no record with id " + std::string(id)); }

// The first live record that has `id` as parent or refers to it, for Delete.
Result<std::optional<std::string>> FindLiveDependent(Connection& connection, std::string_view id) {
  Result<Query> child = connection.Prepare("SELECT id FROM records WHERE parent_id = ? AND deleted = 0 LIMIT 1");
  if (!child) return Fail(child.error());
  child->Bind(1, id);
  Result<bool> row = child->Step();
  if (!row) return Fail(row.error());
  if (*row) return std::optional<std::string>("record " + std::string(child->Text(0)) + " is under it");
  Result<Query> referrer = connection.Prepare(
      "SELECT r.from_id, r.field FROM record_references AS r JOIN records AS f ON f.id = r.from_id "
      "WHERE r.to_id = ? AND f.deleted = 0 AND r.from_id <> r.to_id LIMIT 1");
  if (!referrer) return Fail(referrer.error());
  referrer->Bind(1, id);
  row = referrer->Step();
  if (!row) return Fail(row.error());
  if (*row) {
    return std::optional<std::string>("record " + std::string(referrer->Text(0)) + " refers to it in " +
                                      std::string(referrer->Text(1)));
  }
  return std::optional<std::string>();
}

// For Restore: the first deleted record the record's parent or references name.
Result<std::optional<std::string>> FindDeletedDependency(Connection& connection, const core::StoredRecord& record) {
  if (!record.header.parent_id.empty()) {
    Result<std::optional<TargetState>> parent = FindTarget(connection, record.header.parent_id);
    if (!parent) return Fail(parent.error());
    if (*parent && (*parent)->deleted) return std::optional<std::string>(record.header.parent_id);
  }
  Result<Query> query = connection.Prepare(
      "SELECT t.id FROM record_references AS r JOIN records AS t ON t.id = r.to_id "
      "WHERE r.from_id = ? AND t.deleted = 1 LIMIT 1");
  if (!query) return Fail(query.error());
  query->Bind(1, record.header.id);
  Result<bool> row = query->Step();
  if (!row) return Fail(row.error());
  if (*row) return std::optional<std::string>(std::string(query->Text(0)));
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

class SqliteStore::ReaderLease {
 public:
  ReaderLease(SqliteStore* store, std::unique_ptr<Connection> connection)
      : store_(store), connection_(std::move(connection)) {}
  ReaderLease(ReaderLease&& other) noexcept = default;
  ReaderLease& operator=(ReaderLease&&) = delete;
  ~ReaderLease() {
    if (connection_) store_->ReleaseReader(std::move(connection_));
  }
  Connection& operator*() { return *connection_; }
  Connection* operator->() { return connection_.get(); }

 private:
  SqliteStore* store_;
  std::unique_ptr<Connection> connection_;
};

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path) {
  Result<std::unique_ptr<Connection>> writer = Connection::Open(path, /*create=*/true);
  if (!writer) return Fail(writer.error());
  {
    Result<Query> mode = (*writer)->Prepare("PRAGMA journal_mode = WAL");
    if (!mode) return Fail(mode.error());
    Result<bool> row = mode->Step();
    if (!row) return Fail(row.error());
    if (!*row || mode->Text(0) != "wal") {
      return Fail(
          Error::Unavailable("could not put the database " + path + " in WAL mode (is it on a network file system?)"));
    }
  }
  // secure_delete: rows this connection deletes or rewrites are overwritten
  // with zeros, so Purge and DeleteDocument leave no bytes behind.
  if (Status set = (*writer)->Exec("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON;");
      !set) {
    return Fail(set.error());
  }
  if (Result<std::int64_t> secure = (*writer)->QueryInt("PRAGMA secure_delete"); !secure || *secure != 1) {
    return Fail(Error::Unavailable("could not turn on secure_delete for the database " + path +
                                   ": this SQLite library does not support it"));
  }
  if (Status migrated = Migrate(**writer); !migrated) return Fail(migrated.error());

  Result<std::unique_ptr<Connection>> watcher = Connection::Open(path, /*create=*/false);
  if (!watcher) return Fail(watcher.error());
  if (Status set = (*watcher)->Exec("PRAGMA query_only = ON"); !set) return Fail(set.error());

  std::unique_ptr<SqliteStore> store(new SqliteStore(path, std::move(*writer), std::move(*watcher)));
  store->ChangeCounter();  // sets the data_version baseline
  return store;
}

SqliteStore::SqliteStore(std::string path, std::unique_ptr<Connection> writer, std::unique_ptr<Connection> watcher)
    : path_(std::move(path)), writer_(std::move(writer)), watcher_(std::move(watcher)) {}

SqliteStore::~SqliteStore() = default;

Result<SqliteStore::ReaderLease> SqliteStore::AcquireReader() {
  {
    std::lock_guard lock(readers_mu_);
    if (!idle_readers_.empty()) {
      std::unique_ptr<Connection> connection = std::move(idle_readers_.back());
      idle_readers_.pop_back();
      return ReaderLease(this, std::move(connection));
    }
  }
  Result<std::unique_ptr<Connection>> connection = Connection::Open(path_, /*create=*/false);
  if (!connection) return Fail(connection.error());
  if (Status set = (*connection)->Exec("PRAGMA query_only = ON"); !set) return Fail(set.error());
  return ReaderLease(this, std::move(*connection));
}

void SqliteStore::ReleaseReader(std::unique_ptr<Connection> connection) {
  // A read that failed half-way may have left its transaction open; a
  // connection that cannot even roll back is dropped rather than reused.
  if (sqlite3_get_autocommit(connection->handle()) == 0 && !connection->Exec("ROLLBACK")) return;
  std::lock_guard lock(readers_mu_);
  if (idle_readers_.size() < kMaxIdleReaders) idle_readers_.push_back(std::move(connection));
}

template <typename Body>
auto SqliteStore::WriteTransaction(std::string_view what, Body&& body, bool record_write)
    -> decltype(body(std::declval<Connection&>())) {
  std::lock_guard lock(writer_mu_);
  Connection& connection = *writer_;
  if (sqlite3_get_autocommit(connection.handle()) == 0) (void)connection.Exec("ROLLBACK");
  if (Status begun = connection.Exec("BEGIN IMMEDIATE"); !begun) {
    Error error = begun.error();
    error.message = "could not " + std::string(what) + ": " + error.message;
    return Fail(std::move(error));
  }
  auto result = body(connection);
  if (!result) {
    (void)connection.Exec("ROLLBACK");  // the body's error is the one to report
    return result;
  }
  if (record_write) {
    if (Status bumped = connection.Exec("UPDATE change_counter SET value = value + 1"); !bumped) {
      (void)connection.Exec("ROLLBACK");
      return Fail(bumped.error());
    }
  }
  if (Status committed = connection.Exec("COMMIT"); !committed) {
    (void)connection.Exec("ROLLBACK");
    return Fail(committed.error());
  }
  if (record_write) generation_.fetch_add(1, std::memory_order_acq_rel);
  return result;
}

Result<core::StoredRecord> SqliteStore::Create(const core::RecordDraft& draft, const core::Actor& actor) {
  const std::string id = draft.id.empty() ? core::NewId(draft.kind) : draft.id;
  if (Status valid = core::ValidateId(id, draft.kind); !valid) return Fail(valid.error());
  const std::string body = draft.body.dump();
  return WriteTransaction("create " + id, [&](Connection& connection) -> Result<core::StoredRecord> {
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
                     .created_at = NowTimestamp(),
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

Result<core::StoredRecord> SqliteStore::Update(std::string_view id, std::int64_t base_revision,
                                               const core::RecordDraft& draft, const core::Actor& actor) {
  const std::string body = draft.body.dump();
  return WriteTransaction("update " + std::string(id), [&](Connection& connection) -> Result<core::StoredRecord> {
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
                            .at = NowTimestamp(),
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

    Result<Query> update = connection.Prepare(
        "UPDATE records SET revision = ?, visibility = ?, parent_id = ?, body = ?, updated_at = ? WHERE id = ?");
    if (!update) return Fail(update.error());
    update->Bind(1, record.header.revision)
        .Bind(2, core::ToCode(record.header.visibility))
        .BindOptional(3, record.header.parent_id)
        .Bind(4, body)
        .Bind(5, record.header.updated_at)
        .Bind(6, record.header.id);
    if (Status updated = update->Run(); !updated) return Fail(updated.error());
    if (Status indexed = ReplaceReferences(connection, record.header.id, draft.references); !indexed) {
      return Fail(indexed.error());
    }
    if (Status logged = InsertRevision(connection, revision); !logged) return Fail(logged.error());
    return record;
  });
}

Result<core::StoredRecord> SqliteStore::Delete(std::string_view id, std::int64_t base_revision,
                                               const core::Actor& actor) {
  return ChangeDeleted(id, base_revision, actor, /*delete_it=*/true);
}

Result<core::StoredRecord> SqliteStore::Restore(std::string_view id, std::int64_t base_revision,
                                                const core::Actor& actor) {
  return ChangeDeleted(id, base_revision, actor, /*delete_it=*/false);
}

Result<core::StoredRecord> SqliteStore::ChangeDeleted(std::string_view id, std::int64_t base_revision,
                                                      const core::Actor& actor, bool delete_it) {
  const std::string verb = delete_it ? "delete" : "restore";
  return WriteTransaction(verb + " " + std::string(id), [&](Connection& connection) -> Result<core::StoredRecord> {
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
        .at = NowTimestamp(),
        .visibility_before = record.header.visibility,
        .visibility_after = record.header.visibility,
        .before = record.body,
        .after = record.body,
        .deleted_after = delete_it};
    record.header.revision = revision.revision;
    record.header.updated_at = revision.at;
    record.header.deleted = delete_it;

    Result<Query> update =
        connection.Prepare("UPDATE records SET revision = ?, deleted = ?, updated_at = ? WHERE id = ?");
    if (!update) return Fail(update.error());
    update->Bind(1, record.header.revision)
        .Bind(2, std::int64_t{delete_it ? 1 : 0})
        .Bind(3, record.header.updated_at)
        .Bind(4, record.header.id);
    if (Status updated = update->Run(); !updated) return Fail(updated.error());
    if (Status logged = InsertRevision(connection, revision); !logged) return Fail(logged.error());
    return record;
  });
}

Result<core::StoredRecord> SqliteStore::Get(std::string_view id) {
  Result<ReaderLease> reader = AcquireReader();
  if (!reader) return Fail(reader.error());
  Result<std::optional<core::StoredRecord>> found = FindRecord(**reader, id);
  if (!found) return Fail(found.error());
  if (!*found) return Fail(NoSuchRecord(id));
  return std::move(**found);
}

Result<core::ListPage> SqliteStore::List(const core::ListQuery& query) {
  if (core::Status checked = core::CheckListQuery(query); !checked) return Fail(checked.error());

  // The SQL varies only in which filters are present, so the statement cache
  // holds a few dozen variants at most; values are always bound.
  std::string where = " WHERE visibility IN (" + VisibilityList(query.max_visibility) + ")";
  if (query.kind) where += " AND kind = :kind";
  if (query.parent_id) where += " AND parent_id = :parent";
  if (query.references_id) where += " AND id IN (SELECT from_id FROM record_references WHERE to_id = :target)";
  if (!query.include_deleted) where += " AND deleted = 0";
  auto bind_filters = [&](Query& q) {
    int index = 1;
    if (query.kind) q.Bind(index++, core::KindName(*query.kind));
    if (query.parent_id) q.Bind(index++, *query.parent_id);
    if (query.references_id) q.Bind(index++, *query.references_id);
    return index;
  };

  Result<ReaderLease> reader = AcquireReader();
  if (!reader) return Fail(reader.error());
  Connection& connection = **reader;
  // One read transaction, so the total and the page agree.
  if (Status begun = connection.Exec("BEGIN"); !begun) return Fail(begun.error());

  core::ListPage page;
  {
    Result<Query> count = connection.Prepare("SELECT COUNT(*) FROM records" + where);
    if (!count) return Fail(count.error());
    bind_filters(*count);
    Result<bool> row = count->Step();
    if (!row) return Fail(row.error());
    page.total = *row ? count->Int(0) : 0;
  }
  {
    Result<Query> select = connection.Prepare(std::string("SELECT ") + kRecordColumns + " FROM records" + where +
                                              " ORDER BY created_at, id LIMIT ? OFFSET ?");
    if (!select) return Fail(select.error());
    const int next = bind_filters(*select);
    select->Bind(next, query.limit).Bind(next + 1, query.offset);
    while (true) {
      Result<bool> row = select->Step();
      if (!row) return Fail(row.error());
      if (!*row) break;
      Result<core::StoredRecord> record = ReadRecord(*select);
      if (!record) return Fail(record.error());
      page.records.push_back(std::move(*record));
    }
  }
  if (Status ended = connection.Exec("COMMIT"); !ended) return Fail(ended.error());
  return page;
}

Result<std::vector<core::Revision>> SqliteStore::History(std::string_view id) {
  Result<ReaderLease> reader = AcquireReader();
  if (!reader) return Fail(reader.error());
  Connection& connection = **reader;
  if (Status begun = connection.Exec("BEGIN"); !begun) return Fail(begun.error());
  Result<std::optional<TargetState>> exists = FindTarget(connection, id);
  if (!exists) return Fail(exists.error());
  if (!*exists) return Fail(NoSuchRecord(id));

  std::vector<core::Revision> revisions;
  {
    Result<Query> select = connection.Prepare(std::string("SELECT ") + kRevisionColumns +
                                              " FROM revisions WHERE record_id = ? ORDER BY revision");
    if (!select) return Fail(select.error());
    select->Bind(1, id);
    while (true) {
      Result<bool> row = select->Step();
      if (!row) return Fail(row.error());
      if (!*row) break;
      Result<core::Revision> revision = ReadRevision(*select);
      if (!revision) return Fail(revision.error());
      revisions.push_back(std::move(*revision));
    }
  }
  if (Status ended = connection.Exec("COMMIT"); !ended) return Fail(ended.error());
  return revisions;
}

Result<core::Bundle> SqliteStore::Export() {
  Result<ReaderLease> reader = AcquireReader();
  if (!reader) return Fail(reader.error());
  Connection& connection = **reader;
  // One read transaction: a consistent snapshot even while others write.
  if (Status begun = connection.Exec("BEGIN"); !begun) return Fail(begun.error());

  core::Bundle bundle;
  {
    Result<Query> records = connection.Prepare(std::string("SELECT ") + kRecordColumns + " FROM records ORDER BY id");
    if (!records) return Fail(records.error());
    while (true) {
      Result<bool> row = records->Step();
      if (!row) return Fail(row.error());
      if (!*row) break;
      Result<core::StoredRecord> record = ReadRecord(*records);
      if (!record) return Fail(record.error());
      bundle.records.push_back(std::move(*record));
    }
  }
  {
    Result<Query> revisions =
        connection.Prepare(std::string("SELECT ") + kRevisionColumns + " FROM revisions ORDER BY record_id, revision");
    if (!revisions) return Fail(revisions.error());
    while (true) {
      Result<bool> row = revisions->Step();
      if (!row) return Fail(row.error());
      if (!*row) break;
      Result<core::Revision> revision = ReadRevision(*revisions);
      if (!revision) return Fail(revision.error());
      bundle.revisions.push_back(std::move(*revision));
    }
  }
  {
    Result<Query> blobs = connection.Prepare("SELECT sha256, data FROM blobs ORDER BY sha256");
    if (!blobs) return Fail(blobs.error());
    while (true) {
      Result<bool> row = blobs->Step();
      if (!row) return Fail(row.error());
      if (!*row) break;
      bundle.blobs.push_back({std::string(blobs->Text(0)), std::string(blobs->Blob(1))});
    }
  }
  if (Status ended = connection.Exec("COMMIT"); !ended) return Fail(ended.error());
  return bundle;
}

Status SqliteStore::Import(const core::Bundle& bundle) { return ImportBundle(bundle, nullptr); }

Status SqliteStore::ImportWithReferences(const core::Bundle& bundle,
                                         const std::vector<std::vector<core::Reference>>& references) {
  if (references.size() != bundle.records.size()) {
    return Fail(Error::Invalid("references", "must hold one list per record of the bundle: got " +
                                                 std::to_string(references.size()) + " for " +
                                                 std::to_string(bundle.records.size()) + " records"));
  }
  return ImportBundle(bundle, &references);
}

Status SqliteStore::ImportCreated(const core::Bundle& bundle,
                                  const std::vector<std::vector<core::Reference>>& references,
                                  const core::Actor& actor) {
  if (references.size() != bundle.records.size()) {
    return Fail(Error::Invalid("references", "must hold one list per record of the bundle: got " +
                                                 std::to_string(references.size()) + " for " +
                                                 std::to_string(bundle.records.size()) + " records"));
  }
  if (Status shaped = core::CheckCreatedShape(bundle); !shaped) return shaped;
  return ImportBundle(bundle, &references, &actor);
}

Status SqliteStore::ImportBundle(const core::Bundle& bundle, const std::vector<std::vector<core::Reference>>* given,
                                 const core::Actor* creator) {
  // Checks that need no database come first, outside the write lock. The
  // references of each record come from its body, as on Create (or from the
  // caller, who derived them with the same MakeDraft), so that Delete refuses
  // imported records that others point to. Field paths are built only for
  // errors: a large import is hundreds of thousands of records.
  auto path_of = [](std::size_t i) { return "records[" + std::to_string(i) + "]"; };
  std::vector<core::FieldError> errors;
  std::unordered_set<std::string_view> ids;  // views into `bundle`, which outlives this call
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
  if (!errors.empty()) return Fail(Error::Invalid(std::move(errors)));

  // Each body is serialised once; a revision whose `after` is the record's
  // current body (every "create" of a fresh import) reuses that text. Both
  // are pure CPU work on the bundle, done before taking the write lock and
  // split over two threads for a large import.
  std::unordered_map<std::string_view, std::size_t> record_index;
  if (creator == nullptr) {
    record_index.reserve(bundle.records.size());
    for (std::size_t i = 0; i < bundle.records.size(); ++i) record_index.emplace(bundle.records[i].header.id, i);
  }
  std::vector<std::string> bodies(bundle.records.size());
  std::vector<const std::string*> afters(bundle.revisions.size(), nullptr);
  auto serialise = [&](std::size_t part, std::size_t parts) {
    for (std::size_t i = part; i < bundle.records.size(); i += parts) bodies[i] = bundle.records[i].body.dump();
    if (creator != nullptr) return;  // no revisions given
    for (std::size_t i = part; i < bundle.revisions.size(); i += parts) {
      const core::Revision& revision = bundle.revisions[i];
      auto it = record_index.find(revision.record_id);
      if (it != record_index.end() && revision.revision == bundle.records[it->second].header.revision &&
          revision.after == bundle.records[it->second].body) {
        afters[i] = &bodies[it->second];
      }
    }
  };
  if (bundle.records.size() + bundle.revisions.size() >= kParallelSerialiseMin) {
    std::thread helper(serialise, 1, 2);
    serialise(0, 2);
    helper.join();
  } else {
    serialise(0, 1);
  }

  return WriteTransaction("import the bundle", [&](Connection& connection) -> Status {
    // Parents may come after their children in id order; check at COMMIT.
    if (Status deferred = connection.Exec("PRAGMA defer_foreign_keys = ON"); !deferred) return deferred;
    // A large import touches every index page many times; a bigger page cache
    // for this transaction keeps them in memory. Restored afterwards.
    Result<std::int64_t> old_cache = connection.QueryInt("PRAGMA cache_size");
    if (!old_cache) return Fail(old_cache.error());
    const bool big = bundle.records.size() > kImportBatchRows;
    if (big) {
      if (Status sized = connection.Exec("PRAGMA cache_size = " + std::to_string(kImportCacheKiB)); !sized) {
        return sized;
      }
    }
    Status result = [&]() -> Status {
      Result<std::vector<std::string>> taken = ExistingIds(connection, bundle.records);
      if (!taken) return Fail(taken.error());
      if (!taken->empty()) {
        std::sort(taken->begin(), taken->end());
        const std::vector<std::string>& t = *taken;
        std::string message = "the database already has " +
                              (t.size() == 1 ? "a record with id " + t[0]
                                             : std::to_string(t.size()) + " of the bundle's ids: " + t[0]);
        for (std::size_t i = 1; i < t.size() && i < 5; ++i) message += ", " + t[i];
        if (t.size() > 5) message += ", ...";
        return Fail(Error::Conflict(message + "; nothing was imported"));
      }

      std::vector<core::FieldError> missing;
      std::unordered_set<std::string> found_outside;  // targets already found in the database
      auto check_target = [&](const std::string& target, std::size_t i, std::string_view field) -> Status {
        if (ids.contains(target) || found_outside.contains(target)) return {};
        Result<std::optional<TargetState>> found = FindTarget(connection, target);
        if (!found) return Fail(found.error());
        if (*found) {
          found_outside.insert(target);
        } else {
          missing.push_back({path_of(i) + "." + std::string(field),
                             "no record with id " + target + " in the bundle or the database"});
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

      // The records are new (checked above), so they have no references to
      // clear: plain inserts, many rows per statement.
      if (Status inserted = InsertRecords(connection, bundle.records, bodies); !inserted) return inserted;
      if (Status indexed = InsertReferences(connection, bundle.records, references); !indexed) return indexed;
      if (creator != nullptr) {
        if (Status logged = InsertCreateRevisions(connection, bundle.records, bodies, creator->name); !logged) {
          return logged;
        }
      } else if (Status logged = InsertRevisions(connection, bundle.revisions, afters); !logged) {
        return logged;
      }
      for (const core::Blob& blob : bundle.blobs) {
        if (Status stored = InsertBlob(connection, blob); !stored) return stored;
      }
      return {};
    }();
    if (big) {
      // Best effort: a failure here leaves only a larger cache on this connection.
      (void)connection.Exec("PRAGMA cache_size = " + std::to_string(*old_cache));
    }
    return result;
  });
}

Result<std::vector<core::Change>> SqliteStore::ChangesSince(std::int64_t after_sequence, std::int64_t limit) {
  std::vector<core::FieldError> errors;
  if (limit < 1 || limit > kMaxChangesLimit) {
    errors.push_back(
        {"limit", "must be between 1 and " + std::to_string(kMaxChangesLimit) + "; got " + std::to_string(limit)});
  }
  if (after_sequence < 0) {
    errors.push_back({"after_sequence", "must be 0 or more; got " + std::to_string(after_sequence)});
  }
  if (!errors.empty()) return Fail(Error::Invalid(std::move(errors)));

  Result<ReaderLease> reader = AcquireReader();
  if (!reader) return Fail(reader.error());
  Result<Query> select =
      (*reader)->Prepare("SELECT sequence, record_id FROM revisions WHERE sequence > ? ORDER BY sequence LIMIT ?");
  if (!select) return Fail(select.error());
  select->Bind(1, after_sequence).Bind(2, limit);
  std::vector<core::Change> changes;
  while (true) {
    Result<bool> row = select->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    changes.push_back({select->Int(0), std::string(select->Text(1))});
  }
  return changes;
}

Status SqliteStore::PutBlob(const core::Blob& blob) {
  if (Status valid = ValidateSha256(blob.sha256, "sha256"); !valid) return valid;
  return WriteTransaction("store the file", [&](Connection& connection) { return InsertBlob(connection, blob); });
}

Result<core::Blob> SqliteStore::GetBlob(std::string_view sha256) {
  Result<ReaderLease> reader = AcquireReader();
  if (!reader) return Fail(reader.error());
  Result<Query> select = (*reader)->Prepare("SELECT data FROM blobs WHERE sha256 = ?");
  if (!select) return Fail(select.error());
  select->Bind(1, sha256);
  Result<bool> row = select->Step();
  if (!row) return Fail(row.error());
  if (!*row) return Fail(Error::NotFound("no file with SHA-256 " + std::string(sha256)));
  core::Blob blob{std::string(sha256), std::string(select->Blob(0))};
  return blob;
}

std::int64_t SqliteStore::ChangeCounter() {
  std::lock_guard lock(watcher_mu_);
  Result<std::int64_t> version = watcher_->QueryInt("PRAGMA data_version");
  if (!version) {
    // Unreadable now: report a change so that callers reload and meet the error.
    return generation_.fetch_add(1, std::memory_order_acq_rel) + 1;
  }
  if (*version != last_data_version_) {
    // Someone else committed: a record write only if change_counter moved.
    // Read after data_version, so it is at least as new and no write is missed.
    Result<std::int64_t> count = watcher_->QueryInt("SELECT value FROM change_counter");
    if (!count) return generation_.fetch_add(1, std::memory_order_acq_rel) + 1;
    last_data_version_ = *version;
    if (*count != last_change_count_) {
      if (last_change_count_ != -1) generation_.fetch_add(1, std::memory_order_acq_rel);
      last_change_count_ = *count;
    }
  }
  return generation_.load(std::memory_order_acquire);
}

// --- Purge ---------------------------------------------------------------------

namespace {

// A truncating checkpoint waits this long for readers per attempt (it holds
// off writers meanwhile, so briefly), then pauses to let them through.
constexpr int kCheckpointWaitMs = 500;
constexpr int kCheckpointAttempts = 40;
constexpr std::chrono::milliseconds kCheckpointPause{100};
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
Result<std::string> DescribeReferrers(Connection& connection, std::string_view id) {
  Result<Query> query = connection.Prepare(
      "SELECT id, deleted, '' FROM records WHERE parent_id = ?1 AND id <> ?1 "
      "UNION SELECT r.from_id, f.deleted, r.field FROM record_references AS r JOIN records AS f ON f.id = r.from_id "
      "WHERE r.to_id = ?1 AND r.from_id <> ?1 ORDER BY 1, 3");
  if (!query) return Fail(query.error());
  query->Bind(1, id);
  std::vector<std::pair<std::string, std::string>> referrers;  // id, what
  while (true) {
    Result<bool> row = query->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    const std::string from(query->Text(0));
    const std::string how = query->Text(2).empty() ? "under it" : std::string(query->Text(2));
    if (!referrers.empty() && referrers.back().first == from) {
      referrers.back().second += ", " + how;
    } else {
      referrers.emplace_back(from, std::string(query->Int(1) != 0 ? "deleted; " : "") + how);
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

Status RunWithId(Connection& connection, std::string_view sql, std::string_view id) {
  Result<Query> query = connection.Prepare(sql);
  if (!query) return Fail(query.error());
  query->Bind(1, id);
  return query->Run();
}

}  // namespace

Status SqliteStore::Purge(std::string_view id) {
  const std::string record_id(id);
  Status purged = WriteTransaction("purge " + record_id, [&](Connection& connection) -> Status {
    Result<std::optional<core::StoredRecord>> found = FindRecord(connection, id);
    if (!found) return Fail(found.error());
    if (!*found) return Fail(NoSuchRecord(id));
    Result<std::string> referrers = DescribeReferrers(connection, id);
    if (!referrers) return Fail(referrers.error());
    if (!referrers->empty()) {
      return Fail(Error::Conflict("record " + record_id + " cannot be purged while other records refer to it: " +
                                  *referrers + "; purge or edit those first"));
    }

    // The blobs this record ever named, from its body and every revision.
    std::set<std::string> hashes;
    CollectHashes((*found)->body, hashes);
    {
      Result<Query> revisions = connection.Prepare("SELECT before, after FROM revisions WHERE record_id = ?");
      if (!revisions) return Fail(revisions.error());
      revisions->Bind(1, id);
      while (true) {
        Result<bool> row = revisions->Step();
        if (!row) return Fail(row.error());
        if (!*row) break;
        for (int column : {0, 1}) {
          if (revisions->IsNull(column)) continue;
          Result<nlohmann::json> body = ParseJson(revisions->Text(column), "a revision of " + record_id);
          if (!body) return Fail(body.error());
          CollectHashes(*body, hashes);
        }
      }
    }

    // The immutability trigger lets revisions go only while `purging` names
    // their record; the row leaves in this same transaction.
    for (const char* sql : {"INSERT INTO purging (record_id) VALUES (?)", "DELETE FROM revisions WHERE record_id = ?",
                            "DELETE FROM purging WHERE record_id = ?",
                            "DELETE FROM record_references WHERE from_id = ?1 OR to_id = ?1",
                            "DELETE FROM records WHERE id = ?"}) {
      if (Status ran = RunWithId(connection, sql, id); !ran) return ran;
    }
    for (const std::string& hash : hashes) {
      bool unnamed = false;
      {
        // A blob stays while any remaining record, or any revision of one, names it.
        Result<Query> orphan = connection.Prepare(
            "SELECT EXISTS (SELECT 1 FROM blobs WHERE sha256 = ?1) "
            "AND NOT EXISTS (SELECT 1 FROM records WHERE instr(body, ?1) > 0) "
            "AND NOT EXISTS (SELECT 1 FROM revisions WHERE instr(after, ?1) > 0 OR instr(ifnull(before, ''), ?1) > 0)");
        if (!orphan) return Fail(orphan.error());
        orphan->Bind(1, hash);
        Result<bool> row = orphan->Step();
        if (!row) return Fail(row.error());
        unnamed = *row && orphan->Int(0) != 0;
      }
      if (unnamed) {
        if (Status dropped = RunWithId(connection, "DELETE FROM blobs WHERE sha256 = ?", hash); !dropped) {
          return dropped;
        }
      }
    }
    return {};
  });
  if (!purged) return purged;
  return TruncateWal("record " + record_id + " is purged");
}

Status SqliteStore::TruncateWal(std::string_view done) {
  std::lock_guard lock(checkpoint_mu_);
  if (!checkpointer_) {
    Result<std::unique_ptr<Connection>> opened = Connection::Open(path_, /*create=*/false);
    if (!opened) {
      return Fail(Error::Unavailable(std::string(done) + ", but its old bytes may stay in " + path_ +
                                     "-wal until the next checkpoint: " + opened.error().message));
    }
    checkpointer_ = std::move(*opened);
    sqlite3_busy_timeout(checkpointer_->handle(), kCheckpointWaitMs);
  }
  std::string last_problem;
  for (int attempt = 1; attempt <= kCheckpointAttempts; ++attempt) {
    {
      // Columns: busy (1 when readers or a writer kept it from finishing), frames, frames copied.
      Result<Query> checkpoint = checkpointer_->Prepare("PRAGMA wal_checkpoint(TRUNCATE)");
      if (!checkpoint) return Fail(checkpoint.error());
      Result<bool> row = checkpoint->Step();
      if (row && *row && checkpoint->Int(0) == 0) return {};
      last_problem = !row ? row.error().message : "readers were still using old pages";
    }
    std::this_thread::sleep_for(kCheckpointPause);
  }
  return Fail(Error::Unavailable(std::string(done) + ", but its old bytes stay in " + path_ +
                                 "-wal until the next checkpoint: it could not be truncated after " +
                                 std::to_string(kCheckpointAttempts) + " attempts (" + last_problem + ")"));
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

// Reads a row selected as "key, version, body".
auth::Document ReadDocument(const Query& row) {
  return auth::Document{std::string(row.Text(0)), row.Int(1), std::string(row.Text(2))};
}

}  // namespace

Result<std::optional<auth::Document>> SqliteStore::GetDocument(std::string_view collection, std::string_view key) {
  if (Status named = CheckDocumentName(collection, key); !named) return Fail(named.error());
  Result<ReaderLease> reader = AcquireReader();
  if (!reader) return Fail(reader.error());
  Result<Query> select =
      (*reader)->Prepare("SELECT key, version, body FROM system_documents WHERE collection = ? AND key = ?");
  if (!select) return Fail(select.error());
  select->Bind(1, collection).Bind(2, key);
  Result<bool> row = select->Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<auth::Document>();
  return std::optional<auth::Document>(ReadDocument(*select));
}

Result<std::int64_t> SqliteStore::PutDocument(std::string_view collection, std::string_view key,
                                              std::int64_t expected_version, std::string_view body) {
  if (Status named = CheckDocumentName(collection, key); !named) return Fail(named.error());
  if (expected_version < 0) {
    return Fail(Error::Invalid("expected_version", "must be 0 (create) or the current version; got " +
                                                       std::to_string(expected_version)));
  }
  const std::string name = DocumentName(collection, key);
  return WriteTransaction(
      "write " + name,
      [&](Connection& connection) -> Result<std::int64_t> {
        std::int64_t current = 0;  // 0: absent
        {
          Result<Query> select =
              connection.Prepare("SELECT version FROM system_documents WHERE collection = ? AND key = ?");
          if (!select) return Fail(select.error());
          select->Bind(1, collection).Bind(2, key);
          Result<bool> row = select->Step();
          if (!row) return Fail(row.error());
          if (*row) current = select->Int(0);
        }
        if (expected_version == 0 && current != 0) {
          return Fail(Error::Conflict(name + " already exists (version " + std::to_string(current) + ")"));
        }
        if (expected_version != 0 && current == 0) return Fail(Error::NotFound("no " + name));
        if (expected_version != current) {
          return Fail(Error::Conflict(name + " is at version " + std::to_string(current) +
                                      "; the change was based on version " + std::to_string(expected_version)));
        }
        Result<Query> write =
            current == 0 ? connection.Prepare(
                               "INSERT INTO system_documents (collection, key, version, body) VALUES (?, ?, 1, ?)")
                         : connection.Prepare(
                               "UPDATE system_documents SET version = version + 1, body = ?3 "
                               "WHERE collection = ?1 AND key = ?2");
        if (!write) return Fail(write.error());
        write->Bind(1, collection).Bind(2, key).Bind(3, body);
        if (Status written = write->Run(); !written) return Fail(written.error());
        return current + 1;
      },
      /*record_write=*/false);
}

Status SqliteStore::DeleteDocument(std::string_view collection, std::string_view key) {
  if (Status named = CheckDocumentName(collection, key); !named) return named;
  const std::string name = DocumentName(collection, key);
  Status deleted = WriteTransaction(
      "delete " + name,
      [&](Connection& connection) -> Status {
        Result<Query> remove = connection.Prepare("DELETE FROM system_documents WHERE collection = ? AND key = ?");
        if (!remove) return Fail(remove.error());
        remove->Bind(1, collection).Bind(2, key);
        return remove->Run();
      },
      /*record_write=*/false);
  if (!deleted) return deleted;
  return TruncateWal(name + " is deleted");
}

Result<std::vector<auth::Document>> SqliteStore::ListDocuments(std::string_view collection) {
  if (collection.empty()) return Fail(Error::Invalid("collection", "must not be empty"));
  Result<ReaderLease> reader = AcquireReader();
  if (!reader) return Fail(reader.error());
  Result<Query> select =
      (*reader)->Prepare("SELECT key, version, body FROM system_documents WHERE collection = ? ORDER BY key");
  if (!select) return Fail(select.error());
  select->Bind(1, collection);
  std::vector<auth::Document> documents;
  while (true) {
    Result<bool> row = select->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    documents.push_back(ReadDocument(*select));
  }
  return documents;
}

Result<auth::AuditRow> SqliteStore::AppendAudit(
    const std::function<auth::AuditRow(std::int64_t last_sequence, std::string_view last_hash)>& seal) {
  // BEGIN IMMEDIATE takes SQLite's write lock before the last row is read,
  // so no other appender, in any process, can read the same last row.
  return WriteTransaction(
      "append to the audit log",
      [&](Connection& connection) -> Result<auth::AuditRow> {
        std::int64_t last_sequence = 0;
        std::string last_hash;
        {
          Result<Query> last =
              connection.Prepare("SELECT sequence, hash FROM audit_log ORDER BY sequence DESC LIMIT 1");
          if (!last) return Fail(last.error());
          Result<bool> row = last->Step();
          if (!row) return Fail(row.error());
          if (*row) {
            last_sequence = last->Int(0);
            last_hash = last->Text(1);
          }
        }
        auth::AuditRow row = seal(last_sequence, last_hash);
        if (Status sealed = CheckSealed(row, last_sequence, last_hash); !sealed) return Fail(sealed.error());
        Result<Query> insert = connection.Prepare(
            "INSERT INTO audit_log (sequence, entry, target_id, target_salt, previous_hash, hash) "
            "VALUES (?, ?, ?, ?, ?, ?)");
        if (!insert) return Fail(insert.error());
        insert->Bind(1, row.sequence)
            .Bind(2, row.entry)
            .Bind(3, row.target_id)
            .Bind(4, row.target_salt)
            .Bind(5, row.previous_hash)
            .Bind(6, row.hash);
        if (Status inserted = insert->Run(); !inserted) return Fail(inserted.error());
        return row;
      },
      /*record_write=*/false);
}

Result<std::vector<auth::AuditRow>> SqliteStore::ReadAudit(std::int64_t after_sequence, std::int64_t limit) {
  std::vector<core::FieldError> errors;
  if (limit < 1 || limit > kMaxAuditLimit) {
    errors.push_back(
        {"limit", "must be between 1 and " + std::to_string(kMaxAuditLimit) + "; got " + std::to_string(limit)});
  }
  if (after_sequence < 0) {
    errors.push_back({"after_sequence", "must be 0 or more; got " + std::to_string(after_sequence)});
  }
  if (!errors.empty()) return Fail(Error::Invalid(std::move(errors)));

  Result<ReaderLease> reader = AcquireReader();
  if (!reader) return Fail(reader.error());
  Result<Query> select = (*reader)->Prepare(
      "SELECT sequence, entry, target_id, target_salt, previous_hash, hash FROM audit_log "
      "WHERE sequence > ? ORDER BY sequence LIMIT ?");
  if (!select) return Fail(select.error());
  select->Bind(1, after_sequence).Bind(2, limit);
  std::vector<auth::AuditRow> rows;
  while (true) {
    Result<bool> row = select->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    rows.push_back(auth::AuditRow{select->Int(0), std::string(select->Text(1)), std::string(select->Text(2)),
                                  std::string(select->Text(3)), std::string(select->Text(4)),
                                  std::string(select->Text(5))});
  }
  return rows;
}

Status SqliteStore::ForgetAuditTarget(std::string_view target_id) {
  if (target_id.empty()) return Fail(Error::Invalid("target_id", "must not be empty"));
  Status forgotten = WriteTransaction(
      "forget " + std::string(target_id) + " in the audit log",
      [&](Connection& connection) {
        return RunWithId(connection, "UPDATE audit_log SET target_id = '', target_salt = '' WHERE target_id = ?",
                         target_id);
      },
      /*record_write=*/false);
  if (!forgotten) return forgotten;
  return TruncateWal("the audit log no longer names " + std::string(target_id));
}

}  // namespace readout::store
