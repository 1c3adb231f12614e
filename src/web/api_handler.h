// The JSON API over records: list, get, create, update, delete, restore and
// history for every kind in core/record.h, under /api/v1/<KindPlural>, plus
// the nested reads (/api/v1/rounds/{id}/asks, ...). See docs/api.md.
//
// Called by App, which owns the router. Errors go through web/problem.h.
//
// Thread-safety: handlers may run on many threads at once (RecordService is thread-safe).
#pragma once

#include <cstdint>
#include <string_view>

#include "core/record.h"
#include "core/record_service.h"
#include "web/router.h"

namespace readout::web {

inline constexpr std::int64_t kDefaultPageLimit = 50;
inline constexpr std::int64_t kMaxPageLimit = 1000;

class ApiHandler {
 public:
  explicit ApiHandler(core::RecordService& records) : records_(records) {}

  // Adds every record route to `router`.
  void Register(Router& router);

 private:
  void List(core::RecordKind kind, Request& req, HttpResponse& res);
  void ListChildren(core::RecordKind parent_kind, core::RecordKind child_kind, Request& req, HttpResponse& res);
  void Get(core::RecordKind kind, Request& req, HttpResponse& res);
  void Create(core::RecordKind kind, Request& req, HttpResponse& res);
  void Update(core::RecordKind kind, Request& req, HttpResponse& res);
  core::Status RefuseReadoutStepByUpdate(std::string_view id, const nlohmann::json& body);
  void Delete(core::RecordKind kind, Request& req, HttpResponse& res);
  void Restore(core::RecordKind kind, Request& req, HttpResponse& res);
  void History(core::RecordKind kind, Request& req, HttpResponse& res);

  // The record `id` of `kind` as the caller may see it; kNotFound when the id
  // belongs to another kind (so /api/v1/rounds/dlg_x is a 404).
  core::Result<core::StoredRecord> Visible(core::RecordKind kind, std::string_view id, const Caller& caller);
  void RunList(core::ListQuery query, Request& req, HttpResponse& res);

  core::RecordService& records_;
};

// Parses an If-Match value ("\"3\"", "W/\"3\"" or "3") into a revision.
bool ParseIfMatch(std::string_view value, std::int64_t& revision);
// Writes a JSON body with status and content type.
void WriteJson(http::status status, const nlohmann::json& body, HttpResponse& res);

}  // namespace readout::web
