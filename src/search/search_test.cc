#include "search/search.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "search/documents.h"

namespace readout::search {
namespace {

using core::RecordKind;
using core::StoredRecord;
using core::Visibility;
using nlohmann::json;

// A Store double with a change feed: enough of core::Store for the index.
class FeedStore : public core::Store {
 public:
  void Put(const std::string& id, Visibility v, json body, bool deleted = false) {
    StoredRecord r;
    r.header.id = id;
    r.header.kind = *core::KindOfId(id);
    r.header.visibility = v;
    r.header.deleted = deleted;
    r.header.revision = records_.count(id) ? records_[id].header.revision + 1 : 1;
    r.body = std::move(body);
    records_[id] = r;
    feed_.push_back({static_cast<std::int64_t>(feed_.size()) + 1, id});
  }
  void Erase(const std::string& id) { records_.erase(id); }  // as if purged

  core::Result<StoredRecord> Create(const core::RecordDraft&, const core::Actor&) override { return Unsupported(); }
  core::Result<StoredRecord> Update(std::string_view, std::int64_t, const core::RecordDraft&,
                                    const core::Actor&) override {
    return Unsupported();
  }
  core::Result<StoredRecord> Delete(std::string_view, std::int64_t, const core::Actor&) override {
    return Unsupported();
  }
  core::Result<StoredRecord> Restore(std::string_view, std::int64_t, const core::Actor&) override {
    return Unsupported();
  }
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
  static core::Result<StoredRecord> Unsupported() { return core::Fail(core::Error::Internal("not in this double")); }
  std::map<std::string, StoredRecord> records_;
  std::vector<core::Change> feed_;
};

// Every non-public field and record carries a canary; no public query may
// ever return, quote or count one.
constexpr const char* kCanaries[] = {"canaryrisk", "canaryfamily", "canarynotes", "canaryauthor",
                                     "canaryurl",  "canaryinternalrecord", "canaryrestrictedrecord",
                                     "金丝雀"};

void FillStore(FeedStore& s) {
  s.Put("iss_speech", Visibility::kPublic, {{"name", {{"en", "Freedom of expression"}, {"zh_hans", "言论自由"}}}});
  s.Put("iss_secret", Visibility::kRestricted, {{"name", {{"en", "canaryrestrictedrecord issue"}}}});
  s.Put("rnd_2013", Visibility::kPublic,
        {{"dialogue_id", "dlg_us-china"}, {"dates", "2013-07-30/2013-07-31"}, {"title", {{"en", "Kunming round"}}}});
  s.Put("plc_beijing", Visibility::kPublic, {{"level", "province"}, {"name", {{"en", "Beijing"}, {"zh_hans", "北京"}}}});
  s.Put("plc_no3", Visibility::kPublic,
        {{"level", "facility"}, {"parent_id", "plc_beijing"}, {"name", {{"en", "Beijing No. 3 Detention Centre"}}}});
  s.Put("prs_xu", Visibility::kPublic,
        {{"names", json::array({{{"text", "许志永"}, {"script", "hans"}, {"primary", true}},
                                {{"text", "Xu Zhiyong"}, {"script", "latn"}}})},
         {"biography", {{"en", "Legal scholar, founder of the New Citizens Movement"}}},
         {"risk_notes", {{"text", "canaryrisk 秘密金丝雀"}, {"visibility", "restricted"}}}});
  s.Put("prs_trad", Visibility::kPublic,
        {{"names", json::array({{{"text", "丁家喜"}, {"primary", true}}, {{"text", "丁家囍"}}})},
         {"biography", {{"zh_hant", "律師，關注人權"}}}});
  s.Put("prs_tradonly", Visibility::kPublic,
        {{"names", json::array({{{"text", "許志永"}, {"primary", true}}})}, {"biography", {{"en", "namesake"}}}});
  s.Put("cas_xu", Visibility::kPublic,
        {{"person_id", "prs_xu"},
         {"title", {{"en", "Detention of Xu Zhiyong"}}},
         {"issue_ids", json::array({"iss_speech", "iss_secret"})},
         {"status", "detained"},
         {"summary", {{"zh_hant", "人權律師被拘留"}, {"en", "The human rights lawyer was detained"}}},
         {"family_contact", {{"text", "canaryfamily"}, {"visibility", "internal"}}},
         {"notes", {{"text", "canarynotes"}, {"visibility", "restricted"}}}});
  s.Put("cas_hidden", Visibility::kInternal,
        {{"person_id", "prs_xu"}, {"issue_ids", json::array({"iss_speech"})}, {"status", "released"},
         {"summary", {{"en", "canaryinternalrecord human rights lawyer"}}}});
  s.Put("lev_1", Visibility::kPublic,
        {{"case_id", "cas_xu"}, {"type", "taken_away"}, {"date", "2013-07-16"}, {"place_id", "plc_no3"},
         {"description", {{"en", "Taken away by police from his home"}}}});
  s.Put("ask_1", Visibility::kPublic,
        {{"round_id", "rnd_2013"}, {"subject", {{"kind", "issue"}, {"id", "iss_speech"}}},
         {"description", {{"en", "Release Xu Zhiyong"}}}});
  s.Put("rpl_1", Visibility::kPublic,
        {{"ask_id", "ask_1"}, {"original_text", "我们依法处理人权问题"}, {"date", "2013-07-31"},
         {"translation", {{"en", "We handle human rights matters according to law"}}}});
  s.Put("rpl_apart", Visibility::kPublic,
        {{"ask_id", "ask_1"}, {"original_text", "人民的权利，许多志愿者永远在"},
         {"translation", {{"en", "rights of humans"}}}});
  s.Put("src_1", Visibility::kPublic,
        {{"title", {{"en", "Testimony of a witness"}}}, {"protect_identity", true}, {"author", "canaryauthor"},
         {"url", "https://example.org/canaryurl"}});
}

class SearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    FillStore(store_);
    auto index = SearchIndex::InMemory();
    ASSERT_TRUE(index) << index.error().message;
    index_ = std::move(*index);
    ASSERT_TRUE(index_->CatchUp(store_));
  }

