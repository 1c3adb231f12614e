#include <iostream>

#include <fmt/format.h>

#include "cli/command.h"
#include "core/record_json.h"
#include "core/record_service.h"

namespace readout::cli {
namespace {

// Top-level fields whose values differ between two bodies.
std::string ChangedFields(const nlohmann::json& before, const nlohmann::json& after) {
  std::string names;
  auto note = [&names](const std::string& name) { names += (names.empty() ? "" : ", ") + name; };
  if (before.is_object()) {
    for (const auto& [key, value] : before.items()) {
      if (!after.contains(key) || after[key] != value) note(key);
    }
  }
  if (after.is_object()) {
    for (const auto& [key, value] : after.items()) {
      if (!before.is_object() || !before.contains(key)) note(key);
    }
  }
  return names;
}

}  // namespace

void AddHistoryCommand(CLI::App& app, CommandState& state) {
  auto* command = app.add_subcommand("history", "Show every revision of a record: who, when, what changed");
  auto path = std::make_shared<std::string>();
  auto id = std::make_shared<std::string>();
  auto as_json = std::make_shared<bool>(false);
  AddDatabaseOption(*command, *path);
  command->add_option("ID", *id, "Record id, e.g. rnd_2013-kunming")->required();
  command->add_flag("--json", *as_json, "Print the revisions as JSON, with before and after");
  command->callback([path, id, as_json, &state] {
    auto store = OpenStore(*path);
    if (!store) {
      state.exit_code = ReportFailure(store.error());
      return;
    }
    core::RecordService records(**store);
    auto history = records.History(*id, core::Visibility::kRestricted);
    if (!history) {
      state.exit_code = ReportFailure(history.error());
      return;
    }
    if (*as_json) {
      nlohmann::json all = nlohmann::json::array();
      for (const auto& revision : *history) all.push_back(core::ToJson(revision));
      std::cout << all.dump(2) << "\n";
      return;
    }
    for (const auto& revision : *history) {
      std::cout << fmt::format("{:>4}  {}  {:<8} by {:<20} {}\n", revision.revision, revision.at,
                               core::ToCode(revision.operation), revision.actor,
                               revision.operation == core::RevisionOperation::kUpdate
                                   ? "changed: " + ChangedFields(revision.before, revision.after)
                                   : "");
    }
  });
}

}  // namespace readout::cli
