// The confidentiality canary test (docs/confidentiality.md): a seeded random
// database of more than 10,000 records of every kind in the real SQLite
// store, a unique canary in every value the public may not read, and every
// public output rendered and searched for "canary": every public page and
// every /api/v1 GET route (enumerated from App::router(), so a new route is
// covered the day it is added) without credentials, in English, Simplified
// and Traditional Chinese; search results and snippets; error pages; the log
// lines written at the default level while serving; and the issue 6 outputs
// (readouts, feeds, static site) built in this tree.
//
// The seed is random per run and printed with every failure; set
// READOUT_CANARY_SEED to replay one. Every failure names the output and the
// canary, which names the record kind it was planted in.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <mutex>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include "canary_world.h"
#include "core/record_service.h"
#include "publish/i18n.h"
#include "publish/site.h"
#include "search/search.h"
#include "store/sqlite/sqlite_store.h"
#include "web/app.h"
#include "web/testing/staff_for_test.h"

#ifdef READOUT_CANARY_HAVE_READOUTS
#include "publish/public_readout.h"
#endif
#ifdef READOUT_CANARY_HAVE_FEEDS
#include "publish/atom_feed.h"
#endif
#ifdef READOUT_CANARY_HAVE_STATIC_SITE
#include "publish/static_site.h"
#endif

namespace readout::confidentiality {
namespace {

namespace fs = std::filesystem;
using web::http::verb;


std::uint64_t ChooseSeed() {
  if (const char* env = std::getenv("READOUT_CANARY_SEED"); env != nullptr && *env != '\0') {
    return std::strtoull(env, nullptr, 10);
  }
  return std::random_device{}() * 0x100000000ULL + std::random_device{}();
}

// The first canary in `text` ("CANARY-case-17-k3v9q2"), matched without
// regard to case (search folds case, a URL may lowercase); empty when none.
std::string FindCanary(std::string_view text) {
  static constexpr std::string_view kMark = "canary";
  auto it = std::search(text.begin(), text.end(), kMark.begin(), kMark.end(),
                        [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
  if (it == text.end()) return "";
  std::string out;
  for (; it != text.end() && out.size() < 48; ++it) {
    const unsigned char c = static_cast<unsigned char>(*it);
    if (!std::isalnum(c) && c != '-') break;
    out += static_cast<char>(c);
  }
  return out;
}

// The text of a PDF, by poppler's pdftotext: a PDF's content streams are
// compressed, so a canary in one is invisible to a byte search.
std::string PdfText(const std::string& pdf) {
  const fs::path file = fs::temp_directory_path() / ("readout_canary_" + std::to_string(::getpid()) + ".pdf");
  {
    std::ofstream out(file, std::ios::binary);
    out << pdf;
  }
  std::string text;
  const std::string command = "pdftotext -q '" + file.string() + "' - 2>/dev/null";
  if (FILE* pipe = ::popen(command.c_str(), "r")) {
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) text.append(buf, n);
    ::pclose(pipe);
  }
  fs::remove(file);
  return text;
}

// Collects leaks across one test and reports the first few, with the total,
// so one broken renderer does not bury the report under thousands of lines.
class LeakReport {
 public:
  explicit LeakReport(std::uint64_t seed) : seed_(seed) {}
  ~LeakReport() {
    if (leaks_.empty()) return;
    std::string message = "seed " + std::to_string(seed_) + " (READOUT_CANARY_SEED to replay): " +
                          std::to_string(leaks_.size()) + " public outputs show a canary; first ones:\n";
    for (std::size_t i = 0; i < leaks_.size() && i < 25; ++i) message += "  " + leaks_[i] + "\n";
    ADD_FAILURE() << message;
  }
  // Records a leak when `text` holds a canary. Returns true when clean.
  bool Check(const std::string& output, std::string_view text) {
    ++checked_;
    std::string canary = FindCanary(text);
    if (canary.empty()) return true;
    leaks_.push_back(output + " shows " + canary);
    return false;
  }
  std::size_t checked() const { return checked_; }

 private:
  std::uint64_t seed_;
  std::vector<std::string> leaks_;
  std::size_t checked_ = 0;
};

class ConfidentialityTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    seed_ = ChooseSeed();
    dir_ = fs::temp_directory_path() / ("readout_canary_" + std::to_string(seed_));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto store = store::SqliteStore::Open((dir_ / "canary.db").string());
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
    records_ = std::make_unique<core::RecordService>(*store_);
    world_ = std::make_unique<CanaryWorld>(seed_);
    core::Status written = world_->Write(*store_);
    ASSERT_TRUE(written) << written.error().message;
    auto index = search::SearchIndex::InMemory();
    ASSERT_TRUE(index) << index.error().message;
    index_ = std::move(*index);
    core::Status indexed = index_->CatchUp(*store_);
    ASSERT_TRUE(indexed) << indexed.error().message;
    catalogs_ = std::make_unique<publish::Catalogs>();
    site_ = std::make_unique<publish::Site>(*records_, *catalogs_);
    web::AppOptions options;
    // An admin reads every visibility; its name is a canary too (staff identities are not public).
    staff_ = std::make_unique<web::testing::StaffForTest>(store_.get());
    staff_bearer_ = staff_->Bearer("CANARY staff reader");
    options.accounts = &staff_->accounts();
    options.audit = &staff_->audit();
    options.cache_entries = 0;  // every request renders: a cache would hide nothing, but would skip work
    options.search_index = index_.get();
    app_ = std::make_unique<web::App>(*records_, *site_, std::move(options));
    PromoteHiddenRecords();
#ifdef READOUT_CANARY_HAVE_READOUTS
    PublishReadouts();
#endif
    // Capture what the default logger writes at its default level (info),
    // beside its own sinks.
    log_sink_ = std::make_shared<spdlog::sinks::ostream_sink_mt>(log_);
    spdlog::default_logger()->sinks().push_back(log_sink_);
  }

