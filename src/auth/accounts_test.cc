#include "auth/accounts.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "auth/password.h"
#include "auth/testing/memory_account_store.h"
#include "auth/totp.h"

namespace readout::auth {
namespace {

constexpr std::string_view kPassword = "lantern-river-autumn-42";
constexpr std::string_view kAddress = "192.0.2.1";
constexpr std::int64_t kStart = 1'800'000'000;

// argon2 is slow by design: one hash of kPassword for the whole suite, put
// straight into the store, so most tests pay one verification per sign-in.
class AccountsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto hash = HashPassword(kPassword);
    ASSERT_TRUE(hash);
    password_hash_ = new std::string(*hash);
  }
  static void TearDownTestSuite() {
    delete password_hash_;
    password_hash_ = nullptr;
  }

  AccountService Service(int per_account = 10, int per_address = 50) {
    AccountOptions options;
    options.now = [this] { return now_; };
    options.attempts_per_account = per_account;
    options.attempts_per_address = per_address;
    return AccountService(store_, options);
  }

  // A user written directly: password kPassword, no one-time password.
  User PutUser(std::string_view username, Role role, bool with_totp) {
    User user;
    // The id AddUser would choose (the service derives it from the username).
    user.id = "usr_" + Sha256Hex(username).substr(0, 16);
    user.username = std::string(username);
    user.display_name = "User " + std::string(username);
    user.role = role;
    user.password_hash = *password_hash_;
    user.created_at = now_;
    user.password_changed_at = now_ - 1;
    if (with_totp) user.totp_secret = NewTotpSecret();
    EXPECT_TRUE(store_.PutDocument(kUsers, user.id, 0, EncodeUser(user)));
    return user;
  }

  // Signs in all the way to kActive (the user must have no pending stage but the code).
  std::string SignInActive(AccountService& service, const User& user) {
    auto signed_in = service.SignInWithPassword(user.username, kPassword, kAddress);
    EXPECT_TRUE(signed_in) << signed_in.error().message;
    if (!signed_in) return "";
    if (signed_in->stage == SessionStage::kSecondFactor) {
      auto done = service.CompleteSecondFactor(signed_in->session_token, TotpCode(user.totp_secret, now_), kAddress);
      EXPECT_TRUE(done) << done.error().message;
    }
    return signed_in->session_token;
  }

  std::optional<Principal> Resolve(AccountService& service, std::string_view token) {
    auto resolved = service.ResolveSession(token);
    EXPECT_TRUE(resolved) << resolved.error().message;
    return resolved ? *resolved : std::nullopt;
  }

  static std::string* password_hash_;
  testing::MemoryAccountStore store_;
  std::int64_t now_ = kStart;
};

std::string* AccountsTest::password_hash_ = nullptr;

TEST_F(AccountsTest, NewUserSignsInWithTheOneTimePasswordAndMustChangeIt) {
  AccountService service = Service();
  auto added = service.AddUser("carol", "Carol Chen", Role::kContributor);
  ASSERT_TRUE(added) << added.error().message;
  const auto& [user, password] = *added;
  EXPECT_TRUE(user.must_change_password);
  EXPECT_EQ(user.id.size(), 20u);
  auto stored = store_.GetDocument(kUsers, user.id);
  ASSERT_TRUE(stored && *stored);
  EXPECT_EQ((*stored)->body.find(password), std::string::npos) << "the one-time password is never stored";

  auto signed_in = service.SignInWithPassword("carol", password, kAddress);
  ASSERT_TRUE(signed_in) << signed_in.error().message;
  EXPECT_EQ(signed_in->stage, SessionStage::kChangePassword);

  auto weak = service.ChangePassword(signed_in->session_token, password, "password1234");
  ASSERT_FALSE(weak);
  EXPECT_EQ(weak.error().fields.at(0).field, "new_password");

  auto wrong = service.ChangePassword(signed_in->session_token, "not-the-one-time-password", "a-better-passphrase-7");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().fields.at(0).field, "current_password") << "when given, it is checked";

  // The one-time password was just entered: the stage's form need not ask again.
  auto changed = service.ChangePassword(signed_in->session_token, "", "a-better-passphrase-7");
  ASSERT_TRUE(changed) << changed.error().message;
  EXPECT_EQ(changed->stage, SessionStage::kActive) << "a contributor may go on without a second factor";
  EXPECT_FALSE(Resolve(service, signed_in->session_token)) << "the one-time password's session ended";
  auto principal = Resolve(service, changed->session_token);
  ASSERT_TRUE(principal);
  EXPECT_EQ(principal->stage, SessionStage::kActive);
  EXPECT_FALSE(principal->user.must_change_password);
}

