// How the index keeps documents from readers who may not see them
// (docs/search.md, "Visibility is part of the query"): queries take away the
// documents hidden from the reader (H<level> terms), hits are checked
// against the levels in their document data, and an index written before
// the H terms existed is rebuilt rather than trusted. These tests write the
// Xapian shards directly to build the cases the indexing code never makes.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include <unistd.h>

#include <gtest/gtest.h>
#include <xapian.h>

#include "search/search.h"

namespace readout::search {
namespace {

using core::StoredRecord;
using core::Visibility;

// The layout of a hit's fields in search_index.cc (value slot 0): each
// field as a 4-byte little-endian length and its bytes.
void AppendField(std::string& out, std::string_view field) {
  const auto n = static_cast<std::uint32_t>(field.size());
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((n >> (8 * i)) & 0xFF));
  out.append(field);
}

class SearchLevelsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("readout_search_levels_test_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Writes both shards with `schema` and, in shard 0, one document for an
  // internal record that carries no H term: the word `word`, and `levels`
  // among its hit fields (none when empty).
  void WriteShards(const std::string& schema, const std::string& word, const std::string& levels) {
    std::filesystem::create_directories(dir_);
    for (int i = 0; i < 2; ++i) {
      Xapian::WritableDatabase shard((dir_ / ("shard" + std::to_string(i))).string(), Xapian::DB_CREATE_OR_OVERWRITE);
      if (i == 0) {
        shard.set_metadata("readout.schema", schema);
        shard.set_metadata("readout.sequence", "1");
        Xapian::Document doc;
        doc.add_term(word);
        doc.add_boolean_term("Qrpl_old");
        std::string data;
        AppendField(data, "rpl_old");
        AppendField(data, "reply");
        AppendField(data, "");
        AppendField(data, word);
        if (!levels.empty()) AppendField(data, levels);
        doc.add_value(0, data);  // kHitSlot
        shard.add_document(doc);
      }
      shard.commit();
    }
  }

  SearchResult Find(SearchIndex& index, const std::string& q, Visibility reader) {
    SearchQuery query;
    query.q = q;
    query.reader = reader;
    auto r = index.Search(query);
    EXPECT_TRUE(r) << q;
    return r ? *r : SearchResult{};
  }

  std::filesystem::path dir_;
};

TEST_F(SearchLevelsTest, AnIndexWrittenBeforeHiddenTermsIsRebuiltNotTrusted) {
  // Schema 3 filtered by V<level> terms and wrote no H terms: read with
  // AND_NOT H<level>, its internal documents would reach public readers.
  WriteShards("readout-search-3", "canaryoldschema", "");
  auto index = SearchIndex::Open(dir_);
  ASSERT_TRUE(index) << index.error().message;
  EXPECT_EQ((*index)->DocumentCount(), 0) << "emptied, for CatchUp to rebuild";
  EXPECT_EQ((*index)->AppliedSequence(), 0);
  EXPECT_EQ(Find(**index, "canaryoldschema", Visibility::kPublic).total, 0);
}

TEST_F(SearchLevelsTest, AHitIsShownOnlyWhenItsDocumentServesTheReadersLevel) {
  // A document missing its H term (never written so; a bug would) still
  // lists the levels it serves among its hit fields, and Search shows no
  // hit whose fields leave out the reader's level.
  WriteShards("readout-search-4", "canarymislabelled", " internal restricted ");
  auto index = SearchIndex::Open(dir_);
  ASSERT_TRUE(index) << index.error().message;
  ASSERT_EQ((*index)->DocumentCount(), 1);
  EXPECT_TRUE(Find(**index, "canarymislabelled", Visibility::kPublic).hits.empty());
  const SearchResult internal = Find(**index, "canarymislabelled", Visibility::kInternal);
  ASSERT_EQ(internal.hits.size(), 1u);
  EXPECT_EQ(internal.hits[0].id, "rpl_old");
}

TEST(SearchLevelTermsTest, EachLevelMatchesTheDocumentsOfItsViewOnly) {
  // A reply visible to internal readers and one visible to the public, and
  // a case whose guarded field gives it two views: every level meets each
  // record once, in the view it is cleared for.
  auto index = SearchIndex::InMemory();
  ASSERT_TRUE(index);
  StoredRecord internal_reply, public_reply, guarded_case;
  internal_reply.header.id = "rpl_internal";
  internal_reply.header.kind = core::RecordKind::kReply;
  internal_reply.header.visibility = Visibility::kInternal;
  internal_reply.body = {{"original_text", "levelword internalonly"}};
  public_reply.header.id = "rpl_public";
  public_reply.header.kind = core::RecordKind::kReply;
  public_reply.body = {{"original_text", "levelword"}};
  guarded_case.header.id = "cas_guarded";
  guarded_case.header.kind = core::RecordKind::kCase;
  guarded_case.body = {{"title", {{"en", "levelword case"}}},
                       {"notes", {{"text", "restrictednote"}, {"visibility", "restricted"}}}};
  ASSERT_TRUE((*index)->Index(std::vector<StoredRecord>{internal_reply, public_reply, guarded_case}));
  struct Case {
    std::string q;
    Visibility reader;
    std::int64_t total;
  };
  for (const Case& c : {Case{"levelword", Visibility::kPublic, 2}, Case{"levelword", Visibility::kInternal, 3},
                        Case{"levelword", Visibility::kRestricted, 3}, Case{"internalonly", Visibility::kPublic, 0},
                        Case{"internalonly", Visibility::kInternal, 1}, Case{"restrictednote", Visibility::kPublic, 0},
                        Case{"restrictednote", Visibility::kInternal, 0},
                        Case{"restrictednote", Visibility::kRestricted, 1}, Case{"", Visibility::kPublic, 2},
                        Case{"", Visibility::kInternal, 3}}) {
    SearchQuery q;
    q.q = c.q;
    q.reader = c.reader;
    auto r = (*index)->Search(q);
    ASSERT_TRUE(r) << c.q;
    EXPECT_EQ(r->total, c.total) << "q=" << c.q << " as " << core::ToCode(c.reader);
    EXPECT_EQ(static_cast<std::int64_t>(r->hits.size()), c.total) << "q=" << c.q << " as " << core::ToCode(c.reader);
  }
}

}  // namespace
}  // namespace readout::search
