#include "core/case_codec.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/entity_codec.h"

namespace readout::core {
namespace {

using nlohmann::json;

// Full, canonical examples of every case-documentation kind, close to the
// demo data (Xu Zhiyong, 2013-2017): every field set, as Encode writes it.
json FullPerson() {
  return json::parse(R"({
    "visibility": "public",
    "sources": [{"title": "Amnesty International urgent action", "url": "https://www.amnesty.org/x"}],
    "source_ids": ["src_judgment-2014", "src_hrw-2017"],
    "names": [
      {"text": "许志永", "script": "Hans", "scheme": "none", "kind": "legal", "primary": true},
      {"text": "Xu Zhiyong", "script": "Latn", "scheme": "pinyin", "kind": "legal", "primary": false}
    ],
    "sex": "male",
    "birth_date": "1973-03-02",
    "ethnicity": {"en": "Han", "zh_hans": "汉族"},
    "religion": {"en": "none"},
    "occupation": {"en": "legal scholar", "zh_hans": "法学学者"},
    "affiliations": [{"organisation": {"en": "New Citizens Movement", "zh_hans": "新公民运动"},
                      "role": {"en": "founder"}, "dates": "2012/2013"}],
    "biography": {"en": "Founder of the Open Constitution Initiative."},
    "consent": {"given": "yes", "given_by": "the person", "date": "2012"},
    "risk_notes": {"text": "Family under surveillance.", "visibility": "restricted"}
  })");
}

json FullCase() {
  return json::parse(R"({
    "visibility": "public",
    "source_ids": ["src_judgment-2014"],
    "person_id": "prs_xu-zhiyong",
    "title": {"en": "Xu Zhiyong, 2013-2017"},
    "issue_ids": ["iss_arbitrary-detention"],
    "campaign": {"en": "2013 New Citizens Movement crackdown"},
    "summary": {"en": "Detained for campaigning for asset disclosure by officials."},
    "charges": [{"article": "291", "name_zh": "聚众扰乱公共场所秩序罪",
                 "name_en": "gathering a crowd to disturb order in a public place", "stage": "conviction"}],
    "sentences": [{"court": {"en": "Beijing No. 1 Intermediate People's Court"}, "date": "2014-01-26",
                   "term": {"kind": "fixed", "years": 4}, "appeal_outcome": {"en": "appeal rejected"},
                   "appeal_date": "2014-04-11"}],
    "family_contact": {"text": "Wife, via lawyer.", "visibility": "restricted"},
    "notes": {"text": "Check 2017 release reports.", "visibility": "internal"}
  })");
}

json FullLegalEvent() {
  return json::parse(R"({
    "visibility": "public",
    "source_ids": ["src_judgment-2014"],
    "case_id": "cas_xu-zhiyong-2013",
    "type": "criminal_detention",
    "date": "2013-07-16",
    "sequence": 1,
    "place_id": "plc_beijing-no3-detention-centre",
    "authority": {"en": "Beijing Public Security Bureau"},
    "legal_basis": {"en": "Criminal Procedure Law art. 80"},
    "family_notified": "yes",
    "lawyer_access": "no",
    "whereabouts_known": "yes",
    "description": {"en": "Taken from his home."}
  })");
}

json FullPlace() {
  return json::parse(R"({
    "visibility": "public",
    "parent_id": "plc_beijing",
    "level": "facility",
    "facility_type": "detention_centre",
    "name": {"en": "Beijing No. 3 Detention Centre", "zh_hans": "北京市第三看守所"},
    "other_names": [{"text": "Beijing Municipal No. 3", "script": "Latn", "scheme": "english_exonym",
                     "kind": "other", "primary": false}]
  })");
}

json FullSource() {
  return json::parse(R"({
    "visibility": "public",
    "type": "court_judgment",
    "title": {"en": "First-instance judgment", "zh_hans": "一审判决书"},
    "author": "Beijing No. 1 Intermediate People's Court",
    "date": "2014-01-26",
    "language": "zh-Hans",
    "url": "https://example.org/judgment.pdf",
    "reliability": "high",
    "protect_identity": false
  })");
}

