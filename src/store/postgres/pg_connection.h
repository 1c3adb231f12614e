// A small RAII wrapper over one libpq connection (PGconn) and its results,
// for PostgresStore and its migrations only. Statements go through
// PQexecParams with text parameters (bytea as binary); libpq errors become
// core::Error values: connection problems kUnavailable, serialization
// failures and deadlocks kConflict (also remembered as `last_sqlstate`, so
// the caller can retry), unique violations kConflict, SQL the server does
// not understand kInternal, anything else kUnavailable.
//
// Thread-safety: a PgConnection is used by one thread at a time (the store's
// pool hands each to one caller); PgResult is a value owned by its caller.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <libpq-fe.h>

#include "core/status.h"

namespace readout::store {

// The parameters of one statement, $1, $2, ... in the order added. Text
// added by reference must outlive the Exec call; everything else is copied.
class PgParams {
 public:
  PgParams() = default;
  PgParams(const PgParams&) = delete;
  PgParams& operator=(const PgParams&) = delete;

  // Not copied: `text` must outlive the statement (std::string is NUL-terminated, as libpq needs).
  PgParams& Ref(const std::string& text);
  // Copied.
  PgParams& Text(std::string_view text);
  PgParams& Int(std::int64_t value);
  PgParams& Bool(bool value);
  PgParams& Null();
  // NULL when `text` is empty (parent_id).
  PgParams& OptionalRef(const std::string& text);
  // Sent in binary format, for bytea; not copied.
  PgParams& Bytes(const std::string& bytes);

  int size() const { return static_cast<int>(values_.size()); }
  const char* const* values() const { return values_.data(); }
  const int* lengths() const { return lengths_.data(); }
  const int* formats() const { return formats_.data(); }

 private:
  PgParams& Add(const char* data, int length, int format);
  std::vector<const char*> values_;
  std::vector<int> lengths_;
  std::vector<int> formats_;
  std::deque<std::string> owned_;  // a deque: its elements never move
};

// A successful result. Text() is valid while the PgResult lives.
class PgResult {
 public:
  explicit PgResult(PGresult* result) : result_(result, &PQclear) {}
  int rows() const { return PQntuples(result_.get()); }
  bool IsNull(int row, int column) const { return PQgetisnull(result_.get(), row, column) != 0; }
  std::string_view Text(int row, int column) const {
    return {PQgetvalue(result_.get(), row, column), static_cast<std::size_t>(PQgetlength(result_.get(), row, column))};
  }
  // For text-format integer and boolean columns.
  std::int64_t Int(int row, int column) const;
  bool Bool(int row, int column) const { return Text(row, column) == "t"; }

 private:
  std::unique_ptr<PGresult, decltype(&PQclear)> result_;
};

class PgConnection {
 public:
  // kUnavailable (naming the server, never the password) when the
  // connection cannot be made.
  static core::Result<std::unique_ptr<PgConnection>> Open(const std::string& url);

  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;
  ~PgConnection();

  // One statement with parameters. `binary_result`: every column comes back
  // in binary format (raw bytes for bytea and text columns).
  core::Result<PgResult> Exec(const std::string& sql, const PgParams& params, bool binary_result = false);
  core::Result<PgResult> Exec(const std::string& sql);
  // Statements without parameters, several separated by ';' (migrations).
  core::Status Run(const std::string& sql);

  // The SQLSTATE of the last failed statement ("" after a success).
  const std::string& last_sqlstate() const { return last_sqlstate_; }
  // The connection is lost or unusable; the pool drops it.
  bool broken() const { return PQstatus(connection_) != CONNECTION_OK; }
  // Inside a transaction block (or a failed one).
  bool in_transaction() const { return PQtransactionStatus(connection_) != PQTRANS_IDLE; }

 private:
  explicit PgConnection(PGconn* connection) : connection_(connection) {}
  core::Result<PgResult> Check(PGresult* result);

  PGconn* connection_;
  std::string last_sqlstate_;
};

// "2026-11-29T11:36:43.123Z": the store's timestamps, UTC to the millisecond,
// as SqliteStore writes them (so text order is time order).
std::string PgNowTimestamp();

}  // namespace readout::store
