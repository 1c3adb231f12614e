#include "web/auth_page_handler.h"

#include <qrencode.h>

#include <cctype>
#include <memory>
#include <utility>
#include <vector>

#include <spdlog/spdlog.h>

#include "auth/password.h"
#include "auth/totp.h"
#include "publish/page_common.h"
#include "web/access.h"
#include "web/admin_page_handler.h"
#include "web/problem.h"
#include "web/session_cookie.h"

namespace readout::web {

namespace mustache = kainjow::mustache;

namespace {

using auth::SessionStage;


}  // namespace

// ---- StaffPages ----

void StaffPages::Write(http::status status, std::string_view name, std::string_view title_id, mustache::data data,
                       const Request& req, HttpResponse& res) const {
  try {
    const std::string title = catalogs_.Get(req.lang, title_id);
    data["title"] = mustache::data(title);
    data["lang_code"] = mustache::data(std::string(publish::LanguageChoice{req.lang, req.traditional}.Code()));
    if (req.session) data["csrf"] = mustache::data(req.session->csrf_token);
    publish::PageRequest page;
    page.lang = req.lang;
    page.traditional = req.traditional;
    page.reader = req.caller.reader;
    // Only the path: a query may hold ?next= and a language link must not repeat a POST's outcome.
    page.path = std::string(req.path);
    publish::PageFrame frame;
    frame.title = title;
    std::string body = publish::RenderTemplate(name, std::move(data), req.lang, catalogs_);
    res.body() = publish::RenderDocument(frame, body, page, catalogs_);
  } catch (const std::exception& e) {
    spdlog::error("staff page {} failed to render: {}", name, e.what());
    return WriteError(http::status::internal_server_error, req, res);
  }
  res.result(status);
  SetHtmlHeaders(req.lang, res, req.traditional);
  res.set(http::field::cache_control, "no-store");
}

void StaffPages::WriteError(http::status status, const Request& req, HttpResponse& res) const {
  pages_.WriteErrorPage(status, req, res);
  res.set(http::field::cache_control, "no-store");
}

std::string StaffPages::Text(const Request& req, std::string_view id) const { return catalogs_.Get(req.lang, id); }

std::string StaffPages::ErrorText(const Request& req, const core::Error& error) const {
  std::string text = catalogs_.Get(req.lang, "account.error." + std::string(core::ErrorCodeName(error.code)));
  // Invalid input and conflicts name the field or the state at fault; that
  // detail is English (error messages are not catalogued) but safe to show.
  if (error.code == core::ErrorCode::kInvalidArgument || error.code == core::ErrorCode::kConflict ||
      error.code == core::ErrorCode::kNotFound || error.code == core::ErrorCode::kPermissionDenied) {
    std::string detail;
    for (const core::FieldError& f : error.fields) {
      if (!detail.empty()) detail += "; ";
      detail += f.field + ": " + f.problem;
    }
    if (detail.empty()) detail = error.message;
    if (!detail.empty()) text += " (" + detail + ")";
  }
  return text;
}

// ---- helpers ----

std::string SafeNextPath(std::string_view next) {
  if (next.empty() || next.front() != '/') return "";
  if (next.size() > 1 && (next[1] == '/' || next[1] == '\\')) return "";
  if (next.size() > 2000) return "";
  for (char c : next) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f || c == '\\') return "";
  }
  return std::string(next);
}

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 0xf];
    }
  }
  return out;
}

void WriteSeeOther(std::string_view location, HttpResponse& res) {
  res.result(http::status::see_other);
  res.set(http::field::location, boost::beast::string_view(location.data(), location.size()));
  res.set(http::field::cache_control, "no-store");
  res.body().clear();
}

bool SessionCsrfMatches(const Request& req) {
  if (!req.session || req.session->csrf_token.empty()) return false;
  const std::optional<std::string> sent = FormValue(req.http.body(), kCsrfField);
  return sent && ConstantTimeEquals(*sent, req.session->csrf_token);
}

