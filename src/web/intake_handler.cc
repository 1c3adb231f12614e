#include "web/intake_handler.h"

#include <algorithm>
#include <optional>
#include <utility>

#include <spdlog/spdlog.h>

#include "web/access.h"
#include "web/session_cookie.h"

namespace readout::web {
namespace {

namespace mustache = kainjow::mustache;

using intake::Submission;
using intake::SubmissionState;


mustache::data Text(std::string s) { return mustache::data(std::move(s)); }

// The first `max_chars` code points of `s`, with "…" when cut: the queue
// shows the start of each `about`, the submission page all of it.
std::string Excerpt(const std::string& s, std::size_t max_chars) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && chars++ == max_chars) return s.substr(0, i) + "…";
  }
  return s;
}

}  // namespace

IntakeHandler::IntakeHandler(intake::IntakeService* intake, auth::AuditLog* audit, const PageHandler& pages)
    : intake_(intake), audit_(audit), pages_(pages) {}

void IntakeHandler::Register(Router& router, std::shared_ptr<const void> keep_alive) {
  using auth::Permission;
  auto add = [&](http::verb verb, const char* pattern, auto method, std::string summary, std::string op,
                 Permission permission) {
    RouteDoc d = PageRouteDoc(std::move(summary), std::move(op), "public input", permission);
    if (verb == http::verb::get) {
      d.query_params = {"lang"};
    } else if (permission != Permission::kPublicInput) {
      d.success_status = 303;
    }
    if (std::string_view(pattern).find("{id}") != std::string_view::npos) d.not_found = true;
    router.Add(verb, pattern,
               [this, method, keep_alive](Request& q, HttpResponse& r) { (this->*method)(q, r); }, std::move(d));
  };
  add(http::verb::get, "/send", &IntakeHandler::Form, "The public input form", "page_send", Permission::kPublic);
  add(http::verb::post, "/send", &IntakeHandler::Send, "Send information to the editors", "sendSubmission",
      Permission::kPublicInput);
  add(http::verb::get, "/moderation", &IntakeHandler::Queue, "The moderation queue of public submissions",
      "page_moderation", Permission::kEdit);
  add(http::verb::get, "/moderation/{id}", &IntakeHandler::Detail, "One public submission", "page_submission",
      Permission::kEdit);
  add(http::verb::post, "/moderation/{id}/dismiss", &IntakeHandler::Dismiss, "Dismiss a submission",
      "dismissSubmission", Permission::kEdit);
  add(http::verb::post, "/moderation/{id}/accept", &IntakeHandler::Accept,
      "Accept a submission as a restricted source record", "acceptSubmission", Permission::kEdit);
  add(http::verb::post, "/moderation/{id}/erase", &IntakeHandler::Erase, "Erase a handled submission",
      "eraseSubmission", Permission::kEdit);
}

// ---- the public form ----

void IntakeHandler::Form(const Request& req, HttpResponse& res) const {
  if (intake_ == nullptr) return pages_.WriteError(http::status::service_unavailable, req, res);
  WriteForm(http::status::ok, req, {}, nullptr, res);
}

void IntakeHandler::Send(Request& req, HttpResponse& res) {
  if (intake_ == nullptr) return pages_.WriteError(http::status::service_unavailable, req, res);
  // A bot fills every field; a person never sees this one. Answer as if it
  // worked, so the bot learns nothing, and keep nothing.
  if (!FormField(req, kHoneypotField).empty()) {
    return pages_.Write(http::status::ok, "intake_thanks", "intake.thanks.title", {}, req, res);
  }
  intake::SubmissionInput input;
  input.about = FormField(req, "about");
  input.case_id = FormField(req, "case_id");
  input.message = FormField(req, "message");
  input.contact = FormField(req, "contact");
  input.language = std::string(publish::LanguageChoice{req.lang, req.traditional}.Code());
  auto sent = intake_->Submit(input, req.client_address);
  if (!sent) {
    const core::Error& e = sent.error();
    if (e.code == core::ErrorCode::kInvalidArgument) return WriteForm(http::status::bad_request, req, input, &e, res);
    if (e.code == core::ErrorCode::kTooManyRequests) {
      pages_.Write(http::status::too_many_requests, "intake_limited", "intake.limited.title", {}, req, res);
      res.set(http::field::retry_after, "3600");
      return;
    }
    // Never the sender's text or address in the log: only what failed.
    spdlog::error("public input: could not store a submission: {}", e.message);
    return pages_.WriteError(e.code == core::ErrorCode::kUnavailable ? http::status::service_unavailable
                                                                     : http::status::internal_server_error,
                             req, res);
  }
  pages_.Write(http::status::ok, "intake_thanks", "intake.thanks.title", {}, req, res);
}

