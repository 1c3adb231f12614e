#include "canary_world.h"

#include <algorithm>
#include <array>
#include <set>
#include <utility>

#include "core/entity_codec.h"

namespace readout::confidentiality {

namespace {

using core::RecordKind;

constexpr std::array<std::string_view, 16> kWords = {
    "river", "lantern", "harbour", "meadow", "copper", "willow", "summit", "orchard",
    "granite", "ferry", "pepper", "violet", "falcon", "marble", "canyon", "cedar",
};

// RFC 3339 with milliseconds, as the store writes created_at.
constexpr char kCreatedAt[] = "2026-01-01T00:00:00.000Z";

}  // namespace

CanaryWorld::CanaryWorld(std::uint64_t seed, WorldSize size) : seed_(seed), size_(size), rng_(seed) {}

int CanaryWorld::Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }

bool CanaryWorld::Chance(double p) { return std::bernoulli_distribution(p)(rng_); }

std::string CanaryWorld::Hex(int digits) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < digits; ++i) out += kHex[Uniform(0, 15)];
  return out;
}

std::string CanaryWorld::Canary(std::string_view what) {
  static constexpr char kAlnum[] = "abcdefghijkmnpqrstuvwxyz23456789";
  std::string out = "CANARY-";
  out += what;
  out += '-';
  out += std::to_string(++counter_);
  out += '-';
  for (int i = 0; i < 6; ++i) out += kAlnum[Uniform(0, 31)];
  out += ' ';
  out += kCommonWord;
  return out;
}

std::string CanaryWorld::Words() {
  std::string out;
  const int n = Uniform(2, 5);
  for (int i = 0; i < n; ++i) {
    out += kWords[static_cast<std::size_t>(Uniform(0, static_cast<int>(kWords.size()) - 1))];
    out += ' ';
  }
  out += kCommonWord;
  return out;
}

CanaryWorld::json CanaryWorld::Text(bool hidden, std::string_view what) {
  if (hidden) return {{"en", Canary(what)}, {"zh_hans", Canary(what)}};
  return {{"en", Words()}, {"zh_hans", "公开文字 " + Words()}};
}

CanaryWorld::json CanaryWorld::Guarded(std::string_view what) {
  return {{"text", Canary(what)}, {"visibility", Chance(0.5) ? "internal" : "restricted"}};
}

CanaryWorld::json CanaryWorld::InlineSources(bool hidden, std::string_view what) {
  if (!hidden) return json::array({{{"title", Words()}, {"url", "https://example.org/public/" + Hex(8)}}});
  return json::array({{{"title", Canary(what)}, {"url", "https://example.org/" + Canary(what).substr(0, 30)},
                       {"note", Canary(what)}}});
}

std::string CanaryWorld::RandomVisibility() {
  const int r = Uniform(0, 9);
  if (r < 6) return "public";
  return r < 8 ? "internal" : "restricted";
}

std::string CanaryWorld::Date() {
  auto two = [](int n) { return (n < 10 ? "0" : "") + std::to_string(n); };
  return std::to_string(Uniform(2005, 2024)) + "-" + two(Uniform(1, 12)) + "-" + two(Uniform(1, 28));
}

std::string CanaryWorld::AnyId(RecordKind kind) {
  const KindIds& k = ids_[kind];
  if (k.public_ids.empty() && k.hidden_ids.empty()) return "";
  // Half the references point at a hidden record: that is what a leak follows.
  if (!k.hidden_ids.empty() && (k.public_ids.empty() || Chance(0.5))) return Pick(k.hidden_ids);
  return Pick(k.public_ids);
}

std::vector<std::string> CanaryWorld::SomeIds(RecordKind kind, int max) {
  std::set<std::string> out;
  const int n = Uniform(0, max);
  for (int i = 0; i < n; ++i) {
    std::string id = AnyId(kind);
    if (!id.empty()) out.insert(std::move(id));
  }
  return {out.begin(), out.end()};
}

