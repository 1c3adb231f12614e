// The administration pages (issue 7), for admins only (Permission::kAdmin),
// server-rendered forms without JavaScript:
//   GET  /admin/users                 every user: username, display name, role, second factor, disabled; add form
//   POST /admin/users                 add a user: shows the one-time password once
//   GET  /admin/users/{id}            one user, with the forms below
//   POST /admin/users/{id}/disable|enable|reset-second-factor|reset-password|role|grant|revoke
//   GET  /admin/audit                 the audit log, newest first, paged (?before=); ?verify=1 checks the chain
//   GET  /admin/purge                 pending purge requests and the request form
//   POST /admin/purge                 request a purge (record id)
//   POST /admin/purge/{id}/confirm    confirm (a second admin, re-authenticated)
//   POST /admin/purge/{id}/cancel
// Changes answer 303 back to the page with ?done=<what>, which the page
// turns into a sentence; a refused change shows the page again with why.
// An admin can not disable or demote their own account (so the last admin
// can not lock everyone out by mistake).
//
// Called by App, which registers the routes. Thread-safety: handlers may run
// on many threads at once (the services are thread-safe).
#pragma once

#include <memory>
#include <string>

#include "auth/accounts.h"
#include "auth/audit.h"
#include "auth/purge.h"
#include "web/auth_page_handler.h"
#include "web/page_handler.h"
#include "web/router.h"

namespace readout::web {

// Audit rows per page of /admin/audit.
inline constexpr int kAuditPageSize = 50;

class AdminPageHandler {
 public:
  // Any service may be null (no accounts on this server): its pages answer 503.
  AdminPageHandler(auth::AccountService* accounts, auth::AuditLog* audit, auth::PurgeService* purge,
                   const PageHandler& pages);

  // `keep_alive`, when set, is held by every route's closure (see RegisterAccountPages).
  void Register(Router& router, std::shared_ptr<const void> keep_alive = nullptr);

 private:
  void Users(const Request& req, HttpResponse& res) const;
  void AddUser(Request& req, HttpResponse& res);
  void UserPage(const Request& req, HttpResponse& res) const;
  // One of the POST /admin/users/{id}/<action> forms.
  void UserAction(std::string_view action, Request& req, HttpResponse& res);
  void Audit(const Request& req, HttpResponse& res) const;
  void PurgePage(const Request& req, HttpResponse& res) const;
  void RequestPurge(Request& req, HttpResponse& res);
  void ConfirmPurge(Request& req, HttpResponse& res);
  void CancelPurge(Request& req, HttpResponse& res);

  void WriteUsers(http::status status, const Request& req, const std::string& error, HttpResponse& res) const;
  void WriteUser(http::status status, const Request& req, std::string_view user_id, const std::string& error,
                 HttpResponse& res) const;
  void WritePurge(http::status status, const Request& req, const std::string& error, HttpResponse& res) const;
  // The one-time password page (after add and reset-password).
  void WriteOneTimePassword(const Request& req, const auth::User& user, const std::string& password,
                            HttpResponse& res) const;
  // Records an admin change that answers 303 (App's audit hook records only
  // 2xx answers: adding a user and resetting a password are recorded there).
  void RecordAudit(const Request& req, std::string_view action, std::string_view target_id,
                   std::string_view detail) const;
  // The ?done= sentence, from a fixed list (an unknown value shows nothing).
  std::string DoneText(const Request& req) const;

  auth::AccountService* accounts_;
  auth::AuditLog* audit_;
  auth::PurgeService* purge_;
  StaffPages pages_;
};

}  // namespace readout::web
