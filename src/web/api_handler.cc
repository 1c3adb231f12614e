#include "web/api_handler.h"

#include <charconv>
#include <string>

#include <nlohmann/json.hpp>

#include "core/record_json.h"
#include "web/access.h"
#include "web/problem.h"

namespace readout::web {

namespace {

using core::Error;
using core::RecordKind;
using nlohmann::json;

bool ParseInt(std::string_view text, std::int64_t& out) {
  if (text.empty()) return false;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

Error InvalidQuery(std::string_view name, std::string problem) {
  return Error::Invalid(std::string(name), std::move(problem));
}

// "application/json" with any parameters (charset=utf-8) is the only body type accepted.
bool IsJsonContentType(std::string_view value) {
  std::string_view media = value.substr(0, value.find(';'));
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  return Lower(media) == "application/json";
}

void WriteRecord(http::status status, const core::StoredRecord& record, HttpResponse& res) {
  WriteJson(status, core::ToJson(record), res);
  res.set(http::field::etag, "\"" + std::to_string(record.header.revision) + "\"");
}

std::string RecordPath(RecordKind kind, std::string_view id) {
  return "/api/v1/" + std::string(core::KindPlural(kind)) + "/" + std::string(id);
}

// The body of a write, as a JSON object: 415 for a body that is not JSON by
// its Content-Type, 400 naming the byte where parsing stopped.
tl::expected<json, Problem> ParseBody(const Request& req) {
  if (!IsJsonContentType(req.Header(http::field::content_type))) {
    return tl::unexpected(Problem{http::status::unsupported_media_type, "unsupported_media_type",
                                  "the request body must be JSON, sent with Content-Type: application/json", {}});
  }
  json body;
  try {
    body = json::parse(req.http.body());
  } catch (const json::parse_error& e) {
    std::string what = e.what();
    // Drop nlohmann's "[json.exception.parse_error.101] " prefix: an implementation detail.
    if (auto pos = what.find("] "); pos != std::string::npos) what = what.substr(pos + 2);
    return tl::unexpected(
        ProblemFor(Error::Invalid("body", "is not valid JSON at byte " + std::to_string(e.byte) + ": " + what)));
  } catch (const json::out_of_range&) {  // nlohmann's answer to a number beyond double, such as 1E400
    return tl::unexpected(ProblemFor(Error::Invalid("body", "holds a number too large to represent")));
  }
  if (!body.is_object()) return tl::unexpected(ProblemFor(Error::Invalid("body", "must be a JSON object")));
  return body;
}

// The revision a write is based on: If-Match wins; else ?revision= (delete, restore) or the body's "revision".
core::Result<std::int64_t> BaseRevision(const Request& req, const json* body) {
  std::string_view if_match = req.Header(http::field::if_match);
  std::int64_t from_header = 0;
  bool have_header = false;
  if (!if_match.empty()) {
    if (!ParseIfMatch(if_match, from_header)) {
      return core::Fail(Error::Invalid("If-Match", "must be the record's revision as an entity tag, such as \"3\""));
    }
    have_header = true;
  }
  std::optional<std::int64_t> from_request;
  if (body != nullptr) {
    auto it = body->find("revision");
    if (it != body->end()) {
      if (!it->is_number_integer()) return core::Fail(Error::Invalid("revision", "must be an integer"));
      from_request = it->get<std::int64_t>();
    }
  } else if (auto q = req.QueryParam("revision")) {
    std::int64_t n = 0;
    if (!ParseInt(*q, n)) return core::Fail(InvalidQuery("revision", "must be an integer"));
    from_request = n;
  }
  if (have_header && from_request && *from_request != from_header) {
    return core::Fail(Error::Invalid("revision", "disagrees with the If-Match header"));
  }
  if (have_header) return from_header;
  if (from_request) return *from_request;
  return core::Fail(Error::Invalid(
      "revision", body != nullptr ? "is required: send the revision the change is based on, or an If-Match header"
                                  : "is required: send ?revision=N or an If-Match header"));
}

}  // namespace

bool ParseIfMatch(std::string_view value, std::int64_t& revision) {
  if (value.substr(0, 2) == "W/") value.remove_prefix(2);
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
  return ParseInt(value, revision) && revision > 0;
}

void WriteJson(http::status status, const nlohmann::json& body, HttpResponse& res) {
  res.result(status);
  res.set(http::field::content_type, "application/json");
  res.body() = body.dump(-1, ' ', false, json::error_handler_t::replace);
}

void ApiHandler::Register(Router& router) {
  for (RecordKind kind : core::AllRecordKinds()) {
    const std::string plural(core::KindPlural(kind));
    const std::string name(core::KindName(kind));
    const std::string collection = "/api/v1/" + plural;
    const std::string item = collection + "/{id}";
    auto doc = [&](std::string summary, std::string op, bool cacheable, bool has_body = false,
                   std::vector<std::string> query = {}, int success = 200) {
      RouteDoc d;
      d.summary = std::move(summary);
      d.operation_id = op + "_" + name;
      d.kind = kind;
      d.public_cacheable = cacheable;
      d.has_body = has_body;
      d.query_params = std::move(query);
      d.success_status = success;
      // Reads are public (the handler narrows them to what the caller may
      // read); writes need a contributor; deleting and restoring an editor.
      d.permission = cacheable ? auth::Permission::kPublic
                     : (op == "delete" || op == "restore") ? auth::Permission::kEdit
                                                           : auth::Permission::kContribute;
      return d;
    };
    router.Add(http::verb::get, collection, [this, kind](Request& q, HttpResponse& r) { List(kind, q, r); },
               doc("List " + plural, "list", true, false, {"offset", "limit", "parent_id", "include_deleted"}));
    router.Add(http::verb::post, collection, [this, kind](Request& q, HttpResponse& r) { Create(kind, q, r); },
               doc("Create a " + name, "create", false, true, {}, 201));
    router.Add(http::verb::get, item, [this, kind](Request& q, HttpResponse& r) { Get(kind, q, r); },
               doc("Get a " + name, "get", true));
    router.Add(http::verb::put, item, [this, kind](Request& q, HttpResponse& r) { Update(kind, q, r); },
               doc("Update a " + name + " (based on its revision)", "update", false, true));
    router.Add(http::verb::delete_, item, [this, kind](Request& q, HttpResponse& r) { Delete(kind, q, r); },
               doc("Delete a " + name + " (soft)", "delete", false, false, {"revision"}));
    router.Add(http::verb::post, item + "/restore",
               [this, kind](Request& q, HttpResponse& r) { Restore(kind, q, r); },
               doc("Restore a deleted " + name, "restore", false, false, {"revision"}));
    router.Add(http::verb::get, item + "/history",
               [this, kind](Request& q, HttpResponse& r) { History(kind, q, r); },
               doc("History of a " + name, "history", true));
  }
  struct Nested {
    RecordKind parent;
    RecordKind child;
  };
  for (Nested n : {Nested{RecordKind::kDialogue, RecordKind::kRound}, Nested{RecordKind::kRound, RecordKind::kAsk},
                   Nested{RecordKind::kAsk, RecordKind::kReply}, Nested{RecordKind::kRound, RecordKind::kCaseList},
                   Nested{RecordKind::kPerson, RecordKind::kCase}, Nested{RecordKind::kCase, RecordKind::kLegalEvent},
                   Nested{RecordKind::kDialogue, RecordKind::kBenchmark},
                   Nested{RecordKind::kBenchmark, RecordKind::kAssessment},
                   Nested{RecordKind::kDialogue, RecordKind::kCommitment},
                   Nested{RecordKind::kDialogue, RecordKind::kEngagement},
                   Nested{RecordKind::kEngagement, RecordKind::kAsk},
                   Nested{RecordKind::kIndicator, RecordKind::kObservation}}) {
    RouteDoc d;
    d.summary = "List the " + std::string(core::KindPlural(n.child)) + " of a " + std::string(core::KindName(n.parent));
    d.operation_id = "list_" + std::string(core::KindPlural(n.child)) + "_of_" + std::string(core::KindName(n.parent));
    d.kind = n.child;
    d.public_cacheable = true;
    d.query_params = {"offset", "limit", "include_deleted"};
    d.permission = auth::Permission::kPublic;
    router.Add(http::verb::get,
               "/api/v1/" + std::string(core::KindPlural(n.parent)) + "/{id}/" + std::string(core::KindPlural(n.child)),
               [this, n](Request& q, HttpResponse& r) { ListChildren(n.parent, n.child, q, r); }, std::move(d));
  }
}

core::Result<core::StoredRecord> ApiHandler::Visible(RecordKind kind, std::string_view id, const Caller& caller) {
  auto not_found = [&] {
    return core::Fail(Error::NotFound("no " + std::string(core::KindName(kind)) + " with id " + std::string(id)));
  };
  if (core::KindOfId(id) != kind) return not_found();
  // Staff see deleted records (to restore them); the public never does.
  // A grant opens one restricted record (and its restricted fields) to its user.
  const core::Visibility reader =
      caller.MayRead(core::Visibility::kRestricted, id) ? core::Visibility::kRestricted : caller.reader;
  auto record = records_.Get(id, reader, /*include_deleted=*/caller.staff);
  if (!record) {
    if (record.error().code == core::ErrorCode::kNotFound) return not_found();
    return record;
  }
  if (record->header.kind != kind) return not_found();
  return record;
}

void ApiHandler::RunList(core::ListQuery query, Request& req, HttpResponse& res) {
  std::vector<core::FieldError> problems;
  if (auto v = req.QueryParam("offset")) {
    if (!ParseInt(*v, query.offset) || query.offset < 0) problems.push_back({"offset", "must be an integer >= 0"});
  }
  if (auto v = req.QueryParam("limit")) {
    if (!ParseInt(*v, query.limit) || query.limit < 1 || query.limit > kMaxPageLimit) {
      problems.push_back({"limit", "must be an integer from 1 to " + std::to_string(kMaxPageLimit)});
    }
  }
  if (auto v = req.QueryParam("include_deleted")) {
    if (*v == "true" || *v == "1") {
      query.include_deleted = true;
    } else if (!(*v == "false" || *v == "0" || v->empty())) {
      problems.push_back({"include_deleted", "must be true or false"});
    }
  }
  if (!problems.empty()) return WriteError(Error::Invalid(std::move(problems)), res);
  // Deleted records are never public; the flag is honoured for staff only.
  if (!req.caller.staff) query.include_deleted = false;
  query.max_visibility = req.caller.reader;
  auto page = records_.List(query, req.caller.reader);
  if (!page) return WriteError(page.error(), res);
  json items = json::array();
  for (const core::StoredRecord& r : page->records) items.push_back(core::ToJson(r));
  WriteJson(http::status::ok,
            json{{"items", std::move(items)}, {"total", page->total}, {"offset", query.offset}, {"limit", query.limit}},
            res);
}

void ApiHandler::List(RecordKind kind, Request& req, HttpResponse& res) {
  core::ListQuery query;
  query.kind = kind;
  if (auto parent = req.QueryParam("parent_id"); parent && !parent->empty()) query.parent_id = std::move(*parent);
  RunList(std::move(query), req, res);
}

void ApiHandler::ListChildren(RecordKind parent_kind, RecordKind child_kind, Request& req, HttpResponse& res) {
  std::string_view parent_id = req.params.Get("id");
  auto parent = Visible(parent_kind, parent_id, req.caller);
  if (!parent) return WriteError(parent.error(), res);
  core::ListQuery query;
  query.kind = child_kind;
  query.parent_id = std::string(parent_id);
  RunList(std::move(query), req, res);
}

void ApiHandler::Get(RecordKind kind, Request& req, HttpResponse& res) {
  auto record = Visible(kind, req.params.Get("id"), req.caller);
  if (!record) return WriteError(record.error(), res);
  WriteRecord(http::status::ok, *record, res);
}

void ApiHandler::Create(RecordKind kind, Request& req, HttpResponse& res) {
  auto actor = Access::WriterOf(req);
  if (!actor) return WriteError(actor.error(), res);
  auto body = ParseBody(req);
  if (!body) return WriteProblem(body.error(), res);
  std::string id;
  if (auto it = body->find("id"); it != body->end()) {
    if (!it->is_string()) return WriteError(Error::Invalid("id", "must be a string"), res);
    id = it->get<std::string>();
  }
  if (auto it = body->find("kind"); it != body->end() && *it != json(std::string(core::KindName(kind)))) {
    return WriteError(Error::Invalid("kind", "must be \"" + std::string(core::KindName(kind)) + "\" in this collection"),
                      res);
  }
  auto created = records_.Create(kind, *body, *actor, std::move(id));
  if (!created) return WriteError(created.error(), res);
  WriteRecord(http::status::created, *created, res);
  res.set(http::field::location, RecordPath(kind, created->header.id));
}

// A readout's state and versions change only through its workflow routes
// (web/readout_api_handler.h): `publish` builds the content from public
// records on the server, so a plain update must not carry a version of its
// own making, nor name a reviewer it is not.
core::Status ApiHandler::RefuseReadoutStepByUpdate(std::string_view id, const json& body) {
  auto stored = records_.Get(id, core::Visibility::kRestricted);
  if (!stored) return core::Fail(stored.error());
  const json no_versions = json::array();
  auto field = [](const json& j, const char* name, const json& missing) {
    auto it = j.find(name);
    return it == j.end() ? missing : *it;
  };
  for (const char* name : {"state", "versions", "reviewer", "author", "pending_correction_note"}) {
    const json missing = std::string_view(name) == "versions" ? no_versions : json();
    if (field(body, name, missing) != field(stored->body, name, missing)) {
      return core::Fail(Error::Conflict(
          std::string(name) + ": changes only through POST /api/v1/readouts/" + std::string(id) +
          "/{submit|return|approve|publish|correct}; a plain update edits a draft's editor note and sources"));
    }
  }
  return {};
}

void ApiHandler::Update(RecordKind kind, Request& req, HttpResponse& res) {
  auto actor = Access::WriterOf(req);
  if (!actor) return WriteError(actor.error(), res);
  std::string_view id = req.params.Get("id");
  auto body = ParseBody(req);
  if (!body) return WriteProblem(body.error(), res);
  if (core::KindOfId(id) != kind) {
    return WriteError(Error::NotFound("no " + std::string(core::KindName(kind)) + " with id " + std::string(id)), res);
  }
  if (auto it = body->find("id"); it != body->end() && *it != json(std::string(id))) {
    return WriteError(Error::Invalid("id", "must match the id in the URL, or be left out"), res);
  }
  auto base = BaseRevision(req, &*body);
  if (!base) return WriteError(base.error(), res);
  if (kind == RecordKind::kReadout) {
    if (auto steps_only = RefuseReadoutStepByUpdate(id, *body); !steps_only) {
      return WriteError(steps_only.error(), res);
    }
  }
  auto updated = records_.Update(id, *base, *body, *actor);
  if (!updated) return WriteError(updated.error(), res);
  WriteRecord(http::status::ok, *updated, res);
}

void ApiHandler::Delete(RecordKind kind, Request& req, HttpResponse& res) {
  auto actor = Access::WriterOf(req);
  if (!actor) return WriteError(actor.error(), res);
  std::string_view id = req.params.Get("id");
  if (core::KindOfId(id) != kind) {
    return WriteError(Error::NotFound("no " + std::string(core::KindName(kind)) + " with id " + std::string(id)), res);
  }
  auto base = BaseRevision(req, nullptr);
  if (!base) return WriteError(base.error(), res);
  auto deleted = records_.Delete(id, *base, *actor);
  if (!deleted) return WriteError(deleted.error(), res);
  WriteRecord(http::status::ok, *deleted, res);
}

void ApiHandler::Restore(RecordKind kind, Request& req, HttpResponse& res) {
  auto actor = Access::WriterOf(req);
  if (!actor) return WriteError(actor.error(), res);
  std::string_view id = req.params.Get("id");
  if (core::KindOfId(id) != kind) {
    return WriteError(Error::NotFound("no " + std::string(core::KindName(kind)) + " with id " + std::string(id)), res);
  }
  auto base = BaseRevision(req, nullptr);
  if (!base) return WriteError(base.error(), res);
  auto restored = records_.Restore(id, *base, *actor);
  if (!restored) return WriteError(restored.error(), res);
  WriteRecord(http::status::ok, *restored, res);
}

void ApiHandler::History(RecordKind kind, Request& req, HttpResponse& res) {
  std::string_view id = req.params.Get("id");
  auto record = Visible(kind, id, req.caller);
  if (!record) return WriteError(record.error(), res);
  auto history = records_.History(id, req.caller.reader);
  if (!history) return WriteError(history.error(), res);
  json items = json::array();
  for (const core::Revision& r : *history) items.push_back(core::ToJson(r));
  const auto total = static_cast<std::int64_t>(items.size());
  WriteJson(http::status::ok, json{{"items", std::move(items)}, {"total", total}}, res);
}

}  // namespace readout::web