void CanaryWorld::Add(RecordKind kind, json body) {
  std::string id = core::NewId(kind);
  auto draft = core::MakeDraft(kind, body, id);
  if (!draft) {
    std::string message = std::string(core::KindName(kind)) + " body refused: " + draft.error().message;
    for (const core::FieldError& e : draft.error().fields) message += "; " + e.field + ": " + e.problem;
    errors_.push_back(std::move(message));
    return;
  }
  core::StoredRecord record;
  record.header.id = id;
  record.header.kind = kind;
  record.header.revision = 1;
  record.header.visibility = draft->visibility;
  record.header.parent_id = draft->parent_id;
  record.header.created_at = kCreatedAt;
  record.header.updated_at = kCreatedAt;
  record.body = std::move(draft->body);
  KindIds& k = ids_[kind];
  (draft->visibility == core::Visibility::kPublic ? k.public_ids : k.hidden_ids).push_back(id);
  pending_.records.push_back(std::move(record));
  pending_refs_.push_back(std::move(draft->references));
}

core::Status CanaryWorld::Flush(core::Store& store, RecordKind kind) {
  if (!errors_.empty()) {
    std::string all;
    for (const std::string& e : errors_) all += e + "\n";
    errors_.clear();
    return core::Fail(core::Error::Internal("seed " + std::to_string(seed_) + ": " + all));
  }
  core::Status written = store.ImportCreated(pending_, pending_refs_, core::Actor{"canary"});
  record_count_ += pending_.records.size();
  pending_ = {};
  pending_refs_.clear();
  if (!written) {
    return core::Fail(core::Error::Internal("seed " + std::to_string(seed_) + ": importing " +
                                            std::string(core::KindName(kind)) + ": " + written.error().message));
  }
  return {};
}

std::vector<std::string> CanaryWorld::MissingKinds() const {
  std::vector<std::string> missing;
  for (RecordKind kind : core::AllRecordKinds()) {
    auto it = ids_.find(kind);
    // Every kind has hidden records; published readouts (public) are made by
    // the test through the workflow, every other kind has public ones here.
    const bool needs_public = core::KindName(kind) != "readout";
    if (it == ids_.end() || it->second.hidden_ids.empty() || (needs_public && it->second.public_ids.empty())) {
      missing.emplace_back(core::KindName(kind));
    }
  }
  return missing;
}

// ---- One generator per kind -------------------------------------------------

void CanaryWorld::MakeDialogues() {
  for (int i = 0; i < size_.dialogues; ++i) {
    const std::string v = i < 2 ? (i == 0 ? "public" : "restricted") : RandomVisibility();
    const bool h = v != "public";
    Add(RecordKind::kDialogue, {{"visibility", v},
                                {"name", Text(h, "dialogue")},
                                {"party_a", {{"name", Text(h, "dialogue")}}},
                                {"party_b", {{"name", Text(h, "dialogue")}}},
                                {"first_held", "2001"},
                                {"summary", Text(h, "dialogue")},
                                {"round_interval_months", 12},
                                {"sources", InlineSources(h, "dialogue")}});
  }
}

void CanaryWorld::MakeIssues(int from, int to) {
  for (int i = from; i < to; ++i) {
    const std::string v = RandomVisibility();
    const bool h = v != "public";
    json body = {{"visibility", v}, {"name", Text(h, "issue")}, {"description", Text(h, "issue")}};
    if (from > 0) body["parent_id"] = AnyId(RecordKind::kIssue);
    Add(RecordKind::kIssue, std::move(body));
  }
}

void CanaryWorld::MakePlaces(int from, int to) {
  for (int i = from; i < to; ++i) {
    const std::string v = RandomVisibility();
    const bool h = v != "public";
    json body = {{"visibility", v}, {"name", Text(h, "place")}};
    if (from == 0) {
      body["level"] = "province";
    } else {
      body["level"] = "facility";
      body["facility_type"] = Chance(0.5) ? "detention_centre" : "black_jail";
      body["parent_id"] = AnyId(RecordKind::kPlace);
      body["other_names"] = json::array({{{"text", Str(h, "place")}, {"script", "Latn"}}});
    }
    Add(RecordKind::kPlace, std::move(body));
  }
}

void CanaryWorld::MakeSources() {
  for (int i = 0; i < size_.sources; ++i) {
    const std::string v = RandomVisibility();
    const bool h = v != "public";
    // A protected source's identity is secret even on a public source.
    const bool protect = Chance(0.4);
    Add(RecordKind::kSource,
        {{"visibility", v},
         {"type", Chance(0.5) ? "family_account" : "ngo_report"},
         {"title", Text(h, "source")},
         {"author", Str(h || protect, "source-author")},
         {"url", (h || protect) ? "https://example.org/" + Canary("source-url").substr(0, 32)
                                : "https://example.org/public/" + Hex(10)},
         {"date", Date()},
         {"language", "en"},
         {"reliability", "medium"},
         {"protect_identity", protect}});
  }
}