TEST_F(AccountsTest, AddUserNamesEachBadFieldAndRefusesATakenUsername) {
  AccountService service = Service();
  auto bad = service.AddUser("Bob Smith", "", static_cast<Role>(9));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, core::ErrorCode::kInvalidArgument);
  std::vector<std::string> fields;
  for (const auto& f : bad.error().fields) fields.push_back(f.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"username", "display_name", "role"}));

  const std::string_view bad_names[] = {"a", "ALICE", "al ice", "al/ice", std::string_view("x\0y", 3)};
  for (std::string_view name : bad_names) {
    auto refused = service.AddUser(name, "Someone", Role::kEditor);
    ASSERT_FALSE(refused) << "username: " << name;
    EXPECT_EQ(refused.error().fields.at(0).field, "username") << "username: " << name;
  }

  PutUser("dana", Role::kEditor, false);
  auto taken = service.AddUser("dana", "Another Dana", Role::kEditor);
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().code, core::ErrorCode::kConflict);
}

TEST_F(AccountsTest, EachRoleStartsInTheStageItsSecondFactorRuleRequires) {
  struct Case {
    Role role;
    SessionStage stage;
  };
  const Case cases[] = {{Role::kContributor, SessionStage::kActive},
                        {Role::kEditor, SessionStage::kEnrolSecondFactor},
                        {Role::kReviewer, SessionStage::kEnrolSecondFactor},
                        {Role::kAdmin, SessionStage::kEnrolSecondFactor}};
  AccountService service = Service();
  for (const Case& c : cases) {
    const std::string name = "user-" + std::string(ToCode(c.role));
    PutUser(name, c.role, /*with_totp=*/false);
    auto signed_in = service.SignInWithPassword(name, kPassword, kAddress);
    ASSERT_TRUE(signed_in) << ToCode(c.role);
    EXPECT_EQ(signed_in->stage, c.stage) << ToCode(c.role);
    auto principal = Resolve(service, signed_in->session_token);
    ASSERT_TRUE(principal) << ToCode(c.role);
    EXPECT_EQ(principal->stage, c.stage) << ToCode(c.role);
    EXPECT_EQ(principal->csrf_token.size(), 32u);
  }
}

TEST_F(AccountsTest, AnEditorEnrolsWithACodeAndGetsTenRecoveryCodes) {
  AccountService service = Service();
  const User editor = PutUser("erin", Role::kEditor, false);
  auto signed_in = service.SignInWithPassword("erin", kPassword, kAddress);
  ASSERT_TRUE(signed_in);
  ASSERT_EQ(signed_in->stage, SessionStage::kEnrolSecondFactor);
  const std::string& token = signed_in->session_token;

  auto secret = service.BeginEnrolment(token);
  ASSERT_TRUE(secret) << secret.error().message;
  auto wrong = service.ConfirmEnrolment(token, "000000");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().fields.at(0).field, "code");

  auto codes = service.ConfirmEnrolment(token, TotpCode(*secret, now_));
  ASSERT_TRUE(codes) << codes.error().message;
  EXPECT_EQ(codes->size(), 10u);
  auto principal = Resolve(service, token);
  ASSERT_TRUE(principal);
  EXPECT_EQ(principal->stage, SessionStage::kActive);
  EXPECT_EQ(principal->user.totp_secret, *secret);
  EXPECT_EQ(principal->user.recovery_code_hashes.size(), 10u);
  EXPECT_TRUE(principal->recently_reauthenticated);
  auto again = service.BeginEnrolment(token);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, core::ErrorCode::kConflict);
}

