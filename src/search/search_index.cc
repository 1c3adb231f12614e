#include <algorithm>
#include <array>
#include <cstdlib>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>

#include <nlohmann/json.hpp>
#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <xapian.h>

#include "search/documents.h"
#include "search/normalizer.h"
#include "search/search.h"

namespace readout::search {
namespace {

using core::Error;
using core::Fail;

// Bumped whenever normalisation or the document layout changes: an index
// written by another version is emptied and rebuilt from the store.
constexpr const char* kSchema = "readout-search-1";
constexpr const char* kSchemaKey = "readout.schema";
constexpr const char* kSequenceKey = "readout.sequence";
// No fsync: the index is derived, and one damaged by a crash is detected on
// Open (Xapian refuses it) and rebuilt from the store.
constexpr int kOpenFlags = Xapian::DB_NO_SYNC;

constexpr std::int64_t kMaxQueryCodePoints = 1000;
constexpr std::int64_t kMaxOffset = 10000;
constexpr std::int64_t kMaxLimit = 100;
constexpr std::size_t kMaxFacetValues = 50;
constexpr Xapian::termpos kFieldGap = 100;  // keeps phrases from running across fields
constexpr std::size_t kMaxPinyinChars = 6;  // longer Han runs are not names

constexpr std::array<Facet, 7> kFacets = {Facet::kType,  Facet::kIssue,  Facet::kCaseStatus, Facet::kProvince,
                                          Facet::kRound, Facet::kAgency, Facet::kYear};

// Boolean filter terms: "XT" + kind, "XI" + issue id, ...; values in slot
// 1 + facet index hold the same values joined by kSep for counting.
std::string FacetPrefix(Facet f) {
  switch (f) {
    case Facet::kType: return "XT";
    case Facet::kIssue: return "XI";
    case Facet::kCaseStatus: return "XS";
    case Facet::kProvince: return "XP";
    case Facet::kRound: return "XR";
    case Facet::kAgency: return "XA";
    case Facet::kYear: return "XY";
  }
  return "XX";
}
Xapian::valueno FacetSlot(Facet f) { return static_cast<Xapian::valueno>(f) + 1; }
constexpr char kSep = '\x1f';

// Built by append: GCC 12 at -O3 warns (falsely) on "literal" + std::string temporaries.
std::string Prefixed(char prefix, std::string_view rest) {
  std::string term(1, prefix);
  term.append(rest);
  return term;
}
std::string LevelTerm(core::Visibility v) { return Prefixed('V', core::ToCode(v)); }
std::string IdTerm(std::string_view id) { return Prefixed('Q', id); }

std::int64_t CodePoints(std::string_view s) {
  std::int64_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// Counts facet values over every match (the check_at_least of the Enquire
// makes that all of them).
class FacetSpy : public Xapian::MatchSpy {
 public:
  void operator()(const Xapian::Document& doc, double /*wt*/) override {
    for (std::size_t i = 0; i < kFacets.size(); ++i) {
      const std::string v = doc.get_value(FacetSlot(kFacets[i]));
      std::size_t start = 0;
      while (start < v.size()) {
        std::size_t end = v.find(kSep, start);
        if (end == std::string::npos) end = v.size();
        ++counts_[i][v.substr(start, end - start)];
        start = end + 1;
      }
    }
  }
  std::string name() const override { return "readout.FacetSpy"; }
  const std::array<std::unordered_map<std::string, std::int64_t>, kFacets.size()>& counts() const { return counts_; }

 private:
  std::array<std::unordered_map<std::string, std::int64_t>, kFacets.size()> counts_;
};

bool IsCjkWordChar(UChar32 c) { return IsCjkCodePoint(static_cast<char32_t>(c)) && u_isalnum(c); }

struct CjkRun {
  std::size_t begin = 0;  // byte offsets in the folded query
  std::size_t end = 0;
  std::vector<std::string> chars;
};

std::vector<CjkRun> FindCjkRuns(const std::string& s) {
  std::vector<CjkRun> runs;
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  int32_t i = 0;
  CjkRun run;
  bool in_run = false;
  while (i < n) {
    const int32_t start = i;
    UChar32 c = 0;
    U8_NEXT(p, i, n, c);
    if (c >= 0 && IsCjkWordChar(c)) {
      if (!in_run) {
        run = CjkRun{static_cast<std::size_t>(start), 0, {}};
        in_run = true;
      }
      run.chars.push_back(s.substr(start, i - start));
      run.end = static_cast<std::size_t>(i);
    } else if (in_run) {
      runs.push_back(std::move(run));
      in_run = false;
    }
  }
  if (in_run) runs.push_back(std::move(run));
  return runs;
}

}  // namespace

std::string_view FacetName(Facet facet) {
  switch (facet) {
    case Facet::kType: return "type";
    case Facet::kIssue: return "issue";
    case Facet::kCaseStatus: return "case_status";
    case Facet::kProvince: return "province";
    case Facet::kRound: return "round";
    case Facet::kAgency: return "agency";
    case Facet::kYear: return "year";
  }
  return "";
}

std::optional<Facet> ParseFacetName(std::string_view name) {
  for (Facet f : kFacets) {
    if (FacetName(f) == name) return f;
  }
  return std::nullopt;
}

std::span<const Facet> AllFacets() { return kFacets; }

struct SearchIndex::Impl {
  IndexOptions options;
  std::unique_ptr<Normalizer> normalizer;
  std::filesystem::path dir;  // empty: in memory
  mutable std::mutex mu;
  mutable Xapian::WritableDatabase db;  // guarded by mu
  // No stemming: it doubled the terms per document and halved the indexing
  // rate (issue 5 asks for >= 7,000 records/s), and names, places and quoted
  // words are searched as written. docs/search.md, "Choices".
  Xapian::Stem stemmer;
  Xapian::TermGenerator tg;  // guarded by mu; set up once (Init)

