#include "core/record_json.h"

#include <gtest/gtest.h>

#include <string>

namespace readout::core {
namespace {

using nlohmann::json;

StoredRecord SampleRound() {
  StoredRecord r;
  r.header.id = "rnd_2013-kunming";
  r.header.kind = RecordKind::kRound;
  r.header.revision = 3;
  r.header.visibility = Visibility::kInternal;
  r.header.parent_id = "dlg_us-china";
  r.header.created_at = "2026-11-29T08:00:00.000Z";
  r.header.updated_at = "2026-11-29T09:30:00.125Z";
  r.header.deleted = false;
  r.body = json::parse(R"({"visibility": "internal", "dialogue_id": "dlg_us-china", "number": 18,
                           "title": {"en": "Kunming"}, "dates": "2013-07-30/2013-07-31"})");
  return r;
}

Revision SampleRevision() {
  Revision v;
  v.record_id = "rnd_2013-kunming";
  v.kind = RecordKind::kRound;
  v.revision = 2;
  v.operation = RevisionOperation::kUpdate;
  v.actor = "Jane Editor";
  v.at = "2026-11-29T09:00:00.000Z";
  v.visibility_before = Visibility::kPublic;
  v.visibility_after = Visibility::kInternal;
  v.before = json::parse(R"({"visibility": "public"})");
  v.after = json::parse(R"({"visibility": "internal"})");
  v.deleted_after = false;
  return v;
}

std::string ProblemFor(const Error& error, const std::string& field) {
  for (const FieldError& e : error.fields) {
    if (e.field == field) return e.problem;
  }
  return "";
}

TEST(RecordJson, RecordMergesHeaderIntoBody) {
  const json j = ToJson(SampleRound());
  EXPECT_EQ(j["id"], "rnd_2013-kunming");
  EXPECT_EQ(j["kind"], "round");
  EXPECT_EQ(j["revision"], 3);
  EXPECT_EQ(j["created_at"], "2026-11-29T08:00:00.000Z");
  EXPECT_EQ(j["updated_at"], "2026-11-29T09:30:00.125Z");
  EXPECT_EQ(j["deleted"], false);
  EXPECT_EQ(j["visibility"], "internal");
  EXPECT_EQ(j["parent_id"], "dlg_us-china");
  EXPECT_EQ(j["number"], 18);
}

TEST(RecordJson, TopLevelRecordHasNoParentId) {
  StoredRecord r = SampleRound();
  r.header.parent_id.clear();
  EXPECT_FALSE(ToJson(r).contains("parent_id"));
}

TEST(RecordJson, RecordRoundTrips) {
  const StoredRecord r = SampleRound();
  Result<StoredRecord> back = StoredRecordFromJson(ToJson(r), "records[0]");
  ASSERT_TRUE(back.has_value()) << back.error().message;
  EXPECT_EQ(back->header, r.header);
  EXPECT_EQ(back->body, r.body);
}

TEST(RecordJson, IssueKeepsParentIdInItsBody) {
  StoredRecord r;
  r.header = {"iss_rtl",
              RecordKind::kIssue,
              1,
              Visibility::kPublic,
              "iss_detention",
              "2026-11-29T08:00:00.000Z",
              "2026-11-29T08:00:00.000Z",
              false};
  r.body = json::parse(R"({"visibility": "public", "parent_id": "iss_detention", "name": {"en": "RTL"}})");
  Result<StoredRecord> back = StoredRecordFromJson(ToJson(r), "");
  ASSERT_TRUE(back.has_value()) << back.error().message;
  EXPECT_EQ(back->body, r.body);
  EXPECT_EQ(back->header, r.header);
}

TEST(RecordJson, APlacesParentIdStaysInItsBodyAndOtherKindsLoseIt) {
  StoredRecord place{{"plc_haidian", RecordKind::kPlace, 1, Visibility::kPublic, "plc_beijing",
                      "2026-11-29T08:00:00.000Z", "2026-11-29T08:00:00.000Z", false},
                     json::parse(R"({"visibility": "public", "parent_id": "plc_beijing", "level": "county",
                                     "facility_type": "none", "name": {"en": "Haidian"}})")};
  Result<StoredRecord> back = StoredRecordFromJson(ToJson(place), "");
  ASSERT_TRUE(back.has_value()) << back.error().message;
  EXPECT_EQ(back->body, place.body);

  StoredRecord event{{"lev_a", RecordKind::kLegalEvent, 1, Visibility::kPublic, "cas_a", "2026-11-29T08:00:00.000Z",
                      "2026-11-29T08:00:00.000Z", false},
                     json::parse(R"({"visibility": "public", "case_id": "cas_a"})")};
  back = StoredRecordFromJson(ToJson(event), "");
  ASSERT_TRUE(back.has_value()) << back.error().message;
  EXPECT_EQ(back->body, event.body);
  EXPECT_EQ(back->header.parent_id, "cas_a");
}

TEST(RecordJson, RecordFromJsonNamesEveryBadHeaderField) {
  struct Case {
    const char* patch;
    const char* field;
    const char* problem;
  };
  const Case cases[] = {
      {R"({"id": 5})", "records[2].id", "must be a string; got number"},
      {R"({"id": "dlg_x"})", "records[2].id", "must be a round id"},
      {R"({"kind": "scorecard"})", "records[2].kind", "got \"scorecard\""},
      {R"({"revision": 0})", "records[2].revision", "1 or more"},
      {R"({"revision": "3"})", "records[2].revision", "whole number; got string"},
      {R"({"created_at": "yesterday"})", "records[2].created_at", "RFC 3339"},
      {R"({"created_at": "2026-11-29 08:00:00Z"})", "records[2].created_at", "RFC 3339"},
      {R"({"updated_at": "2026-02-30T08:00:00Z"})", "records[2].updated_at", "RFC 3339"},
      {R"({"updated_at": "2026-11-29T07:00:00.000Z"})", "records[2].updated_at", "before created_at"},
      {R"({"deleted": "no"})", "records[2].deleted", "true or false"},
      {R"({"visibility": "secret"})", "records[2].visibility", "public, internal or restricted"},
      {R"({"parent_id": 5})", "records[2].parent_id", "must be a string"},
  };
  for (const Case& c : cases) {
    json j = ToJson(SampleRound());
    j.merge_patch(json::parse(c.patch));
    Result<StoredRecord> r = StoredRecordFromJson(j, "records[2]");
    ASSERT_FALSE(r.has_value()) << c.patch;
    EXPECT_NE(ProblemFor(r.error(), c.field).find(c.problem), std::string::npos)
        << c.patch << ": " << r.error().message;
  }
  Result<StoredRecord> missing = StoredRecordFromJson(json::parse(R"({"kind": "round"})"), "records[2]");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(ProblemFor(missing.error(), "records[2].id"), "is required");
}

TEST(RecordJson, RecordFromJsonRejectsANonObject) {
  Result<StoredRecord> r = StoredRecordFromJson(json::array(), "records[0]");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().fields[0].field, "records[0]");
}

