// Site: the HTML pages of Readout, rendered from the record through
// logic-less templates (web/templates/*.mustache) and the i18n catalogs.
//
// Pages show only what `reader` may see; the foundation serves them to the
// public, so the web layer passes Visibility::kPublic unless the request
// carries staff credentials. Each Render* returns the whole HTML document.
// kNotFound when the record does not exist or is not visible.
//
// Thread-safety: const methods may be called from many threads at once.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/accountability.h"
#include "core/partial_date.h"
#include "core/record_service.h"
#include "core/status.h"
#include "publish/i18n.h"

namespace readout::publish {

struct SearchView;  // publish/search_page.h
struct CaseFacts;   // publish/case_facts.h

struct PageRequest {
  Lang lang = Lang::kEn;
  core::Visibility reader = core::Visibility::kPublic;
  std::string path;  // the page's own path (and query) without lang=, for the language switcher links
  // "Today" for derived case status, deadlines and days in detention. Site
  // fills it from its clock when empty; tests set it to get reproducible pages.
  std::optional<core::CivilDay> today;
  // With lang kZhHans: the reader asked for Traditional characters (zh-Hant,
  // zh-TW, zh-HK); the whole document is converted by ToTraditional.
  // Last, so aggregate initialisers of the fields above stay valid.
  bool traditional = false;
  // For a caller that wants a Simplified page in both scripts (the static
  // export): with lang kZhHans and traditional false, a page rendered through
  // the layout also leaves its Traditional document here, so its body is
  // built once for both. Left untouched by anything else (feeds, downloads).
  std::string* traditional_copy = nullptr;
};

// Filters and order of the case list (/cases). Empty strings mean "any".
struct CaseFilter {
  std::string status;    // a CaseStatus code
  std::string province;  // a Place id at province level: where the first custody event happened
  std::string issue;     // an Issue id
  std::string campaign;  // a campaign's text, as offered by the page's campaign options
  bool overdue = false;  // only cases with at least one flag
  std::string sort;      // "name" (default), "detained", "status", "days"
};

// Returns the current calendar day; the default reads the system clock (UTC).
using TodayFn = std::function<core::CivilDay()>;
core::CivilDay SystemToday();

// Benchmarks per page of the scorecard, on the web page and in the API.
inline constexpr int kScorecardPageSize = 50;

struct SiteOptions {
  TodayFn today;  // empty: SystemToday
  // Keep the body of the scorecard and changes pages with the dialogue's
  // snapshot (see Site::Facts), so a repeat request renders only the layout.
  // false: build every body again from the snapshot (the bench measures both).
  bool cache_pages = true;
  // The perfunctory threshold, readout due days and component weights of
  // every score and alert the site and the accountability API show
  // (`readout serve --perfunctory-below ...`; docs/scores.md). The caller
  // validates them (cli/serve_command.cc).
  core::ScoreSettings score_settings = {};
};

struct RenderedPage;  // publish/accountability_common.h

class Site {
 public:
  Site(core::RecordService& records, const Catalogs& catalogs, SiteOptions options = {});

  core::Result<std::string> RenderHome(const PageRequest& request) const;
  core::Result<std::string> RenderDialogue(std::string_view dialogue_id, const PageRequest& request) const;
  core::Result<std::string> RenderRound(std::string_view round_id, const PageRequest& request) const;
  core::Result<std::string> RenderHistory(std::string_view record_id, const PageRequest& request) const;
  // A person: names, details, and each of their cases with its derived status.
  core::Result<std::string> RenderPerson(std::string_view person_id, const PageRequest& request) const;
  // A case: facts, charges, sentences, derived status, deadlines, flags and the timeline.
  core::Result<std::string> RenderCase(std::string_view case_id, const PageRequest& request) const;
  // Every case the reader may see, filtered and sorted.
  core::Result<std::string> RenderCases(const CaseFilter& filter, const PageRequest& request) const;
  // Every flag across cases and the deadlines due within kUpcomingDays, most urgent first.
  core::Result<std::string> RenderOverdue(const PageRequest& request) const;
  // ---- Accountability (issue 4) ----
  // Benchmarks x rounds with the approved rating of each cell as text, the
  // change since the previous round, links to rationale and evidence.
  // `issue_id` not empty: only benchmarks under that issue. The table is
  // paginated, kScorecardPageSize benchmarks a page (`page` from 1), so a
  // page stays small enough to render in a few milliseconds at 500
  // benchmarks; kNotFound past the last page (page 1 always exists).
  core::Result<std::string> RenderScorecard(std::string_view dialogue_id, std::string_view issue_id,
                                            const PageRequest& request, int page = 1) const;
  // What changed between two rounds; empty ids: the last two rounds held.
  // kInvalidArgument when there are fewer than two rounds or `from` is not before `to`.
  core::Result<std::string> RenderChanges(std::string_view dialogue_id, std::string_view from_round_id,
                                          std::string_view to_round_id, const PageRequest& request) const;
  // One row per agency with engagements in the dialogue: the agency record
  // (core/accountability.h) for the period [from, to] (nullopt: open-ended).
  core::Result<std::string> RenderAgencyRecords(std::string_view dialogue_id, std::optional<core::CivilDay> from,
                                                std::optional<core::CivilDay> to,
                                                const PageRequest& request) const;
  // An agency: its areas, and its engagements in every dialogue, with its record per dialogue.
  core::Result<std::string> RenderAgency(std::string_view agency_id, const PageRequest& request) const;
  // An engagement: participants, outlet, whether human rights were raised,
  // the asks and replies, the public account and the engagement score.
  core::Result<std::string> RenderEngagement(std::string_view engagement_id, const PageRequest& request) const;
  // An indicator: definition, a server-rendered inline SVG chart with a text
  // table of every observation beside it, each linking to its sources.
  core::Result<std::string> RenderIndicator(std::string_view indicator_id, const PageRequest& request) const;
  // The observations of an indicator as CSV (RFC 4180, UTF-8): date, low,
  // high, qualifier, note, source ids. Only what `reader` may see.
  core::Result<std::string> IndicatorCsv(std::string_view indicator_id, core::Visibility reader) const;
  // Every alert of every dialogue the reader may see, most overdue first.
  core::Result<std::string> RenderAlerts(const PageRequest& request) const;

