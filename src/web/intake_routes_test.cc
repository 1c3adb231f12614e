// The public input form and the moderation queue through App::Handle: the
// form in both languages, sending (validation, honeypot, throttle, Origin),
// moderation refused to the public and to contributors, dismiss, accept and
// erase by an editor with a signed-in session.
#include "web/intake_handler.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "intake/intake_service.h"
#include "web/app.h"
#include "web/memory_store_for_test.h"
#include "web/session_cookie.h"
#include "web/testing/staff_for_test.h"

namespace readout::web {
namespace {

using nlohmann::json;

// Percent-encodes a form value.
std::string Encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    }
  }
  return out;
}

std::string Form(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& [k, v] : fields) {
    if (!out.empty()) out += '&';
    out += k + "=" + Encode(v);
  }
  return out;
}

class IntakeRoutesTest : public ::testing::Test {
 protected:
  IntakeRoutesTest()
      : records_(store_),
        intake_(staff_.store(), records_, IntakeOptions()),
        site_(records_, catalogs_),
        app_(records_, site_, Options()) {}

  intake::IntakeOptions IntakeOptions() {
    intake::IntakeOptions o;
    o.per_address_per_hour = 3;
    return o;
  }
  AppOptions Options() {
    AppOptions o;
    o.accounts = &staff_.accounts();
    o.audit = &staff_.audit();
    o.intake = &intake_;
    return o;
  }

  struct Client {
    std::string cookie;  // session token
    std::string csrf;
    std::string address = "192.0.2.10";
  };

  Client SignedIn(const std::string& name, auth::Role role) {
    Client c;
    c.cookie = staff_.SignIn(name, role);
    auto principal = staff_.accounts().ResolveSession(c.cookie);
    EXPECT_TRUE(principal && *principal);
    if (principal && *principal) c.csrf = (*principal)->csrf_token;
    return c;
  }

  HttpResponse Send(http::verb method, const std::string& target, const std::string& body = "",
                    const Client* client = nullptr, bool same_origin = true) {
    HttpRequest req{method, target, 11};
    req.set(http::field::host, "readout.test");
    if (same_origin) req.set(http::field::origin, "http://readout.test");
    if (client != nullptr && !client->cookie.empty()) {
      req.set(http::field::cookie, std::string(kSessionCookie) + "=" + client->cookie);
    }
    if (!body.empty()) req.set(http::field::content_type, "application/x-www-form-urlencoded");
    req.body() = body;
    req.prepare_payload();
    HttpResponse res;
    app_.Handle(req, res, client != nullptr ? client->address : "192.0.2.1");
    return res;
  }
  HttpResponse Get(const std::string& target, const Client* client = nullptr) {
    return Send(http::verb::get, target, "", client);
  }
  HttpResponse SendForm(const std::vector<std::pair<std::string, std::string>>& fields,
                        const std::string& address = "192.0.2.1", const std::string& target = "/send") {
    Client sender;
    sender.address = address;
    return Send(http::verb::post, target, Form(fields), &sender);
  }
  HttpResponse Moderate(const Client& editor, const std::string& target,
                        std::vector<std::pair<std::string, std::string>> fields = {}) {
    fields.emplace_back(std::string(kCsrfField), editor.csrf);
    return Send(http::verb::post, target, Form(fields), &editor);
  }

  std::vector<intake::Submission> Stored() {
    auto all = intake_.List(std::nullopt);
    EXPECT_TRUE(all);
    return all ? *all : std::vector<intake::Submission>{};
  }

  testing::MemoryStore store_;
  testing::StaffForTest staff_;
  core::RecordService records_;
  intake::IntakeService intake_;
  publish::Catalogs catalogs_;
  publish::Site site_;
  App app_;
};

