// `readout reindex`, and the search index's place beside the database, which
// `readout serve` shares (docs/search.md, "For the web layer").
#include <iostream>
#include <utility>

#include "cli/command.h"
#include "core/record_service.h"
#include "publish/i18n.h"
#include "publish/site.h"
#include "web/search_handler.h"

namespace readout::cli {

std::string IndexDirFor(const std::string& db, const std::string& index_option) {
  if (!index_option.empty()) return index_option;
  return (db.empty() ? std::string(kDefaultDatabase) : db) + ".search";
}

void AddIndexOption(CLI::App& command, std::string& dir) {
  command.add_option("--index", dir,
                     "Directory of the search index (default: the database path + \".search\"); "
                     "derived from the database, safe to delete");
}

void AddReindexCommand(CLI::App& app, CommandState& state) {
  auto* command =
      app.add_subcommand("reindex", "Rebuild the search index from the database (the index is derived; nothing is lost)");
  struct Options {
    std::string db;
    std::string index;
  };
  auto options = std::make_shared<Options>();
  AddDatabaseOption(*command, options->db);
  AddIndexOption(*command, options->index);
  command->callback([options, &state] {
    auto store = OpenStore(options->db);
    if (!store) {
      state.exit_code = ReportFailure(store.error());
      return;
    }
    core::RecordService records(**store);
    const publish::Catalogs catalogs;
    const publish::Site site(records, catalogs);
    search::IndexOptions index_options;
    index_options.facet_hook = web::CaseStatusFacetHook(records, site);
    const std::string dir = IndexDirFor(options->db, options->index);
    auto index = search::SearchIndex::Open(dir, std::move(index_options));
    if (!index) {
      state.exit_code = ReportFailure(index.error());
      return;
    }
    if (core::Status rebuilt = (*index)->Rebuild(**store); !rebuilt) {
      state.exit_code = ReportFailure(rebuilt.error());
      return;
    }
    std::cout << "Rebuilt the search index in " << dir << ": " << (*index)->DocumentCount()
              << " documents, up to change " << (*index)->AppliedSequence() << ".\n";
  });
}

}  // namespace readout::cli
