// The person, case, case list and overdue pages, rendered from seeded
// records with "today" injected, in English and Chinese.
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/partial_date.h"
#include "core/record_service.h"
#include "publish/fake_store_for_test.h"
#include "publish/i18n.h"
#include "publish/site.h"

namespace readout::publish {
namespace {

using nlohmann::json;

constexpr core::CivilDay kToday{2018, 1, 1};
constexpr char kFamilyCanary[] = "CANARY-FAMILY-3e1d";
constexpr char kRiskCanary[] = "CANARY-RISK-90aa";
constexpr char kEventCanary[] = "CANARY-EVENT-c4f2";

CaseFilter Filter(const std::string& name, const std::string& value) {
  CaseFilter f;
  if (name == "status") f.status = value;
  if (name == "province") f.province = value;
  if (name == "issue") f.issue = value;
  if (name == "campaign") f.campaign = value;
  if (name == "overdue") f.overdue = value == "1";
  if (name == "sort") f.sort = value;
  return f;
}

json Event(const std::string& case_id, const std::string& type, const std::string& date, int sequence = 0) {
  return {{"case_id", case_id}, {"type", type}, {"date", date}, {"sequence", sequence}};
}

// Xu Zhiyong's 2013 case with his whole timeline, raised at a round; a case
// past its arrest deadline; a case whose arrest deadline falls due within 30 days.
class CasePagesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Seed(core::RecordKind::kPlace, "plc_beijing",
         {{"level", "province"}, {"name", {{"en", "Beijing"}, {"zh_hans", "北京市"}}}});
    Seed(core::RecordKind::kPlace, "plc_beijing-no3",
         {{"level", "facility"},
          {"parent_id", "plc_beijing"},
          {"facility_type", "detention_centre"},
          {"name", {{"en", "Beijing No. 3 Detention Centre"}, {"zh_hans", "北京市第三看守所"}}}});
    Seed(core::RecordKind::kPlace, "plc_guangdong",
         {{"level", "province"}, {"name", {{"en", "Guangdong"}, {"zh_hans", "广东省"}}}});
    Seed(core::RecordKind::kIssue, "iss_expression",
         {{"name", {{"en", "Freedom of expression"}, {"zh_hans", "言论自由"}}}});
    Seed(core::RecordKind::kPerson, "prs_xu-zhiyong",
         {{"names", json::array({{{"text", "许志永"}, {"script", "Hans"}, {"kind", "legal"}, {"primary", true}},
                                 {{"text", "許志永"}, {"script", "Hant"}, {"kind", "legal"}},
                                 {{"text", "Xu Zhiyong"}, {"script", "Latn"}, {"scheme", "pinyin"}, {"kind", "legal"}}})},
          {"sex", "male"},
          {"birth_date", "1973"},
          {"occupation", {{"en", "Legal scholar"}, {"zh_hans", "法学学者"}}},
          {"affiliations", json::array({{{"organisation", {{"en", "New Citizens Movement"}, {"zh_hans", "新公民运动"}}},
                                         {"role", {{"en", "founder"}, {"zh_hans", "发起人"}}}}})},
          {"risk_notes", {{"text", kRiskCanary}}}});
    Seed(core::RecordKind::kCase, "cas_xu-zhiyong-2013",
         {{"person_id", "prs_xu-zhiyong"},
          {"issue_ids", json::array({"iss_expression"})},
          {"campaign", {{"en", "2013 New Citizens Movement crackdown"}, {"zh_hans", "2013年新公民运动打压"}}},
          {"summary", {{"en", "Detained for campaigning for officials to disclose their assets."}}},
          {"charges", json::array({{{"article", "291"},
                                    {"name_zh", "聚众扰乱公共场所秩序罪"},
                                    {"name_en", "gathering a crowd to disturb order in a public place"},
                                    {"stage", "conviction"}}})},
          {"sentences", json::array({{{"court", {{"en", "Beijing No. 1 Intermediate People's Court"}}},
                                      {"date", "2014-01-26"},
                                      {"term", {{"kind", "fixed"}, {"years", 4}}}}})},
          {"family_contact", {{"text", kFamilyCanary}}}});
    const std::string xu = "cas_xu-zhiyong-2013";
    json detention = Event(xu, "criminal_detention", "2013-07-16");
    detention["place_id"] = "plc_beijing-no3";
    detention["authority"] = {{"en", "Beijing Public Security Bureau"}, {"zh_hans", "北京市公安局"}};
    detention["family_notified"] = "yes";
    Seed(core::RecordKind::kLegalEvent, "lev_xu-1", detention);
    Seed(core::RecordKind::kLegalEvent, "lev_xu-7", Event(xu, "released_on_completion", "2017-07-15"));
    Seed(core::RecordKind::kLegalEvent, "lev_xu-2", Event(xu, "arrest_approved", "2013-08-22"));
    Seed(core::RecordKind::kLegalEvent, "lev_xu-4", Event(xu, "trial", "2014-01-22"));
    Seed(core::RecordKind::kLegalEvent, "lev_xu-3", Event(xu, "indictment", "2013-12-13"));
    Seed(core::RecordKind::kLegalEvent, "lev_xu-5", Event(xu, "verdict", "2014-01-26"));
    json hidden = Event(xu, "prison_transfer", "2015-03-01");
    hidden["visibility"] = "restricted";
    hidden["description"] = {{"en", kEventCanary}};
    Seed(core::RecordKind::kLegalEvent, "lev_xu-secret", hidden);

