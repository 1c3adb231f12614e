// The accountability pages (issue 4) rendered through Site from a small
// store: two rounds, benchmarks rated at both, an agency and its engagement,
// an indicator with observations, and non-public records carrying canaries.
#include <algorithm>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/record_service.h"
#include "publish/fake_store_for_test.h"
#include "publish/i18n.h"
#include "publish/site.h"
#include "publish/csv_for_test.h"

namespace readout::publish {
namespace {

using nlohmann::json;

int Count(const std::string& text, const std::string& what) {
  int n = 0;
  for (size_t i = text.find(what); i != std::string::npos; i = text.find(what, i + 1)) ++n;
  return n;
}

class AccountabilityPagesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Seed(core::RecordKind::kDialogue, "dlg_test",
         {{"name", {{"en", "US–China Human Rights Dialogue"}, {"zh_hans", "中美人权对话"}}},
          {"party_a", {{"name", {{"en", "United States"}, {"zh_hans", "美国"}}}}},
          {"party_b", {{"name", {{"en", "China"}, {"zh_hans", "中国"}}}}}});
    Seed(core::RecordKind::kRound, "rnd_2013",
         {{"dialogue_id", "dlg_test"},
          {"number", 18},
          {"title", {{"en", "18th Dialogue, Kunming"}, {"zh_hans", "第十八次对话"}}},
          {"dates", "2013-07-30/2013-07-31"}});
    Seed(core::RecordKind::kRound, "rnd_2015",
         {{"dialogue_id", "dlg_test"},
          {"number", 19},
          {"title", {{"en", "19th Dialogue, Washington"}, {"zh_hans", "第十九次对话"}}},
          {"dates", "2015-08-12/2015-08-13"}});
    Seed(core::RecordKind::kIssue, "iss_rtl", {{"name", {{"en", "Re-education through Labor"}, {"zh_hans", "劳动教养"}}}});
    Seed(core::RecordKind::kBenchmark, "bmk_rtl",
         {{"dialogue_id", "dlg_test"},
          {"issue_id", "iss_rtl"},
          {"statement", {{"en", "Re-education through Labor abolished"}, {"zh_hans", "废除劳动教养"}}},
          {"criterion", {{"en", "Repealed by the NPC Standing Committee"}}}});
    Seed(core::RecordKind::kBenchmark, "bmk_upr",
         {{"dialogue_id", "dlg_test"},
          {"issue_id", "iss_rtl"},
          {"statement", {{"en", "Public participation in the UPR report"}}}});
    Seed(core::RecordKind::kAssessment, "asm_rtl-2013",
         {{"benchmark_id", "bmk_rtl"},
          {"round_id", "rnd_2013"},
          {"rating", "limited_progress"},
          {"rationale", {{"en", "Reform announced, camps still open"}, {"zh_hans", "宣布改革，劳教所仍在运作"}}},
          {"sources", json::array({{{"title", "Xinhua report"}, {"url", "https://example.org/xinhua"}}})},
          {"assessor", "Researcher One"},
          {"reviewer", "Reviewer Two"},
          {"state", "approved"}});
    Seed(core::RecordKind::kAssessment, "asm_rtl-2015",
         {{"benchmark_id", "bmk_rtl"},
          {"round_id", "rnd_2015"},
          {"rating", "met"},
          {"rationale", {{"en", "Abolished on 28 December 2013"}, {"zh_hans", "2013年12月28日废止"}}},
          {"assessor", "Researcher One"},
          {"reviewer", "Reviewer Two"},
          {"state", "approved"}});
    Seed(core::RecordKind::kAgency, "agy_state",
         {{"name", {{"en", "Department of State"}, {"zh_hans", "美国国务院"}}},
          {"abbreviation", "DOS"},
          {"side", "a"},
          {"areas", json::array({"foreign_affairs"})}});
    Seed(core::RecordKind::kEngagement, "eng_kerry",
         {{"dialogue_id", "dlg_test"},
          {"agency_id", "agy_state"},
          {"engagement_kind", "visit"},
          {"title", {{"en", "Secretary Kerry's visit to Beijing"}, {"zh_hans", "克里国务卿访问北京"}}},
          {"date", "2013-04-13"},
          {"human_rights_raised", "yes"},
          {"public_account", {{"level", "none"}}}});
    Seed(core::RecordKind::kIndicator, "ind_immolation",
         {{"dialogue_id", "dlg_test"},
          {"name", {{"en", "Tibetan self-immolations since 2009"}, {"zh_hans", "2009年以来藏人自焚人数"}}},
          {"definition", {{"counted", {{"en", "Tibetans who set themselves on fire in protest"}}}, {"since", "2009-02"}}},
          {"unit", {{"en", "people"}, {"zh_hans", "人"}}},
          {"cumulative", true}});
    Seed(core::RecordKind::kObservation, "obs_2012",
         {{"indicator_id", "ind_immolation"},
          {"date", "2012-06"},
          {"value", {{"low", 40}, {"qualifier", "exact"}}},
          {"note", {{"en", "Count, with \"quotes\", and commas"}}},
          {"sources", json::array({{{"title", "ICT"}}})}});
    Seed(core::RecordKind::kObservation, "obs_2013",
         {{"indicator_id", "ind_immolation"},
          {"date", "2013-07~"},
          {"value", {{"low", 119}, {"high", 121}, {"qualifier", "range"}}},
          {"sources", json::array({{{"title", "HRW"}}})}});

