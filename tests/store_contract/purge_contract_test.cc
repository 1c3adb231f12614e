// The Store::Purge contract (core/store.h), run against every store that
// instantiates StoreContract: the record goes with its revisions, references
// and change-feed entries and the blobs only it named; other records refer
// to it no longer; nothing else changes.

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/evidence.h"
#include "store_contract.h"

namespace readout::store_contract {
namespace {

using core::ErrorCode;

const core::Actor kAlice{"alice"};

std::vector<core::Change> AllChanges(core::Store& store) {
  core::Result<std::vector<core::Change>> changes = store.ChangesSince(0, 10000);
  EXPECT_TRUE(changes.has_value()) << (changes ? "" : changes.error().message);
  return changes ? *changes : std::vector<core::Change>{};
}

bool Mentions(const core::Bundle& bundle, const std::string& id) {
  for (const core::StoredRecord& record : bundle.records) {
    if (record.header.id == id || record.body.dump().find(id) != std::string::npos) return true;
  }
  for (const core::Revision& revision : bundle.revisions) {
    if (revision.record_id == id) return true;
  }
  return false;
}

core::Blob BlobOf(const std::string& bytes) { return core::Blob{core::FileSha256(bytes), bytes}; }

TEST_P(StoreContract, PurgeRemovesTheRecordFromGetListHistoryExportAndTheChangeFeed) {
  MustCreate(store(), DialogueDraft("dlg_gone", "First name"));
  ASSERT_TRUE(store().Update("dlg_gone", 1, DialogueDraft("", "Second name"), kAlice).has_value());
  ASSERT_TRUE(store().Delete("dlg_gone", 2, kAlice).has_value());
  MustCreate(store(), DialogueDraft("dlg_kept"));
  const std::int64_t counter = store().ChangeCounter();

  core::Status purged = store().Purge("dlg_gone");
  ASSERT_TRUE(purged.has_value()) << purged.error().message;

  core::Result<core::StoredRecord> got = store().Get("dlg_gone");
  ASSERT_FALSE(got.has_value());
  EXPECT_EQ(got.error().code, ErrorCode::kNotFound);
  core::Result<std::vector<core::Revision>> history = store().History("dlg_gone");
  ASSERT_FALSE(history.has_value());
  EXPECT_EQ(history.error().code, ErrorCode::kNotFound);

  core::ListQuery everything;
  everything.include_deleted = true;
  core::Result<core::ListPage> page = store().List(everything);
  ASSERT_TRUE(page.has_value()) << page.error().message;
  ASSERT_EQ(page->total, 1);
  EXPECT_EQ(page->records[0].header.id, "dlg_kept");

  core::Result<core::Bundle> bundle = store().Export();
  ASSERT_TRUE(bundle.has_value()) << bundle.error().message;
  EXPECT_FALSE(Mentions(*bundle, "dlg_gone"));
  EXPECT_EQ(bundle->records.size(), 1u);
  EXPECT_EQ(bundle->revisions.size(), 1u);

  for (const core::Change& change : AllChanges(store())) {
    EXPECT_NE(change.record_id, "dlg_gone") << "change " << change.sequence << " still names the purged record";
  }
  EXPECT_NE(store().ChangeCounter(), counter) << "a purge is a write; caches must drop the record";

  core::Result<core::StoredRecord> kept = store().Get("dlg_kept");
  ASSERT_TRUE(kept.has_value()) << kept.error().message;
  EXPECT_EQ(kept->header.revision, 1);
}

TEST_P(StoreContract, PurgeOfAnUnknownIdIsNotFound) {
  core::Status purged = store().Purge("dlg_nope");
  ASSERT_FALSE(purged.has_value());
  EXPECT_EQ(purged.error().code, ErrorCode::kNotFound);
  EXPECT_NE(purged.error().message.find("dlg_nope"), std::string::npos) << purged.error().message;
}

TEST_P(StoreContract, PurgeIsRefusedNamingEveryRecordThatRefersToItOrIsUnderIt) {
  MustCreate(store(), DialogueDraft("dlg_a"));
  MustCreate(store(), RoundDraft("dlg_a", "rnd_one"));
  MustCreate(store(), IssueDraft("iss_top"));
  MustCreate(store(), AskDraft("rnd_one", "iss_top", "ask_x"));
  core::Result<core::Bundle> before = store().Export();
  ASSERT_TRUE(before.has_value());

  const struct {
    std::string id;
    std::vector<std::string> named;
  } cases[] = {{"dlg_a", {"rnd_one"}}, {"rnd_one", {"ask_x"}}, {"iss_top", {"ask_x"}}};
  for (const auto& c : cases) {
    core::Status purged = store().Purge(c.id);
    ASSERT_FALSE(purged.has_value()) << c.id << " was purged while others refer to it";
    EXPECT_EQ(purged.error().code, ErrorCode::kConflict) << c.id;
    for (const std::string& name : c.named) {
      EXPECT_NE(purged.error().message.find(name), std::string::npos) << c.id << ": " << purged.error().message;
    }
    EXPECT_TRUE(store().Get(c.id).has_value()) << c.id;
  }
  core::Result<core::Bundle> after = store().Export();
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->records.size(), before->records.size()) << "a refused purge removed a record";
  EXPECT_EQ(after->revisions.size(), before->revisions.size()) << "a refused purge removed a revision";

