#include "web/testing/staff_for_test.h"

#include <chrono>
#include <stdexcept>
#include <utility>

#include "auth/password.h"
#include "auth/totp.h"

namespace readout::web::testing {
namespace {

template <typename T>
T Must(core::Result<T> result, std::string_view what) {
  if (!result) throw std::logic_error("StaffForTest: " + std::string(what) + ": " + result.error().message);
  return std::move(*result);
}

// "Rita Reviewer" -> "rita-reviewer": a valid username from a display name.
std::string UsernameOf(std::string_view display_name) {
  std::string out;
  for (char c : display_name) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_';
    out += ok ? c : '-';
  }
  while (out.size() < 2) out += '0';
  return out.substr(0, 64);
}

}  // namespace

StaffForTest::StaffForTest(auth::AccountStore* store, std::function<std::int64_t()> now) : store_(store) {
  if (store_ == nullptr) {
    owned_store_ = std::make_unique<auth::testing::MemoryAccountStore>();
    store_ = owned_store_.get();
  }
  if (!now) {
    now = [] {
      return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
    };
  }
  now_ = std::move(now);
  auth::AccountOptions options;
  options.now = now_;
  accounts_ = std::make_unique<auth::AccountService>(*store_, options);
  audit_ = std::make_unique<auth::AuditLog>(*store_, now_);
}

std::int64_t StaffForTest::Now() const { return now_(); }

AppOptions StaffForTest::Options() {
  AppOptions options;
  options.accounts = accounts_.get();
  options.audit = audit_.get();
  return options;
}

StaffForTest::Entry& StaffForTest::Ready(std::string_view display_name, auth::Role role) {
  if (auto it = users_.find(display_name); it != users_.end()) return it->second;
  auto added = Must(accounts_->AddUser(UsernameOf(display_name), display_name, role), "add user");
  // Enrol a second factor and drop the one-time password by editing the
  // document: what the sign-in pages would do, without them.
  auto doc = Must(store_->GetDocument(auth::kUsers, added.first.id), "read user");
  if (!doc) throw std::logic_error("StaffForTest: the added user is not in the store");
  auto user = Must(auth::DecodeUser(doc->body), "decode user");
  Entry entry;
  entry.totp_secret = auth::NewTotpSecret();
  user.totp_secret = entry.totp_secret;
  // Sign-ins spend recovery codes, not TOTP codes: a TOTP code works once
  // per 30-second step, and a test may sign in twice within one.
  entry.recovery_codes = auth::NewRecoveryCodes();
  user.recovery_code_hashes.clear();
  for (const std::string& code : entry.recovery_codes) user.recovery_code_hashes.push_back(auth::HashRecoveryCode(code));
  user.must_change_password = false;
  Must(store_->PutDocument(auth::kUsers, user.id, doc->version, auth::EncodeUser(user)), "write user");
  entry.user = std::move(user);
  return users_.emplace(std::string(display_name), std::move(entry)).first->second;
}

const auth::User& StaffForTest::User(std::string_view display_name, auth::Role role) {
  return Ready(display_name, role).user;
}

std::string StaffForTest::Token(std::string_view display_name, auth::Role role) {
  Entry& entry = Ready(display_name, role);
  return Must(accounts_->IssueApiToken(entry.user.id, "test"), "issue API token");
}

std::string StaffForTest::Bearer(std::string_view display_name, auth::Role role) {
  Entry& entry = Ready(display_name, role);
  if (entry.bearer.empty()) entry.bearer = "Bearer " + Token(display_name, role);
  return entry.bearer;
}

std::string StaffForTest::SignIn(std::string_view display_name, auth::Role role) {
  Entry& entry = Ready(display_name, role);
  if (!entry.has_password) {
    // argon2 work: only for the tests that sign in with a password.
    auto doc = Must(store_->GetDocument(auth::kUsers, entry.user.id), "read user");
    if (!doc) throw std::logic_error("StaffForTest: the user is gone from the store");
    auto user = Must(auth::DecodeUser(doc->body), "decode user");
    user.password_hash = Must(auth::HashPassword(kPassword), "hash password");
    Must(store_->PutDocument(auth::kUsers, user.id, doc->version, auth::EncodeUser(user)), "write user");
    entry.user = std::move(user);
    entry.has_password = true;
  }
  auto first = Must(accounts_->SignInWithPassword(entry.user.username, kPassword, "test"), "sign in");
  if (first.stage == auth::SessionStage::kActive) return first.session_token;
  if (entry.recovery_codes.empty()) throw std::logic_error("StaffForTest: out of recovery codes");
  const std::string code = entry.recovery_codes.back();
  entry.recovery_codes.pop_back();
  auto second = Must(accounts_->CompleteSecondFactor(first.session_token, code, "test"), "second factor");
  if (second.stage != auth::SessionStage::kActive) throw std::logic_error("StaffForTest: the session is not active");
  return second.session_token.empty() ? first.session_token : second.session_token;
}

std::string StaffForTest::Code(std::string_view display_name) {
  auto it = users_.find(display_name);
  if (it == users_.end()) throw std::logic_error("StaffForTest: no user " + std::string(display_name));
  return auth::TotpCode(it->second.totp_secret, Now());
}

}  // namespace readout::web::testing