void CanaryWorld::MakeAgencies() {
  for (int i = 0; i < size_.agencies; ++i) {
    const std::string v = RandomVisibility();
    const bool h = v != "public";
    Add(RecordKind::kAgency, {{"visibility", v},
                              {"name", Text(h, "agency")},
                              {"abbreviation", h ? Canary("agency").substr(0, 24) : "AG" + std::to_string(i)},
                              {"side", "a"},
                              {"areas", json::array({"foreign_affairs", "human_rights"})},
                              {"sources", InlineSources(h, "agency")}});
  }
}

void CanaryWorld::MakeRounds() {
  for (const std::vector<std::string>* list : {&ids_[RecordKind::kDialogue].public_ids,
                                                &ids_[RecordKind::kDialogue].hidden_ids}) {
    for (const std::string& dialogue : *list) {
      for (int i = 0; i < size_.rounds_per_dialogue; ++i) {
        const std::string v = RandomVisibility();
        const bool h = v != "public";
        const int year = 2008 + i * 2;
        json delegation = json::array();
        for (int d = 0; d < 3; ++d) {
          delegation.push_back({{"name", Text(h, "delegate")},
                                {"title", Text(h, "delegate")},
                                {"agency", Text(h, "delegate")},
                                {"side", d == 0 ? "a" : "b"},
                                {"lead", d < 2}});
        }
        Add(RecordKind::kRound,
            {{"visibility", v},
             {"dialogue_id", dialogue},
             {"number", i + 1},
             {"title", Text(h, "round")},
             {"dates", std::to_string(year) + "-07-30/" + std::to_string(year) + "-07-31"},
             {"place", Text(h, "round")},
             {"delegation", delegation},
             {"summary", Text(h, "round")},
             {"outcomes", json::array({Text(h, "round")})},
             {"next_round_agreed", std::to_string(year + 1)},
             {"public_account",
              {{"level", "brief"}, {"date", std::to_string(year) + "-08"}, {"note", Text(h, "round")}}},
             {"sources", InlineSources(h, "round")}});
        const std::string& id = pending_.records.back().header.id;
        rounds_of_dialogue_[dialogue].push_back(id);
      }
    }
  }
}

void CanaryWorld::MakePeople() {
  for (int i = 0; i < size_.people; ++i) {
    const std::string v = RandomVisibility();
    const bool h = v != "public";
    json names = json::array({{{"text", h ? Canary("person-name") : "Wen " + Words()},
                               {"script", "Latn"},
                               {"scheme", "pinyin"},
                               {"kind", "legal"},
                               {"primary", true}},
                              {{"text", h ? Canary("person-name") : "公开 " + Words()},
                               {"script", "Hans"},
                               {"kind", "alias"},
                               {"primary", false}}});
    json body = {{"visibility", v},
                 {"names", names},
                 {"sex", "female"},
                 {"birth_date", "1970"},
                 {"ethnicity", Text(h, "person")},
                 {"religion", Text(h, "person")},
                 {"occupation", Text(h, "person")},
                 {"affiliations", json::array({{{"organisation", Text(h, "person")}, {"role", Text(h, "person")}}})},
                 {"biography", Text(h, "person")},
                 {"source_ids", SomeIds(RecordKind::kSource, 2)},
                 {"sources", InlineSources(h, "person")}};
    // Consent is a plain field: only a hidden person's consent carries a canary.
    body["consent"] = {{"given", "yes"}, {"given_by", h ? Canary("person-consent") : "the person"}};
    if (Chance(0.8)) body["risk_notes"] = Guarded("person-risk");
    Add(RecordKind::kPerson, std::move(body));
  }
}

