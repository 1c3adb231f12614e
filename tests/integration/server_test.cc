// Integration: the real server (web::Server) on a free port, over real TCP,
// with the SQLite store loaded with the demo data.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/record_service.h"
#include "http_client.h"
#include "running_server.h"
#include "io/records_file.h"
#include "publish/i18n.h"
#include "publish/site.h"
#include "resources/resources.h"
#include "store/sqlite/sqlite_store.h"
#include "web/server.h"

namespace readout::integration {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxBody = 64 * 1024;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string Header(const Response& res, http::field field) { return std::string(res[field]); }
json Body(const Response& res) { return json::parse(res.body()); }

// One server for the whole suite: starting it loads the demo data once.
class ServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    web::ServerOptions options;
    options.threads = 2;
    options.max_body_bytes = kMaxBody;
    auto started = RunningServer::Start("readout_web_it", options, [](core::RecordService& records) -> core::Status {
      auto loaded = io::LoadRecordsFile(ReadFile(READOUT_SOURCE_DIR "/data/demo/us-china.json"), records,
                                        core::Actor{"demo"});
      if (!loaded) return core::Fail(loaded.error());
      return {};
    });
    ASSERT_TRUE(started) << started.error().message;
    server_ = std::move(*started);
    ASSERT_NE(server_->port(), 0);
  }

  static void TearDownTestSuite() { server_.reset(); }

  HttpClient Client() { return HttpClient(server_->port()); }
  // An admin's API token: the actor of the suite's writes.
  static Headers Staff() { return {{"Authorization", server_->Bearer("Integration Test")}}; }

  static std::unique_ptr<RunningServer> server_;
};

std::unique_ptr<RunningServer> ServerTest::server_;

TEST_F(ServerTest, ServesTheKunmingRoundPageInEnglishAndChinese) {
  HttpClient client = Client();
  auto en = client.Get("/rounds/rnd_2013-kunming");
  ASSERT_EQ(en.result(), http::status::ok);
  EXPECT_EQ(Header(en, http::field::content_type), "text/html; charset=utf-8");
  EXPECT_EQ(Header(en, http::field::content_language), "en");
  EXPECT_NE(en.body().find("Kunming"), std::string::npos);

  auto zh = client.Get("/rounds/rnd_2013-kunming?lang=zh-Hans");
  ASSERT_EQ(zh.result(), http::status::ok);
  EXPECT_EQ(Header(zh, http::field::content_language), "zh-Hans");
  EXPECT_NE(zh.body().find("昆明"), std::string::npos);
  EXPECT_EQ(Header(zh, http::field::set_cookie), "lang=zh-Hans; Path=/; SameSite=Lax; Max-Age=31536000");

  auto by_cookie = client.Get("/rounds/rnd_2013-kunming", {{"Cookie", "lang=zh-Hans"}});
  EXPECT_EQ(Header(by_cookie, http::field::content_language), "zh-Hans");
  EXPECT_EQ(by_cookie.body(), zh.body());
}

TEST_F(ServerTest, ServesHomeDialogueAndHistoryPages) {
  HttpClient client = Client();
  for (const char* target : {"/", "/dialogues/dlg_us-china", "/records/rnd_2013-kunming/history"}) {
    auto res = client.Get(target);
    EXPECT_EQ(res.result(), http::status::ok) << target;
    EXPECT_EQ(Header(res, http::field::content_type), "text/html; charset=utf-8") << target;
    EXPECT_EQ(res["X-Frame-Options"], "DENY") << target;
  }
  auto missing = client.Get("/rounds/rnd_does-not-exist");
  EXPECT_EQ(missing.result(), http::status::not_found);
  EXPECT_EQ(Header(missing, http::field::content_type), "text/html; charset=utf-8");
}

TEST_F(ServerTest, PagesNeverShowInternalRecords) {
  HttpClient client = Client();
  auto page = client.Get("/rounds/rnd_2013-kunming");
  auto internal = client.Get("/api/v1/asks/ask_2013-prep-note", Staff());
  ASSERT_EQ(internal.result(), http::status::ok);
  std::string description = Body(internal)["description"]["en"];
  ASSERT_FALSE(description.empty());
  EXPECT_EQ(page.body().find(description.substr(0, 40)), std::string::npos);
}

TEST_F(ServerTest, ServesStaticAssetsForever) {
  const resources::Resource* css = nullptr;
  for (const auto& r : resources::All()) {
    if (!r.hashed_url.empty()) css = &r;
  }
  ASSERT_NE(css, nullptr);
  HttpClient client = Client();
  auto res = client.Get(std::string(css->hashed_url));
  ASSERT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(res.body(), css->data);
  EXPECT_EQ(Header(res, http::field::cache_control), "public, max-age=31536000, immutable");
  EXPECT_EQ(client.Get("/static/nothing.12345678.css").result(), http::status::not_found);
}