    Seed(core::RecordKind::kDialogue, "dlg_test",
         {{"name", {{"en", "US–China Human Rights Dialogue"}}},
          {"party_a", {{"name", {{"en", "United States"}}}}},
          {"party_b", {{"name", {{"en", "China"}}}}}});
    Seed(core::RecordKind::kRound, "rnd_kunming",
         {{"dialogue_id", "dlg_test"},
          {"title", {{"en", "18th Dialogue, Kunming"}, {"zh_hans", "第十八次对话（昆明）"}}},
          {"dates", "2013-07-30/2013-07-31"}});
    Seed(core::RecordKind::kAsk, "ask_xu",
         {{"round_id", "rnd_kunming"},
          {"position", 1},
          {"subject", {{"kind", "case"}, {"id", xu}}},
          {"raised_by", {{"en", "Uzra Zeya"}}},
          {"requests", json::array({"release"})}});
    Seed(core::RecordKind::kReply, "rpl_xu",
         {{"ask_id", "ask_xu"},
          {"reply_kind", "handled_according_to_law"},
          {"original_text", "依法处理"},
          {"original_language", "zh-Hans"},
          {"translation", {{"en", "Handled according to law"}}}});
    Seed(core::RecordKind::kCaseList, "cls_kunming",
         {{"round_id", "rnd_kunming"},
          {"status", "refused"},
          {"entries", json::array({{{"name", {{"en", "Xu Zhiyong"}}}, {"case_id", xu}}})}});

    // Criminal detention on 2017-11-01 and nothing since: the 37-day arrest deadline passed on 2017-12-08.
    Seed(core::RecordKind::kPerson, "prs_overdue",
         {{"names", json::array({{{"text", "Overdue Person"}, {"script", "Latn"}, {"primary", true}}})}});
    Seed(core::RecordKind::kCase, "cas_overdue", {{"person_id", "prs_overdue"}});
    json overdue = Event("cas_overdue", "criminal_detention", "2017-11-01");
    overdue["place_id"] = "plc_guangdong";
    Seed(core::RecordKind::kLegalEvent, "lev_overdue", overdue);
    // Criminal detention on 2017-12-01: the arrest deadline falls due within 30 days of today.
    Seed(core::RecordKind::kPerson, "prs_upcoming",
         {{"names", json::array({{{"text", "Upcoming Person"}, {"script", "Latn"}, {"primary", true}}})}});
    Seed(core::RecordKind::kCase, "cas_upcoming", {{"person_id", "prs_upcoming"}});
    Seed(core::RecordKind::kLegalEvent, "lev_upcoming", Event("cas_upcoming", "criminal_detention", "2017-12-01"));
  }

  void Seed(core::RecordKind kind, const std::string& id, const json& body) {
    auto created = records_.Create(kind, body, core::Actor{"Staffer"}, id);
    ASSERT_TRUE(created.has_value()) << id << ": " << created.error().message
                                     << (created.error().fields.empty() ? "" : " " + created.error().fields[0].field +
                                                                                   ": " +
                                                                                   created.error().fields[0].problem);
  }

