// Accountability views benchmark (issue 4): the scorecard and the changes
// report of a dialogue with 20 rounds, 500 benchmarks (each assessed at
// every round) and 5,000 raised cases with legal events, in a real
// SqliteStore on a temporary file.
//
//   accountability_bench [--runs N] [--db PATH] [--dump DIR]
//
// --dump writes the two pages as rendered (DIR/scorecard.html,
// DIR/changes.html), to look at or to compare before and after a change.
//
// Measures, as the median of N runs (after one warm-up run): LoadDialogueFacts
// for a public reader, BuildScorecard, BuildChangesReport of the last two
// rounds, and as the same-run reference, reading the same records with the
// store's List alone (no decoding, no views). Prints milliseconds and the
// ratios; exits 1 when a view takes more than the 50 ms goal. See
// docs/performance.md, "Accountability views"; bench/accountability/run.sh
// builds nothing and runs this.
//
// And the pages through publish::Site (RenderScorecard / RenderChanges):
// with the dialogue's facts in the site's snapshot cache (the steady state,
// the goal), and cold, after a write, when the render loads them again. See
// AddPageMeasurements below.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/accountability.h"
#include "core/accountability_codec.h"
#include "core/case_codec.h"
#include "core/entity_codec.h"
#include "core/record_service.h"
#include "publish/i18n.h"
#include "publish/site.h"
#include "store/sqlite/sqlite_store.h"

namespace readout::bench {
namespace {

using core::RecordKind;

constexpr int kRounds = 20;
constexpr int kBenchmarks = 500;
constexpr int kCases = 5000;
constexpr int kIssues = 10;
constexpr int kFirstYear = 2006;
constexpr double kGoalMs = 50.0;

[[noreturn]] void Die(std::string_view what, const core::Error& error) {
  std::fprintf(stderr, "%.*s: %s\n", static_cast<int>(what.size()), what.data(), error.message.c_str());
  for (const core::FieldError& f : error.fields) std::fprintf(stderr, "  %s: %s\n", f.field.c_str(), f.problem.c_str());
  std::exit(2);
}

core::PartialDate Date(const std::string& text) {
  auto d = core::PartialDate::Parse(text);
  if (!d) Die(text, d.error());
  return *d;
}

core::BilingualText En(std::string text) { return {std::move(text), "", ""}; }

std::string Slug(std::string_view prefix, int n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%05d", n);
  return std::string(prefix) + buf;
}

std::string RoundId(int r) { return "rnd_" + std::to_string(kFirstYear + r); }
std::string Iso(int year, int month, int day) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

// The generated dialogue as one bundle, imported in one transaction the way
// io's table importer does it (MakeDraft once, references handed over).
class Generator {
 public:
  template <typename T>
  void Add(RecordKind kind, const std::string& id, const T& value) {
    auto draft = core::MakeDraft(kind, core::Encode(value), id);
    if (!draft) Die(id, draft.error());
    drafts_.push_back(std::move(*draft));
  }

