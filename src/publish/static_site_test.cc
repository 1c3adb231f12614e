#include "publish/static_site.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/record_service.h"
#include "publish/fake_store_for_test.h"
#include "publish/i18n.h"
#include "publish/site.h"
#include "publish/static_links.h"
#include "publish/static_search.h"

namespace readout::publish {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr char kCanary[] = "CANARY-STATIC-7b1e";

TEST(StaticLinksTest, EachSitePathMapsToOneFileInItsLanguageFolder) {
  struct Case {
    const char* path;
    const char* dir;
    const char* file;
  } cases[] = {
      {"/", "en", "en/index.html"},
      {"/cases", "en", "en/cases.html"},
      {"/cases/", "zh-Hans", "zh-Hans/cases.html"},
      {"/cases/cas_x", "zh-Hant", "zh-Hant/cases/cas_x.html"},
      {"/records/cas_x/history", "en", "en/history/cas_x.html"},
      {"/records/cas_x/history/", "zh-Hans", "zh-Hans/history/cas_x.html"},
      {"/records//history", "en", "en/records//history.html"},
      {"/indicators/ind_x.csv", "en", "en/indicators/ind_x.csv"},
      {"/feeds/readouts.atom", "zh-Hans", "zh-Hans/feeds/readouts.atom"},
      {"/readouts/rdo_x.pdf", "en", "en/readouts/rdo_x.pdf"},
      {"/static/readout.3f9a2c1b.css", "zh-Hant", "static/readout.3f9a2c1b.css"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(FileForPath(c.path, c.dir), c.file) << c.path << " in " << c.dir;
  }
}

TEST(StaticLinksTest, RelativeLinksClimbOutOfTheLinkingFilesFolderOnly) {
  struct Case {
    const char* from;
    const char* to;
    const char* link;
  } cases[] = {
      {"en/index.html", "en/cases.html", "cases.html"},
      {"en/index.html", "en/cases/cas_x.html", "cases/cas_x.html"},
      {"en/cases/cas_x.html", "en/people/prs_x.html", "../people/prs_x.html"},
      {"en/cases/cas_x.html", "en/cases/cas_y.html", "cas_y.html"},
      {"en/history/cas_x.html", "static/readout.css", "../../static/readout.css"},
      {"en/records/cas_x/history.html", "static/readout.css", "../../../static/readout.css"},
      {"en/cases/cas_x.html", "zh-Hans/cases/cas_x.html", "../../zh-Hans/cases/cas_x.html"},
      {"index.html", "en/index.html", "en/index.html"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(RelativeLink(c.from, c.to), c.link) << c.from << " -> " << c.to;
  }
}

TEST(StaticLinksTest, RewritesAbsoluteLinksAndLanguageSwitchesAndLeavesOthers) {
  struct Case {
    const char* in;
    const char* out;
  } cases[] = {
      {R"(<a href="/cases/cas_y">)", R"(<a href="cas_y.html">)"},
      {R"(<a href="/people/prs_x#cases">)", R"(<a href="../people/prs_x.html#cases">)"},
      {R"(<a href="/cases/cas_x?lang=zh-Hans">)", R"(<a href="../../zh-Hans/cases/cas_x.html">)"},
      {R"(<a href="?lang=zh-Hant">)", R"(<a href="../../zh-Hant/cases/cas_x.html">)"},
      {R"(<a href="/cases?status=detained&amp;lang=en">)", R"(<a href="../cases.html">)"},
      {R"(<link rel="stylesheet" href="/static/readout.1.css">)",
       R"(<link rel="stylesheet" href="../../static/readout.1.css">)"},
      {R"(<form action="/search" method="get">)", R"(<form action="../search.html" method="get">)"},
      {R"(<script src="search-index.js">)", R"(<script src="search-index.js">)"},
      {R"(<a href="https://duihua.org/x">)", R"(<a href="https://duihua.org/x">)"},
      {R"(<a href="//cdn.example/x">)", R"(<a href="//cdn.example/x">)"},
      {R"(<a href="#main">)", R"(<a href="#main">)"},
      {R"(<p>href="/not-an-attribute"</p>)", R"(<p>href="/not-an-attribute"</p>)"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(RewriteLinks(c.in, "/cases/cas_x", "en", nullptr), c.out) << c.in;
  }
}

TEST(StaticLinksTest, ReportsTheSitePathsALinkNamesWithoutQueryOrStaticAssets) {
  std::vector<std::string> links;
  RewriteLinks(R"(<a href="/cases/cas_y?lang=en#x"><img src="/static/a.svg"><a href="/">)", "/", "en", &links);
  EXPECT_EQ(links, (std::vector<std::string>{"/cases/cas_y", "/"}));
}

TEST(StaticLinksTest, LaterScorecardPagesBecomeFilesOfTheirOwn) {
  struct Case {
    const char* href;
    const char* rewritten;
  } cases[] = {
      {"/dialogues/dlg_x/scorecard?page=3", "scorecard/page-3.html"},
      {"/dialogues/dlg_x/scorecard?issue=&amp;page=2&amp;lang=zh-Hans",
       "../../../zh-Hans/dialogues/dlg_x/scorecard/page-2.html"},
      {"/dialogues/dlg_x/scorecard?page=1", "scorecard.html"},
      {"/dialogues/dlg_x/scorecard?page=x", "scorecard.html"},
  };
  for (const Case& c : cases) {
    const std::string html = std::string("<a href=\"") + c.href + "\">";
    EXPECT_EQ(RewriteLinks(html, "/dialogues/dlg_x/agencies", "en", nullptr),
              std::string("<a href=\"") + c.rewritten + "\">")
        << c.href;
  }
}

TEST(StaticLinksTest, FilterFormsAndServerOnlyParagraphsAreRemovedAndOtherFormsKept) {
  const std::string page =
      "<p>a</p>\n<form class=\"filters\" method=\"get\" action=\"\"><select name=\"issue\"></select></form>\n"
      "<form class=\"site-search\" action=\"/search\"></form><p>b</p>";
  EXPECT_EQ(RemoveServerOnlyParts(page), "<p>a</p>\n<form class=\"site-search\" action=\"/search\"></form><p>b</p>");
  EXPECT_EQ(RemoveServerOnlyParts("<form class=\"filters\">unclosed"), "<form class=\"filters\">unclosed");
  EXPECT_EQ(RemoveServerOnlyParts("<p>a</p><p class=\"server-only\"><a href=\"/send\">Send</a></p>\n<p>b</p>"),
            "<p>a</p><p>b</p>");
}

TEST(StaticSearchTest, TokensAreLowercaseWordsAndHanBigrams) {
  struct Case {
    const char* text;
    std::vector<std::string> tokens;
  } cases[] = {
      {"Xu Zhiyong", {"xu", "zhiyong"}},
      {"许志永", {"许志", "志永"}},
      {"中美人权对话", {"中美", "美人", "人权", "权对", "对话"}},
      {"人", {"人"}},
      {"Ilham Tohti（伊力哈木·土赫提）", {"ilham", "tohti", "伊力", "力哈", "哈木", "土赫", "赫提"}},
      {"2013年Kunming", {"2013", "年", "kunming"}},
      {"Lǚ Gěng", {"lǚ", "gěng"}},
      {"a-b, c.", {"a", "b", "c"}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(SearchTokens(c.text), c.tokens) << c.text;
  }
}

TEST(StaticSearchTest, DocTakesTheTitleAndTheTextAfterTheHeading) {
  SearchDoc doc = MakeSearchDoc(
      "en", "cases/cas_x.html",
      "<html><head><title>Xu Zhiyong &amp; co</title></head><body><nav>Menu</nav><main id=\"main\"><h1>Xu</h1>"
      "<p>Legal   scholar,\n detained</p></main><footer>f</footer></body></html>");
  EXPECT_EQ(doc.title, "Xu Zhiyong & co");
  EXPECT_EQ(doc.snippet, "Legal scholar, detained");
}

TEST(StaticSearchTest, IndexIsTheSameWhateverTheOrderOfItsDocs) {
  std::vector<SearchDoc> a = {{"en", "b.html", "Beta 人权", ""}, {"en", "a.html", "Alpha", "beta"}};
  std::vector<SearchDoc> b = {a[1], a[0]};
  const std::string script = BuildSearchIndexScript(a);
  EXPECT_EQ(script, BuildSearchIndexScript(b));
  EXPECT_TRUE(script.starts_with("window.READOUT_SEARCH_INDEX = "));
  const json index = json::parse(script.substr(30, script.size() - 32));
  EXPECT_EQ(index["terms"]["beta"], json::array({0, 1})) << script;
  EXPECT_EQ(index["terms"]["人权"], json::array({1})) << script;
}

// A public case with a restricted legal event carrying a canary, raised at a
// round of a public dialogue.
class StaticSiteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    out_ = fs::temp_directory_path() / ("readout-static-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(out_);
    Seed(core::RecordKind::kPerson, "prs_xu",
         {{"names", json::array({{{"text", "许志永"}, {"script", "Hans"}, {"kind", "legal"}, {"primary", true}},
                                 {{"text", "Xu Zhiyong"}, {"script", "Latn"}, {"scheme", "pinyin"}}})}});
    Seed(core::RecordKind::kCase, "cas_xu", {{"person_id", "prs_xu"}});
    json secret = {{"case_id", "cas_xu"}, {"type", "prison_transfer"}, {"date", "2015-03-01"},
                   {"visibility", "restricted"}, {"description", {{"en", kCanary}}}};
    Seed(core::RecordKind::kLegalEvent, "lev_secret", secret);
    Seed(core::RecordKind::kLegalEvent, "lev_xu",
         {{"case_id", "cas_xu"}, {"type", "criminal_detention"}, {"date", "2013-07-16"}});
    Seed(core::RecordKind::kDialogue, "dlg_test",
         {{"name", {{"en", "US–China Human Rights Dialogue"}, {"zh_hans", "中美人权对话"}}},
          {"party_a", {{"name", {{"en", "United States"}}}}},
          {"party_b", {{"name", {{"en", "China"}}}}}});
    Seed(core::RecordKind::kRound, "rnd_kunming",
         {{"dialogue_id", "dlg_test"}, {"title", {{"en", "18th Dialogue, Kunming"}}}, {"dates", "2013-07-30"}});
    Seed(core::RecordKind::kAsk, "ask_xu",
         {{"round_id", "rnd_kunming"}, {"position", 1}, {"subject", {{"kind", "case"}, {"id", "cas_xu"}}}});
  }
  void TearDown() override {
    fs::remove_all(out_);
    fs::remove_all(Staging());
  }

  // Where a first publish into out_ is written before it is renamed.
  fs::path Staging() const { return out_.parent_path() / ("." + out_.filename().string() + ".readout-partial"); }

  void Seed(core::RecordKind kind, const std::string& id, const json& body) {
    auto created = records_.Create(kind, body, core::Actor{"staff"}, id);
    ASSERT_TRUE(created.has_value()) << id << ": " << created.error().message;
  }

  StaticSiteReport Publish() {
    StaticSiteOptions options;
    options.out_dir = out_;
    options.pdf = false;
    options.threads = 3;
    auto report = PublishStaticSite(records_, site_, catalogs_, options);
    EXPECT_TRUE(report.has_value()) << (report ? "" : report.error().message);
    return report ? *report : StaticSiteReport{};
  }

  std::string Read(const std::string& rel) {
    std::ifstream in(out_ / rel, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }

  fs::path out_;
  testing::FakeStore store_;
  core::RecordService records_{store_};
  Catalogs catalogs_;
  static SiteOptions FixedDay() {
    SiteOptions options;
    options.today = [] { return core::CivilDay{2026, 11, 29}; };
    return options;
  }
  Site site_{records_, catalogs_, FixedDay()};
};

TEST_F(StaticSiteTest, WritesEveryLanguageAndNoNonPublicText) {
  const StaticSiteReport report = Publish();
  EXPECT_GT(report.pages, 0u);
  EXPECT_EQ(report.written, report.files);
  for (const char* rel : {"index.html", "en/index.html", "zh-Hans/index.html", "zh-Hant/index.html",
                          "en/cases/cas_xu.html", "zh-Hant/cases/cas_xu.html", "en/search.html",
                          "en/search-index.js", "en/feeds/cases.atom", "en/dialogues/dlg_test.html"}) {
    EXPECT_TRUE(fs::is_regular_file(out_ / rel)) << rel;
  }
  EXPECT_NE(Read("zh-Hant/dialogues/dlg_test.html").find("中美人權對話"), std::string::npos);
  EXPECT_NE(Read("en/search-index.js").find("\"zhiyong\""), std::string::npos);
  for (const auto& entry : fs::recursive_directory_iterator(out_)) {
    if (!entry.is_regular_file()) continue;
    const std::string rel = fs::relative(entry.path(), out_).generic_string();
    const std::string bytes = Read(rel);
    EXPECT_EQ(bytes.find(kCanary), std::string::npos) << rel;
    EXPECT_EQ(bytes.find("lev_secret"), std::string::npos) << rel;
    EXPECT_EQ(bytes.find("href=\"/"), std::string::npos) << rel << " keeps an absolute link";
  }
}

TEST_F(StaticSiteTest, ASecondRunWritesNothingAndARestrictedCaseDisappears) {
  const StaticSiteReport first = Publish();
  const StaticSiteReport second = Publish();
  EXPECT_EQ(second.written, 0u);
  EXPECT_EQ(second.removed, 0u);
  EXPECT_EQ(second.files, first.files);

  auto current = records_.Get("cas_xu", core::Visibility::kRestricted);
  ASSERT_TRUE(current.has_value());
  json body = current->body;
  body["visibility"] = "restricted";
  ASSERT_TRUE(records_.Update("cas_xu", current->header.revision, body, core::Actor{"staff"}).has_value());
  const StaticSiteReport third = Publish();
  EXPECT_GT(third.removed, 0u);
  EXPECT_FALSE(fs::exists(out_ / "en/cases/cas_xu.html"));
  EXPECT_FALSE(fs::exists(out_ / "zh-Hant/cases/cas_xu.html"));
  EXPECT_EQ(Read("en/search-index.js").find("cas_xu"), std::string::npos);
}

TEST_F(StaticSiteTest, RefusesAFolderItDidNotWrite) {
  fs::create_directories(out_);
  std::ofstream(out_ / "notes.txt") << "mine";
  StaticSiteOptions options;
  options.out_dir = out_;
  auto report = PublishStaticSite(records_, site_, catalogs_, options);
  ASSERT_FALSE(report.has_value());
  EXPECT_EQ(report.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_TRUE(fs::exists(out_ / "notes.txt"));
}

TEST_F(StaticSiteTest, AFirstPublishIsRenamedIntoPlaceAndLeavesNoStagingFolder) {
  for (const bool folder_exists : {false, true}) {
    fs::remove_all(out_);
    if (folder_exists) fs::create_directories(out_);  // an empty folder is replaced whole
    const StaticSiteReport report = Publish();
    EXPECT_EQ(report.written, report.files) << "folder existed: " << folder_exists;
    EXPECT_TRUE(fs::is_regular_file(out_ / "en/cases/cas_xu.html")) << "folder existed: " << folder_exists;
    EXPECT_TRUE(fs::is_regular_file(out_ / ".readout-site")) << "folder existed: " << folder_exists;
    EXPECT_FALSE(fs::exists(Staging())) << "folder existed: " << folder_exists;
  }
}

TEST_F(StaticSiteTest, AFailedFirstPublishsStagingFolderIsReplacedByTheNextRun) {
  fs::create_directories(Staging() / "en");
  std::ofstream(Staging() / ".readout-site") << "marker";
  std::ofstream(Staging() / "en" / "half.html") << "<html>";
  const StaticSiteReport report = Publish();
  EXPECT_GT(report.files, 0u);
  EXPECT_FALSE(fs::exists(Staging()));
  EXPECT_FALSE(fs::exists(out_ / "en" / "half.html"));
  EXPECT_TRUE(fs::is_regular_file(out_ / "en/cases/cas_xu.html"));
}

TEST_F(StaticSiteTest, RefusesAStagingFolderItDidNotWrite) {
  fs::create_directories(Staging());
  std::ofstream(Staging() / "notes.txt") << "mine";
  StaticSiteOptions options;
  options.out_dir = out_;
  options.pdf = false;
  auto report = PublishStaticSite(records_, site_, catalogs_, options);
  ASSERT_FALSE(report.has_value());
  EXPECT_EQ(report.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_NE(report.error().message.find("readout-partial"), std::string::npos) << report.error().message;
  EXPECT_TRUE(fs::exists(Staging() / "notes.txt"));
  EXPECT_FALSE(fs::exists(out_));
}

TEST_F(StaticSiteTest, ASecondRunRewritesOnlyAFileWhoseBytesChanged) {
  Publish();
  std::ofstream(out_ / "en/cases/cas_xu.html", std::ios::trunc) << "tampered";
  const StaticSiteReport second = Publish();
  EXPECT_EQ(second.written, 1u);
  EXPECT_NE(Read("en/cases/cas_xu.html").find("Xu Zhiyong"), std::string::npos);
  EXPECT_FALSE(fs::exists(out_ / "en/cases/cas_xu.html.partial"));
}

}  // namespace
}  // namespace readout::publish
