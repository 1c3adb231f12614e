#include "core/redaction.h"

#include <span>
#include <string>
#include <string_view>

namespace readout::core {
namespace {

// The GuardedText fields of each kind (core/case_entities.h). A new guarded
// field must be listed here; the canary test in record_service_test.cc reads
// every one of them through RecordService.
std::span<const std::string_view> GuardedFields(RecordKind kind) {
  static constexpr std::string_view kPerson[] = {"risk_notes"};
  static constexpr std::string_view kCase[] = {"family_contact", "notes"};
  switch (kind) {
    case RecordKind::kPerson:
      return kPerson;
    case RecordKind::kCase:
      return kCase;
    default:
      return {};
  }
}

// The visibility of a stored guarded field. Anything unreadable counts as
// restricted: when in doubt, withhold.
Visibility GuardedVisibility(const nlohmann::json& field) {
  if (!field.is_object()) return Visibility::kRestricted;
  auto it = field.find("visibility");
  if (it == field.end() || !it->is_string()) return Visibility::kRestricted;
  return ParseVisibility(it->get_ref<const std::string&>()).value_or(Visibility::kRestricted);
}

std::string ReasonFor(Visibility v) { return std::string(ToCode(v)) + " field"; }

// The fields of a Source with protect_identity set that identify its author.
constexpr std::string_view kIdentityFields[] = {"author", "url"};

// What a public reader keeps of a readout (core/readout.h): the subject and
// the published versions. The editorial fields (who wrote and reviewed it,
// the editor note and correction note of a draft in progress) are removed;
// the published editor note is inside each version's frozen content.
constexpr std::string_view kReadoutPublicFields[] = {"subject_id", "state", "versions", "visibility", "sources"};
// Staff names inside a published version: staff identities are not public.
constexpr std::string_view kReadoutVersionStaffFields[] = {"published_by", "approved_by"};

void RedactReadoutForPublic(nlohmann::json& out, std::vector<WithheldField>* withheld) {
  for (auto it = out.begin(); it != out.end();) {
    bool keep = false;
    for (std::string_view name : kReadoutPublicFields) keep = keep || it.key() == name;
    if (keep) {
      ++it;
      continue;
    }
    if (withheld != nullptr) withheld->push_back({it.key(), Visibility::kInternal, "editorial field"});
    it = out.erase(it);
  }
  // A correction in progress is not public: the public sees the last published state.
  out["state"] = "published";
  auto versions = out.find("versions");
  if (versions == out.end() || !versions->is_array()) return;
  for (nlohmann::json& version : *versions) {
    if (!version.is_object()) continue;
    for (std::string_view name : kReadoutVersionStaffFields) version.erase(std::string(name));
  }
}

}  // namespace

nlohmann::json Redact(RecordKind kind, const nlohmann::json& body, Visibility reader,
                      std::vector<WithheldField>* withheld) {
  nlohmann::json out = body;
  if (!out.is_object()) return out;
  for (std::string_view name : GuardedFields(kind)) {
    auto it = out.find(name);
    if (it == out.end()) continue;
    const Visibility v = GuardedVisibility(*it);
    if (IsVisibleTo(v, reader)) continue;
    out.erase(it);
    if (withheld != nullptr) withheld->push_back({std::string(name), v, ReasonFor(v)});
  }
  if (kind == RecordKind::kSource && !IsVisibleTo(Visibility::kRestricted, reader)) {
    // Fail closed: anything but an explicit false protects the identity.
    auto flag = out.find("protect_identity");
    const bool unprotected = flag != out.end() && flag->is_boolean() && !flag->get<bool>();
    if (!unprotected) {
      for (std::string_view name : kIdentityFields) {
        auto it = out.find(name);
        if (it == out.end()) continue;
        out.erase(it);
        if (withheld != nullptr) {
          withheld->push_back({std::string(name), Visibility::kRestricted, "protected source identity"});
        }
      }
    }
  }
  if (kind == RecordKind::kReadout && !IsVisibleTo(Visibility::kInternal, reader)) {
    RedactReadoutForPublic(out, withheld);
  }
  return out;
}

}  // namespace readout::core