  // A deleted referrer still names the record in its body: still refused.
  ASSERT_TRUE(store().Delete("ask_x", 1, kAlice).has_value());
  core::Status still = store().Purge("iss_top");
  ASSERT_FALSE(still.has_value());
  EXPECT_EQ(still.error().code, ErrorCode::kConflict);
  EXPECT_NE(still.error().message.find("ask_x (deleted"), std::string::npos) << still.error().message;

  // Purged from the leaves up, each goes.
  for (const char* id : {"ask_x", "iss_top", "rnd_one", "dlg_a"}) {
    core::Status purged = store().Purge(id);
    EXPECT_TRUE(purged.has_value()) << id << ": " << purged.error().message;
  }
  core::Result<core::Bundle> empty = store().Export();
  ASSERT_TRUE(empty.has_value());
  EXPECT_TRUE(empty->records.empty());
  EXPECT_TRUE(empty->revisions.empty());
}

TEST_P(StoreContract, PurgeRemovesTheBlobsNoRemainingRecordNames) {
  const core::Blob only = BlobOf("bytes named by one evidence file");
  const core::Blob shared = BlobOf("bytes named by two evidence files");
  const core::Blob replaced = BlobOf("bytes an evidence file named before an update");
  const core::Blob loose = BlobOf("bytes no record names yet");
  for (const core::Blob& blob : {only, shared, replaced, loose}) ASSERT_TRUE(store().PutBlob(blob).has_value());
  MustCreate(store(), EvidenceFileDraft("evf_only", only.sha256, 32));
  MustCreate(store(), EvidenceFileDraft("evf_shared-1", shared.sha256, 33));
  MustCreate(store(), EvidenceFileDraft("evf_shared-2", shared.sha256, 33));
  MustCreate(store(), EvidenceFileDraft("evf_moved", replaced.sha256, 45));
  ASSERT_TRUE(store().Update("evf_moved", 1, EvidenceFileDraft("", only.sha256, 32), kAlice).has_value());

  // evf_moved now names `only` too, so it stays with evf_only gone.
  ASSERT_TRUE(store().Purge("evf_only").has_value());
  EXPECT_TRUE(store().GetBlob(only.sha256).has_value());
  // Now nothing names `only` or `replaced`.
  ASSERT_TRUE(store().Purge("evf_moved").has_value());
  ASSERT_TRUE(store().Purge("evf_shared-1").has_value());

  const struct {
    const core::Blob& blob;
    bool kept;
    const char* why;
  } expected[] = {{only, false, "named by purged records only"},
                  {replaced, false, "named by a purged record's history only"},
                  {shared, true, "still named by evf_shared-2"},
                  {loose, true, "never named by a purged record"}};
  for (const auto& e : expected) {
    core::Result<core::Blob> got = store().GetBlob(e.blob.sha256);
    EXPECT_EQ(got.has_value(), e.kept) << e.why;
    if (!e.kept && !got) {
      EXPECT_EQ(got.error().code, ErrorCode::kNotFound) << e.why;
    }
  }
}

TEST_P(StoreContract, ThePurgedChangeFeedSequencesAreNeverHandedOutAgain) {
  // A feed reader that saw the purged record's last sequence must not skip
  // the next write because it got that same number.
  MustCreate(store(), DialogueDraft("dlg_a"));
  MustCreate(store(), DialogueDraft("dlg_top"));
  ASSERT_TRUE(store().Update("dlg_top", 1, DialogueDraft("", "Renamed"), kAlice).has_value());
  std::vector<core::Change> before = AllChanges(store());
  ASSERT_FALSE(before.empty());
  const std::int64_t highest = before.back().sequence;

  ASSERT_TRUE(store().Purge("dlg_top").has_value());
  MustCreate(store(), DialogueDraft("dlg_next"));
  core::Result<std::vector<core::Change>> after = store().ChangesSince(highest, 10);
  ASSERT_TRUE(after.has_value()) << after.error().message;
  ASSERT_EQ(after->size(), 1u) << "the write after the purge is not past sequence " << highest;
  EXPECT_EQ(after->front().record_id, "dlg_next");
}

TEST_P(StoreContract, APurgeIsSeenByAnotherHandleOnTheSameDatabase) {
  MustCreate(store(), DialogueDraft("dlg_a"));
  core::Result<std::unique_ptr<core::Store>> other = harness().OpenAnother();
  ASSERT_TRUE(other.has_value()) << other.error().message;
  ASSERT_TRUE((*other)->Get("dlg_a").has_value());
  const std::int64_t counter = (*other)->ChangeCounter();
  ASSERT_TRUE(store().Purge("dlg_a").has_value());
  EXPECT_NE((*other)->ChangeCounter(), counter);
  core::Result<core::StoredRecord> got = (*other)->Get("dlg_a");
  ASSERT_FALSE(got.has_value());
  EXPECT_EQ(got.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace readout::store_contract