  void Generate() {
    core::Dialogue d;
    d.name = En("Generated human rights dialogue");
    d.party_a.name = En("Party A");
    d.party_b.name = En("Party B");
    d.round_interval_months = 12;
    Add(RecordKind::kDialogue, "dlg_bench", d);
    for (int i = 0; i < kIssues; ++i) {
      core::Issue issue;
      issue.name = En("Issue " + std::to_string(i));
      Add(RecordKind::kIssue, Slug("iss_", i), issue);
    }
    for (int r = 0; r < kRounds; ++r) {
      core::Round round;
      round.dialogue_id = "dlg_bench";
      round.number = r + 1;
      round.title = En("Round " + std::to_string(r + 1));
      const int year = kFirstYear + r;
      round.dates = Date(Iso(year, 7, 10) + "/" + Iso(year, 7, 11));
      if (r % 2 == 0) round.public_account = {core::PublicAccountLevel::kBrief, "", Date(Iso(year, 7, 20)), {}};
      Add(RecordKind::kRound, RoundId(r), round);
    }
    static constexpr core::AssessmentRating kCycle[] = {
        core::AssessmentRating::kNoProgress,      core::AssessmentRating::kLimitedProgress,
        core::AssessmentRating::kRegressed,       core::AssessmentRating::kSubstantialProgress,
        core::AssessmentRating::kNoInformation,   core::AssessmentRating::kMet,
        core::AssessmentRating::kLimitedProgress,
    };
    int asks = 0;
    for (int b = 0; b < kBenchmarks; ++b) {
      core::Benchmark bm;
      bm.dialogue_id = "dlg_bench";
      bm.issue_id = Slug("iss_", b % kIssues);
      bm.statement = En("Benchmark " + std::to_string(b));
      if (b % 4 != 0) bm.criterion = En("Measured by law " + std::to_string(b));
      if (b % 5 == 0) bm.deadline = Date(std::to_string(kFirstYear + 10 + b % 10));
      bm.introduced_round_id = RoundId(b % kRounds);
      bm.position = b / kIssues;
      const std::string id = Slug("bmk_", b);
      Add(RecordKind::kBenchmark, id, bm);
      for (int r = 0; r < kRounds; ++r) {
        core::Assessment a;
        a.benchmark_id = id;
        a.round_id = RoundId(r);
        a.rating = kCycle[(b * 3 + r * (1 + b % 3)) % std::size(kCycle)];
        a.rationale = En("Rationale for benchmark " + std::to_string(b) + " at round " + std::to_string(r + 1));
        a.assessor = "assessor";
        a.reviewer = "reviewer";
        a.state = core::ReviewState::kApproved;
        Add(RecordKind::kAssessment, Slug("asm_", b * kRounds + r), a);
      }
      core::Ask ask;
      ask.round_id = RoundId(b % kRounds);
      ask.subject = {core::AskSubjectKind::kBenchmark, id};
      ask.description = En("Asked about benchmark " + std::to_string(b));
      ask.position = asks;
      AddAskWithReply(ask, asks++);
    }
    for (int c = 0; c < kCases; ++c) {
      const int r = c % kRounds;
      const int year = kFirstYear + r;
      core::Person p;
      p.names.push_back(
          {"Person " + std::to_string(c), core::Script::kLatn, core::NameScheme::kNone, core::NameKind::kLegal, true});
      Add(RecordKind::kPerson, Slug("prs_", c), p);
      core::Case cs;
      cs.person_id = Slug("prs_", c);
      const std::string case_id = Slug("cas_", c);
      Add(RecordKind::kCase, case_id, cs);
      // Detained before the round that raises the case; what follows varies.
      std::vector<std::pair<core::LegalEventType, std::string>> events = {
          {core::LegalEventType::kCriminalDetention, Iso(year, 3, 1 + c % 28)},
          {core::LegalEventType::kArrestApproved, Iso(year, 4, 1 + c % 28)},
      };
      if (c % 3 == 0) events.push_back({core::LegalEventType::kReleasedWithoutCharge, Iso(year + 1, 2, 1 + c % 28)});
      if (c % 3 == 1) {
        events.push_back({core::LegalEventType::kIndictment, Iso(year, 9, 1 + c % 28)});
        events.push_back({core::LegalEventType::kVerdict, Iso(year + 1, 1, 1 + c % 28)});
      }
      for (std::size_t e = 0; e < events.size(); ++e) {
        core::LegalEvent ev;
        ev.case_id = case_id;
        ev.type = events[e].first;
        ev.date = Date(events[e].second);
        ev.sequence = static_cast<int>(e);
        Add(RecordKind::kLegalEvent, Slug("lev_", c * 4 + static_cast<int>(e)), ev);
      }
      core::Ask ask;
      ask.round_id = RoundId(r);
      ask.subject = {core::AskSubjectKind::kCase, case_id};
      ask.description = En("Asked about case " + std::to_string(c));
      ask.position = asks;
      AddAskWithReply(ask, asks++);
    }
    for (int r = 0; r < kRounds; ++r) {
      for (int k = 0; k < 2; ++k) {
        core::Commitment cm;
        cm.dialogue_id = "dlg_bench";
        cm.text = En("Commitment " + std::to_string(r * 2 + k));
        cm.date = Date(Iso(kFirstYear + r, 7, 11));
        cm.round_id = RoundId(r);
        cm.benchmark_ids = {Slug("bmk_", (r * 2 + k) % kBenchmarks)};
        Add(RecordKind::kCommitment, Slug("cmt_", r * 2 + k), cm);
      }
    }
  }