    // Non-public records, each with a canary that must never reach a public page.
    Seed(core::RecordKind::kBenchmark, "bmk_secret",
         {{"visibility", "internal"},
          {"dialogue_id", "dlg_test"},
          {"issue_id", "iss_rtl"},
          {"statement", {{"en", "CANARY-BMK-3c1e"}, {"zh_hans", "CANARY-BMK-3c1e"}}}});
    Seed(core::RecordKind::kAssessment, "asm_secret",
         {{"visibility", "internal"},
          {"benchmark_id", "bmk_upr"},
          {"round_id", "rnd_2015"},
          {"rating", "no_progress"},
          {"rationale", {{"en", "CANARY-ASM-9d2f"}, {"zh_hans", "CANARY-ASM-9d2f"}}},
          {"assessor", "Researcher One"},
          {"reviewer", "Reviewer Two"},
          {"state", "approved"}});
    Seed(core::RecordKind::kAssessment, "asm_draft",
         {{"benchmark_id", "bmk_upr"},
          {"round_id", "rnd_2013"},
          {"rating", "regressed"},
          {"rationale", {{"en", "CANARY-DRAFT-41aa"}, {"zh_hans", "CANARY-DRAFT-41aa"}}},
          {"assessor", "Researcher One"},
          {"state", "draft"}});
    Seed(core::RecordKind::kObservation, "obs_secret",
         {{"visibility", "internal"},
          {"indicator_id", "ind_immolation"},
          {"date", "2014-01"},
          {"value", {{"low", 777}, {"qualifier", "exact"}}},
          {"note", {{"en", "CANARY-OBS-0b7e"}}},
          {"sources", json::array({{{"title", "internal"}}})}});
  }

  void Seed(core::RecordKind kind, const std::string& id, const json& body) {
    auto created = records_.Create(kind, body, core::Actor{"Tester"}, id);
    ASSERT_TRUE(created.has_value()) << id << ": " << created.error().message
                                     << (created.error().fields.empty() ? "" : " " + created.error().fields[0].field +
                                                                                   ": " +
                                                                                   created.error().fields[0].problem);
  }

  PageRequest Request(Lang lang, core::Visibility reader = core::Visibility::kPublic) {
    return PageRequest{lang, reader, "/x", core::CivilDay{2016, 1, 1}};
  }

  static std::string Html(const core::Result<std::string>& html) {
    EXPECT_TRUE(html.has_value()) << (html ? "" : html.error().message);
    return html ? *html : "";
  }

  std::string Scorecard(Lang lang, core::Visibility reader = core::Visibility::kPublic) {
    return Html(site_.RenderScorecard("dlg_test", "", Request(lang, reader)));
  }

