#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>

#include <pthread.h>

#include <sodium.h>

#include "auth/accounts.h"
#include "auth/audit.h"
#include "auth/purge.h"
#include "cli/command.h"
#include "core/accountability.h"
#include "core/record_service.h"
#include "intake/intake_service.h"
#include "publish/i18n.h"
#include "publish/site.h"
#include "search/search.h"
#include "web/search_handler.h"
#include "web/server.h"

namespace readout::cli {
namespace {

// A number in [low, high]. Written here rather than with CLI::Range, which
// lets "nan" through (every comparison with NaN is false). CLI11 prefixes the
// message with the flag's name: "--perfunctory-below: must be ...".
CLI::Validator NumberFrom(double low, double high) {
  const auto text = [](double v) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", v);
    return std::string(buffer);
  };
  const std::string range = text(low) + " to " + text(high);
  return CLI::Validator(
      [low, high, range](std::string& input) -> std::string {
        char* end = nullptr;
        const double value = std::strtod(input.c_str(), &end);
        if (end == input.c_str() || *end != '\0' || !std::isfinite(value) || value < low || value > high) {
          return "must be a number from " + range + "; got '" + input + "'";
        }
        return {};
      },
      "NUMBER " + range);
}

// The score flags (docs/scores.md): one per core::ScoreSettings field, its
// default the field's default.
void AddScoreOptions(CLI::App& command, core::ScoreSettings& s) {
  command.add_option("--perfunctory-below", s.perfunctory_below,
                     "A round or engagement scoring below this (0 to 1) is labelled perfunctory")
      ->default_val(s.perfunctory_below)
      ->check(NumberFrom(0, 1));
  command.add_option("--readout-due-days", s.readout_due_days,
                     "Days after a round's last day by which a public account is due, unless the dialogue sets its own")
      ->default_val(s.readout_due_days)
      ->check(NumberFrom(1, 3650));
  command.add_option("--commitment-follow-up-days", s.commitment_follow_up_days,
                     "Days after which an open commitment with no follow-up raises an alert")
      ->default_val(s.commitment_follow_up_days)
      ->check(NumberFrom(1, 36500));
  const struct {
    const char* flag;
    double* weight;
    const char* what;
  } weights[] = {
      {"--weight-measurable-benchmarks", &s.weight_measurable_benchmarks, "benchmarks with a measurable criterion"},
      {"--weight-progress", &s.weight_progress, "benchmarks rated as progress"},
      {"--weight-substantive-replies", &s.weight_substantive_replies, "asks with a substantive reply"},
      {"--weight-case-information", &s.weight_case_information, "cases raised with information provided"},
      {"--weight-readout", &s.weight_readout, "the readout: published on time, detailed and complete"},
  };
  for (const auto& w : weights) {
    command.add_option(w.flag, *w.weight, std::string("Weight (0 to 100) in the round score of ") + w.what)
        ->default_val(*w.weight)
        ->check(NumberFrom(0, 100));
  }
}

// What the per-flag checks cannot see: the weights together.
core::Status ValidateScoreSettings(const core::ScoreSettings& s) {
  if (s.weight_measurable_benchmarks + s.weight_progress + s.weight_substantive_replies + s.weight_case_information +
          s.weight_readout <= 0) {
    return core::Fail(core::Error::Invalid("score weights",
                                           "--weight-measurable-benchmarks, --weight-progress, "
                                           "--weight-substantive-replies, --weight-case-information and "
                                           "--weight-readout are all 0: at least one must be above 0"));
  }
  return {};
}

}  // namespace

