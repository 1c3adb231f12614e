// HTTP vocabulary of the web module: the Beast message types every handler
// sees, and Request, the parsed view of one request that the router and the
// handlers share. Internal to src/web/.
//
// Thread-safety: a Request lives on one thread for the duration of a call.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/beast/http.hpp>

#include "auth/accounts.h"
#include "auth/permissions.h"
#include "core/record.h"
#include "publish/i18n.h"

namespace readout::web {

namespace http = boost::beast::http;

using HttpRequest = http::request<http::string_body>;
using HttpResponse = http::response<http::string_body>;

// Path parameters captured by the router ("{id}" -> "rnd_2013-kunming").
// Views into the request target; valid while the request is.
class RouteParams {
 public:
  void Add(std::string_view name, std::string_view value) {
    if (size_ < items_.size()) items_[size_++] = {name, value};
  }
  // Empty when the pattern has no such parameter.
  std::string_view Get(std::string_view name) const {
    for (std::size_t i = 0; i < size_; ++i) {
      if (items_[i].first == name) return items_[i].second;
    }
    return {};
  }
  std::size_t size() const { return size_; }
  void Clear() { size_ = 0; }

 private:
  std::array<std::pair<std::string_view, std::string_view>, 4> items_{};
  std::size_t size_ = 0;
};

// Who is asking: the public (no role), or a user signed in with an active
// session or an API token (web/access.h resolves it through
// auth::AccountService). `staff` is true for any signed-in user.
struct Caller {
  bool staff = false;
  core::Visibility reader = core::Visibility::kPublic;  // auth::ReaderVisibility(role)
  std::optional<auth::Role> role;                        // nullopt: the public
  std::string user_id;
  std::string username;
  std::string display_name;                              // the actor named on writes and readout steps
  std::vector<std::string> granted_record_ids;           // restricted records this user may read
  bool via_session = false;                              // a browser session: state changes need the CSRF token
  std::string csrf_token;                                // the session's; "" for API tokens and the public
  bool recently_reauthenticated = false;

  // May this caller read a record of `visibility` with `id`? (role, then grants)
  bool MayRead(core::Visibility visibility, std::string_view id) const;
};

struct Request {
  const HttpRequest& http;
  std::string_view path;   // the target before '?'
  std::string_view query;  // the target after '?', undecoded; empty if none
  RouteParams params;
  Caller caller;
  publish::Lang lang = publish::Lang::kEn;
  bool lang_from_query = false;  // ?lang= named a supported language
  bool traditional = false;      // lang is zh-Hans and the reader asked for zh-Hant (publish::LanguageChoice)
  // The client's address, for throttles only (in memory; never logged or stored). "" in tests.
  std::string_view client_address{};
  // The session cookie's principal in whatever stage (web/access.h), for the
  // sign-in stage pages; nullopt without a valid session. Only a kActive
  // session makes `caller` the user.
  std::optional<auth::Principal> session{};
  std::string session_token{};   // the session cookie's token when `session` is set

  // The decoded value of the first `name=` in the query; nullopt if absent.
  std::optional<std::string> QueryParam(std::string_view name) const;
  std::string_view Header(http::field field) const;
  std::string_view Header(std::string_view name) const;
};

// Percent-decodes `in` ('+' as space, as in forms); invalid escapes are kept as typed.
std::string PercentDecode(std::string_view in);
// The decoded value of the first `name=` in an application/x-www-form-urlencoded body; nullopt if absent.
std::optional<std::string> FormValue(std::string_view body, std::string_view name);
// FormValue of the request's body, "" when the field is absent (the page forms treat both alike).
std::string FormField(const Request& request, std::string_view name);
// The value of cookie `name` in a Cookie header, or empty.
std::string_view CookieValue(std::string_view cookie_header, std::string_view name);

}  // namespace readout::web