  // Every accountability page (and the round and dialogue pages) for one reader.
  std::vector<std::pair<std::string, std::string>> AllPages(Lang lang, core::Visibility reader) {
    const PageRequest r = Request(lang, reader);
    return {
        {"scorecard", Html(site_.RenderScorecard("dlg_test", "", r))},
        {"scorecard?issue", Html(site_.RenderScorecard("dlg_test", "iss_rtl", r))},
        {"changes", Html(site_.RenderChanges("dlg_test", "rnd_2013", "rnd_2015", r))},
        {"changes default", Html(site_.RenderChanges("dlg_test", "", "", r))},
        {"agencies", Html(site_.RenderAgencyRecords("dlg_test", std::nullopt, std::nullopt, r))},
        {"agency", Html(site_.RenderAgency("agy_state", r))},
        {"engagement", Html(site_.RenderEngagement("eng_kerry", r))},
        {"indicator", Html(site_.RenderIndicator("ind_immolation", r))},
        {"indicator csv", Html(site_.IndicatorCsv("ind_immolation", reader))},
        {"alerts", Html(site_.RenderAlerts(r))},
        {"round", Html(site_.RenderRound("rnd_2015", r))},
        {"dialogue", Html(site_.RenderDialogue("dlg_test", r))},
    };
  }

  testing::FakeStore store_;
  core::RecordService records_{store_};
  Catalogs catalogs_;
  Site site_{records_, catalogs_, SiteOptions{[] { return core::CivilDay{2016, 1, 1}; }}};
};

TEST_F(AccountabilityPagesTest, EveryPageRendersInEnglishAndChineseWithTheirLangAttribute) {
  for (Lang lang : {Lang::kEn, Lang::kZhHans}) {
    for (const auto& [name, html] : AllPages(lang, core::Visibility::kPublic)) {
      ASSERT_FALSE(html.empty()) << name;
      if (name == "indicator csv") continue;
      EXPECT_NE(html.find(std::string("<html lang=\"") + std::string(LangCode(lang)) + "\""), std::string::npos)
          << name;
      EXPECT_EQ(html.find("{{"), std::string::npos) << name << ": unrendered template tag";
    }
  }
}

TEST_F(AccountabilityPagesTest, ScorecardShowsEachRatingAsTextWithTheChangeSinceThePreviousRound) {
  const std::string html = Scorecard(Lang::kEn);
  EXPECT_NE(html.find(">Limited progress<"), std::string::npos) << html;
  EXPECT_NE(html.find(">Met<"), std::string::npos);
  EXPECT_NE(html.find("Improved (was Limited progress)"), std::string::npos);
  EXPECT_NE(html.find("<span aria-hidden=\"true\">↑</span>"), std::string::npos);
  EXPECT_NE(html.find("First rating"), std::string::npos);
  // The cell links to its rationale and evidence, listed under the table.
  EXPECT_NE(html.find("href=\"#asm_rtl-2015\""), std::string::npos);
  EXPECT_NE(html.find("id=\"asm_rtl-2015\""), std::string::npos);
  EXPECT_NE(html.find("Abolished on 28 December 2013"), std::string::npos);
  EXPECT_NE(html.find("https://example.org/xinhua"), std::string::npos);
  EXPECT_NE(html.find("<th scope=\"col\">"), std::string::npos);
  EXPECT_NE(html.find("<th scope=\"row\">"), std::string::npos);
  EXPECT_NE(html.find("<caption>"), std::string::npos);
}

TEST_F(AccountabilityPagesTest, ScorecardInChineseShowsChineseRatingsAndContent) {
  const std::string html = Scorecard(Lang::kZhHans);
  EXPECT_NE(html.find(">有限进展<"), std::string::npos) << html;
  EXPECT_NE(html.find(">已达成<"), std::string::npos);
  EXPECT_NE(html.find("<span lang=\"zh-Hans\">废除劳动教养</span>"), std::string::npos);
  // Only English exists for this benchmark: shown with the original-language note.
  EXPECT_NE(html.find("<span lang=\"en\">Public participation in the UPR report</span> <small class=\"untranslated\">"),
            std::string::npos);
}

TEST_F(AccountabilityPagesTest, NotAssessedIsABlankLabelledCellNeverNoProgress) {
  const std::string html = Scorecard(Lang::kEn);
  // bmk_upr has no public approved rating at either round.
  EXPECT_GE(Count(html, "<td class=\"not-assessed\"><span class=\"visually-hidden\">Not assessed</span></td>"), 2)
      << html;
  EXPECT_EQ(html.find("No progress"), std::string::npos);
  EXPECT_EQ(html.find("rating-no_progress"), std::string::npos);
  EXPECT_EQ(html.find("rating-not_assessed"), std::string::npos);
}

