#include "auth/accounts.h"

#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>
#include <utility>

#include "auth/crypto_init.h"
#include "auth/password.h"
#include "auth/totp.h"

namespace readout::auth {
namespace {

using nlohmann::json;

constexpr std::chrono::seconds kThrottleWindow{15 * 60};
constexpr std::int64_t kTouchSeconds = 60;  // last_seen_at is written at most this often
constexpr int kUpdateAttempts = 5;          // CAS retries for administrative updates

core::Error Unauthorized(std::string message) {
  return core::Error{core::ErrorCode::kUnauthorized, std::move(message), {}};
}
core::Error Denied(std::string message) {
  return core::Error{core::ErrorCode::kPermissionDenied, std::move(message), {}};
}
core::Error TooMany() {
  return core::Error{core::ErrorCode::kTooManyRequests,
                     "too many failed attempts; wait 15 minutes and try again", {}};
}
core::Error WrongPassword() { return Unauthorized("username or password is wrong"); }
core::Error WrongCode() { return Unauthorized("the code is wrong or already used"); }
core::Error SessionEnded() { return Unauthorized("the session has ended; sign in again"); }

std::string_view StageCode(SessionStage stage) {
  switch (stage) {
    case SessionStage::kChangePassword: return "change_password";
    case SessionStage::kEnrolSecondFactor: return "enrol_second_factor";
    case SessionStage::kSecondFactor: return "second_factor";
    case SessionStage::kActive: return "active";
  }
  return "active";
}

std::optional<SessionStage> ParseStage(std::string_view code) {
  for (SessionStage s : {SessionStage::kChangePassword, SessionStage::kEnrolSecondFactor,
                         SessionStage::kSecondFactor, SessionStage::kActive}) {
    if (StageCode(s) == code) return s;
  }
  return std::nullopt;
}

// --- JSON reading, each failure naming its field ---

core::Result<json> ParseObject(std::string_view text, std::string_view what) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return core::Fail(core::Error::Invalid(std::string(what), "must be a JSON object"));
  }
  return j;
}

core::Status ReadString(const json& j, const char* field, bool required, std::string& out) {
  auto it = j.find(field);
  if (it == j.end() || it->is_null()) {
    if (required) return core::Fail(core::Error::Invalid(field, "is required"));
    return {};
  }
  if (!it->is_string()) return core::Fail(core::Error::Invalid(field, "must be a string"));
  out = it->get<std::string>();
  return {};
}

core::Status ReadInt(const json& j, const char* field, std::int64_t& out) {
  auto it = j.find(field);
  if (it == j.end() || it->is_null()) return {};
  if (!it->is_number_integer()) return core::Fail(core::Error::Invalid(field, "must be an integer"));
  out = it->get<std::int64_t>();
  return {};
}

core::Status ReadBool(const json& j, const char* field, bool& out) {
  auto it = j.find(field);
  if (it == j.end() || it->is_null()) return {};
  if (!it->is_boolean()) return core::Fail(core::Error::Invalid(field, "must be true or false"));
  out = it->get<bool>();
  return {};
}

core::Status ReadStrings(const json& j, const char* field, std::vector<std::string>& out) {
  auto it = j.find(field);
  if (it == j.end() || it->is_null()) return {};
  if (!it->is_array()) return core::Fail(core::Error::Invalid(field, "must be an array of strings"));
  out.clear();
  for (std::size_t i = 0; i < it->size(); ++i) {
    const json& item = (*it)[i];
    if (!item.is_string()) {
      return core::Fail(core::Error::Invalid(std::string(field) + "[" + std::to_string(i) + "]", "must be a string"));
    }
    out.push_back(item.get<std::string>());
  }
  return {};
}

#define READOUT_AUTH_TRY(expr)            \
  do {                                    \
    auto _status = (expr);                \
    if (!_status) return core::Fail(std::move(_status.error())); \
  } while (false)

// --- validation of administrative input ---

core::Status CheckUsername(std::string_view username) {
  if (username.size() < 2 || username.size() > 64) {
    return core::Fail(core::Error::Invalid("username", "must be 2 to 64 characters; got " +
                                                           std::to_string(username.size())));
  }
  for (char c : username) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok) {
      return core::Fail(core::Error::Invalid(
          "username", "may hold only lower-case letters a-z, digits and . _ -; got '" + std::string(username) + "'"));
    }
  }
  return {};
}

core::Status CheckDisplayName(std::string_view name) {
  const bool blank = std::all_of(name.begin(), name.end(), [](char c) { return c == ' ' || c == '\t'; });
  if (blank) return core::Fail(core::Error::Invalid("display_name", "is required"));
  if (name.size() > 200) return core::Fail(core::Error::Invalid("display_name", "must be at most 200 bytes"));
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7f) return core::Fail(core::Error::Invalid("display_name", "must not hold control characters"));
  }
  return {};
}

