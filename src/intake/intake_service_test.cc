#include "intake/intake_service.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "auth/testing/memory_account_store.h"
#include "core/testing/memory_store_for_test.h"

namespace readout::intake {
namespace {

using json = nlohmann::json;

// 2026-03-14 12:00:00 UTC.
constexpr std::int64_t kNoon = 1773489600;

class IntakeServiceTest : public ::testing::Test {
 protected:
  IntakeServiceTest() : records_(store_), service_(accounts_, records_, Options()) {
    Put(core::RecordKind::kCase, "cas_public", json{{"person_id", "prs_a"}, {"visibility", "public"}});
    Put(core::RecordKind::kCase, "cas_secret", json{{"person_id", "prs_a"}, {"visibility", "restricted"}});
    Put(core::RecordKind::kIssue, "iss_public", json{{"name", {{"en", "Torture"}}}});
  }

  IntakeOptions Options() {
    IntakeOptions o;
    o.now = [this] { return now_; };
    o.per_address_per_hour = 5;
    o.global_per_minute = 30;
    return o;
  }

  void Put(core::RecordKind kind, const std::string& id, const json& body) {
    auto r = records_.Create(kind, body, core::Actor{"setup"}, id);
    ASSERT_TRUE(r) << id << ": " << r.error().message;
  }

  static SubmissionInput Valid() {
    SubmissionInput in;
    in.about = "My brother";
    in.message = "He was taken away on 3 March.\r\nWe have had no news.";
    in.contact = "signal: +00 000";
    in.language = "en";
    return in;
  }

  Submission MustSubmit(const SubmissionInput& in = Valid(), const std::string& address = "198.51.100.7") {
    auto s = service_.Submit(in, address);
    EXPECT_TRUE(s) << s.error().message;
    return s ? *s : Submission{};
  }

  std::int64_t now_ = kNoon;
  core::testing::MemoryStoreForTest store_;
  core::RecordService records_;
  auth::testing::MemoryAccountStore accounts_;
  IntakeService service_;
  core::Actor editor_{"Editor Eve"};
};

std::vector<std::string> FieldsOf(const core::Error& e) {
  std::vector<std::string> out;
  for (const core::FieldError& f : e.fields) out.push_back(f.field);
  return out;
}

TEST_F(IntakeServiceTest, AValidSubmissionIsStoredAsNewWithTheDayOnly) {
  const Submission s = MustSubmit();
  EXPECT_EQ(s.id.rfind("sub_", 0), 0u) << s.id;
  EXPECT_EQ(s.id.size(), 20u) << s.id;
  EXPECT_EQ(s.received_at, "2026-03-14");
  EXPECT_EQ(s.state, SubmissionState::kNew);
  EXPECT_EQ(s.message, "He was taken away on 3 March.\nWe have had no news.") << "CRLF becomes LF";
  auto got = service_.Get(s.id);
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(got->message, s.message);
  EXPECT_EQ(got->contact, "signal: +00 000");
}

struct FieldCase {
  const char* name;
  std::function<void(SubmissionInput&)> change;
  const char* field;  // the one field the error must name
};

TEST_F(IntakeServiceTest, EachInvalidFieldIsNamedInTheError) {
  const std::vector<FieldCase> cases = {
      {"empty message", [](SubmissionInput& in) { in.message = ""; }, "message"},
      {"blank message", [](SubmissionInput& in) { in.message = " \n\t "; }, "message"},
      {"message over 20000 characters", [](SubmissionInput& in) { in.message = std::string(20001, 'x'); },
       "message"},
      {"message with a NUL", [](SubmissionInput& in) { in.message = std::string("a\0b", 3); }, "message"},
      {"message not UTF-8", [](SubmissionInput& in) { in.message = "caf\xe9"; }, "message"},
      {"about over 500 characters", [](SubmissionInput& in) { in.about = std::string(501, 'a'); }, "about"},
      {"contact over 500 characters", [](SubmissionInput& in) { in.contact = std::string(501, 'c'); }, "contact"},
      {"contact with an escape", [](SubmissionInput& in) { in.contact = "a\x1b[31m"; }, "contact"},
      {"language not a tag", [](SubmissionInput& in) { in.language = "english please"; }, "language"},
      {"case_id malformed", [](SubmissionInput& in) { in.case_id = "Xu Zhiyong"; }, "case_id"},
      {"case_id of another kind", [](SubmissionInput& in) { in.case_id = "iss_public"; }, "case_id"},
      {"case_id missing", [](SubmissionInput& in) { in.case_id = "cas_nobody"; }, "case_id"},
      {"case_id not public", [](SubmissionInput& in) { in.case_id = "cas_secret"; }, "case_id"},
  };
  for (const FieldCase& c : cases) {
    SubmissionInput in = Valid();
    c.change(in);
    auto r = service_.Submit(in, "198.51.100.7");
    ASSERT_FALSE(r) << c.name;
    EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument) << c.name;
    EXPECT_EQ(FieldsOf(r.error()), std::vector<std::string>{c.field}) << c.name;
  }
  auto listed = service_.List(std::nullopt);
  ASSERT_TRUE(listed);
  EXPECT_TRUE(listed->empty()) << "no invalid submission is stored";
}

TEST_F(IntakeServiceTest, LimitsCountCharactersNotBytes) {
  SubmissionInput in = Valid();
  std::string chinese;
  for (int i = 0; i < 20000; ++i) chinese += "字";  // 60,000 bytes, 20,000 characters
  in.message = chinese;
  EXPECT_TRUE(service_.Submit(in, "a")) << "20,000 Chinese characters are within the limit";
}

TEST_F(IntakeServiceTest, AMissingCaseAndANonPublicCaseGetTheSameAnswer) {
  SubmissionInput missing = Valid();
  missing.case_id = "cas_nobody";
  SubmissionInput secret = Valid();
  secret.case_id = "cas_secret";
  auto a = service_.Submit(missing, "a");
  auto b = service_.Submit(secret, "a");
  ASSERT_FALSE(a);
  ASSERT_FALSE(b);
  EXPECT_EQ(a.error().fields, b.error().fields);
}

TEST_F(IntakeServiceTest, APublicCaseMayBeNamed) {
  SubmissionInput in = Valid();
  in.case_id = "cas_public";
  EXPECT_EQ(MustSubmit(in).case_id, "cas_public");
}

TEST_F(IntakeServiceTest, OneAddressIsLimitedToFiveAnHour) {
  for (int i = 0; i < 5; ++i) MustSubmit(Valid(), "198.51.100.7");
  auto sixth = service_.Submit(Valid(), "198.51.100.7");
  ASSERT_FALSE(sixth);
  EXPECT_EQ(sixth.error().code, core::ErrorCode::kTooManyRequests);
  EXPECT_TRUE(service_.Submit(Valid(), "203.0.113.9")) << "another address is not affected";
  now_ += 3601;
  EXPECT_TRUE(service_.Submit(Valid(), "198.51.100.7")) << "an hour later the address may send again";
}

TEST_F(IntakeServiceTest, InvalidSubmissionsDoNotCountAgainstTheLimit) {
  SubmissionInput bad = Valid();
  bad.message = "";
  for (int i = 0; i < 10; ++i) EXPECT_FALSE(service_.Submit(bad, "198.51.100.7"));
  EXPECT_TRUE(service_.Submit(Valid(), "198.51.100.7"));
}

TEST_F(IntakeServiceTest, EveryoneTogetherIsLimitedPerMinute) {
  for (int i = 0; i < 30; ++i) MustSubmit(Valid(), "addr-" + std::to_string(i));
  auto over = service_.Submit(Valid(), "a-fresh-address");
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code, core::ErrorCode::kTooManyRequests);
  now_ += 61;
  EXPECT_TRUE(service_.Submit(Valid(), "a-fresh-address"));
}

