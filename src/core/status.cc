#include "core/status.h"

namespace readout::core {

Error Error::Invalid(std::string field, std::string problem) {
  std::vector<FieldError> fields;
  fields.push_back({std::move(field), std::move(problem)});
  return Invalid(std::move(fields));
}

Error Error::Invalid(std::vector<FieldError> fields) {
  std::string message;
  if (fields.size() == 1) {
    message = fields[0].field + ": " + fields[0].problem;
  } else {
    message = std::to_string(fields.size()) + " fields are invalid; the first is " + fields[0].field + ": " +
              fields[0].problem;
  }
  return Error{ErrorCode::kInvalidArgument, std::move(message), std::move(fields)};
}

Error Error::NotFound(std::string message) { return Error{ErrorCode::kNotFound, std::move(message), {}}; }
Error Error::Conflict(std::string message) { return Error{ErrorCode::kConflict, std::move(message), {}}; }
Error Error::Unavailable(std::string message) { return Error{ErrorCode::kUnavailable, std::move(message), {}}; }
Error Error::Internal(std::string message) { return Error{ErrorCode::kInternal, std::move(message), {}}; }

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return "invalid_argument";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kConflict: return "conflict";
    case ErrorCode::kUnauthorized: return "unauthorized";
    case ErrorCode::kPayloadTooLarge: return "payload_too_large";
    case ErrorCode::kPermissionDenied: return "permission_denied";
    case ErrorCode::kTooManyRequests: return "too_many_requests";
    case ErrorCode::kUnavailable: return "unavailable";
    case ErrorCode::kInternal: return "internal";
  }
  return "internal";
}

}  // namespace readout::core