void CanaryWorld::MakeCases() {
  for (int i = 0; i < size_.cases; ++i) {
    const std::string v = RandomVisibility();
    const bool h = v != "public";
    json body = {{"visibility", v},
                 {"person_id", AnyId(RecordKind::kPerson)},
                 {"title", Text(h, "case")},
                 {"issue_ids", SomeIds(RecordKind::kIssue, 2)},
                 {"campaign", Text(h, "case-campaign")},
                 {"summary", Text(h, "case")},
                 {"charges", json::array({{{"article", "291"},
                                           {"name_zh", Str(h, "case-charge")},
                                           {"name_en", Str(h, "case-charge")},
                                           {"stage", "conviction"}}})},
                 {"sentences", json::array({{{"court", Text(h, "case-court")},
                                             {"date", "2014-01-26"},
                                             {"term", {{"kind", "fixed"}, {"years", 4}}},
                                             {"appeal_outcome", Text(h, "case-appeal")}}})},
                 {"source_ids", SomeIds(RecordKind::kSource, 2)},
                 {"sources", InlineSources(h, "case")}};
    if (Chance(0.8)) body["family_contact"] = Guarded("case-family");
    if (Chance(0.8)) body["notes"] = Guarded("case-notes");
    Add(RecordKind::kCase, std::move(body));
  }
}

void CanaryWorld::MakeLegalEvents() {
  static constexpr std::array<std::string_view, 5> kTypes = {"criminal_detention", "arrest_approved", "indictment",
                                                             "trial", "verdict"};
  for (int i = 0; i < size_.legal_events; ++i) {
    const std::string v = RandomVisibility();
    const bool h = v != "public";
    Add(RecordKind::kLegalEvent, {{"visibility", v},
                                  {"case_id", AnyId(RecordKind::kCase)},
                                  {"type", kTypes[static_cast<std::size_t>(Uniform(0, 4))]},
                                  {"date", Date()},
                                  {"sequence", Uniform(0, 3)},
                                  {"place_id", AnyId(RecordKind::kPlace)},
                                  {"authority", Text(h, "legal-event")},
                                  {"legal_basis", Text(h, "legal-event")},
                                  {"description", Text(h, "legal-event")},
                                  {"source_ids", SomeIds(RecordKind::kSource, 1)},
                                  {"sources", InlineSources(h, "legal-event")}});
  }
}

void CanaryWorld::MakeGroupEvents() {
  for (int i = 0; i < size_.group_events; ++i) {
    const std::string v = RandomVisibility();
    const bool h = v != "public";
    Add(RecordKind::kGroupEvent,
        {{"visibility", v},
         {"type", "protest"},
         {"title", Text(h, "group-event")},
         {"date", Date()},
         {"place_id", AnyId(RecordKind::kPlace)},
         {"participants", {{"low", Uniform(1, 100)}, {"qualifier", "at_least"}}},
         {"issue_ids", SomeIds(RecordKind::kIssue, 2)},
         {"people", json::array({{{"person_id", AnyId(RecordKind::kPerson)},
                                  {"role", Text(h, "group-event")},
                                  {"outcome", Text(h, "group-event")}}})},
         {"summary", Text(h, "group-event")},
         {"source_ids", SomeIds(RecordKind::kSource, 1)},
         {"sources", InlineSources(h, "group-event")}});
  }
}

void CanaryWorld::MakeEvidence() {
  for (int i = 0; i < size_.evidence_files; ++i) {
    // Evidence is restricted unless published; some are published here.
    const std::string v = Chance(0.3) ? "public" : RandomVisibility();
    const bool h = v != "public";
    Add(RecordKind::kEvidenceFile, {{"visibility", v},
                                    {"source_id", AnyId(RecordKind::kSource)},
                                    {"filename", h ? Canary("evidence").substr(0, 28) + ".pdf" : "public.pdf"},
                                    {"media_type", "application/pdf"},
                                    {"size", Uniform(1, 100000)},
                                    {"sha256", Hex(64)},
                                    {"description", Text(h, "evidence")}});
  }
}

void CanaryWorld::MakeCustody() {
  for (int i = 0; i < size_.custody_events; ++i) {
    const std::string v = Chance(0.3) ? "public" : RandomVisibility();
    const bool h = v != "public";
    Add(RecordKind::kCustodyEvent, {{"visibility", v},
                                    {"evidence_file_id", AnyId(RecordKind::kEvidenceFile)},
                                    {"action", "received"},
                                    {"at", "2020-01-0" + std::to_string(Uniform(1, 9)) + "T08:00:00Z"},
                                    {"actor", Str(h, "custody")},
                                    {"note", Text(h, "custody")}});
  }
}

