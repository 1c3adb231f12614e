#include "core/accountability_codec.h"

#include <cstddef>
#include <optional>
#include <set>
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

void ReadOutlet(const json* v, const std::string& path, Errors& errors, std::optional<Outlet>& out) {
  if (v == nullptr) return;
  Fields f(*v, path, errors);
  if (!f.ok()) return;
  Outlet o;
  ReadBilingual(f.Take("name"), f.Path("name"), errors, o.name, true);
  ReadLanguageTag(f.Take("language"), f.Path("language"), errors, o.language);
  f.Finish();
  out = std::move(o);
}

void ReadDefinition(const json* v, const std::string& path, Errors& errors, IndicatorDefinition& out) {
  if (v == nullptr) {
    Add(errors, path, "is required: an object with at least \"counted\", what the indicator counts");
    return;
  }
  Fields f(*v, path, errors);
  if (!f.ok()) return;
  ReadBilingual(f.Take("counted"), f.Path("counted"), errors, out.counted, true);
  ReadDate(f.Take("since"), f.Path("since"), errors, out.since);
  ReadBilingual(f.Take("counted_by"), f.Path("counted_by"), errors, out.counted_by);
  f.Finish();
}

// --- Encoding -------------------------------------------------------------

void PutCode(json& j, const char* name, std::string_view code) { j[name] = std::string(code); }

}  // namespace

// --- Decode ---------------------------------------------------------------

Result<Benchmark> DecodeBenchmark(const json& body) {
  Errors errors;
  Benchmark b;
  Fields f(body, "", errors);
  if (f.ok()) {
    ReadCommon(f, errors, b.common);
    ReadId(f.Take("dialogue_id"), "dialogue_id", errors, b.dialogue_id, RecordKind::kDialogue, true);
    ReadId(f.Take("issue_id"), "issue_id", errors, b.issue_id, RecordKind::kIssue, true);
    ReadBilingual(f.Take("statement"), "statement", errors, b.statement, true);
    ReadBilingual(f.Take("criterion"), "criterion", errors, b.criterion);
    ReadBilingual(f.Take("baseline"), "baseline", errors, b.baseline);
    ReadDate(f.Take("baseline_date"), "baseline_date", errors, b.baseline_date);
    ReadBilingual(f.Take("target"), "target", errors, b.target);
    ReadDate(f.Take("deadline"), "deadline", errors, b.deadline);
    ReadId(f.Take("introduced_round_id"), "introduced_round_id", errors, b.introduced_round_id, RecordKind::kRound,
           false);
    ReadIdList(f.Take("case_ids"), "case_ids", errors, b.case_ids, RecordKind::kCase);
    ReadIdList(f.Take("source_ids"), "source_ids", errors, b.source_ids, RecordKind::kSource);
    ReadNonNegativeInt(f.Take("position"), "position", errors, b.position);
    f.Finish();
  }
  return Done(std::move(b), errors);
}

Result<Assessment> DecodeAssessment(const json& body) {
  Errors errors;
  Assessment a;
  Fields f(body, "", errors);
  if (f.ok()) {
    ReadCommon(f, errors, a.common);
    ReadId(f.Take("benchmark_id"), "benchmark_id", errors, a.benchmark_id, RecordKind::kBenchmark, true);
    // At a round, or at a date between rounds: exactly one of the two.
    std::size_t before = errors.size();
    ReadId(f.Take("round_id"), "round_id", errors, a.round_id, RecordKind::kRound, false);
    ReadDate(f.Take("date"), "date", errors, a.date);
    if (errors.size() == before) {
      if (a.round_id.empty() && !a.date) {
        Add(errors, "round_id", "is required: give a round_id or a date");
      } else if (!a.round_id.empty() && a.date) {
        Add(errors, "round_id", "give a round_id or a date, not both");
      }
    }
    before = errors.size();
    ReadCode(f.Take("rating"), "rating", errors, a.rating, &ParseAssessmentRating, AssessmentRatingCodes(), false);
    const bool rating_ok = errors.size() == before;
    ReadBilingual(f.Take("rationale"), "rationale", errors, a.rationale);
    if (rating_ok && a.rating != AssessmentRating::kNotAssessed && a.rationale.en.empty() &&
        a.rationale.zh_hans.empty()) {
      Add(errors, "rationale",
          "is required for a rating of " + std::string(ToCode(a.rating)) + ": say why, in en or zh_hans");
    }
    ReadIdList(f.Take("source_ids"), "source_ids", errors, a.source_ids, RecordKind::kSource);
    ReadString(f.Take("assessor"), "assessor", errors, a.assessor, true);
    before = errors.size();
    ReadString(f.Take("reviewer"), "reviewer", errors, a.reviewer);
    ReadCode(f.Take("state"), "state", errors, a.state, &ParseReviewState, ReviewStateCodes(), false);
    // Nothing is public without a second person (DESIGN §1).
    if (errors.size() == before && a.state == ReviewState::kApproved) {
      if (a.reviewer.empty()) {
        Add(errors, "reviewer", "is required when state is approved: who approved it");
      } else if (a.reviewer == a.assessor) {
        Add(errors, "reviewer", "must be someone other than the assessor");
      }
    }
    f.Finish();
  }
  return Done(std::move(a), errors);
}