  PageRequest Request(Lang lang, const std::string& path, core::Visibility reader = core::Visibility::kPublic) {
    PageRequest r;
    r.lang = lang;
    r.reader = reader;
    r.path = path;
    r.today = kToday;
    return r;
  }

  static std::string Ok(const core::Result<std::string>& html) {
    EXPECT_TRUE(html.has_value()) << (html ? "" : html.error().message);
    return html ? *html : "";
  }

  std::string CasePage(Lang lang, core::Visibility reader = core::Visibility::kPublic) {
    return Ok(site_.RenderCase("cas_xu-zhiyong-2013", Request(lang, "/cases/cas_xu-zhiyong-2013", reader)));
  }
  std::string Cases(const CaseFilter& filter, Lang lang = Lang::kEn) {
    return Ok(site_.RenderCases(filter, Request(lang, "/cases")));
  }

  testing::FakeStore store_;
  core::RecordService records_{store_};
  Catalogs catalogs_;
  Site site_{records_, catalogs_};
};

TEST_F(CasePagesTest, CasePageShowsXuZhiyongReleasedOn15July2017WithTodayInjected) {
  std::string html = CasePage(Lang::kEn);
  EXPECT_NE(html.find("Released as of 15 July 2017"), std::string::npos) << html;
  EXPECT_NE(html.find("Xu Zhiyong"), std::string::npos);
  EXPECT_NE(html.find("href=\"/people/prs_xu-zhiyong\""), std::string::npos);
  EXPECT_NE(html.find("聚众扰乱公共场所秩序罪"), std::string::npos);
  EXPECT_NE(html.find("Criminal Law art. 291"), std::string::npos);
  EXPECT_NE(html.find("Fixed-term imprisonment, 4 years"), std::string::npos);
  EXPECT_NE(html.find("2013 New Citizens Movement crackdown"), std::string::npos);
  EXPECT_NE(html.find("Freedom of expression"), std::string::npos);
  // Expected release, with its basis; the arrest deadline was met.
  EXPECT_NE(html.find("class=\"expected-release\">15 July 2017"), std::string::npos) << html;
  EXPECT_NE(html.find("Met on 22 August 2013"), std::string::npos) << html;
  // Legal event details: place, authority, the official term, family notified.
  EXPECT_NE(html.find("Beijing No. 3 Detention Centre"), std::string::npos);
  EXPECT_NE(html.find("Beijing Public Security Bureau"), std::string::npos);
  EXPECT_NE(html.find("lang=\"zh-Hans\">刑事拘留</span>"), std::string::npos);
}

TEST_F(CasePagesTest, TimelineMergesLegalEventsAndTheRoundInDateOrder) {
  std::string html = CasePage(Lang::kEn);
  const char* in_order[] = {"event-criminal_detention", "Raised at 18th Dialogue, Kunming", "event-arrest_approved",
                            "event-indictment", "event-trial", "event-verdict", "event-released_on_completion"};
  size_t last = 0;
  for (const char* marker : in_order) {
    size_t at = html.find(marker, last);
    ASSERT_NE(at, std::string::npos) << marker << " missing or out of order";
    last = at;
  }
  // The raise links to the ask on the round page and shows the reply with its kind.
  EXPECT_NE(html.find("href=\"/rounds/rnd_kunming#ask_xu\""), std::string::npos);
  EXPECT_NE(html.find("&quot;Handled according to law&quot;"), std::string::npos) << "reply kind label";
}

TEST_F(CasePagesTest, RestrictedFieldsAndEventsNeverReachAPublicPage) {
  CaseFilter all;
  const std::string pages[] = {
      CasePage(Lang::kEn),
      CasePage(Lang::kZhHans),
      Ok(site_.RenderPerson("prs_xu-zhiyong", Request(Lang::kEn, "/people/prs_xu-zhiyong"))),
      Cases(all),
      Ok(site_.RenderOverdue(Request(Lang::kEn, "/cases/overdue"))),
      Ok(site_.RenderHistory("cas_xu-zhiyong-2013", Request(Lang::kEn, "/records/cas_xu-zhiyong-2013/history"))),
  };
  for (const std::string& html : pages) {
    EXPECT_EQ(html.find(kFamilyCanary), std::string::npos);
    EXPECT_EQ(html.find(kRiskCanary), std::string::npos);
    EXPECT_EQ(html.find(kEventCanary), std::string::npos);
    EXPECT_EQ(html.find("prison_transfer"), std::string::npos);
  }
  // Staff see the restricted event, but the page still has no place for guarded fields.
  std::string staff = CasePage(Lang::kEn, core::Visibility::kRestricted);
  EXPECT_NE(staff.find("event-prison_transfer"), std::string::npos);
  EXPECT_EQ(staff.find(kFamilyCanary), std::string::npos);
}