TEST_F(AccountabilityPagesTest, NoInternalOrDraftRecordReachesAPublicPage) {
  for (Lang lang : {Lang::kEn, Lang::kZhHans}) {
    for (const auto& [name, html] : AllPages(lang, core::Visibility::kPublic)) {
      for (const char* canary : {"CANARY-BMK-3c1e", "CANARY-ASM-9d2f", "CANARY-DRAFT-41aa", "CANARY-OBS-0b7e"}) {
        EXPECT_EQ(html.find(canary), std::string::npos) << canary << " on the public " << name << " page";
      }
    }
  }
  EXPECT_EQ(Html(site_.IndicatorCsv("ind_immolation", core::Visibility::kPublic)).find("777"), std::string::npos);
  // The test can fail: staff see the internal benchmark and observation.
  EXPECT_NE(Scorecard(Lang::kEn, core::Visibility::kInternal).find("CANARY-BMK-3c1e"), std::string::npos);
  EXPECT_NE(Html(site_.IndicatorCsv("ind_immolation", core::Visibility::kInternal)).find("777"), std::string::npos);
}

TEST_F(AccountabilityPagesTest, ChangesPageListsTheRatingChangeBetweenTheRounds) {
  const std::string html = Html(site_.RenderChanges("dlg_test", "rnd_2013", "rnd_2015", Request(Lang::kEn)));
  EXPECT_NE(html.find("Re-education through Labor abolished"), std::string::npos) << html;
  EXPECT_NE(html.find("Improved (was Limited progress)"), std::string::npos);
  auto backwards = site_.RenderChanges("dlg_test", "rnd_2015", "rnd_2013", Request(Lang::kEn));
  ASSERT_FALSE(backwards.has_value());
  EXPECT_EQ(backwards.error().code, core::ErrorCode::kInvalidArgument);
}

TEST_F(AccountabilityPagesTest, AgencyRecordCountsEngagementsAndThoseWithNoPublicAccount) {
  const std::string html =
      Html(site_.RenderAgencyRecords("dlg_test", std::nullopt, std::nullopt, Request(Lang::kEn)));
  EXPECT_NE(html.find("Department of State"), std::string::npos) << html;
  EXPECT_NE(html.find("1 / 0 / 0"), std::string::npos);
  EXPECT_NE(html.find("100%"), std::string::npos);
  EXPECT_NE(html.find("href=\"/engagements/eng_kerry\""), std::string::npos);
  // A period with no engagement counts none.
  const std::string later = Html(site_.RenderAgencyRecords("dlg_test", core::CivilDay{2014, 1, 1}, std::nullopt,
                                                           Request(Lang::kEn)));
  EXPECT_EQ(later.find("href=\"/engagements/eng_kerry\""), std::string::npos);
  EXPECT_NE(later.find("2014"), std::string::npos);
}

TEST_F(AccountabilityPagesTest, EngagementPageShowsRaisedPublicAccountAndScore) {
  const std::string html = Html(site_.RenderEngagement("eng_kerry", Request(Lang::kEn)));
  EXPECT_NE(html.find("Secretary Kerry"), std::string::npos);
  EXPECT_NE(html.find("No public account"), std::string::npos);
  EXPECT_NE(html.find("Engagement score"), std::string::npos);
  EXPECT_NE(html.find("href=\"/agencies/agy_state\""), std::string::npos);
}

TEST_F(AccountabilityPagesTest, IndicatorChartHasOneMarkPerVisibleObservationAndATable) {
  const std::string html = Html(site_.RenderIndicator("ind_immolation", Request(Lang::kEn)));
  EXPECT_EQ(Count(html, "class=\"chart-mark "), 2) << html;
  EXPECT_EQ(Count(html, "chart-mark chart-range"), 1);
  EXPECT_NE(html.find("<svg xmlns=\"http://www.w3.org/2000/svg\""), std::string::npos);
  EXPECT_NE(html.find("<tr id=\"obs_2012\">"), std::string::npos);
  EXPECT_NE(html.find("119 to 121"), std::string::npos);
  EXPECT_NE(html.find("href=\"/indicators/ind_immolation.csv\""), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("style=\""), std::string::npos);
}

