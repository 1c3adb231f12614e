#include "publish/site.h"

#include <chrono>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/partial_date.h"
#include "core/record_service.h"
#include "publish/fake_store_for_test.h"
#include "publish/history_page.h"
#include "publish/i18n.h"
#include "publish/page_common.h"

namespace readout::publish {
namespace {

using nlohmann::json;

// A small dialogue: one round, two issues, three public asks (two on one
// issue), replies of several kinds, and non-public records carrying canaries.
class SiteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Seed(core::RecordKind::kDialogue, "dlg_test",
         {{"name", {{"en", "US–China Human Rights Dialogue"}, {"zh_hans", "中美人权对话"}}},
          {"party_a", {{"name", {{"en", "United States"}, {"zh_hans", "美国"}}}}},
          {"party_b", {{"name", {{"en", "China"}, {"zh_hans", "中国"}}}}},
          {"first_held", "1991"}});
    Seed(core::RecordKind::kIssue, "iss_detention",
         {{"name", {{"en", "Arbitrary detention"}, {"zh_hans", "任意拘押"}}}});
    Seed(core::RecordKind::kIssue, "iss_markup",
         {{"name", {{"en", "<script>alert(\"x\")</script> & Co"}, {"zh_hans", "<b>标记</b>"}}}});
    Seed(core::RecordKind::kRound, "rnd_kunming",
         {{"dialogue_id", "dlg_test"},
          {"number", 18},
          {"title", {{"en", "18th Dialogue, Kunming"}, {"zh_hans", "第十八次对话（昆明）"}}},
          {"dates", "2013-07-30/2013-07-31"},
          {"place", {{"en", "Kunming, Yunnan"}, {"zh_hans", "云南昆明"}}},
          {"summary", {{"en", "Only in English, no Chinese summary."}}},
          {"delegation",
           json::array({{{"name", {{"en", "Deputy"}, {"zh_hans", "副手"}}}, {"side", "a"}, {"lead", false}},
                        {{"name", {{"en", "Uzra Zeya"}, {"zh_hans", "泽娅"}}}, {"side", "a"}, {"lead", true}},
                        {{"name", {{"en", "Li Junhua"}, {"zh_hans", "李军华"}}}, {"side", "b"}, {"lead", true}}})},
          {"outcomes", json::array({{{"en", "A Legal Experts Dialogue"}, {"zh_hans", "法律专家对话"}}})},
          {"sources", json::array({{{"title", "Dui Hua"}, {"url", "https://duihua.org/x"}}})}});
    Seed(core::RecordKind::kAsk, "ask_one",
         {{"round_id", "rnd_kunming"},
          {"position", 1},
          {"subject", {{"kind", "issue"}, {"id", "iss_detention"}}},
          {"raised_by", {{"en", "US delegation"}, {"zh_hans", "美国代表团"}}},
          {"requests", json::array({"release"})},
          {"description", {{"en", "First ask on detention"}, {"zh_hans", "关于拘押的第一项"}}}});
    Seed(core::RecordKind::kAsk, "ask_markup",
         {{"round_id", "rnd_kunming"},
          {"position", 2},
          {"subject", {{"kind", "issue"}, {"id", "iss_markup"}}},
          {"description", {{"en", "Ask about markup"}, {"zh_hans", "关于标记"}}}});
    Seed(core::RecordKind::kAsk, "ask_two",
         {{"round_id", "rnd_kunming"},
          {"position", 3},
          {"subject", {{"kind", "issue"}, {"id", "iss_detention"}}},
          {"description", {{"en", "Second ask on detention"}, {"zh_hans", "关于拘押的第二项"}}}});
    Seed(core::RecordKind::kReply, "rpl_one",
         {{"ask_id", "ask_one"},
          {"reply_kind", "denied_facts"},
          {"original_text", "中国人权状况处于历史最好时期"},
          {"original_language", "zh-Hans"},
          {"translation", {{"en", "best period in history"}}}});
    Seed(core::RecordKind::kReply, "rpl_two",
         {{"ask_id", "ask_two"}, {"reply_kind", "handled_according_to_law"},
          {"original_text", "Handled according to law."}, {"original_language", "en"}});
    Seed(core::RecordKind::kCaseList, "cls_kunming",
         {{"round_id", "rnd_kunming"},
          {"status", "refused"},
          {"entries", json::array({{{"name", {{"en", "Xu Zhiyong"}, {"zh_hans", "许志永"}}}}})}});
    // Non-public records, each with a canary that must never reach a public page.
    Seed(core::RecordKind::kAsk, "ask_secret",
         {{"visibility", "internal"},
          {"round_id", "rnd_kunming"},
          {"position", 4},
          {"subject", {{"kind", "issue"}, {"id", "iss_detention"}}},
          {"description", {{"en", "CANARY-ASK-7f3a"}, {"zh_hans", "CANARY-ASK-7f3a"}}}});
    Seed(core::RecordKind::kReply, "rpl_secret",
         {{"visibility", "restricted"},
          {"ask_id", "ask_one"},
          {"reply_kind", "commitment_made"},
          {"original_text", "CANARY-REPLY-91bc"},
          {"original_language", "en"}});
    Seed(core::RecordKind::kCaseList, "cls_secret",
         {{"visibility", "internal"},
          {"round_id", "rnd_kunming"},
          {"status", "accepted"},
          {"entries", json::array({{{"name", {{"en", "CANARY-CASE-55d0"}}}}})}});
  }

