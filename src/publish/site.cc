#include "publish/site.h"

#include <chrono>
#include <exception>
#include <string>

#include "publish/accountability_common.h"
#include "publish/case_page.h"
#include "publish/cases_page.h"
#include "publish/dialogue_page.h"
#include "publish/history_page.h"
#include "publish/page_common.h"
#include "publish/person_page.h"
#include "publish/round_page.h"

namespace readout::publish {
namespace {

// Builds and renders one page; a template or JSON defect (an exception from
// kainjow or nlohmann) becomes kInternal here, at the module's edge.
template <typename Fn>
core::Result<std::string> Guarded(Fn&& fn) {
  try {
    return fn();
  } catch (const std::exception& e) {
    return core::Fail(core::Error::Internal(std::string("page rendering failed: ") + e.what()));
  }
}

}  // namespace

core::CivilDay SystemToday() {
  const auto now = std::chrono::system_clock::now();
  const auto days = std::chrono::floor<std::chrono::days>(now).time_since_epoch().count();
  return core::CivilFromDays(static_cast<long>(days));
}

Site::Site(core::RecordService& records, const Catalogs& catalogs, SiteOptions options)
    : records_(records), catalogs_(catalogs), today_(options.today ? std::move(options.today) : TodayFn(SystemToday)) {}

core::CivilDay Site::Today() const { return today_(); }

PageRequest Site::WithToday(const PageRequest& request) const {
  PageRequest out = request;
  if (!out.today) out.today = Today();
  return out;
}

core::Result<std::string> Site::RenderPerson(std::string_view person_id, const PageRequest& request) const {
  return Guarded([&]() -> core::Result<std::string> {
    const PageRequest r = WithToday(request);
    auto page = BuildPersonPage(records_, person_id, r, catalogs_);
    if (!page) return core::Fail(page.error());
    PageFrame frame;
    frame.title = page->name.text;
    frame.breadcrumbs.push_back(LinkView{catalogs_.Get(r.lang, "nav.cases"), "/cases", ""});
    frame.current = page->name.text;
    return RenderDocument(frame, RenderPersonBody(*page, r, catalogs_), r, catalogs_);
  });
}

core::Result<std::string> Site::RenderCase(std::string_view case_id, const PageRequest& request) const {
  return Guarded([&]() -> core::Result<std::string> {
    const PageRequest r = WithToday(request);
    auto page = BuildCasePage(records_, case_id, r, catalogs_);
    if (!page) return core::Fail(page.error());
    return RenderDocument(CaseFrame(*page, r, catalogs_), RenderCaseBody(*page, r, catalogs_), r, catalogs_);
  });
}

core::Result<std::string> Site::RenderCases(const CaseFilter& filter, const PageRequest& request) const {
  return Guarded([&]() -> core::Result<std::string> {
    const PageRequest r = WithToday(request);
    auto page = BuildCasesPage(records_, filter, r, catalogs_);
    if (!page) return core::Fail(page.error());
    PageFrame frame;
    frame.title = catalogs_.Get(r.lang, "cases.heading");
    frame.breadcrumbs.push_back(LinkView{catalogs_.Get(r.lang, "nav.home"), "/", ""});
    frame.current = frame.title;
    return RenderDocument(frame, RenderCasesBody(*page, r, catalogs_), r, catalogs_);
  });
}

core::Result<std::string> Site::RenderOverdue(const PageRequest& request) const {
  return Guarded([&]() -> core::Result<std::string> {
    const PageRequest r = WithToday(request);
    auto page = BuildOverduePage(records_, r, catalogs_);
    if (!page) return core::Fail(page.error());
    PageFrame frame;
    frame.title = catalogs_.Get(r.lang, "overdue.heading");
    frame.breadcrumbs.push_back(LinkView{catalogs_.Get(r.lang, "nav.cases"), "/cases", ""});
    frame.current = frame.title;
    return RenderDocument(frame, RenderOverdueBody(*page, r, catalogs_), r, catalogs_);
  });
}

core::Result<std::string> Site::RenderHome(const PageRequest& request) const {
  return Guarded([&]() -> core::Result<std::string> {
    auto page = BuildHomePage(records_, request, catalogs_);
    if (!page) return core::Fail(page.error());
    PageFrame frame;
    frame.title = catalogs_.Get(request.lang, "home.heading");
    return RenderDocument(frame, RenderHomeBody(*page, request, catalogs_), request, catalogs_);
  });
}

core::Result<std::string> Site::RenderDialogue(std::string_view dialogue_id, const PageRequest& request) const {
  return Guarded([&]() -> core::Result<std::string> {
    auto page = BuildDialoguePage(records_, dialogue_id, request, catalogs_);
    if (!page) return core::Fail(page.error());
    PageFrame frame;
    frame.title = page->name.text;
    frame.breadcrumbs.push_back(LinkView{catalogs_.Get(request.lang, "nav.home"), "/", ""});
    frame.current = page->name.text;
    return RenderDocument(frame, RenderDialogueBody(*page, request, catalogs_), request, catalogs_);
  });
}

core::Result<std::string> Site::RenderRound(std::string_view round_id, const PageRequest& request) const {
  return Guarded([&]() -> core::Result<std::string> {
    auto page = BuildRoundPage(records_, round_id, request, catalogs_);
    if (!page) return core::Fail(page.error());
    return RenderDocument(RoundFrame(*page, request, catalogs_), RenderRoundBody(*page, request, catalogs_), request,
                          catalogs_);
  });
}

core::Result<std::string> Site::RenderHistory(std::string_view record_id, const PageRequest& request) const {
  return Guarded([&]() -> core::Result<std::string> {
    auto page = BuildHistoryPage(records_, record_id, request, catalogs_);
    if (!page) return core::Fail(page.error());
    PageFrame frame;
    frame.title = catalogs_.Get(request.lang, "history.heading", {{"title", page->title.text}});
    frame.breadcrumbs.push_back(LinkView{catalogs_.Get(request.lang, "nav.home"), "/", ""});
    if (!page->back.href.empty()) frame.breadcrumbs.push_back(LinkView{page->back.label, page->back.href, ""});
    frame.current = catalogs_.Get(request.lang, "common.history_link");
    return RenderDocument(frame, RenderHistoryBody(*page, request, catalogs_), request, catalogs_);
  });
}

namespace {

core::Result<std::string> Document(core::Result<RenderedPage> page, const PageRequest& request,
                                   const Catalogs& catalogs) {
  if (!page) return core::Fail(page.error());
  return RenderDocument(page->frame, page->body, request, catalogs);
}

}  // namespace

core::Result<std::string> Site::RenderScorecard(std::string_view dialogue_id, std::string_view issue_id,
                                                const PageRequest& request) const {
  return Guarded([&]() -> core::Result<std::string> {
    const PageRequest r = WithToday(request);
    return Document(BuildScorecardPage(records_, dialogue_id, issue_id, r, catalogs_), r, catalogs_);
  });
}

core::Result<std::string> Site::RenderChanges(std::string_view dialogue_id, std::string_view from_round_id,
                                              std::string_view to_round_id, const PageRequest& request) const {
  return Guarded([&]() -> core::Result<std::string> {
    const PageRequest r = WithToday(request);
    return Document(BuildChangesPage(records_, dialogue_id, from_round_id, to_round_id, r, catalogs_), r, catalogs_);
  });
}

core::Result<std::string> Site::RenderAgencyRecords(std::string_view dialogue_id, std::optional<core::CivilDay> from,
                                                    std::optional<core::CivilDay> to,
                                                    const PageRequest& request) const {
  return Guarded([&]() -> core::Result<std::string> {
    const PageRequest r = WithToday(request);
    return Document(BuildAgencyRecordsPage(records_, dialogue_id, from, to, r, catalogs_), r, catalogs_);
  });
}

core::Result<std::string> Site::RenderAgency(std::string_view agency_id, const PageRequest& request) const {
  return Guarded([&]() -> core::Result<std::string> {
    const PageRequest r = WithToday(request);
    return Document(BuildAgencyPage(records_, agency_id, r, catalogs_), r, catalogs_);
  });
}

core::Result<std::string> Site::RenderEngagement(std::string_view engagement_id, const PageRequest& request) const {
  return Guarded([&]() -> core::Result<std::string> {
    const PageRequest r = WithToday(request);
    return Document(BuildEngagementPage(records_, engagement_id, r, catalogs_), r, catalogs_);
  });
}

core::Result<std::string> Site::RenderIndicator(std::string_view indicator_id, const PageRequest& request) const {
  return Guarded([&]() -> core::Result<std::string> {
    const PageRequest r = WithToday(request);
    return Document(BuildIndicatorPage(records_, indicator_id, r, catalogs_), r, catalogs_);
  });
}

core::Result<std::string> Site::IndicatorCsv(std::string_view indicator_id, core::Visibility reader) const {
  return Guarded([&]() -> core::Result<std::string> { return BuildIndicatorCsv(records_, indicator_id, reader); });
}

core::Result<std::string> Site::RenderAlerts(const PageRequest& request) const {
  return Guarded([&]() -> core::Result<std::string> {
    const PageRequest r = WithToday(request);
    return Document(BuildAlertsPage(records_, r, catalogs_), r, catalogs_);
  });
}

std::string Site::RenderBadParameter(std::string_view parameter, const PageRequest& request) const {
  const Lang lang = request.lang;
  const std::string title = catalogs_.Get(lang, "error.400.title");
  mustache::data d;
  d["status"] = mustache::data("400");
  d["title"] = mustache::data(title);
  d["body"] = mustache::data(catalogs_.Get(lang, "error.bad_date", {{"name", std::string(parameter)}}));
  PageFrame frame;
  frame.title = title;
  return RenderDocument(frame, RenderTemplate("error", std::move(d), lang, catalogs_), request, catalogs_);
}

std::string Site::RenderError(int status, const PageRequest& request) const {
  const Lang lang = request.lang;
  const std::string code = std::to_string(status);
  const bool known = catalogs_.All(Lang::kEn).contains("error." + code + ".title");
  const std::string prefix = known ? "error." + code : "error.other";
  const std::string title = catalogs_.Get(lang, prefix + ".title", {{"status", code}});
  mustache::data d;
  d["status"] = mustache::data(code);
  d["title"] = mustache::data(title);
  d["body"] = mustache::data(catalogs_.Get(lang, prefix + ".body"));
  PageFrame frame;
  frame.title = title;
  return RenderDocument(frame, RenderTemplate("error", std::move(d), lang, catalogs_), request, catalogs_);
}

}  // namespace readout::publish
