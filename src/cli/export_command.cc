#include <cstdio>
#include <fstream>
#include <iostream>

#include "cli/command.h"
#include "core/record_service.h"
#include "io/bundle.h"

namespace readout::cli {

void AddExportCommand(CLI::App& app, CommandState& state) {
  auto* command = app.add_subcommand("export", "Write the whole database, with its history, as one JSON bundle");
  auto path = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  AddDatabaseOption(*command, *path);
  command->add_option("--out", *out, "Output file; - writes to standard output")->required();
  command->callback([path, out, &state] {
    auto store = OpenStore(*path);
    if (!store) {
      state.exit_code = ReportFailure(store.error());
      return;
    }
    auto bundle = (*store)->Export();
    if (!bundle) {
      state.exit_code = ReportFailure(bundle.error());
      return;
    }
    const std::string text = io::BundleToJsonText(*bundle);
    if (*out == "-") {
      std::cout << text;
      return;
    }
    // Write beside the target and rename, so an interrupted export never leaves half a file.
    const std::string temporary = *out + ".partial";
    {
      std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
      file << text;
      file.flush();
      if (!file) {
        state.exit_code = ReportFailure(core::Error::Unavailable("cannot write " + temporary));
        return;
      }
    }
    if (std::rename(temporary.c_str(), out->c_str()) != 0) {
      state.exit_code = ReportFailure(core::Error::Unavailable("cannot rename " + temporary + " to " + *out));
      return;
    }
    std::cerr << "Exported " << bundle->records.size() << " records and " << bundle->revisions.size()
              << " revisions to " << *out << "\n";
  });
}

}  // namespace readout::cli
