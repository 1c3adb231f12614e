#include <algorithm>
#include <cctype>
#include <array>
#include <cmath>
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
// 4: "hidden from" level terms (HiddenTerm), and a hit's fields with the
// levels served in value slot kHitSlot instead of the document data; an
// index of schema 3 lacks the H terms, and would show every document to
// every reader, so it must be rebuilt.
constexpr const char* kSchema = "readout-search-4";
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
// Up to this many matches a query without facets is ranked by BM25 over
// every match. Above it BM25 ranks the newest matches only, about
// kRankWindow of them beyond the page: BM25 cannot prune a frequent term's
// posting list (every posting may reach the top 20), and scoring 700,000
// postings costs 20-30 ms of CPU at 1M records. docs/search.md, "Ranking".
constexpr Xapian::doccount kMaxRankedMatches = 500;
// 500 rather than 2,000 (round 6): scoring the window is most of a common
// word's cost, and at 200k records 500 took the p50 from 0.84 to 0.63 ms
// and the p99 from 4.6 to 3.5 ms of CPU (docs/performance.md, "Search").
constexpr Xapian::doccount kRankWindow = 500;
// Up to this many matches facets and the total are counted exactly; above
// it, over the newest this many (reading 7 values per match costs about
// 1 ms per 1,000 matches; counting 700,000 took about 1 s at 1M records).
constexpr Xapian::doccount kMaxCountedMatches = 5000;
// The index is split into shards by record id (hash), each its own Xapian
// database: Index writes them on one thread each (Xapian's inverter and
// flushes are 85% of indexing), and searches read them as one database.
constexpr std::size_t kShards = 2;

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
// What Search shows of a hit (id, kind, title, display text, levels) is kept
// in a value slot, not in the document data: glass deflates document data
// (and inflates it on every read: 43% of reading a hit's data, at 1M
// records), while values are stored as they are.
constexpr Xapian::valueno kHitSlot = 0;
constexpr char kSep = '\x1f';

// Built by append: GCC 12 at -O3 warns (falsely) on "literal" + std::string temporaries.
std::string Prefixed(char prefix, std::string_view rest) {
  std::string term(1, prefix);
  term.append(rest);
  return term;
}
constexpr std::array<core::Visibility, 3> kLevels = {core::Visibility::kPublic, core::Visibility::kInternal,
                                                   core::Visibility::kRestricted};
// Every document carries H<level> for each reader level it is hidden from,
// and queries take it away (AND_NOT H<reader>). Up to schema 3 documents
// carried V<level> for the levels they serve and queries were FILTERed by
// V<reader>: V<public> is in ~95% of the documents, and a FILTER skips
// through that long posting list once per match, which was most of the
// cost of a word with a few hundred matches (counting 537 matches: 1.6 ms
// against 0.2 ms with AND_NOT of the short H list, 1M records;
// docs/performance.md, "Search").
std::string HiddenTerm(core::Visibility v) { return Prefixed('H', core::ToCode(v)); }
std::string IdTerm(std::string_view id) { return Prefixed('Q', id); }

// A hit's fields (kHitSlot): id, kind, title, display text and the levels
// served, each as a 4-byte little-endian length and the bytes; cheaper to
// write and read than JSON.
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

