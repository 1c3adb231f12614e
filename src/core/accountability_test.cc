#include "core/accountability.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace readout::core {
namespace {

using R = AssessmentRating;
using C = RatingChange;

PartialDate Date(std::string_view text) {
  Result<PartialDate> d = PartialDate::Parse(text);
  EXPECT_TRUE(d.has_value()) << text;
  return d.has_value() ? *d : PartialDate();
}

CivilDay Day(std::string_view iso) {
  const std::optional<CivilDay> d = Date(iso).EarliestDay();
  EXPECT_TRUE(d.has_value()) << iso;
  return d.value_or(CivilDay{});
}

BilingualText En(std::string text) { return {std::move(text), "", ""}; }

// Builds a DialogueFacts snapshot the way LoadDialogueFacts orders it.
class Facts {
 public:
  Facts() { f.dialogue_id = "dlg_us-china"; }

  Facts& Round_(const std::string& id, std::string_view dates) {
    Round r;
    r.dialogue_id = f.dialogue_id;
    if (!dates.empty()) r.dates = Date(dates);
    f.rounds.push_back({id, r});
    return *this;
  }
  Round& round(const std::string& id) {
    for (auto& r : f.rounds) {
      if (r.id == id) return r.value;
    }
    ADD_FAILURE() << "no round " << id;
    return f.rounds.front().value;
  }
  Facts& Issue_(const std::string& id, const std::string& parent = "") {
    Issue i;
    i.parent_id = parent;
    i.name = En(id);
    f.issues.push_back({id, i});
    return *this;
  }
  Benchmark& Benchmark_(const std::string& id, const std::string& issue = "iss_detention", bool measurable = true) {
    Benchmark b;
    b.dialogue_id = f.dialogue_id;
    b.issue_id = issue;
    b.statement = En("statement of " + id);
    if (measurable) b.criterion = En("criterion of " + id);
    f.benchmarks.push_back({id, b});
    return f.benchmarks.back().value;
  }
  // An assessment at a round ("rnd_...") or at a date ("2013-12-28").
  Facts& Rate(const std::string& id, const std::string& benchmark, const std::string& round_or_date, R rating,
              ReviewState state = ReviewState::kApproved) {
    Assessment a;
    a.benchmark_id = benchmark;
    if (round_or_date.starts_with("rnd_")) {
      a.round_id = round_or_date;
    } else {
      a.date = Date(round_or_date);
    }
    a.rating = rating;
    a.rationale = En("because");
    a.assessor = "amy";
    a.reviewer = "ben";
    a.state = state;
    f.assessments.push_back({id, a});
    return *this;
  }
  Ask& Ask_(const std::string& id, const std::string& parent, AskSubjectKind kind, const std::string& subject) {
    Ask a;
    (parent.starts_with("rnd_") ? a.round_id : a.engagement_id) = parent;
    a.subject = {kind, subject};
    a.description = En("asked about " + subject);
    a.position = static_cast<int>(f.asks.size());
    f.asks.push_back({id, a});
    return f.asks.back().value;
  }
  Facts& Reply_(const std::string& id, const std::string& ask, ReplyKind kind, std::string_view date = "") {
    Reply r;
    r.ask_id = ask;
    r.reply_kind = kind;
    if (!date.empty()) r.date = Date(date);
    f.replies.push_back({id, r});
    return *this;
  }
  Facts& CaseList_(const std::string& id, const std::string& round, const std::vector<std::string>& case_ids) {
    CaseList l;
    l.round_id = round;
    for (const std::string& c : case_ids) l.entries.push_back({En(c), c, {}});
    f.case_lists.push_back({id, l});
    return *this;
  }
  // Events as "type@date" pairs.
  Facts& Case_(const std::string& id, const std::vector<std::pair<LegalEventType, std::string>>& events = {}) {
    RaisedCase c;
    c.id = id;
    c.person_name = En("person of " + id);
    for (const auto& [type, date] : events) {
      LegalEvent e;
      e.case_id = id;
      e.type = type;
      e.date = Date(date);
      c.events.push_back(e);
    }
    f.cases.push_back(c);
    return *this;
  }
  Commitment& Commitment_(const std::string& id, std::string_view date) {
    Commitment c;
    c.dialogue_id = f.dialogue_id;
    c.text = En("we will");
    c.date = Date(date);
    f.commitments.push_back({id, c});
    return f.commitments.back().value;
  }
  Engagement& Engagement_(const std::string& id, const std::string& agency, EngagementKind kind, std::string_view date,
                          TriState raised = TriState::kUnknown,
                          PublicAccountLevel account = PublicAccountLevel::kNone) {
    Engagement e;
    e.dialogue_id = f.dialogue_id;
    e.agency_id = agency;
    e.kind = kind;
    e.title = En(id);
    e.date = Date(date);
    e.human_rights_raised = raised;
    e.public_account.level = account;
    f.engagements.push_back({id, e});
    return f.engagements.back().value;
  }

