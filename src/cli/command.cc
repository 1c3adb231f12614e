#include "cli/command.h"

#include <filesystem>
#include <iostream>

#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"

namespace readout::cli {

core::Result<std::unique_ptr<core::Store>> OpenStore(const std::string& path) {
  if (store::PostgresStore::IsUrl(path)) {
    auto shared = store::PostgresStore::Open(path);
    if (!shared) return core::Fail(shared.error());
    return std::unique_ptr<core::Store>(std::move(*shared));
  }
  const auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) {
    std::error_code ignored_if_exists;
    std::filesystem::create_directories(parent, ignored_if_exists);
  }
  auto store = store::SqliteStore::Open(path);
  if (!store) return core::Fail(store.error());
  return std::unique_ptr<core::Store>(std::move(*store));
}

int ReportFailure(const core::Error& error) {
  std::cerr << "readout: " << error.message << "\n";
  if (error.fields.size() > 1) {
    for (const auto& field : error.fields) std::cerr << "  " << field.field << ": " << field.problem << "\n";
  }
  return 1;
}

void AddDatabaseOption(CLI::App& command, std::string& path) {
  command.add_option("--db", path, "SQLite database file, or a postgresql:// URL of a PostgreSQL database")
      ->default_val(kDefaultDatabase);
}

}  // namespace readout::cli