  SearchResult Find(const std::string& q, Visibility reader = Visibility::kPublic,
                    std::map<std::string, std::vector<std::string>> filters = {}) {
    SearchQuery query;
    query.q = q;
    query.reader = reader;
    query.filters = std::move(filters);
    query.limit = 100;
    auto r = index_->Search(query);
    EXPECT_TRUE(r) << "q=" << q << ": " << (r ? "" : r.error().message);
    return r ? *r : SearchResult{};
  }

  static std::set<std::string> Ids(const SearchResult& r) {
    std::set<std::string> ids;
    for (const auto& h : r.hits) ids.insert(h.id);
    return ids;
  }

  FeedStore store_;
  std::unique_ptr<SearchIndex> index_;
};

TEST_F(SearchTest, FindsAPersonByHanziTraditionalAndPinyinInAnyForm) {
  const std::set<std::string> want = {"prs_xu", "prs_tradonly"};
  for (const std::string q : {"许志永", "許志永", "xu zhiyong", "xuzhiyong", "Xu Zhi-yong", "XU ZHIYONG",
                              "zhiyong xu", "xu zhi yong"}) {
    const auto ids = Ids(Find(q));
    for (const auto& id : want) EXPECT_TRUE(ids.count(id)) << "q=" << q << " should find " << id;
  }
}

TEST_F(SearchTest, FindsEveryNameVariantOfAPerson) {
  for (const std::string q : {"丁家喜", "丁家囍", "ding jiaxi", "dingjiaxi"}) {
    EXPECT_TRUE(Ids(Find(q)).count("prs_trad")) << "q=" << q;
  }
}

TEST_F(SearchTest, FoldsSimplifiedAndTraditionalBothWays) {
  for (const std::string q : {"人权", "人權"}) {
    const auto ids = Ids(Find(q));
    EXPECT_TRUE(ids.count("rpl_1")) << "q=" << q << " (simplified text)";
    EXPECT_TRUE(ids.count("cas_xu")) << "q=" << q << " (traditional text)";
    EXPECT_TRUE(ids.count("prs_trad")) << "q=" << q << " (traditional biography)";
  }
}

TEST_F(SearchTest, TwoCharacterWordsMatchOnlyAdjacentCharacters) {
  const auto ids = Ids(Find("人权"));
  EXPECT_FALSE(ids.count("rpl_apart")) << "人 and 权 apart must not match 人权";
  EXPECT_TRUE(Ids(Find("权利")).count("rpl_apart"));
  EXPECT_TRUE(Ids(Find("北京")).count("plc_beijing"));
}

TEST_F(SearchTest, TwoCharacterWordsCombineWithOtherWordsAndOperators) {
  // Two-character words are searched as their bigram term; with other words,
  // after + or -, or inside quotes they must still mean the adjacent pair.
  struct Case {
    std::string q;
    bool finds_rpl_1;
    bool finds_rpl_apart;
  };
  const std::vector<Case> cases = {
      {"人权", true, false},      {"人權 依法", true, false}, {"依法 人权", true, false},
      {"+人权", true, false},     {"\"人权\"", true, false}, {"权利 -人权", false, true},
      {"人权 zzznothing", false, false}, {"权利 -人民的", false, false}, {"rights -依法处理", false, true},
  };
  for (const auto& c : cases) {
    const auto ids = Ids(Find(c.q));
    EXPECT_EQ(ids.count("rpl_1") == 1, c.finds_rpl_1) << "q=" << c.q;
    EXPECT_EQ(ids.count("rpl_apart") == 1, c.finds_rpl_apart) << "q=" << c.q;
  }
}

