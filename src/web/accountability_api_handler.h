// The accountability API: the derived views of core/accountability.h as JSON.
//   GET /api/v1/dialogues/{id}/scorecard?issue=       benchmarks x rounds
//   GET /api/v1/dialogues/{id}/changes?from=&to=      what changed between two rounds
//   GET /api/v1/dialogues/{id}/agency-records?from=&to=  one agency record per agency
//   GET /api/v1/rounds/{id}/score                     the round's accountability score
//   GET /api/v1/engagements/{id}/score                an engagement's score
//   GET /api/v1/dialogues/{id}/alerts                 the dialogue's alerts
//   GET /api/v1/alerts                                alerts of every dialogue the caller may see
// Every view is built from the records the caller may see (a public caller's
// snapshot holds public records and approved assessments only), as of the
// Site's clock, so the API and the pages agree. Field names and formulas:
// docs/api.md ("Derived views") and docs/scores.md.
//
// Called by App, which registers these routes before the generic record
// routes. Errors go through web/problem.h and name the bad parameter.
//
// Thread-safety: handlers may run on many threads at once.
#pragma once

#include <memory>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/accountability.h"
#include "core/record_service.h"
#include "publish/site.h"
#include "web/router.h"

namespace readout::web {

class AccountabilityApiHandler {
 public:
  AccountabilityApiHandler(core::RecordService& records, const publish::Site& site)
      : records_(records), site_(site) {}

  void Register(Router& router);

 private:
  void Scorecard(Request& req, HttpResponse& res);
  void Changes(Request& req, HttpResponse& res);
  void AgencyRecords(Request& req, HttpResponse& res);
  void RoundScore(Request& req, HttpResponse& res);
  void EngagementScore(Request& req, HttpResponse& res);
  void DialogueAlerts(Request& req, HttpResponse& res);
  void AllAlerts(Request& req, HttpResponse& res);

  // The facts of the dialogue `id` as `reader` may see them; a dialogue the
  // reader may not see is kNotFound, worded as for one that does not exist.
  // From the site's snapshot cache (publish::Site::Facts), shared with the pages.
  core::Result<std::shared_ptr<const core::DialogueFacts>> Facts(std::string_view dialogue_id,
                                                                 core::Visibility reader);
  // The dialogue a round or engagement belongs to, when the caller may see it.
  core::Result<std::string> DialogueOf(core::RecordKind kind, std::string_view id, core::Visibility reader);

  core::RecordService& records_;
  const publish::Site& site_;
};

// The JSON of each view (docs/api.md, "Derived views"). Field names are
// lower_snake, vocabulary values their codes, days ISO, shares numbers 0..1.
std::string_view RatingChangeCode(core::RatingChange change);  // "none", "improved", ...
nlohmann::json ScorecardJson(const core::Scorecard& scorecard, std::string_view issue_id);
nlohmann::json ChangesJson(const core::ChangesReport& report, std::string_view dialogue_id);
nlohmann::json AgencyRecordJson(const core::AgencyRecord& record, const core::Agency* agency);
nlohmann::json ScoreJson(const core::Score& score, const core::ScoreSettings& settings);
nlohmann::json AlertJson(const core::Alert& alert, std::string_view dialogue_id);

}  // namespace readout::web
