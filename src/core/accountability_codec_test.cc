#include "core/accountability_codec.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/entity_codec.h"

namespace readout::core {
namespace {

using nlohmann::json;

// A full, canonical example of every accountability kind: every field set, as Encode writes it.
json FullBenchmark() {
  return json::parse(R"({
    "visibility": "public",
    "sources": [{"title": "Joint statement", "url": "https://www.state.gov/y", "date": "2013-08-02"}],
    "dialogue_id": "dlg_us-china",
    "issue_id": "iss_rtl",
    "statement": {"en": "Re-education through Labor abolished by law", "zh_hans": "依法废除劳动教养"},
    "criterion": {"en": "An NPC Standing Committee decision repeals the RTL regulations."},
    "baseline": {"en": "About 160,000 people held in 350 camps."},
    "baseline_date": "2012-12",
    "target": {"en": "All camps closed, detainees released."},
    "deadline": "2014-12-31",
    "introduced_round_id": "rnd_2012-washington",
    "case_ids": ["cas_tang-hui-2012"],
    "source_ids": ["src_hrw-2013"],
    "position": 1
  })");
}

json FullAssessment() {
  return json::parse(R"({
    "visibility": "public",
    "benchmark_id": "bmk_rtl-abolished",
    "round_id": "rnd_2015-washington",
    "rating": "substantial_progress",
    "rationale": {"en": "Abolished on 28 December 2013; some camps converted to drug rehabilitation centres."},
    "source_ids": ["src_npc-2013"],
    "assessor": "researcher A",
    "reviewer": "editor B",
    "state": "approved"
  })");
}

json FullCommitment() {
  return json::parse(R"({
    "visibility": "public",
    "dialogue_id": "dlg_us-china",
    "text": {"en": "To hold the next round in 2014."},
    "date": "2013-07-31",
    "made_by": {"en": "Ministry of Foreign Affairs"},
    "round_id": "rnd_2013-kunming",
    "engagement_id": "eng_kerry-2013-04",
    "benchmark_ids": ["bmk_next-round"],
    "source_ids": ["src_state-2013-08-02"],
    "status": "not_fulfilled",
    "closed_date": "2014-12-31",
    "follow_up": {"en": "No round was held in 2014."}
  })");
}

json FullAgency() {
  return json::parse(R"({
    "visibility": "public",
    "name": {"en": "Department of Justice", "zh_hans": "司法部"},
    "abbreviation": "DOJ",
    "side": "a",
    "areas": ["justice", "security"]
  })");
}

json FullEngagement() {
  return json::parse(R"({
    "visibility": "public",
    "dialogue_id": "dlg_us-china",
    "agency_id": "agy_state",
    "engagement_kind": "media_interview",
    "title": {"en": "Secretary's interview with Phoenix TV"},
    "date": "2013-04-13",
    "participants": [{"name": {"en": "John Kerry"}, "title": {"en": "Secretary of State"}, "side": "a", "lead": true}],
    "counterpart": {"en": "Phoenix TV"},
    "place": {"en": "Beijing"},
    "outlet": {"name": {"en": "Phoenix TV", "zh_hans": "凤凰卫视"}, "language": "zh-Hans"},
    "human_rights_raised": "no",
    "public_account": {"level": "brief", "url": "https://www.state.gov/z", "date": "2013-04-14",
                       "note": {"en": "transcript"}},
    "summary": {"en": "Human rights were not mentioned."}
  })");
}

json FullIndicator() {
  return json::parse(R"j({
    "visibility": "public",
    "dialogue_id": "dlg_us-china",
    "issue_id": "iss_tibet",
    "name": {"en": "Tibetan self-immolations since 2009 (cumulative)"},
    "definition": {"counted": {"en": "Tibetans who set themselves on fire in protest"}, "since": "2009-02",
                   "counted_by": {"en": "International Campaign for Tibet"}},
    "unit": {"en": "people"},
    "cumulative": true,
    "source_ids": ["src_ict"]
  })j");
}

json FullObservation() {
  return json::parse(R"({
    "visibility": "public",
    "indicator_id": "ind_self-immolations",
    "date": "2013-07~",
    "value": {"qualifier": "at_least", "low": 121},
    "source_ids": ["src_ict-2013-07"],
    "note": {"en": "as of late July 2013"}
  })");
}

