// The public readout view model: what BuildPublicReadout takes from the
// public record (and leaves out), its JSON round trip, published readouts,
// and the staff preview's list of what is withheld.
#include "publish/public_readout.h"

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/case_status.h"
#include "core/record_service.h"
#include "core/testing/memory_store_for_test.h"
#include "publish/readout_fixture_for_test.h"

namespace readout::publish {
namespace {

using nlohmann::json;
using testing::kToday;

std::vector<std::string> Ids(const std::vector<PublicAsk>& asks) {
  std::vector<std::string> ids;
  for (const PublicAsk& a : asks) ids.push_back(a.id);
  return ids;
}

class PublicReadoutTest : public ::testing::Test {
 protected:
  void SetUp() override { testing::SeedReadoutRecords(records_); }

  PublicReadout Build(const std::string& subject = "rnd_kunming") {
    PublicRecords pub(records_);
    auto built = BuildPublicReadout(pub, subject, PublicText{"Editor's framing", "", ""}, kToday);
    EXPECT_TRUE(built.has_value()) << subject << ": " << (built ? "" : built.error().message);
    return built ? *built : PublicReadout{};
  }

  core::testing::MemoryStoreForTest store_;
  core::RecordService records_{store_};
};

TEST_F(PublicReadoutTest, RoundReadoutHasTheRoundsFactsAndEditorNote) {
  PublicReadout r = Build();
  EXPECT_EQ(r.subject_id, "rnd_kunming");
  EXPECT_EQ(r.subject_kind, "round");
  EXPECT_EQ(r.dialogue_id, "dlg_test");
  EXPECT_EQ(r.title.en, "18th Dialogue, Kunming");
  EXPECT_EQ(r.start_date, "2013-07-30");
  EXPECT_EQ(r.end_date, "2013-07-31");
  EXPECT_EQ(r.place.zh_hans, "昆明");
  EXPECT_EQ(r.editor_note.en, "Editor's framing");
  EXPECT_EQ(r.generated_on, "2013-08-05");
  ASSERT_EQ(r.delegations.size(), 2u);
  EXPECT_EQ(r.delegations[0].party.en, "United States");
  ASSERT_EQ(r.sources.size(), 1u);
  EXPECT_EQ(r.sources[0].url, "https://example.org/briefing");
}

TEST_F(PublicReadoutTest, AsksAreSplitIntoIssuesAndCasesInTheOrderRaisedWithoutInternalOnes) {
  PublicReadout r = Build();
  EXPECT_EQ(Ids(r.issue_asks), (std::vector<std::string>{"ask_rtl", "ask_bmk"}));
  EXPECT_EQ(Ids(r.case_asks), (std::vector<std::string>{"ask_xu"}));
  ASSERT_EQ(r.issue_asks[0].replies.size(), 1u) << "the internal reply rpl_secret must not be listed";
  EXPECT_EQ(r.issue_asks[0].replies[0].kind_code, "information_provided");
  EXPECT_TRUE(r.issue_asks[0].replies[0].substantive);
  EXPECT_EQ(r.issue_asks[0].issue_id, "iss_rtl");
  // An ask about a benchmark is grouped under the benchmark's issue.
  EXPECT_EQ(r.issue_asks[1].benchmark_id, "bmk_rtl");
  EXPECT_EQ(r.issue_asks[1].issue_id, "iss_rtl");
}

TEST_F(PublicReadoutTest, CaseAskCarriesTheNameAndStatusDerivedAsTheCasePageDoes) {
  PublicReadout r = Build();
  ASSERT_EQ(r.case_asks.size(), 1u);
  const PublicAsk& ask = r.case_asks[0];
  EXPECT_EQ(ask.case_id, "cas_xu");
  EXPECT_EQ(ask.case_name.zh_hans.empty() && ask.case_name.en.empty(), false);
  core::LegalEvent detention;
  detention.type = core::LegalEventType::kCriminalDetention;
  detention.date = *core::PartialDate::Parse("2013-07-16");
  std::vector<core::LegalEvent> events{detention};
  const core::DerivedStatus expected = core::DeriveStatus(events, {}, kToday);
  EXPECT_EQ(ask.case_status, core::ToCode(expected.status));
  EXPECT_EQ(ask.case_status_as_of, "2013-07-16");
}

TEST_F(PublicReadoutTest, DetailCountsAsksWithoutReplyOrDescription) {
  PublicReadout r = Build();
  EXPECT_EQ(r.detail.asks, 3);
  EXPECT_EQ(r.detail.asks_without_reply, (std::vector<std::string>{"ask_bmk"}));
  EXPECT_EQ(r.detail.asks_without_description, (std::vector<std::string>{"ask_bmk"}));
}

TEST_F(PublicReadoutTest, BenchmarksCommitmentsAndScoreComeFromTheAccountabilityViews) {
  PublicReadout r = Build();
  ASSERT_EQ(r.benchmarks.size(), 1u);
  EXPECT_EQ(r.benchmarks[0].benchmark_id, "bmk_rtl");
  EXPECT_EQ(r.benchmarks[0].rating, "limited_progress");
  EXPECT_EQ(r.benchmarks[0].change, "first_rated");
  EXPECT_EQ(r.benchmarks[0].rationale.en, "Reform announced, camps still open");
  ASSERT_EQ(r.commitments.size(), 1u);
  EXPECT_EQ(r.commitments[0].status, "open");
  ASSERT_TRUE(r.score.has_value());
  EXPECT_EQ(r.score->parts.size(), 5u);
  EXPECT_EQ(r.score->parts[0].code, "measurable_benchmarks");
}

TEST_F(PublicReadoutTest, SubjectThatIsNotPublicOrNotARoundIsRefused) {
  ASSERT_TRUE(records_.Create(core::RecordKind::kRound,
                              {{"visibility", "internal"},
                               {"dialogue_id", "dlg_test"},
                               {"title", {{"en", "Secret round"}}},
                               {"dates", "2014"}},
                              core::Actor{"Tester"}, "rnd_secret"));
  struct Case {
    std::string subject;
    core::ErrorCode code;
  };
  for (const Case& c : std::vector<Case>{{"rnd_secret", core::ErrorCode::kNotFound},
                                         {"rnd_missing", core::ErrorCode::kNotFound},
                                         {"cas_xu", core::ErrorCode::kInvalidArgument},
                                         {"nonsense", core::ErrorCode::kInvalidArgument}}) {
    PublicRecords pub(records_);
    auto built = BuildPublicReadout(pub, c.subject, {}, kToday);
    ASSERT_FALSE(built.has_value()) << c.subject;
    EXPECT_EQ(built.error().code, c.code) << c.subject;
  }
}

TEST_F(PublicReadoutTest, JsonRoundTripKeepsEveryField) {
  PublicReadout r = Build();
  const json j = ToJson(r);
  auto back = PublicReadoutFromJson(j);
  ASSERT_TRUE(back.has_value()) << (back ? "" : back.error().fields.empty() ? back.error().message
                                                                         : back.error().fields[0].field);
  EXPECT_EQ(ToJson(*back), j);
  EXPECT_EQ(back->case_asks[0].replies[0].original_text, "依法处理");
  EXPECT_EQ(back->score->parts.size(), r.score->parts.size());
}

TEST_F(PublicReadoutTest, JsonThatIsNotAReadoutIsRefusedNamingTheField) {
  const json good = ToJson(Build());
  struct Case {
    std::string name;
    json body;
    std::string field;
  };
  std::vector<Case> cases;
  cases.push_back({"not an object", json::array(), "body"});
  {
    json j = good;
    j["subject_kind"] = "case";
    cases.push_back({"unknown subject kind", j, "subject_kind"});
  }
  {
    json j = good;
    j["title"] = "plain string";
    cases.push_back({"text that is not bilingual", j, "title"});
  }
  {
    json j = good;
    j["issue_asks"][0]["replies"] = 3;
    cases.push_back({"replies that are not a list", j, "issue_asks[0].replies"});
  }
  {
    json j = good;
    j["sources"][0]["url"] = "javascript:alert(1)";
    cases.push_back({"a source URL that is not http(s)", j, "sources[0].url"});
  }
  for (const Case& c : cases) {
    auto parsed = PublicReadoutFromJson(c.body);
    ASSERT_FALSE(parsed.has_value()) << c.name;
    EXPECT_EQ(parsed.error().code, core::ErrorCode::kInvalidArgument) << c.name;
    ASSERT_FALSE(parsed.error().fields.empty()) << c.name;
    EXPECT_EQ(parsed.error().fields[0].field, c.field) << c.name;
  }
}

TEST_F(PublicReadoutTest, PublishedReadoutIsLoadedFromItsFrozenContent) {
  testing::CreateAndPublishReadout(records_, "rdo_kunming", "rnd_kunming");
  // A later change to the record does not change what was published.
  auto round = records_.Get("rnd_kunming", core::Visibility::kRestricted);
  ASSERT_TRUE(round.has_value());
  json body = round->body;
  body["title"]["en"] = "Renamed after publication";
  ASSERT_TRUE(records_.Update("rnd_kunming", round->header.revision, body, core::Actor{"Tester"}));

  PublicRecords pub(records_);
  auto published = LoadPublishedReadout(pub, "rdo_kunming");
  ASSERT_TRUE(published.has_value()) << published.error().message;
  EXPECT_EQ(published->readout_id, "rdo_kunming");
  EXPECT_EQ(published->content.title.en, "18th Dialogue, Kunming");
  ASSERT_EQ(published->versions.size(), 1u);
  EXPECT_EQ(published->versions[0].number, 1);
  EXPECT_EQ(published->versions[0].content_sha256.size(), 64u);

  auto list = ListPublishedReadouts(pub, "dlg_test");
  ASSERT_TRUE(list.has_value());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].readout_id, "rdo_kunming");
  auto other = ListPublishedReadouts(pub, "dlg_other");
  ASSERT_TRUE(other.has_value());
  EXPECT_TRUE(other->empty());
}