  DialogueFacts f;
};

// ---- Scorecard -------------------------------------------------------------

TEST(ScorecardTest, HasOneColumnPerRoundInRoundOrderAndOneRowPerBenchmark) {
  Facts t;
  t.Round_("rnd_2012", "2012-07-24/2012-07-25").Round_("rnd_2013", "2013-07-30/2013-07-31").Round_("rnd_next", "");
  t.Benchmark_("bmk_a");
  t.Benchmark_("bmk_b");
  const Scorecard card = BuildScorecard(t.f);
  EXPECT_EQ(card.dialogue_id, "dlg_us-china");
  EXPECT_EQ(card.round_ids, (std::vector<std::string>{"rnd_2012", "rnd_2013", "rnd_next"}));
  ASSERT_EQ(card.rows.size(), 2u);
  EXPECT_EQ(card.rows[0].benchmark_id, "bmk_a");
  ASSERT_EQ(card.rows[1].cells.size(), 3u);
  EXPECT_EQ(card.rows[1].cells[2].round_id, "rnd_next");
  EXPECT_EQ(card.rows[1].cells[2].rating, R::kNotAssessed);
  EXPECT_TRUE(card.rows[1].cells[2].assessment_id.empty());
}

TEST(ScorecardTest, ADialogueWithNoRoundsHasRowsWithNoCells) {
  Facts t;
  t.Benchmark_("bmk_a");
  const Scorecard card = BuildScorecard(t.f);
  EXPECT_TRUE(card.round_ids.empty());
  ASSERT_EQ(card.rows.size(), 1u);
  EXPECT_TRUE(card.rows[0].cells.empty());
}

// Each case: the benchmark's ratings at rounds 1..4 (not_assessed = no
// assessment), and the expected change and previous rating of each cell.
struct ChangeCase {
  std::vector<R> ratings;
  std::vector<C> changes;
  std::vector<R> previous;
};

std::string Describe(const std::vector<R>& ratings) {
  std::string out;
  for (R r : ratings) out += std::string(ToCode(r)) + " ";
  return out;
}

TEST(ScorecardTest, EachRatedCellComparesWithTheLastEarlierInformativeRating) {
  const std::vector<ChangeCase> cases = {
      {{R::kNoProgress, R::kLimitedProgress, R::kMet, R::kMet},
       {C::kFirstRated, C::kImproved, C::kImproved, C::kUnchanged},
       {R::kNotAssessed, R::kNoProgress, R::kLimitedProgress, R::kMet}},
      {{R::kSubstantialProgress, R::kRegressed, R::kNotAssessed, R::kNoProgress},
       {C::kFirstRated, C::kWorsened, C::kNone, C::kImproved},
       {R::kNotAssessed, R::kSubstantialProgress, R::kNotAssessed, R::kRegressed}},
      // no_information is neither compared nor a base for the next comparison.
      {{R::kLimitedProgress, R::kNoInformation, R::kNoProgress, R::kNotAssessed},
       {C::kFirstRated, C::kNone, C::kWorsened, C::kNone},
       {R::kNotAssessed, R::kNotAssessed, R::kLimitedProgress, R::kNotAssessed}},
      {{R::kNoInformation, R::kNotAssessed, R::kMet, R::kMet},
       {C::kNone, C::kNone, C::kFirstRated, C::kUnchanged},
       {R::kNotAssessed, R::kNotAssessed, R::kNotAssessed, R::kMet}},
      {{R::kNotAssessed, R::kNotAssessed, R::kNotAssessed, R::kNotAssessed},
       {C::kNone, C::kNone, C::kNone, C::kNone},
       {R::kNotAssessed, R::kNotAssessed, R::kNotAssessed, R::kNotAssessed}},
  };
  for (const ChangeCase& c : cases) {
    Facts t;
    t.Round_("rnd_1", "2010").Round_("rnd_2", "2011").Round_("rnd_3", "2012").Round_("rnd_4", "2013");
    t.Benchmark_("bmk_a");
    for (std::size_t i = 0; i < c.ratings.size(); ++i) {
      if (c.ratings[i] != R::kNotAssessed)
        t.Rate("asm_" + std::to_string(i), "bmk_a", "rnd_" + std::to_string(i + 1), c.ratings[i]);
    }
    const Scorecard card = BuildScorecard(t.f);
    ASSERT_EQ(card.rows.size(), 1u);
    for (std::size_t i = 0; i < c.ratings.size(); ++i) {
      const ScorecardCell& cell = card.rows[0].cells[i];
      EXPECT_EQ(cell.rating, c.ratings[i]) << Describe(c.ratings) << "cell " << i;
      EXPECT_EQ(cell.change, c.changes[i]) << Describe(c.ratings) << "cell " << i;
      EXPECT_EQ(cell.previous_rating, c.previous[i]) << Describe(c.ratings) << "cell " << i;
      EXPECT_EQ(cell.assessment_id.empty(), c.ratings[i] == R::kNotAssessed) << Describe(c.ratings) << "cell " << i;
    }
  }
}

TEST(ScorecardTest, ShowsApprovedAssessmentsOnlyWithTheirRationaleAndSources) {
  Facts t;
  t.Round_("rnd_1", "2012").Round_("rnd_2", "2013");
  t.Benchmark_("bmk_a");
  t.Rate("asm_draft", "bmk_a", "rnd_1", R::kMet, ReviewState::kDraft);
  t.Rate("asm_ok", "bmk_a", "rnd_2", R::kLimitedProgress);
  t.f.assessments.back().value.source_ids = {"src_hrw"};
  const Scorecard card = BuildScorecard(t.f);
  EXPECT_EQ(card.rows[0].cells[0].rating, R::kNotAssessed);
  EXPECT_TRUE(card.rows[0].cells[0].assessment_id.empty());
  EXPECT_EQ(card.rows[0].cells[1].assessment_id, "asm_ok");
  EXPECT_EQ(card.rows[0].cells[1].rationale.en, "because");
  EXPECT_EQ(card.rows[0].cells[1].source_ids, std::vector<std::string>{"src_hrw"});
  EXPECT_EQ(card.rows[0].cells[1].change, C::kFirstRated);
}

TEST(ScorecardTest, ListsApprovedDatedAssessmentsAsInterimByDate) {
  Facts t;
  t.Round_("rnd_1", "2013-07-30/2013-07-31");
  t.Benchmark_("bmk_rtl");
  t.Rate("asm_late", "bmk_rtl", "2014-03", R::kMet);
  t.Rate("asm_abolished", "bmk_rtl", "2013-12-28", R::kMet);
  t.Rate("asm_draft", "bmk_rtl", "2013-11", R::kLimitedProgress, ReviewState::kDraft);
  const Scorecard card = BuildScorecard(t.f);
  ASSERT_EQ(card.rows[0].interim.size(), 2u);
  EXPECT_EQ(card.rows[0].interim[0].id, "asm_abolished");
  EXPECT_EQ(card.rows[0].interim[1].id, "asm_late");
  EXPECT_EQ(card.rows[0].cells[0].rating, R::kNotAssessed);  // interim ratings are not round cells
}

TEST(ScorecardTest, IssueFilterKeepsBenchmarksUnderTheIssueAndItsDescendants) {
  Facts t;
  t.Issue_("iss_detention").Issue_("iss_rtl", "iss_detention").Issue_("iss_rtl-camps", "iss_rtl").Issue_("iss_speech");
  t.Benchmark_("bmk_a", "iss_detention");
  t.Benchmark_("bmk_b", "iss_rtl-camps");
  t.Benchmark_("bmk_c", "iss_speech");
  struct Case {
    std::string issue;
    std::vector<std::string> rows;
  };
  for (const Case& c : std::vector<Case>{{"", {"bmk_a", "bmk_b", "bmk_c"}},
                                         {"iss_detention", {"bmk_a", "bmk_b"}},
                                         {"iss_rtl", {"bmk_b"}},
                                         {"iss_speech", {"bmk_c"}},
                                         {"iss_unknown", {}}}) {
    std::vector<std::string> got;
    for (const ScorecardRow& row : BuildScorecard(t.f, c.issue).rows) got.push_back(row.benchmark_id);
    EXPECT_EQ(got, c.rows) << "issue " << c.issue;
  }
}

// ---- Changes report ----------------------------------------------------------

// Two dated rounds and a third; the window of (rnd_2013, rnd_2015] is
// (2013-07-31, 2015-08-13].
Facts ThreeRounds() {
  Facts t;
  t.Round_("rnd_2012", "2012-07-24/2012-07-25")
      .Round_("rnd_2013", "2013-07-30/2013-07-31")
      .Round_("rnd_2015", "2015-08-12/2015-08-13");
  return t;
}

TEST(ChangesReportTest, ListsEveryBenchmarkWhoseRatingDiffersOrWasFirstRated) {
  struct Case {
    std::vector<R> ratings;  // at rnd_2012, rnd_2013, rnd_2015
    bool listed;
    R from;
    C change;
  };
  const std::vector<Case> cases = {
      {{R::kNotAssessed, R::kNoProgress, R::kLimitedProgress}, true, R::kNoProgress, C::kImproved},
      {{R::kNotAssessed, R::kMet, R::kRegressed}, true, R::kMet, C::kWorsened},
      {{R::kNotAssessed, R::kNotAssessed, R::kNoProgress}, true, R::kNotAssessed, C::kFirstRated},
      {{R::kNotAssessed, R::kNoProgress, R::kNoProgress}, false, R::kNoProgress, C::kNone},
      // Where it stood at `from` is its last rating up to `from`, even from an earlier round.
      {{R::kLimitedProgress, R::kNotAssessed, R::kMet}, true, R::kLimitedProgress, C::kImproved},
      {{R::kLimitedProgress, R::kNotAssessed, R::kLimitedProgress}, false, R::kLimitedProgress, C::kNone},
      // Not rated at `to`: nothing new to report.
      {{R::kNotAssessed, R::kMet, R::kNotAssessed}, false, R::kMet, C::kNone},
      // no_information differs from a rating, but can not be compared with it.
      {{R::kNotAssessed, R::kLimitedProgress, R::kNoInformation}, true, R::kLimitedProgress, C::kNone},
      {{R::kNotAssessed, R::kNoInformation, R::kMet}, true, R::kNoInformation, C::kNone},
  };
  for (const Case& c : cases) {
    Facts t = ThreeRounds();
    t.Benchmark_("bmk_a");
    const std::vector<std::string> rounds = {"rnd_2012", "rnd_2013", "rnd_2015"};
    for (std::size_t i = 0; i < 3; ++i) {
      if (c.ratings[i] != R::kNotAssessed) t.Rate("asm_" + std::to_string(i), "bmk_a", rounds[i], c.ratings[i]);
    }
    Result<ChangesReport> report = BuildChangesReport(t.f, "rnd_2013", "rnd_2015");
    ASSERT_TRUE(report.has_value());
    ASSERT_EQ(report->rating_changes.size(), c.listed ? 1u : 0u) << Describe(c.ratings);
    if (!c.listed) continue;
    const RatingChangeEntry& e = report->rating_changes[0];
    EXPECT_EQ(e.benchmark_id, "bmk_a");
    EXPECT_EQ(e.from, c.from) << Describe(c.ratings);
    EXPECT_EQ(e.to, c.ratings[2]) << Describe(c.ratings);
    EXPECT_EQ(e.change, c.change) << Describe(c.ratings);
    EXPECT_EQ(e.assessment_id, "asm_2");
  }
}

TEST(ChangesReportTest, IgnoresDraftAssessments) {
  Facts t = ThreeRounds();
  t.Benchmark_("bmk_a");
  t.Rate("asm_1", "bmk_a", "rnd_2013", R::kNoProgress).Rate("asm_2", "bmk_a", "rnd_2015", R::kMet, ReviewState::kDraft);
  EXPECT_TRUE(BuildChangesReport(t.f, "rnd_2013", "rnd_2015")->rating_changes.empty());
}

TEST(ChangesReportTest, ListsCommitmentsMadeOrClosedInTheWindow) {
  struct Case {
    std::string made;
    std::string round;
    CommitmentStatus status;
    std::string closed;
    bool is_new;
    bool is_closed;
  };
  const std::vector<Case> cases = {
      {"2013-07-31", "", CommitmentStatus::kOpen, "", false, false},  // on the window's first bound: before
      {"2013-08-01", "", CommitmentStatus::kOpen, "", true, false},
      {"2015-08-13", "", CommitmentStatus::kOpen, "", true, false},  // the last day is in
      {"2015-08-14", "", CommitmentStatus::kOpen, "", false, false},
      {"2010", "rnd_2015", CommitmentStatus::kOpen, "", true, false},  // made at `to`, whatever its date
      {"2012", "", CommitmentStatus::kFulfilled, "2014-01", false, true},
      {"2014", "", CommitmentStatus::kNotFulfilled, "2015-01-01", true, true},
      {"2012", "", CommitmentStatus::kWithdrawn, "2013-01-01", false, false},
  };
  for (const Case& c : cases) {
    Facts t = ThreeRounds();
    Commitment& m = t.Commitment_("cmt_a", c.made);
    m.round_id = c.round;
    m.status = c.status;
    if (!c.closed.empty()) m.closed_date = Date(c.closed);
    Result<ChangesReport> report = BuildChangesReport(t.f, "rnd_2013", "rnd_2015");
    ASSERT_TRUE(report.has_value());
    EXPECT_EQ(report->new_commitment_ids.size(), c.is_new ? 1u : 0u) << "made " << c.made << " at " << c.round;
    EXPECT_EQ(report->closed_commitment_ids.size(), c.is_closed ? 1u : 0u) << "closed " << c.closed;
  }
}

TEST(ChangesReportTest, ListsRaisedCasesWhoseStatusChangedOrHadEventsInTheWindow) {
  using T = LegalEventType;
  struct Case {
    std::string name;
    std::vector<std::pair<T, std::string>> events;
    bool listed;
    CaseStatus from;
    CaseStatus to;
    std::vector<T> between;
  };
  const std::vector<Case> cases = {
      {"detained before, released in the window",
       {{T::kCriminalDetention, "2013-07-16"},
        {T::kArrestApproved, "2013-08-22"},
        {T::kReleasedWithoutCharge, "2014-01-26"}},
       true,
       CaseStatus::kDetainedPretrial,
       CaseStatus::kReleased,
       {T::kArrestApproved, T::kReleasedWithoutCharge}},
      {"new detention in the window",
       {{T::kCriminalDetention, "2014-03-01"}},
       true,
       CaseStatus::kUnknown,
       CaseStatus::kDetainedPretrial,
       {T::kCriminalDetention}},
      {"event in the window, same status",
       {{T::kCriminalDetention, "2013-07-16"}, {T::kArrestApproved, "2013-08-22"}},
       true,
       CaseStatus::kDetainedPretrial,
       CaseStatus::kDetainedPretrial,
       {T::kArrestApproved}},
      {"events out of date order",
       {{T::kReleasedWithoutCharge, "2014-01-26"}, {T::kCriminalDetention, "2013-07-16"}},
       true,
       CaseStatus::kDetainedPretrial,
       CaseStatus::kReleased,
       {T::kReleasedWithoutCharge}},
      {"nothing in the window", {{T::kCriminalDetention, "2013-07-16"}}, false, {}, {}, {}},
      {"only after the window", {{T::kCriminalDetention, "2016-01-01"}}, false, {}, {}, {}},
  };
  for (const Case& c : cases) {
    Facts t = ThreeRounds();
    t.Case_("cas_a", c.events);
    Result<ChangesReport> report = BuildChangesReport(t.f, "rnd_2013", "rnd_2015");
    ASSERT_TRUE(report.has_value());
    ASSERT_EQ(report->case_changes.size(), c.listed ? 1u : 0u) << c.name;
    if (!c.listed) continue;
    const CaseChangeEntry& e = report->case_changes[0];
    EXPECT_EQ(e.case_id, "cas_a");
    EXPECT_EQ(e.person_name.en, "person of cas_a");
    EXPECT_EQ(e.from, c.from) << c.name;
    EXPECT_EQ(e.to, c.to) << c.name;
    EXPECT_EQ(e.events_between, c.between) << c.name;
  }
}

TEST(ChangesReportTest, ListsRepliesToAsksAtTheLaterRoundOrDatedInTheWindow) {
  Facts t = ThreeRounds();
  t.Ask_("ask_at-2015", "rnd_2015", AskSubjectKind::kIssue, "iss_a");
  t.Ask_("ask_at-2013", "rnd_2013", AskSubjectKind::kIssue, "iss_a");
  t.Reply_("rpl_at-2015", "ask_at-2015", ReplyKind::kDeniedFacts);
  t.Reply_("rpl_2013-later", "ask_at-2013", ReplyKind::kInformationProvided, "2014-02-01");
  t.Reply_("rpl_2013-then", "ask_at-2013", ReplyKind::kTokenResponse, "2013-07-31");
  t.Reply_("rpl_2013-undated", "ask_at-2013", ReplyKind::kTokenResponse);
  Result<ChangesReport> report = BuildChangesReport(t.f, "rnd_2013", "rnd_2015");
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->reply_ids, (std::vector<std::string>{"rpl_at-2015", "rpl_2013-later"}));
}

