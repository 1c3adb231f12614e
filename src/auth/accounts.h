// Accounts: users, sign-in with a second factor, server-side sessions, API
// tokens and per-record grants, over an AccountStore. The web module asks
// it who a request's caller is; the CLI (`readout user ...`) manages users
// with it. Knows nothing of HTTP: cookies and headers are the web module's.
//
// Sessions: 128-bit random tokens, stored only as their SHA-256, ending after
// 30 minutes idle or 12 hours in all, on logout and on password change.
// A session passes through stages before it may do anything: change a
// one-time password, enrol a second factor (required for editors, reviewers
// and admins), enter the current code; only kActive sessions act for the user.
//
// Sign-in answers the same kUnauthorized "username or password is wrong"
// whether or not the user exists (and does the same argon2 work), and is
// throttled per account and per address (auth/throttle.h): kTooManyRequests.
//
// Thread-safety: safe from many threads; state lives in the AccountStore
// and in the throttles.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/account_store.h"
#include "auth/permissions.h"
#include "auth/throttle.h"
#include "core/status.h"

namespace readout::auth {

struct User {
  std::string id;                // "usr_" + 16 hex characters
  std::string username;          // unique; lower case [a-z0-9._-], 2..64 characters
  std::string display_name;      // shown as the actor of writes and readout steps
  Role role = Role::kContributor;
  std::string password_hash;     // auth/password.h
  bool must_change_password = false;  // set by `user add` and first run: the password was shown once
  std::string totp_secret;       // base32; "" when not enrolled
  std::int64_t totp_last_step = 0;
  std::vector<std::string> recovery_code_hashes;  // unused codes only
  std::vector<std::string> granted_record_ids;    // restricted records this user may read
  bool disabled = false;
  std::int64_t created_at = 0;   // unix seconds
  std::int64_t password_changed_at = 0;
};

enum class SessionStage {
  kChangePassword,  // signed in with a one-time password: must choose a new one
  kEnrolSecondFactor,
  kSecondFactor,    // password right; waiting for the TOTP or a recovery code
  kActive,
};

struct Session {
  std::string token_hash;        // SHA-256 hex of the cookie's token (the store key)
  std::string user_id;
  SessionStage stage = SessionStage::kSecondFactor;
  std::string csrf_token;        // 128-bit random hex, for forms and the X-CSRF-Token header
  std::string pending_totp_secret;  // during kEnrolSecondFactor
  std::int64_t created_at = 0;
  std::int64_t last_seen_at = 0;
  std::int64_t reauthenticated_at = 0;  // sign-in counts; 0 when never
};

inline constexpr std::int64_t kSessionIdleSeconds = 30 * 60;
inline constexpr std::int64_t kSessionAbsoluteSeconds = 12 * 60 * 60;
inline constexpr std::int64_t kReauthenticationSeconds = 5 * 60;  // how long a re-authentication counts

// Who a valid session or API token belongs to, as the web module needs it.
struct Principal {
  User user;
  SessionStage stage = SessionStage::kActive;  // kActive for API tokens
  std::string csrf_token;                      // "" for API tokens (not sent by browsers: no CSRF)
  bool via_api_token = false;
  bool recently_reauthenticated = false;       // within kReauthenticationSeconds
};

// What sign-in and the stage steps answer: the session's token (set it as
// the cookie; empty when unchanged) and the stage it is now in.
struct SignIn {
  std::string session_token;
  SessionStage stage = SessionStage::kActive;
};

struct AccountOptions {
  std::function<std::int64_t()> now;  // unix seconds; default: the system clock
  int attempts_per_account = 10;      // failed sign-ins per account per 15 minutes
  int attempts_per_address = 50;      // failed sign-ins per address per 15 minutes
};

class AccountService {
 public:
  AccountService(AccountStore& store, AccountOptions options = {});

