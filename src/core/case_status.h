// What the record says about a case, derived from its legal events and
// sentences and never typed in: its status with an as-of date, the legal
// deadlines of the PRC Criminal Procedure Law along the way, the expected
// release date, and the flags a researcher must act on.
//
// The deadline rules live in one table (DeadlineRules()), each with the
// article it comes from; docs/legal-rules.md explains them. All functions
// are pure: `today` is passed in, so results are reproducible in tests.
//
// Thread-safety: pure functions over values.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/case_entities.h"
#include "core/partial_date.h"

namespace readout::core {

struct DerivedStatus {
  CaseStatus status = CaseStatus::kUnknown;
  std::optional<PartialDate> as_of;   // the date of the event that determines it
};

// `events` in any order; they are ordered by (earliest date, sequence).
DerivedStatus DeriveStatus(std::span<const LegalEvent> events, std::span<const Sentence> sentences,
                           CivilDay today);

struct ExpectedRelease {
  CivilDay date;
  std::string basis;                  // e.g. "4 years from criminal detention on 2013-07-16 (Criminal Law art. 47)"
};

// For a fixed term: the day before the term, counted from the first day of
// custody, ends (pre-trial detention counts one day for one day, Criminal
// Law art. 47; RSDL two days for one, Criminal Procedure Law art. 76; see
// docs/legal-rules.md). nullopt for life, death, no
// sentence, or when the start of custody is not known to the day.
std::optional<ExpectedRelease> ComputeExpectedRelease(std::span<const LegalEvent> events,
                                                      std::span<const Sentence> sentences);

struct DeadlineRule {
  std::string_view code;              // "arrest_approval"
  LegalEventType starts_on;           // the event that starts the clock
  std::span<const LegalEventType> ends_on;  // events that satisfy or end it
  int days = 0;                       // limit in days, or
  int months = 0;                     // in months (calendar)
  std::string_view article;           // "Criminal Procedure Law (2018) art. 91"
  std::string_view summary;           // English sentence for docs and tests; pages use i18n ids
};

std::span<const DeadlineRule> DeadlineRules();

struct Deadline {
  std::string_view rule;              // DeadlineRule::code
  CivilDay started;
  CivilDay due;
  std::optional<CivilDay> met_on;     // when an ending event happened
  bool overdue = false;               // not met and due < today
};

std::vector<Deadline> ComputeDeadlines(std::span<const LegalEvent> events, CivilDay today);

enum class CaseFlagKind {
  kDeadlinePassed,          // a rule's deadline passed with no ending event
  kExpectedReleasePassed,   // expected release passed and no release recorded
  kWhereaboutsUnknown,      // whereabouts unknown for more than the threshold
};

struct CaseFlag {
  CaseFlagKind kind;
  std::string_view rule;              // for kDeadlinePassed
  CivilDay since;
  long days = 0;                      // how many days overdue / unknown
};

std::vector<CaseFlag> ComputeFlags(std::span<const LegalEvent> events, std::span<const Sentence> sentences,
                                   CivilDay today, int whereabouts_unknown_days = 30);

}  // namespace readout::core