TEST_F(SearchTest, MultiCharacterChineseWordsArePhrases) {
  // rpl_apart holds 许, 志 and 永 and the bigram-free spread "许多志愿者永远".
  const auto ids = Ids(Find("许志永"));
  EXPECT_FALSE(ids.count("rpl_apart"));
  EXPECT_TRUE(Ids(Find("依法处理")).count("rpl_1"));
  EXPECT_FALSE(Ids(Find("依法理处")).count("rpl_1"));
}

TEST_F(SearchTest, QuotedEnglishIsAPhraseAndWordsAreAnded) {
  EXPECT_TRUE(Ids(Find("\"human rights\"")).count("rpl_1"));
  EXPECT_FALSE(Ids(Find("\"human rights\"")).count("rpl_apart"));
  EXPECT_TRUE(Ids(Find("rights humans")).count("rpl_apart"));
  EXPECT_FALSE(Ids(Find("rights kunming")).count("rpl_apart"));
}

TEST_F(SearchTest, SnippetsHighlightMatchesAndEscapeHtml) {
  auto r = Find("人权");
  bool marked = false;
  for (const auto& h : r.hits) marked = marked || h.snippet.find("<mark>") != std::string::npos;
  EXPECT_TRUE(marked);
  FeedStore s;
  s.Put("iss_html", Visibility::kPublic, {{"name", {{"en", "<script>alert(1)</script> tortured"}}}});
  ASSERT_TRUE(index_->Rebuild(s));
  auto html = Find("tortured");
  ASSERT_EQ(html.hits.size(), 1u);
  EXPECT_EQ(html.hits[0].snippet.find("<script>"), std::string::npos) << html.hits[0].snippet;
}

TEST_F(SearchTest, FacetsCountWhatTheReaderMaySee) {
  auto r = Find("lawyer");
  EXPECT_EQ(r.total, 1);  // cas_xu; cas_hidden is internal
  ASSERT_TRUE(r.facets.count("type"));
  EXPECT_EQ(r.facets["type"], (std::vector<FacetCount>{{"case", 1}}));
  EXPECT_EQ(r.facets["case_status"], (std::vector<FacetCount>{{"detained", 1}}));
  EXPECT_EQ(r.facets["issue"], (std::vector<FacetCount>{{"iss_speech", 1}})) << "a restricted issue id leaked";

  auto staff = Find("lawyer", Visibility::kInternal);
  EXPECT_EQ(staff.total, 2);
  EXPECT_EQ(staff.facets["type"], (std::vector<FacetCount>{{"case", 2}}));
}

TEST_F(SearchTest, FacetsReachRoundsProvincesAndYears) {
  auto reply = Find("according to law");
  ASSERT_TRUE(Ids(reply).count("rpl_1"));
  EXPECT_EQ(reply.facets["round"], (std::vector<FacetCount>{{"rnd_2013", 1}}));
  EXPECT_EQ(reply.facets["year"], (std::vector<FacetCount>{{"2013", 1}}));
  auto event = Find("taken away police");
  ASSERT_TRUE(Ids(event).count("lev_1"));
  EXPECT_EQ(event.facets["province"], (std::vector<FacetCount>{{"plc_beijing", 1}}));
}

TEST_F(SearchTest, FiltersNarrowByFacetAndCombine) {
  EXPECT_EQ(Ids(Find("xu zhiyong", Visibility::kPublic, {{"type", {"case"}}})), (std::set<std::string>{"cas_xu"}));
  EXPECT_EQ(Ids(Find("xu zhiyong", Visibility::kPublic, {{"type", {"case", "ask"}}})),
            (std::set<std::string>{"cas_xu", "ask_1"}));
  EXPECT_EQ(Ids(Find("", Visibility::kPublic, {{"round", {"rnd_2013"}}, {"type", {"reply"}}})),
            (std::set<std::string>{"rpl_1", "rpl_apart"}));
  EXPECT_TRUE(Ids(Find("", Visibility::kPublic, {{"issue", {"iss_secret"}}})).empty());
}

TEST_F(SearchTest, PublicReadersNeverMeetACanary) {
  for (const char* canary : kCanaries) {
    auto r = Find(canary);
    EXPECT_EQ(r.total, 0) << "canary " << canary << " matched a public query";
    EXPECT_TRUE(r.hits.empty()) << canary;
  }
  // Nor in titles, snippets or facets of results that match otherwise.
  for (const std::string q : {"", "xu zhiyong", "lawyer", "testimony", "人权", "许志永", "issue"}) {
    auto r = Find(q);
    for (const auto& h : r.hits) {
      for (const char* canary : kCanaries) {
        EXPECT_EQ(h.snippet.find(canary), std::string::npos) << "q=" << q << " " << h.id << " snippet";
        EXPECT_EQ(h.title.find(canary), std::string::npos) << "q=" << q << " " << h.id << " title";
      }
      EXPECT_NE(h.id, "cas_hidden");
      EXPECT_NE(h.id, "iss_secret");
    }
    for (const auto& [facet, counts] : r.facets) {
      for (const auto& c : counts) {
        EXPECT_NE(c.value, "iss_secret") << "q=" << q;
        EXPECT_NE(c.value, "released") << "q=" << q << ": status of an internal case";
      }
    }
  }
}