TEST(ChangesReportTest, ListsDeadlinesDueInTheWindowAndNotMetByThen) {
  using T = LegalEventType;
  Facts t = ThreeRounds();
  t.Benchmark_("bmk_missed").deadline = Date("2014");  // due 2014-12-31, never met
  t.Benchmark_("bmk_met-in-time").deadline = Date("2014-06");
  t.Rate("asm_met", "bmk_met-in-time", "2014-05-01", R::kMet);
  t.Benchmark_("bmk_met-late").deadline = Date("2013-12-31");
  t.Rate("asm_late", "bmk_met-late", "rnd_2015", R::kMet);
  t.Benchmark_("bmk_outside").deadline = Date("2016");
  // Detained 2014-01-10, no arrest decision: the 37-day limit fell due on 2014-02-16.
  t.Case_("cas_held", {{T::kCriminalDetention, "2014-01-10"}});
  // Every step within its limit.
  t.Case_("cas_in-time", {{T::kCriminalDetention, "2014-01-10"},
                          {T::kArrestApproved, "2014-02-10"},
                          {T::kIndictment, "2014-03-20"},
                          {T::kVerdict, "2014-05-01"}});
  Result<ChangesReport> report = BuildChangesReport(t.f, "rnd_2013", "rnd_2015");
  ASSERT_TRUE(report.has_value());
  std::vector<std::string> got;
  for (const PassedDeadline& d : report->deadlines_passed)
    got.push_back(d.subject_id + " " + d.rule + " " + d.due.ToIso());
  EXPECT_EQ(got, (std::vector<std::string>{"bmk_met-late  2013-12-31", "cas_held arrest_approval 2014-02-16",
                                           "bmk_missed  2014-12-31"}));
  EXPECT_EQ(report->deadlines_passed[1].kind, PassedDeadline::Kind::kCase);
  EXPECT_EQ(report->deadlines_passed[0].kind, PassedDeadline::Kind::kBenchmark);
}