struct KindExample {
  RecordKind kind;
  json (*full)();
};

const KindExample kExamples[] = {
    {RecordKind::kBenchmark, &FullBenchmark},   {RecordKind::kAssessment, &FullAssessment},
    {RecordKind::kCommitment, &FullCommitment}, {RecordKind::kAgency, &FullAgency},
    {RecordKind::kEngagement, &FullEngagement}, {RecordKind::kIndicator, &FullIndicator},
    {RecordKind::kObservation, &FullObservation},
};

json Full(RecordKind kind) {
  for (const KindExample& ex : kExamples) {
    if (ex.kind == kind) return ex.full();
  }
  ADD_FAILURE() << "no example for " << KindName(kind);
  return json::object();
}

// Decode then Encode, through the typed functions.
Result<json> RoundTrip(RecordKind kind, const json& body) {
  auto wrap = [](auto result) -> Result<json> {
    if (!result) return Fail(result.error());
    return Encode(*result);
  };
  switch (kind) {
    case RecordKind::kBenchmark:
      return wrap(DecodeBenchmark(body));
    case RecordKind::kAssessment:
      return wrap(DecodeAssessment(body));
    case RecordKind::kCommitment:
      return wrap(DecodeCommitment(body));
    case RecordKind::kAgency:
      return wrap(DecodeAgency(body));
    case RecordKind::kEngagement:
      return wrap(DecodeEngagement(body));
    case RecordKind::kIndicator:
      return wrap(DecodeIndicator(body));
    case RecordKind::kObservation:
      return wrap(DecodeObservation(body));
    default:
      break;  // the other kinds: entity_codec_test.cc and case_codec_test.cc
  }
  return Fail(Error::Internal("not an accountability kind"));
}

std::string ProblemFor(const Error& error, const std::string& field) {
  for (const FieldError& e : error.fields) {
    if (e.field == field) return e.problem;
  }
  return "";
}

std::string AllProblems(const Error& error) {
  std::string s;
  for (const FieldError& e : error.fields) s += "\n  " + e.field + ": " + e.problem;
  return s;
}

TEST(AccountabilityCodec, FullExamplesRoundTripByteForByte) {
  for (const KindExample& ex : kExamples) {
    const json body = ex.full();
    Result<json> out = RoundTrip(ex.kind, body);
    ASSERT_TRUE(out.has_value()) << KindName(ex.kind) << AllProblems(out.error());
    EXPECT_EQ(*out, body) << KindName(ex.kind) << "\n" << out->dump(2);
    EXPECT_EQ(out->dump(), body.dump()) << KindName(ex.kind);
  }
}

