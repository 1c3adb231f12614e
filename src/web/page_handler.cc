#include "web/page_handler.h"

#include <cctype>
#include <optional>
#include <utility>

#include <spdlog/spdlog.h>

#include "resources/resources.h"
#include "web/problem.h"

namespace readout::web {

void SetHtmlHeaders(publish::Lang lang, HttpResponse& res, bool traditional) {
  std::string_view code = publish::LanguageChoice{lang, traditional}.Code();
  res.set(http::field::content_type, "text/html; charset=utf-8");
  res.set(http::field::content_language, boost::beast::string_view(code.data(), code.size()));
  // The body depends on these; shared caches must not mix languages.
  res.set(http::field::vary, "Accept-Language, Cookie");
}

void PageHandler::Register(Router& router) {
  auto page = [](std::string summary, std::string op) {
    RouteDoc d;
    d.summary = std::move(summary);
    d.operation_id = std::move(op);
    d.api = false;
    d.public_cacheable = true;
    d.query_params = {"lang"};
    d.permission = auth::Permission::kPublic;  // every page shows what its reader may read
    return d;
  };
  router.Add(http::verb::get, "/",
             [this](Request& q, HttpResponse& r) { WritePage(site_.RenderHome(PageRequestFor(q)), q, r); },
             page("Home page", "page_home"));
  router.Add(http::verb::get, "/dialogues/{id}",
             [this](Request& q, HttpResponse& r) {
               WritePage(site_.RenderDialogue(q.params.Get("id"), PageRequestFor(q)), q, r);
             },
             page("Dialogue page: its rounds", "page_dialogue"));
  router.Add(http::verb::get, "/rounds/{id}",
             [this](Request& q, HttpResponse& r) {
               WritePage(site_.RenderRound(q.params.Get("id"), PageRequestFor(q)), q, r);
             },
             page("Round page: delegations, asks and replies, case list", "page_round"));
  router.Add(http::verb::get, "/people/{id}",
             [this](Request& q, HttpResponse& r) {
               WritePage(site_.RenderPerson(q.params.Get("id"), PageRequestFor(q)), q, r);
             },
             page("Person page: names, details and cases", "page_person"));
  {
    // The list's filters are part of the cache key (App keys pages by path, query and language).
    RouteDoc d = page("Case list with filters and sorting", "page_cases");
    d.query_params = {"lang", "status", "province", "issue", "campaign", "overdue", "sort"};
    router.Add(http::verb::get, "/cases",
               [this](Request& q, HttpResponse& r) {
                 publish::PageRequest request = PageRequestFor(q);
                 if (std::string rest = QueryWithout(q.query, "lang"); !rest.empty()) request.path += "?" + rest;
                 WritePage(site_.RenderCases(CaseFilterOf(q), request), q, r);
               },
               std::move(d));
  }
  // Before /cases/{id}, which would otherwise take "overdue" for an id.
  router.Add(http::verb::get, "/cases/overdue",
             [this](Request& q, HttpResponse& r) { WritePage(site_.RenderOverdue(PageRequestFor(q)), q, r); },
             page("Overdue and upcoming: flags and deadlines across cases", "page_cases_overdue"));
  router.Add(http::verb::get, "/cases/{id}",
             [this](Request& q, HttpResponse& r) {
               WritePage(site_.RenderCase(q.params.Get("id"), PageRequestFor(q)), q, r);
             },
             page("Case page: status, deadlines, timeline", "page_case"));
  // ---- Accountability (issue 4) ----
  {
    RouteDoc d = page("Scorecard: benchmarks x rounds, ratings in words with their change", "page_scorecard");
    d.query_params = {"lang", "issue", "page"};
    router.Add(http::verb::get, "/dialogues/{id}/scorecard",
               [this](Request& q, HttpResponse& r) {
                 publish::PageRequest request = PageRequestFor(q);
                 if (std::string rest = QueryWithout(q.query, "lang"); !rest.empty()) request.path += "?" + rest;
                 const std::optional<int> page_number = ParsePageNumber(q.QueryParam("page"));
                 if (!page_number) return WriteErrorPage(http::status::bad_request, q, r);
                 WritePage(site_.RenderScorecard(q.params.Get("id"), q.QueryParam("issue").value_or(""), request,
                                                 *page_number),
                           q, r);
               },
               std::move(d));
  }
  {
    RouteDoc d = page("What changed between two rounds", "page_changes");
    d.query_params = {"lang", "from", "to"};
    router.Add(http::verb::get, "/dialogues/{id}/changes",
               [this](Request& q, HttpResponse& r) {
                 publish::PageRequest request = PageRequestFor(q);
                 if (std::string rest = QueryWithout(q.query, "lang"); !rest.empty()) request.path += "?" + rest;
                 WritePage(site_.RenderChanges(q.params.Get("id"), q.QueryParam("from").value_or(""),
                                               q.QueryParam("to").value_or(""), request),
                           q, r);
               },
               std::move(d));
  }
  {
    RouteDoc d = page("Agency record: engagements and human rights raised, per agency and period", "page_agencies");
    d.query_params = {"lang", "from", "to"};
    router.Add(http::verb::get, "/dialogues/{id}/agencies",
               [this](Request& q, HttpResponse& r) {
                 publish::PageRequest request = PageRequestFor(q);
                 if (std::string rest = QueryWithout(q.query, "lang"); !rest.empty()) request.path += "?" + rest;
                 std::optional<core::CivilDay> from, to;
                 for (auto [name, day] : {std::pair{"from", &from}, std::pair{"to", &to}}) {
                   const std::string value = q.QueryParam(name).value_or("");
                   if (value.empty()) continue;
                   *day = ParseIsoDay(value);
                   if (!*day) return WriteBadParameter(name, q, r);
                 }
                 WritePage(site_.RenderAgencyRecords(q.params.Get("id"), from, to, request), q, r);
               },
               std::move(d));
  }
  router.Add(http::verb::get, "/agencies/{id}",
             [this](Request& q, HttpResponse& r) {
               WritePage(site_.RenderAgency(q.params.Get("id"), PageRequestFor(q)), q, r);
             },
             page("Agency page: its areas and engagements in every dialogue", "page_agency"));
  router.Add(http::verb::get, "/engagements/{id}",
             [this](Request& q, HttpResponse& r) {
               WritePage(site_.RenderEngagement(q.params.Get("id"), PageRequestFor(q)), q, r);
             },
             page("Engagement page: asks, replies, public account and score", "page_engagement"));
  // The router matches whole segments, so /indicators/{id}.csv arrives here with the suffix.
  router.Add(http::verb::get, "/indicators/{id}",
             [this](Request& q, HttpResponse& r) {
               std::string_view id = q.params.Get("id");
               if (id.ends_with(".csv")) {
                 id.remove_suffix(4);
                 return WriteCsv(site_.IndicatorCsv(id, q.caller.reader), std::string(id) + ".csv", q, r);
               }
               WritePage(site_.RenderIndicator(id, PageRequestFor(q)), q, r);
             },
             page("Indicator page: definition, SVG chart and table of observations; {id}.csv: the observations as CSV",
                  "page_indicator"));
  router.Add(http::verb::get, "/alerts",
             [this](Request& q, HttpResponse& r) { WritePage(site_.RenderAlerts(PageRequestFor(q)), q, r); },
             page("Alerts: deadlines passed, readouts missing, rounds overdue, commitments without follow-up",
                  "page_alerts"));
  router.Add(http::verb::get, "/records/{id}/history",
             [this](Request& q, HttpResponse& r) {
               WritePage(site_.RenderHistory(q.params.Get("id"), PageRequestFor(q)), q, r);
             },
             page("History of a record", "page_history"));
}

std::string QueryWithout(std::string_view query, std::string_view name) {
  std::string out;
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    std::string_view key = pair.substr(0, pair.find('='));
    if (PercentDecode(key) == name) continue;
    if (!out.empty()) out += '&';
    out += pair;
  }
  return out;
}

