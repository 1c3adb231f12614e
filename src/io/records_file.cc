#include "io/records_file.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/entity_codec.h"

namespace readout::io {
namespace {

// Appends rather than `"literal" + std::string`: GCC 12 at -O3 reports a
// false -Wrestrict inside libstdc++ for that form.
std::string Path(std::size_t index, std::string_view field) {
  std::string path = "records[";
  path += std::to_string(index);
  path += ']';
  if (!field.empty()) {
    path += '.';
    path += field;
  }
  return path;
}

}  // namespace

std::string NowRfc3339() {
  const auto now = std::chrono::system_clock::now();
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:03d}Z", fmt::gmtime(std::chrono::system_clock::to_time_t(now)),
                     static_cast<int>(millis));
}

core::Result<LoadSummary> LoadRecordsFile(std::string_view text, core::RecordService& records,
                                          const core::Actor& actor) {
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::exception& e) {  // parse_error, and out_of_range for a number beyond double (1E400)
    return core::Fail(core::Error::Invalid("file", std::string("is not valid JSON: ") + e.what()));
  }
  // json::value() throws when the field is there with another type: compare the JSON values instead.
  if (!doc.is_object() || !doc.contains("format") || doc["format"] != "readout-records") {
    return core::Fail(core::Error::Invalid("format", "must be \"readout-records\""));
  }
  if (!doc.contains("version") || doc["version"] != 1) {
    return core::Fail(core::Error::Invalid("version", "must be 1"));
  }
  if (!doc.contains("records") || !doc["records"].is_array()) {
    return core::Fail(core::Error::Invalid("records", "must be an array"));
  }

  std::vector<core::FieldError> problems;
  std::vector<core::RecordDraft> drafts;
  std::map<std::string, core::RecordKind> kinds_in_file;
  const auto& items = doc["records"];
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto& item = items[i];
    if (!item.is_object()) {
      problems.push_back({Path(i, ""), "must be an object"});
      continue;
    }
    const auto kind_name = item.contains("kind") && item["kind"].is_string() ? item["kind"].get<std::string>() : "";
    const auto kind = core::ParseKindName(kind_name);
    if (!kind) {
      problems.push_back({Path(i, "kind"), "must name a record kind such as \"round\"; got \"" + kind_name + "\""});
      continue;
    }
    if (!item.contains("id") || !item["id"].is_string()) {
      problems.push_back({Path(i, "id"), "is required in a records file"});
      continue;
    }
    const auto id = item["id"].get<std::string>();
    auto draft = core::MakeDraft(*kind, item, id);
    if (!draft) {
      for (auto& f : draft.error().fields) problems.push_back({Path(i, f.field), f.problem});
      if (draft.error().fields.empty()) problems.push_back({Path(i, ""), draft.error().message});
      continue;
    }
    if (!kinds_in_file.emplace(id, *kind).second) {
      problems.push_back({Path(i, "id"), "appears twice in the file: " + id});
      continue;
    }
    drafts.push_back(std::move(*draft));
  }

  // References resolve to the file itself or to live records already stored.
  for (std::size_t i = 0; i < drafts.size(); ++i) {
    for (const auto& ref : drafts[i].references) {
      auto in_file = kinds_in_file.find(ref.target_id);
      if (in_file != kinds_in_file.end()) {
        if (in_file->second != ref.target_kind) {
          problems.push_back({"records(" + drafts[i].id + ")." + ref.field,
                              ref.target_id + " is a " + std::string(core::KindName(in_file->second)) + ", not a " +
                                  std::string(core::KindName(ref.target_kind))});
        }
        continue;
      }
      auto stored = records.Get(ref.target_id, core::Visibility::kRestricted);
      if (!stored || stored->header.kind != ref.target_kind) {
        problems.push_back({"records(" + drafts[i].id + ")." + ref.field,
                            "no " + std::string(core::KindName(ref.target_kind)) + " with id " + ref.target_id});
      }
    }
  }
  if (!problems.empty()) return core::Fail(core::Error::Invalid(std::move(problems)));

  core::Bundle bundle;
  const std::string now = NowRfc3339();
  for (auto& draft : drafts) {
    core::StoredRecord record;
    record.header = {draft.id, draft.kind, 1, draft.visibility, draft.parent_id, now, now, false};
    record.body = draft.body;
    core::Revision revision;
    revision.record_id = draft.id;
    revision.kind = draft.kind;
    revision.revision = 1;
    revision.operation = core::RevisionOperation::kCreate;
    revision.actor = actor.name;
    revision.at = now;
    revision.visibility_before = draft.visibility;
    revision.visibility_after = draft.visibility;
    revision.after = draft.body;
    bundle.records.push_back(std::move(record));
    bundle.revisions.push_back(std::move(revision));
  }
  std::sort(bundle.records.begin(), bundle.records.end(),
            [](const auto& a, const auto& b) { return a.header.id < b.header.id; });
  std::sort(bundle.revisions.begin(), bundle.revisions.end(),
            [](const auto& a, const auto& b) { return a.record_id < b.record_id; });
  if (auto imported = records.Import(bundle); !imported) return core::Fail(imported.error());
  return LoadSummary{bundle.records.size()};
}

}  // namespace readout::io