TEST_F(AccountsTest, ATotpCodeCompletesSignInOnceAndIsRefusedWhenReused) {
  AccountService service = Service();
  const User user = PutUser("frank", Role::kReviewer, true);
  const std::string code = TotpCode(user.totp_secret, now_);

  auto first = service.SignInWithPassword("frank", kPassword, kAddress);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->stage, SessionStage::kSecondFactor);
  auto waiting = Resolve(service, first->session_token);
  ASSERT_TRUE(waiting);
  EXPECT_EQ(waiting->stage, SessionStage::kSecondFactor);
  EXPECT_FALSE(waiting->recently_reauthenticated);
  auto done = service.CompleteSecondFactor(first->session_token, code, kAddress);
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(done->stage, SessionStage::kActive);

  auto second = service.SignInWithPassword("frank", kPassword, kAddress);
  ASSERT_TRUE(second);
  auto reused = service.CompleteSecondFactor(second->session_token, code, kAddress);
  ASSERT_FALSE(reused);
  EXPECT_EQ(reused.error().code, core::ErrorCode::kUnauthorized);
  EXPECT_EQ(reused.error().message, "the code is wrong or already used");
  auto still = Resolve(service, second->session_token);
  ASSERT_TRUE(still);
  EXPECT_EQ(still->stage, SessionStage::kSecondFactor);
}

TEST_F(AccountsTest, ACodeLosingTheCompareAndSwapRaceIsRefused) {
  AccountService service = Service();
  const User user = PutUser("gina", Role::kEditor, true);
  auto signed_in = service.SignInWithPassword("gina", kPassword, kAddress);
  ASSERT_TRUE(signed_in);
  store_.FailNextPutWithConflict();  // another request spent the step first
  auto raced = service.CompleteSecondFactor(signed_in->session_token, TotpCode(user.totp_secret, now_), kAddress);
  ASSERT_FALSE(raced);
  EXPECT_EQ(raced.error().code, core::ErrorCode::kUnauthorized);
}

TEST_F(AccountsTest, TwoSessionsRacingWithOneCodeCannotBothWin) {
  AccountService service = Service();
  const User user = PutUser("gabe", Role::kEditor, true);
  const std::string code = TotpCode(user.totp_secret, now_);
  std::string tokens[2];
  for (std::string& token : tokens) {
    auto signed_in = service.SignInWithPassword("gabe", kPassword, kAddress);
    ASSERT_TRUE(signed_in);
    token = signed_in->session_token;
  }
  std::atomic<int> wins = 0;
  std::vector<std::thread> racers;
  for (const std::string& token : tokens) {
    racers.emplace_back([&, token] {
      if (service.CompleteSecondFactor(token, code, kAddress)) ++wins;
    });
  }
  for (std::thread& t : racers) t.join();
  EXPECT_EQ(wins.load(), 1);
}

TEST_F(AccountsTest, ARecoveryCodeWorksOnceInPlaceOfTheTotpCode) {
  AccountService service = Service();
  User user = PutUser("hana", Role::kAdmin, true);
  user.recovery_code_hashes = {HashRecoveryCode("k7qm-2xvp-9rdt"), HashRecoveryCode("aaaa-bbbb-cccc")};
  ASSERT_TRUE(store_.PutDocument(kUsers, user.id, 1, EncodeUser(user)));

  auto first = service.SignInWithPassword("hana", kPassword, kAddress);
  ASSERT_TRUE(first);
  auto used = service.CompleteSecondFactor(first->session_token, "K7QM-2XVP-9RDT", kAddress);
  ASSERT_TRUE(used) << used.error().message;
  auto after = service.FindUser(user.id);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->recovery_code_hashes, std::vector<std::string>{HashRecoveryCode("aaaa-bbbb-cccc")});

  auto second = service.SignInWithPassword("hana", kPassword, kAddress);
  ASSERT_TRUE(second);
  auto reused = service.CompleteSecondFactor(second->session_token, "k7qm-2xvp-9rdt", kAddress);
  ASSERT_FALSE(reused);
  EXPECT_EQ(reused.error().code, core::ErrorCode::kUnauthorized);
}

TEST_F(AccountsTest, SessionsEndAfterThirtyMinutesIdleAndTwelveHoursInAll) {
  AccountService service = Service();
  const User user = PutUser("ivan", Role::kContributor, false);
  const std::string token = SignInActive(service, user);
  now_ += 29 * 60;
  ASSERT_TRUE(Resolve(service, token)) << "29 minutes idle";
  now_ += 29 * 60;
  ASSERT_TRUE(Resolve(service, token)) << "the last request touched the session";
  now_ += 31 * 60;
  EXPECT_FALSE(Resolve(service, token)) << "31 minutes idle";
  EXPECT_FALSE(store_.GetDocument(kSessions, Sha256Hex(token)).value()) << "an expired session is removed";

  const std::string busy = SignInActive(service, user);
  const std::int64_t signed_in_at = now_;
  while (now_ + 20 * 60 <= signed_in_at + kSessionAbsoluteSeconds) {
    now_ += 20 * 60;
    ASSERT_TRUE(Resolve(service, busy)) << "at " << (now_ - signed_in_at) << " s";
  }
  now_ = signed_in_at + kSessionAbsoluteSeconds + 1;
  EXPECT_FALSE(Resolve(service, busy)) << "12 hours in all, however busy";
}

