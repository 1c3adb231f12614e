// The Store contract (core/store.h), run against every implementation that
// instantiates StoreContract (see store_contract.h).

#include <algorithm>
#include <atomic>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "core/entity_codec.h"
#include "core/record_json.h"
#include "store_contract.h"

namespace readout::store_contract {
namespace {

using core::ErrorCode;
using core::RecordKind;
using core::RevisionOperation;
using core::Visibility;
using nlohmann::json;

const core::Actor kAlice{"alice"};
const core::Actor kBob{"bob"};

bool IsTimestamp(const std::string& s) {
  static const std::regex kRfc3339Millis(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)");
  return std::regex_match(s, kRfc3339Millis);
}

// The whole database as JSON, with bodies kept apart from headers so a
// change in either shows up in a comparison.
json BundleJson(const core::Bundle& bundle) {
  json out = {{"records", json::array()}, {"revisions", json::array()}};
  for (const core::StoredRecord& record : bundle.records) {
    out["records"].push_back(
        {{"header", core::ToJson(core::StoredRecord{record.header, nullptr})}, {"body", record.body}});
  }
  for (const core::Revision& revision : bundle.revisions) out["revisions"].push_back(core::ToJson(revision));
  out["blobs"] = json::array();
  for (const core::Blob& blob : bundle.blobs) out["blobs"].push_back({{"sha256", blob.sha256}, {"size", blob.bytes.size()}, {"bytes", json::binary(std::vector<std::uint8_t>(blob.bytes.begin(), blob.bytes.end()))}});
  return out;
}

json ExportJson(core::Store& store) {
  core::Result<core::Bundle> bundle = store.Export();
  EXPECT_TRUE(bundle.has_value()) << (bundle ? "" : bundle.error().message);
  return bundle ? BundleJson(*bundle) : json();
}

std::int64_t CountAll(core::Store& store) {
  core::ListQuery query;
  query.include_deleted = true;
  core::Result<core::ListPage> page = store.List(query);
  EXPECT_TRUE(page.has_value()) << (page ? "" : page.error().message);
  return page ? page->total : -1;
}

// --- Create and Get ---------------------------------------------------------

TEST_P(StoreContract, CreateStartsAtRevisionOneWithTimestampsAndAFreshId) {
  core::StoredRecord created = MustCreate(store(), DialogueDraft());
  EXPECT_EQ(created.header.revision, 1);
  EXPECT_EQ(created.header.kind, RecordKind::kDialogue);
  EXPECT_TRUE(created.header.id.starts_with("dlg_")) << created.header.id;
  EXPECT_TRUE(core::ValidateId(created.header.id, RecordKind::kDialogue).has_value()) << created.header.id;
  EXPECT_TRUE(IsTimestamp(created.header.created_at)) << created.header.created_at;
  EXPECT_EQ(created.header.updated_at, created.header.created_at);
  EXPECT_FALSE(created.header.deleted);

  core::Result<core::StoredRecord> got = store().Get(created.header.id);
  ASSERT_TRUE(got.has_value()) << got.error().message;
  EXPECT_EQ(got->header, created.header);
  EXPECT_EQ(got->body, created.body);
  EXPECT_EQ(got->body, DialogueDraft().body);
}

TEST_P(StoreContract, CreateKeepsTheIdItIsGiven) {
  core::StoredRecord created = MustCreate(store(), DialogueDraft("dlg_us-china"));
  EXPECT_EQ(created.header.id, "dlg_us-china");
  EXPECT_TRUE(store().Get("dlg_us-china").has_value());
}

TEST_P(StoreContract, CreateWithAnIdThatExistsIsAConflictEvenWhenDeleted) {
  MustCreate(store(), DialogueDraft("dlg_a"));
  core::Result<core::StoredRecord> again = store().Create(DialogueDraft("dlg_a"), kAlice);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_NE(again.error().message.find("dlg_a"), std::string::npos) << again.error().message;

  ASSERT_TRUE(store().Delete("dlg_a", 1, kAlice).has_value());
  core::Result<core::StoredRecord> reused = store().Create(DialogueDraft("dlg_a"), kAlice);
  ASSERT_FALSE(reused.has_value());
  EXPECT_EQ(reused.error().code, ErrorCode::kConflict);
}

TEST_P(StoreContract, GetOfAnUnknownIdIsNotFound) {
  core::Result<core::StoredRecord> got = store().Get("dlg_nope");
  ASSERT_FALSE(got.has_value());
  EXPECT_EQ(got.error().code, ErrorCode::kNotFound);
}

TEST_P(StoreContract, CreateWritesACreateRevisionWithActorAndBody) {
  core::StoredRecord created = MustCreate(store(), DialogueDraft("dlg_a"), "alice");
  core::Result<std::vector<core::Revision>> history = store().History("dlg_a");
  ASSERT_TRUE(history.has_value()) << history.error().message;
  ASSERT_EQ(history->size(), 1u);
  const core::Revision& first = (*history)[0];
  EXPECT_EQ(first.record_id, "dlg_a");
  EXPECT_EQ(first.kind, RecordKind::kDialogue);
  EXPECT_EQ(first.revision, 1);
  EXPECT_EQ(first.operation, RevisionOperation::kCreate);
  EXPECT_EQ(first.actor, "alice");
  EXPECT_EQ(first.at, created.header.created_at);
  EXPECT_TRUE(first.before.is_null());
  EXPECT_EQ(first.after, created.body);
  EXPECT_FALSE(first.deleted_after);
}

// --- Update -----------------------------------------------------------------

TEST_P(StoreContract, UpdateAddsARevisionWithBeforeAndAfter) {
  core::StoredRecord created = MustCreate(store(), DialogueDraft("dlg_a", "Old name"));
  core::Result<core::StoredRecord> updated =
      store().Update("dlg_a", 1, DialogueDraft("", "New name", "internal"), kBob);
  ASSERT_TRUE(updated.has_value()) << updated.error().message;
  EXPECT_EQ(updated->header.revision, 2);
  EXPECT_EQ(updated->header.visibility, Visibility::kInternal);
  EXPECT_EQ(updated->header.created_at, created.header.created_at);
  EXPECT_GE(updated->header.updated_at, created.header.updated_at);
  EXPECT_EQ(updated->body["name"]["en"], "New name");

  core::Result<core::StoredRecord> got = store().Get("dlg_a");
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->header, updated->header);
  EXPECT_EQ(got->body, updated->body);

