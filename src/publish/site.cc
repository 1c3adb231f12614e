#include "publish/site.h"

#include <chrono>
#include <exception>
#include <map>
#include <mutex>
#include <string>
#include <utility>

#include "publish/accountability_common.h"
#include "publish/case_facts.h"
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

// The bodies of pages built from one snapshot, dropped with it.
struct PageMemo {
  // Past this many bytes of bodies, pages are built but not kept.
  static constexpr std::size_t kMaxBytes = std::size_t{64} << 20;

  std::mutex mu;
  std::map<std::string, std::shared_ptr<const RenderedPage>, std::less<>> pages;
  std::size_t bytes = 0;
};

struct Site::Snapshot {
  std::shared_ptr<const core::DialogueFacts> facts;
  std::shared_ptr<PageMemo> pages;
};

struct Site::FactsCache {
  // Holds at most this many snapshots; past it the map starts again empty.
  // Dialogues are few (a handful, times two or three reader levels).
  static constexpr std::size_t kMaxEntries = 64;

  std::mutex mu;
  std::int64_t generation = 0;  // the ChangeCounter() every entry (and every case list) was loaded at
  std::map<std::pair<std::string, core::Visibility>, Snapshot, std::less<>> entries;
  // Every case's facts by (reader, today as days since the epoch).
  std::map<std::pair<core::Visibility, long>, std::shared_ptr<const std::vector<CaseFacts>>> all_cases;
};

Site::Site(core::RecordService& records, const Catalogs& catalogs, SiteOptions options)
    : records_(records),
      catalogs_(catalogs),
      today_(options.today ? std::move(options.today) : TodayFn(SystemToday)),
      cache_pages_(options.cache_pages),
      score_settings_(options.score_settings),
      facts_cache_(std::make_shared<FactsCache>()) {}

core::Result<Site::Snapshot> Site::CurrentSnapshot(std::string_view dialogue_id, core::Visibility reader) const {
  // The counter is read before loading: a write during the load moves it, so
  // the snapshot is filed under a generation no later reader asks for and a
  // snapshot is served only while no write has happened since its load began.
  const std::int64_t generation = records_.store().ChangeCounter();
  std::pair<std::string, core::Visibility> key{std::string(dialogue_id), reader};
  FactsCache& cache = *facts_cache_;
  {
    std::lock_guard lock(cache.mu);
    if (cache.generation == generation) {
      if (auto it = cache.entries.find(key); it != cache.entries.end()) return it->second;
    }
  }
  auto loaded = core::LoadDialogueFacts(records_, dialogue_id, reader);
  if (!loaded) return core::Fail(loaded.error());
  Snapshot snapshot{std::make_shared<const core::DialogueFacts>(std::move(*loaded)), std::make_shared<PageMemo>()};
  std::lock_guard lock(cache.mu);
  if (cache.generation != generation) {
    // Written since the entries were loaded (or this load is the stale one,
    // then the next reader loads again): start over at this generation.
    cache.entries.clear();
    cache.all_cases.clear();
    cache.generation = generation;
  }
  if (cache.entries.size() >= FactsCache::kMaxEntries) cache.entries.clear();
  cache.entries.insert_or_assign(std::move(key), snapshot);
  return snapshot;
}

core::Result<std::shared_ptr<const std::vector<CaseFacts>>> Site::AllCaseFacts(core::Visibility reader,
                                                                              core::CivilDay today) const {
  // As CurrentSnapshot: the counter is read before loading.
  const std::int64_t generation = records_.store().ChangeCounter();
  const std::pair<core::Visibility, long> key{reader, core::DaysFromCivil(today)};
  FactsCache& cache = *facts_cache_;
  {
    std::lock_guard lock(cache.mu);
    if (cache.generation == generation) {
      if (auto it = cache.all_cases.find(key); it != cache.all_cases.end()) return it->second;
    }
  }
  auto loaded = LoadAllCaseFacts(records_, reader, today);
  if (!loaded) return core::Fail(loaded.error());
  auto shared = std::make_shared<const std::vector<CaseFacts>>(std::move(*loaded));
  std::lock_guard lock(cache.mu);
  if (cache.generation != generation) {
    cache.entries.clear();
    cache.all_cases.clear();
    cache.generation = generation;
  }
  if (cache.all_cases.size() >= FactsCache::kMaxEntries) cache.all_cases.clear();
  cache.all_cases.insert_or_assign(key, shared);
  return shared;
}

core::Result<std::shared_ptr<const core::DialogueFacts>> Site::Facts(std::string_view dialogue_id,
                                                                     core::Visibility reader) const {
  auto snapshot = CurrentSnapshot(dialogue_id, reader);
  if (!snapshot) return core::Fail(snapshot.error());
  return std::move(snapshot->facts);
}

