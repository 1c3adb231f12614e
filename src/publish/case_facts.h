// What Readout knows and derives about one case for one reader: the case, its
// legal events in order, and what core/case_status.h derives from them
// (status with as-of date, expected release, deadlines, flags), plus the
// first day of custody and the days in detention.
//
// Shared by the case pages (publish) and the case API extras (web), so the
// page and the JSON never disagree. Derivations use only the legal events the
// reader may see: a restricted event changes the staff view, never the
// public one, so a status can not leak an event the public may not see.
//
// Thread-safety: plain values and functions of their arguments.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/case_entities.h"
#include "core/case_status.h"
#include "core/partial_date.h"
#include "core/record_service.h"
#include "core/status.h"

namespace readout::publish {

struct CaseFacts {
  std::string id;
  core::Case value;
  std::vector<core::LegalEvent> events;  // ordered by (earliest day, sequence, id); undated last
  std::vector<std::string> event_ids;    // parallel to `events`
  core::DerivedStatus status;
  std::optional<core::ExpectedRelease> expected_release;
  std::vector<core::Deadline> deadlines;
  std::vector<core::CaseFlag> flags;
  // The first event that put the person in custody, when its day is known.
  std::optional<core::CivilDay> first_custody;
  std::string first_custody_place_id;    // that event's place, may be empty
  // From the first day of custody to release (the status's as-of day when
  // the status is released, deceased or exiled) or today. nullopt when the
  // first day of custody is not known.
  std::optional<long> days_in_detention;
};

// kNotFound when the case does not exist or is not visible to `reader`.
core::Result<CaseFacts> LoadCaseFacts(core::RecordService& records, std::string_view case_id,
                                      core::Visibility reader, core::CivilDay today);

// Every live case `reader` may see (of `person_id` only, when it is not
// empty), in store order.
core::Result<std::vector<CaseFacts>> LoadAllCaseFacts(core::RecordService& records, core::Visibility reader,
                                                      core::CivilDay today, const std::string& person_id = "");

// True for the legal event types that put a person in custody (criminal
// detention, RSDL, taken away, ...): the first of them starts the count of
// days in detention.
bool StartsCustody(core::LegalEventType type);

// Stable codes of flag kinds, for i18n ids ("vocab.case_flag.<code>") and the API.
std::string_view FlagCode(core::CaseFlagKind kind);

// The Place of `place_id` or its nearest ancestor at province level; empty
// when there is none the reader may see. Stops after a few levels so a
// cycle in bad data can not loop.
std::string ProvinceOf(core::RecordService& records, const std::string& place_id, core::Visibility reader);

}  // namespace readout::publish
