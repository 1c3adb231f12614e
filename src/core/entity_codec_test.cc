#include "core/entity_codec.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace readout::core {
namespace {

using nlohmann::json;

// A full, canonical example of every kind: every field set, as Encode writes it.
json FullDialogue() {
  return json::parse(R"({
    "visibility": "public",
    "sources": [{"title": "State Department press release", "url": "https://www.state.gov/x",
                 "date": "2013-08-02", "note": "dates and place"}],
    "name": {"en": "US-China Human Rights Dialogue", "zh_hans": "中美人权对话", "zh_hant": "中美人權對話"},
    "party_a": {"name": {"en": "United States"}},
    "party_b": {"name": {"en": "China", "zh_hans": "中国"}},
    "first_held": "1990?",
    "summary": {"en": "A standing track."}
  })");
}

json FullRound() {
  return json::parse(R"({
    "visibility": "internal",
    "dialogue_id": "dlg_us-china",
    "number": 18,
    "title": {"en": "18th round, Kunming", "zh_hans": "第十八次，昆明"},
    "dates": "2013-07-30/2013-07-31",
    "place": {"en": "Kunming"},
    "delegation": [
      {"name": {"en": "Uzra Zeya"}, "title": {"en": "Acting Assistant Secretary"},
       "agency": {"en": "DRL"}, "side": "a", "lead": true},
      {"name": {"zh_hans": "李军华"}, "side": "b", "lead": false}
    ],
    "summary": {"en": "Talks."},
    "outcomes": [{"en": "Agreed to hold the next round in 2014."}]
  })");
}

json FullIssue() {
  return json::parse(R"({
    "visibility": "public",
    "parent_id": "iss_arbitrary-detention",
    "name": {"en": "Re-education through Labor", "zh_hans": "劳动教养"},
    "description": {"en": "Administrative detention without trial."}
  })");
}

json FullAsk() {
  return json::parse(R"({
    "visibility": "public",
    "round_id": "rnd_2013-kunming",
    "subject": {"kind": "issue", "id": "iss_rtl"},
    "raised_by": {"en": "US delegation"},
    "requests": ["release", "lawyer_access"],
    "description": {"en": "Raised the cases of detained lawyers."},
    "position": 2
  })");
}

json FullReply() {
  return json::parse(R"({
    "visibility": "public",
    "ask_id": "ask_k3v9q2m7x1c4b8zd",
    "reply_kind": "internal_affairs",
    "original_text": "中方坚决反对任何国家以人权为借口干涉中国内政。",
    "original_language": "zh-Hans",
    "translation": {"en": "China firmly opposes interference in its internal affairs."},
    "date": "2013-08-02",
    "given_by": {"en": "Foreign Ministry spokesperson"}
  })");
}

json FullCaseList() {
  return json::parse(R"({
    "visibility": "restricted",
    "round_id": "rnd_2013-kunming",
    "status": "refused",
    "handed_over_by": {"en": "US delegation"},
    "entries": [{"name": {"en": "Xu Zhiyong", "zh_hans": "许志永"}, "note": {"en": "detained July 2013"}}],
    "response": {"en": "Refused to accept the list."}
  })");
}

struct KindExample {
  RecordKind kind;
  json (*full)();
};

const KindExample kExamples[] = {
    {RecordKind::kDialogue, &FullDialogue}, {RecordKind::kRound, &FullRound}, {RecordKind::kIssue, &FullIssue},
    {RecordKind::kAsk, &FullAsk},           {RecordKind::kReply, &FullReply}, {RecordKind::kCaseList, &FullCaseList},
};