core::Result<std::shared_ptr<const RenderedPage>> Site::SnapshotPage(
    std::string_view dialogue_id, core::Visibility reader, const std::string& key,
    const std::function<core::Result<RenderedPage>()>& build) const {
  if (!cache_pages_) {
    auto page = build();
    if (!page) return core::Fail(page.error());
    return std::make_shared<const RenderedPage>(std::move(*page));
  }
  auto snapshot = CurrentSnapshot(dialogue_id, reader);
  if (!snapshot) return core::Fail(snapshot.error());
  PageMemo& memo = *snapshot->pages;
  {
    std::lock_guard lock(memo.mu);
    if (auto it = memo.pages.find(key); it != memo.pages.end()) return it->second;
  }
  // Built outside the lock. `build` reads the facts through Facts(): the same
  // snapshot, or after a write a newer one, whose page is then kept only with
  // this snapshot, which nobody is handed any more.
  auto page = build();
  if (!page) return core::Fail(page.error());
  auto shared = std::make_shared<const RenderedPage>(std::move(*page));
  std::lock_guard lock(memo.mu);
  const std::size_t size = shared->body.size();
  if (memo.bytes + size <= PageMemo::kMaxBytes && memo.pages.emplace(key, shared).second) memo.bytes += size;
  return shared;
}

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
    auto all = AllCaseFacts(r.reader, *r.today);
    if (!all) return core::Fail(all.error());
    auto page = BuildCasesPage(records_, **all, filter, r, catalogs_);
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
    auto all = AllCaseFacts(r.reader, *r.today);
    if (!all) return core::Fail(all.error());
    auto page = BuildOverduePage(records_, **all, r, catalogs_);
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
    auto page = BuildDialoguePage(records_, *this, dialogue_id, request, catalogs_);
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
    auto page = BuildRoundPage(records_, *this, round_id, request, catalogs_);
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
                                                const PageRequest& request, int page_number) const {
  return Guarded([&]() -> core::Result<std::string> {
    const PageRequest r = WithToday(request);
    // The body depends on the snapshot, the issue, the page and the language only.
    const std::string key = "scorecard\n" + std::string(issue_id) + "\n" + std::to_string(page_number) + "\n" +
                            std::string(LangCode(r.lang));
    auto page = SnapshotPage(dialogue_id, r.reader, key, [&] {
      return BuildScorecardPage(records_, *this, dialogue_id, issue_id, page_number, r, catalogs_);
    });
    if (!page) return core::Fail(page.error());
    return RenderDocument((*page)->frame, (*page)->body, r, catalogs_);
  });
}

core::Result<std::string> Site::RenderChanges(std::string_view dialogue_id, std::string_view from_round_id,
                                              std::string_view to_round_id, const PageRequest& request) const {
  return Guarded([&]() -> core::Result<std::string> {
    const PageRequest r = WithToday(request);
    const std::string key = "changes\n" + std::string(from_round_id) + "\n" + std::string(to_round_id) + "\n" +
                            std::string(LangCode(r.lang));
    auto page = SnapshotPage(dialogue_id, r.reader, key, [&] {
      return BuildChangesPage(records_, *this, dialogue_id, from_round_id, to_round_id, r, catalogs_);
    });
    if (!page) return core::Fail(page.error());
    return RenderDocument((*page)->frame, (*page)->body, r, catalogs_);
  });
}

core::Result<std::string> Site::RenderAgencyRecords(std::string_view dialogue_id, std::optional<core::CivilDay> from,
                                                    std::optional<core::CivilDay> to,
                                                    const PageRequest& request) const {
  return Guarded([&]() -> core::Result<std::string> {
    const PageRequest r = WithToday(request);
    return Document(BuildAgencyRecordsPage(records_, *this, dialogue_id, from, to, r, catalogs_), r, catalogs_);
  });
}

core::Result<std::string> Site::RenderAgency(std::string_view agency_id, const PageRequest& request) const {
  return Guarded([&]() -> core::Result<std::string> {
    const PageRequest r = WithToday(request);
    return Document(BuildAgencyPage(records_, *this, agency_id, r, catalogs_), r, catalogs_);
  });
}

core::Result<std::string> Site::RenderEngagement(std::string_view engagement_id, const PageRequest& request) const {
  return Guarded([&]() -> core::Result<std::string> {
    const PageRequest r = WithToday(request);
    return Document(BuildEngagementPage(records_, *this, engagement_id, r, catalogs_), r, catalogs_);
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
    return Document(BuildAlertsPage(records_, *this, r, catalogs_), r, catalogs_);
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
