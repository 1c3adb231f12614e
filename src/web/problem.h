// Errors as HTTP: the one place where a core::ErrorCode becomes an HTTP
// status, and the writer of RFC 9457 problem details
// (application/problem+json) that every API error goes through.
//
// Problem "type" URIs are stable: https://readout.example/problems/<code>,
// where <code> is core::ErrorCodeName() or one of the HTTP-level codes below
// (method_not_allowed, unsupported_media_type, ...). See docs/api.md.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "web/http.h"

namespace readout::web {

// invalid_argument 400 (malformed JSON and failed validation alike, see
// docs/api.md), not_found 404, conflict 409, unauthorized 401,
// payload_too_large 413, unavailable 503, internal 500.
http::status HttpStatusFor(core::ErrorCode code);

inline constexpr std::string_view kProblemTypeBase = "https://readout.example/problems/";

// A problem not born in core: a status, a stable code, and a detail sentence.
struct Problem {
  http::status status = http::status::internal_server_error;
  std::string code;      // "not_found", "method_not_allowed"
  std::string detail;    // one line, safe to show
  std::vector<core::FieldError> fields;
};

// The problem for a core error. kInternal never carries its message out: the
// detail becomes a generic sentence (the caller logs the original).
Problem ProblemFor(const core::Error& error);

// Replaces the response's body and content headers with the problem.
void WriteProblem(const Problem& problem, HttpResponse& res);
void WriteError(const core::Error& error, HttpResponse& res);

}  // namespace readout::web
