#include "core/record_service.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include <sodium.h>

#include "core/entity_codec.h"
#include "core/record_json.h"
#include "core/testing/memory_store_for_test.h"

namespace readout::core {
namespace {

using nlohmann::json;

using FakeStore = testing::MemoryStoreForTest;

json IssueBody(const char* visibility = "public") {
  return json{{"visibility", visibility}, {"name", {{"en", "Torture"}}}};
}

class RecordServiceTest : public ::testing::Test {
 protected:
  FakeStore store_;
  RecordService service_{store_};
  const Actor editor_{"Jane Editor"};

  StoredRecord MustCreate(RecordKind kind, const json& body, std::string id = "") {
    Result<StoredRecord> r = service_.Create(kind, body, editor_, std::move(id));
    EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
    return r ? *r : StoredRecord{};
  }
};

TEST_F(RecordServiceTest, CreateStoresTheCanonicalBody) {
  json body = IssueBody();
  body["description"] = json::object();
  body["id"] = "iss_ignored";
  const StoredRecord r = MustCreate(RecordKind::kIssue, body, "iss_torture");
  EXPECT_EQ(r.header.id, "iss_torture");
  EXPECT_EQ(r.body, IssueBody());
}

TEST_F(RecordServiceTest, CreateGeneratesAnIdWhenNoneIsGiven) {
  const StoredRecord r = MustCreate(RecordKind::kIssue, IssueBody());
  EXPECT_EQ(KindOfId(r.header.id), RecordKind::kIssue) << r.header.id;
}

TEST_F(RecordServiceTest, InvalidBodiesNeverReachTheStore) {
  Result<StoredRecord> r = service_.Create(RecordKind::kIssue, json{{"name", "Torture"}, {"x", 1}}, editor_);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().fields.size(), 2u);
  Result<StoredRecord> bad_id = service_.Create(RecordKind::kIssue, IssueBody(), editor_, "Torture");
  ASSERT_FALSE(bad_id.has_value());
  EXPECT_EQ(bad_id.error().fields[0].field, "id");
  EXPECT_EQ(store_.write_attempts(), 0);
}

TEST_F(RecordServiceTest, GetHidesRecordsAboveTheReadersClearanceLikeMissingOnes) {
  MustCreate(RecordKind::kIssue, IssueBody("public"), "iss_a");
  MustCreate(RecordKind::kIssue, IssueBody("internal"), "iss_b");
  MustCreate(RecordKind::kIssue, IssueBody("restricted"), "iss_c");
  struct Case {
    const char* id;
    Visibility reader;
    bool found;
  };
  const Case cases[] = {
      {"iss_a", Visibility::kPublic, true},        {"iss_b", Visibility::kPublic, false},
      {"iss_c", Visibility::kPublic, false},       {"iss_b", Visibility::kInternal, true},
      {"iss_c", Visibility::kInternal, false},     {"iss_c", Visibility::kRestricted, true},
      {"iss_zzz", Visibility::kRestricted, false},
  };
  for (const Case& c : cases) {
    Result<StoredRecord> r = service_.Get(c.id, c.reader);
    EXPECT_EQ(r.has_value(), c.found) << c.id << " for " << ToCode(c.reader);
    if (!r) {
      EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
      EXPECT_EQ(r.error().message, "no issue with id " + std::string(c.id));
    }
  }
}

TEST_F(RecordServiceTest, GetHidesDeletedRecordsUnlessAsked) {
  const StoredRecord r = MustCreate(RecordKind::kIssue, IssueBody(), "iss_a");
  ASSERT_TRUE(service_.Delete("iss_a", r.header.revision, editor_).has_value());
  Result<StoredRecord> hidden = service_.Get("iss_a", Visibility::kRestricted);
  ASSERT_FALSE(hidden.has_value());
  EXPECT_EQ(hidden.error().message, "no issue with id iss_a");
  Result<StoredRecord> shown = service_.Get("iss_a", Visibility::kRestricted, true);
  ASSERT_TRUE(shown.has_value());
  EXPECT_TRUE(shown->header.deleted);
}

TEST_F(RecordServiceTest, ListNeverShowsMoreThanTheReaderMaySee) {
  MustCreate(RecordKind::kIssue, IssueBody("public"), "iss_a");
  MustCreate(RecordKind::kIssue, IssueBody("internal"), "iss_b");
  ListQuery q;
  q.max_visibility = Visibility::kRestricted;
  Result<ListPage> page = service_.List(q, Visibility::kPublic);
  ASSERT_TRUE(page.has_value());
  EXPECT_EQ(store_.last_query().max_visibility, Visibility::kPublic);
  ASSERT_EQ(page->records.size(), 1u);
  EXPECT_EQ(page->records[0].header.id, "iss_a");

  q.max_visibility = Visibility::kPublic;
  ASSERT_TRUE(service_.List(q, Visibility::kRestricted).has_value());
  EXPECT_EQ(store_.last_query().max_visibility, Visibility::kPublic);
}

TEST_F(RecordServiceTest, UpdateValidatesAgainstTheStoredKind) {
  const StoredRecord r = MustCreate(RecordKind::kIssue, IssueBody(), "iss_a");
  json body = IssueBody();
  body["name"]["zh_hans"] = "酷刑";
  Result<StoredRecord> updated = service_.Update("iss_a", r.header.revision, body, editor_);
  ASSERT_TRUE(updated.has_value()) << updated.error().message;
  EXPECT_EQ(updated->header.revision, 2);
  EXPECT_EQ(updated->body["name"]["zh_hans"], "酷刑");

  Result<StoredRecord> invalid = service_.Update("iss_a", 2, json{{"title", "x"}}, editor_);
  ASSERT_FALSE(invalid.has_value());
  EXPECT_EQ(invalid.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(RecordServiceTest, UpdateAcceptsAnEditedGetResponse) {
  const StoredRecord r = MustCreate(RecordKind::kIssue, IssueBody(), "iss_a");
  Result<StoredRecord> got = service_.Get("iss_a", Visibility::kRestricted);
  ASSERT_TRUE(got.has_value());
  json body = got->body;
  body["id"] = "iss_a";
  body["kind"] = "issue";
  body["revision"] = 1;
  body["description"] = json{{"en", "Cruel treatment."}};
  Result<StoredRecord> updated = service_.Update("iss_a", r.header.revision, body, editor_);
  ASSERT_TRUE(updated.has_value()) << updated.error().message;
  EXPECT_FALSE(updated->body.contains("kind"));
}

TEST_F(RecordServiceTest, UpdateRefusesABodyOfAnotherKindAsAConflict) {
  const StoredRecord r = MustCreate(RecordKind::kIssue, IssueBody(), "iss_a");
  json body = IssueBody();
  body["kind"] = "dialogue";
  Result<StoredRecord> u = service_.Update("iss_a", r.header.revision, body, editor_);
  ASSERT_FALSE(u.has_value());
  EXPECT_EQ(u.error().code, ErrorCode::kConflict);
}

TEST_F(RecordServiceTest, UpdateOfAMissingRecordIsNotFound) {
  Result<StoredRecord> u = service_.Update("iss_nope", 1, IssueBody(), editor_);
  ASSERT_FALSE(u.has_value());
  EXPECT_EQ(u.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(u.error().message, "no issue with id iss_nope");
}

TEST_F(RecordServiceTest, StaleUpdatesAreConflicts) {
  MustCreate(RecordKind::kIssue, IssueBody(), "iss_a");
  Result<StoredRecord> u = service_.Update("iss_a", 7, IssueBody(), editor_);
  ASSERT_FALSE(u.has_value());
  EXPECT_EQ(u.error().code, ErrorCode::kConflict);
}

TEST_F(RecordServiceTest, PublicHistoryHidesNonPublicRevisionsAndStaffNames) {
  StoredRecord r = MustCreate(RecordKind::kIssue, IssueBody("internal"), "iss_a");  // 1: internal
  r = *service_.Update("iss_a", r.header.revision, IssueBody("public"), editor_);   // 2: internal -> public
  json edited = IssueBody("public");
  edited["description"] = json{{"en", "x"}};
  r = *service_.Update("iss_a", r.header.revision, edited, editor_);  // 3: public -> public
  ASSERT_EQ(r.header.revision, 3);

  Result<std::vector<Revision>> staff = service_.History("iss_a", Visibility::kRestricted);
  ASSERT_TRUE(staff.has_value());
  ASSERT_EQ(staff->size(), 3u);
  EXPECT_EQ((*staff)[0].actor, "Jane Editor");

  Result<std::vector<Revision>> internal = service_.History("iss_a", Visibility::kInternal);
  ASSERT_TRUE(internal.has_value());
  EXPECT_EQ(internal->size(), 3u);
  for (const Revision& v : *internal) EXPECT_EQ(v.actor, "");

  Result<std::vector<Revision>> pub = service_.History("iss_a", Visibility::kPublic);
  ASSERT_TRUE(pub.has_value());
  ASSERT_EQ(pub->size(), 1u);
  EXPECT_EQ((*pub)[0].revision, 3);
  EXPECT_EQ((*pub)[0].actor, "");
}

TEST_F(RecordServiceTest, HistoryOfAnInvisibleRecordIsNotFound) {
  MustCreate(RecordKind::kIssue, IssueBody("restricted"), "iss_a");
  Result<std::vector<Revision>> h = service_.History("iss_a", Visibility::kInternal);
  ASSERT_FALSE(h.has_value());
  EXPECT_EQ(h.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(h.error().message, "no issue with id iss_a");
  Result<std::vector<Revision>> missing = service_.History("iss_b", Visibility::kRestricted);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().message, "no issue with id iss_b");
}

StoredRecord Stored(std::string id, RecordKind kind, json body, std::string parent_id = "") {
  StoredRecord r;
  r.header.id = std::move(id);
  r.header.kind = kind;
  r.header.revision = 1;
  r.header.parent_id = std::move(parent_id);
  r.header.created_at = r.header.updated_at = "2026-11-29T08:00:00.000Z";
  r.body = std::move(body);
  return r;
}

TEST_F(RecordServiceTest, ImportPassesAValidBundleToTheStore) {
  Bundle b;
  b.records.push_back(Stored("iss_a", RecordKind::kIssue, IssueBody()));
  b.records.push_back(Stored("iss_b", RecordKind::kIssue,
                             json{{"visibility", "public"}, {"parent_id", "iss_a"}, {"name", {{"en", "B"}}}}, "iss_a"));
  Revision v;
  v.record_id = "iss_a";
  b.revisions.push_back(v);
  Status st = service_.Import(b);
  ASSERT_TRUE(st.has_value()) << st.error().message;
  EXPECT_EQ(store_.imports(), 1);
  EXPECT_EQ(store_.Export()->records.size(), 2u);
}

TEST_F(RecordServiceTest, ImportReportsEveryBadRecordWithItsIndexAndImportsNothing) {
  Bundle b;
  b.records.push_back(Stored("iss_a", RecordKind::kIssue, IssueBody()));
  b.records.push_back(Stored("iss_b", RecordKind::kIssue, json{{"name", {{"en", "B"}}}}));  // no visibility
  b.records.push_back(Stored("rnd_c", RecordKind::kRound, json{{"visibility", "public"}, {"dates", "2013-13-45"}}));
  b.records.push_back(Stored("iss_a", RecordKind::kIssue, IssueBody()));
  b.records.push_back(Stored("iss_e", RecordKind::kIssue, IssueBody("internal")));  // header says public
  b.records.push_back(Stored("iss_f", RecordKind::kIssue, IssueBody(), "iss_a"));   // parent not in body
  Revision orphan;
  orphan.record_id = "iss_zzz";
  b.revisions.push_back(orphan);
  Status st = service_.Import(b);
  ASSERT_FALSE(st.has_value());
  EXPECT_EQ(store_.imports(), 0);
  std::vector<std::string> fields;
  for (const FieldError& e : st.error().fields) fields.push_back(e.field);
  for (const char* expected :
       {"records[1]", "records[2].dates", "records[2].dialogue_id", "records[2].title", "records[3].id",
        "records[4].visibility", "records[5].parent_id", "revisions[0].record_id"}) {
    EXPECT_NE(std::find(fields.begin(), fields.end(), expected), fields.end())
        << expected << ": " << st.error().message;
  }
  for (const FieldError& e : st.error().fields) EXPECT_NE(e.field.rfind("records[0]", 0), 0u) << e.field;
}

// --- Redaction: guarded fields never leave RecordService above the reader's clearance.

TEST_F(RecordServiceTest, GuardedFieldsAndProtectedIdentitiesNeverReachReadersBelowRestricted) {
  const StoredRecord person = MustCreate(RecordKind::kPerson, json::parse(R"({
    "names": [{"text": "许志永", "script": "Hans", "primary": true}],
    "risk_notes": {"text": "CANARY-risk_notes"}})"));
  const std::string case_body = R"({"person_id": ")" + person.header.id + R"(",
    "family_contact": {"text": "CANARY-family_contact"},
    "notes": {"text": "CANARY-notes", "visibility": "restricted"}})";
  const StoredRecord case_record = MustCreate(RecordKind::kCase, json::parse(case_body));
  // An update, so that history has both a before and an after carrying the canaries.
  json updated = json::parse(case_body);
  updated["summary"] = {{"en", "Detained in 2013."}};
  ASSERT_TRUE(service_.Update(case_record.header.id, 1, updated, editor_).has_value());
  const StoredRecord source = MustCreate(RecordKind::kSource, json::parse(R"({
    "type": "family_account", "title": {"en": "Account by a relative"}, "author": "CANARY-author",
    "url": "https://example.org/CANARY-url", "protect_identity": true})"));

  auto everything = [&](Visibility reader) {
    std::string dump;
    for (const std::string& id : {person.header.id, case_record.header.id, source.header.id}) {
      Result<StoredRecord> r = service_.Get(id, reader);
      EXPECT_TRUE(r.has_value()) << id;
      if (r) dump += ToJson(*r).dump();
      Result<std::vector<Revision>> history = service_.History(id, reader);
      EXPECT_TRUE(history.has_value()) << id;
      if (history) {
        for (const Revision& rev : *history) dump += ToJson(rev).dump();
      }
    }
    ListQuery query;
    query.limit = 1000;
    Result<ListPage> page = service_.List(query, reader);
    EXPECT_TRUE(page.has_value());
    if (page) {
      for (const StoredRecord& r : page->records) dump += ToJson(r).dump();
    }
    return dump;
  };
  for (Visibility reader : {Visibility::kPublic, Visibility::kInternal}) {
    const std::string dump = everything(reader);
    EXPECT_EQ(dump.find("CANARY"), std::string::npos) << ToCode(reader) << ": " << dump;
    EXPECT_NE(dump.find("Account by a relative"), std::string::npos) << ToCode(reader);
  }
  // The canaries are there to be found: restricted readers see every one.
  const std::string all = everything(Visibility::kRestricted);
  for (const char* canary : {"CANARY-risk_notes", "CANARY-family_contact", "CANARY-notes", "CANARY-author",
                             "CANARY-url"}) {
    EXPECT_NE(all.find(canary), std::string::npos) << canary;
  }
}

TEST_F(RecordServiceTest, InternalGuardedFieldsReachInternalReadersOnly) {
  const StoredRecord person = MustCreate(RecordKind::kPerson, json::parse(R"({
    "names": [{"text": "A", "script": "Latn", "primary": true}],
    "risk_notes": {"text": "watch", "visibility": "internal"}})"));
  EXPECT_TRUE(service_.Get(person.header.id, Visibility::kInternal)->body.contains("risk_notes"));
  EXPECT_FALSE(service_.Get(person.header.id, Visibility::kPublic)->body.contains("risk_notes"));
}

// --- Assessments: nothing is public without a second person.

TEST_F(RecordServiceTest, ADraftAssessmentStaysHiddenFromThePublicUntilApproved) {
  json body = json::parse(R"({"visibility": "public", "benchmark_id": "bmk_rtl", "round_id": "rnd_2013",
    "rating": "met", "rationale": {"en": "Abolished on 28 December 2013."}, "assessor": "researcher A",
    "state": "draft"})");
  const StoredRecord draft = MustCreate(RecordKind::kAssessment, body, "asm_rtl-2013");
  EXPECT_EQ(draft.header.visibility, Visibility::kInternal);
  EXPECT_EQ(draft.body["visibility"], "public");  // what it asks for once approved

  Result<StoredRecord> hidden = service_.Get("asm_rtl-2013", Visibility::kPublic);
  ASSERT_FALSE(hidden.has_value());
  EXPECT_EQ(hidden.error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(service_.Get("asm_rtl-2013", Visibility::kInternal).has_value());
  ListQuery q;
  q.kind = RecordKind::kAssessment;
  Result<ListPage> none = service_.List(q, Visibility::kPublic);
  ASSERT_TRUE(none.has_value());
  EXPECT_TRUE(none->records.empty());
  Result<std::vector<Revision>> no_history = service_.History("asm_rtl-2013", Visibility::kPublic);
  EXPECT_FALSE(no_history.has_value());

  body["state"] = "approved";
  body["reviewer"] = "editor B";
  Result<StoredRecord> approved = service_.Update("asm_rtl-2013", draft.header.revision, body, editor_);
  ASSERT_TRUE(approved.has_value()) << approved.error().message;
  EXPECT_EQ(approved->header.visibility, Visibility::kPublic);
  Result<StoredRecord> shown = service_.Get("asm_rtl-2013", Visibility::kPublic);
  ASSERT_TRUE(shown.has_value());
  EXPECT_EQ(shown->body["state"], "approved");
  Result<ListPage> listed = service_.List(q, Visibility::kPublic);
  ASSERT_TRUE(listed.has_value());
  ASSERT_EQ(listed->records.size(), 1u);
  EXPECT_EQ(listed->records[0].header.id, "asm_rtl-2013");
  // Neither the draft nor the step that made it public shows in the public
  // history (the approval's "before" is the draft).
  Result<std::vector<Revision>> history = service_.History("asm_rtl-2013", Visibility::kPublic);
  ASSERT_TRUE(history.has_value());
  EXPECT_TRUE(history->empty());
}

TEST_F(RecordServiceTest, AnApprovalByTheAssessorThemselvesIsRefused) {
  json body = json::parse(R"({"benchmark_id": "bmk_rtl", "date": "2014-06", "rating": "no_progress",
    "rationale": {"en": "No change."}, "assessor": "researcher A", "reviewer": "researcher A", "state": "approved"})");
  Result<StoredRecord> r = service_.Create(RecordKind::kAssessment, body, editor_);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  ASSERT_EQ(r.error().fields.size(), 1u);
  EXPECT_EQ(r.error().fields[0].field, "reviewer");
  EXPECT_EQ(store_.write_attempts(), 0);
}

TEST_F(RecordServiceTest, ImportAcceptsADraftAssessmentStoredInternalWithAPublicBody) {
  Bundle b;
  StoredRecord r;
  r.header.id = "asm_rtl-2013";
  r.header.kind = RecordKind::kAssessment;
  r.header.revision = 1;
  r.header.visibility = Visibility::kInternal;
  r.header.parent_id = "bmk_rtl";
  r.header.created_at = r.header.updated_at = "2026-11-29T08:00:00.000Z";
  r.body = json::parse(R"({"visibility": "public", "benchmark_id": "bmk_rtl", "round_id": "rnd_2013",
    "rating": "not_assessed", "assessor": "researcher A", "state": "draft"})");
  b.records.push_back(r);
  Status ok = service_.Import(b);
  ASSERT_TRUE(ok.has_value()) << ok.error().message;

