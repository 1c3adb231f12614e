#include "web/session_cookie.h"

namespace readout::web {

std::string SessionCookie(std::string_view token, bool secure) {
  std::string cookie(kSessionCookie);
  cookie += '=';
  cookie += token;
  cookie += "; Path=/; HttpOnly; SameSite=Strict";
  if (secure) cookie += "; Secure";
  return cookie;
}

std::string ClearedSessionCookie(bool secure) {
  // Max-Age=0 and a date in the past: browsers drop the cookie at once.
  std::string cookie(kSessionCookie);
  cookie += "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT";
  if (secure) cookie += "; Secure";
  return cookie;
}

}  // namespace readout::web
