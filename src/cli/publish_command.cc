// `readout publish`: writes the static public site (publish/static_site.h).
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "cli/command.h"
#include "core/record_service.h"
#include "publish/i18n.h"
#include "publish/site.h"
#include "publish/static_site.h"
#include "store/public_snapshot_store.h"

namespace readout::cli {

void AddPublishCommand(CLI::App& app, CommandState& state) {
  auto* command = app.add_subcommand(
      "publish",
      "Write the public site as static files (every public page in English, Simplified and Traditional Chinese, "
      "feeds, downloads and a search that runs in the browser) into a folder any web host can serve");
  struct Options {
    std::string db;
    std::string out;
    bool no_pdf = false;
    int threads = 0;
  };
  auto options = std::make_shared<Options>();
  options->db = kDefaultDatabase;
  AddDatabaseOption(*command, options->db);
  command->add_option("--out", options->out, "Folder to write; files it no longer produces are removed")
      ->required();
  command->add_flag("--no-pdf", options->no_pdf, "Skip the PDF downloads of readouts (the slowest part)");
  command->add_option("--threads", options->threads, "Rendering threads; 0: one per core")
      ->default_val(0)
      ->check(CLI::Range(0, 256));
  command->callback([options, &state] {
    const auto start = std::chrono::steady_clock::now();
    auto store = OpenStore(options->db);
    if (!store) {
      state.exit_code = ReportFailure(store.error());
      return;
    }
    // Every page is rendered from one in-memory copy of the public records
    // (store/public_snapshot_store.h): each record is read once instead of
    // once per page and language, and nothing non-public is in reach.
    auto snapshot = store::PublicSnapshotStore::Load(**store);
    if (!snapshot) {
      state.exit_code = ReportFailure(snapshot.error());
      return;
    }
    core::RecordService records(**snapshot);
    const publish::Catalogs catalogs;
    const publish::Site site(records, catalogs);
    publish::StaticSiteOptions site_options;
    site_options.out_dir = options->out;
    site_options.pdf = !options->no_pdf;
    site_options.threads = options->threads;
    auto report = publish::PublishStaticSite(records, site, catalogs, site_options);
    if (!report) {
      state.exit_code = ReportFailure(report.error());
      return;
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << fmt::format(
        "Published {} pages ({} files, {:.1f} MB) to {}: {} written, {} removed, in {:.2f} s ({:.0f} pages/s)\n",
        report->pages, report->files, static_cast<double>(report->bytes) / 1e6, options->out, report->written,
        report->removed, seconds, seconds > 0 ? static_cast<double>(report->pages) / seconds : 0.0);
  });
}

}  // namespace readout::cli
