// The derived accountability views of a dialogue (DESIGN.md sections 4 and
// 7; issue 4): the scorecard (benchmarks x rounds), what changed between two
// rounds, an agency's record, the round and engagement scores, and alerts.
//
// Nothing here is typed in: every number is computed from the records, and
// every view carries the ids of the records it was computed from so a page
// can link each figure to its evidence. The formulas are documented in
// docs/scores.md and tested component by component.
//
// All views are pure functions of a DialogueFacts snapshot, which
// LoadDialogueFacts fills for one reader: a public reader's snapshot holds
// only public records (and draft assessments are never public, see
// core/accountability_entities.h), so a view built from it can not leak
// what that reader may not see. Views use approved assessments only.
//
// Thread-safety: plain values and pure functions; LoadDialogueFacts is as
// safe as the RecordService it reads through.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/accountability_entities.h"
#include "core/case_entities.h"
#include "core/case_status.h"
#include "core/entities.h"
#include "core/partial_date.h"
#include "core/readout.h"
#include "core/record_service.h"
#include "core/status.h"

namespace readout::core {

template <typename T>
struct Identified {
  std::string id;
  T value;
};

// A case raised in the dialogue (as an ask's subject, on a case list, or
// linked to a benchmark), with what is needed to derive its status at any day.
struct RaisedCase {
  std::string id;
  Case value;
  BilingualText person_name;           // the person's primary name, for display
  std::vector<LegalEvent> events;      // ordered as core/case_status.h expects
};

// Everything about one dialogue that one reader may see, loaded once.
struct DialogueFacts {
  std::string dialogue_id;
  Dialogue dialogue;
  std::vector<Identified<Round>> rounds;            // by first day, undated last
  std::vector<Identified<Issue>> issues;            // every live issue (issues are shared across dialogues)
  std::vector<Identified<Benchmark>> benchmarks;    // by (issue, position, id)
  std::vector<Identified<Assessment>> assessments;  // of those benchmarks, every state
  std::vector<Identified<Commitment>> commitments;  // by date
  std::vector<Identified<Engagement>> engagements;  // by date
  std::vector<Identified<Agency>> agencies;         // those the engagements name
  std::vector<Identified<Ask>> asks;                // at the rounds and engagements, by (parent, position)
  std::vector<Identified<Reply>> replies;           // to those asks
  std::vector<Identified<CaseList>> case_lists;     // of the rounds
  std::vector<RaisedCase> cases;                    // every case raised, by id
  // Readouts of the rounds (core/readout.h), by (subject, id). A public
  // reader sees only those with a published version. A published readout
  // gives its round a detailed public account dated at its first publication
  // (the round score's "readout" component and AlertKind::kReadoutMissing).
  std::vector<Identified<Readout>> readouts;
};

// kNotFound when the dialogue does not exist or is not visible to `reader`.
Result<DialogueFacts> LoadDialogueFacts(RecordService& records, std::string_view dialogue_id, Visibility reader);

// ---- Scorecard ----------------------------------------------------------

enum class RatingChange { kNone, kImproved, kUnchanged, kWorsened, kFirstRated };

struct ScorecardCell {
  std::string round_id;
  AssessmentRating rating = AssessmentRating::kNotAssessed;  // not_assessed: empty cell
  std::string assessment_id;           // empty when not assessed
  BilingualText rationale;
  std::vector<std::string> source_ids;
  // Against the last earlier round where the benchmark had an informative
  // rating; kNone when this cell is not rated or either rating can not be compared.
  RatingChange change = RatingChange::kNone;
  AssessmentRating previous_rating = AssessmentRating::kNotAssessed;
};

struct ScorecardRow {
  std::string benchmark_id;
  std::string issue_id;
  BilingualText statement;
  std::optional<PartialDate> deadline;
  std::vector<ScorecardCell> cells;    // one per Scorecard::round_ids, same order
  // Approved assessments dated between rounds (no round_id), by date.
  std::vector<Identified<Assessment>> interim;
};

struct Scorecard {
  std::string dialogue_id;
  std::vector<std::string> round_ids;  // columns, in round order
  std::vector<ScorecardRow> rows;      // benchmark order
};

// `issue_id` not empty: only benchmarks under that issue or its descendants.
Scorecard BuildScorecard(const DialogueFacts& facts, std::string_view issue_id = "");

// ---- What changed between two rounds -------------------------------------

struct RatingChangeEntry {
  std::string benchmark_id;
  AssessmentRating from = AssessmentRating::kNotAssessed;
  AssessmentRating to = AssessmentRating::kNotAssessed;
  RatingChange change = RatingChange::kNone;
  std::string assessment_id;           // the later assessment
};

struct CaseChangeEntry {
  std::string case_id;
  BilingualText person_name;
  CaseStatus from = CaseStatus::kUnknown;  // derived from events up to the earlier round's last day
  CaseStatus to = CaseStatus::kUnknown;    // up to the later round's last day
  std::vector<LegalEventType> events_between;  // in order, the events dated in the window
};

struct PassedDeadline {
  enum class Kind { kBenchmark, kCase } kind = Kind::kBenchmark;
  std::string subject_id;              // benchmark or case id
  std::string rule;                    // for cases: DeadlineRule::code
  CivilDay due;
};

// The window is (last day of `from`, last day of `to`].
struct ChangesReport {
  std::string from_round_id;
  std::string to_round_id;
  std::vector<RatingChangeEntry> rating_changes;   // every benchmark whose rating differs, or was first rated
  std::vector<std::string> new_commitment_ids;     // made in the window
  std::vector<std::string> closed_commitment_ids;  // closed in the window
  std::vector<CaseChangeEntry> case_changes;       // every raised case whose status changed or had events in the window
  std::vector<std::string> reply_ids;              // replies to asks at `to`, or dated in the window
  std::vector<PassedDeadline> deadlines_passed;    // benchmark deadlines and case legal deadlines due in the window and not met by then
};

// Errors: kNotFound when a round is not in `facts`; kInvalidArgument when
// `from` is not earlier than `to` (naming "from").
Result<ChangesReport> BuildChangesReport(const DialogueFacts& facts, std::string_view from_round_id,
                                         std::string_view to_round_id);

// ---- Agency record --------------------------------------------------------

struct AgencyRecord {
  std::string agency_id;
  std::optional<CivilDay> from;        // inclusive; nullopt = since the first engagement
  std::optional<CivilDay> to;          // inclusive; nullopt = up to now
  int engagements = 0;
  int raised_yes = 0;                  // human_rights_raised == yes
  int raised_no = 0;
  int raised_unknown = 0;
  // raised_yes / engagements; nullopt when there are none. Unknown counts as not raised.
  std::optional<double> share_raised;
  int public_speech = 0;               // statements, press conferences, interviews, speeches
  int public_speech_raised = 0;
  int chinese_media_interviews = 0;    // media interviews with an outlet whose language is zh*
  int chinese_media_interviews_raised = 0;
  std::vector<std::string> engagement_ids;              // in the period, by date
  std::vector<std::string> no_public_account_ids;       // level none
};

// Engagements of `agency_id` whose date falls in [from, to] (an engagement
// dated only to a month counts when its earliest day is in the period).
AgencyRecord BuildAgencyRecord(const DialogueFacts& facts, std::string_view agency_id,
                               std::optional<CivilDay> from = std::nullopt,
                               std::optional<CivilDay> to = std::nullopt);

// ---- Scores ---------------------------------------------------------------

// One part of a score, shown with its inputs: value = numerator / denominator
// (0 when the denominator is 0: nothing on the table scores nothing).
struct ScoreComponent {
  std::string_view code;               // "measurable_benchmarks"; i18n "score.component.<code>"
  double value = 0;                    // 0..1
  double weight = 0;
  int numerator = 0;
  int denominator = 0;
  std::vector<std::string> input_ids;  // the records counted in the denominator
};

struct Score {
  std::vector<ScoreComponent> components;
  double total = 0;                    // sum(value * weight) / sum(weight), 0..1
  bool perfunctory = false;            // total < ScoreSettings::perfunctory_below
};

struct ScoreSettings {
  double perfunctory_below = 0.5;
  int readout_due_days = 14;           // when the dialogue does not set its own
  // Round component weights, in the order of docs/scores.md.
  double weight_measurable_benchmarks = 1;
  double weight_progress = 1;
  double weight_substantive_replies = 1;
  double weight_case_information = 1;
  double weight_readout = 1;
  int commitment_follow_up_days = 365; // an open commitment older than this with no follow-up -> alert
};

// Round score (DESIGN §7), components in this order:
//  measurable_benchmarks: benchmarks on the table (the subject of an ask at the
//    round, or introduced by it) that have a criterion / benchmarks on the table.
//  progress: benchmarks with an approved informative rating at the round that
//    is progress (met, substantial, limited) / benchmarks with an informative rating.
//  substantive_replies: asks at the round with a substantive reply / asks.
//  case_information: cases raised (ask subject or case-list entry) with an
//    information_provided or commitment_made reply to an ask about them / cases raised.
//  readout: 3 parts out of 3: a public account dated within the due days of
//    the round's last day; its level is detailed; every ask at the round has a
//    description and a reply recorded. A published readout of the round is a
//    detailed public account dated at its first publication.
// Errors: kNotFound when the round is not in `facts`.
Result<Score> ComputeRoundScore(const DialogueFacts& facts, std::string_view round_id,
                                const ScoreSettings& settings = {});

// Engagement score, components: human_rights_raised (yes 1, else 0),
// substantive_replies (as for rounds, only when the engagement has asks),
// public_account (none 0, brief 1/2, detailed 1), equal weights.
Result<Score> ComputeEngagementScore(const DialogueFacts& facts, std::string_view engagement_id,
                                     const ScoreSettings& settings = {});

// ---- Alerts -----------------------------------------------------------------

enum class AlertKind {
  kBenchmarkDeadlinePassed,  // deadline before today, no approved "met" rating
  kReadoutMissing,           // a round ended more than readout_due_days ago with no public account (nor published readout)
  kRoundOverdue,             // next_round_agreed, or last round + round_interval_months, passed with no later round
  kCommitmentNoFollowUp,     // open, older than commitment_follow_up_days, and no later ask or approved assessment about its benchmarks
};
std::string_view ToCode(AlertKind kind);  // "benchmark_deadline_passed", ...

struct Alert {
  AlertKind kind = AlertKind::kBenchmarkDeadlinePassed;
  std::string subject_id;              // benchmark, round (the last one held, for kRoundOverdue) or commitment
  CivilDay due;
  long days_overdue = 0;               // today - due
};

// Sorted by days_overdue, most overdue first, then subject id.
std::vector<Alert> BuildAlerts(const DialogueFacts& facts, CivilDay today, const ScoreSettings& settings = {});

}  // namespace readout::core
