#include "web/search_handler.h"

#include <charconv>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "core/case_status.h"
#include "publish/case_facts.h"
#include "publish/search_page.h"
#include "web/api_handler.h"
#include "web/problem.h"

namespace readout::web {
namespace {

using nlohmann::json;

// Every "name=value" of a query, decoded, in order (repeated names kept).
std::vector<std::pair<std::string, std::string>> AllParams(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    const std::size_t eq = pair.find('=');
    std::string key = PercentDecode(pair.substr(0, eq));
    std::string value = eq == std::string_view::npos ? std::string() : PercentDecode(pair.substr(eq + 1));
    out.emplace_back(std::move(key), std::move(value));
  }
  return out;
}

// A whole decimal number, or nullopt ("", "1e3", "12abc", overflow).
std::optional<std::int64_t> ParseInt(std::string_view text) {
  std::int64_t value = 0;
  if (text.empty() || text.size() > 18) return std::nullopt;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::string KnownParameters() {
  std::string known = "q, offset, limit, facets";
  for (search::Facet f : search::AllFacets()) known += ", " + std::string(search::FacetName(f));
  return known;
}

}  // namespace

SearchHandler::SearchHandler(core::RecordService& records, const publish::Site& site, const PageHandler& pages,
                             search::SearchIndex* index, std::string unavailable_reason)
    : records_(records),
      site_(site),
      pages_(pages),
      index_(index),
      unavailable_reason_(std::move(unavailable_reason)) {}

void SearchHandler::Register(Router& router) {
  std::vector<std::string> params = {"q", "offset", "limit", "facets"};
  for (search::Facet f : search::AllFacets()) params.emplace_back(search::FacetName(f));
  {
    RouteDoc d;
    d.summary = "Search every record the caller may see: hits with snippets, total, facets with counts";
    d.operation_id = "search";
    d.permission = auth::Permission::kPublic;  // hits narrowed to what the caller may read
    d.tag = "search";
    d.response_schema = "SearchResult";
    d.query_params = params;
    // Not cached: arbitrary queries would crowd the pages out of the response cache, and a search is sub-millisecond.
    router.Add(http::verb::get, "/api/v1/search", [this](Request& q, HttpResponse& r) { Api(q, r); }, std::move(d));
  }
  {
    RouteDoc d;
    d.summary = "Search page: one box, facets as links and checkboxes, results with snippets";
    d.operation_id = "page_search";
    d.permission = auth::Permission::kPublic;
    d.api = false;
    d.query_params = params;
    d.query_params.insert(d.query_params.begin(), "lang");
    router.Add(http::verb::get, "/search", [this](Request& q, HttpResponse& r) { Page(q, r); }, std::move(d));
  }
}

core::Status SearchHandler::CatchUpIfChanged() {
  if (index_ == nullptr) return {};
  core::Store& store = records_.store();
  // Read before catching up: a write landing during the catch-up moves the
  // counter again, so the next search catches up once more.
  const std::int64_t counter = store.ChangeCounter();
  std::lock_guard<std::mutex> lock(catch_up_mu_);
  if (counter == caught_up_counter_) return {};
  core::Status status = index_->CatchUp(store);
  if (!status) return status;
  caught_up_counter_ = counter;
  return {};
}

core::Error SearchHandler::Unavailable() const {
  return core::Error::Unavailable(unavailable_reason_.empty() ? "search is not configured on this server"
                                                              : "search is not available: " + unavailable_reason_);
}

core::Result<search::SearchQuery> SearchHandler::QueryOf(const Request& req, bool page) const {
  search::SearchQuery query;
  query.reader = req.caller.reader;
  std::vector<core::FieldError> problems;
  for (auto& [name, value] : AllParams(req.query)) {
    if (name == "q") {
      query.q = std::move(value);
    } else if (name == "offset" || name == "limit") {
      if (page && value.empty()) continue;
      std::optional<std::int64_t> n = ParseInt(value);
      if (!n) {
        problems.push_back({name, "must be a whole number; got \"" + value.substr(0, 40) + "\""});
        continue;
      }
      (name == "offset" ? query.offset : query.limit) = *n;
    } else if (name == "facets") {
      if (value == "0" || value == "false") {
        query.facets = false;
      } else if (value == "1" || value == "true" || value.empty()) {
        query.facets = true;
      } else {
        problems.push_back({"facets", "must be 1, 0, true or false"});
      }
    } else if (search::ParseFacetName(name)) {
      if (value.empty()) continue;  // "?issue=" from an empty form field: any
      query.filters[name].push_back(std::move(value));
    } else if (name == "lang") {
      continue;  // the page's language; the API ignores it
    } else {
      problems.push_back({name.substr(0, 60), "is not a search parameter; parameters are " + KnownParameters()});
    }
  }
  if (!problems.empty()) return core::Fail(core::Error::Invalid(std::move(problems)));
  return query;
}

core::Result<search::SearchResult> SearchHandler::Run(const search::SearchQuery& query) {
  if (index_ == nullptr) return core::Fail(Unavailable());
  if (core::Status caught_up = CatchUpIfChanged(); !caught_up) {
    // Answer from the index as it is (at worst a few writes behind) rather than not at all.
    spdlog::error("search index catch-up failed: {}: {}", core::ErrorCodeName(caught_up.error().code),
                  caught_up.error().message);
  }
  return index_->Search(query);
}

void SearchHandler::Api(Request& req, HttpResponse& res) {
  auto query = QueryOf(req, false);
  if (!query) return WriteError(query.error(), res);
  if (index_ == nullptr) {
    // Said plainly (WriteError would word it as the record store being down).
    return WriteProblem({http::status::service_unavailable, "unavailable", Unavailable().message, {}}, res);
  }
  auto result = Run(*query);
  if (!result) {
    if (result.error().code != core::ErrorCode::kInvalidArgument) {
      spdlog::error("{} failed: {}: {}", req.path, core::ErrorCodeName(result.error().code), result.error().message);
    }
    return WriteError(result.error(), res);
  }
  json hits = json::array();
  for (const search::Hit& h : result->hits) {
    // Never h.score: it is weighted by statistics over hidden views too.
    hits.push_back({{"id", h.id},
                    {"kind", std::string(core::KindName(h.kind))},
                    {"title", h.title},
                    {"snippet", h.snippet},
                    {"path", publish::SearchHitPath(records_, h.id, h.kind, query->reader)}});
  }
  json facets = json::object();
  for (const auto& [name, counts] : result->facets) {
    json list = json::array();
    for (const search::FacetCount& c : counts) list.push_back({{"value", c.value}, {"count", c.count}});
    facets[name] = std::move(list);
  }
  json filters = json::object();
  for (const auto& [name, values] : query->filters) filters[name] = values;
  WriteJson(http::status::ok,
            {{"q", query->q},
             {"filters", std::move(filters)},
             {"total", result->total},
             {"total_exact", result->total_exact},
             {"offset", query->offset},
             {"limit", query->limit},
             {"hits", std::move(hits)},
             {"facets", std::move(facets)}},
            res);
  // Results differ by caller and move with every write.
  res.set(http::field::cache_control, "no-store");
}

void SearchHandler::Page(Request& req, HttpResponse& res) {
  publish::SearchView view;
  http::status status = http::status::ok;
  auto query = QueryOf(req, true);
  if (!query) {
    status = http::status::bad_request;
    const core::FieldError first = query.error().fields.empty() ? core::FieldError{"q", query.error().message}
                                                                : query.error().fields.front();
    view.bad_parameter = first.field;
    view.bad_message = first.problem;
    view.q = req.QueryParam("q").value_or("");
  } else {
    view.q = query->q;
    view.filters = query->filters;
    view.offset = query->offset;
    view.limit = query->limit;
    auto result = Run(*query);
    if (!result) {
      const core::Error& error = result.error();
      if (error.code == core::ErrorCode::kInvalidArgument) {
        status = http::status::bad_request;
        const core::FieldError first =
            error.fields.empty() ? core::FieldError{"q", error.message} : error.fields.front();
        view.bad_parameter = first.field;
        view.bad_message = first.problem;
      } else {
        status = http::status::service_unavailable;
        view.unavailable = true;
        if (index_ != nullptr) spdlog::error("{} failed: {}: {}", req.path, core::ErrorCodeName(error.code), error.message);
      }
    } else {
      view.total = result->total;
      view.total_exact = result->total_exact;
      for (const search::Hit& h : result->hits) {
        view.hits.push_back({h.id, h.kind, h.title, h.snippet,
                             publish::SearchHitPath(records_, h.id, h.kind, query->reader)});
      }
      for (search::Facet f : search::AllFacets()) {
        const std::string name(search::FacetName(f));
        auto it = result->facets.find(name);
        if (it == result->facets.end()) continue;
        std::vector<publish::SearchFacetValueView> values;
        for (const search::FacetCount& c : it->second) values.push_back({c.value, c.count});
        view.facets.emplace_back(name, std::move(values));
      }
    }
  }
  publish::PageRequest page;
  page.lang = req.lang;
  page.traditional = req.traditional;
  page.reader = req.caller.reader;
  page.path = std::string(req.path);
  auto html = site_.RenderSearch(view, page);
  if (!html) {
    spdlog::error("page {} failed: {}: {}", req.path, core::ErrorCodeName(html.error().code), html.error().message);
    return pages_.WriteErrorPage(http::status::internal_server_error, req, res);
  }
  res.result(status);
  SetHtmlHeaders(req.lang, res, req.traditional);
  res.set(http::field::cache_control, "no-store");
  res.body() = std::move(*html);
}

search::FacetHook CaseStatusFacetHook(core::RecordService& records, const publish::Site& site) {
  return [&records, &site](const core::StoredRecord& record) -> search::FacetValues {
    if (record.header.kind != core::RecordKind::kCase || record.header.deleted) return {};
    // Derived from what the public may see only: the facet is shared by every view of the case.
    auto facts = publish::LoadCaseFacts(records, record.header.id, core::Visibility::kPublic, site.Today());
    if (!facts) return {};
    return {{search::Facet::kCaseStatus, {std::string(core::ToCode(facts->status.status))}}};
  };
}

}  // namespace readout::web
