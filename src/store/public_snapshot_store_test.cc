#include "store/public_snapshot_store.h"

#include <unistd.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/record_service.h"
#include "store/sqlite/sqlite_store.h"

namespace readout::store {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr char kCanary[] = "CANARY-SNAPSHOT-41c9";

// A SQLite store with public, internal, restricted and deleted records, a
// guarded field on a public case and asks that refer to cases; the snapshot
// is checked against the store itself, read as the public.
class PublicSnapshotStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = fs::temp_directory_path() / ("readout-snapshot-" + std::to_string(::getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db");
    fs::remove(path_);
    auto opened = SqliteStore::Open(path_.string());
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
    source_ = std::move(*opened);
    records_.emplace(*source_);
    Seed(core::RecordKind::kDialogue, "dlg_a",
         {{"name", {{"en", "A dialogue"}}}, {"party_a", {{"name", {{"en", "A"}}}}},
          {"party_b", {{"name", {{"en", "B"}}}}}});
    Seed(core::RecordKind::kRound, "rnd_one", {{"dialogue_id", "dlg_a"}, {"title", {{"en", "One"}}}, {"dates", "2013"}});
    Seed(core::RecordKind::kRound, "rnd_two",
         {{"dialogue_id", "dlg_a"}, {"title", {{"en", "Two"}}}, {"dates", "2014"}, {"visibility", "internal"}});
    for (const char* id : {"prs_a", "prs_b", "prs_c"}) {
      Seed(core::RecordKind::kPerson, id, {{"names", json::array({{{"text", id}, {"script", "Latn"}, {"primary", true}}})}});
    }
    Seed(core::RecordKind::kCase, "cas_a",
         {{"person_id", "prs_a"}, {"family_contact", {{"text", kCanary}}}, {"summary", {{"en", "Public case"}}}});
    Seed(core::RecordKind::kCase, "cas_b", {{"person_id", "prs_b"}, {"visibility", "restricted"}});
    Seed(core::RecordKind::kCase, "cas_c", {{"person_id", "prs_c"}});
    for (int i = 0; i < 5; ++i) {
      Seed(core::RecordKind::kAsk, "ask_" + std::to_string(i),
           {{"round_id", "rnd_one"}, {"position", i + 1},
            {"subject", {{"kind", "case"}, {"id", i % 2 == 0 ? "cas_a" : "cas_c"}}}});
    }
    auto c = records_->Get("cas_c", core::Visibility::kRestricted);
    ASSERT_TRUE(c.has_value());
    json updated = c->body;
    updated["summary"] = {{"en", "Updated"}};
    ASSERT_TRUE(records_->Update("cas_c", c->header.revision, updated, core::Actor{"staff"}).has_value());
    auto ask = records_->Get("ask_4", core::Visibility::kRestricted);
    ASSERT_TRUE(ask.has_value());
    ASSERT_TRUE(records_->Delete("ask_4", ask->header.revision, core::Actor{"staff"}).has_value());
  }
  void TearDown() override {
    records_.reset();
    source_.reset();
    fs::remove(path_);
    fs::remove(fs::path(path_.string() + "-wal"));
    fs::remove(fs::path(path_.string() + "-shm"));
  }

  void Seed(core::RecordKind kind, const std::string& id, const json& body) {
    auto created = records_->Create(kind, body, core::Actor{"staff"}, id);
    ASSERT_TRUE(created.has_value()) << id << ": " << created.error().message;
  }

  std::unique_ptr<PublicSnapshotStore> Snapshot() {
    auto loaded = PublicSnapshotStore::Load(*source_);
    EXPECT_TRUE(loaded.has_value()) << (loaded ? "" : loaded.error().message);
    return loaded ? std::move(*loaded) : nullptr;
  }

  static std::vector<std::string> Ids(const core::ListPage& page) {
    std::vector<std::string> ids;
    for (const auto& r : page.records) ids.push_back(r.header.id);
    return ids;
  }

  fs::path path_;
  std::unique_ptr<SqliteStore> source_;
  std::optional<core::RecordService> records_;
};

TEST_F(PublicSnapshotStoreTest, ListsWhatTheSourceListsForThePublicInTheSameOrderWithTheSameTotals) {
  auto snapshot = Snapshot();
  ASSERT_NE(snapshot, nullptr);
  core::RecordService from_snapshot(*snapshot);
  struct Query {
    const char* name;
    core::ListQuery query;
  };
  auto q = [](std::optional<core::RecordKind> kind, std::optional<std::string> parent,
              std::optional<std::string> references, std::int64_t offset, std::int64_t limit) {
    core::ListQuery query;
    query.kind = kind;
    query.parent_id = std::move(parent);
    query.references_id = std::move(references);
    query.offset = offset;
    query.limit = limit;
    return query;
  };
  const Query queries[] = {
      {"everything", q(std::nullopt, std::nullopt, std::nullopt, 0, 1000)},
      {"everything, second page of 3", q(std::nullopt, std::nullopt, std::nullopt, 3, 3)},
      {"cases", q(core::RecordKind::kCase, std::nullopt, std::nullopt, 0, 50)},
      {"rounds of the dialogue", q(core::RecordKind::kRound, "dlg_a", std::nullopt, 0, 50)},
      {"asks of round one", q(core::RecordKind::kAsk, "rnd_one", std::nullopt, 0, 50)},
      {"asks about cas_a", q(core::RecordKind::kAsk, std::nullopt, "cas_a", 0, 50)},
      {"anything about cas_c, one a page", q(std::nullopt, std::nullopt, "cas_c", 1, 1)},
      {"asks about the restricted case", q(core::RecordKind::kAsk, std::nullopt, "cas_b", 0, 50)},
      {"children of a person", q(std::nullopt, "prs_a", std::nullopt, 0, 50)},
      {"an unknown parent", q(core::RecordKind::kAsk, "rnd_none", std::nullopt, 0, 50)},
      {"past the end", q(core::RecordKind::kCase, std::nullopt, std::nullopt, 10, 50)},
  };
  for (const Query& query : queries) {
    auto want = records_->List(query.query, core::Visibility::kPublic);
    auto got = from_snapshot.List(query.query, core::Visibility::kPublic);
    ASSERT_TRUE(want.has_value()) << query.name;
    ASSERT_TRUE(got.has_value()) << query.name << ": " << got.error().message;
    EXPECT_EQ(Ids(*got), Ids(*want)) << query.name;
    EXPECT_EQ(got->total, want->total) << query.name;
    for (std::size_t i = 0; i < got->records.size() && i < want->records.size(); ++i) {
      EXPECT_EQ(got->records[i].header, want->records[i].header) << query.name;
      EXPECT_EQ(got->records[i].body, want->records[i].body) << query.name << ": " << got->records[i].header.id;
    }
  }
}

TEST_F(PublicSnapshotStoreTest, HoldsNoNonPublicRecordOrFieldAtAll) {
  auto snapshot = Snapshot();
  ASSERT_NE(snapshot, nullptr);
  for (const char* id : {"cas_b", "rnd_two", "ask_4", "ask_none"}) {
    auto got = snapshot->Get(id);
    ASSERT_FALSE(got.has_value()) << id;
    EXPECT_EQ(got.error().code, core::ErrorCode::kNotFound) << id;
  }
  core::ListQuery everything;
  everything.limit = 1000;
  everything.include_deleted = true;
  everything.max_visibility = core::Visibility::kRestricted;  // the store itself, asked for everything
  auto all = snapshot->List(everything);
  ASSERT_TRUE(all.has_value());
  EXPECT_EQ(static_cast<std::size_t>(all->total), snapshot->size());
  for (const auto& r : all->records) {
    EXPECT_EQ(r.header.visibility, core::Visibility::kPublic) << r.header.id;
    EXPECT_FALSE(r.header.deleted) << r.header.id;
    EXPECT_EQ(r.body.dump().find(kCanary), std::string::npos) << r.header.id;
  }
  auto a = snapshot->Get("cas_a");
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->body["summary"]["en"], "Public case");
}