TEST_F(AccountsTest, ReadsTouchTheSessionAtMostOnceAMinute) {
  AccountService service = Service();
  const User user = PutUser("jane", Role::kContributor, false);
  const std::string token = SignInActive(service, user);
  const int before = store_.put_attempts();
  now_ += 30;
  Resolve(service, token);
  Resolve(service, token);
  EXPECT_EQ(store_.put_attempts(), before);
  now_ += 31;
  Resolve(service, token);
  EXPECT_EQ(store_.put_attempts(), before + 1);
}

TEST_F(AccountsTest, SignOutEndsTheSessionAndMalformedTokensResolveToNobody) {
  AccountService service = Service();
  const User user = PutUser("kim", Role::kContributor, false);
  const std::string token = SignInActive(service, user);
  ASSERT_TRUE(service.SignOut(token));
  EXPECT_FALSE(Resolve(service, token));
  for (std::string_view bad : {std::string_view(), std::string_view("nothex"), std::string_view("0123"), std::string_view(token).substr(1)}) {
    EXPECT_FALSE(Resolve(service, bad)) << "token: " << bad;
    EXPECT_TRUE(service.SignOut(bad)) << "token: " << bad;
  }
}

TEST_F(AccountsTest, ChangingThePasswordEndsEveryOtherSession) {
  AccountService service = Service();
  const User user = PutUser("lena", Role::kContributor, false);
  const std::string laptop = SignInActive(service, user);
  const std::string phone = SignInActive(service, user);
  auto changed = service.ChangePassword(laptop, kPassword, "a-fresh-spring-passphrase");
  ASSERT_TRUE(changed) << changed.error().message;
  EXPECT_EQ(changed->stage, SessionStage::kActive);
  EXPECT_FALSE(Resolve(service, phone));
  EXPECT_FALSE(Resolve(service, laptop));
  EXPECT_TRUE(Resolve(service, changed->session_token));

  for (std::string_view current : {std::string_view("not-the-password"), std::string_view()}) {
    auto wrong_current = service.ChangePassword(changed->session_token, current, "another-one-entirely");
    ASSERT_FALSE(wrong_current) << "an active session must give the current password: '" << current << "'";
    EXPECT_EQ(wrong_current.error().fields.at(0).field, "current_password");
  }
}

TEST_F(AccountsTest, DisablingAUserEndsItsSessionsAndTokensAndRefusesSignIn) {
  AccountService service = Service();
  const User user = PutUser("mike", Role::kContributor, false);
  const std::string token = SignInActive(service, user);
  auto api = service.IssueApiToken(user.id, "nightly import");
  ASSERT_TRUE(api);
  ASSERT_TRUE(service.SetDisabled(user.id, true));
  EXPECT_FALSE(Resolve(service, token));
  EXPECT_FALSE(service.ResolveApiToken(*api).value());
  auto refused = service.SignInWithPassword("mike", kPassword, kAddress);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::ErrorCode::kUnauthorized);
  EXPECT_EQ(refused.error().message, "username or password is wrong");
}

TEST_F(AccountsTest, UnknownUserAndWrongPasswordGetTheSameAnswer) {
  AccountService service = Service();
  PutUser("nina", Role::kEditor, false);
  auto unknown = service.SignInWithPassword("nobody", kPassword, kAddress);
  auto wrong = service.SignInWithPassword("nina", "not-the-password", kAddress);
  ASSERT_FALSE(unknown);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(unknown.error().code, wrong.error().code);
  EXPECT_EQ(unknown.error().message, wrong.error().message);
  EXPECT_EQ(unknown.error().fields, wrong.error().fields);
}

TEST_F(AccountsTest, FailedSignInsAreThrottledPerAccount) {
  AccountService service = Service(/*per_account=*/3, /*per_address=*/50);
  PutUser("olga", Role::kContributor, false);
  for (int i = 0; i < 3; ++i) {
    auto wrong = service.SignInWithPassword("olga", "not-the-password", "198.51.100." + std::to_string(i));
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().code, core::ErrorCode::kUnauthorized) << "attempt " << i;
  }
  auto throttled = service.SignInWithPassword("olga", kPassword, "203.0.113.9");
  ASSERT_FALSE(throttled);
  EXPECT_EQ(throttled.error().code, core::ErrorCode::kTooManyRequests) << "even with the right password";
  now_ += 15 * 60;
  EXPECT_TRUE(service.SignInWithPassword("olga", kPassword, "203.0.113.9")) << "after the window";
}