// Decode then Encode, through the typed functions.
Result<json> RoundTrip(RecordKind kind, const json& body) {
  auto wrap = [](auto result) -> Result<json> {
    if (!result) return Fail(result.error());
    return Encode(*result);
  };
  switch (kind) {
    case RecordKind::kDialogue:
      return wrap(DecodeDialogue(body));
    case RecordKind::kRound:
      return wrap(DecodeRound(body));
    case RecordKind::kIssue:
      return wrap(DecodeIssue(body));
    case RecordKind::kAsk:
      return wrap(DecodeAsk(body));
    case RecordKind::kReply:
      return wrap(DecodeReply(body));
    case RecordKind::kCaseList:
      return wrap(DecodeCaseList(body));
    case RecordKind::kPerson:
    case RecordKind::kCase:
    case RecordKind::kLegalEvent:
    case RecordKind::kPlace:
    case RecordKind::kSource:
    case RecordKind::kEvidenceFile:
    case RecordKind::kCustodyEvent:
    case RecordKind::kGroupEvent:
      break;  // case documentation: case_codec_test.cc
    case RecordKind::kBenchmark:
    case RecordKind::kAssessment:
    case RecordKind::kCommitment:
    case RecordKind::kAgency:
    case RecordKind::kEngagement:
    case RecordKind::kIndicator:
    case RecordKind::kObservation:
      break;  // accountability: accountability_codec_test.cc
    case RecordKind::kReadout:
      break;  // readout_test.cc
  }
  return Fail(Error::Internal("unreachable"));
}

// The problem reported for `field`, or "" when none.
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

TEST(EntityCodec, FullExamplesRoundTripUnchanged) {
  for (const KindExample& ex : kExamples) {
    const json body = ex.full();
    Result<json> out = RoundTrip(ex.kind, body);
    ASSERT_TRUE(out.has_value()) << KindName(ex.kind) << AllProblems(out.error());
    EXPECT_EQ(*out, body) << KindName(ex.kind) << "\n" << out->dump(2);
    EXPECT_EQ(out->dump(), body.dump()) << KindName(ex.kind);
  }
}

TEST(EntityCodec, EncodeOmitsEmptyValuesAndDefaultsVisibilityToPublic) {
  Result<Issue> issue = DecodeIssue(json::parse(R"({"name": {"en": "Torture", "zh_hans": ""}, "description": {}})"));
  ASSERT_TRUE(issue.has_value()) << AllProblems(issue.error());
  EXPECT_EQ(Encode(*issue), json::parse(R"({"visibility": "public", "name": {"en": "Torture"}})"));
}

TEST(EntityCodec, NullMeansNotGiven) {
  Result<Reply> reply =
      DecodeReply(json::parse(R"({"ask_id": "ask_a", "reply_kind": "no_reply", "date": null, "translation": null})"));
  ASSERT_TRUE(reply.has_value()) << AllProblems(reply.error());
  EXPECT_FALSE(reply->date.has_value());
}

struct RequiredCase {
  RecordKind kind;
  std::vector<std::string> path;  // JSON pointer-ish: keys or array indexes as digits
  std::string field;              // the field path named in the error
};

void Erase(json& j, const std::vector<std::string>& path) {
  json* at = &j;
  for (std::size_t i = 0; i + 1 < path.size(); ++i) {
    at = at->is_array() ? &(*at)[std::stoul(path[i])] : &(*at)[path[i]];
  }
  at->erase(path.back());
}

