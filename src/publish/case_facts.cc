#include "publish/case_facts.h"

#include <algorithm>
#include <numeric>
#include <tuple>
#include <utility>

#include "core/case_codec.h"
#include "publish/page_common.h"

namespace readout::publish {
namespace {

// Events ordered as core::DeriveStatus orders them; undated events (fully
// open intervals) go last so a timeline never starts with "date unknown".
void SortEvents(CaseFacts& facts) {
  std::vector<size_t> order(facts.events.size());
  std::iota(order.begin(), order.end(), size_t{0});
  auto key = [&](size_t i) {
    std::optional<core::CivilDay> day = facts.events[i].date.EarliestDay();
    return std::make_tuple(!day.has_value(), day.value_or(core::CivilDay{}), facts.events[i].sequence,
                           facts.event_ids[i]);
  };
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return key(a) < key(b); });
  std::vector<core::LegalEvent> events;
  std::vector<std::string> ids;
  for (size_t i : order) {
    events.push_back(std::move(facts.events[i]));
    ids.push_back(std::move(facts.event_ids[i]));
  }
  facts.events = std::move(events);
  facts.event_ids = std::move(ids);
}

bool EndsDetention(core::CaseStatus status) {
  switch (status) {
    case core::CaseStatus::kReleased:
    case core::CaseStatus::kReleasedRestricted:
    case core::CaseStatus::kDeceasedInCustody:
    case core::CaseStatus::kDeceased:
    case core::CaseStatus::kExiled:
      return true;
    default:
      return false;
  }
}

core::Result<CaseFacts> Derive(core::RecordService& records, const core::StoredRecord& stored,
                               core::Visibility reader, core::CivilDay today) {
  auto value = core::DecodeCase(stored.body);
  if (!value) return core::Fail(BadStoredBody(stored.header.id, value.error()));
  CaseFacts facts;
  facts.id = stored.header.id;
  facts.value = std::move(*value);
  auto events = ListAll(records, core::RecordKind::kLegalEvent, facts.id, reader);
  if (!events) return core::Fail(events.error());
  for (const core::StoredRecord& r : *events) {
    auto event = core::DecodeLegalEvent(r.body);
    if (!event) return core::Fail(BadStoredBody(r.header.id, event.error()));
    if (event->case_id != facts.id) continue;
    facts.events.push_back(std::move(*event));
    facts.event_ids.push_back(r.header.id);
  }
  SortEvents(facts);
  facts.status = core::DeriveStatus(facts.events, facts.value.sentences, today);
  facts.expected_release = core::ComputeExpectedRelease(facts.events, facts.value.sentences);
  facts.deadlines = core::ComputeDeadlines(facts.events, today);
  facts.flags = core::ComputeFlags(facts.events, facts.value.sentences, today);
  for (const core::LegalEvent& e : facts.events) {
    if (!StartsCustody(e.type)) continue;
    const auto& start = e.date.start();
    // Only a day known exactly starts the count: "2013-07" would make it up.
    if (e.date.is_interval() || !start || start->precision != core::DatePrecision::kDay) break;
    facts.first_custody = e.date.EarliestDay();
    facts.first_custody_place_id = e.place_id;
    break;
  }
  if (facts.first_custody) {
    core::CivilDay end = today;
    if (EndsDetention(facts.status.status) && facts.status.as_of) {
      if (auto day = facts.status.as_of->EarliestDay()) end = *day;
    }
    facts.days_in_detention = std::max(0L, core::DaysFromCivil(end) - core::DaysFromCivil(*facts.first_custody));
  }
  return facts;
}

}  // namespace

bool StartsCustody(core::LegalEventType type) {
  using T = core::LegalEventType;
  switch (type) {
    case T::kTakenAway:
    case T::kDisappeared:
    case T::kAdministrativeDetention:
    case T::kCriminalDetention:
    case T::kRsdl:
    case T::kArrestApproved:
    case T::kHouseArrest:
    case T::kPsychiatricCommitment:
    case T::kReeducationThroughLabor:
      return true;
    default:
      return false;
  }
}

std::string_view FlagCode(core::CaseFlagKind kind) {
  switch (kind) {
    case core::CaseFlagKind::kDeadlinePassed:
      return "deadline_passed";
    case core::CaseFlagKind::kExpectedReleasePassed:
      return "expected_release_passed";
    case core::CaseFlagKind::kWhereaboutsUnknown:
      return "whereabouts_unknown";
  }
  return "deadline_passed";
}

core::Result<CaseFacts> LoadCaseFacts(core::RecordService& records, std::string_view case_id,
                                      core::Visibility reader, core::CivilDay today) {
  auto stored = GetOfKind(records, case_id, core::RecordKind::kCase, reader);
  if (!stored) return core::Fail(stored.error());
  return Derive(records, *stored, reader, today);
}

core::Result<std::vector<CaseFacts>> LoadAllCaseFacts(core::RecordService& records, core::Visibility reader,
                                                      core::CivilDay today, const std::string& person_id) {
  auto cases = ListAll(records, core::RecordKind::kCase, person_id, reader);
  if (!cases) return core::Fail(cases.error());
  std::vector<CaseFacts> out;
  out.reserve(cases->size());
  for (const core::StoredRecord& r : *cases) {
    auto facts = Derive(records, r, reader, today);
    if (!facts) return core::Fail(facts.error());
    if (!person_id.empty() && facts->value.person_id != person_id) continue;
    out.push_back(std::move(*facts));
  }
  return out;
}

std::string ProvinceOf(core::RecordService& records, const std::string& place_id, core::Visibility reader) {
  std::string id = place_id;
  for (int depth = 0; depth < 8 && !id.empty(); ++depth) {
    auto stored = GetOfKind(records, id, core::RecordKind::kPlace, reader);
    if (!stored) return "";
    auto place = core::DecodePlace(stored->body);
    if (!place) return "";
    if (place->level == core::PlaceLevel::kProvince) return id;
    if (place->level == core::PlaceLevel::kCountry) return "";
    id = place->parent_id;
  }
  return "";
}

}  // namespace readout::publish
