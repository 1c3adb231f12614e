#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "core/record_service.h"
#include "io/bundle.h"
#include "io/case_import.h"
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

bool ReadFile(const std::string& file, std::string& out) {
  std::ostringstream buffer;
  if (file == "-") {
    buffer << std::cin.rdbuf();
  } else {
    std::ifstream in(file, std::ios::binary);
    if (!in) return false;
    buffer << in.rdbuf();
  }
  out = buffer.str();
  return true;
}

// What `readout import FILE --type T ...` was given.
struct TableOptions {
  std::string type;
  std::string format;
  std::string encoding;
  std::vector<std::string> maps;
  std::string map_file;
  std::vector<std::string> ignored;
  bool dry_run = false;
  bool skip_bad_rows = false;
  std::string rejects;
};

// Imports a people/cases/legal_events/detainees table (docs/import.md);
// returns the exit code.
int ImportTable(const std::string& file, const std::string& text, const TableOptions& given,
                core::RecordService& records) {
  io::ImportOptions options;
  auto type = io::ParseTableType(given.type);
  if (!type) {
    return ReportFailure(core::Error::Invalid("type", "must be people, cases, legal_events or detainees; got " +
                                                          given.type));
  }
  options.type = *type;
  for (const auto& spec : given.maps) {
    if (auto added = io::AddMapping(options.mapping, spec); !added) return ReportFailure(added.error());
  }
  if (!given.map_file.empty()) {
    std::string mapping_text;
    if (!ReadFile(given.map_file, mapping_text)) {
      return ReportFailure(core::Error::Unavailable("cannot read " + given.map_file));
    }
    if (auto added = io::AddMappingFile(options.mapping, mapping_text); !added) return ReportFailure(added.error());
  }
  for (const auto& header : given.ignored) io::IgnoreColumn(options.mapping, header);

  std::string format = given.format;
  if (format.empty()) format = file.size() > 5 && file.ends_with(".json") ? "json" : "csv";
  if (format != "csv" && format != "json") {
    return ReportFailure(core::Error::Invalid("format", "must be csv or json; got " + format));
  }
  auto table = io::ReadTable(text, format == "json" ? io::InputFormat::kJson : io::InputFormat::kCsv, given.encoding);
  if (!table) return ReportFailure(table.error());
  auto plan = io::PlanImport(*table, options, records);
  if (!plan) return ReportFailure(plan.error());

  for (const auto& warning : plan->warnings) std::cerr << "readout: warning: " << warning << "\n";
  for (const auto& problem : plan->problems) std::cerr << "  " << io::Describe(problem) << "\n";
  const std::size_t rows = table->rows.size();
  const std::size_t bad = plan->bad_rows.size();
  const std::string counts = std::to_string(plan->people) + " people, " + std::to_string(plan->cases) + " cases, " +
                             std::to_string(plan->legal_events) + " legal events";
  if (given.dry_run) {
    if (bad > 0) {
      std::cerr << "readout: dry run: " << bad << " of " << rows << " rows are bad (listed above); the other rows "
                << "would import " << counts << "; nothing was written\n";
      return 1;
    }
    std::cout << "Dry run: all " << rows << " rows are good and would import " << counts
              << "; nothing was written\n";
    return 0;
  }
  if (bad > 0 && !given.skip_bad_rows) {
    std::cerr << "readout: " << bad << " of " << rows << " rows are bad (listed above); nothing was imported "
              << "(fix them, or give --skip-bad-rows to import the rest)\n";
    return 1;
  }
  if (bad > 0) {
    const std::string rejects = given.rejects.empty() ? (file == "-" ? "rejects.csv" : file + ".rejects.csv")
                                                      : given.rejects;
    std::ofstream out(rejects, std::ios::binary | std::ios::trunc);
    out << io::RejectsCsv(*table, *plan);
    out.flush();
    if (!out) return ReportFailure(core::Error::Unavailable("cannot write the rejects to " + rejects));
    std::cerr << "readout: skipped " << bad << " bad rows; they are in " << rejects << "\n";
  }
  if (auto applied = io::ApplyImport(*plan, records); !applied) return ReportFailure(applied.error());
  std::cout << "Imported " << counts << " from " << (rows - bad) << " rows\n";
  return 0;
}

}  // namespace

void AddImportCommand(CLI::App& app, CommandState& state) {
  auto* command = app.add_subcommand(
      "import",
      "Import a bundle written by `readout export` (or a records file), or with --type a CSV/JSON table of people, "
      "cases, legal events or detainees (docs/import.md); all or nothing");
  auto path = std::make_shared<std::string>();
  auto file = std::make_shared<std::string>();
  auto table = std::make_shared<TableOptions>();
  AddDatabaseOption(*command, *path);
  command->add_option("FILE", *file, "Bundle, records file or table; - reads standard input")->required();
  command->add_option("--type", table->type, "Import a table: people, cases, legal_events or detainees");
  command->add_option("--format", table->format, "Table format: csv or json (default: from the file name, else csv)");
  command->add_option("--encoding", table->encoding,
                      "Table encoding: utf-8, utf-16, gb18030, big5, windows-1252, macintosh (default: detect)");
  command->add_option("--map", table->maps, "Map a column: 'Header=field', or 'Header=-' to drop it (repeatable)");
  command->add_option("--map-file", table->map_file, "File of Header=field lines");
  command->add_option("--ignore-column", table->ignored, "Drop a column (repeatable)");
  command->add_flag("--dry-run", table->dry_run, "Check every row and report every problem; write nothing");
  command->add_flag("--skip-bad-rows", table->skip_bad_rows,
                    "Import the good rows and write the bad ones to the rejects file");
  command->add_option("--rejects", table->rejects, "Rejects file (default: FILE.rejects.csv)");
  command->callback([path, file, table, &state] {
    std::string text;
    if (!ReadFile(*file, text)) {
      state.exit_code = ReportFailure(core::Error::Unavailable("cannot read " + *file));
      return;
    }
    auto store = OpenStore(*path);
    if (!store) {
      state.exit_code = ReportFailure(store.error());
      return;
    }
    core::RecordService records(**store);
    if (!table->type.empty()) {
      state.exit_code = ImportTable(*file, text, *table, records);
      return;
    }
    if (table->dry_run || table->skip_bad_rows || !table->maps.empty() || !table->encoding.empty()) {
      state.exit_code = ReportFailure(core::Error::Invalid(
          "type", "--dry-run, --skip-bad-rows, --map and --encoding apply to tables; give --type"));
      return;
    }
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