std::string GroupedSecret(std::string_view secret) {
  std::string out;
  for (std::size_t i = 0; i < secret.size(); ++i) {
    if (i > 0 && i % 4 == 0) out += ' ';
    out += secret[i];
  }
  return out;
}

core::Result<std::string> QrCodeSvg(std::string_view text) {
  const std::string input(text);
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeString(input.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
  if (!code) return core::Fail(core::Error::Internal("libqrencode could not encode the enrolment URI"));
  const int width = code->width;
  constexpr int kQuiet = 4;  // the quiet zone the QR standard asks for, in modules
  const int size = width + 2 * kQuiet;
  std::string path;
  for (int y = 0; y < width; ++y) {
    for (int x = 0; x < width; ++x) {
      // Bit 0 of each byte is the module's colour (1: dark).
      if (code->data[y * width + x] & 1) {
        path += 'M' + std::to_string(x + kQuiet) + ' ' + std::to_string(y + kQuiet) + "h1v1h-1z";
      }
    }
  }
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr-code\" viewBox=\"0 0 " +
                    std::to_string(size) + ' ' + std::to_string(size) + "\" width=\"" + std::to_string(size * 6) +
                    "\" height=\"" + std::to_string(size * 6) +
                    "\" shape-rendering=\"crispEdges\" role=\"img\" aria-hidden=\"true\">"
                    "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" d=\"" +
                    path + "\"/></svg>";
  return svg;
}

// ---- AuthPageHandler ----

AuthPageHandler::AuthPageHandler(auth::AccountService* accounts, auth::AuditLog* audit, const PageHandler& pages,
                                 bool secure_cookies)
    : accounts_(accounts), audit_(audit), pages_(pages), secure_cookies_(secure_cookies) {}

void AuthPageHandler::Register(Router& router, std::shared_ptr<const void> keep_alive) {
  using auth::Permission;
  router_ = &router;
  auto get = [&](const char* pattern, auto method, std::string summary, std::string op, Permission permission) {
    RouteDoc d = PageRouteDoc(std::move(summary), std::move(op), "accounts", permission);
    d.query_params = {"lang", "next"};
    router.Add(http::verb::get, pattern, [this, method, keep_alive](Request& q, HttpResponse& r) { (this->*method)(q, r); },
               std::move(d));
  };
  auto post = [&](const char* pattern, auto method, std::string summary, std::string op, Permission permission,
                  bool reauth = false) {
    RouteDoc d = PageRouteDoc(std::move(summary), std::move(op), "accounts", permission);
    d.reauth = reauth;
    d.success_status = 303;
    router.Add(http::verb::post, pattern, [this, method, keep_alive](Request& q, HttpResponse& r) { (this->*method)(q, r); },
               std::move(d));
  };
  // The sign-in stages run before the session acts for its user, so the
  // caller is still the public: GETs are kPublic, POSTs kPublicInput (the
  // App checks the Origin) and the handler checks the pending session's CSRF token.
  get("/login", &AuthPageHandler::LoginForm, "Sign-in form", "page_login", Permission::kPublic);
  post("/login", &AuthPageHandler::Login, "Sign in with username and password", "signIn", Permission::kPublicInput);
  get("/login/second-factor", &AuthPageHandler::SecondFactorForm, "Second-factor form of a sign-in",
      "page_login_second_factor", Permission::kPublic);
  post("/login/second-factor", &AuthPageHandler::SecondFactor, "Complete a sign-in with a TOTP or recovery code",
       "signInSecondFactor", Permission::kPublicInput);
  get("/account/password", &AuthPageHandler::PasswordForm, "Password change form", "page_account_password",
      Permission::kPublic);
  post("/account/password", &AuthPageHandler::ChangePassword, "Change the password", "changePassword",
       Permission::kPublicInput);
  get("/account/second-factor", &AuthPageHandler::EnrolmentForm, "Second-factor enrolment",
      "page_account_second_factor", Permission::kPublic);
  post("/account/second-factor", &AuthPageHandler::Enrol, "Start or confirm second-factor enrolment",
       "enrolSecondFactor", Permission::kPublicInput);
  get("/account/reauth", &AuthPageHandler::ReauthForm, "Re-authentication form", "page_account_reauth",
      Permission::kSignedIn);
  post("/account/reauth", &AuthPageHandler::Reauth, "Re-authenticate with password and code", "reauthenticate",
       Permission::kSignedIn);
  post("/logout", &AuthPageHandler::Logout, "Sign out: end the session", "signOut", Permission::kPublicInput);
  get("/account", &AuthPageHandler::AccountPage, "Your account: role, second factor, sign out, API tokens",
      "page_account", Permission::kSignedIn);
  post("/account/api-tokens", &AuthPageHandler::IssueApiToken, "Issue an API token (shown once)", "issueApiToken",
       Permission::kSignedIn, /*reauth=*/true);
}

std::string AuthPageHandler::StagePath(SessionStage stage, const std::string& next) {
  const std::string query = next.empty() ? "" : "?next=" + PercentEncode(next);
  switch (stage) {
    case SessionStage::kChangePassword: return "/account/password" + query;
    case SessionStage::kEnrolSecondFactor: return "/account/second-factor" + query;
    case SessionStage::kSecondFactor: return "/login/second-factor" + query;
    case SessionStage::kActive: break;
  }
  return next.empty() ? "/account" : next;
}

std::string AuthPageHandler::NextOf(const Request& req) {
  if (req.http.method() == http::verb::post) {
    if (auto form = FormValue(req.http.body(), "next")) return SafeNextPath(*form);
  }
  return SafeNextPath(req.QueryParam("next").value_or(""));
}

void AuthPageHandler::SetSessionCookie(const std::string& token, HttpResponse& res) const {
  if (!token.empty()) res.set(http::field::set_cookie, SessionCookie(token, secure_cookies_));
}

void AuthPageHandler::Audit(std::string_view actor, std::string_view action, std::string_view detail) const {
  if (audit_ == nullptr) return;
  if (auto recorded = audit_->Record(actor, action, "", detail); !recorded) {
    spdlog::error("audit {} failed: {}", action, recorded.error().message);
  }
}

bool AuthPageHandler::Redirected(const Request& req, std::initializer_list<SessionStage> stages,
                                 HttpResponse& res) const {
  if (accounts_ == nullptr) {
    pages_.WriteError(http::status::service_unavailable, req, res);
    return true;
  }
  const std::string next = NextOf(req);
  if (!req.session) {
    WriteSeeOther(next.empty() ? "/login" : "/login?next=" + PercentEncode(next), res);
    return true;
  }
  for (SessionStage stage : stages) {
    if (req.session->stage == stage) return false;
  }
  WriteSeeOther(StagePath(req.session->stage, next), res);
  return true;
}

// ---- /login ----

void AuthPageHandler::WriteLogin(http::status status, const Request& req, std::string_view error_id,
                                 const std::string& username, HttpResponse& res) const {
  mustache::data d;
  d["username"] = mustache::data(username);
  d["next"] = mustache::data(NextOf(req));
  if (!error_id.empty()) d["error"] = mustache::data(pages_.Text(req, error_id));
  pages_.Write(status, "login", "login.title", std::move(d), req, res);
}

void AuthPageHandler::LoginForm(const Request& req, HttpResponse& res) const {
  if (accounts_ == nullptr) return pages_.WriteError(http::status::service_unavailable, req, res);
  // A session half-way through signing in goes on where it stopped.
  if (req.session && req.session->stage != SessionStage::kActive) {
    return WriteSeeOther(StagePath(req.session->stage, NextOf(req)), res);
  }
  WriteLogin(http::status::ok, req, "", "", res);
}

void AuthPageHandler::Login(Request& req, HttpResponse& res) {
  if (accounts_ == nullptr) return pages_.WriteError(http::status::service_unavailable, req, res);
  const std::string username = FormField(req, "username");
  const std::string password = FormField(req, "password");
  if (username.empty() || password.empty()) {
    return WriteLogin(http::status::bad_request, req, "login.error_missing", username, res);
  }
  auto signed_in = accounts_->SignInWithPassword(username, password, req.client_address);
  if (!signed_in) {
    const core::ErrorCode code = signed_in.error().code;
    if (code == core::ErrorCode::kTooManyRequests) {
      Audit("public", "signin.throttled", "");
      res.set(http::field::retry_after, "900");
      return WriteLogin(http::status::too_many_requests, req, "login.error_throttled", username, res);
    }
    if (code == core::ErrorCode::kUnauthorized) {
      // Never the typed username: a password typed into the wrong box must not reach the log.
      Audit("public", "signin.failed", "password");
      return WriteLogin(http::status::unauthorized, req, "login.error_wrong", username, res);
    }
    spdlog::error("sign-in failed: {}: {}", core::ErrorCodeName(code), signed_in.error().message);
    return pages_.WriteError(HttpStatusFor(code), req, res);
  }
  if (signed_in->stage == SessionStage::kActive) Audit(username, "signin", "password");
  WriteSeeOther(StagePath(signed_in->stage, NextOf(req)), res);
  SetSessionCookie(signed_in->session_token, res);
}

// ---- /login/second-factor ----

void AuthPageHandler::WriteSecondFactor(http::status status, const Request& req, const std::string& error,
                                        HttpResponse& res) const {
  mustache::data d;
  d["next"] = mustache::data(NextOf(req));
  if (!error.empty()) d["error"] = mustache::data(error);
  pages_.Write(status, "login_second_factor", "login.second_factor.title", std::move(d), req, res);
}

void AuthPageHandler::SecondFactorForm(const Request& req, HttpResponse& res) const {
  if (Redirected(req, {SessionStage::kSecondFactor}, res)) return;
  WriteSecondFactor(http::status::ok, req, "", res);
}

void AuthPageHandler::SecondFactor(Request& req, HttpResponse& res) {
  if (Redirected(req, {SessionStage::kSecondFactor}, res)) return;
  if (!SessionCsrfMatches(req)) return pages_.WriteError(http::status::forbidden, req, res);
  const std::string code = FormField(req, "code");
  if (code.empty()) {
    return WriteSecondFactor(http::status::bad_request, req, pages_.Text(req, "login.error_code_missing"), res);
  }
  auto signed_in = accounts_->CompleteSecondFactor(req.session_token, code, req.client_address);
  if (!signed_in) {
    const core::ErrorCode error = signed_in.error().code;
    if (error == core::ErrorCode::kTooManyRequests) {
      res.set(http::field::retry_after, "900");
      return WriteSecondFactor(http::status::too_many_requests, req, pages_.Text(req, "login.error_throttled"), res);
    }
    if (error == core::ErrorCode::kUnauthorized) {
      Audit(req.session->user.username, "signin.failed", "second_factor");
      return WriteSecondFactor(http::status::unauthorized, req, pages_.Text(req, "login.error_code_wrong"), res);
    }
    return pages_.WriteError(HttpStatusFor(error), req, res);
  }
  if (signed_in->stage == SessionStage::kActive) Audit(req.session->user.username, "signin", "second_factor");
  WriteSeeOther(StagePath(signed_in->stage, NextOf(req)), res);
  SetSessionCookie(signed_in->session_token, res);
}

// ---- /account/password ----

void AuthPageHandler::WritePassword(http::status status, const Request& req, const std::string& error,
                                    HttpResponse& res) const {
  mustache::data d;
  d["next"] = mustache::data(NextOf(req));
  // A one-time password was just typed at sign-in; a voluntary change proves the current one.
  d["need_current"] = mustache::data(req.session && req.session->stage == SessionStage::kActive);
  d["one_time"] = mustache::data(req.session && req.session->stage == SessionStage::kChangePassword);
  d["min_length"] = mustache::data(std::to_string(auth::kMinPasswordLength));
  if (!error.empty()) d["error"] = mustache::data(error);
  pages_.Write(status, "account_password", "account.password.title", std::move(d), req, res);
}

void AuthPageHandler::PasswordForm(const Request& req, HttpResponse& res) const {
  if (Redirected(req, {SessionStage::kChangePassword, SessionStage::kActive}, res)) return;
  WritePassword(http::status::ok, req, "", res);
}

void AuthPageHandler::ChangePassword(Request& req, HttpResponse& res) {
  if (Redirected(req, {SessionStage::kChangePassword, SessionStage::kActive}, res)) return;
  if (!SessionCsrfMatches(req)) return pages_.WriteError(http::status::forbidden, req, res);
  const std::string current = FormField(req, "current_password");
  const std::string fresh = FormField(req, "new_password");
  if (fresh != FormField(req, "confirm_password")) {
    return WritePassword(http::status::bad_request, req, pages_.Text(req, "account.password.error_mismatch"), res);
  }
  auto changed = accounts_->ChangePassword(req.session_token, current, fresh);
  if (!changed) {
    const core::Error& error = changed.error();
    if (error.code == core::ErrorCode::kInvalidArgument) {
      return WritePassword(http::status::bad_request, req,
                           pages_.Text(req, "account.password.error_rules") + " " + pages_.ErrorText(req, error), res);
    }
    if (error.code == core::ErrorCode::kUnauthorized) {
      return WritePassword(http::status::unauthorized, req, pages_.Text(req, "account.password.error_current"),
                           res);
    }
    if (error.code == core::ErrorCode::kTooManyRequests) {
      res.set(http::field::retry_after, "900");
      return WritePassword(http::status::too_many_requests, req, pages_.Text(req, "login.error_throttled"), res);
    }
    return pages_.WriteError(HttpStatusFor(error.code), req, res);
  }
  Audit(req.session->user.username, "account.password_change", "");
  if (changed->stage == SessionStage::kActive && req.session->stage != SessionStage::kActive) {
    Audit(req.session->user.username, "signin", "password_change");
  }
  WriteSeeOther(StagePath(changed->stage, NextOf(req)), res);
  SetSessionCookie(changed->session_token, res);
}

// ---- /account/second-factor ----

void AuthPageHandler::WriteEnrolment(http::status status, const Request& req, const std::string& secret,
                                     const std::string& error, HttpResponse& res) const {
  mustache::data d;
  d["next"] = mustache::data(NextOf(req));
  const bool required = req.session && req.session->stage == SessionStage::kEnrolSecondFactor;
  d["required"] = mustache::data(required);
  const bool enrolled = req.session && req.session->stage == SessionStage::kActive &&
                        !req.session->user.totp_secret.empty();
  d["enrolled"] = mustache::data(enrolled);
  d["can_start"] = mustache::data(!enrolled && secret.empty());
  if (!secret.empty()) {
    const std::string uri = auth::TotpUri(secret, req.session->user.username);
    mustache::data s;
    s["secret"] = mustache::data(secret);
    s["grouped"] = mustache::data(GroupedSecret(secret));
    s["uri"] = mustache::data(uri);
    if (auto svg = QrCodeSvg(uri)) {
      s["qr_svg"] = mustache::data(*svg);
    } else {
      spdlog::error("enrolment QR code: {}", svg.error().message);
    }
    d["enrolling"] = std::move(s);
  }
  if (!error.empty()) d["error"] = mustache::data(error);
  pages_.Write(status, "account_second_factor", "account.second_factor.title", std::move(d), req, res);
}

void AuthPageHandler::EnrolmentForm(const Request& req, HttpResponse& res) const {
  if (Redirected(req, {SessionStage::kEnrolSecondFactor, SessionStage::kActive}, res)) return;
  // Only a page with a button: starting makes a secret, a state change, so it is a POST.
  WriteEnrolment(http::status::ok, req, "", "", res);
}

namespace {

// A base32 secret as NewTotpSecret makes them (RFC 4648 alphabet), so that a
// secret echoed back from the form is only ever shown, never trusted.
bool LooksLikeSecret(std::string_view s) {
  if (s.empty() || s.size() > 128) return false;
  for (char c : s) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7'))) return false;
  }
  return true;
}

}  // namespace

