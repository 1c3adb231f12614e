#include "web/problem.h"

#include <nlohmann/json.hpp>

namespace readout::web {

http::status HttpStatusFor(core::ErrorCode code) {
  switch (code) {
    case core::ErrorCode::kInvalidArgument: return http::status::bad_request;
    case core::ErrorCode::kNotFound: return http::status::not_found;
    case core::ErrorCode::kConflict: return http::status::conflict;
    case core::ErrorCode::kUnauthorized: return http::status::unauthorized;
    case core::ErrorCode::kPayloadTooLarge: return http::status::payload_too_large;
    case core::ErrorCode::kPermissionDenied: return http::status::forbidden;
    case core::ErrorCode::kTooManyRequests: return http::status::too_many_requests;
    case core::ErrorCode::kUnavailable: return http::status::service_unavailable;
    case core::ErrorCode::kInternal: return http::status::internal_server_error;
  }
  return http::status::internal_server_error;
}

Problem ProblemFor(const core::Error& error) {
  Problem p;
  p.status = HttpStatusFor(error.code);
  p.code = core::ErrorCodeName(error.code);
  if (error.code == core::ErrorCode::kInternal) {
    p.detail = "The server met an unexpected condition; the error has been logged.";
  } else if (error.code == core::ErrorCode::kUnavailable) {
    // The store's message may name files or hosts; keep those in the log.
    p.detail = "The record store is unavailable; try again shortly.";
  } else {
    p.detail = error.message;
    p.fields = error.fields;
  }
  return p;
}

void WriteProblem(const Problem& problem, HttpResponse& res) {
  nlohmann::json body = {
      {"type", std::string(kProblemTypeBase) + problem.code},
      {"title", std::string(http::obsolete_reason(problem.status))},
      {"status", static_cast<int>(problem.status)},
      {"detail", problem.detail},
  };
  if (!problem.fields.empty()) {
    nlohmann::json errors = nlohmann::json::array();
    for (const core::FieldError& f : problem.fields) errors.push_back({{"field", f.field}, {"problem", f.problem}});
    body["errors"] = std::move(errors);
  }
  res.result(problem.status);
  res.erase(http::field::etag);
  res.erase(http::field::location);
  res.set(http::field::content_type, "application/problem+json");
  res.set(http::field::cache_control, "no-store");
  res.body() = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void WriteError(const core::Error& error, HttpResponse& res) { WriteProblem(ProblemFor(error), res); }

}  // namespace readout::web
