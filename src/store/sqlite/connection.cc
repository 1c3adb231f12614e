#include "store/sqlite/connection.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace readout::store {

constexpr int kBusyTimeoutMs = 5000;

core::Error TranslateError(int rc, sqlite3* db, std::string_view context) {
  const std::string detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  const std::string where = std::string(context) + ": " + detail;
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return core::Error::Unavailable("the database is busy: another writer held it for more than " +
                                      std::to_string(kBusyTimeoutMs / 1000) + " s (" + where + "); try again");
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_NOLFS:
    case SQLITE_PROTOCOL:
    case SQLITE_AUTH:
      return core::Error::Unavailable("the database could not be read or written (" + where + ")");
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return core::Error::Unavailable("the database file is damaged or is not a Readout database (" + where + ")");
    case SQLITE_CONSTRAINT:
      switch (rc) {
        case SQLITE_CONSTRAINT_PRIMARYKEY:
        case SQLITE_CONSTRAINT_UNIQUE:
        case SQLITE_CONSTRAINT_TRIGGER:
          return core::Error::Conflict(where);
        default:
          return core::Error::Invalid("record", where);
      }
    default:
      return core::Error::Internal(where);
  }
}

Query::Query(Query&& other) noexcept : db_(other.db_), stmt_(other.stmt_), bind_rc_(other.bind_rc_) {
  other.stmt_ = nullptr;
}

Query::~Query() {
  if (stmt_ != nullptr) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
}

Query& Query::Bind(int index, std::string_view text) {
  const int rc = sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (bind_rc_ == SQLITE_OK) bind_rc_ = rc;
  return *this;
}

Query& Query::BindUnowned(int index, std::string_view text) {
  // A null pointer would bind NULL rather than the empty text.
  const char* data = text.data() != nullptr ? text.data() : "";
  const int rc = sqlite3_bind_text64(stmt_, index, data, text.size(), SQLITE_STATIC, SQLITE_UTF8);
  if (bind_rc_ == SQLITE_OK) bind_rc_ = rc;
  return *this;
}

Query& Query::BindOptionalUnowned(int index, std::string_view text) {
  return text.empty() ? BindNull(index) : BindUnowned(index, text);
}

Query& Query::BindBlob(int index, std::string_view bytes) {
  const int rc = sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
  if (bind_rc_ == SQLITE_OK) bind_rc_ = rc;
  return *this;
}

Query& Query::Bind(int index, std::int64_t value) {
  const int rc = sqlite3_bind_int64(stmt_, index, value);
  if (bind_rc_ == SQLITE_OK) bind_rc_ = rc;
  return *this;
}

Query& Query::BindNull(int index) {
  const int rc = sqlite3_bind_null(stmt_, index);
  if (bind_rc_ == SQLITE_OK) bind_rc_ = rc;
  return *this;
}

Query& Query::BindOptional(int index, std::string_view text) {
  return text.empty() ? BindNull(index) : Bind(index, text);
}

core::Result<bool> Query::Step() {
  if (bind_rc_ != SQLITE_OK) return core::Fail(TranslateError(bind_rc_, db_, "bind a parameter"));
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return core::Fail(TranslateError(rc, db_, "run a statement"));
}

core::Status Query::Run() {
  while (true) {
    core::Result<bool> row = Step();
    if (!row) return core::Fail(row.error());
    if (!*row) return {};
  }
}

std::string_view Query::Text(int column) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  if (text == nullptr) return {};
  return std::string_view(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::int64_t Query::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string_view Query::Blob(int column) const {
  const auto* bytes = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
  if (bytes == nullptr) return {};
  return std::string_view(bytes, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

bool Query::IsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

core::Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path, bool create) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  if (create) flags |= SQLITE_OPEN_CREATE;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  auto connection = std::make_unique<Connection>(db);  // closes `db` even when open failed
  if (rc != SQLITE_OK) {
    return core::Fail(TranslateError(rc, db, "open the database " + path));
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  return connection;
}

Connection::~Connection() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

core::Status Connection::Exec(std::string_view sql) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &message);
  sqlite3_free(message);  // sqlite3_errmsg still holds the text for TranslateError
  if (rc != SQLITE_OK) {
    std::string context(sql.substr(0, 40));
    return core::Fail(TranslateError(rc, db_, "run \"" + context + "\""));
  }
  return {};
}

core::Result<Query> Connection::Prepare(std::string_view sql) {
  std::string key(sql);
  auto found = cache_.find(key);
  if (found != cache_.end()) return Query(db_, found->second);
  sqlite3_stmt* stmt = nullptr;
  const int rc =
      sqlite3_prepare_v3(db_, key.c_str(), static_cast<int>(key.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return core::Fail(TranslateError(rc, db_, "prepare a statement"));
  }
  cache_.emplace(std::move(key), stmt);
  return Query(db_, stmt);
}

core::Result<std::int64_t> Connection::QueryInt(std::string_view sql) {
  core::Result<Query> query = Prepare(sql);
  if (!query) return core::Fail(query.error());
  core::Result<bool> row = query->Step();
  if (!row) return core::Fail(row.error());
  if (!*row) return core::Fail(core::Error::Internal("no result from \"" + std::string(sql) + "\""));
  return query->Int(0);
}

std::string NowTimestamp() {
  using std::chrono::duration_cast;
  using std::chrono::milliseconds;
  const auto now = std::chrono::system_clock::now();
  const auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count();
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(ms % 1000));
  return buffer;
}

}  // namespace readout::store