void AuthPageHandler::Enrol(Request& req, HttpResponse& res) {
  if (Redirected(req, {SessionStage::kEnrolSecondFactor, SessionStage::kActive}, res)) return;
  if (!SessionCsrfMatches(req)) return pages_.WriteError(http::status::forbidden, req, res);
  if (req.session->stage == SessionStage::kActive && !req.session->user.totp_secret.empty()) {
    return WriteEnrolment(http::status::conflict, req, "", pages_.Text(req, "account.second_factor.already"), res);
  }
  const std::string step = FormField(req, "step");
  if (step != "confirm") {
    auto secret = accounts_->BeginEnrolment(req.session_token);
    if (!secret) return WriteEnrolment(HttpStatusFor(secret.error().code), req, "", pages_.ErrorText(req, secret.error()), res);
    return WriteEnrolment(http::status::ok, req, *secret, "", res);
  }
  // The secret the page showed comes back only to be shown again after a
  // wrong code; the one that counts is kept on the session.
  std::string shown = FormField(req, "secret");
  if (!LooksLikeSecret(shown)) shown.clear();
  const std::string code = FormField(req, "code");
  auto codes = accounts_->ConfirmEnrolment(req.session_token, code);
  if (!codes) {
    const core::Error& error = codes.error();
    if (error.code == core::ErrorCode::kUnauthorized || error.code == core::ErrorCode::kInvalidArgument) {
      return WriteEnrolment(http::status::bad_request, req, shown, pages_.Text(req, "login.error_code_wrong"), res);
    }
    return WriteEnrolment(HttpStatusFor(error.code), req, "", pages_.ErrorText(req, error), res);
  }
  Audit(req.session->user.username, "account.second_factor_enrol", "");
  if (req.session->stage != SessionStage::kActive) Audit(req.session->user.username, "signin", "enrolment");
  mustache::data list(mustache::data::type::list);
  for (const std::string& c : *codes) list.push_back(mustache::data(c));
  mustache::data d;
  d["codes"] = std::move(list);
  const std::string next = NextOf(req);
  d["continue_href"] = mustache::data(next.empty() ? std::string("/account") : next);
  pages_.Write(http::status::ok, "account_recovery_codes", "account.recovery.title", std::move(d), req, res);
}

