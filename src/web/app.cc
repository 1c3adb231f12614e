#include "web/app.h"

#include <chrono>
#include <exception>

#include <spdlog/spdlog.h>

#include "web/openapi.h"
#include "web/problem.h"

namespace readout::web {

namespace {

bool IsApiPath(std::string_view path) { return path.rfind("/api/", 0) == 0 || path == "/healthz"; }

std::string_view ToView(boost::beast::string_view s) { return {s.data(), s.size()}; }

constexpr std::string_view kLangCookie = "lang=";

}  // namespace

void SetSecurityHeaders(HttpResponse& res) {
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "no-referrer");
  res.set("Content-Security-Policy",
          "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
  res.set(http::field::x_frame_options, "DENY");
}

App::App(core::RecordService& records, const publish::Site& site, AppOptions options)
    : records_(records),
      access_(std::move(options.staff_token)),
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
  {
    RouteDoc d;
    d.summary = "Liveness and store check";
    d.operation_id = "healthz";
    router_.Add(http::verb::get, "/healthz", [this](Request&, HttpResponse& r) { Healthz(r); }, std::move(d));
  }
  {
    RouteDoc d;
    d.summary = "This document";
    d.operation_id = "openapi";
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

void App::Handle(const HttpRequest& http_req, HttpResponse& res) {
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
  try {
    Dispatch(request, res);
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

  auto caller = access_.Authenticate(request.Header(http::field::authorization));
  if (!caller) {
    res.set(http::field::www_authenticate, "Bearer realm=\"readout\"");
    if (api) return WriteError(caller.error(), res);
    return pages_.WriteErrorPage(http::status::unauthorized, request, res);
  }
  request.caller = *caller;

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
  if (cache_enabled_ && route.doc.public_cacheable && !request.caller.staff) {
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
  if (request.lang_from_query) {
    std::string cookie = "lang=";
    cookie += publish::LanguageChoice{request.lang, request.traditional}.Code();
    cookie += "; Path=/; SameSite=Lax; Max-Age=31536000";
    res.set(http::field::set_cookie, cookie);
  }
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

void App::Finish(const HttpRequest& req, HttpResponse& res) {
  SetSecurityHeaders(res);
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