TEST_F(PublicReadoutTest, ACaseMadeRestrictedAfterPublicationIsWithdrawnFromThePublishedReadout) {
  testing::CreateAndPublishReadout(records_, "rdo_kunming", "rnd_kunming");
  PublicRecords pub(records_);
  auto before = LoadPublishedReadout(pub, "rdo_kunming");
  ASSERT_TRUE(before.has_value()) << before.error().message;
  ASSERT_EQ(before->content.case_asks.size(), 1u);
  EXPECT_EQ(before->withdrawn_since_publication, 0);

  // The family asks for the case to be taken down.
  auto stored = records_.Get("cas_xu", core::Visibility::kRestricted);
  ASSERT_TRUE(stored.has_value());
  json body = stored->body;
  body["visibility"] = "restricted";
  ASSERT_TRUE(records_.Update("cas_xu", stored->header.revision, body, core::Actor{"Tester"}));

  auto after = LoadPublishedReadout(pub, "rdo_kunming");
  ASSERT_TRUE(after.has_value()) << after.error().message;
  EXPECT_TRUE(after->content.case_asks.empty());
  EXPECT_EQ(after->withdrawn_since_publication, 1);
  const Catalogs catalogs;
  for (Lang lang : {Lang::kEn, Lang::kZhHans}) {
    const std::string markdown = RenderReadoutMarkdown(*after, lang, catalogs);
    EXPECT_EQ(markdown.find("许志永"), std::string::npos) << LangCode(lang);
    EXPECT_EQ(markdown.find("cas_xu"), std::string::npos) << LangCode(lang);
    EXPECT_NE(markdown.find(lang == Lang::kEn ? "withdrawn after publication" : "撤下"), std::string::npos)
        << markdown;
  }
}

