// Error values used across Readout.
//
// The rule, everywhere: an expected failure (invalid input, not found, stale
// revision, store unavailable) is returned as an Error inside a Result<T>;
// exceptions are reserved for bugs and unrecoverable faults. Third-party
// exceptions (SQLite, JSON, Beast) are translated into Errors at the edge of
// the module that calls the library. See docs/architecture.md, "Errors".
//
// Thread-safety: plain values; safe to copy between threads.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <tl/expected.hpp>

namespace readout::core {

enum class ErrorCode {
  kInvalidArgument,  // the input is malformed; `fields` says where
  kNotFound,         // no record with that id (or not visible to the caller)
  kConflict,         // stale base revision, duplicate id, record still referenced
  kUnauthorized,     // the caller must identify itself
  kPermissionDenied, // the caller is known but its role or grants do not allow this
  kTooManyRequests,  // throttled: too many attempts from this account or address
  kPayloadTooLarge,  // a body or file over the configured limit
  kUnavailable,      // the store or a file could not be reached
  kInternal,         // a bug: never shown to a user with its details
};

// One problem with one input field. `field` is a dotted path into the input
// ("dates", "delegations[0].name.en"); `problem` is a sentence in English that
// names what is wrong ("must be an EDTF date such as 2013-07-30; got 2013-13-45").
struct FieldError {
  std::string field;
  std::string problem;
  bool operator==(const FieldError&) const = default;
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;               // one line, English, safe to show to the caller
  std::vector<FieldError> fields;    // for kInvalidArgument: every problem found

  static Error Invalid(std::string field, std::string problem);
  static Error Invalid(std::vector<FieldError> fields);
  static Error NotFound(std::string message);
  static Error Conflict(std::string message);
  static Error Unavailable(std::string message);
  static Error Internal(std::string message);
};

template <typename T>
using Result = tl::expected<T, Error>;

// For operations that return nothing on success.
using Status = tl::expected<void, Error>;

inline tl::unexpected<Error> Fail(Error error) { return tl::unexpected<Error>(std::move(error)); }

// "invalid_argument", "not_found", ... : stable names used in API problem types and logs.
const char* ErrorCodeName(ErrorCode code);

}  // namespace readout::core
