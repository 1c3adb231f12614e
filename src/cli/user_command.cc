// `readout user ...`: accounts from the command line (the first admin, and
// recovery when no admin can sign in). One-time passwords and API tokens go
// to stdout once and nowhere else: never to a log, never to the audit log.
#include <iostream>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "auth/accounts.h"
#include "auth/audit.h"
#include "cli/command.h"

namespace readout::cli {
namespace {

// The actor of audit entries written from the command line: whoever runs it
// has the database itself, so there is no account to name.
constexpr std::string_view kCliActor = "system";

// An open database with its accounts: the store, and the same object seen as
// the AccountStore (both stores implement it beside core::Store).
struct Accounts {
  std::unique_ptr<core::Store> records;
  auth::AccountStore* store = nullptr;
};

core::Result<Accounts> OpenAccounts(const std::string& path) {
  auto records = OpenStore(path);
  if (!records) return core::Fail(records.error());
  auto* accounts = dynamic_cast<auth::AccountStore*>(records->get());
  if (accounts == nullptr) {
    return core::Fail(core::Error::Unavailable("the database " + path + " keeps no accounts"));
  }
  return Accounts{std::move(*records), accounts};
}

// Opens the database, finds USERNAME, runs `act` on it and audits `action`.
// Exit code 0, or 1 with the reason on stderr.
template <typename Act>
int WithUser(const std::string& path, const std::string& username, std::string_view action, Act act) {
  auto opened = OpenAccounts(path);
  if (!opened) return ReportFailure(opened.error());
  auth::AccountService service(*opened->store);
  auto user = service.FindUserByName(username);
  if (!user) return ReportFailure(user.error());
  auto detail = act(service, *user);
  if (!detail) return ReportFailure(detail.error());
  auth::AuditLog audit(*opened->store);
  if (auto logged = audit.Record(kCliActor, action, "", "command line: " + *detail); !logged) {
    return ReportFailure(logged.error());
  }
  return 0;
}

void AddUserAdd(CLI::App& user, CommandState& state) {
  auto* command = user.add_subcommand("add", "Create a user; prints a one-time password, once, on stdout");
  auto path = std::make_shared<std::string>();
  auto username = std::make_shared<std::string>();
  auto role = std::make_shared<std::string>();
  auto name = std::make_shared<std::string>();
  AddDatabaseOption(*command, *path);
  command->add_option("USERNAME", *username, "Lower case letters, digits, '.', '_' and '-', 2 to 64 characters")
      ->required();
  command->add_option("--role", *role, "contributor, editor, reviewer or admin")->required();
  command->add_option("--name", *name, "Display name, shown as the actor of writes (default: the username)");
  command->callback([=, &state] {
    auto parsed_role = auth::ParseRole(*role);
    if (!parsed_role) {
      state.exit_code = ReportFailure(parsed_role.error());
      return;
    }
    auto opened = OpenAccounts(*path);
    if (!opened) {
      state.exit_code = ReportFailure(opened.error());
      return;
    }
    auth::AccountService service(*opened->store);
    auto added = service.AddUser(*username, name->empty() ? *username : *name, *parsed_role);
    if (!added) {
      state.exit_code = ReportFailure(added.error());
      return;
    }
    const auto& [created, password] = *added;
    auth::AuditLog audit(*opened->store);
    if (auto logged = audit.Record(kCliActor, "user.add", "",
                                   fmt::format("command line: user {}, role {}", created.username,
                                               auth::ToCode(created.role)));
        !logged) {
      state.exit_code = ReportFailure(logged.error());
      return;
    }
    std::cout << fmt::format("Added {} ({}) as {}.\n", created.username, created.display_name,
                             auth::ToCode(created.role))
              << "One-time password (shown only now; it must be changed at the first sign-in):\n"
              << "  " << password << "\n";
  });
}

void AddUserList(CLI::App& user, CommandState& state) {
  auto* command = user.add_subcommand("list", "List the users: role, second factor, disabled");
  auto path = std::make_shared<std::string>();
  AddDatabaseOption(*command, *path);
  command->callback([=, &state] {
    auto opened = OpenAccounts(*path);
    if (!opened) {
      state.exit_code = ReportFailure(opened.error());
      return;
    }
    auth::AccountService service(*opened->store);
    auto users = service.ListUsers();
    if (!users) {
      state.exit_code = ReportFailure(users.error());
      return;
    }
    std::cout << fmt::format("{:<24} {:<12} {:<6} {:<9} {}\n", "USERNAME", "ROLE", "2FA", "STATE", "NAME");
    for (const auth::User& u : *users) {
      const char* account_state = u.disabled ? "disabled" : u.must_change_password ? "new" : "active";
      std::cout << fmt::format("{:<24} {:<12} {:<6} {:<9} {}\n", u.username, auth::ToCode(u.role),
                               u.totp_secret.empty() ? "no" : "yes", account_state, u.display_name);
    }
  });
}

// disable, enable, reset-2fa: USERNAME and one AccountService call.
template <typename Act>
void AddUserAction(CLI::App& user, CommandState& state, const char* name, const char* help, std::string action,
                   std::string done, Act act) {
  auto* command = user.add_subcommand(name, help);
  auto path = std::make_shared<std::string>();
  auto username = std::make_shared<std::string>();
  AddDatabaseOption(*command, *path);
  command->add_option("USERNAME", *username, "The user's username")->required();
  command->callback([=, &state] {
    state.exit_code = WithUser(*path, *username, action,
                               [&](auth::AccountService& service, const auth::User& u) -> core::Result<std::string> {
                                 if (auto acted = act(service, u); !acted) return core::Fail(acted.error());
                                 return "user " + u.username;
                               });
    if (state.exit_code == 0) std::cout << *username << ": " << done << "\n";
  });
}

void AddUserToken(CLI::App& user, CommandState& state) {
  auto* command = user.add_subcommand("token", "Issue an API token for a user's scripts; prints it once on stdout");
  auto path = std::make_shared<std::string>();
  auto username = std::make_shared<std::string>();
  auto label = std::make_shared<std::string>();
  AddDatabaseOption(*command, *path);
  command->add_option("USERNAME", *username, "The user the token acts as")->required();
  command->add_option("--label", *label, "What the token is for, e.g. \"nightly import\"")->default_val("cli");
  command->callback([=, &state] {
    std::string token;
    state.exit_code = WithUser(*path, *username, "token.issue",
                               [&](auth::AccountService& service, const auth::User& u) -> core::Result<std::string> {
                                 auto issued = service.IssueApiToken(u.id, *label);
                                 if (!issued) return core::Fail(issued.error());
                                 token = std::move(*issued);
                                 return "user " + u.username + ", label " + *label;
                               });
    // Printed after the audit entry is written: a token the log does not
    // know of is never handed out.
    if (state.exit_code == 0) {
      std::cout << "API token for " << *username << " (shown only now; send it as 'Authorization: Bearer …'):\n"
                << "  " << token << "\n";
    }
  });
}

void AddUserGrant(CLI::App& user, CommandState& state) {
  auto* command = user.add_subcommand("grant", "Let a user read one restricted record");
  auto path = std::make_shared<std::string>();
  auto username = std::make_shared<std::string>();
  auto record_id = std::make_shared<std::string>();
  AddDatabaseOption(*command, *path);
  command->add_option("USERNAME", *username, "The user's username")->required();
  command->add_option("RECORD_ID", *record_id, "The restricted record, e.g. per_li-wei")->required();
  command->callback([=, &state] {
    auto opened = OpenAccounts(*path);
    if (!opened) {
      state.exit_code = ReportFailure(opened.error());
      return;
    }
    if (auto record = opened->records->Get(*record_id); !record) {
      state.exit_code = ReportFailure(record.error());
      return;
    }
    auth::AccountService service(*opened->store);
    auto u = service.FindUserByName(*username);
    if (!u) {
      state.exit_code = ReportFailure(u.error());
      return;
    }
    if (auto granted = service.Grant(u->id, *record_id); !granted) {
      state.exit_code = ReportFailure(granted.error());
      return;
    }
    auth::AuditLog audit(*opened->store);
    if (auto logged = audit.Record(kCliActor, "user.grant", *record_id, "command line: user " + u->username);
        !logged) {
      state.exit_code = ReportFailure(logged.error());
      return;
    }
    std::cout << fmt::format("{} may read {}\n", u->username, *record_id);
  });
}

}  // namespace

void AddUserCommand(CLI::App& app, CommandState& state) {
  auto* user = app.add_subcommand("user", "Manage user accounts: add, list, disable, enable, reset-2fa, token, grant");
  user->require_subcommand(1);
  AddUserAdd(*user, state);
  AddUserList(*user, state);
  using auth::AccountService;
  using auth::User;
  AddUserAction(*user, state, "disable", "Disable a user: ends their sessions and API tokens", "user.disable",
                "disabled; their sessions and API tokens are ended",
                [](AccountService& s, const User& u) { return s.SetDisabled(u.id, true); });
  AddUserAction(*user, state, "enable", "Enable a disabled user again", "user.enable", "enabled",
                [](AccountService& s, const User& u) { return s.SetDisabled(u.id, false); });
  AddUserAction(*user, state, "reset-2fa",
                "Clear a user's second factor and recovery codes: the next sign-in enrols again", "user.reset_2fa",
                "second factor cleared; the next sign-in enrols again",
                [](AccountService& s, const User& u) { return s.ResetSecondFactor(u.id); });
  AddUserToken(*user, state);
  AddUserGrant(*user, state);
}

}  // namespace readout::cli
