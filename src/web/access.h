// Access: who a request's caller is, from its credentials, through
// auth::AccountService (issue 7). App calls it once per request, before the
// route's permission check; handlers then read Request::caller.
//
//  - "Authorization: Bearer <API token>": the token's user (scripts; no
//    CSRF, since browsers never send it). A wrong or revoked token is 401,
//    never silently the public.
//  - the session cookie (web/session_cookie.h): the session's user when the
//    session is kActive; a session in an earlier sign-in stage leaves the
//    caller the public, and its principal is put on the Request
//    (Request::session) for the sign-in stage pages.
//  - neither: the public.
// See docs/security.md, "Web defences", and docs/api.md, "Staff access".
//
// Thread-safety: safe from many threads (AccountService is).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "auth/accounts.h"
#include "core/record.h"
#include "core/status.h"
#include "web/http.h"

namespace readout::web {

// Compares without an early exit, so the time taken does not reveal how much of a guess was right.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// The Caller a principal in stage kActive acts as.
Caller CallerOf(const auth::Principal& principal);

class Access {
 public:
  // `accounts` null: every request is the public, and any credential is 401.
  explicit Access(auth::AccountService* accounts) : accounts_(accounts) {}

  // Fills request.caller (and request.session / session_token for a session
  // cookie in any stage). kUnauthorized when an Authorization header is
  // present but names no valid API token; store failures as they come.
  core::Status Authenticate(Request& request) const;

  // An API-token caller's re-authentication for a route that needs one: the
  // current TOTP code in X-Readout-Reauth (web/session_cookie.h kReauthHeader).
  // Sets caller.recently_reauthenticated on success; OK and unchanged when
  // the header is absent or the caller is not an API-token caller; the
  // AccountService's error (wrong code, throttled) otherwise. Done per route,
  // not per request, because checking a code spends its time step.
  core::Status ReauthenticateApi(Request& request) const;

  // The actor a write names: the signed-in caller's display name.
  // kUnauthorized for the public ("sign in or send an API token").
  static core::Result<core::Actor> WriterOf(const Request& request);

 private:
  auth::AccountService* accounts_;
};

}  // namespace readout::web