  void Init() {
    tg.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
    tg.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
  }

  core::Status Reset() {
    try {
      db.close();
      db = dir.empty() ? Xapian::WritableDatabase(std::string(), Xapian::DB_BACKEND_INMEMORY)
                       : Xapian::WritableDatabase(dir.string(), Xapian::DB_CREATE_OR_OVERWRITE | kOpenFlags);
      db.set_metadata(kSchemaKey, kSchema);
      db.set_metadata(kSequenceKey, "0");
      db.commit();
    } catch (const Xapian::Error& e) {
      return Fail(Error::Unavailable("search index could not be reset: " + e.get_msg()));
    }
    return {};
  }

  std::int64_t Sequence() const {
    // Unreadable counts as 0: the whole feed is applied again, which is safe.
    const std::string s = db.get_metadata(kSequenceKey);
    return std::max<std::int64_t>(0, std::strtoll(s.c_str(), nullptr, 10));
  }

  void IndexName(const std::string& folded) {
    // Han names also as toneless pinyin, spaced and joined: "xu zhi yong xuzhiyong zhiyong".
    std::vector<std::string> syllables = normalizer->PinyinSyllables(folded);
    if (syllables.empty() || syllables.size() > kMaxPinyinChars) return;
    std::string text;
    for (const auto& s : syllables) text += s + " ";
    std::string joined;
    for (const auto& s : syllables) joined += s;
    text += joined;
    if (syllables.size() > 1) {
      std::string given;
      for (std::size_t i = 1; i < syllables.size(); ++i) given += syllables[i];
      text += " " + given;
    }
    tg.index_text(text);
    tg.increase_termpos(kFieldGap);
  }