TEST_F(SearchTest, EachLevelFindsExactlyTheCanariesItIsClearedFor) {
  struct Case {
    std::string q;
    Visibility reader;
    std::string want;  // "" for no hit
  };
  const Case cases[] = {
      {"canaryfamily", Visibility::kInternal, "cas_xu"},   {"canarynotes", Visibility::kInternal, ""},
      {"canarynotes", Visibility::kRestricted, "cas_xu"},  {"canaryrisk", Visibility::kInternal, ""},
      {"canaryrisk", Visibility::kRestricted, "prs_xu"},   {"金丝雀", Visibility::kRestricted, "prs_xu"},
      {"canaryauthor", Visibility::kInternal, ""},         {"canaryauthor", Visibility::kRestricted, "src_1"},
      {"canaryinternalrecord", Visibility::kInternal, "cas_hidden"},
      {"canaryrestrictedrecord", Visibility::kInternal, ""},
      {"canaryrestrictedrecord", Visibility::kRestricted, "iss_secret"},
  };
  for (const auto& c : cases) {
    auto r = Find(c.q, c.reader);
    const std::string label = c.q + " as " + std::string(core::ToCode(c.reader));
    if (c.want.empty()) {
      EXPECT_EQ(r.total, 0) << label;
    } else {
      EXPECT_EQ(Ids(r), (std::set<std::string>{c.want})) << label;
      EXPECT_EQ(r.total, 1) << label << ": one result per record, whatever the number of views";
    }
  }
}

TEST_F(SearchTest, BadInputGetsAClearErrorOrASensibleResult) {
  struct Case {
    std::string q;
    bool ok;
    std::string field;  // named in the error when !ok
  };
  const Case cases[] = {
      {"", true, ""},
      {"   ", true, ""},
      {"!!! ... ???", true, ""},
      {"，。！", true, ""},
      {"\"unbalanced quote", true, ""},
      {"xu \"zhiyong", true, ""},
      {"AND OR NOT", true, ""},
      {"+ - \" ( ) * :", true, ""},
      {"title:foo NEAR bar", true, ""},
      {std::string(10000, 'a'), false, "q"},
      {std::string(1000, 'x'), true, ""},
  };
  for (const auto& c : cases) {
    SearchQuery query;
    query.q = c.q;
    auto r = index_->Search(query);
    const std::string label = "q=" + c.q.substr(0, 40);
    EXPECT_EQ(r.has_value(), c.ok) << label;
    if (!r) {
      EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument) << label;
      ASSERT_FALSE(r.error().fields.empty()) << label;
      EXPECT_EQ(r.error().fields[0].field, c.field) << label;
    }
  }
  SearchQuery unknown;
  unknown.q = "xu";
  unknown.filters["colour"] = {"red"};
  auto r = index_->Search(unknown);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().fields.at(0).field, "colour");
  SearchQuery paging;
  paging.limit = 0;
  EXPECT_FALSE(index_->Search(paging));
}

TEST_F(SearchTest, PunctuationOnlyFindsNothingAndEmptyBrowsesWhatTheReaderMaySee) {
  EXPECT_EQ(Find("!!!").total, 0);
  auto all = Find("");
  EXPECT_GT(all.total, 10);
  EXPECT_FALSE(Ids(all).count("cas_hidden"));
  EXPECT_FALSE(Ids(all).count("iss_secret"));
}

TEST_F(SearchTest, PagesThroughResults) {
  SearchQuery q;
  q.q = "";
  q.limit = 3;
  std::set<std::string> seen;
  std::int64_t total = 0;
  for (q.offset = 0; q.offset < 30; q.offset += 3) {
    auto r = index_->Search(q);
    ASSERT_TRUE(r);
    total = r->total;
    for (const auto& h : r->hits) EXPECT_TRUE(seen.insert(h.id).second) << h.id << " on two pages";
  }
  EXPECT_EQ(static_cast<std::int64_t>(seen.size()), total);
}

