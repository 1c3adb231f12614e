#include "web/access.h"

namespace readout::web {

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  // Walk the expected length whatever the guess's length, so timing depends on neither.
  unsigned diff = a.size() == b.size() ? 0u : 1u;
  for (std::size_t i = 0; i < b.size(); ++i) {
    unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    diff |= x ^ static_cast<unsigned char>(b[i]);
  }
  return diff == 0;
}

core::Result<Caller> Access::Authenticate(std::string_view authorization_header) const {
  Caller caller;
  if (authorization_header.empty()) return caller;
  constexpr std::string_view kBearer = "Bearer ";
  std::string_view token;
  if (authorization_header.size() > kBearer.size() &&
      authorization_header.substr(0, kBearer.size()) == kBearer) {
    token = authorization_header.substr(kBearer.size());
  }
  if (staff_token_.empty() || token.empty() || !ConstantTimeEquals(token, staff_token_)) {
    return core::Fail(core::Error{core::ErrorCode::kUnauthorized, "the bearer token is not valid", {}});
  }
  caller.staff = true;
  caller.reader = core::Visibility::kRestricted;
  return caller;
}

core::Result<core::Actor> Access::WriterOf(const Request& request) {
  if (!request.caller.staff) {
    return core::Fail(core::Error{core::ErrorCode::kUnauthorized, "staff token required", {}});
  }
  std::string_view actor = request.Header(kActorHeader);
  const std::string field(kActorHeader);
  if (actor.empty()) {
    return core::Fail(core::Error::Invalid(field, "is required for writes: name who makes the change"));
  }
  if (actor.size() > 200) return core::Fail(core::Error::Invalid(field, "must be at most 200 characters"));
  for (char c : actor) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return core::Fail(core::Error::Invalid(field, "must not contain control characters"));
    }
  }
  return core::Actor{std::string(actor)};
}

}  // namespace readout::web