  static void TearDownTestSuite() {
    auto& sinks = spdlog::default_logger()->sinks();
    sinks.erase(std::remove(sinks.begin(), sinks.end(), log_sink_), sinks.end());
    app_.reset();
    staff_.reset();
    site_.reset();
    catalogs_.reset();
    index_.reset();
    records_.reset();
    store_.reset();
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  void SetUp() override {
    if (app_ == nullptr) GTEST_SKIP() << "the canary world could not be built (see the first failure)";
  }

  // Later writes: hidden records made public with their canaries replaced
  // (guarded fields kept), so their history holds hidden revisions that a
  // public history page must not show.
  static nlohmann::json Scrub(const nlohmann::json& v, const std::string& key = "") {
    if (v.is_string()) {
      const std::string& s = v.get_ref<const std::string&>();
      if (FindCanary(s).empty()) return v;
      return key == "url" ? "https://example.org/promoted" : "promoted okapi";
    }
    if (v.is_array()) {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& item : v) out.push_back(Scrub(item, key));
      return out;
    }
    if (!v.is_object()) return v;
    if (v.contains("text") && v.contains("visibility")) return v;  // a guarded field stays secret
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [k, item] : v.items()) out[k] = Scrub(item, k);
    return out;
  }

  static void PromoteHiddenRecords() {
    using core::RecordKind;
    for (RecordKind kind : {RecordKind::kIssue, RecordKind::kRound, RecordKind::kPerson, RecordKind::kCase,
                            RecordKind::kSource, RecordKind::kAgency, RecordKind::kLegalEvent, RecordKind::kReply}) {
      std::vector<std::string> ids = SampleIds(kind, 4);
      for (const std::string& id : ids) {
        auto record = records_->Get(id, core::Visibility::kRestricted);
        if (!record || record->header.visibility == core::Visibility::kPublic) continue;
        nlohmann::json body = Scrub(record->body);
        body["visibility"] = "public";
        auto updated = records_->Update(id, record->header.revision, body, core::Actor{"CANARY-promoter-actor"});
        if (updated) promoted_.push_back(id);
      }
    }
  }

#ifdef READOUT_CANARY_HAVE_READOUTS
  // Readouts through the workflow: drafted, submitted, approved and
  // published with content built from public records; half then corrected
  // with a canary in the pending correction note (editorial until the next
  // publication). Staff names are canaries: staff identities are not public.
  static void PublishReadouts() {
    std::optional<core::RecordKind> kind = core::ParseKindName("readout");
    if (!kind) return;
    publish::PublicRecords pub(*records_);
    const core::BilingualText note{"editor note okapi", "编者按 okapi", ""};
    int published = 0;
    // From the last rounds: the world's unpublished readouts are on the first ones.
    const std::vector<std::string>& rounds = world_->ids().at(core::RecordKind::kRound).public_ids;
    for (auto it = rounds.rbegin(); it != rounds.rend() && published < 8; ++it) {
      const std::string& round = *it;
      auto content = publish::BuildPublicReadout(pub, round, note, site_->Today());
      if (!content) continue;
      core::Readout draft;
      draft.subject_id = round;
      draft.author = "CANARY-readout-author-" + std::to_string(published);
      draft.editor_note = note;
      auto created = records_->Create(*kind, core::Encode(draft), core::Actor{draft.author});
      if (!created) {
        setup_problems_.push_back("create readout for " + round + ": " + created.error().message);
        continue;
      }
      core::StoredRecord stored = *created;
      auto step = [&](core::ReadoutAction action, const std::string& actor, core::BilingualText step_note = {}) {
        auto current = core::DecodeReadout(stored.body);
        if (!current) return false;
        core::ReadoutStep s;
        s.action = action;
        s.actor = actor;
        s.now = "2026-01-02T00:00:00.000Z";
        s.content = publish::ToJson(*content);
        s.note = std::move(step_note);
        auto next = core::ApplyReadoutStep(*current, s);
        if (!next) {
          setup_problems_.push_back("readout step " + std::string(core::ToCode(action)) + ": " + next.error().message);
          return false;
        }
        auto updated = records_->Update(stored.header.id, stored.header.revision, core::Encode(*next),
                                        core::Actor{actor});
        if (!updated) {
          setup_problems_.push_back("readout update " + std::string(core::ToCode(action)) + ": " +
                                    updated.error().message);
          return false;
        }
        stored = *updated;
        return true;
      };
      const std::string reviewer = "CANARY-readout-reviewer-" + std::to_string(published);
      if (!step(core::ReadoutAction::kSubmit, draft.author) || !step(core::ReadoutAction::kApprove, reviewer) ||
          !step(core::ReadoutAction::kPublish, reviewer)) {
        continue;
      }
      readouts_.push_back(stored.header.id);
      ++published;
      if (published % 2 == 0) {
        step(core::ReadoutAction::kCorrect, reviewer,
             {"CANARY-readout-correction-" + std::to_string(published), "CANARY-readout-correction-zh", ""});
      }
    }
  }
#endif

