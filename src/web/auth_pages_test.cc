// The sign-in, account and admin pages through App::Handle, over an
// in-memory account store and an injected clock: the whole first sign-in of
// an editor (one-time password -> own password -> enrolment with a TOTP code
// -> active), wrong and recovery codes, the open-redirect guard, admin pages
// refused to an editor and the public, purge by two admins, logout.
// Password hashing is argon2 at full cost, so each test hashes only a few times.
#include <cstdint>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "auth/accounts.h"
#include "auth/audit.h"
#include "auth/purge.h"
#include "auth/testing/memory_account_store.h"
#include "auth/totp.h"
#include "core/record_service.h"
#include "core/testing/memory_store_for_test.h"
#include "publish/i18n.h"
#include "publish/site.h"
#include "web/app.h"
#include "web/auth_page_handler.h"
#include "web/session_cookie.h"

namespace readout::web {
namespace {

constexpr char kHost[] = "readout.test";
constexpr char kOrigin[] = "http://readout.test";
constexpr char kPassword[] = "a long and unusual passphrase 7";

std::string Form(std::initializer_list<std::pair<std::string, std::string>> fields) {
  std::string out;
  for (const auto& [name, value] : fields) {
    if (!out.empty()) out += '&';
    out += name + "=" + PercentEncode(value);
  }
  return out;
}

// The value of the first hidden input `name` in a page.
std::string HiddenValue(const std::string& html, const std::string& name) {
  const std::string marker = "name=\"" + name + "\" value=\"";
  const std::size_t at = html.find(marker);
  if (at == std::string::npos) return "";
  const std::size_t from = at + marker.size();
  return html.substr(from, html.find('"', from) - from);
}

std::string Location(const HttpResponse& res) { return std::string(res[http::field::location]); }

// One browser: keeps the session cookie the server sets.
struct Browser {
  std::string cookie;
};

class AuthPagesTest : public ::testing::Test {
 protected:
  AuthPagesTest() {
    auth::AccountOptions account_options;
    account_options.now = [this] { return now_; };
    account_options.attempts_per_account = 3;
    accounts_ = std::make_unique<auth::AccountService>(account_store_, account_options);
    audit_ = std::make_unique<auth::AuditLog>(account_store_, [this] { return now_; });
    purge_ = std::make_unique<auth::PurgeService>(store_, account_store_, *audit_, nullptr, [this] { return now_; });
    AppOptions options;
    options.accounts = accounts_.get();
    options.audit = audit_.get();
    options.purge = purge_.get();
    options.cache_entries = 0;
    app_ = std::make_unique<App>(records_, site_, std::move(options));
  }

  HttpResponse Send(http::verb method, const std::string& target, Browser* browser, const std::string& body = "") {
    HttpRequest req{method, target, 11};
    req.set(http::field::host, kHost);
    if (browser != nullptr && !browser->cookie.empty()) req.set(http::field::cookie, browser->cookie);
    if (method == http::verb::post) {
      req.set(http::field::origin, kOrigin);
      req.set(http::field::content_type, "application/x-www-form-urlencoded");
      req.body() = body;
      req.prepare_payload();
    }
    HttpResponse res;
    app_->Handle(req, res);
    if (browser != nullptr) {
      const std::string set(res[http::field::set_cookie]);
      const std::string prefix = std::string(kSessionCookie) + "=";
      if (set.rfind(prefix, 0) == 0) {
        const std::string token = set.substr(prefix.size(), set.find(';') - prefix.size());
        browser->cookie = token.empty() ? "" : prefix + token;
      }
    }
    return res;
  }
  HttpResponse Get(const std::string& target, Browser* browser = nullptr) {
    return Send(http::verb::get, target, browser);
  }
  HttpResponse Post(const std::string& target, Browser* browser, const std::string& body) {
    return Send(http::verb::post, target, browser, body);
  }
  // POSTs `fields` with the CSRF token of the form on `form_page`.
  HttpResponse PostForm(const std::string& form_page, const std::string& target, Browser* browser,
                        std::initializer_list<std::pair<std::string, std::string>> fields) {
    const std::string csrf = HiddenValue(Get(form_page, browser).body(), "csrf");
    EXPECT_FALSE(csrf.empty()) << "no csrf field on " << form_page;
    return Post(target, browser, Form(fields) + "&csrf=" + csrf);
  }