TEST(ChangesReportTest, RefusesUnknownRoundsAndAWindowThatRunsBackwards) {
  Facts t = ThreeRounds();
  t.Round_("rnd_undated", "");
  struct Case {
    std::string from;
    std::string to;
    ErrorCode code;
    std::string field;
  };
  for (const Case& c : std::vector<Case>{{"rnd_nope", "rnd_2015", ErrorCode::kNotFound, ""},
                                         {"rnd_2013", "rnd_nope", ErrorCode::kNotFound, ""},
                                         {"rnd_2015", "rnd_2013", ErrorCode::kInvalidArgument, "from"},
                                         {"rnd_2013", "rnd_2013", ErrorCode::kInvalidArgument, "from"},
                                         {"rnd_2013", "rnd_undated", ErrorCode::kInvalidArgument, "to"}}) {
    Result<ChangesReport> report = BuildChangesReport(t.f, c.from, c.to);
    ASSERT_FALSE(report.has_value()) << c.from << " -> " << c.to;
    EXPECT_EQ(report.error().code, c.code) << c.from << " -> " << c.to;
    if (!c.field.empty()) {
      ASSERT_FALSE(report.error().fields.empty());
      EXPECT_EQ(report.error().fields[0].field, c.field) << c.from << " -> " << c.to;
    }
  }
}

// ---- Agency record -----------------------------------------------------------

Facts Engagements() {
  Facts t;
  using K = EngagementKind;
  using Y = TriState;
  using P = PublicAccountLevel;
  t.Engagement_("eng_visit", "agy_state", K::kVisit, "2013-04", Y::kYes, P::kBrief);
  t.Engagement_("eng_summit", "agy_state", K::kSummit, "2013-06-07/2013-06-08", Y::kUnknown, P::kNone);
  t.Engagement_("eng_sed", "agy_state", K::kMeeting, "2013-07-10", Y::kNo, P::kNone);
  t.Engagement_("eng_briefing", "agy_state", K::kPressConference, "2013-08-02", Y::kYes, P::kDetailed);
  t.Engagement_("eng_cctv", "agy_state", K::kMediaInterview, "2013-09-01", Y::kYes, P::kDetailed).outlet =
      Outlet{En("CCTV"), "zh-Hans"};
  t.Engagement_("eng_bbc", "agy_state", K::kMediaInterview, "2013-09-02", Y::kNo, P::kDetailed).outlet =
      Outlet{En("BBC"), "en"};
  t.Engagement_("eng_phoenix", "agy_state", K::kMediaInterview, "2013-09-03", Y::kNo, P::kBrief).outlet =
      Outlet{En("Phoenix"), "zh"};
  t.Engagement_("eng_other", "agy_epa", K::kMeeting, "2013-07-01", Y::kYes, P::kNone);
  return t;
}

TEST(AgencyRecordTest, CountsEngagementsRaisingHumanRightsPublicSpeechAndChineseMedia) {
  const Facts t = Engagements();
  const AgencyRecord r = BuildAgencyRecord(t.f, "agy_state");
  EXPECT_EQ(r.engagements, 7);
  EXPECT_EQ(r.raised_yes, 3);
  EXPECT_EQ(r.raised_no, 3);
  EXPECT_EQ(r.raised_unknown, 1);
  ASSERT_TRUE(r.share_raised.has_value());
  EXPECT_DOUBLE_EQ(*r.share_raised, 3.0 / 7.0);
  EXPECT_EQ(r.public_speech, 4);  // the press conference and three interviews
  EXPECT_EQ(r.public_speech_raised, 2);
  EXPECT_EQ(r.chinese_media_interviews, 2);  // zh-Hans and zh
  EXPECT_EQ(r.chinese_media_interviews_raised, 1);
  EXPECT_EQ(r.no_public_account_ids, (std::vector<std::string>{"eng_summit", "eng_sed"}));
  EXPECT_EQ(r.engagement_ids.front(), "eng_visit");
}

