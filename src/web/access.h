// Access until accounts arrive (issue 7): a request without credentials is
// the public (public, non-deleted records; no writes); a request with
// "Authorization: Bearer <staff token>" is staff (every visibility; may
// write, naming itself in X-Readout-Actor). See docs/api.md, "Staff access".
//
// Thread-safety: immutable after construction.
#pragma once

#include <string>
#include <string_view>

#include "core/record.h"
#include "core/status.h"
#include "web/http.h"

namespace readout::web {

inline constexpr std::string_view kActorHeader = "X-Readout-Actor";

// Compares without an early exit, so the time taken does not reveal how much of a guess was right.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

class Access {
 public:
  // An empty `staff_token` disables staff access: every request is the public.
  explicit Access(std::string staff_token) : staff_token_(std::move(staff_token)) {}

  // The caller of a request. kUnauthorized when an Authorization header is
  // present but is not the staff token (a wrong token is never silently the public).
  core::Result<Caller> Authenticate(std::string_view authorization_header) const;

  // The actor a staff write names. kUnauthorized for the public ("staff token
  // required"); kInvalidArgument naming X-Readout-Actor when missing, longer
  // than 200 characters, or holding control characters.
  static core::Result<core::Actor> WriterOf(const Request& request);

 private:
  std::string staff_token_;
};

}  // namespace readout::web