json FullEvidenceFile() {
  return json::parse(R"({
    "visibility": "restricted",
    "source_id": "src_judgment-2014",
    "filename": "judgment-2014.pdf",
    "media_type": "application/pdf",
    "size": 183244,
    "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "description": {"en": "Scan of the judgment."}
  })");
}

json FullCustodyEvent() {
  return json::parse(R"({
    "visibility": "restricted",
    "evidence_file_id": "evf_judgment-2014",
    "action": "received",
    "at": "2014-02-01T10:00:00Z",
    "actor": "researcher A",
    "note": {"en": "Received from the lawyer by email."},
    "previous_hash": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "hash": "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752"
  })");
}

json FullGroupEvent() {
  return json::parse(R"({
    "visibility": "public",
    "source_ids": ["src_hrw-2013"],
    "type": "protest",
    "title": {"en": "UPR demonstration outside the Foreign Ministry"},
    "date": "2013-07-01",
    "place_id": "plc_beijing",
    "participants": {"low": 150, "high": 200, "qualifier": "approximately"},
    "issue_ids": ["iss_civil-society"],
    "people": [{"person_id": "prs_cao-shunli", "role": {"en": "organiser"},
                "outcome": {"en": "died in custody 2014"}}],
    "summary": {"en": "Petitioners asked to take part in the UPR report."}
  })");
}

struct KindExample {
  RecordKind kind;
  json (*full)();
};

const KindExample kExamples[] = {
    {RecordKind::kPerson, &FullPerson},
    {RecordKind::kCase, &FullCase},
    {RecordKind::kLegalEvent, &FullLegalEvent},
    {RecordKind::kPlace, &FullPlace},
    {RecordKind::kSource, &FullSource},
    {RecordKind::kEvidenceFile, &FullEvidenceFile},
    {RecordKind::kCustodyEvent, &FullCustodyEvent},
    {RecordKind::kGroupEvent, &FullGroupEvent},
};

json Example(RecordKind kind) {
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
    case RecordKind::kPerson:
      return wrap(DecodePerson(body));
    case RecordKind::kCase:
      return wrap(DecodeCase(body));
    case RecordKind::kLegalEvent:
      return wrap(DecodeLegalEvent(body));
    case RecordKind::kPlace:
      return wrap(DecodePlace(body));
    case RecordKind::kSource:
      return wrap(DecodeSource(body));
    case RecordKind::kEvidenceFile:
      return wrap(DecodeEvidenceFile(body));
    case RecordKind::kCustodyEvent:
      return wrap(DecodeCustodyEvent(body));
    case RecordKind::kGroupEvent:
      return wrap(DecodeGroupEvent(body));
    default:
      break;
  }
  return Fail(Error::Internal("not a case-documentation kind"));
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

TEST(CaseCodec, FullExamplesRoundTripByteIdentical) {
  for (const KindExample& ex : kExamples) {
    const json body = ex.full();
    Result<json> out = RoundTrip(ex.kind, body);
    ASSERT_TRUE(out.has_value()) << KindName(ex.kind) << AllProblems(out.error());
    EXPECT_EQ(*out, body) << KindName(ex.kind) << "\n" << out->dump(2);
    EXPECT_EQ(out->dump(), body.dump()) << KindName(ex.kind);
  }
}