TEST_F(IntakeServiceTest, TheStoredDocumentHoldsNoAddressAndNoTimeOfDay) {
  const std::string address = "198.51.100.77";
  const Submission s = MustSubmit(Valid(), address);
  auto doc = accounts_.GetDocument(auth::kSubmissions, s.id);
  ASSERT_TRUE(doc && *doc);
  const std::string& body = (*doc)->body;
  EXPECT_EQ(body.find(address), std::string::npos) << body;
  EXPECT_EQ(body.find("198.51"), std::string::npos) << body;
  const json j = json::parse(body);
  std::vector<std::string> keys;
  for (const auto& [k, v] : j.items()) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"about", "case_id", "contact", "handled_at", "handled_by", "id",
                                            "language", "message", "received_at", "record_id", "state"}))
      << body;
  EXPECT_EQ(j["received_at"], "2026-03-14") << "the day, not the time: " << body;
  EXPECT_EQ(body.find("12:00"), std::string::npos) << body;
}

TEST_F(IntakeServiceTest, ListFiltersByStateAndCountsEachState) {
  const Submission a = MustSubmit();
  const Submission b = MustSubmit();
  MustSubmit();
  ASSERT_TRUE(service_.Dismiss(a.id, editor_));
  ASSERT_TRUE(service_.Accept(b.id, editor_, core::RecordKind::kSource, SourceBodyFor(b)));
  auto fresh = service_.List(SubmissionState::kNew);
  ASSERT_TRUE(fresh);
  EXPECT_EQ(fresh->size(), 1u);
  auto counts = service_.Counts();
  ASSERT_TRUE(counts);
  EXPECT_EQ(counts->new_count, 1);
  EXPECT_EQ(counts->accepted, 1);
  EXPECT_EQ(counts->dismissed, 1);
}

