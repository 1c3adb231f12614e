#include "store/postgres/pg_connection.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace readout::store {

using core::Error;
using core::Fail;
using core::Result;
using core::Status;

PgParams& PgParams::Add(const char* data, int length, int format) {
  values_.push_back(data);
  lengths_.push_back(length);
  formats_.push_back(format);
  return *this;
}

PgParams& PgParams::Ref(const std::string& text) { return Add(text.c_str(), static_cast<int>(text.size()), 0); }

PgParams& PgParams::Text(std::string_view text) {
  owned_.emplace_back(text);
  return Ref(owned_.back());
}

PgParams& PgParams::Int(std::int64_t value) { return Text(std::to_string(value)); }

PgParams& PgParams::Bool(bool value) {
  static const std::string kTrue = "true";
  static const std::string kFalse = "false";
  return Ref(value ? kTrue : kFalse);
}

PgParams& PgParams::Null() { return Add(nullptr, 0, 0); }

PgParams& PgParams::OptionalRef(const std::string& text) { return text.empty() ? Null() : Ref(text); }

PgParams& PgParams::Bytes(const std::string& bytes) {
  return Add(bytes.data(), static_cast<int>(bytes.size()), 1);
}

std::int64_t PgResult::Int(int row, int column) const {
  return std::strtoll(PQgetvalue(result_.get(), row, column), nullptr, 10);
}

Result<std::unique_ptr<PgConnection>> PgConnection::Open(const std::string& url) {
  PGconn* connection = PQconnectdb(url.c_str());
  if (connection == nullptr) return Fail(Error::Unavailable("could not allocate a PostgreSQL connection"));
  if (PQstatus(connection) != CONNECTION_OK) {
    std::string message = PQerrorMessage(connection);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    const char* host = PQhost(connection);
    const char* db = PQdb(connection);
    PQfinish(connection);
    return Fail(Error::Unavailable("could not connect to PostgreSQL database \"" + std::string(db ? db : "") +
                                   "\" on " + std::string(host ? host : "the default server") + ": " + message));
  }
  // Notices (e.g. "relation already exists, skipping") are not for the log.
  PQsetNoticeProcessor(connection, [](void*, const char*) {}, nullptr);
  return std::unique_ptr<PgConnection>(new PgConnection(connection));
}

PgConnection::~PgConnection() { PQfinish(connection_); }

Result<PgResult> PgConnection::Check(PGresult* raw) {
  PgResult result(raw);
  const ExecStatusType status = raw == nullptr ? PGRES_FATAL_ERROR : PQresultStatus(raw);
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
    last_sqlstate_.clear();
    return result;
  }
  const char* state = raw == nullptr ? nullptr : PQresultErrorField(raw, PG_DIAG_SQLSTATE);
  last_sqlstate_ = state != nullptr ? state : "";
  std::string message = raw != nullptr ? PQresultErrorMessage(raw) : PQerrorMessage(connection_);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  if (message.empty()) message = "unknown PostgreSQL error";
  if (broken() || last_sqlstate_.empty() || last_sqlstate_.starts_with("08") || last_sqlstate_.starts_with("57") ||
      last_sqlstate_.starts_with("53")) {
    return Fail(Error::Unavailable("the PostgreSQL database is unavailable: " + message));
  }
  if (last_sqlstate_ == "40001" || last_sqlstate_ == "40P01") {
    return Fail(Error::Conflict("another write got in the way; try again (" + message + ")"));
  }
  if (last_sqlstate_ == "23505") return Fail(Error::Conflict(message));
  if (last_sqlstate_.starts_with("42")) return Fail(Error::Internal("PostgreSQL refused a statement: " + message));
  return Fail(Error::Unavailable("the PostgreSQL database could not be read or written: " + message));
}

Result<PgResult> PgConnection::Exec(const std::string& sql, const PgParams& params, bool binary_result) {
  return Check(PQexecParams(connection_, sql.c_str(), params.size(), nullptr, params.values(), params.lengths(),
                            params.formats(), binary_result ? 1 : 0));
}

Result<PgResult> PgConnection::Exec(const std::string& sql) {
  PgParams none;
  return Exec(sql, none);
}

Status PgConnection::Run(const std::string& sql) {
  Result<PgResult> result = Check(PQexec(connection_, sql.c_str()));
  if (!result) return Fail(result.error());
  return {};
}

std::string PgNowTimestamp() {
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