TEST(AgencyRecordTest, CountsOnlyEngagementsWhoseEarliestDayIsInThePeriod) {
  const Facts t = Engagements();
  struct Case {
    std::optional<CivilDay> from;
    std::optional<CivilDay> to;
    std::vector<std::string> ids;
  };
  const std::vector<Case> cases = {
      {Day("2013-04-01"), Day("2013-06-30"), {"eng_visit", "eng_summit"}},  // "2013-04" counts from 04-01
      {Day("2013-04-02"), Day("2013-06-07"), {"eng_summit"}},
      {std::nullopt, Day("2013-04-30"), {"eng_visit"}},
      {Day("2013-09-02"), std::nullopt, {"eng_bbc", "eng_phoenix"}},
      {Day("2014-01-01"), std::nullopt, {}},
  };
  for (const Case& c : cases) {
    const AgencyRecord r = BuildAgencyRecord(t.f, "agy_state", c.from, c.to);
    EXPECT_EQ(r.engagement_ids, c.ids) << (c.from ? c.from->ToIso() : "..") << "/" << (c.to ? c.to->ToIso() : "..");
    EXPECT_EQ(r.engagements, static_cast<int>(c.ids.size()));
  }
}

TEST(AgencyRecordTest, HasNoShareWhenTheAgencyHadNoEngagements) {
  const Facts t = Engagements();
  const AgencyRecord r = BuildAgencyRecord(t.f, "agy_nobody");
  EXPECT_EQ(r.engagements, 0);
  EXPECT_FALSE(r.share_raised.has_value());
}

// ---- Round score -------------------------------------------------------------

const ScoreComponent& Part(const Score& s, std::string_view code) {
  for (const ScoreComponent& c : s.components) {
    if (c.code == code) return c;
  }
  ADD_FAILURE() << "no component " << code;
  static const ScoreComponent kNone;
  return kNone;
}

// The worked example of docs/scores.md: the 2013 Kunming round.
Facts Kunming() {
  Facts t;
  t.Round_("rnd_2012-washington", "2012-07-24/2012-07-25").Round_("rnd_2013-kunming", "2013-07-30/2013-07-31");
  Round& k = t.round("rnd_2013-kunming");
  k.public_account = {PublicAccountLevel::kBrief, "", Date("2013-08-02"), En("press briefing")};
  k.next_round_agreed = Date("2014");
  t.Benchmark_("bmk_rtl-abolished").introduced_round_id = "rnd_2012-washington";
  t.Benchmark_("bmk_xu-released");
  t.Benchmark_("bmk_upr-participation", "iss_participation", /*measurable=*/false);
  t.Benchmark_("bmk_not-on-table");
  t.Rate("asm_rtl-2013", "bmk_rtl-abolished", "rnd_2013-kunming", R::kLimitedProgress);
  t.Rate("asm_xu-2013", "bmk_xu-released", "rnd_2013-kunming", R::kNoProgress);
  t.Rate("asm_upr-2013", "bmk_upr-participation", "rnd_2013-kunming", R::kNoInformation);
  t.Rate("asm_draft", "bmk_not-on-table", "rnd_2013-kunming", R::kMet, ReviewState::kDraft);
  t.Ask_("ask_rtl", "rnd_2013-kunming", AskSubjectKind::kBenchmark, "bmk_rtl-abolished");
  t.Ask_("ask_upr", "rnd_2013-kunming", AskSubjectKind::kBenchmark, "bmk_upr-participation");
  t.Ask_("ask_xu", "rnd_2013-kunming", AskSubjectKind::kCase, "cas_xu-zhiyong-2013");
  t.Ask_("ask_ding", "rnd_2013-kunming", AskSubjectKind::kCase, "cas_ding-jiaxi-2013");
  t.Ask_("ask_xu-released", "rnd_2013-kunming", AskSubjectKind::kBenchmark, "bmk_xu-released");
  t.Reply_("rpl_rtl", "ask_rtl", ReplyKind::kInformationProvided);
  t.Reply_("rpl_upr", "ask_upr", ReplyKind::kInternalAffairs);
  t.Reply_("rpl_xu", "ask_xu", ReplyKind::kHandledAccordingToLaw);
  t.Reply_("rpl_xu-released", "ask_xu-released", ReplyKind::kHandledAccordingToLaw);
  // ask_ding: no reply recorded.
  t.CaseList_("cls_kunming", "rnd_2013-kunming", {"cas_guo-feixiong-2013", "cas_xu-zhiyong-2013"});
  t.Case_("cas_xu-zhiyong-2013").Case_("cas_ding-jiaxi-2013").Case_("cas_guo-feixiong-2013");
  return t;
}

TEST(RoundScoreTest, ScoresTheKunmingRoundAsDocsScoresMdShows) {
  const Facts t = Kunming();
  Result<Score> s = ComputeRoundScore(t.f, "rnd_2013-kunming");
  ASSERT_TRUE(s.has_value());
  ASSERT_EQ(s->components.size(), 5u);
  struct Expected {
    std::string_view code;
    int numerator;
    int denominator;
  };
  const std::vector<Expected> expected = {{"measurable_benchmarks", 2, 3},
                                          {"progress", 1, 2},
                                          {"substantive_replies", 1, 5},
                                          {"case_information", 0, 3},
                                          {"readout", 1, 3}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const ScoreComponent& c = s->components[i];
    EXPECT_EQ(c.code, expected[i].code) << i;
    EXPECT_EQ(c.numerator, expected[i].numerator) << c.code;
    EXPECT_EQ(c.denominator, expected[i].denominator) << c.code;
    EXPECT_DOUBLE_EQ(c.value, static_cast<double>(expected[i].numerator) / expected[i].denominator) << c.code;
    EXPECT_EQ(c.weight, 1.0) << c.code;
  }
  EXPECT_NEAR(s->total, (2.0 / 3 + 1.0 / 2 + 1.0 / 5 + 0 + 1.0 / 3) / 5, 1e-12);
  EXPECT_NEAR(s->total, 0.34, 1e-12);
  EXPECT_TRUE(s->perfunctory);
  EXPECT_EQ(Part(*s, "measurable_benchmarks").input_ids,
            (std::vector<std::string>{"bmk_rtl-abolished", "bmk_xu-released", "bmk_upr-participation"}));
  EXPECT_EQ(Part(*s, "progress").input_ids, (std::vector<std::string>{"asm_rtl-2013", "asm_xu-2013"}));
  EXPECT_EQ(Part(*s, "case_information").input_ids,
            (std::vector<std::string>{"cas_ding-jiaxi-2013", "cas_guo-feixiong-2013", "cas_xu-zhiyong-2013"}));
  EXPECT_EQ(Part(*s, "readout").input_ids, std::vector<std::string>{"rnd_2013-kunming"});
}