Result<Commitment> DecodeCommitment(const json& body) {
  Errors errors;
  Commitment c;
  Fields f(body, "", errors);
  if (f.ok()) {
    ReadCommon(f, errors, c.common);
    ReadId(f.Take("dialogue_id"), "dialogue_id", errors, c.dialogue_id, RecordKind::kDialogue, true);
    ReadBilingual(f.Take("text"), "text", errors, c.text, true);
    ReadRequiredDate(f.Take("date"), "date", errors, c.date);
    ReadBilingual(f.Take("made_by"), "made_by", errors, c.made_by);
    ReadId(f.Take("round_id"), "round_id", errors, c.round_id, RecordKind::kRound, false);
    ReadId(f.Take("engagement_id"), "engagement_id", errors, c.engagement_id, RecordKind::kEngagement, false);
    ReadIdList(f.Take("benchmark_ids"), "benchmark_ids", errors, c.benchmark_ids, RecordKind::kBenchmark);
    ReadIdList(f.Take("source_ids"), "source_ids", errors, c.source_ids, RecordKind::kSource);
    const std::size_t before = errors.size();
    ReadCode(f.Take("status"), "status", errors, c.status, &ParseCommitmentStatus, CommitmentStatusCodes(), false);
    const bool status_ok = errors.size() == before;
    const json* closed_date = f.Take("closed_date");
    ReadDate(closed_date, "closed_date", errors, c.closed_date);
    if (status_ok) {
      if (c.status == CommitmentStatus::kOpen && closed_date != nullptr) {
        Add(errors, "closed_date", "must be left out while status is open");
      } else if (c.status != CommitmentStatus::kOpen && closed_date == nullptr) {
        Add(errors, "closed_date",
            "is required when status is " + std::string(ToCode(c.status)) + ": when it was settled, as an EDTF date");
      }
    }
    ReadBilingual(f.Take("follow_up"), "follow_up", errors, c.follow_up);
    f.Finish();
  }
  return Done(std::move(c), errors);
}

Result<Agency> DecodeAgency(const json& body) {
  Errors errors;
  Agency a;
  Fields f(body, "", errors);
  if (f.ok()) {
    ReadCommon(f, errors, a.common);
    ReadBilingual(f.Take("name"), "name", errors, a.name, true);
    ReadString(f.Take("abbreviation"), "abbreviation", errors, a.abbreviation);
    ReadCode(f.Take("side"), "side", errors, a.side, &ParseSide, SideCodes(), false);
    const json* areas = f.Take("areas");
    const std::size_t before = errors.size();
    std::set<AgencyArea> seen;
    ReadArray(areas, "areas", errors, [&](const json& v, const std::string& path) {
      AgencyArea area = AgencyArea::kOther;
      const std::size_t b = errors.size();
      ReadCode(&v, path, errors, area, &ParseAgencyArea, AgencyAreaCodes(), true);
      if (errors.size() != b) return;
      if (!seen.insert(area).second) {
        Add(errors, path, "lists " + std::string(ToCode(area)) + " twice");
        return;
      }
      a.areas.push_back(area);
    });
    if (errors.size() == before && a.areas.empty()) {
      Add(errors, "areas", "is required: at least one of " + OneOf(AgencyAreaCodes()));
    }
    f.Finish();
  }
  return Done(std::move(a), errors);
}

