#include "publish/atom_feed.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/record_service.h"
#include "publish/fake_store_for_test.h"
#include "publish/i18n.h"
#include "publish/public_readout.h"

namespace readout::publish {
namespace {

using nlohmann::json;

constexpr char kCanary[] = "CANARY-FEED-51d0";

// A strict well-formedness check of the XML subset a feed uses: one
// declaration, elements properly nested, attributes quoted, and only the
// five predefined entities. Returns the first problem, or "" when well formed.
std::string WellFormedProblem(const std::string& xml) {
  std::vector<std::string> open;
  std::size_t i = 0;
  if (!xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>")) return "no XML declaration";
  i = xml.find("?>") + 2;
  bool root_seen = false;
  while (i < xml.size()) {
    const char c = xml[i];
    if (c == '&') {
      const std::size_t semi = xml.find(';', i);
      if (semi == std::string::npos) return "unterminated entity at " + std::to_string(i);
      const std::string entity = xml.substr(i, semi - i + 1);
      if (entity != "&amp;" && entity != "&lt;" && entity != "&gt;" && entity != "&quot;" && entity != "&apos;") {
        return "unknown entity " + entity;
      }
      i = semi + 1;
      continue;
    }
    if (c == '>') return "bare > outside a tag at " + std::to_string(i);
    if (c != '<') {
      if (open.empty() && c != '\n' && c != ' ') return "text outside the root at " + std::to_string(i);
      ++i;
      continue;
    }
    const std::size_t end = xml.find('>', i);
    if (end == std::string::npos) return "unterminated tag at " + std::to_string(i);
    std::string tag = xml.substr(i + 1, end - i - 1);
    i = end + 1;
    if (tag.find('<') != std::string::npos) return "< inside tag " + tag;
    if (tag.starts_with("/")) {
      if (open.empty() || open.back() != tag.substr(1)) return "mismatched </" + tag.substr(1) + ">";
      open.pop_back();
      continue;
    }
    const bool empty = tag.ends_with("/");
    if (empty) tag.pop_back();
    const std::string name = tag.substr(0, tag.find(' '));
    // Attributes: name="value" pairs, nothing else.
    std::string rest = tag.substr(name.size());
    while (!rest.empty()) {
      if (rest[0] == ' ') {
        rest.erase(0, 1);
        continue;
      }
      const std::size_t eq = rest.find("=\"");
      if (eq == std::string::npos) return "attribute without quoted value in <" + name + ">";
      const std::size_t close = rest.find('"', eq + 2);
      if (close == std::string::npos) return "unterminated attribute in <" + name + ">";
      rest.erase(0, close + 1);
    }
    if (open.empty() && root_seen) return "second root <" + name + ">";
    root_seen = true;
    if (!empty) open.push_back(name);
  }
  if (!open.empty()) return "unclosed <" + open.back() + ">";
  return root_seen ? "" : "no root element";
}

TEST(WellFormedCheckTest, RejectsWhatAnXmlParserRejects) {
  const std::string decl = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
  struct Case {
    std::string xml;
    bool ok;
  } cases[] = {
      {decl + "<feed><a x=\"1\"/>t &amp; u</feed>\n", true},
      {decl + "<feed><a></feed>", false},
      {decl + "<feed>a & b</feed>", false},
      {decl + "<feed>&nbsp;</feed>", false},
      {decl + "<feed><a x=1/></feed>", false},
      {decl + "<feed></feed><feed></feed>", false},
      {"<feed></feed>", false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(WellFormedProblem(c.xml).empty(), c.ok) << c.xml;
  }
}

class AtomFeedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Seed(core::RecordKind::kPerson, "prs_xu",
         {{"names", json::array({{{"text", "许志永"}, {"script", "Hans"}, {"kind", "legal"}, {"primary", true}}})}});
    Seed(core::RecordKind::kCase, "cas_xu",
         {{"person_id", "prs_xu"}, {"title", {{"en", "Xu <Zhiyong> & \"co\""}, {"zh_hans", "许志永案"}}}});
    Seed(core::RecordKind::kLegalEvent, "lev_xu",
         {{"case_id", "cas_xu"}, {"type", "criminal_detention"}, {"date", "2013-07-16"}});
    Seed(core::RecordKind::kLegalEvent, "lev_secret",
         {{"case_id", "cas_xu"}, {"type", "prison_transfer"}, {"date", "2015-03-01"},
          {"visibility", "restricted"}, {"description", {{"en", kCanary}}}});
    Seed(core::RecordKind::kPerson, "prs_hidden",
         {{"names", json::array({{{"text", kCanary}, {"script", "Latn"}, {"kind", "legal"}, {"primary", true}}})},
          {"visibility", "restricted"}});
    Seed(core::RecordKind::kCase, "cas_hidden", {{"person_id", "prs_hidden"}, {"visibility", "restricted"}});
    Seed(core::RecordKind::kDialogue, "dlg_test",
         {{"name", {{"en", "US–China Human Rights Dialogue"}, {"zh_hans", "中美人权对话"}}},
          {"party_a", {{"name", {{"en", "United States"}}}}},
          {"party_b", {{"name", {{"en", "China"}}}}}});
    Seed(core::RecordKind::kDialogue, "dlg_secret",
         {{"name", {{"en", kCanary}}},
          {"party_a", {{"name", {{"en", "A"}}}}},
          {"party_b", {{"name", {{"en", "B"}}}}},
          {"visibility", "internal"}});
  }

  void Seed(core::RecordKind kind, const std::string& id, const json& body) {
    auto created = records_.Create(kind, body, core::Actor{"staff"}, id);
    ASSERT_TRUE(created.has_value()) << id << ": " << created.error().message;
  }

  FeedOptions Options(Lang lang = Lang::kEn) {
    FeedOptions options;
    options.lang = lang;
    options.base_url = "https://readout.example.org";
    options.self_path = "/feeds/cases.atom";
    return options;
  }

  testing::FakeStore store_;
  core::RecordService records_{store_};
  PublicRecords public_{records_};
  Catalogs catalogs_;
};

TEST_F(AtomFeedTest, CaseUpdatesFeedIsWellFormedEscapedAndPublicOnly) {
  auto xml = RenderCaseUpdatesFeed(public_, "", Options(), catalogs_);
  ASSERT_TRUE(xml.has_value()) << xml.error().message;
  EXPECT_EQ(WellFormedProblem(*xml), "") << *xml;
  EXPECT_NE(xml->find("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">"), std::string::npos);
  EXPECT_NE(xml->find("Xu &lt;Zhiyong&gt; &amp; &quot;co&quot;"), std::string::npos) << *xml;
  EXPECT_NE(xml->find("<id>tag:readout,2013:cas_xu/r1</id>"), std::string::npos) << *xml;
  EXPECT_NE(xml->find("<id>tag:readout,2013:lev_xu/r1</id>"), std::string::npos) << *xml;
  EXPECT_NE(xml->find("href=\"https://readout.example.org/cases/cas_xu\""), std::string::npos) << *xml;
  EXPECT_NE(xml->find("rel=\"self\" type=\"application/atom+xml\" href=\"https://readout.example.org/feeds/cases.atom\""),
            std::string::npos);
  EXPECT_EQ(xml->find(kCanary), std::string::npos) << *xml;
  EXPECT_EQ(xml->find("lev_secret"), std::string::npos) << *xml;
  EXPECT_EQ(xml->find("cas_hidden"), std::string::npos) << *xml;
}

TEST_F(AtomFeedTest, CaseUpdatesFeedOfADialogueHasOnlyItsCases) {
  auto xml = RenderCaseUpdatesFeed(public_, "dlg_test", Options(Lang::kZhHans), catalogs_);
  ASSERT_TRUE(xml.has_value()) << xml.error().message;
  EXPECT_EQ(WellFormedProblem(*xml), "") << *xml;
  EXPECT_NE(xml->find("xml:lang=\"zh-Hans\""), std::string::npos);
  EXPECT_NE(xml->find("中美人权对话"), std::string::npos) << *xml;
  EXPECT_EQ(xml->find("<entry>"), std::string::npos) << "no case was raised in dlg_test:\n" << *xml;
}

TEST_F(AtomFeedTest, EntriesAreNewestFirstAndCappedAndUpdatedIsTheNewest) {
  FeedOptions options = Options();
  options.max_entries = 1;
  auto xml = RenderCaseUpdatesFeed(public_, "", options, catalogs_);
  ASSERT_TRUE(xml.has_value());
  std::size_t entries = 0;
  for (std::size_t at = xml->find("<entry>"); at != std::string::npos; at = xml->find("<entry>", at + 1)) ++entries;
  EXPECT_EQ(entries, 1u) << *xml;
  // The event was written after the case: it is the newest change.
  EXPECT_NE(xml->find("lev_xu/r1"), std::string::npos) << *xml;
  auto again = RenderCaseUpdatesFeed(public_, "", options, catalogs_);
  EXPECT_EQ(*again, *xml) << "a feed of unchanged records must not change";
}

TEST_F(AtomFeedTest, ADialogueThePublicCannotSeeIsNotFound) {
  for (const char* id : {"dlg_secret", "dlg_missing"}) {
    auto cases = RenderCaseUpdatesFeed(public_, id, Options(), catalogs_);
    ASSERT_FALSE(cases.has_value()) << id;
    EXPECT_EQ(cases.error().code, core::ErrorCode::kNotFound) << id;
    EXPECT_EQ(cases.error().message.find(kCanary), std::string::npos);
    auto readouts = RenderReadoutsFeed(public_, id, Options(), catalogs_);
    ASSERT_FALSE(readouts.has_value()) << id;
    EXPECT_EQ(readouts.error().code, core::ErrorCode::kNotFound) << id;
  }
}

TEST_F(AtomFeedTest, ReadoutsFeedWithNoPublishedReadoutIsAValidEmptyFeed) {
  FeedOptions options = Options();
  options.self_path = "/dialogues/dlg_test/feeds/readouts.atom";
  auto xml = RenderReadoutsFeed(public_, "dlg_test", options, catalogs_);
  ASSERT_TRUE(xml.has_value()) << xml.error().message;
  EXPECT_EQ(WellFormedProblem(*xml), "") << *xml;
  EXPECT_NE(xml->find("<id>tag:readout,2013:dlg_test/feeds/readouts</id>"), std::string::npos) << *xml;
  EXPECT_NE(xml->find("<updated>"), std::string::npos);
  EXPECT_EQ(xml->find("<entry>"), std::string::npos);
}

}  // namespace
}  // namespace readout::publish