TEST(CaseCodec, MinimalBodiesGetDefaultsAndStayStable) {
  struct Case {
    RecordKind kind;
    const char* input;
    const char* canonical;
  };
  const Case cases[] = {
      {RecordKind::kPerson, R"({"names": [{"text": "许志永", "script": "Hans", "primary": true}]})",
       R"({"visibility": "public", "sex": "unknown",
           "names": [{"text": "许志永", "script": "Hans", "scheme": "none", "kind": "legal", "primary": true}]})"},
      {RecordKind::kPerson,
       R"({"names": [{"text": "A", "script": "Latn", "primary": true}], "risk_notes": {"text": "x"}})",
       R"({"visibility": "public", "sex": "unknown",
           "names": [{"text": "A", "script": "Latn", "scheme": "none", "kind": "legal", "primary": true}],
           "risk_notes": {"text": "x", "visibility": "restricted"}})"},
      {RecordKind::kCase, R"({"person_id": "prs_a", "notes": {"text": ""}})",
       R"({"visibility": "public", "person_id": "prs_a"})"},
      {RecordKind::kEvidenceFile,
       R"({"filename": "a.pdf", "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"})",
       R"({"visibility": "restricted", "filename": "a.pdf", "size": 0,
           "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"})"},
      {RecordKind::kPlace, R"({"level": "province", "name": {"en": "Beijing"}})",
       R"({"visibility": "public", "level": "province", "facility_type": "none", "name": {"en": "Beijing"}})"},
      {RecordKind::kGroupEvent,
       R"({"type": "detention_wave", "title": {"en": "t"}, "date": "2014", "participants": {"low": 16, "qualifier": "at_least"}})",
       R"({"visibility": "public", "type": "detention_wave", "title": {"en": "t"}, "date": "2014",
           "participants": {"low": 16, "qualifier": "at_least"}})"},
  };
  for (const Case& c : cases) {
    Result<json> out = RoundTrip(c.kind, json::parse(c.input));
    ASSERT_TRUE(out.has_value()) << c.input << AllProblems(out.error());
    EXPECT_EQ(*out, json::parse(c.canonical)) << c.input << "\n" << out->dump();
    Result<json> again = RoundTrip(c.kind, *out);
    ASSERT_TRUE(again.has_value()) << c.input;
    EXPECT_EQ(again->dump(), out->dump()) << c.input;
  }
}

struct RequiredCase {
  RecordKind kind;
  std::vector<std::string> path;
  std::string field;
};

void Erase(json& j, const std::vector<std::string>& path) {
  json* at = &j;
  for (std::size_t i = 0; i + 1 < path.size(); ++i) {
    at = at->is_array() ? &(*at)[std::stoul(path[i])] : &(*at)[path[i]];
  }
  at->erase(path.back());
}