Result<Engagement> DecodeEngagement(const json& body) {
  Errors errors;
  Engagement e;
  Fields f(body, "", errors);
  if (f.ok()) {
    ReadCommon(f, errors, e.common);
    ReadId(f.Take("dialogue_id"), "dialogue_id", errors, e.dialogue_id, RecordKind::kDialogue, true);
    ReadId(f.Take("agency_id"), "agency_id", errors, e.agency_id, RecordKind::kAgency, true);
    // Named engagement_kind in JSON, not kind: "kind" is the record kind in every record's JSON (as reply_kind).
    ReadCode(f.Take("engagement_kind"), "engagement_kind", errors, e.kind, &ParseEngagementKind, EngagementKindCodes(),
             true);
    ReadBilingual(f.Take("title"), "title", errors, e.title, true);
    ReadRequiredDate(f.Take("date"), "date", errors, e.date);
    ReadArray(f.Take("participants"), "participants", errors, [&](const json& v, const std::string& path) {
      Participant p;
      ReadParticipant(v, path, errors, p);
      e.participants.push_back(std::move(p));
    });
    ReadBilingual(f.Take("counterpart"), "counterpart", errors, e.counterpart);
    ReadBilingual(f.Take("place"), "place", errors, e.place);
    ReadOutlet(f.Take("outlet"), "outlet", errors, e.outlet);
    ReadCode(f.Take("human_rights_raised"), "human_rights_raised", errors, e.human_rights_raised, &ParseTriState,
             TriStateCodes(), false);
    ReadPublicAccount(f.Take("public_account"), "public_account", errors, e.public_account);
    ReadBilingual(f.Take("summary"), "summary", errors, e.summary);
    f.Finish();
  }
  return Done(std::move(e), errors);
}

Result<Indicator> DecodeIndicator(const json& body) {
  Errors errors;
  Indicator i;
  Fields f(body, "", errors);
  if (f.ok()) {
    ReadCommon(f, errors, i.common);
    ReadId(f.Take("dialogue_id"), "dialogue_id", errors, i.dialogue_id, RecordKind::kDialogue, false);
    ReadId(f.Take("issue_id"), "issue_id", errors, i.issue_id, RecordKind::kIssue, false);
    ReadBilingual(f.Take("name"), "name", errors, i.name, true);
    ReadDefinition(f.Take("definition"), "definition", errors, i.definition);
    ReadBilingual(f.Take("unit"), "unit", errors, i.unit);
    ReadBool(f.Take("cumulative"), "cumulative", errors, i.cumulative);
    ReadIdList(f.Take("source_ids"), "source_ids", errors, i.source_ids, RecordKind::kSource);
    f.Finish();
  }
  return Done(std::move(i), errors);
}

Result<Observation> DecodeObservation(const json& body) {
  Errors errors;
  Observation o;
  Fields f(body, "", errors);
  if (f.ok()) {
    ReadCommon(f, errors, o.common);
    ReadId(f.Take("indicator_id"), "indicator_id", errors, o.indicator_id, RecordKind::kIndicator, true);
    ReadRequiredDate(f.Take("date"), "date", errors, o.date);
    if (const json* value = f.Take("value"); value == nullptr) {
      Add(errors, "value", "is required: an object such as {\"low\": 121, \"qualifier\": \"at_least\"}");
    } else {
      ReadParticipantCount(value, "value", errors, o.value, /*low_required=*/true);
    }
    const std::size_t before = errors.size();
    ReadIdList(f.Take("source_ids"), "source_ids", errors, o.source_ids, RecordKind::kSource);
    // Every figure links to its sources (DESIGN §4, journey 7).
    if (errors.size() == before && o.source_ids.empty() && o.common.sources.empty()) {
      Add(errors, "source_ids", "is required: give at least one source id, or an inline source in sources");
    }
    ReadBilingual(f.Take("note"), "note", errors, o.note);
    f.Finish();
  }
  return Done(std::move(o), errors);
}

// --- Encode ---------------------------------------------------------------