// Counts facet values over the matches the matcher visits: every match
// when the Enquire's check_at_least is above their number, else the window
// of newest matches that Search ranks.
class FacetSpy : public Xapian::MatchSpy {
 public:
  void operator()(const Xapian::Document& doc, double /*wt*/) override {
    ++documents_;
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
  std::int64_t documents() const { return documents_; }
  void Clear() {
    for (auto& c : counts_) c.clear();
    documents_ = 0;
  }

 private:
  std::int64_t documents_ = 0;
  std::array<std::unordered_map<std::string, std::int64_t>, kFacets.size()> counts_;
};

// Stable across builds and platforms (std::hash is not): a record must land
// in the same shard every time it is indexed, so that its old documents are
// found and replaced.
std::size_t ShardOf(std::string_view id) {
  std::uint64_t h = 14695981039346656037ull;  // FNV-1a
  for (unsigned char c : id) h = (h ^ c) * 1099511628211ull;
  return static_cast<std::size_t>(h % kShards);
}

// Matches the newest `fraction` of the document ids of each shard: ANDed
// with a query it bounds the postings BM25 scores, and the match stops
// where the range (the shard) ends. Docids are given in order of indexing,
// so these are the most recently indexed documents.
class NewestSource : public Xapian::PostingSource {
 public:
  explicit NewestSource(double fraction) : fraction_(fraction) {}
  void init(const Xapian::Database& db) override {
    last_ = db.get_lastdocid();
    const auto span = static_cast<Xapian::docid>(std::min<double>(last_, std::ceil(last_ * fraction_)));
    first_ = last_ - span + 1;
    current_ = 0;
  }
  Xapian::doccount get_termfreq_min() const override { return 0; }
  Xapian::doccount get_termfreq_est() const override { return last_ - first_ + 1; }
  Xapian::doccount get_termfreq_max() const override { return last_ - first_ + 1; }
  Xapian::PostingSource* clone() const override { return new NewestSource(fraction_); }
  void next(double /*min_wt*/) override { current_ = current_ == 0 ? first_ : current_ + 1; }
  void skip_to(Xapian::docid did, double /*min_wt*/) override { current_ = std::max({current_, did, first_}); }
  bool at_end() const override { return current_ > last_ || last_ == 0; }
  Xapian::docid get_docid() const override { return current_; }
  std::string name() const override { return "readout.NewestSource"; }

 private:
  double fraction_;
  Xapian::docid first_ = 1;
  Xapian::docid last_ = 0;
  Xapian::docid current_ = 0;  // 0: before the first
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
  // Guarded by mu. shards[0] also holds the metadata (schema, sequence);
  // `db` reads every shard as one database (it shares their state, pending
  // changes included).
  std::vector<Xapian::WritableDatabase> shards;
  mutable Xapian::Database db;
  // No stemming: it doubled the terms per document and halved the indexing
  // rate (issue 5 asks for >= 7,000 records/s), and names, places and quoted
  // words are searched as written. docs/search.md, "Choices".
  Xapian::Stem stemmer;
  Xapian::TermGenerator tg;  // guarded by mu; set up once (Init)
  // Guarded by mu; set up once (Init): a parser per query cost its setup
  // and allocations on every search. It needs no database (no wildcards,
  // no spelling).
  Xapian::QueryParser qp;

  static void SetUp(Xapian::TermGenerator& gen) {
    gen.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
    gen.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
  }
  void Init() {
    SetUp(tg);
    qp.set_default_op(Xapian::Query::OP_AND);
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_NONE);
  }

  // The documents of one record, built without touching the database, so
  // that Index can build them on a second thread while this one writes.
  struct Built {
    std::string id_term;
    std::vector<Xapian::Document> docs;
  };

  std::string ShardPath(std::size_t i) const { return (dir / ("shard" + std::to_string(i))).string(); }

  void ReadAsOne() {
    db = Xapian::Database();
    for (const auto& shard : shards) db.add_database(shard);
  }

  // Opens every shard; false when one is unusable (another schema, damaged).
  // Throws DatabaseLockError when another process holds one.
  bool OpenShards() {
    bool usable = true;
    shards.clear();
    for (std::size_t i = 0; i < kShards; ++i) {
      try {
        shards.emplace_back(ShardPath(i), Xapian::DB_CREATE_OR_OPEN | kOpenFlags);
      } catch (const Xapian::DatabaseCorruptError&) {
        usable = false;  // a crash during a commit without fsync: start again
      } catch (const Xapian::DatabaseVersionError&) {
        usable = false;
      }
    }
    if (usable) usable = shards[0].get_metadata(kSchemaKey) == kSchema;
    if (usable) ReadAsOne();
    return usable;
  }

