// App end to end without sockets: the JSON API, access, errors, caching and
// pages, over the in-memory store and the real RecordService and Site.
#include "web/app.h"

#include <cctype>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "web/memory_store_for_test.h"
#include "web/testing/staff_for_test.h"

namespace readout::web {
namespace {

using nlohmann::json;

const json kDialogue = {{"name", {{"en", "US-China Human Rights Dialogue"}}},
                        {"party_a", {{"name", {{"en", "United States"}}}}},
                        {"party_b", {{"name", {{"en", "China"}}}}}};

json RoundBody(const std::string& dialogue_id, const std::string& visibility = "public") {
  return {{"dialogue_id", dialogue_id},
          {"number", 18},
          {"title", {{"en", "18th dialogue, Kunming"}}},
          {"dates", "2013-07-30/2013-07-31"},
          {"place", {{"en", "Kunming"}}},
          {"visibility", visibility}};
}

class AppTest : public ::testing::Test {
 protected:
  AppTest() : records_(store_), site_(records_, catalogs_), app_(records_, site_, Options()) {}

  AppOptions Options() {
    AppOptions o;
    o.accounts = &staff_.accounts();
    o.audit = &staff_.audit();
    return o;
  }

  HttpResponse Send(http::verb method, const std::string& target, const std::string& body = "", bool staff = false,
                    const std::string& actor = "Tester", const std::string& content_type = "application/json",
                    std::vector<std::pair<std::string, std::string>> headers = {}) {
    HttpRequest req{method, target, 11};
    // A staff request is an admin's, named `actor`, with its API token.
    if (staff) req.set(http::field::authorization, staff_.Bearer(actor.empty() ? "Tester" : actor));
    if (!body.empty()) req.set(http::field::content_type, content_type);
    for (auto& [k, v] : headers) req.set(k, v);
    req.body() = body;
    req.prepare_payload();
    HttpResponse res;
    app_.Handle(req, res);
    return res;
  }
  HttpResponse Get(const std::string& target, bool staff = false) { return Send(http::verb::get, target, "", staff); }
  HttpResponse Post(const std::string& target, const json& body) {
    return Send(http::verb::post, target, body.dump(), true);
  }

  std::string CreateDialogue(json body = kDialogue) {
    auto res = Post("/api/v1/dialogues", body);
    EXPECT_EQ(res.result(), http::status::created) << res.body();
    return json::parse(res.body())["id"];
  }

  static json Body(const HttpResponse& res) { return json::parse(res.body()); }