// ---- /account/reauth ----

void AuthPageHandler::WriteReauth(http::status status, const Request& req, const std::string& error,
                                  HttpResponse& res) const {
  mustache::data d;
  d["next"] = mustache::data(NextOf(req));
  d["need_code"] = mustache::data(req.session && !req.session->user.totp_secret.empty());
  if (!error.empty()) d["error"] = mustache::data(error);
  pages_.Write(status, "account_reauth", "account.reauth.title", std::move(d), req, res);
}

void AuthPageHandler::ReauthForm(const Request& req, HttpResponse& res) const {
  if (Redirected(req, {SessionStage::kActive}, res)) return;
  WriteReauth(http::status::ok, req, "", res);
}

void AuthPageHandler::Reauth(Request& req, HttpResponse& res) {
  if (Redirected(req, {SessionStage::kActive}, res)) return;
  if (!SessionCsrfMatches(req)) return pages_.WriteError(http::status::forbidden, req, res);
  auto done = accounts_->Reauthenticate(req.session_token, FormField(req, "password"), FormField(req, "code"),
                                        req.client_address);
  if (!done) {
    const core::ErrorCode code = done.error().code;
    if (code == core::ErrorCode::kTooManyRequests) {
      res.set(http::field::retry_after, "900");
      return WriteReauth(http::status::too_many_requests, req, pages_.Text(req, "login.error_throttled"), res);
    }
    if (code == core::ErrorCode::kUnauthorized || code == core::ErrorCode::kInvalidArgument) {
      Audit(req.session->user.username, "reauth.failed", "");
      return WriteReauth(http::status::unauthorized, req, pages_.Text(req, "account.reauth.error_wrong"), res);
    }
    return pages_.WriteError(HttpStatusFor(code), req, res);
  }
  Audit(req.session->user.username, "reauth", "");
  WriteSeeOther(ReturnPath(NextOf(req)), res);
}