TEST(RoundScoreTest, MeasurableBenchmarksCountsThoseAskedAboutOrIntroducedAtTheRound) {
  struct Case {
    std::string name;
    bool asked;
    bool introduced;
    bool measurable;
    int numerator;
    int denominator;
  };
  for (const Case& c : std::vector<Case>{{"asked, measurable", true, false, true, 1, 1},
                                         {"introduced, measurable", false, true, true, 1, 1},
                                         {"asked and introduced, counted once", true, true, true, 1, 1},
                                         {"asked, no criterion", true, false, false, 0, 1},
                                         {"neither: not on the table", false, false, true, 0, 0}}) {
    Facts t;
    t.Round_("rnd_1", "2013-07-30/2013-07-31");
    Benchmark& b = t.Benchmark_("bmk_a", "iss_a", c.measurable);
    if (c.introduced) b.introduced_round_id = "rnd_1";
    if (c.asked) t.Ask_("ask_a", "rnd_1", AskSubjectKind::kBenchmark, "bmk_a");
    const Result<Score> score = ComputeRoundScore(t.f, "rnd_1");
    ASSERT_TRUE(score.has_value());
    const ScoreComponent& p = Part(*score, "measurable_benchmarks");
    EXPECT_EQ(p.numerator, c.numerator) << c.name;
    EXPECT_EQ(p.denominator, c.denominator) << c.name;
  }
}

TEST(RoundScoreTest, ProgressCountsInformativeApprovedRatingsAtTheRoundOnly) {
  struct Case {
    R rating;
    ReviewState state;
    int numerator;
    int denominator;
  };
  const std::vector<Case> cases = {
      {R::kMet, ReviewState::kApproved, 1, 1},
      {R::kSubstantialProgress, ReviewState::kApproved, 1, 1},
      {R::kLimitedProgress, ReviewState::kApproved, 1, 1},
      {R::kNoProgress, ReviewState::kApproved, 0, 1},
      {R::kRegressed, ReviewState::kApproved, 0, 1},
      // Never counted as "no progress".
      {R::kNoInformation, ReviewState::kApproved, 0, 0},
      {R::kNotAssessed, ReviewState::kApproved, 0, 0},
      {R::kMet, ReviewState::kDraft, 0, 0},
  };
  for (const Case& c : cases) {
    Facts t;
    t.Round_("rnd_1", "2012").Round_("rnd_2", "2013");
    t.Benchmark_("bmk_a");
    t.Rate("asm_a", "bmk_a", "rnd_2", c.rating, c.state);
    t.Rate("asm_other-round", "bmk_a", "rnd_1", R::kMet);
    const Result<Score> score = ComputeRoundScore(t.f, "rnd_2");
    ASSERT_TRUE(score.has_value());
    const ScoreComponent& p = Part(*score, "progress");
    EXPECT_EQ(p.numerator, c.numerator) << ToCode(c.rating) << " " << ToCode(c.state);
    EXPECT_EQ(p.denominator, c.denominator) << ToCode(c.rating) << " " << ToCode(c.state);
  }
}

TEST(RoundScoreTest, SubstantiveRepliesCountsAsksWithAtLeastOneSubstantiveReply) {
  struct Case {
    std::vector<ReplyKind> replies;
    int numerator;
  };
  using K = ReplyKind;
  for (const Case& c : std::vector<Case>{{{}, 0},
                                         {{K::kInformationProvided}, 1},
                                         {{K::kCommitmentMade}, 1},
                                         {{K::kHandledAccordingToLaw}, 0},
                                         {{K::kInternalAffairs, K::kInformationProvided}, 1},
                                         {{K::kNoReply}, 0}}) {
    Facts t;
    t.Round_("rnd_1", "2013");
    t.Ask_("ask_a", "rnd_1", AskSubjectKind::kIssue, "iss_a");
    t.Ask_("ask_engagement", "eng_a", AskSubjectKind::kIssue, "iss_a");  // not at the round
    for (std::size_t i = 0; i < c.replies.size(); ++i) t.Reply_("rpl_" + std::to_string(i), "ask_a", c.replies[i]);
    const Result<Score> score = ComputeRoundScore(t.f, "rnd_1");
    ASSERT_TRUE(score.has_value());
    const ScoreComponent& p = Part(*score, "substantive_replies");
    EXPECT_EQ(p.numerator, c.numerator) << c.replies.size() << " replies";
    EXPECT_EQ(p.denominator, 1);
    EXPECT_EQ(p.input_ids, std::vector<std::string>{"ask_a"});
  }
}

TEST(RoundScoreTest, CaseInformationCountsVisibleCasesRaisedByAskOrCaseList) {
  struct Case {
    std::string name;
    bool asked;
    bool listed;
    ReplyKind reply;
    bool visible;
    int numerator;
    int denominator;
  };
  using K = ReplyKind;
  for (const Case& c :
       std::vector<Case>{{"asked, information", true, false, K::kInformationProvided, true, 1, 1},
                         {"asked, commitment", true, false, K::kCommitmentMade, true, 1, 1},
                         {"asked, denied", true, false, K::kDeniedFacts, true, 0, 1},
                         {"listed only", false, true, K::kNoReply, true, 0, 1},
                         {"asked and listed", true, true, K::kInformationProvided, true, 1, 1},
                         {"not visible to the reader", true, true, K::kInformationProvided, false, 0, 0},
                         {"not raised", false, false, K::kNoReply, true, 0, 0}}) {
    Facts t;
    t.Round_("rnd_1", "2013");
    if (c.visible) t.Case_("cas_a");
    if (c.asked) {
      t.Ask_("ask_a", "rnd_1", AskSubjectKind::kCase, "cas_a");
      t.Reply_("rpl_a", "ask_a", c.reply);
    }
    if (c.listed) t.CaseList_("cls_a", "rnd_1", {"cas_a"});
    const Result<Score> score = ComputeRoundScore(t.f, "rnd_1");
    ASSERT_TRUE(score.has_value());
    const ScoreComponent& p = Part(*score, "case_information");
    EXPECT_EQ(p.numerator, c.numerator) << c.name;
    EXPECT_EQ(p.denominator, c.denominator) << c.name;
  }
}

TEST(RoundScoreTest, ReadoutScoresTimelinessDetailAndCompleteness) {
  struct Case {
    std::string name;
    PublicAccountLevel level;
    std::string date;
    int dialogue_due_days;
    bool ask_described;
    bool ask_replied;
    bool has_ask;
    int parts;
  };
  using P = PublicAccountLevel;
  const std::vector<Case> cases = {
      {"detailed, on time, complete", P::kDetailed, "2013-08-14", 0, true, true, true, 3},
      {"detailed, a day late", P::kDetailed, "2013-08-15", 0, true, true, true, 2},
      {"late by the default, on time by the dialogue's 30 days", P::kBrief, "2013-08-20", 30, true, true, true, 2},
      {"brief, on time, an ask with no reply", P::kBrief, "2013-08-02", 0, true, false, true, 1},
      {"brief, on time, an ask with no description", P::kBrief, "2013-08-02", 0, false, true, true, 1},
      {"none", P::kNone, "", 0, true, true, true, 1},
      {"none and no asks recorded", P::kNone, "", 0, true, true, false, 0},
  };
  for (const Case& c : cases) {
    Facts t;
    t.Round_("rnd_1", "2013-07-30/2013-07-31");
    t.f.dialogue.readout_due_days = c.dialogue_due_days;
    PublicAccount& account = t.round("rnd_1").public_account;
    account.level = c.level;
    if (!c.date.empty()) account.date = Date(c.date);
    if (c.has_ask) {
      Ask& a = t.Ask_("ask_a", "rnd_1", AskSubjectKind::kIssue, "iss_a");
      if (!c.ask_described) a.description = {};
      if (c.ask_replied) t.Reply_("rpl_a", "ask_a", ReplyKind::kDeniedFacts);
    }
    const Result<Score> score = ComputeRoundScore(t.f, "rnd_1");
    ASSERT_TRUE(score.has_value());
    const ScoreComponent& p = Part(*score, "readout");
    EXPECT_EQ(p.numerator, c.parts) << c.name;
    EXPECT_EQ(p.denominator, 3) << c.name;
  }
}

