// Pieces the accountability pages share (issue 4): an index over a
// DialogueFacts snapshot, labels of ratings and changes as words, links to
// the page of any record, the score section (every component with its
// inputs), and the entry points Site calls to build each page.
//
// Everything here reads a core::DialogueFacts loaded for the page's reader,
// so it can show only what that reader may see.
//
// Internal to readout_publish (called by site.cc and the *_page.cc builders).
// Thread-safety: pure functions over values.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/accountability.h"
#include "core/record_service.h"
#include "core/status.h"
#include "publish/i18n.h"
#include "publish/page_common.h"
#include "publish/site.h"

namespace readout::publish {

// Lookups by id into one snapshot; pointers into `facts`, which must outlive it.
struct FactsIndex {
  explicit FactsIndex(const core::DialogueFacts& facts);
  const core::DialogueFacts& facts;
  std::map<std::string, const core::Round*, std::less<>> rounds;
  std::map<std::string, const core::Issue*, std::less<>> issues;
  std::map<std::string, const core::Benchmark*, std::less<>> benchmarks;
  std::map<std::string, const core::Assessment*, std::less<>> assessments;
  std::map<std::string, const core::Commitment*, std::less<>> commitments;
  std::map<std::string, const core::Engagement*, std::less<>> engagements;
  std::map<std::string, const core::Agency*, std::less<>> agencies;
  std::map<std::string, const core::Ask*, std::less<>> asks;
  std::map<std::string, const core::Reply*, std::less<>> replies;
  std::map<std::string, const core::RaisedCase*, std::less<>> cases;
};

// "vocab.<vocabulary>.<code>" in `lang`.
std::string VocabLabel(std::string_view vocabulary, std::string_view code, Lang lang, const Catalogs& catalogs);

// "Round 18", else the round's title in the reader's language.
std::string RoundLabel(const core::Round& round, Lang lang, const Catalogs& catalogs);

// A rating as words; empty for not_assessed, which is never shown as a rating.
std::string RatingText(core::AssessmentRating rating, Lang lang, const Catalogs& catalogs);

// The change since the previous round: an arrow (decorative) and words.
struct ChangeView {
  std::string code;   // "improved", for styling only; empty for kNone
  std::string arrow;  // "↑", shown aria-hidden
  std::string text;   // "Improved (was Limited progress)"
};
ChangeView BuildChange(core::RatingChange change, core::AssessmentRating previous, Lang lang,
                       const Catalogs& catalogs);

// The page of a record in the snapshot, labelled in the reader's language:
// rounds, cases, engagements and agencies have their own pages; benchmarks
// and assessments are on the scorecard, asks and replies on their round or
// engagement, commitments on the changes page; others on their history.
LinkView RecordLink(std::string_view id, const FactsIndex& index, Lang lang, const Catalogs& catalogs);

// Source records cited by id plus inline sources, as the reader may see them.
core::Result<std::vector<SourceView>> CitedSources(core::RecordService& records, const core::RecordCommon& common,
                                                   const std::vector<std::string>& source_ids,
                                                   core::Visibility reader, Lang lang, const Catalogs& catalogs);

// "42%".
std::string Percent(double share, Lang lang, const Catalogs& catalogs);

// The score section (web/templates/score.mustache): total, the perfunctory
// label, and every component with its weight, numerator, denominator and the
// records counted. `heading_id` is the i18n id of the section heading.
std::string RenderScoreSection(const core::Score& score, std::string_view heading_id, const FactsIndex& index,
                               Lang lang, const Catalogs& catalogs);

// One accountability page: its layout frame and its body.
struct RenderedPage {
  PageFrame frame;
  std::string body;
};

// The builders read a dialogue's facts through `site.Facts` (its snapshot
// cache), never with core::LoadDialogueFacts directly.

// `page` from 1, kScorecardPageSize benchmarks each; kNotFound past the last.
core::Result<RenderedPage> BuildScorecardPage(core::RecordService& records, const Site& site,
                                              std::string_view dialogue_id, std::string_view issue_id, int page,
                                              const PageRequest& request, const Catalogs& catalogs);
core::Result<RenderedPage> BuildChangesPage(core::RecordService& records, const Site& site,
                                            std::string_view dialogue_id,
                                            std::string_view from_round_id, std::string_view to_round_id,
                                            const PageRequest& request, const Catalogs& catalogs);
core::Result<RenderedPage> BuildAgencyRecordsPage(core::RecordService& records, const Site& site,
                                                  std::string_view dialogue_id,
                                                  std::optional<core::CivilDay> from,
                                                  std::optional<core::CivilDay> to, const PageRequest& request,
                                                  const Catalogs& catalogs);
core::Result<RenderedPage> BuildAgencyPage(core::RecordService& records, const Site& site, std::string_view agency_id,
                                           const PageRequest& request, const Catalogs& catalogs);
core::Result<RenderedPage> BuildEngagementPage(core::RecordService& records, const Site& site,
                                               std::string_view engagement_id,
                                               const PageRequest& request, const Catalogs& catalogs);
core::Result<RenderedPage> BuildIndicatorPage(core::RecordService& records, std::string_view indicator_id,
                                              const PageRequest& request, const Catalogs& catalogs);
core::Result<std::string> BuildIndicatorCsv(core::RecordService& records, std::string_view indicator_id,
                                            core::Visibility reader);
// `request.today` must be set.
core::Result<RenderedPage> BuildAlertsPage(core::RecordService& records, const Site& site, const PageRequest& request,
                                           const Catalogs& catalogs);

}  // namespace readout::publish