TEST_F(CasePagesTest, ChineseCasePageUsesChineseLabels) {
  std::string html = CasePage(Lang::kZhHans);
  EXPECT_NE(html.find("<html lang=\"zh-Hans\">"), std::string::npos);
  for (const char* label : {"已释放（截至2017年7月15日）", "刑事拘留", "逮捕", "起诉", "开庭", "判决", "刑满释放",
                            "许志永", "有期徒刑4年", "法定期限", "时间线", "是否通知家属"}) {
    EXPECT_NE(html.find(label), std::string::npos) << label;
  }
  // The Chinese label of criminal detention is the official term: not shown twice.
  EXPECT_EQ(html.find("class=\"official-term\""), std::string::npos);
}

TEST_F(CasePagesTest, PersonPageShowsEveryNameVariantWithLabelsAndTheirCases) {
  std::string html = Ok(site_.RenderPerson("prs_xu-zhiyong", Request(Lang::kEn, "/people/prs_xu-zhiyong")));
  EXPECT_NE(html.find("<h1><span lang=\"en\">Xu Zhiyong</span>"), std::string::npos) << html;
  EXPECT_NE(html.find("lang=\"zh-Hans\">许志永</span>"), std::string::npos);
  EXPECT_NE(html.find("lang=\"zh-Hant\">許志永</span>"), std::string::npos);
  EXPECT_NE(html.find("Hanyu Pinyin"), std::string::npos);
  EXPECT_NE(html.find("Traditional Chinese characters"), std::string::npos);
  EXPECT_NE(html.find("New Citizens Movement"), std::string::npos);
  EXPECT_NE(html.find("href=\"/cases/cas_xu-zhiyong-2013\""), std::string::npos);
  EXPECT_NE(html.find("Released as of 15 July 2017"), std::string::npos);

  std::string zh = Ok(site_.RenderPerson("prs_xu-zhiyong", Request(Lang::kZhHans, "/people/prs_xu-zhiyong")));
  EXPECT_NE(zh.find("<h1><span lang=\"zh-Hans\">许志永</span>"), std::string::npos);
  EXPECT_NE(zh.find("汉语拼音"), std::string::npos);
  EXPECT_NE(zh.find("男"), std::string::npos);
}

TEST_F(CasePagesTest, CaseListFiltersBySatusProvinceIssueCampaignAndOverdue) {
  struct Row {
    const char* what;
    CaseFilter filter;
    bool xu, overdue, upcoming;
  };
  const Row rows[] = {
      {"no filter", CaseFilter(), true, true, true},
      {"status released", Filter("status", "released"), true, false, false},
      {"status pretrial", Filter("status", "detained_pretrial"), false, true, true},
      {"province Beijing (ancestor of the facility)", Filter("province", "plc_beijing"), true, false, false},
      {"province Guangdong", Filter("province", "plc_guangdong"), false, true, false},
      {"issue", Filter("issue", "iss_expression"), true, false, false},
      {"campaign", Filter("campaign", "2013 New Citizens Movement crackdown"), true, false, false},
      {"overdue only", Filter("overdue", "1"), false, true, false},
  };
  for (const Row& r : rows) {
    std::string html = Cases(r.filter);
    EXPECT_EQ(html.find("/cases/cas_xu-zhiyong-2013\"") != std::string::npos, r.xu) << r.what;
    EXPECT_EQ(html.find("/cases/cas_overdue\"") != std::string::npos, r.overdue) << r.what;
    EXPECT_EQ(html.find("/cases/cas_upcoming\"") != std::string::npos, r.upcoming) << r.what;
  }
}

