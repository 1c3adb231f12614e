// Subcommands of the `readout` executable. Each Add*Command registers one
// subcommand on the CLI11 app; its callback sets the process exit code.
//
// cli is the only module that chooses a Store implementation (OpenStore).
// Failures print one line, "readout: <reason>", to stderr and exit non-zero.
#pragma once

#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "core/status.h"
#include "core/store.h"

namespace readout::cli {

// Where commands put their exit code; main returns it.
struct CommandState {
  int exit_code = 0;
};

void AddInitCommand(CLI::App& app, CommandState& state);
void AddServeCommand(CLI::App& app, CommandState& state);
void AddDemoCommand(CLI::App& app, CommandState& state);
void AddImportCommand(CLI::App& app, CommandState& state);
void AddExportCommand(CLI::App& app, CommandState& state);
void AddHistoryCommand(CLI::App& app, CommandState& state);
void AddReindexCommand(CLI::App& app, CommandState& state);
void AddPublishCommand(CLI::App& app, CommandState& state);
void AddUserCommand(CLI::App& app, CommandState& state);   // user_command.cc
void AddAuditCommand(CLI::App& app, CommandState& state);  // audit_command.cc

// The search index directory: `index_option` when set, else `<db>.search`.
std::string IndexDirFor(const std::string& db, const std::string& index_option);
// Adds the --index option of serve and reindex.
void AddIndexOption(CLI::App& command, std::string& dir);

// The database every command opens unless --db says otherwise.
inline constexpr const char* kDefaultDatabase = "var/readout.db";

// Opens (creating and migrating if needed) the SQLite database at `path`, or
// the PostgreSQL database when `path` is a postgresql:// (or postgres://) URL.
core::Result<std::unique_ptr<core::Store>> OpenStore(const std::string& path);

// Prints "readout: <message>" (and each field problem on its own line) and returns 1.
int ReportFailure(const core::Error& error);

// Adds the --db option shared by every command.
void AddDatabaseOption(CLI::App& command, std::string& path);

}  // namespace readout::cli
