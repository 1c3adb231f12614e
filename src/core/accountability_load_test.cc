// LoadDialogueFacts against an in-memory store: what it loads for each
// reader, and the order the views rely on.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/accountability.h"
#include "core/accountability_codec.h"
#include "core/case_codec.h"
#include "core/entity_codec.h"
#include "core/testing/memory_store_for_test.h"

namespace readout::core {
namespace {

PartialDate Date(std::string_view text) {
  Result<PartialDate> d = PartialDate::Parse(text);
  EXPECT_TRUE(d.has_value()) << text;
  return d.has_value() ? *d : PartialDate();
}

BilingualText En(std::string text) { return {std::move(text), "", ""}; }

class LoadDialogueFactsTest : public ::testing::Test {
 protected:
  template <typename T>
  void Put(RecordKind kind, const std::string& id, const T& value) {
    Result<StoredRecord> r = records_.Create(kind, Encode(value), Actor{"test"}, id);
    ASSERT_TRUE(r.has_value()) << id << ": " << r.error().message
                               << (r.error().fields.empty()
                                       ? ""
                                       : " " + r.error().fields[0].field + " " + r.error().fields[0].problem);
  }

  void SeedDialogue() {
    Dialogue d;
    d.name = En("US-China Human Rights Dialogue");
    d.party_a.name = En("United States");
    d.party_b.name = En("China");
    d.round_interval_months = 12;
    Put(RecordKind::kDialogue, "dlg_us-china", d);
    Issue detention;
    detention.name = En("Arbitrary detention");
    Put(RecordKind::kIssue, "iss_detention", detention);
    Issue rtl;
    rtl.name = En("Re-education through Labor");
    rtl.parent_id = "iss_detention";
    Put(RecordKind::kIssue, "iss_rtl", rtl);
    // Created out of date order: the load sorts by first day.
    Put(RecordKind::kRound, "rnd_2013-kunming", MakeRound("2013-07-30/2013-07-31"));
    Put(RecordKind::kRound, "rnd_2012-washington", MakeRound("2012-07-24/2012-07-25"));
  }

  static Round MakeRound(std::string_view dates) {
    Round r;
    r.dialogue_id = "dlg_us-china";
    r.dates = Date(dates);
    r.title = En("round of " + std::string(dates));
    return r;
  }

  Benchmark MakeBenchmark(const std::string& issue, int position) {
    Benchmark b;
    b.dialogue_id = "dlg_us-china";
    b.issue_id = issue;
    b.statement = En("a target");
    b.position = position;
    return b;
  }

  Assessment MakeAssessment(const std::string& benchmark, ReviewState state) {
    Assessment a;
    a.benchmark_id = benchmark;
    a.round_id = "rnd_2013-kunming";
    a.rating = AssessmentRating::kLimitedProgress;
    a.rationale = En("because");
    a.assessor = "amy";
    if (state == ReviewState::kApproved) a.reviewer = "ben";
    a.state = state;
    return a;
  }

  // A person, a case and its events ("type@date" as LegalEventType and date).
  void SeedCase(const std::string& slug, Visibility visibility,
                const std::vector<std::pair<LegalEventType, std::string>>& events) {
    Person p;
    p.names.push_back({"Xu Zhiyong " + slug, Script::kLatn, NameScheme::kPinyin, NameKind::kLegal, true});
    p.names.push_back({"许志永", Script::kHans, NameScheme::kNone, NameKind::kLegal, false});
    Put(RecordKind::kPerson, "prs_" + slug, p);
    Case c;
    c.person_id = "prs_" + slug;
    c.common.visibility = visibility;
    Put(RecordKind::kCase, "cas_" + slug, c);
    int n = 0;
    for (const auto& [type, date] : events) {
      LegalEvent e;
      e.case_id = "cas_" + slug;
      e.type = type;
      e.date = Date(date);
      e.common.visibility = visibility;
      Put(RecordKind::kLegalEvent, "lev_" + slug + "-" + std::to_string(n++), e);
    }
  }

