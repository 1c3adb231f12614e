#include "io/records_file.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "store/sqlite/sqlite_store.h"

namespace readout::io {
namespace {

class RecordsFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("readout-records-file-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto opened = store::SqliteStore::Open((dir_ / "test.db").string());
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
    records_ = std::make_unique<core::RecordService>(*store_);
  }
  void TearDown() override {
    records_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::SqliteStore> store_;
  std::unique_ptr<core::RecordService> records_;
};

std::string DemoText() {
  std::ifstream in(std::string(READOUT_SOURCE_DIR) + "/data/demo/us-china.json");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

TEST_F(RecordsFileTest, LoadsTheDemoDialogueWithEveryRecordAndItsCreateRevision) {
  auto loaded = LoadRecordsFile(DemoText(), *records_, core::Actor{"demo"});
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_GT(loaded->records, 10u);
  auto round = records_->Get("rnd_2013-kunming", core::Visibility::kPublic);
  ASSERT_TRUE(round) << round.error().message;
  EXPECT_EQ(round->header.parent_id, "dlg_us-china");
  auto history = records_->History("rnd_2013-kunming", core::Visibility::kRestricted);
  ASSERT_TRUE(history);
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ((*history)[0].actor, "demo");
}

TEST_F(RecordsFileTest, DemoKeepsTheInternalPreparationNoteFromThePublic) {
  ASSERT_TRUE(LoadRecordsFile(DemoText(), *records_, core::Actor{"demo"}));
  EXPECT_FALSE(records_->Get("ask_2013-prep-note", core::Visibility::kPublic));
  EXPECT_TRUE(records_->Get("ask_2013-prep-note", core::Visibility::kInternal));
}

TEST_F(RecordsFileTest, LoadingTwiceIsRefusedAndChangesNothing) {
  ASSERT_TRUE(LoadRecordsFile(DemoText(), *records_, core::Actor{"demo"}));
  const auto before = store_->Export();
  ASSERT_TRUE(before);
  auto again = LoadRecordsFile(DemoText(), *records_, core::Actor{"demo"});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, core::ErrorCode::kConflict);
  const auto after = store_->Export();
  ASSERT_TRUE(after);
  EXPECT_EQ(after->records.size(), before->records.size());
  EXPECT_EQ(after->revisions.size(), before->revisions.size());
}

TEST_F(RecordsFileTest, ReportsEveryBadRecordAndWritesNone) {
  const std::string text = R"({"format": "readout-records", "version": 1, "records": [
    {"kind": "dialogue", "id": "dlg_t", "name": {"en": "T"}, "party_a": {"name": {"en": "A"}}, "party_b": {"name": {"en": "B"}}},
    {"kind": "round", "id": "rnd_t", "dialogue_id": "dlg_t", "title": {"en": "R"}, "dates": "2013-13-45"},
    {"kind": "ask", "id": "ask_t", "round_id": "rnd_missing", "subject": {"kind": "issue", "id": "iss_missing"}},
    {"kind": "planet", "id": "pl_t"}
  ]})";
  auto loaded = LoadRecordsFile(text, *records_, core::Actor{"test"});
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().code, core::ErrorCode::kInvalidArgument);
  std::string all;
  for (const auto& f : loaded.error().fields) all += f.field + ": " + f.problem + "\n";
  EXPECT_NE(all.find("records[1].dates"), std::string::npos) << all;
  EXPECT_NE(all.find("records[3].kind"), std::string::npos) << all;
  EXPECT_FALSE(records_->Get("dlg_t", core::Visibility::kRestricted)) << "a refused file was half-written";
}

TEST_F(RecordsFileTest, ResolvesReferencesWithinTheFileWhateverTheOrder) {
  const std::string text = R"({"format": "readout-records", "version": 1, "records": [
    {"kind": "reply", "id": "rpl_t", "ask_id": "ask_t", "reply_kind": "no_reply"},
    {"kind": "ask", "id": "ask_t", "round_id": "rnd_t", "subject": {"kind": "issue", "id": "iss_t"}},
    {"kind": "round", "id": "rnd_t", "dialogue_id": "dlg_t", "title": {"en": "R"}, "dates": "2013"},
    {"kind": "issue", "id": "iss_t", "name": {"en": "I"}},
    {"kind": "dialogue", "id": "dlg_t", "name": {"en": "T"}, "party_a": {"name": {"en": "A"}}, "party_b": {"name": {"en": "B"}}}
  ]})";
  ASSERT_TRUE(LoadRecordsFile(text, *records_, core::Actor{"test"}));
  auto reply = records_->Get("rpl_t", core::Visibility::kPublic);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->header.parent_id, "ask_t");
}

}  // namespace
}  // namespace readout::io

namespace readout::io {
namespace {

TEST_F(RecordsFileTest, RejectsAReferenceToARecordOfTheWrongKind) {
  const std::string text = R"({"format": "readout-records", "version": 1, "records": [
    {"kind": "dialogue", "id": "dlg_t", "name": {"en": "T"}, "party_a": {"name": {"en": "A"}}, "party_b": {"name": {"en": "B"}}},
    {"kind": "issue", "id": "iss_t", "name": {"en": "I"}},
    {"kind": "round", "id": "rnd_t", "dialogue_id": "dlg_t", "title": {"en": "R"}, "dates": "2013"},
    {"kind": "case_list", "id": "cls_t", "round_id": "iss_t"}
  ]})";
  auto loaded = LoadRecordsFile(text, *records_, core::Actor{"test"});
  ASSERT_FALSE(loaded);
  EXPECT_NE(loaded.error().message.find("round_id"), std::string::npos) << loaded.error().message;
}

}  // namespace
}  // namespace readout::io
