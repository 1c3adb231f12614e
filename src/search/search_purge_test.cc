#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "search/search.h"

namespace readout::search {
namespace {

using core::StoredRecord;
using core::Visibility;
using nlohmann::json;

// A store with a change feed, from which Purge removes a record's entries as
// core::Store::Purge does.
class PurgeFeedStore : public core::Store {
 public:
  void Put(const std::string& id, json body) {
    StoredRecord r;
    r.header.id = id;
    r.header.kind = *core::KindOfId(id);
    r.header.visibility = Visibility::kPublic;
    r.header.revision = 1;
    r.body = std::move(body);
    records_[id] = r;
    feed_.push_back({static_cast<std::int64_t>(feed_.size()) + 1, id});
  }
  core::Status Purge(std::string_view id) override {
    records_.erase(std::string(id));
    std::erase_if(feed_, [&](const core::Change& c) { return c.record_id == id; });
    return {};
  }

  core::Result<StoredRecord> Create(const core::RecordDraft&, const core::Actor&) override { return No(); }
  core::Result<StoredRecord> Update(std::string_view, std::int64_t, const core::RecordDraft&,
                                    const core::Actor&) override {
    return No();
  }
  core::Result<StoredRecord> Delete(std::string_view, std::int64_t, const core::Actor&) override { return No(); }
  core::Result<StoredRecord> Restore(std::string_view, std::int64_t, const core::Actor&) override { return No(); }
  core::Result<StoredRecord> Get(std::string_view id) override {
    auto it = records_.find(std::string(id));
    if (it == records_.end()) return core::Fail(core::Error::NotFound("no record " + std::string(id)));
    return it->second;
  }
  core::Result<core::ListPage> List(const core::ListQuery&) override { return core::Fail(core::Error::Internal("")); }
  core::Result<std::vector<core::Revision>> History(std::string_view) override {
    return core::Fail(core::Error::Internal(""));
  }
  core::Result<core::Bundle> Export() override { return core::Fail(core::Error::Internal("")); }
  core::Status Import(const core::Bundle&) override { return core::Fail(core::Error::Internal("")); }
  core::Status PutBlob(const core::Blob&) override { return core::Fail(core::Error::Internal("")); }
  core::Result<core::Blob> GetBlob(std::string_view) override { return core::Fail(core::Error::Internal("")); }
  core::Result<std::vector<core::Change>> ChangesSince(std::int64_t after, std::int64_t limit) override {
    std::vector<core::Change> out;
    for (const auto& c : feed_) {
      if (c.sequence > after && static_cast<std::int64_t>(out.size()) < limit) out.push_back(c);
    }
    return out;
  }
  std::int64_t ChangeCounter() override { return static_cast<std::int64_t>(feed_.size()); }

 private:
  static core::Result<StoredRecord> No() { return core::Fail(core::Error::Internal("not in this double")); }
  std::map<std::string, StoredRecord> records_;
  std::vector<core::Change> feed_;
};

// Files under `dir` holding `needle`, as "path" strings.
std::vector<std::string> FilesHolding(const std::filesystem::path& dir, const std::string& needle) {
  std::vector<std::string> holding;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.find(needle) != std::string::npos) holding.push_back(entry.path().string());
  }
  return holding;
}

std::string Joined(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items) text += item + "\n";
  return text;
}

class SearchPurgeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("readout-search-purge-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
};

// Canaries: lower case ASCII, so they are indexed as written (a term of the
// postlist table) and stored as written (the document's text for snippets).
constexpr const char* kCanaryName = "purgecanaryname";
constexpr const char* kCanaryBio = "purgecanarybiography";

TEST_F(SearchPurgeTest, APurgedRecordsTextIsInNoFileOfTheIndexDirectory) {
  PurgeFeedStore store;
  // Enough other records that the canary's blocks sit among live ones.
  for (int i = 0; i < 200; ++i) {
    store.Put("prs_other-" + std::to_string(i),
              {{"names", json::array({{{"text", "Other person " + std::to_string(i)}, {"primary", true}}})},
               {"biography", {{"en", "A lawyer detained in " + std::to_string(1990 + i % 30)}}}});
  }
  store.Put("prs_source", {{"names", json::array({{{"text", kCanaryName}, {"primary", true}}})},
                           {"biography", {{"en", std::string("Spoke to us: ") + kCanaryBio}}}});
  auto index = SearchIndex::Open(dir_);
  ASSERT_TRUE(index) << index.error().message;
  ASSERT_TRUE((*index)->CatchUp(store));
  ASSERT_FALSE(FilesHolding(dir_, kCanaryName).empty()) << "the canary must be on disk first, or the test proves "
                                                           "nothing";

  // What a plain Remove leaves (recorded, not required: it is why the purge rebuilds).
  ASSERT_TRUE((*index)->Remove("prs_source"));
  ::testing::Test::RecordProperty("files_with_canary_after_remove",
                                  static_cast<int>(FilesHolding(dir_, kCanaryBio).size()));

  ASSERT_TRUE(store.Purge("prs_source"));
  ASSERT_TRUE((*index)->RemoveWithoutTrace("prs_source", store));

  for (const char* canary : {kCanaryName, kCanaryBio}) {
    EXPECT_TRUE(FilesHolding(dir_, canary).empty()) << canary << " is still in:\n" << Joined(FilesHolding(dir_, canary));
  }
  SearchQuery query;
  query.q = kCanaryName;
  auto gone = (*index)->Search(query);
  ASSERT_TRUE(gone);
  EXPECT_EQ(gone->total, 0);
  query.q = "lawyer";
  auto kept = (*index)->Search(query);
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->total, 200) << "every other record is searchable after the rebuild";
}

TEST_F(SearchPurgeTest, ThePurgedRecordStaysOutAfterTheIndexIsOpenedAgainAndCatchesUp) {
  PurgeFeedStore store;
  store.Put("prs_source", {{"names", json::array({{{"text", kCanaryName}, {"primary", true}}})}});
  store.Put("prs_other", {{"names", json::array({{{"text", "Other"}, {"primary", true}}})}});
  {
    auto index = SearchIndex::Open(dir_);
    ASSERT_TRUE(index);
    ASSERT_TRUE((*index)->CatchUp(store));
    ASSERT_TRUE(store.Purge("prs_source"));
    ASSERT_TRUE((*index)->RemoveWithoutTrace("prs_source", store));
  }
  auto reopened = SearchIndex::Open(dir_);
  ASSERT_TRUE(reopened);
  ASSERT_TRUE((*reopened)->CatchUp(store));
  SearchQuery query;
  query.q = kCanaryName;
  EXPECT_EQ((*reopened)->Search(query)->total, 0);
  EXPECT_TRUE(FilesHolding(dir_, kCanaryName).empty()) << Joined(FilesHolding(dir_, kCanaryName));
}

}  // namespace
}  // namespace readout::search