void IntakeHandler::WriteForm(http::status status, const Request& req, const intake::SubmissionInput& input,
                              const core::Error* error, HttpResponse& res) const {
  mustache::data d;
  d["about"] = Text(input.about);
  d["case_id"] = Text(input.case_id.empty() ? FormValue(req.query, "case").value_or("") : input.case_id);
  d["message"] = Text(input.message);
  d["contact"] = Text(input.contact);
  d["max_message"] = Text(std::to_string(intake::kMaxMessageChars));
  d["max_about"] = Text(std::to_string(intake::kMaxAboutChars));
  d["max_contact"] = Text(std::to_string(intake::kMaxContactChars));
  if (error != nullptr) {
    d["error"] = Text(pages_.Text(req, "intake.form.error"));
    for (const core::FieldError& f : error->fields) {
      // One message per known field, in the form beside it.
      if (f.field == "about" || f.field == "case_id" || f.field == "message" || f.field == "contact") {
        d["error_" + f.field] = Text(pages_.Text(req, "intake.field." + f.field) + ": " + f.problem);
      }
    }
  }
  pages_.Write(status, "intake_form", "intake.form.title", std::move(d), req, res);
}

// ---- moderation ----

bool IntakeHandler::Refused(const Request& req, HttpResponse& res) const {
  // The App checks RouteDoc::permission first; this repeats it so the queue
  // stays closed even if a route were registered without its rule.
  if (intake_ == nullptr) {
    pages_.WriteError(http::status::service_unavailable, req, res);
    return true;
  }
  if (!req.caller.role) {
    pages_.WriteError(http::status::unauthorized, req, res);
    return true;
  }
  if (!auth::Allows(auth::Permission::kEdit, req.caller.role)) {
    pages_.WriteError(http::status::forbidden, req, res);
    return true;
  }
  return false;
}

void IntakeHandler::WriteServiceError(const Request& req, const core::Error& error, HttpResponse& res) const {
  switch (error.code) {
    case core::ErrorCode::kNotFound:
      return pages_.WriteError(http::status::not_found, req, res);
    case core::ErrorCode::kUnavailable:
      return pages_.WriteError(http::status::service_unavailable, req, res);
    default:
      spdlog::error("moderation: {}", error.message);
      return pages_.WriteError(http::status::internal_server_error, req, res);
  }
}

void IntakeHandler::Queue(const Request& req, HttpResponse& res) const {
  if (Refused(req, res)) return;
  const std::string state_code = req.QueryParam("state").value_or("new");
  std::optional<SubmissionState> state;
  if (state_code != "all") {
    state = intake::ParseSubmissionState(state_code);
    if (!state) return pages_.WriteError(http::status::bad_request, req, res);
  }
  auto counts = intake_->Counts();
  if (!counts) return WriteServiceError(req, counts.error(), res);
  auto list = intake_->List(state);
  if (!list) return WriteServiceError(req, list.error(), res);

  mustache::data tabs(mustache::data::type::list);
  const std::pair<const char*, int> kTabs[] = {
      {"new", counts->new_count}, {"accepted", counts->accepted}, {"dismissed", counts->dismissed},
      {"all", counts->new_count + counts->accepted + counts->dismissed}};
  for (const auto& [code, count] : kTabs) {
    mustache::data tab;
    tab["code"] = Text(code);
    tab["label"] = Text(pages_.Text(req, std::string("intake.state.") + code));
    tab["count"] = Text(std::to_string(count));
    tab["current"] = mustache::data(state_code == code);
    tabs.push_back(std::move(tab));
  }
  mustache::data rows(mustache::data::type::list);
  for (const Submission& s : *list) {
    mustache::data row;
    row["id"] = Text(s.id);
    row["received_at"] = Text(s.received_at);
    row["about"] = Text(Excerpt(s.about.empty() ? s.message : s.about, 120));
    row["state"] = Text(pages_.Text(req, "intake.state." + std::string(intake::ToCode(s.state))));
    row["case_id"] = Text(s.case_id);
    rows.push_back(std::move(row));
  }
  mustache::data d;
  d["tabs"] = std::move(tabs);
  d["rows"] = std::move(rows);
  d["empty"] = mustache::data(list->empty());
  pages_.Write(http::status::ok, "moderation", "intake.moderation.title", std::move(d), req, res);
}

void IntakeHandler::Detail(const Request& req, HttpResponse& res) const {
  if (Refused(req, res)) return;
  auto s = intake_->Get(req.params.Get("id"));
  if (!s) return WriteServiceError(req, s.error(), res);
  WriteDetail(http::status::ok, req, *s, "", res);
}

