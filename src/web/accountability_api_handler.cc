#include "web/accountability_api_handler.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <spdlog/spdlog.h>

#include "core/accountability_vocabulary.h"
#include "core/case_vocabulary.h"
#include "core/codec_support.h"
#include "core/record.h"
#include "web/api_handler.h"
#include "web/page_handler.h"
#include "web/problem.h"

namespace readout::web {
namespace {

using core::Error;
using nlohmann::json;

// Writes a failure from core or the store; what the client does not learn
// (an internal error's message) goes to the log with the path.
void WriteFailure(const Request& req, const core::Error& error, HttpResponse& res) {
  if (error.code == core::ErrorCode::kInternal || error.code == core::ErrorCode::kUnavailable) {
    spdlog::error("{} failed: {}: {}", req.path, core::ErrorCodeName(error.code), error.message);
  }
  WriteError(error, res);
}

json DayOrNull(const std::optional<core::CivilDay>& day) { return day ? json(day->ToIso()) : json(nullptr); }
json IdOrNull(const std::string& id) { return id.empty() ? json(nullptr) : json(id); }
json Ids(const std::vector<std::string>& ids) { return json(ids); }

// Reads an optional day parameter (YYYY-MM-DD, as the pages take it); adds a
// problem naming it when malformed.
std::optional<core::CivilDay> DayParam(const Request& req, const char* name, std::vector<core::FieldError>& problems) {
  std::optional<std::string> text = req.QueryParam(name);
  if (!text || text->empty()) return std::nullopt;  // "?from=" from an empty form field: open-ended
  std::optional<core::CivilDay> day = ParseIsoDay(*text);
  if (!day) problems.push_back({name, "must be a day as YYYY-MM-DD; got " + *text});
  return day;
}

template <typename T>
bool Contains(const std::vector<core::Identified<T>>& list, std::string_view id) {
  return std::any_of(list.begin(), list.end(), [&](const core::Identified<T>& x) { return x.id == id; });
}

json InterimJson(const core::Identified<core::Assessment>& a) {
  return {{"assessment_id", a.id},
          {"date", a.value.date ? json(a.value.date->ToString()) : json(nullptr)},
          {"rating", std::string(core::ToCode(a.value.rating))},
          {"rationale", core::codec::EncodeText(a.value.rationale)},
          {"source_ids", Ids(a.value.source_ids)}};
}

std::string_view DeadlineKindCode(core::PassedDeadline::Kind kind) {
  return kind == core::PassedDeadline::Kind::kBenchmark ? "benchmark" : "case";
}

bool AlertBefore(const json& a, const json& b) {
  const auto da = a["days_overdue"].get<std::int64_t>();
  const auto db = b["days_overdue"].get<std::int64_t>();
  if (da != db) return da > db;
  return a["subject_id"].get<std::string>() < b["subject_id"].get<std::string>();
}

// The round ids held by `today` (first day not after it), in round order.
std::vector<std::string> HeldRounds(const core::DialogueFacts& facts, core::CivilDay today) {
  std::vector<std::string> held;
  for (const auto& r : facts.rounds) {
    std::optional<core::CivilDay> first = r.value.dates.EarliestDay();
    if (first && *first <= today) held.push_back(r.id);
  }
  return held;
}

}  // namespace

std::string_view RatingChangeCode(core::RatingChange change) {
  switch (change) {
    case core::RatingChange::kNone: return "none";
    case core::RatingChange::kImproved: return "improved";
    case core::RatingChange::kUnchanged: return "unchanged";
    case core::RatingChange::kWorsened: return "worsened";
    case core::RatingChange::kFirstRated: return "first_rated";
  }
  return "none";
}

json ScorecardJson(const core::Scorecard& scorecard, std::string_view issue_id) {
  json rows = json::array();
  for (const core::ScorecardRow& row : scorecard.rows) {
    json cells = json::array();
    for (const core::ScorecardCell& cell : row.cells) {
      cells.push_back({{"round_id", cell.round_id},
                       {"rating", std::string(core::ToCode(cell.rating))},
                       {"assessment_id", IdOrNull(cell.assessment_id)},
                       {"rationale", core::codec::EncodeText(cell.rationale)},
                       {"source_ids", Ids(cell.source_ids)},
                       {"change", std::string(RatingChangeCode(cell.change))},
                       {"previous_rating", std::string(core::ToCode(cell.previous_rating))}});
    }
    json interim = json::array();
    for (const auto& a : row.interim) interim.push_back(InterimJson(a));
    rows.push_back({{"benchmark_id", row.benchmark_id},
                    {"issue_id", row.issue_id},
                    {"statement", core::codec::EncodeText(row.statement)},
                    {"deadline", row.deadline ? json(row.deadline->ToString()) : json(nullptr)},
                    {"cells", std::move(cells)},
                    {"interim", std::move(interim)}});
  }
  return {{"dialogue_id", scorecard.dialogue_id},
          {"issue_id", issue_id.empty() ? json(nullptr) : json(std::string(issue_id))},
          {"round_ids", Ids(scorecard.round_ids)},
          {"rows", std::move(rows)}};
}

json ChangesJson(const core::ChangesReport& report, std::string_view dialogue_id) {
  json ratings = json::array();
  for (const core::RatingChangeEntry& e : report.rating_changes) {
    ratings.push_back({{"benchmark_id", e.benchmark_id},
                       {"from", std::string(core::ToCode(e.from))},
                       {"to", std::string(core::ToCode(e.to))},
                       {"change", std::string(RatingChangeCode(e.change))},
                       {"assessment_id", IdOrNull(e.assessment_id)}});
  }
  json cases = json::array();
  for (const core::CaseChangeEntry& e : report.case_changes) {
    json events = json::array();
    for (core::LegalEventType t : e.events_between) events.push_back(std::string(core::ToCode(t)));
    cases.push_back({{"case_id", e.case_id},
                     {"person_name", core::codec::EncodeText(e.person_name)},
                     {"from", std::string(core::ToCode(e.from))},
                     {"to", std::string(core::ToCode(e.to))},
                     {"events_between", std::move(events)}});
  }
  json deadlines = json::array();
  for (const core::PassedDeadline& d : report.deadlines_passed) {
    deadlines.push_back({{"kind", std::string(DeadlineKindCode(d.kind))},
                         {"subject_id", d.subject_id},
                         {"rule", d.rule.empty() ? json(nullptr) : json(d.rule)},
                         {"due", d.due.ToIso()}});
  }
  return {{"dialogue_id", std::string(dialogue_id)},
          {"from_round_id", report.from_round_id},
          {"to_round_id", report.to_round_id},
          {"rating_changes", std::move(ratings)},
          {"new_commitment_ids", Ids(report.new_commitment_ids)},
          {"closed_commitment_ids", Ids(report.closed_commitment_ids)},
          {"case_changes", std::move(cases)},
          {"reply_ids", Ids(report.reply_ids)},
          {"deadlines_passed", std::move(deadlines)}};
}

json AgencyRecordJson(const core::AgencyRecord& r, const core::Agency* agency) {
  json out = {{"agency_id", r.agency_id},
              {"name", agency ? core::codec::EncodeText(agency->name) : json::object()},
              {"abbreviation", agency ? json(agency->abbreviation) : json("")},
              {"from", DayOrNull(r.from)},
              {"to", DayOrNull(r.to)},
              {"engagements", r.engagements},
              {"raised_yes", r.raised_yes},
              {"raised_no", r.raised_no},
              {"raised_unknown", r.raised_unknown},
              {"share_raised", r.share_raised ? json(*r.share_raised) : json(nullptr)},
              {"public_speech", r.public_speech},
              {"public_speech_raised", r.public_speech_raised},
              {"chinese_media_interviews", r.chinese_media_interviews},
              {"chinese_media_interviews_raised", r.chinese_media_interviews_raised},
              {"engagement_ids", Ids(r.engagement_ids)},
              {"no_public_account_ids", Ids(r.no_public_account_ids)}};
  return out;
}

json ScoreJson(const core::Score& score, const core::ScoreSettings& settings) {
  json components = json::array();
  for (const core::ScoreComponent& c : score.components) {
    components.push_back({{"code", std::string(c.code)},
                          {"value", c.value},
                          {"weight", c.weight},
                          {"numerator", c.numerator},
                          {"denominator", c.denominator},
                          {"input_ids", Ids(c.input_ids)}});
  }
  return {{"total", score.total},
          {"perfunctory", score.perfunctory},
          {"perfunctory_below", settings.perfunctory_below},
          {"components", std::move(components)}};
}

json AlertJson(const core::Alert& alert, std::string_view dialogue_id) {
  return {{"kind", std::string(core::ToCode(alert.kind))},
          {"dialogue_id", std::string(dialogue_id)},
          {"subject_id", alert.subject_id},
          {"due", alert.due.ToIso()},
          {"days_overdue", static_cast<std::int64_t>(alert.days_overdue)}};
}

void AccountabilityApiHandler::Register(Router& router) {
  struct Spec {
    const char* pattern;
    const char* operation_id;
    const char* summary;
    std::vector<std::string> query;
    bool by_id;
    void (AccountabilityApiHandler::*method)(Request&, HttpResponse&);
    const char* schema;  // the success body's schema in the OpenAPI document (web/openapi.cc)
  };
  const Spec specs[] = {
      {"/api/v1/dialogues/{id}/scorecard", "get_dialogue_scorecard",
       "Scorecard: benchmarks x rounds, each cell the approved rating with its change since the previous round",
       {"issue", "page"}, true, &AccountabilityApiHandler::Scorecard, "Scorecard"},
      {"/api/v1/dialogues/{id}/changes", "get_dialogue_changes",
       "What changed between two rounds (round ids; both absent: the last two rounds held)",
       {"from", "to"}, true, &AccountabilityApiHandler::Changes, "ChangesReport"},
      {"/api/v1/dialogues/{id}/agency-records", "list_dialogue_agency_records",
       "The record of every agency with engagements in the dialogue, for a period of days (YYYY-MM-DD)",
       {"from", "to"}, true, &AccountabilityApiHandler::AgencyRecords, "AgencyRecordList"},
      {"/api/v1/dialogues/{id}/alerts", "list_dialogue_alerts",
       "Alerts of one dialogue: deadlines passed, readouts missing, rounds overdue, commitments without follow-up",
       {}, true, &AccountabilityApiHandler::DialogueAlerts, "AlertList"},
      {"/api/v1/rounds/{id}/score", "get_round_score",
       "The round's accountability score with every component and its inputs (docs/scores.md)",
       {}, true, &AccountabilityApiHandler::RoundScore, "RoundScore"},
      {"/api/v1/engagements/{id}/score", "get_engagement_score",
       "An engagement's score with every component and its inputs (docs/scores.md)",
       {}, true, &AccountabilityApiHandler::EngagementScore, "EngagementScore"},
      {"/api/v1/alerts", "list_alerts",
       "Alerts of every dialogue the caller may see, most overdue first",
       {}, false, &AccountabilityApiHandler::AllAlerts, "AlertList"},
  };
  for (const Spec& s : specs) {
    RouteDoc d;
    d.summary = s.summary;
    d.operation_id = s.operation_id;
    d.public_cacheable = true;  // derived from the store and the day, both in the cache key
    d.query_params = s.query;
    d.tag = "accountability";
    d.permission = auth::Permission::kPublic;  // derived from what the caller may read
    d.not_found = s.by_id;
    d.response_schema = s.schema;
    auto method = s.method;
    router.Add(http::verb::get, s.pattern, [this, method](Request& q, HttpResponse& r) { (this->*method)(q, r); },
               std::move(d));
  }
}

// Through the site's snapshot cache, shared with the pages (publish/site.h).
core::Result<std::shared_ptr<const core::DialogueFacts>> AccountabilityApiHandler::Facts(std::string_view dialogue_id,
                                                                                         core::Visibility reader) {
  const auto not_found = [&] { return core::Fail(Error::NotFound("no dialogue with id " + std::string(dialogue_id))); };
  if (core::KindOfId(dialogue_id) != core::RecordKind::kDialogue) return not_found();
  auto facts = site_.Facts(dialogue_id, reader);
  if (!facts && facts.error().code == core::ErrorCode::kNotFound) return not_found();
  return facts;
}

core::Result<std::string> AccountabilityApiHandler::DialogueOf(core::RecordKind kind, std::string_view id,
                                                               core::Visibility reader) {
  const auto not_found = [&] {
    return core::Fail(Error::NotFound("no " + std::string(core::KindName(kind)) + " with id " + std::string(id)));
  };
  if (core::KindOfId(id) != kind) return not_found();
  auto record = records_.Get(id, reader);
  if (!record) {
    if (record.error().code == core::ErrorCode::kNotFound) return not_found();
    return core::Fail(record.error());
  }
  if (record->header.kind != kind) return not_found();
  auto it = record->body.find("dialogue_id");
  if (it != record->body.end() && it->is_string()) return it->get<std::string>();
  return record->header.parent_id;
}

void AccountabilityApiHandler::Scorecard(Request& req, HttpResponse& res) {
  const std::string id(req.params.Get("id"));
  auto facts = Facts(id, req.caller.reader);
  if (!facts) return WriteFailure(req, facts.error(), res);
  const std::string issue = req.QueryParam("issue").value_or("");
  if (!issue.empty() && !Contains((*facts)->issues, issue)) {
    return WriteError(Error::Invalid("issue", "no issue with id " + issue), res);
  }
  // Paginated as the page is (publish::kScorecardPageSize benchmarks), so
  // a response stays small at 500 benchmarks x 20 rounds.
  const std::optional<int> page = ParsePageNumber(req.QueryParam("page"));
  if (!page) return WriteError(Error::Invalid("page", "must be an integer from 1"), res);
  core::Scorecard card = core::BuildScorecard(**facts, issue);
  const auto total_rows = static_cast<std::int64_t>(card.rows.size());
  const std::int64_t page_size = publish::kScorecardPageSize;
  const std::int64_t pages = std::max<std::int64_t>(1, (total_rows + page_size - 1) / page_size);
  if (*page > pages) {
    return WriteError(Error::Invalid("page", "must be from 1 to " + std::to_string(pages) + "; got " +
                                                 std::to_string(*page)),
                      res);
  }
  const std::int64_t first = (*page - 1) * page_size;
  card.rows.erase(card.rows.begin() + std::min(total_rows, first + page_size), card.rows.end());
  card.rows.erase(card.rows.begin(), card.rows.begin() + first);
  json body = ScorecardJson(card, issue);
  body["page"] = *page;
  body["pages"] = pages;
  body["page_size"] = page_size;
  body["total_rows"] = total_rows;
  WriteJson(http::status::ok, body, res);
}

void AccountabilityApiHandler::Changes(Request& req, HttpResponse& res) {
  const std::string id(req.params.Get("id"));
  auto facts = Facts(id, req.caller.reader);
  if (!facts) return WriteFailure(req, facts.error(), res);
  std::optional<std::string> from = req.QueryParam("from");
  std::optional<std::string> to = req.QueryParam("to");
  if (from && from->empty()) from.reset();
  if (to && to->empty()) to.reset();
  if (!from && !to) {
    const std::vector<std::string> held = HeldRounds(**facts, site_.Today());
    if (held.size() < 2) {
      return WriteError(Error::Invalid("from", "the dialogue has fewer than two rounds held; name from and to"), res);
    }
    from = held[held.size() - 2];
    to = held.back();
  } else if (!from || !to) {
    const char* missing = from ? "to" : "from";
    return WriteError(Error::Invalid(missing, "is required when the other end of the window is given"), res);
  }
  std::vector<core::FieldError> problems;
  if (!Contains((*facts)->rounds, *from)) {
    problems.push_back({"from", "no round with id " + *from + " in this dialogue"});
  }
  if (!Contains((*facts)->rounds, *to)) problems.push_back({"to", "no round with id " + *to + " in this dialogue"});
  if (!problems.empty()) return WriteError(Error::Invalid(std::move(problems)), res);
  auto report = core::BuildChangesReport(**facts, *from, *to);
  if (!report) return WriteFailure(req, report.error(), res);
  WriteJson(http::status::ok, ChangesJson(*report, id), res);
}

void AccountabilityApiHandler::AgencyRecords(Request& req, HttpResponse& res) {
  const std::string id(req.params.Get("id"));
  std::vector<core::FieldError> problems;
  const std::optional<core::CivilDay> from = DayParam(req, "from", problems);
  const std::optional<core::CivilDay> to = DayParam(req, "to", problems);
  if (from && to && *to < *from) problems.push_back({"to", "must not be before from"});
  if (!problems.empty()) return WriteError(Error::Invalid(std::move(problems)), res);
  auto facts = Facts(id, req.caller.reader);
  if (!facts) return WriteFailure(req, facts.error(), res);
  json items = json::array();
  for (const auto& agency : (*facts)->agencies) {
    items.push_back(AgencyRecordJson(core::BuildAgencyRecord(**facts, agency.id, from, to), &agency.value));
  }
  const auto total = static_cast<std::int64_t>(items.size());
  WriteJson(http::status::ok,
            json{{"dialogue_id", id}, {"from", DayOrNull(from)}, {"to", DayOrNull(to)}, {"items", std::move(items)},
                 {"total", total}},
            res);
}

void AccountabilityApiHandler::RoundScore(Request& req, HttpResponse& res) {
  const std::string id(req.params.Get("id"));
  const auto not_found = [&] { return WriteError(Error::NotFound("no round with id " + id), res); };
  auto dialogue = DialogueOf(core::RecordKind::kRound, id, req.caller.reader);
  if (!dialogue) return WriteFailure(req, dialogue.error(), res);
  auto facts = Facts(*dialogue, req.caller.reader);
  if (!facts) {
    return facts.error().code == core::ErrorCode::kNotFound ? not_found() : WriteFailure(req, facts.error(), res);
  }
  const core::ScoreSettings& settings = site_.score_settings();
  auto score = core::ComputeRoundScore(**facts, id, settings);
  if (!score) {
    return score.error().code == core::ErrorCode::kNotFound ? not_found() : WriteFailure(req, score.error(), res);
  }
  json body = ScoreJson(*score, settings);
  body["round_id"] = id;
  body["dialogue_id"] = *dialogue;
  WriteJson(http::status::ok, body, res);
}

void AccountabilityApiHandler::EngagementScore(Request& req, HttpResponse& res) {
  const std::string id(req.params.Get("id"));
  const auto not_found = [&] { return WriteError(Error::NotFound("no engagement with id " + id), res); };
  auto dialogue = DialogueOf(core::RecordKind::kEngagement, id, req.caller.reader);
  if (!dialogue) return WriteFailure(req, dialogue.error(), res);
  auto facts = Facts(*dialogue, req.caller.reader);
  if (!facts) {
    return facts.error().code == core::ErrorCode::kNotFound ? not_found() : WriteFailure(req, facts.error(), res);
  }
  const core::ScoreSettings& settings = site_.score_settings();
  auto score = core::ComputeEngagementScore(**facts, id, settings);
  if (!score) {
    return score.error().code == core::ErrorCode::kNotFound ? not_found() : WriteFailure(req, score.error(), res);
  }
  json body = ScoreJson(*score, settings);
  body["engagement_id"] = id;
  body["dialogue_id"] = *dialogue;
  WriteJson(http::status::ok, body, res);
}

void AccountabilityApiHandler::DialogueAlerts(Request& req, HttpResponse& res) {
  const std::string id(req.params.Get("id"));
  auto facts = Facts(id, req.caller.reader);
  if (!facts) return WriteFailure(req, facts.error(), res);
  const core::CivilDay today = site_.Today();
  json items = json::array();
  for (const core::Alert& a : core::BuildAlerts(**facts, today, site_.score_settings())) {
    items.push_back(AlertJson(a, id));
  }
  const auto total = static_cast<std::int64_t>(items.size());
  WriteJson(http::status::ok, json{{"today", today.ToIso()}, {"items", std::move(items)}, {"total", total}}, res);
}

void AccountabilityApiHandler::AllAlerts(Request& req, HttpResponse& res) {
  const core::CivilDay today = site_.Today();
  core::ListQuery query;
  query.kind = core::RecordKind::kDialogue;
  query.max_visibility = req.caller.reader;
  query.limit = kMaxPageLimit;
  std::vector<json> items;
  for (;;) {
    auto page = records_.List(query, req.caller.reader);
    if (!page) return WriteFailure(req, page.error(), res);
    for (const core::StoredRecord& dialogue : page->records) {
      auto facts = site_.Facts(dialogue.header.id, req.caller.reader);
      if (!facts) {
        if (facts.error().code == core::ErrorCode::kNotFound) continue;  // deleted or hidden since the listing
        return WriteFailure(req, facts.error(), res);
      }
      for (const core::Alert& a : core::BuildAlerts(**facts, today, site_.score_settings())) {
        items.push_back(AlertJson(a, dialogue.header.id));
      }
    }
    query.offset += static_cast<std::int64_t>(page->records.size());
    if (page->records.empty() || query.offset >= page->total) break;
  }
  std::stable_sort(items.begin(), items.end(), AlertBefore);
  const auto total = static_cast<std::int64_t>(items.size());
  WriteJson(http::status::ok, json{{"today", today.ToIso()}, {"items", json(std::move(items))}, {"total", total}},
            res);
}

}  // namespace readout::web