std::string AuthPageHandler::ReturnPath(const std::string& next) const {
  if (next.empty()) return "/account";
  if (router_ == nullptr) return next;
  std::string path = next.substr(0, next.find('?'));
  while (path.size() > 1) {
    RouteParams params;
    if (router_->Find(http::verb::get, path, params).outcome == Router::Outcome::kFound) {
      return path == next.substr(0, next.find('?')) ? next : path;
    }
    path.resize(path.rfind('/') == 0 ? 1 : path.rfind('/'));
  }
  return "/account";
}

// ---- /logout ----

void AuthPageHandler::Logout(Request& req, HttpResponse& res) {
  if (accounts_ == nullptr) return pages_.WriteError(http::status::service_unavailable, req, res);
  if (req.session) {
    // Without the token a third-party page could sign staff out at will.
    if (!SessionCsrfMatches(req)) return pages_.WriteError(http::status::forbidden, req, res);
    if (auto ended = accounts_->SignOut(req.session_token); !ended) {
      return pages_.WriteError(HttpStatusFor(ended.error().code), req, res);
    }
    Audit(req.session->user.username, "signout", "");
  }
  WriteSeeOther("/", res);
  res.set(http::field::set_cookie, ClearedSessionCookie(secure_cookies_));
}

// ---- /account ----