  void AddAskWithReply(const core::Ask& ask, int n) {
    Add(RecordKind::kAsk, Slug("ask_", n), ask);
    static constexpr core::ReplyKind kKinds[] = {
        core::ReplyKind::kHandledAccordingToLaw, core::ReplyKind::kInformationProvided,
        core::ReplyKind::kInternalAffairs, core::ReplyKind::kDeniedFacts, core::ReplyKind::kCommitmentMade};
    core::Reply reply;
    reply.ask_id = Slug("ask_", n);
    reply.reply_kind = kKinds[n % std::size(kKinds)];
    reply.translation = En("Reply " + std::to_string(n));
    Add(RecordKind::kReply, Slug("rpl_", n), reply);
  }

  core::Status Import(core::Store& store) {
    std::sort(drafts_.begin(), drafts_.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    core::Bundle bundle;
    std::vector<std::vector<core::Reference>> references;
    const std::string now = "2026-11-29T08:00:00.000Z";
    for (core::RecordDraft& draft : drafts_) {
      core::Revision revision;
      revision.record_id = draft.id;
      revision.kind = draft.kind;
      revision.revision = 1;
      revision.operation = core::RevisionOperation::kCreate;
      revision.actor = "bench";
      revision.at = now;
      revision.visibility_before = revision.visibility_after = draft.visibility;
      revision.after = draft.body;
      core::StoredRecord record;
      record.header = {draft.id, draft.kind, 1, draft.visibility, draft.parent_id, now, now, false};
      record.body = std::move(draft.body);
      bundle.records.push_back(std::move(record));
      bundle.revisions.push_back(std::move(revision));
      references.push_back(std::move(draft.references));
    }
    return store.ImportWithReferences(bundle, references);
  }

  std::size_t size() const { return drafts_.size(); }

 private:
  std::vector<core::RecordDraft> drafts_;
};

struct Measurement {
  Measurement(std::string name_in, std::function<void()> run_in, std::function<void()> setup_in = {})
      : name(std::move(name_in)), run(std::move(run_in)), setup(std::move(setup_in)) {}
  std::string name;
  std::function<void()> run;
  std::function<void()> setup;  // run before each timed run, not timed
  std::vector<double> ms;
  double Median() const {
    std::vector<double> v = ms;
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
  }
  double Min() const { return ms.empty() ? 0 : *std::min_element(ms.begin(), ms.end()); }
};

// The pages, end to end through publish::Site (snapshot, view, template and
// layout), for a public reader in English:
//  - "render ... (warm snapshot)": the steady state a reader meets, the
//    dialogue's facts in the site's snapshot cache and the page body kept
//    with them (SiteOptions::cache_pages) by an earlier request since the
//    last write, so only the layout is rendered;
//  - "build ... from a warm snapshot": a site that keeps no page bodies, so
//    the view, the page data and the templates are built every time;
//  - "cold: ... after a write": a write first (not timed) drops the
//    snapshot, so the render loads the facts again and builds the page.
// Names starting with "render" count toward the 50 ms goal in main().
void AddPageMeasurements(core::RecordService& records, const publish::Site& site, const publish::Site& no_page_cache,
                         std::vector<Measurement>& out) {
  static const std::string from = RoundId(kRounds - 2);
  static const std::string to = RoundId(kRounds - 1);
  const publish::PageRequest request{publish::Lang::kEn, core::Visibility::kPublic, "/dialogues/dlg_bench/scorecard",
                                     core::CivilDay{2026, 11, 29}};
  auto check = [](const core::Result<std::string>& html) {
    if (!html) Die("render", html.error());
    if (html->size() < 1000) Die("render", core::Error::Internal("page too short"));
  };
  // An unrelated record created before each cold run: a committed write moves
  // Store::ChangeCounter(), which is all the cache looks at.
  auto write = [&records, n = std::make_shared<int>(0)] {
    const int i = (*n)++;
    core::Issue issue;
    issue.name = En("Written to drop the snapshot " + std::to_string(i));
    auto made = records.Create(RecordKind::kIssue, core::Encode(issue), core::Actor{"bench"}, Slug("iss_w", i));
    if (!made) Die("write", made.error());
  };
  // Before each "build" run (not timed): the snapshot is current.
  auto warm = [&no_page_cache] {
    if (auto facts = no_page_cache.Facts("dlg_bench", core::Visibility::kPublic); !facts) Die("load", facts.error());
  };
  // The steady state: the page was asked for once since the last write (its
  // setup, not timed), as by the reader before.
  auto scorecard = [&site, request, check] { check(site.RenderScorecard("dlg_bench", "", request)); };
  auto changes = [&site, request, check] { check(site.RenderChanges("dlg_bench", from, to, request)); };
  out.push_back({"render scorecard page (warm snapshot)", scorecard, scorecard});
  out.push_back({"render changes page (warm snapshot)", changes, changes});
  out.push_back({"build scorecard page from a warm snapshot", [&no_page_cache, request, check] {
                   check(no_page_cache.RenderScorecard("dlg_bench", "", request));
                 },
                 warm});
  out.push_back({"build changes page from a warm snapshot", [&no_page_cache, request, check] {
                   check(no_page_cache.RenderChanges("dlg_bench", from, to, request));
                 },
                 warm});
  out.push_back({"cold: scorecard page after a write", [&site, request, check] {
                   check(site.RenderScorecard("dlg_bench", "", request));
                 },
                 write});
  out.push_back({"cold: changes page after a write", [&site, request, check] {
                   check(site.RenderChanges("dlg_bench", from, to, request));
                 },
                 write});
  // The scorecard shows kScorecardPageSize benchmarks a page: the last page
  // costs what the first does.
  const int last_page = (kBenchmarks + publish::kScorecardPageSize - 1) / publish::kScorecardPageSize;
  out.push_back({"build last scorecard page from a warm snapshot", [&no_page_cache, request, check, last_page] {
                   check(no_page_cache.RenderScorecard("dlg_bench", "", request, last_page));
                 },
                 warm});
  // The round page with its accountability score (the round score is computed
  // from the snapshot each time; the page is not kept with it).
  // Traditional Chinese: the Simplified page through OpenCC s2t at each request
  // (the web layer's response cache keeps the result until the next write).
  publish::PageRequest traditional = request;
  traditional.lang = publish::Lang::kZhHans;
  traditional.traditional = true;
  auto scorecard_hant = [&site, traditional, check] { check(site.RenderScorecard("dlg_bench", "", traditional)); };
  out.push_back({"render scorecard page zh-Hant (warm snapshot)", scorecard_hant, scorecard_hant});
  auto round = [&site, request, check] { check(site.RenderRound(to, request)); };
  out.push_back({"render round page with its score (warm snapshot)", round, round});
  out.push_back({"cold: round page with its score after a write", round, write});
}

}  // namespace
}  // namespace readout::bench

int main(int argc, char** argv) {
  using namespace readout;
  using core::RecordKind;
  int runs = 11;
  std::string db;
  std::string dump;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--runs" && i + 1 < argc) {
      runs = std::max(1, std::atoi(argv[++i]));
    } else if (arg == "--db" && i + 1 < argc) {
      db = argv[++i];
    } else if (arg == "--dump" && i + 1 < argc) {
      dump = argv[++i];
    } else {
      std::fprintf(stderr, "usage: %s [--runs N] [--db PATH] [--dump DIR]\n", argv[0]);
      return 2;
    }
  }
  const bool temporary = db.empty();
  if (temporary) {
    db = (std::filesystem::temp_directory_path() / ("readout-accountability-bench-" + std::to_string(getpid()) + ".db"))
             .string();
  }
  auto cleanup = [&] {
    if (!temporary) return;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db + suffix);
  };

  auto store = store::SqliteStore::Open(db);
  if (!store) bench::Die("open " + db, store.error());
  core::RecordService records(**store);

  using Clock = std::chrono::steady_clock;
  {
    bench::Generator generator;
    const auto start = Clock::now();
    generator.Generate();
    if (core::Status s = generator.Import(**store); !s) {
      cleanup();
      bench::Die("import", s.error());
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    std::printf(
        "generated and imported %zu records in %.1f s (%d rounds, %d benchmarks x %d rounds assessed, "
        "%d cases)\n",
        generator.size(), seconds, bench::kRounds, bench::kBenchmarks, bench::kRounds, bench::kCases);
  }

  const std::string from = bench::RoundId(bench::kRounds - 2);
  const std::string to = bench::RoundId(bench::kRounds - 1);
  core::DialogueFacts facts;
  std::size_t listed = 0;
  std::size_t rows = 0;
  std::size_t changes = 0;
  std::vector<bench::Measurement> m;
  m.push_back({"store List alone (reference)", [&] {
                 listed = 0;
                 for (core::RecordKind kind :
                      {RecordKind::kRound, RecordKind::kIssue, RecordKind::kBenchmark, RecordKind::kAssessment,
                       RecordKind::kCommitment, RecordKind::kEngagement, RecordKind::kAgency, RecordKind::kAsk,
                       RecordKind::kReply, RecordKind::kCaseList, RecordKind::kCase, RecordKind::kPerson,
                       RecordKind::kLegalEvent}) {
                   core::ListQuery q;
                   q.kind = kind;
                   q.max_visibility = core::Visibility::kPublic;
                   q.limit = 1000;
                   while (true) {
                     auto page = (*store)->List(q);
                     if (!page) bench::Die("list", page.error());
                     listed += page->records.size();
                     q.offset += static_cast<std::int64_t>(page->records.size());
                     if (page->records.empty() || q.offset >= page->total) break;
                   }
                 }
               }});
  m.push_back({"LoadDialogueFacts (public reader)", [&] {
                 auto loaded = core::LoadDialogueFacts(records, "dlg_bench", core::Visibility::kPublic);
                 if (!loaded) bench::Die("load", loaded.error());
                 facts = std::move(*loaded);
               }});
  m.push_back({"BuildScorecard", [&] { rows = core::BuildScorecard(facts).rows.size(); }});
  m.push_back({"BuildChangesReport (last two rounds)", [&] {
                 auto report = core::BuildChangesReport(facts, from, to);
                 if (!report) bench::Die("changes", report.error());
                 changes = report->rating_changes.size() + report->case_changes.size();
               }});
  const publish::Catalogs catalogs;
  const publish::Site site(records, catalogs);
  publish::SiteOptions no_page_cache_options;
  no_page_cache_options.cache_pages = false;
  const publish::Site no_page_cache(records, catalogs, no_page_cache_options);
  bench::AddPageMeasurements(records, site, no_page_cache, m);

  for (int run = 0; run <= runs; ++run) {  // run 0 warms caches and is not counted
    for (bench::Measurement& x : m) {
      if (x.setup) x.setup();
      const auto start = Clock::now();
      x.run();
      const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
      if (run > 0) x.ms.push_back(ms);
    }
  }
  if (!dump.empty()) {
    const publish::PageRequest request{publish::Lang::kEn, core::Visibility::kPublic, "/x", core::CivilDay{2026, 11, 29}};
    auto scorecard_html = site.RenderScorecard("dlg_bench", "", request);
    auto changes_html = site.RenderChanges("dlg_bench", from, to, request);
    if (!scorecard_html || !changes_html) {
      bench::Die("dump", scorecard_html ? changes_html.error() : scorecard_html.error());
    }
    std::filesystem::create_directories(dump);
    for (const auto& [name, html] :
         {std::pair{"scorecard.html", &*scorecard_html}, std::pair{"changes.html", &*changes_html}}) {
      std::FILE* f = std::fopen((std::filesystem::path(dump) / name).c_str(), "wb");
      if (f == nullptr) bench::Die("dump", core::Error::Internal("can not write to " + dump));
      std::fwrite(html->data(), 1, html->size(), f);
      std::fclose(f);
    }
  }
  cleanup();

  std::printf(
      "read %zu records by List; facts: %zu rounds, %zu benchmarks, %zu assessments, %zu asks, %zu cases; "
      "scorecard %zu rows; changes report %zu entries\n",
      listed, facts.rounds.size(), facts.benchmarks.size(), facts.assessments.size(), facts.asks.size(),
      facts.cases.size(), rows, changes);
  std::printf("median of %d runs (min in brackets):\n", runs);
  const double reference = m[0].Median();
  bool met = true;
  for (const bench::Measurement& x : m) {
    const bool goal = x.name.starts_with("Build") || x.name.starts_with("render");
    std::printf("  %-42s %9.2f ms  [%8.2f]  %5.2fx reference%s\n", x.name.c_str(), x.Median(), x.Min(),
                reference > 0 ? x.Median() / reference : 0.0,
                goal ? (x.Median() <= bench::kGoalMs ? "  (goal <= 50 ms: met)" : "  (goal <= 50 ms: MISSED)") : "");
    if (goal && x.Median() > bench::kGoalMs) met = false;
  }
  const double views = m[2].Median() + m[3].Median();
  std::printf("load + scorecard + changes: %.2f ms; the views alone: %.2f ms\n", m[1].Median() + views, views);
  return met ? 0 : 1;
}