TEST_F(SearchTest, CatchesUpWithUpdatesDeletionsAndPurges) {
  const std::int64_t before = index_->AppliedSequence();
  EXPECT_GT(before, 0);
  store_.Put("iss_speech", Visibility::kPublic, {{"name", {{"en", "Expression renamed zebra"}}}});
  store_.Put("rpl_apart", Visibility::kPublic, {{"ask_id", "ask_1"}}, /*deleted=*/true);
  store_.Erase("src_1");
  store_.Put("src_1", Visibility::kPublic, {});  // feed entry; record then purged below
  store_.Erase("src_1");
  // A record made internal disappears for the public.
  store_.Put("prs_tradonly", Visibility::kInternal, {{"names", json::array({{{"text", "許志永"}}})}});
  ASSERT_TRUE(index_->CatchUp(store_));
  EXPECT_GT(index_->AppliedSequence(), before);
  EXPECT_TRUE(Ids(Find("zebra")).count("iss_speech"));
  EXPECT_FALSE(Ids(Find("freedom")).count("iss_speech"));
  EXPECT_FALSE(Ids(Find("humans")).count("rpl_apart"));
  EXPECT_FALSE(Ids(Find("testimony")).count("src_1"));
  EXPECT_FALSE(Ids(Find("许志永")).count("prs_tradonly"));
  EXPECT_TRUE(Ids(Find("许志永", Visibility::kInternal)).count("prs_tradonly"));
}

TEST_F(SearchTest, LosingTheIndexDirectoryLosesNothing) {
  const auto dir = std::filesystem::temp_directory_path() / ("readout_search_test_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  {
    auto disk = SearchIndex::Open(dir);
    ASSERT_TRUE(disk) << disk.error().message;
    ASSERT_TRUE((*disk)->CatchUp(store_));
  }
  {
    auto reopened = SearchIndex::Open(dir);
    ASSERT_TRUE(reopened);
    EXPECT_EQ((*reopened)->AppliedSequence(), index_->AppliedSequence()) << "the sequence survives a reopen";
  }
  std::filesystem::remove_all(dir);
  auto fresh = SearchIndex::Open(dir);
  ASSERT_TRUE(fresh);
  EXPECT_EQ((*fresh)->AppliedSequence(), 0);
  ASSERT_TRUE((*fresh)->Rebuild(store_));
  SearchQuery q;
  q.q = "xu zhiyong";
  auto a = (*fresh)->Search(q);
  auto b = index_->Search(q);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(Ids(*a), Ids(*b));
  fresh->reset();
  std::filesystem::remove_all(dir);
}

TEST(SearchKindsTest, FindsAccountabilityRecordsByTheirText) {
  struct Case {
    std::string id;
    json body;
    std::string q;
  };
  const std::vector<Case> cases = {
      {"bmk_1", {{"issue_id", "iss_x"}, {"statement", {{"en", "Abolish quokkalabour camps"}}}}, "quokkalabour"},
      {"asm_1", {{"benchmark_id", "bmk_1"}, {"rationale", {{"zh_hans", "没有进展的评估"}}}}, "进展"},
      {"cmt_1", {{"dialogue_id", "dlg_x"}, {"text", {{"en", "Will invite the rapporteur zebrafinch"}}}}, "zebrafinch"},
      {"eng_1",
       {{"agency_id", "agy_doj"}, {"title", {{"en", "Visit of the attorney"}}}, {"summary", {{"zh_hant", "會見官員"}}}},
       "会见"},
      {"ind_1", {{"name", {{"en", "Self-immolations counted"}}}}, "immolations"},
      {"agy_doj", {{"name", {{"en", "Department of Justice"}}}, {"abbreviation", "DOJ"}}, "doj"},
  };
  FeedStore store;
  for (const auto& c : cases) store.Put(c.id, Visibility::kPublic, c.body);
  auto index = SearchIndex::InMemory();
  ASSERT_TRUE(index);
  ASSERT_TRUE((*index)->CatchUp(store));
  for (const auto& c : cases) {
    SearchQuery q;
    q.q = c.q;
    auto r = (*index)->Search(q);
    ASSERT_TRUE(r) << c.q;
    bool found = false;
    for (const auto& h : r->hits) found = found || h.id == c.id;
    EXPECT_TRUE(found) << "q=" << c.q << " should find " << c.id;
    const std::string kind(core::KindName(*core::KindOfId(c.id)));
    bool typed = false;
    for (const auto& f : r->facets["type"]) typed = typed || f.value == kind;
    EXPECT_TRUE(typed) << "type facet of " << c.id;
  }
  SearchQuery by_agency;
  by_agency.filters["agency"] = {"agy_doj"};
  auto r = (*index)->Search(by_agency);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->total, 2) << "the engagement and the agency itself";
}

// A store without a change feed (the default ChangesSince) cannot feed an index.
class NoFeedStore : public FeedStore {
 public:
  core::Result<std::vector<core::Change>> ChangesSince(std::int64_t after, std::int64_t limit) override {
    return core::Store::ChangesSince(after, limit);
  }
};