  static web::HttpResponse Get(const std::string& target, bool staff = false) {
    web::HttpRequest req{verb::get, target, 11};
    if (staff) req.set(web::http::field::authorization, staff_bearer_);
    web::HttpResponse res;
    app_->Handle(req, res);
    return res;
  }

  // GETs `target` as the public and checks the body, the headers and the
  // log lines written meanwhile.
  static void CheckGet(LeakReport& report, const std::string& target) {
    web::HttpResponse res = Get(target);
    const std::string name = "GET " + target + " (" + std::to_string(res.result_int()) + ")";
    report.Check(name, res.body());
    if (res[web::http::field::content_type].starts_with("application/pdf")) {
      report.Check(name + " PDF text", PdfText(res.body()));
    }
    for (const auto& field : res.base()) {
      const auto value = field.value();
      report.Check(name + " header " + std::string(field.name_string()), std::string_view(value.data(), value.size()));
    }
    report.Check(name + " log", TakeLog());
  }

  static std::string TakeLog() {
    std::string text = log_.str();
    log_.str("");
    return text;
  }

  // Up to `n` public and `n` hidden ids of `kind`, sampled with the seed.
  static std::vector<std::string> SampleIds(core::RecordKind kind, std::size_t n) {
    std::vector<std::string> out;
    auto it = world_->ids().find(kind);
    if (it == world_->ids().end()) return out;
    std::mt19937_64 rng(seed_ ^ static_cast<std::uint64_t>(kind));
    for (const std::vector<std::string>* list : {&it->second.public_ids, &it->second.hidden_ids}) {
      std::vector<std::string> sample;
      std::sample(list->begin(), list->end(), std::back_inserter(sample), n, rng);
      out.insert(out.end(), sample.begin(), sample.end());
    }
    return out;
  }

  static std::vector<std::string> SampleAllKinds(std::size_t n) {
    std::vector<std::string> out;
    for (core::RecordKind kind : core::AllRecordKinds()) {
      std::vector<std::string> ids = SampleIds(kind, n);
      out.insert(out.end(), ids.begin(), ids.end());
    }
    return out;
  }

  static std::string FirstPublicDialogue() { return world_->ids().at(core::RecordKind::kDialogue).public_ids.front(); }

