#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/command.h"
#include "core/record_service.h"
#include "io/records_file.h"
#include "resources/resources.h"

namespace readout::cli {
namespace {

constexpr const char* kDemoResource = "data/demo/us-china.json";

}  // namespace

void AddDemoCommand(CLI::App& app, CommandState& state) {
  auto* command = app.add_subcommand("demo", "Load the demo dialogue (US–China, rounds 2012, 2013 and 2015)");
  auto path = std::make_shared<std::string>();
  auto file = std::make_shared<std::string>();
  AddDatabaseOption(*command, *path);
  command->add_option("--file", *file, "Load this records file instead of the built-in demo data");
  command->callback([path, file, &state] {
    std::string text;
    if (file->empty()) {
      const auto* demo = resources::Find(kDemoResource);
      if (demo == nullptr) {
        state.exit_code = ReportFailure(core::Error::Internal("the demo data is missing from this build"));
        return;
      }
      text = std::string(demo->data);
    } else {
      std::ifstream in(*file, std::ios::binary);
      if (!in) {
        state.exit_code = ReportFailure(core::Error::Unavailable("cannot read " + *file));
        return;
      }
      std::ostringstream buffer;
      buffer << in.rdbuf();
      text = buffer.str();
    }
    auto store = OpenStore(*path);
    if (!store) {
      state.exit_code = ReportFailure(store.error());
      return;
    }
    core::RecordService records(**store);
    auto loaded = io::LoadRecordsFile(text, records, core::Actor{"demo"});
    if (!loaded) {
      state.exit_code = ReportFailure(loaded.error());
      return;
    }
    std::cout << "Loaded " << loaded->records << " demo records into " << *path << "\n";
  });
}

}  // namespace readout::cli
