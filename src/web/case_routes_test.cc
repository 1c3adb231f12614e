// The case pages and the case API extras through App, with "today" injected
// into the Site: status JSON, nested lists, the overdue list, filters, 404s
// and the OpenAPI document.
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "web/app.h"
#include "web/testing/staff_for_test.h"
#include "web/memory_store_for_test.h"

namespace readout::web {
namespace {

using nlohmann::json;

class CaseRoutesTest : public ::testing::Test {
 protected:
  CaseRoutesTest()
      : records_(store_),
        site_(records_, catalogs_, publish::SiteOptions{[] { return core::CivilDay{2018, 1, 1}; }}),
        app_(records_, site_, staff_.Options()) {}

  void SetUp() override {
    Seed(core::RecordKind::kPerson, "prs_xu-zhiyong",
         {{"names", json::array({{{"text", "许志永"}, {"script", "Hans"}, {"primary", true}},
                                 {{"text", "Xu Zhiyong"}, {"script", "Latn"}, {"scheme", "pinyin"}}})}});
    Seed(core::RecordKind::kCase, "cas_xu-zhiyong-2013",
         {{"person_id", "prs_xu-zhiyong"},
          {"sentences", json::array({{{"date", "2014-01-26"}, {"term", {{"kind", "fixed"}, {"years", 4}}}}})},
          {"family_contact", {{"text", "CANARY-FAMILY-77aa"}}}});
    const std::string xu = "cas_xu-zhiyong-2013";
    Seed(core::RecordKind::kLegalEvent, "lev_xu-1", {{"case_id", xu}, {"type", "criminal_detention"}, {"date", "2013-07-16"}});
    Seed(core::RecordKind::kLegalEvent, "lev_xu-2", {{"case_id", xu}, {"type", "arrest_approved"}, {"date", "2013-08-22"}});
    Seed(core::RecordKind::kLegalEvent, "lev_xu-3", {{"case_id", xu}, {"type", "verdict"}, {"date", "2014-01-26"}});
    Seed(core::RecordKind::kLegalEvent, "lev_xu-4",
         {{"case_id", xu}, {"type", "released_on_completion"}, {"date", "2017-07-15"}});
    Seed(core::RecordKind::kPerson, "prs_other",
         {{"names", json::array({{{"text", "Other Person"}, {"script", "Latn"}, {"primary", true}}})}});
    Seed(core::RecordKind::kCase, "cas_overdue", {{"person_id", "prs_other"}});
    Seed(core::RecordKind::kLegalEvent, "lev_overdue",
         {{"case_id", "cas_overdue"}, {"type", "criminal_detention"}, {"date", "2017-11-01"}});
    Seed(core::RecordKind::kCase, "cas_secret", {{"person_id", "prs_other"}, {"visibility", "restricted"}});
  }

  void Seed(core::RecordKind kind, const std::string& id, const json& body) {
    auto created = records_.Create(kind, body, core::Actor{"Tester"}, id);
    ASSERT_TRUE(created.has_value()) << id << ": " << created.error().message;
  }

  HttpResponse Get(const std::string& target, bool staff = false) {
    HttpRequest req{http::verb::get, target, 11};
    if (staff) req.set(http::field::authorization, staff_.Bearer("Tester"));
    HttpResponse res;
    app_.Handle(req, res);
    return res;
  }
  static json Body(const HttpResponse& res) { return json::parse(res.body()); }