  // Replaces the documents of one record. Caller holds mu and commits.
  void IndexRecord(const core::StoredRecord& record, const Lookup& lookup) {
    const std::string id_term = IdTerm(record.header.id);
    if (db.term_exists(id_term)) db.delete_document(id_term);
    for (const View& view : BuildViews(record, lookup, options.facet_hook)) {
      Xapian::Document doc;
      tg.set_document(doc);
      std::string display;
      for (const TextField& field : view.fields) {
        const std::string folded = normalizer->Fold(field.text);
        tg.index_text(folded);
        tg.increase_termpos(kFieldGap);
        if (field.is_name) IndexName(folded);
        if (!display.empty()) display += " · ";
        display += normalizer->Display(field.text);
      }
      doc.add_boolean_term(id_term);
      for (core::Visibility level : view.levels) doc.add_boolean_term(LevelTerm(level));
      for (const auto& [facet, values] : view.facets) {
        std::string joined;
        for (const auto& v : values) {
          if (v.empty() || v.size() > 200) continue;
          doc.add_boolean_term(FacetPrefix(facet) + v);
          if (!joined.empty()) joined.push_back(kSep);
          joined += v;
        }
        doc.add_value(FacetSlot(facet), joined);
      }
      nlohmann::json data = {{"id", record.header.id},
                             {"kind", std::string(core::KindName(record.header.kind))},
                             {"title", normalizer->Display(view.title)},
                             {"text", display}};
      doc.set_data(data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      db.add_document(doc);
    }
  }

  Xapian::Query BuildTextQuery(const std::string& folded, bool& has_terms) {
    // CJK words become phrases (so 许志永 cannot match 许…志永 apart), plus a
    // filter on their bigrams that makes the phrase check cheap: the bigram
    // posting lists are short, the unigram position lists are read only for
    // documents that hold every bigram.
    std::vector<CjkRun> runs = FindCjkRuns(folded);
    const bool user_quotes = folded.find('"') != std::string::npos;
    std::string text;
    std::vector<Xapian::Query> bigram_filters;
    std::size_t pos = 0;
    for (const CjkRun& run : runs) {
      text += folded.substr(pos, run.begin - pos);
      const bool negated = run.begin > 0 && folded[run.begin - 1] == '-';
      std::string word = folded.substr(run.begin, run.end - run.begin);
      if (run.chars.size() >= 2 && !user_quotes && !negated) {
        text += " \"" + word + "\" ";
      } else {
        text += word;
      }
      if (run.chars.size() >= 2 && !negated) {
        std::vector<Xapian::Query> bigrams;
        for (std::size_t i = 0; i + 1 < run.chars.size(); ++i) bigrams.emplace_back(run.chars[i] + run.chars[i + 1]);
        bigram_filters.emplace_back(Xapian::Query::OP_AND, bigrams.begin(), bigrams.end());
      }
      pos = run.end;
    }
    text += folded.substr(pos);

    Xapian::QueryParser qp;
    qp.set_database(db);
    qp.set_default_op(Xapian::Query::OP_AND);
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_NONE);
    Xapian::Query parsed;
    try {
      parsed = qp.parse_query(text, Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_LOVEHATE |
                                        Xapian::QueryParser::FLAG_CJK_NGRAM);
    } catch (const Xapian::QueryParserError&) {
      // Syntax the parser refuses: take the words alone.
      std::string plain = text;
      std::replace_if(plain.begin(), plain.end(), [](char c) { return c == '"' || c == '+' || c == '-'; }, ' ');
      parsed = qp.parse_query(plain, Xapian::QueryParser::FLAG_CJK_NGRAM);
    }
    has_terms = !parsed.empty();
    if (!has_terms || bigram_filters.empty()) return parsed;
    Xapian::Query filter(Xapian::Query::OP_AND, bigram_filters.begin(), bigram_filters.end());
    return Xapian::Query(Xapian::Query::OP_FILTER, parsed, filter);
  }
};

SearchIndex::SearchIndex(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SearchIndex::~SearchIndex() = default;

core::Result<std::unique_ptr<SearchIndex>> SearchIndex::Open(const std::filesystem::path& dir, IndexOptions options) {
  auto normalizer = Normalizer::Create();
  if (!normalizer) return Fail(normalizer.error());
  auto impl = std::make_unique<Impl>();
  impl->options = std::move(options);
  impl->normalizer = std::move(*normalizer);
  impl->Init();
  impl->dir = dir;
  try {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return Fail(Error::Unavailable("search index directory " + dir.string() + ": " + ec.message()));
    bool usable = true;
    try {
      impl->db = Xapian::WritableDatabase(dir.string(), Xapian::DB_CREATE_OR_OPEN | kOpenFlags);
      usable = impl->db.get_metadata(kSchemaKey) == kSchema;
    } catch (const Xapian::DatabaseCorruptError&) {
      usable = false;  // a crash during a commit without fsync: start again
    } catch (const Xapian::DatabaseVersionError&) {
      usable = false;
    }
    if (!usable) {
      if (auto s = impl->Reset(); !s) return Fail(s.error());
    }
  } catch (const Xapian::DatabaseLockError&) {
    return Fail(Error::Unavailable("search index " + dir.string() + " is in use by another process"));
  } catch (const Xapian::Error& e) {
    return Fail(Error::Unavailable("search index " + dir.string() + " could not be opened: " + e.get_msg()));
  }
  return std::unique_ptr<SearchIndex>(new SearchIndex(std::move(impl)));
}

core::Result<std::unique_ptr<SearchIndex>> SearchIndex::InMemory(IndexOptions options) {
  auto normalizer = Normalizer::Create();
  if (!normalizer) return Fail(normalizer.error());
  auto impl = std::make_unique<Impl>();
  impl->options = std::move(options);
  impl->normalizer = std::move(*normalizer);
  impl->Init();
  if (auto s = impl->Reset(); !s) return Fail(s.error());
  return std::unique_ptr<SearchIndex>(new SearchIndex(std::move(impl)));
}

std::int64_t SearchIndex::AppliedSequence() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  try {
    return impl_->Sequence();
  } catch (const std::exception&) {
    return 0;
  }
}

std::int64_t SearchIndex::DocumentCount() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return static_cast<std::int64_t>(impl_->db.get_doccount());
}

core::Status SearchIndex::CatchUp(core::Store& store) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  constexpr std::int64_t kBatch = 1000;
  try {
    std::int64_t applied = impl_->Sequence();
    while (true) {
      auto changes = store.ChangesSince(applied, kBatch);
      if (!changes) return Fail(changes.error());
      if (changes->empty()) return {};
      // Records referenced for facets, fetched once per batch.
      std::unordered_map<std::string, std::optional<core::StoredRecord>> cache;
      Lookup lookup = [&](std::string_view id) -> std::optional<core::StoredRecord> {
        auto [it, fresh] = cache.try_emplace(std::string(id));
        if (fresh) {
          auto r = store.Get(id);
          if (r) it->second = std::move(*r);
        }
        return it->second;
      };
      std::set<std::string> done;
      for (const core::Change& change : *changes) {
        if (!done.insert(change.record_id).second) continue;
        auto record = store.Get(change.record_id);
        if (!record) {
          if (record.error().code != core::ErrorCode::kNotFound) return Fail(record.error());
          impl_->db.delete_document(IdTerm(change.record_id));
          continue;
        }
        impl_->IndexRecord(*record, lookup);
      }
      applied = changes->back().sequence;
      impl_->db.set_metadata(kSequenceKey, std::to_string(applied));
      impl_->db.commit();
      if (static_cast<std::int64_t>(changes->size()) < kBatch) return {};
    }
  } catch (const Xapian::Error& e) {
    return Fail(Error::Unavailable("search index update failed: " + e.get_msg()));
  }
}

