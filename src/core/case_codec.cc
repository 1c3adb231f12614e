#include "core/case_codec.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/codec_support.h"
#include "core/quote.h"

namespace readout::core {
namespace {

using nlohmann::json;
using namespace codec;  // NOLINT(build/namespaces): the codec building blocks, internal to core

// --- Decoding -------------------------------------------------------------

void ReadGuarded(const json* v, const std::string& path, Errors& errors, GuardedText& out) {
  if (v == nullptr) return;
  Fields f(*v, path, errors);
  if (!f.ok()) return;
  ReadString(f.Take("text"), f.Path("text"), errors, out.text);
  // Absent visibility means restricted: a guarded field is withheld unless someone decided otherwise.
  out.visibility = Visibility::kRestricted;
  ReadCode(f.Take("visibility"), f.Path("visibility"), errors, out.visibility, &ParseVisibility, VisibilityCodes(),
           false);
  f.Finish();
}

void ReadNameVariant(const json& v, const std::string& path, Errors& errors, NameVariant& out) {
  Fields f(v, path, errors);
  if (!f.ok()) return;
  ReadString(f.Take("text"), f.Path("text"), errors, out.text, true);
  ReadCode(f.Take("script"), f.Path("script"), errors, out.script, &ParseScript, ScriptCodes(), true);
  ReadCode(f.Take("scheme"), f.Path("scheme"), errors, out.scheme, &ParseNameScheme, NameSchemeCodes(), false);
  ReadCode(f.Take("kind"), f.Path("kind"), errors, out.kind, &ParseNameKind, NameKindCodes(), false);
  ReadBool(f.Take("primary"), f.Path("primary"), errors, out.primary);
  f.Finish();
}

void ReadNameVariants(const json* v, const std::string& path, Errors& errors, std::vector<NameVariant>& out) {
  ReadArray(v, path, errors, [&](const json& item, const std::string& item_path) {
    NameVariant n;
    ReadNameVariant(item, item_path, errors, n);
    out.push_back(std::move(n));
  });
}

void ReadAffiliation(const json& v, const std::string& path, Errors& errors, Affiliation& out) {
  Fields f(v, path, errors);
  if (!f.ok()) return;
  ReadBilingual(f.Take("organisation"), f.Path("organisation"), errors, out.organisation, true);
  ReadBilingual(f.Take("role"), f.Path("role"), errors, out.role);
  ReadDate(f.Take("dates"), f.Path("dates"), errors, out.dates);
  f.Finish();
}

void ReadConsent(const json* v, const std::string& path, Errors& errors, PublishConsent& out) {
  if (v == nullptr) return;
  Fields f(*v, path, errors);
  if (!f.ok()) return;
  ReadCode(f.Take("given"), f.Path("given"), errors, out.given, &ParseTriState, TriStateCodes(), false);
  ReadString(f.Take("given_by"), f.Path("given_by"), errors, out.given_by);
  ReadDate(f.Take("date"), f.Path("date"), errors, out.date);
  f.Finish();
}

// PRC Criminal Law article: "291", or an article with its paragraph, "105(2)".
bool IsArticle(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  if (i == 0 || i > 4) return false;
  if (i == s.size()) return true;
  if (s[i] != '(' || s.back() != ')') return false;
  const std::string_view inner = s.substr(i + 1, s.size() - i - 2);
  if (inner.empty() || inner.size() > 3) return false;
  for (char c : inner) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

void ReadCharge(const json& v, const std::string& path, Errors& errors, Charge& out) {
  Fields f(v, path, errors);
  if (!f.ok()) return;
  const std::size_t before = errors.size();
  ReadString(f.Take("article"), f.Path("article"), errors, out.article);
  if (errors.size() == before && !out.article.empty() && !IsArticle(out.article)) {
    Add(errors, f.Path("article"),
        "must be a PRC Criminal Law article number such as 291 or 105(2); got " + Quote(out.article));
  }
  ReadString(f.Take("name_zh"), f.Path("name_zh"), errors, out.name_zh);
  ReadString(f.Take("name_en"), f.Path("name_en"), errors, out.name_en);
  ReadCode(f.Take("stage"), f.Path("stage"), errors, out.stage, &ParseChargeStage, ChargeStageCodes(), false);
  f.Finish();
  if (errors.size() == before && out.article.empty() && out.name_zh.empty() && out.name_en.empty()) {
    Add(errors, path, "needs an article, name_zh or name_en");
  }
}

void ReadTerm(const json* v, const std::string& path, Errors& errors, SentenceTerm& out) {
  if (v == nullptr) {
    Add(errors, path, "is required: an object such as {\"kind\": \"fixed\", \"years\": 4}");
    return;
  }
  Fields f(*v, path, errors);
  if (!f.ok()) return;
  const std::size_t before = errors.size();
  ReadCode(f.Take("kind"), f.Path("kind"), errors, out.kind, &ParseTermKind, TermKindCodes(), true);
  ReadNonNegativeInt(f.Take("years"), f.Path("years"), errors, out.years);
  ReadNonNegativeInt(f.Take("months"), f.Path("months"), errors, out.months);
  ReadNonNegativeInt(f.Take("days"), f.Path("days"), errors, out.days);
  f.Finish();
  if (errors.size() != before) return;
  const bool has_length = out.years > 0 || out.months > 0 || out.days > 0;
  if (out.kind == TermKind::kFixed && !has_length) {
    Add(errors, path, "a fixed term needs years, months or days above 0");
  } else if (out.kind != TermKind::kFixed && has_length) {
    Add(errors, path, "a term of kind " + std::string(ToCode(out.kind)) + " must not give years, months or days");
  }
}

void ReadSentence(const json& v, const std::string& path, Errors& errors, Sentence& out) {
  Fields f(v, path, errors);
  if (!f.ok()) return;
  ReadBilingual(f.Take("court"), f.Path("court"), errors, out.court);
  ReadDate(f.Take("date"), f.Path("date"), errors, out.date);
  ReadTerm(f.Take("term"), f.Path("term"), errors, out.term);
  ReadNonNegativeInt(f.Take("political_rights_years"), f.Path("political_rights_years"), errors,
                     out.political_rights_years);
  ReadBilingual(f.Take("appeal_outcome"), f.Path("appeal_outcome"), errors, out.appeal_outcome);
  ReadDate(f.Take("appeal_date"), f.Path("appeal_date"), errors, out.appeal_date);
  f.Finish();
}

bool IsSha256Hex(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

void ReadHash(const json* v, const std::string& path, Errors& errors, std::string& out, bool required) {
  std::string s;
  const std::size_t before = errors.size();
  ReadString(v, path, errors, s, required);
  if (errors.size() != before || s.empty()) return;
  if (!IsSha256Hex(s)) {
    Add(errors, path, "must be a SHA-256 digest: 64 lowercase hexadecimal characters; got " + Quote(s));
    return;
  }
  out = std::move(s);
}

// "type/subtype", loosely (RFC 6838 restricted names).
bool IsMediaType(std::string_view s) {
  auto token = [](std::string_view t) {
    if (t.empty() || t.size() > 127) return false;
    for (char c : t) {
      const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '!' ||
                      c == '#' || c == '$' || c == '&' || c == '-' || c == '^' || c == '_' || c == '.' || c == '+';
      if (!ok) return false;
    }
    return true;
  };
  const auto slash = s.find('/');
  return slash != std::string_view::npos && token(s.substr(0, slash)) && token(s.substr(slash + 1));
}

void ReadGroupEventPerson(const json& v, const std::string& path, Errors& errors, GroupEventPerson& out) {
  Fields f(v, path, errors);
  if (!f.ok()) return;
  ReadId(f.Take("person_id"), f.Path("person_id"), errors, out.person_id, RecordKind::kPerson, true);
  ReadBilingual(f.Take("role"), f.Path("role"), errors, out.role);
  ReadBilingual(f.Take("outcome"), f.Path("outcome"), errors, out.outcome);
  f.Finish();
}

// --- Encoding -------------------------------------------------------------

void PutGuarded(json& j, const char* name, const GuardedText& g) {
  if (g.empty()) return;
  j[name] = json{{"text", g.text}, {"visibility", std::string(ToCode(g.visibility))}};
}

json EncodeName(const NameVariant& n) {
  return json{{"text", n.text},
              {"script", std::string(ToCode(n.script))},
              {"scheme", std::string(ToCode(n.scheme))},
              {"kind", std::string(ToCode(n.kind))},
              {"primary", n.primary}};
}

void PutNames(json& j, const char* name, const std::vector<NameVariant>& names) {
  if (names.empty()) return;
  json a = json::array();
  for (const NameVariant& n : names) a.push_back(EncodeName(n));
  j[name] = std::move(a);
}

json EncodeTerm(const SentenceTerm& t) {
  json j = json{{"kind", std::string(ToCode(t.kind))}};
  if (t.years != 0) j["years"] = t.years;
  if (t.months != 0) j["months"] = t.months;
  if (t.days != 0) j["days"] = t.days;
  return j;
}

}  // namespace

// --- Decode ---------------------------------------------------------------

Result<Person> DecodePerson(const json& body) {
  Errors errors;
  Person p;
  Fields f(body, "", errors);
  if (f.ok()) {
    ReadCommon(f, errors, p.common);
    ReadIdList(f.Take("source_ids"), "source_ids", errors, p.source_ids, RecordKind::kSource);
    const json* names = f.Take("names");
    const std::size_t before = errors.size();
    ReadNameVariants(names, "names", errors, p.names);
    if (errors.size() == before) {
      std::size_t primaries = 0;
      for (const NameVariant& n : p.names) primaries += n.primary ? 1 : 0;
      if (p.names.empty()) {
        Add(errors, "names", "is required: at least one name variant, one of them primary");
      } else if (primaries != 1) {
        Add(errors, "names",
            "exactly one variant must be primary; " + std::to_string(primaries) + " are marked primary");
      }
    }
    ReadCode(f.Take("sex"), "sex", errors, p.sex, &ParseSex, SexCodes(), false);
    ReadDate(f.Take("birth_date"), "birth_date", errors, p.birth_date);
    ReadBilingual(f.Take("ethnicity"), "ethnicity", errors, p.ethnicity);
    ReadBilingual(f.Take("religion"), "religion", errors, p.religion);
    ReadBilingual(f.Take("occupation"), "occupation", errors, p.occupation);
    ReadArray(f.Take("affiliations"), "affiliations", errors, [&](const json& v, const std::string& path) {
      Affiliation a;
      ReadAffiliation(v, path, errors, a);
      p.affiliations.push_back(std::move(a));
    });
    ReadBilingual(f.Take("biography"), "biography", errors, p.biography);
    ReadConsent(f.Take("consent"), "consent", errors, p.consent);
    ReadGuarded(f.Take("risk_notes"), "risk_notes", errors, p.risk_notes);
    f.Finish();
  }
  return Done(std::move(p), errors);
}

Result<Case> DecodeCase(const json& body) {
  Errors errors;
  Case c;
  Fields f(body, "", errors);
  if (f.ok()) {
    ReadCommon(f, errors, c.common);
    ReadIdList(f.Take("source_ids"), "source_ids", errors, c.source_ids, RecordKind::kSource);
    ReadId(f.Take("person_id"), "person_id", errors, c.person_id, RecordKind::kPerson, true);
    ReadBilingual(f.Take("title"), "title", errors, c.title);
    ReadIdList(f.Take("issue_ids"), "issue_ids", errors, c.issue_ids, RecordKind::kIssue);
    ReadBilingual(f.Take("campaign"), "campaign", errors, c.campaign);
    ReadBilingual(f.Take("summary"), "summary", errors, c.summary);
    ReadArray(f.Take("charges"), "charges", errors, [&](const json& v, const std::string& path) {
      Charge ch;
      ReadCharge(v, path, errors, ch);
      c.charges.push_back(std::move(ch));
    });
    ReadArray(f.Take("sentences"), "sentences", errors, [&](const json& v, const std::string& path) {
      Sentence s;
      ReadSentence(v, path, errors, s);
      c.sentences.push_back(std::move(s));
    });
    ReadGuarded(f.Take("family_contact"), "family_contact", errors, c.family_contact);
    ReadGuarded(f.Take("notes"), "notes", errors, c.notes);
    f.Finish();
  }
  return Done(std::move(c), errors);
}

Result<LegalEvent> DecodeLegalEvent(const json& body) {
  Errors errors;
  LegalEvent e;
  Fields f(body, "", errors);
  if (f.ok()) {
    ReadCommon(f, errors, e.common);
    ReadIdList(f.Take("source_ids"), "source_ids", errors, e.source_ids, RecordKind::kSource);
    ReadId(f.Take("case_id"), "case_id", errors, e.case_id, RecordKind::kCase, true);
    ReadCode(f.Take("type"), "type", errors, e.type, &ParseLegalEventType, LegalEventTypeCodes(), true);
    ReadRequiredDate(f.Take("date"), "date", errors, e.date);
    ReadNonNegativeInt(f.Take("sequence"), "sequence", errors, e.sequence);
    ReadId(f.Take("place_id"), "place_id", errors, e.place_id, RecordKind::kPlace, false);
    ReadBilingual(f.Take("authority"), "authority", errors, e.authority);
    ReadBilingual(f.Take("legal_basis"), "legal_basis", errors, e.legal_basis);
    ReadCode(f.Take("family_notified"), "family_notified", errors, e.family_notified, &ParseTriState, TriStateCodes(),
             false);
    ReadCode(f.Take("lawyer_access"), "lawyer_access", errors, e.lawyer_access, &ParseTriState, TriStateCodes(), false);
    ReadCode(f.Take("whereabouts_known"), "whereabouts_known", errors, e.whereabouts_known, &ParseTriState,
             TriStateCodes(), false);
    ReadBilingual(f.Take("description"), "description", errors, e.description);
    f.Finish();
  }
  return Done(std::move(e), errors);
}

Result<Place> DecodePlace(const json& body) {
  Errors errors;
  Place p;
  Fields f(body, "", errors);
  if (f.ok()) {
    ReadCommon(f, errors, p.common);
    ReadId(f.Take("parent_id"), "parent_id", errors, p.parent_id, RecordKind::kPlace, false);
    const std::size_t before = errors.size();
    ReadCode(f.Take("level"), "level", errors, p.level, &ParsePlaceLevel, PlaceLevelCodes(), true);
    ReadCode(f.Take("facility_type"), "facility_type", errors, p.facility_type, &ParseFacilityType, FacilityTypeCodes(),
             false);
    if (errors.size() == before) {
      if (p.level == PlaceLevel::kFacility && p.facility_type == FacilityType::kNone) {
        Add(errors, "facility_type", "is required for a facility: one of " + OneOf(FacilityTypeCodes().subspan(1)));
      } else if (p.level != PlaceLevel::kFacility && p.facility_type != FacilityType::kNone) {
        Add(errors, "facility_type",
            "must be none (or left out) unless level is facility; got " + std::string(ToCode(p.facility_type)) +
                " for a " + std::string(ToCode(p.level)));
      }
    }
    ReadBilingual(f.Take("name"), "name", errors, p.name, true);
    ReadNameVariants(f.Take("other_names"), "other_names", errors, p.other_names);
    f.Finish();
  }
  return Done(std::move(p), errors);
}

Result<Source> DecodeSource(const json& body) {
  Errors errors;
  Source s;
  Fields f(body, "", errors);
  if (f.ok()) {
    ReadCommon(f, errors, s.common);
    ReadCode(f.Take("type"), "type", errors, s.type, &ParseSourceType, SourceTypeCodes(), true);
    ReadBilingual(f.Take("title"), "title", errors, s.title, true);
    ReadString(f.Take("author"), "author", errors, s.author);
    ReadDate(f.Take("date"), "date", errors, s.date);
    std::string language;
    std::size_t before = errors.size();
    ReadString(f.Take("language"), "language", errors, language);
    if (errors.size() == before) {
      if (language.empty() || IsLanguageTag(language)) {
        s.language = std::move(language);
      } else {
        Add(errors, "language", "must be a BCP 47 language tag such as zh-Hans or en; got " + Quote(language));
      }
    }
    before = errors.size();
    ReadString(f.Take("url"), "url", errors, s.url);
    if (errors.size() == before && !s.url.empty() && !IsHttpUrl(s.url)) {
      Add(errors, "url", "must start with http:// or https://; got " + Quote(s.url));
    }
    ReadCode(f.Take("reliability"), "reliability", errors, s.reliability, &ParseReliability, ReliabilityCodes(), false);
    ReadBool(f.Take("protect_identity"), "protect_identity", errors, s.protect_identity);
    f.Finish();
  }
  return Done(std::move(s), errors);
}

Result<EvidenceFile> DecodeEvidenceFile(const json& body) {
  Errors errors;
  EvidenceFile e;
  // Evidence is restricted unless someone decides to publish it: an absent
  // visibility means restricted, unlike the other kinds.
  e.common.visibility = Visibility::kRestricted;
  Fields f(body, "", errors);
  if (f.ok()) {
    ReadCommon(f, errors, e.common);
    ReadId(f.Take("source_id"), "source_id", errors, e.source_id, RecordKind::kSource, false);
    ReadString(f.Take("filename"), "filename", errors, e.filename, true);
    if (e.filename.find('/') != std::string::npos || e.filename.find('\\') != std::string::npos) {
      Add(errors, "filename", "must be a file name without a directory; got " + Quote(e.filename));
    }
    const std::size_t before = errors.size();
    ReadString(f.Take("media_type"), "media_type", errors, e.media_type);
    if (errors.size() == before && !e.media_type.empty() && !IsMediaType(e.media_type)) {
      Add(errors, "media_type", "must be a media type such as application/pdf; got " + Quote(e.media_type));
    }
    ReadNonNegativeInt64(f.Take("size"), "size", errors, e.size);
    ReadHash(f.Take("sha256"), "sha256", errors, e.sha256, true);
    ReadBilingual(f.Take("description"), "description", errors, e.description);
    f.Finish();
  }
  return Done(std::move(e), errors);
}

Result<CustodyEvent> DecodeCustodyEvent(const json& body) {
  Errors errors;
  CustodyEvent c;
  // Like its evidence file, a custody entry (who handled what, when) is
  // restricted unless someone decides to publish it.
  c.common.visibility = Visibility::kRestricted;
  Fields f(body, "", errors);
  if (f.ok()) {
    ReadCommon(f, errors, c.common);
    ReadId(f.Take("evidence_file_id"), "evidence_file_id", errors, c.evidence_file_id, RecordKind::kEvidenceFile, true);
    ReadCode(f.Take("action"), "action", errors, c.action, &ParseCustodyAction, CustodyActionCodes(), true);
    const std::size_t before = errors.size();
    ReadString(f.Take("at"), "at", errors, c.at, true);
    if (errors.size() == before && !IsRfc3339Instant(c.at)) {
      Add(errors, "at", "must be an RFC 3339 instant such as 2026-11-29T08:00:00Z; got " + Quote(c.at));
    }
    ReadString(f.Take("actor"), "actor", errors, c.actor);
    ReadBilingual(f.Take("note"), "note", errors, c.note);
    ReadHash(f.Take("previous_hash"), "previous_hash", errors, c.previous_hash, false);
    ReadHash(f.Take("hash"), "hash", errors, c.hash, false);
    f.Finish();
  }
  return Done(std::move(c), errors);
}

Result<GroupEvent> DecodeGroupEvent(const json& body) {
  Errors errors;
  GroupEvent g;
  Fields f(body, "", errors);
  if (f.ok()) {
    ReadCommon(f, errors, g.common);
    ReadIdList(f.Take("source_ids"), "source_ids", errors, g.source_ids, RecordKind::kSource);
    ReadCode(f.Take("type"), "type", errors, g.type, &ParseGroupEventType, GroupEventTypeCodes(), true);
    ReadBilingual(f.Take("title"), "title", errors, g.title, true);
    ReadRequiredDate(f.Take("date"), "date", errors, g.date);
    ReadId(f.Take("place_id"), "place_id", errors, g.place_id, RecordKind::kPlace, false);
    ReadParticipantCount(f.Take("participants"), "participants", errors, g.participants);
    ReadIdList(f.Take("issue_ids"), "issue_ids", errors, g.issue_ids, RecordKind::kIssue);
    ReadArray(f.Take("people"), "people", errors, [&](const json& v, const std::string& path) {
      GroupEventPerson p;
      ReadGroupEventPerson(v, path, errors, p);
      g.people.push_back(std::move(p));
    });
    ReadBilingual(f.Take("summary"), "summary", errors, g.summary);
    f.Finish();
  }
  return Done(std::move(g), errors);
}

// --- Encode ---------------------------------------------------------------

json Encode(const Person& v) {
  json j = EncodeCommon(v.common);
  PutStrings(j, "source_ids", v.source_ids);
  PutNames(j, "names", v.names);
  j["sex"] = std::string(ToCode(v.sex));
  PutDate(j, "birth_date", v.birth_date);
  PutText(j, "ethnicity", v.ethnicity);
  PutText(j, "religion", v.religion);
  PutText(j, "occupation", v.occupation);
  if (!v.affiliations.empty()) {
    json a = json::array();
    for (const Affiliation& x : v.affiliations) {
      json o = json::object();
      o["organisation"] = EncodeText(x.organisation);
      PutText(o, "role", x.role);
      PutDate(o, "dates", x.dates);
      a.push_back(std::move(o));
    }
    j["affiliations"] = std::move(a);
  }
  PutText(j, "biography", v.biography);
  if (v.consent != PublishConsent{}) {
    json o = json{{"given", std::string(ToCode(v.consent.given))}};
    PutString(o, "given_by", v.consent.given_by);
    PutDate(o, "date", v.consent.date);
    j["consent"] = std::move(o);
  }
  PutGuarded(j, "risk_notes", v.risk_notes);
  return j;
}

json Encode(const Case& v) {
  json j = EncodeCommon(v.common);
  PutStrings(j, "source_ids", v.source_ids);
  j["person_id"] = v.person_id;
  PutText(j, "title", v.title);
  PutStrings(j, "issue_ids", v.issue_ids);
  PutText(j, "campaign", v.campaign);
  PutText(j, "summary", v.summary);
  if (!v.charges.empty()) {
    json a = json::array();
    for (const Charge& c : v.charges) {
      json o = json::object();
      PutString(o, "article", c.article);
      PutString(o, "name_zh", c.name_zh);
      PutString(o, "name_en", c.name_en);
      o["stage"] = std::string(ToCode(c.stage));
      a.push_back(std::move(o));
    }
    j["charges"] = std::move(a);
  }
  if (!v.sentences.empty()) {
    json a = json::array();
    for (const Sentence& s : v.sentences) {
      json o = json::object();
      PutText(o, "court", s.court);
      PutDate(o, "date", s.date);
      o["term"] = EncodeTerm(s.term);
      if (s.political_rights_years != 0) o["political_rights_years"] = s.political_rights_years;
      PutText(o, "appeal_outcome", s.appeal_outcome);
      PutDate(o, "appeal_date", s.appeal_date);
      a.push_back(std::move(o));
    }
    j["sentences"] = std::move(a);
  }
  PutGuarded(j, "family_contact", v.family_contact);
  PutGuarded(j, "notes", v.notes);
  return j;
}

json Encode(const LegalEvent& v) {
  json j = EncodeCommon(v.common);
  PutStrings(j, "source_ids", v.source_ids);
  j["case_id"] = v.case_id;
  j["type"] = std::string(ToCode(v.type));
  j["date"] = v.date.ToString();
  j["sequence"] = v.sequence;
  PutString(j, "place_id", v.place_id);
  PutText(j, "authority", v.authority);
  PutText(j, "legal_basis", v.legal_basis);
  j["family_notified"] = std::string(ToCode(v.family_notified));
  j["lawyer_access"] = std::string(ToCode(v.lawyer_access));
  j["whereabouts_known"] = std::string(ToCode(v.whereabouts_known));
  PutText(j, "description", v.description);
  return j;
}

json Encode(const Place& v) {
  json j = EncodeCommon(v.common);
  PutString(j, "parent_id", v.parent_id);
  j["level"] = std::string(ToCode(v.level));
  j["facility_type"] = std::string(ToCode(v.facility_type));
  j["name"] = EncodeText(v.name);
  PutNames(j, "other_names", v.other_names);
  return j;
}

json Encode(const Source& v) {
  json j = EncodeCommon(v.common);
  j["type"] = std::string(ToCode(v.type));
  j["title"] = EncodeText(v.title);
  PutString(j, "author", v.author);
  PutDate(j, "date", v.date);
  PutString(j, "language", v.language);
  PutString(j, "url", v.url);
  j["reliability"] = std::string(ToCode(v.reliability));
  j["protect_identity"] = v.protect_identity;
  return j;
}

json Encode(const EvidenceFile& v) {
  json j = EncodeCommon(v.common);
  PutString(j, "source_id", v.source_id);
  j["filename"] = v.filename;
  PutString(j, "media_type", v.media_type);
  j["size"] = v.size;
  j["sha256"] = v.sha256;
  PutText(j, "description", v.description);
  return j;
}

json Encode(const CustodyEvent& v) {
  json j = EncodeCommon(v.common);
  j["evidence_file_id"] = v.evidence_file_id;
  j["action"] = std::string(ToCode(v.action));
  j["at"] = v.at;
  PutString(j, "actor", v.actor);
  PutText(j, "note", v.note);
  PutString(j, "previous_hash", v.previous_hash);
  PutString(j, "hash", v.hash);
  return j;
}

json Encode(const GroupEvent& v) {
  json j = EncodeCommon(v.common);
  PutStrings(j, "source_ids", v.source_ids);
  j["type"] = std::string(ToCode(v.type));
  j["title"] = EncodeText(v.title);
  j["date"] = v.date.ToString();
  PutString(j, "place_id", v.place_id);
  if (v.participants != ParticipantCount{}) j["participants"] = EncodeParticipantCount(v.participants);
  PutStrings(j, "issue_ids", v.issue_ids);
  if (!v.people.empty()) {
    json a = json::array();
    for (const GroupEventPerson& p : v.people) {
      json o = json{{"person_id", p.person_id}};
      PutText(o, "role", p.role);
      PutText(o, "outcome", p.outcome);
      a.push_back(std::move(o));
    }
    j["people"] = std::move(a);
  }
  PutText(j, "summary", v.summary);
  return j;
}

}  // namespace readout::core
