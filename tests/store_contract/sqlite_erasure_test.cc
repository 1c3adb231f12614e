// SqliteStore erasure: after Purge, DeleteDocument and ForgetAuditTarget no
// byte of what was removed is left in the database's files. Every field of
// the removed records, documents and audit ids carries a canary string; the
// test then reads the raw bytes of the .db, -wal and -shm files while the
// store is still open and fails on any canary. A canary in a record that is
// not purged must still be found, so the scan can fail.

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/entity_codec.h"
#include "core/evidence.h"
#include "store/sqlite/sqlite_store.h"
#include "store_contract.h"

namespace readout::store_contract {
namespace {

const core::Actor kAlice{"alice"};

class TempDir {
 public:
  TempDir() {
    static std::atomic<int> next{0};
    path_ = std::filesystem::temp_directory_path() /
            ("readout-erasure-" + std::to_string(::getpid()) + "-" + std::to_string(next++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// The database's files as they are on disk now ("" for a missing one).
std::vector<std::pair<std::string, std::string>> DatabaseFiles(const std::string& db) {
  std::vector<std::pair<std::string, std::string>> files;
  for (const std::string& path : {db, db + "-wal", db + "-shm"}) {
    std::ifstream in(path, std::ios::binary);
    files.emplace_back(path, std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()));
  }
  return files;
}

// The files holding `canary`, as "path at offset".
std::vector<std::string> WhereFound(const std::string& db, const std::string& canary) {
  std::vector<std::string> found;
  for (const auto& [path, bytes] : DatabaseFiles(db)) {
    for (std::size_t at = bytes.find(canary); at != std::string::npos; at = bytes.find(canary, at + 1)) {
      found.push_back(path + " at " + std::to_string(at));
    }
  }
  return found;
}

core::RecordDraft MustDraft(core::RecordKind kind, const nlohmann::json& body, const std::string& id = "") {
  core::Result<core::RecordDraft> draft = core::MakeDraft(kind, body, id);
  EXPECT_TRUE(draft.has_value()) << (draft ? "" : draft.error().message) << "\n" << body.dump(2);
  return draft ? *draft : core::RecordDraft{};
}

// A dialogue whose every text says `canary` (`round` tells revisions apart).
core::RecordDraft CanaryDialogue(const std::string& canary, const std::string& round, const std::string& id = "") {
  const std::string text = canary + "-" + round;
  return MustDraft(core::RecordKind::kDialogue,
                   {{"visibility", "restricted"},
                    {"name", {{"en", text + "-name-en"}, {"zh_hans", text + "-name-zh"}}},
                    {"party_a", {{"name", {{"en", text + "-party-a"}}}}},
                    {"party_b", {{"name", {{"en", text + "-party-b"}}}}}},
                   id);
}

std::string Expected(const std::vector<std::string>& where) {
  std::string joined;
  for (const std::string& w : where) joined += "\n  " + w;
  return joined;
}

TEST(SqliteErasure, PurgedRecordsDeletedDocumentsAndForgottenAuditIdsLeaveNoBytesInAnyFile) {
  // Canaries: letters and digits only, so they are valid in ids and never
  // escaped in JSON. Each is unique to what carries it.
  const std::string kRecord = "zqpurgedrecordcanary";
  const std::string kChild = "zqpurgedchildcanary";
  const std::string kFile = "zqpurgedfilecanary";
  const std::string kDocument = "zqdeleteddocumentcanary";
  const std::string kAuditId = "zqforgottenauditcanary";
  const std::string kKept = "zqkeptrecordcanary";

  TempDir dir;
  const std::string db = dir.File("readout.db");
  auto opened = store::SqliteStore::Open(db);
  ASSERT_TRUE(opened.has_value()) << opened.error().message;
  store::SqliteStore& store = **opened;

  // A record with two updates (so old versions of its row and its revisions
  // exist), a child round under it, and an evidence file with its bytes.
  const std::string dialogue_id = "dlg_" + kRecord;
  MustCreate(store, CanaryDialogue(kRecord, "v1", dialogue_id));
  ASSERT_TRUE(store.Update(dialogue_id, 1, CanaryDialogue(kRecord, "v2"), kAlice).has_value());
  ASSERT_TRUE(store.Update(dialogue_id, 2, CanaryDialogue(kRecord, "v3"), kAlice).has_value());
  const std::string round_id = "rnd_" + kChild;
  MustCreate(store, RoundDraft(dialogue_id, round_id, kChild + "-title", "restricted"));
  // Larger than a page, so the bytes go to overflow pages too.
  std::string file_bytes;
  while (file_bytes.size() < 20000) file_bytes += kFile + "-bytes ";
  const std::string sha256 = core::FileSha256(file_bytes);
  ASSERT_TRUE(store.PutBlob(core::Blob{sha256, file_bytes}).has_value());
  const std::string file_id = "evf_" + kFile;
  MustCreate(store, EvidenceFileDraft(file_id, sha256, static_cast<std::int64_t>(file_bytes.size()),
                                      kFile + "-name.pdf", kFile + "-description"));

  // A document replaced once and then deleted, also larger than a page.
  std::string document;
  while (document.size() < 9000) document += kDocument + "-body ";
  ASSERT_TRUE(store.PutDocument(auth::kSessions, kDocument + "-key", 0, document + "v1").has_value());
  ASSERT_TRUE(store.PutDocument(auth::kSessions, kDocument + "-key", 1, document + "v2").has_value());

  // Audit rows naming the record, by id and salt.
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(store
                    .AppendAudit([&](std::int64_t last, std::string_view hash) {
                      return auth::AuditRow{last + 1, R"({"action":"record.read_restricted"})", kAuditId + "-id",
                                            kAuditId + "-salt", std::string(hash),
                                            core::FileSha256(std::string(hash) + std::to_string(last))};
                    })
                    .has_value());
  }

  // A record that stays.
  MustCreate(store, CanaryDialogue(kKept, "v1", "dlg_" + kKept));

  // Reads through the pool, so its connections have seen the old pages.
  for (const std::string& id : {dialogue_id, round_id, file_id}) {
    ASSERT_TRUE(store.Get(id).has_value()) << id;
    ASSERT_TRUE(store.History(id).has_value()) << id;
  }
  ASSERT_TRUE(store.Export().has_value());
  ASSERT_TRUE(store.GetDocument(auth::kSessions, kDocument + "-key").has_value());
  ASSERT_TRUE(store.ReadAudit(0, 100).has_value());
  for (const std::string& canary : {kRecord, kChild, kFile, kDocument, kAuditId}) {
    ASSERT_FALSE(WhereFound(db, canary).empty()) << canary << " was never written, so the test proves nothing";
  }

  for (const std::string& id : {round_id, file_id, dialogue_id}) {
    core::Status purged = store.Purge(id);
    ASSERT_TRUE(purged.has_value()) << id << ": " << purged.error().message;
  }
  core::Status deleted = store.DeleteDocument(auth::kSessions, kDocument + "-key");
  ASSERT_TRUE(deleted.has_value()) << deleted.error().message;
  core::Status forgotten = store.ForgetAuditTarget(kAuditId + "-id");
  ASSERT_TRUE(forgotten.has_value()) << forgotten.error().message;

  for (const std::string& canary : {kRecord, kChild, kFile, kDocument, kAuditId}) {
    const std::vector<std::string> where = WhereFound(db, canary);
    EXPECT_TRUE(where.empty()) << canary << " is still in the database's files:" << Expected(where);
  }
  EXPECT_FALSE(WhereFound(db, kKept).empty()) << "the kept record's canary is gone: the scan cannot see anything";
  // The audit rows themselves stay.
  core::Result<std::vector<auth::AuditRow>> audit = store.ReadAudit(0, 100);
  ASSERT_TRUE(audit.has_value());
  EXPECT_EQ(audit->size(), 3u);
}

}  // namespace
}  // namespace readout::store_contract