TEST(RoundScoreTest, TotalIsTheWeightedMeanAndPerfunctoryFollowsTheThreshold) {
  const Facts t = Kunming();
  struct Case {
    ScoreSettings settings;
    double total;
    bool perfunctory;
  };
  ScoreSettings only_measurable;
  only_measurable.weight_progress = only_measurable.weight_substantive_replies =
      only_measurable.weight_case_information = only_measurable.weight_readout = 0;
  ScoreSettings lenient;
  lenient.perfunctory_below = 0.3;
  ScoreSettings double_progress;
  double_progress.weight_progress = 2;
  ScoreSettings no_weights = only_measurable;
  no_weights.weight_measurable_benchmarks = 0;
  for (const Case& c : std::vector<Case>{{ScoreSettings{}, 0.34, true},
                                         {lenient, 0.34, false},
                                         {only_measurable, 2.0 / 3, false},
                                         {double_progress, (1.7 + 0.5) / 6, true},
                                         {no_weights, 0, true}}) {
    Result<Score> s = ComputeRoundScore(t.f, "rnd_2013-kunming", c.settings);
    ASSERT_TRUE(s.has_value());
    EXPECT_NEAR(s->total, c.total, 1e-12) << "threshold " << c.settings.perfunctory_below;
    EXPECT_EQ(s->perfunctory, c.perfunctory) << "total " << s->total;
  }
}

TEST(RoundScoreTest, AnEmptyRoundScoresZeroAndAnUnknownRoundIsNotFound) {
  Facts t;
  t.Round_("rnd_1", "2013");
  Result<Score> s = ComputeRoundScore(t.f, "rnd_1");
  ASSERT_TRUE(s.has_value());
  for (const ScoreComponent& c : s->components) EXPECT_EQ(c.value, 0.0) << c.code;
  EXPECT_EQ(s->total, 0.0);
  EXPECT_TRUE(s->perfunctory);
  EXPECT_EQ(ComputeRoundScore(t.f, "rnd_nope").error().code, ErrorCode::kNotFound);
}

// ---- Engagement score ----------------------------------------------------------

TEST(EngagementScoreTest, ScoresRaisingRepliesWhenAskedAndThePublicAccount) {
  struct Case {
    std::string name;
    TriState raised;
    PublicAccountLevel account;
    std::vector<ReplyKind> asks;  // one ask per entry, with that reply
    std::vector<std::string> codes;
    double total;
  };
  using Y = TriState;
  using P = PublicAccountLevel;
  const std::vector<std::string> two = {"human_rights_raised", "public_account"};
  const std::vector<std::string> three = {"human_rights_raised", "substantive_replies", "public_account"};
  const std::vector<Case> cases = {
      {"raised, detailed account", Y::kYes, P::kDetailed, {}, two, 1.0},
      {"raised, brief account", Y::kYes, P::kBrief, {}, two, 0.75},
      {"not raised, no account", Y::kNo, P::kNone, {}, two, 0.0},
      {"unknown counts as not raised", Y::kUnknown, P::kDetailed, {}, two, 0.5},
      {"asks, one substantive of two",
       Y::kYes,
       P::kNone,
       {ReplyKind::kCommitmentMade, ReplyKind::kDeniedFacts},
       three,
       0.5},
  };
  for (const Case& c : cases) {
    Facts t;
    t.Engagement_("eng_a", "agy_a", EngagementKind::kVisit, "2013-04", c.raised, c.account);
    for (std::size_t i = 0; i < c.asks.size(); ++i) {
      t.Ask_("ask_" + std::to_string(i), "eng_a", AskSubjectKind::kIssue, "iss_a");
      t.Reply_("rpl_" + std::to_string(i), "ask_" + std::to_string(i), c.asks[i]);
    }
    Result<Score> s = ComputeEngagementScore(t.f, "eng_a");
    ASSERT_TRUE(s.has_value());
    std::vector<std::string> codes;
    for (const ScoreComponent& p : s->components) {
      codes.emplace_back(p.code);
      EXPECT_EQ(p.weight, 1.0);
    }
    EXPECT_EQ(codes, c.codes) << c.name;
    EXPECT_NEAR(s->total, c.total, 1e-12) << c.name;
    EXPECT_EQ(s->perfunctory, c.total < 0.5) << c.name;
  }
  Facts t;
  EXPECT_EQ(ComputeEngagementScore(t.f, "eng_nope").error().code, ErrorCode::kNotFound);
}

// ---- Alerts ---------------------------------------------------------------------

std::vector<std::string> Describe(const std::vector<Alert>& alerts) {
  std::vector<std::string> out;
  for (const Alert& a : alerts) {
    out.push_back(std::string(ToCode(a.kind)) + " " + a.subject_id + " " + a.due.ToIso() + " " +
                  std::to_string(a.days_overdue));
  }
  return out;
}

TEST(AlertsTest, NamesEveryKindByItsCode) {
  EXPECT_EQ(ToCode(AlertKind::kBenchmarkDeadlinePassed), "benchmark_deadline_passed");
  EXPECT_EQ(ToCode(AlertKind::kReadoutMissing), "readout_missing");
  EXPECT_EQ(ToCode(AlertKind::kRoundOverdue), "round_overdue");
  EXPECT_EQ(ToCode(AlertKind::kCommitmentNoFollowUp), "commitment_no_follow_up");
}

TEST(AlertsTest, FlagsABenchmarkDeadlinePassedWithoutAnApprovedMetRating) {
  struct Case {
    std::string name;
    std::string deadline;
    R rating;
    ReviewState state;
    bool alert;
  };
  for (const Case& c :
       std::vector<Case>{{"passed, not rated", "2014-06-30", R::kNotAssessed, ReviewState::kApproved, true},
                         {"passed, limited progress", "2014-06-30", R::kLimitedProgress, ReviewState::kApproved, true},
                         {"passed, met", "2014-06-30", R::kMet, ReviewState::kApproved, false},
                         {"passed, met only in a draft", "2014-06-30", R::kMet, ReviewState::kDraft, true},
                         {"due today", "2015-01-01", R::kNotAssessed, ReviewState::kApproved, false},
                         {"a year: due on its last day", "2014", R::kNotAssessed, ReviewState::kApproved, true},
                         {"not yet", "2015", R::kNotAssessed, ReviewState::kApproved, false}}) {
    Facts t;
    t.Benchmark_("bmk_a").deadline = Date(c.deadline);
    if (c.rating != R::kNotAssessed) t.Rate("asm_a", "bmk_a", "2014-01-01", c.rating, c.state);
    const std::vector<Alert> alerts = BuildAlerts(t.f, Day("2015-01-01"));
    ASSERT_EQ(alerts.size(), c.alert ? 1u : 0u) << c.name;
    if (!c.alert) continue;
    EXPECT_EQ(alerts[0].kind, AlertKind::kBenchmarkDeadlinePassed);
    EXPECT_EQ(alerts[0].subject_id, "bmk_a");
    EXPECT_EQ(alerts[0].days_overdue, DaysFromCivil(Day("2015-01-01")) - DaysFromCivil(alerts[0].due)) << c.name;
  }
}