TEST_F(ServerTest, ApiReadsRecordsAndNestedLists) {
  HttpClient client = Client();
  auto round = client.Get("/api/v1/rounds/rnd_2013-kunming");
  ASSERT_EQ(round.result(), http::status::ok);
  EXPECT_EQ(Header(round, http::field::content_type), "application/json");
  EXPECT_EQ(Body(round)["id"], "rnd_2013-kunming");
  EXPECT_EQ(Header(round, http::field::etag), "\"" + std::to_string(Body(round)["revision"].get<int>()) + "\"");

  auto asks = Body(client.Get("/api/v1/rounds/rnd_2013-kunming/asks"));
  EXPECT_EQ(asks["total"], 1) << "the internal ask must not be public";
  EXPECT_EQ(Body(client.Get("/api/v1/rounds/rnd_2013-kunming/asks", Staff()))["total"], 2);
  EXPECT_EQ(Body(client.Get("/api/v1/asks/ask_2013-overall-situation/replies"))["total"], 1);
  EXPECT_EQ(Body(client.Get("/api/v1/rounds/rnd_2013-kunming/case_lists"))["total"], 1);
  EXPECT_EQ(Body(client.Get("/api/v1/dialogues/dlg_us-china/rounds"))["total"], 3);
  EXPECT_EQ(client.Get("/api/v1/asks/ask_2013-prep-note").result(), http::status::not_found);
  EXPECT_EQ(client.Get("/api/v1/dialogues/rnd_2013-kunming").result(), http::status::not_found);
}

// A case documented through the API, then read back as derived status, pages
// with filters, and the overdue list. Ids are unique to this test; the demo
// data's own cases (when present) do not change what it checks.
TEST_F(ServerTest, DocumentsACaseAndServesItsDerivedStatusPagesAndOverdueList) {
  HttpClient client = Client();
  auto post = [&](const std::string& collection, json body) {
    auto res = client.Send(http::verb::post, "/api/v1/" + collection, body.dump(), Staff());
    EXPECT_EQ(res.result(), http::status::created) << collection << ": " << res.body();
  };
  post("people", {{"id", "prs_it-xu"},
                  {"names", json::array({{{"text", "许志永"}, {"script", "Hans"}, {"primary", true}},
                                         {{"text", "Xu Zhiyong"}, {"script", "Latn"}, {"scheme", "pinyin"}}})}});
  post("cases", {{"id", "cas_it-xu"},
                 {"person_id", "prs_it-xu"},
                 {"sentences", json::array({{{"date", "2014-01-26"}, {"term", {{"kind", "fixed"}, {"years", 4}}}}})},
                 {"family_contact", {{"text", "CANARY-IT-FAMILY"}}}});
  post("legal_events", {{"case_id", "cas_it-xu"}, {"type", "criminal_detention"}, {"date", "2013-07-16"}});
  post("legal_events", {{"case_id", "cas_it-xu"}, {"type", "arrest_approved"}, {"date", "2013-08-22"}});
  post("legal_events", {{"case_id", "cas_it-xu"}, {"type", "verdict"}, {"date", "2014-01-26"}});
  post("legal_events", {{"case_id", "cas_it-xu"}, {"type", "released_on_completion"}, {"date", "2017-07-15"}});
  post("people", {{"id", "prs_it-held"}, {"names", json::array({{{"text", "Held Person"}, {"script", "Latn"}, {"primary", true}}})}});
  post("cases", {{"id", "cas_it-held"}, {"person_id", "prs_it-held"}});
  post("legal_events", {{"case_id", "cas_it-held"}, {"type", "criminal_detention"}, {"date", "2017-11-01"}});

  auto status = client.Get("/api/v1/cases/cas_it-xu/status");
  ASSERT_EQ(status.result(), http::status::ok) << status.body();
  EXPECT_EQ(Body(status)["status"], "released");
  EXPECT_EQ(Body(status)["as_of"], "2017-07-15");
  EXPECT_EQ(Body(status)["expected_release"]["date"], "2017-07-15");
  EXPECT_EQ(Body(client.Get("/api/v1/cases/cas_it-xu/legal_events"))["total"], 4);
  EXPECT_EQ(Body(client.Get("/api/v1/people/prs_it-xu/cases"))["total"], 1);

  // Detained 2017-11-01 with no decision since: the arrest deadline passed long ago.
  json overdue = Body(client.Get("/api/v1/cases/overdue"));
  bool found = false;
  for (const json& item : overdue["items"]) {
    if (item["case_id"] == "cas_it-held" && item["kind"] == "deadline_passed") found = true;
    EXPECT_NE(item["case_id"], "cas_it-xu") << "a released case is not overdue";
  }
  EXPECT_TRUE(found) << overdue.dump();

  auto page = client.Get("/cases/cas_it-xu?lang=zh-Hans");
  ASSERT_EQ(page.result(), http::status::ok);
  EXPECT_NE(page.body().find("已释放（截至2017年7月15日）"), std::string::npos);
  EXPECT_EQ(page.body().find("CANARY-IT-FAMILY"), std::string::npos);
  EXPECT_EQ(client.Get("/api/v1/cases/cas_it-xu").body().find("CANARY-IT-FAMILY"), std::string::npos);

  auto released = client.Get("/cases?status=released");
  auto attention = client.Get("/cases?overdue=1");
  EXPECT_NE(released.body().find("/cases/cas_it-xu\""), std::string::npos);
  EXPECT_EQ(released.body().find("/cases/cas_it-held\""), std::string::npos);
  EXPECT_NE(attention.body().find("/cases/cas_it-held\""), std::string::npos);
  EXPECT_EQ(attention.body().find("/cases/cas_it-xu\""), std::string::npos);
  auto overdue_page = client.Get("/cases/overdue");
  EXPECT_EQ(overdue_page.result(), http::status::ok);
  EXPECT_NE(overdue_page.body().find("Held Person"), std::string::npos);
  EXPECT_EQ(client.Get("/people/prs_it-xu").result(), http::status::ok);
}