TEST_F(AccountabilityPagesTest, IndicatorCsvRoundTripsDatesBoundsAndQuotedNotes) {
  const std::string csv = Html(site_.IndicatorCsv("ind_immolation", core::Visibility::kPublic));
  const auto rows = testing::ParseCsv(csv);
  ASSERT_EQ(rows.size(), 3u) << csv;
  EXPECT_EQ(rows[0], (std::vector<std::string>{"date", "low", "high", "qualifier", "note_en", "note_zh_hans",
                                               "source_ids"}));
  ASSERT_EQ(rows[1].size(), 7u) << csv;
  EXPECT_EQ(rows[1][0], "2012-06");
  EXPECT_EQ(rows[1][1], "40");
  EXPECT_EQ(rows[1][2], "");
  EXPECT_EQ(rows[1][3], "exact");
  EXPECT_EQ(rows[1][4], "Count, with \"quotes\", and commas");
  ASSERT_EQ(rows[2].size(), 7u) << csv;
  EXPECT_EQ(rows[2][0], "2013-07~");
  EXPECT_EQ(rows[2][1], "119");
  EXPECT_EQ(rows[2][2], "121");
  EXPECT_EQ(rows[2][3], "range");
  EXPECT_EQ(csv.find("\r\n") + 2, csv.find("2012-06"));
}

TEST_F(AccountabilityPagesTest, RoundPageShowsTheScoreWithEveryComponentAndItsInputs) {
  const std::string html = Html(site_.RenderRound("rnd_2015", Request(Lang::kEn)));
  EXPECT_NE(html.find("Round accountability score"), std::string::npos) << html;
  for (const char* component : {"measurable_benchmarks", "progress", "substantive_replies", "case_information",
                                "readout"}) {
    EXPECT_NE(html.find(std::string("score-component-") + component), std::string::npos) << component;
  }
  EXPECT_NE(html.find(" of "), std::string::npos);  // "n of m"
  // Nothing asked and no readout: the round scores low and is labelled perfunctory.
  EXPECT_NE(html.find("Perfunctory"), std::string::npos);
  const std::string zh = Html(site_.RenderRound("rnd_2015", Request(Lang::kZhHans)));
  EXPECT_NE(zh.find("本轮问责评分"), std::string::npos);
  EXPECT_NE(zh.find("流于形式"), std::string::npos);
}

TEST_F(AccountabilityPagesTest, DialoguePageShowsEachBenchmarksLastRatingTrendAndLinks) {
  const std::string html = Html(site_.RenderDialogue("dlg_test", Request(Lang::kEn)));
  EXPECT_NE(html.find(">Met<"), std::string::npos) << html;
  EXPECT_NE(html.find("Improved (was Limited progress)"), std::string::npos);
  EXPECT_NE(html.find("Not assessed yet"), std::string::npos);
  EXPECT_EQ(html.find("No progress"), std::string::npos);
  for (const char* href : {"/dialogues/dlg_test/scorecard", "/dialogues/dlg_test/changes",
                           "/dialogues/dlg_test/agencies", "/alerts"}) {
    EXPECT_NE(html.find(std::string("href=\"") + href + "\""), std::string::npos) << href;
  }
}

TEST_F(AccountabilityPagesTest, DialoguePageListsTheDialoguesAlertsWithTheirKindAndDaysOverdue) {
  const PageRequest request = Request(Lang::kEn);
  auto facts = site_.Facts("dlg_test", core::Visibility::kPublic);
  ASSERT_TRUE(facts.has_value());
  const std::vector<core::Alert> alerts = core::BuildAlerts(**facts, *request.today, site_.score_settings());
  ASSERT_FALSE(alerts.empty()) << "the fixture should have something overdue";
  const std::string html = Html(site_.RenderDialogue("dlg_test", request));
  ASSERT_NE(html.find("id=\"dialogue-alerts-heading\""), std::string::npos) << html;
  for (const core::Alert& alert : alerts) {
    EXPECT_NE(html.find("alert-" + std::string(core::ToCode(alert.kind))), std::string::npos) << alert.subject_id;
    EXPECT_NE(html.find(std::to_string(alert.days_overdue) + " days overdue"), std::string::npos) << alert.subject_id;
  }
}