TEST(AccountabilityCodec, MinimalBodiesGetCanonicalDefaultsAndStayStable) {
  struct Case {
    RecordKind kind;
    const char* minimal;
    const char* canonical;
  };
  const Case cases[] = {
      {RecordKind::kBenchmark,
       R"({"dialogue_id": "dlg_a", "issue_id": "iss_a", "statement": {"en": "S"}, "case_ids": [], "criterion": {}})",
       R"({"visibility": "public", "dialogue_id": "dlg_a", "issue_id": "iss_a", "statement": {"en": "S"},
           "position": 0})"},
      {RecordKind::kAssessment, R"({"benchmark_id": "bmk_a", "date": "2014", "assessor": "A"})",
       R"({"visibility": "public", "benchmark_id": "bmk_a", "date": "2014", "rating": "not_assessed",
           "assessor": "A", "state": "draft"})"},
      {RecordKind::kCommitment, R"({"dialogue_id": "dlg_a", "text": {"en": "T"}, "date": "2013"})",
       R"({"visibility": "public", "dialogue_id": "dlg_a", "text": {"en": "T"}, "date": "2013", "status": "open"})"},
      {RecordKind::kAgency, R"({"name": {"en": "EPA"}, "areas": ["environment"]})",
       R"({"visibility": "public", "name": {"en": "EPA"}, "side": "a", "areas": ["environment"]})"},
      {RecordKind::kEngagement,
       R"({"dialogue_id": "dlg_a", "agency_id": "agy_a", "engagement_kind": "call", "title": {"en": "T"}, "date": "2013-06"})",
       R"({"visibility": "public", "dialogue_id": "dlg_a", "agency_id": "agy_a", "engagement_kind": "call", "title": {"en": "T"},
           "date": "2013-06", "human_rights_raised": "unknown", "public_account": {"level": "none"}})"},
      {RecordKind::kIndicator, R"({"name": {"en": "N"}, "definition": {"counted": {"en": "C"}}})",
       R"({"visibility": "public", "name": {"en": "N"}, "definition": {"counted": {"en": "C"}},
           "cumulative": false})"},
      {RecordKind::kObservation,
       R"({"indicator_id": "ind_a", "date": "2013", "value": {"low": 5}, "sources": [{"title": "ICT"}]})",
       R"({"visibility": "public", "sources": [{"title": "ICT"}], "indicator_id": "ind_a", "date": "2013",
           "value": {"qualifier": "unknown", "low": 5}})"},
  };
  for (const Case& c : cases) {
    Result<json> once = RoundTrip(c.kind, json::parse(c.minimal));
    ASSERT_TRUE(once.has_value()) << KindName(c.kind) << " " << c.minimal << AllProblems(once.error());
    EXPECT_EQ(*once, json::parse(c.canonical)) << KindName(c.kind) << "\n" << once->dump(2);
    Result<json> twice = RoundTrip(c.kind, *once);
    ASSERT_TRUE(twice.has_value()) << KindName(c.kind) << AllProblems(twice.error());
    EXPECT_EQ(twice->dump(), once->dump()) << KindName(c.kind);
  }
}

struct RequiredCase {
  RecordKind kind;
  std::vector<std::string> path;  // keys, or array indexes as digits
  std::string field;              // the field path named in the error
};

void Erase(json& j, const std::vector<std::string>& path) {
  json* at = &j;
  for (std::size_t i = 0; i + 1 < path.size(); ++i) {
    at = at->is_array() ? &(*at)[std::stoul(path[i])] : &(*at)[path[i]];
  }
  at->erase(path.back());
}

