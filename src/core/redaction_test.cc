#include "core/redaction.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace readout::core {
namespace {

using nlohmann::json;

json CaseBody() {
  return json::parse(R"({
    "visibility": "public", "person_id": "prs_a",
    "family_contact": {"text": "wife", "visibility": "restricted"},
    "notes": {"text": "note", "visibility": "internal"}
  })");
}

TEST(Redact, RemovesGuardedFieldsAboveTheReader) {
  struct Case {
    Visibility reader;
    std::vector<std::string> kept;
    std::vector<std::string> removed;
  };
  const Case cases[] = {
      {Visibility::kPublic, {}, {"family_contact", "notes"}},
      {Visibility::kInternal, {"notes"}, {"family_contact"}},
      {Visibility::kRestricted, {"family_contact", "notes"}, {}},
  };
  for (const Case& c : cases) {
    std::vector<WithheldField> withheld;
    const json out = Redact(RecordKind::kCase, CaseBody(), c.reader, &withheld);
    for (const std::string& f : c.kept) EXPECT_TRUE(out.contains(f)) << ToCode(c.reader) << " " << f;
    for (const std::string& f : c.removed) EXPECT_FALSE(out.contains(f)) << ToCode(c.reader) << " " << f;
    ASSERT_EQ(withheld.size(), c.removed.size()) << ToCode(c.reader);
    for (std::size_t i = 0; i < withheld.size(); ++i) EXPECT_EQ(withheld[i].field, c.removed[i]);
    EXPECT_EQ(out["person_id"], "prs_a");
  }
}

TEST(Redact, SaysWhyAFieldWasWithheldWithoutItsValue) {
  std::vector<WithheldField> withheld;
  Redact(RecordKind::kCase, CaseBody(), Visibility::kPublic, &withheld);
  ASSERT_EQ(withheld.size(), 2u);
  EXPECT_EQ(withheld[0].visibility, Visibility::kRestricted);
  EXPECT_EQ(withheld[0].reason, "restricted field");
  EXPECT_EQ(withheld[1].visibility, Visibility::kInternal);
  EXPECT_EQ(withheld[1].reason, "internal field");
}

TEST(Redact, TreatsAGuardedFieldWithUnreadableVisibilityAsRestricted) {
  for (const char* field : {R"({"text": "x"})", R"({"text": "x", "visibility": "secret"})", R"("x")"}) {
    json body = json::parse(R"({"names": []})");
    body["risk_notes"] = json::parse(field);
    EXPECT_FALSE(Redact(RecordKind::kPerson, body, Visibility::kInternal).contains("risk_notes")) << field;
  }
}

TEST(Redact, HidesAProtectedSourcesIdentityFromAllButRestrictedReaders) {
  const json body = json::parse(R"({"type": "family_account", "title": {"en": "t"},
                                    "author": "his wife", "url": "https://x.org", "protect_identity": true})");
  for (Visibility reader : {Visibility::kPublic, Visibility::kInternal}) {
    std::vector<WithheldField> withheld;
    const json out = Redact(RecordKind::kSource, body, reader, &withheld);
    EXPECT_FALSE(out.contains("author")) << ToCode(reader);
    EXPECT_FALSE(out.contains("url")) << ToCode(reader);
    EXPECT_EQ(out["title"], body["title"]);
    ASSERT_EQ(withheld.size(), 2u);
    EXPECT_EQ(withheld[0].reason, "protected source identity");
  }
  EXPECT_EQ(Redact(RecordKind::kSource, body, Visibility::kRestricted), body);
  json open = body;
  open["protect_identity"] = false;
  EXPECT_EQ(Redact(RecordKind::kSource, open, Visibility::kPublic), open);
}

TEST(Redact, LeavesKindsWithoutGuardedFieldsAlone) {
  const json body = json::parse(R"({"name": {"en": "x"}, "notes": {"text": "not guarded here"}})");
  EXPECT_EQ(Redact(RecordKind::kIssue, body, Visibility::kPublic), body);
}

}  // namespace
}  // namespace readout::core