TEST(SearchIndexManyTest, IndexesALargeBatchInOrderWithTheLastVersionWinning) {
  // Index builds documents on a second thread in chunks; every record must
  // arrive once, and a record given twice keeps its later text.
  std::vector<StoredRecord> records;
  for (int i = 0; i < 1000; ++i) {
    StoredRecord r;
    r.header.id = "rpl_m" + std::to_string(i);
    r.header.kind = RecordKind::kReply;
    r.header.visibility = i % 10 == 0 ? Visibility::kInternal : Visibility::kPublic;
    r.body = {{"original_text", "batchword item" + std::to_string(i) + (i % 2 ? " 人权" : " 人人")}};
    records.push_back(std::move(r));
  }
  records.push_back(records[7]);
  records.back().body = {{"original_text", "replacedword"}};
  auto index = SearchIndex::InMemory();
  ASSERT_TRUE(index);
  ASSERT_TRUE((*index)->Index(records));
  EXPECT_EQ((*index)->DocumentCount(), 1000);
  SearchQuery q;
  q.q = "batchword";
  auto all = (*index)->Search(q);
  ASSERT_TRUE(all);
  EXPECT_EQ(all->total, 899) << "900 public records, rpl_m7 replaced";
  q.q = "人权";
  auto zh = (*index)->Search(q);
  ASSERT_TRUE(zh);
  EXPECT_EQ(zh->total, 499) << "the 500 odd records (all public) but rpl_m7; 人人 is not 人权";
  for (const std::string word : {"item7", "replacedword"}) {
    q.q = word;
    auto r = (*index)->Search(q);
    ASSERT_TRUE(r) << word;
    EXPECT_EQ(r->total, word == "replacedword" ? 1 : 0) << "q=" << word;
  }
}

// `n` public replies holding "common" once among filler words, and one,
// `best_id`, holding it three times in a short text: BM25's best match.
std::vector<StoredRecord> RankingRecords(int n, const std::string& best_id, int best_at) {
  std::vector<StoredRecord> records;
  for (int i = 0; i < n; ++i) {
    StoredRecord r;
    r.header.id = i == best_at ? best_id : "rpl_r" + std::to_string(i);
    r.header.kind = RecordKind::kReply;
    r.body = {{"original_text", i == best_at ? std::string("common common common")
                                             : "common filler words about item" + std::to_string(i) + " and more"}};
    records.push_back(std::move(r));
  }
  return records;
}

TEST(SearchRankingTest, QueriesWithoutFacetsAreRankedByBm25AtAnyMatchCount) {
  // Below kMaxRankedMatches (500), above it, and above the ranking window
  // (500 beyond the page), where BM25 ranks the newest matches: the best
  // match is put among them. Index order would list rpl_r0 first.
  struct Case {
    int matches;
    int best_at;
  };
  for (const Case c : {Case{100, 50}, Case{800, 400}, Case{4000, 3900}}) {
    auto index = SearchIndex::InMemory();
    ASSERT_TRUE(index);
    ASSERT_TRUE((*index)->Index(RankingRecords(c.matches, "rpl_best", c.best_at)));
    for (const bool facets : {false, true}) {
      SearchQuery q;
      q.q = "common";
      q.limit = 10;
      q.facets = facets;
      auto r = (*index)->Search(q);
      ASSERT_TRUE(r) << "matches=" << c.matches;
      ASSERT_EQ(r->hits.size(), 10u) << "matches=" << c.matches << " facets=" << facets;
      EXPECT_EQ(r->hits[0].id, "rpl_best") << "matches=" << c.matches << " facets=" << facets;
      for (std::size_t i = 1; i < r->hits.size(); ++i) {
        EXPECT_GE(r->hits[i - 1].score, r->hits[i].score) << "matches=" << c.matches << " facets=" << facets;
      }
      EXPECT_GT(r->hits[0].score, r->hits[1].score) << "matches=" << c.matches << ": scores are BM25, not 0";
      if (facets) EXPECT_EQ(r->total, c.matches);
      else EXPECT_GE(r->total, c.matches / 2) << "an estimate, but of the right size; matches=" << c.matches;
    }
  }
}

TEST(SearchRankingTest, AOneTermQueryAboveTheWindowRanksOnlyTheNewest500Matches) {
  // 4,000 matches of one word, no facets: BM25 ranks the newest ~500 (the
  // window, kRankWindow). The best
  // match comes first when it is among the newest 500, and not when it is
  // older (2,500 of 4,000 was inside the 2,000 window of round 3).
  struct Case {
    int best_at;
    bool first;
  };
  for (const Case c : {Case{3950, true}, Case{2500, false}, Case{0, false}}) {
    auto index = SearchIndex::InMemory();
    ASSERT_TRUE(index);
    ASSERT_TRUE((*index)->Index(RankingRecords(4000, "rpl_best", c.best_at)));
    SearchQuery q;
    q.q = "common";
    q.facets = false;
    auto r = (*index)->Search(q);
    ASSERT_TRUE(r) << "best_at=" << c.best_at;
    ASSERT_EQ(r->hits.size(), 20u) << "best_at=" << c.best_at;
    EXPECT_EQ(r->hits[0].id == "rpl_best", c.first) << "best_at=" << c.best_at << " first hit " << r->hits[0].id;
    // Exact when Xapian's bounds agree (one word, every record public), else an estimate of the right size.
    if (r->total_exact) EXPECT_EQ(r->total, 4000) << "best_at=" << c.best_at;
    else EXPECT_GE(r->total, 2000) << "best_at=" << c.best_at << ": an estimate of the right size";
  }
}