TEST(AccountabilityCodec, EveryRequiredFieldIsNamedWhenMissing) {
  const RequiredCase cases[] = {
      {RecordKind::kBenchmark, {"dialogue_id"}, "dialogue_id"},
      {RecordKind::kBenchmark, {"issue_id"}, "issue_id"},
      {RecordKind::kBenchmark, {"statement"}, "statement"},
      {RecordKind::kAssessment, {"benchmark_id"}, "benchmark_id"},
      {RecordKind::kAssessment, {"round_id"}, "round_id"},
      {RecordKind::kAssessment, {"rationale"}, "rationale"},
      {RecordKind::kAssessment, {"assessor"}, "assessor"},
      {RecordKind::kAssessment, {"reviewer"}, "reviewer"},
      {RecordKind::kCommitment, {"dialogue_id"}, "dialogue_id"},
      {RecordKind::kCommitment, {"text"}, "text"},
      {RecordKind::kCommitment, {"date"}, "date"},
      {RecordKind::kCommitment, {"closed_date"}, "closed_date"},
      {RecordKind::kAgency, {"name"}, "name"},
      {RecordKind::kAgency, {"areas"}, "areas"},
      {RecordKind::kEngagement, {"dialogue_id"}, "dialogue_id"},
      {RecordKind::kEngagement, {"agency_id"}, "agency_id"},
      {RecordKind::kEngagement, {"engagement_kind"}, "engagement_kind"},
      {RecordKind::kEngagement, {"title"}, "title"},
      {RecordKind::kEngagement, {"date"}, "date"},
      {RecordKind::kEngagement, {"participants", "0", "name"}, "participants[0].name"},
      {RecordKind::kEngagement, {"participants", "0", "side"}, "participants[0].side"},
      {RecordKind::kEngagement, {"outlet", "name"}, "outlet.name"},
      {RecordKind::kEngagement, {"public_account", "level"}, "public_account.level"},
      {RecordKind::kEngagement, {"public_account", "date"}, "public_account.date"},
      {RecordKind::kIndicator, {"name"}, "name"},
      {RecordKind::kIndicator, {"definition"}, "definition"},
      {RecordKind::kIndicator, {"definition", "counted"}, "definition.counted"},
      {RecordKind::kObservation, {"indicator_id"}, "indicator_id"},
      {RecordKind::kObservation, {"date"}, "date"},
      {RecordKind::kObservation, {"value"}, "value"},
      {RecordKind::kObservation, {"value", "low"}, "value.low"},
      {RecordKind::kObservation, {"source_ids"}, "source_ids"},
  };
  for (const RequiredCase& c : cases) {
    json body = Full(c.kind);
    Erase(body, c.path);
    Result<json> out = RoundTrip(c.kind, body);
    ASSERT_FALSE(out.has_value()) << KindName(c.kind) << " without " << c.field;
    EXPECT_EQ(out.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(ProblemFor(out.error(), c.field).find("required"), std::string::npos)
        << KindName(c.kind) << " without " << c.field << AllProblems(out.error());
  }
}

struct BadCase {
  RecordKind kind;
  const char* patch;    // merged into the full example (JSON merge patch; null removes a field)
  const char* field;
  const char* problem;  // a phrase the problem must contain
};

TEST(AccountabilityCodec, RejectsBadFieldsNamingThePathAndProblem) {
  const BadCase cases[] = {
      // Unknown fields and wrong types.
      {RecordKind::kBenchmark, R"({"colour": "red"})", "colour", "unknown field"},
      {RecordKind::kEngagement, R"({"outlet": {"name": {"en": "X"}, "reach": 5}})", "outlet.reach", "unknown field"},
      {RecordKind::kIndicator, R"({"definition": {"counted": {"en": "C"}, "by": "x"}})", "definition.by",
       "unknown field"},
      {RecordKind::kBenchmark, R"({"statement": "S"})", "statement", "must be an object; got string"},
      {RecordKind::kBenchmark, R"({"position": -1})", "position", "must be 0 or more"},
      {RecordKind::kIndicator, R"({"cumulative": "yes"})", "cumulative", "must be true or false"},
      {RecordKind::kObservation, R"({"value": 121})", "value", "must be an object; got number"},
      // Benchmark ids and dates.
      {RecordKind::kBenchmark, R"({"dialogue_id": "rnd_x"})", "dialogue_id", "must be a dialogue id"},
      {RecordKind::kBenchmark, R"({"issue_id": "dlg_x"})", "issue_id", "must be an issue id"},
      {RecordKind::kBenchmark, R"({"introduced_round_id": "dlg_x"})", "introduced_round_id", "must be a round id"},
      {RecordKind::kBenchmark, R"({"case_ids": ["cas_a", "prs_b"]})", "case_ids[1]", "must be a case id"},
      {RecordKind::kBenchmark, R"({"case_ids": ["cas_a", "cas_a"]})", "case_ids[1]", "twice"},
      {RecordKind::kBenchmark, R"({"source_ids": "src_a"})", "source_ids", "must be an array"},
      {RecordKind::kBenchmark, R"({"deadline": "2014-02-30"})", "deadline", "day 30 does not exist"},
      {RecordKind::kBenchmark, R"({"baseline_date": "last year"})", "baseline_date", "\"last year\""},
      // Assessment rules.
      {RecordKind::kAssessment, R"({"date": "2014-06"})", "round_id", "give a round_id or a date, not both"},
      {RecordKind::kAssessment, R"({"round_id": null})", "round_id", "is required: give a round_id or a date"},
      {RecordKind::kAssessment, R"({"round_id": ""})", "round_id", "is required: give a round_id or a date"},
      {RecordKind::kAssessment, R"({"rating": "good"})", "rating", "got \"good\""},
      {RecordKind::kAssessment, R"({"rating": "no_progress", "rationale": {"en": null, "zh_hant": "無"}})", "rationale",
       "is required for a rating of no_progress"},
      {RecordKind::kAssessment, R"({"state": "published"})", "state", "must be one of draft or approved"},
      {RecordKind::kAssessment, R"({"reviewer": "researcher A"})", "reviewer",
       "must be someone other than the assessor"},
      {RecordKind::kAssessment, R"({"reviewer": ""})", "reviewer", "is required when state is approved"},
      {RecordKind::kAssessment, R"({"assessor": ""})", "assessor", "is required"},
      {RecordKind::kAssessment, R"({"benchmark_id": "iss_rtl"})", "benchmark_id", "must be a benchmark id"},
      {RecordKind::kAssessment, R"({"round_id": "rnd_"})", "round_id", "must be a round id"},
      // Commitment rules.
      {RecordKind::kCommitment, R"({"status": "open"})", "closed_date", "must be left out while status is open"},
      {RecordKind::kCommitment, R"({"status": "kept"})", "status", "got \"kept\""},
      {RecordKind::kCommitment, R"({"closed_date": "2014-13"})", "closed_date", "month 13"},
      {RecordKind::kCommitment, R"({"engagement_id": "rnd_x"})", "engagement_id", "must be an engagement id"},
      {RecordKind::kCommitment, R"({"benchmark_ids": ["bmk_a", "asm_b"]})", "benchmark_ids[1]",
       "must be a benchmark id"},
      // Agency rules.
      {RecordKind::kAgency, R"({"areas": []})", "areas", "is required: at least one of foreign_affairs"},
      {RecordKind::kAgency, R"({"areas": ["trade", "commerce"]})", "areas[1]", "got \"commerce\""},
      {RecordKind::kAgency, R"({"areas": ["trade", "trade"]})", "areas[1]", "lists trade twice"},
      {RecordKind::kAgency, R"({"side": "c"})", "side", "must be one of a or b"},
      // Engagement rules.
      {RecordKind::kEngagement, R"({"engagement_kind": "dinner"})", "engagement_kind", "got \"dinner\""},
      {RecordKind::kEngagement, R"({"agency_id": "dlg_x"})", "agency_id", "must be an agency id"},
      {RecordKind::kEngagement, R"({"outlet": {"language": "Chinese"}})", "outlet.language", "BCP 47"},
      {RecordKind::kEngagement, R"({"outlet": {"language": "zh-"}})", "outlet.language", "BCP 47"},
      {RecordKind::kEngagement, R"({"human_rights_raised": "true"})", "human_rights_raised",
       "must be one of unknown, yes or no"},
      {RecordKind::kEngagement, R"({"human_rights_raised": true})", "human_rights_raised", "must be a string"},
      {RecordKind::kEngagement, R"({"public_account": {"level": "full"}})", "public_account.level", "got \"full\""},
      {RecordKind::kEngagement, R"({"public_account": {"url": "ftp://x.org/a"}})", "public_account.url",
       "must start with http:// or https://"},
      {RecordKind::kEngagement, R"j({"public_account": {"url": "javascript:alert(1)"}})j", "public_account.url",
       "http://"},
      {RecordKind::kEngagement, R"({"public_account": {"level": "none", "note": {"en": "nothing"}}})",
       "public_account.url", "must be left out when level is none"},
      {RecordKind::kEngagement, R"({"public_account": {"level": "none", "url": null}})", "public_account.date",
       "must be left out when level is none"},
      {RecordKind::kEngagement, R"({"public_account": {"date": "2013-02-29"}})", "public_account.date",
       "day 29 does not exist"},
      {RecordKind::kEngagement, R"({"public_account": "none"})", "public_account", "must be an object"},
      // Indicator and observation rules.
      {RecordKind::kIndicator, R"({"dialogue_id": "iss_x"})", "dialogue_id", "must be a dialogue id"},
      {RecordKind::kIndicator, R"({"definition": {"since": "2009-13"}})", "definition.since", "month 13"},
      {RecordKind::kObservation, R"({"indicator_id": "ind_"})", "indicator_id", "must be an indicator id"},
      {RecordKind::kObservation, R"({"value": {"low": 130, "high": 120, "qualifier": "range"}})", "value.high",
       "must not be below low (130)"},
      {RecordKind::kObservation, R"({"value": {"low": 120, "high": 130, "qualifier": "exact"}})", "value.high",
       "must equal low"},
      {RecordKind::kObservation, R"({"value": {"low": 120, "qualifier": "range"}})", "value",
       "a range needs both low and high"},
      {RecordKind::kObservation, R"({"value": {"low": -1}})", "value.low", "must be 0 or more"},
      {RecordKind::kObservation, R"({"value": {"low": 1.5}})", "value.low", "must be a whole number"},
      {RecordKind::kObservation, R"({"value": {"qualifier": "about"}})", "value.qualifier", "got \"about\""},
      {RecordKind::kObservation, R"({"value": {"unit": "people"}})", "value.unit", "unknown field"},
      {RecordKind::kObservation, R"({"source_ids": []})", "source_ids", "at least one source id"},
      {RecordKind::kObservation, R"({"note": {"en": "bell\u0007"}})", "note.en", "control characters"},
  };
  for (const BadCase& c : cases) {
    json body = Full(c.kind);
    body.merge_patch(json::parse(c.patch));
    Result<json> out = RoundTrip(c.kind, body);
    ASSERT_FALSE(out.has_value()) << KindName(c.kind) << " accepted " << c.patch;
    EXPECT_EQ(out.error().code, ErrorCode::kInvalidArgument);
    const std::string problem = ProblemFor(out.error(), c.field);
    EXPECT_NE(problem.find(c.problem), std::string::npos)
        << KindName(c.kind) << " " << c.patch << " expected " << c.field << ": " << c.problem << "; got"
        << AllProblems(out.error());
  }
}

TEST(AccountabilityCodec, AcceptsTheValidVariantsOfEachRule) {
  struct Case {
    RecordKind kind;
    const char* patch;
  };
  const Case cases[] = {
      // An assessment at a date between rounds, not at a round.
      {RecordKind::kAssessment, R"({"round_id": null, "date": "2014-06"})"},
      // A draft needs no reviewer yet; the assessor may review nothing.
      {RecordKind::kAssessment, R"({"state": "draft", "reviewer": null})"},
      {RecordKind::kAssessment, R"({"state": "draft", "reviewer": "researcher A"})"},
      // not_assessed needs no rationale.
      {RecordKind::kAssessment, R"({"rating": "not_assessed", "rationale": null})"},
      // An open commitment has no closed date.
      {RecordKind::kCommitment, R"({"status": "open", "closed_date": null})"},
      {RecordKind::kCommitment, R"({"status": "withdrawn"})"},
      // No public account: nothing else to say but a note.
      {RecordKind::kEngagement,
       R"({"public_account": {"level": "none", "url": null, "date": null, "note": {"en": "no readout"}}})"},
      {RecordKind::kEngagement, R"({"public_account": {"level": "detailed", "url": null}})"},
      {RecordKind::kEngagement, R"({"outlet": {"name": {"en": "CCTV"}, "language": "zh"}})"},
      {RecordKind::kEngagement, R"({"outlet": null, "human_rights_raised": "yes"})"},
      {RecordKind::kIndicator, R"({"dialogue_id": null, "issue_id": null, "definition": {"since": null}})"},
      {RecordKind::kObservation, R"({"value": {"low": 120, "high": 130, "qualifier": "range"}})"},
      {RecordKind::kObservation, R"({"value": {"low": 121, "high": 121, "qualifier": "exact"}})"},
      {RecordKind::kObservation, R"({"value": {"low": 0, "qualifier": "approximately"}})"},
      {RecordKind::kObservation, R"({"source_ids": null, "sources": [{"url": "https://savetibet.org/x"}]})"},
  };
  for (const Case& c : cases) {
    json body = Full(c.kind);
    body.merge_patch(json::parse(c.patch));
    Result<json> once = RoundTrip(c.kind, body);
    ASSERT_TRUE(once.has_value()) << KindName(c.kind) << " " << c.patch << AllProblems(once.error());
    Result<json> twice = RoundTrip(c.kind, *once);
    ASSERT_TRUE(twice.has_value()) << KindName(c.kind) << " " << c.patch << AllProblems(twice.error());
    EXPECT_EQ(twice->dump(), once->dump()) << KindName(c.kind) << " " << c.patch;
  }
}

TEST(AccountabilityCodec, ReportsEveryProblemNotJustTheFirst) {
  json body = FullAssessment();
  body["date"] = "2014-06";  // as well as round_id
  body["rating"] = "great";
  body["reviewer"] = "researcher A";
  body.erase("benchmark_id");
  body["colour"] = "red";
  Result<Assessment> a = DecodeAssessment(body);
  ASSERT_FALSE(a.has_value());
  for (const char* field : {"round_id", "rating", "reviewer", "benchmark_id", "colour"}) {
    EXPECT_NE(ProblemFor(a.error(), field), "") << field << AllProblems(a.error());
  }
}

TEST(AccountabilityCodec, DecodedValuesCarryEveryField) {
  Result<Engagement> e = DecodeEngagement(FullEngagement());
  ASSERT_TRUE(e.has_value()) << AllProblems(e.error());
  EXPECT_EQ(e->kind, EngagementKind::kMediaInterview);
  EXPECT_EQ(e->human_rights_raised, TriState::kNo);
  ASSERT_TRUE(e->outlet.has_value());
  EXPECT_EQ(e->outlet->language, "zh-Hans");
  EXPECT_EQ(e->public_account.level, PublicAccountLevel::kBrief);
  EXPECT_EQ(e->public_account.date->ToString(), "2013-04-14");
  ASSERT_EQ(e->participants.size(), 1u);
  EXPECT_TRUE(e->participants[0].lead);

  Result<Observation> o = DecodeObservation(FullObservation());
  ASSERT_TRUE(o.has_value()) << AllProblems(o.error());
  EXPECT_EQ(o->value.low, 121);
  EXPECT_FALSE(o->value.high.has_value());
  EXPECT_EQ(o->value.qualifier, CountQualifier::kAtLeast);

  Result<Agency> a = DecodeAgency(FullAgency());
  ASSERT_TRUE(a.has_value()) << AllProblems(a.error());
  EXPECT_EQ(a->areas, (std::vector<AgencyArea>{AgencyArea::kJustice, AgencyArea::kSecurity}));
}

// --- MakeDraft: parent and references of each accountability kind.

TEST(MakeDraft, AccountabilityKindsDeriveParentAndReferences) {
  struct Case {
    RecordKind kind;
    std::string parent_id;
    std::vector<Reference> references;
  };
  const Case cases[] = {
      {RecordKind::kBenchmark,
       "dlg_us-china",
       {{"dialogue_id", "dlg_us-china", RecordKind::kDialogue},
        {"issue_id", "iss_rtl", RecordKind::kIssue},
        {"introduced_round_id", "rnd_2012-washington", RecordKind::kRound},
        {"case_ids[0]", "cas_tang-hui-2012", RecordKind::kCase},
        {"source_ids[0]", "src_hrw-2013", RecordKind::kSource}}},
      {RecordKind::kAssessment,
       "bmk_rtl-abolished",
       {{"benchmark_id", "bmk_rtl-abolished", RecordKind::kBenchmark},
        {"round_id", "rnd_2015-washington", RecordKind::kRound},
        {"source_ids[0]", "src_npc-2013", RecordKind::kSource}}},
      {RecordKind::kCommitment,
       "dlg_us-china",
       {{"dialogue_id", "dlg_us-china", RecordKind::kDialogue},
        {"round_id", "rnd_2013-kunming", RecordKind::kRound},
        {"engagement_id", "eng_kerry-2013-04", RecordKind::kEngagement},
        {"benchmark_ids[0]", "bmk_next-round", RecordKind::kBenchmark},
        {"source_ids[0]", "src_state-2013-08-02", RecordKind::kSource}}},
      {RecordKind::kAgency, "", {}},
      {RecordKind::kEngagement,
       "dlg_us-china",
       {{"dialogue_id", "dlg_us-china", RecordKind::kDialogue}, {"agency_id", "agy_state", RecordKind::kAgency}}},
      {RecordKind::kIndicator,
       "dlg_us-china",
       {{"dialogue_id", "dlg_us-china", RecordKind::kDialogue},
        {"issue_id", "iss_tibet", RecordKind::kIssue},
        {"source_ids[0]", "src_ict", RecordKind::kSource}}},
      {RecordKind::kObservation,
       "ind_self-immolations",
       {{"indicator_id", "ind_self-immolations", RecordKind::kIndicator},
        {"source_ids[0]", "src_ict-2013-07", RecordKind::kSource}}},
  };
  ASSERT_EQ(std::size(cases), std::size(kExamples));
  for (const Case& c : cases) {
    const json body = Full(c.kind);
    Result<RecordDraft> d = MakeDraft(c.kind, body);
    ASSERT_TRUE(d.has_value()) << KindName(c.kind) << AllProblems(d.error());
    EXPECT_EQ(d->kind, c.kind);
    EXPECT_EQ(d->body, body) << KindName(c.kind);
    EXPECT_EQ(d->parent_id, c.parent_id) << KindName(c.kind);
    EXPECT_EQ(d->references, c.references) << KindName(c.kind);
    EXPECT_EQ(d->visibility, Visibility::kPublic) << KindName(c.kind);
  }
}

TEST(MakeDraft, AnIndicatorOutsideADialogueHasNoParent) {
  json body = FullIndicator();
  body.erase("dialogue_id");
  Result<RecordDraft> d = MakeDraft(RecordKind::kIndicator, body);
  ASSERT_TRUE(d.has_value()) << AllProblems(d.error());
  EXPECT_EQ(d->parent_id, "");
  EXPECT_EQ(d->references, (std::vector<Reference>{{"issue_id", "iss_tibet", RecordKind::kIssue},
                                                   {"source_ids[0]", "src_ict", RecordKind::kSource}}));
}

TEST(MakeDraft, ADraftAssessmentIsStoredAtLeastInternalWhateverItsBodyAsks) {
  struct Case {
    const char* state;
    const char* visibility;
    Visibility stored;
  };
  const Case cases[] = {
      {"draft", "public", Visibility::kInternal},         {"draft", "internal", Visibility::kInternal},
      {"draft", "restricted", Visibility::kRestricted},   {"approved", "public", Visibility::kPublic},
      {"approved", "internal", Visibility::kInternal},    {"approved", "restricted", Visibility::kRestricted},
  };
  for (const Case& c : cases) {
    json body = FullAssessment();
    body["state"] = c.state;
    body["visibility"] = c.visibility;
    Result<RecordDraft> d = MakeDraft(RecordKind::kAssessment, body);
    ASSERT_TRUE(d.has_value()) << c.state << " " << c.visibility << AllProblems(d.error());
    EXPECT_EQ(d->visibility, c.stored) << c.state << " " << c.visibility;
    // The body keeps what was asked for, to take effect on approval.
    EXPECT_EQ(d->body["visibility"], c.visibility) << c.state;
  }
}

TEST(MakeDraft, AnEngagementsOwnKindIsEngagementKindNotTheRecordKind) {
  json body = FullEngagement();
  body.erase("engagement_kind");
  body["kind"] = "meeting";
  Result<RecordDraft> d = MakeDraft(RecordKind::kEngagement, body);
  ASSERT_FALSE(d.has_value());
  EXPECT_NE(ProblemFor(d.error(), "kind").find("give the engagement's kind as engagement_kind"), std::string::npos)
      << AllProblems(d.error());
  body["kind"] = "engagement";  // the record kind of a GET response: accepted and dropped
  body["engagement_kind"] = "meeting";
  Result<RecordDraft> ok = MakeDraft(RecordKind::kEngagement, body);
  ASSERT_TRUE(ok.has_value()) << AllProblems(ok.error());
  EXPECT_EQ(ok->body["engagement_kind"], "meeting");
  EXPECT_FALSE(ok->body.contains("kind"));
}

TEST(MakeDraft, AccountabilityBodiesAreRejectedUnderAnotherKind) {
  Result<RecordDraft> d = MakeDraft(RecordKind::kCommitment, FullBenchmark());
  ASSERT_FALSE(d.has_value());
  EXPECT_NE(ProblemFor(d.error(), "statement"), "") << AllProblems(d.error());
  EXPECT_NE(ProblemFor(d.error(), "text"), "") << AllProblems(d.error());
}

}  // namespace
}  // namespace readout::core