void AddServeCommand(CLI::App& app, CommandState& state) {
  auto* command = app.add_subcommand("serve", "Serve the web site and the JSON API");
  struct Options {
    std::string db;
    std::string bind = "127.0.0.1";
    unsigned short port = 8080;
    int threads = 2;
    std::string index;
    std::string public_origin;
    int requests_per_minute = 600;
    core::ScoreSettings scores;
  };
  auto options = std::make_shared<Options>();
  AddDatabaseOption(*command, options->db);
  command->add_option("--port", options->port, "TCP port")->default_val(8080);
  command->add_option("--bind", options->bind, "Address to listen on (127.0.0.1 keeps it private to this machine)")
      ->default_val("127.0.0.1");
  AddIndexOption(*command, options->index);
  command->add_option("--threads", options->threads, "Worker threads")->default_val(2)->check(CLI::Range(1, 64));
  command->add_option("--public-origin", options->public_origin,
                      "The origin browsers see, e.g. https://readout.example.org behind a TLS proxy: turns on "
                      "Secure cookies and HSTS, and changes must come from it (docs/security.md)");
  command->add_option("--requests-per-minute", options->requests_per_minute,
                      "Requests per minute per client address before 429 (0: no limit)")
      ->default_val(600)
      ->check(CLI::Range(0, 1000000));
  AddScoreOptions(*command, options->scores);
  command->callback([options, &state] {
    if (core::Status valid = ValidateScoreSettings(options->scores); !valid) {
      state.exit_code = ReportFailure(valid.error());
      return;
    }
    if (sodium_init() < 0) {
      state.exit_code = ReportFailure(core::Error::Internal("libsodium failed to initialise"));
      return;
    }
    auto store = OpenStore(options->db);
    if (!store) {
      state.exit_code = ReportFailure(store.error());
      return;
    }
    core::RecordService records(**store);
    const publish::Catalogs catalogs;
    publish::SiteOptions site_options;
    site_options.score_settings = options->scores;
    const publish::Site site(records, catalogs, std::move(site_options));

    // Search: the index is derived, so any failure here leaves the server
    // running without search (503 saying why), never refusing to start.
    web::ServerOptions server_options;
    std::unique_ptr<search::SearchIndex> index;
    {
      search::IndexOptions index_options;
      index_options.facet_hook = web::CaseStatusFacetHook(records, site);
      const std::string dir = IndexDirFor(options->db, options->index);
      auto opened = search::SearchIndex::Open(dir, std::move(index_options));
      if (!opened) {
        // The reason as the 503 gives it to anyone; the full message (with the path) goes to the console only.
        server_options.search_unavailable = opened.error().code == core::ErrorCode::kUnavailable
                                                ? "its index is in use by another process or could not be read"
                                                : "its index could not be opened";
        std::cerr << "readout: search is off: " << opened.error().message << "\n";
      } else {
        index = std::move(*opened);
        if (core::Status caught_up = index->CatchUp(**store); !caught_up) {
          std::cerr << "readout: search index catch-up failed (searches will retry): " << caught_up.error().message
                    << "\n";
        }
        server_options.search_index = index.get();
      }
    }
    server_options.bind = options->bind;
    server_options.port = options->port;
    server_options.threads = options->threads;
    server_options.requests_per_minute = options->requests_per_minute;
    if (!options->public_origin.empty() && options->public_origin.rfind("https://", 0) != 0 &&
        options->public_origin.rfind("http://", 0) != 0) {
      state.exit_code = ReportFailure(core::Error::Invalid(
          "--public-origin", "must be an origin such as https://readout.example.org (scheme and host, no path)"));
      return;
    }
    if (!options->public_origin.empty() && options->public_origin.back() == '/') options->public_origin.pop_back();
    server_options.public_origin = options->public_origin;

    // Accounts, the audit log and purges live in the same database: both
    // stores are also the auth::AccountStore (`readout user add` makes users).
    auto* account_store = dynamic_cast<auth::AccountStore*>(store->get());
    if (account_store == nullptr) {
      state.exit_code = ReportFailure(core::Error::Internal("this store keeps no accounts"));
      return;
    }
    auth::AccountService accounts(*account_store);
    auth::AuditLog audit(*account_store);
    auth::PurgeService purge(
        **store, *account_store, audit,
        [&index, &store](std::string_view record_id) -> core::Status {
          if (!index) return {};
          return index->RemoveWithoutTrace(record_id, **store);
        });
    server_options.accounts = &accounts;
    server_options.audit = &audit;
    server_options.purge = &purge;
    intake::IntakeService intake(*account_store, records);  // /send and /moderation (public input)
    server_options.intake = &intake;

    // Block SIGINT/SIGTERM before the server starts its threads, so every thread
    // inherits the mask and the signal reaches the sigwait below.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    web::Server server(records, site, catalogs, server_options);
    if (auto started = server.Start(); !started) {
      state.exit_code = ReportFailure(started.error());
      return;
    }
    std::cout << "Readout is serving http://" << options->bind << ":" << server.port() << "/\n";
    if (!options->public_origin.empty()) std::cout << "Public origin: " << options->public_origin << "\n";
    std::cout << "Press Ctrl-C to stop." << std::endl;

    int received = 0;
    sigwait(&signals, &received);
    std::cout << "Stopping." << std::endl;
    server.Stop();
    server.Wait();
  });
}

}  // namespace readout::cli