json Encode(const Benchmark& v) {
  json j = EncodeCommon(v.common);
  j["dialogue_id"] = v.dialogue_id;
  j["issue_id"] = v.issue_id;
  j["statement"] = EncodeText(v.statement);
  PutText(j, "criterion", v.criterion);
  PutText(j, "baseline", v.baseline);
  PutDate(j, "baseline_date", v.baseline_date);
  PutText(j, "target", v.target);
  PutDate(j, "deadline", v.deadline);
  PutString(j, "introduced_round_id", v.introduced_round_id);
  PutStrings(j, "case_ids", v.case_ids);
  PutStrings(j, "source_ids", v.source_ids);
  j["position"] = v.position;
  return j;
}

json Encode(const Assessment& v) {
  json j = EncodeCommon(v.common);
  j["benchmark_id"] = v.benchmark_id;
  PutString(j, "round_id", v.round_id);
  PutDate(j, "date", v.date);
  PutCode(j, "rating", ToCode(v.rating));
  PutText(j, "rationale", v.rationale);
  PutStrings(j, "source_ids", v.source_ids);
  j["assessor"] = v.assessor;
  PutString(j, "reviewer", v.reviewer);
  PutCode(j, "state", ToCode(v.state));
  return j;
}

json Encode(const Commitment& v) {
  json j = EncodeCommon(v.common);
  j["dialogue_id"] = v.dialogue_id;
  j["text"] = EncodeText(v.text);
  j["date"] = v.date.ToString();
  PutText(j, "made_by", v.made_by);
  PutString(j, "round_id", v.round_id);
  PutString(j, "engagement_id", v.engagement_id);
  PutStrings(j, "benchmark_ids", v.benchmark_ids);
  PutStrings(j, "source_ids", v.source_ids);
  PutCode(j, "status", ToCode(v.status));
  PutDate(j, "closed_date", v.closed_date);
  PutText(j, "follow_up", v.follow_up);
  return j;
}

json Encode(const Agency& v) {
  json j = EncodeCommon(v.common);
  j["name"] = EncodeText(v.name);
  PutString(j, "abbreviation", v.abbreviation);
  PutCode(j, "side", ToCode(v.side));
  json areas = json::array();
  for (AgencyArea a : v.areas) areas.push_back(std::string(ToCode(a)));
  j["areas"] = std::move(areas);
  return j;
}

json Encode(const Engagement& v) {
  json j = EncodeCommon(v.common);
  j["dialogue_id"] = v.dialogue_id;
  j["agency_id"] = v.agency_id;
  PutCode(j, "engagement_kind", ToCode(v.kind));
  j["title"] = EncodeText(v.title);
  j["date"] = v.date.ToString();
  if (!v.participants.empty()) {
    json participants = json::array();
    for (const Participant& p : v.participants) participants.push_back(EncodeParticipant(p));
    j["participants"] = std::move(participants);
  }
  PutText(j, "counterpart", v.counterpart);
  PutText(j, "place", v.place);
  if (v.outlet) {
    json o = json{{"name", EncodeText(v.outlet->name)}};
    PutString(o, "language", v.outlet->language);
    j["outlet"] = std::move(o);
  }
  PutCode(j, "human_rights_raised", ToCode(v.human_rights_raised));
  // Always written, level none included: "no public account" is a finding the agency record counts.
  j["public_account"] = EncodePublicAccount(v.public_account);
  PutText(j, "summary", v.summary);
  return j;
}

json Encode(const Indicator& v) {
  json j = EncodeCommon(v.common);
  PutString(j, "dialogue_id", v.dialogue_id);
  PutString(j, "issue_id", v.issue_id);
  j["name"] = EncodeText(v.name);
  json d = json{{"counted", EncodeText(v.definition.counted)}};
  PutDate(d, "since", v.definition.since);
  PutText(d, "counted_by", v.definition.counted_by);
  j["definition"] = std::move(d);
  PutText(j, "unit", v.unit);
  j["cumulative"] = v.cumulative;
  PutStrings(j, "source_ids", v.source_ids);
  return j;
}

json Encode(const Observation& v) {
  json j = EncodeCommon(v.common);
  j["indicator_id"] = v.indicator_id;
  j["date"] = v.date.ToString();
  j["value"] = EncodeParticipantCount(v.value);
  PutStrings(j, "source_ids", v.source_ids);
  PutText(j, "note", v.note);
  return j;
}

}  // namespace readout::core
