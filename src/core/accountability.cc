#include "core/accountability.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <span>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "core/accountability_codec.h"
#include "core/case_codec.h"
#include "core/entity_codec.h"

namespace readout::core {
namespace {

// ---- Loading ----------------------------------------------------------------

constexpr std::int64_t kPage = 1000;  // the store's largest page

Error BadBody(std::string_view id, const Error& error) {
  return Error::Internal("stored record " + std::string(id) + " does not decode: " + error.message);
}

// Every record matching `query` (all pages).
Result<std::vector<StoredRecord>> ListAll(RecordService& records, ListQuery query, Visibility reader) {
  std::vector<StoredRecord> out;
  query.limit = kPage;
  query.offset = 0;
  while (true) {
    auto page = records.List(query, reader);
    if (!page) return Fail(page.error());
    const std::size_t got = page->records.size();
    for (StoredRecord& r : page->records) out.push_back(std::move(r));
    query.offset += static_cast<std::int64_t>(got);
    if (got == 0 || query.offset >= page->total) break;
  }
  return out;
}

// How LoadDialogueFacts reads records under many parents (asks under 20
// rounds, events under 5,000 cases) or by many ids: one query per parent or
// id costs more than reading the whole kind and filtering, as long as the
// kind holds at most kWholeKindFactor records per one wanted. One COUNT
// decides; with kFewParents or fewer it is one query each. Both ways return
// the same records. Measured in docs/performance.md, "Accountability views".
constexpr std::size_t kFewParents = 8;
constexpr std::int64_t kWholeKindFactor = 6;

Result<bool> ReadWholeKind(RecordService& records, RecordKind kind, std::size_t wanted, Visibility reader) {
  if (wanted <= kFewParents) return false;
  ListQuery count;
  count.kind = kind;
  count.limit = 1;
  auto page = records.List(count, reader);
  if (!page) return Fail(page.error());
  return page->total <= static_cast<std::int64_t>(wanted) * kWholeKindFactor;
}

// Records of `kind` whose parent is one of `parents`.
Result<std::vector<StoredRecord>> ListUnder(RecordService& records, RecordKind kind,
                                            const std::vector<std::string>& parents, Visibility reader) {
  std::vector<StoredRecord> out;
  if (parents.empty()) return out;
  Result<bool> whole_kind = ReadWholeKind(records, kind, parents.size(), reader);
  if (!whole_kind) return Fail(whole_kind.error());
  if (*whole_kind) {
    const std::unordered_set<std::string> wanted(parents.begin(), parents.end());
    ListQuery q;
    q.kind = kind;
    auto all = ListAll(records, q, reader);
    if (!all) return Fail(all.error());
    for (StoredRecord& r : *all) {
      if (wanted.contains(r.header.parent_id)) out.push_back(std::move(r));
    }
    return out;
  }
  for (const std::string& parent : parents) {
    ListQuery q;
    q.kind = kind;
    q.parent_id = parent;
    auto some = ListAll(records, q, reader);
    if (!some) return Fail(some.error());
    for (StoredRecord& r : *some) out.push_back(std::move(r));
  }
  return out;
}

// Records of `kind` with the given ids that `reader` may see (missing,
// deleted and invisible ones are left out: a view shows what it can).
Result<std::vector<StoredRecord>> GetMany(RecordService& records, RecordKind kind, const std::vector<std::string>& ids,
                                          Visibility reader) {
  std::vector<StoredRecord> out;
  if (ids.empty()) return out;
  const std::unordered_set<std::string> wanted(ids.begin(), ids.end());
  Result<bool> whole_kind = ReadWholeKind(records, kind, wanted.size(), reader);
  if (!whole_kind) return Fail(whole_kind.error());
  if (*whole_kind) {
    ListQuery q;
    q.kind = kind;
    auto all = ListAll(records, q, reader);
    if (!all) return Fail(all.error());
    for (StoredRecord& r : *all) {
      if (wanted.contains(r.header.id)) out.push_back(std::move(r));
    }
    return out;
  }
  for (const std::string& id : wanted) {
    auto got = records.Get(id, reader);
    if (!got) {
      if (got.error().code == ErrorCode::kNotFound) continue;
      return Fail(got.error());
    }
    if (got->header.kind != kind) continue;
    out.push_back(std::move(*got));
  }
  return out;
}

template <typename T, typename Decode>
Status DecodeAll(std::vector<StoredRecord>& stored, Decode decode, std::vector<Identified<T>>& out) {
  out.reserve(out.size() + stored.size());
  for (StoredRecord& r : stored) {
    Result<T> value = decode(r.body);
    if (!value) return Fail(BadBody(r.header.id, value.error()));
    out.push_back({std::move(r.header.id), std::move(*value)});
  }
  return {};
}

// Sort key of a date: its earliest day, undated last.
std::tuple<bool, CivilDay> DateKey(const std::optional<PartialDate>& date) {
  std::optional<CivilDay> day = date ? date->EarliestDay() : std::nullopt;
  return {!day.has_value(), day.value_or(CivilDay{})};
}
std::tuple<bool, CivilDay> DateKey(const PartialDate& date) { return DateKey(std::optional<PartialDate>(date)); }

BilingualText PrimaryName(const Person& person) {
  BilingualText out;
  auto put = [&](const NameVariant& n) {
    std::string* slot = n.script == Script::kHans ? &out.zh_hans : n.script == Script::kHant ? &out.zh_hant : &out.en;
    if (slot->empty()) *slot = n.text;
  };
  for (const NameVariant& n : person.names) {
    if (n.primary) put(n);
  }
  for (const NameVariant& n : person.names) {
    if (n.script == Script::kLatn || n.script == Script::kHans || n.script == Script::kHant) put(n);
  }
  if (out.empty() && !person.names.empty()) out.en = person.names.front().text;
  return out;
}

// ---- Views: shared helpers ----------------------------------------------------

std::optional<CivilDay> LastDay(const Round& round) {
  std::optional<CivilDay> day = round.dates.LatestDay();
  return day ? day : round.dates.EarliestDay();
}

// The day an event counts from in an "as of" cut: its earliest day, else its latest.
std::optional<CivilDay> EventDay(const PartialDate& date) {
  std::optional<CivilDay> day = date.EarliestDay();
  return day ? day : date.LatestDay();
}

CivilDay AddDays(CivilDay day, long days) { return CivilFromDays(DaysFromCivil(day) + days); }

CivilDay AddMonths(CivilDay day, int months) {
  int index = day.year * 12 + (day.month - 1) + months;
  CivilDay out{index / 12, index % 12 + 1, day.day};
  while (out.day > 28 && !IsValidCivilDay(out.year, out.month, out.day)) --out.day;
  return out;
}

long DaysBetween(CivilDay from, CivilDay to) { return DaysFromCivil(to) - DaysFromCivil(from); }

int RoundIndex(const DialogueFacts& facts, std::string_view round_id) {
  for (std::size_t i = 0; i < facts.rounds.size(); ++i) {
    if (facts.rounds[i].id == round_id) return static_cast<int>(i);
  }
  return -1;
}

RatingChange Compare(AssessmentRating previous, AssessmentRating current) {
  std::optional<int> now = ProgressRank(current);
  if (!now) return RatingChange::kNone;
  std::optional<int> before = ProgressRank(previous);
  if (!before) return previous == AssessmentRating::kNotAssessed ? RatingChange::kFirstRated : RatingChange::kNone;
  if (*now > *before) return RatingChange::kImproved;
  if (*now < *before) return RatingChange::kWorsened;
  return RatingChange::kUnchanged;
}

// Approved round assessments of each benchmark: benchmark id -> round index ->
// the assessment. Two approved assessments of one benchmark at one round
// should not exist; if they do, the greater id wins, so the view is stable.
using RoundRatings = std::unordered_map<std::string, std::map<int, const Identified<Assessment>*>>;

RoundRatings ApprovedRoundRatings(const DialogueFacts& facts) {
  std::unordered_map<std::string, int> round_index;
  for (std::size_t i = 0; i < facts.rounds.size(); ++i) round_index[facts.rounds[i].id] = static_cast<int>(i);
  RoundRatings out;
  for (const Identified<Assessment>& a : facts.assessments) {
    if (a.value.state != ReviewState::kApproved || a.value.round_id.empty()) continue;
    auto r = round_index.find(a.value.round_id);
    if (r == round_index.end()) continue;
    const Identified<Assessment>*& slot = out[a.value.benchmark_id][r->second];
    if (slot == nullptr || slot->id < a.id) slot = &a;
  }
  return out;
}

// When each benchmark was first given an approved "met" rating: the last day
// of the round rated met, or the earliest day of a dated assessment. A met
// rating with no usable day still says the benchmark is met: it counts as
// met since always.
std::unordered_map<std::string, CivilDay> MetOn(const DialogueFacts& facts) {
  std::unordered_map<std::string, std::optional<CivilDay>> round_day;
  for (const auto& r : facts.rounds) round_day[r.id] = LastDay(r.value);
  std::unordered_map<std::string, CivilDay> out;
  for (const Identified<Assessment>& a : facts.assessments) {
    if (a.value.state != ReviewState::kApproved || a.value.rating != AssessmentRating::kMet) continue;
    std::optional<CivilDay> day;
    if (!a.value.round_id.empty()) {
      if (auto it = round_day.find(a.value.round_id); it != round_day.end()) day = it->second;
    } else if (a.value.date) {
      day = a.value.date->EarliestDay();
    }
    const CivilDay when = day.value_or(CivilDay{-9999, 1, 1});
    auto [it, added] = out.emplace(a.value.benchmark_id, when);
    if (!added && when < it->second) it->second = when;
  }
  return out;
}

bool InWindow(std::optional<CivilDay> day, CivilDay after, CivilDay up_to) {
  return day && after < *day && *day <= up_to;
}

// The events of `c` dated up to `day` (undated ones are left out). Events
// are usually in date order (LoadDialogueFacts sorts them), so the cut is a
// prefix and costs no copy; otherwise the chosen events are copied to `scratch`.
std::span<const LegalEvent> EventsUpTo(const RaisedCase& c, CivilDay day, std::vector<LegalEvent>& scratch) {
  std::size_t kept = 0;
  bool prefix = true;
  for (std::size_t i = 0; i < c.events.size(); ++i) {
    std::optional<CivilDay> d = EventDay(c.events[i].date);
    if (!d || *d > day) continue;
    prefix = prefix && kept == i;
    ++kept;
  }
  if (prefix) return std::span<const LegalEvent>(c.events.data(), kept);
  scratch.clear();
  for (const LegalEvent& e : c.events) {
    std::optional<CivilDay> d = EventDay(e.date);
    if (d && *d <= day) scratch.push_back(e);
  }
  return scratch;
}

bool HasSubstantiveReply(const std::unordered_multimap<std::string, const Reply*>& replies, const std::string& ask_id) {
  auto [begin, end] = replies.equal_range(ask_id);
  for (auto it = begin; it != end; ++it) {
    if (IsSubstantive(it->second->reply_kind)) return true;
  }
  return false;
}

std::unordered_multimap<std::string, const Reply*> RepliesByAsk(const DialogueFacts& facts) {
  std::unordered_multimap<std::string, const Reply*> out;
  for (const Identified<Reply>& r : facts.replies) out.emplace(r.value.ask_id, &r.value);
  return out;
}

ScoreComponent Component(std::string_view code, double weight, int numerator, int denominator,
                         std::vector<std::string> input_ids) {
  ScoreComponent c;
  c.code = code;
  c.weight = weight;
  c.numerator = numerator;
  c.denominator = denominator;
  c.value = denominator > 0 ? static_cast<double>(numerator) / denominator : 0.0;
  c.input_ids = std::move(input_ids);
  return c;
}

Score Total(std::vector<ScoreComponent> components, const ScoreSettings& settings) {
  Score s;
  s.components = std::move(components);
  double weights = 0;
  double sum = 0;
  for (const ScoreComponent& c : s.components) {
    weights += c.weight;
    sum += c.value * c.weight;
  }
  s.total = weights > 0 ? sum / weights : 0.0;
  s.perfunctory = s.total < settings.perfunctory_below;
  return s;
}

// The public account of a round: the round's own, or its published readout
// (core/readout.h), a detailed account dated at its first publication, when
// that is better (a detailed account where there was none or a brief one, or
// an earlier date for a detailed one).
PublicAccount RoundAccount(const DialogueFacts& facts, const Identified<Round>& round) {
  PublicAccount account = round.value.public_account;
  for (const auto& r : facts.readouts) {
    if (r.value.subject_id != round.id || r.value.versions.empty()) continue;
    const std::string& at = r.value.versions.front().published_at;
    Result<PartialDate> day = PartialDate::Parse(std::string_view(at).substr(0, 10), "published_at");
    if (!day) continue;
    const bool better = account.level != PublicAccountLevel::kDetailed || !account.date ||
                        day->EarliestDay() < account.date->EarliestDay();
    if (!better) continue;
    account.level = PublicAccountLevel::kDetailed;
    account.date = *day;
  }
  return account;
}

int ReadoutDueDays(const DialogueFacts& facts, const ScoreSettings& settings) {
  return facts.dialogue.readout_due_days > 0 ? facts.dialogue.readout_due_days : settings.readout_due_days;
}

bool IsChinese(const std::string& language) {
  return language.size() >= 2 && std::tolower(static_cast<unsigned char>(language[0])) == 'z' &&
         std::tolower(static_cast<unsigned char>(language[1])) == 'h' && (language.size() == 2 || language[2] == '-');
}

}  // namespace

// ---- LoadDialogueFacts --------------------------------------------------------

Result<DialogueFacts> LoadDialogueFacts(RecordService& records, std::string_view dialogue_id, Visibility reader) {
  auto stored = records.Get(dialogue_id, reader);
  if (!stored) return Fail(stored.error());
  if (stored->header.kind != RecordKind::kDialogue) {
    return Fail(Error::NotFound("no dialogue with id " + std::string(dialogue_id)));
  }
  DialogueFacts facts;
  facts.dialogue_id = stored->header.id;
  {
    auto d = DecodeDialogue(stored->body);
    if (!d) return Fail(BadBody(facts.dialogue_id, d.error()));
    facts.dialogue = std::move(*d);
  }
  const std::vector<std::string> dialogue{facts.dialogue_id};

  auto load = [&](RecordKind kind, const std::vector<std::string>& parents, auto decode, auto& out) -> Status {
    auto got = ListUnder(records, kind, parents, reader);
    if (!got) return Fail(got.error());
    return DecodeAll(*got, decode, out);
  };
  auto ids_of = [](const auto& items) {
    std::vector<std::string> ids;
    ids.reserve(items.size());
    for (const auto& item : items) ids.push_back(item.id);
    return ids;
  };

  if (Status s = load(RecordKind::kRound, dialogue, &DecodeRound, facts.rounds); !s) return Fail(s.error());
  std::stable_sort(facts.rounds.begin(), facts.rounds.end(), [](const auto& a, const auto& b) {
    return std::make_tuple(DateKey(a.value.dates), a.value.number, std::cref(a.id)) <
           std::make_tuple(DateKey(b.value.dates), b.value.number, std::cref(b.id));
  });

  {
    ListQuery q;
    q.kind = RecordKind::kIssue;
    auto got = ListAll(records, q, reader);
    if (!got) return Fail(got.error());
    if (Status s = DecodeAll(*got, &DecodeIssue, facts.issues); !s) return Fail(s.error());
    std::sort(facts.issues.begin(), facts.issues.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  }

  if (Status s = load(RecordKind::kBenchmark, dialogue, &DecodeBenchmark, facts.benchmarks); !s) {
    return Fail(s.error());
  }
  std::sort(facts.benchmarks.begin(), facts.benchmarks.end(), [](const auto& a, const auto& b) {
    return std::tie(a.value.issue_id, a.value.position, a.id) < std::tie(b.value.issue_id, b.value.position, b.id);
  });

  if (Status s = load(RecordKind::kAssessment, ids_of(facts.benchmarks), &DecodeAssessment, facts.assessments); !s) {
    return Fail(s.error());
  }
  std::sort(facts.assessments.begin(), facts.assessments.end(), [](const auto& a, const auto& b) {
    return std::tie(a.value.benchmark_id, a.id) < std::tie(b.value.benchmark_id, b.id);
  });

  if (Status s = load(RecordKind::kCommitment, dialogue, &DecodeCommitment, facts.commitments); !s) {
    return Fail(s.error());
  }
  std::sort(facts.commitments.begin(), facts.commitments.end(), [](const auto& a, const auto& b) {
    return std::make_tuple(DateKey(a.value.date), std::cref(a.id)) <
           std::make_tuple(DateKey(b.value.date), std::cref(b.id));
  });

  if (Status s = load(RecordKind::kEngagement, dialogue, &DecodeEngagement, facts.engagements); !s) {
    return Fail(s.error());
  }
  std::sort(facts.engagements.begin(), facts.engagements.end(), [](const auto& a, const auto& b) {
    return std::make_tuple(DateKey(a.value.date), std::cref(a.id)) <
           std::make_tuple(DateKey(b.value.date), std::cref(b.id));
  });

  {
    std::set<std::string> agency_ids;
    for (const auto& e : facts.engagements) agency_ids.insert(e.value.agency_id);
    auto got = GetMany(records, RecordKind::kAgency, {agency_ids.begin(), agency_ids.end()}, reader);
    if (!got) return Fail(got.error());
    if (Status s = DecodeAll(*got, &DecodeAgency, facts.agencies); !s) return Fail(s.error());
    std::sort(facts.agencies.begin(), facts.agencies.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  }

  {
    std::vector<std::string> parents = ids_of(facts.rounds);
    for (const auto& e : facts.engagements) parents.push_back(e.id);
    if (Status s = load(RecordKind::kAsk, parents, &DecodeAsk, facts.asks); !s) return Fail(s.error());
    auto parent = [](const Ask& a) -> const std::string& { return a.round_id.empty() ? a.engagement_id : a.round_id; };
    std::sort(facts.asks.begin(), facts.asks.end(), [&](const auto& a, const auto& b) {
      return std::make_tuple(std::cref(parent(a.value)), a.value.position, std::cref(a.id)) <
             std::make_tuple(std::cref(parent(b.value)), b.value.position, std::cref(b.id));
    });
  }

  if (Status s = load(RecordKind::kReply, ids_of(facts.asks), &DecodeReply, facts.replies); !s) {
    return Fail(s.error());
  }
  std::sort(facts.replies.begin(), facts.replies.end(), [](const auto& a, const auto& b) {
    return std::make_tuple(std::cref(a.value.ask_id), DateKey(a.value.date), std::cref(a.id)) <
           std::make_tuple(std::cref(b.value.ask_id), DateKey(b.value.date), std::cref(b.id));
  });

  if (Status s = load(RecordKind::kCaseList, ids_of(facts.rounds), &DecodeCaseList, facts.case_lists); !s) {
    return Fail(s.error());
  }
  std::sort(facts.case_lists.begin(), facts.case_lists.end(), [](const auto& a, const auto& b) {
    return std::tie(a.value.round_id, a.id) < std::tie(b.value.round_id, b.id);
  });

  if (Status s = load(RecordKind::kReadout, ids_of(facts.rounds), &DecodeReadout, facts.readouts); !s) {
    return Fail(s.error());
  }
  std::sort(facts.readouts.begin(), facts.readouts.end(), [](const auto& a, const auto& b) {
    return std::tie(a.value.subject_id, a.id) < std::tie(b.value.subject_id, b.id);
  });

  // Every case raised: as an ask's subject, on a case list, or linked to a benchmark.
  std::set<std::string> case_ids;
  for (const auto& a : facts.asks) {
    if (a.value.subject.kind == AskSubjectKind::kCase && !a.value.subject.id.empty())
      case_ids.insert(a.value.subject.id);
  }
  for (const auto& l : facts.case_lists) {
    for (const CaseListEntry& e : l.value.entries) {
      if (!e.case_id.empty()) case_ids.insert(e.case_id);
    }
  }
  for (const auto& b : facts.benchmarks) case_ids.insert(b.value.case_ids.begin(), b.value.case_ids.end());
  {
    auto got = GetMany(records, RecordKind::kCase, {case_ids.begin(), case_ids.end()}, reader);
    if (!got) return Fail(got.error());
    std::vector<Identified<Case>> cases;
    if (Status s = DecodeAll(*got, &DecodeCase, cases); !s) return Fail(s.error());
    std::sort(cases.begin(), cases.end(), [](const auto& a, const auto& b) { return a.id < b.id; });

    std::set<std::string> person_ids;
    for (const auto& c : cases) person_ids.insert(c.value.person_id);
    auto people_stored = GetMany(records, RecordKind::kPerson, {person_ids.begin(), person_ids.end()}, reader);
    if (!people_stored) return Fail(people_stored.error());
    std::vector<Identified<Person>> people;
    if (Status s = DecodeAll(*people_stored, &DecodePerson, people); !s) return Fail(s.error());
    std::unordered_map<std::string, BilingualText> names;
    for (const auto& p : people) names[p.id] = PrimaryName(p.value);

    std::vector<Identified<LegalEvent>> events;
    if (Status s = load(RecordKind::kLegalEvent, ids_of(cases), &DecodeLegalEvent, events); !s) return Fail(s.error());
    std::unordered_map<std::string, std::vector<Identified<LegalEvent>*>> by_case;
    for (auto& e : events) by_case[e.value.case_id].push_back(&e);

    facts.cases.reserve(cases.size());
    for (auto& c : cases) {
      RaisedCase raised;
      raised.id = c.id;
      if (auto n = names.find(c.value.person_id); n != names.end()) raised.person_name = n->second;
      std::vector<Identified<LegalEvent>*>& mine = by_case[c.id];
      // Ordered as core::DeriveStatus orders them; undated events last.
      std::sort(mine.begin(), mine.end(), [](const auto* a, const auto* b) {
        return std::make_tuple(DateKey(a->value.date), a->value.sequence, std::cref(a->id)) <
               std::make_tuple(DateKey(b->value.date), b->value.sequence, std::cref(b->id));
      });
      raised.events.reserve(mine.size());
      for (auto* e : mine) raised.events.push_back(std::move(e->value));
      raised.value = std::move(c.value);
      facts.cases.push_back(std::move(raised));
    }
  }
  return facts;
}

// ---- Scorecard ----------------------------------------------------------------

Scorecard BuildScorecard(const DialogueFacts& facts, std::string_view issue_id) {
  Scorecard card;
  card.dialogue_id = facts.dialogue_id;
  card.round_ids.reserve(facts.rounds.size());
  for (const auto& r : facts.rounds) card.round_ids.push_back(r.id);

  std::unordered_set<std::string> issues;
  if (!issue_id.empty()) {
    // The issue and its descendants; issues form a tree, so a fixed point is reached.
    issues.insert(std::string(issue_id));
    for (bool grew = true; grew;) {
      grew = false;
      for (const auto& i : facts.issues) {
        if (!issues.contains(i.id) && issues.contains(i.value.parent_id)) grew = issues.insert(i.id).second || grew;
      }
    }
  }

  const RoundRatings ratings = ApprovedRoundRatings(facts);
  std::unordered_map<std::string, std::vector<const Identified<Assessment>*>> interim;
  for (const auto& a : facts.assessments) {
    if (a.value.state == ReviewState::kApproved && a.value.round_id.empty())
      interim[a.value.benchmark_id].push_back(&a);
  }

  for (const auto& b : facts.benchmarks) {
    if (!issue_id.empty() && !issues.contains(b.value.issue_id)) continue;
    ScorecardRow row;
    row.benchmark_id = b.id;
    row.issue_id = b.value.issue_id;
    row.statement = b.value.statement;
    row.deadline = b.value.deadline;
    row.cells.resize(facts.rounds.size());
    const auto rated = ratings.find(b.id);
    AssessmentRating previous = AssessmentRating::kNotAssessed;  // last informative rating so far
    for (std::size_t i = 0; i < facts.rounds.size(); ++i) {
      ScorecardCell& cell = row.cells[i];
      cell.round_id = facts.rounds[i].id;
      if (rated == ratings.end()) continue;
      auto it = rated->second.find(static_cast<int>(i));
      if (it == rated->second.end()) continue;
      const Assessment& a = it->second->value;
      cell.rating = a.rating;
      if (a.rating == AssessmentRating::kNotAssessed) continue;  // an empty cell, whatever the record says
      cell.assessment_id = it->second->id;
      cell.rationale = a.rationale;
      cell.source_ids = a.source_ids;
      cell.change = Compare(previous, a.rating);
      if (cell.change != RatingChange::kNone) cell.previous_rating = previous;
      if (ProgressRank(a.rating)) previous = a.rating;
    }
    if (auto it = interim.find(b.id); it != interim.end()) {
      std::vector<const Identified<Assessment>*> dated = it->second;
      std::stable_sort(dated.begin(), dated.end(), [](const auto* x, const auto* y) {
        return std::make_tuple(DateKey(x->value.date), std::cref(x->id)) <
               std::make_tuple(DateKey(y->value.date), std::cref(y->id));
      });
      for (const auto* a : dated) row.interim.push_back(*a);
    }
    card.rows.push_back(std::move(row));
  }
  return card;
}

// ---- Changes between two rounds ---------------------------------------------------

Result<ChangesReport> BuildChangesReport(const DialogueFacts& facts, std::string_view from_round_id,
                                         std::string_view to_round_id) {
  const int from = RoundIndex(facts, from_round_id);
  if (from < 0) return Fail(Error::NotFound("no round " + std::string(from_round_id) + " in this dialogue"));
  const int to = RoundIndex(facts, to_round_id);
  if (to < 0) return Fail(Error::NotFound("no round " + std::string(to_round_id) + " in this dialogue"));
  if (from >= to) {
    return Fail(Error::Invalid(
        "from", "must be a round held before " + std::string(to_round_id) + "; got " + std::string(from_round_id)));
  }
  const std::optional<CivilDay> after = LastDay(facts.rounds[from].value);
  const std::optional<CivilDay> up_to = LastDay(facts.rounds[to].value);
  // Rounds without dates sort last, so `from` is dated whenever `to` is.
  if (!up_to || !after) {
    return Fail(Error::Invalid("to", "round " + std::string(to_round_id) + " has no dates, so the window has no end"));
  }

  ChangesReport report;
  report.from_round_id = std::string(from_round_id);
  report.to_round_id = std::string(to_round_id);

  // Ratings: where each benchmark stood at `from` (its last rating at a round
  // up to `from`) against its rating at `to`.
  const RoundRatings ratings = ApprovedRoundRatings(facts);
  for (const auto& b : facts.benchmarks) {
    auto rated = ratings.find(b.id);
    if (rated == ratings.end()) continue;
    auto at_to = rated->second.find(to);
    if (at_to == rated->second.end() || at_to->second->value.rating == AssessmentRating::kNotAssessed) continue;
    AssessmentRating before = AssessmentRating::kNotAssessed;
    for (const auto& [index, a] : rated->second) {
      if (index > from) break;
      if (a->value.rating != AssessmentRating::kNotAssessed) before = a->value.rating;
    }
    const AssessmentRating now = at_to->second->value.rating;
    if (before == now) continue;
    report.rating_changes.push_back({b.id, before, now, Compare(before, now), at_to->second->id});
  }

  for (const auto& c : facts.commitments) {
    if (InWindow(c.value.date.EarliestDay(), *after, *up_to) || c.value.round_id == to_round_id) {
      report.new_commitment_ids.push_back(c.id);
    }
    if (c.value.status != CommitmentStatus::kOpen && c.value.closed_date &&
        InWindow(c.value.closed_date->EarliestDay(), *after, *up_to)) {
      report.closed_commitment_ids.push_back(c.id);
    }
  }

  std::vector<LegalEvent> scratch_before;
  std::vector<LegalEvent> scratch_then;
  for (const RaisedCase& c : facts.cases) {
    CaseChangeEntry entry;
    const std::span<const LegalEvent> before = EventsUpTo(c, *after, scratch_before);
    const std::span<const LegalEvent> then = EventsUpTo(c, *up_to, scratch_then);
    entry.from = DeriveStatus(before, c.value.sentences, *after).status;
    entry.to = DeriveStatus(then, c.value.sentences, *up_to).status;
    for (const LegalEvent& e : c.events) {
      if (InWindow(EventDay(e.date), *after, *up_to)) entry.events_between.push_back(e.type);
    }
    if (entry.from != entry.to || !entry.events_between.empty()) {
      entry.case_id = c.id;
      entry.person_name = c.person_name;
      report.case_changes.push_back(std::move(entry));
    }

    // Legal deadlines that fell due in the window with no ending event by the due day.
    for (const Deadline& d : ComputeDeadlines(then, *up_to)) {
      if (!InWindow(d.due, *after, *up_to)) continue;
      if (d.met_on && *d.met_on <= d.due) continue;
      report.deadlines_passed.push_back({PassedDeadline::Kind::kCase, c.id, std::string(d.rule), d.due});
    }
  }

  std::unordered_set<std::string> asks_at_to;
  for (const auto& a : facts.asks) {
    if (a.value.round_id == to_round_id) asks_at_to.insert(a.id);
  }
  for (const auto& r : facts.replies) {
    if (asks_at_to.contains(r.value.ask_id) ||
        (r.value.date && InWindow(r.value.date->EarliestDay(), *after, *up_to))) {
      report.reply_ids.push_back(r.id);
    }
  }

  std::vector<PassedDeadline> benchmark_deadlines;
  const auto met_on = MetOn(facts);
  for (const auto& b : facts.benchmarks) {
    if (!b.value.deadline) continue;
    std::optional<CivilDay> due = b.value.deadline->LatestDay();
    if (!InWindow(due, *after, *up_to)) continue;
    if (auto met = met_on.find(b.id); met != met_on.end() && met->second <= *due) continue;
    benchmark_deadlines.push_back({PassedDeadline::Kind::kBenchmark, b.id, "", *due});
  }
  benchmark_deadlines.insert(benchmark_deadlines.end(), report.deadlines_passed.begin(), report.deadlines_passed.end());
  report.deadlines_passed = std::move(benchmark_deadlines);
  std::stable_sort(report.deadlines_passed.begin(), report.deadlines_passed.end(),
                   [](const PassedDeadline& a, const PassedDeadline& b) { return a.due < b.due; });
  return report;
}

// ---- Agency record -----------------------------------------------------------------

AgencyRecord BuildAgencyRecord(const DialogueFacts& facts, std::string_view agency_id, std::optional<CivilDay> from,
                               std::optional<CivilDay> to) {
  AgencyRecord out;
  out.agency_id = std::string(agency_id);
  out.from = from;
  out.to = to;
  for (const auto& e : facts.engagements) {
    if (e.value.agency_id != agency_id) continue;
    if (from || to) {
      // With a period, an engagement counts from its earliest day; an undated one can not be placed.
      std::optional<CivilDay> day = e.value.date.EarliestDay();
      if (!day || (from && *day < *from) || (to && *day > *to)) continue;
    }
    const Engagement& g = e.value;
    const bool raised = g.human_rights_raised == TriState::kYes;
    ++out.engagements;
    out.engagement_ids.push_back(e.id);
    if (raised) ++out.raised_yes;
    if (g.human_rights_raised == TriState::kNo) ++out.raised_no;
    if (g.human_rights_raised == TriState::kUnknown) ++out.raised_unknown;
    if (IsPublicSpeech(g.kind)) {
      ++out.public_speech;
      if (raised) ++out.public_speech_raised;
    }
    if (g.kind == EngagementKind::kMediaInterview && g.outlet && IsChinese(g.outlet->language)) {
      ++out.chinese_media_interviews;
      if (raised) ++out.chinese_media_interviews_raised;
    }
    if (g.public_account.level == PublicAccountLevel::kNone) out.no_public_account_ids.push_back(e.id);
  }
  if (out.engagements > 0) out.share_raised = static_cast<double>(out.raised_yes) / out.engagements;
  return out;
}

// ---- Scores ---------------------------------------------------------------------------

Result<Score> ComputeRoundScore(const DialogueFacts& facts, std::string_view round_id, const ScoreSettings& settings) {
  const int index = RoundIndex(facts, round_id);
  if (index < 0) return Fail(Error::NotFound("no round " + std::string(round_id) + " in this dialogue"));
  const Round& round = facts.rounds[index].value;
  const auto replies = RepliesByAsk(facts);

  std::vector<const Identified<Ask>*> asks;
  for (const auto& a : facts.asks) {
    if (a.value.round_id == round_id) asks.push_back(&a);
  }

  // measurable_benchmarks
  std::unordered_set<std::string> on_table;
  for (const auto* a : asks) {
    if (a->value.subject.kind == AskSubjectKind::kBenchmark) on_table.insert(a->value.subject.id);
  }
  std::vector<std::string> table_ids;
  int measurable = 0;
  for (const auto& b : facts.benchmarks) {
    if (!on_table.contains(b.id) && b.value.introduced_round_id != round_id) continue;
    table_ids.push_back(b.id);
    if (!b.value.criterion.empty()) ++measurable;
  }
  std::vector<ScoreComponent> parts;
  const int tabled = static_cast<int>(table_ids.size());
  parts.push_back(Component("measurable_benchmarks", settings.weight_measurable_benchmarks, measurable, tabled,
                            std::move(table_ids)));

  // progress: approved informative ratings at this round (not_assessed and
  // no_information are left out of both sides).
  const RoundRatings ratings = ApprovedRoundRatings(facts);
  std::vector<std::string> rated_ids;
  int progress = 0;
  for (const auto& b : facts.benchmarks) {
    auto rated = ratings.find(b.id);
    if (rated == ratings.end()) continue;
    auto it = rated->second.find(index);
    if (it == rated->second.end() || !IsInformative(it->second->value.rating)) continue;
    rated_ids.push_back(it->second->id);
    if (IsProgress(it->second->value.rating)) ++progress;
  }
  const int informative = static_cast<int>(rated_ids.size());
  parts.push_back(Component("progress", settings.weight_progress, progress, informative, std::move(rated_ids)));

  // substantive_replies
  std::vector<std::string> ask_ids;
  int substantive = 0;
  for (const auto* a : asks) {
    ask_ids.push_back(a->id);
    if (HasSubstantiveReply(replies, a->id)) ++substantive;
  }
  const int ask_count = static_cast<int>(ask_ids.size());
  parts.push_back(Component("substantive_replies", settings.weight_substantive_replies, substantive, ask_count,
                            std::move(ask_ids)));

  // case_information: cases raised at the round that the reader can see.
  std::unordered_set<std::string> known_cases;
  for (const RaisedCase& c : facts.cases) known_cases.insert(c.id);
  std::set<std::string> raised;
  std::set<std::string> informed;
  for (const auto* a : asks) {
    if (a->value.subject.kind != AskSubjectKind::kCase || !known_cases.contains(a->value.subject.id)) continue;
    raised.insert(a->value.subject.id);
    if (HasSubstantiveReply(replies, a->id)) informed.insert(a->value.subject.id);
  }
  for (const auto& l : facts.case_lists) {
    if (l.value.round_id != round_id) continue;
    for (const CaseListEntry& e : l.value.entries) {
      if (known_cases.contains(e.case_id)) raised.insert(e.case_id);
    }
  }
  parts.push_back(Component("case_information", settings.weight_case_information, static_cast<int>(informed.size()),
                            static_cast<int>(raised.size()), {raised.begin(), raised.end()}));

  // readout: on time, detailed, complete.
  int readout = 0;
  const PublicAccount account = RoundAccount(facts, facts.rounds[index]);
  if (account.level != PublicAccountLevel::kNone && account.date) {
    std::optional<CivilDay> published = account.date->EarliestDay();
    std::optional<CivilDay> last = LastDay(round);
    if (published && last && *published <= AddDays(*last, ReadoutDueDays(facts, settings))) ++readout;
  }
  if (account.level == PublicAccountLevel::kDetailed) ++readout;
  bool complete = !asks.empty();  // nothing recorded is not a complete readout
  for (const auto* a : asks) {
    if (a->value.description.empty() || replies.count(a->id) == 0) complete = false;
  }
  if (complete) ++readout;
  parts.push_back(Component("readout", settings.weight_readout, readout, 3, {facts.rounds[index].id}));
  return Total(std::move(parts), settings);
}

Result<Score> ComputeEngagementScore(const DialogueFacts& facts, std::string_view engagement_id,
                                     const ScoreSettings& settings) {
  const Identified<Engagement>* found = nullptr;
  for (const auto& e : facts.engagements) {
    if (e.id == engagement_id) found = &e;
  }
  if (found == nullptr) {
    return Fail(Error::NotFound("no engagement " + std::string(engagement_id) + " in this dialogue"));
  }
  const Engagement& g = found->value;
  std::vector<ScoreComponent> parts;
  parts.push_back(Component("human_rights_raised", 1, g.human_rights_raised == TriState::kYes ? 1 : 0, 1, {found->id}));
  const auto replies = RepliesByAsk(facts);
  std::vector<std::string> ask_ids;
  int substantive = 0;
  for (const auto& a : facts.asks) {
    if (a.value.engagement_id != engagement_id) continue;
    ask_ids.push_back(a.id);
    if (HasSubstantiveReply(replies, a.id)) ++substantive;
  }
  if (!ask_ids.empty()) {
    const int n = static_cast<int>(ask_ids.size());
    parts.push_back(Component("substantive_replies", 1, substantive, n, std::move(ask_ids)));
  }
  const int account = g.public_account.level == PublicAccountLevel::kDetailed ? 2
                      : g.public_account.level == PublicAccountLevel::kBrief  ? 1
                                                                              : 0;
  parts.push_back(Component("public_account", 1, account, 2, {found->id}));
  return Total(std::move(parts), settings);
}

// ---- Alerts -------------------------------------------------------------------------------

std::string_view ToCode(AlertKind kind) {
  switch (kind) {
    case AlertKind::kBenchmarkDeadlinePassed:
      return "benchmark_deadline_passed";
    case AlertKind::kReadoutMissing:
      return "readout_missing";
    case AlertKind::kRoundOverdue:
      return "round_overdue";
    case AlertKind::kCommitmentNoFollowUp:
      return "commitment_no_follow_up";
  }
  return "unknown";
}

std::vector<Alert> BuildAlerts(const DialogueFacts& facts, CivilDay today, const ScoreSettings& settings) {
  std::vector<Alert> out;
  auto add = [&](AlertKind kind, const std::string& subject, CivilDay due) {
    if (due < today) out.push_back({kind, subject, due, DaysBetween(due, today)});
  };

  const auto met_on = MetOn(facts);
  for (const auto& b : facts.benchmarks) {
    if (!b.value.deadline) continue;
    std::optional<CivilDay> due = b.value.deadline->LatestDay();
    if (!due || met_on.contains(b.id)) continue;
    add(AlertKind::kBenchmarkDeadlinePassed, b.id, *due);
  }

  const int due_days = ReadoutDueDays(facts, settings);
  const Identified<Round>* last_held = nullptr;
  for (const auto& r : facts.rounds) {
    std::optional<CivilDay> last = LastDay(r.value);
    if (!last) continue;  // undated rounds can not be placed on the schedule
    last_held = &r;
    if (RoundAccount(facts, r).level == PublicAccountLevel::kNone) {
      add(AlertKind::kReadoutMissing, r.id, AddDays(*last, due_days));
    }
  }
  if (last_held != nullptr) {
    const CivilDay last = *LastDay(last_held->value);
    std::optional<CivilDay> due;
    if (last_held->value.next_round_agreed) {
      due = last_held->value.next_round_agreed->LatestDay();
    } else if (facts.dialogue.round_interval_months > 0) {
      due = AddMonths(last, facts.dialogue.round_interval_months);
    }
    // The last recorded round is still to come (or under way): the schedule is kept.
    if (due && last <= today) add(AlertKind::kRoundOverdue, last_held->id, *due);
  }

  // Follow-up on a commitment: an ask about one of its benchmarks, or an
  // approved assessment of one, dated after the commitment was made.
  std::unordered_map<std::string, std::optional<CivilDay>> ask_parent_day;
  for (const auto& r : facts.rounds) ask_parent_day[r.id] = LastDay(r.value);
  for (const auto& e : facts.engagements) ask_parent_day[e.id] = e.value.date.EarliestDay();
  for (const auto& c : facts.commitments) {
    if (c.value.status != CommitmentStatus::kOpen) continue;
    std::optional<CivilDay> made = c.value.date.EarliestDay();
    if (!made) continue;
    const std::unordered_set<std::string> benchmarks(c.value.benchmark_ids.begin(), c.value.benchmark_ids.end());
    bool followed = false;
    for (const auto& a : facts.asks) {
      if (followed) break;
      if (a.value.subject.kind != AskSubjectKind::kBenchmark || !benchmarks.contains(a.value.subject.id)) continue;
      auto day = ask_parent_day.find(a.value.round_id.empty() ? a.value.engagement_id : a.value.round_id);
      followed = day != ask_parent_day.end() && day->second && *day->second > *made;
    }
    for (const auto& a : facts.assessments) {
      if (followed) break;
      if (a.value.state != ReviewState::kApproved || !benchmarks.contains(a.value.benchmark_id)) continue;
      std::optional<CivilDay> day;
      if (!a.value.round_id.empty()) {
        auto it = ask_parent_day.find(a.value.round_id);
        if (it != ask_parent_day.end()) day = it->second;
      } else if (a.value.date) {
        day = a.value.date->EarliestDay();
      }
      followed = day && *day > *made;
    }
    if (!followed) add(AlertKind::kCommitmentNoFollowUp, c.id, AddDays(*made, settings.commitment_follow_up_days));
  }

  std::sort(out.begin(), out.end(), [](const Alert& a, const Alert& b) {
    return std::make_tuple(-a.days_overdue, std::cref(a.subject_id), a.kind) <
           std::make_tuple(-b.days_overdue, std::cref(b.subject_id), b.kind);
  });
  return out;
}

}  // namespace readout::core
