// The accountability records (DESIGN.md sections 2, 3 and 7; issue 4):
// benchmarks and their assessments at each round, the counterpart's
// commitments, agencies and their engagements with the counterpart, and
// indicators with dated observations.
//
// Plain values, validated and converted to and from canonical JSON by
// core/accountability_codec.h; derived views (scorecard, changes between
// rounds, agency record, round score, alerts) are in core/accountability.h.
//
// Thread-safety: plain values.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/accountability_vocabulary.h"
#include "core/case_entities.h"
#include "core/entities.h"
#include "core/partial_date.h"

namespace readout::core {

// A concrete, measurable target under an issue (DESIGN §2): "Re-education
// through Labor abolished by law", "Xu Zhiyong released".
struct Benchmark {
  RecordCommon common;
  std::string dialogue_id;                // required; the record's parent
  std::string issue_id;                   // required
  BilingualText statement;                // required: the target in one sentence
  BilingualText criterion;                // how to tell it is met; empty = not measurable (it counts against the round score)
  BilingualText baseline;                 // the situation when it was set
  std::optional<PartialDate> baseline_date;
  BilingualText target;
  std::optional<PartialDate> deadline;    // passed and not met -> alert
  std::string introduced_round_id;        // optional; a round of the same dialogue
  std::vector<std::string> case_ids;      // linked cases
  std::vector<std::string> source_ids;
  int position = 0;                       // order on the scorecard within its issue
  bool operator==(const Benchmark&) const = default;
};

// A benchmark's rating at a round, or at a date between rounds. Exactly one
// of round_id and date is set. While `state` is draft the record's stored
// visibility is at least internal, whatever common.visibility asks for
// (MakeDraft enforces it), so a draft rating can never reach the public.
struct Assessment {
  RecordCommon common;
  std::string benchmark_id;               // required; the record's parent
  std::string round_id;
  std::optional<PartialDate> date;
  AssessmentRating rating = AssessmentRating::kNotAssessed;
  BilingualText rationale;                // required unless rating is not_assessed
  std::vector<std::string> source_ids;    // the evidence
  std::string assessor;                   // required: who rated it
  std::string reviewer;                   // required when approved, and different from assessor
  ReviewState state = ReviewState::kDraft;
  bool operator==(const Assessment&) const = default;
};

// A public undertaking by the counterpart, with its source.
struct Commitment {
  RecordCommon common;
  std::string dialogue_id;                // required; the record's parent
  BilingualText text;                     // required
  PartialDate date;                       // required: when it was made
  BilingualText made_by;                  // "Ministry of Foreign Affairs"
  std::string round_id;                   // optional: made at this round
  std::string engagement_id;              // optional: made at this engagement
  std::vector<std::string> benchmark_ids;
  std::vector<std::string> source_ids;
  CommitmentStatus status = CommitmentStatus::kOpen;
  std::optional<PartialDate> closed_date; // required unless status is open
  BilingualText follow_up;                // what has happened since, in words
  bool operator==(const Commitment&) const = default;
};

// A body of party A (or B) that deals with the counterpart: "Department of
// Justice", "Environmental Protection Agency".
struct Agency {
  RecordCommon common;
  BilingualText name;                     // required
  std::string abbreviation;               // "DOJ"
  Side side = Side::kA;
  std::vector<AgencyArea> areas;          // at least one
  bool operator==(const Agency&) const = default;
};

// For media engagements: the outlet and the language it publishes in.
struct Outlet {
  BilingualText name;
  std::string language;                   // BCP 47: "zh-Hans", "en"; "zh*" counts as Chinese-language
  bool operator==(const Outlet&) const = default;
};

// An agency's meeting, visit, call, statement or interview with or about the
// counterpart. Issues and cases raised are Asks whose engagement_id is this
// engagement, so replies can be recorded as at a round.
struct Engagement {
  RecordCommon common;
  std::string dialogue_id;                // required: the pair of parties it concerns; the record's parent
  std::string agency_id;                  // required
  EngagementKind kind = EngagementKind::kMeeting;
  BilingualText title;                    // required: "Secretary Kerry's first visit to China"
  PartialDate date;                       // required
  std::vector<Participant> participants;
  BilingualText counterpart;              // who was met
  BilingualText place;
  std::optional<Outlet> outlet;           // media interviews, press conferences
  TriState human_rights_raised = TriState::kUnknown;
  PublicAccount public_account;
  BilingualText summary;
  bool operator==(const Engagement&) const = default;
};

// What an indicator counts, from when and by whom: every figure links here.
struct IndicatorDefinition {
  BilingualText counted;                  // required: "Tibetans who set themselves on fire in protest"
  std::optional<PartialDate> since;       // "2009-02"
  BilingualText counted_by;               // "Human Rights Watch"
  bool operator==(const IndicatorDefinition&) const = default;
};

// A numeric series: "Tibetan self-immolations since 2009 (cumulative)".
struct Indicator {
  RecordCommon common;
  std::string dialogue_id;                // optional; the record's parent when set
  std::string issue_id;                   // optional
  BilingualText name;                     // required
  IndicatorDefinition definition;
  BilingualText unit;                     // "people"
  bool cumulative = false;
  std::vector<std::string> source_ids;
  bool operator==(const Indicator&) const = default;
};

// A dated value of an indicator with bounds: "121 as of late July 2013".
// value uses the group-event count shape (low, high, qualifier); low is required.
struct Observation {
  RecordCommon common;
  std::string indicator_id;               // required; the record's parent
  PartialDate date;                       // required
  ParticipantCount value;
  std::vector<std::string> source_ids;    // at least one source id or an inline source
  BilingualText note;
  bool operator==(const Observation&) const = default;
};

}  // namespace readout::core
