// `readout audit verify|list`: the audit log from the command line.
// verify exits 0 when the chain is intact and 1 when it is broken (or can not
// be read), naming the first broken row, so cron or a monitor can run it.
#include <cstdint>
#include <iostream>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "auth/account_store.h"
#include "auth/audit.h"
#include "cli/command.h"

namespace readout::cli {
namespace {

core::Result<std::unique_ptr<core::Store>> OpenWithAccounts(const std::string& path) {
  auto store = OpenStore(path);
  if (!store) return core::Fail(store.error());
  if (dynamic_cast<auth::AccountStore*>(store->get()) == nullptr) {
    return core::Fail(core::Error::Unavailable("the database " + path + " keeps no audit log"));
  }
  return store;
}

auth::AccountStore& AccountsOf(const std::unique_ptr<core::Store>& store) {
  return dynamic_cast<auth::AccountStore&>(*store);
}

void AddAuditVerify(CLI::App& audit, CommandState& state) {
  auto* command = audit.add_subcommand(
      "verify", "Check every row of the audit log's hash chain; exit 1 naming the first broken row");
  auto path = std::make_shared<std::string>();
  AddDatabaseOption(*command, *path);
  command->callback([=, &state] {
    auto store = OpenWithAccounts(*path);
    if (!store) {
      state.exit_code = ReportFailure(store.error());
      return;
    }
    auth::AccountStore& accounts = AccountsOf(*store);
    auth::AuditLog log(accounts);
    auto verification = log.Verify();
    if (!verification) {
      state.exit_code = ReportFailure(verification.error());
      return;
    }
    if (!verification->intact) {
      std::cerr << fmt::format("readout: audit log broken at row {}: {}\n", verification->first_broken_sequence,
                               verification->problem);
      state.exit_code = 1;
      return;
    }
    // The newest hash: noted somewhere else (a ticket, a signed mail), it
    // lets a later check see that no row was rewritten with hashes recomputed
    // or cut from the end, which the chain alone can not show.
    std::string head = "none";
    if (verification->rows > 0) {
      auto last = accounts.ReadAudit(verification->rows - 1, 1);
      if (last && !last->empty()) head = last->front().hash;
    }
    std::cout << fmt::format("audit log intact: {} rows; newest row {} has hash {}\n", verification->rows,
                             verification->rows, head);
  });
}

void AddAuditList(CLI::App& audit, CommandState& state) {
  auto* command = audit.add_subcommand("list", "Show the newest audit entries: who, when, what (never the values)");
  auto path = std::make_shared<std::string>();
  auto limit = std::make_shared<std::int64_t>(20);
  auto before = std::make_shared<std::int64_t>(0);
  AddDatabaseOption(*command, *path);
  command->add_option("--limit", *limit, "How many entries, 1 to 1000")->default_val(20);
  command->add_option("--before", *before, "Show entries older than this row (0: from the newest)")->default_val(0);
  command->callback([=, &state] {
    auto store = OpenWithAccounts(*path);
    if (!store) {
      state.exit_code = ReportFailure(store.error());
      return;
    }
    auth::AuditLog log(AccountsOf(*store));
    auto recent = log.Recent(*before, *limit);
    if (!recent) {
      // The service names `limit`/`before`; the user typed --limit/--before.
      core::Error error = recent.error();
      for (auto& field : error.fields) field.field = "--" + field.field;
      if (error.code == core::ErrorCode::kInvalidArgument) error = core::Error::Invalid(error.fields);
      state.exit_code = ReportFailure(error);
      return;
    }
    for (const auth::AuditView& row : *recent) {
      const std::string target = !row.target_id.empty() ? row.target_id : row.target_purged ? "(purged)" : "-";
      std::cout << fmt::format("{:>6}  {}  {:<16} {:<24} {:<28} {}\n", row.sequence, row.entry.at, row.entry.actor,
                               row.entry.action, target, row.entry.detail);
    }
  });
}

}  // namespace

void AddAuditCommand(CLI::App& app, CommandState& state) {
  auto* audit = app.add_subcommand("audit", "The audit log: verify its hash chain, list recent entries");
  audit->require_subcommand(1);
  AddAuditVerify(*audit, state);
  AddAuditList(*audit, state);
}

}  // namespace readout::cli