  core::Result<std::vector<core::Revision>> history = store().History("dlg_a");
  ASSERT_TRUE(history.has_value());
  ASSERT_EQ(history->size(), 2u);
  const core::Revision& second = (*history)[1];
  EXPECT_EQ(second.operation, RevisionOperation::kUpdate);
  EXPECT_EQ(second.revision, 2);
  EXPECT_EQ(second.actor, "bob");
  EXPECT_EQ(second.before["name"]["en"], "Old name");
  EXPECT_EQ(second.after["name"]["en"], "New name");
  EXPECT_EQ(second.visibility_before, Visibility::kPublic);
  EXPECT_EQ(second.visibility_after, Visibility::kInternal);
  EXPECT_EQ(second.at, updated->header.updated_at);
}

TEST_P(StoreContract, UpdateBasedOnAStaleRevisionIsAConflictAndChangesNothing) {
  MustCreate(store(), DialogueDraft("dlg_a", "First"));
  ASSERT_TRUE(store().Update("dlg_a", 1, DialogueDraft("", "Second"), kAlice).has_value());
  core::Result<core::StoredRecord> stale = store().Update("dlg_a", 1, DialogueDraft("", "Lost"), kBob);
  ASSERT_FALSE(stale.has_value());
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
  EXPECT_NE(stale.error().message.find("dlg_a is at revision 2; your change was based on revision 1"),
            std::string::npos)
      << stale.error().message;

  core::Result<core::StoredRecord> got = store().Get("dlg_a");
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->header.revision, 2);
  EXPECT_EQ(got->body["name"]["en"], "Second");
  EXPECT_EQ(store().History("dlg_a")->size(), 2u);
}

TEST_P(StoreContract, UpdateOfADeletedRecordAsksToRestoreItFirst) {
  MustCreate(store(), DialogueDraft("dlg_a"));
  ASSERT_TRUE(store().Delete("dlg_a", 1, kAlice).has_value());
  core::Result<core::StoredRecord> updated = store().Update("dlg_a", 2, DialogueDraft(), kAlice);
  ASSERT_FALSE(updated.has_value());
  EXPECT_EQ(updated.error().code, ErrorCode::kConflict);
  EXPECT_NE(updated.error().message.find("restore it first"), std::string::npos) << updated.error().message;
}

TEST_P(StoreContract, UpdateOfAnUnknownIdIsNotFound) {
  core::Result<core::StoredRecord> updated = store().Update("dlg_nope", 1, DialogueDraft(), kAlice);
  ASSERT_FALSE(updated.has_value());
  EXPECT_EQ(updated.error().code, ErrorCode::kNotFound);
}