TEST(SearchRankingTest, ACountedTotalIsEstimatedFromTheDensityOfTheCountedMatches) {
  // A 3-character word is a phrase, whose matches Xapian cannot bound from
  // below: Search counts up to 501 matches in docid order and carries the
  // density of those matches over the shards (Xapian's own estimate was 14
  // times too low for such words at 1M records, and the ranking window is
  // sized from it). 1 record in 4 holds the word; 1 in 10 of the others is
  // internal, so the public matches are spread among hidden documents.
  auto index = SearchIndex::InMemory();
  ASSERT_TRUE(index);
  std::vector<StoredRecord> records;
  int public_matches = 0;
  for (int i = 0; i < 8000; ++i) {
    StoredRecord r;
    r.header.id = "rpl_d" + std::to_string(i);
    r.header.kind = RecordKind::kReply;
    r.header.visibility = i % 10 == 3 ? Visibility::kInternal : Visibility::kPublic;
    r.body = {{"original_text", i % 4 == 0 ? std::string("报告说许志永在") : std::string("报告说其他人在")}};
    public_matches += i % 4 == 0 && r.header.visibility == Visibility::kPublic;
    records.push_back(std::move(r));
  }
  ASSERT_TRUE((*index)->Index(records));
  SearchQuery q;
  q.q = "许志永";
  q.facets = false;
  auto r = (*index)->Search(q);
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->total_exact) << "about " << r->total;
  EXPECT_GE(r->total, public_matches * 8 / 10) << "public matches " << public_matches;
  EXPECT_LE(r->total, public_matches * 12 / 10) << "public matches " << public_matches;
  EXPECT_EQ(r->hits.size(), 20u);
}

TEST(SearchRankingTest, ACountJustBelowOrAboveTheLimitDecidesExactlyAcrossShards) {
  // The count stops in each shard at the match that takes the total past
  // 500 (kMaxRankedMatches): at most 500 matches stay exact and are all
  // ranked; more are "about" a total of the right size. A 3-character word
  // is a phrase, which Xapian cannot bound from below, so it is counted.
  for (const int matches : {480, 500, 501, 530}) {
    auto index = SearchIndex::InMemory();
    ASSERT_TRUE(index);
    std::vector<StoredRecord> records;
    for (int i = 0; i < 2000; ++i) {
      StoredRecord r;
      r.header.id = "rpl_l" + std::to_string(i);
      r.header.kind = RecordKind::kReply;
      const bool match = (i + 1) * matches / 2000 > i * matches / 2000;  // spread over the index
      r.body = {{"original_text", match ? std::string("报告说许志永在") : std::string("报告说其他人在")}};
      records.push_back(std::move(r));
    }
    ASSERT_TRUE((*index)->Index(records));
    SearchQuery q;
    q.q = "许志永";
    q.facets = false;
    auto r = (*index)->Search(q);
    ASSERT_TRUE(r) << "matches=" << matches;
    EXPECT_TRUE(matches > 500 || r->total_exact) << "matches=" << matches << " total " << r->total;
    // Above the limit exact only when the counts happen to be (a shard
    // with exactly the matches still needed).
    if (r->total_exact) EXPECT_EQ(r->total, matches);
    else EXPECT_NEAR(static_cast<double>(r->total), matches, matches * 0.2) << "matches=" << matches;
    EXPECT_EQ(r->hits.size(), 20u) << "matches=" << matches;
  }
}

TEST(SearchRankingTest, ARareChineseWordOfCommonCharactersIsCountedExactlyAndRankedInFull) {
  // Its bigrams alone bound the matches (Search then skips the probe of the
  // phrase, whose unigram lists are long): 60 of 2,000 records hold 许志永,
  // every record holds 许, 志 and 永 apart, and 240 hold the bigram 许志.
  auto index = SearchIndex::InMemory();
  ASSERT_TRUE(index);
  std::vector<StoredRecord> records;
  for (int i = 0; i < 2000; ++i) {
    StoredRecord r;
    r.header.id = "rpl_c" + std::to_string(i);
    r.header.kind = RecordKind::kReply;
    std::string text = "许多志愿者永远在";
    if (i % 10 == 0) text += "许志";
    if (i % 100 < 3) text += "许志永" + std::string(i % 100 == 0 ? "许志永" : "");
    r.body = {{"original_text", text}};
    records.push_back(std::move(r));
  }
  ASSERT_TRUE((*index)->Index(records));
  for (const std::string q : {"许志永", "许志", "许志永 许志"}) {
    SearchQuery query;
    query.q = q;
    query.facets = false;
    auto r = (*index)->Search(query);
    ASSERT_TRUE(r) << q;
    EXPECT_TRUE(r->total_exact) << q;
    EXPECT_EQ(r->total, q == "许志" ? 240 : 60) << q;
    ASSERT_EQ(r->hits.size(), 20u) << q;
    for (std::size_t i = 1; i < r->hits.size(); ++i) EXPECT_GE(r->hits[i - 1].score, r->hits[i].score) << q;
    EXPECT_NE(r->hits[0].snippet.find("<mark>"), std::string::npos) << q;
  }
}

