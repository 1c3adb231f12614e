// GET /api/v1/search and /search through App over a temporary SQLite store
// (it has the change feed the index catches up from): freshness after a
// write, visibility with canaries, bad input as 400, the page without
// JavaScript in both languages, and 503 when there is no index.
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "search/search.h"
#include "store/sqlite/sqlite_store.h"
#include "web/app.h"
#include "web/testing/staff_for_test.h"

namespace readout::web {
namespace {

using nlohmann::json;

constexpr char kCanary[] = "canarywombat";

class SearchRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("search_routes_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto opened = store::SqliteStore::Open((dir_ / "readout.db").string());
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
    store_ = std::move(*opened);
    records_ = std::make_unique<core::RecordService>(*store_);
    site_ = std::make_unique<publish::Site>(*records_, catalogs_);
    // On disk, as `readout serve` opens it.
    auto index = search::SearchIndex::Open(dir_ / "readout.db.search");
    ASSERT_TRUE(index.has_value()) << index.error().message;
    index_ = std::move(*index);
    AppOptions options = staff_.Options();
    options.search_index = index_.get();
    app_ = std::make_unique<App>(*records_, *site_, std::move(options));

    Seed(core::RecordKind::kPerson, "prs_xu-zhiyong",
         {{"names", json::array({{{"text", "许志永"}, {"script", "Hans"}, {"primary", true}},
                                 {{"text", "Xu Zhiyong"}, {"script", "Latn"}, {"scheme", "pinyin"}}})},
          {"risk_notes", {{"text", std::string("watch ") + kCanary}}}});
    Seed(core::RecordKind::kPerson, "prs_hidden",
         {{"names", json::array({{{"text", std::string("Hidden ") + kCanary}, {"script", "Latn"}, {"primary", true}}})},
          {"visibility", "restricted"}});
  }
  void TearDown() override {
    app_.reset();
    index_.reset();
    site_.reset();
    records_.reset();
    store_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  void Seed(core::RecordKind kind, const std::string& id, const json& body) {
    auto created = records_->Create(kind, body, core::Actor{"Tester"}, id);
    ASSERT_TRUE(created.has_value()) << id << ": " << created.error().message;
  }
  HttpResponse Get(const std::string& target, bool staff = false) {
    HttpRequest req{http::verb::get, target, 11};
    if (staff) req.set(http::field::authorization, staff_.Bearer("Tester"));
    HttpResponse res;
    app_->Handle(req, res);
    return res;
  }
  static std::vector<std::string> HitIds(const HttpResponse& res) {
    std::vector<std::string> ids;
    // Parsed into a named value: a range-for over a member of a temporary
    // would read it after its destruction (before C++23).
    const json body = json::parse(res.body());
    for (const json& h : body["hits"]) ids.push_back(h["id"]);
    return ids;
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::SqliteStore> store_;
  testing::StaffForTest staff_;
  std::unique_ptr<core::RecordService> records_;
  publish::Catalogs catalogs_;
  std::unique_ptr<publish::Site> site_;
  std::unique_ptr<search::SearchIndex> index_;
  std::unique_ptr<App> app_;
};

TEST_F(SearchRoutesTest, HanziTraditionalAndPinyinFindThePersonWithALinkToTheirPage) {
  for (const std::string q : {"%E8%AE%B8%E5%BF%97%E6%B0%B8", "%E8%A8%B1%E5%BF%97%E6%B0%B8", "xu+zhiyong", "xuzhiyong"}) {
    auto res = Get("/api/v1/search?q=" + q);
    ASSERT_EQ(res.result(), http::status::ok) << q << ": " << res.body();
    json body = json::parse(res.body());
    ASSERT_FALSE(body["hits"].empty()) << q;
    EXPECT_EQ(body["hits"][0]["id"], "prs_xu-zhiyong") << q;
    EXPECT_EQ(body["hits"][0]["kind"], "person") << q;
    EXPECT_EQ(body["hits"][0]["path"], "/people/prs_xu-zhiyong") << q;
    EXPECT_FALSE(body["hits"][0].contains("score")) << q;
    EXPECT_TRUE(body["facets"].contains("type")) << q;
  }
}

TEST_F(SearchRoutesTest, ARecordSavedIsFoundByTheNextSearch) {
  EXPECT_TRUE(HitIds(Get("/api/v1/search?q=ding+jiahui")).empty());
  Seed(core::RecordKind::kPerson, "prs_ding-jiahui",
       {{"names", json::array({{{"text", "丁家喜"}, {"script", "Hans"}, {"primary", true}}})}});
  EXPECT_EQ(HitIds(Get("/api/v1/search?q=%E4%B8%81%E5%AE%B6%E5%96%9C")),
            std::vector<std::string>{"prs_ding-jiahui"});
}

TEST_F(SearchRoutesTest, ThePublicNeverSeesTheCanaryWhileStaffFindIt) {
  // Searching for the canary itself echoes it back in "q" and the search
  // box; that search is checked below by its results.
  for (const std::string& target : {std::string("/api/v1/search?q=watch"), std::string("/api/v1/search?q="),
                                   std::string("/api/v1/search?q=hidden"), std::string("/search?q=watch"),
                                   std::string("/search?q=hidden")}) {
    auto res = Get(target);
    EXPECT_EQ(res.result(), http::status::ok) << target;
    EXPECT_EQ(res.body().find(kCanary), std::string::npos) << target << ": " << res.body();
    EXPECT_EQ(res.body().find("prs_hidden"), std::string::npos) << target;
  }
  json public_canary = json::parse(Get(std::string("/api/v1/search?q=") + kCanary).body());
  EXPECT_EQ(public_canary["total"], 0) << public_canary.dump();
  EXPECT_TRUE(public_canary["hits"].empty()) << public_canary.dump();
  EXPECT_TRUE(public_canary["facets"].empty()) << public_canary.dump();
  json blank = json::parse(Get("/api/v1/search?q=").body());
  EXPECT_EQ(blank["total"], 1) << blank.dump();
  auto staff = Get(std::string("/api/v1/search?q=") + kCanary, true);
  ASSERT_EQ(staff.result(), http::status::ok) << staff.body();
  EXPECT_EQ(json::parse(staff.body())["total"], 2) << staff.body();
}

TEST_F(SearchRoutesTest, BadInputIsA400NamingTheParameterNeverA500) {
  const std::string long_q(10000, 'a');
  const struct {
    std::string target;
    std::string field;  // empty: a 200 with a sensible result
  } cases[] = {
      {"/api/v1/search?q=" + long_q, "q"},
      {"/api/v1/search?q=xu&limit=0", "limit"},
      {"/api/v1/search?q=xu&limit=abc", "limit"},
      {"/api/v1/search?q=xu&offset=-1", "offset"},
      {"/api/v1/search?q=xu&offset=99999999999999999999", "offset"},
      {"/api/v1/search?q=xu&colour=red", "colour"},
      {"/api/v1/search?q=xu&facets=maybe", "facets"},
      {"/api/v1/search?q=%22xu+zhiyong", ""},
      {"/api/v1/search?q=%21%21%21", ""},
      {"/api/v1/search?q=%EF%BC%8C%E3%80%82", ""},
      {"/api/v1/search?q=(+-+*+:", ""},
      {"/api/v1/search?q=xu&type=person&type=case", ""},
  };
  for (const auto& c : cases) {
    auto res = Get(c.target);
    const std::string shown = c.target.substr(0, 80);
    if (c.field.empty()) {
      EXPECT_EQ(res.result(), http::status::ok) << shown << ": " << res.body();
      continue;
    }
    ASSERT_EQ(res.result(), http::status::bad_request) << shown << ": " << res.body().substr(0, 300);
    EXPECT_EQ(res[http::field::content_type], "application/problem+json") << shown;
    EXPECT_NE(res.body().find("\"" + c.field + "\""), std::string::npos) << shown << ": " << res.body();
  }
}

TEST_F(SearchRoutesTest, ThePageKeepsTheQueryInItsFormAndLinksInBothLanguages) {
  for (const std::string lang : {"en", "zh-Hans"}) {
    auto res = Get("/search?q=%E8%A8%B1%E5%BF%97%E6%B0%B8&lang=" + lang);
    ASSERT_EQ(res.result(), http::status::ok) << lang;
    const std::string& html = res.body();
    EXPECT_NE(html.find("<html lang=\"" + lang + "\""), std::string::npos) << lang;
    EXPECT_NE(html.find("value=\"許志永\""), std::string::npos) << lang << ": the query stays in the box";
    EXPECT_NE(html.find("href=\"/people/prs_xu-zhiyong\""), std::string::npos) << lang;
    EXPECT_NE(html.find("<mark>"), std::string::npos) << lang << ": the snippet is HTML";
    EXPECT_NE(html.find("name=\"type\" value=\"person\""), std::string::npos) << lang << ": a facet checkbox";
    EXPECT_EQ(html.find("<script"), std::string::npos) << lang;
  }
}

TEST_F(SearchRoutesTest, ThePageEscapesTheQueryAndAnswers400ForABadParameter) {
  auto res = Get("/search?q=%3Cscript%3Ex%3C%2Fscript%3E");
  ASSERT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(res.body().find("<script>x"), std::string::npos);
  auto bad = Get("/search?q=xu&limit=x");
  EXPECT_EQ(bad.result(), http::status::bad_request);
  EXPECT_NE(bad.body().find("limit"), std::string::npos);
}

TEST_F(SearchRoutesTest, WithoutAnIndexSearchAnswers503SayingWhyAndTheRestServes) {
  AppOptions options = staff_.Options();
  options.search_unavailable = "the index is in use by another process";
  App app(*records_, *site_, std::move(options));
  for (const std::string target : {"/api/v1/search?q=xu", "/search?q=xu", "/"}) {
    HttpRequest req{http::verb::get, target, 11};
    HttpResponse res;
    app.Handle(req, res);
    if (target == "/") {
      EXPECT_EQ(res.result(), http::status::ok);
    } else {
      EXPECT_EQ(res.result(), http::status::service_unavailable) << target;
    }
    if (target.starts_with("/api/")) {
      EXPECT_NE(res.body().find("in use by another process"), std::string::npos) << res.body();
    }
  }
}

}  // namespace
}  // namespace readout::web