TEST_F(AccountsTest, FailedSignInsAreThrottledPerAddress) {
  AccountService service = Service(/*per_account=*/10, /*per_address=*/3);
  PutUser("pete", Role::kContributor, false);
  for (std::string_view name : {"u1", "u2", "u3"}) {
    auto wrong = service.SignInWithPassword(name, "guess-guess-guess", kAddress);
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().code, core::ErrorCode::kUnauthorized) << name;
  }
  auto throttled = service.SignInWithPassword("pete", kPassword, kAddress);
  ASSERT_FALSE(throttled);
  EXPECT_EQ(throttled.error().code, core::ErrorCode::kTooManyRequests);
  EXPECT_TRUE(service.SignInWithPassword("pete", kPassword, "198.51.100.7")) << "another address";
}

TEST_F(AccountsTest, ApiTokensAreStoredAsHashesAndNeedARequiredSecondFactor) {
  AccountService service = Service();
  const User contributor = PutUser("quinn", Role::kContributor, false);
  auto token = service.IssueApiToken(contributor.id, "import script");
  ASSERT_TRUE(token) << token.error().message;
  EXPECT_TRUE(token->starts_with("rdt_"));
  auto docs = store_.ListDocuments(kApiTokens);
  ASSERT_TRUE(docs);
  ASSERT_EQ(docs->size(), 1u);
  EXPECT_EQ(docs->at(0).key, Sha256Hex(*token));
  EXPECT_EQ(docs->at(0).body.find(token->substr(4)), std::string::npos) << "the token itself is never stored";
  auto principal = service.ResolveApiToken(*token);
  ASSERT_TRUE(principal && *principal);
  EXPECT_TRUE((*principal)->via_api_token);
  EXPECT_EQ((*principal)->stage, SessionStage::kActive);
  EXPECT_EQ((*principal)->csrf_token, "");
  EXPECT_FALSE(service.ResolveApiToken("rdt_" + std::string(64, '0')).value());
  EXPECT_FALSE(service.ResolveApiToken("garbage").value());

  const User editor = PutUser("rosa", Role::kEditor, false);
  auto refused = service.IssueApiToken(editor.id, "publishing script");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::ErrorCode::kPermissionDenied);

  const User enrolled = PutUser("sami", Role::kEditor, true);
  auto issued = service.IssueApiToken(enrolled.id, "publishing script");
  ASSERT_TRUE(issued);
  EXPECT_TRUE(service.ResolveApiToken(*issued).value());
  ASSERT_TRUE(service.ResetSecondFactor(enrolled.id));
  EXPECT_FALSE(service.ResolveApiToken(*issued).value()) << "an editor without a second factor cannot act";

  auto unlabeled = service.IssueApiToken(contributor.id, "");
  ASSERT_FALSE(unlabeled);
  EXPECT_EQ(unlabeled.error().fields.at(0).field, "label");
}

TEST_F(AccountsTest, ApiReauthenticationSpendsTheCodesStep) {
  AccountService service = Service();
  const User user = PutUser("tara", Role::kAdmin, true);
  const std::string code = TotpCode(user.totp_secret, now_);
  EXPECT_TRUE(service.ReauthenticateApi(user.id, code, kAddress));
  auto reused = service.ReauthenticateApi(user.id, code, kAddress);
  ASSERT_FALSE(reused);
  EXPECT_EQ(reused.error().code, core::ErrorCode::kUnauthorized);
  const User plain = PutUser("uma", Role::kContributor, false);
  auto none = service.ReauthenticateApi(plain.id, "123456", kAddress);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, core::ErrorCode::kPermissionDenied);
}

TEST_F(AccountsTest, ReauthenticationOpensAFiveMinuteWindow) {
  AccountService service = Service();
  const User user = PutUser("vera", Role::kEditor, true);
  const std::string token = SignInActive(service, user);
  EXPECT_TRUE(Resolve(service, token)->recently_reauthenticated) << "signing in counts";
  now_ += kReauthenticationSeconds + 1;
  EXPECT_FALSE(Resolve(service, token)->recently_reauthenticated);
  auto wrong = service.Reauthenticate(token, kPassword, "000000", kAddress);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, core::ErrorCode::kUnauthorized);
  ASSERT_TRUE(service.Reauthenticate(token, kPassword, TotpCode(user.totp_secret, now_), kAddress));
  EXPECT_TRUE(Resolve(service, token)->recently_reauthenticated);
}