  // A user who has chosen kPassword and (when `enrol`) enrolled a second
  // factor, through the service; returns the TOTP secret and fills `recovery`.
  std::string ReadyUser(const std::string& username, auth::Role role, bool enrol = true,
                        std::vector<std::string>* recovery = nullptr) {
    auto added = accounts_->AddUser(username, username + " Name", role);
    EXPECT_TRUE(added.has_value()) << username;
    auto signed_in = accounts_->SignInWithPassword(username, added->second, "");
    EXPECT_TRUE(signed_in.has_value());
    auto changed = accounts_->ChangePassword(signed_in->session_token, "", kPassword);
    EXPECT_TRUE(changed.has_value()) << (changed ? "" : changed.error().message);
    if (!enrol) return "";
    auto secret = accounts_->BeginEnrolment(changed->session_token);
    EXPECT_TRUE(secret.has_value());
    auto codes = accounts_->ConfirmEnrolment(changed->session_token, auth::TotpCode(*secret, now_));
    EXPECT_TRUE(codes.has_value());
    if (recovery != nullptr && codes) *recovery = *codes;
    now_ += auth::kTotpStepSeconds;  // the enrolment spent this step's code
    return *secret;
  }

  // Signs in through the pages with password and the current code.
  Browser SignIn(const std::string& username, const std::string& secret) {
    Browser browser;
    HttpResponse res = Post("/login", &browser, Form({{"username", username}, {"password", kPassword}}));
    EXPECT_EQ(res.result(), http::status::see_other) << res.body();
    if (!secret.empty()) {
      EXPECT_EQ(Location(res), "/login/second-factor");
      res = PostForm("/login/second-factor", "/login/second-factor", &browser,
                     {{"code", auth::TotpCode(secret, now_)}});
      EXPECT_EQ(res.result(), http::status::see_other) << res.body();
      now_ += auth::kTotpStepSeconds;
    }
    EXPECT_EQ(Location(res), "/account");
    return browser;
  }