publish::CaseFilter CaseFilterOf(const Request& req) {
  publish::CaseFilter filter;
  filter.status = req.QueryParam("status").value_or("");
  filter.province = req.QueryParam("province").value_or("");
  filter.issue = req.QueryParam("issue").value_or("");
  filter.campaign = req.QueryParam("campaign").value_or("");
  const std::string overdue = req.QueryParam("overdue").value_or("");
  filter.overdue = overdue == "1" || overdue == "true" || overdue == "on";
  filter.sort = req.QueryParam("sort").value_or("");
  return filter;
}

std::optional<int> ParsePageNumber(const std::optional<std::string>& text) {
  if (!text || text->empty()) return 1;
  if (text->size() > 6) return std::nullopt;
  int n = 0;
  for (char c : *text) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  if (n < 1) return std::nullopt;
  return n;
}

std::optional<core::CivilDay> ParseIsoDay(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int parts[3] = {0, 0, 0};
  const std::pair<size_t, size_t> spans[3] = {{0, 4}, {5, 2}, {8, 2}};
  for (int i = 0; i < 3; ++i) {
    for (size_t k = spans[i].first; k < spans[i].first + spans[i].second; ++k) {
      if (text[k] < '0' || text[k] > '9') return std::nullopt;
      parts[i] = parts[i] * 10 + (text[k] - '0');
    }
  }
  if (!core::IsValidCivilDay(parts[0], parts[1], parts[2])) return std::nullopt;
  return core::CivilDay{parts[0], parts[1], parts[2]};
}

