// readout: the command-line entry point. See README.md and `readout --help`.
#include <exception>
#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/command.h"

int main(int argc, char** argv) {
  CLI::App app{"Readout: keeps human-rights dialogues between governments accountable"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "readout 0.1.0");
  readout::cli::CommandState state;
  readout::cli::AddInitCommand(app, state);
  readout::cli::AddServeCommand(app, state);
  readout::cli::AddDemoCommand(app, state);
  readout::cli::AddImportCommand(app, state);
  readout::cli::AddExportCommand(app, state);
  readout::cli::AddHistoryCommand(app, state);
  readout::cli::AddReindexCommand(app, state);
  readout::cli::AddPublishCommand(app, state);
  readout::cli::AddUserCommand(app, state);
  readout::cli::AddAuditCommand(app, state);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    // A bug, not an expected failure: still one line, never a stack trace.
    std::cerr << "readout: internal error: " << e.what() << "\n";
    return 70;
  }
  return state.exit_code;
}