  // A bundle that claims a draft is public is refused.
  b.records[0].header.visibility = Visibility::kPublic;
  Status bad = service_.Import(b);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().fields[0].field, "records[0].visibility") << bad.error().message;
}

// --- Custody log: an append-only hash chain.

class CustodyTest : public RecordServiceTest {
 protected:
  void SetUp() override {
    file_ = MustCreate(RecordKind::kEvidenceFile, json::parse(R"({"filename": "judgment.pdf",
      "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"})")).header.id;
  }

  StoredRecord Append(const char* action, const char* at) {
    return MustCreate(RecordKind::kCustodyEvent,
                      json{{"evidence_file_id", file_}, {"action", action}, {"at", at}, {"actor", "researcher A"},
                           // Whatever a client sends for the chain is replaced.
                           {"hash", std::string(64, 'a')}, {"previous_hash", std::string(64, 'b')}});
  }

  static std::string Sha256Hex(const std::string& data) {
    EXPECT_GE(sodium_init(), 0);
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    for (unsigned char b : digest) {
      hex += kHex[b >> 4];
      hex += kHex[b & 15];
    }
    return hex;
  }

  std::string file_;
};

TEST_F(CustodyTest, AppendsLinkEachEntryToThePreviousOneByHash) {
  const StoredRecord first = Append("received", "2014-02-01T10:00:00Z");
  const StoredRecord second = Append("stored", "2014-02-01T11:00:00Z");
  const StoredRecord third = Append("verified", "2014-02-02T09:00:00+08:00");

  EXPECT_FALSE(first.body.contains("previous_hash")) << first.body.dump();
  EXPECT_EQ(second.body["previous_hash"], first.body["hash"]);
  EXPECT_EQ(third.body["previous_hash"], second.body["hash"]);
  EXPECT_EQ(first.header.parent_id, file_);

  // hash = SHA-256(previous_hash + "\n" + canonical JSON without previous_hash and hash).
  for (const StoredRecord* r : {&first, &second, &third}) {
    json content = r->body;
    const std::string previous = content.value("previous_hash", "");
    content.erase("previous_hash");
    content.erase("hash");
    EXPECT_EQ(r->body["hash"], Sha256Hex(previous + "\n" + content.dump())) << r->header.id;
    EXPECT_NE(r->body["hash"], std::string(64, 'a'));
  }
  EXPECT_TRUE(service_.VerifyCustodyChain(file_).has_value());
}