TEST(SearchRankingTest, PagesOfALargeRankedResultDoNotOverlap) {
  auto index = SearchIndex::InMemory();
  ASSERT_TRUE(index);
  ASSERT_TRUE((*index)->Index(RankingRecords(3000, "rpl_best", 10)));
  SearchQuery q;
  q.q = "common";
  q.facets = false;
  q.limit = 50;
  std::set<std::string> seen;
  for (q.offset = 0; q.offset < 500; q.offset += 50) {
    auto r = (*index)->Search(q);
    ASSERT_TRUE(r) << "offset=" << q.offset;
    ASSERT_EQ(r->hits.size(), 50u) << "offset=" << q.offset;
    for (const auto& h : r->hits) EXPECT_TRUE(seen.insert(h.id).second) << h.id << " again at offset " << q.offset;
  }
}

TEST(SearchCatchUpTest, ALargeCatchUpIndexesEveryShardAndCallsTheHookOneAtATime) {
  // More than 256 records per batch are indexed on one thread per shard;
  // the facet hook (and the store behind the lookup) must still see one
  // call at a time, and updates and deletions must land in the right shard.
  FeedStore store;
  for (int i = 0; i < 1200; ++i) {
    store.Put("rpl_c" + std::to_string(i), Visibility::kPublic,
              {{"original_text", "shardword n" + std::to_string(i)}});
  }
  std::atomic<int> in_hook = 0;
  std::atomic<bool> overlapped = false;
  std::atomic<int> calls = 0;
  IndexOptions options;
  options.facet_hook = [&](const StoredRecord&) {
    if (in_hook.fetch_add(1) != 0) overlapped = true;
    std::this_thread::yield();
    ++calls;
    in_hook.fetch_sub(1);
    return FacetValues{};
  };
  auto index = SearchIndex::InMemory(options);
  ASSERT_TRUE(index);
  ASSERT_TRUE((*index)->CatchUp(store));
  EXPECT_FALSE(overlapped) << "the facet hook was called from two threads at once";
  EXPECT_EQ(calls, 1200);
  for (int i = 0; i < 1200; i += 3) store.Put("rpl_c" + std::to_string(i), Visibility::kPublic, {}, /*deleted=*/true);
  store.Put("rpl_c1", Visibility::kPublic, {{"original_text", "movedword"}});
  ASSERT_TRUE((*index)->CatchUp(store));
  SearchQuery q;
  q.q = "shardword";
  q.exact_counts = true;
  auto r = (*index)->Search(q);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->total, 1200 - 400 - 1) << "400 deleted, rpl_c1 rewritten";
  EXPECT_EQ((*index)->DocumentCount(), 800);
  q.q = "movedword";
  r = (*index)->Search(q);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->total, 1);
}

TEST(SearchCatchUpTest, AStoreWithoutAChangeFeedIsReportedUnavailable) {
  NoFeedStore store;
  auto index = SearchIndex::InMemory();
  ASSERT_TRUE(index);
  auto s = (*index)->CatchUp(store);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, core::ErrorCode::kUnavailable);
}

TEST(SearchViewsTest, ARecordWithoutGuardedFieldsIsOneDocument) {
  StoredRecord r;
  r.header.id = "iss_x";
  r.header.kind = RecordKind::kIssue;
  r.body = {{"name", {{"en", "Torture"}}}};
  auto views = BuildViews(r, {}, {});
  ASSERT_EQ(views.size(), 1u);
  EXPECT_EQ(views[0].levels.size(), 3u);
  r.header.deleted = true;
  EXPECT_TRUE(BuildViews(r, {}, {}).empty());
}

TEST(SearchViewsTest, FacetHookAddsDerivedValues) {
  StoredRecord r;
  r.header.id = "cas_x";
  r.header.kind = RecordKind::kCase;
  r.body = {{"title", {{"en", "A case"}}}};
  auto views = BuildViews(r, {}, [](const StoredRecord&) { return FacetValues{{Facet::kCaseStatus, {"in_custody"}}}; });
  ASSERT_EQ(views.size(), 1u);
  EXPECT_EQ(views[0].facets[Facet::kCaseStatus], std::vector<std::string>{"in_custody"});
}

TEST(SearchFacetNamesTest, RoundTrip) {
  for (Facet f : AllFacets()) EXPECT_EQ(ParseFacetName(FacetName(f)), f) << FacetName(f);
  EXPECT_FALSE(ParseFacetName("colour"));
}

}  // namespace
}  // namespace readout::search