  // --- administration (admin pages and `readout user`) ---
  // Creates a user with a one-time password, returned once (never stored in
  // clear). kInvalidArgument naming `username`/`display_name`/`role`;
  // kConflict when the username is taken.
  core::Result<std::pair<User, std::string>> AddUser(std::string_view username, std::string_view display_name,
                                                     Role role);
  core::Result<std::vector<User>> ListUsers();
  core::Result<User> FindUser(std::string_view user_id);
  core::Result<User> FindUserByName(std::string_view username);
  // Disabling ends every session and API token of the user.
  core::Status SetDisabled(std::string_view user_id, bool disabled);
  core::Status SetRole(std::string_view user_id, Role role);
  // Clears the second factor and the recovery codes and ends the user's
  // sessions: the next sign-in must enrol again.
  core::Status ResetSecondFactor(std::string_view user_id);
  // A new one-time password (returned once); ends the user's sessions.
  core::Result<std::string> ResetPassword(std::string_view user_id);
  core::Status Grant(std::string_view user_id, std::string_view record_id);
  core::Status Revoke(std::string_view user_id, std::string_view record_id);

  // --- sign-in and session stages ---
  // `address` is the client's address, used only as an in-memory throttle key.
  core::Result<SignIn> SignInWithPassword(std::string_view username, std::string_view password,
                                          std::string_view address);
  // kSecondFactor -> kActive with a TOTP code or an unused recovery code
  // (which is then spent). kUnauthorized "the code is wrong or already used".
  core::Result<SignIn> CompleteSecondFactor(std::string_view session_token, std::string_view code,
                                            std::string_view address);
  // kChangePassword (or an active session, with the current password) -> the
  // next stage. Ends every other session of the user and issues a new token.
  core::Result<SignIn> ChangePassword(std::string_view session_token, std::string_view current_password,
                                      std::string_view new_password);
  // Starts enrolment: the secret to show (text and otpauth URI), kept on the session until confirmed.
  core::Result<std::string> BeginEnrolment(std::string_view session_token);
  // Confirms with a code from the app; returns the recovery codes, shown once.
  core::Result<std::vector<std::string>> ConfirmEnrolment(std::string_view session_token, std::string_view code);
  // Password and (when enrolled) a TOTP code again: opens the short window in
  // which publishing, purging and exporting restricted data are allowed.
  core::Status Reauthenticate(std::string_view session_token, std::string_view password, std::string_view code,
                              std::string_view address);
  core::Status SignOut(std::string_view session_token);

  // The principal of a session token in any stage, or nullopt when unknown,
  // expired (removed then) or its user disabled. Touches last_seen_at at most
  // once a minute, so reads do not write on every request.
  core::Result<std::optional<Principal>> ResolveSession(std::string_view session_token);

  // --- API tokens (for scripts; act as the user, in stage kActive) ---
  // Returns the token, shown once; kPermissionDenied when the user must have
  // a second factor and has none.
  core::Result<std::string> IssueApiToken(std::string_view user_id, std::string_view label);
  core::Result<std::optional<Principal>> ResolveApiToken(std::string_view token);
  // An API request's re-authentication: the user's current TOTP code (sent in
  // X-Readout-Reauth). Spends the code's step like a sign-in.
  core::Status ReauthenticateApi(std::string_view user_id, std::string_view code, std::string_view address);

 private:
  AccountStore& store_;
  AccountOptions options_;
  Throttle per_account_;
  Throttle per_address_;
};

// JSON codecs of the documents (the store keeps them opaque).
std::string EncodeUser(const User& user);
core::Result<User> DecodeUser(std::string_view json);
std::string EncodeSession(const Session& session);
core::Result<Session> DecodeSession(std::string_view json);

// SHA-256 hex (libsodium), for token and code hashes.
std::string Sha256Hex(std::string_view bytes);
// `bytes` random bytes as lower-case hex.
std::string RandomHex(std::size_t bytes);

}  // namespace readout::auth