  static std::uint64_t seed_;
  static fs::path dir_;
  static std::unique_ptr<store::SqliteStore> store_;
  static std::unique_ptr<core::RecordService> records_;
  static std::unique_ptr<CanaryWorld> world_;
  static std::unique_ptr<search::SearchIndex> index_;
  static std::unique_ptr<publish::Catalogs> catalogs_;
  static std::unique_ptr<publish::Site> site_;
  static std::unique_ptr<web::testing::StaffForTest> staff_;
  static std::string staff_bearer_;
  static std::unique_ptr<web::App> app_;
  static std::ostringstream log_;
  static std::shared_ptr<spdlog::sinks::ostream_sink_mt> log_sink_;
  static std::vector<std::string> promoted_;
  static std::vector<std::string> readouts_;
  static std::vector<std::string> setup_problems_;
};

std::uint64_t ConfidentialityTest::seed_ = 0;
fs::path ConfidentialityTest::dir_;
std::unique_ptr<store::SqliteStore> ConfidentialityTest::store_;
std::unique_ptr<core::RecordService> ConfidentialityTest::records_;
std::unique_ptr<CanaryWorld> ConfidentialityTest::world_;
std::unique_ptr<search::SearchIndex> ConfidentialityTest::index_;
std::unique_ptr<publish::Catalogs> ConfidentialityTest::catalogs_;
std::unique_ptr<publish::Site> ConfidentialityTest::site_;
std::unique_ptr<web::testing::StaffForTest> ConfidentialityTest::staff_;
std::string ConfidentialityTest::staff_bearer_;
std::unique_ptr<web::App> ConfidentialityTest::app_;
std::ostringstream ConfidentialityTest::log_;
std::shared_ptr<spdlog::sinks::ostream_sink_mt> ConfidentialityTest::log_sink_;
std::vector<std::string> ConfidentialityTest::promoted_;
std::vector<std::string> ConfidentialityTest::readouts_;
std::vector<std::string> ConfidentialityTest::setup_problems_;

// The kind a route pattern serves: RouteDoc::kind, else the collection named
// before "{id}" ("/people/{id}" -> person); nullopt for "/records/{id}/history".
std::optional<core::RecordKind> KindOfRoute(const web::Route& route) {
  if (route.doc.kind) return route.doc.kind;
  for (std::size_t i = 0; i + 1 < route.segments.size(); ++i) {
    if (route.segments[i + 1].starts_with("{id}")) return core::ParseKindPlural(route.segments[i]);
  }
  return std::nullopt;
}

std::string Replace(std::string pattern, std::string_view param, std::string_view value) {
  for (std::size_t at = pattern.find(param); at != std::string::npos; at = pattern.find(param, at + value.size())) {
    pattern.replace(at, param.size(), value);
  }
  return pattern;
}

// ---- The world --------------------------------------------------------------

TEST_F(ConfidentialityTest, TheWorldHoldsTenThousandRecordsWithHiddenOnesOfEveryKind) {
  EXPECT_GE(world_->record_count(), 10000u) << "seed " << seed_;
  std::string missing;
  for (const std::string& kind : world_->MissingKinds()) missing += kind + " ";
  EXPECT_EQ(missing, "") << "record kinds with no generator (or no public/hidden records) in canary_world.cc; "
                            "a new kind must be added there";
  core::ListQuery everything;
  everything.limit = 1;
  auto page = store_->List(everything);
  ASSERT_TRUE(page) << page.error().message;
  // The world, plus the readouts the set-up published through the workflow.
  EXPECT_EQ(static_cast<std::size_t>(page->total), world_->record_count() + readouts_.size());
}

// ---- The checker can fail ---------------------------------------------------

TEST_F(ConfidentialityTest, TheCheckerFindsTheCanaryOfAHiddenRecordOnAStaffPage) {
  // A hidden case that was not made public by PromoteHiddenRecords.
  std::string hidden_case;
  for (const std::string& id : world_->ids().at(core::RecordKind::kCase).hidden_ids) {
    if (std::find(promoted_.begin(), promoted_.end(), id) == promoted_.end()) {
      hidden_case = id;
      break;
    }
  }
  web::HttpResponse staff = Get("/cases/" + hidden_case, /*staff=*/true);
  ASSERT_EQ(staff.result_int(), 200) << staff.body().substr(0, 400);
  EXPECT_NE(FindCanary(staff.body()), "") << "a staff page of hidden case " << hidden_case << " shows no canary";
  web::HttpResponse api = Get("/api/v1/cases/" + hidden_case, /*staff=*/true);
  EXPECT_NE(FindCanary(api.body()), "") << api.body().substr(0, 400);
  // The same page for the public: not found, and clean.
  web::HttpResponse pub = Get("/cases/" + hidden_case);
  EXPECT_EQ(pub.result_int(), 404);
  EXPECT_EQ(FindCanary(pub.body()), "");
}