  testing::MemoryStore store_;
  testing::StaffForTest staff_;
  core::RecordService records_;
  publish::Catalogs catalogs_;
  publish::Site site_;
  App app_;
};

TEST_F(AppTest, CreateReturns201WithLocationAndETag) {
  json body = kDialogue;
  body["id"] = "dlg_us-china";
  auto res = Post("/api/v1/dialogues", body);
  ASSERT_EQ(res.result(), http::status::created) << res.body();
  EXPECT_EQ(res[http::field::location], "/api/v1/dialogues/dlg_us-china");
  EXPECT_EQ(res[http::field::etag], "\"1\"");
  EXPECT_EQ(Body(res)["revision"], 1);
  EXPECT_EQ(Body(Get("/api/v1/dialogues/dlg_us-china"))["name"]["en"], "US-China Human Rights Dialogue");
}

TEST_F(AppTest, ThePublicCannotWrite) {
  auto res = Send(http::verb::post, "/api/v1/dialogues", kDialogue.dump(), /*staff=*/false);
  EXPECT_EQ(res.result(), http::status::unauthorized);
  EXPECT_EQ(res[http::field::content_type], "application/problem+json");
  EXPECT_EQ(Body(res)["type"], "https://readout.example/problems/unauthorized");
  EXPECT_EQ(Body(Get("/api/v1/dialogues"))["total"], 0);
}

TEST_F(AppTest, AWrongTokenIsRefusedEvenForReads) {
  HttpRequest req{http::verb::get, "/api/v1/dialogues", 11};
  req.set(http::field::authorization, "Bearer guess");
  HttpResponse res;
  app_.Handle(req, res);
  EXPECT_EQ(res.result(), http::status::unauthorized);
}

TEST_F(AppTest, WritesNameTheSignedInUserAsTheirActor) {
  auto res = Send(http::verb::post, "/api/v1/dialogues", kDialogue.dump(), true, /*actor=*/"Ada Admin");
  ASSERT_EQ(res.result(), http::status::created) << res.body();
  const std::string id = Body(res)["id"];
  auto history = Body(Get("/api/v1/dialogues/" + id + "/history", true));
  EXPECT_EQ(history["items"][0]["actor"], "Ada Admin") << history.dump();
}

TEST_F(AppTest, WrongContentTypeIs415) {
  auto res = Send(http::verb::post, "/api/v1/dialogues", kDialogue.dump(), true, "Tester", "text/plain");
  EXPECT_EQ(res.result(), http::status::unsupported_media_type);
  EXPECT_EQ(Body(res)["type"], "https://readout.example/problems/unsupported_media_type");
}

TEST_F(AppTest, MalformedJsonNamesThePosition) {
  auto res = Send(http::verb::post, "/api/v1/dialogues", "{\"name\": ", true);
  EXPECT_EQ(res.result(), http::status::bad_request);
  EXPECT_EQ(Body(res)["errors"][0]["field"], "body");
  EXPECT_NE(Body(res)["detail"].get<std::string>().find("byte 10"), std::string::npos) << res.body();
}

TEST_F(AppTest, InvalidFieldsAreNamed) {
  std::string dialogue = CreateDialogue();
  json round = RoundBody(dialogue);
  round["dates"] = "2013-13-45";
  round["colour"] = "blue";
  auto res = Post("/api/v1/rounds", round);
  ASSERT_EQ(res.result(), http::status::bad_request) << res.body();
  std::set<std::string> fields;
  const json problem = Body(res);
  for (const auto& e : problem["errors"]) fields.insert(e["field"].get<std::string>());
  EXPECT_TRUE(fields.count("dates")) << res.body();
  EXPECT_TRUE(fields.count("colour")) << res.body();
}

TEST_F(AppTest, StaleRevisionIs409AndChangesNothing) {
  std::string dialogue = CreateDialogue();
  json changed = kDialogue;
  changed["name"]["en"] = "Renamed";
  changed["revision"] = 1;
  ASSERT_EQ(Send(http::verb::put, "/api/v1/dialogues/" + dialogue, changed.dump(), true).result(), http::status::ok);
  const std::string before = Get("/api/v1/dialogues/" + dialogue, true).body();
  const std::string history_before = Get("/api/v1/dialogues/" + dialogue + "/history", true).body();

  changed["name"]["en"] = "Lost update";
  auto res = Send(http::verb::put, "/api/v1/dialogues/" + dialogue, changed.dump(), true);  // still revision 1
  EXPECT_EQ(res.result(), http::status::conflict);
  EXPECT_EQ(Get("/api/v1/dialogues/" + dialogue, true).body(), before);
  EXPECT_EQ(Get("/api/v1/dialogues/" + dialogue + "/history", true).body(), history_before);
}

TEST_F(AppTest, RejectedWritesLeaveRecordAndHistoryUnchanged) {
  std::string dialogue = CreateDialogue();
  const std::string path = "/api/v1/dialogues/" + dialogue;
  const std::string before = Get(path, true).body();
  const std::string history_before = Get(path + "/history", true).body();
  json bad_field = kDialogue;
  bad_field["revision"] = 1;
  bad_field["unknown"] = 1;
  json wrong_type = kDialogue;
  wrong_type["revision"] = 1;
  wrong_type["name"] = 5;
  for (const auto& body : {std::string("{oops"), bad_field.dump(), wrong_type.dump(), kDialogue.dump()}) {
    auto res = Send(http::verb::put, path, body, true);
    EXPECT_GE(res.result_int(), 400) << body;
    EXPECT_LT(res.result_int(), 500) << body;
    EXPECT_EQ(Get(path, true).body(), before) << body;
    EXPECT_EQ(Get(path + "/history", true).body(), history_before) << body;
  }
}

TEST_F(AppTest, IfMatchCarriesTheBaseRevision) {
  std::string dialogue = CreateDialogue();
  auto res = Send(http::verb::put, "/api/v1/dialogues/" + dialogue, kDialogue.dump(), true, "Tester",
                  "application/json", {{"If-Match", "\"1\""}});
  ASSERT_EQ(res.result(), http::status::ok) << res.body();
  EXPECT_EQ(res[http::field::etag], "\"2\"");
}

TEST_F(AppTest, UpdateWithoutRevisionNamesIt) {
  std::string dialogue = CreateDialogue();
  auto res = Send(http::verb::put, "/api/v1/dialogues/" + dialogue, kDialogue.dump(), true);
  EXPECT_EQ(res.result(), http::status::bad_request);
  EXPECT_EQ(Body(res)["errors"][0]["field"], "revision");
}

TEST_F(AppTest, DeleteHidesFromThePublicAndRestoreBringsBack) {
  std::string dialogue = CreateDialogue();
  const std::string path = "/api/v1/dialogues/" + dialogue;
  auto del = Send(http::verb::delete_, path + "?revision=1", "", true);
  ASSERT_EQ(del.result(), http::status::ok) << del.body();
  EXPECT_TRUE(Body(del)["deleted"]);
  EXPECT_EQ(Get(path).result(), http::status::not_found);
  EXPECT_EQ(Body(Get("/api/v1/dialogues"))["total"], 0);
  EXPECT_EQ(Body(Get("/api/v1/dialogues?include_deleted=true", true))["total"], 1);
  EXPECT_EQ(Body(Get("/api/v1/dialogues?include_deleted=true"))["total"], 0);  // never for the public

  auto restore = Send(http::verb::post, path + "/restore?revision=2", "", true);
  ASSERT_EQ(restore.result(), http::status::ok) << restore.body();
  EXPECT_EQ(Get(path).result(), http::status::ok);
  auto history = Body(Get(path + "/history"));
  ASSERT_EQ(history["items"].size(), 3u);
  EXPECT_EQ(history["items"][1]["operation"], "delete");
  EXPECT_EQ(history["items"][2]["operation"], "restore");
}

TEST_F(AppTest, RestrictedRecordsAreInvisibleToThePublic) {
  std::string dialogue = CreateDialogue();
  auto res = Post("/api/v1/rounds", RoundBody(dialogue, "restricted"));
  ASSERT_EQ(res.result(), http::status::created) << res.body();
  std::string round = Body(res)["id"];
  EXPECT_EQ(Get("/api/v1/rounds/" + round).result(), http::status::not_found);
  EXPECT_EQ(Get("/api/v1/rounds/" + round + "/history").result(), http::status::not_found);
  EXPECT_EQ(Body(Get("/api/v1/rounds"))["total"], 0);
  EXPECT_EQ(Body(Get("/api/v1/dialogues/" + dialogue + "/rounds"))["total"], 0);
  EXPECT_EQ(Get("/api/v1/rounds/" + round, true).result(), http::status::ok);
  EXPECT_EQ(Body(Get("/api/v1/dialogues/" + dialogue + "/rounds", true))["total"], 1);
}

TEST_F(AppTest, AnIdOfAnotherCollectionIs404) {
  std::string dialogue = CreateDialogue();
  EXPECT_EQ(Get("/api/v1/rounds/" + dialogue).result(), http::status::not_found);
  EXPECT_EQ(Get("/api/v1/rounds/" + dialogue, true).result(), http::status::not_found);
  EXPECT_EQ(Get("/api/v1/dialogues/dlg_nope").result(), http::status::not_found);
}

TEST_F(AppTest, ListsPageAndFilterByParent) {
  std::string a = CreateDialogue();
  std::string b = CreateDialogue();
  for (int i = 0; i < 3; ++i) ASSERT_EQ(Post("/api/v1/rounds", RoundBody(a)).result(), http::status::created);
  ASSERT_EQ(Post("/api/v1/rounds", RoundBody(b)).result(), http::status::created);
  auto page = Body(Get("/api/v1/rounds?offset=1&limit=2"));
  EXPECT_EQ(page["total"], 4);
  EXPECT_EQ(page["items"].size(), 2u);
  EXPECT_EQ(page["offset"], 1);
  EXPECT_EQ(page["limit"], 2);
  EXPECT_EQ(Body(Get("/api/v1/rounds?parent_id=" + a))["total"], 3);
  EXPECT_EQ(Body(Get("/api/v1/dialogues/" + b + "/rounds"))["total"], 1);
  EXPECT_EQ(Get("/api/v1/dialogues/dlg_nope/rounds").result(), http::status::not_found);
}

TEST_F(AppTest, BadPagingParametersAreNamed) {
  auto res = Get("/api/v1/rounds?offset=-1&limit=5000");
  EXPECT_EQ(res.result(), http::status::bad_request);
  EXPECT_EQ(Body(res)["errors"].size(), 2u);
}

TEST_F(AppTest, UnknownMethodIs405WithAllow) {
  auto res = Send(http::verb::patch, "/api/v1/rounds/rnd_x", "{}", true);
  EXPECT_EQ(res.result(), http::status::method_not_allowed);
  EXPECT_EQ(res[http::field::allow], "GET, HEAD, PUT, DELETE");
  EXPECT_EQ(res[http::field::content_type], "application/problem+json");
}

TEST_F(AppTest, UnknownApiPathIsAProblem) {
  auto res = Get("/api/v1/nothing");
  EXPECT_EQ(res.result(), http::status::not_found);
  EXPECT_EQ(res[http::field::content_type], "application/problem+json");
}

TEST_F(AppTest, PublicReadsAreCachedUntilTheStoreChanges) {
  std::string dialogue = CreateDialogue();
  EXPECT_EQ(Body(Get("/api/v1/dialogues"))["total"], 1);
  EXPECT_EQ(Body(Get("/api/v1/dialogues"))["total"], 1);
  CreateDialogue();
  EXPECT_EQ(Body(Get("/api/v1/dialogues"))["total"], 2);
}

TEST_F(AppTest, AnEscapedExceptionBecomesA500WithoutInternals) {
  store_.set_throw_on_read(true);
  auto res = Get("/api/v1/dialogues/dlg_x");
  EXPECT_EQ(res.result(), http::status::internal_server_error);
  EXPECT_EQ(res.body().find("disk on fire"), std::string::npos);
  auto page = Get("/rounds/rnd_x");
  EXPECT_EQ(page.result(), http::status::internal_server_error);
  EXPECT_EQ(page.body().find("disk on fire"), std::string::npos);
  EXPECT_EQ(page[http::field::content_type], "text/html; charset=utf-8");
}

TEST_F(AppTest, HealthzChecksTheStore) {
  auto ok = Get("/healthz");
  EXPECT_EQ(ok.result(), http::status::ok);
  EXPECT_EQ(Body(ok)["status"], "ok");
  store_.set_unavailable(true);
  EXPECT_EQ(Get("/healthz").result(), http::status::service_unavailable);
}

TEST_F(AppTest, EveryResponseCarriesSecurityHeaders) {
  for (const char* target : {"/", "/api/v1/dialogues", "/nothing", "/api/v1/nothing", "/healthz"}) {
    auto res = Get(target);
    EXPECT_EQ(res["X-Content-Type-Options"], "nosniff") << target;
    EXPECT_EQ(res["Referrer-Policy"], "no-referrer") << target;
    EXPECT_EQ(res["X-Frame-Options"], "DENY") << target;
    EXPECT_EQ(res["Content-Security-Policy"],
              "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
        << target;
  }
}

TEST_F(AppTest, LangQuerySetsTheCookieAndContentLanguage) {
  auto res = Get("/?lang=zh-Hans");
  EXPECT_EQ(res[http::field::content_language], "zh-Hans");
  EXPECT_EQ(res[http::field::set_cookie], "lang=zh-Hans; Path=/; SameSite=Lax; Max-Age=31536000");
  auto en = Get("/");
  EXPECT_EQ(en[http::field::content_language], "en");
  EXPECT_EQ(en[http::field::set_cookie], "");
  auto cookie = Send(http::verb::get, "/", "", false, "", "", {{"Cookie", "lang=zh-Hans"}});
  EXPECT_EQ(cookie[http::field::content_language], "zh-Hans");
  auto accept = Send(http::verb::get, "/", "", false, "", "", {{"Accept-Language", "zh-CN,zh;q=0.9,en;q=0.5"}});
  EXPECT_EQ(accept[http::field::content_language], "zh-Hans");
}

TEST_F(AppTest, UnknownPageIsAn404HtmlPage) {
  auto res = Get("/rounds/rnd_nope");
  EXPECT_EQ(res.result(), http::status::not_found);
  EXPECT_EQ(res[http::field::content_type], "text/html; charset=utf-8");
}

TEST_F(AppTest, HeadHasTheGetHeadersAndNoBody) {
  CreateDialogue();
  auto get = Get("/api/v1/dialogues");
  auto head = Send(http::verb::head, "/api/v1/dialogues", "", false);
  EXPECT_EQ(head.result(), http::status::ok);
  EXPECT_TRUE(head.body().empty());
  EXPECT_EQ(head[http::field::content_length], std::to_string(get.body().size()));
}

TEST_F(AppTest, OpenApiDescribesEveryApiRoute) {
  auto res = Get("/api/v1/openapi.json");
  ASSERT_EQ(res.result(), http::status::ok);
  auto doc = Body(res);
  EXPECT_EQ(doc["openapi"], "3.1.0");
  int checked = 0;
  for (const Route& route : app_.router().routes()) {
    if (route.pattern.rfind("/api/v1", 0) != 0) continue;
    std::string method(http::to_string(route.method));
    for (char& c : method) c = static_cast<char>(std::tolower(c));
    EXPECT_TRUE(doc["paths"].contains(route.pattern)) << route.pattern;
    EXPECT_TRUE(doc["paths"][route.pattern].contains(method)) << method << " " << route.pattern;
    ++checked;
  }
  EXPECT_GE(checked, 6 * 7 + 4 + 1);
  for (const char* schema : {"Dialogue", "Round", "Issue", "Ask", "Reply", "CaseList", "Problem"}) {
    EXPECT_TRUE(doc["components"]["schemas"].contains(schema)) << schema;
  }
}

}  // namespace
}  // namespace readout::web