core::Status SearchIndex::Rebuild(core::Store& store) {
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    if (auto s = impl_->Reset(); !s) return s;
  }
  return CatchUp(store);
}

core::Status SearchIndex::Index(std::span<const core::StoredRecord> records, const Lookup& lookup) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  try {
    for (const auto& record : records) impl_->IndexRecord(record, lookup);
    impl_->db.commit();
  } catch (const Xapian::Error& e) {
    return Fail(Error::Unavailable("search index update failed: " + e.get_msg()));
  }
  return {};
}

core::Status SearchIndex::Remove(std::string_view id) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  try {
    impl_->db.delete_document(IdTerm(id));
    impl_->db.commit();
  } catch (const Xapian::Error& e) {
    return Fail(Error::Unavailable("search index update failed: " + e.get_msg()));
  }
  return {};
}

core::Result<SearchResult> SearchIndex::Search(const SearchQuery& query) const {
  std::vector<core::FieldError> problems;
  if (CodePoints(query.q) > kMaxQueryCodePoints) {
    problems.push_back({"q", "must be at most " + std::to_string(kMaxQueryCodePoints) + " characters; got " +
                                 std::to_string(CodePoints(query.q))});
  }
  if (query.limit < 1 || query.limit > kMaxLimit) {
    problems.push_back({"limit", "must be between 1 and " + std::to_string(kMaxLimit)});
  }
  if (query.offset < 0 || query.offset > kMaxOffset) {
    problems.push_back({"offset", "must be between 0 and " + std::to_string(kMaxOffset)});
  }
  std::vector<Xapian::Query> filters;
  for (const auto& [name, values] : query.filters) {
    auto facet = ParseFacetName(name);
    if (!facet) {
      std::string known;
      for (Facet f : kFacets) known += (known.empty() ? "" : ", ") + std::string(FacetName(f));
      problems.push_back({name, "is not a search facet; facets are " + known});
      continue;
    }
    std::vector<Xapian::Query> alternatives;
    for (const auto& v : values) {
      if (v.empty() || v.size() > 200) {
        problems.push_back({name, "values must be 1 to 200 characters"});
        break;
      }
      alternatives.emplace_back(FacetPrefix(*facet) + v);
    }
    if (!alternatives.empty()) filters.emplace_back(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
  }
  if (!problems.empty()) return Fail(Error::Invalid(std::move(problems)));

  std::lock_guard<std::mutex> lock(impl_->mu);
  try {
    const std::string folded = impl_->normalizer->Fold(query.q);
    const bool blank = folded.find_first_not_of(" \t\r\n") == std::string::npos;
    Xapian::Query text = Xapian::Query::MatchAll;
    if (!blank) {
      bool has_terms = false;
      text = impl_->BuildTextQuery(folded, has_terms);
      if (!has_terms) return SearchResult{};  // only punctuation: nothing to look for
    }
    // The reader's level is part of the query: documents of other views are never candidates.
    filters.emplace_back(LevelTerm(query.reader));
    Xapian::Query full(Xapian::Query::OP_FILTER, text,
                       Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end()));

    Xapian::Enquire enquire(impl_->db);
    enquire.set_query(full);
    FacetSpy spy;
    Xapian::doccount check_at_least = 0;
    if (query.facets) {
      enquire.add_matchspy(&spy);
      check_at_least = impl_->db.get_doccount();
    }
    Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(query.offset),
                                         static_cast<Xapian::doccount>(query.limit), check_at_least);
    SearchResult result;
    result.total = mset.get_matches_estimated();
    result.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      nlohmann::json data = nlohmann::json::parse(it.get_document().get_data(), nullptr, false);
      if (!data.is_object()) continue;
      Hit hit;
      hit.id = data.value("id", "");
      hit.kind = core::ParseKindName(data.value("kind", "")).value_or(core::RecordKind::kDialogue);
      hit.title = data.value("title", "");
      hit.score = it.get_weight();
      hit.snippet = mset.snippet(data.value("text", ""), 240, impl_->stemmer,
                                 Xapian::MSet::SNIPPET_EXHAUSTIVE | Xapian::MSet::SNIPPET_CJK_NGRAM,
                                 "<mark>", "</mark>", "…");
      result.hits.push_back(std::move(hit));
    }
    if (query.facets) {
      for (std::size_t i = 0; i < kFacets.size(); ++i) {
        std::vector<FacetCount> counts;
        for (const auto& [value, n] : spy.counts()[i]) counts.push_back({value, n});
        std::sort(counts.begin(), counts.end(), [](const FacetCount& a, const FacetCount& b) {
          return a.count != b.count ? a.count > b.count : a.value < b.value;
        });
        if (counts.size() > kMaxFacetValues) counts.resize(kMaxFacetValues);
        if (!counts.empty()) result.facets[std::string(FacetName(kFacets[i]))] = std::move(counts);
      }
    }
    return result;
  } catch (const Xapian::QueryParserError& e) {
    return Fail(Error::Invalid("q", "could not be understood: " + e.get_msg()));
  } catch (const Xapian::Error& e) {
    return Fail(Error::Unavailable("search failed: " + e.get_msg()));
  }
}

}  // namespace readout::search