TEST_F(AccountsTest, GrantsAreKeptOnceAndRevoked) {
  AccountService service = Service();
  const User user = PutUser("will", Role::kContributor, false);
  ASSERT_TRUE(service.Grant(user.id, "rec_b"));
  ASSERT_TRUE(service.Grant(user.id, "rec_a"));
  ASSERT_TRUE(service.Grant(user.id, "rec_b"));
  EXPECT_EQ(service.FindUser(user.id)->granted_record_ids, (std::vector<std::string>{"rec_a", "rec_b"}));
  ASSERT_TRUE(service.Revoke(user.id, "rec_b"));
  ASSERT_TRUE(service.Revoke(user.id, "rec_zzz"));
  EXPECT_EQ(service.FindUser(user.id)->granted_record_ids, (std::vector<std::string>{"rec_a"}));
  auto empty = service.Grant(user.id, "");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().fields.at(0).field, "record_id");
  auto unknown = service.Grant("usr_0000000000000000", "rec_a");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, core::ErrorCode::kNotFound);
}

TEST_F(AccountsTest, UsersAreListedByUsernameAndFoundByName) {
  AccountService service = Service();
  PutUser("zed", Role::kAdmin, false);
  PutUser("amy", Role::kContributor, false);
  auto users = service.ListUsers();
  ASSERT_TRUE(users);
  ASSERT_EQ(users->size(), 2u);
  EXPECT_EQ(users->at(0).username, "amy");
  EXPECT_EQ(service.FindUserByName("zed")->role, Role::kAdmin);
  EXPECT_EQ(service.FindUserByName("nobody").error().code, core::ErrorCode::kNotFound);
}

TEST(AccountCodecsTest, UserAndSessionRoundTrip) {
  User user;
  user.id = "usr_0123456789abcdef";
  user.username = "amy";
  user.display_name = "Amy 艾米";
  user.role = Role::kReviewer;
  user.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$x$y";
  user.totp_secret = "ABC";
  user.totp_last_step = 42;
  user.recovery_code_hashes = {"h1", "h2"};
  user.granted_record_ids = {"rec_1"};
  user.disabled = true;
  user.created_at = 5;
  user.password_changed_at = 6;
  auto decoded = DecodeUser(EncodeUser(user));
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(EncodeUser(*decoded), EncodeUser(user));

  Session session;
  session.token_hash = "abc";
  session.user_id = user.id;
  session.stage = SessionStage::kEnrolSecondFactor;
  session.csrf_token = "def";
  session.pending_totp_secret = "XYZ";
  session.created_at = 1;
  session.last_seen_at = 2;
  session.reauthenticated_at = 3;
  auto back = DecodeSession(EncodeSession(session));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(EncodeSession(*back), EncodeSession(session));
}

TEST(AccountCodecsTest, DecodingErrorsNameTheField) {
  struct Case {
    std::string json;
    std::string field;
  };
  const Case cases[] = {
      {"[]", "user"},
      {"not json", "user"},
      {R"({"username":"a","role":"editor","password_hash":"h"})", "id"},
      {R"({"id":"u","username":"a","role":"boss","password_hash":"h"})", "role"},
      {R"({"id":"u","username":"a","role":"editor","password_hash":"h","totp_last_step":"7"})", "totp_last_step"},
      {R"({"id":"u","username":"a","role":"editor","password_hash":"h","granted_record_ids":["r",3]})",
       "granted_record_ids[1]"},
      {R"({"id":"u","username":"a","role":"editor","password_hash":"h","disabled":"no"})", "disabled"},
  };
  for (const Case& c : cases) {
    auto decoded = DecodeUser(c.json);
    ASSERT_FALSE(decoded) << c.json;
    ASSERT_FALSE(decoded.error().fields.empty()) << c.json;
    EXPECT_EQ(decoded.error().fields[0].field, c.field) << c.json;
  }
  auto session = DecodeSession(R"({"token_hash":"t","user_id":"u","stage":"dancing"})");
  ASSERT_FALSE(session);
  EXPECT_EQ(session.error().fields.at(0).field, "stage");
}

}  // namespace
}  // namespace readout::auth
