// The readout renderers: Markdown, CSV, JSON, PDF and the HTML pages, from
// a readout published through the workflow; and the proof that nothing
// non-public reaches any of them while the staff preview names it.
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/record_service.h"
#include "core/testing/memory_store_for_test.h"
#include "publish/i18n.h"
#include "publish/public_readout.h"
#include "publish/readout_fixture_for_test.h"
#include "publish/site.h"
#include "publish/csv_for_test.h"

namespace readout::publish {
namespace {

using nlohmann::json;

// The text of a PDF as poppler's pdftotext extracts it; empty when the tool fails.
std::string PdfText(const std::string& pdf) {
  const auto dir = std::filesystem::temp_directory_path();
  const std::string base = (dir / ("readout_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
                                   "_" + std::to_string(reinterpret_cast<uintptr_t>(&pdf))))
                               .string();
  {
    std::ofstream out(base + ".pdf", std::ios::binary);
    out << pdf;
  }
  const std::string command = "pdftotext -enc UTF-8 '" + base + ".pdf' '" + base + ".txt' 2>/dev/null";
  if (std::system(command.c_str()) != 0) return "";
  std::ifstream in(base + ".txt", std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::filesystem::remove(base + ".pdf");
  std::filesystem::remove(base + ".txt");
  return text;
}

class ReadoutRenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::SeedReadoutRecords(records_);
    testing::CreateAndPublishReadout(records_, "rdo_kunming", "rnd_kunming",
                                     core::BilingualText{"Framing by the editor", "", ""});
    PublicRecords pub(records_);
    auto loaded = LoadPublishedReadout(pub, "rdo_kunming");
    ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
    published_ = *loaded;
  }

  PageRequest Request(Lang lang, core::Visibility reader = core::Visibility::kPublic) {
    return PageRequest{lang, reader, "/readouts/rdo_kunming", testing::kToday};
  }