TEST_F(ServerTest, ApiSupportsCrudWithHistoryAndConflicts) {
  HttpClient client = Client();
  json dialogue = {{"id", "dlg_it-crud"},
                   {"name", {{"en", "Integration dialogue"}}},
                   {"party_a", {{"name", {{"en", "A"}}}}},
                   {"party_b", {{"name", {{"en", "B"}}}}}};
  auto created = client.Send(http::verb::post, "/api/v1/dialogues", dialogue.dump(), Staff());
  ASSERT_EQ(created.result(), http::status::created) << created.body();
  EXPECT_EQ(Header(created, http::field::location), "/api/v1/dialogues/dlg_it-crud");

  // The public sees it at once (the cache follows the store).
  EXPECT_EQ(client.Get("/api/v1/dialogues/dlg_it-crud").result(), http::status::ok);

  json update = Body(created);
  update["name"]["en"] = "Renamed";
  auto updated = client.Send(http::verb::put, "/api/v1/dialogues/dlg_it-crud", update.dump(), Staff());
  ASSERT_EQ(updated.result(), http::status::ok) << updated.body();
  EXPECT_EQ(Body(client.Get("/api/v1/dialogues/dlg_it-crud"))["name"]["en"], "Renamed");

  // `update` still carries revision 1: stale.
  auto stale = client.Send(http::verb::put, "/api/v1/dialogues/dlg_it-crud", update.dump(), Staff());
  EXPECT_EQ(stale.result(), http::status::conflict);
  EXPECT_EQ(Header(stale, http::field::content_type), "application/problem+json");

  Headers if_match = Staff();
  if_match.emplace_back("If-Match", "\"2\"");
  auto deleted = client.Send(http::verb::delete_, "/api/v1/dialogues/dlg_it-crud", "", if_match);
  ASSERT_EQ(deleted.result(), http::status::ok) << deleted.body();
  EXPECT_EQ(client.Get("/api/v1/dialogues/dlg_it-crud").result(), http::status::not_found);

  auto restored = client.Send(http::verb::post, "/api/v1/dialogues/dlg_it-crud/restore?revision=3", "", Staff());
  ASSERT_EQ(restored.result(), http::status::ok) << restored.body();
  // Staff see who made each change (the public history does not name staff).
  auto history = Body(client.Get("/api/v1/dialogues/dlg_it-crud/history", Staff()));
  ASSERT_EQ(history["items"].size(), 4u);
  EXPECT_EQ(history["items"][0]["operation"], "create");
  EXPECT_EQ(history["items"][3]["operation"], "restore");
  EXPECT_EQ(history["items"][1]["actor"], "Integration Test");
}