  testing::MemoryStoreForTest store_;
  RecordService records_{store_};
};

TEST_F(LoadDialogueFactsTest, LoadsEveryKindSortedAsTheHeaderSays) {
  SeedDialogue();
  Put(RecordKind::kBenchmark, "bmk_b", MakeBenchmark("iss_rtl", 0));
  Put(RecordKind::kBenchmark, "bmk_a2", MakeBenchmark("iss_detention", 2));
  Put(RecordKind::kBenchmark, "bmk_a1", MakeBenchmark("iss_detention", 1));
  Put(RecordKind::kAssessment, "asm_approved", MakeAssessment("bmk_b", ReviewState::kApproved));
  Put(RecordKind::kAssessment, "asm_draft", MakeAssessment("bmk_a1", ReviewState::kDraft));

  Agency agency;
  agency.name = En("Department of State");
  agency.areas = {AgencyArea::kForeignAffairs};
  Put(RecordKind::kAgency, "agy_state", agency);
  Agency unrelated = agency;
  unrelated.name = En("Department of Energy");
  Put(RecordKind::kAgency, "agy_energy", unrelated);
  Engagement later;
  later.dialogue_id = "dlg_us-china";
  later.agency_id = "agy_state";
  later.title = En("Sunnylands summit");
  later.date = Date("2013-06-07/2013-06-08");
  Put(RecordKind::kEngagement, "eng_summit", later);
  Engagement earlier = later;
  earlier.title = En("Kerry visit");
  earlier.date = Date("2013-04");
  Put(RecordKind::kEngagement, "eng_visit", earlier);

  Commitment c2;
  c2.dialogue_id = "dlg_us-china";
  c2.text = En("another round in 2014");
  c2.date = Date("2013-07-31");
  Put(RecordKind::kCommitment, "cmt_next-round", c2);
  Commitment c1 = c2;
  c1.text = En("a legal experts dialogue");
  c1.date = Date("2013-07-30");
  Put(RecordKind::kCommitment, "cmt_legal-experts", c1);

  SeedCase("xu", Visibility::kPublic,
           {{LegalEventType::kArrestApproved, "2013-08-22"}, {LegalEventType::kCriminalDetention, "2013-07-16"}});
  SeedCase("hidden", Visibility::kRestricted, {{LegalEventType::kCriminalDetention, "2013-07-01"}});
  SeedCase("not-raised", Visibility::kPublic, {{LegalEventType::kCriminalDetention, "2013-07-01"}});

  Ask second;
  second.round_id = "rnd_2013-kunming";
  second.subject = {AskSubjectKind::kCase, "cas_xu"};
  second.position = 2;
  Put(RecordKind::kAsk, "ask_xu", second);
  Ask first = second;
  first.subject = {AskSubjectKind::kBenchmark, "bmk_b"};
  first.position = 1;
  Put(RecordKind::kAsk, "ask_rtl", first);
  Ask at_engagement;
  at_engagement.engagement_id = "eng_visit";
  at_engagement.subject = {AskSubjectKind::kIssue, "iss_detention"};
  Put(RecordKind::kAsk, "ask_visit", at_engagement);
  Reply reply;
  reply.ask_id = "ask_xu";
  reply.reply_kind = ReplyKind::kHandledAccordingToLaw;
  Put(RecordKind::kReply, "rpl_xu", reply);
  CaseList list;
  list.round_id = "rnd_2013-kunming";
  list.entries.push_back({En("hidden"), "cas_hidden", {}});
  Put(RecordKind::kCaseList, "cls_kunming", list);

  Result<DialogueFacts> facts = LoadDialogueFacts(records_, "dlg_us-china", Visibility::kPublic);
  ASSERT_TRUE(facts.has_value()) << facts.error().message;
  EXPECT_EQ(facts->dialogue_id, "dlg_us-china");
  EXPECT_EQ(facts->dialogue.round_interval_months, 12);
  auto ids = [](const auto& items) {
    std::vector<std::string> out;
    for (const auto& i : items) out.push_back(i.id);
    return out;
  };
  EXPECT_EQ(ids(facts->rounds), (std::vector<std::string>{"rnd_2012-washington", "rnd_2013-kunming"}));
  EXPECT_EQ(ids(facts->issues), (std::vector<std::string>{"iss_detention", "iss_rtl"}));
  EXPECT_EQ(ids(facts->benchmarks), (std::vector<std::string>{"bmk_a1", "bmk_a2", "bmk_b"}));
  EXPECT_EQ(ids(facts->assessments), std::vector<std::string>{"asm_approved"});  // drafts are never public
  EXPECT_EQ(ids(facts->commitments), (std::vector<std::string>{"cmt_legal-experts", "cmt_next-round"}));
  EXPECT_EQ(ids(facts->engagements), (std::vector<std::string>{"eng_visit", "eng_summit"}));
  EXPECT_EQ(ids(facts->agencies), std::vector<std::string>{"agy_state"});
  EXPECT_EQ(ids(facts->asks), (std::vector<std::string>{"ask_visit", "ask_rtl", "ask_xu"}));
  EXPECT_EQ(ids(facts->replies), std::vector<std::string>{"rpl_xu"});
  EXPECT_EQ(ids(facts->case_lists), std::vector<std::string>{"cls_kunming"});
  ASSERT_EQ(ids(facts->cases), std::vector<std::string>{"cas_xu"});  // the restricted one is left out
  EXPECT_EQ(facts->cases[0].person_name.en, "Xu Zhiyong xu");
  EXPECT_EQ(facts->cases[0].person_name.zh_hans, "许志永");
  ASSERT_EQ(facts->cases[0].events.size(), 2u);
  EXPECT_EQ(facts->cases[0].events[0].type, LegalEventType::kCriminalDetention);
  EXPECT_EQ(facts->cases[0].events[1].type, LegalEventType::kArrestApproved);

  Result<DialogueFacts> internal = LoadDialogueFacts(records_, "dlg_us-china", Visibility::kInternal);
  ASSERT_TRUE(internal.has_value());
  EXPECT_EQ(ids(internal->assessments), (std::vector<std::string>{"asm_draft", "asm_approved"}));
  Result<DialogueFacts> restricted = LoadDialogueFacts(records_, "dlg_us-china", Visibility::kRestricted);
  ASSERT_TRUE(restricted.has_value());
  EXPECT_EQ(ids(restricted->cases), (std::vector<std::string>{"cas_hidden", "cas_xu"}));
}

TEST_F(LoadDialogueFactsTest, ReadsManyParentsEitherWayWithTheSameResult) {
  // Twelve raised cases: events are read by kind and filtered when the kind is
  // small, one query per case when most events belong to other cases.
  for (int unrelated_events : {0, 200}) {
    store_ = testing::MemoryStoreForTest();
    SeedDialogue();
    Put(RecordKind::kBenchmark, "bmk_a", MakeBenchmark("iss_detention", 0));
    for (int i = 0; i < 12; ++i) {
      SeedCase("c" + std::to_string(i), Visibility::kPublic,
               {{LegalEventType::kCriminalDetention, "2013-07-16"}, {LegalEventType::kArrestApproved, "2013-08-22"}});
      Ask a;
      a.round_id = "rnd_2013-kunming";
      a.subject = {AskSubjectKind::kCase, "cas_c" + std::to_string(i)};
      Put(RecordKind::kAsk, "ask_c" + std::to_string(i), a);
    }
    std::vector<std::pair<LegalEventType, std::string>> many(unrelated_events, {LegalEventType::kTrial, "2014-01-01"});
    SeedCase("elsewhere", Visibility::kPublic, many);
    const int lists_before = store_.list_calls();
    Result<DialogueFacts> facts = LoadDialogueFacts(records_, "dlg_us-china", Visibility::kPublic);
    ASSERT_TRUE(facts.has_value()) << unrelated_events;
    ASSERT_EQ(facts->cases.size(), 12u) << unrelated_events;
    for (const RaisedCase& c : facts->cases) {
      EXPECT_EQ(c.events.size(), 2u) << c.id << " with " << unrelated_events << " unrelated events";
    }
    // Per case: at least 12 more List calls than reading the kind at once
    // (20 calls read every kind the facts hold, readouts included).
    if (unrelated_events == 0) {
      EXPECT_LT(store_.list_calls() - lists_before, 21) << "events read by kind";
    } else {
      EXPECT_GE(store_.list_calls() - lists_before, 21) << "events read per case";
    }
  }
}

TEST_F(LoadDialogueFactsTest, IsNotFoundForAMissingInvisibleOrNonDialogueId) {
  SeedDialogue();
  Dialogue secret;
  secret.name = En("secret track");
  secret.party_a.name = En("A");
  secret.party_b.name = En("B");
  secret.common.visibility = Visibility::kInternal;
  Put(RecordKind::kDialogue, "dlg_secret", secret);
  for (const std::string id : {"dlg_nope", "dlg_secret", "rnd_2013-kunming"}) {
    Result<DialogueFacts> facts = LoadDialogueFacts(records_, id, Visibility::kPublic);
    ASSERT_FALSE(facts.has_value()) << id;
    EXPECT_EQ(facts.error().code, ErrorCode::kNotFound) << id;
  }
  EXPECT_TRUE(LoadDialogueFacts(records_, "dlg_secret", Visibility::kInternal).has_value());
}

TEST_F(LoadDialogueFactsTest, GivesEmptyListsForADialogueWithNothingInIt) {
  SeedDialogue();
  Result<DialogueFacts> facts = LoadDialogueFacts(records_, "dlg_us-china", Visibility::kPublic);
  ASSERT_TRUE(facts.has_value());
  EXPECT_TRUE(facts->benchmarks.empty());
  EXPECT_TRUE(facts->cases.empty());
  const Scorecard card = BuildScorecard(*facts);
  EXPECT_EQ(card.round_ids.size(), 2u);
  EXPECT_TRUE(card.rows.empty());
}

}  // namespace
}  // namespace readout::core