TEST_F(IntakeRoutesTest, TheFormIsPublicInBothLanguagesWithoutScript) {
  for (const char* lang : {"en", "zh-Hans"}) {
    auto res = Get(std::string("/send?lang=") + lang);
    ASSERT_EQ(res.result(), http::status::ok) << lang << res.body();
    const std::string& html = res.body();
    EXPECT_NE(html.find("<form class=\"intake-form"), std::string::npos) << lang;
    EXPECT_NE(html.find("name=\"message\""), std::string::npos) << lang;
    EXPECT_NE(html.find("name=\"" + std::string(kHoneypotField) + "\""), std::string::npos) << lang;
    EXPECT_EQ(html.find("<script"), std::string::npos) << lang;
    EXPECT_EQ(html.find("style="), std::string::npos) << lang;
    EXPECT_EQ(html.find("intake."), std::string::npos) << "every message id is translated: " << lang;
  }
  EXPECT_NE(Get("/send?lang=en").body().find("unless you want us to contact you"), std::string::npos);
  EXPECT_NE(Get("/send?lang=zh-Hans").body().find("除非希望我们联系您"), std::string::npos);
}

TEST_F(IntakeRoutesTest, EveryPageLinksToTheForm) {
  EXPECT_NE(Get("/").body().find("href=\"/send\""), std::string::npos);
}

TEST_F(IntakeRoutesTest, SendingStoresTheSubmissionAndThanksWithoutEchoingIt) {
  const std::string message = "Detained on 3 March, message-marker-5521";
  auto res = SendForm({{"about", "about-marker-77"}, {"message", message}, {"contact", "contact-marker-9"}});
  ASSERT_EQ(res.result(), http::status::ok) << res.body();
  EXPECT_EQ(res.body().find("message-marker-5521"), std::string::npos);
  EXPECT_EQ(res.body().find("about-marker-77"), std::string::npos);
  EXPECT_EQ(res.body().find("contact-marker-9"), std::string::npos);
  EXPECT_EQ(res.body().find("sub_"), std::string::npos) << "no id a seized device could show";
  EXPECT_EQ(res[http::field::cache_control], "no-store");
  auto stored = Stored();
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].message, message);
  EXPECT_EQ(stored[0].language, "en");
}

TEST_F(IntakeRoutesTest, AnInvalidFieldIsNamedAndNothingIsStored) {
  const struct {
    std::vector<std::pair<std::string, std::string>> fields;
    std::string element_id;
  } cases[] = {
      {{{"message", ""}}, "intake-message-error"},
      {{{"message", "m"}, {"about", std::string(501, 'a')}}, "intake-about-error"},
      {{{"message", "m"}, {"contact", std::string(501, 'c')}}, "intake-contact-error"},
      {{{"message", "m"}, {"case_id", "cas_nobody"}}, "intake-case-error"},
  };
  for (const auto& c : cases) {
    auto res = SendForm(c.fields);
    EXPECT_EQ(res.result(), http::status::bad_request) << c.element_id;
    EXPECT_NE(res.body().find("id=\"" + c.element_id + "\""), std::string::npos) << c.element_id;
  }
  EXPECT_TRUE(Stored().empty());
}

TEST_F(IntakeRoutesTest, TheHoneypotLooksAcceptedButKeepsNothing) {
  auto res = SendForm({{"message", "buy now"}, {std::string(kHoneypotField), "http://spam.example"}});
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_TRUE(Stored().empty());
}

TEST_F(IntakeRoutesTest, TooManyFromOneAddressIs429WithAClearPage) {
  for (int i = 0; i < 3; ++i) ASSERT_EQ(SendForm({{"message", "m"}}, "198.51.100.3").result(), http::status::ok);
  auto res = SendForm({{"message", "m"}}, "198.51.100.3");
  EXPECT_EQ(res.result(), http::status::too_many_requests);
  EXPECT_NE(res.body().find("try again in an hour"), std::string::npos) << res.body();
  EXPECT_EQ(res[http::field::retry_after], "3600");
  EXPECT_EQ(SendForm({{"message", "m"}}, "198.51.100.4").result(), http::status::ok);
  EXPECT_EQ(Stored().size(), 4u);
}

TEST_F(IntakeRoutesTest, ACrossSitePostIsRefused) {
  Client sender;
  auto res = Send(http::verb::post, "/send", Form({{"message", "m"}}), &sender, /*same_origin=*/false);
  EXPECT_EQ(res.result(), http::status::forbidden);
  EXPECT_TRUE(Stored().empty());
}