TEST_F(CustodyTest, TamperingWithAStoredEntryIsDetectedAndNamed) {
  Append("received", "2014-02-01T10:00:00Z");
  const StoredRecord second = Append("copied", "2014-02-01T11:00:00Z");
  Append("transferred", "2014-02-03T11:00:00Z");
  ASSERT_TRUE(service_.VerifyCustodyChain(file_).has_value());

  store_.BodyOf(second.header.id)["actor"] = "someone else";
  Status st = service_.VerifyCustodyChain(file_);
  ASSERT_FALSE(st.has_value());
  EXPECT_EQ(st.error().code, ErrorCode::kConflict);
  EXPECT_NE(st.error().message.find(second.header.id), std::string::npos) << st.error().message;
}

TEST_F(CustodyTest, RemovingOrRelinkingAnEntryBreaksTheChain) {
  const StoredRecord first = Append("received", "2014-02-01T10:00:00Z");
  const StoredRecord second = Append("copied", "2014-02-01T11:00:00Z");
  // A forged second entry that recomputes its own hash but skips the first.
  json& body = store_.BodyOf(second.header.id);
  body.erase("previous_hash");
  json content = body;
  content.erase("hash");
  body["hash"] = Sha256Hex("\n" + content.dump());
  Status st = service_.VerifyCustodyChain(file_);
  ASSERT_FALSE(st.has_value());
  EXPECT_EQ(st.error().code, ErrorCode::kConflict);
  EXPECT_NE(st.error().message.find("same predecessor"), std::string::npos) << st.error().message;
  (void)first;
}

