// The sign-in and account pages (issue 7), server-rendered HTML forms that
// work without JavaScript, in English and Chinese:
//   GET/POST /login                  username and password
//   GET/POST /login/second-factor    a TOTP code or a recovery code
//   GET/POST /account/password       the one-time password's change, or a voluntary change
//   GET/POST /account/second-factor  enrolment: secret, otpauth URI, QR code, confirm, recovery codes
//   GET/POST /account/reauth         password and code again, then back to ?next=
//   POST     /logout                 ends the session and clears the cookie
//   GET      /account                who you are; POST /account/api-tokens issues an API token (shown once)
//
// A session passes through stages (auth/accounts.h) before it acts for its
// user; the stage pages read that pending session from Request::session
// (web/access.h), so their routes are kPublic (GET) or kPublicInput (POST:
// the App checks the Origin) and this handler checks the session's CSRF
// token itself. Every step answers with a 303 to the page of the stage the
// session is in, and finally to ?next= when it is a local path (never an
// absolute URL: no open redirect) or /account.
//
// Also here, because the admin pages (web/admin_page_handler.h) share them:
// StaffPages, which renders a staff page's template inside the site layout,
// and the small helpers for safe redirects.
//
// Called by App, which registers the routes. Thread-safety: handlers may run
// on many threads at once (AccountService and AuditLog are thread-safe;
// Catalogs is immutable).
#pragma once

#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <kainjow/mustache.hpp>

#include "auth/accounts.h"
#include "auth/audit.h"
#include "auth/purge.h"
#include "core/status.h"
#include "publish/i18n.h"
#include "web/page_handler.h"
#include "web/router.h"

namespace readout::web {

// Renders the staff pages: web/templates/<name>.mustache inside the layout,
// in the request's language, never cached (they carry CSRF tokens and
// secrets shown once).
class StaffPages {
 public:
  explicit StaffPages(const PageHandler& pages) : pages_(pages) {}

  // `title_id` is the catalog id of the page's h1 and <title>; `data` gets
  // "title", "csrf" (the session's token, when there is a session) and
  // "lang_code" added.
  void Write(http::status status, std::string_view name, std::string_view title_id, kainjow::mustache::data data,
             const Request& req, HttpResponse& res) const;
  // The site's error page for `status`.
  void WriteError(http::status status, const Request& req, HttpResponse& res) const;
  // A catalog message in the request's language.
  std::string Text(const Request& req, std::string_view id) const;
  // What to tell the reader about `error`: a sentence from the catalog for
  // its code, with the English detail of invalid input and conflicts.
  std::string ErrorText(const Request& req, const core::Error& error) const;

 private:
  const PageHandler& pages_;
  const publish::Catalogs catalogs_;
};

// `next` when it is a local path ("/cases?x=1"), otherwise "": it must start
// with one '/', not "//" or "/\" (a network-path reference to another host),
// and hold no backslash and no control character.
std::string SafeNextPath(std::string_view next);
// Percent-encodes everything but unreserved characters and '/', for ?next=.
std::string PercentEncode(std::string_view text);
// A 303 See Other to `location` (a local path), uncacheable.
void WriteSeeOther(std::string_view location, HttpResponse& res);
// True when the form's CSRF field equals the token of the request's session
// (any stage). False without a session.
bool SessionCsrfMatches(const Request& req);

class AuthPageHandler {
 public:
  // `accounts` and `audit` may be null (no accounts on this server: the
  // pages answer 503). `secure_cookies`: the session cookie gets Secure (the
  // site is served under https; AppOptions::public_origin).
  AuthPageHandler(auth::AccountService* accounts, auth::AuditLog* audit, const PageHandler& pages,
                  bool secure_cookies);

  // `keep_alive`, when set, is held by every route's closure (RegisterAccountPages owns the handler that way).
  void Register(Router& router, std::shared_ptr<const void> keep_alive = nullptr);

  // The page of a session's stage, with ?next= when `next` is not empty:
  // /account/password, /account/second-factor, /login/second-factor, or
  // for kActive `next` itself (default /account).
  static std::string StagePath(auth::SessionStage stage, const std::string& next);

 private:
  void LoginForm(const Request& req, HttpResponse& res) const;
  void Login(Request& req, HttpResponse& res);
  void SecondFactorForm(const Request& req, HttpResponse& res) const;
  void SecondFactor(Request& req, HttpResponse& res);
  void PasswordForm(const Request& req, HttpResponse& res) const;
  void ChangePassword(Request& req, HttpResponse& res);
  void EnrolmentForm(const Request& req, HttpResponse& res) const;
  void Enrol(Request& req, HttpResponse& res);
  void ReauthForm(const Request& req, HttpResponse& res) const;
  void Reauth(Request& req, HttpResponse& res);
  void Logout(Request& req, HttpResponse& res);
  void AccountPage(const Request& req, HttpResponse& res) const;
  void IssueApiToken(Request& req, HttpResponse& res);

  // Renders the login form with an optional error message id.
  void WriteLogin(http::status status, const Request& req, std::string_view error_id, const std::string& username,
                  HttpResponse& res) const;
  void WriteSecondFactor(http::status status, const Request& req, const std::string& error,
                         HttpResponse& res) const;
  void WritePassword(http::status status, const Request& req, const std::string& error, HttpResponse& res) const;
  // The enrolment page: the start button, or (with `secret`) the secret, its
  // URI and QR code and the confirmation form.
  void WriteEnrolment(http::status status, const Request& req, const std::string& secret, const std::string& error,
                      HttpResponse& res) const;
  void WriteReauth(http::status status, const Request& req, const std::string& error, HttpResponse& res) const;
  // Sets the session cookie when `token` is not empty.
  void SetSessionCookie(const std::string& token, HttpResponse& res) const;
  // Records a sign-in event when there is an audit log (failures are logged, not shown).
  void Audit(std::string_view actor, std::string_view action, std::string_view detail) const;
  // The ?next= of the request (query or form), made safe.
  static std::string NextOf(const Request& req);
  // Answers when the stage page can not serve this request: no accounts (503),
  // no session (303 /login), a session in another stage (303 to its page).
  // True when it answered.
  bool Redirected(const Request& req, std::initializer_list<auth::SessionStage> stages, HttpResponse& res) const;

  // Where re-authentication returns: `next`, or when no GET route serves it
  // (the POST that asked for it, e.g. /admin/purge/{id}/confirm) its
  // nearest parent path that one does (/admin/purge).
  std::string ReturnPath(const std::string& next) const;

  auth::AccountService* accounts_;
  auth::AuditLog* audit_;
  StaffPages pages_;
  bool secure_cookies_;
  const Router* router_ = nullptr;  // set by Register; outlives the handler
};

class AdminPageHandler;

// Registers the sign-in, account and admin pages (this file and
// web/admin_page_handler.h) on `router`, which then owns the handlers.
// App calls it once from its constructor; `pages` must outlive the router.
void RegisterAccountPages(Router& router, const PageHandler& pages, auth::AccountService* accounts,
                          auth::AuditLog* audit, auth::PurgeService* purge, bool secure_cookies);

// An inline SVG of the QR code of `text` (libqrencode, error correction M),
// drawn with one path and no style attribute, so the page's CSP allows it.
// kInternal when libqrencode fails (text too long).
core::Result<std::string> QrCodeSvg(std::string_view text);

// A base32 secret in groups of four ("JBSW Y3DP EHPK 3PXP"), easier to type.
std::string GroupedSecret(std::string_view secret);

}  // namespace readout::web
