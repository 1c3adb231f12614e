// The session cookie, shared by the App (which reads it) and the sign-in
// pages (which set and clear it). Internal to src/web/.
#pragma once

#include <string>
#include <string_view>

namespace readout::web {

inline constexpr std::string_view kSessionCookie = "readout_session";
inline constexpr std::string_view kCsrfField = "csrf";           // form field of every state-changing form
inline constexpr std::string_view kCsrfHeader = "X-CSRF-Token";  // the same for scripts with a session
inline constexpr std::string_view kReauthHeader = "X-Readout-Reauth";  // an API token's re-authentication code

// "readout_session=<token>; Path=/; HttpOnly; SameSite=Strict[; Secure]".
// No Max-Age: the server ends the session; the browser forgets it on close.
std::string SessionCookie(std::string_view token, bool secure);
// The header that makes the browser forget the cookie.
std::string ClearedSessionCookie(bool secure);

}  // namespace readout::web
