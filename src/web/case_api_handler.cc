#include "web/case_api_handler.h"

#include <string>

#include "core/case_status.h"
#include "publish/cases_page.h"
#include "web/api_handler.h"
#include "web/problem.h"

namespace readout::web {
namespace {

using nlohmann::json;

json DateOrNull(const std::optional<core::CivilDay>& day) { return day ? json(day->ToIso()) : json(nullptr); }

std::string_view ArticleOf(std::string_view rule) {
  for (const core::DeadlineRule& r : core::DeadlineRules()) {
    if (r.code == rule) return r.article;
  }
  return {};
}

}  // namespace

json CaseStatusJson(const publish::CaseFacts& facts, core::CivilDay today) {
  json out;
  out["case_id"] = facts.id;
  out["today"] = today.ToIso();
  out["status"] = std::string(core::ToCode(facts.status.status));
  out["as_of"] = facts.status.as_of ? json(facts.status.as_of->ToString()) : json(nullptr);
  if (facts.expected_release) {
    out["expected_release"] = {{"date", facts.expected_release->date.ToIso()},
                               {"basis", facts.expected_release->basis}};
  } else {
    out["expected_release"] = nullptr;
  }
  json deadlines = json::array();
  for (const core::Deadline& d : facts.deadlines) {
    deadlines.push_back({{"rule", std::string(d.rule)},
                         {"article", std::string(ArticleOf(d.rule))},
                         {"started", d.started.ToIso()},
                         {"due", d.due.ToIso()},
                         {"met_on", DateOrNull(d.met_on)},
                         {"overdue", d.overdue}});
  }
  out["deadlines"] = std::move(deadlines);
  json flags = json::array();
  for (const core::CaseFlag& f : facts.flags) {
    json flag = {{"kind", std::string(publish::FlagCode(f.kind))}, {"since", f.since.ToIso()}, {"days", f.days}};
    flag["rule"] = f.rule.empty() ? json(nullptr) : json(std::string(f.rule));
    flags.push_back(std::move(flag));
  }
  out["flags"] = std::move(flags);
  out["first_custody"] = DateOrNull(facts.first_custody);
  out["days_in_detention"] = facts.days_in_detention ? json(*facts.days_in_detention) : json(nullptr);
  return out;
}

void CaseApiHandler::Register(Router& router) {
  {
    RouteDoc d;
    d.summary = "Overdue and upcoming: every flag across cases, then deadlines due within 30 days";
    d.operation_id = "list_overdue_cases";
    d.public_cacheable = true;
    d.response_schema = "OverdueList";
    d.tag = "cases";
    d.permission = auth::Permission::kPublic;  // narrowed to what the caller may read
    router.Add(http::verb::get, "/api/v1/cases/overdue", [this](Request& q, HttpResponse& r) { Overdue(q, r); },
               std::move(d));
  }
  {
    RouteDoc d;
    d.summary = "Derived status of a case: status and as-of date, expected release, deadlines, flags";
    d.operation_id = "get_case_status";
    d.public_cacheable = true;
    d.response_schema = "CaseStatus";
    d.tag = "cases";
    d.permission = auth::Permission::kPublic;  // narrowed to what the caller may read
    d.not_found = true;
    router.Add(http::verb::get, "/api/v1/cases/{id}/status", [this](Request& q, HttpResponse& r) { Status(q, r); },
               std::move(d));
  }
}

void CaseApiHandler::Status(Request& req, HttpResponse& res) {
  std::string_view id = req.params.Get("id");
  const core::CivilDay today = site_.Today();
  auto facts = publish::LoadCaseFacts(records_, id, req.caller.reader, today);
  if (!facts) {
    if (facts.error().code == core::ErrorCode::kNotFound) {
      return WriteError(core::Error::NotFound("no case with id " + std::string(id)), res);
    }
    return WriteError(facts.error(), res);
  }
  WriteJson(http::status::ok, CaseStatusJson(*facts, today), res);
}

void CaseApiHandler::Overdue(Request& req, HttpResponse& res) {
  const core::CivilDay today = site_.Today();
  auto items = publish::ListOverdue(records_, req.caller.reader, today);
  if (!items) return WriteError(items.error(), res);
  json list = json::array();
  for (const publish::OverdueItem& i : *items) {
    json item = {{"case_id", i.case_id},
                 {"person_id", i.person_id},
                 {"overdue", i.overdue},
                 {"kind", i.kind},
                 {"date", i.date.ToIso()},
                 {"days", i.days}};
    item["rule"] = i.rule.empty() ? json(nullptr) : json(i.rule);
    list.push_back(std::move(item));
  }
  const auto total = static_cast<std::int64_t>(list.size());
  WriteJson(http::status::ok,
            json{{"today", today.ToIso()}, {"window_days", publish::kUpcomingDays}, {"items", std::move(list)},
                 {"total", total}},
            res);
}

}  // namespace readout::web