TEST_F(CasePagesTest, CaseListShowsDaysInDetentionAndSortsByThem) {
  std::string html = Cases(Filter("sort", "days"));
  // Xu: 2013-07-16 to his release on 2017-07-15; the overdue case: 61 days to today; the upcoming one: 31.
  EXPECT_NE(html.find("1460 days"), std::string::npos) << html;
  EXPECT_NE(html.find("61 days"), std::string::npos);
  EXPECT_NE(html.find("31 days"), std::string::npos);
  size_t xu = html.find("cas_xu-zhiyong-2013\"");
  size_t upcoming = html.find("cas_upcoming\"");
  size_t overdue = html.find("cas_overdue\"");
  EXPECT_LT(xu, overdue);
  EXPECT_LT(overdue, upcoming);
  // The filter form is a GET form that keeps the selection.
  std::string filtered = Cases(Filter("status", "released"));
  EXPECT_NE(filtered.find("<form class=\"filters\" method=\"get\" action=\"/cases\""), std::string::npos);
  EXPECT_NE(filtered.find("value=\"released\" selected"), std::string::npos);
}

TEST_F(CasePagesTest, OverduePageListsFlagsThenUpcomingDeadlinesWithTextBadges) {
  std::string html = Ok(site_.RenderOverdue(Request(Lang::kEn, "/cases/overdue")));
  size_t flag = html.find("cas_overdue\"");
  size_t upcoming = html.find("cas_upcoming\"");
  ASSERT_NE(flag, std::string::npos) << html;
  ASSERT_NE(upcoming, std::string::npos) << html;
  EXPECT_LT(flag, upcoming);
  EXPECT_EQ(html.find("cas_xu-zhiyong-2013\""), std::string::npos) << "a released case has nothing overdue";
  EXPECT_NE(html.find(">Overdue</strong>"), std::string::npos);
  EXPECT_NE(html.find(">Upcoming</strong>"), std::string::npos);
  // Detained 2017-11-01: the 37 days end early in December (core/case_status.h counts them).
  EXPECT_NE(html.find("December 2017"), std::string::npos) << html;
  EXPECT_NE(html.find(" days overdue"), std::string::npos) << html;

  std::string zh = Ok(site_.RenderOverdue(Request(Lang::kZhHans, "/cases/overdue")));
  EXPECT_NE(zh.find("逾期及即将到期"), std::string::npos);
  EXPECT_NE(zh.find("已逾期"), std::string::npos);
}

TEST_F(CasePagesTest, RoundPageLinksAsksAndCaseListEntriesToTheCase) {
  std::string html = Ok(site_.RenderRound("rnd_kunming", Request(Lang::kEn, "/rounds/rnd_kunming")));
  EXPECT_NE(html.find("<a href=\"/cases/cas_xu-zhiyong-2013\" lang=\"en\">Xu Zhiyong</a>"), std::string::npos)
      << html;
  EXPECT_NE(html.find("<a href=\"/cases/cas_xu-zhiyong-2013\"><span lang=\"en\">Xu Zhiyong</span></a>"),
            std::string::npos);
}

TEST_F(CasePagesTest, UnknownOrWrongKindIdsAreNotFound) {
  for (const char* id : {"cas_nope", "prs_xu-zhiyong", "rnd_kunming"}) {
    auto html = site_.RenderCase(id, Request(Lang::kEn, "/cases/x"));
    ASSERT_FALSE(html.has_value()) << id;
    EXPECT_EQ(html.error().code, core::ErrorCode::kNotFound) << id;
  }
  EXPECT_FALSE(site_.RenderPerson("cas_xu-zhiyong-2013", Request(Lang::kEn, "/people/x")).has_value());
}

TEST_F(CasePagesTest, LanguageSwitcherKeepsTheCaseListFilters) {
  std::string html = Ok(site_.RenderCases(Filter("status", "released"), Request(Lang::kEn, "/cases?status=released")));
  EXPECT_NE(html.find("href=\"/cases?status=released&amp;lang=zh-Hans\""), std::string::npos);
}

TEST(SiteClock, TodayComesFromTheInjectedClock) {
  testing::FakeStore store;
  core::RecordService records(store);
  Catalogs catalogs;
  Site site(records, catalogs, SiteOptions{[] { return core::CivilDay{2017, 7, 15}; }});
  EXPECT_EQ(site.Today(), (core::CivilDay{2017, 7, 15}));
  Site system(records, catalogs);
  EXPECT_GE(system.Today(), (core::CivilDay{2024, 1, 1}));
}

}  // namespace
}  // namespace readout::publish