void CanaryWorld::MakeBenchmarks() {
  std::vector<std::string> dialogues = ids_[RecordKind::kDialogue].public_ids;
  for (const std::string& d : ids_[RecordKind::kDialogue].hidden_ids) dialogues.push_back(d);
  for (int i = 0; i < size_.benchmarks; ++i) {
    const std::string v = RandomVisibility();
    const bool h = v != "public";
    // Most benchmarks sit in the first (public) dialogue, so its scorecard is full.
    const std::string& dialogue = Chance(0.5) ? dialogues.front() : Pick(dialogues);
    Add(RecordKind::kBenchmark, {{"visibility", v},
                                 {"dialogue_id", dialogue},
                                 {"issue_id", AnyId(RecordKind::kIssue)},
                                 {"statement", Text(h, "benchmark")},
                                 {"criterion", Text(h, "benchmark")},
                                 {"baseline", Text(h, "benchmark")},
                                 {"baseline_date", "2008"},
                                 {"target", Text(h, "benchmark")},
                                 {"deadline", "2015"},
                                 {"introduced_round_id", Pick(rounds_of_dialogue_[dialogue])},
                                 {"case_ids", SomeIds(RecordKind::kCase, 3)},
                                 {"source_ids", SomeIds(RecordKind::kSource, 2)},
                                 {"position", i},
                                 {"sources", InlineSources(h, "benchmark")}});
    dialogue_of_benchmark_[pending_.records.back().header.id] = dialogue;
  }
}

void CanaryWorld::MakeAssessments() {
  static constexpr std::array<std::string_view, 5> kRatings = {"met", "substantial_progress", "limited_progress",
                                                               "no_progress", "regressed"};
  for (int i = 0; i < size_.assessments; ++i) {
    // A draft is stored internal whatever it asks for: all canaries.
    const bool draft = Chance(0.4);
    const std::string v = draft ? "public" : RandomVisibility();
    const bool h = draft || v != "public";
    const std::string benchmark = AnyId(RecordKind::kBenchmark);
    json body = {{"visibility", v},
                 {"benchmark_id", benchmark},
                 {"round_id", Pick(rounds_of_dialogue_[dialogue_of_benchmark_[benchmark]])},
                 {"rating", kRatings[static_cast<std::size_t>(Uniform(0, 4))]},
                 {"rationale", Text(h, "assessment")},
                 {"source_ids", SomeIds(RecordKind::kSource, 2)},
                 {"assessor", Str(h, "assessment-assessor")},
                 {"state", draft ? "draft" : "approved"},
                 {"sources", InlineSources(h, "assessment")}};
    if (!draft) {
      // Random words can repeat, and approval needs a reviewer other than the assessor.
      std::string reviewer = Str(h, "assessment-reviewer");
      if (reviewer == body["assessor"]) reviewer += " (reviewer)";
      body["reviewer"] = reviewer;
    }
    Add(RecordKind::kAssessment, std::move(body));
  }
}

void CanaryWorld::MakeCommitments() {
  for (int i = 0; i < size_.commitments; ++i) {
    const std::string v = RandomVisibility();
    const bool h = v != "public";
    const std::string dialogue = AnyId(RecordKind::kDialogue);
    Add(RecordKind::kCommitment, {{"visibility", v},
                                  {"dialogue_id", dialogue},
                                  {"text", Text(h, "commitment")},
                                  {"date", Date()},
                                  {"made_by", Text(h, "commitment")},
                                  {"round_id", Pick(rounds_of_dialogue_[dialogue])},
                                  {"benchmark_ids", SomeIds(RecordKind::kBenchmark, 2)},
                                  {"source_ids", SomeIds(RecordKind::kSource, 1)},
                                  {"status", "open"},
                                  {"follow_up", Text(h, "commitment")},
                                  {"sources", InlineSources(h, "commitment")}});
  }
}