TEST(EntityCodec, EveryRequiredFieldIsNamedWhenMissing) {
  const RequiredCase cases[] = {
      {RecordKind::kDialogue, {"name"}, "name"},
      {RecordKind::kDialogue, {"party_a"}, "party_a"},
      {RecordKind::kDialogue, {"party_b"}, "party_b"},
      {RecordKind::kDialogue, {"party_a", "name"}, "party_a.name"},
      {RecordKind::kRound, {"dialogue_id"}, "dialogue_id"},
      {RecordKind::kRound, {"title"}, "title"},
      {RecordKind::kRound, {"dates"}, "dates"},
      {RecordKind::kRound, {"delegation", "1", "name"}, "delegation[1].name"},
      {RecordKind::kRound, {"delegation", "0", "side"}, "delegation[0].side"},
      {RecordKind::kIssue, {"name"}, "name"},
      {RecordKind::kAsk, {"round_id"}, "round_id"},
      {RecordKind::kAsk, {"subject"}, "subject"},
      {RecordKind::kAsk, {"subject", "kind"}, "subject.kind"},
      {RecordKind::kAsk, {"subject", "id"}, "subject.id"},
      {RecordKind::kReply, {"ask_id"}, "ask_id"},
      {RecordKind::kReply, {"reply_kind"}, "reply_kind"},
      {RecordKind::kCaseList, {"round_id"}, "round_id"},
      {RecordKind::kCaseList, {"entries", "0", "name"}, "entries[0].name"},
  };
  for (const RequiredCase& c : cases) {
    json body = kExamples[static_cast<int>(c.kind)].full();
    Erase(body, c.path);
    Result<json> out = RoundTrip(c.kind, body);
    ASSERT_FALSE(out.has_value()) << KindName(c.kind) << " without " << c.field;
    EXPECT_EQ(out.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(ProblemFor(out.error(), c.field).find("required"), std::string::npos)
        << KindName(c.kind) << " without " << c.field << AllProblems(out.error());
  }
}

TEST(EntityCodec, RequiredBilingualTextNeedsEnglishOrSimplifiedChinese) {
  const char* names[] = {R"({})", R"({"zh_hant": "中美人權對話"})", R"({"en": ""})"};
  for (const char* name : names) {
    json body = FullDialogue();
    body["name"] = json::parse(name);
    Result<Dialogue> d = DecodeDialogue(body);
    ASSERT_FALSE(d.has_value()) << name;
    EXPECT_NE(ProblemFor(d.error(), "name").find("en or zh_hans"), std::string::npos) << name << AllProblems(d.error());
  }
  json body = FullDialogue();
  body["name"] = json::parse(R"({"zh_hans": "中美人权对话"})");
  EXPECT_TRUE(DecodeDialogue(body).has_value());
}

struct BadCase {
  RecordKind kind;
  const char* patch;  // merged into the full example (JSON merge patch)
  const char* field;
  const char* problem;  // a phrase the problem must contain
};

TEST(EntityCodec, RejectsBadFieldsNamingThePathAndProblem) {
  const BadCase cases[] = {
      // Unknown fields, at every depth.
      {RecordKind::kDialogue, R"({"colour": "red"})", "colour", "unknown field"},
      {RecordKind::kDialogue, R"({"name": {"fr": "Dialogue"}})", "name.fr", "unknown field"},
      {RecordKind::kRound, R"({"delegation": [{"name": {"en": "A"}, "side": "a", "rank": 1}]})", "delegation[0].rank",
       "unknown field"},
      {RecordKind::kDialogue, R"({"sources": [{"title": "t", "author": "x"}]})", "sources[0].author", "unknown field"},
      {RecordKind::kReply, R"({"kind": "reply"})", "kind", "unknown field"},
      // Wrong types.
      {RecordKind::kDialogue, R"({"name": "Dialogue"})", "name", "must be an object; got string"},
      {RecordKind::kDialogue, R"({"name": {"en": 5}})", "name.en", "must be a string; got number"},
      {RecordKind::kRound, R"({"number": "18"})", "number", "must be a whole number; got string"},
      {RecordKind::kRound, R"({"number": 1.5})", "number", "must be a whole number; got number"},
      {RecordKind::kRound, R"({"delegation": {"name": "x"}})", "delegation", "must be an array; got object"},
      {RecordKind::kRound, R"({"delegation": [{"name": {"en": "A"}, "side": "a", "lead": "yes"}]})",
       "delegation[0].lead", "must be true or false; got string"},
      {RecordKind::kRound, R"({"dates": 2013})", "dates", "got number"},
      {RecordKind::kAsk, R"({"requests": "release"})", "requests", "must be an array; got string"},
      {RecordKind::kAsk, R"({"subject": "iss_rtl"})", "subject", "must be an object; got string"},
      {RecordKind::kReply, R"({"ask_id": 7})", "ask_id", "must be a string; got number"},
      {RecordKind::kDialogue, R"({"visibility": true})", "visibility", "must be a string; got boolean"},
      {RecordKind::kDialogue, R"({"sources": [5]})", "sources[0]", "must be an object; got number"},
      // Impossible dates.
      {RecordKind::kRound, R"({"dates": "2013-13-45"})", "dates", "(month 13 does not exist)"},
      {RecordKind::kRound, R"({"dates": "2013-02-29"})", "dates", "day 29 does not exist"},
      {RecordKind::kDialogue, R"({"first_held": "1990-13"})", "first_held", "month 13"},
      {RecordKind::kReply, R"({"date": "yesterday"})", "date", "\"yesterday\""},
      {RecordKind::kDialogue, R"({"sources": [{"title": "t", "date": "2013-02-30"}]})", "sources[0].date",
       "day 30 does not exist"},
      // Vocabulary codes.
      {RecordKind::kDialogue, R"({"visibility": "secret"})", "visibility",
       "must be one of public, internal or restricted; got \"secret\""},
      {RecordKind::kReply, R"({"reply_kind": "refused"})", "reply_kind", "got \"refused\""},
      {RecordKind::kCaseList, R"({"status": "rejected"})", "status", "accepted, refused or unknown"},
      {RecordKind::kRound, R"({"delegation": [{"name": {"en": "A"}, "side": "c"}]})", "delegation[0].side",
       "must be one of a or b"},
      {RecordKind::kAsk, R"({"requests": ["release", "freedom"]})", "requests[1]", "got \"freedom\""},
      {RecordKind::kAsk, R"({"requests": ["release", "release"]})", "requests[1]", "twice"},
      {RecordKind::kAsk, R"({"subject": {"kind": "person", "id": "iss_rtl"}})", "subject.kind", "got \"person\""},
      {RecordKind::kAsk, R"({"subject": {"kind": "benchmark", "id": "iss_x"}})", "subject.id",
       "must be a benchmark id"},
      {RecordKind::kAsk, R"({"engagement_id": "eng_kerry-2013-04"})", "round_id",
       "give a round_id or an engagement_id, not both"},
      {RecordKind::kAsk, R"({"round_id": null, "engagement_id": "rnd_x"})", "engagement_id",
       "must be an engagement id"},
      {RecordKind::kAsk, R"({"round_id": ""})", "round_id", "is required: give a round_id or an engagement_id"},
      {RecordKind::kAsk, R"({"subject": {"kind": "case", "id": "iss_x"}})", "subject.id", "must be a case id"},
      // Ids.
      {RecordKind::kRound, R"({"dialogue_id": "rnd_2013"})", "dialogue_id", "which is a round id"},
      {RecordKind::kRound, R"({"dialogue_id": "US China"})", "dialogue_id", "must be a dialogue id"},
      {RecordKind::kAsk, R"({"subject": {"kind": "issue", "id": "ask_x"}})", "subject.id", "must be an issue id"},
      {RecordKind::kIssue, R"({"parent_id": "iss_"})", "parent_id", "must be an issue id"},
      {RecordKind::kReply, R"({"ask_id": "rnd_2013"})", "ask_id", "must be an ask id"},
      {RecordKind::kCaseList, R"({"round_id": "cls_x"})", "round_id", "must be a round id"},
      {RecordKind::kCaseList, R"({"entries": [{"name": {"en": "A"}, "case_id": "prs_a"}]})", "entries[0].case_id",
       "must be a case id"},
      // Numbers, languages, URLs, sources.
      {RecordKind::kRound, R"({"number": -1})", "number", "must be 0 or more; got -1"},
      {RecordKind::kDialogue, R"({"round_interval_months": -12})", "round_interval_months", "must be 0 or more"},
      {RecordKind::kDialogue, R"({"readout_due_days": -1})", "readout_due_days", "must be 0 or more"},
      {RecordKind::kDialogue, R"({"readout_due_days": "30"})", "readout_due_days", "must be a whole number"},
      {RecordKind::kRound, R"({"next_round_agreed": "2014-13"})", "next_round_agreed", "month 13"},
      {RecordKind::kRound, R"({"public_account": {"level": "brief"}})", "public_account.date",
       "is required when level is brief"},
      {RecordKind::kRound, R"({"public_account": {"level": "none", "url": "https://x.org/a"}})",
       "public_account.url", "must be left out when level is none"},
      {RecordKind::kRound, R"({"public_account": {"level": "detailed", "date": "2013-08-02", "url": "x.org"}})",
       "public_account.url", "must start with http:// or https://"},
      {RecordKind::kAsk, R"({"position": -3})", "position", "must be 0 or more"},
      {RecordKind::kAsk, R"({"position": 4294967296})", "position", "must be at most"},
      {RecordKind::kReply, R"j({"original_language": "Chinese (Simplified)"})j", "original_language", "BCP 47"},
      {RecordKind::kReply, R"({"original_language": "z"})", "original_language", "BCP 47"},
      {RecordKind::kReply, R"({"original_language": "zh-"})", "original_language", "BCP 47"},
      {RecordKind::kDialogue, R"({"sources": [{"url": "ftp://example.org/x"}]})", "sources[0].url",
       "must start with http:// or https://"},
      {RecordKind::kDialogue, R"j({"sources": [{"url": "javascript:alert(1)"}]})j", "sources[0].url", "http://"},
      {RecordKind::kDialogue, R"({"sources": [{"note": "just a note"}]})", "sources[0]", "needs a title or a url"},
      // Text.
      {RecordKind::kDialogue, R"({"summary": {"en": "bell\u0007"}})", "summary.en", "control characters"},
      {RecordKind::kReply, R"({"original_text": "a\r\nb"})", "original_text", "control characters"},
      {RecordKind::kReply, R"({"original_text": "a\u0085b"})", "original_text", "control characters"},
  };
  for (const BadCase& c : cases) {
    json body = kExamples[static_cast<int>(c.kind)].full();
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

TEST(EntityCodec, AcceptsTextWithNewlinesTabsAndChinese) {
  json body = FullReply();
  body["original_text"] = "第一段。\n\t第二段。";
  EXPECT_TRUE(DecodeReply(body).has_value());
}

TEST(EntityCodec, RejectsInvalidUtf8) {
  json body = FullReply();
  body["original_text"] = std::string("bad \xff byte");
  Result<Reply> r = DecodeReply(body);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(ProblemFor(r.error(), "original_text").find("UTF-8"), std::string::npos) << AllProblems(r.error());
  body["original_text"] = std::string("overlong \xc0\xaf");
  EXPECT_FALSE(DecodeReply(body).has_value());
  body["original_text"] = std::string("surrogate \xed\xa0\x80");
  EXPECT_FALSE(DecodeReply(body).has_value());
  body["original_text"] = std::string("cut \xe4\xb8");
  EXPECT_FALSE(DecodeReply(body).has_value());
}

TEST(EntityCodec, EnforcesSizeLimits) {
  json body = FullReply();
  body["original_text"] = std::string(20000, 'a');
  EXPECT_TRUE(DecodeReply(body).has_value());
  body["original_text"] = std::string(20001, 'a');
  Result<Reply> r = DecodeReply(body);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(ProblemFor(r.error(), "original_text").find("at most 20000 bytes"), std::string::npos);

  json round = FullRound();
  round["outcomes"] = json::array();
  for (int i = 0; i < 1001; ++i) round["outcomes"].push_back({{"en", "x"}});
  Result<Round> big = DecodeRound(round);
  ASSERT_FALSE(big.has_value());
  EXPECT_NE(ProblemFor(big.error(), "outcomes").find("at most 1000 items"), std::string::npos);
}

TEST(EntityCodec, ReportsEveryProblemNotJustTheFirst) {
  json body = FullRound();
  body["dates"] = "2013-13-45";
  body["number"] = -1;
  body["colour"] = "red";
  body["delegation"][1]["side"] = "c";
  body.erase("title");
  Result<Round> r = DecodeRound(body);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().fields.size(), 5u) << AllProblems(r.error());
  for (const char* field : {"dates", "number", "colour", "delegation[1].side", "title"}) {
    EXPECT_NE(ProblemFor(r.error(), field), "") << field << AllProblems(r.error());
  }
  EXPECT_NE(r.error().message.find("5 fields are invalid"), std::string::npos) << r.error().message;
}

TEST(EntityCodec, RejectsABodyThatIsNotAnObject) {
  for (const char* text : {"[]", "\"x\"", "null", "3"}) {
    Result<Dialogue> d = DecodeDialogue(json::parse(text));
    ASSERT_FALSE(d.has_value()) << text;
    EXPECT_NE(ProblemFor(d.error(), "body").find("must be an object"), std::string::npos) << text;
  }
}

TEST(MakeDraft, CanonicalisesTheBodyAndDerivesParentAndReferences) {
  struct Case {
    RecordKind kind;
    std::string parent_id;
    std::vector<Reference> references;
  };
  const Case cases[] = {
      {RecordKind::kDialogue, "", {}},
      {RecordKind::kRound, "dlg_us-china", {{"dialogue_id", "dlg_us-china", RecordKind::kDialogue}}},
      {RecordKind::kIssue, "iss_arbitrary-detention", {{"parent_id", "iss_arbitrary-detention", RecordKind::kIssue}}},
      {RecordKind::kAsk,
       "rnd_2013-kunming",
       {{"round_id", "rnd_2013-kunming", RecordKind::kRound}, {"subject.id", "iss_rtl", RecordKind::kIssue}}},
      {RecordKind::kReply, "ask_k3v9q2m7x1c4b8zd", {{"ask_id", "ask_k3v9q2m7x1c4b8zd", RecordKind::kAsk}}},
      {RecordKind::kCaseList, "rnd_2013-kunming", {{"round_id", "rnd_2013-kunming", RecordKind::kRound}}},
  };
  for (const Case& c : cases) {
    const json body = kExamples[static_cast<int>(c.kind)].full();
    Result<RecordDraft> d = MakeDraft(c.kind, body);
    ASSERT_TRUE(d.has_value()) << KindName(c.kind) << AllProblems(d.error());
    EXPECT_EQ(d->kind, c.kind);
    EXPECT_EQ(d->id, "");
    EXPECT_EQ(d->body, body) << KindName(c.kind);
    EXPECT_EQ(d->parent_id, c.parent_id) << KindName(c.kind);
    EXPECT_EQ(d->references, c.references) << KindName(c.kind);
    EXPECT_EQ(d->visibility, *ParseVisibility(body["visibility"].get<std::string>())) << KindName(c.kind);
  }
}

TEST(MakeDraft, AsksAboutCasesAndCaseListEntriesReferenceCaseRecords) {
  json ask = FullAsk();
  ask["subject"] = {{"kind", "case"}, {"id", "cas_xu-zhiyong-2013"}};
  Result<RecordDraft> a = MakeDraft(RecordKind::kAsk, ask);
  ASSERT_TRUE(a.has_value()) << AllProblems(a.error());
  EXPECT_EQ(a->body["subject"], ask["subject"]);
  EXPECT_EQ(a->references, (std::vector<Reference>{{"round_id", "rnd_2013-kunming", RecordKind::kRound},
                                                   {"subject.id", "cas_xu-zhiyong-2013", RecordKind::kCase}}));

  json list = FullCaseList();
  list["entries"][0]["case_id"] = "cas_xu-zhiyong-2013";
  Result<RecordDraft> l = MakeDraft(RecordKind::kCaseList, list);
  ASSERT_TRUE(l.has_value()) << AllProblems(l.error());
  EXPECT_EQ(l->body, list);
  EXPECT_EQ(l->references,
            (std::vector<Reference>{{"round_id", "rnd_2013-kunming", RecordKind::kRound},
                                    {"entries[0].case_id", "cas_xu-zhiyong-2013", RecordKind::kCase}}));
}

TEST(MakeDraft, TopLevelIssueHasNoParentOrReferences) {
  Result<RecordDraft> d = MakeDraft(RecordKind::kIssue, json::parse(R"({"name": {"en": "Torture"}})"));
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->parent_id, "");
  EXPECT_TRUE(d->references.empty());
}

TEST(MakeDraft, DropsTheHeaderFieldsOfAGetResponse) {
  json body = FullRound();
  const json canonical = body;
  body["id"] = "rnd_2013-kunming";
  body["kind"] = "round";
  body["revision"] = 3;
  body["created_at"] = "2026-11-29T08:00:00.000Z";
  body["updated_at"] = "2026-11-29T09:00:00.000Z";
  body["deleted"] = false;
  body["parent_id"] = "dlg_us-china";
  Result<RecordDraft> d = MakeDraft(RecordKind::kRound, body, "rnd_2013-kunming");
  ASSERT_TRUE(d.has_value()) << AllProblems(d.error());
  EXPECT_EQ(d->body, canonical);
  EXPECT_EQ(d->id, "rnd_2013-kunming");
}

TEST(MakeDraft, RejectsAKindThatIsNotTheRecordsKind) {
  json body = FullRound();
  body["kind"] = "dialogue";
  Result<RecordDraft> d = MakeDraft(RecordKind::kRound, body);
  ASSERT_FALSE(d.has_value());
  EXPECT_NE(ProblemFor(d.error(), "kind").find("must be \"round\""), std::string::npos) << AllProblems(d.error());
}

TEST(MakeDraft, RejectsAnIdOfAnotherKindAlongsideBodyProblems) {
  json body = FullRound();
  body.erase("title");
  Result<RecordDraft> d = MakeDraft(RecordKind::kRound, body, "dlg_x");
  ASSERT_FALSE(d.has_value());
  EXPECT_NE(ProblemFor(d.error(), "id"), "");
  EXPECT_NE(ProblemFor(d.error(), "title"), "");
}

TEST(MakeDraft, CanonicalBodyIsStable) {
  json messy = json::parse(R"({"name": {"en": "Torture", "zh_hant": ""}, "sources": [], "description": null})");
  Result<RecordDraft> once = MakeDraft(RecordKind::kIssue, messy);
  ASSERT_TRUE(once.has_value());
  Result<RecordDraft> twice = MakeDraft(RecordKind::kIssue, once->body);
  ASSERT_TRUE(twice.has_value());
  EXPECT_EQ(once->body.dump(), twice->body.dump());
  EXPECT_EQ(once->body, json::parse(R"({"visibility": "public", "name": {"en": "Torture"}})"));
}

// --- Fields added for accountability (issue 4).

TEST(EntityCodec, ScheduleReadoutAndPublicAccountFieldsRoundTrip) {
  json dialogue = FullDialogue();
  dialogue["round_interval_months"] = 12;
  dialogue["readout_due_days"] = 14;
  Result<Dialogue> d = DecodeDialogue(dialogue);
  ASSERT_TRUE(d.has_value()) << AllProblems(d.error());
  EXPECT_EQ(d->round_interval_months, 12);
  EXPECT_EQ(d->readout_due_days, 14);
  EXPECT_EQ(Encode(*d).dump(), dialogue.dump());

  json round = FullRound();
  round["next_round_agreed"] = "2014";
  round["public_account"] = json::parse(R"({"level": "detailed", "url": "https://www.state.gov/briefing",
      "date": "2013-08-02", "note": {"en": "press briefing by the Acting Assistant Secretary"}})");
  Result<Round> r = DecodeRound(round);
  ASSERT_TRUE(r.has_value()) << AllProblems(r.error());
  EXPECT_EQ(r->next_round_agreed->ToString(), "2014");
  EXPECT_EQ(r->public_account.level, PublicAccountLevel::kDetailed);
  EXPECT_EQ(Encode(*r).dump(), round.dump());
}

