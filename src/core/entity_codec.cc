#include "core/entity_codec.h"

#include <climits>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/accountability_codec.h"
#include "core/case_codec.h"
#include "core/codec_support.h"
#include "core/quote.h"
#include "core/readout.h"

namespace readout::core {
namespace {

using nlohmann::json;
using namespace codec;  // NOLINT(build/namespaces): the codec building blocks, internal to core

void ReadParty(const json* v, const std::string& path, Errors& errors, Party& out) {
  if (v == nullptr) {
    Add(errors, path, "is required: an object with a name");
    return;
  }
  Fields f(*v, path, errors);
  if (!f.ok()) return;
  ReadBilingual(f.Take("name"), f.Path("name"), errors, out.name, true);
  f.Finish();
}

void ReadCaseListEntry(const json& v, const std::string& path, Errors& errors, CaseListEntry& out) {
  Fields f(v, path, errors);
  if (!f.ok()) return;
  ReadBilingual(f.Take("name"), f.Path("name"), errors, out.name, true);
  ReadId(f.Take("case_id"), f.Path("case_id"), errors, out.case_id, RecordKind::kCase, false);
  ReadBilingual(f.Take("note"), f.Path("note"), errors, out.note);
  f.Finish();
}

// Header fields of a stored record's JSON: MakeDraft drops them so that a GET
// response can be edited and sent back.
constexpr std::string_view kHeaderFields[] = {"id", "kind", "revision", "created_at", "updated_at", "deleted"};

}  // namespace

Result<Dialogue> DecodeDialogue(const json& body) {
  Errors errors;
  Dialogue d;
  Fields f(body, "", errors);
  if (f.ok()) {
    ReadCommon(f, errors, d.common);
    ReadBilingual(f.Take("name"), "name", errors, d.name, true);
    ReadParty(f.Take("party_a"), "party_a", errors, d.party_a);
    ReadParty(f.Take("party_b"), "party_b", errors, d.party_b);
    ReadDate(f.Take("first_held"), "first_held", errors, d.first_held);
    ReadBilingual(f.Take("summary"), "summary", errors, d.summary);
    ReadNonNegativeInt(f.Take("round_interval_months"), "round_interval_months", errors, d.round_interval_months);
    ReadNonNegativeInt(f.Take("readout_due_days"), "readout_due_days", errors, d.readout_due_days);
    f.Finish();
  }
  return Done(std::move(d), errors);
}

Result<Round> DecodeRound(const json& body) {
  Errors errors;
  Round r;
  Fields f(body, "", errors);
  if (f.ok()) {
    ReadCommon(f, errors, r.common);
    ReadId(f.Take("dialogue_id"), "dialogue_id", errors, r.dialogue_id, RecordKind::kDialogue, true);
    ReadNonNegativeInt(f.Take("number"), "number", errors, r.number);
    ReadBilingual(f.Take("title"), "title", errors, r.title, true);
    std::optional<PartialDate> dates;
    ReadDate(f.Take("dates"), "dates", errors, dates, true);
    if (dates) r.dates = std::move(*dates);
    ReadBilingual(f.Take("place"), "place", errors, r.place);
    ReadArray(f.Take("delegation"), "delegation", errors, [&](const json& v, const std::string& path) {
      Participant p;
      ReadParticipant(v, path, errors, p);
      r.delegation.push_back(std::move(p));
    });
    ReadBilingual(f.Take("summary"), "summary", errors, r.summary);
    ReadArray(f.Take("outcomes"), "outcomes", errors, [&](const json& v, const std::string& path) {
      BilingualText t;
      ReadBilingual(&v, path, errors, t, true);
      r.outcomes.push_back(std::move(t));
    });
    ReadDate(f.Take("next_round_agreed"), "next_round_agreed", errors, r.next_round_agreed);
    ReadPublicAccount(f.Take("public_account"), "public_account", errors, r.public_account);
    f.Finish();
  }
  return Done(std::move(r), errors);
}

Result<Issue> DecodeIssue(const json& body) {
  Errors errors;
  Issue i;
  Fields f(body, "", errors);
  if (f.ok()) {
    ReadCommon(f, errors, i.common);
    ReadId(f.Take("parent_id"), "parent_id", errors, i.parent_id, RecordKind::kIssue, false);
    ReadBilingual(f.Take("name"), "name", errors, i.name, true);
    ReadBilingual(f.Take("description"), "description", errors, i.description);
    f.Finish();
  }
  return Done(std::move(i), errors);
}

Result<Ask> DecodeAsk(const json& body) {
  Errors errors;
  Ask a;
  Fields f(body, "", errors);
  if (f.ok()) {
    ReadCommon(f, errors, a.common);
    // Raised at a round or at an engagement: exactly one of the two, and it is the parent.
    const std::size_t parent_errors = errors.size();
    ReadId(f.Take("round_id"), "round_id", errors, a.round_id, RecordKind::kRound, false);
    ReadId(f.Take("engagement_id"), "engagement_id", errors, a.engagement_id, RecordKind::kEngagement, false);
    if (errors.size() == parent_errors) {
      if (a.round_id.empty() && a.engagement_id.empty()) {
        Add(errors, "round_id", "is required: give a round_id or an engagement_id");
      } else if (!a.round_id.empty() && !a.engagement_id.empty()) {
        Add(errors, "round_id", "give a round_id or an engagement_id, not both");
      }
    }
    if (const json* subject = f.Take("subject"); subject == nullptr) {
      Add(errors, "subject", "is required: an object such as {\"kind\": \"issue\", \"id\": \"iss_...\"}");
    } else {
      Fields s(*subject, "subject", errors);
      if (s.ok()) {
        const std::size_t before = errors.size();
        ReadCode(s.Take("kind"), "subject.kind", errors, a.subject.kind, &ParseAskSubjectKind, AskSubjectKindCodes(),
                 true);
        if (errors.size() == before) {
          switch (a.subject.kind) {
            case AskSubjectKind::kIssue:
              ReadId(s.Take("id"), "subject.id", errors, a.subject.id, RecordKind::kIssue, true);
              break;
            case AskSubjectKind::kBenchmark:
              ReadId(s.Take("id"), "subject.id", errors, a.subject.id, RecordKind::kBenchmark, true);
              break;
            case AskSubjectKind::kCase:
              ReadId(s.Take("id"), "subject.id", errors, a.subject.id, RecordKind::kCase, true);
              break;
          }
        } else {
          s.Take("id");
        }
        s.Finish();
      }
    }
    ReadBilingual(f.Take("raised_by"), "raised_by", errors, a.raised_by);
    std::set<RequestKind> seen;
    ReadArray(f.Take("requests"), "requests", errors, [&](const json& v, const std::string& path) {
      RequestKind k = RequestKind::kOther;
      const std::size_t before = errors.size();
      ReadCode(&v, path, errors, k, &ParseRequestKind, RequestKindCodes(), true);
      if (errors.size() != before) return;
      if (!seen.insert(k).second) {
        Add(errors, path, "lists " + std::string(ToCode(k)) + " twice");
        return;
      }
      a.requests.push_back(k);
    });
    ReadBilingual(f.Take("description"), "description", errors, a.description);
    ReadNonNegativeInt(f.Take("position"), "position", errors, a.position);
    f.Finish();
  }
  return Done(std::move(a), errors);
}

Result<Reply> DecodeReply(const json& body) {
  Errors errors;
  Reply r;
  Fields f(body, "", errors);
  if (f.ok()) {
    ReadCommon(f, errors, r.common);
    ReadId(f.Take("ask_id"), "ask_id", errors, r.ask_id, RecordKind::kAsk, true);
    ReadCode(f.Take("reply_kind"), "reply_kind", errors, r.reply_kind, &ParseReplyKind, ReplyKindCodes(), true);
    ReadString(f.Take("original_text"), "original_text", errors, r.original_text);
    std::string language;
    const std::size_t before = errors.size();
    ReadString(f.Take("original_language"), "original_language", errors, language);
    if (errors.size() == before) {
      if (language.empty() || IsLanguageTag(language)) {
        r.original_language = std::move(language);
      } else {
        Add(errors, "original_language", "must be a BCP 47 language tag such as zh-Hans or en; got " + Quote(language));
      }
    }
    ReadBilingual(f.Take("translation"), "translation", errors, r.translation);
    ReadDate(f.Take("date"), "date", errors, r.date);
    ReadBilingual(f.Take("given_by"), "given_by", errors, r.given_by);
    f.Finish();
  }
  return Done(std::move(r), errors);
}

Result<CaseList> DecodeCaseList(const json& body) {
  Errors errors;
  CaseList c;
  Fields f(body, "", errors);
  if (f.ok()) {
    ReadCommon(f, errors, c.common);
    ReadId(f.Take("round_id"), "round_id", errors, c.round_id, RecordKind::kRound, true);
    ReadCode(f.Take("status"), "status", errors, c.status, &ParseCaseListStatus, CaseListStatusCodes(), false);
    ReadBilingual(f.Take("handed_over_by"), "handed_over_by", errors, c.handed_over_by);
    ReadArray(f.Take("entries"), "entries", errors, [&](const json& v, const std::string& path) {
      CaseListEntry e;
      ReadCaseListEntry(v, path, errors, e);
      c.entries.push_back(std::move(e));
    });
    ReadBilingual(f.Take("response"), "response", errors, c.response);
    f.Finish();
  }
  return Done(std::move(c), errors);
}

json Encode(const Dialogue& v) {
  json j = EncodeCommon(v.common);
  j["name"] = EncodeText(v.name);
  j["party_a"] = json{{"name", EncodeText(v.party_a.name)}};
  j["party_b"] = json{{"name", EncodeText(v.party_b.name)}};
  PutDate(j, "first_held", v.first_held);
  PutText(j, "summary", v.summary);
  // Zero means "not set": omitted so that records from before these fields encode as they did.
  if (v.round_interval_months != 0) j["round_interval_months"] = v.round_interval_months;
  if (v.readout_due_days != 0) j["readout_due_days"] = v.readout_due_days;
  return j;
}

json Encode(const Round& v) {
  json j = EncodeCommon(v.common);
  j["dialogue_id"] = v.dialogue_id;
  j["number"] = v.number;
  j["title"] = EncodeText(v.title);
  j["dates"] = v.dates.ToString();
  PutText(j, "place", v.place);
  if (!v.delegation.empty()) {
    json delegation = json::array();
    for (const Participant& p : v.delegation) delegation.push_back(EncodeParticipant(p));
    j["delegation"] = std::move(delegation);
  }
  PutText(j, "summary", v.summary);
  if (!v.outcomes.empty()) {
    json outcomes = json::array();
    for (const BilingualText& t : v.outcomes) outcomes.push_back(EncodeText(t));
    j["outcomes"] = std::move(outcomes);
  }
  PutDate(j, "next_round_agreed", v.next_round_agreed);
  // Omitted while nothing is recorded, so that rounds from before this field encode as they did.
  if (v.public_account != PublicAccount{}) j["public_account"] = EncodePublicAccount(v.public_account);
  return j;
}

json Encode(const Issue& v) {
  json j = EncodeCommon(v.common);
  PutString(j, "parent_id", v.parent_id);
  j["name"] = EncodeText(v.name);
  PutText(j, "description", v.description);
  return j;
}

json Encode(const Ask& v) {
  json j = EncodeCommon(v.common);
  PutString(j, "round_id", v.round_id);
  PutString(j, "engagement_id", v.engagement_id);
  j["subject"] = json{{"kind", std::string(ToCode(v.subject.kind))}, {"id", v.subject.id}};
  PutText(j, "raised_by", v.raised_by);
  if (!v.requests.empty()) {
    json requests = json::array();
    for (RequestKind k : v.requests) requests.push_back(std::string(ToCode(k)));
    j["requests"] = std::move(requests);
  }
  PutText(j, "description", v.description);
  j["position"] = v.position;
  return j;
}

json Encode(const Reply& v) {
  json j = EncodeCommon(v.common);
  j["ask_id"] = v.ask_id;
  j["reply_kind"] = std::string(ToCode(v.reply_kind));
  PutString(j, "original_text", v.original_text);
  PutString(j, "original_language", v.original_language);
  PutText(j, "translation", v.translation);
  PutDate(j, "date", v.date);
  PutText(j, "given_by", v.given_by);
  return j;
}

json Encode(const CaseList& v) {
  json j = EncodeCommon(v.common);
  j["round_id"] = v.round_id;
  j["status"] = std::string(ToCode(v.status));
  PutText(j, "handed_over_by", v.handed_over_by);
  if (!v.entries.empty()) {
    json entries = json::array();
    for (const CaseListEntry& e : v.entries) {
      json o = json::object();
      o["name"] = EncodeText(e.name);
      PutString(o, "case_id", e.case_id);
      PutText(o, "note", e.note);
      entries.push_back(std::move(o));
    }
    j["entries"] = std::move(entries);
  }
  PutText(j, "response", v.response);
  return j;
}

namespace {

void AddId(RecordDraft& draft, const char* field, const std::string& id, RecordKind kind) {
  if (!id.empty()) draft.references.push_back({field, id, kind});
}

void AddIds(RecordDraft& draft, const char* field, const std::vector<std::string>& ids, RecordKind kind) {
  for (std::size_t i = 0; i < ids.size(); ++i) draft.references.push_back({Index(field, i), ids[i], kind});
}

// Decodes `body` as `T`, re-encodes it, and fills the draft's kind-specific parts.
template <typename T>
void Fill(Result<T> (*decode)(const json&), const json& body, RecordDraft& draft, Errors& errors) {
  Result<T> value = decode(body);
  if (!value) {
    for (FieldError& e : value.error().fields) errors.push_back(std::move(e));
    return;
  }
  draft.body = Encode(*value);
  draft.visibility = value->common.visibility;
  if constexpr (std::is_same_v<T, Round>) {
    draft.parent_id = value->dialogue_id;
    draft.references.push_back({"dialogue_id", value->dialogue_id, RecordKind::kDialogue});
  } else if constexpr (std::is_same_v<T, Issue>) {
    draft.parent_id = value->parent_id;
    if (!value->parent_id.empty()) draft.references.push_back({"parent_id", value->parent_id, RecordKind::kIssue});
  } else if constexpr (std::is_same_v<T, Ask>) {
    if (!value->round_id.empty()) {
      draft.parent_id = value->round_id;
      draft.references.push_back({"round_id", value->round_id, RecordKind::kRound});
    } else {
      draft.parent_id = value->engagement_id;
      draft.references.push_back({"engagement_id", value->engagement_id, RecordKind::kEngagement});
    }
    switch (value->subject.kind) {
      case AskSubjectKind::kIssue:
        draft.references.push_back({"subject.id", value->subject.id, RecordKind::kIssue});
        break;
      case AskSubjectKind::kBenchmark:
        draft.references.push_back({"subject.id", value->subject.id, RecordKind::kBenchmark});
        break;
      case AskSubjectKind::kCase:
        draft.references.push_back({"subject.id", value->subject.id, RecordKind::kCase});
        break;
    }
  } else if constexpr (std::is_same_v<T, Reply>) {
    draft.parent_id = value->ask_id;
    draft.references.push_back({"ask_id", value->ask_id, RecordKind::kAsk});
  } else if constexpr (std::is_same_v<T, CaseList>) {
    draft.parent_id = value->round_id;
    draft.references.push_back({"round_id", value->round_id, RecordKind::kRound});
    for (std::size_t i = 0; i < value->entries.size(); ++i) {
      const std::string& case_id = value->entries[i].case_id;
      if (!case_id.empty()) draft.references.push_back({Index("entries", i) + ".case_id", case_id, RecordKind::kCase});
    }
  } else if constexpr (std::is_same_v<T, Person>) {
    AddIds(draft, "source_ids", value->source_ids, RecordKind::kSource);
  } else if constexpr (std::is_same_v<T, Case>) {
    draft.parent_id = value->person_id;
    draft.references.push_back({"person_id", value->person_id, RecordKind::kPerson});
    AddIds(draft, "issue_ids", value->issue_ids, RecordKind::kIssue);
    AddIds(draft, "source_ids", value->source_ids, RecordKind::kSource);
  } else if constexpr (std::is_same_v<T, LegalEvent>) {
    draft.parent_id = value->case_id;
    draft.references.push_back({"case_id", value->case_id, RecordKind::kCase});
    AddId(draft, "place_id", value->place_id, RecordKind::kPlace);
    AddIds(draft, "source_ids", value->source_ids, RecordKind::kSource);
  } else if constexpr (std::is_same_v<T, Place>) {
    draft.parent_id = value->parent_id;
    AddId(draft, "parent_id", value->parent_id, RecordKind::kPlace);
  } else if constexpr (std::is_same_v<T, EvidenceFile>) {
    draft.parent_id = value->source_id;
    AddId(draft, "source_id", value->source_id, RecordKind::kSource);
  } else if constexpr (std::is_same_v<T, CustodyEvent>) {
    draft.parent_id = value->evidence_file_id;
    draft.references.push_back({"evidence_file_id", value->evidence_file_id, RecordKind::kEvidenceFile});
  } else if constexpr (std::is_same_v<T, GroupEvent>) {
    AddId(draft, "place_id", value->place_id, RecordKind::kPlace);
    AddIds(draft, "issue_ids", value->issue_ids, RecordKind::kIssue);
    AddIds(draft, "source_ids", value->source_ids, RecordKind::kSource);
    for (std::size_t i = 0; i < value->people.size(); ++i) {
      draft.references.push_back(
          {Index("people", i) + ".person_id", value->people[i].person_id, RecordKind::kPerson});
    }
  } else if constexpr (std::is_same_v<T, Benchmark>) {
    draft.parent_id = value->dialogue_id;
    draft.references.push_back({"dialogue_id", value->dialogue_id, RecordKind::kDialogue});
    draft.references.push_back({"issue_id", value->issue_id, RecordKind::kIssue});
    AddId(draft, "introduced_round_id", value->introduced_round_id, RecordKind::kRound);
    AddIds(draft, "case_ids", value->case_ids, RecordKind::kCase);
    AddIds(draft, "source_ids", value->source_ids, RecordKind::kSource);
  } else if constexpr (std::is_same_v<T, Assessment>) {
    draft.parent_id = value->benchmark_id;
    draft.references.push_back({"benchmark_id", value->benchmark_id, RecordKind::kBenchmark});
    AddId(draft, "round_id", value->round_id, RecordKind::kRound);
    AddIds(draft, "source_ids", value->source_ids, RecordKind::kSource);
    // Nothing is public without a second person (DESIGN §1): a draft rating is
    // stored at least internal, whatever its body asks for once approved.
    if (value->state == ReviewState::kDraft && draft.visibility == Visibility::kPublic) {
      draft.visibility = Visibility::kInternal;
    }
  } else if constexpr (std::is_same_v<T, Commitment>) {
    draft.parent_id = value->dialogue_id;
    draft.references.push_back({"dialogue_id", value->dialogue_id, RecordKind::kDialogue});
    AddId(draft, "round_id", value->round_id, RecordKind::kRound);
    AddId(draft, "engagement_id", value->engagement_id, RecordKind::kEngagement);
    AddIds(draft, "benchmark_ids", value->benchmark_ids, RecordKind::kBenchmark);
    AddIds(draft, "source_ids", value->source_ids, RecordKind::kSource);
  } else if constexpr (std::is_same_v<T, Engagement>) {
    draft.parent_id = value->dialogue_id;
    draft.references.push_back({"dialogue_id", value->dialogue_id, RecordKind::kDialogue});
    draft.references.push_back({"agency_id", value->agency_id, RecordKind::kAgency});
  } else if constexpr (std::is_same_v<T, Indicator>) {
    draft.parent_id = value->dialogue_id;
    AddId(draft, "dialogue_id", value->dialogue_id, RecordKind::kDialogue);
    AddId(draft, "issue_id", value->issue_id, RecordKind::kIssue);
    AddIds(draft, "source_ids", value->source_ids, RecordKind::kSource);
  } else if constexpr (std::is_same_v<T, Observation>) {
    draft.parent_id = value->indicator_id;
    draft.references.push_back({"indicator_id", value->indicator_id, RecordKind::kIndicator});
    AddIds(draft, "source_ids", value->source_ids, RecordKind::kSource);
  } else if constexpr (std::is_same_v<T, Readout>) {
    const RecordKind subject_kind =
        KindOfId(value->subject_id) == RecordKind::kEngagement ? RecordKind::kEngagement : RecordKind::kRound;
    draft.parent_id = value->subject_id;
    draft.references.push_back({"subject_id", value->subject_id, subject_kind});
    // Nothing is public before it is reviewed and published (core/readout.h):
    // until a version is published the record is stored at least internal.
    if (value->versions.empty() && draft.visibility == Visibility::kPublic) draft.visibility = Visibility::kInternal;
  }
  // Agency: no parent and no references.
}

}  // namespace

Result<RecordDraft> MakeDraft(RecordKind kind, const json& body, std::string id) {
  Errors errors;
  RecordDraft draft;
  draft.kind = kind;
  if (!id.empty()) {
    if (Status st = ValidateId(id, kind, "id"); !st) {
      for (FieldError& e : st.error().fields) errors.push_back(std::move(e));
    }
  }
  draft.id = std::move(id);
  if (!body.is_object()) {
    Add(errors, "", WrongType("an object", body));
    return Fail(Error::Invalid(std::move(errors)));
  }
  json stripped = body;
  for (std::string_view name : kHeaderFields) {
    auto it = stripped.find(name);
    if (it == stripped.end()) continue;
    if (name == "kind" && !(it->is_string() && it->get_ref<const std::string&>() == KindName(kind))) {
      const std::string got = it->is_string() ? Quote(it->get_ref<const std::string&>()) : it->type_name();
      std::string problem =
          "must be \"" + std::string(KindName(kind)) + "\" (the record's kind) when given; got " + got;
      // A meeting or a call is the engagement's own kind, which has its own field.
      if (kind == RecordKind::kEngagement) problem += "; give the engagement's kind as engagement_kind";
      Add(errors, "kind", std::move(problem));
    }
    stripped.erase(it);
  }
  // An issue's and a place's parent_id is their own field; for the other
  // kinds it is the header field a GET response carries, derived from the body.
  if (kind != RecordKind::kIssue && kind != RecordKind::kPlace) stripped.erase("parent_id");
  switch (kind) {
    case RecordKind::kDialogue:
      Fill(&DecodeDialogue, stripped, draft, errors);
      break;
    case RecordKind::kRound:
      Fill(&DecodeRound, stripped, draft, errors);
      break;
    case RecordKind::kIssue:
      Fill(&DecodeIssue, stripped, draft, errors);
      break;
    case RecordKind::kAsk:
      Fill(&DecodeAsk, stripped, draft, errors);
      break;
    case RecordKind::kReply:
      Fill(&DecodeReply, stripped, draft, errors);
      break;
    case RecordKind::kCaseList:
      Fill(&DecodeCaseList, stripped, draft, errors);
      break;
    case RecordKind::kPerson:
      Fill(&DecodePerson, stripped, draft, errors);
      break;
    case RecordKind::kCase:
      Fill(&DecodeCase, stripped, draft, errors);
      break;
    case RecordKind::kLegalEvent:
      Fill(&DecodeLegalEvent, stripped, draft, errors);
      break;
    case RecordKind::kPlace:
      Fill(&DecodePlace, stripped, draft, errors);
      break;
    case RecordKind::kSource:
      Fill(&DecodeSource, stripped, draft, errors);
      break;
    case RecordKind::kEvidenceFile:
      Fill(&DecodeEvidenceFile, stripped, draft, errors);
      break;
    case RecordKind::kCustodyEvent:
      Fill(&DecodeCustodyEvent, stripped, draft, errors);
      break;
    case RecordKind::kGroupEvent:
      Fill(&DecodeGroupEvent, stripped, draft, errors);
      break;
    case RecordKind::kBenchmark:
      Fill(&DecodeBenchmark, stripped, draft, errors);
      break;
    case RecordKind::kAssessment:
      Fill(&DecodeAssessment, stripped, draft, errors);
      break;
    case RecordKind::kCommitment:
      Fill(&DecodeCommitment, stripped, draft, errors);
      break;
    case RecordKind::kAgency:
      Fill(&DecodeAgency, stripped, draft, errors);
      break;
    case RecordKind::kEngagement:
      Fill(&DecodeEngagement, stripped, draft, errors);
      break;
    case RecordKind::kIndicator:
      Fill(&DecodeIndicator, stripped, draft, errors);
      break;
    case RecordKind::kObservation:
      Fill(&DecodeObservation, stripped, draft, errors);
      break;
    case RecordKind::kReadout:
      Fill(&DecodeReadout, stripped, draft, errors);
      break;
  }
  if (!errors.empty()) return Fail(Error::Invalid(std::move(errors)));
  return draft;
}

}  // namespace readout::core