void PageHandler::WriteBadParameter(std::string_view name, const Request& req, HttpResponse& res) const {
  res.result(http::status::bad_request);
  SetHtmlHeaders(req.lang, res, req.traditional);
  res.set(http::field::cache_control, "no-store");
  try {
    res.body() = site_.RenderBadParameter(name, PageRequestFor(req));
  } catch (const std::exception& e) {
    spdlog::error("error page 400 failed to render: {}", e.what());
    res.body() = "<!doctype html><title>400</title><h1>400</h1><p>" + std::string(name) + "</p>";
  }
}

void PageHandler::WriteCsv(core::Result<std::string> csv, const std::string& filename, const Request& req,
                           HttpResponse& res) const {
  if (!csv) {
    const core::Error& error = csv.error();
    if (error.code == core::ErrorCode::kInternal || error.code == core::ErrorCode::kUnavailable) {
      spdlog::error("csv {} failed: {}: {}", req.path, core::ErrorCodeName(error.code), error.message);
    }
    return WriteErrorPage(HttpStatusFor(error.code), req, res);
  }
  res.result(http::status::ok);
  res.set(http::field::content_type, "text/csv; charset=utf-8");
  // Record ids are [a-z0-9_-], so the name needs no quoting beyond the quotes.
  std::string safe;
  for (char c : filename) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.') safe += c;
  }
  res.set(http::field::content_disposition, "attachment; filename=\"" + safe + "\"");
  res.body() = std::move(*csv);
}

publish::PageRequest PageHandler::PageRequestFor(const Request& req) const {
  publish::PageRequest page;
  page.lang = req.lang;
  page.traditional = req.traditional;
  page.reader = req.caller.reader;
  page.path = std::string(req.path);
  return page;
}

void PageHandler::WritePage(core::Result<std::string> html, const Request& req, HttpResponse& res) const {
  if (!html) {
    const core::Error& error = html.error();
    if (error.code == core::ErrorCode::kInternal || error.code == core::ErrorCode::kUnavailable) {
      spdlog::error("page {} failed: {}: {}", req.path, core::ErrorCodeName(error.code), error.message);
    }
    return WriteErrorPage(HttpStatusFor(error.code), req, res);
  }
  res.result(http::status::ok);
  SetHtmlHeaders(req.lang, res, req.traditional);
  res.body() = std::move(*html);
}

void PageHandler::WriteErrorPage(http::status status, const Request& req, HttpResponse& res) const {
  res.result(status);
  SetHtmlHeaders(req.lang, res, req.traditional);
  res.set(http::field::cache_control, "no-store");
  try {
    res.body() = site_.RenderError(static_cast<int>(status), PageRequestFor(req));
  } catch (const std::exception& e) {
    spdlog::error("error page {} failed to render: {}", static_cast<int>(status), e.what());
    res.body() = "<!doctype html><title>" + std::to_string(static_cast<int>(status)) + "</title><h1>" +
                 std::to_string(static_cast<int>(status)) + "</h1>";
  }
}

bool PageHandler::ServeStatic(std::string_view path, HttpResponse& res) {
  const resources::Resource* resource = resources::FindByUrl(path);
  if (resource == nullptr) return false;
  res.result(http::status::ok);
  res.set(http::field::content_type,
          boost::beast::string_view(resource->content_type.data(), resource->content_type.size()));
  // Asset URLs carry a hash of their content, so a URL's bytes never change.
  res.set(http::field::cache_control, "public, max-age=31536000, immutable");
  res.body().assign(resource->data.data(), resource->data.size());
  return true;
}

}  // namespace readout::web