TEST_F(PublicSnapshotStoreTest, HistoryIsTheSourcesForARecordItHoldsAndNotFoundOtherwise) {
  auto snapshot = Snapshot();
  ASSERT_NE(snapshot, nullptr);
  core::RecordService from_snapshot(*snapshot);
  for (int pass = 0; pass < 2; ++pass) {  // the second from the memo
    auto want = records_->History("cas_c", core::Visibility::kPublic);
    auto got = from_snapshot.History("cas_c", core::Visibility::kPublic);
    ASSERT_TRUE(want.has_value());
    ASSERT_TRUE(got.has_value()) << got.error().message;
    ASSERT_EQ(got->size(), 2u) << "pass " << pass;
    ASSERT_EQ(got->size(), want->size());
    for (std::size_t i = 0; i < got->size(); ++i) EXPECT_EQ((*got)[i].after, (*want)[i].after) << "pass " << pass;
  }
  for (const char* id : {"cas_b", "ask_4"}) {
    auto got = snapshot->History(id);
    ASSERT_FALSE(got.has_value()) << id;
    EXPECT_EQ(got.error().code, core::ErrorCode::kNotFound) << id;
  }
}

TEST_F(PublicSnapshotStoreTest, RefusesEveryWriteAndAnOutOfRangeLimitNamingIt) {
  auto snapshot = Snapshot();
  ASSERT_NE(snapshot, nullptr);
  core::RecordService from_snapshot(*snapshot);
  auto created = from_snapshot.Create(core::RecordKind::kPerson,
                                      {{"names", json::array({{{"text", "x"}, {"script", "Latn"}, {"primary", true}}})}},
                                      core::Actor{"staff"}, "prs_new");
  ASSERT_FALSE(created.has_value());
  EXPECT_EQ(created.error().code, core::ErrorCode::kUnavailable);
  EXPECT_FALSE(source_->Get("prs_new").has_value());
  EXPECT_FALSE(snapshot->Export().has_value());
  core::ListQuery bad;
  bad.limit = 1001;
  auto listed = snapshot->List(bad);
  ASSERT_FALSE(listed.has_value());
  ASSERT_EQ(listed.error().fields.size(), 1u);
  EXPECT_EQ(listed.error().fields[0].field, "limit");
}

}  // namespace
}  // namespace readout::store