TEST_F(CustodyTest, EntriesCannotBeUpdatedOrDeleted) {
  const StoredRecord entry = Append("received", "2014-02-01T10:00:00Z");
  const int writes = store_.write_attempts();
  Result<StoredRecord> updated = service_.Update(entry.header.id, 1, entry.body, editor_);
  ASSERT_FALSE(updated.has_value());
  EXPECT_EQ(updated.error().code, ErrorCode::kConflict);
  EXPECT_EQ(updated.error().message, "custody log entries are append-only");
  Result<StoredRecord> deleted = service_.Delete(entry.header.id, 1, editor_);
  ASSERT_FALSE(deleted.has_value());
  EXPECT_EQ(deleted.error().code, ErrorCode::kConflict);
  EXPECT_EQ(deleted.error().message, "custody log entries are append-only");
  EXPECT_EQ(store_.write_attempts(), writes);
  EXPECT_EQ(service_.Delete("cus_missing", 1, editor_).error().code, ErrorCode::kNotFound);
}

TEST_F(CustodyTest, EachEvidenceFileHasItsOwnChain) {
  Append("received", "2014-02-01T10:00:00Z");
  const std::string other = MustCreate(RecordKind::kEvidenceFile, json::parse(R"({"filename": "photo.jpg",
      "sha256": "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752"})")).header.id;
  const StoredRecord first_of_other = MustCreate(
      RecordKind::kCustodyEvent, json{{"evidence_file_id", other}, {"action", "received"}, {"at", "2014-03-01T00:00:00Z"}});
  EXPECT_FALSE(first_of_other.body.contains("previous_hash"));
  EXPECT_TRUE(service_.VerifyCustodyChain(other).has_value());
  EXPECT_TRUE(service_.VerifyCustodyChain(file_).has_value());
}

}  // namespace
}  // namespace readout::core