  std::int64_t now_ = 1'800'000'000;
  auth::testing::MemoryAccountStore account_store_;
  std::unique_ptr<auth::AccountService> accounts_;
  std::unique_ptr<auth::AuditLog> audit_;
  core::testing::MemoryStoreForTest store_;
  core::RecordService records_{store_};
  publish::Catalogs catalogs_;
  publish::Site site_{records_, catalogs_};
  std::unique_ptr<auth::PurgeService> purge_;
  std::unique_ptr<App> app_;
};

TEST_F(AuthPagesTest, AnEditorsFirstSignInGoesFromOneTimePasswordThroughEnrolmentToActive) {
  auto added = accounts_->AddUser("edna", "Edna", auth::Role::kEditor);
  ASSERT_TRUE(added.has_value());
  Browser browser;

  HttpResponse res = Post("/login?next=/cases", &browser,
                          Form({{"username", "edna"}, {"password", added->second}, {"next", "/cases"}}));
  ASSERT_EQ(res.result(), http::status::see_other) << res.body();
  EXPECT_EQ(Location(res), "/account/password?next=/cases");
  EXPECT_FALSE(browser.cookie.empty());
  EXPECT_NE(std::string(res[http::field::set_cookie]).find("HttpOnly"), std::string::npos);
  // Not yet signed in for anything else.
  EXPECT_EQ(Get("/account", &browser).result(), http::status::see_other);

  res = PostForm("/account/password", "/account/password", &browser,
                 {{"new_password", kPassword}, {"confirm_password", kPassword}, {"next", "/cases"}});
  ASSERT_EQ(res.result(), http::status::see_other) << res.body();
  EXPECT_EQ(Location(res), "/account/second-factor?next=/cases");

  res = PostForm("/account/second-factor", "/account/second-factor", &browser, {{"step", "begin"}, {"next", "/cases"}});
  ASSERT_EQ(res.result(), http::status::ok) << res.body();
  const std::string secret = HiddenValue(res.body(), "secret");
  ASSERT_FALSE(secret.empty());
  EXPECT_NE(res.body().find("<svg"), std::string::npos) << "the QR code";
  EXPECT_NE(res.body().find("otpauth://totp/"), std::string::npos);
  EXPECT_NE(res.body().find(GroupedSecret(secret)), std::string::npos);

  const std::string csrf = HiddenValue(res.body(), "csrf");
  res = Post("/account/second-factor", &browser,
             Form({{"step", "confirm"}, {"secret", secret}, {"code", auth::TotpCode(secret, now_)},
                   {"next", "/cases"}, {"csrf", csrf}}));
  ASSERT_EQ(res.result(), http::status::ok) << res.body();
  const std::regex code_re("<li><code>([a-z0-9-]+)</code></li>");
  const auto codes = std::distance(std::sregex_iterator(res.body().begin(), res.body().end(), code_re),
                                   std::sregex_iterator());
  EXPECT_EQ(codes, auth::kRecoveryCodeCount) << res.body();
  EXPECT_NE(res.body().find("href=\"/cases\""), std::string::npos);

  res = Get("/account", &browser);
  ASSERT_EQ(res.result(), http::status::ok) << res.body();
  EXPECT_NE(res.body().find("edna"), std::string::npos);
  EXPECT_EQ(std::string(res[http::field::cache_control]), "no-store");
  EXPECT_EQ(Get("/admin/users", &browser).result(), http::status::forbidden);
}

TEST_F(AuthPagesTest, AWrongCodeIsRefusedAndARecoveryCodeWorksOnce) {
  std::vector<std::string> recovery;
  const std::string secret = ReadyUser("rita", auth::Role::kReviewer, true, &recovery);
  ASSERT_EQ(recovery.size(), static_cast<std::size_t>(auth::kRecoveryCodeCount));

  Browser browser;
  HttpResponse res = Post("/login", &browser, Form({{"username", "rita"}, {"password", kPassword}}));
  ASSERT_EQ(Location(res), "/login/second-factor");
  const std::string right = auth::TotpCode(secret, now_);
  const std::string wrong = right == "000000" ? "111111" : "000000";
  res = PostForm("/login/second-factor", "/login/second-factor", &browser, {{"code", wrong}});
  EXPECT_EQ(res.result(), http::status::unauthorized);
  EXPECT_NE(res.body().find(catalogs_.Get(publish::Lang::kEn, "login.error_code_wrong")), std::string::npos);
  EXPECT_EQ(Get("/account", &browser).result(), http::status::see_other) << "still not signed in";

  res = PostForm("/login/second-factor", "/login/second-factor", &browser, {{"code", recovery[0]}});
  ASSERT_EQ(res.result(), http::status::see_other) << res.body();
  EXPECT_EQ(Location(res), "/account");
  EXPECT_EQ(Get("/account", &browser).result(), http::status::ok);

  // The same recovery code in a second sign-in is spent.
  Browser second;
  res = Post("/login", &second, Form({{"username", "rita"}, {"password", kPassword}}));
  ASSERT_EQ(Location(res), "/login/second-factor");
  res = PostForm("/login/second-factor", "/login/second-factor", &second, {{"code", recovery[0]}});
  EXPECT_EQ(res.result(), http::status::unauthorized);
}

TEST_F(AuthPagesTest, UnknownUserAndWrongPasswordGetTheSameAnswerAndThrottlingAnswers429) {
  ReadyUser("carl", auth::Role::kContributor, /*enrol=*/false);
  HttpResponse unknown = Post("/login", nullptr, Form({{"username", "nobody"}, {"password", "whatever it is 1"}}));
  HttpResponse wrong = Post("/login", nullptr, Form({{"username", "carl"}, {"password", "whatever it is 1"}}));
  EXPECT_EQ(unknown.result(), http::status::unauthorized);
  EXPECT_EQ(wrong.result(), http::status::unauthorized);
  const std::string message = catalogs_.Get(publish::Lang::kEn, "login.error_wrong");
  EXPECT_NE(unknown.body().find(message), std::string::npos);
  EXPECT_NE(wrong.body().find(message), std::string::npos);
  // The typed username is echoed back in the form; the rest of the page is identical.
  std::string a = unknown.body(), b = wrong.body();
  a.replace(a.find("value=\"nobody\""), 14, "value=\"\"");
  b.replace(b.find("value=\"carl\""), 12, "value=\"\"");
  EXPECT_EQ(a, b);

  HttpResponse res;
  for (int i = 0; i < 3 && res.result() != http::status::too_many_requests; ++i) {
    res = Post("/login", nullptr, Form({{"username", "carl"}, {"password", "whatever it is 1"}}));
  }
  EXPECT_EQ(res.result(), http::status::too_many_requests);
  EXPECT_FALSE(std::string(res[http::field::retry_after]).empty());
}

TEST(SafeNextPath, KeepsLocalPathsAndRefusesEverythingElse) {
  struct Case {
    const char* next;
    const char* want;
  };
  const Case cases[] = {
      {"/cases", "/cases"},
      {"/cases?status=released&sort=name", "/cases?status=released&sort=name"},
      {"/", "/"},
      {"", ""},
      {"https://evil.example/", ""},
      {"//evil.example/path", ""},
      {"/\\evil.example", ""},
      {"\\\\evil.example", ""},
      {"javascript:alert(1)", ""},
      {"cases", ""},
      {"/a\r\nSet-Cookie: x=1", ""},
      {"/a\\b", ""},
  };
  for (const Case& c : cases) EXPECT_EQ(SafeNextPath(c.next), c.want) << "next=" << c.next;
}

TEST_F(AuthPagesTest, ASignInNeverRedirectsToAnotherSite) {
  ReadyUser("cora", auth::Role::kContributor, /*enrol=*/false);
  for (const char* next : {"https://evil.example/", "//evil.example/", "/\\evil.example"}) {
    Browser browser;
    HttpResponse res = Post("/login", &browser,
                            Form({{"username", "cora"}, {"password", kPassword}, {"next", next}}));
    ASSERT_EQ(res.result(), http::status::see_other) << next;
    EXPECT_EQ(Location(res), "/account") << "next=" << next;
  }
  Browser browser;
  HttpResponse res =
      Post("/login", &browser, Form({{"username", "cora"}, {"password", kPassword}, {"next", "/cases?sort=name"}}));
  EXPECT_EQ(Location(res), "/cases?sort=name");
}

TEST_F(AuthPagesTest, AdminPagesAreRefusedToAnEditorAndSendThePublicToSignIn) {
  const std::string secret = ReadyUser("eddie", auth::Role::kEditor);
  Browser editor = SignIn("eddie", secret);
  for (const char* path : {"/admin/users", "/admin/audit", "/admin/purge"}) {
    HttpResponse res = Get(path);
    EXPECT_EQ(res.result(), http::status::see_other) << path;
    EXPECT_EQ(Location(res).rfind("/login?next=", 0), 0u) << path << " -> " << Location(res);
    EXPECT_EQ(Get(path, &editor).result(), http::status::forbidden) << path;
  }
  const std::string csrf = HiddenValue(Get("/account", &editor).body(), "csrf");
  HttpResponse res = Post("/admin/users", &editor,
                          Form({{"username", "mallory"}, {"display_name", "M"}, {"role", "admin"}, {"csrf", csrf}}));
  EXPECT_EQ(res.result(), http::status::forbidden);
  EXPECT_FALSE(accounts_->FindUserByName("mallory").has_value());
}

TEST_F(AuthPagesTest, AnAdminAddsAUserAndSeesTheOneTimePasswordOnce) {
  Browser admin = SignIn("ada", ReadyUser("ada", auth::Role::kAdmin));
  HttpResponse res = PostForm("/admin/users", "/admin/users", &admin,
                              {{"username", "newbie"}, {"display_name", "New Bie"}, {"role", "editor"}});
  ASSERT_EQ(res.result(), http::status::ok) << res.body();
  auto user = accounts_->FindUserByName("newbie");
  ASSERT_TRUE(user.has_value());
  EXPECT_EQ(user->role, auth::Role::kEditor);
  const std::regex password_re("<code>([^<]{12,})</code>");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(res.body(), m, password_re)) << res.body();
  EXPECT_TRUE(accounts_->SignInWithPassword("newbie", m[1].str(), "").has_value());

