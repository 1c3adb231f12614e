#include "core/case_status.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace readout::core {
namespace {

using T = LegalEventType;
using S = CaseStatus;

PartialDate Date(const char* text) {
  Result<PartialDate> d = PartialDate::Parse(text);
  EXPECT_TRUE(d.has_value()) << text;
  return d.has_value() ? *d : PartialDate();
}

CivilDay Day(const char* iso) {
  const std::optional<CivilDay> d = Date(iso).EarliestDay();
  EXPECT_TRUE(d.has_value()) << iso;
  return d.value_or(CivilDay{});
}

// One legal event as a test writes it; `date` "" means no date at all.
struct Ev {
  T type;
  const char* date;
  int sequence = 0;
  TriState whereabouts_known = TriState::kUnknown;
};

std::vector<LegalEvent> Events(const std::vector<Ev>& evs) {
  std::vector<LegalEvent> out;
  for (const Ev& ev : evs) {
    LegalEvent e;
    e.type = ev.type;
    if (*ev.date != '\0') e.date = Date(ev.date);
    e.sequence = ev.sequence;
    e.whereabouts_known = ev.whereabouts_known;
    out.push_back(e);
  }
  return out;
}

Sentence Sent(const char* date, TermKind kind, int years = 0, int months = 0, int days = 0, int dpr = 0) {
  Sentence s;
  if (*date != '\0') s.date = Date(date);
  s.term = {kind, years, months, days};
  s.political_rights_years = dpr;
  return s;
}

// "criminal_detention 2013-07-16, arrest_approved 2013-08-22" for failure messages.
std::string Describe(const std::vector<Ev>& evs) {
  std::string out;
  for (const Ev& ev : evs) {
    if (!out.empty()) out += ", ";
    out += std::string(ToCode(ev.type)) + ' ' + (*ev.date ? ev.date : "(undated)");
    if (ev.whereabouts_known != TriState::kUnknown) {
      out += " whereabouts_known=";
      out += ToCode(ev.whereabouts_known);
    }
  }
  return out.empty() ? "(no events)" : out;
}

std::string Describe(const std::vector<Sentence>& sentences) {
  std::string out;
  for (const Sentence& s : sentences) {
    if (!out.empty()) out += ", ";
    out += std::string(ToCode(s.term.kind)) + ' ' + std::to_string(s.term.years) + "y" +
           std::to_string(s.term.months) + "m" + std::to_string(s.term.days) + "d dpr" +
           std::to_string(s.political_rights_years) + (s.date ? " on " + s.date->ToString() : "");
  }
  return out;
}

// Xu Zhiyong's timeline (reference/demo-facts.md).
std::vector<Ev> XuZhiyong(bool with_release) {
  std::vector<Ev> evs = {
      {T::kCriminalDetention, "2013-07-16"}, {T::kArrestApproved, "2013-08-22"}, {T::kIndictment, "2013-12-13"},
      {T::kTrial, "2014-01-22"},             {T::kVerdict, "2014-01-26"},        {T::kAppealRuling, "2014-04-11"},
  };
  if (with_release) evs.push_back({T::kReleasedOnCompletion, "2017-07-15"});
  return evs;
}

std::vector<Sentence> XuSentence() { return {Sent("2014-01-26", TermKind::kFixed, 4)}; }

// ---------------------------------------------------------------------------

struct StatusCase {
  const char* name;
  std::vector<Ev> events;
  std::vector<Sentence> sentences;
  S status;
  const char* as_of;  // "" when none
  const char* today = "2020-01-01";
};

TEST(DeriveStatus, MapsEveryEventTypeAsTheTableInLegalRulesSays) {
  const TriState yes = TriState::kYes;
  const std::vector<StatusCase> cases = {
      {"no events", {}, {}, S::kUnknown, ""},
      {"taken away, whereabouts not known", {{T::kTakenAway, "2013-07-16"}}, {}, S::kWhereaboutsUnknown,
       "2013-07-16"},
      {"taken away, whereabouts known", {{T::kTakenAway, "2013-07-16", 0, yes}}, {}, S::kDetainedExtralegal,
       "2013-07-16"},
      {"disappeared", {{T::kDisappeared, "2013-07"}}, {}, S::kWhereaboutsUnknown, "2013-07"},
      {"disappeared, whereabouts known", {{T::kDisappeared, "2013-07", 0, yes}}, {}, S::kDetainedExtralegal,
       "2013-07"},
      {"administrative detention", {{T::kAdministrativeDetention, "2013-07-01"}}, {}, S::kDetainedExtralegal,
       "2013-07-01"},
      {"criminal detention", {{T::kCriminalDetention, "2013-07-16"}}, {}, S::kDetainedPretrial, "2013-07-16"},
      {"rsdl", {{T::kRsdl, "2015-07-10"}}, {}, S::kDetainedExtralegal, "2015-07-10"},
      {"residential surveillance at home", {{T::kResidentialSurveillance, "2015-07-10"}}, {},
       S::kReleasedRestricted, "2015-07-10"},
      {"bail pending trial", {{T::kCriminalDetention, "2014-01-01"}, {T::kBailPendingTrial, "2014-02-01"}}, {},
       S::kReleasedRestricted, "2014-02-01"},
      {"arrest keeps the as-of of detention",
       {{T::kCriminalDetention, "2013-07-16"}, {T::kArrestApproved, "2013-08-22"}}, {}, S::kDetainedPretrial,
       "2013-07-16"},
      {"arrest after rsdl", {{T::kRsdl, "2015-07-10"}, {T::kArrestApproved, "2016-01-08"}}, {},
       S::kDetainedPretrial, "2016-01-08"},
      {"indictment as the first event", {{T::kIndictment, "2013-12-13"}}, {}, S::kDetainedPretrial, "2013-12-13"},
      {"indictment while on bail", {{T::kBailPendingTrial, "2014-02-01"}, {T::kIndictment, "2014-05-01"}}, {},
       S::kReleasedRestricted, "2014-02-01"},
      {"trial while on bail", {{T::kBailPendingTrial, "2014-02-01"}, {T::kTrial, "2014-06-01"}}, {},
       S::kReleasedRestricted, "2014-02-01"},
      {"trial after whereabouts unknown", {{T::kTakenAway, "2014-02-01"}, {T::kTrial, "2014-06-01"}}, {},
       S::kDetainedPretrial, "2014-06-01"},
      {"verdict, fixed term", {{T::kCriminalDetention, "2013-07-16"}, {T::kVerdict, "2014-01-26"}},
       {Sent("2014-01-26", TermKind::kFixed, 4)}, S::kDetainedSentenced, "2014-01-26"},
      {"verdict, life", {{T::kCriminalDetention, "2013-07-16"}, {T::kVerdict, "2014-01-26"}},
       {Sent("2014-01-26", TermKind::kLife)}, S::kDetainedSentenced, "2014-01-26"},
      {"verdict, death", {{T::kCriminalDetention, "2013-07-16"}, {T::kVerdict, "2014-01-26"}},
       {Sent("2014-01-26", TermKind::kDeath)}, S::kDetainedSentenced, "2014-01-26"},
      {"verdict, death suspended", {{T::kCriminalDetention, "2013-07-16"}, {T::kVerdict, "2014-01-26"}},
       {Sent("2014-01-26", TermKind::kDeathSuspended)}, S::kDetainedSentenced, "2014-01-26"},
      {"verdict, no punishment", {{T::kCriminalDetention, "2013-07-16"}, {T::kVerdict, "2014-01-26"}},
       {Sent("2014-01-26", TermKind::kNone)}, S::kReleasedRestricted, "2014-01-26"},
      {"verdict with no sentence recorded keeps the status",
       {{T::kCriminalDetention, "2013-07-16"}, {T::kVerdict, "2014-01-26"}}, {}, S::kDetainedPretrial,
       "2013-07-16"},
      {"verdict alone with no sentence recorded", {{T::kVerdict, "2014-01-26"}}, {}, S::kUnknown, ""},
      {"verdict uses the sentence of its date, not a later retrial",
       {{T::kCriminalDetention, "2013-07-16"}, {T::kVerdict, "2014-01-26"}},
       {Sent("2014-01-26", TermKind::kNone), Sent("2015-01-01", TermKind::kFixed, 2)}, S::kReleasedRestricted,
       "2014-01-26"},
      {"appeal filed suspends the first-instance judgment",
       {{T::kVerdict, "2014-01-26"}, {T::kAppealFiled, "2014-02-05"}}, {Sent("2014-01-26", TermKind::kFixed, 4)},
       S::kDetainedPretrial, "2014-02-05"},
      {"appeal ruling upholds the sentence",
       {{T::kVerdict, "2014-01-26"}, {T::kAppealFiled, "2014-02-05"}, {T::kAppealRuling, "2014-04-11"}},
       {Sent("2014-01-26", TermKind::kFixed, 4)}, S::kDetainedSentenced, "2014-04-11"},
      {"prison transfer keeps the status", {{T::kVerdict, "2014-01-26"}, {T::kPrisonTransfer, "2014-06-01"}},
       {Sent("2014-01-26", TermKind::kFixed, 4)}, S::kDetainedSentenced, "2014-01-26"},
      {"prison transfer alone implies a sentence", {{T::kPrisonTransfer, "2014-06-01"}}, {}, S::kDetainedSentenced,
       "2014-06-01"},
      {"sentence reduction keeps the status", {{T::kVerdict, "2014-01-26"}, {T::kSentenceReduction, "2016-01-01"}},
       {Sent("2014-01-26", TermKind::kFixed, 4)}, S::kDetainedSentenced, "2014-01-26"},
      {"parole", {{T::kVerdict, "2014-01-26"}, {T::kParole, "2016-01-01"}}, {Sent("2014-01-26", TermKind::kFixed, 4)},
       S::kReleasedRestricted, "2016-01-01"},
      {"medical parole", {{T::kVerdict, "2014-01-26"}, {T::kMedicalParole, "2016-01-01"}},
       {Sent("2014-01-26", TermKind::kFixed, 4)}, S::kReleasedRestricted, "2016-01-01"},
      {"released on completion", {{T::kVerdict, "2014-01-26"}, {T::kReleasedOnCompletion, "2017-07-15"}},
       {Sent("2014-01-26", TermKind::kFixed, 4)}, S::kReleased, "2017-07-15"},
      {"released on completion, political rights still deprived",
       {{T::kVerdict, "2014-01-26"}, {T::kReleasedOnCompletion, "2017-07-15"}},
       {Sent("2014-01-26", TermKind::kFixed, 4, 0, 0, 2)}, S::kReleasedRestricted, "2017-07-15", "2019-07-14"},
      {"released on completion, political rights restored",
       {{T::kVerdict, "2014-01-26"}, {T::kReleasedOnCompletion, "2017-07-15"}},
       {Sent("2014-01-26", TermKind::kFixed, 4, 0, 0, 2)}, S::kReleased, "2017-07-15", "2019-07-15"},
      {"released without charge", {{T::kCriminalDetention, "2013-07-16"}, {T::kReleasedWithoutCharge, "2013-08-01"}},
       {}, S::kReleased, "2013-08-01"},
      {"deprivation of political rights after release",
       {{T::kReleasedOnCompletion, "2017-07-15"}, {T::kDeprivationOfPoliticalRights, "2017-07-15", 1}}, {},
       S::kReleasedRestricted, "2017-07-15"},
      {"deprivation of political rights while in prison keeps the status",
       {{T::kVerdict, "2014-01-26"}, {T::kDeprivationOfPoliticalRights, "2014-01-26", 1}},
       {Sent("2014-01-26", TermKind::kFixed, 4)}, S::kDetainedSentenced, "2014-01-26"},
      {"house arrest after release", {{T::kReleasedOnCompletion, "2017-07-15"}, {T::kHouseArrest, "2017-08-01"}}, {},
       S::kDetainedExtralegal, "2017-08-01"},
      {"psychiatric commitment", {{T::kPsychiatricCommitment, "2012"}}, {}, S::kDetainedExtralegal, "2012"},
      {"re-education through labor", {{T::kReeducationThroughLabor, "2012-05"}}, {}, S::kDetainedExtralegal,
       "2012-05"},
      {"exit ban after release", {{T::kReleasedOnCompletion, "2017-07-15"}, {T::kExitBan, "2017-09-01"}}, {},
       S::kReleasedRestricted, "2017-09-01"},
      {"exit ban alone", {{T::kExitBan, "2017-09-01"}}, {}, S::kReleasedRestricted, "2017-09-01"},
      {"exit ban while detained keeps the status", {{T::kCriminalDetention, "2013-07-16"}, {T::kExitBan, "2013-08-01"}},
       {}, S::kDetainedPretrial, "2013-07-16"},
      {"exiled", {{T::kReleasedOnCompletion, "2017-07-15"}, {T::kExiled, "2018-03"}}, {}, S::kExiled, "2018-03"},
      {"death", {{T::kReleasedOnCompletion, "2017-07-15"}, {T::kDeath, "2019-01-02"}}, {}, S::kDeceased,
       "2019-01-02"},
      {"death in custody", {{T::kCriminalDetention, "2013-07-16"}, {T::kDeathInCustody, "2014-02-01"}}, {},
       S::kDeceasedInCustody, "2014-02-01"},
      {"nothing after a death changes the status",
       {{T::kDeathInCustody, "2014-02-01"}, {T::kVerdict, "2014-06-01"}}, {Sent("2014-06-01", TermKind::kFixed, 4)},
       S::kDeceasedInCustody, "2014-02-01"},
  };
  for (const StatusCase& c : cases) {
    const std::vector<LegalEvent> events = Events(c.events);
    const DerivedStatus got = DeriveStatus(events, c.sentences, Day(c.today));
    const std::string input = std::string(c.name) + ": " + Describe(c.events) + " / " + Describe(c.sentences) +
                              " / today " + c.today;
    EXPECT_EQ(ToCode(got.status), ToCode(c.status)) << input;
    EXPECT_EQ(got.as_of ? got.as_of->ToString() : "", c.as_of) << input;
  }
}

TEST(DeriveStatus, GivesEveryEventTypeOnItsOwnAStatus) {
  // Only a verdict or appeal ruling with no sentence recorded says nothing.
  for (std::string_view code : LegalEventTypeCodes()) {
    const T type = *ParseLegalEventType(code);
    const std::vector<LegalEvent> events = Events({{type, "2014-01-01"}});
    const DerivedStatus got = DeriveStatus(events, {}, Day("2020-01-01"));
    if (type == T::kVerdict || type == T::kAppealRuling) {
      EXPECT_EQ(got.status, S::kUnknown) << code;
    } else {
      EXPECT_NE(got.status, S::kUnknown) << code;
    }
  }
}

TEST(DeriveStatus, OrdersEventsByEarliestDayThenSequenceWithUndatedEventsLast) {
  struct OrderCase {
    const char* name;
    std::vector<Ev> events;
    S status;
  };
  const std::vector<OrderCase> cases = {
      {"given out of order", {{T::kReleasedOnCompletion, "2017-07-15"}, {T::kCriminalDetention, "2013-07-16"}},
       S::kReleased},
      {"same day, sequence decides",
       {{T::kCriminalDetention, "2013-07-16", 2}, {T::kReleasedWithoutCharge, "2013-07-16", 1}},
       S::kDetainedPretrial},
      {"a month sorts by its first day",
       {{T::kReleasedWithoutCharge, "2013-07-02"}, {T::kCriminalDetention, "2013-07"}},
       S::kReleased},
      {"undated events come last", {{T::kDeath, ""}, {T::kCriminalDetention, "2013-07-16"}}, S::kDeceased},
  };
  for (const OrderCase& c : cases) {
    const std::vector<LegalEvent> events = Events(c.events);
    EXPECT_EQ(ToCode(DeriveStatus(events, {}, Day("2020-01-01")).status), ToCode(c.status))
        << c.name << ": " << Describe(c.events);
  }
}

// ---------------------------------------------------------------------------

struct DeadlineCase {
  const char* rule;
  std::vector<Ev> events;
  const char* today;
  const char* due;
  const char* met_on;  // "" when not met
  bool overdue;
};

TEST(ComputeDeadlines, AppliesEveryRuleMetPendingAndOverdue) {
  const std::vector<DeadlineCase> cases = {
      {"arrest_approval", {{T::kCriminalDetention, "2013-07-16"}, {T::kArrestApproved, "2013-08-22"}}, "2020-01-01",
       "2013-08-22", "2013-08-22", false},
      {"arrest_approval", {{T::kCriminalDetention, "2013-07-16"}, {T::kReleasedWithoutCharge, "2013-09-30"}},
       "2020-01-01", "2013-08-22", "2013-09-30", false},
      {"arrest_approval", {{T::kCriminalDetention, "2013-07-16"}}, "2013-08-22", "2013-08-22", "", false},
      {"arrest_approval", {{T::kCriminalDetention, "2013-07-16"}}, "2013-08-23", "2013-08-22", "", true},
      {"rsdl_limit", {{T::kRsdl, "2015-07-10"}, {T::kCriminalDetention, "2016-01-08"}}, "2020-01-01", "2016-01-10",
       "2016-01-08", false},
      {"rsdl_limit", {{T::kRsdl, "2015-07-10"}}, "2016-01-10", "2016-01-10", "", false},
      {"rsdl_limit", {{T::kRsdl, "2015-07-10"}}, "2016-01-11", "2016-01-10", "", true},
      {"residential_surveillance_limit",
       {{T::kResidentialSurveillance, "2015-07-10"}, {T::kBailPendingTrial, "2015-12-01"}}, "2020-01-01",
       "2016-01-10", "2015-12-01", false},
      {"residential_surveillance_limit", {{T::kResidentialSurveillance, "2015-07-10"}, {T::kRsdl, "2015-08-01"}},
       "2020-01-01", "2016-01-10", "2015-08-01", false},
      {"residential_surveillance_limit", {{T::kResidentialSurveillance, "2015-07-10"}}, "2015-09-01", "2016-01-10", "",
       false},
      {"residential_surveillance_limit", {{T::kResidentialSurveillance, "2015-07-10"}}, "2016-02-01", "2016-01-10", "",
       true},
      {"bail_limit", {{T::kBailPendingTrial, "2014-03-01"}, {T::kIndictment, "2014-11-01"}}, "2020-01-01",
       "2015-03-01", "2014-11-01", false},
      {"bail_limit", {{T::kBailPendingTrial, "2014-03-01"}}, "2015-03-01", "2015-03-01", "", false},
      {"bail_limit", {{T::kBailPendingTrial, "2014-03-01"}}, "2015-03-02", "2015-03-01", "", true},
      {"investigation_after_arrest", {{T::kArrestApproved, "2013-08-22"}, {T::kIndictment, "2013-12-13"}},
       "2020-01-01", "2013-10-22", "2013-12-13", false},
      {"investigation_after_arrest", {{T::kArrestApproved, "2013-08-22"}}, "2013-10-22", "2013-10-22", "", false},
      {"investigation_after_arrest", {{T::kArrestApproved, "2013-08-22"}}, "2013-10-23", "2013-10-22", "", true},
      {"first_instance_verdict", {{T::kIndictment, "2013-12-13"}, {T::kVerdict, "2014-01-26"}}, "2020-01-01",
       "2014-03-13", "2014-01-26", false},
      {"first_instance_verdict", {{T::kIndictment, "2013-12-13"}}, "2014-03-13", "2014-03-13", "", false},
      {"first_instance_verdict", {{T::kIndictment, "2013-12-13"}}, "2014-03-14", "2014-03-13", "", true},
      {"appeal_ruling", {{T::kAppealFiled, "2014-02-08"}, {T::kAppealRuling, "2014-04-11"}}, "2020-01-01",
       "2014-04-08", "2014-04-11", false},
      {"appeal_ruling", {{T::kAppealFiled, "2014-02-08"}}, "2014-04-08", "2014-04-08", "", false},
      {"appeal_ruling", {{T::kAppealFiled, "2014-02-08"}}, "2014-04-09", "2014-04-08", "", true},
      {"administrative_detention_limit",
       {{T::kAdministrativeDetention, "2013-07-01"}, {T::kReleasedWithoutCharge, "2013-07-11"}}, "2020-01-01",
       "2013-07-21", "2013-07-11", false},
      {"administrative_detention_limit", {{T::kAdministrativeDetention, "2013-07-01"}}, "2013-07-21", "2013-07-21",
       "", false},
      {"administrative_detention_limit", {{T::kAdministrativeDetention, "2013-07-01"}}, "2013-07-22", "2013-07-21",
       "", true},
      // Months at month ends: the same day, else the last day; from a last day to a last day.
      {"appeal_ruling", {{T::kAppealFiled, "2013-12-31"}}, "2013-12-31", "2014-02-28", "", false},
      {"first_instance_verdict", {{T::kIndictment, "2013-11-30"}}, "2013-12-01", "2014-02-28", "", false},
      {"appeal_ruling", {{T::kAppealFiled, "2014-02-28"}}, "2014-03-01", "2014-04-30", "", false},
      {"rsdl_limit", {{T::kRsdl, "2015-08-31"}}, "2015-09-01", "2016-02-29", "", false},
      {"rsdl_limit", {{T::kRsdl, "2015-08-30"}}, "2015-09-01", "2016-02-29", "", false},
      {"investigation_after_arrest", {{T::kArrestApproved, "2013-01-31"}}, "2013-02-01", "2013-03-31", "", false},
      // An ending event of another rule does not end this one; an undated one ends nothing.
      {"appeal_ruling", {{T::kAppealFiled, "2014-02-08"}, {T::kVerdict, "2014-03-01"}}, "2014-05-01", "2014-04-08", "",
       true},
      {"arrest_approval", {{T::kCriminalDetention, "2013-07-16"}, {T::kArrestApproved, ""}}, "2013-09-01",
       "2013-08-22", "", true},
      {"arrest_approval", {{T::kCriminalDetention, "2013-07-16"}, {T::kArrestApproved, "../2013-09"}}, "2014-01-01",
       "2013-08-22", "2013-09-30", false},
  };
  for (const DeadlineCase& c : cases) {
    const std::string input = std::string(c.rule) + ": " + Describe(c.events) + " / today " + c.today;
    const std::vector<LegalEvent> events = Events(c.events);
    const std::vector<Deadline> got = ComputeDeadlines(events, Day(c.today));
    const auto it = std::find_if(got.begin(), got.end(), [&](const Deadline& d) { return d.rule == c.rule; });
    ASSERT_NE(it, got.end()) << input;
    EXPECT_EQ(it->started.ToIso(), Date(c.events.front().date).ToString()) << input;
    EXPECT_EQ(it->due.ToIso(), c.due) << input;
    EXPECT_EQ(it->met_on ? it->met_on->ToIso() : "", c.met_on) << input;
    EXPECT_EQ(it->overdue, c.overdue) << input;
  }
}

TEST(ComputeDeadlines, StartsNoClockFromADateNotKnownToTheDay) {
  for (const char* date : {"2013-07", "2013", "2013-07-XX", "2013-07-15/2013-07-16", "2013-07/.."}) {
    for (std::string_view code : LegalEventTypeCodes()) {
      const std::vector<Ev> evs = {{*ParseLegalEventType(code), date}};
      const std::vector<LegalEvent> events = Events(evs);
      EXPECT_TRUE(ComputeDeadlines(events, Day("2020-01-01")).empty()) << Describe(evs);
      for (const CaseFlag& flag : ComputeFlags(events, {}, Day("2020-01-01"))) {
        EXPECT_NE(flag.kind, CaseFlagKind::kDeadlinePassed) << Describe(evs) << ": " << flag.rule;
      }
    }
  }
}

TEST(DeadlineRules, EachRuleHasACodeAnArticleALimitAndEndingEvents) {
  std::vector<std::string_view> codes;
  for (const DeadlineRule& rule : DeadlineRules()) {
    EXPECT_FALSE(rule.code.empty());
    EXPECT_NE(rule.article.find("art. "), std::string_view::npos) << rule.code;
    EXPECT_FALSE(rule.summary.empty()) << rule.code;
    EXPECT_TRUE((rule.days > 0) != (rule.months > 0)) << rule.code;
    EXPECT_FALSE(rule.ends_on.empty()) << rule.code;
    EXPECT_EQ(std::find(codes.begin(), codes.end(), rule.code), codes.end()) << rule.code << " twice";
    codes.push_back(rule.code);
  }
  EXPECT_EQ(codes.size(), 8u);
}

// ---------------------------------------------------------------------------

struct ReleaseCase {
  const char* name;
  std::vector<Ev> events;
  std::vector<Sentence> sentences;
  const char* date;              // "" when there is none
  const char* basis_contains = "";
};

TEST(ComputeExpectedRelease, CountsTheTermFromTheFirstDayOfCustody) {
  const std::vector<ReleaseCase> cases = {
      {"Xu Zhiyong", XuZhiyong(false), XuSentence(), "2017-07-15",
       "4 years from criminal detention on 2013-07-16 (Criminal Law art. 47)"},
      {"years and months", {{T::kCriminalDetention, "2013-04-17"}}, {Sent("2014-04-18", TermKind::kFixed, 3, 6)},
       "2016-10-16", "3 years 6 months from criminal detention"},
      {"days", {{T::kCriminalDetention, "2013-07-16"}}, {Sent("", TermKind::kFixed, 0, 0, 10)}, "2013-07-25",
       "10 days"},
      {"a month from the 31st ends on the last day of a shorter month", {{T::kCriminalDetention, "2013-01-31"}},
       {Sent("", TermKind::kFixed, 0, 1)}, "2013-02-28"},
      {"a year from 29 February", {{T::kCriminalDetention, "2012-02-29"}}, {Sent("", TermKind::kFixed, 1)},
       "2013-02-28"},
      {"taken away the day before detention", {{T::kTakenAway, "2013-07-15"}, {T::kCriminalDetention, "2013-07-16"}},
       XuSentence(), "2017-07-14", "from being taken away on 2013-07-15"},
      {"an earlier custody event not known to the day",
       {{T::kTakenAway, "2013-07"}, {T::kCriminalDetention, "2013-07-16"}}, XuSentence(), "2017-07-15",
       "not dated to the day"},
      {"rsdl counts two days for one",
       {{T::kRsdl, "2015-07-10"}, {T::kCriminalDetention, "2016-01-08"}, {T::kVerdict, "2016-08-01"}},
       {Sent("2016-08-01", TermKind::kFixed, 2)}, "2017-10-08",
       "182 days of residential surveillance at a designated location count as 91"},
      {"an odd day of rsdl does not count", {{T::kRsdl, "2015-07-10"}, {T::kArrestApproved, "2015-07-13"}},
       {Sent("", TermKind::kFixed, 1)}, "2016-07-11", "3 days of residential surveillance"},
      {"rsdl ended by the verdict", {{T::kRsdl, "2015-07-10"}, {T::kVerdict, "2015-07-20"}},
       {Sent("2015-07-20", TermKind::kFixed, 1)}, "2016-07-14"},
      {"rsdl with no dated end", {{T::kRsdl, "2015-07-10"}, {T::kCriminalDetention, "2016-01"}},
       {Sent("", TermKind::kFixed, 1)}, ""},
      {"bail does not count",
       {{T::kCriminalDetention, "2014-01-01"}, {T::kBailPendingTrial, "2014-01-11"},
        {T::kCriminalDetention, "2014-06-01"}},
       {Sent("", TermKind::kFixed, 1)}, "2015-05-21", "141 days on bail"},
      {"indicted and tried on bail, taken into custody at the verdict",
       {{T::kCriminalDetention, "2014-01-01"}, {T::kBailPendingTrial, "2014-01-11"}, {T::kIndictment, "2014-03-01"},
        {T::kTrial, "2014-05-01"}, {T::kVerdict, "2014-06-01"}},
       {Sent("2014-06-01", TermKind::kFixed, 1)}, "2015-05-21", "141 days on bail"},
      {"sentence reductions are not applied",
       {{T::kCriminalDetention, "2013-07-16"}, {T::kSentenceReduction, "2016-01-01"}},
       XuSentence(), "2017-07-15", "sentence reductions are recorded without their length"},
      {"a retrial's sentence replaces the first", {{T::kCriminalDetention, "2013-07-16"}},
       {Sent("2014-01-26", TermKind::kFixed, 4), Sent("2015-01-26", TermKind::kFixed, 3)}, "2016-07-15"},
      {"life", {{T::kCriminalDetention, "2013-07-16"}}, {Sent("", TermKind::kLife)}, ""},
      {"death suspended", {{T::kCriminalDetention, "2013-07-16"}}, {Sent("", TermKind::kDeathSuspended)}, ""},
      {"a later life sentence replaces a fixed term", {{T::kCriminalDetention, "2013-07-16"}},
       {Sent("2014-01-26", TermKind::kFixed, 4), Sent("2015-01-26", TermKind::kLife)}, ""},
      {"no sentence", {{T::kCriminalDetention, "2013-07-16"}}, {}, ""},
      {"custody known only to the month", {{T::kCriminalDetention, "2013-07"}}, XuSentence(), ""},
      {"no custody event", {{T::kVerdict, "2014-01-26"}}, XuSentence(), ""},
  };
  for (const ReleaseCase& c : cases) {
    const std::string input = std::string(c.name) + ": " + Describe(c.events) + " / " + Describe(c.sentences);
    const std::vector<LegalEvent> events = Events(c.events);
    const std::optional<ExpectedRelease> got = ComputeExpectedRelease(events, c.sentences);
    EXPECT_EQ(got ? got->date.ToIso() : "", c.date) << input;
    if (got) {
      EXPECT_NE(got->basis.find(c.basis_contains), std::string::npos) << input << "\nbasis: " << got->basis;
    }
  }
}

// ---------------------------------------------------------------------------

std::string Describe(const std::vector<CaseFlag>& flags) {
  std::string out;
  for (const CaseFlag& f : flags) {
    const char* kind = f.kind == CaseFlagKind::kDeadlinePassed          ? "deadline_passed"
                       : f.kind == CaseFlagKind::kExpectedReleasePassed ? "expected_release_passed"
                                                                        : "whereabouts_unknown";
    if (!out.empty()) out += "; ";
    out += std::string(kind) + (f.rule.empty() ? "" : " " + std::string(f.rule)) + " since " + f.since.ToIso() +
           " days " + std::to_string(f.days);
  }
  return out;
}

struct FlagCase {
  const char* name;
  std::vector<Ev> events;
  std::vector<Sentence> sentences;
  const char* today;
  const char* flags;  // Describe() of the expected flags
};

TEST(ComputeFlags, RaisesWhatAResearcherMustActOn) {
  const std::vector<FlagCase> cases = {
      {"Xu Zhiyong released on time", XuZhiyong(true), XuSentence(), "2020-01-01", ""},
      {"Xu Zhiyong with no release recorded", XuZhiyong(false), XuSentence(), "2018-01-01",
       "expected_release_passed since 2017-07-15 days 170"},
      {"expected release is today", XuZhiyong(false), XuSentence(), "2017-07-15", ""},
      {"paroled before the expected release", [] {
         std::vector<Ev> evs = XuZhiyong(false);
         evs.push_back({T::kParole, "2016-05-01"});
         return evs;
       }(),
       XuSentence(), "2018-01-01", ""},
      {"released without charge before the verdict does not count as release", [] {
         std::vector<Ev> evs = {{T::kCriminalDetention, "2013-07-16"},
                                {T::kReleasedWithoutCharge, "2013-07-20"},
                                {T::kCriminalDetention, "2013-07-25"},
                                {T::kArrestApproved, "2013-08-22"},
                                {T::kVerdict, "2014-01-26"}};
         return evs;
       }(),
       {Sent("2014-01-26", TermKind::kFixed, 1)}, "2016-01-01",
       "expected_release_passed since 2014-07-20 days 530"},
      {"taken away 60 days ago with no news", {{T::kTakenAway, "2013-07-16"}}, {}, "2013-09-14",
       "whereabouts_unknown since 2013-07-16 days 60"},
      {"taken away 30 days ago", {{T::kTakenAway, "2013-07-16"}}, {}, "2013-08-15", ""},
      {"taken away, whereabouts known", {{T::kTakenAway, "2013-07-16", 0, TriState::kYes}}, {}, "2013-09-14", ""},
      {"detention with no arrest decision", {{T::kCriminalDetention, "2013-07-16"}}, {}, "2013-09-01",
       "deadline_passed arrest_approval since 2013-08-22 days 10"},
      {"detention known only to the month starts no clock", {{T::kCriminalDetention, "2013-07"}}, {}, "2014-01-01",
       ""},
  };
  for (const FlagCase& c : cases) {
    const std::vector<LegalEvent> events = Events(c.events);
    const std::vector<CaseFlag> got = ComputeFlags(events, c.sentences, Day(c.today));
    EXPECT_EQ(Describe(got), c.flags) << c.name << ": " << Describe(c.events) << " / " << Describe(c.sentences)
                                      << " / today " << c.today;
  }
}

TEST(ComputeFlags, HonoursTheWhereaboutsThreshold) {
  const std::vector<LegalEvent> events = Events({{T::kDisappeared, "2013-07-16"}});
  EXPECT_TRUE(ComputeFlags(events, {}, Day("2013-07-26"), 10).empty());
  EXPECT_EQ(ComputeFlags(events, {}, Day("2013-07-27"), 10).size(), 1u);
}

// The whole of Xu Zhiyong's case, as issue 3 asks to see it.
TEST(CaseStatus, XuZhiyongIsReleasedOnHisExpectedReleaseDateWithEveryDeadlineMet) {
  const std::vector<LegalEvent> events = Events(XuZhiyong(true));
  const std::vector<Sentence> sentences = XuSentence();
  const CivilDay today = Day("2020-01-01");

  const DerivedStatus status = DeriveStatus(events, sentences, today);
  EXPECT_EQ(status.status, S::kReleased);
  ASSERT_TRUE(status.as_of.has_value());
  EXPECT_EQ(status.as_of->ToString(), "2017-07-15");

  const std::optional<ExpectedRelease> release = ComputeExpectedRelease(events, sentences);
  ASSERT_TRUE(release.has_value());
  EXPECT_EQ(release->date.ToIso(), "2017-07-15");
  EXPECT_EQ(release->basis, "4 years from criminal detention on 2013-07-16 (Criminal Law art. 47)");

  std::string deadlines;
  for (const Deadline& d : ComputeDeadlines(events, today)) {
    deadlines += std::string(d.rule) + " " + d.started.ToIso() + "->" + d.due.ToIso() + " met " +
                 (d.met_on ? d.met_on->ToIso() : "-") + (d.overdue ? " overdue" : "") + "\n";
  }
  EXPECT_EQ(deadlines,
            "arrest_approval 2013-07-16->2013-08-22 met 2013-08-22\n"
            "investigation_after_arrest 2013-08-22->2013-10-22 met 2013-12-13\n"
            "first_instance_verdict 2013-12-13->2014-03-13 met 2014-01-26\n");
  EXPECT_TRUE(ComputeFlags(events, sentences, today).empty());

  const std::vector<LegalEvent> held = Events(XuZhiyong(false));
  EXPECT_EQ(DeriveStatus(held, sentences, Day("2018-01-01")).status, S::kDetainedSentenced);
}

}  // namespace
}  // namespace readout::core