TEST(RecordJson, RevisionHasExactlyTheDocumentedFields) {
  const json j = ToJson(SampleRevision());
  const json expected = json::parse(R"({
    "record_id": "rnd_2013-kunming", "kind": "round", "revision": 2, "operation": "update",
    "actor": "Jane Editor", "at": "2026-11-29T09:00:00.000Z", "visibility_before": "public",
    "visibility_after": "internal", "before": {"visibility": "public"}, "after": {"visibility": "internal"},
    "deleted_after": false})");
  EXPECT_EQ(j, expected);
}

TEST(RecordJson, RevisionRoundTrips) {
  const Revision v = SampleRevision();
  Result<Revision> back = RevisionFromJson(ToJson(v), "revisions[0]");
  ASSERT_TRUE(back.has_value()) << back.error().message;
  EXPECT_EQ(ToJson(*back), ToJson(v));

  Revision create = v;
  create.operation = RevisionOperation::kCreate;
  create.before = nullptr;
  Result<Revision> created = RevisionFromJson(ToJson(create), "revisions[0]");
  ASSERT_TRUE(created.has_value()) << created.error().message;
  EXPECT_TRUE(created->before.is_null());
}

TEST(RecordJson, RevisionFromJsonNamesEveryBadField) {
  struct Case {
    const char* patch;
    const char* field;
    const char* problem;
  };
  const Case cases[] = {
      {R"({"operation": "purge"})", "revisions[1].operation", "got \"purge\""},
      {R"({"record_id": "ask_x"})", "revisions[1].record_id", "must be a round id"},
      {R"({"at": "now"})", "revisions[1].at", "RFC 3339"},
      {R"({"revision": -2})", "revisions[1].revision", "1 or more"},
      {R"({"after": "x"})", "revisions[1].after", "must be an object"},
      {R"({"before": [1]})", "revisions[1].before", "must be an object or null"},
      {R"({"deleted_after": 1})", "revisions[1].deleted_after", "true or false"},
      {R"({"visibility_after": "open"})", "revisions[1].visibility_after", "got \"open\""},
      {R"({"comment": "x"})", "revisions[1].comment", "unknown field"},
      {R"({"operation": "create"})", "revisions[1].before", "must be null for a create"},
  };
  for (const Case& c : cases) {
    json j = ToJson(SampleRevision());
    j.merge_patch(json::parse(c.patch));
    Result<Revision> r = RevisionFromJson(j, "revisions[1]");
    ASSERT_FALSE(r.has_value()) << c.patch;
    EXPECT_NE(ProblemFor(r.error(), c.field).find(c.problem), std::string::npos)
        << c.patch << ": " << r.error().message;
  }
}

}  // namespace
}  // namespace readout::core