  res = Get("/admin/users", &admin);
  ASSERT_EQ(res.result(), http::status::ok);
  EXPECT_NE(res.body().find("New Bie"), std::string::npos);
  EXPECT_EQ(res.body().find(m[1].str()), std::string::npos) << "the password is not shown again";

  res = PostForm("/admin/users/" + user->id, "/admin/users/" + user->id + "/disable", &admin, {});
  EXPECT_EQ(res.result(), http::status::see_other);
  EXPECT_TRUE(accounts_->FindUser(user->id)->disabled);
  // An admin can not disable themself.
  const std::string self = accounts_->FindUserByName("ada")->id;
  res = PostForm("/admin/users/" + self, "/admin/users/" + self + "/disable", &admin, {});
  EXPECT_EQ(res.result(), http::status::conflict);
  EXPECT_FALSE(accounts_->FindUser(self)->disabled);
}

TEST_F(AuthPagesTest, APurgeNeedsASecondAdminToConfirm) {
  core::RecordDraft draft;
  draft.kind = core::RecordKind::kPerson;
  draft.id = "prs_at-risk";
  draft.body = {{"names", {{{"text", "At Risk"}, {"script", "Latn"}, {"primary", true}}}}};
  ASSERT_TRUE(store_.Create(draft, core::Actor{"seed"}).has_value());

  Browser first = SignIn("ann", ReadyUser("ann", auth::Role::kAdmin));
  Browser second = SignIn("ben", ReadyUser("ben", auth::Role::kAdmin));

  HttpResponse res = PostForm("/admin/purge", "/admin/purge", &first, {{"record_id", "prs_at-risk"}});
  ASSERT_EQ(res.result(), http::status::see_other) << res.body();
  res = Get("/admin/purge", &first);
  ASSERT_NE(res.body().find("prs_at-risk"), std::string::npos);
  auto pending = purge_->Pending();
  ASSERT_TRUE(pending.has_value());
  ASSERT_EQ(pending->size(), 1u);
  const std::string confirm = "/admin/purge/" + (*pending)[0].id + "/confirm";

  // The requester may not confirm.
  const std::string csrf_first = HiddenValue(res.body(), "csrf");
  res = Post(confirm, &first, "csrf=" + csrf_first);
  EXPECT_EQ(res.result(), http::status::forbidden) << res.body();
  EXPECT_TRUE(store_.Get("prs_at-risk").has_value());

  res = PostForm("/admin/purge", confirm, &second, {});
  ASSERT_EQ(res.result(), http::status::see_other) << res.body();
  EXPECT_EQ(Location(res), "/admin/purge?done=purge-confirm");
  EXPECT_FALSE(store_.Get("prs_at-risk").has_value());
}

TEST_F(AuthPagesTest, ConfirmingAPurgeLongAfterSignInAsksToReauthenticateThenReturnsToThePurgePage) {
  const std::string secret = ReadyUser("dora", auth::Role::kAdmin);
  Browser admin = SignIn("dora", secret);
  now_ += auth::kReauthenticationSeconds + 60;  // no longer recent; the session is still alive
  HttpResponse res = PostForm("/admin/purge", "/admin/purge/prg_0000000000000000/confirm", &admin, {});
  ASSERT_EQ(res.result(), http::status::see_other);
  const std::string location = Location(res);
  ASSERT_EQ(location.rfind("/account/reauth?next=", 0), 0u) << location;

  res = PostForm(location, "/account/reauth", &admin,
                 {{"password", kPassword}, {"code", auth::TotpCode(secret, now_)},
                  {"next", "/admin/purge/prg_0000000000000000/confirm"}});
  ASSERT_EQ(res.result(), http::status::see_other) << res.body();
  EXPECT_EQ(Location(res), "/admin/purge");
}

TEST_F(AuthPagesTest, SigningOutEndsTheSessionAndClearsTheCookie) {
  Browser browser = SignIn("sam", ReadyUser("sam", auth::Role::kEditor));
  const std::string old_cookie = browser.cookie;
  HttpResponse res = PostForm("/account", "/logout", &browser, {});
  ASSERT_EQ(res.result(), http::status::see_other);
  EXPECT_TRUE(browser.cookie.empty()) << std::string(res[http::field::set_cookie]);
  Browser stale{old_cookie};
  EXPECT_EQ(Get("/account", &stale).result(), http::status::see_other);
}

TEST_F(AuthPagesTest, AStagePageWithoutASessionSendsToSignInAndAFormWithoutTheTokenIsRefused) {
  HttpResponse res = Get("/login/second-factor");
  EXPECT_EQ(res.result(), http::status::see_other);
  EXPECT_EQ(Location(res), "/login");

  const std::string secret = ReadyUser("tess", auth::Role::kEditor);
  Browser browser;
  res = Post("/login", &browser, Form({{"username", "tess"}, {"password", kPassword}}));
  ASSERT_EQ(Location(res), "/login/second-factor");
  res = Post("/login/second-factor", &browser, Form({{"code", auth::TotpCode(secret, now_)}}));
  EXPECT_EQ(res.result(), http::status::forbidden) << "no csrf field";
}

TEST_F(AuthPagesTest, TheSignInPageSpeaksChineseAndCarriesNoScript) {
  struct Case {
    const char* lang;
    const char* want;
  };
  for (const Case& c : {Case{"en", "Sign in"}, Case{"zh-Hans", "登录"}, Case{"zh-Hant", "登錄"}}) {
    HttpResponse res = Get(std::string("/login?lang=") + c.lang);
    ASSERT_EQ(res.result(), http::status::ok) << c.lang;
    EXPECT_NE(res.body().find(c.want), std::string::npos) << c.lang;
    EXPECT_NE(res.body().find(std::string("<html lang=\"") + c.lang + "\""), std::string::npos) << c.lang;
    EXPECT_EQ(res.body().find("<script"), std::string::npos) << c.lang;
    EXPECT_EQ(res.body().find("style="), std::string::npos) << c.lang;
  }
}

TEST(QrCodeSvg, DrawsAPathWithoutStyleAttributes) {
  auto svg = QrCodeSvg("otpauth://totp/Readout:edna?secret=JBSWY3DPEHPK3PXP&issuer=Readout");
  ASSERT_TRUE(svg.has_value());
  EXPECT_EQ(svg->rfind("<svg", 0), 0u);
  EXPECT_NE(svg->find("<path"), std::string::npos);
  EXPECT_EQ(svg->find("style"), std::string::npos);
  EXPECT_EQ(svg->find("<script"), std::string::npos);
}

TEST(GroupedSecret, SplitsIntoGroupsOfFour) {
  EXPECT_EQ(GroupedSecret("JBSWY3DPEHPK3PXP"), "JBSW Y3DP EHPK 3PXP");
  EXPECT_EQ(GroupedSecret("ABCDE"), "ABCD E");
  EXPECT_EQ(GroupedSecret(""), "");
}

}  // namespace
}  // namespace readout::web