  core::Status Reset() {
    try {
      db = Xapian::Database();
      for (auto& shard : shards) shard.close();
      shards.clear();
      for (std::size_t i = 0; i < kShards; ++i) {
        shards.push_back(dir.empty()
                             ? Xapian::WritableDatabase(std::string(), Xapian::DB_BACKEND_INMEMORY)
                             : Xapian::WritableDatabase(ShardPath(i), Xapian::DB_CREATE_OR_OVERWRITE | kOpenFlags));
      }
      shards[0].set_metadata(kSchemaKey, kSchema);
      shards[0].set_metadata(kSequenceKey, "0");
      Commit();
      ReadAsOne();
    } catch (const Xapian::Error& e) {
      return Fail(Error::Unavailable("search index could not be reset: " + e.get_msg()));
    }
    return {};
  }

  // Shard 0, which holds the sequence, last: after a crash between the
  // commits the sequence is older than the documents, and applying changes
  // again is harmless.
  void Commit() {
    for (std::size_t i = shards.size(); i-- > 0;) shards[i].commit();
  }

  Xapian::WritableDatabase& ShardFor(std::string_view id) { return shards[ShardOf(id)]; }

  // False after a Reset that failed half way (disk full, say): writes are
  // refused until the index is opened again.
  bool Writable() const { return shards.size() == kShards; }