TEST(CaseCodec, EveryRequiredFieldIsNamedWhenMissing) {
  const RequiredCase cases[] = {
      {RecordKind::kPerson, {"names"}, "names"},
      {RecordKind::kPerson, {"names", "0", "text"}, "names[0].text"},
      {RecordKind::kPerson, {"names", "1", "script"}, "names[1].script"},
      {RecordKind::kPerson, {"affiliations", "0", "organisation"}, "affiliations[0].organisation"},
      {RecordKind::kCase, {"person_id"}, "person_id"},
      {RecordKind::kCase, {"sentences", "0", "term"}, "sentences[0].term"},
      {RecordKind::kCase, {"sentences", "0", "term", "kind"}, "sentences[0].term.kind"},
      {RecordKind::kLegalEvent, {"case_id"}, "case_id"},
      {RecordKind::kLegalEvent, {"type"}, "type"},
      {RecordKind::kLegalEvent, {"date"}, "date"},
      {RecordKind::kPlace, {"level"}, "level"},
      {RecordKind::kPlace, {"name"}, "name"},
      {RecordKind::kSource, {"type"}, "type"},
      {RecordKind::kSource, {"title"}, "title"},
      {RecordKind::kEvidenceFile, {"filename"}, "filename"},
      {RecordKind::kEvidenceFile, {"sha256"}, "sha256"},
      {RecordKind::kCustodyEvent, {"evidence_file_id"}, "evidence_file_id"},
      {RecordKind::kCustodyEvent, {"action"}, "action"},
      {RecordKind::kCustodyEvent, {"at"}, "at"},
      {RecordKind::kGroupEvent, {"type"}, "type"},
      {RecordKind::kGroupEvent, {"title"}, "title"},
      {RecordKind::kGroupEvent, {"date"}, "date"},
      {RecordKind::kGroupEvent, {"people", "0", "person_id"}, "people[0].person_id"},
  };
  for (const RequiredCase& c : cases) {
    json body = Example(c.kind);
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
  const char* patch;  // merged into the full example (JSON merge patch)
  const char* field;
  const char* problem;  // a phrase the problem must contain
};

TEST(CaseCodec, RejectsBadFieldsNamingThePathAndProblem) {
  const BadCase cases[] = {
      // Unknown fields and wrong types, at every depth.
      {RecordKind::kPerson, R"({"nationality": "CN"})", "nationality", "unknown field"},
      {RecordKind::kPerson, R"({"risk_notes": {"text": "x", "level": 3}})", "risk_notes.level", "unknown field"},
      {RecordKind::kPerson, R"({"risk_notes": "x"})", "risk_notes", "must be an object; got string"},
      {RecordKind::kPerson, R"({"risk_notes": {"text": "x", "visibility": "secret"}})", "risk_notes.visibility",
       "got \"secret\""},
      {RecordKind::kPerson, R"({"consent": {"given": true}})", "consent.given", "must be a string"},
      {RecordKind::kCase, R"({"family_contact": {"text": 5}})", "family_contact.text", "must be a string; got number"},
      {RecordKind::kPlace, R"({"other_names": [{"text": "x", "script": "Latn", "primary": "no"}]})",
       "other_names[0].primary", "must be true or false"},
      {RecordKind::kEvidenceFile, R"({"size": "183244"})", "size", "must be a whole number; got string"},
      {RecordKind::kGroupEvent, R"({"participants": {"low": 1.5, "qualifier": "exact"}})", "participants.low",
       "whole number"},
      // Names.
      {RecordKind::kPerson, R"({"names": []})", "names", "required"},
      {RecordKind::kPerson,
       R"({"names": [{"text": "A", "script": "Latn", "primary": false}, {"text": "B", "script": "Latn"}]})", "names",
       "exactly one variant must be primary"},
      {RecordKind::kPerson,
       R"({"names": [{"text": "A", "script": "Latn", "primary": true}, {"text": "B", "script": "Latn", "primary": true}]})",
       "names", "exactly one variant must be primary"},
      {RecordKind::kPerson, R"({"names": [{"text": "A", "script": "Latin", "primary": true}]})", "names[0].script",
       "Hans, Hant, Latn, Tibt, Arab or Zyyy"},
      {RecordKind::kPerson, R"({"names": [{"text": "A", "script": "Latn", "scheme": "ipa", "primary": true}]})",
       "names[0].scheme", "got \"ipa\""},
      // Ids.
      {RecordKind::kPerson, R"({"source_ids": ["src_a", "prs_b"]})", "source_ids[1]", "must be a source id"},
      {RecordKind::kPerson, R"({"source_ids": ["src_a", "src_a"]})", "source_ids[1]", "twice"},
      {RecordKind::kPerson, R"({"source_ids": "src_a"})", "source_ids", "must be an array"},
      {RecordKind::kCase, R"({"person_id": "cas_x"})", "person_id", "must be a person id"},
      {RecordKind::kCase, R"({"issue_ids": ["prs_x"]})", "issue_ids[0]", "must be an issue id"},
      {RecordKind::kLegalEvent, R"({"case_id": "prs_x"})", "case_id", "must be a case id"},
      {RecordKind::kLegalEvent, R"({"place_id": "plc_"})", "place_id", "must be a place id"},
      {RecordKind::kPlace, R"({"parent_id": "iss_x"})", "parent_id", "must be a place id"},
      {RecordKind::kEvidenceFile, R"({"source_id": "src"})", "source_id", "must be a source id"},
      {RecordKind::kCustodyEvent, R"({"evidence_file_id": "src_x"})", "evidence_file_id",
       "must be an evidence_file id"},
      {RecordKind::kGroupEvent, R"({"people": [{"person_id": "cas_x"}]})", "people[0].person_id",
       "must be a person id"},
      // Vocabularies and dates.
      {RecordKind::kLegalEvent, R"({"type": "arrested"})", "type", "got \"arrested\""},
      {RecordKind::kLegalEvent, R"({"family_notified": "maybe"})", "family_notified", "unknown, yes or no"},
      {RecordKind::kLegalEvent, R"({"date": "2013-02-30"})", "date", "day 30 does not exist"},
      {RecordKind::kLegalEvent, R"({"sequence": -1})", "sequence", "0 or more"},
      {RecordKind::kSource, R"({"reliability": "certain"})", "reliability", "got \"certain\""},
      {RecordKind::kGroupEvent, R"({"type": "riot"})", "type", "got \"riot\""},
      {RecordKind::kCustodyEvent, R"({"action": "deleted"})", "action", "got \"deleted\""},
      {RecordKind::kCase, R"({"charges": [{"article": "291", "stage": "trial"}]})", "charges[0].stage",
       "got \"trial\""},
      // Places.
      {RecordKind::kPlace, R"({"facility_type": "none"})", "facility_type", "required for a facility"},
      {RecordKind::kPlace, R"({"level": "province"})", "facility_type", "must be none"},
      // Sources.
      {RecordKind::kSource, R"({"url": "ftp://example.org"})", "url", "http://"},
      {RecordKind::kSource, R"({"language": "Chinese"})", "language", "BCP 47"},
      {RecordKind::kSource, R"({"protect_identity": "yes"})", "protect_identity", "true or false"},
      // Evidence files.
      {RecordKind::kEvidenceFile, R"({"sha256": "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08"})",
       "sha256", "64 lowercase hexadecimal"},
      {RecordKind::kEvidenceFile, R"({"sha256": "9f86d0"})", "sha256", "64 lowercase hexadecimal"},
      {RecordKind::kEvidenceFile, R"({"size": -1})", "size", "0 or more"},
      {RecordKind::kEvidenceFile, R"({"media_type": "pdf"})", "media_type", "application/pdf"},
      {RecordKind::kEvidenceFile, R"({"filename": "../etc/passwd"})", "filename", "without a directory"},
      // Custody events.
      {RecordKind::kCustodyEvent, R"({"at": "2014-02-01"})", "at", "RFC 3339"},
      {RecordKind::kCustodyEvent, R"({"at": "2014-02-01T10:00:00"})", "at", "RFC 3339"},
      {RecordKind::kCustodyEvent, R"({"at": "2014-13-01T10:00:00Z"})", "at", "RFC 3339"},
      {RecordKind::kCustodyEvent, R"({"hash": "abc"})", "hash", "SHA-256"},
      {RecordKind::kCustodyEvent, R"({"previous_hash": 1})", "previous_hash", "must be a string"},
      // Participant counts.
      {RecordKind::kGroupEvent, R"({"participants": {"low": 200, "high": 150}})", "participants.high",
       "must not be below low"},
      {RecordKind::kGroupEvent, R"({"participants": {"low": 16, "high": 20, "qualifier": "exact"}})",
       "participants.high", "must equal low"},
      {RecordKind::kGroupEvent, R"({"participants": {"low": null, "high": 20, "qualifier": "exact"}})",
       "participants.low", "required when the qualifier is exact"},
      {RecordKind::kGroupEvent, R"({"participants": {"low": null, "high": 20, "qualifier": "at_least"}})",
       "participants.low", "required when the qualifier is at_least"},
      {RecordKind::kGroupEvent, R"({"participants": {"low": -3}})", "participants.low", "0 or more"},
      {RecordKind::kGroupEvent, R"({"participants": {"high": null, "qualifier": "range"}})", "participants",
       "both low and high"},
      // Charges and sentences.
      {RecordKind::kCase, R"({"charges": [{"article": "art. 291"}]})", "charges[0].article", "291 or 105(2)"},
      {RecordKind::kCase, R"({"charges": [{"article": "105(2"}]})", "charges[0].article", "291 or 105(2)"},
      {RecordKind::kCase, R"j({"charges": [{"article": "105()"}]})j", "charges[0].article", "291 or 105(2)"},
      {RecordKind::kCase, R"({"charges": [{"stage": "arrest"}]})", "charges[0]", "needs an article"},
      {RecordKind::kCase, R"({"sentences": [{"term": {"kind": "fixed"}}]})", "sentences[0].term",
       "a fixed term needs years, months or days"},
      {RecordKind::kCase, R"({"sentences": [{"term": {"kind": "life", "years": 4}}]})", "sentences[0].term",
       "must not give years"},
      {RecordKind::kCase, R"({"sentences": [{"term": {"kind": "death_suspended", "days": 1}}]})", "sentences[0].term",
       "must not give years"},
      {RecordKind::kCase, R"({"sentences": [{"term": {"kind": "fixed", "months": -6}}]})", "sentences[0].term.months",
       "0 or more"},
      // Text.
      {RecordKind::kCase, R"({"notes": {"text": "bell\u0007"}})", "notes.text", "control characters"},
  };
  for (const BadCase& c : cases) {
    json body = Example(c.kind);
    body.merge_patch(json::parse(c.patch));
    Result<json> out = RoundTrip(c.kind, body);
    ASSERT_FALSE(out.has_value()) << KindName(c.kind) << " accepted " << c.patch;
    EXPECT_EQ(out.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(ProblemFor(out.error(), c.field).find(c.problem), std::string::npos)
        << KindName(c.kind) << " " << c.patch << " expected " << c.field << ": " << c.problem << "; got"
        << AllProblems(out.error());
  }
}

TEST(CaseCodec, AcceptsEveryValidArticleAndCountShape) {
  for (const char* article : {"291", "105(2)", "293", "1(10)"}) {
    json body = FullCase();
    body["charges"][0]["article"] = article;
    EXPECT_TRUE(DecodeCase(body).has_value()) << article;
  }
  for (const char* count : {R"({"low": 16, "high": 16, "qualifier": "exact"})", R"({"low": 16, "qualifier": "exact"})",
                            R"({"low": 150, "high": 200, "qualifier": "range"})", R"({"qualifier": "unknown"})",
                            R"({"high": 200, "qualifier": "approximately"})"}) {
    json body = FullGroupEvent();
    body["participants"] = json::parse(count);
    Result<GroupEvent> g = DecodeGroupEvent(body);
    EXPECT_TRUE(g.has_value()) << count << (g ? "" : AllProblems(g.error()));
  }
  for (const char* at : {"2014-02-01T10:00:00Z", "2014-02-01T10:00:00.123Z", "2014-02-01T18:00:00+08:00"}) {
    json body = FullCustodyEvent();
    body["at"] = at;
    EXPECT_TRUE(DecodeCustodyEvent(body).has_value()) << at;
  }
}

TEST(CaseCodec, GuardedTextVisibilityDefaultsToRestricted) {
  json body = FullCase();
  body["family_contact"] = {{"text", "Wife"}};
  Result<Case> c = DecodeCase(body);
  ASSERT_TRUE(c.has_value()) << AllProblems(c.error());
  EXPECT_EQ(c->family_contact.visibility, Visibility::kRestricted);
  EXPECT_EQ(Encode(*c)["family_contact"], json::parse(R"({"text": "Wife", "visibility": "restricted"})"));
}

TEST(CaseCodec, EvidenceFileVisibilityDefaultsToRestrictedButCanBeSet) {
  json body = FullEvidenceFile();
  body.erase("visibility");
  Result<EvidenceFile> e = DecodeEvidenceFile(body);
  ASSERT_TRUE(e.has_value()) << AllProblems(e.error());
  EXPECT_EQ(e->common.visibility, Visibility::kRestricted);
  body["visibility"] = "public";
  e = DecodeEvidenceFile(body);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->common.visibility, Visibility::kPublic);
}

TEST(CaseCodec, CustodyEventVisibilityDefaultsToRestrictedLikeItsEvidence) {
  json body = FullCustodyEvent();
  body.erase("visibility");
  Result<CustodyEvent> c = DecodeCustodyEvent(body);
  ASSERT_TRUE(c.has_value()) << AllProblems(c.error());
  EXPECT_EQ(c->common.visibility, Visibility::kRestricted);
}

TEST(CaseCodec, ReportsEveryProblemNotJustTheFirst) {
  json body = FullLegalEvent();
  body["type"] = "arrested";
  body["date"] = "2013-13";
  body["colour"] = "red";
  body.erase("case_id");
  Result<LegalEvent> e = DecodeLegalEvent(body);
  ASSERT_FALSE(e.has_value());
  EXPECT_EQ(e.error().fields.size(), 4u) << AllProblems(e.error());
}

TEST(CaseCodec, EnforcesSizeLimits) {
  json body = FullPerson();
  body["risk_notes"]["text"] = std::string(20001, 'a');
  Result<Person> p = DecodePerson(body);
  ASSERT_FALSE(p.has_value());
  EXPECT_NE(ProblemFor(p.error(), "risk_notes.text").find("at most 20000 bytes"), std::string::npos);
  body = FullPerson();
  body["source_ids"] = json::array();
  for (int i = 0; i < 1001; ++i) body["source_ids"].push_back("src_" + std::to_string(i));
  p = DecodePerson(body);
  ASSERT_FALSE(p.has_value());
  EXPECT_NE(ProblemFor(p.error(), "source_ids").find("at most 1000 items"), std::string::npos);
}

TEST(CaseMakeDraft, DerivesParentAndReferencesForEveryKind) {
  struct Case {
    RecordKind kind;
    std::string parent_id;
    std::vector<Reference> references;
  };
  const Case cases[] = {
      {RecordKind::kPerson,
       "",
       {{"source_ids[0]", "src_judgment-2014", RecordKind::kSource},
        {"source_ids[1]", "src_hrw-2017", RecordKind::kSource}}},
      {RecordKind::kCase,
       "prs_xu-zhiyong",
       {{"person_id", "prs_xu-zhiyong", RecordKind::kPerson},
        {"issue_ids[0]", "iss_arbitrary-detention", RecordKind::kIssue},
        {"source_ids[0]", "src_judgment-2014", RecordKind::kSource}}},
      {RecordKind::kLegalEvent,
       "cas_xu-zhiyong-2013",
       {{"case_id", "cas_xu-zhiyong-2013", RecordKind::kCase},
        {"place_id", "plc_beijing-no3-detention-centre", RecordKind::kPlace},
        {"source_ids[0]", "src_judgment-2014", RecordKind::kSource}}},
      {RecordKind::kPlace, "plc_beijing", {{"parent_id", "plc_beijing", RecordKind::kPlace}}},
      {RecordKind::kSource, "", {}},
      {RecordKind::kEvidenceFile, "src_judgment-2014", {{"source_id", "src_judgment-2014", RecordKind::kSource}}},
      {RecordKind::kCustodyEvent,
       "evf_judgment-2014",
       {{"evidence_file_id", "evf_judgment-2014", RecordKind::kEvidenceFile}}},
      {RecordKind::kGroupEvent,
       "",
       {{"place_id", "plc_beijing", RecordKind::kPlace},
        {"issue_ids[0]", "iss_civil-society", RecordKind::kIssue},
        {"source_ids[0]", "src_hrw-2013", RecordKind::kSource},
        {"people[0].person_id", "prs_cao-shunli", RecordKind::kPerson}}},
  };
  for (const Case& c : cases) {
    const json body = Example(c.kind);
    Result<RecordDraft> d = MakeDraft(c.kind, body);
    ASSERT_TRUE(d.has_value()) << KindName(c.kind) << AllProblems(d.error());
    EXPECT_EQ(d->body, body) << KindName(c.kind);
    EXPECT_EQ(d->parent_id, c.parent_id) << KindName(c.kind);
    EXPECT_EQ(d->references, c.references) << KindName(c.kind);
    EXPECT_EQ(d->visibility, *ParseVisibility(body["visibility"].get<std::string>())) << KindName(c.kind);
  }
}

TEST(CaseMakeDraft, KeepsAPlacesOwnParentIdButDropsTheHeaderOneOfOtherKinds) {
  json place = FullPlace();
  place["id"] = "plc_x";
  place["kind"] = "place";
  Result<RecordDraft> p = MakeDraft(RecordKind::kPlace, place, "plc_x");
  ASSERT_TRUE(p.has_value()) << AllProblems(p.error());
  EXPECT_EQ(p->body["parent_id"], "plc_beijing");

  json legal_event = FullLegalEvent();
  legal_event["parent_id"] = "cas_xu-zhiyong-2013";
  Result<RecordDraft> e = MakeDraft(RecordKind::kLegalEvent, legal_event);
  ASSERT_TRUE(e.has_value()) << AllProblems(e.error());
  EXPECT_FALSE(e->body.contains("parent_id"));
}

}  // namespace
}  // namespace readout::core