TEST(AlertsTest, FlagsARoundWithNoPublicAccountAfterTheDueDays) {
  struct Case {
    std::string name;
    PublicAccountLevel level;
    int dialogue_days;
    int settings_days;
    std::string today;
    std::vector<std::string> alerts;
  };
  using P = PublicAccountLevel;
  const std::vector<Case> cases = {
      {"default 14 days passed", P::kNone, 0, 14, "2013-08-20", {"readout_missing rnd_1 2013-08-14 6"}},
      {"on the due day", P::kNone, 0, 14, "2013-08-14", {}},
      {"the dialogue's own 30 days", P::kNone, 30, 14, "2013-08-20", {}},
      {"settings' 5 days", P::kNone, 0, 5, "2013-08-20", {"readout_missing rnd_1 2013-08-05 15"}},
      {"a brief account is an account", P::kBrief, 0, 14, "2013-08-20", {}},
  };
  for (const Case& c : cases) {
    Facts t;
    t.Round_("rnd_1", "2013-07-30/2013-07-31");
    t.round("rnd_1").public_account.level = c.level;
    t.f.dialogue.readout_due_days = c.dialogue_days;
    ScoreSettings settings;
    settings.readout_due_days = c.settings_days;
    EXPECT_EQ(Describe(BuildAlerts(t.f, Day(c.today), settings)), c.alerts) << c.name;
  }
}

TEST(AlertsTest, FlagsTheLastRoundWhenTheNextIsOverdueByAgreementOrSchedule) {
  struct Case {
    std::string name;
    std::string next_agreed;
    int interval_months;
    bool later_round;
    std::string today;
    std::vector<std::string> alerts;
  };
  const std::vector<Case> cases = {
      {"agreed 2014, none held by 2015-03", "2014", 0, false, "2015-03-01", {"round_overdue rnd_1 2014-12-31 60"}},
      {"agreed 2014, still 2014", "2014", 0, false, "2014-12-31", {}},
      {"agreed 2014, a later round recorded", "2014", 0, true, "2015-03-01", {}},
      {"annual schedule", "", 12, false, "2014-08-10", {"round_overdue rnd_1 2014-07-31 10"}},
      {"agreement wins over the schedule", "2015", 12, false, "2014-08-10", {}},
      {"no agreement, no schedule", "", 0, false, "2020-01-01", {}},
  };
  for (const Case& c : cases) {
    Facts t;
    t.Round_("rnd_1", "2013-07-30/2013-07-31");
    t.round("rnd_1").public_account.level = PublicAccountLevel::kBrief;
    if (!c.next_agreed.empty()) t.round("rnd_1").next_round_agreed = Date(c.next_agreed);
    t.f.dialogue.round_interval_months = c.interval_months;
    if (c.later_round) {
      t.Round_("rnd_2", "2015-06-01/2015-06-02");  // recorded ahead of time, not held yet
      t.round("rnd_2").public_account.level = PublicAccountLevel::kBrief;
    }
    EXPECT_EQ(Describe(BuildAlerts(t.f, Day(c.today))), c.alerts) << c.name;
  }
}

TEST(AlertsTest, FlagsAnOpenCommitmentWithNoLaterAskOrAssessmentOfItsBenchmarks) {
  struct Case {
    std::string name;
    CommitmentStatus status;
    std::string follow_up;  // "ask@rnd_2", "ask@rnd_0", "assessment@2014-01-01", "draft@2014-01-01", ""
    bool alert;
  };
  using S = CommitmentStatus;
  const std::vector<Case> cases = {
      {"open, nothing since", S::kOpen, "", true},
      {"fulfilled", S::kFulfilled, "", false},
      {"asked about at a later round", S::kOpen, "ask@rnd_2", false},
      {"asked about only before it was made", S::kOpen, "ask@rnd_0", true},
      {"assessed later", S::kOpen, "assessment@2014-01-01", false},
      {"assessed later in a draft only", S::kOpen, "draft@2014-01-01", true},
  };
  for (const Case& c : cases) {
    Facts t;
    t.Round_("rnd_0", "2012-07-24/2012-07-25").Round_("rnd_1", "2013-07-30/2013-07-31").Round_("rnd_2", "2014-08");
    for (const char* r : {"rnd_0", "rnd_1", "rnd_2"}) t.round(r).public_account.level = PublicAccountLevel::kBrief;
    t.Benchmark_("bmk_a");
    Commitment& m = t.Commitment_("cmt_a", "2013-07-31");
    m.status = c.status;
    m.benchmark_ids = {"bmk_a"};
    if (c.follow_up.starts_with("ask@")) t.Ask_("ask_a", c.follow_up.substr(4), AskSubjectKind::kBenchmark, "bmk_a");
    if (c.follow_up.starts_with("assessment@")) t.Rate("asm_a", "bmk_a", c.follow_up.substr(11), R::kNoProgress);
    if (c.follow_up.starts_with("draft@")) {
      t.Rate("asm_a", "bmk_a", c.follow_up.substr(6), R::kNoProgress, ReviewState::kDraft);
    }
    const std::vector<Alert> alerts = BuildAlerts(t.f, Day("2015-01-01"));
    ASSERT_EQ(alerts.size(), c.alert ? 1u : 0u) << c.name;
    if (!c.alert) continue;
    EXPECT_EQ(alerts[0].kind, AlertKind::kCommitmentNoFollowUp);
    EXPECT_EQ(alerts[0].due, Day("2014-07-31")) << c.name;  // made + 365 days
  }
}

TEST(AlertsTest, SortsMostOverdueFirstThenBySubject) {
  Facts t;
  t.Benchmark_("bmk_b").deadline = Date("2014-12-01");
  t.Benchmark_("bmk_a").deadline = Date("2014-12-01");
  t.Benchmark_("bmk_c").deadline = Date("2013-01-01");
  EXPECT_EQ(Describe(BuildAlerts(t.f, Day("2015-01-01"))),
            (std::vector<std::string>{"benchmark_deadline_passed bmk_c 2013-01-01 730",
                                      "benchmark_deadline_passed bmk_a 2014-12-01 31",
                                      "benchmark_deadline_passed bmk_b 2014-12-01 31"}));
}

TEST(AlertsTest, AnEmptyDialogueHasNoAlerts) {
  Facts t;
  t.f.dialogue.round_interval_months = 12;
  EXPECT_TRUE(BuildAlerts(t.f, Day("2030-01-01")).empty());
}

}  // namespace
}  // namespace readout::core