  // ---- Readouts (issue 6; publish/public_readout.h) ----
  // The latest published version of a readout, with its corrections history
  // and links to the Markdown, PDF, JSON and CSV downloads. Rendered from the
  // frozen public content whatever the reader's clearance.
  // kNotFound when the readout has no published version.
  core::Result<std::string> RenderReadout(std::string_view readout_id, const PageRequest& request) const;
  // Every published readout, newest first (the public index, linked from home).
  core::Result<std::string> RenderReadouts(const PageRequest& request) const;
  // Staff only (the caller checks `request.reader` is above public): the
  // readout as publishing now would freeze it, its workflow state and the
  // list of what is withheld and why. kPermissionDenied for a public reader.
  core::Result<std::string> RenderReadoutPreview(std::string_view readout_id, const PageRequest& request) const;

  // ---- Search (issue 5) ----
  // The search page for results the web layer obtained from the index
  // (publish/search_page.h); facet ids are named as `request.reader` may see them.
  core::Result<std::string> RenderSearch(const SearchView& view, const PageRequest& request) const;

  // An error page with no internals: `status` is 404, 400, 500, ...
  std::string RenderError(int status, const PageRequest& request) const;
  // The 400 page for a query parameter that is not a date (YYYY-MM-DD), naming it.
  std::string RenderBadParameter(std::string_view parameter, const PageRequest& request) const;

  // Today by the site's clock (the web API's case status uses the same one).
  core::CivilDay Today() const;
  // The score settings of SiteOptions, for every score, label and alert.
  const core::ScoreSettings& score_settings() const { return score_settings_; }

  // The facts of one dialogue as `reader` may see them, from a snapshot
  // cache shared by every accountability page and the accountability API.
  // A snapshot is kept per (dialogue id, reader visibility) and reused while
  // Store::ChangeCounter() is unchanged; any write drops every snapshot, so
  // the next call loads again. Snapshots of different visibilities are never
  // shared. The pointer stays valid after a later write; the snapshot it
  // points to is then simply not current. Errors as core::LoadDialogueFacts
  // (kNotFound when the dialogue does not exist or is not visible), and are
  // not cached. Thread-safe: a mutex guards the map only; loads and renders
  // run in parallel (two threads missing at once may both load).
  core::Result<std::shared_ptr<const core::DialogueFacts>> Facts(std::string_view dialogue_id,
                                                                 core::Visibility reader) const;

 private:
  struct FactsCache;
  struct Snapshot;

  PageRequest WithToday(const PageRequest& request) const;
  // Every case's facts (LoadAllCaseFacts) for (reader, today), shared by the
  // case list and the overdue list in every language while the store is
  // unchanged, in the facts cache.
  core::Result<std::shared_ptr<const std::vector<CaseFacts>>> AllCaseFacts(core::Visibility reader,
                                                                          core::CivilDay today) const;
  core::Result<Snapshot> CurrentSnapshot(std::string_view dialogue_id, core::Visibility reader) const;
  // The page body `key` of the snapshot of (dialogue_id, reader): kept with
  // the snapshot when cache_pages, else built each time by `build`.
  core::Result<std::shared_ptr<const RenderedPage>> SnapshotPage(
      std::string_view dialogue_id, core::Visibility reader, const std::string& key,
      const std::function<core::Result<RenderedPage>()>& build) const;

  core::RecordService& records_;
  const Catalogs& catalogs_;
  TodayFn today_;
  bool cache_pages_;
  core::ScoreSettings score_settings_;
  std::shared_ptr<FactsCache> facts_cache_;  // shared by copies of this Site
};

}  // namespace readout::publish
