#include "web/app.h"

#include <chrono>
#include <exception>

#include <spdlog/spdlog.h>

#include "web/auth_page_handler.h"
#include "web/intake_handler.h"
#include "web/openapi.h"
#include "web/problem.h"
#include "web/session_cookie.h"

namespace readout::web {

namespace {

bool IsApiPath(std::string_view path) { return path.rfind("/api/", 0) == 0 || path == "/healthz"; }

std::string_view ToView(boost::beast::string_view s) { return {s.data(), s.size()}; }

constexpr std::string_view kLangCookie = "lang=";

bool IsSafeMethod(http::verb method) { return method == http::verb::get || method == http::verb::head; }

// Query-component encoding of a `next=` target: unreserved and '/' kept, the rest %XX.
std::string EncodeNext(std::string_view target) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : target) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~' || c == '/') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::int64_t NowUnix() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

void SetSecurityHeaders(HttpResponse& res, bool hsts) {
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "no-referrer");
  res.set("Content-Security-Policy",
          "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
  res.set(http::field::x_frame_options, "DENY");
  // Two years; only ever sent when the public origin is https (behind the TLS proxy).
  if (hsts) res.set(http::field::strict_transport_security, "max-age=63072000; includeSubDomains");
}

App::App(core::RecordService& records, const publish::Site& site, AppOptions options)
    : options_(options),
      secure_(options.public_origin.rfind("https://", 0) == 0),
      rate_limit_(options.requests_per_minute > 0 ? options.requests_per_minute : 1, std::chrono::seconds(60)),
      records_(records),
      access_(options.accounts),
      site_(site),
      case_api_(records, site),
      accountability_api_(records, site),
      readout_api_(records, site),
      evidence_(records, options.max_upload_bytes),
      api_(records),
      pages_(site),
      feeds_(records, pages_),
      readout_pages_(records, site, pages_),
      search_(records, site, pages_, options.search_index, std::move(options.search_unavailable)),
      cache_(options.cache_entries),
      cache_enabled_(options.cache_entries > 0) {
  // Before the generic record routes: /api/v1/cases/overdue is not a case id.
  case_api_.Register(router_);
  evidence_.Register(router_);  // likewise: /api/v1/evidence_files/upload is not an id
  accountability_api_.Register(router_);  // derived views beside the record routes (/api/v1/alerts)
  readout_api_.Register(router_);  // /api/v1/readouts/{id}/{submit,...}: workflow steps
  api_.Register(router_);
  pages_.Register(router_);
  feeds_.Register(router_);
  readout_pages_.Register(router_);
  search_.Register(router_);
  RegisterAccountPages(router_, pages_, options_.accounts, options_.audit, options_.purge, secure_);  // /login, /account, /admin
  RegisterIntakePages(router_, pages_, options_.intake, options_.audit);  // /send, /moderation (public input)
  {
    RouteDoc d;
    d.summary = "Liveness and store check";
    d.operation_id = "healthz";
    d.permission = auth::Permission::kPublic;
    router_.Add(http::verb::get, "/healthz", [this](Request&, HttpResponse& r) { Healthz(r); }, std::move(d));
  }
  {
    RouteDoc d;
    d.summary = "This document";
    d.operation_id = "openapi";
    d.permission = auth::Permission::kPublic;
    router_.Add(http::verb::get, "/api/v1/openapi.json",
                [this](Request&, HttpResponse& r) {
                  r.result(http::status::ok);
                  r.set(http::field::content_type, "application/json");
                  r.body() = openapi_json_;
                },
                std::move(d));
  }
  // Generated last, from the complete table, so no route can be missing from it.
  openapi_json_ = BuildOpenApi(router_).dump(2);
}

void App::Handle(const HttpRequest& http_req, HttpResponse& res, std::string_view client_address) {
  const auto started = std::chrono::steady_clock::now();
  res.clear();  // the server reuses one response per connection
  res.result(http::status::ok);
  res.version(http_req.version());
  res.keep_alive(http_req.keep_alive());
  res.body().clear();

  std::string_view target = ToView(http_req.target());
  const std::size_t qmark = target.find('?');
  Request request{http_req, target.substr(0, qmark),
                  qmark == std::string_view::npos ? std::string_view() : target.substr(qmark + 1),
                  RouteParams(), Caller(), publish::Lang::kEn, false};
  request.client_address = client_address;
  try {
    if (options_.requests_per_minute > 0 && !client_address.empty() && !rate_limit_.Hit(client_address, NowUnix())) {
      res.set(http::field::retry_after, "60");
      WriteError(core::Error{core::ErrorCode::kTooManyRequests,
                             "too many requests from this address; try again in a minute", {}},
                 res);
    } else {
      Dispatch(request, res);
    }
  } catch (const std::exception& e) {
    // The one catch-all: a bug escaped a handler. The client learns nothing of it.
    spdlog::error("unhandled exception serving {} {}: {}", ToView(http_req.method_string()), request.path, e.what());
    res.clear();
    if (IsApiPath(request.path)) {
      WriteError(core::Error::Internal(""), res);
    } else {
      pages_.WriteErrorPage(http::status::internal_server_error, request, res);
    }
  } catch (...) {
    spdlog::error("unhandled non-standard exception serving {} {}", ToView(http_req.method_string()), request.path);
    res.clear();
    WriteError(core::Error::Internal(""), res);
  }
  Finish(http_req, res);
  if (spdlog::should_log(spdlog::level::debug)) {
    const auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count();
    spdlog::debug("{} {} {} {}us", ToView(http_req.method_string()), request.path, res.result_int(), micros);
  }
}

void App::Dispatch(Request& request, HttpResponse& res) {
  const HttpRequest& http_req = request.http;
  const bool api = IsApiPath(request.path);
  if (!api) {
    std::optional<std::string> query_lang = request.QueryParam("lang");
    publish::Lang parsed;
    request.lang_from_query = query_lang && publish::ParseLang(*query_lang, parsed);
    const publish::LanguageChoice choice = publish::NegotiateLanguageChoice(
        query_lang ? std::string_view(*query_lang) : std::string_view(),
        CookieValue(request.Header(http::field::cookie), "lang"), request.Header(http::field::accept_language));
    request.lang = choice.lang;
    request.traditional = choice.traditional;
  }

  if (auto authenticated = access_.Authenticate(request); !authenticated) {
    if (authenticated.error().code == core::ErrorCode::kUnauthorized) {
      res.set(http::field::www_authenticate, "Bearer realm=\"readout\"");
    }
    if (api) return WriteError(authenticated.error(), res);
    return pages_.WriteErrorPage(HttpStatusFor(authenticated.error().code), request, res);
  }

  const http::verb method = http_req.method();
  if (!api && request.path.rfind("/static/", 0) == 0) {
    if (method != http::verb::get && method != http::verb::head) {
      res.set(http::field::allow, "GET, HEAD");
      return pages_.WriteErrorPage(http::status::method_not_allowed, request, res);
    }
    if (!PageHandler::ServeStatic(request.path, res)) WriteNotFound(request, res);
    return;
  }

  Router::Match match = router_.Find(method, request.path, request.params);
  if (match.outcome == Router::Outcome::kNotFound) return WriteNotFound(request, res);
  if (match.outcome == Router::Outcome::kMethodNotAllowed) {
    res.set(http::field::allow, match.allow);
    if (!api) return pages_.WriteErrorPage(http::status::method_not_allowed, request, res);
    return WriteProblem({http::status::method_not_allowed, "method_not_allowed",
                         std::string(ToView(http_req.method_string())) + " is not allowed here; allowed: " + match.allow,
                         {}},
                        res);
  }

  const Route& route = *match.route;
  if (!Admit(route, request, res, api)) return;
  // Anything answered to a signed-in caller (or a session in a sign-in
  // stage) is theirs alone: neither the shared cache nor the browser keeps it.
  const bool personal = request.caller.role.has_value() || request.session.has_value();
  if (cache_enabled_ && route.doc.public_cacheable && !personal) {
    // The API varies by path and query; pages also by language (the query
    // matters too: the case list's filters). Derived case data changes with
    // the day, so the key names it.
    std::string key(http_req.target().data(), http_req.target().size());
    if (!api) {
      key += '|';
      key += publish::LanguageChoice{request.lang, request.traditional}.Code();
    }
    key += '|';
    key += site_.Today().ToIso();
    const std::int64_t generation = records_.store().ChangeCounter();
    if (auto hit = cache_.Find(key, generation)) {
      hit->ApplyTo(res);
    } else {
      route.handler(request, res);
      if (res.result() == http::status::ok) cache_.Insert(std::move(key), generation, CachedResponse::From(res));
    }
  } else {
    route.handler(request, res);
  }
  if (personal) res.set(http::field::cache_control, "no-store");
  Audit(route, request, res);
  if (request.lang_from_query) {
    std::string cookie = "lang=";
    cookie += publish::LanguageChoice{request.lang, request.traditional}.Code();
    cookie += "; Path=/; SameSite=Lax; Max-Age=31536000";
    res.set(http::field::set_cookie, cookie);
  }
}

bool App::Admit(const Route& route, Request& request, HttpResponse& res, bool api) {
  Caller& caller = request.caller;
  const RouteDoc& doc = route.doc;
  if (!auth::Allows(doc.permission, caller.role)) {
    if (!caller.role) {
      if (!api) {
        RedirectWithNext("/login", request, res);
        return false;
      }
      res.set(http::field::www_authenticate, "Bearer realm=\"readout\"");
      WriteError(core::Error{core::ErrorCode::kUnauthorized, "sign in, or send an API token, to use this", {}}, res);
      return false;
    }
    const core::Error denied{core::ErrorCode::kPermissionDenied,
                             "the " + std::string(auth::ToCode(*caller.role)) + " role may not do this (" +
                                 std::string(auth::ToCode(doc.permission)) + " is required)",
                             {}};
    if (!api) {
      pages_.WriteErrorPage(http::status::forbidden, request, res);
      return false;
    }
    WriteError(denied, res);
    return false;
  }

  if (!IsSafeMethod(request.http.method())) {
    // Browsers send cookies with cross-site requests; API tokens they never
    // send. So every change that does not come with an API token must come
    // from our own origin, and one made with a session must carry the
    // session's CSRF token (the public input form has no session: no token).
    const bool api_token = caller.role.has_value() && !caller.via_session;
    std::string problem;
    if (!api_token) {
      std::string_view origin = request.Header(http::field::origin);
      std::string_view host = request.Header(http::field::host);
      bool same_origin = false;
      if (!options_.public_origin.empty()) {
        same_origin = origin == options_.public_origin;
      } else if (!host.empty()) {
        same_origin = origin == "http://" + std::string(host) || origin == "https://" + std::string(host);
      }
      if (origin.empty()) {
        problem = "the Origin header is required for a change made from a browser";
      } else if (!same_origin) {
        problem = "the Origin header does not name this site";
      }
    }
    const std::string* expected = nullptr;
    if (caller.via_session) {
      expected = &caller.csrf_token;
    } else if (request.session) {
      expected = &request.session->csrf_token;  // a session in a sign-in stage
    }
    if (problem.empty() && expected != nullptr && doc.permission != auth::Permission::kPublicInput) {
      std::string sent(request.Header(kCsrfHeader));
      if (sent.empty()) {
        std::string_view type = request.Header(http::field::content_type);
        if (type.substr(0, type.find(';')) == "application/x-www-form-urlencoded") {
          sent = FormValue(request.http.body(), kCsrfField).value_or("");
        }
      }
      if (sent.empty()) {
        problem = "the CSRF token is missing: send the form's csrf field or the X-CSRF-Token header";
      } else if (expected->empty() || !ConstantTimeEquals(sent, *expected)) {
        problem = "the CSRF token does not match this session";
      }
    }
    if (!problem.empty()) {
      if (!api) {
        pages_.WriteErrorPage(http::status::forbidden, request, res);
        return false;
      }
      WriteProblem({http::status::forbidden, "forbidden_origin_or_csrf", problem, {}}, res);
      return false;
    }
  }

  if (doc.reauth && !caller.recently_reauthenticated) {
    if (auto status = access_.ReauthenticateApi(request); !status) {
      WriteError(status.error(), res);
      return false;
    }
    if (!caller.recently_reauthenticated) {
      if (!api) {
        RedirectWithNext("/account/reauth", request, res);
        return false;
      }
      WriteProblem({http::status::forbidden, "reauthentication_required",
                    "this step needs a recent re-authentication: sign in again at /account/reauth, or send the "
                    "current code in X-Readout-Reauth",
                    {}},
                   res);
      return false;
    }
  }
  return true;
}

void App::RedirectWithNext(std::string_view to, const Request& request, HttpResponse& res) {
  std::string location(to);
  location += "?next=";
  location += EncodeNext(ToView(request.http.target()));
  res.result(http::status::see_other);
  res.set(http::field::location, location);
  res.set(http::field::cache_control, "no-store");
  res.body().clear();
}

void App::Audit(const Route& route, const Request& request, const HttpResponse& res) {
  if (options_.audit == nullptr || !request.caller.role) return;
  const unsigned status = res.result_int();
  if (status < 200 || status > 299) return;
  std::string id(request.params.Get("id"));
  if (!IsSafeMethod(request.http.method())) {
    if (id.empty()) {
      // A created record: its id is the last segment of Location.
      std::string_view location(res[http::field::location].data(), res[http::field::location].size());
      id = std::string(location.substr(location.rfind('/') + 1));
    }
    auto recorded = options_.audit->Record(request.caller.username, route.doc.operation_id, id,
                                           "status " + std::to_string(status));
    if (!recorded) spdlog::error("audit: could not record {}: {}", route.doc.operation_id, recorded.error().message);
    return;
  }
  // Reads: only of a restricted record, which only its readers could get.
  if (id.empty() || !core::KindOfId(id)) return;
  auto record = records_.store().Get(id);
  if (!record || record->header.visibility != core::Visibility::kRestricted) return;
  auto recorded = options_.audit->Record(request.caller.username, "record.read_restricted", id,
                                         route.doc.operation_id + " status " + std::to_string(status));
  if (!recorded) spdlog::error("audit: could not record a restricted read: {}", recorded.error().message);
}

void App::WriteNotFound(const Request& request, HttpResponse& res) {
  if (IsApiPath(request.path)) {
    return WriteProblem({http::status::not_found, "not_found", "no resource at this path", {}}, res);
  }
  pages_.WriteErrorPage(http::status::not_found, request, res);
}

void App::Healthz(HttpResponse& res) {
  core::ListQuery query;
  query.limit = 1;
  query.max_visibility = core::Visibility::kPublic;
  auto page = records_.store().List(query);
  if (!page) {
    spdlog::error("health check failed: {}", page.error().message);
    WriteJson(http::status::service_unavailable, {{"status", "unavailable"}}, res);
    return;
  }
  WriteJson(http::status::ok, {{"status", "ok"}}, res);
  res.set(http::field::cache_control, "no-store");
}

void App::Finish(const HttpRequest& req, HttpResponse& res) const {
  SetSecurityHeaders(res, secure_);
  res.content_length(res.body().size());
  // HEAD: the headers of the GET, Content-Length included, and no body.
  if (req.method() == http::verb::head) res.body().clear();
}

bool App::TakesFileBody(http::verb method, std::string_view target) const {
  RouteParams params;
  Router::Match match = router_.Find(method, target.substr(0, target.find('?')), params);
  return match.outcome == Router::Outcome::kFound && match.route->doc.raw_body;
}

void App::WritePayloadTooLarge(unsigned version, HttpResponse& res, std::size_t limit) {
  res.clear();
  res.body().clear();
  res.version(version);
  std::string detail = "the request body is larger than the server accepts";
  if (limit != 0) detail += " here (" + std::to_string(limit) + " bytes)";
  WriteError(core::Error{core::ErrorCode::kPayloadTooLarge, std::move(detail), {}}, res);
  res.keep_alive(false);
  SetSecurityHeaders(res);
  res.content_length(res.body().size());
}

void App::WriteBadRequest(unsigned version, http::status status, HttpResponse& res) {
  res.clear();
  res.body().clear();
  res.version(version);
  WriteProblem({status, status == http::status::bad_request ? "bad_request" : "request_header_fields_too_large",
                "the request could not be read as HTTP/1.1", {}},
               res);
  res.keep_alive(false);
  SetSecurityHeaders(res);
  res.content_length(res.body().size());
}

}  // namespace readout::web