TEST(EntityCodec, RecordsFromBeforeTheAccountabilityFieldsEncodeAsTheyDid) {
  // Zero schedule values and an empty public account are omitted, so stored
  // dialogues and rounds keep their bytes and bundle round trips stay identical.
  struct Case {
    RecordKind kind;
    const char* patch;
  };
  const Case cases[] = {
      {RecordKind::kDialogue, R"({"round_interval_months": 0, "readout_due_days": 0})"},
      {RecordKind::kRound, R"({"next_round_agreed": null, "public_account": null})"},
      {RecordKind::kRound, R"({"public_account": {"level": "none"}})"},
  };
  for (const Case& c : cases) {
    const json full = kExamples[static_cast<int>(c.kind)].full();
    json body = full;
    body.merge_patch(json::parse(c.patch));
    Result<json> out = RoundTrip(c.kind, body);
    ASSERT_TRUE(out.has_value()) << c.patch << AllProblems(out.error());
    EXPECT_EQ(out->dump(), full.dump()) << c.patch;
  }
}

TEST(EntityCodec, AnAskIsRaisedAtARoundOrAnEngagementNeverBothOrNeither) {
  json at_engagement = FullAsk();
  at_engagement.erase("round_id");
  at_engagement["engagement_id"] = "eng_kerry-2013-04";
  Result<Ask> a = DecodeAsk(at_engagement);
  ASSERT_TRUE(a.has_value()) << AllProblems(a.error());
  EXPECT_EQ(a->engagement_id, "eng_kerry-2013-04");
  EXPECT_EQ(a->round_id, "");
  EXPECT_EQ(Encode(*a).dump(), at_engagement.dump());

  json neither = FullAsk();
  neither.erase("round_id");
  Result<Ask> n = DecodeAsk(neither);
  ASSERT_FALSE(n.has_value());
  EXPECT_NE(ProblemFor(n.error(), "round_id").find("is required: give a round_id or an engagement_id"),
            std::string::npos)
      << AllProblems(n.error());
}

