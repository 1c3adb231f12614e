// Integration: search (issue 5) through the real server over TCP, SQLite
// store with the demo data: Hanzi, Traditional, pinyin with and without
// spaces and two-character words find the right records; a record created
// through the API is found by the next search; a restricted canary never
// reaches a public response; bad input is 4xx.
#include <algorithm>
#include <cctype>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "http_client.h"
#include "io/records_file.h"
#include "running_server.h"
#include "search/search.h"

namespace readout::integration {
namespace {

using nlohmann::json;

constexpr char kCanary[] = "canaryokapi";


std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string Encode(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    }
  }
  return out;
}

class SearchServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto index = search::SearchIndex::InMemory();
    ASSERT_TRUE(index) << index.error().message;
    index_ = std::move(*index);
    web::ServerOptions options;
    options.threads = 2;
    options.search_index = index_.get();
    auto started = RunningServer::Start("readout_search_it", options, [](core::RecordService& records) -> core::Status {
      auto loaded = io::LoadRecordsFile(ReadFile(READOUT_SOURCE_DIR "/data/demo/us-china.json"), records,
                                        core::Actor{"demo"});
      if (!loaded) return core::Fail(loaded.error());
      return {};
    });
    ASSERT_TRUE(started) << started.error().message;
    server_ = std::move(*started);
  }
  static void TearDownTestSuite() {
    server_.reset();
    index_.reset();
  }

  HttpClient Client() { return HttpClient(server_->port()); }
  json Search(const std::string& query, bool staff = false) {
    HttpClient client = Client();
    auto res = client.Get("/api/v1/search?" + query, staff ? Staff() : Headers{});
    EXPECT_EQ(res.result(), http::status::ok) << query << ": " << res.body();
    return res.result() == http::status::ok ? json::parse(res.body()) : json::object();
  }
  static std::vector<std::string> Ids(const json& body) {
    std::vector<std::string> ids;
    for (const json& h : body.value("hits", json::array())) ids.push_back(h["id"]);
    return ids;
  }

  static std::unique_ptr<search::SearchIndex> index_;
  static Headers Staff() { return {{"Authorization", server_->Bearer("Searcher")}}; }
  static std::unique_ptr<RunningServer> server_;
};

std::unique_ptr<search::SearchIndex> SearchServerTest::index_;
std::unique_ptr<RunningServer> SearchServerTest::server_;

TEST_F(SearchServerTest, EverySpellingOfXuZhiyongFindsHim) {
  for (const std::string q : {"许志永", "許志永", "xu zhiyong", "xuzhiyong", "Xu Zhi-yong"}) {
    json body = Search("q=" + Encode(q));
    std::vector<std::string> ids = Ids(body);
    EXPECT_NE(std::find(ids.begin(), ids.end(), "prs_xu-zhiyong"), ids.end()) << q << ": " << body.dump();
  }
}

TEST_F(SearchServerTest, HumanRightsInSimplifiedAndTraditionalFindTheSameRecords) {
  json simplified = Search("q=" + Encode("人权") + "&limit=100&facets=1");
  json traditional = Search("q=" + Encode("人權") + "&limit=100&facets=1");
  EXPECT_GT(simplified.value("total", 0), 0) << simplified.dump();
  EXPECT_EQ(simplified["total"], traditional["total"]);
  EXPECT_EQ(Ids(simplified), Ids(traditional));
  const std::vector<std::string> ids = Ids(simplified);
  EXPECT_NE(std::find(ids.begin(), ids.end(), "dlg_us-china"), ids.end()) << simplified.dump();
  for (const json& h : simplified["hits"]) {
    EXPECT_FALSE(h.contains("score"));
    EXPECT_EQ(h["path"].get<std::string>().front(), '/');
  }
}

TEST_F(SearchServerTest, ARecordCreatedThroughTheApiIsFoundByTheNextSearch) {
  HttpClient client = Client();
  json person = {{"id", "prs_search-fresh"},
                 {"names", json::array({{{"text", "王全璋"}, {"script", "Hans"}, {"primary", true}}})}};
  auto created = client.Send(http::verb::post, "/api/v1/people", person.dump(), Staff());
  ASSERT_EQ(created.result(), http::status::created) << created.body();
  for (const std::string q : {"王全璋", "wang quanzhang"}) {
    std::vector<std::string> ids = Ids(Search("q=" + Encode(q)));
    EXPECT_NE(std::find(ids.begin(), ids.end(), "prs_search-fresh"), ids.end()) << q;
  }
}

TEST_F(SearchServerTest, ARestrictedCanaryNeverReachesAPublicResponse) {
  HttpClient client = Client();
  json visible = {{"id", "prs_search-canary"},
                  {"names", json::array({{{"text", "Canary Holder"}, {"script", "Latn"}, {"primary", true}}})},
                  {"risk_notes", {{"text", std::string("note ") + kCanary}}}};
  json hidden = {{"id", "prs_search-hidden"},
                 {"visibility", "restricted"},
                 {"names", json::array({{{"text", std::string("Hidden ") + kCanary}, {"script", "Latn"},
                                         {"primary", true}}})}};
  for (const json& body : {visible, hidden}) {
    auto res = client.Send(http::verb::post, "/api/v1/people", body.dump(), Staff());
    ASSERT_EQ(res.result(), http::status::created) << res.body();
  }
  // Searching for the canary itself echoes it back in "q" and the search
  // box; that search is checked below by its results.
  for (const std::string& target : {std::string("/api/v1/search?q=note"), std::string("/api/v1/search?q=canary+holder"),
                                   std::string("/api/v1/search?q=&limit=100"), std::string("/api/v1/search?q=hidden"),
                                   std::string("/search?q=canary+holder"), std::string("/search?q=hidden")}) {
    auto res = client.Get(target);
    EXPECT_EQ(res.result(), http::status::ok) << target;
    EXPECT_EQ(res.body().find(kCanary), std::string::npos) << target << ": " << res.body().substr(0, 400);
    EXPECT_EQ(res.body().find("prs_search-hidden"), std::string::npos) << target;
  }
  EXPECT_EQ(Search(std::string("q=") + kCanary)["total"], 0);
  EXPECT_TRUE(Search(std::string("q=") + kCanary)["hits"].empty());
  EXPECT_EQ(Search(std::string("q=") + kCanary, true)["total"], 2);
}

TEST_F(SearchServerTest, BadInputIs4xxNever500) {
  HttpClient client = Client();
  for (const std::string& target :
       {"/api/v1/search?q=" + std::string(10000, 'x'), std::string("/api/v1/search?q=a&limit=1000"),
        std::string("/api/v1/search?q=a&offset=x"), std::string("/api/v1/search?q=a&flavour=1"),
        std::string("/search?q=a&limit=-3")}) {
    auto res = client.Get(target);
    EXPECT_EQ(res.result(), http::status::bad_request) << target.substr(0, 60) << ": " << res.body().substr(0, 200);
  }
  for (const std::string q : {"", "%21%21%21", "%22unbalanced", "%E2%80%9C%E4%BA%BA"}) {
    auto res = client.Get("/api/v1/search?q=" + q);
    EXPECT_EQ(res.result(), http::status::ok) << q << ": " << res.body().substr(0, 200);
  }
}

}  // namespace
}  // namespace readout::integration
