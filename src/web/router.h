// Router: maps (method, path) to a handler. Patterns are literal segments and
// "{name}" parameters ("/api/v1/rounds/{id}/history"). A path that matches no
// pattern is kNotFound; one that matches only under other methods is
// kMethodNotAllowed with the Allow list. HEAD is answered by the GET route.
//
// Each route also carries what the OpenAPI document says about it, so the
// document is generated from the very table that serves requests.
//
// Thread-safety: build on one thread with Add(); then Find() is safe from many.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/permissions.h"
#include "core/record.h"
#include "web/http.h"

namespace readout::web {

using Handler = std::function<void(Request&, HttpResponse&)>;

// What a route does, for the OpenAPI document and for the server's policies.
struct RouteDoc {
  std::string summary;                    // one line, English
  std::string operation_id;               // unique, e.g. "listRounds"
  std::optional<core::RecordKind> kind;   // the record kind it serves, if any
  bool api = true;                        // JSON API (problem+json errors) vs HTML page
  bool public_cacheable = false;          // a public GET whose body depends only on path, query, lang and the store
  std::vector<std::string> query_params;  // documented query parameters
  bool has_body = false;                  // takes a JSON record body
  int success_status = 200;
  // For routes that serve something other than records (derived case data):
  std::string response_schema;            // the success body's schema in components/schemas, e.g. "CaseStatus"
  std::string tag;                        // OpenAPI tag; default: the kind's plural, or "system"
  bool not_found = false;                 // may answer 404 (a path {id} that names no visible record)
  // Takes a file's raw bytes as its body (any Content-Type), read up to
  // ServerOptions::max_upload_bytes instead of the JSON body limit.
  bool raw_body = false;
  std::string response_media_type;        // the success body's type when it is not JSON (a file's bytes)
  // Who may call it (auth/permissions.h). The App checks it before the
  // handler runs; kUnset routes are admin-only and fail the permission
  // matrix test (tests/permissions), so every route states its rule.
  auth::Permission permission = auth::Permission::kUnset;
  // Needs a re-authentication within auth::kReauthenticationSeconds
  // (publishing, purging, exporting restricted data): 403 `reauthentication_required`.
  bool reauth = false;
};

// The RouteDoc of an HTML page (api = false) under OpenAPI tag `tag`.
RouteDoc PageRouteDoc(std::string summary, std::string operation_id, std::string tag, auth::Permission permission);

struct Route {
  http::verb method = http::verb::get;
  std::string pattern;
  std::vector<std::string> segments;      // pattern split on '/'
  Handler handler;
  RouteDoc doc;
};

class Router {
 public:
  enum class Outcome { kFound, kNotFound, kMethodNotAllowed };
  struct Match {
    Outcome outcome = Outcome::kNotFound;
    const Route* route = nullptr;
    std::string allow;  // for kMethodNotAllowed: "GET, HEAD, PUT"
  };

  // Patterns must start with '/'. Registering the same method and pattern twice is a bug (throws std::logic_error).
  void Add(http::verb method, std::string pattern, Handler handler, RouteDoc doc);
  // Fills `params` with the captured parameters of the matched route.
  Match Find(http::verb method, std::string_view path, RouteParams& params) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace readout::web