TEST_F(IntakeServiceTest, DismissMarksItHandledOnce) {
  const Submission s = MustSubmit();
  now_ += 2 * 86400;
  auto d = service_.Dismiss(s.id, editor_);
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d->state, SubmissionState::kDismissed);
  EXPECT_EQ(d->handled_by, "Editor Eve");
  EXPECT_EQ(d->handled_at, "2026-03-16");
  auto again = service_.Dismiss(s.id, editor_);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, core::ErrorCode::kConflict);
  auto accept = service_.Accept(s.id, editor_, core::RecordKind::kSource, SourceBodyFor(s));
  ASSERT_FALSE(accept);
  EXPECT_EQ(accept.error().code, core::ErrorCode::kConflict);
}

TEST_F(IntakeServiceTest, AcceptCreatesARestrictedRecordWithProvenance) {
  const Submission s = MustSubmit();
  json body = SourceBodyFor(s);
  body["visibility"] = "public";  // whatever the editor asks, the draft starts restricted
  auto a = service_.Accept(s.id, editor_, core::RecordKind::kSource, body);
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->state, SubmissionState::kAccepted);
  ASSERT_EQ(a->record_id.rfind("src_", 0), 0u) << a->record_id;

  auto record = records_.Get(a->record_id, core::Visibility::kRestricted);
  ASSERT_TRUE(record) << record.error().message;
  EXPECT_EQ(record->header.visibility, core::Visibility::kRestricted);
  const std::string provenance = "Public submission " + s.id + ", received 2026-03-14";
  ASSERT_TRUE(record->body.contains("sources")) << record->body.dump();
  EXPECT_EQ(record->body["sources"][0]["title"], provenance) << record->body.dump();
  EXPECT_FALSE(records_.Get(a->record_id, core::Visibility::kPublic)) << "not visible to the public";
  EXPECT_EQ(record->body.dump().find("signal: +00 000"), std::string::npos) << "the contact stays in the queue";
}

TEST_F(IntakeServiceTest, AcceptOfAnotherKindKeepsTheEditorsSources) {
  const Submission s = MustSubmit();
  json body = {{"name", {{"en", "Enforced disappearance"}}},
               {"sources", json::array({{{"title", "Earlier report"}}})}};
  auto a = service_.Accept(s.id, editor_, core::RecordKind::kIssue, body);
  ASSERT_TRUE(a) << a.error().message;
  auto record = records_.Get(a->record_id, core::Visibility::kRestricted);
  ASSERT_TRUE(record);
  EXPECT_EQ(record->body["sources"].size(), 2u) << record->body.dump();
  EXPECT_EQ(record->body["sources"][0]["title"], ProvenanceTitle(s));
  EXPECT_EQ(record->body["sources"][1]["title"], "Earlier report");
}

TEST_F(IntakeServiceTest, AnInvalidRecordLeavesTheSubmissionNew) {
  const Submission s = MustSubmit();
  auto a = service_.Accept(s.id, editor_, core::RecordKind::kSource, json{{"title", 7}});
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().code, core::ErrorCode::kInvalidArgument);
  auto got = service_.Get(s.id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->state, SubmissionState::kNew);
  EXPECT_TRUE(got->record_id.empty());
  EXPECT_TRUE(service_.Accept(s.id, editor_, core::RecordKind::kSource, SourceBodyFor(s))) << "can try again";
}

TEST_F(IntakeServiceTest, EraseRemovesOnlyHandledSubmissions) {
  const Submission s = MustSubmit();
  auto early = service_.Erase(s.id);
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, core::ErrorCode::kConflict);
  ASSERT_TRUE(service_.Dismiss(s.id, editor_));
  ASSERT_TRUE(service_.Erase(s.id));
  auto doc = accounts_.GetDocument(auth::kSubmissions, s.id);
  ASSERT_TRUE(doc);
  EXPECT_FALSE(doc->has_value());
  auto got = service_.Get(s.id);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, core::ErrorCode::kNotFound);
}

TEST_F(IntakeServiceTest, MalformedIdsAreNotFound) {
  for (const char* id : {"", "sub_", "sub_0123", "../users/usr_x", "sub_0123456789ABCDEF", "usr_0123456789abcdef"}) {
    auto got = service_.Get(id);
    ASSERT_FALSE(got) << id;
    EXPECT_EQ(got.error().code, core::ErrorCode::kNotFound) << id;
  }
}

TEST(SubmissionCodecTest, EncodeThenDecodeGivesTheSameSubmission) {
  Submission s;
  s.id = "sub_0123456789abcdef";
  s.received_at = "2026-03-14";
  s.about = "a";
  s.case_id = "cas_x";
  s.message = "m\n字";
  s.contact = "c";
  s.language = "zh-Hans";
  s.state = SubmissionState::kAccepted;
  s.handled_by = "Eve";
  s.handled_at = "2026-03-15";
  s.record_id = "src_x";
  auto back = DecodeSubmission(EncodeSubmission(s));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(EncodeSubmission(*back), EncodeSubmission(s));
  EXPECT_FALSE(DecodeSubmission("not json"));
  EXPECT_FALSE(DecodeSubmission(R"({"state":"maybe"})"));
}

}  // namespace
}  // namespace readout::intake