  void Seed(core::RecordKind kind, const std::string& id, const json& body) {
    auto created = records_.Create(kind, body, core::Actor{"Secret Staffer Name"}, id);
    ASSERT_TRUE(created.has_value()) << id << ": " << created.error().message
                                     << (created.error().fields.empty() ? "" : " " + created.error().fields[0].field +
                                                                                   ": " +
                                                                                   created.error().fields[0].problem);
  }

  std::string Round(Lang lang, core::Visibility reader = core::Visibility::kPublic) {
    PageRequest request{lang, reader, "/rounds/rnd_kunming", std::nullopt};
    auto html = site_.RenderRound("rnd_kunming", request);
    EXPECT_TRUE(html.has_value()) << (html ? "" : html.error().message);
    return html ? *html : "";
  }

  testing::FakeStore store_;
  core::RecordService records_{store_};
  Catalogs catalogs_;
  Site site_{records_, catalogs_};
};

TEST_F(SiteTest, RoundPageInEnglishShowsReplyKindLabelsAndAsksGroupedByIssue) {
  std::string html = Round(Lang::kEn);
  EXPECT_NE(html.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_NE(html.find("Denied the facts"), std::string::npos);
  EXPECT_NE(html.find("&quot;Handled according to law&quot;"), std::string::npos);
  EXPECT_NE(html.find("best period in history"), std::string::npos);
  EXPECT_NE(html.find("lang=\"zh-Hans\"><p>中国人权状况处于历史最好时期"), std::string::npos);
  EXPECT_NE(html.find("30–31 July 2013"), std::string::npos);
  EXPECT_NE(html.find("List refused"), std::string::npos);
  // Both detention asks sit under the one "Arbitrary detention" heading, which comes first.
  size_t detention = html.find(">Arbitrary detention<");
  size_t first = html.find("First ask on detention");
  size_t second = html.find("Second ask on detention");
  size_t markup = html.find("Ask about markup");
  ASSERT_NE(detention, std::string::npos);
  ASSERT_NE(second, std::string::npos);
  EXPECT_LT(detention, first);
  EXPECT_LT(first, second);
  EXPECT_LT(second, markup);
  EXPECT_EQ(html.find(">Arbitrary detention<", detention + 1), std::string::npos);
  // Leads first within a delegation.
  EXPECT_LT(html.find("Uzra Zeya"), html.find("Deputy"));
  EXPECT_EQ(html.find("<h1"), html.rfind("<h1"));
}

TEST_F(SiteTest, RoundPageInChineseHasChineseLabels) {
  std::string html = Round(Lang::kZhHans);
  EXPECT_NE(html.find("<html lang=\"zh-Hans\">"), std::string::npos);
  for (const char* want : {"否认事实", "“依法处理”", "议题", "答复类型", "名单被拒绝", "2013年7月30日至31日",
                           "第十八次对话（昆明）", "美国代表团", "中国代表团", "任意拘押"}) {
    EXPECT_NE(html.find(want), std::string::npos) << want;
  }
  EXPECT_EQ(html.find("Denied the facts"), std::string::npos);
  // The Chinese original needs no translation for a Chinese reader.
  EXPECT_EQ(html.find("best period in history"), std::string::npos);
}

TEST_F(SiteTest, NonPublicAsksRepliesAndCaseListsNeverAppearInAPublicRender) {
  for (Lang lang : {Lang::kEn, Lang::kZhHans}) {
    std::string html = Round(lang);
    EXPECT_EQ(html.find("CANARY"), std::string::npos) << LangCode(lang);
  }
  PageRequest request{Lang::kEn, core::Visibility::kPublic, "/", std::nullopt};
  for (const char* id : {"ask_secret", "rpl_secret", "cls_secret"}) {
    auto history = site_.RenderHistory(id, request);
    ASSERT_FALSE(history.has_value()) << id;
    EXPECT_EQ(history.error().code, core::ErrorCode::kNotFound) << id;
  }
  // The canaries are real: a cleared reader sees them.
  std::string internal = Round(Lang::kEn, core::Visibility::kRestricted);
  EXPECT_NE(internal.find("CANARY-ASK-7f3a"), std::string::npos);
  EXPECT_NE(internal.find("CANARY-REPLY-91bc"), std::string::npos);
  EXPECT_NE(internal.find("CANARY-CASE-55d0"), std::string::npos);
}

TEST_F(SiteTest, HtmlSpecialCharactersInContentAreEscaped) {
  for (Lang lang : {Lang::kEn, Lang::kZhHans}) {
    std::string html = Round(lang);
    EXPECT_EQ(html.find("<script"), std::string::npos) << LangCode(lang);
    EXPECT_EQ(html.find("<b>"), std::string::npos) << LangCode(lang);
  }
  EXPECT_NE(Round(Lang::kEn).find("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co"), std::string::npos);
}

TEST_F(SiteTest, MissingTranslationIsShownInTheOtherLanguageWithANote) {
  std::string html = Round(Lang::kZhHans);
  size_t text = html.find("<span lang=\"en\">Only in English, no Chinese summary.</span>");
  ASSERT_NE(text, std::string::npos);
  EXPECT_NE(html.find("以原文显示：暂无译文", text), std::string::npos);
  EXPECT_EQ(Round(Lang::kEn).find("Shown in the original language"), std::string::npos);
}

TEST_F(SiteTest, EveryPageHasLandmarksASkipLinkAndALanguageSwitcher) {
  PageRequest request{Lang::kEn, core::Visibility::kPublic, "/dialogues/dlg_test", std::nullopt};
  auto pages = {site_.RenderHome(request), site_.RenderDialogue("dlg_test", request),
                site_.RenderRound("rnd_kunming", request), site_.RenderHistory("rnd_kunming", request)};
  for (const auto& page : pages) {
    ASSERT_TRUE(page.has_value()) << page.error().message;
    const std::string& html = *page;
    for (const char* want : {"<header", "<nav", "<main id=\"main\"", "<footer", "href=\"#main\"",
                             "hreflang=\"zh-Hans\"", "?lang=zh-Hans", "/static/readout."}) {
      EXPECT_NE(html.find(want), std::string::npos) << want;
    }
    EXPECT_EQ(html.find("<h1"), html.rfind("<h1")) << "more than one h1";
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("style="), std::string::npos);
    EXPECT_EQ(html.find("<style"), std::string::npos);
  }
}