TEST_P(StoreContract, UpdateWithADraftOfAnotherKindIsInvalid) {
  MustCreate(store(), DialogueDraft("dlg_a"));
  MustCreate(store(), IssueDraft("iss_a"));
  core::Result<core::StoredRecord> updated = store().Update("iss_a", 1, DialogueDraft(), kAlice);
  ASSERT_FALSE(updated.has_value());
  EXPECT_EQ(updated.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(store().Get("iss_a")->header.revision, 1);
}

TEST_P(StoreContract, UpdateMayMoveARecordToAnotherParent) {
  MustCreate(store(), DialogueDraft("dlg_a"));
  MustCreate(store(), DialogueDraft("dlg_b"));
  MustCreate(store(), RoundDraft("dlg_a", "rnd_r"));
  core::Result<core::StoredRecord> moved = store().Update("rnd_r", 1, RoundDraft("dlg_b"), kAlice);
  ASSERT_TRUE(moved.has_value()) << moved.error().message;
  EXPECT_EQ(moved->header.parent_id, "dlg_b");

  core::ListQuery under_a;
  under_a.parent_id = "dlg_a";
  EXPECT_EQ(store().List(under_a)->total, 0);
  core::ListQuery under_b;
  under_b.parent_id = "dlg_b";
  EXPECT_EQ(store().List(under_b)->total, 1);
  // dlg_a has no children any more, so it may be deleted.
  EXPECT_TRUE(store().Delete("dlg_a", 1, kAlice).has_value());
}

// --- Delete and Restore -----------------------------------------------------

TEST_P(StoreContract, DeleteIsSoftAndRestoreBringsTheRecordBack) {
  core::StoredRecord created = MustCreate(store(), DialogueDraft("dlg_a"));
  core::Result<core::StoredRecord> deleted = store().Delete("dlg_a", 1, kAlice);
  ASSERT_TRUE(deleted.has_value()) << deleted.error().message;
  EXPECT_TRUE(deleted->header.deleted);
  EXPECT_EQ(deleted->header.revision, 2);
  EXPECT_EQ(deleted->body, created.body);

  core::Result<core::StoredRecord> got = store().Get("dlg_a");
  ASSERT_TRUE(got.has_value()) << "Get returns deleted records too";
  EXPECT_TRUE(got->header.deleted);
  EXPECT_EQ(store().List({})->total, 0);
  core::ListQuery with_deleted;
  with_deleted.include_deleted = true;
  EXPECT_EQ(store().List(with_deleted)->total, 1);

  core::Result<core::StoredRecord> restored = store().Restore("dlg_a", 2, kBob);
  ASSERT_TRUE(restored.has_value()) << restored.error().message;
  EXPECT_FALSE(restored->header.deleted);
  EXPECT_EQ(restored->header.revision, 3);
  EXPECT_EQ(store().List({})->total, 1);

  core::Result<std::vector<core::Revision>> history = store().History("dlg_a");
  ASSERT_TRUE(history.has_value());
  ASSERT_EQ(history->size(), 3u);
  EXPECT_EQ((*history)[1].operation, RevisionOperation::kDelete);
  EXPECT_TRUE((*history)[1].deleted_after);
  EXPECT_EQ((*history)[1].actor, "alice");
  EXPECT_EQ((*history)[2].operation, RevisionOperation::kRestore);
  EXPECT_FALSE((*history)[2].deleted_after);
  EXPECT_EQ((*history)[2].actor, "bob");
}

TEST_P(StoreContract, DeleteAndRestoreBasedOnAStaleRevisionAreConflicts) {
  MustCreate(store(), DialogueDraft("dlg_a"));
  ASSERT_TRUE(store().Update("dlg_a", 1, DialogueDraft(), kAlice).has_value());
  core::Result<core::StoredRecord> deleted = store().Delete("dlg_a", 1, kAlice);
  ASSERT_FALSE(deleted.has_value());
  EXPECT_EQ(deleted.error().code, ErrorCode::kConflict);
  EXPECT_FALSE(store().Get("dlg_a")->header.deleted);

  ASSERT_TRUE(store().Delete("dlg_a", 2, kAlice).has_value());
  core::Result<core::StoredRecord> restored = store().Restore("dlg_a", 2, kAlice);
  ASSERT_FALSE(restored.has_value());
  EXPECT_EQ(restored.error().code, ErrorCode::kConflict);
  EXPECT_TRUE(store().Get("dlg_a")->header.deleted);
}

TEST_P(StoreContract, RestoreOfALiveRecordAndDeleteOfADeletedOneAreConflicts) {
  MustCreate(store(), DialogueDraft("dlg_a"));
  core::Result<core::StoredRecord> restored = store().Restore("dlg_a", 1, kAlice);
  ASSERT_FALSE(restored.has_value());
  EXPECT_EQ(restored.error().code, ErrorCode::kConflict);

  ASSERT_TRUE(store().Delete("dlg_a", 1, kAlice).has_value());
  core::Result<core::StoredRecord> again = store().Delete("dlg_a", 2, kAlice);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(store().History("dlg_a")->size(), 2u);
}

TEST_P(StoreContract, DeleteAndRestoreOfAnUnknownIdAreNotFound) {
  EXPECT_EQ(store().Delete("dlg_nope", 1, kAlice).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store().Restore("dlg_nope", 1, kAlice).error().code, ErrorCode::kNotFound);
}

TEST_P(StoreContract, DeleteIsRefusedWhileLiveChildrenExist) {
  MustCreate(store(), DialogueDraft("dlg_a"));
  MustCreate(store(), RoundDraft("dlg_a", "rnd_r"));
  core::Result<core::StoredRecord> refused = store().Delete("dlg_a", 1, kAlice);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  EXPECT_NE(refused.error().message.find("rnd_r"), std::string::npos) << refused.error().message;
  EXPECT_FALSE(store().Get("dlg_a")->header.deleted);

  ASSERT_TRUE(store().Delete("rnd_r", 1, kAlice).has_value());
  EXPECT_TRUE(store().Delete("dlg_a", 1, kAlice).has_value()) << "deleted children do not hold the parent";
}

TEST_P(StoreContract, DeleteIsRefusedWhileLiveRecordsReferToIt) {
  MustCreate(store(), DialogueDraft("dlg_a"));
  MustCreate(store(), RoundDraft("dlg_a", "rnd_r"));
  MustCreate(store(), IssueDraft("iss_i"));
  MustCreate(store(), AskDraft("rnd_r", "iss_i", "ask_q"));
  core::Result<core::StoredRecord> refused = store().Delete("iss_i", 1, kAlice);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  EXPECT_NE(refused.error().message.find("ask_q"), std::string::npos) << refused.error().message;

  ASSERT_TRUE(store().Delete("ask_q", 1, kAlice).has_value());
  EXPECT_TRUE(store().Delete("iss_i", 1, kAlice).has_value());
}

TEST_P(StoreContract, RestoreOfAChildIsRefusedWhileItsParentIsDeleted) {
  MustCreate(store(), DialogueDraft("dlg_a"));
  MustCreate(store(), RoundDraft("dlg_a", "rnd_r"));
  ASSERT_TRUE(store().Delete("rnd_r", 1, kAlice).has_value());
  ASSERT_TRUE(store().Delete("dlg_a", 1, kAlice).has_value());
  core::Result<core::StoredRecord> refused = store().Restore("rnd_r", 2, kAlice);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  ASSERT_TRUE(store().Restore("dlg_a", 2, kAlice).has_value());
  EXPECT_TRUE(store().Restore("rnd_r", 2, kAlice).has_value());
}

// --- References -------------------------------------------------------------

TEST_P(StoreContract, AReferenceToAMissingRecordIsInvalidAndNamesTheField) {
  const std::int64_t before = CountAll(store());
  core::Result<core::StoredRecord> created = store().Create(RoundDraft("dlg_nope"), kAlice);
  ASSERT_FALSE(created.has_value());
  EXPECT_EQ(created.error().code, ErrorCode::kInvalidArgument);
  ASSERT_FALSE(created.error().fields.empty());
  EXPECT_EQ(created.error().fields[0].field, "dialogue_id");
  EXPECT_EQ(created.error().message, "dialogue_id: no dialogue with id dlg_nope");
  EXPECT_EQ(CountAll(store()), before) << "nothing is written";
}

TEST_P(StoreContract, AReferenceToARecordOfAnotherKindIsInvalid) {
  MustCreate(store(), IssueDraft("iss_i"));
  core::RecordDraft draft = RoundDraft("dlg_placeholder");
  ASSERT_EQ(draft.references.size(), 1u);
  draft.references[0].target_id = "iss_i";  // names an issue where a dialogue is expected
  draft.parent_id = "iss_i";
  core::Result<core::StoredRecord> created = store().Create(draft, kAlice);
  ASSERT_FALSE(created.has_value());
  EXPECT_EQ(created.error().code, ErrorCode::kInvalidArgument);
  ASSERT_FALSE(created.error().fields.empty());
  EXPECT_EQ(created.error().fields[0].field, "dialogue_id");
}

TEST_P(StoreContract, AReferenceToADeletedRecordIsInvalid) {
  MustCreate(store(), DialogueDraft("dlg_a"));
  MustCreate(store(), RoundDraft("dlg_a", "rnd_r"));
  MustCreate(store(), IssueDraft("iss_i"));
  ASSERT_TRUE(store().Delete("rnd_r", 1, kAlice).has_value());
  core::Result<core::StoredRecord> created = store().Create(AskDraft("rnd_r", "iss_i"), kAlice);
  ASSERT_FALSE(created.has_value());
  EXPECT_EQ(created.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(created.error().message, "round_id: round rnd_r is deleted");
}

TEST_P(StoreContract, UpdateChecksReferencesToo) {
  MustCreate(store(), DialogueDraft("dlg_a"));
  MustCreate(store(), RoundDraft("dlg_a", "rnd_r"));
  core::Result<core::StoredRecord> updated = store().Update("rnd_r", 1, RoundDraft("dlg_gone"), kAlice);
  ASSERT_FALSE(updated.has_value());
  EXPECT_EQ(updated.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(store().Get("rnd_r")->header.parent_id, "dlg_a");
}

TEST_P(StoreContract, ARecordCannotBePlacedUnderItself) {
  MustCreate(store(), IssueDraft("iss_top"));
  MustCreate(store(), IssueDraft("iss_mid", "iss_top"));
  MustCreate(store(), IssueDraft("iss_low", "iss_mid"));
  for (const std::string& parent : {std::string("iss_low"), std::string("iss_top")}) {
    core::Result<core::StoredRecord> moved = store().Update("iss_top", 1, IssueDraft("", parent), kAlice);
    ASSERT_FALSE(moved.has_value()) << "under " << parent;
    EXPECT_EQ(moved.error().code, ErrorCode::kInvalidArgument) << "under " << parent;
    ASSERT_FALSE(moved.error().fields.empty());
    EXPECT_EQ(moved.error().fields[0].field, "parent_id");
  }
  EXPECT_TRUE(store().Update("iss_low", 1, IssueDraft("", "iss_top"), kAlice).has_value());
}

// --- Revisions --------------------------------------------------------------

TEST_P(StoreContract, EarlierRevisionsNeverChange) {
  MustCreate(store(), DialogueDraft("dlg_a", "v1"));
  std::vector<json> seen;
  for (int i = 2; i <= 5; ++i) {
    core::Result<std::vector<core::Revision>> history = store().History("dlg_a");
    ASSERT_TRUE(history.has_value());
    ASSERT_EQ(history->size(), static_cast<std::size_t>(i - 1));
    for (std::size_t j = 0; j < seen.size(); ++j)
      EXPECT_EQ(core::ToJson((*history)[j]), seen[j]) << "revision " << j + 1;
    seen.push_back(core::ToJson(history->back()));
    ASSERT_TRUE(store().Update("dlg_a", i - 1, DialogueDraft("", "v" + std::to_string(i)), kAlice).has_value());
  }
}

TEST_P(StoreContract, HistoryOfAnUnknownIdIsNotFound) {
  core::Result<std::vector<core::Revision>> history = store().History("dlg_nope");
  ASSERT_FALSE(history.has_value());
  EXPECT_EQ(history.error().code, ErrorCode::kNotFound);
}

// --- List -------------------------------------------------------------------

TEST_P(StoreContract, ListFiltersByKindParentVisibilityAndDeletion) {
  MustCreate(store(), DialogueDraft("dlg_pub", "Public", "public"));
  MustCreate(store(), DialogueDraft("dlg_int", "Internal", "internal"));
  MustCreate(store(), DialogueDraft("dlg_res", "Restricted", "restricted"));
  MustCreate(store(), RoundDraft("dlg_pub", "rnd_1"));
  MustCreate(store(), RoundDraft("dlg_pub", "rnd_2", "19th", "internal"));
  MustCreate(store(), RoundDraft("dlg_int", "rnd_3"));
  ASSERT_TRUE(store().Delete("rnd_1", 1, kAlice).has_value());

  auto ids = [&](const core::ListQuery& query) {
    core::Result<core::ListPage> page = store().List(query);
    EXPECT_TRUE(page.has_value()) << (page ? "" : page.error().message);
    std::set<std::string> out;
    if (page) {
      for (const auto& record : page->records) out.insert(record.header.id);
      EXPECT_EQ(page->total, static_cast<std::int64_t>(page->records.size()));
    }
    return out;
  };
  core::ListQuery dialogues;
  dialogues.kind = RecordKind::kDialogue;
  EXPECT_EQ(ids(dialogues), (std::set<std::string>{"dlg_pub", "dlg_int", "dlg_res"}));
  dialogues.max_visibility = Visibility::kInternal;
  EXPECT_EQ(ids(dialogues), (std::set<std::string>{"dlg_pub", "dlg_int"}));
  dialogues.max_visibility = Visibility::kPublic;
  EXPECT_EQ(ids(dialogues), (std::set<std::string>{"dlg_pub"}));

  core::ListQuery rounds_of_pub;
  rounds_of_pub.parent_id = "dlg_pub";
  EXPECT_EQ(ids(rounds_of_pub), (std::set<std::string>{"rnd_2"}));
  rounds_of_pub.include_deleted = true;
  EXPECT_EQ(ids(rounds_of_pub), (std::set<std::string>{"rnd_1", "rnd_2"}));
  rounds_of_pub.max_visibility = Visibility::kPublic;
  EXPECT_EQ(ids(rounds_of_pub), (std::set<std::string>{"rnd_1"}));

  core::ListQuery rounds;
  rounds.kind = RecordKind::kRound;
  EXPECT_EQ(ids(rounds), (std::set<std::string>{"rnd_2", "rnd_3"}));
}

TEST_P(StoreContract, ListPagesInCreationOrderAndCountsEverything) {
  std::vector<std::string> created;
  for (int i = 0; i < 7; ++i) created.push_back(MustCreate(store(), DialogueDraft()).header.id);

  core::ListQuery query;
  query.limit = 3;
  std::vector<std::string> seen;
  std::vector<std::pair<std::string, std::string>> keys;
  for (query.offset = 0; query.offset < 9; query.offset += 3) {
    core::Result<core::ListPage> page = store().List(query);
    ASSERT_TRUE(page.has_value()) << page.error().message;
    EXPECT_EQ(page->total, 7);
    EXPECT_LE(page->records.size(), 3u);
    for (const auto& record : page->records) {
      seen.push_back(record.header.id);
      keys.emplace_back(record.header.created_at, record.header.id);
    }
  }
  EXPECT_EQ(seen.size(), 7u);
  EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end())) << "ordered by (created_at, id)";
  std::sort(seen.begin(), seen.end());
  std::sort(created.begin(), created.end());
  EXPECT_EQ(seen, created);
}

TEST_P(StoreContract, ListRefusesALimitOutsideOneToAThousand) {
  for (std::int64_t limit : {std::int64_t{0}, std::int64_t{-1}, std::int64_t{1001}}) {
    core::ListQuery query;
    query.limit = limit;
    core::Result<core::ListPage> page = store().List(query);
    ASSERT_FALSE(page.has_value()) << "limit " << limit;
    EXPECT_EQ(page.error().code, ErrorCode::kInvalidArgument) << "limit " << limit;
  }
  core::ListQuery most;
  most.limit = 1000;
  EXPECT_TRUE(store().List(most).has_value());
  core::ListQuery negative_offset;
  negative_offset.offset = -1;
  EXPECT_FALSE(store().List(negative_offset).has_value());
}

// --- Export and Import ------------------------------------------------------

// A small database with every operation in its history.
void Populate(core::Store& store) {
  MustCreate(store, DialogueDraft("dlg_us-china"));
  MustCreate(store, RoundDraft("dlg_us-china", "rnd_2013-kunming"));
  MustCreate(store, IssueDraft("iss_z-parent"));
  MustCreate(store, IssueDraft("iss_a-child", "iss_z-parent", "internal"));  // child sorts before parent
  MustCreate(store, AskDraft("rnd_2013-kunming", "iss_a-child", "ask_one"));
  ASSERT_TRUE(store.Update("rnd_2013-kunming", 1, RoundDraft("dlg_us-china", "", "Kunming"), kAlice).has_value());
  MustCreate(store, DialogueDraft("dlg_gone"));
  ASSERT_TRUE(store.Delete("dlg_gone", 1, kBob).has_value());
  MustCreate(store, DialogueDraft("dlg_back"));
  ASSERT_TRUE(store.Delete("dlg_back", 1, kBob).has_value());
  ASSERT_TRUE(store.Restore("dlg_back", 2, kAlice).has_value());
}

TEST_P(StoreContract, ExportSortsRecordsByIdAndRevisionsByRecordAndNumber) {
  Populate(store());
  core::Result<core::Bundle> bundle = store().Export();
  ASSERT_TRUE(bundle.has_value()) << bundle.error().message;
  EXPECT_EQ(bundle->records.size(), 7u);
  EXPECT_TRUE(std::is_sorted(bundle->records.begin(), bundle->records.end(),
                             [](const auto& a, const auto& b) { return a.header.id < b.header.id; }));
  EXPECT_TRUE(std::is_sorted(bundle->revisions.begin(), bundle->revisions.end(), [](const auto& a, const auto& b) {
    return std::tie(a.record_id, a.revision) < std::tie(b.record_id, b.revision);
  }));
  EXPECT_EQ(bundle->revisions.size(), 7u + 1 + 1 + 2);
}

TEST_P(StoreContract, ExportThenImportIntoAnEmptyStoreGivesTheSameExport) {
  Populate(store());
  core::Result<core::Bundle> bundle = store().Export();
  ASSERT_TRUE(bundle.has_value()) << bundle.error().message;

  std::unique_ptr<StoreHarness> other = GetParam().make();
  ASSERT_NE(other, nullptr);
  core::Status imported = other->store().Import(*bundle);
  ASSERT_TRUE(imported.has_value()) << imported.error().message;
  EXPECT_EQ(ExportJson(other->store()), BundleJson(*bundle));

  // Imported records behave like any other: revisions continue, references hold.
  core::Result<core::StoredRecord> deleted = other->store().Delete("iss_a-child", 1, kAlice);
  ASSERT_FALSE(deleted.has_value()) << "ask_one still refers to iss_a-child";
  EXPECT_EQ(deleted.error().code, ErrorCode::kConflict);
  core::Result<core::StoredRecord> updated =
      other->store().Update("rnd_2013-kunming", 2, RoundDraft("dlg_us-china"), kAlice);
  ASSERT_TRUE(updated.has_value()) << updated.error().message;
  EXPECT_EQ(updated->header.revision, 3);
}

TEST_P(StoreContract, ImportWithOneCollidingIdWritesNothing) {
  Populate(store());
  core::Result<core::Bundle> bundle = store().Export();
  ASSERT_TRUE(bundle.has_value());

  std::unique_ptr<StoreHarness> other = GetParam().make();
  ASSERT_NE(other, nullptr);
  MustCreate(other->store(), DialogueDraft("dlg_back"));  // collides with one record of the bundle
  const json before = ExportJson(other->store());
  const std::int64_t counter = other->store().ChangeCounter();

  core::Status imported = other->store().Import(*bundle);
  ASSERT_FALSE(imported.has_value());
  EXPECT_EQ(imported.error().code, ErrorCode::kConflict);
  EXPECT_NE(imported.error().message.find("dlg_back"), std::string::npos) << imported.error().message;
  EXPECT_EQ(ExportJson(other->store()), before) << "nothing written";
  EXPECT_EQ(other->store().Get("dlg_us-china").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(other->store().ChangeCounter(), counter);
}

TEST_P(StoreContract, ImportKeepsIdsRevisionsTimestampsAndDeletion) {
  core::Bundle bundle;
  core::StoredRecord record;
  record.header = {.id = "dlg_old",
                   .kind = RecordKind::kDialogue,
                   .revision = 4,
                   .visibility = Visibility::kPublic,
                   .parent_id = "",
                   .created_at = "2013-08-01T10:00:00.000Z",
                   .updated_at = "2014-01-02T03:04:05.678Z",
                   .deleted = true};
  record.body = DialogueDraft().body;
  bundle.records.push_back(record);
  for (int i = 1; i <= 4; ++i) {
    core::Revision revision;
    revision.record_id = "dlg_old";
    revision.kind = RecordKind::kDialogue;
    revision.revision = i;
    revision.operation =
        i == 1 ? RevisionOperation::kCreate : (i == 4 ? RevisionOperation::kDelete : RevisionOperation::kUpdate);
    revision.actor = "importer";
    revision.at = "2013-08-0" + std::to_string(i) + "T10:00:00.000Z";
    revision.before = i == 1 ? json() : record.body;
    revision.after = record.body;
    revision.deleted_after = i == 4;
    bundle.revisions.push_back(revision);
  }
  ASSERT_TRUE(store().Import(bundle).has_value());
  core::Result<core::StoredRecord> got = store().Get("dlg_old");
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->header, record.header);
  EXPECT_EQ(ExportJson(store()), BundleJson(bundle));
  // The next change continues the imported numbering.
  core::Result<core::StoredRecord> restored = store().Restore("dlg_old", 4, kAlice);
  ASSERT_TRUE(restored.has_value()) << restored.error().message;
  EXPECT_EQ(restored->header.revision, 5);
}

// The references each record's body gives, as core::MakeDraft derives them.
std::vector<std::vector<core::Reference>> ReferencesOf(const core::Bundle& bundle) {
  std::vector<std::vector<core::Reference>> references;
  for (const core::StoredRecord& record : bundle.records) {
    core::Result<core::RecordDraft> draft = core::MakeDraft(record.header.kind, record.body, record.header.id);
    EXPECT_TRUE(draft.has_value()) << record.header.id;
    references.push_back(draft ? draft->references : std::vector<core::Reference>());
  }
  return references;
}

TEST_P(StoreContract, ImportWithReferencesGivesTheSameExportAndKeepsReferencesForDelete) {
  Populate(store());
  core::Result<core::Bundle> bundle = store().Export();
  ASSERT_TRUE(bundle.has_value()) << bundle.error().message;

  std::unique_ptr<StoreHarness> other = GetParam().make();
  ASSERT_NE(other, nullptr);
  core::Status imported = other->store().ImportWithReferences(*bundle, ReferencesOf(*bundle));
  ASSERT_TRUE(imported.has_value()) << imported.error().message;
  EXPECT_EQ(ExportJson(other->store()), BundleJson(*bundle));
  core::Result<core::StoredRecord> deleted = other->store().Delete("iss_a-child", 1, kAlice);
  ASSERT_FALSE(deleted.has_value()) << "ask_one still refers to iss_a-child";
  EXPECT_EQ(deleted.error().code, ErrorCode::kConflict);
}

TEST_P(StoreContract, ImportWithReferencesRefusesMismatchedListsAndCollidingIdsWritingNothing) {
  Populate(store());
  core::Result<core::Bundle> bundle = store().Export();
  ASSERT_TRUE(bundle.has_value());
  std::unique_ptr<StoreHarness> other = GetParam().make();
  ASSERT_NE(other, nullptr);
  MustCreate(other->store(), DialogueDraft("dlg_back"));
  const json before = ExportJson(other->store());

  std::vector<std::vector<core::Reference>> references = ReferencesOf(*bundle);
  references.pop_back();
  core::Status short_list = other->store().ImportWithReferences(*bundle, references);
  ASSERT_FALSE(short_list.has_value());
  EXPECT_EQ(short_list.error().code, ErrorCode::kInvalidArgument);

  core::Status colliding = other->store().ImportWithReferences(*bundle, ReferencesOf(*bundle));
  ASSERT_FALSE(colliding.has_value());
  EXPECT_EQ(colliding.error().code, ErrorCode::kConflict);
  EXPECT_NE(colliding.error().message.find("dlg_back"), std::string::npos) << colliding.error().message;
  EXPECT_EQ(ExportJson(other->store()), before) << "nothing written";
}

TEST_P(StoreContract, ImportCreatedWritesEachRecordsCreateRevisionAsCreateWould) {
  // Only creates, so the export's revisions are exactly the create revisions.
  MustCreate(store(), DialogueDraft("dlg_us-china"), "import");
  MustCreate(store(), RoundDraft("dlg_us-china", "rnd_2013-kunming"), "import");
  MustCreate(store(), IssueDraft("iss_z-parent"), "import");
  MustCreate(store(), IssueDraft("iss_a-child", "iss_z-parent", "internal"), "import");
  MustCreate(store(), AskDraft("rnd_2013-kunming", "iss_a-child", "ask_one"), "import");
  core::Result<core::Bundle> bundle = store().Export();
  ASSERT_TRUE(bundle.has_value()) << bundle.error().message;
  core::Bundle records_only = *bundle;
  records_only.revisions.clear();

  std::unique_ptr<StoreHarness> other = GetParam().make();
  ASSERT_NE(other, nullptr);
  core::Status with_revisions = other->store().ImportCreated(*bundle, ReferencesOf(*bundle), core::Actor{"import"});
  ASSERT_FALSE(with_revisions.has_value()) << "revisions given";
  EXPECT_EQ(with_revisions.error().code, ErrorCode::kInvalidArgument);
  core::Status imported =
      other->store().ImportCreated(records_only, ReferencesOf(records_only), core::Actor{"import"});
  ASSERT_TRUE(imported.has_value()) << imported.error().message;
  EXPECT_EQ(ExportJson(other->store()), BundleJson(*bundle));
  core::Result<core::StoredRecord> deleted = other->store().Delete("iss_a-child", 1, kAlice);
  ASSERT_FALSE(deleted.has_value()) << "ask_one still refers to iss_a-child";
  EXPECT_EQ(deleted.error().code, ErrorCode::kConflict);
}

TEST_P(StoreContract, ImportWithReferencesRefusesAReferenceToNoRecordWritingNothing) {
  core::Bundle bundle;
  core::StoredRecord ask;
  ask.header = {.id = "ask_orphan", .kind = RecordKind::kAsk, .revision = 1, .visibility = Visibility::kPublic,
                .parent_id = "", .created_at = "2013-08-01T10:00:00.000Z",
                .updated_at = "2013-08-01T10:00:00.000Z", .deleted = false};
  core::RecordDraft draft = AskDraft("rnd_missing", "iss_missing", "ask_orphan");
  ask.header.parent_id = draft.parent_id;
  ask.header.visibility = draft.visibility;
  ask.body = draft.body;
  bundle.records.push_back(ask);
  core::Revision revision;
  revision.record_id = "ask_orphan";
  revision.kind = RecordKind::kAsk;
  revision.revision = 1;
  revision.actor = "importer";
  revision.at = ask.header.created_at;
  revision.visibility_before = revision.visibility_after = draft.visibility;
  revision.after = draft.body;
  bundle.revisions.push_back(revision);
  const json before = ExportJson(store());

  core::Status imported = store().ImportWithReferences(bundle, {draft.references});
  ASSERT_FALSE(imported.has_value());
  EXPECT_EQ(imported.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(ExportJson(store()), before) << "nothing written";
}

// --- Concurrency and change detection ----------------------------------------

TEST_P(StoreContract, ConcurrentReadModifyWriteLosesNoUpdate) {
  MustCreate(store(), DialogueDraft("dlg_counter", "0"));
  constexpr int kThreads = 4;
  constexpr int kUpdatesEach = 10;
  std::atomic<int> conflicts{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int done = 0; done < kUpdatesEach;) {
        core::Result<core::StoredRecord> current = store().Get("dlg_counter");
        if (!current) {
          ++failures;
          return;
        }
        const int value = std::stoi(current->body["name"]["en"].get<std::string>());
        core::Result<core::StoredRecord> updated = store().Update("dlg_counter", current->header.revision,
                                                                  DialogueDraft("", std::to_string(value + 1)), kAlice);
        if (updated) {
          ++done;
        } else if (updated.error().code == ErrorCode::kConflict) {
          ++conflicts;  // someone else got there first: reload and try again
        } else {
          ++failures;
          return;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  ASSERT_EQ(failures.load(), 0);
  core::Result<core::StoredRecord> final_record = store().Get("dlg_counter");
  ASSERT_TRUE(final_record.has_value());
  EXPECT_EQ(final_record->header.revision, 1 + kThreads * kUpdatesEach);
  EXPECT_EQ(final_record->body["name"]["en"], std::to_string(kThreads * kUpdatesEach));
  EXPECT_EQ(store().History("dlg_counter")->size(), static_cast<std::size_t>(1 + kThreads * kUpdatesEach));
}

TEST_P(StoreContract, ConcurrentCreatesAllLand) {
  constexpr int kThreads = 4;
  constexpr int kCreatesEach = 15;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kCreatesEach; ++i) {
        if (!store().Create(DialogueDraft(), kAlice)) ++failures;
        if (!store().List({})) ++failures;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(CountAll(store()), kThreads * kCreatesEach);
}

TEST_P(StoreContract, ChangeCounterMovesAfterEveryWriteAndOnlyThen) {
  const std::int64_t start = store().ChangeCounter();
  EXPECT_EQ(store().ChangeCounter(), start) << "no write, no change";
  MustCreate(store(), DialogueDraft("dlg_a"));
  const std::int64_t after_create = store().ChangeCounter();
  EXPECT_NE(after_create, start);
  ASSERT_TRUE(store().Get("dlg_a").has_value());
  const std::int64_t after_read = store().ChangeCounter();
  EXPECT_EQ(store().ChangeCounter(), after_read) << "reads do not change it";
  ASSERT_TRUE(store().Update("dlg_a", 1, DialogueDraft(), kAlice).has_value());
  const std::int64_t after_update = store().ChangeCounter();
  EXPECT_NE(after_update, after_read);
  ASSERT_FALSE(store().Update("dlg_a", 1, DialogueDraft(), kAlice).has_value());
  EXPECT_EQ(store().ChangeCounter(), after_update) << "a refused write changes nothing";
  ASSERT_TRUE(store().Delete("dlg_a", 2, kAlice).has_value());
  EXPECT_NE(store().ChangeCounter(), after_update);
}

TEST_P(StoreContract, ChangeCounterSeesWritesFromAnotherHandleOnTheSameDatabase) {
  core::Result<std::unique_ptr<core::Store>> other = harness().OpenAnother();
  ASSERT_TRUE(other.has_value()) << other.error().message;
  MustCreate(store(), DialogueDraft("dlg_a"));
  const std::int64_t before = store().ChangeCounter();
  EXPECT_EQ(store().ChangeCounter(), before);

  MustCreate(**other, DialogueDraft("dlg_b"));
  const std::int64_t after = store().ChangeCounter();
  EXPECT_NE(after, before);
  EXPECT_TRUE(store().Get("dlg_b").has_value()) << "the other handle's write is visible";

  ASSERT_TRUE((*other)->Update("dlg_a", 1, DialogueDraft(), kBob).has_value());
  EXPECT_NE(store().ChangeCounter(), after);
}

}  // namespace
}  // namespace readout::store_contract

namespace readout::store_contract {
namespace {

const core::Blob kPdfBytes{"6b2c6f1f2a0e4d9e8c7b5a3f1e0d2c4b6a8f9e7d5c3b1a0f2e4d6c8b0a9f7e5d",
                           std::string("%PDF-1.4\0\x01\xff binary bytes", 24)};

TEST_P(StoreContract, BlobsKeepTheirBytesExactlyIncludingNulBytes) {
  ASSERT_TRUE(store().PutBlob(kPdfBytes).has_value());
  core::Result<core::Blob> read = store().GetBlob(kPdfBytes.sha256);
  ASSERT_TRUE(read.has_value()) << read.error().message;
  EXPECT_EQ(read->bytes, kPdfBytes.bytes);
  EXPECT_EQ(read->bytes.size(), 24u);
}

TEST_P(StoreContract, PuttingTheSameBlobTwiceKeepsOneCopy) {
  ASSERT_TRUE(store().PutBlob(kPdfBytes).has_value());
  ASSERT_TRUE(store().PutBlob(kPdfBytes).has_value());
  core::Result<core::Bundle> bundle = store().Export();
  ASSERT_TRUE(bundle.has_value());
  EXPECT_EQ(bundle->blobs.size(), 1u);
}

TEST_P(StoreContract, AnUnknownBlobIsNotFoundAndAMalformedHashIsInvalid) {
  core::Result<core::Blob> missing = store().GetBlob(kPdfBytes.sha256);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  core::Status malformed = store().PutBlob(core::Blob{"not-a-hash", "x"});
  ASSERT_FALSE(malformed.has_value());
  EXPECT_EQ(malformed.error().code, ErrorCode::kInvalidArgument);
}

TEST_P(StoreContract, BlobsTravelInTheBundle) {
  MustCreate(store(), DialogueDraft("dlg_a"));
  ASSERT_TRUE(store().PutBlob(kPdfBytes).has_value());
  core::Result<core::Bundle> bundle = store().Export();
  ASSERT_TRUE(bundle.has_value());
  std::unique_ptr<StoreHarness> other = GetParam().make();
  ASSERT_TRUE(other->store().Import(*bundle).has_value());
  core::Result<core::Blob> read = other->store().GetBlob(kPdfBytes.sha256);
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->bytes, kPdfBytes.bytes);
}

TEST_P(StoreContract, ListCanSelectTheRecordsThatReferToAGivenRecord) {
  MustCreate(store(), DialogueDraft("dlg_a"));
  MustCreate(store(), RoundDraft("dlg_a", "rnd_r"));
  MustCreate(store(), IssueDraft("iss_i"));
  MustCreate(store(), IssueDraft("iss_other"));
  MustCreate(store(), AskDraft("rnd_r", "iss_i", "ask_one"));
  MustCreate(store(), AskDraft("rnd_r", "iss_other", "ask_two"));
  core::ListQuery query;
  query.references_id = "iss_i";
  core::Result<core::ListPage> page = store().List(query);
  ASSERT_TRUE(page.has_value()) << page.error().message;
  ASSERT_EQ(page->total, 1);
  EXPECT_EQ(page->records[0].header.id, "ask_one");
}

// --- Change feed ----------------------------------------------------------------

// The whole feed, read in pages of `page_size`, failing the test on an error.
std::vector<core::Change> AllChanges(core::Store& store, std::int64_t page_size = 10000) {
  std::vector<core::Change> all;
  std::int64_t after = 0;
  for (int guard = 0; guard < 1000; ++guard) {
    core::Result<std::vector<core::Change>> page = store.ChangesSince(after, page_size);
    EXPECT_TRUE(page.has_value()) << (page ? "" : page.error().message);
    if (!page || page->empty()) break;
    EXPECT_LE(static_cast<std::int64_t>(page->size()), page_size) << "after " << after;
    all.insert(all.end(), page->begin(), page->end());
    after = page->back().sequence;
  }
  return all;
}

std::vector<std::string> IdsOf(const std::vector<core::Change>& changes) {
  std::vector<std::string> ids;
  for (const core::Change& change : changes) ids.push_back(change.record_id);
  return ids;
}

TEST_P(StoreContract, ChangesSinceOfAnEmptyStoreIsEmpty) {
  core::Result<std::vector<core::Change>> changes = store().ChangesSince(0, 10);
  ASSERT_TRUE(changes.has_value()) << changes.error().message;
  EXPECT_TRUE(changes->empty());
}

TEST_P(StoreContract, ChangesSinceListsCreateUpdateDeleteAndRestoreInCommitOrder) {
  MustCreate(store(), DialogueDraft("dlg_b"));
  MustCreate(store(), DialogueDraft("dlg_a"));
  ASSERT_TRUE(store().Update("dlg_b", 1, DialogueDraft("", "Renamed"), kAlice).has_value());
  ASSERT_TRUE(store().Delete("dlg_a", 1, kBob).has_value());
  ASSERT_TRUE(store().Restore("dlg_a", 2, kBob).has_value());
  ASSERT_FALSE(store().Update("dlg_b", 1, DialogueDraft(), kAlice).has_value()) << "stale: refused";

  const std::vector<core::Change> changes = AllChanges(store());
  EXPECT_EQ(IdsOf(changes), (std::vector<std::string>{"dlg_b", "dlg_a", "dlg_b", "dlg_a", "dlg_a"}))
      << "a refused write is not in the feed";
  for (std::size_t i = 0; i < changes.size(); ++i) {
    EXPECT_GT(changes[i].sequence, i == 0 ? 0 : changes[i - 1].sequence) << "entry " << i;
  }
}

TEST_P(StoreContract, ChangesSinceStartsAfterTheGivenSequenceAndStopsAtTheLimit) {
  for (const char* id : {"dlg_1", "dlg_2", "dlg_3", "dlg_4", "dlg_5"}) MustCreate(store(), DialogueDraft(id));
  const std::vector<core::Change> all = AllChanges(store());
  ASSERT_EQ(all.size(), 5u);

  core::Result<std::vector<core::Change>> first_two = store().ChangesSince(0, 2);
  ASSERT_TRUE(first_two.has_value()) << first_two.error().message;
  EXPECT_EQ(*first_two, (std::vector<core::Change>{all[0], all[1]}));
  core::Result<std::vector<core::Change>> rest = store().ChangesSince(all[1].sequence, 10);
  ASSERT_TRUE(rest.has_value()) << rest.error().message;
  EXPECT_EQ(*rest, (std::vector<core::Change>{all[2], all[3], all[4]}));
  EXPECT_EQ(AllChanges(store(), 1), all) << "paging one at a time gives the same feed";

  core::Result<std::vector<core::Change>> beyond = store().ChangesSince(all.back().sequence, 10);
  ASSERT_TRUE(beyond.has_value()) << beyond.error().message;
  EXPECT_TRUE(beyond->empty());
  core::Result<std::vector<core::Change>> far = store().ChangesSince(all.back().sequence + 1000000, 10);
  ASSERT_TRUE(far.has_value()) << far.error().message;
  EXPECT_TRUE(far->empty());
}

TEST_P(StoreContract, ChangesSinceRefusesALimitOutsideOneToTenThousand) {
  MustCreate(store(), DialogueDraft("dlg_1"));
  for (std::int64_t limit : {std::int64_t{0}, std::int64_t{-1}, std::int64_t{10001}}) {
    core::Result<std::vector<core::Change>> changes = store().ChangesSince(0, limit);
    ASSERT_FALSE(changes.has_value()) << "limit " << limit;
    EXPECT_EQ(changes.error().code, ErrorCode::kInvalidArgument) << "limit " << limit;
    ASSERT_FALSE(changes.error().fields.empty()) << "limit " << limit;
    EXPECT_EQ(changes.error().fields.front().field, "limit") << "limit " << limit;
  }
  for (std::int64_t limit : {std::int64_t{1}, std::int64_t{10000}}) {
    core::Result<std::vector<core::Change>> changes = store().ChangesSince(0, limit);
    ASSERT_TRUE(changes.has_value()) << "limit " << limit << ": " << changes.error().message;
    EXPECT_EQ(changes->size(), 1u) << "limit " << limit;
  }
}

TEST_P(StoreContract, ImportedRevisionsAreInTheChangeFeedAfterEarlierWrites) {
  Populate(store());
  core::Result<core::Bundle> bundle = store().Export();
  ASSERT_TRUE(bundle.has_value()) << bundle.error().message;

  std::unique_ptr<StoreHarness> other = GetParam().make();
  ASSERT_NE(other, nullptr);
  MustCreate(other->store(), DialogueDraft("dlg_already-there"));
  const std::vector<core::Change> before = AllChanges(other->store());
  ASSERT_EQ(before.size(), 1u);
  ASSERT_TRUE(other->store().Import(*bundle).has_value());

  const std::vector<core::Change> after = AllChanges(other->store());
  ASSERT_EQ(after.size(), 1 + bundle->revisions.size()) << "one entry per imported revision";
  EXPECT_EQ(after.front(), before.front());
  const std::vector<std::string> ids = IdsOf(after);
  std::multiset<std::string> imported(ids.begin() + 1, ids.end());
  std::multiset<std::string> expected;
  for (const core::Revision& revision : bundle->revisions) expected.insert(revision.record_id);
  EXPECT_EQ(imported, expected);
  for (std::size_t i = 1; i < after.size(); ++i) EXPECT_GT(after[i].sequence, after[i - 1].sequence) << "entry " << i;

  // A refused import adds nothing.
  ASSERT_FALSE(other->store().Import(*bundle).has_value());
  EXPECT_EQ(AllChanges(other->store()), after);
}

}  // namespace
}  // namespace readout::store_contract