bool ValidRole(Role role) {
  return role == Role::kContributor || role == Role::kEditor || role == Role::kReviewer || role == Role::kAdmin;
}

// A user's id follows from the username, so creating a user is one
// compare-and-swap create: two requests adding the same name cannot both
// win, and sign-in finds the user without listing them all. (A username is
// therefore never reused, which keeps the audit log's actors unambiguous.)
std::string UserIdFor(std::string_view username) { return "usr_" + Sha256Hex(username).substr(0, 16); }

// A token from a cookie or header: lower-case hex of the expected length.
bool WellFormedToken(std::string_view token, std::size_t hex_chars) {
  if (token.size() != hex_chars) return false;
  return std::all_of(token.begin(), token.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

constexpr std::size_t kSessionTokenHex = 32;   // 128 bits
constexpr std::string_view kApiTokenPrefix = "rdt_";
constexpr std::size_t kApiTokenHex = 64;       // 256 bits

std::string EncodeApiToken(std::string_view user_id, std::string_view label, std::int64_t created_at) {
  return json{{"user_id", user_id}, {"label", label}, {"created_at", created_at}}.dump();
}

SessionStage StageAfterPassword(const User& user) {
  if (user.must_change_password) return SessionStage::kChangePassword;
  if (!user.totp_secret.empty()) return SessionStage::kSecondFactor;
  if (RequiresSecondFactor(user.role)) return SessionStage::kEnrolSecondFactor;
  return SessionStage::kActive;
}

}  // namespace

// --- codecs ---

std::string EncodeUser(const User& user) {
  return json{{"id", user.id},
              {"username", user.username},
              {"display_name", user.display_name},
              {"role", ToCode(user.role)},
              {"password_hash", user.password_hash},
              {"must_change_password", user.must_change_password},
              {"totp_secret", user.totp_secret},
              {"totp_last_step", user.totp_last_step},
              {"recovery_code_hashes", user.recovery_code_hashes},
              {"granted_record_ids", user.granted_record_ids},
              {"disabled", user.disabled},
              {"created_at", user.created_at},
              {"password_changed_at", user.password_changed_at}}
      .dump();
}

core::Result<User> DecodeUser(std::string_view text) {
  auto parsed = ParseObject(text, "user");
  if (!parsed) return core::Fail(parsed.error());
  const json& j = *parsed;
  User user;
  std::string role;
  READOUT_AUTH_TRY(ReadString(j, "id", true, user.id));
  READOUT_AUTH_TRY(ReadString(j, "username", true, user.username));
  READOUT_AUTH_TRY(ReadString(j, "display_name", false, user.display_name));
  READOUT_AUTH_TRY(ReadString(j, "role", true, role));
  auto parsed_role = ParseRole(role);
  if (!parsed_role) return core::Fail(parsed_role.error());
  user.role = *parsed_role;
  READOUT_AUTH_TRY(ReadString(j, "password_hash", true, user.password_hash));
  READOUT_AUTH_TRY(ReadBool(j, "must_change_password", user.must_change_password));
  READOUT_AUTH_TRY(ReadString(j, "totp_secret", false, user.totp_secret));
  READOUT_AUTH_TRY(ReadInt(j, "totp_last_step", user.totp_last_step));
  READOUT_AUTH_TRY(ReadStrings(j, "recovery_code_hashes", user.recovery_code_hashes));
  READOUT_AUTH_TRY(ReadStrings(j, "granted_record_ids", user.granted_record_ids));
  READOUT_AUTH_TRY(ReadBool(j, "disabled", user.disabled));
  READOUT_AUTH_TRY(ReadInt(j, "created_at", user.created_at));
  READOUT_AUTH_TRY(ReadInt(j, "password_changed_at", user.password_changed_at));
  return user;
}

std::string EncodeSession(const Session& session) {
  return json{{"token_hash", session.token_hash},
              {"user_id", session.user_id},
              {"stage", StageCode(session.stage)},
              {"csrf_token", session.csrf_token},
              {"pending_totp_secret", session.pending_totp_secret},
              {"created_at", session.created_at},
              {"last_seen_at", session.last_seen_at},
              {"reauthenticated_at", session.reauthenticated_at}}
      .dump();
}

core::Result<Session> DecodeSession(std::string_view text) {
  auto parsed = ParseObject(text, "session");
  if (!parsed) return core::Fail(parsed.error());
  const json& j = *parsed;
  Session session;
  std::string stage;
  READOUT_AUTH_TRY(ReadString(j, "token_hash", true, session.token_hash));
  READOUT_AUTH_TRY(ReadString(j, "user_id", true, session.user_id));
  READOUT_AUTH_TRY(ReadString(j, "stage", true, stage));
  auto parsed_stage = ParseStage(stage);
  if (!parsed_stage) {
    return core::Fail(core::Error::Invalid(
        "stage", "must be change_password, enrol_second_factor, second_factor or active; got '" + stage + "'"));
  }
  session.stage = *parsed_stage;
  READOUT_AUTH_TRY(ReadString(j, "csrf_token", false, session.csrf_token));
  READOUT_AUTH_TRY(ReadString(j, "pending_totp_secret", false, session.pending_totp_secret));
  READOUT_AUTH_TRY(ReadInt(j, "created_at", session.created_at));
  READOUT_AUTH_TRY(ReadInt(j, "last_seen_at", session.last_seen_at));
  READOUT_AUTH_TRY(ReadInt(j, "reauthenticated_at", session.reauthenticated_at));
  return session;
}

std::string Sha256Hex(std::string_view bytes) {
  internal::EnsureSodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  // An empty view's data() may be null, which libsodium declares it never is.
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.empty() ? "" : bytes.data()), bytes.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string(hex, crypto_hash_sha256_BYTES * 2);
}