TEST(MakeDraft, AnAskAtAnEngagementHasTheEngagementAsItsParent) {
  json ask = FullAsk();
  ask.erase("round_id");
  ask["engagement_id"] = "eng_kerry-2013-04";
  Result<RecordDraft> d = MakeDraft(RecordKind::kAsk, ask);
  ASSERT_TRUE(d.has_value()) << AllProblems(d.error());
  EXPECT_EQ(d->parent_id, "eng_kerry-2013-04");
  EXPECT_EQ(d->references, (std::vector<Reference>{{"engagement_id", "eng_kerry-2013-04", RecordKind::kEngagement},
                                                   {"subject.id", "iss_rtl", RecordKind::kIssue}}));
}

TEST(MakeDraft, AnAskAboutABenchmarkReferencesTheBenchmark) {
  json ask = FullAsk();
  ask["subject"] = {{"kind", "benchmark"}, {"id", "bmk_rtl-abolished"}};
  Result<RecordDraft> d = MakeDraft(RecordKind::kAsk, ask);
  ASSERT_TRUE(d.has_value()) << AllProblems(d.error());
  EXPECT_EQ(d->body["subject"], ask["subject"]);
  EXPECT_EQ(d->references, (std::vector<Reference>{{"round_id", "rnd_2013-kunming", RecordKind::kRound},
                                                   {"subject.id", "bmk_rtl-abolished", RecordKind::kBenchmark}}));
}

}  // namespace
}  // namespace readout::core
