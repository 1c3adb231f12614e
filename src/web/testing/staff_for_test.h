// StaffForTest: real accounts for tests of the web module and the server.
// Creates users through auth::AccountService (over a MemoryAccountStore, or
// a store the test gives), makes them ready without the sign-in pages (a
// known password, a second factor enrolled, no one-time password to
// change), and hands out what a client sends: an API token for
// "Authorization: Bearer", or a signed-in session's cookie token.
//
// A user is named by its display name, which is also the actor of its writes
// (web/access.h): Token("Ed") is Ed's token, created on first use.
//
// Not for production use. Thread-safety: one test thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "auth/account_store.h"
#include "auth/accounts.h"
#include "auth/audit.h"
#include "auth/testing/memory_account_store.h"
#include "web/app.h"

namespace readout::web::testing {

class StaffForTest {
 public:
  // `store` null: an in-memory store owned here. `now` (unix seconds) drives
  // sessions, codes and the audit log; default: the system clock.
  explicit StaffForTest(auth::AccountStore* store = nullptr, std::function<std::int64_t()> now = {});
  StaffForTest(const StaffForTest&) = delete;
  StaffForTest& operator=(const StaffForTest&) = delete;

  static constexpr std::string_view kPassword = "correct horse battery staple";

  // The ready user named `display_name`; created with `role` on first use
  // (later calls return it as it is, whatever `role` says). Aborts the test
  // binary (std::logic_error) when the account service refuses.
  const auth::User& User(std::string_view display_name, auth::Role role = auth::Role::kAdmin);
  // A new API token of that user.
  std::string Token(std::string_view display_name, auth::Role role = auth::Role::kAdmin);
  // "Bearer " + the user's API token (one per user, issued once and reused).
  std::string Bearer(std::string_view display_name, auth::Role role = auth::Role::kAdmin);
  // Signs the user in with password and TOTP code: the session cookie's token, stage kActive.
  std::string SignIn(std::string_view display_name, auth::Role role = auth::Role::kAdmin);
  // The user's current TOTP code at `now` (for re-authentication).
  std::string Code(std::string_view display_name);

  // AppOptions with these accounts and this audit log (the rest default).
  AppOptions Options();

  auth::AccountService& accounts() { return *accounts_; }
  auth::AuditLog& audit() { return *audit_; }
  auth::AccountStore& store() { return *store_; }

 private:
  struct Entry {
    auth::User user;
    std::string totp_secret;
    std::vector<std::string> recovery_codes;  // unspent
    std::string bearer;
    bool has_password = false;
  };
  Entry& Ready(std::string_view display_name, auth::Role role);
  std::int64_t Now() const;

  std::unique_ptr<auth::testing::MemoryAccountStore> owned_store_;
  auth::AccountStore* store_;
  std::function<std::int64_t()> now_;
  std::unique_ptr<auth::AccountService> accounts_;
  std::unique_ptr<auth::AuditLog> audit_;
  std::map<std::string, Entry, std::less<>> users_;
};

}  // namespace readout::web::testing
