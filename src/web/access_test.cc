// Access and the App's defences with real accounts (web/access.h,
// web/app.h): who a request is (API token, session cookie in each stage,
// nothing), 401 vs 403 vs 200 by role, CSRF and Origin on state changes,
// re-authentication, session expiry and logout, HSTS and Secure cookies
// under an https origin, the rate limit, the audit entries, and that no GET
// route changes anything.
#include "web/access.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "web/app.h"
#include "web/memory_store_for_test.h"
#include "web/session_cookie.h"
#include "web/testing/staff_for_test.h"

namespace readout::web {
namespace {

using nlohmann::json;

TEST(ConstantTimeEquals, ComparesWholeStrings) {
  EXPECT_TRUE(ConstantTimeEquals("secret", "secret"));
  EXPECT_FALSE(ConstantTimeEquals("secreT", "secret"));
  EXPECT_FALSE(ConstantTimeEquals("secre", "secret"));
  EXPECT_FALSE(ConstantTimeEquals("secrets", "secret"));
  EXPECT_FALSE(ConstantTimeEquals("", "secret"));
}

TEST(SessionCookie, IsHttpOnlyStrictAndSecureOnlyWhenAsked) {
  EXPECT_EQ(SessionCookie("abc", false), "readout_session=abc; Path=/; HttpOnly; SameSite=Strict");
  EXPECT_EQ(SessionCookie("abc", true), "readout_session=abc; Path=/; HttpOnly; SameSite=Strict; Secure");
  EXPECT_NE(ClearedSessionCookie(false).find("readout_session=;"), std::string::npos);
  EXPECT_NE(ClearedSessionCookie(false).find("Max-Age=0"), std::string::npos);
  EXPECT_NE(ClearedSessionCookie(true).find("; Secure"), std::string::npos);
}

const json kDialogue = {{"name", {{"en", "Test Dialogue"}}},
                        {"party_a", {{"name", {{"en", "A"}}}}},
                        {"party_b", {{"name", {{"en", "B"}}}}}};

class AccessTest : public ::testing::Test {
 protected:
  AccessTest() : records_(store_), site_(records_, catalogs_) {}

  App& MakeApp(AppOptions options) {
    app_ = std::make_unique<App>(records_, site_, std::move(options));
    return *app_;
  }
  App& app() {
    if (!app_) MakeApp(staff_.Options());
    return *app_;
  }

  struct Call {
    http::verb method = http::verb::get;
    std::string target{};
    std::string body{};
    std::vector<std::pair<std::string, std::string>> headers{};
    std::string address{};  // the client's, for the rate limit; "" none
  };
  HttpResponse Send(const Call& c) {
    HttpRequest req{c.method, c.target, 11};
    req.set(http::field::host, "readout.test");
    for (const auto& [k, v] : c.headers) req.set(k, v);
    req.body() = c.body;
    req.prepare_payload();
    HttpResponse res;
    app().Handle(req, res, c.address);
    return res;
  }
  // A JSON POST from a browser session: cookie, Origin and CSRF header as given.
  HttpResponse SessionPost(const std::string& target, const std::string& session, const std::string& csrf,
                           const std::string& origin = "http://readout.test") {
    Call c{http::verb::post, target, kDialogue.dump(), {{"Content-Type", "application/json"}}, ""};
    c.headers.push_back({"Cookie", std::string(kSessionCookie) + "=" + session});
    if (!origin.empty()) c.headers.push_back({"Origin", origin});
    if (!csrf.empty()) c.headers.push_back({std::string(kCsrfHeader), csrf});
    return Send(c);
  }
  std::string CsrfOf(const std::string& session) {
    auto principal = staff_.accounts().ResolveSession(session);
    EXPECT_TRUE(principal && *principal);
    return principal && *principal ? (*principal)->csrf_token : std::string();
  }
  std::string SeedRestricted() {
    auto res = Send({http::verb::post, "/api/v1/dialogues",
                     json{{"id", "dlg_quiet"}, {"name", {{"en", "Quiet"}}}, {"party_a", {{"name", {{"en", "A"}}}}},
                          {"party_b", {{"name", {{"en", "B"}}}}}, {"visibility", "restricted"}}
                         .dump(),
                     {{"Authorization", staff_.Bearer("Ada Admin")}, {"Content-Type", "application/json"}}});
    EXPECT_EQ(res.result(), http::status::created) << res.body();
    return "dlg_quiet";
  }

