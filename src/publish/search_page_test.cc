#include "publish/search_page.h"

#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "core/record_service.h"
#include "publish/fake_store_for_test.h"
#include "publish/i18n.h"
#include "publish/site.h"

namespace readout::publish {
namespace {

// The count line of the search page: an exact total is "N results", an
// estimate (search::SearchResult::total_exact false) is "about N results".
class SearchPageTest : public ::testing::Test {
 protected:
  std::string Render(const SearchView& view, Lang lang) {
    PageRequest request{lang, core::Visibility::kPublic, "/search", std::nullopt};
    auto html = site_.RenderSearch(view, request);
    EXPECT_TRUE(html.has_value()) << (html ? "" : html.error().message);
    return html ? *html : "";
  }
  static SearchView WithHits(std::int64_t total, bool exact) {
    SearchView view;
    view.q = "detention";
    view.total = total;
    view.total_exact = exact;
    for (int i = 0; i < 20; ++i) {
      view.hits.push_back({"rpl_" + std::to_string(i), core::RecordKind::kReply, "Reply", "", "/records/x/history"});
    }
    return view;
  }

  testing::FakeStore store_;
  core::RecordService records_{store_};
  Catalogs catalogs_;
  Site site_{records_, catalogs_};
};

TEST_F(SearchPageTest, AnEstimatedTotalIsShownAsAboutThatManyInBothLanguages) {
  struct Case {
    Lang lang;
    bool exact;
    std::string shown;
    std::string not_shown;
  };
  const Case cases[] = {
      {Lang::kEn, false, "about 123456 results", "showing 1–20 of 123456"},
      {Lang::kEn, true, "123456 results", "about 123456"},
      {Lang::kZhHans, false, "约 123456 条结果", "共 123456 条结果"},
      {Lang::kZhHans, true, "共 123456 条结果", "约 123456"},
  };
  for (const Case& c : cases) {
    const std::string html = Render(WithHits(123456, c.exact), c.lang);
    const std::string label = std::string(LangCode(c.lang)) + (c.exact ? ", exact" : ", estimate");
    EXPECT_NE(html.find(c.shown), std::string::npos) << label << ": expected \"" << c.shown << "\" in\n" << html;
    EXPECT_EQ(html.find(c.not_shown), std::string::npos) << label << ": unexpected \"" << c.not_shown << "\"";
  }
}

TEST_F(SearchPageTest, TheRangeOfAnEstimateSaysAbout) {
  const std::string html = Render(WithHits(5000, false), Lang::kEn);
  EXPECT_NE(html.find("showing 1–20 of about 5000"), std::string::npos) << html;
}

}  // namespace
}  // namespace readout::publish
