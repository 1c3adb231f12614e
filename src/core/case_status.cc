#include "core/case_status.h"

#include <algorithm>
#include <array>
#include <cstddef>

namespace readout::core {
namespace {

using T = LegalEventType;

// ---------------------------------------------------------------------------
// Calendar arithmetic.

int DaysInMonth(int year, int month) {
  for (int day = 31; day > 28; --day) {
    if (IsValidCivilDay(year, month, day)) return day;
  }
  return 28;
}

CivilDay AddDays(const CivilDay& day, long days) { return CivilFromDays(DaysFromCivil(day) + days); }

long DaysBetween(const CivilDay& from, const CivilDay& to) { return DaysFromCivil(to) - DaysFromCivil(from); }

// The same day `months` later; when that month is shorter, its last day
// (2013-01-31 + 1 month = 2013-02-28). Used for sentence terms.
CivilDay AddMonthsClamped(const CivilDay& day, int months) {
  const int index = day.year * 12 + (day.month - 1) + months;
  CivilDay out;
  out.year = index / 12;
  out.month = index % 12 + 1;
  out.day = std::min(day.day, DaysInMonth(out.year, out.month));
  return out;
}

// Procedural periods counted in months end on the same day of the later
// month; a period that starts on the last day of a month ends on the last day
// of the later month (2013-04-30 + 1 month = 2013-05-31), and when the same
// day does not exist, on the last day (2013-01-31 + 1 month = 2013-02-28).
// This is the counting rule the courts and police apply to CPL periods; it
// never gives an earlier day than AddMonthsClamped, so it never flags early.
CivilDay AddMonthsProcedural(const CivilDay& day, int months) {
  CivilDay out = AddMonthsClamped(day, months);
  if (day.day == DaysInMonth(day.year, day.month)) out.day = DaysInMonth(out.year, out.month);
  return out;
}

// A date starts a clock or counts as custody only when it names one day.
std::optional<CivilDay> ExactDay(const PartialDate& date) {
  const std::optional<CivilDay> earliest = date.EarliestDay();
  const std::optional<CivilDay> latest = date.LatestDay();
  if (!earliest || !latest || *earliest != *latest) return std::nullopt;
  return earliest;
}

// The day an event that ends something happened: its earliest day, or its
// latest when only that is known ("../2014"); nullopt for no date at all.
std::optional<CivilDay> EndingDay(const PartialDate& date) {
  if (std::optional<CivilDay> d = date.EarliestDay()) return d;
  return date.LatestDay();
}

// Events ordered by (earliest day, sequence); undated events last; ties keep
// the caller's order.
std::vector<const LegalEvent*> Ordered(std::span<const LegalEvent> events) {
  std::vector<const LegalEvent*> out;
  out.reserve(events.size());
  for (const LegalEvent& e : events) out.push_back(&e);
  std::stable_sort(out.begin(), out.end(), [](const LegalEvent* a, const LegalEvent* b) {
    const std::optional<CivilDay> da = a->date.EarliestDay();
    const std::optional<CivilDay> db = b->date.EarliestDay();
    if (da.has_value() != db.has_value()) return da.has_value();
    if (da && *da != *db) return *da < *db;
    return a->sequence < b->sequence;
  });
  return out;
}

bool IsOneOf(LegalEventType type, std::span<const LegalEventType> types) {
  return std::find(types.begin(), types.end(), type) != types.end();
}

// The sentence a verdict, appeal ruling or release refers to: the last in the
// case's list (first instance first) whose date does not begin after the
// event's date. Undated sentences and undated events always match.
const Sentence* SentenceFor(const LegalEvent& event, std::span<const Sentence> sentences) {
  const std::optional<CivilDay> event_latest = event.date.LatestDay();
  const Sentence* found = nullptr;
  for (const Sentence& s : sentences) {
    const std::optional<CivilDay> s_earliest = s.date ? s.date->EarliestDay() : std::nullopt;
    if (event_latest && s_earliest && *s_earliest > *event_latest) continue;
    found = &s;
  }
  return found;
}

// ---------------------------------------------------------------------------
// Status: one row per legal event type. docs/legal-rules.md mirrors this table.

enum class Effect {
  kSet,                // always `status`
  kTakenAway,          // whereabouts_unknown; detained_extralegal when whereabouts_known == yes
  kCourtStep,          // detained_pretrial, except that someone free or on bail stays so
  kVerdict,            // from the sentence: custodial -> detained_sentenced, none -> released_restricted;
                       // no sentence recorded -> keeps the current status (or `status`)
  kCompletion,         // released; released_restricted while political rights are still deprived
  kKeep,               // keeps the current status; `status` when there is none yet
  kRestrictIfFree,     // released_restricted when free or unknown; keeps any other status
};

struct StatusRule {
  LegalEventType type;
  Effect effect;
  CaseStatus status;
};

using S = CaseStatus;

// In LegalEventType declaration order, so the row for a type is its index.
constexpr std::array<StatusRule, 27> kStatusRules = {{
    {T::kTakenAway, Effect::kTakenAway, S::kWhereaboutsUnknown},
    {T::kDisappeared, Effect::kTakenAway, S::kWhereaboutsUnknown},
    {T::kAdministrativeDetention, Effect::kSet, S::kDetainedExtralegal},  // outside the criminal process
    {T::kCriminalDetention, Effect::kSet, S::kDetainedPretrial},
    {T::kRsdl, Effect::kSet, S::kDetainedExtralegal},  // DESIGN §3: RSDL is listed as extralegal
    {T::kResidentialSurveillance, Effect::kSet, S::kReleasedRestricted},  // at home, like bail
    {T::kBailPendingTrial, Effect::kSet, S::kReleasedRestricted},
    {T::kArrestApproved, Effect::kSet, S::kDetainedPretrial},
    {T::kIndictment, Effect::kCourtStep, S::kDetainedPretrial},
    {T::kTrial, Effect::kCourtStep, S::kDetainedPretrial},
    {T::kVerdict, Effect::kVerdict, S::kUnknown},
    {T::kAppealFiled, Effect::kCourtStep, S::kDetainedPretrial},  // first-instance judgment not yet in force
    {T::kAppealRuling, Effect::kVerdict, S::kUnknown},
    {T::kPrisonTransfer, Effect::kKeep, S::kDetainedSentenced},
    {T::kSentenceReduction, Effect::kKeep, S::kDetainedSentenced},
    {T::kParole, Effect::kSet, S::kReleasedRestricted},
    {T::kMedicalParole, Effect::kSet, S::kReleasedRestricted},
    {T::kReleasedOnCompletion, Effect::kCompletion, S::kReleased},
    {T::kReleasedWithoutCharge, Effect::kSet, S::kReleased},
    {T::kDeprivationOfPoliticalRights, Effect::kRestrictIfFree, S::kReleasedRestricted},
    {T::kHouseArrest, Effect::kSet, S::kDetainedExtralegal},
    {T::kPsychiatricCommitment, Effect::kSet, S::kDetainedExtralegal},
    {T::kReeducationThroughLabor, Effect::kSet, S::kDetainedExtralegal},
    {T::kExitBan, Effect::kRestrictIfFree, S::kReleasedRestricted},
    {T::kExiled, Effect::kSet, S::kExiled},
    {T::kDeath, Effect::kSet, S::kDeceased},
    {T::kDeathInCustody, Effect::kSet, S::kDeceasedInCustody},
}};

bool IsFree(CaseStatus s) { return s == S::kReleased || s == S::kReleasedRestricted || s == S::kUnknown; }

bool IsCustodial(TermKind kind) {
  return kind == TermKind::kFixed || kind == TermKind::kLife || kind == TermKind::kDeath ||
         kind == TermKind::kDeathSuspended;
}

// Deprivation of political rights runs from the day of release (Criminal Law art. 58).
bool PoliticalRightsStillDeprived(const LegalEvent& release, const Sentence* sentence, CivilDay today) {
  if (sentence == nullptr || sentence->political_rights_years <= 0) return false;
  const std::optional<CivilDay> released = EndingDay(release.date);
  if (!released) return true;  // cannot tell when it ends; assume it still runs
  return today < AddMonthsClamped(*released, sentence->political_rights_years * 12);
}

CaseStatus Apply(const LegalEvent& e, CaseStatus current, std::span<const Sentence> sentences, CivilDay today) {
  const StatusRule& rule = kStatusRules[static_cast<std::size_t>(e.type)];
  switch (rule.effect) {
    case Effect::kSet:
      return rule.status;
    case Effect::kTakenAway:
      return e.whereabouts_known == TriState::kYes ? S::kDetainedExtralegal : S::kWhereaboutsUnknown;
    case Effect::kCourtStep:
      // An indictment or a trial does not itself take anyone into custody.
      if (current == S::kReleased || current == S::kReleasedRestricted || current == S::kExiled) return current;
      return rule.status;
    case Effect::kVerdict: {
      const Sentence* s = SentenceFor(e, sentences);
      if (s == nullptr) return current != S::kUnknown ? current : rule.status;
      return IsCustodial(s->term.kind) ? S::kDetainedSentenced : S::kReleasedRestricted;
    }
    case Effect::kCompletion:
      return PoliticalRightsStillDeprived(e, SentenceFor(e, sentences), today) ? S::kReleasedRestricted
                                                                                : S::kReleased;
    case Effect::kKeep:
      return current != S::kUnknown ? current : rule.status;
    case Effect::kRestrictIfFree:
      return IsFree(current) ? rule.status : current;
  }
  return current;
}

// ---------------------------------------------------------------------------
// Deadlines. Article numbers are those of the Criminal Procedure Law as
// amended in 2018; docs/legal-rules.md gives the 2012 numbers too.

constexpr LegalEventType kArrestApprovalEnds[] = {
    T::kArrestApproved,  T::kBailPendingTrial, T::kResidentialSurveillance, T::kRsdl, T::kReleasedWithoutCharge,
    T::kIndictment,      T::kTrial,            T::kVerdict,                 T::kExiled, T::kDeath,
    T::kDeathInCustody,
};
constexpr LegalEventType kSurveillanceEnds[] = {
    T::kCriminalDetention, T::kArrestApproved, T::kBailPendingTrial, T::kRsdl, T::kReleasedWithoutCharge,
    T::kIndictment,        T::kTrial,          T::kVerdict,          T::kExiled,
    T::kDeath,             T::kDeathInCustody,
};
constexpr LegalEventType kRsdlEnds[] = {
    T::kCriminalDetention, T::kArrestApproved, T::kBailPendingTrial, T::kResidentialSurveillance,
    T::kReleasedWithoutCharge, T::kIndictment, T::kTrial, T::kVerdict, T::kExiled, T::kDeath, T::kDeathInCustody,
};
constexpr LegalEventType kBailEnds[] = {
    T::kCriminalDetention, T::kArrestApproved, T::kRsdl,    T::kResidentialSurveillance,
    T::kReleasedWithoutCharge, T::kIndictment, T::kTrial, T::kVerdict, T::kExiled, T::kDeath, T::kDeathInCustody,
};
constexpr LegalEventType kInvestigationEnds[] = {
    T::kIndictment, T::kBailPendingTrial, T::kResidentialSurveillance, T::kReleasedWithoutCharge,
    T::kTrial,      T::kVerdict,          T::kExiled,                  T::kDeath,
    T::kDeathInCustody,
};
constexpr LegalEventType kFirstInstanceEnds[] = {
    T::kVerdict, T::kReleasedWithoutCharge, T::kExiled, T::kDeath, T::kDeathInCustody,
};
constexpr LegalEventType kAppealEnds[] = {
    T::kAppealRuling, T::kExiled, T::kDeath, T::kDeathInCustody,
};
constexpr LegalEventType kAdministrativeDetentionEnds[] = {
    T::kReleasedWithoutCharge, T::kCriminalDetention, T::kRsdl,  T::kArrestApproved,  T::kBailPendingTrial,
    T::kResidentialSurveillance, T::kReeducationThroughLabor, T::kExiled, T::kDeath, T::kDeathInCustody,
};

constexpr DeadlineRule kDeadlineRules[] = {
    {"arrest_approval", T::kCriminalDetention, kArrestApprovalEnds, 37, 0, "Criminal Procedure Law (2018) art. 91",
     "Within 37 days of criminal detention the procuratorate must approve an arrest, or the detainee must be "
     "released or put under another measure (up to 30 days to request approval and 7 days to decide)."},
    {"rsdl_limit", T::kRsdl, kRsdlEnds, 0, 6, "Criminal Procedure Law (2018) art. 79",
     "Residential surveillance at a designated location may last at most 6 months."},
    {"residential_surveillance_limit", T::kResidentialSurveillance, kSurveillanceEnds, 0, 6,
     "Criminal Procedure Law (2018) art. 79", "Residential surveillance may last at most 6 months."},
    {"bail_limit", T::kBailPendingTrial, kBailEnds, 0, 12, "Criminal Procedure Law (2018) art. 79",
     "Bail pending trial may last at most 12 months."},
    {"investigation_after_arrest", T::kArrestApproved, kInvestigationEnds, 0, 2,
     "Criminal Procedure Law (2018) art. 156",
     "Custody for investigation after arrest may last 2 months unless extended (arts. 157-159)."},
    {"first_instance_verdict", T::kIndictment, kFirstInstanceEnds, 0, 3, "Criminal Procedure Law (2018) art. 208",
     "The court of first instance must pronounce judgment within 2 months of accepting a public prosecution, "
     "at most 3, unless a higher court extends it."},
    {"appeal_ruling", T::kAppealFiled, kAppealEnds, 0, 2, "Criminal Procedure Law (2018) art. 243",
     "The court of second instance must conclude an appeal within 2 months unless extended."},
    {"administrative_detention_limit", T::kAdministrativeDetention, kAdministrativeDetentionEnds, 20, 0,
     "Public Security Administration Punishments Law art. 16",
     "Administrative detention may last at most 15 days for one act and 20 days for several combined."},
};

CivilDay DueDate(const DeadlineRule& rule, const CivilDay& started) {
  return rule.months > 0 ? AddMonthsProcedural(started, rule.months) : AddDays(started, rule.days);
}

// ---------------------------------------------------------------------------
// Expected release.

// The last day of a term that begins on `start` (its first day): the day
// before the same day `years` and `months` later, then `days` more. When that
// month has no such day, the months end on its last day (a month from
// 2013-01-31 ends on 2013-02-28), as a calendar month is counted in law.
CivilDay TermEnd(const CivilDay& start, const SentenceTerm& term) {
  const CivilDay same_day = AddMonthsClamped(start, term.years * 12 + term.months);
  const bool day_exists = same_day.day == start.day;
  return AddDays(same_day, term.days - (day_exists ? 1 : 0));
}

enum class Credit { kFull, kHalf, kNone };

// How custody that begins or continues with an event counts towards a term,
// or nullopt when the event does not change it.
std::optional<Credit> CreditFrom(LegalEventType type) {
  switch (type) {
    case T::kTakenAway:
    case T::kCriminalDetention:
    case T::kArrestApproved:
    case T::kIndictment:
    case T::kTrial:
      return Credit::kFull;
    case T::kRsdl:
      return Credit::kHalf;
    case T::kBailPendingTrial:
    case T::kResidentialSurveillance:
    case T::kReleasedWithoutCharge:
      return Credit::kNone;
    default:
      return std::nullopt;
  }
}

bool EndsPretrialCustody(LegalEventType type) {
  return type == T::kVerdict || type == T::kAppealFiled || type == T::kAppealRuling ||
         type == T::kPrisonTransfer || type == T::kSentenceReduction || type == T::kParole ||
         type == T::kMedicalParole || type == T::kReleasedOnCompletion || type == T::kDeath ||
         type == T::kDeathInCustody || type == T::kExiled;
}

bool StartsCustody(LegalEventType type) {
  return type == T::kTakenAway || type == T::kCriminalDetention || type == T::kRsdl || type == T::kArrestApproved;
}

std::string TermText(const SentenceTerm& term) {
  std::string out;
  auto part = [&out](int n, const char* one, const char* many) {
    if (n == 0) return;
    if (!out.empty()) out += ' ';
    out += std::to_string(n) + ' ' + (n == 1 ? one : many);
  };
  part(term.years, "year", "years");
  part(term.months, "month", "months");
  part(term.days, "day", "days");
  return out.empty() ? "0 days" : out;
}

std::string EventWords(LegalEventType type) {
  switch (type) {
    case T::kTakenAway:
      return "being taken away";
    case T::kCriminalDetention:
      return "criminal detention";
    case T::kRsdl:
      return "residential surveillance at a designated location";
    case T::kArrestApproved:
      return "arrest";
    default:
      return std::string(ToCode(type));
  }
}

struct ReleaseDetail {
  ExpectedRelease release;
  std::size_t custody_start = 0;  // index into the ordered events
};

std::optional<ReleaseDetail> ComputeRelease(const std::vector<const LegalEvent*>& ordered,
                                            std::span<const Sentence> sentences) {
  if (sentences.empty()) return std::nullopt;
  const Sentence& sentence = sentences.back();  // a retrial's sentence replaces the first
  if (sentence.term.kind != TermKind::kFixed) return std::nullopt;

  // The first custody event known to the day.
  std::size_t first = ordered.size();
  bool earlier_inexact = false;
  for (std::size_t i = 0; i < ordered.size(); ++i) {
    if (!StartsCustody(ordered[i]->type)) continue;
    if (ExactDay(ordered[i]->date)) {
      first = i;
      break;
    }
    earlier_inexact = true;
  }
  if (first == ordered.size()) return std::nullopt;

  // Walk custody up to the verdict in segments: pre-trial custody counts one
  // day for one (Criminal Law art. 47), RSDL two days for one (CPL art. 76),
  // bail and surveillance at home not at all.
  CivilDay anchor = *ExactDay(ordered[first]->date);
  Credit mode = *CreditFrom(ordered[first]->type);
  long credited = 0, rsdl_days = 0, uncredited_days = 0;
  for (std::size_t i = first + 1; i < ordered.size(); ++i) {
    const LegalEvent& e = *ordered[i];
    const std::optional<CivilDay> day = ExactDay(e.date);
    std::optional<Credit> next = CreditFrom(e.type);
    const bool ends = EndsPretrialCustody(e.type);
    if (ends) next = Credit::kFull;  // serving the sentence from here
    // A court step ends RSDL but takes no one on bail into custody.
    if ((e.type == T::kIndictment || e.type == T::kTrial) && mode == Credit::kNone) continue;
    if (!next || *next == mode || !day) {
      if (ends) break;
      continue;
    }
    const long span = DaysBetween(anchor, *day);
    if (mode == Credit::kFull) credited += span;
    if (mode == Credit::kHalf) {
      credited += span / 2;
      rsdl_days += span;
    }
    if (mode == Credit::kNone) uncredited_days += span;
    anchor = *day;
    mode = *next;
    if (ends) break;
  }
  const bool reductions = std::any_of(ordered.begin(), ordered.end(), [](const LegalEvent* e) {
    return e->type == T::kSentenceReduction;
  });
  // Still in RSDL or at liberty with no dated end: the start of the term is not known to the day.
  if (mode != Credit::kFull) return std::nullopt;

  const CivilDay start = AddDays(anchor, -credited);
  const CivilDay end = TermEnd(start, sentence.term);

  const LegalEvent& first_event = *ordered[first];
  std::string basis = TermText(sentence.term) + " from " + EventWords(first_event.type) + " on " +
                      ExactDay(first_event.date)->ToIso() + " (Criminal Law art. 47)";
  if (rsdl_days > 0) {
    basis += "; " + std::to_string(rsdl_days) + " days of residential surveillance at a designated location count as " +
             std::to_string(rsdl_days / 2) + " (Criminal Procedure Law art. 76)";
  }
  if (uncredited_days > 0) {
    basis += "; " + std::to_string(uncredited_days) + " days on bail or out of custody do not count";
  }
  if (earlier_inexact) basis += "; an earlier custody event is not dated to the day, so release may be earlier";
  if (reductions) basis += "; sentence reductions are recorded without their length and are not applied";
  return ReleaseDetail{ExpectedRelease{end, std::move(basis)}, first};
}

bool IsReleaseOrEnd(LegalEventType type) {
  return type == T::kReleasedOnCompletion || type == T::kReleasedWithoutCharge || type == T::kParole ||
         type == T::kMedicalParole || type == T::kDeath || type == T::kDeathInCustody || type == T::kExiled;
}

}  // namespace

DerivedStatus DeriveStatus(std::span<const LegalEvent> events, std::span<const Sentence> sentences,
                           CivilDay today) {
  DerivedStatus out;
  for (const LegalEvent* e : Ordered(events)) {
    // Nothing after a death changes the status (a posthumous verdict, say).
    if (out.status == S::kDeceased || out.status == S::kDeceasedInCustody) break;
    const CaseStatus next = Apply(*e, out.status, sentences, today);
    if (next == out.status) continue;  // as_of stays at the event that began the status
    out.status = next;
    if (e->date.EarliestDay() || e->date.LatestDay()) {
      out.as_of = e->date;
    } else {
      out.as_of.reset();
    }
  }
  return out;
}

std::optional<ExpectedRelease> ComputeExpectedRelease(std::span<const LegalEvent> events,
                                                      std::span<const Sentence> sentences) {
  std::optional<ReleaseDetail> detail = ComputeRelease(Ordered(events), sentences);
  if (!detail) return std::nullopt;
  return std::move(detail->release);
}

std::span<const DeadlineRule> DeadlineRules() { return kDeadlineRules; }

std::vector<Deadline> ComputeDeadlines(std::span<const LegalEvent> events, CivilDay today) {
  const std::vector<const LegalEvent*> ordered = Ordered(events);
  std::vector<Deadline> out;
  for (std::size_t i = 0; i < ordered.size(); ++i) {
    const std::optional<CivilDay> started = ExactDay(ordered[i]->date);
    if (!started) continue;  // a month or a year does not start a clock
    for (const DeadlineRule& rule : kDeadlineRules) {
      if (ordered[i]->type != rule.starts_on) continue;
      Deadline d;
      d.rule = rule.code;
      d.started = *started;
      d.due = DueDate(rule, *started);
      for (std::size_t j = i + 1; j < ordered.size(); ++j) {
        if (!IsOneOf(ordered[j]->type, rule.ends_on)) continue;
        if (std::optional<CivilDay> ended = EndingDay(ordered[j]->date)) {
          d.met_on = *ended;
          break;
        }
      }
      d.overdue = !d.met_on && d.due < today;
      out.push_back(d);
    }
  }
  return out;
}

std::vector<CaseFlag> ComputeFlags(std::span<const LegalEvent> events, std::span<const Sentence> sentences,
                                   CivilDay today, int whereabouts_unknown_days) {
  std::vector<CaseFlag> out;
  for (const Deadline& d : ComputeDeadlines(events, today)) {
    if (d.overdue) out.push_back({CaseFlagKind::kDeadlinePassed, d.rule, d.due, DaysBetween(d.due, today)});
  }

  const std::vector<const LegalEvent*> ordered = Ordered(events);
  if (std::optional<ReleaseDetail> r = ComputeRelease(ordered, sentences); r && r->release.date < today) {
    // A release (or death, exile) counts when recorded after the last verdict,
    // or after the start of custody when no verdict is recorded.
    std::size_t after = r->custody_start;
    for (std::size_t i = 0; i < ordered.size(); ++i) {
      if (ordered[i]->type == T::kVerdict) after = std::max(after, i);
    }
    bool released = false;
    for (std::size_t i = after + 1; i < ordered.size(); ++i) released = released || IsReleaseOrEnd(ordered[i]->type);
    if (!released) {
      out.push_back({CaseFlagKind::kExpectedReleasePassed, {}, r->release.date,
                     DaysBetween(r->release.date, today)});
    }
  }

  const DerivedStatus status = DeriveStatus(events, sentences, today);
  if (status.status == S::kWhereaboutsUnknown && status.as_of) {
    if (std::optional<CivilDay> since = status.as_of->EarliestDay()) {
      const long days = DaysBetween(*since, today);
      if (days > whereabouts_unknown_days) out.push_back({CaseFlagKind::kWhereaboutsUnknown, {}, *since, days});
    }
  }
  return out;
}

}  // namespace readout::core