  std::int64_t Sequence() const {
    if (!Writable()) return 0;
    // Unreadable counts as 0: the whole feed is applied again, which is safe.
    const std::string s = shards[0].get_metadata(kSequenceKey);
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
  Built BuildDocuments(const core::StoredRecord& record, const Lookup& lookup, const FacetHook& hook,
                       Xapian::TermGenerator& gen) const {
    Built built;
    built.id_term = IdTerm(record.header.id);
    const std::string& id_term = built.id_term;
    for (const View& view : BuildViews(record, lookup, hook)) {
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
      // A term for each level the view is hidden from (HiddenTerm); the
      // levels it serves go into the hit fields (" public internal "),
      // against which Search checks every hit.
      std::string levels = " ";
      for (core::Visibility level : kLevels) {
        if (std::find(view.levels.begin(), view.levels.end(), level) != view.levels.end()) {
          levels.append(core::ToCode(level)).push_back(' ');
        } else {
          doc.add_boolean_term(HiddenTerm(level));
        }
      }
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
      AppendField(data, levels);
      doc.add_value(kHitSlot, data);
      built.docs.push_back(std::move(doc));
    }
    gen.set_document(Xapian::Document());  // let go of the last document before it changes threads
    return built;
  }

  // Replaces the documents of one record in its shard. Caller holds mu
  // and commits.
  static void Apply(Xapian::WritableDatabase& shard, const Built& built) {
    if (shard.term_exists(built.id_term)) shard.delete_document(built.id_term);
    for (const Xapian::Document& doc : built.docs) shard.add_document(doc);
  }

  void IndexRecord(const core::StoredRecord& record, const Lookup& lookup) {
    Apply(ShardFor(record.header.id), BuildDocuments(record, lookup, options.facet_hook, tg));
  }

  // Many records: each shard's records are built (normalisation, term
  // generation) and added on a thread of their own, in their given order,
  // so that a record given twice keeps its later version. `lookup` and the
  // facet hook are called one call at a time.
  void IndexMany(std::span<const core::StoredRecord> records, const Lookup& lookup) {
    if (records.size() <= 256) {
      for (const auto& record : records) IndexRecord(record, lookup);
      return;
    }
    std::array<std::vector<const core::StoredRecord*>, kShards> parts;
    for (const auto& record : records) parts[ShardOf(record.header.id)].push_back(&record);
    std::mutex callback_mu;
    Lookup locked_lookup;
    if (lookup) {
      locked_lookup = [&](std::string_view id) {
        std::lock_guard<std::mutex> lock(callback_mu);
        return lookup(id);
      };
    }
    FacetHook locked_hook;
    if (options.facet_hook) {
      locked_hook = [&](const core::StoredRecord& record) {
        std::lock_guard<std::mutex> lock(callback_mu);
        return options.facet_hook(record);
      };
    }
    auto write = [&](std::size_t i) {
      Xapian::TermGenerator gen;
      SetUp(gen);
      for (const core::StoredRecord* record : parts[i]) {
        Apply(shards[i], BuildDocuments(*record, locked_lookup, locked_hook, gen));
      }
    };
    std::vector<std::future<void>> others;
    for (std::size_t i = 1; i < kShards; ++i) others.push_back(std::async(std::launch::async, write, i));
    std::exception_ptr failed;
    try {
      write(0);
    } catch (...) {
      failed = std::current_exception();
    }
    for (auto& f : others) {  // every thread finishes before the callbacks go out of scope
      try {
        f.get();
      } catch (...) {
        if (!failed) failed = std::current_exception();
      }
    }
    if (failed) std::rethrow_exception(failed);
  }

  // `bigrams_held` gets the bigram terms every match must hold (of the CJK
  // words not after '-'), for the bounds in Search; `cjk_phrases_only` is
  // set when the query is nothing but CJK words, one of them at least a
  // phrase: Xapian's lower bound for the query is then 0 (a phrase's is),
  // and the bigrams' upper bound is the one it would find.
  Xapian::Query BuildTextQuery(const std::string& folded, bool& has_terms, std::vector<std::string>& bigrams_held,
                               bool& cjk_phrases_only) {
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
    bool any_phrase = false, other_words = user_quotes;
    auto note_other_words = [&](std::size_t from, std::size_t to) {
      for (std::size_t i = from; i < to; ++i) {
        const auto c = static_cast<unsigned char>(folded[i]);
        other_words = other_words || c >= 0x80 || std::isalnum(c) != 0;
      }
    };
    std::size_t pos = 0;
    for (const CjkRun& run : runs) {
      text += folded.substr(pos, run.begin - pos);
      note_other_words(pos, run.begin);
      const bool negated = run.begin > 0 && folded[run.begin - 1] == '-';
      const bool plain = run.begin == 0 || folded[run.begin - 1] == ' ';
      std::string word = folded.substr(run.begin, run.end - run.begin);
      const bool bigram_word = run.chars.size() == 2 && !user_quotes && plain;
      if (bigram_word) {
        // The unigrams ride along with weight 0 so that MSet::snippet,
        // which highlights unigrams, marks the word; they never decide a match.
        Xapian::Query unigrams(Xapian::Query::OP_AND, Xapian::Query(run.chars[0]), Xapian::Query(run.chars[1]));
        bigrams_held.push_back(word);
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
        any_phrase = true;
      } else {
        text += word;
      }
      // Not for a word searched as its bigram: the filter would be the same
      // term again, a second posting list to open and walk.
      if (run.chars.size() >= 2 && !negated && !bigram_word) {
        std::vector<Xapian::Query> bigrams;
        for (std::size_t i = 0; i + 1 < run.chars.size(); ++i) {
          bigrams.emplace_back(run.chars[i] + run.chars[i + 1]);
          bigrams_held.push_back(run.chars[i] + run.chars[i + 1]);
        }
        bigram_filters.emplace_back(Xapian::Query::OP_AND, bigrams.begin(), bigrams.end());
      }
      pos = run.end;
    }
    text += folded.substr(pos);
    note_other_words(pos, folded.size());
    cjk_phrases_only = any_phrase && !other_words;

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
    // An index of schema 2 or older was one database in `dir` itself; the
    // shards now live in dir/shard<i>. Its files are derived data: removed.
    if (std::filesystem::exists(dir / "iamglass", ec)) {
      for (const char* name : {"iamglass", "flintlock", "postlist.glass", "termlist.glass", "position.glass",
                               "docdata.glass", "spelling.glass", "synonym.glass"}) {
        std::filesystem::remove(dir / name, ec);
      }
    }
    const bool usable = impl->OpenShards();
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
  // One commit per batch: a rebuild of 1M records makes 200 commits.
  constexpr std::int64_t kBatch = 5000;
  if (!impl_->Writable()) return Fail(Error::Unavailable("search index is not open after a failed reset"));
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
      // Each record once, as it is now; a rebuild's large batches are then
      // indexed on one thread per shard (IndexMany), while this one waits,
      // so the store is still used by one thread at a time.
      std::set<std::string> done;
      std::vector<core::StoredRecord> records;
      for (const core::Change& change : *changes) {
        if (!done.insert(change.record_id).second) continue;
        auto record = store.Get(change.record_id);
        if (!record) {
          if (record.error().code != core::ErrorCode::kNotFound) return Fail(record.error());
          impl_->ShardFor(change.record_id).delete_document(IdTerm(change.record_id));
          continue;
        }
        records.push_back(std::move(*record));
      }
      impl_->IndexMany(records, lookup);
      applied = changes->back().sequence;
      impl_->shards[0].set_metadata(kSequenceKey, std::to_string(applied));
      impl_->Commit();
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
  if (!impl_->Writable()) return Fail(Error::Unavailable("search index is not open after a failed reset"));
  try {
    impl_->IndexMany(records, lookup);
    impl_->Commit();
  } catch (const Xapian::Error& e) {
    return Fail(Error::Unavailable("search index update failed: " + e.get_msg()));
  }
  return {};
}

core::Status SearchIndex::Remove(std::string_view id) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  if (!impl_->Writable()) return Fail(Error::Unavailable("search index is not open after a failed reset"));
  try {
    impl_->ShardFor(id).delete_document(IdTerm(id));
    impl_->Commit();
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
    std::vector<std::string> bigrams_held;
    bool cjk_phrases_only = false;
    if (!blank) {
      bool has_terms = false;
      text = impl_->BuildTextQuery(folded, has_terms, bigrams_held, cjk_phrases_only);
      if (!has_terms) return SearchResult{};  // only punctuation: nothing to look for
    }
    // The reader's level is part of the query: documents of other views are
    // never candidates. AND_NOT of the short "hidden from" list, not FILTER
    // by the long "served" list (HiddenTerm).
    if (!filters.empty()) {
      text = Xapian::Query(Xapian::Query::OP_FILTER, text,
                           Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end()));
    }
    const Xapian::Query full(Xapian::Query::OP_AND_NOT, text, Xapian::Query(HiddenTerm(query.reader)));
    // Spelled as in the hit fields (BuildDocuments).
    std::string reader_level = Prefixed(' ', core::ToCode(query.reader));
    reader_level.push_back(' ');

    Xapian::Enquire enquire(impl_->db);
    enquire.set_query(full);
    FacetSpy spy;
    const auto first = static_cast<Xapian::doccount>(query.offset);
    const auto page_size = static_cast<Xapian::doccount>(query.limit);
    Xapian::MSet mset;
    SearchResult result;
    // Up to full_limit matches every match is ranked (and counted); above,
    // a window. Which of the two is decided without the page, so that every
    // page sees the same figures and ranks the same window below: by the
    // probe's sure bounds, else by a count in index order without weights,
    // sure where the estimate alone can be far too low (a phrase, a
    // character under the level filter), which also estimates the total.
    const Xapian::doccount full_limit =
        query.facets ? (query.exact_counts ? impl_->db.get_doccount() : kMaxCountedMatches) : kMaxRankedMatches;
    // A probe first: get_mset(0, 0) builds the match tree and reads term
    // frequencies, but visits no posting; its bounds are sure. The count
    // below is skipped when they already decide: at most full_limit matches
    // (a rare word: most queries), which the BM25 pass counts exactly itself,
    // or surely more (a common word: its estimate sizes the window). The
    // count was a third of the CPU time of a query (200k records, round 6).
    Xapian::Enquire probe(impl_->db);
    probe.set_weighting_scheme(Xapian::BoolWeight());
    Xapian::MSet bounds;
    if (!bigrams_held.empty()) {
      // Every match holds these bigrams, so their AND bounds the matches
      // from above; when that bound already decides (at most full_limit: a
      // rare Chinese word), the probe of the whole query is not needed. It
      // opens every unigram list of every phrase (and the weight-0 unigrams
      // of 2-character words), which cost up to 0.9 ms for three Chinese
      // words that match nothing (1M records, after the bench's scan).
      Xapian::Query held(Xapian::Query::OP_AND, bigrams_held.begin(), bigrams_held.end());
      if (!filters.empty()) {
        held = Xapian::Query(Xapian::Query::OP_FILTER, held,
                             Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end()));
      }
      probe.set_query(Xapian::Query(Xapian::Query::OP_AND_NOT, held, Xapian::Query(HiddenTerm(query.reader))));
      bounds = probe.get_mset(0, 0);
    }
    // A superset's bounds: its upper bound holds for the query, its lower
    // bound does not. Above full_limit the probe of the whole query is
    // needed only when its lower bound may say more than 0.
    Xapian::doccount lower = 0, upper = bounds.get_matches_upper_bound();
    if (bigrams_held.empty() || (upper > full_limit && !cjk_phrases_only)) {
      probe.set_query(full);
      bounds = probe.get_mset(0, 0);
      lower = bounds.get_matches_lower_bound();
      upper = bounds.get_matches_upper_bound();
    }
    Xapian::doccount estimated = std::max(bounds.get_matches_estimated(), lower);
    const bool counted = upper > full_limit && lower <= full_limit;
    if (counted) {
      // Counted shard by shard: over several databases Xapian 1.4 does not
      // stop after check_at_least matches (2.4 ms instead of 0.06 for a word
      // in 70% of 50,000 documents).
      // Each shard is counted only as far as the decision needs: up to
      // the match that takes the total past full_limit, and not at all once
      // it is past (half the count of a common word).
      lower = upper = estimated = 0;
      double density = 0;  // matches per docid, where a count stopped
      for (const auto& shard : impl_->shards) {
        const auto shard_ids = static_cast<double>(shard.get_lastdocid());
        if (lower > full_limit) {
          // Records are spread over the shards by a hash of their id, so
          // this one holds matches about as densely as the one counted.
          estimated += static_cast<Xapian::doccount>(std::llround(density * shard_ids));
          upper += shard.get_doccount();
          continue;
        }
        // At least a quarter of the limit, so that a density read from a
        // count that stops early rests on enough matches (125: about 9%).
        const Xapian::doccount need = std::max(full_limit + 1 - lower, (full_limit + 1) / 4);
        Xapian::Enquire counter(shard);
        counter.set_query(full);
        counter.set_weighting_scheme(Xapian::BoolWeight());
        // Without weights the matches come in docid order and the count
        // stops at the needed one, which this page of one returns.
        const Xapian::MSet shard_count = counter.get_mset(need - 1, 1, need);
        const Xapian::doccount shard_lower = shard_count.get_matches_lower_bound();
        const Xapian::doccount shard_upper = shard_count.get_matches_upper_bound();
        Xapian::doccount shard_estimate = shard_count.get_matches_estimated();
        if (!shard_count.empty()) density = need / static_cast<double>(*shard_count.begin());
        if (!shard_count.empty() && shard_lower < shard_upper) {
          // Stopped early: Xapian's estimate of the rest is poor for
          // phrases and filtered bigrams (1,200 for a word in 17,000
          // records at 1M), and the window below is sized from it, so a
          // low one made BM25 rank and phrase-check 14 times the window.
          // The density of the matches up to the last one counted,
          // carried over the shard's docids, is close for text spread
          // over time (and the window is grown when it is not).
          shard_estimate = std::clamp(static_cast<Xapian::doccount>(std::llround(density * shard_ids)),
                                      shard_lower, shard_upper);
        }
        lower += shard_lower;
        upper += shard_upper;
        estimated += shard_estimate;
      }
    }
    result.total = estimated;
    result.total_exact = lower == upper;
    enquire.set_weighting_scheme(Xapian::BM25Weight());
    if (query.facets) enquire.add_matchspy(&spy);
    if (lower <= full_limit) {
      // BM25 over every match (at most full_limit); with facets every match
      // counted. Without facets and once counted, BM25 may skip what cannot
      // reach the page (check_at_least 0); else it counts for the totals.
      mset = enquire.get_mset(first, page_size, query.facets || !counted ? full_limit + 1 : 0);
      if (!counted) {
        result.total = mset.get_matches_estimated();
        result.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
      }
    } else {
      // BM25 (and facet counts) over the newest matches only: kRankWindow
      // for a page (a multiple of it for pages beyond, so that pages within
      // one window never overlap), kMaxCountedMatches with facets. The
      // estimate may be off either way; the range grows until it holds that
      // many matches or the whole index.
      const Xapian::doccount wanted = std::max(query.facets ? kMaxCountedMatches : 0,
                                               (first + page_size + kRankWindow - 1) / kRankWindow * kRankWindow);
      // Half the window is enough (the estimate is rough, and a second pass
      // costs more than a smaller window), as long as the page is full.
      double fraction = std::min(1.0, static_cast<double>(wanted) / std::max<double>(result.total, lower));
      while (true) {
        spy.Clear();
        enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, full,
                                        Xapian::Query((new NewestSource(fraction))->release())));
        mset = enquire.get_mset(first, page_size, wanted);
        const Xapian::doccount in_window = mset.get_matches_lower_bound();
        if (fraction >= 1.0 || (in_window >= wanted / 2 && in_window >= first + page_size)) break;
        const double short_by = static_cast<double>(wanted) / std::max(in_window, 1u);
        fraction = std::min(1.0, fraction * std::clamp(short_by, 2.0, 16.0));
      }
      if (fraction >= 1.0) {  // the whole index after all: exact
        result.total = mset.get_matches_estimated();
        result.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
      } else if (query.facets) {
        // The probe's bounds may make the total exact, but the facets were
        // counted over the window only: estimates, scaled below.
        result.total_exact = false;
      }
    }
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      const std::string data = it.get_document().get_value(kHitSlot);
      std::string_view in = data, id, kind, title, stored, levels;
      if (!ReadField(in, id) || !ReadField(in, kind) || !ReadField(in, title) || !ReadField(in, stored) ||
          !ReadField(in, levels)) {
        continue;
      }
      // Fails closed: the query already left out documents hidden from the
      // reader (H terms); a document whose hit fields do not list the reader's
      // level is never shown, whatever its terms say.
      if (levels.find(reader_level) == std::string_view::npos) continue;
      Hit hit;
      hit.id = std::string(id);
      hit.kind = core::ParseKindName(kind).value_or(core::RecordKind::kDialogue);
      hit.title = std::string(title);
      hit.score = it.get_weight();
      // Without SNIPPET_EXHAUSTIVE: Xapian stops at the first good enough
      // fragment instead of scoring every one of the stored text.
      hit.snippet = mset.snippet(std::string(stored), 240, impl_->stemmer, Xapian::MSet::SNIPPET_CJK_NGRAM, "<mark>",
                                 "</mark>", "…");
      result.hits.push_back(std::move(hit));
    }
    if (query.facets) {
      for (std::size_t i = 0; i < kFacets.size(); ++i) {
        std::vector<FacetCount> counts;
        // Counted over a sample (the newest matches) when the total is not
        // exact: scaled to the estimated total.
        const double scale = result.total_exact || spy.documents() == 0
                                 ? 1.0
                                 : static_cast<double>(result.total) / static_cast<double>(spy.documents());
        for (const auto& [value, n] : spy.counts()[i]) {
          counts.push_back({value, std::max<std::int64_t>(1, std::llround(static_cast<double>(n) * scale))});
        }
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