TEST_F(AccountabilityPagesTest, UnknownOrInvisibleRecordsAreNotFound) {
  const PageRequest r = Request(Lang::kEn);
  EXPECT_EQ(site_.RenderScorecard("dlg_nope", "", r).error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(site_.RenderScorecard("dlg_test", "iss_nope", r).error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(site_.RenderAgency("agy_nope", r).error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(site_.RenderEngagement("rnd_2013", r).error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(site_.RenderIndicator("ind_nope", r).error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(site_.IndicatorCsv("ind_nope", core::Visibility::kPublic).error().code, core::ErrorCode::kNotFound);
}

TEST_F(AccountabilityPagesTest, AWriteDropsTheSnapshotSoANewAssessmentAppearsOnTheNextRender) {
  const std::string before = Scorecard(Lang::kEn);
  ASSERT_EQ(before.find("Written after the first render"), std::string::npos);
  auto cached = site_.Facts("dlg_test", core::Visibility::kPublic);
  ASSERT_TRUE(cached.has_value());
  // No write: the same snapshot is handed out again.
  EXPECT_EQ(site_.Facts("dlg_test", core::Visibility::kPublic)->get(), cached->get());

  Seed(core::RecordKind::kAssessment, "asm_upr-2013",
       {{"benchmark_id", "bmk_upr"},
        {"round_id", "rnd_2013"},
        {"rating", "substantial_progress"},
        {"rationale", {{"en", "Written after the first render"}}},
        {"assessor", "Researcher One"},
        {"reviewer", "Reviewer Two"},
        {"state", "approved"}});
  const std::string after = Scorecard(Lang::kEn);
  EXPECT_NE(after.find("Written after the first render"), std::string::npos) << after;
  EXPECT_NE(after.find("href=\"#asm_upr-2013\""), std::string::npos);
  EXPECT_NE(site_.Facts("dlg_test", core::Visibility::kPublic)->get(), cached->get());
  // The old snapshot stays valid for whoever still holds it, without the new assessment.
  EXPECT_EQ((*cached)->assessments.size() + 1, (*site_.Facts("dlg_test", core::Visibility::kPublic))->assessments.size());
}

TEST_F(AccountabilityPagesTest, PublicAndStaffSnapshotsAreNeverShared) {
  struct Order {
    const char* name;
    std::vector<core::Visibility> readers;
  };
  const std::vector<Order> orders = {
      {"staff first", {core::Visibility::kInternal, core::Visibility::kPublic}},
      {"public first", {core::Visibility::kPublic, core::Visibility::kInternal}},
      {"alternating", {core::Visibility::kInternal, core::Visibility::kPublic, core::Visibility::kInternal,
                       core::Visibility::kPublic}},
  };
  for (const Order& order : orders) {
    // A fresh site each time: its cache starts empty.
    Site site{records_, catalogs_, SiteOptions{[] { return core::CivilDay{2016, 1, 1}; }}};
    for (core::Visibility reader : order.readers) {
      const bool is_public = reader == core::Visibility::kPublic;
      const PageRequest r = Request(Lang::kEn, reader);
      for (const auto& [page, html] :
           std::vector<std::pair<std::string, std::string>>{{"scorecard", Html(site.RenderScorecard("dlg_test", "", r))},
                                                            {"changes", Html(site.RenderChanges("dlg_test", "", "", r))},
                                                            {"dialogue", Html(site.RenderDialogue("dlg_test", r))}}) {
        if (is_public) {
          EXPECT_EQ(html.find("CANARY-BMK-3c1e"), std::string::npos) << order.name << ": public " << page;
          EXPECT_EQ(html.find("CANARY-ASM-9d2f"), std::string::npos) << order.name << ": public " << page;
        }
      }
      const std::string card = Html(site.RenderScorecard("dlg_test", "", r));
      // The test can fail: staff do see the canaries, from their own snapshot.
      if (!is_public) {
        EXPECT_NE(card.find("CANARY-BMK-3c1e"), std::string::npos) << order.name;
      }
    }
    auto pub = site.Facts("dlg_test", core::Visibility::kPublic);
    auto staff = site.Facts("dlg_test", core::Visibility::kInternal);
    ASSERT_TRUE(pub.has_value() && staff.has_value());
    EXPECT_NE(pub->get(), staff->get()) << order.name;
    for (const auto& b : (*pub)->benchmarks) EXPECT_NE(b.id, "bmk_secret") << order.name;
  }
}

TEST_F(AccountabilityPagesTest, ASiteWithAnotherThresholdLabelsTheKunmingRoundDifferently) {
  // The default threshold (0.5) labels the 2013 round perfunctory: nothing asked, no readout.
  const std::string by_default = Html(site_.RenderRound("rnd_2013", Request(Lang::kEn)));
  EXPECT_NE(by_default.find("Perfunctory"), std::string::npos) << "threshold 0.5";
  struct Case {
    double threshold;
    bool perfunctory;
  };
  for (const Case& c : {Case{0.0, false}, Case{0.99, true}}) {
    SiteOptions options{[] { return core::CivilDay{2016, 1, 1}; }};
    options.score_settings.perfunctory_below = c.threshold;
    const Site site(records_, catalogs_, options);
    const std::string html = Html(site.RenderRound("rnd_2013", Request(Lang::kEn)));
    EXPECT_EQ(html.find("Perfunctory") != std::string::npos, c.perfunctory) << "threshold " << c.threshold;
  }
}

TEST_F(AccountabilityPagesTest, WeightsOfTheSiteChangeTheScoreShownOnTheRoundPage) {
  // Only progress counts: the one rating at 2013 is limited progress, so the
  // total is 100% and the round is not perfunctory at the default threshold.
  SiteOptions options{[] { return core::CivilDay{2016, 1, 1}; }};
  options.score_settings.weight_measurable_benchmarks = 0;
  options.score_settings.weight_substantive_replies = 0;
  options.score_settings.weight_case_information = 0;
  options.score_settings.weight_readout = 0;
  const Site site(records_, catalogs_, options);
  const std::string html = Html(site.RenderRound("rnd_2013", Request(Lang::kEn)));
  EXPECT_EQ(html.find("Perfunctory"), std::string::npos) << html;
  EXPECT_NE(html.find("100%"), std::string::npos) << html;
}

TEST_F(AccountabilityPagesTest, ScorecardIsPaginatedFiftyBenchmarksAPageWithTheIssueFilterKept) {
  const int kPaged = 120;  // with bmk_rtl and bmk_upr: 122 public benchmarks, 3 pages
  for (int i = 0; i < kPaged; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "bmk_p%03d", i);
    Seed(core::RecordKind::kBenchmark, id,
         {{"dialogue_id", "dlg_test"},
          {"issue_id", "iss_rtl"},
          {"statement", {{"en", std::string("Paged benchmark ") + (id + 5) + "."}}}});
  }
  std::vector<int> pages_holding(kPaged, 0);
  for (int page = 1; page <= 3; ++page) {
    const std::string html = Html(site_.RenderScorecard("dlg_test", "iss_rtl", Request(Lang::kEn), page));
    for (int i = 0; i < kPaged; ++i) {
      char statement[40];
      std::snprintf(statement, sizeof statement, "Paged benchmark %03d.", i);
      if (html.find(statement) != std::string::npos) ++pages_holding[static_cast<size_t>(i)];
    }
    const int first = (page - 1) * 50 + 1;
    const int last = std::min(page * 50, kPaged + 2);
    EXPECT_NE(html.find("Benchmarks " + std::to_string(first) + "–" + std::to_string(last) + " of 122"),
              std::string::npos)
        << "page " << page;
    if (page < 3) {
      EXPECT_NE(html.find("href=\"/dialogues/dlg_test/scorecard?issue=iss_rtl&amp;page=" + std::to_string(page + 1) +
                          "\""),
                std::string::npos)
          << "page " << page;
    }
    EXPECT_NE(html.find("aria-current=\"page\""), std::string::npos) << "page " << page;
  }
  for (int i = 0; i < kPaged; ++i) EXPECT_EQ(pages_holding[static_cast<size_t>(i)], 1) << "benchmark " << i;
  auto past_the_end = site_.RenderScorecard("dlg_test", "iss_rtl", Request(Lang::kEn), 4);
  ASSERT_FALSE(past_the_end.has_value());
  EXPECT_EQ(past_the_end.error().code, core::ErrorCode::kNotFound);
  EXPECT_FALSE(site_.RenderScorecard("dlg_test", "", Request(Lang::kEn), 0).has_value());
}

TEST_F(AccountabilityPagesTest, OnePageOfBenchmarksHasNoPager) {
  EXPECT_EQ(Scorecard(Lang::kEn).find("class=\"pager\""), std::string::npos);
}

// The UTF-8 characters of `text` that are not ASCII.
std::set<std::string> NonAsciiCharacters(const std::string& text) {
  std::set<std::string> out;
  for (size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const size_t n = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    if (n > 1) out.insert(text.substr(i, n));
    i += n;
  }
  return out;
}

TEST_F(AccountabilityPagesTest, ATraditionalChineseReaderGetsEveryPageConvertedAndLabelledZhHant) {
  Seed(core::RecordKind::kBenchmark, "bmk_xu",
       {{"dialogue_id", "dlg_test"},
        {"issue_id", "iss_rtl"},
        {"statement", {{"en", "Xu Zhiyong released"}, {"zh_hans", "释放许志永，保障人权"}}}});
  // Characters of the Simplified catalog that conversion never keeps: none may remain on a zh-Hant page.
  std::set<std::string> simplified, kept;
  for (const auto& [id, text] : catalogs_.All(Lang::kZhHans)) {
    for (const std::string& c : NonAsciiCharacters(text)) simplified.insert(c);
    for (const std::string& c : NonAsciiCharacters(ToTraditional(text))) kept.insert(c);
  }
  // The seeded content's own phrases keep characters too (克里 for Kerry keeps 里, which the catalog converts in 这里).
  for (const char* content : {"克里国务卿访问北京", "释放许志永，保障人权"}) {
    for (const std::string& c : NonAsciiCharacters(ToTraditional(content))) kept.insert(c);
  }
  std::set<std::string> simplified_only;
  for (const std::string& c : simplified) {
    // A character the catalog only has inside a converted phrase (志 in 日志 -> 日誌) is still
    // Traditional on its own (许志永 -> 許志永): only one that conversion changes alone counts.
    if (!kept.contains(c) && ToTraditional(c) != c) simplified_only.insert(c);
  }
  ASSERT_TRUE(simplified_only.contains("权")) << "the catalog has 权 and s2t turns it into 權";

  PageRequest request = Request(Lang::kZhHans);
  request.traditional = true;
  const std::string scorecard = Html(site_.RenderScorecard("dlg_test", "", request));
  EXPECT_NE(scorecard.find("<html lang=\"zh-Hant\""), std::string::npos);
  EXPECT_NE(scorecard.find("許志永"), std::string::npos);
  EXPECT_NE(scorecard.find("人權"), std::string::npos);
  EXPECT_NE(scorecard.find("aria-current=\"true\">繁體中文"), std::string::npos) << "the switcher shows 繁體 as current";
  for (const auto& [name, html] : std::vector<std::pair<std::string, std::string>>{
           {"scorecard", scorecard},
           {"round", Html(site_.RenderRound("rnd_2015", request))},
           {"agencies", Html(site_.RenderAgencyRecords("dlg_test", std::nullopt, std::nullopt, request))},
           {"error", site_.RenderError(404, request)}}) {
    EXPECT_NE(html.find(" lang=\"zh-Hant\""), std::string::npos) << name;
    EXPECT_EQ(html.find(" lang=\"zh-Hans\""), std::string::npos) << name;  // hreflang="zh-Hans" stays
    for (const std::string& c : NonAsciiCharacters(html)) {
      EXPECT_FALSE(simplified_only.contains(c)) << name << " has the Simplified-only character " << c;
    }
  }
  // The Simplified page is unchanged and offers 繁體 beside 简体.
  const std::string hans = Html(site_.RenderScorecard("dlg_test", "", Request(Lang::kZhHans)));
  EXPECT_NE(hans.find("<html lang=\"zh-Hans\""), std::string::npos);
  EXPECT_NE(hans.find("许志永"), std::string::npos);
  EXPECT_NE(hans.find("?lang=zh-Hant\" hreflang=\"zh-Hant\" lang=\"zh-Hant\">繁體中文"), std::string::npos);
}

}  // namespace
}  // namespace readout::publish