TEST_F(SiteTest, DialoguePageListsItsRounds) {
  PageRequest request{Lang::kEn, core::Visibility::kPublic, "/dialogues/dlg_test", std::nullopt};
  auto html = site_.RenderDialogue("dlg_test", request);
  ASSERT_TRUE(html.has_value());
  EXPECT_NE(html->find("href=\"/rounds/rnd_kunming\""), std::string::npos);
  EXPECT_NE(html->find("United States and China"), std::string::npos);
  auto home = site_.RenderHome(request);
  ASSERT_TRUE(home.has_value());
  EXPECT_NE(home->find("href=\"/dialogues/dlg_test\""), std::string::npos);
}

TEST_F(SiteTest, HistoryShowsChangedFieldsButNeverWhoChangedThem) {
  auto round = records_.Get("rnd_kunming", core::Visibility::kRestricted);
  ASSERT_TRUE(round.has_value());
  json body = round->body;
  body["place"] = {{"en", "Kunming"}, {"zh_hans", "昆明"}};
  ASSERT_TRUE(records_.Update("rnd_kunming", round->header.revision, body, core::Actor{"Secret Staffer Name"}));
  PageRequest request{Lang::kEn, core::Visibility::kPublic, "/records/rnd_kunming/history", std::nullopt};
  auto html = site_.RenderHistory("rnd_kunming", request);
  ASSERT_TRUE(html.has_value()) << html.error().message;
  EXPECT_EQ(html->find("Secret Staffer"), std::string::npos);
  EXPECT_NE(html->find("Updated"), std::string::npos);
  EXPECT_NE(html->find("<li>Place</li>"), std::string::npos);
  EXPECT_EQ(html->find("Kunming, Yunnan"), std::string::npos) << "values are not shown";
}