TEST_F(IntakeRoutesTest, ModerationIsClosedToThePublicAndToContributors) {
  ASSERT_EQ(SendForm({{"message", "closed-marker-31"}}).result(), http::status::ok);
  const std::string id = Stored()[0].id;
  const Client contributor = SignedIn("Connie", auth::Role::kContributor);
  const std::vector<std::pair<http::verb, std::string>> routes = {
      {http::verb::get, "/moderation"},
      {http::verb::get, "/moderation/" + id},
      {http::verb::post, "/moderation/" + id + "/dismiss"},
      {http::verb::post, "/moderation/" + id + "/accept"},
      {http::verb::post, "/moderation/" + id + "/erase"},
  };
  for (const auto& [method, target] : routes) {
    auto pub = Send(method, target, method == http::verb::post ? "x=1" : "");
    EXPECT_TRUE(pub.result() == http::status::see_other || pub.result() == http::status::unauthorized)
        << target << " public: " << pub.result_int();
    if (pub.result() == http::status::see_other) {
      EXPECT_EQ(pub[http::field::location].substr(0, 6), "/login") << target;
    }
    EXPECT_EQ(pub.body().find("closed-marker-31"), std::string::npos) << target;
    auto res = method == http::verb::post ? Moderate(contributor, target) : Get(target, &contributor);
    EXPECT_EQ(res.result(), http::status::forbidden) << target << " contributor";
    // (The error page's language links repeat the path asked for, id included: not the submission.)
    EXPECT_EQ(res.body().find("closed-marker-31"), std::string::npos) << target;
  }
  EXPECT_EQ(Stored()[0].state, intake::SubmissionState::kNew);
}

TEST_F(IntakeRoutesTest, AnEditorSeesTheQueueWithCountsAndTheMessage) {
  ASSERT_EQ(SendForm({{"about", "Xu"}, {"message", "line one\r\nline <two>"}, {"contact", "c@example"}}).result(),
            http::status::ok);
  const std::string id = Stored()[0].id;
  const Client editor = SignedIn("Ed", auth::Role::kEditor);
  auto queue = Get("/moderation", &editor);
  ASSERT_EQ(queue.result(), http::status::ok) << queue.body();
  EXPECT_NE(queue.body().find("/moderation/" + id), std::string::npos);
  EXPECT_NE(queue.body().find("(1)"), std::string::npos) << "the count of new submissions";
  EXPECT_EQ(queue[http::field::cache_control], "no-store");
  auto item = Get("/moderation/" + id, &editor);
  ASSERT_EQ(item.result(), http::status::ok);
  EXPECT_NE(item.body().find("line one<br>"), std::string::npos) << item.body();
  EXPECT_NE(item.body().find("line &lt;two&gt;"), std::string::npos) << "escaped";
  EXPECT_NE(item.body().find("c@example"), std::string::npos);
  EXPECT_NE(item.body().find("value=\"" + editor.csrf + "\""), std::string::npos) << "forms carry the CSRF token";
  EXPECT_EQ(Get("/moderation?state=maybe", &editor).result(), http::status::bad_request);
  EXPECT_EQ(Get("/moderation/sub_0000000000000000", &editor).result(), http::status::not_found);
}

TEST_F(IntakeRoutesTest, AnEditorAcceptsASubmissionAsARestrictedSource) {
  ASSERT_EQ(SendForm({{"message", "m"}}).result(), http::status::ok);
  const std::string id = Stored()[0].id;
  const Client editor = SignedIn("Ed", auth::Role::kEditor);
  auto res = Moderate(editor, "/moderation/" + id + "/accept", {{"title_en", "Account of a detention"}});
  ASSERT_EQ(res.result(), http::status::see_other) << res.body();
  EXPECT_EQ(res[http::field::location], "/moderation/" + id);
  const intake::Submission s = Stored()[0];
  EXPECT_EQ(s.state, intake::SubmissionState::kAccepted);
  EXPECT_EQ(s.handled_by, "Ed");
  auto record = records_.Get(s.record_id, core::Visibility::kRestricted);
  ASSERT_TRUE(record) << s.record_id;
  EXPECT_EQ(record->header.visibility, core::Visibility::kRestricted);
  EXPECT_EQ(record->body["title"]["en"], "Account of a detention");
  EXPECT_EQ(record->body["sources"][0]["title"], intake::ProvenanceTitle(s));
  EXPECT_EQ(Get("/api/v1/sources/" + s.record_id).result(), http::status::not_found) << "not public";

  auto again = Moderate(editor, "/moderation/" + id + "/accept");
  EXPECT_EQ(again.result(), http::status::conflict);
}

