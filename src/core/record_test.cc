#include "core/record.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <string_view>

namespace readout::core {
namespace {

TEST(RecordKinds, NamesPluralsAndPrefixesRoundTrip) {
  struct Case {
    RecordKind kind;
    const char* name;
    const char* plural;
    const char* prefix;
  };
  const Case cases[] = {
      {RecordKind::kDialogue, "dialogue", "dialogues", "dlg"},
      {RecordKind::kRound, "round", "rounds", "rnd"},
      {RecordKind::kIssue, "issue", "issues", "iss"},
      {RecordKind::kAsk, "ask", "asks", "ask"},
      {RecordKind::kReply, "reply", "replies", "rpl"},
      {RecordKind::kCaseList, "case_list", "case_lists", "cls"},
      {RecordKind::kPerson, "person", "people", "prs"},
      {RecordKind::kCase, "case", "cases", "cas"},
      {RecordKind::kLegalEvent, "legal_event", "legal_events", "lev"},
      {RecordKind::kPlace, "place", "places", "plc"},
      {RecordKind::kSource, "source", "sources", "src"},
      {RecordKind::kEvidenceFile, "evidence_file", "evidence_files", "evf"},
      {RecordKind::kCustodyEvent, "custody_event", "custody_events", "cus"},
      {RecordKind::kGroupEvent, "group_event", "group_events", "gev"},
      {RecordKind::kBenchmark, "benchmark", "benchmarks", "bmk"},
      {RecordKind::kAssessment, "assessment", "assessments", "asm"},
      {RecordKind::kCommitment, "commitment", "commitments", "cmt"},
      {RecordKind::kAgency, "agency", "agencies", "agy"},
      {RecordKind::kEngagement, "engagement", "engagements", "eng"},
      {RecordKind::kIndicator, "indicator", "indicators", "ind"},
      {RecordKind::kObservation, "observation", "observations", "obs"},
      {RecordKind::kReadout, "readout", "readouts", "rdo"},
  };
  ASSERT_EQ(AllRecordKinds().size(), std::size(cases));
  for (const Case& c : cases) {
    EXPECT_EQ(KindName(c.kind), c.name);
    EXPECT_EQ(KindPlural(c.kind), c.plural);
    EXPECT_EQ(IdPrefix(c.kind), c.prefix);
    EXPECT_EQ(ParseKindName(c.name), c.kind) << c.name;
    EXPECT_EQ(ParseKindPlural(c.plural), c.kind) << c.plural;
    EXPECT_EQ(KindOfId(std::string(c.prefix) + "_x"), c.kind) << c.prefix;
  }
  EXPECT_FALSE(ParseKindName("dialogues").has_value());
  EXPECT_FALSE(ParseKindPlural("dialogue").has_value());
}

TEST(RecordKinds, EveryKindHasADistinctNamePluralAndPrefix) {
  std::set<std::string_view> names, plurals, prefixes;
  for (RecordKind kind : AllRecordKinds()) {
    EXPECT_TRUE(names.insert(KindName(kind)).second) << KindName(kind);
    EXPECT_TRUE(plurals.insert(KindPlural(kind)).second) << KindPlural(kind);
    EXPECT_TRUE(prefixes.insert(IdPrefix(kind)).second) << IdPrefix(kind);
    EXPECT_EQ(IdPrefix(kind).size(), 3u) << KindName(kind);
  }
}

TEST(RecordIds, NamesTheKindOfACaseDocumentationPrefix) {
  Status st = ValidateId("prs_xu-zhiyong", RecordKind::kCase, "person_id");
  ASSERT_FALSE(st.has_value());
  EXPECT_NE(st.error().message.find("which is a person id"), std::string::npos) << st.error().message;
  EXPECT_EQ(KindOfId("cus_0"), RecordKind::kCustodyEvent);
  EXPECT_EQ(KindOfId("evf_scan-1"), RecordKind::kEvidenceFile);
}

TEST(RecordIds, AcceptsWellFormedIds) {
  const char* ids[] = {"rnd_2013-kunming", "rnd_0", "rnd_k3v9q2m7x1c4b8zd", "rnd_a-b-c-",
                       "rnd_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"};
  for (const char* id : ids) {
    Status st = ValidateId(id, RecordKind::kRound);
    EXPECT_TRUE(st.has_value()) << id << ": " << st.error().message;
    EXPECT_EQ(KindOfId(id), RecordKind::kRound) << id;
  }
}

TEST(RecordIds, RejectsMalformedIdsNamingTheField) {
  const char* ids[] = {"",
                       "rnd_",
                       "rnd",
                       "rnd-2013",
                       "RND_2013",
                       "rnd_Kunming",
                       "rnd_-2013",
                       "rnd_2013_x",
                       "rnd_2013 x",
                       "xyz_2013",
                       "dlg_2013",
                       "rnd_kunming/1",
                       "rnd_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                       "rnd_\xe4\xb8\xad"};
  for (const char* id : ids) {
    Status st = ValidateId(id, RecordKind::kRound, "round_id");
    ASSERT_FALSE(st.has_value()) << id;
    ASSERT_EQ(st.error().fields.size(), 1u);
    EXPECT_EQ(st.error().fields[0].field, "round_id") << id;
    EXPECT_NE(st.error().fields[0].problem.find("round id"), std::string::npos) << st.error().fields[0].problem;
  }
}

TEST(RecordIds, SaysWhichKindAWrongPrefixBelongsTo) {
  Status st = ValidateId("dlg_us-china", RecordKind::kRound, "round_id");
  ASSERT_FALSE(st.has_value());
  EXPECT_NE(st.error().message.find("which is a dialogue id"), std::string::npos) << st.error().message;
}

TEST(RecordIds, KindOfIdRejectsMalformedIds) {
  for (const char* id : {"", "dlg", "dlg_", "zzz_abc", "dlg_ABC", "dlg__a"}) {
    EXPECT_FALSE(KindOfId(id).has_value()) << id;
  }
}

TEST(RecordIds, NewIdsAreValidRandomAndCrockfordBase32) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    for (RecordKind kind : AllRecordKinds()) {
      const std::string id = NewId(kind);
      ASSERT_TRUE(ValidateId(id, kind).has_value()) << id;
      const std::string slug = id.substr(IdPrefix(kind).size() + 1);
      ASSERT_EQ(slug.size(), 16u) << id;
      EXPECT_EQ(slug.find_first_not_of("0123456789abcdefghjkmnpqrstvwxyz"), std::string::npos) << id;
      EXPECT_TRUE(seen.insert(slug).second) << "repeated " << id;
    }
  }
}

TEST(RevisionOperations, CodesRoundTrip) {
  for (RevisionOperation op : {RevisionOperation::kCreate, RevisionOperation::kUpdate, RevisionOperation::kDelete,
                               RevisionOperation::kRestore}) {
    EXPECT_EQ(ParseRevisionOperation(ToCode(op)), op) << ToCode(op);
  }
  EXPECT_EQ(ToCode(RevisionOperation::kRestore), "restore");
  EXPECT_FALSE(ParseRevisionOperation("purge").has_value());
}

}  // namespace
}  // namespace readout::core
