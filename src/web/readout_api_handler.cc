#include "web/readout_api_handler.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/evidence.h"
#include "core/record_json.h"
#include "publish/public_readout.h"
#include "web/access.h"
#include "web/api_handler.h"
#include "web/problem.h"

namespace readout::web {
namespace {

using core::Error;
using nlohmann::json;

// The fields of a step body, each checked and named.
struct StepBody {
  std::int64_t base_revision = 0;
  std::string actor;
  core::BilingualText note;
};

core::Result<std::string> OptionalString(const json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return std::string();
  if (!it->is_string()) return core::Fail(Error::Invalid(name, "must be a string"));
  return it->get<std::string>();
}

core::Result<StepBody> ParseStepBody(const Request& req, const core::Actor& writer) {
  std::string_view type = req.Header(http::field::content_type);
  type = type.substr(0, type.find(';'));
  if (type != "application/json") {
    return core::Fail(Error::Invalid("body", "must be JSON, sent with Content-Type: application/json"));
  }
  json body;
  try {
    body = json::parse(req.http.body());
  } catch (const json::parse_error& e) {
    return core::Fail(Error::Invalid("body", "is not valid JSON at byte " + std::to_string(e.byte)));
  } catch (const json::out_of_range&) {  // nlohmann's answer to a number beyond double, such as 1E400
    return core::Fail(Error::Invalid("body", "holds a number too large to represent"));
  }
  if (!body.is_object()) return core::Fail(Error::Invalid("body", "must be a JSON object"));
  StepBody out;
  std::vector<core::FieldError> errors;
  for (const auto& item : body.items()) {
    const std::string& key = item.key();
    if (key != "base_revision" && key != "actor" && key != "note") {
      errors.push_back({key, "is not a field of a workflow step (base_revision, actor, note)"});
    }
  }
  auto revision = body.find("base_revision");
  if (revision == body.end()) {
    errors.push_back({"base_revision", "is required: the revision of the readout the step is based on"});
  } else if (!revision->is_number_integer() || revision->get<std::int64_t>() < 1) {
    errors.push_back({"base_revision", "must be a revision number (1 or more)"});
  } else {
    out.base_revision = revision->get<std::int64_t>();
  }
  if (auto actor = OptionalString(body, "actor"); !actor) {
    errors.push_back(actor.error().fields.front());
  } else if (!actor->empty() && *actor != writer.name) {
    // The actor is whoever signed in: a body may repeat the name but never
    // claim another, or one person could both write and approve.
    errors.push_back({"actor", "is the signed-in user (" + writer.name + "); leave it out"});
  } else {
    out.actor = writer.name;
  }
  if (auto note = body.find("note"); note != body.end() && !note->is_null()) {
    if (!note->is_object()) {
      errors.push_back({"note", "must be an object such as {\"en\": \"...\", \"zh_hans\": \"...\"}"});
    } else {
      for (const auto& item : note->items()) {
        const std::string& lang = item.key();
        const json& text = item.value();
        if (!text.is_string()) {
          errors.push_back({"note." + lang, "must be a string"});
        } else if (lang == "en") {
          out.note.en = text.get<std::string>();
        } else if (lang == "zh_hans") {
          out.note.zh_hans = text.get<std::string>();
        } else if (lang == "zh_hant") {
          out.note.zh_hant = text.get<std::string>();
        } else {
          errors.push_back({"note." + lang, "is not a language of the note (en, zh_hans, zh_hant)"});
        }
      }
    }
  }
  if (!errors.empty()) return core::Fail(Error::Invalid(std::move(errors)));
  return out;
}

}  // namespace

void ReadoutApiHandler::Register(Router& router) {
  struct Spec {
    core::ReadoutAction action;
    const char* operation_id;
    const char* summary;
    auth::Permission permission;
    bool reauth;
  };
  const Spec specs[] = {
      {core::ReadoutAction::kSubmit, "submit_readout", "Submit a draft readout for review (draft -> in_review)",
       auth::Permission::kEdit, false},
      {core::ReadoutAction::kReturn, "return_readout", "Return a readout in review to its author (-> draft)",
       auth::Permission::kEdit, false},
      {core::ReadoutAction::kApprove, "approve_readout",
       "Approve a readout in review; the actor must not be its author (-> approved)", auth::Permission::kReview,
       false},
      {core::ReadoutAction::kPublish, "publish_readout",
       "Publish an approved readout: freezes its public content, built from public records, as a new version",
       auth::Permission::kEdit, true},
      {core::ReadoutAction::kCorrect, "correct_readout",
       "Reopen a published readout for a correction; note (what is corrected and why) required (-> draft)",
       auth::Permission::kEdit, true},
  };
  for (const Spec& s : specs) {
    RouteDoc d;
    d.summary = s.summary;
    d.operation_id = s.operation_id;
    d.permission = s.permission;
    d.reauth = s.reauth;  // what the public sees changes: the signer proves it is still them
    d.has_body = true;
    d.response_schema = "Readout";
    d.tag = "readout_workflow";
    d.not_found = true;
    const core::ReadoutAction action = s.action;
    router.Add(http::verb::post, "/api/v1/readouts/{id}/" + std::string(core::ToCode(action)),
               [this, action](Request& q, HttpResponse& r) { Step(action, q, r); }, std::move(d));
  }
}

void ReadoutApiHandler::Step(core::ReadoutAction action, Request& req, HttpResponse& res) {
  auto writer = Access::WriterOf(req);
  if (!writer) return WriteError(writer.error(), res);
  const std::string id(req.params.Get("id"));
  if (core::KindOfId(id) != core::RecordKind::kReadout) return WriteError(Error::NotFound("no readout with id " + id), res);
  auto body = ParseStepBody(req, *writer);
  if (!body) return WriteError(body.error(), res);

  auto stored = records_.Get(id, req.caller.reader);
  if (!stored) return WriteError(stored.error(), res);
  if (stored->header.revision != body->base_revision) {
    return WriteError(Error::Conflict("base_revision: the readout is at revision " +
                                      std::to_string(stored->header.revision) + ", not " +
                                      std::to_string(body->base_revision) + "; reload it and try again"),
                      res);
  }
  auto current = core::DecodeReadout(stored->body);
  if (!current) return WriteError(Error::Internal("stored readout " + id + " does not decode"), res);

  core::ReadoutStep step;
  step.action = action;
  step.actor = body->actor;
  step.note = body->note;
  step.now = core::NowRfc3339Utc();
  if (action == core::ReadoutAction::kPublish && current->state == core::ReadoutState::kApproved) {
    // Built as the public sees the record, never at the caller's clearance.
    publish::PublicRecords public_records(records_);
    auto content = publish::BuildPublicReadout(public_records, current->subject_id, current->editor_note, site_.Today());
    if (!content) {
      if (content.error().code == core::ErrorCode::kNotFound) {
        return WriteError(Error::Conflict("subject_id: " + current->subject_id +
                                          " is not public, so it has no public readout to publish"),
                          res);
      }
      return WriteError(content.error(), res);
    }
    step.content = publish::ToJson(*content);
  }
  auto next = core::ApplyReadoutStep(*current, step);
  if (!next) return WriteError(next.error(), res);
  auto updated = records_.Update(id, body->base_revision, core::Encode(*next), core::Actor{step.actor});
  if (!updated) return WriteError(updated.error(), res);
  WriteJson(http::status::ok, core::ToJson(*updated), res);
  res.set(http::field::etag, "\"" + std::to_string(updated->header.revision) + "\"");
}

}  // namespace readout::web
