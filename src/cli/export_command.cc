#include <cstdio>
#include <fstream>
#include <iostream>

#include "cli/command.h"
#include "core/record_service.h"
#include "io/bundle.h"
#include "io/case_import.h"

namespace readout::cli {

void AddExportCommand(CLI::App& app, CommandState& state) {
  auto* command = app.add_subcommand(
      "export",
      "Write the whole database, with its history, as one JSON bundle; or with --type one table of people, cases "
      "or legal events in the columns `readout import --type` reads");
  auto path = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  auto type = std::make_shared<std::string>();
  auto format = std::make_shared<std::string>("csv");
  AddDatabaseOption(*command, *path);
  command->add_option("--out", *out, "Output file; - writes to standard output")->required();
  command->add_option("--type", *type, "Export a table: people, cases or legal_events");
  command->add_option("--format", *format, "Table format: csv (default) or json");
  command->callback([path, out, type, format, &state] {
    auto store = OpenStore(*path);
    if (!store) {
      state.exit_code = ReportFailure(store.error());
      return;
    }
    std::string text;
    std::string summary;
    if (!type->empty()) {
      auto table_type = io::ParseTableType(*type);
      if (!table_type || *table_type == io::TableType::kDetainees) {
        state.exit_code =
            ReportFailure(core::Error::Invalid("type", "must be people, cases or legal_events; got " + *type));
        return;
      }
      if (*format != "csv" && *format != "json") {
        state.exit_code = ReportFailure(core::Error::Invalid("format", "must be csv or json; got " + *format));
        return;
      }
      core::RecordService records(**store);
      auto table = io::ExportTable(records, *table_type, *format == "json" ? io::InputFormat::kJson
                                                                          : io::InputFormat::kCsv);
      if (!table) {
        state.exit_code = ReportFailure(table.error());
        return;
      }
      text = std::move(*table);
      summary = "Exported " + *type;
    } else {
      auto bundle = (*store)->Export();
      if (!bundle) {
        state.exit_code = ReportFailure(bundle.error());
        return;
      }
      text = io::BundleToJsonText(*bundle);
      summary = "Exported " + std::to_string(bundle->records.size()) + " records and " +
                std::to_string(bundle->revisions.size()) + " revisions";
    }
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
    std::cerr << summary << " to " << *out << "\n";
  });
}

}  // namespace readout::cli