TEST_F(PublicReadoutTest, UnpublishedReadoutIsNotFoundForThePublic) {
  core::Readout draft;
  draft.subject_id = "rnd_kunming";
  draft.author = "Editor A";
  ASSERT_TRUE(records_.Create(core::RecordKind::kReadout, core::Encode(draft), core::Actor{"Editor A"}, "rdo_draft"));
  PublicRecords pub(records_);
  auto loaded = LoadPublishedReadout(pub, "rdo_draft");
  ASSERT_FALSE(loaded.has_value());
  EXPECT_EQ(loaded.error().code, core::ErrorCode::kNotFound);
  auto list = ListPublishedReadouts(pub, "");
  ASSERT_TRUE(list.has_value());
  EXPECT_TRUE(list->empty());
}

TEST_F(PublicReadoutTest, PreviewListsWhatThePublicVersionLeavesOutWithoutValues) {
  auto preview = BuildReadoutPreview(records_, "rnd_kunming", {}, kToday);
  ASSERT_TRUE(preview.has_value()) << preview.error().message;
  // Exactly what publishing now would freeze.
  PublicRecords pub(records_);
  auto public_version = BuildPublicReadout(pub, "rnd_kunming", {}, kToday);
  ASSERT_TRUE(public_version.has_value());
  EXPECT_EQ(ToJson(preview->readout), ToJson(*public_version));
  auto has = [&](const std::string& id, const std::string& field) {
    return std::any_of(preview->withheld.begin(), preview->withheld.end(),
                       [&](const WithheldItem& w) { return w.record_id == id && w.field == field; });
  };
  EXPECT_TRUE(has("cas_xu", "family_contact"));
  EXPECT_TRUE(has("ask_secret", ""));
  EXPECT_TRUE(has("rpl_secret", ""));
  for (const WithheldItem& w : preview->withheld) {
    for (const std::string& canary : testing::AllCanaries()) {
      EXPECT_EQ(w.field.find(canary), std::string::npos);
      EXPECT_EQ(w.reason.find(canary), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace readout::publish