void CanaryWorld::MakeEngagements() {
  for (int i = 0; i < size_.engagements; ++i) {
    const std::string v = RandomVisibility();
    const bool h = v != "public";
    const bool media = Chance(0.3);
    json body = {{"visibility", v},
                 {"dialogue_id", Chance(0.5) ? ids_[RecordKind::kDialogue].public_ids.front()
                                             : AnyId(RecordKind::kDialogue)},
                 {"agency_id", AnyId(RecordKind::kAgency)},
                 {"engagement_kind", media ? "media_interview" : "meeting"},
                 {"title", Text(h, "engagement")},
                 {"date", Date()},
                 {"participants", json::array({{{"name", Text(h, "engagement")}, {"side", "a"}}})},
                 {"counterpart", Text(h, "engagement")},
                 {"place", Text(h, "engagement")},
                 {"human_rights_raised", "yes"},
                 {"public_account", {{"level", "none"}, {"note", Text(h, "engagement")}}},
                 {"summary", Text(h, "engagement")},
                 {"sources", InlineSources(h, "engagement")}};
    if (media) body["outlet"] = {{"name", Text(h, "engagement-outlet")}, {"language", "zh-Hans"}};
    Add(RecordKind::kEngagement, std::move(body));
  }
}

void CanaryWorld::MakeAsks() {
  auto one = [&](const char* parent_field, const std::string& parent, int position) {
    const std::string v = RandomVisibility();
    const bool h = v != "public";
    json subject;
    switch (Uniform(0, 2)) {
      case 0:
        subject = {{"kind", "issue"}, {"id", AnyId(RecordKind::kIssue)}};
        break;
      case 1:
        subject = {{"kind", "benchmark"}, {"id", AnyId(RecordKind::kBenchmark)}};
        break;
      default:
        subject = {{"kind", "case"}, {"id", AnyId(RecordKind::kCase)}};
        break;
    }
    Add(RecordKind::kAsk, {{"visibility", v},
                           {parent_field, parent},
                           {"position", position},
                           {"subject", subject},
                           {"raised_by", Text(h, "ask")},
                           {"requests", json::array({"release", "information"})},
                           {"description", Text(h, "ask")},
                           {"sources", InlineSources(h, "ask")}});
  };
  for (const auto& [dialogue, rounds] : rounds_of_dialogue_) {
    for (const std::string& round : rounds) {
      for (int i = 0; i < size_.asks_per_round; ++i) one("round_id", round, i + 1);
    }
  }
  for (const std::vector<std::string>* list : {&ids_[RecordKind::kEngagement].public_ids,
                                                &ids_[RecordKind::kEngagement].hidden_ids}) {
    for (const std::string& engagement : *list) {
      for (int i = 0; i < size_.asks_per_engagement; ++i) one("engagement_id", engagement, i + 1);
    }
  }
}

void CanaryWorld::MakeReplies() {
  std::vector<std::string> asks = ids_[RecordKind::kAsk].public_ids;
  for (const std::string& a : ids_[RecordKind::kAsk].hidden_ids) asks.push_back(a);
  for (const std::string& ask : asks) {
    if (Chance(0.2)) continue;  // some asks get no reply
    const std::string v = RandomVisibility();
    const bool h = v != "public";
    Add(RecordKind::kReply, {{"visibility", v},
                             {"ask_id", ask},
                             {"reply_kind", Chance(0.5) ? "information_provided" : "denied_facts"},
                             {"original_text", Str(h, "reply")},
                             {"original_language", "zh-Hans"},
                             {"translation", Text(h, "reply")},
                             {"date", "2013-07"},
                             {"given_by", Text(h, "reply")},
                             {"sources", InlineSources(h, "reply")}});
  }
}

void CanaryWorld::MakeCaseLists() {
  for (const auto& [dialogue, rounds] : rounds_of_dialogue_) {
    for (const std::string& round : rounds) {
      const std::string v = RandomVisibility();
      const bool h = v != "public";
      Add(RecordKind::kCaseList,
          {{"visibility", v},
           {"round_id", round},
           {"status", "accepted"},
           {"handed_over_by", Text(h, "case-list")},
           {"entries", json::array({{{"name", Text(h, "case-list")},
                                     {"case_id", AnyId(RecordKind::kCase)},
                                     {"note", Text(h, "case-list")}}})},
           {"response", Text(h, "case-list")},
           {"sources", InlineSources(h, "case-list")}});
    }
  }
}

void CanaryWorld::MakeIndicators() {
  for (int i = 0; i < size_.indicators; ++i) {
    const std::string v = RandomVisibility();
    const bool h = v != "public";
    Add(RecordKind::kIndicator,
        {{"visibility", v},
         {"dialogue_id", AnyId(RecordKind::kDialogue)},
         {"issue_id", AnyId(RecordKind::kIssue)},
         {"name", Text(h, "indicator")},
         {"definition", {{"counted", Text(h, "indicator")}, {"since", "2009"}, {"counted_by", Text(h, "indicator")}}},
         {"unit", Text(h, "indicator")},
         {"cumulative", true},
         {"source_ids", SomeIds(RecordKind::kSource, 1)},
         {"sources", InlineSources(h, "indicator")}});
  }
}

