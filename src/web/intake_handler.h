// The public input form and its moderation queue (issue 7, "Public input";
// DESIGN.md journey 9), server-rendered HTML that works without JavaScript,
// in English and Chinese:
//   GET  /send                       the form: what happens to the information, the risks (public)
//   POST /send                       sends it (kPublicInput: no session, the App checks the Origin;
//                                    throttled per address and overall by intake::IntakeService: 429)
//   GET  /moderation                 the queue with counts per state, ?state=new|accepted|dismissed|all (kEdit)
//   GET  /moderation/{id}            one submission, with the dismiss, accept and erase forms (kEdit)
//   POST /moderation/{id}/dismiss    new -> dismissed (kEdit)
//   POST /moderation/{id}/accept     new -> accepted: a restricted source record with its provenance (kEdit)
//   POST /moderation/{id}/erase      removes a handled submission from the store (kEdit)
//
// The thank-you page echoes nothing the sender typed. A hidden honeypot
// field ("website") that people leave empty makes a bot's POST look
// accepted while nothing is stored. The client address reaches only the
// service's in-memory throttle; nothing here logs it. Moderation steps are
// recorded in the audit log (the App records only 2xx writes, and these
// answer 303); the public's sending is not, because an audit entry's time
// would be finer than the day a submission keeps.
//
// Called by App, which registers the routes through RegisterIntakePages.
// Thread-safety: handlers may run on many threads at once (IntakeService
// and AuditLog are thread-safe; the rest is immutable).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <kainjow/mustache.hpp>

#include "auth/audit.h"
#include "intake/intake_service.h"
#include "web/auth_page_handler.h"
#include "web/page_handler.h"
#include "web/router.h"

namespace readout::web {

// The form's field names (also read by tests).
inline constexpr std::string_view kHoneypotField = "website";

class IntakeHandler {
 public:
  // `intake` null: every route answers 503 (no account store on this
  // server). `audit` may be null.
  IntakeHandler(intake::IntakeService* intake, auth::AuditLog* audit, const PageHandler& pages);

  // `keep_alive`, when set, is held by every route's closure.
  void Register(Router& router, std::shared_ptr<const void> keep_alive = nullptr);

 private:
  void Form(const Request& req, HttpResponse& res) const;
  void Send(Request& req, HttpResponse& res);
  void Queue(const Request& req, HttpResponse& res) const;
  void Detail(const Request& req, HttpResponse& res) const;
  void Dismiss(Request& req, HttpResponse& res);
  void Accept(Request& req, HttpResponse& res);
  void Erase(Request& req, HttpResponse& res);

  // The form, with the sender's values and each field's problem when
  // `error` is set (a 400 shows the sender their own text again, never
  // anyone else's).
  void WriteForm(http::status status, const Request& req, const intake::SubmissionInput& input,
                 const core::Error* error, HttpResponse& res) const;
  void WriteDetail(http::status status, const Request& req, const intake::Submission& submission,
                   const std::string& error, HttpResponse& res) const;
  // Answers when the moderation routes can not serve this caller: no
  // intake (503), the public (401), below editor (403). True when it answered.
  bool Refused(const Request& req, HttpResponse& res) const;
  // A service error as a page: 404, 409 (on the submission's page), 503, 500.
  void WriteServiceError(const Request& req, const core::Error& error, HttpResponse& res) const;
  void Audit(const Request& req, std::string_view action, std::string_view target_id, std::string_view detail) const;

  intake::IntakeService* intake_;
  auth::AuditLog* audit_;
  StaffPages pages_;
};

// Registers the routes above on `router`, which then owns the handler.
// App calls it once from its constructor; `pages` must outlive the router.
void RegisterIntakePages(Router& router, const PageHandler& pages, intake::IntakeService* intake,
                         auth::AuditLog* audit);

}  // namespace readout::web