  testing::MemoryStore store_;
  std::int64_t clock_ = 1'700'000'000;
  testing::StaffForTest staff_{nullptr, [this] { return clock_; }};
  core::RecordService records_;
  publish::Catalogs catalogs_;
  publish::Site site_;
  std::unique_ptr<App> app_;
};

TEST_F(AccessTest, AnApiTokenActsAsItsUserAndAWrongOneIs401) {
  auto admin = Send({http::verb::get, "/api/v1/dialogues", "", {{"Authorization", staff_.Bearer("Ada Admin")}}});
  EXPECT_EQ(admin.result(), http::status::ok) << admin.body();
  EXPECT_EQ(admin[http::field::cache_control], "no-store") << "a signed-in answer is never cached";
  for (const std::string header : {"Bearer guess", "Bearer ", "Basic dG9rOg==", "guess"}) {
    auto res = Send({http::verb::get, "/api/v1/dialogues", "", {{"Authorization", header}}});
    EXPECT_EQ(res.result(), http::status::unauthorized) << header;
    EXPECT_EQ(res[http::field::www_authenticate], "Bearer realm=\"readout\"") << header;
  }
}

TEST_F(AccessTest, TheRouteSaysWhoMayCall401ForThePublic403ForTheWrongRole) {
  struct Case {
    std::string who;  // "" the public
    auth::Role role;
    http::verb method;
    std::string target;
    http::status expected;
  };
  json seed = kDialogue;
  seed["id"] = "dlg_x";
  ASSERT_EQ(Send({http::verb::post, "/api/v1/dialogues", seed.dump(),
                  {{"Authorization", staff_.Bearer("Ada Admin")}, {"Content-Type", "application/json"}}})
                .result(),
            http::status::created);
  const std::vector<Case> cases = {
      {"", auth::Role::kAdmin, http::verb::get, "/api/v1/dialogues/dlg_x", http::status::ok},
      {"", auth::Role::kAdmin, http::verb::post, "/api/v1/dialogues", http::status::unauthorized},
      {"", auth::Role::kAdmin, http::verb::delete_, "/api/v1/dialogues/dlg_x?revision=1",
       http::status::unauthorized},
      {"Cora Contributor", auth::Role::kContributor, http::verb::post, "/api/v1/dialogues", http::status::created},
      {"Cora Contributor", auth::Role::kContributor, http::verb::delete_, "/api/v1/dialogues/dlg_x?revision=1",
       http::status::forbidden},
      {"Eve Editor", auth::Role::kEditor, http::verb::post, "/api/v1/readouts/rdo_x/approve",
       http::status::forbidden},
      {"Eve Editor", auth::Role::kEditor, http::verb::delete_, "/api/v1/dialogues/dlg_x?revision=1",
       http::status::ok},
  };
  for (const Case& c : cases) {
    Call call{c.method, c.target, "", {}, ""};
    if (c.method == http::verb::post) {
      call.body = kDialogue.dump();
      call.headers.push_back({"Content-Type", "application/json"});
    }
    if (!c.who.empty()) call.headers.push_back({"Authorization", staff_.Bearer(c.who, c.role)});
    auto res = Send(call);
    EXPECT_EQ(res.result(), c.expected) << (c.who.empty() ? "the public" : c.who) << " " << c.target << ": "
                                        << res.body();
    if (c.expected == http::status::forbidden) {
      EXPECT_EQ(json::parse(res.body())["type"], "https://readout.example/problems/permission_denied") << c.target;
    }
  }
}

TEST_F(AccessTest, APageThatNeedsAnAccountSendsThePublicToSignIn) {
  auto res = Send({http::verb::get, "/readouts/rdo_x/preview?lang=en", "", {}});
  EXPECT_EQ(res.result(), http::status::see_other);
  EXPECT_EQ(res[http::field::location], "/login?next=/readouts/rdo_x/preview%3Flang%3Den");
}

TEST_F(AccessTest, ASignedInSessionCookieActsAsItsUser) {
  const std::string session = staff_.SignIn("Ada Admin");
  const std::string restricted = SeedRestricted();
  auto res = Send({http::verb::get, "/api/v1/dialogues/" + restricted, "",
                   {{"Cookie", "lang=en; " + std::string(kSessionCookie) + "=" + session}}});
  EXPECT_EQ(res.result(), http::status::ok) << res.body();
  EXPECT_EQ(res[http::field::cache_control], "no-store");
  auto pub = Send({http::verb::get, "/api/v1/dialogues/" + restricted, "", {}});
  EXPECT_EQ(pub.result(), http::status::not_found);
}

TEST_F(AccessTest, ASessionInASignInStageIsThePublicButVisibleToTheStagePages) {
  staff_.User("Ada Admin");  // enrolled: the password alone leaves the session waiting for the code
  auto& accounts = staff_.accounts();
  // Give Ada a password by signing in once through the helper, then sign in with the password only.
  staff_.SignIn("Ada Admin");
  auto first = accounts.SignInWithPassword("ada-admin", testing::StaffForTest::kPassword, "test");
  ASSERT_TRUE(first) << first.error().message;
  ASSERT_EQ(first->stage, auth::SessionStage::kSecondFactor);
  const std::string restricted = SeedRestricted();
  const std::string path = "/api/v1/dialogues/" + restricted;
  HttpRequest http_req{http::verb::get, path, 11};
  http_req.set(http::field::cookie, std::string(kSessionCookie) + "=" + first->session_token);
  Request req{http_req, path, "", {}, Caller(), publish::Lang::kEn, false};
  Access access(&accounts);
  ASSERT_TRUE(access.Authenticate(req));
  EXPECT_FALSE(req.caller.role.has_value()) << "a half-signed-in session is the public";
  ASSERT_TRUE(req.session.has_value());
  EXPECT_EQ(req.session->stage, auth::SessionStage::kSecondFactor);
  EXPECT_EQ(req.session_token, first->session_token);
  auto res = Send({http::verb::get, "/api/v1/dialogues/" + restricted, "",
                   {{"Cookie", std::string(kSessionCookie) + "=" + first->session_token}}});
  EXPECT_EQ(res.result(), http::status::not_found);
}

TEST_F(AccessTest, AChangeWithASessionNeedsTheRightCsrfTokenAndOrigin) {
  const std::string session = staff_.SignIn("Ada Admin");
  const std::string csrf = CsrfOf(session);
  ASSERT_FALSE(csrf.empty());
  struct Case {
    const char* name;
    std::string csrf;
    std::string origin;
    http::status expected;
    const char* detail;
  };
  for (const Case& c : std::vector<Case>{
           {"no CSRF token", "", "http://readout.test", http::status::forbidden, "CSRF token is missing"},
           {"a wrong CSRF token", "0123", "http://readout.test", http::status::forbidden, "does not match"},
           {"no Origin", csrf, "", http::status::forbidden, "Origin header is required"},
           {"another Origin", csrf, "http://evil.test", http::status::forbidden, "does not name this site"},
           {"all right", csrf, "http://readout.test", http::status::created, ""},
       }) {
    const std::int64_t before = store_.ChangeCounter();
    auto res = SessionPost("/api/v1/dialogues", session, c.csrf, c.origin);
    EXPECT_EQ(res.result(), c.expected) << c.name << ": " << res.body();
    if (c.expected == http::status::forbidden) {
      EXPECT_NE(res.body().find(c.detail), std::string::npos) << c.name << ": " << res.body();
      EXPECT_EQ(store_.ChangeCounter(), before) << c.name;
    }
  }
}

TEST_F(AccessTest, AFormMayCarryTheCsrfTokenAsAField) {
  const std::string session = staff_.SignIn("Ada Admin");
  const std::string csrf = CsrfOf(session);
  // The form's body is not a record, so the handler refuses it (415) — after the CSRF check has passed.
  for (const auto& [field, expected] : std::vector<std::pair<std::string, http::status>>{
           {"csrf=" + csrf + "&x=1", http::status::unsupported_media_type},
           {"csrf=nope&x=1", http::status::forbidden}}) {
    auto res = Send({http::verb::post, "/api/v1/dialogues", field,
                     {{"Content-Type", "application/x-www-form-urlencoded"},
                      {"Cookie", std::string(kSessionCookie) + "=" + session},
                      {"Origin", "http://readout.test"}}});
    EXPECT_EQ(res.result(), expected) << field << ": " << res.body();
  }
}

TEST_F(AccessTest, ASessionEndsWhenIdleAndOnLogout) {
  std::string session = staff_.SignIn("Ada Admin");
  ASSERT_EQ(SessionPost("/api/v1/dialogues", session, CsrfOf(session)).result(), http::status::created);
  clock_ += auth::kSessionIdleSeconds + 1;
  auto idle = SessionPost("/api/v1/dialogues", session, "whatever");
  EXPECT_EQ(idle.result(), http::status::unauthorized) << "an idle session is over: " << idle.body();

  session = staff_.SignIn("Ada Admin");
  ASSERT_EQ(SessionPost("/api/v1/dialogues", session, CsrfOf(session)).result(), http::status::created);
  const std::string csrf = CsrfOf(session);
  ASSERT_TRUE(staff_.accounts().SignOut(session));
  auto after = SessionPost("/api/v1/dialogues", session, csrf);
  EXPECT_EQ(after.result(), http::status::unauthorized) << after.body();
}

TEST_F(AccessTest, UnderAnHttpsOriginResponsesCarryHstsAndTheOriginMustMatchIt) {
  AppOptions options = staff_.Options();
  options.public_origin = "https://readout.example.org";
  App& app = MakeApp(options);
  EXPECT_TRUE(app.secure());
  auto res = Send({http::verb::get, "/", "", {}});
  EXPECT_EQ(res[http::field::strict_transport_security], "max-age=63072000; includeSubDomains");
  EXPECT_NE(SessionCookie("t", app.secure()).find("; Secure"), std::string::npos);

  const std::string session = staff_.SignIn("Ada Admin");
  const std::string csrf = CsrfOf(session);
  EXPECT_EQ(SessionPost("/api/v1/dialogues", session, csrf, "http://readout.test").result(),
            http::status::forbidden)
      << "the Host is not the origin when a public origin is set";
  EXPECT_EQ(SessionPost("/api/v1/dialogues", session, csrf, "https://readout.example.org").result(),
            http::status::created);

  MakeApp(staff_.Options());
  EXPECT_EQ(Send({http::verb::get, "/", "", {}})[http::field::strict_transport_security], "")
      << "no HSTS over plain http";
}

TEST_F(AccessTest, TooManyRequestsFromOneAddressAre429) {
  AppOptions options = staff_.Options();
  options.requests_per_minute = 3;
  MakeApp(options);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(Send({http::verb::get, "/healthz", "", {}, "192.0.2.1"}).result(), http::status::ok) << i;
  }
  auto limited = Send({http::verb::get, "/healthz", "", {}, "192.0.2.1"});
  EXPECT_EQ(limited.result(), http::status::too_many_requests);
  EXPECT_EQ(limited[http::field::retry_after], "60");
  EXPECT_EQ(Send({http::verb::get, "/healthz", "", {}, "192.0.2.2"}).result(), http::status::ok)
      << "other addresses are not held back";
}

TEST_F(AccessTest, WritesAndRestrictedReadsAreAuditedWithoutValues) {
  const std::string restricted = SeedRestricted();
  ASSERT_EQ(Send({http::verb::get, "/api/v1/dialogues/" + restricted, "",
                  {{"Authorization", staff_.Bearer("Ada Admin")}}})
                .result(),
            http::status::ok);
  auto recent = staff_.audit().Recent(0, 50);
  ASSERT_TRUE(recent) << recent.error().message;
  const auth::AuditView* create = nullptr;
  const auth::AuditView* read = nullptr;
  for (const auth::AuditView& v : *recent) {
    if (v.entry.action == "create_dialogue") create = &v;
    if (v.entry.action == "record.read_restricted") read = &v;
  }
  ASSERT_NE(create, nullptr) << "the write is audited";
  EXPECT_EQ(create->entry.actor, "ada-admin");
  EXPECT_EQ(create->target_id, restricted);
  EXPECT_EQ(create->entry.detail, "status 201");
  ASSERT_NE(read, nullptr) << "the restricted read is audited";
  EXPECT_EQ(read->target_id, restricted);
  EXPECT_GT(read->sequence, create->sequence);
  for (const auth::AuditView& v : *recent) {
    EXPECT_EQ(v.entry.detail.find("Quiet"), std::string::npos) << "no values in the log";
  }
}

TEST_F(AccessTest, PublishingNeedsAFreshReauthenticationCode) {
  // The route says so; the workflow test walks the steps (readout_routes_test.cc).
  int reauth_routes = 0;
  for (const Route& route : app().router().routes()) {
    if (route.doc.reauth) {
      ++reauth_routes;
      EXPECT_NE(route.method, http::verb::get) << route.pattern;
    }
  }
  EXPECT_GE(reauth_routes, 2);
  auto res = Send({http::verb::post, "/api/v1/readouts/rdo_x/publish", "{}",
                   {{"Authorization", staff_.Bearer("Ada Admin")}, {"Content-Type", "application/json"}}});
  EXPECT_EQ(res.result(), http::status::forbidden);
  EXPECT_EQ(json::parse(res.body())["type"], "https://readout.example/problems/reauthentication_required");
  auto wrong = Send({http::verb::post, "/api/v1/readouts/rdo_x/publish", "{}",
                     {{"Authorization", staff_.Bearer("Ada Admin")},
                      {"Content-Type", "application/json"},
                      {std::string(kReauthHeader), "000000"}}});
  EXPECT_NE(wrong.result(), http::status::ok) << wrong.body();
}

TEST_F(AccessTest, EveryRouteStatesWhoMayCallIt) {
  for (const Route& route : app().router().routes()) {
    EXPECT_NE(route.doc.permission, auth::Permission::kUnset)
        << http::to_string(route.method) << " " << route.pattern;
  }
}

TEST_F(AccessTest, NoGetRouteTakesABodyOrChangesTheStore) {
  const std::string session = staff_.SignIn("Ada Admin");
  SeedRestricted();
  for (const Route& route : app().router().routes()) {
    if (route.method != http::verb::get) continue;
    const std::string name = route.pattern;
    EXPECT_FALSE(route.doc.has_body) << name;
    EXPECT_FALSE(route.doc.raw_body) << name;
    std::string target;
    for (const std::string& seg : route.segments) {
      if (seg.empty()) continue;
      target += '/';
      target += seg.size() > 2 && seg.front() == '{' ? "dlg_quiet" : seg;
    }
    if (target.empty()) target = "/";
    const std::int64_t before = store_.ChangeCounter();
    Send({http::verb::get, target, "", {{"Cookie", std::string(kSessionCookie) + "=" + session}}});
    EXPECT_EQ(store_.ChangeCounter(), before) << "GET " << target << " changed the store";
  }
}

}  // namespace
}  // namespace readout::web