TEST_F(SiteTest, UnknownOrWrongKindIdsAreNotFound) {
  PageRequest request;
  EXPECT_EQ(site_.RenderRound("rnd_nope", request).error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(site_.RenderRound("dlg_test", request).error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(site_.RenderDialogue("rnd_kunming", request).error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(site_.RenderHistory("not an id", request).error().code, core::ErrorCode::kNotFound);
}

TEST_F(SiteTest, ErrorPagesAreTranslatedAndShowNoInternals) {
  PageRequest request{Lang::kZhHans, core::Visibility::kPublic, "/rounds/x", std::nullopt};
  std::string not_found = site_.RenderError(404, request);
  EXPECT_NE(not_found.find("未找到页面"), std::string::npos);
  EXPECT_NE(not_found.find("<html lang=\"zh-Hans\">"), std::string::npos);
  std::string teapot = site_.RenderError(418, PageRequest{});
  EXPECT_NE(teapot.find("Error 418"), std::string::npos);
  std::string internal = site_.RenderError(500, PageRequest{});
  EXPECT_NE(internal.find("Something went wrong"), std::string::npos);
}

TEST_F(SiteTest, RoundPageRendersWellUnderTwoMilliseconds) {
  Round(Lang::kEn);  // warm the template cache
  const int n = 50;
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i) Round(i % 2 ? Lang::kEn : Lang::kZhHans);
  auto per = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start) / n;
  RecordProperty("round_render_ms", std::to_string(per.count()));
  // Generous bound for sanitizer and debug builds; release measures far less.
  EXPECT_LT(per.count(), 20.0);
}

TEST(FormatDate, HumanFormatsInBothLanguages) {
  Catalogs catalogs;
  struct Case {
    const char* edtf;
    const char* en;
    const char* zh;
  };
  const Case cases[] = {
      {"2013-07-30/2013-07-31", "30–31 July 2013", "2013年7月30日至31日"},
      {"2013-07-30/2013-08-02", "30 July – 2 August 2013", "2013年7月30日至8月2日"},
      {"2013-12-30/2014-01-02", "30 December 2013 to 2 January 2014", "2013年12月30日至2014年1月2日"},
      {"2013-07-16", "16 July 2013", "2013年7月16日"},
      {"2015-08", "August 2015", "2015年8月"},
      {"1991", "1991", "1991年"},
      {"2013-07~", "about July 2013", "约2013年7月"},
      {"2013-07?", "July 2013 (uncertain)", "2013年7月（未确定）"},
      {"2013-07/..", "from July 2013", "2013年7月起"},
      {"../2014", "until 2014", "至2014年"},
      {"201X", "the 2010s", "2010年代"},
  };
  for (const Case& c : cases) {
    auto date = core::PartialDate::Parse(c.edtf);
    ASSERT_TRUE(date.has_value()) << c.edtf;
    EXPECT_EQ(FormatDate(*date, Lang::kEn, catalogs), c.en) << c.edtf;
    EXPECT_EQ(FormatDate(*date, Lang::kZhHans, catalogs), c.zh) << c.edtf;
  }
}

TEST(ChangedFields, ComparesTopLevelFields) {
  json before = {{"a", 1}, {"b", {{"x", 1}}}, {"c", "same"}};
  json after = {{"a", 2}, {"b", {{"x", 1}}}, {"c", "same"}, {"d", true}};
  EXPECT_EQ(ChangedFields(before, after), (std::vector<std::string>{"a", "d"}));
  EXPECT_EQ(ChangedFields(json(), json{{"z", 1}}), (std::vector<std::string>{"z"}));
}

TEST(PickText, FallsBackToTheOtherLanguageAndSaysSo) {
  core::BilingualText only_en{"Hello", "", ""};
  TextView v = PickText(only_en, Lang::kZhHans);
  EXPECT_EQ(v.text, "Hello");
  EXPECT_EQ(v.lang, "en");
  EXPECT_TRUE(v.fallback);
  core::BilingualText both{"Hello", "你好", ""};
  EXPECT_FALSE(PickText(both, Lang::kZhHans).fallback);
  EXPECT_EQ(PickText(both, Lang::kZhHans).lang, "zh-Hans");
  EXPECT_TRUE(PickText(core::BilingualText{}, Lang::kEn).empty());
}

}  // namespace
}  // namespace readout::publish