void IntakeHandler::WriteDetail(http::status status, const Request& req, const Submission& s,
                                const std::string& error, HttpResponse& res) const {
  mustache::data d;
  d["id"] = Text(s.id);
  d["received_at"] = Text(s.received_at);
  d["about"] = Text(s.about);
  d["case_id"] = Text(s.case_id);
  mustache::data lines(mustache::data::type::list);
  std::size_t start = 0;
  while (start <= s.message.size()) {
    const std::size_t end = std::min(s.message.find('\n', start), s.message.size());
    mustache::data line;
    line["text"] = Text(s.message.substr(start, end - start));
    lines.push_back(std::move(line));
    start = end + 1;
  }
  d["lines"] = std::move(lines);
  d["contact"] = Text(s.contact);
  d["language"] = Text(s.language);
  d["state"] = Text(pages_.Text(req, "intake.state." + std::string(intake::ToCode(s.state))));
  d["is_new"] = mustache::data(s.state == SubmissionState::kNew);
  d["handled_by"] = Text(s.handled_by);
  d["handled_at"] = Text(s.handled_at);
  d["record_id"] = Text(s.record_id);
  d["provenance"] = Text(intake::ProvenanceTitle(s));
  d["csrf"] = Text(req.caller.csrf_token);  // StaffPages sets the session's, the same token
  if (!error.empty()) d["error"] = Text(error);
  pages_.Write(status, "moderation_item", "intake.moderation.item_title", std::move(d), req, res);
}

void IntakeHandler::Dismiss(Request& req, HttpResponse& res) {
  if (Refused(req, res)) return;
  auto actor = Access::WriterOf(req);
  if (!actor) return pages_.WriteError(http::status::unauthorized, req, res);
  auto done = intake_->Dismiss(req.params.Get("id"), *actor);
  if (!done) {
    if (done.error().code == core::ErrorCode::kConflict) {
      if (auto s = intake_->Get(req.params.Get("id"))) {
        return WriteDetail(http::status::conflict, req, *s, pages_.ErrorText(req, done.error()), res);
      }
    }
    return WriteServiceError(req, done.error(), res);
  }
  Audit(req, "submission.dismiss", done->id, "");
  WriteSeeOther("/moderation/" + done->id, res);
}

void IntakeHandler::Accept(Request& req, HttpResponse& res) {
  if (Refused(req, res)) return;
  auto actor = Access::WriterOf(req);
  if (!actor) return pages_.WriteError(http::status::unauthorized, req, res);
  auto s = intake_->Get(req.params.Get("id"));
  if (!s) return WriteServiceError(req, s.error(), res);
  const nlohmann::json body = intake::SourceBodyFor(*s, FormField(req, "title_en"), FormField(req, "title_zh_hans"));
  auto done = intake_->Accept(s->id, *actor, core::RecordKind::kSource, body);
  if (!done) {
    const core::ErrorCode code = done.error().code;
    if (code == core::ErrorCode::kConflict || code == core::ErrorCode::kInvalidArgument) {
      return WriteDetail(code == core::ErrorCode::kConflict ? http::status::conflict : http::status::bad_request, req,
                         *s, pages_.ErrorText(req, done.error()), res);
    }
    return WriteServiceError(req, done.error(), res);
  }
  Audit(req, "submission.accept", done->record_id, "from " + done->id);
  WriteSeeOther("/moderation/" + done->id, res);
}

void IntakeHandler::Erase(Request& req, HttpResponse& res) {
  if (Refused(req, res)) return;
  const std::string id(req.params.Get("id"));
  auto done = intake_->Erase(id);
  if (!done) {
    if (done.error().code == core::ErrorCode::kConflict) {
      if (auto s = intake_->Get(id)) {
        return WriteDetail(http::status::conflict, req, *s, pages_.ErrorText(req, done.error()), res);
      }
    }
    return WriteServiceError(req, done.error(), res);
  }
  Audit(req, "submission.erase", id, "");
  WriteSeeOther("/moderation?state=all", res);
}

void IntakeHandler::Audit(const Request& req, std::string_view action, std::string_view target_id,
                          std::string_view detail) const {
  if (audit_ == nullptr) return;
  auto recorded = audit_->Record(req.caller.username, action, target_id, detail);
  if (!recorded) spdlog::error("audit: could not record {}: {}", action, recorded.error().message);
}

void RegisterIntakePages(Router& router, const PageHandler& pages, intake::IntakeService* intake,
                         auth::AuditLog* audit) {
  auto handler = std::make_shared<IntakeHandler>(intake, audit, pages);
  handler->Register(router, handler);
}

}  // namespace readout::web