  core::testing::MemoryStoreForTest store_;
  core::RecordService records_{store_};
  Catalogs catalogs_;
  PublishedReadout published_;
};

TEST_F(ReadoutRenderTest, MarkdownHasHeadingsInOrderAndEscapesContent) {
  const std::string md = RenderReadoutMarkdown(published_, Lang::kEn, catalogs_);
  EXPECT_EQ(md.rfind("# 18th Dialogue, Kunming\n", 0), 0u) << md.substr(0, 200);
  const std::vector<std::string> in_order = {"> Editor's note", "## Summary", "## Delegations", "## Issues raised",
                                             "### Re-education through Labor", "## Individual cases raised",
                                             "## Benchmarks", "## Versions and corrections"};
  size_t at = 0;
  for (const std::string& heading : in_order) {
    const size_t found = md.find(heading, at);
    ASSERT_NE(found, std::string::npos) << heading << " after offset " << at << " in\n" << md;
    at = found;
  }
  // A Chinese original in an English readout is shown as it is.
  EXPECT_NE(md.find("劳动教养制度正在改革"), std::string::npos);
  // Content can not make markup: the quote marks stay text, no raw HTML.
  EXPECT_EQ(md.find("<script"), std::string::npos);
}

TEST_F(ReadoutRenderTest, MarkdownMarksTextShownWithoutTranslation) {
  // The round summary exists in English only.
  const std::string md = RenderReadoutMarkdown(published_, Lang::kZhHans, catalogs_);
  EXPECT_NE(md.find("Two days of talks; the US raised detentions of activists. (" +
                    catalogs_.Get(Lang::kZhHans, "readout.not_translated") + ")"),
            std::string::npos)
      << md;
  EXPECT_EQ(md.rfind("# 第十八次对话（昆明）", 0), 0u);
}

TEST_F(ReadoutRenderTest, CsvHasOneRowPerReplyOrAskAndQuotesAsRfc4180Says) {
  const std::string csv = RenderReadoutCsv(published_, Lang::kEn, catalogs_);
  EXPECT_NE(csv.find("\r\n"), std::string::npos);
  auto rows = testing::ParseCsv(csv);
  ASSERT_EQ(rows.size(), 4u) << csv;  // header + ask_rtl + ask_bmk (no reply) + ask_xu
  for (const auto& row : rows) EXPECT_EQ(row.size(), 10u) << csv;
  EXPECT_EQ(rows[0][0], "ask id");
  EXPECT_EQ(rows[1][0], "ask_rtl");
  EXPECT_EQ(rows[1][1], "issue");
  EXPECT_EQ(rows[1][5], "Asked when RTL camps will close, a \"reform\", with commas");
  EXPECT_EQ(rows[1][8], "劳动教养制度正在改革");
  EXPECT_EQ(rows[2][1], "benchmark");
  EXPECT_EQ(rows[2][6], "");
  EXPECT_EQ(rows[3][1], "case");
  EXPECT_EQ(rows[3][9], "Handled according to law");
}

TEST_F(ReadoutRenderTest, JsonHasTheIdVersionsAndContent) {
  const json j = RenderReadoutJson(published_);
  EXPECT_EQ(j["readout_id"], "rdo_kunming");
  ASSERT_EQ(j["versions"].size(), 1u);
  EXPECT_EQ(j["versions"][0]["number"], 1);
  EXPECT_EQ(j["content"], ToJson(published_.content));
}

TEST_F(ReadoutRenderTest, PdfIsA4AndItsTextHasTheChineseNames) {
  auto pdf = RenderReadoutPdf(published_, Lang::kZhHans, catalogs_);
  ASSERT_TRUE(pdf.has_value()) << pdf.error().message;
  EXPECT_EQ(pdf->rfind("%PDF-", 0), 0u);
  EXPECT_NE(pdf->find("/MediaBox [ 0 0 595.27"), std::string::npos);
  const std::string text = PdfText(*pdf);
  ASSERT_FALSE(text.empty()) << "pdftotext (poppler-utils) is needed";
  EXPECT_NE(text.find("第十八次对话"), std::string::npos) << text;
  EXPECT_NE(text.find("许志永"), std::string::npos) << text;
  EXPECT_NE(text.find("依法处理"), std::string::npos) << text;
}

TEST_F(ReadoutRenderTest, TraditionalPdfIsConvertedBeforeLayout) {
  auto pdf = RenderReadoutPdf(published_, Lang::kZhHans, catalogs_, /*traditional=*/true);
  ASSERT_TRUE(pdf.has_value()) << pdf.error().message;
  const std::string text = PdfText(*pdf);
  EXPECT_NE(text.find("第十八次對話"), std::string::npos) << text;
  EXPECT_NE(text.find("許志永"), std::string::npos) << text;
  EXPECT_EQ(text.find("许志永"), std::string::npos) << text;
}

TEST_F(ReadoutRenderTest, EnglishPdfStillShowsChineseOriginals) {
  auto pdf = RenderReadoutPdf(published_, Lang::kEn, catalogs_);
  ASSERT_TRUE(pdf.has_value()) << pdf.error().message;
  const std::string text = PdfText(*pdf);
  EXPECT_NE(text.find("18th Dialogue, Kunming"), std::string::npos) << text;
  EXPECT_NE(text.find("劳动教养制度正在改革"), std::string::npos) << text;
}

TEST_F(ReadoutRenderTest, ReadoutPageIsAccessibleAndLinksTheDownloads) {
  Site site(records_, catalogs_);
  auto html = site.RenderReadout("rdo_kunming", Request(Lang::kEn));
  ASSERT_TRUE(html.has_value()) << html.error().message;
  for (const std::string& expected :
       {std::string("<h1 class=\"readout-title\">"), std::string("/readouts/rdo_kunming.pdf?lang=en"),
        std::string("/readouts/rdo_kunming.md?lang=en"), std::string("/readouts/rdo_kunming.csv?lang=en"),
        std::string("/readouts/rdo_kunming.json"), std::string("<th scope=\"col\">"),
        std::string("<blockquote lang=\"zh-Hans\">"), std::string("Version 1")}) {
    EXPECT_NE(html->find(expected), std::string::npos) << expected;
  }
  EXPECT_EQ(html->find("<script"), std::string::npos);
  // Headings do not skip a level going down.
  int last = 0;
  for (size_t at = html->find("<h"); at != std::string::npos; at = html->find("<h", at + 1)) {
    const char level = (*html)[at + 2];
    if (level < '1' || level > '6') continue;
    EXPECT_LE(level - '0', last + 1) << html->substr(at, 80);
    last = level - '0';
  }
}

TEST_F(ReadoutRenderTest, ChineseReadoutPageSaysWhatIsNotTranslated) {
  Site site(records_, catalogs_);
  auto html = site.RenderReadout("rdo_kunming", Request(Lang::kZhHans));
  ASSERT_TRUE(html.has_value()) << html.error().message;
  EXPECT_NE(html->find("<span lang=\"en\">Two days of talks"), std::string::npos);
  EXPECT_NE(html->find(catalogs_.Get(Lang::kZhHans, "language.untranslated_note")), std::string::npos);
}

TEST_F(ReadoutRenderTest, IndexListsThePublishedReadout) {
  Site site(records_, catalogs_);
  auto html = site.RenderReadouts(Request(Lang::kEn));
  ASSERT_TRUE(html.has_value()) << html.error().message;
  EXPECT_NE(html->find("href=\"/readouts/rdo_kunming\""), std::string::npos);
}

TEST_F(ReadoutRenderTest, PreviewIsForStaffAndShowsWorkflowAndWithheld) {
  Site site(records_, catalogs_);
  auto denied = site.RenderReadoutPreview("rdo_kunming", Request(Lang::kEn));
  ASSERT_FALSE(denied.has_value());
  EXPECT_EQ(denied.error().code, core::ErrorCode::kNotFound);
  auto html = site.RenderReadoutPreview("rdo_kunming", Request(Lang::kEn, core::Visibility::kRestricted));
  ASSERT_TRUE(html.has_value()) << html.error().message;
  EXPECT_NE(html->find("restricted field: family_contact on case cas_xu"), std::string::npos) << *html;
  EXPECT_NE(html->find("ask_secret"), std::string::npos);
  EXPECT_NE(html->find("Editor A"), std::string::npos);
  EXPECT_NE(html->find("Reviewer B"), std::string::npos);
  EXPECT_NE(html->find("Published"), std::string::npos);
  for (const std::string& canary : testing::AllCanaries()) EXPECT_EQ(html->find(canary), std::string::npos) << canary;
}

TEST_F(ReadoutRenderTest, NoRestrictedFieldOrInternalAskReachesAnyPublicOutput) {
  // Staff-only content a draft editor note would carry, too: a note typed
  // after publication is not in the frozen content.
  Site site(records_, catalogs_);
  std::vector<std::pair<std::string, std::string>> outputs;
  for (Lang lang : {Lang::kEn, Lang::kZhHans}) {
    const std::string code(LangCode(lang));
    outputs.emplace_back("markdown " + code, RenderReadoutMarkdown(published_, lang, catalogs_));
    outputs.emplace_back("csv " + code, RenderReadoutCsv(published_, lang, catalogs_));
    auto pdf = RenderReadoutPdf(published_, lang, catalogs_);
    ASSERT_TRUE(pdf.has_value());
    outputs.emplace_back("pdf " + code, PdfText(*pdf));
    auto page = site.RenderReadout("rdo_kunming", Request(lang));
    ASSERT_TRUE(page.has_value());
    outputs.emplace_back("html " + code, *page);
    // Staff reading the public page get the same frozen content.
    auto staff_page = site.RenderReadout("rdo_kunming", Request(lang, core::Visibility::kRestricted));
    ASSERT_TRUE(staff_page.has_value());
    outputs.emplace_back("html as staff " + code, *staff_page);
  }
  outputs.emplace_back("json", RenderReadoutJson(published_).dump());
  auto index = site.RenderReadouts(Request(Lang::kEn));
  ASSERT_TRUE(index.has_value());
  outputs.emplace_back("index", *index);
  for (const auto& [name, text] : outputs) {
    ASSERT_FALSE(text.empty()) << name;
    for (const std::string& canary : testing::AllCanaries()) {
      EXPECT_EQ(text.find(canary), std::string::npos) << canary << " in " << name;
    }
    EXPECT_EQ(text.find("ask_secret"), std::string::npos) << name;
    EXPECT_EQ(text.find("rpl_secret"), std::string::npos) << name;
  }
}

}  // namespace
}  // namespace readout::publish
