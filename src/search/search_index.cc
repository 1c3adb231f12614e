#include <algorithm>
#include <array>
#include <cstdlib>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>

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
constexpr const char* kSchema = "readout-search-2";
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
// Stored text for snippets is cut here: a snippet is 240 bytes, and cutting
// bounds the work per hit (and the document data read per page) on long records.
constexpr std::size_t kMaxStoredText = 4096;
// Above this many matches a query without facets is not ranked
// by BM25 but listed in index order: BM25 cannot prune a frequent term's
// posting list (every posting may reach the top 20), so ranking 300,000
// matches costs tens of ms, while index order stops after the page.
constexpr Xapian::doccount kMaxRankedMatches = 500;

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

// Document data: id, kind, title and display text, each as a 4-byte
// little-endian length and the bytes; cheaper to write and read than JSON.
void AppendField(std::string& out, std::string_view field) {
  const auto n = static_cast<std::uint32_t>(field.size());
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((n >> (8 * i)) & 0xFF));
  out.append(field);
}
bool ReadField(std::string_view& in, std::string_view& field) {
  if (in.size() < 4) return false;
  std::uint32_t n = 0;
  for (int i = 0; i < 4; ++i) n |= static_cast<std::uint32_t>(static_cast<unsigned char>(in[i])) << (8 * i);
  in.remove_prefix(4);
  if (in.size() < n) return false;
  field = in.substr(0, n);
  in.remove_prefix(n);
  return true;
}

