// GET /feeds/... through App: content type, language, caching, staff seeing
// no more than the public, and 404 for a dialogue the public cannot see.
#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "web/app.h"
#include "web/testing/staff_for_test.h"
#include "web/memory_store_for_test.h"

namespace readout::web {
namespace {

using nlohmann::json;

constexpr char kCanary[] = "canaryfeedkoala";

class FeedRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Seed(core::RecordKind::kPerson, "prs_xu",
         {{"names", json::array({{{"text", "许志永"}, {"script", "Hans"}, {"primary", true}}})}});
    Seed(core::RecordKind::kCase, "cas_xu", {{"person_id", "prs_xu"}});
    Seed(core::RecordKind::kPerson, "prs_hidden",
         {{"names", json::array({{{"text", kCanary}, {"script", "Latn"}, {"primary", true}}})},
          {"visibility", "restricted"}});
    Seed(core::RecordKind::kCase, "cas_hidden", {{"person_id", "prs_hidden"}, {"visibility", "restricted"}});
    Seed(core::RecordKind::kDialogue, "dlg_test",
         {{"name", {{"en", "US–China Human Rights Dialogue"}, {"zh_hans", "中美人权对话"}}},
          {"party_a", {{"name", {{"en", "United States"}}}}},
          {"party_b", {{"name", {{"en", "China"}}}}}});
    Seed(core::RecordKind::kDialogue, "dlg_internal",
         {{"name", {{"en", kCanary}}},
          {"party_a", {{"name", {{"en", "A"}}}}},
          {"party_b", {{"name", {{"en", "B"}}}}},
          {"visibility", "internal"}});
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

  testing::MemoryStore store_;
  testing::StaffForTest staff_;
  core::RecordService records_{store_};
  publish::Catalogs catalogs_;
  publish::Site site_{records_, catalogs_};
  App app_{records_, site_, staff_.Options()};
};

TEST_F(FeedRoutesTest, EveryFeedIsAtomInTheAskedLanguageAndCacheable) {
  struct Case {
    std::string target;
    std::string lang;
    std::string needle;
  } cases[] = {
      {"/feeds/cases.atom", "en", "<id>tag:readout,2013:cas_xu/r1</id>"},
      {"/feeds/readouts.atom", "en", "<id>tag:readout,2013:feeds/readouts</id>"},
      {"/dialogues/dlg_test/feeds/cases.atom?lang=zh-Hans", "zh-Hans", "中美人权对话"},
      {"/dialogues/dlg_test/feeds/readouts.atom?lang=zh-Hant", "zh-Hant", "中美人權對話"},
  };
  for (const Case& c : cases) {
    for (bool staff : {false, true}) {
      HttpResponse res = Get(c.target, staff);
      ASSERT_EQ(res.result(), http::status::ok) << c.target << "\n" << res.body();
      EXPECT_EQ(std::string(res[http::field::content_type]), "application/atom+xml; charset=utf-8") << c.target;
      EXPECT_NE(res.body().find("xml:lang=\"" + c.lang + "\""), std::string::npos) << c.target << res.body();
      EXPECT_NE(res.body().find(c.needle), std::string::npos) << c.target << "\n" << res.body();
      EXPECT_EQ(res.body().find(kCanary), std::string::npos) << c.target << (staff ? " (staff)" : "");
      EXPECT_EQ(res.body().find("cas_hidden"), std::string::npos) << c.target << (staff ? " (staff)" : "");
      if (!staff) {
        EXPECT_NE(std::string(res[http::field::cache_control]).find("public"), std::string::npos) << c.target;
      }
    }
  }
}

TEST_F(FeedRoutesTest, AFeedOfADialogueThePublicCannotSeeIsNotFound) {
  for (const std::string target : {"/dialogues/dlg_internal/feeds/cases.atom",
                                   "/dialogues/dlg_internal/feeds/readouts.atom",
                                   "/dialogues/dlg_missing/feeds/cases.atom"}) {
    HttpResponse res = Get(target, true);
    EXPECT_EQ(res.result(), http::status::not_found) << target;
    EXPECT_EQ(res.body().find(kCanary), std::string::npos) << target;
  }
}

TEST_F(FeedRoutesTest, PagesAdvertiseTheFeedsInTheirHead) {
  HttpResponse res = Get("/");
  ASSERT_EQ(res.result(), http::status::ok);
  EXPECT_NE(res.body().find("<link rel=\"alternate\" type=\"application/atom+xml\""), std::string::npos);
}

}  // namespace
}  // namespace readout::web
