#include "web/page_handler.h"

#include <spdlog/spdlog.h>

#include "resources/resources.h"
#include "web/problem.h"

namespace readout::web {

void SetHtmlHeaders(publish::Lang lang, HttpResponse& res) {
  std::string_view code = publish::LangCode(lang);
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

publish::PageRequest PageHandler::PageRequestFor(const Request& req) const {
  publish::PageRequest page;
  page.lang = req.lang;
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
  SetHtmlHeaders(req.lang, res);
  res.body() = std::move(*html);
}

void PageHandler::WriteErrorPage(http::status status, const Request& req, HttpResponse& res) const {
  res.result(status);
  SetHtmlHeaders(req.lang, res);
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
