// Small RAII wrappers over the SQLite C API, private to src/store/sqlite:
// a Connection owns a sqlite3 handle and its prepared statements (cached by
// SQL text), a Query is one use of a cached statement that resets it when it
// goes out of scope. Every SQLite result code is turned into a core::Error
// here (TranslateError), so the rest of the store never sees one.
//
// Thread-safety: a Connection and its Queries belong to one thread at a time;
// SqliteStore guards them (writer mutex, reader pool).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include <sqlite3.h>

#include "core/status.h"

namespace readout::store {

// `context` says what was being done ("begin a write", "read record rnd_x").
// BUSY/LOCKED and I/O errors become kUnavailable; uniqueness constraints
// kConflict; other constraints kInvalidArgument; anything else kInternal.
core::Error TranslateError(int rc, sqlite3* db, std::string_view context);

class Query {
 public:
  Query(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Query(Query&& other) noexcept;
  Query& operator=(Query&&) = delete;
  Query(const Query&) = delete;
  ~Query();

  // Bind parameters by 1-based index. A failed bind is reported by Step/Run.
  Query& Bind(int index, std::string_view text);
  Query& Bind(int index, std::int64_t value);
  Query& BindNull(int index);
  // Binds bytes as a BLOB (file contents), not as text.
  Query& BindBlob(int index, std::string_view bytes);
  // Binds NULL for an empty string (optional TEXT columns such as parent_id).
  Query& BindOptional(int index, std::string_view text);
  // Like Bind and BindOptional, without SQLite's copy of the text: for bulk
  // inserts, where copying every body was a large share of the time. The
  // text must stay valid until this Query is destroyed (its destructor
  // resets the statement and clears the bindings).
  Query& BindUnowned(int index, std::string_view text);
  Query& BindOptionalUnowned(int index, std::string_view text);

  // True when a row is ready, false when the statement is done.
  core::Result<bool> Step();
  // Runs a statement that returns no rows we need.
  core::Status Run();

  std::string_view Text(int column) const;
  std::int64_t Int(int column) const;
  // The bytes of a BLOB column; valid until the next Step.
  std::string_view Blob(int column) const;
  bool IsNull(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  int bind_rc_ = SQLITE_OK;
};

class Connection {
 public:
  // Opens (creating when `create`) the file, turns on extended result codes
  // and sets the busy timeout. Pragmas are the caller's business.
  static core::Result<std::unique_ptr<Connection>> Open(const std::string& path, bool create);
  // Wraps a handle the caller opened (tests, migrations); takes ownership.
  explicit Connection(sqlite3* db) : db_(db) {}
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  sqlite3* handle() const { return db_; }

  // Runs one or more statements without results (DDL, BEGIN, COMMIT).
  core::Status Exec(std::string_view sql);
  // A cached prepared statement for `sql`, ready to bind.
  core::Result<Query> Prepare(std::string_view sql);

  // Runs `sql` (a single-row, single-integer query such as a PRAGMA).
  core::Result<std::int64_t> QueryInt(std::string_view sql);

 private:
  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

// RFC 3339 UTC with milliseconds from the system clock: "2026-11-29T08:00:00.000Z".
std::string NowTimestamp();

}  // namespace readout::store
