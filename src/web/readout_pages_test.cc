// GET /readouts... through App: the index, the page and its downloads with
// their content types and file names, the staff preview (404 for the
// public), and no non-public value in any public response.
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "publish/readout_fixture_for_test.h"
#include "web/app.h"
#include "web/testing/staff_for_test.h"
#include "web/memory_store_for_test.h"

namespace readout::web {
namespace {

class ReadoutPagesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    publish::testing::SeedReadoutRecords(records_);
    publish::testing::CreateAndPublishReadout(records_, "rdo_kunming", "rnd_kunming");
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
  publish::Site site_{records_, catalogs_, publish::SiteOptions{[] { return publish::testing::kToday; }}};
  App app_{records_, site_, staff_.Options()};
};

TEST_F(ReadoutPagesTest, EveryPublicOutputHasItsTypeAndFileName) {
  struct Case {
    std::string target;
    std::string type;
    std::string disposition;  // empty: none
    std::string needle;
  } cases[] = {
      {"/readouts", "text/html; charset=utf-8", "", "href=\"/readouts/rdo_kunming\""},
      {"/readouts/rdo_kunming", "text/html; charset=utf-8", "", "18th Dialogue, Kunming"},
      {"/readouts/rdo_kunming.md?lang=en", "text/markdown; charset=utf-8",
       "attachment; filename=\"rdo_kunming.en.md\"", "# 18th Dialogue, Kunming"},
      {"/readouts/rdo_kunming.csv?lang=zh-Hans", "text/csv; charset=utf-8",
       "attachment; filename=\"rdo_kunming.zh-Hans.csv\"", "ask_rtl"},
      {"/readouts/rdo_kunming.json", "application/json", "inline; filename=\"rdo_kunming.json\"",
       "\"readout_id\": \"rdo_kunming\""},
      {"/readouts/rdo_kunming.pdf?lang=zh-Hans", "application/pdf", "inline; filename=\"rdo_kunming.zh-Hans.pdf\"",
       "%PDF-"},
  };
  for (const Case& c : cases) {
    for (bool staff : {false, true}) {
      HttpResponse res = Get(c.target, staff);
      ASSERT_EQ(res.result(), http::status::ok) << c.target << "\n" << res.body().substr(0, 300);
      EXPECT_EQ(std::string(res[http::field::content_type]), c.type) << c.target;
      EXPECT_EQ(std::string(res[http::field::content_disposition]), c.disposition) << c.target;
      EXPECT_NE(res.body().find(c.needle), std::string::npos) << c.target;
      for (const std::string& canary : publish::testing::AllCanaries()) {
        EXPECT_EQ(res.body().find(canary), std::string::npos) << canary << " in " << c.target;
      }
      EXPECT_EQ(res.body().find("ask_secret"), std::string::npos) << c.target;
    }
  }
}

TEST_F(ReadoutPagesTest, TraditionalChineseMarkdownIsConverted) {
  HttpResponse res = Get("/readouts/rdo_kunming.md?lang=zh-Hant");
  ASSERT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(std::string(res[http::field::content_language]), "zh-Hant");
  EXPECT_NE(res.body().find("第十八次對話"), std::string::npos) << res.body().substr(0, 200);
}

TEST_F(ReadoutPagesTest, UnknownReadoutsFormatsAndDraftsAreNotFound) {
  core::Readout draft;
  draft.subject_id = "rnd_kunming";
  draft.author = "Editor A";
  ASSERT_TRUE(records_.Create(core::RecordKind::kReadout, core::Encode(draft), core::Actor{"Editor A"}, "rdo_draft"));
  for (const std::string target : {"/readouts/rdo_missing", "/readouts/rdo_kunming.exe", "/readouts/rdo_draft",
                                   "/readouts/rdo_draft.pdf", "/readouts/rnd_kunming"}) {
    for (bool staff : {false, true}) {
      HttpResponse res = Get(target, staff);
      EXPECT_EQ(res.result(), http::status::not_found) << target << (staff ? " (staff)" : "");
    }
  }
}

TEST_F(ReadoutPagesTest, PreviewIsForStaffOnly) {
  // The public is sent to sign in, and sees nothing of the preview.
  HttpResponse pub = Get("/readouts/rdo_kunming/preview");
  EXPECT_EQ(pub.result(), http::status::see_other);
  EXPECT_EQ(pub[http::field::location], "/login?next=/readouts/rdo_kunming/preview");
  EXPECT_EQ(pub.body().find("family_contact"), std::string::npos);

  HttpResponse staff = Get("/readouts/rdo_kunming/preview", true);
  ASSERT_EQ(staff.result(), http::status::ok) << staff.body().substr(0, 300);
  EXPECT_NE(staff.body().find("restricted field: family_contact on case cas_xu"), std::string::npos);
  EXPECT_NE(std::string(staff[http::field::cache_control]).find("no-store"), std::string::npos);
  for (const std::string& canary : publish::testing::AllCanaries()) {
    EXPECT_EQ(staff.body().find(canary), std::string::npos) << canary;
  }
}

}  // namespace
}  // namespace readout::web

namespace readout::web {
namespace {

TEST_F(ReadoutPagesTest, RoundDialogueAndHomeLinkThePublishedReadout) {
  for (const std::string target : {"/rounds/rnd_kunming", "/dialogues/dlg_test", "/"}) {
    HttpResponse res = Get(target);
    ASSERT_EQ(res.result(), http::status::ok) << target;
    const std::string href = target == "/" ? "href=\"/readouts\"" : "href=\"/readouts/rdo_kunming\"";
    EXPECT_NE(res.body().find(href), std::string::npos) << target;
  }
}

}  // namespace
}  // namespace readout::web