// `text` cut to at most `max` bytes at a code point boundary.
void CutUtf8(std::string& text, std::size_t max) {
  if (text.size() <= max) return;
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  text.resize(cut);
}

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

  static void SetUp(Xapian::TermGenerator& gen) {
    gen.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
    gen.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
  }
  void Init() { SetUp(tg); }

  // The documents of one record, built without touching the database, so
  // that Index can build them on a second thread while this one writes.
  struct Built {
    std::string id_term;
    std::vector<Xapian::Document> docs;
  };

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

  void IndexName(const std::string& folded, Xapian::TermGenerator& gen) const {
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
    gen.index_text(text);
    gen.increase_termpos(kFieldGap);
  }

  // Uses the normalizer, `gen`, `lookup` and the facet hook; not the database.
  Built BuildDocuments(const core::StoredRecord& record, const Lookup& lookup, Xapian::TermGenerator& gen) const {
    Built built;
    built.id_term = IdTerm(record.header.id);
    const std::string& id_term = built.id_term;
    for (const View& view : BuildViews(record, lookup, options.facet_hook)) {
      Xapian::Document doc;
      gen.set_document(doc);
      std::string display;
      for (const TextField& field : view.fields) {
        const std::string folded = normalizer->Fold(field.text);
        gen.index_text(folded);
        gen.increase_termpos(kFieldGap);
        if (field.is_name) IndexName(folded, gen);
        if (display.size() >= kMaxStoredText) continue;
        if (!display.empty()) display += " · ";
        display += normalizer->Display(field.text);
      }
      CutUtf8(display, kMaxStoredText);
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
      std::string data;
      AppendField(data, record.header.id);
      AppendField(data, core::KindName(record.header.kind));
      AppendField(data, normalizer->Display(view.title));
      AppendField(data, display);
      doc.set_data(std::move(data));
      built.docs.push_back(std::move(doc));
    }
    gen.set_document(Xapian::Document());  // let go of the last document before it changes threads
    return built;
  }

  // Replaces the documents of one record. Caller holds mu and commits.
  void Apply(const Built& built) {
    if (db.term_exists(built.id_term)) db.delete_document(built.id_term);
    for (const Xapian::Document& doc : built.docs) db.add_document(doc);
  }

  void IndexRecord(const core::StoredRecord& record, const Lookup& lookup) {
    Apply(BuildDocuments(record, lookup, tg));
  }

  // Many records: the next chunk's documents (normalisation, term
  // generation) are built on a second thread while this one adds the
  // current chunk to the database, which is the larger half of the work.
  void IndexMany(std::span<const core::StoredRecord> records, const Lookup& lookup) {
    constexpr std::size_t kChunk = 256;
    auto build = [this, &lookup](std::span<const core::StoredRecord> chunk) {
      Xapian::TermGenerator gen;
      SetUp(gen);
      std::vector<Built> out;
      out.reserve(chunk.size());
      for (const auto& record : chunk) out.push_back(BuildDocuments(record, lookup, gen));
      return out;
    };
    if (records.size() <= kChunk) {
      for (const auto& record : records) IndexRecord(record, lookup);
      return;
    }
    std::vector<Built> current = build(records.first(kChunk));
    for (std::size_t next = kChunk; !current.empty();) {
      std::future<std::vector<Built>> pending;
      if (next < records.size()) {
        const std::size_t n = std::min(kChunk, records.size() - next);
        pending = std::async(std::launch::async, build, records.subspan(next, n));
        next += n;
      }
      try {
        for (const Built& b : current) Apply(b);
      } catch (...) {
        if (pending.valid()) pending.wait();  // the worker uses lookup and the hook: let it finish first
        throw;
      }
      current = pending.valid() ? pending.get() : std::vector<Built>{};
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
    // Two-character words, searched as their bigram term alone: a bigram is
    // indexed only for adjacent characters of one run, so it is exactly the
    // phrase, without reading positions or the two unigram lists.
    std::vector<Xapian::Query> bigram_words;
    // Words after '-': built here as the same exact word (the parser would
    // exclude any of its characters) and taken away from the result.
    std::vector<Xapian::Query> excluded;
    std::size_t pos = 0;
    for (const CjkRun& run : runs) {
      text += folded.substr(pos, run.begin - pos);
      const bool negated = run.begin > 0 && folded[run.begin - 1] == '-';
      const bool plain = run.begin == 0 || folded[run.begin - 1] == ' ';
      std::string word = folded.substr(run.begin, run.end - run.begin);
      if (run.chars.size() == 2 && !user_quotes && plain) {
        // The unigrams ride along with weight 0 so that MSet::snippet,
        // which highlights unigrams, marks the word; they never decide a match.
        Xapian::Query unigrams(Xapian::Query::OP_AND, Xapian::Query(run.chars[0]), Xapian::Query(run.chars[1]));
        bigram_words.emplace_back(Xapian::Query::OP_AND_MAYBE, Xapian::Query(word),
                                  Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, unigrams, 0.0));
        text += ' ';
      } else if (run.chars.size() >= 2 && !user_quotes && negated) {
        text.pop_back();  // the '-'
        text += ' ';
        std::vector<Xapian::Query> bigrams;
        for (std::size_t i = 0; i + 1 < run.chars.size(); ++i) bigrams.emplace_back(run.chars[i] + run.chars[i + 1]);
        Xapian::Query word_query(Xapian::Query::OP_AND, bigrams.begin(), bigrams.end());
        if (run.chars.size() > 2) {
          Xapian::Query phrase(Xapian::Query::OP_PHRASE, run.chars.begin(), run.chars.end(), run.chars.size());
          word_query = Xapian::Query(Xapian::Query::OP_FILTER, phrase, word_query);
        }
        excluded.push_back(word_query);
      } else if (run.chars.size() >= 2 && !user_quotes && !negated) {
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
    if (!bigram_words.empty()) {
      if (!parsed.empty()) bigram_words.push_back(parsed);
      parsed = Xapian::Query(Xapian::Query::OP_AND, bigram_words.begin(), bigram_words.end());
    }
    has_terms = !parsed.empty();
    if (!has_terms) return parsed;
    if (!bigram_filters.empty()) {
      Xapian::Query filter(Xapian::Query::OP_AND, bigram_filters.begin(), bigram_filters.end());
      parsed = Xapian::Query(Xapian::Query::OP_FILTER, parsed, filter);
    }
    if (excluded.empty()) return parsed;
    return Xapian::Query(Xapian::Query::OP_AND_NOT, parsed,
                         Xapian::Query(Xapian::Query::OP_OR, excluded.begin(), excluded.end()));
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
    impl_->IndexMany(records, lookup);
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
    const auto first = static_cast<Xapian::doccount>(query.offset);
    const auto count = static_cast<Xapian::doccount>(query.limit);
    Xapian::MSet mset;
    if (query.facets) {
      // Every match is visited for the counts, so ranking them all costs little more.
      enquire.add_matchspy(&spy);
      mset = enquire.get_mset(first, count, impl_->db.get_doccount());
    } else {
      // First in index order, which stops after the page and estimates the
      // total; ranked by BM25 only when the matches are few enough to rank
      // quickly (kMaxRankedMatches).
      enquire.set_weighting_scheme(Xapian::BoolWeight());
      enquire.set_docid_order(Xapian::Enquire::ASCENDING);
      // Counting up to kMaxRankedMatches + 1 matches is cheap (no weights)
      // and tells for sure whether BM25 stays cheap; the estimate alone can
      // be far too low (a phrase, or a character under the level filter).
      mset = enquire.get_mset(first, count, kMaxRankedMatches + 1);
      if (mset.get_matches_lower_bound() <= kMaxRankedMatches) {
        enquire.set_weighting_scheme(Xapian::BM25Weight());
        mset = enquire.get_mset(first, count);
      }
    }
    SearchResult result;
    result.total = mset.get_matches_estimated();
    result.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      const std::string data = it.get_document().get_data();
      std::string_view in = data, id, kind, title, stored;
      if (!ReadField(in, id) || !ReadField(in, kind) || !ReadField(in, title) || !ReadField(in, stored)) continue;
      Hit hit;
      hit.id = std::string(id);
      hit.kind = core::ParseKindName(kind).value_or(core::RecordKind::kDialogue);
      hit.title = std::string(title);
      hit.score = it.get_weight();
      hit.snippet = mset.snippet(std::string(stored), 240, impl_->stemmer,
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
