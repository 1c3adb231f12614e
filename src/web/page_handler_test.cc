// The accountability page routes through App: status codes, content types,
// the CSV download, and 400 pages that name a bad date parameter.
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "web/app.h"
#include "web/testing/staff_for_test.h"
#include "web/memory_store_for_test.h"
#include "web/page_handler.h"

namespace readout::web {
namespace {

using nlohmann::json;

class AccountabilityPageRoutesTest : public ::testing::Test {
 protected:
  AccountabilityPageRoutesTest()
      : records_(store_),
        site_(records_, catalogs_, publish::SiteOptions{[] { return core::CivilDay{2016, 1, 1}; }}),
        app_(records_, site_, staff_.Options()) {}

  void SetUp() override {
    Seed(core::RecordKind::kDialogue, "dlg_test",
         {{"name", {{"en", "US–China Human Rights Dialogue"}, {"zh_hans", "中美人权对话"}}},
          {"party_a", {{"name", {{"en", "United States"}}}}},
          {"party_b", {{"name", {{"en", "China"}}}}}});
    Seed(core::RecordKind::kRound, "rnd_2013",
         {{"dialogue_id", "dlg_test"}, {"number", 18}, {"title", {{"en", "Kunming"}}}, {"dates", "2013-07-30"}});
    Seed(core::RecordKind::kRound, "rnd_2015",
         {{"dialogue_id", "dlg_test"}, {"number", 19}, {"title", {{"en", "Washington"}}}, {"dates", "2015-08-12"}});
    Seed(core::RecordKind::kAgency, "agy_state",
         {{"name", {{"en", "Department of State"}}}, {"side", "a"}, {"areas", json::array({"foreign_affairs"})}});
    Seed(core::RecordKind::kEngagement, "eng_kerry",
         {{"dialogue_id", "dlg_test"},
          {"agency_id", "agy_state"},
          {"engagement_kind", "visit"},
          {"title", {{"en", "Kerry visit"}}},
          {"date", "2013-04-13"},
          {"public_account", {{"level", "none"}}}});
    Seed(core::RecordKind::kIndicator, "ind_immolation",
         {{"name", {{"en", "Self-immolations"}}}, {"definition", {{"counted", {{"en", "People"}}}}}});
    Seed(core::RecordKind::kObservation, "obs_1",
         {{"indicator_id", "ind_immolation"},
          {"date", "2013-07"},
          {"value", {{"low", 119}, {"high", 121}, {"qualifier", "range"}}},
          {"sources", json::array({{{"title", "HRW"}}})}});
  }

  void Seed(core::RecordKind kind, const std::string& id, const json& body) {
    auto created = records_.Create(kind, body, core::Actor{"Tester"}, id);
    ASSERT_TRUE(created.has_value()) << id << ": " << created.error().message;
  }

  HttpResponse Get(const std::string& target) {
    HttpRequest req{http::verb::get, target, 11};
    HttpResponse res;
    app_.Handle(req, res);
    return res;
  }

  testing::MemoryStore store_;
  testing::StaffForTest staff_;
  core::RecordService records_;
  publish::Catalogs catalogs_;
  publish::Site site_;
  App app_;
};

TEST_F(AccountabilityPageRoutesTest, EveryPageIsServedAsHtml) {
  for (const char* path : {"/dialogues/dlg_test/scorecard", "/dialogues/dlg_test/scorecard?lang=zh-Hans",
                           "/dialogues/dlg_test/changes", "/dialogues/dlg_test/changes?from=rnd_2013&to=rnd_2015",
                           "/dialogues/dlg_test/agencies", "/dialogues/dlg_test/agencies?from=2013-01-01&to=2013-12-31",
                           "/agencies/agy_state", "/engagements/eng_kerry", "/indicators/ind_immolation", "/alerts"}) {
    auto res = Get(path);
    EXPECT_EQ(res.result(), http::status::ok) << path << "\n" << res.body();
    EXPECT_EQ(res[http::field::content_type], "text/html; charset=utf-8") << path;
  }
}

TEST_F(AccountabilityPageRoutesTest, IndicatorCsvIsAnAttachment) {
  auto res = Get("/indicators/ind_immolation.csv");
  ASSERT_EQ(res.result(), http::status::ok) << res.body();
  EXPECT_EQ(res[http::field::content_type], "text/csv; charset=utf-8");
  EXPECT_EQ(res[http::field::content_disposition], "attachment; filename=\"ind_immolation.csv\"");
  EXPECT_NE(res.body().find("2013-07,119,121,range"), std::string::npos) << res.body();
  EXPECT_EQ(Get("/indicators/ind_nope.csv").result(), http::status::not_found);
}

TEST_F(AccountabilityPageRoutesTest, ABadDateIsA400PageNamingTheParameter) {
  struct Case {
    const char* query;
    const char* parameter;
  };
  const Case cases[] = {{"from=2013-13-01", "from"}, {"to=yesterday", "to"}, {"from=2013-02-30", "from"},
                        {"from=2013-01-01&to=2013-1-5", "to"}, {"from=20130101", "from"}};
  for (const Case& c : cases) {
    auto res = Get(std::string("/dialogues/dlg_test/agencies?") + c.query);
    EXPECT_EQ(res.result(), http::status::bad_request) << c.query;
    EXPECT_NE(res.body().find(std::string("“") + c.parameter + "”"), std::string::npos) << c.query << res.body();
  }
}

TEST_F(AccountabilityPageRoutesTest, UnknownRecordsAndBadRoundPairsAreErrorPages) {
  EXPECT_EQ(Get("/dialogues/dlg_nope/scorecard").result(), http::status::not_found);
  EXPECT_EQ(Get("/agencies/agy_nope").result(), http::status::not_found);
  EXPECT_EQ(Get("/engagements/eng_nope").result(), http::status::not_found);
  EXPECT_EQ(Get("/dialogues/dlg_test/changes?from=rnd_2015&to=rnd_2013").result(), http::status::bad_request);
}

TEST(ParseIsoDay, AcceptsOnlyRealDaysWrittenYyyyMmDd) {
  struct Case {
    const char* text;
    bool ok;
  };
  const Case cases[] = {{"2013-07-16", true}, {"2016-02-29", true}, {"2015-02-29", false}, {"2013-7-16", false},
                        {"2013-07-16T00", false}, {"", false}, {"abcd-ef-gh", false}, {"2013/07/16", false}};
  for (const Case& c : cases) {
    EXPECT_EQ(ParseIsoDay(c.text).has_value(), c.ok) << c.text;
  }
  EXPECT_EQ(ParseIsoDay("2013-07-16"), (core::CivilDay{2013, 7, 16}));
}

}  // namespace
}  // namespace readout::web