TEST_F(ConfidentialityTest, FindCanaryIgnoresCaseAndNamesTheWholeCanary) {
  struct Row {
    std::string text;
    std::string want;
  };
  const Row rows[] = {
      {"<p>CANARY-case-17-k3v9q2 okapi</p>", "CANARY-case-17-k3v9q2"},
      {"https://example.org/canary-source-url-3-abcdef", "canary-source-url-3-abcdef"},
      {"<mark>Canary</mark>", "Canary"},
      {"a public okapi page", ""},
  };
  for (const Row& row : rows) EXPECT_EQ(FindCanary(row.text), row.want) << row.text;
}

// ---- Every route, without credentials ---------------------------------------

TEST_F(ConfidentialityTest, NoApiGetRouteShowsACanaryToThePublic) {
  LeakReport report(seed_);
  std::size_t routes = 0;
  for (const web::Route& route : app_->router().routes()) {
    if (route.method != verb::get || !route.doc.api) continue;
    ++routes;
    std::vector<std::string> targets;
    if (route.pattern.find('{') == std::string::npos) {
      targets.push_back(route.pattern);
      targets.push_back(route.pattern + "?limit=1000");
      targets.push_back(route.pattern + "?limit=1000&include_deleted=true&visibility=restricted");
    } else {
      std::optional<core::RecordKind> kind = KindOfRoute(route);
      std::vector<std::string> ids = kind ? SampleIds(*kind, 4) : SampleAllKinds(1);
      for (const std::string& id : ids) targets.push_back(Replace(route.pattern, "{id}", id));
    }
    // Every documented query parameter, with a value that could widen the answer.
    for (const std::string& param : route.doc.query_params) {
      if (route.pattern.find('{') != std::string::npos) break;
      const std::string value = param == "q" ? std::string(kCommonWord) : param == "limit" ? "1000" : "restricted";
      targets.push_back(route.pattern + "?" + param + "=" + value);
    }
    for (const std::string& target : targets) CheckGet(report, target);
  }
  EXPECT_GT(routes, 20u);
  EXPECT_GT(report.checked(), 500u);
}

TEST_F(ConfidentialityTest, NoPageShowsACanaryToThePublicInAnyLanguage) {
  LeakReport report(seed_);
  std::vector<std::string> targets;
  for (const web::Route& route : app_->router().routes()) {
    if (route.method != verb::get || route.doc.api) continue;
    if (route.pattern.find('{') == std::string::npos) {
      targets.push_back(route.pattern);
      continue;
    }
    std::optional<core::RecordKind> kind = KindOfRoute(route);
    std::vector<std::string> ids = kind ? SampleIds(*kind, 3) : SampleAllKinds(1);
    for (const std::string& id : ids) targets.push_back(Replace(route.pattern, "{id}", id));
  }
  // The case list with each filter, the dialogue pages with their parameters,
  // error pages (404 and 400) and static assets.
  for (const char* status : {"detained_pretrial", "detained_sentenced", "released", "unknown"}) {
    targets.push_back(std::string("/cases?status=") + status);
  }
  for (const std::string& id : SampleIds(core::RecordKind::kPlace, 2)) targets.push_back("/cases?province=" + id);
  for (const std::string& id : SampleIds(core::RecordKind::kIssue, 2)) targets.push_back("/cases?issue=" + id);
  for (const char* sort : {"name", "detained", "status", "days"}) {
    targets.push_back(std::string("/cases?overdue=1&sort=") + sort);
  }
  targets.push_back("/cases?campaign=" + std::string(kCommonWord));
  const std::string dialogue = FirstPublicDialogue();
  targets.push_back("/dialogues/" + dialogue + "/agencies?from=2001-01-01&to=2030-12-31");
  targets.push_back("/dialogues/" + dialogue + "/agencies?from=not-a-date");
  for (const std::string& id : SampleIds(core::RecordKind::kIssue, 2)) {
    targets.push_back("/dialogues/" + dialogue + "/scorecard?issue=" + id);
  }
  for (const std::string& id : SampleIds(core::RecordKind::kIndicator, 2)) {
    targets.push_back("/indicators/" + id + ".csv");
    targets.push_back("/indicators/" + id + "/observations.csv");
  }
  targets.push_back("/search?q=" + std::string(kCommonWord));
  targets.push_back("/no/such/page");
  for (const std::string& target : targets) {
    const std::string sep = target.find('?') == std::string::npos ? "?" : "&";
    CheckGet(report, target);
    CheckGet(report, target + sep + "lang=zh-Hans");
    CheckGet(report, target + sep + "lang=zh-Hant");
  }
  EXPECT_GT(report.checked(), 300u);
}

