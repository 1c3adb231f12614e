// App: everything the server does with a parsed request, without sockets.
// It owns the router (API, pages, /healthz, /api/v1/openapi.json), resolves
// the caller and the language, serves public GETs from the response cache,
// adds the security headers, and is the one catch-all that turns an escaped
// exception into a 500 and a log line.
//
// Server (web/server.h) feeds it requests from the network; tests call
// Handle() directly.
//
// Thread-safety: Handle() may be called from many threads at once.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "auth/accounts.h"
#include "auth/audit.h"
#include "auth/purge.h"
#include "core/record_service.h"
#include "intake/intake_service.h"
#include "publish/i18n.h"
#include "publish/site.h"
#include "web/access.h"
#include "web/accountability_api_handler.h"
#include "web/api_handler.h"
#include "web/case_api_handler.h"
#include "web/evidence_handler.h"
#include "web/feed_handler.h"
#include "web/page_handler.h"
#include "web/readout_api_handler.h"
#include "web/readout_page_handler.h"
#include "web/response_cache.h"
#include "web/router.h"
#include "web/search_handler.h"

namespace readout::web {

struct AppOptions {
  // Accounts and sessions (auth/accounts.h); null: every request is the
  // public. Must outlive the App. `audit` records writes and restricted reads.
  auth::AccountService* accounts = nullptr;
  auth::AuditLog* audit = nullptr;
  auth::PurgeService* purge = nullptr;
  // The public input form's submissions (intake/intake_service.h); null:
  // /send and /moderation answer 503. Must outlive the App.
  intake::IntakeService* intake = nullptr;
  // "https://readout.example.org" when served under TLS (behind a reverse
  // proxy): cookies get Secure, responses HSTS, and the Origin of a state
  // change must equal it. Empty: the request's own Host is the origin.
  std::string public_origin{};
  // Requests per minute per client address (Handle's `client_address`);
  // beyond it 429 with Retry-After. 0: no limit. The address is kept only
  // hashed, in memory (auth/throttle.h), and never logged.
  int requests_per_minute = 0;
  std::size_t cache_entries = 4096; // 0 disables the response cache
  std::size_t max_upload_bytes = 32 << 20;  // largest evidence file accepted (see ServerOptions)
  // The search index (web/search_handler.h); null: search answers 503 with
  // `search_unavailable` as the reason. Must outlive the App.
  search::SearchIndex* search_index = nullptr;
  std::string search_unavailable{};
};

class App {
 public:
  App(core::RecordService& records, const publish::Site& site, AppOptions options);
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // Fills `res` (status, headers, body, keep-alive) for `req`. Never throws.
  // `client_address` keys the rate limit and the sign-in throttles; "" (tests) skips the rate limit.
  void Handle(const HttpRequest& req, HttpResponse& res, std::string_view client_address = {});

  // Whether responses set Secure cookies and HSTS (public_origin is https).
  bool secure() const { return secure_; }
  auth::AccountService* accounts() const { return options_.accounts; }
  auth::AuditLog* audit() const { return options_.audit; }
  auth::PurgeService* purge() const { return options_.purge; }

  // The response for a request whose body exceeded the limit (the server
  // stops reading it, so there is no request to Handle).
  // `limit`, when not 0, is named in the detail.
  void WritePayloadTooLarge(unsigned version, HttpResponse& res, std::size_t limit = 0);
  // The response for a request the parser rejected (malformed HTTP).
  void WriteBadRequest(unsigned version, http::status status, HttpResponse& res);

  // True when `method` and `target` name a route that takes a file as its
  // body (RouteDoc::raw_body): the server then reads up to the upload limit.
  bool TakesFileBody(http::verb method, std::string_view target) const;

  const Router& router() const { return router_; }

 private:
  void Dispatch(Request& request, HttpResponse& res);
  // The route's rules before its handler: permission, CSRF and Origin,
  // re-authentication. False when it has answered the request itself.
  bool Admit(const Route& route, Request& request, HttpResponse& res, bool api);
  // The audit entries of a handled request (writes; reads of restricted records).
  void Audit(const Route& route, const Request& request, const HttpResponse& res);
  // "Sign in" / "Re-authenticate" for a page: 303 to `to`?next=<this target>.
  static void RedirectWithNext(std::string_view to, const Request& request, HttpResponse& res);
  void WriteNotFound(const Request& request, HttpResponse& res);
  void Healthz(HttpResponse& res);
  void Finish(const HttpRequest& req, HttpResponse& res) const;

  AppOptions options_;  // the pointers and public_origin; the rest is handed to the handlers
  bool secure_ = false;
  auth::Throttle rate_limit_;
  core::RecordService& records_;
  Access access_;
  const publish::Site& site_;
  CaseApiHandler case_api_;
  AccountabilityApiHandler accountability_api_;
  ReadoutApiHandler readout_api_;  // readout workflow steps (issue 6)
  EvidenceHandler evidence_;
  ApiHandler api_;
  PageHandler pages_;
  FeedHandler feeds_;  // Atom feeds (issue 6), public like the pages
  ReadoutPageHandler readout_pages_;  // /readouts pages and downloads (issue 6)
  SearchHandler search_;
  ResponseCache cache_;
  bool cache_enabled_;
  Router router_;
  std::string openapi_json_;
};

// Security headers every response carries; `hsts` adds Strict-Transport-Security (served over https).
void SetSecurityHeaders(HttpResponse& res, bool hsts = false);

}  // namespace readout::web