void CanaryWorld::MakeObservations() {
  for (int i = 0; i < size_.observations; ++i) {
    const std::string v = RandomVisibility();
    const bool h = v != "public";
    Add(RecordKind::kObservation, {{"visibility", v},
                                   {"indicator_id", AnyId(RecordKind::kIndicator)},
                                   {"date", Date()},
                                   {"value", {{"low", Uniform(0, 500)}, {"qualifier", "exact"}}},
                                   {"source_ids", SomeIds(RecordKind::kSource, 1)},
                                   {"note", Text(h, "observation")},
                                   {"sources", InlineSources(h, "observation")}});
  }
}

void CanaryWorld::MakeReadouts(RecordKind readout_kind) {
  // Unpublished readouts: stored at least internal whatever they ask for,
  // so every field is a canary. Published ones are made by the test through
  // the workflow, where the public content is built from public records.
  for (const auto& [dialogue, rounds] : rounds_of_dialogue_) {
    for (int i = 0; i < size_.readouts_per_dialogue && i < static_cast<int>(rounds.size()); ++i) {
      Add(readout_kind, {{"visibility", "public"},
                         {"subject_id", rounds[static_cast<std::size_t>(i)]},
                         {"state", Chance(0.5) ? "draft" : "in_review"},
                         {"author", Canary("readout-author")},
                         {"editor_note", Text(true, "readout-editor-note")},
                         {"pending_correction_note", Text(true, "readout-correction")},
                         {"sources", InlineSources(true, "readout")}});
    }
  }
}

core::Status CanaryWorld::Write(core::Store& store) {
  auto step = [&](RecordKind kind, auto make) -> core::Status {
    make();
    return Flush(store, kind);
  };
#define CANARY_STEP(kind, call)                                               \
  if (core::Status s = step(kind, [&] { call; }); !s) return s;
  CANARY_STEP(RecordKind::kDialogue, MakeDialogues());
  CANARY_STEP(RecordKind::kIssue, MakeIssues(0, size_.issues / 2));
  CANARY_STEP(RecordKind::kIssue, MakeIssues(size_.issues / 2, size_.issues));
  CANARY_STEP(RecordKind::kPlace, MakePlaces(0, size_.places / 4));
  CANARY_STEP(RecordKind::kPlace, MakePlaces(size_.places / 4, size_.places));
  CANARY_STEP(RecordKind::kSource, MakeSources());
  CANARY_STEP(RecordKind::kAgency, MakeAgencies());
  CANARY_STEP(RecordKind::kRound, MakeRounds());
  CANARY_STEP(RecordKind::kPerson, MakePeople());
  CANARY_STEP(RecordKind::kCase, MakeCases());
  CANARY_STEP(RecordKind::kLegalEvent, MakeLegalEvents());
  CANARY_STEP(RecordKind::kGroupEvent, MakeGroupEvents());
  CANARY_STEP(RecordKind::kEvidenceFile, MakeEvidence());
  CANARY_STEP(RecordKind::kCustodyEvent, MakeCustody());
  CANARY_STEP(RecordKind::kBenchmark, MakeBenchmarks());
  CANARY_STEP(RecordKind::kAssessment, MakeAssessments());
  CANARY_STEP(RecordKind::kCommitment, MakeCommitments());
  CANARY_STEP(RecordKind::kEngagement, MakeEngagements());
  CANARY_STEP(RecordKind::kAsk, MakeAsks());
  CANARY_STEP(RecordKind::kReply, MakeReplies());
  CANARY_STEP(RecordKind::kCaseList, MakeCaseLists());
  CANARY_STEP(RecordKind::kIndicator, MakeIndicators());
  CANARY_STEP(RecordKind::kObservation, MakeObservations());
  // The readout kind (issue 6) is looked up by name, so this file builds
  // before and after it lands.
  if (std::optional<RecordKind> readout = core::ParseKindName("readout")) {
    CANARY_STEP(*readout, MakeReadouts(*readout));
  }
#undef CANARY_STEP
  return {};
}

}  // namespace readout::confidentiality