TEST_F(ConfidentialityTest, SearchShowsNoCanaryInHitsSnippetsOrFacets) {
  LeakReport report(seed_);
  const std::string q = std::string(kCommonWord);
  // Every hit of the public index, 100 a page, with facets and snippets.
  web::HttpResponse first = Get("/api/v1/search?q=" + q + "&limit=100&facets=1");
  ASSERT_EQ(first.result_int(), 200) << first.body().substr(0, 400);
  auto body = nlohmann::json::parse(first.body());
  const std::int64_t total = body.value("total", 0);
  EXPECT_GT(total, 1000) << "the public should find many public records";
  for (std::int64_t offset = 0; offset < total && offset <= 10000; offset += 100) {
    CheckGet(report, "/api/v1/search?q=" + q + "&limit=100&facets=1&offset=" + std::to_string(offset));
  }
  for (search::Facet facet : search::AllFacets()) {
    CheckGet(report, "/api/v1/search?q=" + q + "&" + std::string(search::FacetName(facet)) + "=x");
  }
  for (core::RecordKind kind : core::AllRecordKinds()) {
    CheckGet(report, "/api/v1/search?q=" + q + "&type=" + std::string(core::KindName(kind)) + "&limit=100");
    CheckGet(report, "/search?q=" + q + "&type=" + std::string(core::KindName(kind)));
  }
  // Words that occur only in hidden text: the answer must be empty.
  for (const char* word : {"CANARY", "canary", "CANARY-case"}) {
    web::HttpResponse res = Get(std::string("/api/v1/search?q=") + word + "&limit=100");
    auto hits = nlohmann::json::parse(res.body()).value("hits", nlohmann::json::array());
    EXPECT_TRUE(hits.empty()) << "seed " << seed_ << ": a public search for " << word << " finds " << hits.dump();
  }
  EXPECT_GT(report.checked(), 40u);
}

TEST_F(ConfidentialityTest, LogsAtTheDefaultLevelShowNoCanary) {
  LeakReport report(seed_);
  // The paths most likely to log a record: not found, bad input, staff reads.
  for (const std::string& id : SampleAllKinds(2)) {
    CheckGet(report, "/api/v1/records/" + id);
    CheckGet(report, "/records/" + id + "/history");
    Get("/api/v1/search?q=" + id, /*staff=*/true);
    report.Check("log after staff search for " + id, TakeLog());
  }
  report.Check("log", TakeLog());
  EXPECT_EQ(spdlog::default_logger()->level(), spdlog::level::info) << "the test must run at the default level";
}

TEST_F(ConfidentialityTest, TheHistoryOfARecordMadePublicLaterShowsNoHiddenRevision) {
  ASSERT_GT(promoted_.size(), 5u) << "seed " << seed_ << ": too few hidden records could be made public";
  LeakReport report(seed_);
  for (const std::string& id : promoted_) {
    web::HttpResponse page = Get("/records/" + id + "/history");
    EXPECT_EQ(page.result_int(), 200) << id;
    CheckGet(report, "/records/" + id + "/history");
    CheckGet(report, "/records/" + id + "/history?lang=zh-Hant");
    CheckGet(report, "/api/v1/" + std::string(core::KindPlural(*core::KindOfId(id))) + "/" + id + "/history");
    CheckGet(report, "/api/v1/" + std::string(core::KindPlural(*core::KindOfId(id))) + "/" + id);
  }
}

// ---- Issue 6 outputs --------------------------------------------------------