std::string RandomHex(std::size_t bytes) {
  internal::EnsureSodium();
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string hex(bytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
  hex.pop_back();
  return hex;
}

// --- the service ---

namespace {

struct VersionedUser {
  User user;
  std::int64_t version = 0;
};

struct VersionedSession {
  Session session;
  std::int64_t version = 0;
};

// The service's steps, kept out of the header (the class is not a friend:
// it uses only the store and the codecs).
class AccountServiceInternals {
 public:
  static std::int64_t Now(const AccountOptions& options) {
    if (options.now) return options.now();
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
  }

  static core::Result<std::optional<VersionedUser>> LoadUser(AccountStore& store, std::string_view user_id) {
    auto doc = store.GetDocument(kUsers, user_id);
    if (!doc) return core::Fail(doc.error());
    if (!*doc) return std::optional<VersionedUser>();
    auto user = DecodeUser((*doc)->body);
    if (!user) return core::Fail(core::Error::Internal("stored user " + std::string(user_id) +
                                                       " does not decode: " + user.error().message));
    return std::optional<VersionedUser>(VersionedUser{std::move(*user), (*doc)->version});
  }

  static core::Result<VersionedUser> MustLoadUser(AccountStore& store, std::string_view user_id) {
    auto loaded = LoadUser(store, user_id);
    if (!loaded) return core::Fail(loaded.error());
    if (!*loaded) return core::Fail(core::Error::NotFound("no user with id " + std::string(user_id)));
    return std::move(**loaded);
  }

  // Loads, changes and writes back a user, retrying when another request
  // changed it in between (administrative edits commute).
  static core::Result<User> UpdateUser(AccountStore& store, std::string_view user_id,
                                       const std::function<core::Status(User&)>& change) {
    for (int attempt = 0; attempt < kUpdateAttempts; ++attempt) {
      auto loaded = MustLoadUser(store, user_id);
      if (!loaded) return core::Fail(loaded.error());
      auto changed = change(loaded->user);
      if (!changed) return core::Fail(changed.error());
      auto put = store.PutDocument(kUsers, user_id, loaded->version, EncodeUser(loaded->user));
      if (put) return loaded->user;
      if (put.error().code != core::ErrorCode::kConflict) return core::Fail(put.error());
    }
    return core::Fail(core::Error::Conflict("user " + std::string(user_id) + " kept changing; try again"));
  }

  // Writes `user` only if nobody changed it since `version`: spending a TOTP
  // step or a recovery code must not be won by two racing requests.
  static core::Status PutUserIfUnchanged(AccountStore& store, const User& user, std::int64_t version) {
    auto put = store.PutDocument(kUsers, user.id, version, EncodeUser(user));
    if (!put) return core::Fail(put.error());
    return {};
  }

  static core::Result<std::optional<VersionedSession>> LoadSession(AccountStore& store, std::string_view token) {
    if (!WellFormedToken(token, kSessionTokenHex)) return std::optional<VersionedSession>();
    const std::string hash = Sha256Hex(token);
    auto doc = store.GetDocument(kSessions, hash);
    if (!doc) return core::Fail(doc.error());
    if (!*doc) return std::optional<VersionedSession>();
    auto session = DecodeSession((*doc)->body);
    if (!session) {
      // An unreadable session is ended rather than trusted.
      (void)store.DeleteDocument(kSessions, hash);
      return std::optional<VersionedSession>();
    }
    return std::optional<VersionedSession>(VersionedSession{std::move(*session), (*doc)->version});
  }

  static bool Expired(const Session& session, std::int64_t now) {
    return now - session.last_seen_at > kSessionIdleSeconds || now - session.created_at > kSessionAbsoluteSeconds;
  }

  // A live session and its user, or kUnauthorized (ending the session when it
  // expired or its user is gone or disabled).
  static core::Result<std::pair<VersionedSession, VersionedUser>> LiveSession(AccountStore& store,
                                                                              std::string_view token,
                                                                              std::int64_t now) {
    auto loaded = LoadSession(store, token);
    if (!loaded) return core::Fail(loaded.error());
    if (!*loaded) return core::Fail(SessionEnded());
    VersionedSession session = std::move(**loaded);
    if (Expired(session.session, now)) {
      (void)store.DeleteDocument(kSessions, session.session.token_hash);
      return core::Fail(SessionEnded());
    }
    auto user = LoadUser(store, session.session.user_id);
    if (!user) return core::Fail(user.error());
    if (!*user || (*user)->user.disabled) {
      (void)store.DeleteDocument(kSessions, session.session.token_hash);
      return core::Fail(SessionEnded());
    }
    return std::make_pair(std::move(session), std::move(**user));
  }

  static core::Status PutSession(AccountStore& store, const Session& session, std::int64_t version) {
    auto put = store.PutDocument(kSessions, session.token_hash, version, EncodeSession(session));
    if (!put) {
      if (put.error().code == core::ErrorCode::kConflict || put.error().code == core::ErrorCode::kNotFound) {
        return core::Fail(SessionEnded());  // ended or changed by another request meanwhile
      }
      return core::Fail(put.error());
    }
    return {};
  }

  // A new session in `stage`; returns its token.
  static core::Result<std::string> CreateSession(AccountStore& store, const User& user, SessionStage stage,
                                                 std::int64_t now, std::int64_t reauthenticated_at) {
    const std::string token = RandomHex(kSessionTokenHex / 2);
    Session session;
    session.token_hash = Sha256Hex(token);
    session.user_id = user.id;
    session.stage = stage;
    session.csrf_token = RandomHex(16);
    session.created_at = now;
    session.last_seen_at = now;
    session.reauthenticated_at = reauthenticated_at;
    auto put = store.PutDocument(kSessions, session.token_hash, 0, EncodeSession(session));
    if (!put) return core::Fail(put.error());
    return token;
  }

  static core::Status EndSessions(AccountStore& store, std::string_view user_id) {
    auto docs = store.ListDocuments(kSessions);
    if (!docs) return core::Fail(docs.error());
    for (const Document& doc : *docs) {
      auto session = DecodeSession(doc.body);
      if (session && session->user_id != user_id) continue;
      auto deleted = store.DeleteDocument(kSessions, doc.key);
      if (!deleted) return deleted;
    }
    return {};
  }

  static core::Status EndApiTokens(AccountStore& store, std::string_view user_id) {
    auto docs = store.ListDocuments(kApiTokens);
    if (!docs) return core::Fail(docs.error());
    for (const Document& doc : *docs) {
      json j = json::parse(doc.body, nullptr, false);
      const bool mine = j.is_object() && j.value("user_id", std::string()) == user_id;
      if (!mine && j.is_object()) continue;
      auto deleted = store.DeleteDocument(kApiTokens, doc.key);
      if (!deleted) return deleted;
    }
    return {};
  }

  // Checks `code` as a TOTP code (or, when `allow_recovery`, a recovery
  // code) and spends it with a compare-and-swap write of the user. False
  // when wrong, reused or lost to a racing request.
  static core::Result<bool> SpendCode(AccountStore& store, VersionedUser& user, std::string_view code,
                                      std::int64_t now, bool allow_recovery) {
    User next = user.user;
    bool matched = false;
    if (!next.totp_secret.empty()) {
      if (auto step = VerifyTotp(next.totp_secret, code, now, next.totp_last_step)) {
        next.totp_last_step = *step;
        matched = true;
      }
    }
    if (!matched && allow_recovery && !code.empty()) {
      const std::string hash = HashRecoveryCode(code);
      auto it = std::find(next.recovery_code_hashes.begin(), next.recovery_code_hashes.end(), hash);
      if (it != next.recovery_code_hashes.end()) {
        next.recovery_code_hashes.erase(it);
        matched = true;
      }
    }
    if (!matched) return false;
    auto put = PutUserIfUnchanged(store, next, user.version);
    if (!put) {
      if (put.error().code == core::ErrorCode::kConflict) return false;
      return core::Fail(put.error());
    }
    user.user = std::move(next);
    user.version += 1;
    return true;
  }
};

using In = AccountServiceInternals;

}  // namespace

AccountService::AccountService(AccountStore& store, AccountOptions options)
    : store_(store),
      options_(std::move(options)),
      per_account_(options_.attempts_per_account, kThrottleWindow),
      per_address_(options_.attempts_per_address, kThrottleWindow) {
  // Computed once per process, here rather than on the first unknown
  // username: otherwise that one sign-in would take twice as long and tell.
  (void)DummyPasswordHash();
}

// --- administration ---

core::Result<std::pair<User, std::string>> AccountService::AddUser(std::string_view username,
                                                                   std::string_view display_name, Role role) {
  std::vector<core::FieldError> problems;
  if (auto s = CheckUsername(username); !s) problems.insert(problems.end(), s.error().fields.begin(), s.error().fields.end());
  if (auto s = CheckDisplayName(display_name); !s) {
    problems.insert(problems.end(), s.error().fields.begin(), s.error().fields.end());
  }
  if (!ValidRole(role)) problems.push_back({"role", "must be contributor, editor, reviewer or admin"});
  if (!problems.empty()) return core::Fail(core::Error::Invalid(std::move(problems)));

  const std::int64_t now = In::Now(options_);
  std::string password = GenerateOneTimePassword();
  auto hash = HashPassword(password);
  if (!hash) return core::Fail(hash.error());
  User user;
  user.id = UserIdFor(username);
  user.username = std::string(username);
  user.display_name = std::string(display_name);
  user.role = role;
  user.password_hash = std::move(*hash);
  user.must_change_password = true;
  user.created_at = now;
  user.password_changed_at = now;
  auto put = store_.PutDocument(kUsers, user.id, 0, EncodeUser(user));
  if (!put) {
    if (put.error().code == core::ErrorCode::kConflict) {
      return core::Fail(core::Error::Conflict("username '" + user.username + "' is taken"));
    }
    return core::Fail(put.error());
  }
  return std::make_pair(std::move(user), std::move(password));
}

core::Result<std::vector<User>> AccountService::ListUsers() {
  auto docs = store_.ListDocuments(kUsers);
  if (!docs) return core::Fail(docs.error());
  std::vector<User> users;
  for (const Document& doc : *docs) {
    auto user = DecodeUser(doc.body);
    if (!user) return core::Fail(core::Error::Internal("stored user " + doc.key + " does not decode: " +
                                                       user.error().message));
    users.push_back(std::move(*user));
  }
  std::sort(users.begin(), users.end(), [](const User& a, const User& b) { return a.username < b.username; });
  return users;
}

core::Result<User> AccountService::FindUser(std::string_view user_id) {
  auto loaded = In::MustLoadUser(store_, user_id);
  if (!loaded) return core::Fail(loaded.error());
  return std::move(loaded->user);
}

core::Result<User> AccountService::FindUserByName(std::string_view username) {
  auto loaded = In::LoadUser(store_, UserIdFor(username));
  if (!loaded) return core::Fail(loaded.error());
  if (!*loaded || (*loaded)->user.username != username) {
    return core::Fail(core::Error::NotFound("no user named '" + std::string(username) + "'"));
  }
  return std::move((*loaded)->user);
}

core::Status AccountService::SetDisabled(std::string_view user_id, bool disabled) {
  auto updated = In::UpdateUser(store_, user_id, [&](User& user) -> core::Status {
    user.disabled = disabled;
    return {};
  });
  if (!updated) return core::Fail(updated.error());
  if (disabled) {
    if (auto s = In::EndSessions(store_, user_id); !s) return s;
    if (auto s = In::EndApiTokens(store_, user_id); !s) return s;
  }
  return {};
}

core::Status AccountService::SetRole(std::string_view user_id, Role role) {
  if (!ValidRole(role)) return core::Fail(core::Error::Invalid("role", "must be contributor, editor, reviewer or admin"));
  auto updated = In::UpdateUser(store_, user_id, [&](User& user) -> core::Status {
    user.role = role;
    return {};
  });
  if (!updated) return core::Fail(updated.error());
  // A new role may need a second factor the user has not enrolled: the next
  // sign-in goes through the stages again.
  return In::EndSessions(store_, user_id);
}

core::Status AccountService::ResetSecondFactor(std::string_view user_id) {
  auto updated = In::UpdateUser(store_, user_id, [&](User& user) -> core::Status {
    user.totp_secret.clear();
    user.totp_last_step = 0;
    user.recovery_code_hashes.clear();
    return {};
  });
  if (!updated) return core::Fail(updated.error());
  return In::EndSessions(store_, user_id);
}

core::Result<std::string> AccountService::ResetPassword(std::string_view user_id) {
  std::string password = GenerateOneTimePassword();
  auto hash = HashPassword(password);
  if (!hash) return core::Fail(hash.error());
  const std::int64_t now = In::Now(options_);
  auto updated = In::UpdateUser(store_, user_id, [&](User& user) -> core::Status {
    user.password_hash = *hash;
    user.must_change_password = true;
    user.password_changed_at = now;
    return {};
  });
  if (!updated) return core::Fail(updated.error());
  if (auto s = In::EndSessions(store_, user_id); !s) return core::Fail(s.error());
  return password;
}

core::Status AccountService::Grant(std::string_view user_id, std::string_view record_id) {
  if (record_id.empty()) return core::Fail(core::Error::Invalid("record_id", "is required"));
  auto updated = In::UpdateUser(store_, user_id, [&](User& user) -> core::Status {
    auto& ids = user.granted_record_ids;
    if (std::find(ids.begin(), ids.end(), record_id) == ids.end()) {
      ids.emplace_back(record_id);
      std::sort(ids.begin(), ids.end());
    }
    return {};
  });
  if (!updated) return core::Fail(updated.error());
  return {};
}

core::Status AccountService::Revoke(std::string_view user_id, std::string_view record_id) {
  if (record_id.empty()) return core::Fail(core::Error::Invalid("record_id", "is required"));
  auto updated = In::UpdateUser(store_, user_id, [&](User& user) -> core::Status {
    std::erase(user.granted_record_ids, std::string(record_id));
    return {};
  });
  if (!updated) return core::Fail(updated.error());
  return {};
}

// --- sign-in and stages ---

core::Result<SignIn> AccountService::SignInWithPassword(std::string_view username, std::string_view password,
                                                        std::string_view address) {
  const std::int64_t now = In::Now(options_);
  if (!per_account_.Allowed(username, now) || !per_address_.Allowed(address, now)) return core::Fail(TooMany());

  std::optional<VersionedUser> user;
  if (CheckUsername(username)) {
    auto loaded = In::LoadUser(store_, UserIdFor(username));
    if (!loaded) return core::Fail(loaded.error());
    if (*loaded && (*loaded)->user.username == username) user = std::move(**loaded);
  }
  // The same argon2 work whether or not the user exists (or is disabled), and
  // the same answer: neither tells an attacker which usernames are real.
  const bool right = VerifyPassword(user ? user->user.password_hash : DummyPasswordHash(), password);
  if (!user || !right || user->user.disabled) {
    per_account_.Hit(username, now);
    per_address_.Hit(address, now);
    return core::Fail(WrongPassword());
  }
  per_account_.Clear(username);

  const SessionStage stage = StageAfterPassword(user->user);
  auto token = In::CreateSession(store_, user->user, stage, now, stage == SessionStage::kActive ? now : 0);
  if (!token) return core::Fail(token.error());
  return SignIn{std::move(*token), stage};
}

core::Result<SignIn> AccountService::CompleteSecondFactor(std::string_view session_token, std::string_view code,
                                                          std::string_view address) {
  const std::int64_t now = In::Now(options_);
  auto live = In::LiveSession(store_, session_token, now);
  if (!live) return core::Fail(live.error());
  auto& [session, user] = *live;
  if (session.session.stage != SessionStage::kSecondFactor) {
    return core::Fail(core::Error::Conflict("this session is not waiting for a second-factor code"));
  }
  if (!per_account_.Allowed(user.user.username, now) || !per_address_.Allowed(address, now)) {
    return core::Fail(TooMany());
  }
  auto spent = In::SpendCode(store_, user, code, now, /*allow_recovery=*/true);
  if (!spent) return core::Fail(spent.error());
  if (!*spent) {
    per_account_.Hit(user.user.username, now);
    per_address_.Hit(address, now);
    return core::Fail(WrongCode());
  }
  per_account_.Clear(user.user.username);
  session.session.stage = SessionStage::kActive;
  session.session.last_seen_at = now;
  session.session.reauthenticated_at = now;
  if (auto s = In::PutSession(store_, session.session, session.version); !s) return core::Fail(s.error());
  return SignIn{"", SessionStage::kActive};
}

core::Result<SignIn> AccountService::ChangePassword(std::string_view session_token,
                                                    std::string_view current_password,
                                                    std::string_view new_password) {
  const std::int64_t now = In::Now(options_);
  auto live = In::LiveSession(store_, session_token, now);
  if (!live) return core::Fail(live.error());
  auto& [session, user] = *live;
  const SessionStage was = session.session.stage;
  if (was != SessionStage::kChangePassword && was != SessionStage::kActive) {
    return core::Fail(core::Error::Conflict("finish signing in before changing the password"));
  }
  if (!per_account_.Allowed(user.user.username, now)) return core::Fail(TooMany());
  // A session in kChangePassword was opened with the one-time password moments
  // ago, so the form need not ask for it again; when given, it is checked.
  const bool skip_current = was == SessionStage::kChangePassword && current_password.empty();
  if (!skip_current && !VerifyPassword(user.user.password_hash, current_password)) {
    per_account_.Hit(user.user.username, now);
    return core::Fail(core::Error::Invalid("current_password", "is wrong"));
  }
  if (auto s = CheckNewPassword(new_password, user.user.username, "new_password"); !s) return core::Fail(s.error());
  const bool same = skip_current ? VerifyPassword(user.user.password_hash, new_password)
                                 : new_password == current_password;
  if (same) return core::Fail(core::Error::Invalid("new_password", "must differ from the current password"));
  auto hash = HashPassword(new_password);
  if (!hash) return core::Fail(hash.error());
  auto updated = In::UpdateUser(store_, user.user.id, [&](User& u) -> core::Status {
    u.password_hash = *hash;
    u.must_change_password = false;
    u.password_changed_at = now;
    return {};
  });
  if (!updated) return core::Fail(updated.error());
  // Every session of the user ends, this one too; a new token replaces it so
  // a token seen before the change is worth nothing after it.
  if (auto s = In::EndSessions(store_, user.user.id); !s) return core::Fail(s.error());
  SessionStage next = SessionStage::kActive;
  std::int64_t reauthenticated_at = session.session.reauthenticated_at;
  if (was == SessionStage::kChangePassword) {
    next = StageAfterPassword(*updated);
    reauthenticated_at = next == SessionStage::kActive ? now : 0;
  }
  auto token = In::CreateSession(store_, *updated, next, now, reauthenticated_at);
  if (!token) return core::Fail(token.error());
  return SignIn{std::move(*token), next};
}

core::Result<std::string> AccountService::BeginEnrolment(std::string_view session_token) {
  const std::int64_t now = In::Now(options_);
  auto live = In::LiveSession(store_, session_token, now);
  if (!live) return core::Fail(live.error());
  auto& [session, user] = *live;
  const SessionStage stage = session.session.stage;
  if (stage != SessionStage::kEnrolSecondFactor && stage != SessionStage::kActive) {
    return core::Fail(core::Error::Conflict("finish signing in before enrolling a second factor"));
  }
  if (!user.user.totp_secret.empty()) {
    return core::Fail(core::Error::Conflict("a second factor is already enrolled; an admin can reset it"));
  }
  session.session.pending_totp_secret = NewTotpSecret();
  if (auto s = In::PutSession(store_, session.session, session.version); !s) return core::Fail(s.error());
  return session.session.pending_totp_secret;
}

core::Result<std::vector<std::string>> AccountService::ConfirmEnrolment(std::string_view session_token,
                                                                        std::string_view code) {
  const std::int64_t now = In::Now(options_);
  auto live = In::LiveSession(store_, session_token, now);
  if (!live) return core::Fail(live.error());
  auto& [session, user] = *live;
  if (session.session.pending_totp_secret.empty()) {
    return core::Fail(core::Error::Conflict("no enrolment was started in this session"));
  }
  if (!user.user.totp_secret.empty()) {
    return core::Fail(core::Error::Conflict("a second factor is already enrolled; an admin can reset it"));
  }
  auto step = VerifyTotp(session.session.pending_totp_secret, code, now, 0);
  if (!step) {
    return core::Fail(core::Error::Invalid("code", "is not the current code of the new secret; check the device's clock"));
  }
  std::vector<std::string> codes = NewRecoveryCodes();
  User next = user.user;
  next.totp_secret = session.session.pending_totp_secret;
  next.totp_last_step = *step;
  next.recovery_code_hashes.clear();
  for (const std::string& c : codes) next.recovery_code_hashes.push_back(HashRecoveryCode(c));
  if (auto s = In::PutUserIfUnchanged(store_, next, user.version); !s) {
    if (s.error().code == core::ErrorCode::kConflict) {
      return core::Fail(core::Error::Conflict("the account changed meanwhile; start the enrolment again"));
    }
    return core::Fail(s.error());
  }
  session.session.pending_totp_secret.clear();
  if (session.session.stage == SessionStage::kEnrolSecondFactor) {
    session.session.stage = SessionStage::kActive;
    session.session.reauthenticated_at = now;
  }
  session.session.last_seen_at = now;
  if (auto s = In::PutSession(store_, session.session, session.version); !s) return core::Fail(s.error());
  return codes;
}

core::Status AccountService::Reauthenticate(std::string_view session_token, std::string_view password,
                                            std::string_view code, std::string_view address) {
  const std::int64_t now = In::Now(options_);
  auto live = In::LiveSession(store_, session_token, now);
  if (!live) return core::Fail(live.error());
  auto& [session, user] = *live;
  if (session.session.stage != SessionStage::kActive) {
    return core::Fail(core::Error::Conflict("finish signing in before re-authenticating"));
  }
  if (!per_account_.Allowed(user.user.username, now) || !per_address_.Allowed(address, now)) {
    return core::Fail(TooMany());
  }
  bool ok = VerifyPassword(user.user.password_hash, password);
  if (ok && !user.user.totp_secret.empty()) {
    auto spent = In::SpendCode(store_, user, code, now, /*allow_recovery=*/false);
    if (!spent) return core::Fail(spent.error());
    ok = *spent;
  }
  if (!ok) {
    per_account_.Hit(user.user.username, now);
    per_address_.Hit(address, now);
    return core::Fail(Unauthorized("the password or the code is wrong"));
  }
  session.session.reauthenticated_at = now;
  session.session.last_seen_at = now;
  return In::PutSession(store_, session.session, session.version);
}

core::Status AccountService::SignOut(std::string_view session_token) {
  if (!WellFormedToken(session_token, kSessionTokenHex)) return {};
  return store_.DeleteDocument(kSessions, Sha256Hex(session_token));
}

core::Result<std::optional<Principal>> AccountService::ResolveSession(std::string_view session_token) {
  const std::int64_t now = In::Now(options_);
  auto live = In::LiveSession(store_, session_token, now);
  if (!live) {
    if (live.error().code == core::ErrorCode::kUnauthorized) return std::optional<Principal>();
    return core::Fail(live.error());
  }
  auto& [session, user] = *live;
  // A session older than the password's last change was ended by it (the
  // change deletes them; this covers a store that lost the race).
  if (session.session.created_at < user.user.password_changed_at) {
    (void)store_.DeleteDocument(kSessions, session.session.token_hash);
    return std::optional<Principal>();
  }
  if (now - session.session.last_seen_at >= kTouchSeconds) {
    Session touched = session.session;
    touched.last_seen_at = now;
    // A lost race only means another request touched it first.
    (void)store_.PutDocument(kSessions, touched.token_hash, session.version, EncodeSession(touched));
  }
  Principal principal;
  principal.stage = session.session.stage;
  principal.csrf_token = session.session.csrf_token;
  principal.recently_reauthenticated = session.session.reauthenticated_at > 0 &&
                                       now - session.session.reauthenticated_at <= kReauthenticationSeconds;
  principal.user = std::move(user.user);
  return std::optional<Principal>(std::move(principal));
}

// --- API tokens ---

core::Result<std::string> AccountService::IssueApiToken(std::string_view user_id, std::string_view label) {
  if (label.empty() || label.size() > 100) {
    return core::Fail(core::Error::Invalid("label", "must be 1 to 100 characters; say what the token is for"));
  }
  auto loaded = In::MustLoadUser(store_, user_id);
  if (!loaded) return core::Fail(loaded.error());
  const User& user = loaded->user;
  if (user.disabled) return core::Fail(Denied("user " + user.username + " is disabled"));
  if (RequiresSecondFactor(user.role) && user.totp_secret.empty()) {
    return core::Fail(Denied("user " + user.username + " must enrol a second factor before using API tokens"));
  }
  const std::string token = std::string(kApiTokenPrefix) + RandomHex(kApiTokenHex / 2);
  auto put = store_.PutDocument(kApiTokens, Sha256Hex(token), 0, EncodeApiToken(user.id, label, In::Now(options_)));
  if (!put) return core::Fail(put.error());
  return token;
}

core::Result<std::optional<Principal>> AccountService::ResolveApiToken(std::string_view token) {
  if (!token.starts_with(kApiTokenPrefix) ||
      !WellFormedToken(token.substr(kApiTokenPrefix.size()), kApiTokenHex)) {
    return std::optional<Principal>();
  }
  auto doc = store_.GetDocument(kApiTokens, Sha256Hex(token));
  if (!doc) return core::Fail(doc.error());
  if (!*doc) return std::optional<Principal>();
  json j = json::parse((*doc)->body, nullptr, false);
  if (!j.is_object() || !j.contains("user_id") || !j["user_id"].is_string()) return std::optional<Principal>();
  auto loaded = In::LoadUser(store_, j["user_id"].get<std::string>());
  if (!loaded) return core::Fail(loaded.error());
  if (!*loaded) return std::optional<Principal>();
  User& user = (*loaded)->user;
  // A token stops working when its user is disabled, or may no longer act
  // without a second factor (a role raised or the factor reset since).
  if (user.disabled || (RequiresSecondFactor(user.role) && user.totp_secret.empty())) {
    return std::optional<Principal>();
  }
  Principal principal;
  principal.user = std::move(user);
  principal.stage = SessionStage::kActive;
  principal.via_api_token = true;
  return std::optional<Principal>(std::move(principal));
}

core::Status AccountService::ReauthenticateApi(std::string_view user_id, std::string_view code,
                                               std::string_view address) {
  const std::int64_t now = In::Now(options_);
  auto loaded = In::MustLoadUser(store_, user_id);
  if (!loaded) return core::Fail(loaded.error());
  VersionedUser& user = *loaded;
  if (user.user.totp_secret.empty()) {
    return core::Fail(Denied("re-authentication needs a second factor; enrol one first"));
  }
  if (!per_account_.Allowed(user.user.username, now) || !per_address_.Allowed(address, now)) {
    return core::Fail(TooMany());
  }
  auto spent = In::SpendCode(store_, user, code, now, /*allow_recovery=*/false);
  if (!spent) return core::Fail(spent.error());
  if (!*spent) {
    per_account_.Hit(user.user.username, now);
    per_address_.Hit(address, now);
    return core::Fail(WrongCode());
  }
  return {};
}

}  // namespace readout::auth
