#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "core/record_service.h"
#include "io/bundle.h"
#include "io/records_file.h"

namespace readout::cli {
namespace {

// Bundles carry history; records files carry records only. Both are JSON with a "format" field.
std::string DetectFormat(const std::string& text) {
  try {
    auto doc = nlohmann::json::parse(text);
    if (doc.is_object() && doc.contains("format") && doc["format"].is_string()) return doc["format"];
  } catch (const nlohmann::json::exception&) {
    // Not JSON: the bundle parser reports the position of the error below.
  }
  return "readout-bundle";
}

}  // namespace

void AddImportCommand(CLI::App& app, CommandState& state) {
  auto* command = app.add_subcommand(
      "import", "Import a bundle written by `readout export` (or a records file); all or nothing");
  auto path = std::make_shared<std::string>();
  auto file = std::make_shared<std::string>();
  AddDatabaseOption(*command, *path);
  command->add_option("FILE", *file, "Bundle or records file (JSON); - reads standard input")->required();
  command->callback([path, file, &state] {
    std::ostringstream buffer;
    if (*file == "-") {
      buffer << std::cin.rdbuf();
    } else {
      std::ifstream in(*file, std::ios::binary);
      if (!in) {
        state.exit_code = ReportFailure(core::Error::Unavailable("cannot read " + *file));
        return;
      }
      buffer << in.rdbuf();
    }
    const std::string text = buffer.str();
    auto store = OpenStore(*path);
    if (!store) {
      state.exit_code = ReportFailure(store.error());
      return;
    }
    core::RecordService records(**store);
    if (DetectFormat(text) == "readout-records") {
      auto loaded = io::LoadRecordsFile(text, records, core::Actor{"import"});
      if (!loaded) {
        state.exit_code = ReportFailure(loaded.error());
        return;
      }
      std::cout << "Imported " << loaded->records << " records\n";
      return;
    }
    auto bundle = io::BundleFromJsonText(text);
    if (!bundle) {
      state.exit_code = ReportFailure(bundle.error());
      return;
    }
    if (auto imported = records.Import(*bundle); !imported) {
      state.exit_code = ReportFailure(imported.error());
      return;
    }
    std::cout << "Imported " << bundle->records.size() << " records and " << bundle->revisions.size()
              << " revisions\n";
  });
}

}  // namespace readout::cli