void AuthPageHandler::AccountPage(const Request& req, HttpResponse& res) const {
  if (accounts_ == nullptr) return pages_.WriteError(http::status::service_unavailable, req, res);
  const Caller& caller = req.caller;
  mustache::data d;
  d["username"] = mustache::data(caller.username);
  d["display_name"] = mustache::data(caller.display_name);
  d["role"] = mustache::data(caller.role ? pages_.Text(req, "account.role." + std::string(auth::ToCode(*caller.role)))
                                         : std::string());
  d["via_session"] = mustache::data(req.session.has_value());
  const bool enrolled = req.session && !req.session->user.totp_secret.empty();
  d["second_factor_on"] = mustache::data(enrolled);
  d["can_enrol"] = mustache::data(req.session.has_value() && !enrolled);
  d["recovery_left"] =
      mustache::data(req.session ? std::to_string(req.session->user.recovery_code_hashes.size()) : std::string("0"));
  d["is_admin"] = mustache::data(caller.role == auth::Role::kAdmin);
  d["reauthenticated"] = mustache::data(caller.recently_reauthenticated);
  pages_.Write(http::status::ok, "account", "account.title", std::move(d), req, res);
}

void AuthPageHandler::IssueApiToken(Request& req, HttpResponse& res) {
  if (accounts_ == nullptr) return pages_.WriteError(http::status::service_unavailable, req, res);
  std::string label = FormField(req, "label");
  if (label.size() > 100) label.resize(100);
  auto token = accounts_->IssueApiToken(req.caller.user_id, label);
  if (!token) {
    mustache::data d;
    d["error"] = mustache::data(pages_.ErrorText(req, token.error()));
    return pages_.Write(HttpStatusFor(token.error().code), "account_api_token", "account.api_token.title",
                        std::move(d), req, res);
  }
  Audit(req.caller.username, "account.api_token_issue", "");
  mustache::data d;
  d["token"] = mustache::data(*token);
  if (!label.empty()) d["label"] = mustache::data(label);
  pages_.Write(http::status::ok, "account_api_token", "account.api_token.title", std::move(d), req, res);
}

void RegisterAccountPages(Router& router, const PageHandler& pages, auth::AccountService* accounts,
                          auth::AuditLog* audit, auth::PurgeService* purge, bool secure_cookies) {
  auto account = std::make_shared<AuthPageHandler>(accounts, audit, pages, secure_cookies);
  account->Register(router, account);
  auto admin = std::make_shared<AdminPageHandler>(accounts, audit, purge, pages);
  admin->Register(router, admin);
}

}  // namespace readout::web
