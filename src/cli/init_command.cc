#include <iostream>

#include "cli/command.h"

namespace readout::cli {

void AddInitCommand(CLI::App& app, CommandState& state) {
  auto* command = app.add_subcommand("init", "Create the database, or bring its schema up to date");
  auto path = std::make_shared<std::string>();
  AddDatabaseOption(*command, *path);
  command->callback([path, &state] {
    auto store = OpenStore(*path);
    if (!store) {
      state.exit_code = ReportFailure(store.error());
      return;
    }
    std::cout << "Database ready: " << *path << "\n";
  });
}

}  // namespace readout::cli