#ifdef READOUT_CANARY_HAVE_READOUTS
TEST_F(ConfidentialityTest, PublishedReadoutsShowNoCanaryInAnyFormat) {
  std::string problems;
  for (const std::string& p : setup_problems_) problems += p + "\n";
  EXPECT_EQ(problems, "");
  ASSERT_GE(readouts_.size(), 2u) << "seed " << seed_ << ": no readout could be published";
  LeakReport report(seed_);
  publish::PublicRecords pub(*records_);
  for (const std::string& id : readouts_) {
    auto published = publish::LoadPublishedReadout(pub, id);
    ASSERT_TRUE(published) << id << ": " << published.error().message;
    report.Check("readout JSON of " + id, publish::RenderReadoutJson(*published).dump());
    for (publish::Lang lang : {publish::Lang::kEn, publish::Lang::kZhHans}) {
      const std::string l(publish::LangCode(lang));
      report.Check("readout Markdown " + l + " of " + id, publish::RenderReadoutMarkdown(*published, lang, *catalogs_));
      report.Check("readout CSV " + l + " of " + id, publish::RenderReadoutCsv(*published, lang, *catalogs_));
#ifdef READOUT_CANARY_HAVE_PDF
      auto pdf = publish::RenderReadoutPdf(*published, lang, *catalogs_);
      ASSERT_TRUE(pdf) << pdf.error().message;
      const std::string text = PdfText(*pdf);
      EXPECT_NE(text.find("okapi"), std::string::npos) << "pdftotext read nothing of the PDF of " << id;
      report.Check("readout PDF " + l + " of " + id, text);
#endif
    }
    // Every route that takes a readout id, pages and API, in every language.
    for (const web::Route& route : app_->router().routes()) {
      if (route.method != verb::get || route.pattern.find("readout") == std::string::npos ||
          route.pattern.find("{id}") == std::string::npos || route.pattern.starts_with("/dialogues/")) {
        continue;
      }
      const std::string target = Replace(route.pattern, "{id}", id);
      CheckGet(report, target);
      CheckGet(report, target + "?lang=zh-Hans");
      CheckGet(report, target + "?lang=zh-Hant");
    }
  }
  for (const char* target : {"/readouts", "/api/v1/readouts?limit=1000", "/feeds/readouts.atom"}) {
    CheckGet(report, target);
  }
}
#endif

#ifdef READOUT_CANARY_HAVE_FEEDS
TEST_F(ConfidentialityTest, FeedsShowNoCanary) {
  LeakReport report(seed_);
  publish::PublicRecords pub(*records_);
  std::vector<std::string> dialogues = {"", FirstPublicDialogue()};
  for (const std::string& id : SampleIds(core::RecordKind::kDialogue, 2)) dialogues.push_back(id);
  for (publish::Lang lang : {publish::Lang::kEn, publish::Lang::kZhHans}) {
    for (const std::string& dialogue : dialogues) {
      publish::FeedOptions options;
      options.lang = lang;
      options.base_url = "https://readout.example.org";
      options.self_path = "/feeds/readouts.atom";
      options.max_entries = 1000;
      const std::string what = " feed (" + std::string(publish::LangCode(lang)) + ", dialogue '" + dialogue + "')";
      if (auto feed = publish::RenderReadoutsFeed(pub, dialogue, options, *catalogs_)) {
        report.Check("readouts" + what, *feed);
      }
      if (auto feed = publish::RenderCaseUpdatesFeed(pub, dialogue, options, *catalogs_)) {
        report.Check("case updates" + what, *feed);
      }
    }
  }
  EXPECT_GE(report.checked(), 4u);
}
#endif

#ifdef READOUT_CANARY_HAVE_STATIC_SITE
TEST_F(ConfidentialityTest, TheStaticSiteShowsNoCanaryInAnyFile) {
  publish::StaticSiteOptions options;
  options.out_dir = dir_ / "site";
  options.pdf = true;
  options.threads = 2;
  auto published = publish::PublishStaticSite(*records_, *site_, *catalogs_, options);
  ASSERT_TRUE(published) << published.error().message;
  LeakReport report(seed_);
  std::size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(options.out_dir)) {
    if (!entry.is_regular_file()) continue;
    ++files;
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string name = "static site " + fs::relative(entry.path(), options.out_dir).string();
    report.Check(name, bytes);
    if (entry.path().extension() == ".pdf") report.Check(name + " PDF text", PdfText(bytes));
  }
  EXPECT_GE(files, published->files);  // every file produced, and any the publisher keeps beside them
  EXPECT_GT(published->pages, 100u);
}
#endif

}  // namespace
}  // namespace readout::confidentiality