TEST_F(IntakeRoutesTest, WithoutTheCsrfTokenAnEditorsPostIsRefused) {
  ASSERT_EQ(SendForm({{"message", "m"}}).result(), http::status::ok);
  const std::string id = Stored()[0].id;
  Client editor = SignedIn("Ed", auth::Role::kEditor);
  editor.csrf = "wrong";
  EXPECT_EQ(Moderate(editor, "/moderation/" + id + "/dismiss").result(), http::status::forbidden);
  EXPECT_EQ(Stored()[0].state, intake::SubmissionState::kNew);
}

TEST_F(IntakeRoutesTest, AnEditorDismissesThenErases) {
  ASSERT_EQ(SendForm({{"message", "m"}}).result(), http::status::ok);
  const std::string id = Stored()[0].id;
  const Client editor = SignedIn("Ed", auth::Role::kEditor);
  EXPECT_EQ(Moderate(editor, "/moderation/" + id + "/erase").result(), http::status::conflict) << "still new";
  ASSERT_EQ(Moderate(editor, "/moderation/" + id + "/dismiss").result(), http::status::see_other);
  EXPECT_EQ(Stored()[0].state, intake::SubmissionState::kDismissed);
  ASSERT_EQ(Moderate(editor, "/moderation/" + id + "/erase").result(), http::status::see_other);
  EXPECT_TRUE(Stored().empty());
  auto doc = staff_.store().GetDocument(auth::kSubmissions, id);
  ASSERT_TRUE(doc);
  EXPECT_FALSE(doc->has_value());
}

TEST_F(IntakeRoutesTest, ModerationStepsAreAuditedAndSendingIsNot) {
  ASSERT_EQ(SendForm({{"message", "m"}}).result(), http::status::ok);
  const std::string id = Stored()[0].id;
  const Client editor = SignedIn("Ed", auth::Role::kEditor);
  ASSERT_EQ(Moderate(editor, "/moderation/" + id + "/dismiss").result(), http::status::see_other);
  auto recent = staff_.audit().Recent(0, 100);
  ASSERT_TRUE(recent);
  int dismissals = 0;
  for (const auth::AuditView& v : *recent) {
    EXPECT_EQ(v.entry.action.find("send"), std::string::npos) << v.entry.action;
    if (v.entry.action == "submission.dismiss") {
      ++dismissals;
      EXPECT_EQ(v.target_id, id);
    }
  }
  EXPECT_EQ(dismissals, 1);
}

TEST_F(IntakeRoutesTest, EveryIntakeRouteStatesItsPermissionAndIsAPage) {
  int found = 0;
  for (const Route& route : app_.router().routes()) {
    if (route.pattern != "/send" && route.pattern.rfind("/moderation", 0) != 0) continue;
    ++found;
    EXPECT_FALSE(route.doc.api) << route.pattern;
    const auth::Permission expected = route.pattern == "/send"
                                          ? (route.method == http::verb::get ? auth::Permission::kPublic
                                                                             : auth::Permission::kPublicInput)
                                          : auth::Permission::kEdit;
    EXPECT_EQ(route.doc.permission, expected) << route.pattern;
  }
  EXPECT_EQ(found, 7);
}

TEST(IntakeWithoutStoreTest, TheFormAnswers503WhenThereIsNoIntake) {
  testing::MemoryStore store;
  core::RecordService records(store);
  publish::Catalogs catalogs;
  publish::Site site(records, catalogs);
  App app(records, site, AppOptions{});
  HttpRequest req{http::verb::get, "/send", 11};
  HttpResponse res;
  app.Handle(req, res);
  EXPECT_EQ(res.result(), http::status::service_unavailable);
}

}  // namespace
}  // namespace readout::web
