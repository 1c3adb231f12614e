#include "io/bundle.h"

#include <gtest/gtest.h>

namespace readout::io {
namespace {

core::Bundle SmallBundle() {
  core::Bundle bundle;
  core::StoredRecord record;
  record.header = {"iss_tibet", core::RecordKind::kIssue, 2, core::Visibility::kPublic, "",
                   "2026-11-29T08:00:00.000Z", "2026-11-29T08:01:00.000Z", false};
  record.body = {{"name", {{"en", "Tibetan areas"}, {"zh_hans", "藏区"}}}, {"visibility", "public"}};
  bundle.records.push_back(record);
  core::Revision created;
  created.record_id = "iss_tibet";
  created.kind = core::RecordKind::kIssue;
  created.revision = 1;
  created.operation = core::RevisionOperation::kCreate;
  created.actor = "demo";
  created.at = "2026-11-29T08:00:00.000Z";
  created.after = {{"name", {{"en", "Tibet"}}}, {"visibility", "public"}};
  bundle.revisions.push_back(created);
  core::Revision updated = created;
  updated.revision = 2;
  updated.operation = core::RevisionOperation::kUpdate;
  updated.at = "2026-11-29T08:01:00.000Z";
  updated.before = created.after;
  updated.after = record.body;
  bundle.revisions.push_back(updated);
  return bundle;
}

TEST(Bundle, TextSurvivesParseAndPrintByteForByte) {
  const std::string first = BundleToJsonText(SmallBundle());
  auto parsed = BundleFromJsonText(first);
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(BundleToJsonText(*parsed), first);
  EXPECT_EQ(first.back(), '\n');
}

TEST(Bundle, KeepsChineseTextAsUtf8NotEscapes) {
  const std::string text = BundleToJsonText(SmallBundle());
  EXPECT_NE(text.find("藏区"), std::string::npos);
}

struct BadBundle {
  const char* text;
  const char* field;  // expected in the first problem's path
};

TEST(Bundle, RejectsMalformedInputNamingTheField) {
  const BadBundle cases[] = {
      {"{\"format\": \"readout-bundle\", \"version\": 1, \"records\": [", "bundle"},
      {"[]", "bundle"},
      {"{\"format\": \"other\", \"version\": 1, \"records\": [], \"revisions\": []}", "format"},
      {"{\"format\": \"readout-bundle\", \"version\": 2, \"records\": [], \"revisions\": []}", "version"},
      {"{\"format\": \"readout-bundle\", \"version\": 1, \"records\": {}, \"revisions\": []}", "records"},
      {"{\"format\": \"readout-bundle\", \"version\": 1, \"records\": [], \"revisions\": [], \"extra\": 1}", "extra"},
      {"{\"format\": \"readout-bundle\", \"version\": 1, \"records\": [{\"id\": 5}], \"revisions\": []}",
       "records[0]"},
      // A number beyond double: nlohmann throws out_of_range, not parse_error (found by fuzz_record_json).
      {"{\"format\": \"readout-bundle\", \"version\": 1E11111111, \"records\": [], \"revisions\": []}", "bundle"},
  };
  for (const auto& c : cases) {
    auto parsed = BundleFromJsonText(c.text);
    ASSERT_FALSE(parsed) << c.text;
    EXPECT_EQ(parsed.error().code, core::ErrorCode::kInvalidArgument) << c.text;
    ASSERT_FALSE(parsed.error().fields.empty()) << c.text;
    EXPECT_NE(parsed.error().fields[0].field.find(c.field), std::string::npos)
        << c.text << " -> " << parsed.error().fields[0].field;
  }
}

}  // namespace
}  // namespace readout::io