  testing::MemoryStore store_;
  testing::StaffForTest staff_;
  core::RecordService records_;
  publish::Catalogs catalogs_;
  publish::Site site_;
  App app_;
};

TEST_F(CaseRoutesTest, StatusOfXuZhiyongIsReleasedOn15July2017) {
  auto res = Get("/api/v1/cases/cas_xu-zhiyong-2013/status");
  ASSERT_EQ(res.result(), http::status::ok) << res.body();
  json body = Body(res);
  EXPECT_EQ(body["status"], "released");
  EXPECT_EQ(body["as_of"], "2017-07-15");
  EXPECT_EQ(body["today"], "2018-01-01");
  EXPECT_EQ(body["expected_release"]["date"], "2017-07-15");
  EXPECT_FALSE(body["expected_release"]["basis"].get<std::string>().empty());
  ASSERT_FALSE(body["deadlines"].empty());
  EXPECT_EQ(body["deadlines"][0]["rule"], "arrest_approval");
  EXPECT_EQ(body["deadlines"][0]["started"], "2013-07-16");
  EXPECT_EQ(body["deadlines"][0]["met_on"], "2013-08-22");
  EXPECT_EQ(body["deadlines"][0]["overdue"], false);
  EXPECT_TRUE(body["flags"].empty());
  EXPECT_EQ(body["days_in_detention"], 1460);
}

TEST_F(CaseRoutesTest, StatusOfAnUnknownOrRestrictedCaseIsNotFoundForThePublic) {
  for (const char* target : {"/api/v1/cases/cas_nope/status", "/api/v1/cases/cas_secret/status",
                             "/api/v1/cases/prs_xu-zhiyong/status"}) {
    auto res = Get(target);
    EXPECT_EQ(res.result(), http::status::not_found) << target;
    EXPECT_EQ(res[http::field::content_type], "application/problem+json") << target;
  }
  EXPECT_EQ(Get("/api/v1/cases/cas_secret/status", true).result(), http::status::ok);
}

TEST_F(CaseRoutesTest, OverdueListsTheFlaggedCaseAndIsNotTakenForACaseId) {
  auto res = Get("/api/v1/cases/overdue");
  ASSERT_EQ(res.result(), http::status::ok) << res.body();
  json body = Body(res);
  ASSERT_EQ(body["total"], 1) << body.dump();
  EXPECT_EQ(body["items"][0]["case_id"], "cas_overdue");
  EXPECT_EQ(body["items"][0]["kind"], "deadline_passed");
  EXPECT_EQ(body["items"][0]["rule"], "arrest_approval");
  EXPECT_EQ(body["items"][0]["overdue"], true);
  EXPECT_GT(body["items"][0]["days"].get<int>(), 20);
  // The generic record routes still work for a real id.
  EXPECT_EQ(Get("/api/v1/cases/cas_overdue").result(), http::status::ok);
}

TEST_F(CaseRoutesTest, NestedListsOfAPersonsCasesAndACasesLegalEvents) {
  json cases = Body(Get("/api/v1/people/prs_other/cases"));
  EXPECT_EQ(cases["total"], 1) << "the restricted case is not listed: " << cases.dump();
  json events = Body(Get("/api/v1/cases/cas_xu-zhiyong-2013/legal_events"));
  EXPECT_EQ(events["total"], 4);
  EXPECT_EQ(Get("/api/v1/cases/cas_nope/legal_events").result(), http::status::not_found);
}

TEST_F(CaseRoutesTest, RestrictedFieldsNeverReachThePublicApiOrPages) {
  for (const char* target : {"/api/v1/cases/cas_xu-zhiyong-2013", "/cases/cas_xu-zhiyong-2013",
                             "/api/v1/people/prs_xu-zhiyong/cases"}) {
    auto res = Get(target);
    EXPECT_EQ(res.result(), http::status::ok) << target;
    EXPECT_EQ(res.body().find("CANARY-FAMILY-77aa"), std::string::npos) << target;
  }
}

TEST_F(CaseRoutesTest, PagesRenderAndTheCaseListIsCachedPerQuery) {
  struct Row {
    const char* target;
    http::status status;
    const char* contains;
  };
  const Row rows[] = {
      {"/people/prs_xu-zhiyong", http::status::ok, "Xu Zhiyong"},
      {"/cases/cas_xu-zhiyong-2013", http::status::ok, "Released as of 15 July 2017"},
      {"/cases/cas_xu-zhiyong-2013?lang=zh-Hans", http::status::ok, "已释放（截至2017年7月15日）"},
      {"/cases/overdue", http::status::ok, "Other Person"},
      {"/cases", http::status::ok, "Xu Zhiyong"},
      {"/cases/cas_secret", http::status::not_found, "Page not found"},
      {"/people/prs_nope", http::status::not_found, "Page not found"},
  };
  for (const Row& r : rows) {
    auto res = Get(r.target);
    EXPECT_EQ(res.result(), r.status) << r.target;
    EXPECT_NE(res.body().find(r.contains), std::string::npos) << r.target;
  }
  // Filters are part of the cache key: the second query must not get the first's page.
  auto released = Get("/cases?status=released");
  auto overdue = Get("/cases?overdue=1");
  EXPECT_NE(released.body().find("cas_xu-zhiyong-2013\""), std::string::npos);
  EXPECT_EQ(released.body().find("cas_overdue\""), std::string::npos);
  EXPECT_EQ(overdue.body().find("cas_xu-zhiyong-2013\""), std::string::npos);
  EXPECT_NE(overdue.body().find("cas_overdue\""), std::string::npos);
  EXPECT_EQ(Get("/cases?status=released").body(), released.body());
}

TEST_F(CaseRoutesTest, OpenApiDescribesTheCaseExtrasWithTheirSchemas) {
  json doc = Body(Get("/api/v1/openapi.json"));
  EXPECT_EQ(doc["paths"]["/api/v1/cases/{id}/status"]["get"]["responses"]["200"]["content"]["application/json"]
               ["schema"]["$ref"],
            "#/components/schemas/CaseStatus");
  EXPECT_EQ(doc["paths"]["/api/v1/cases/overdue"]["get"]["responses"]["200"]["content"]["application/json"]
               ["schema"]["$ref"],
            "#/components/schemas/OverdueList");
  EXPECT_TRUE(doc["paths"].contains("/api/v1/people/{id}/cases"));
  EXPECT_TRUE(doc["paths"].contains("/api/v1/cases/{id}/legal_events"));
  EXPECT_TRUE(doc["components"]["schemas"].contains("CaseStatus"));
  EXPECT_TRUE(doc["paths"]["/api/v1/cases/{id}/status"]["get"]["responses"].contains("404"));
}

}  // namespace
}  // namespace readout::web
