#include "web/access.h"

#include <utility>

#include "web/session_cookie.h"

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

Caller CallerOf(const auth::Principal& principal) {
  Caller caller;
  caller.staff = true;
  caller.role = principal.user.role;
  caller.reader = auth::ReaderVisibility(caller.role);
  caller.user_id = principal.user.id;
  caller.username = principal.user.username;
  caller.display_name = principal.user.display_name;
  caller.granted_record_ids = principal.user.granted_record_ids;
  caller.via_session = !principal.via_api_token;
  caller.csrf_token = principal.csrf_token;
  caller.recently_reauthenticated = principal.recently_reauthenticated;
  return caller;
}

core::Status Access::Authenticate(Request& request) const {
  request.caller = Caller();
  std::string_view authorization = request.Header(http::field::authorization);
  if (!authorization.empty()) {
    constexpr std::string_view kBearer = "Bearer ";
    std::string_view token;
    if (authorization.size() > kBearer.size() && authorization.substr(0, kBearer.size()) == kBearer) {
      token = authorization.substr(kBearer.size());
    }
    const core::Error invalid{core::ErrorCode::kUnauthorized, "the bearer token is not a valid API token", {}};
    if (accounts_ == nullptr || token.empty()) return core::Fail(invalid);
    auto principal = accounts_->ResolveApiToken(token);
    if (!principal) return core::Fail(principal.error());
    if (!*principal) return core::Fail(invalid);
    request.caller = CallerOf(**principal);
    request.caller.via_session = false;
    request.caller.csrf_token.clear();
    return {};
  }

  std::string_view token = CookieValue(request.Header(http::field::cookie), kSessionCookie);
  if (token.empty() || accounts_ == nullptr) return {};
  auto principal = accounts_->ResolveSession(token);
  if (!principal) return core::Fail(principal.error());
  if (!*principal) return {};  // expired or unknown: the public (the sign-in page sets a new one)
  request.session_token = std::string(token);
  request.session = std::move(**principal);
  if (request.session->stage == auth::SessionStage::kActive && !request.session->via_api_token) {
    request.caller = CallerOf(*request.session);
    request.caller.via_session = true;
  }
  return {};
}

core::Status Access::ReauthenticateApi(Request& request) const {
  Caller& caller = request.caller;
  if (accounts_ == nullptr || !caller.role || caller.via_session) return {};
  std::string_view code = request.Header(kReauthHeader);
  if (code.empty()) return {};
  auto status = accounts_->ReauthenticateApi(caller.user_id, code, request.client_address);
  if (!status) return status;
  caller.recently_reauthenticated = true;
  return {};
}

core::Result<core::Actor> Access::WriterOf(const Request& request) {
  if (!request.caller.role) {
    return core::Fail(core::Error{core::ErrorCode::kUnauthorized,
                                  "sign in, or send an API token, to make changes", {}});
  }
  return core::Actor{request.caller.display_name};
}

}  // namespace readout::web
