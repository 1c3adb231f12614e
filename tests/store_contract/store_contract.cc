#include "store_contract.h"

#include "core/entity_codec.h"

namespace readout::store_contract {

using nlohmann::json;

void StoreContract::SetUp() {
  if (GetParam().skip_reason) {
    if (std::string reason = GetParam().skip_reason(); !reason.empty()) GTEST_SKIP() << reason;
  }
  harness_ = GetParam().make();
  ASSERT_NE(harness_, nullptr) << "the " << GetParam().name << " harness could not open a store";
}

void StoreContract::TearDown() { harness_.reset(); }

std::string FactoryName(const ::testing::TestParamInfo<StoreFactory>& info) { return info.param.name; }

namespace {

core::RecordDraft MustDraft(core::RecordKind kind, const json& body, const std::string& id) {
  core::Result<core::RecordDraft> draft = core::MakeDraft(kind, body, id);
  EXPECT_TRUE(draft.has_value()) << "test body does not validate: " << (draft ? "" : draft.error().message) << "\n"
                                 << body.dump(2);
  return draft ? *draft : core::RecordDraft{};
}

}  // namespace

core::RecordDraft DialogueDraft(const std::string& id, const std::string& name, const std::string& visibility) {
  return MustDraft(core::RecordKind::kDialogue,
                   {{"visibility", visibility},
                    {"name", {{"en", name}}},
                    {"party_a", {{"name", {{"en", "United States"}}}}},
                    {"party_b", {{"name", {{"en", "China"}}}}}},
                   id);
}

core::RecordDraft RoundDraft(const std::string& dialogue_id, const std::string& id, const std::string& title,
                             const std::string& visibility) {
  return MustDraft(core::RecordKind::kRound,
                   {{"visibility", visibility},
                    {"dialogue_id", dialogue_id},
                    {"title", {{"en", title}}},
                    {"dates", "2013-07-30/2013-07-31"}},
                   id);
}

core::RecordDraft IssueDraft(const std::string& id, const std::string& parent_id, const std::string& visibility) {
  json body = {{"visibility", visibility}, {"name", {{"en", "Arbitrary detention"}}}};
  if (!parent_id.empty()) body["parent_id"] = parent_id;
  return MustDraft(core::RecordKind::kIssue, body, id);
}

core::RecordDraft AskDraft(const std::string& round_id, const std::string& issue_id, const std::string& id) {
  return MustDraft(core::RecordKind::kAsk,
                   {{"round_id", round_id},
                    {"subject", {{"kind", "issue"}, {"id", issue_id}}},
                    {"requests", {"release"}},
                    {"description", {{"en", "Raised detained lawyers."}}}},
                   id);
}

core::RecordDraft EvidenceFileDraft(const std::string& id, const std::string& sha256, std::int64_t size,
                                    const std::string& filename, const std::string& description) {
  return MustDraft(core::RecordKind::kEvidenceFile,
                   {{"filename", filename},
                    {"media_type", "application/pdf"},
                    {"size", size},
                    {"sha256", sha256},
                    {"description", {{"en", description}}}},
                   id);
}

core::StoredRecord MustCreate(core::Store& store, const core::RecordDraft& draft, const std::string& actor) {
  core::Result<core::StoredRecord> created = store.Create(draft, core::Actor{actor});
  EXPECT_TRUE(created.has_value()) << "Create failed: " << (created ? "" : created.error().message);
  return created ? *created : core::StoredRecord{};
}

}  // namespace readout::store_contract