TEST_F(ServerTest, RejectedWritesChangeNothing) {
  HttpClient client = Client();
  const std::string path = "/api/v1/rounds/rnd_2015-washington";
  auto before = client.Get(path, Staff());
  auto history_before = client.Get(path + "/history", Staff());
  json good = Body(before);

  json bad_date = good;
  bad_date["dates"] = "2013-13-45";
  json unknown = good;
  unknown["colour"] = "blue";
  json wrong_type = good;
  wrong_type["number"] = "eighteen";
  json stale = good;
  stale["revision"] = good["revision"].get<int>() + 5;
  struct Case {
    std::string body;
    http::status expected;
    std::string field;
  };
  for (const Case& c : {Case{bad_date.dump(), http::status::bad_request, "dates"},
                        Case{unknown.dump(), http::status::bad_request, "colour"},
                        Case{wrong_type.dump(), http::status::bad_request, "number"},
                        Case{"{\"dates\": ", http::status::bad_request, "body"},
                        Case{stale.dump(), http::status::conflict, ""}}) {
    auto res = client.Send(http::verb::put, path, c.body, Staff());
    EXPECT_EQ(res.result(), c.expected) << c.body << "\n" << res.body();
    EXPECT_EQ(Header(res, http::field::content_type), "application/problem+json");
    if (!c.field.empty()) {
      bool named = false;
      const json problem = Body(res);
      for (const auto& e : problem["errors"]) named = named || e["field"] == c.field;
      EXPECT_TRUE(named) << res.body();
    }
    EXPECT_EQ(client.Get(path, Staff()).body(), before.body());
    EXPECT_EQ(client.Get(path + "/history", Staff()).body(), history_before.body());
  }
  auto wrong_type_header = client.Send(http::verb::put, path, good.dump(), Staff(), "text/plain");
  EXPECT_EQ(wrong_type_header.result(), http::status::unsupported_media_type);
  auto anonymous = client.Send(http::verb::put, path, good.dump());
  EXPECT_EQ(anonymous.result(), http::status::unauthorized);
  EXPECT_EQ(Body(anonymous)["detail"], "sign in, or send an API token, to use this");
  EXPECT_EQ(client.Get(path, Staff()).body(), before.body());
}

TEST_F(ServerTest, OversizedBodyIs413WithAProblem) {
  HttpClient client = Client();
  std::string huge(kMaxBody + 1, ' ');
  auto res = client.Send(http::verb::post, "/api/v1/dialogues", huge, Staff());
  EXPECT_EQ(res.result(), http::status::payload_too_large);
  EXPECT_EQ(Header(res, http::field::content_type), "application/problem+json");
  EXPECT_EQ(Body(res)["type"], "https://readout.example/problems/payload_too_large");
}

TEST_F(ServerTest, MalformedHttpIs400) {
  HttpClient client = Client();
  auto res = client.SendRaw("GARBAGE\r\n\r\n");
  EXPECT_EQ(res.result(), http::status::bad_request);
}

TEST_F(ServerTest, KeepsConnectionsAliveAcrossRequests) {
  HttpClient client = Client();
  for (int i = 0; i < 20; ++i) {
    auto res = client.Get(i % 2 ? "/healthz" : "/api/v1/rounds/rnd_2013-kunming");
    ASSERT_EQ(res.result(), http::status::ok) << i;
    EXPECT_TRUE(res.keep_alive());
  }
}

TEST_F(ServerTest, ServesHealthAndOpenApi) {
  HttpClient client = Client();
  auto health = client.Get("/healthz");
  EXPECT_EQ(health.result(), http::status::ok);
  EXPECT_EQ(Body(health)["status"], "ok");
  auto doc = Body(client.Get("/api/v1/openapi.json"));
  EXPECT_EQ(doc["openapi"], "3.1.0");
  EXPECT_TRUE(doc["paths"].contains("/api/v1/rounds/{id}"));
  EXPECT_TRUE(doc["paths"]["/api/v1/rounds/{id}"].contains("put"));
}

TEST_F(ServerTest, MethodNotAllowedListsTheAllowedOnes) {
  HttpClient client = Client();
  auto res = client.Send(http::verb::patch, "/api/v1/rounds/rnd_2013-kunming", "{}", Staff());
  EXPECT_EQ(res.result(), http::status::method_not_allowed);
  EXPECT_EQ(Header(res, http::field::allow), "GET, HEAD, PUT, DELETE");
}

TEST_F(ServerTest, ServesManyClientsAtOnce) {
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      HttpClient client = Client();
      for (int i = 0; i < 25; ++i) {
        if (client.Get("/rounds/rnd_2013-kunming").result() == http::status::ok) ++ok;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 200);
}

TEST(ServerStart, ReportsAPortInUse) {
  // A second server on the first one's port must fail to start, not crash.
  std::filesystem::path dir = std::filesystem::temp_directory_path() / ("readout_web_it2_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto opened = store::SqliteStore::Open((dir / "readout.db").string());
  ASSERT_TRUE(opened) << opened.error().message;
  core::RecordService records(**opened);
  publish::Catalogs catalogs;
  publish::Site site(records, catalogs);
  web::ServerOptions options;
  options.port = 0;
  web::Server first(records, site, catalogs, options);
  ASSERT_TRUE(first.Start());
  options.port = first.port();
  web::Server second(records, site, catalogs, options);
  auto started = second.Start();
  ASSERT_FALSE(started);
  EXPECT_EQ(started.error().code, core::ErrorCode::kUnavailable);
  first.Stop();
  first.Wait();
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
}

}  // namespace
}  // namespace readout::integration
