#include "web/openapi.h"

#include <string>

#include "core/accountability_vocabulary.h"
#include "core/case_vocabulary.h"
#include "core/readout.h"
#include "core/vocabulary.h"

namespace readout::web {

namespace {

using nlohmann::json;

json Str(std::string description = "") {
  json s = {{"type", "string"}};
  if (!description.empty()) s["description"] = std::move(description);
  return s;
}

json Enum(std::span<const std::string_view> codes) {
  json values = json::array();
  for (std::string_view c : codes) values.push_back(std::string(c));
  return {{"type", "string"}, {"enum", std::move(values)}};
}

json Ref(const std::string& name) { return {{"$ref", "#/components/schemas/" + name}}; }
json ArrayOf(json items) { return {{"type", "array"}, {"items", std::move(items)}}; }
json Object(json properties, std::vector<std::string> required = {}) {
  json o = {{"type", "object"}, {"properties", std::move(properties)}, {"additionalProperties", false}};
  if (!required.empty()) o["required"] = required;
  return o;
}

// The derived views of the accountability API (web/accountability_api_handler.h),
// named so a client can generate types for them; each lists what the handler
// always writes as required (accountability_routes_test checks a real response).
void AddAccountabilitySchemas(json& s) {
  const json day = Str("ISO 8601 day, 2013-07-30");
  const json nullable_day = {{"type", {"string", "null"}}, {"description", "ISO 8601 day, or null"}};
  const json nullable_id = {{"type", {"string", "null"}}};
  const json integer = {{"type", "integer"}, {"minimum", 0}};
  const json ids = ArrayOf(Str());
  const json rating = Enum(core::AssessmentRatingCodes());
  const json change = Enum(std::vector<std::string_view>{"none", "improved", "unchanged", "worsened", "first_rated"});
  const json bt = Ref("BilingualText");
  s["ScorecardCell"] = Object({{"round_id", Str()},
                               {"rating", rating},
                               {"assessment_id", nullable_id},
                               {"rationale", bt},
                               {"source_ids", ids},
                               {"change", change},
                               {"previous_rating", rating}},
                              {"round_id", "rating", "assessment_id", "change", "previous_rating"});
  s["InterimAssessment"] = Object({{"assessment_id", Str()},
                                   {"date", {{"type", {"string", "null"}}, {"description", "EDTF date"}}},
                                   {"rating", rating},
                                   {"rationale", bt},
                                   {"source_ids", ids}},
                                  {"assessment_id", "rating"});
  s["ScorecardRow"] = Object({{"benchmark_id", Str()},
                              {"issue_id", Str()},
                              {"statement", bt},
                              {"deadline", {{"type", {"string", "null"}}, {"description", "EDTF date"}}},
                              {"cells", ArrayOf(Ref("ScorecardCell"))},
                              {"interim", ArrayOf(Ref("InterimAssessment"))}},
                             {"benchmark_id", "issue_id", "cells", "interim"});
  s["Scorecard"] = Object({{"dialogue_id", Str()},
                           {"issue_id", nullable_id},
                           {"round_ids", ids},
                           {"rows", ArrayOf(Ref("ScorecardRow"))},
                           {"page", {{"type", "integer"}, {"minimum", 1}}},
                           {"pages", {{"type", "integer"}, {"minimum", 1}}},
                           {"page_size", integer},
                           {"total_rows", integer}},
                          {"dialogue_id", "round_ids", "rows", "page", "pages", "page_size", "total_rows"});
  s["ChangesReport"] = Object(
      {{"dialogue_id", Str()},
       {"from_round_id", Str()},
       {"to_round_id", Str()},
       {"rating_changes", ArrayOf(Object({{"benchmark_id", Str()},
                                          {"from", rating},
                                          {"to", rating},
                                          {"change", change},
                                          {"assessment_id", nullable_id}}))},
       {"new_commitment_ids", ids},
       {"closed_commitment_ids", ids},
       {"case_changes", ArrayOf(Object({{"case_id", Str()},
                                        {"person_name", bt},
                                        {"from", Enum(core::CaseStatusCodes())},
                                        {"to", Enum(core::CaseStatusCodes())},
                                        {"events_between", ArrayOf(Enum(core::LegalEventTypeCodes()))}}))},
       {"reply_ids", ids},
       {"deadlines_passed", ArrayOf(Object({{"kind", Enum(std::vector<std::string_view>{"benchmark", "case"})},
                                            {"subject_id", Str()},
                                            {"rule", {{"type", {"string", "null"}}}},
                                            {"due", day}}))}},
      {"dialogue_id", "from_round_id", "to_round_id", "rating_changes", "new_commitment_ids", "closed_commitment_ids",
       "case_changes", "reply_ids", "deadlines_passed"});
  s["AgencyRecord"] = Object({{"agency_id", Str()},
                              {"name", bt},
                              {"abbreviation", Str()},
                              {"from", nullable_day},
                              {"to", nullable_day},
                              {"engagements", integer},
                              {"raised_yes", integer},
                              {"raised_no", integer},
                              {"raised_unknown", integer},
                              {"share_raised", {{"type", {"number", "null"}}, {"description", "0 to 1; null: none"}}},
                              {"public_speech", integer},
                              {"public_speech_raised", integer},
                              {"chinese_media_interviews", integer},
                              {"chinese_media_interviews_raised", integer},
                              {"engagement_ids", ids},
                              {"no_public_account_ids", ids}},
                             {"agency_id", "engagements", "raised_yes", "share_raised", "engagement_ids",
                              "no_public_account_ids"});
  s["AgencyRecordList"] = Object({{"dialogue_id", Str()},
                                  {"from", nullable_day},
                                  {"to", nullable_day},
                                  {"items", ArrayOf(Ref("AgencyRecord"))},
                                  {"total", integer}},
                                 {"dialogue_id", "items", "total"});
  const json components = ArrayOf(Object({{"code", Str("component code, docs/scores.md")},
                                          {"value", {{"type", "number"}, {"minimum", 0}, {"maximum", 1}}},
                                          {"weight", {{"type", "number"}, {"minimum", 0}}},
                                          {"numerator", integer},
                                          {"denominator", integer},
                                          {"input_ids", ids}},
                                         {"code", "value", "weight", "numerator", "denominator", "input_ids"}));
  const json total = {{"type", "number"}, {"minimum", 0}, {"maximum", 1}};
  const json threshold = {{"type", "number"}, {"description", "the server's --perfunctory-below"}};
  s["RoundScore"] = Object({{"round_id", Str()},
                            {"dialogue_id", Str()},
                            {"total", total},
                            {"perfunctory", {{"type", "boolean"}}},
                            {"perfunctory_below", threshold},
                            {"components", components}},
                           {"round_id", "dialogue_id", "total", "perfunctory", "perfunctory_below", "components"});
  s["EngagementScore"] =
      Object({{"engagement_id", Str()},
              {"dialogue_id", Str()},
              {"total", total},
              {"perfunctory", {{"type", "boolean"}}},
              {"perfunctory_below", threshold},
              {"components", components}},
             {"engagement_id", "dialogue_id", "total", "perfunctory", "perfunctory_below", "components"});
  s["Alert"] = Object({{"kind", Enum(std::vector<std::string_view>{"benchmark_deadline_passed", "readout_missing",
                                                                   "round_overdue", "commitment_no_follow_up"})},
                       {"dialogue_id", Str()},
                       {"subject_id", Str()},
                       {"due", day},
                       {"days_overdue", integer}},
                      {"kind", "dialogue_id", "subject_id", "due", "days_overdue"});
  s["AlertList"] = Object({{"today", day}, {"items", ArrayOf(Ref("Alert"))}, {"total", integer}},
                          {"today", "items", "total"});
}

json SharedSchemas() {
  json s;
  s["BilingualText"] = Object({{"en", Str()}, {"zh_hans", Str("Simplified Chinese")}, {"zh_hant", Str("Traditional Chinese")}});
  s["PartialDate"] = Str("EDTF level 0-1 date or interval: 2013, 2013-07, 2013-07-30~, 2013-07-30/2013-07-31");
  s["GuardedText"] = Object({{"text", Str()}, {"visibility", Enum(core::VisibilityCodes())}});
  // The body of a readout workflow step (web/readout_api_handler.h).
  s["ReadoutStep"] = Object({{"base_revision", {{"type", "integer"}, {"minimum", 1}}},
                             {"actor", Str("the signed-in user's display name, if given; the step's actor is always the caller")},
                             {"note", Ref("BilingualText")}},
                            {"base_revision"});
  s["SourceRef"] = Object({{"title", Str()}, {"url", Str()}, {"date", Ref("PartialDate")}, {"note", Str()}});
  s["Problem"] = {
      {"type", "object"},
      {"description", "RFC 9457 problem details"},
      {"properties",
       {{"type", Str("https://readout.example/problems/<code>")},
        {"title", Str()},
        {"status", {{"type", "integer"}}},
        {"detail", Str()},
        {"errors", ArrayOf(Object({{"field", Str()}, {"problem", Str()}}))}}}};
  s["Revision"] = {{"type", "object"},
                   {"properties",
                    {{"record_id", Str()},
                     {"kind", Str()},
                     {"revision", {{"type", "integer"}}},
                     {"operation", Enum(std::vector<std::string_view>{"create", "update", "delete", "restore"})},
                     {"actor", Str()},
                     {"at", Str("RFC 3339 UTC")},
                     {"before", {{"type", {"object", "null"}}}},
                     {"after", {{"type", "object"}}}}}};
  s["History"] = {{"type", "object"},
                  {"properties", {{"items", ArrayOf(Ref("Revision"))}, {"total", {{"type", "integer"}}}}}};
  s["Health"] = Object({{"status", Str()}});
  // Derived case data (web/case_api_handler.h); dates are ISO days "2017-07-15".
  const json day = Str("ISO 8601 day, 2017-07-15");
  const json nullable_day = {{"type", {"string", "null"}}, {"description", "ISO 8601 day, or null"}};
  s["CaseStatus"] = Object(
      {{"case_id", Str()},
       {"today", day},
       {"status", Enum(core::CaseStatusCodes())},
       {"as_of", {{"type", {"string", "null"}}, {"description", "EDTF date of the event that determines the status"}}},
       {"expected_release",
        {{"type", {"object", "null"}},
         {"properties", {{"date", day}, {"basis", Str("how the date was computed, in English")}}}}},
       {"deadlines", ArrayOf(Object({{"rule", Str("deadline rule code")},
                                     {"article", Str("the article the rule comes from")},
                                     {"started", day},
                                     {"due", day},
                                     {"met_on", nullable_day},
                                     {"overdue", {{"type", "boolean"}}}}))},
       {"flags", ArrayOf(Object({{"kind", Enum(std::vector<std::string_view>{"deadline_passed",
                                                                             "expected_release_passed",
                                                                             "whereabouts_unknown"})},
                                 {"rule", {{"type", {"string", "null"}}}},
                                 {"since", day},
                                 {"days", {{"type", "integer"}}}}))},
       {"first_custody", nullable_day},
       {"days_in_detention", {{"type", {"integer", "null"}}}}},
      {"status", "as_of", "expected_release", "deadlines", "flags"});
  s["OverdueList"] = Object(
      {{"today", day},
       {"window_days", {{"type", "integer"}}},
       {"total", {{"type", "integer"}}},
       {"items", ArrayOf(Object({{"case_id", Str()},
                                 {"person_id", Str()},
                                 {"overdue", {{"type", "boolean"}, {"description", "a flag; false: a deadline due soon"}}},
                                 {"kind", Str("flag kind, or \"deadline\"")},
                                 {"rule", {{"type", {"string", "null"}}}},
                                 {"date", day},
                                 {"days", {{"type", "integer"}, {"description", "days overdue, or days left"}}}}))}});
  // GET /api/v1/evidence_files/{id}/custody (web/evidence_handler.h).
  s["CustodyLog"] = Object(
      {{"evidence_file_id", Str()},
       {"entries", ArrayOf(Ref("CustodyEvent"))},
       {"chain_valid", {{"type", "boolean"}, {"description", "the whole log forms one unbroken hash chain"}}},
       {"problem", {{"type", {"string", "null"}}, {"description", "the first break in the chain, or null"}}}},
      {"entries", "chain_valid", "problem"});
  AddAccountabilitySchemas(s);
  return s;
}

// Body fields of each kind, as core/entity_codec.h accepts them.
json BodyProperties(core::RecordKind kind) {
  const json bt = Ref("BilingualText");
  const json date = Ref("PartialDate");
  const json integer = {{"type", "integer"}, {"minimum", 0}};
  // What the public was told afterwards (rounds and engagements); date required unless level is none.
  const json public_account = Object(
      {{"level", Enum(core::PublicAccountLevelCodes())}, {"url", Str("http(s)")}, {"date", date}, {"note", bt}},
      {"level"});
  const json participants = ArrayOf(Object(
      {{"name", bt}, {"title", bt}, {"agency", bt}, {"side", Enum(core::SideCodes())}, {"lead", {{"type", "boolean"}}}},
      {"name", "side"}));
  switch (kind) {
    case core::RecordKind::kDialogue:
      return {{"name", bt},
              {"party_a", Object({{"name", bt}})},
              {"party_b", Object({{"name", bt}})},
              {"first_held", date},
              {"summary", bt},
              {"round_interval_months", integer},
              {"readout_due_days", integer}};
    case core::RecordKind::kRound:
      return {{"dialogue_id", Str()},
              {"number", {{"type", "integer"}}},
              {"title", bt},
              {"dates", date},
              {"place", bt},
              {"delegation", ArrayOf(Object({{"name", bt},
                                             {"title", bt},
                                             {"agency", bt},
                                             {"side", Enum(core::SideCodes())},
                                             {"lead", {{"type", "boolean"}}}}))},
              {"summary", bt},
              {"outcomes", ArrayOf(bt)},
              {"next_round_agreed", date},
              {"public_account", public_account}};
    case core::RecordKind::kIssue:
      return {{"parent_id", Str()}, {"name", bt}, {"description", bt}};
    case core::RecordKind::kAsk:
      return {{"round_id", Str("exactly one of round_id and engagement_id")},
              {"engagement_id", Str("exactly one of round_id and engagement_id")},
              {"subject", Object({{"kind", Enum(core::AskSubjectKindCodes())}, {"id", Str()}})},
              {"raised_by", bt},
              {"requests", ArrayOf(Enum(core::RequestKindCodes()))},
              {"description", bt},
              {"position", {{"type", "integer"}}}};
    case core::RecordKind::kReply:
      return {{"ask_id", Str()},        {"reply_kind", Enum(core::ReplyKindCodes())},
              {"original_text", Str()}, {"original_language", Str("BCP 47")},
              {"translation", bt},      {"date", date},
              {"given_by", bt}};
    case core::RecordKind::kCaseList:
      return {{"round_id", Str()},
              {"status", Enum(core::CaseListStatusCodes())},
              {"handed_over_by", bt},
              {"entries", ArrayOf(Object({{"name", bt}, {"case_id", Str()}, {"note", bt}}))},
              {"response", bt}};
    // Case documentation (core/case_codec.h); guarded fields are {"text", "visibility"}.
    case core::RecordKind::kPerson:
      return {{"source_ids", ArrayOf(Str())},
              {"names", ArrayOf(Object({{"text", Str()},
                                        {"script", Enum(core::ScriptCodes())},
                                        {"scheme", Enum(core::NameSchemeCodes())},
                                        {"kind", Enum(core::NameKindCodes())},
                                        {"primary", {{"type", "boolean"}}}}))},
              {"sex", Enum(core::SexCodes())},
              {"birth_date", date},
              {"ethnicity", bt},
              {"religion", bt},
              {"occupation", bt},
              {"affiliations", ArrayOf(Object({{"organisation", bt}, {"role", bt}, {"dates", date}}))},
              {"biography", bt},
              {"consent", Object({{"given", Enum(core::TriStateCodes())}, {"given_by", Str()}, {"date", date}})},
              {"risk_notes", Ref("GuardedText")}};
    case core::RecordKind::kCase:
      return {{"source_ids", ArrayOf(Str())},
              {"person_id", Str()},
              {"title", bt},
              {"issue_ids", ArrayOf(Str())},
              {"campaign", bt},
              {"summary", bt},
              {"charges", ArrayOf(Object({{"article", Str("291, 105(2)")},
                                          {"name_zh", Str()},
                                          {"name_en", Str()},
                                          {"stage", Enum(core::ChargeStageCodes())}}))},
              {"sentences", ArrayOf({{"type", "object"}})},
              {"family_contact", Ref("GuardedText")},
              {"notes", Ref("GuardedText")}};
    case core::RecordKind::kLegalEvent:
      return {{"source_ids", ArrayOf(Str())},
              {"case_id", Str()},
              {"type", Enum(core::LegalEventTypeCodes())},
              {"date", date},
              {"sequence", {{"type", "integer"}}},
              {"place_id", Str()},
              {"authority", bt},
              {"legal_basis", bt},
              {"family_notified", Enum(core::TriStateCodes())},
              {"lawyer_access", Enum(core::TriStateCodes())},
              {"whereabouts_known", Enum(core::TriStateCodes())},
              {"description", bt}};
    case core::RecordKind::kPlace:
      return {{"parent_id", Str()},
              {"level", Enum(core::PlaceLevelCodes())},
              {"facility_type", Enum(core::FacilityTypeCodes())},
              {"name", bt},
              {"other_names", ArrayOf({{"type", "object"}})}};
    case core::RecordKind::kSource:
      return {{"type", Enum(core::SourceTypeCodes())},
              {"title", bt},
              {"author", Str()},
              {"date", date},
              {"language", Str("BCP 47")},
              {"url", Str()},
              {"reliability", Enum(core::ReliabilityCodes())},
              {"protect_identity", {{"type", "boolean"}}}};
    case core::RecordKind::kEvidenceFile:
      return {{"source_id", Str()},
              {"filename", Str()},
              {"media_type", Str()},
              {"size", {{"type", "integer"}}},
              {"sha256", Str("64 lowercase hex")},
              {"description", bt}};
    case core::RecordKind::kCustodyEvent:
      return {{"evidence_file_id", Str()},
              {"action", Enum(core::CustodyActionCodes())},
              {"at", Str("RFC 3339")},
              {"actor", Str()},
              {"note", bt},
              {"previous_hash", Str("set by the server")},
              {"hash", Str("set by the server")}};
    case core::RecordKind::kGroupEvent:
      return {{"source_ids", ArrayOf(Str())},
              {"type", Enum(core::GroupEventTypeCodes())},
              {"title", bt},
              {"date", date},
              {"place_id", Str()},
              {"participants", Object({{"low", {{"type", "integer"}}},
                                       {"high", {{"type", "integer"}}},
                                       {"qualifier", Enum(core::CountQualifierCodes())}})},
              {"issue_ids", ArrayOf(Str())},
              {"people", ArrayOf(Object({{"person_id", Str()}, {"role", bt}, {"outcome", bt}}))},
              {"summary", bt}};
    // Accountability (core/accountability_codec.h).
    case core::RecordKind::kBenchmark:
      return {{"dialogue_id", Str()},
              {"issue_id", Str()},
              {"statement", bt},
              {"criterion", bt},
              {"baseline", bt},
              {"baseline_date", date},
              {"target", bt},
              {"deadline", date},
              {"introduced_round_id", Str()},
              {"case_ids", ArrayOf(Str())},
              {"source_ids", ArrayOf(Str())},
              {"position", integer}};
    case core::RecordKind::kAssessment:
      return {{"benchmark_id", Str()},
              {"round_id", Str("exactly one of round_id and date")},
              {"date", date},
              {"rating", Enum(core::AssessmentRatingCodes())},
              {"rationale", bt},
              {"source_ids", ArrayOf(Str())},
              {"assessor", Str()},
              {"reviewer", Str("required when approved; not the assessor")},
              {"state", Enum(core::ReviewStateCodes())}};
    case core::RecordKind::kCommitment:
      return {{"dialogue_id", Str()},
              {"text", bt},
              {"date", date},
              {"made_by", bt},
              {"round_id", Str()},
              {"engagement_id", Str()},
              {"benchmark_ids", ArrayOf(Str())},
              {"source_ids", ArrayOf(Str())},
              {"status", Enum(core::CommitmentStatusCodes())},
              {"closed_date", Ref("PartialDate")},
              {"follow_up", bt}};
    case core::RecordKind::kAgency:
      return {{"name", bt},
              {"abbreviation", Str()},
              {"side", Enum(core::SideCodes())},
              {"areas", ArrayOf(Enum(core::AgencyAreaCodes()))}};
    case core::RecordKind::kEngagement:
      return {{"dialogue_id", Str()},
              {"agency_id", Str()},
              {"engagement_kind", Enum(core::EngagementKindCodes())},
              {"title", bt},
              {"date", date},
              {"participants", participants},
              {"counterpart", bt},
              {"place", bt},
              {"outlet", Object({{"name", bt}, {"language", Str("BCP 47")}}, {"name"})},
              {"human_rights_raised", Enum(core::TriStateCodes())},
              {"public_account", public_account},
              {"summary", bt}};
    case core::RecordKind::kIndicator:
      return {{"dialogue_id", Str()},
              {"issue_id", Str()},
              {"name", bt},
              {"definition", Object({{"counted", bt}, {"since", date}, {"counted_by", bt}}, {"counted"})},
              {"unit", bt},
              {"cumulative", {{"type", "boolean"}}},
              {"source_ids", ArrayOf(Str())}};
    case core::RecordKind::kObservation:
      return {{"indicator_id", Str()},
              {"date", date},
              {"value", Object({{"low", integer}, {"high", integer}, {"qualifier", Enum(core::CountQualifierCodes())}},
                               {"low"})},
              {"source_ids", ArrayOf(Str())},
              {"note", bt}};
    case core::RecordKind::kReadout:
      return {{"subject_id", Str("a round (rnd_) or engagement (eng_) id")},
              {"state", Enum(core::ReadoutStateCodes())},
              {"author", Str()},
              {"reviewer", Str("set by approve; not the author")},
              {"editor_note", bt},
              {"pending_correction_note", bt},
              {"versions", ArrayOf(Object({{"number", integer},
                                           {"published_at", Str("RFC 3339")},
                                           {"published_by", Str()},
                                           {"approved_by", Str()},
                                           {"correction_note", bt},
                                           {"content", {{"type", "object"}}},
                                           {"content_sha256", Str("SHA-256 of content")}},
                                          {"number", "published_at", "content", "content_sha256"}))}};
  }
  return json::object();
}

std::string SchemaName(core::RecordKind kind) {
  std::string name(core::KindName(kind));
  std::string out;
  bool upper = true;
  for (char c : name) {
    if (c == '_') {
      upper = true;
      continue;
    }
    out.push_back(upper ? static_cast<char>(c - 'a' + 'A') : c);
    upper = false;
  }
  return out;
}

std::string MethodKey(http::verb method) {
  std::string m(http::to_string(method));
  for (char& c : m) c = static_cast<char>(c - 'A' + 'a');
  return m;
}

json ParameterFor(const std::string& name) {
  json p = {{"name", name}, {"in", "query"}, {"required", false}};
  if (name == "offset" || name == "revision") {
    p["schema"] = {{"type", "integer"}, {"minimum", 0}};
  } else if (name == "page") {
    p["schema"] = {{"type", "integer"}, {"minimum", 1}, {"default", 1}};
  } else if (name == "limit") {
    p["schema"] = {{"type", "integer"}, {"minimum", 1}, {"maximum", 1000}, {"default", 50}};
  } else if (name == "include_deleted") {
    p["schema"] = {{"type", "boolean"}};
    p["description"] = "staff only; ignored for the public";
  } else {
    p["schema"] = {{"type", "string"}};
  }
  return p;
}

json ProblemResponse(std::string description) {
  return {{"description", std::move(description)},
          {"content", {{"application/problem+json", {{"schema", Ref("Problem")}}}}}};
}

}  // namespace

json RecordSchema(core::RecordKind kind) {
  json props = {
      {"id", Str("<prefix>_<slug>, stable; optional on create")},
      {"kind", Str()},
      {"revision", {{"type", "integer"}, {"description", "read-only; send it back on update as the base revision"}}},
      {"created_at", Str("read-only")},
      {"updated_at", Str("read-only")},
      {"deleted", {{"type", "boolean"}}},
      {"parent_id", Str("read-only")},
      {"visibility", Enum(core::VisibilityCodes())},
      {"sources", ArrayOf(Ref("SourceRef"))},
  };
  const json body = BodyProperties(kind);
  for (const auto& [key, value] : body.items()) props[key] = value;
  return {{"type", "object"}, {"properties", std::move(props)}, {"additionalProperties", false}};
}

json BuildOpenApi(const Router& router) {
  json doc = {
      {"openapi", "3.1.0"},
      {"info",
       {{"title", "Readout API"},
        {"version", "1"},
        {"description", "Records of a human-rights dialogue. Errors are RFC 9457 problem details. See docs/api.md."}}},
      {"servers", json::array({{{"url", "/"}}})},
  };
  json schemas = SharedSchemas();
  for (core::RecordKind kind : core::AllRecordKinds()) {
    const std::string name = SchemaName(kind);
    schemas[name] = RecordSchema(kind);
    schemas[name + "Page"] = {{"type", "object"},
                              {"properties",
                               {{"items", ArrayOf(Ref(name))},
                                {"total", {{"type", "integer"}}},
                                {"offset", {{"type", "integer"}}},
                                {"limit", {{"type", "integer"}}}}}};
  }
  doc["components"] = {{"schemas", std::move(schemas)},
                       {"securitySchemes", {{"apiToken", {{"type", "http"}, {"scheme", "bearer"}}}}}};

  json paths = json::object();
  for (const Route& route : router.routes()) {
    if (!route.doc.api) continue;
    json op = {{"operationId", route.doc.operation_id}, {"summary", route.doc.summary}};
    json params = json::array();
    for (const std::string& seg : route.segments) {
      if (seg.size() > 2 && seg.front() == '{') {
        params.push_back({{"name", seg.substr(1, seg.size() - 2)}, {"in", "path"}, {"required", true},
                          {"schema", {{"type", "string"}}}});
      }
    }
    for (const std::string& q : route.doc.query_params) params.push_back(ParameterFor(q));
    const bool write = route.method != http::verb::get;
    if (write) {
      params.push_back({{"name", "If-Match"}, {"in", "header"}, {"required", false},
                        {"description", "the base revision as an entity tag, \"3\""},
                        {"schema", {{"type", "string"}}}});
    }
    // Who may call it (auth/permissions.h) and whether it needs a recent re-authentication.
    op["x-permission"] = std::string(auth::ToCode(route.doc.permission));
    if (route.doc.reauth) {
      op["x-reauthentication"] = true;
      params.push_back({{"name", "X-Readout-Reauth"}, {"in", "header"}, {"required", false},
                        {"description", "the current TOTP code, for an API token"},
                        {"schema", {{"type", "string"}}}});
    }
    if (route.doc.permission != auth::Permission::kPublic &&
        route.doc.permission != auth::Permission::kPublicInput) {
      op["security"] = json::array({{{"apiToken", json::array()}}});
    }
    if (!params.empty()) op["parameters"] = std::move(params);

    json success_schema = json::object();
    if (route.doc.tag == "readout_workflow") {
      success_schema = Ref(route.doc.response_schema);
      op["requestBody"] = {{"required", true}, {"content", {{"application/json", {{"schema", Ref("ReadoutStep")}}}}}};
    } else if (!route.doc.response_schema.empty()) {
      success_schema = Ref(route.doc.response_schema);
    } else if (route.doc.kind) {
      const std::string name = SchemaName(*route.doc.kind);
      const bool list = route.doc.operation_id.rfind("list", 0) == 0;
      const bool history = route.doc.operation_id.rfind("history", 0) == 0;
      success_schema = list ? Ref(name + "Page") : history ? Ref("History") : Ref(name);
      if (route.doc.raw_body) {
        op["requestBody"] = {{"required", true},
                             {"description", "the file's bytes; Content-Type is recorded as its media type"},
                             {"content", {{"*/*", {{"schema", {{"type", "string"}, {"format", "binary"}}}}}}}};
      } else if (route.doc.has_body) {
        op["requestBody"] = {{"required", true}, {"content", {{"application/json", {{"schema", Ref(name)}}}}}};
      }
    } else if (route.pattern == "/healthz") {
      success_schema = Ref("Health");
    } else {
      success_schema = {{"type", "object"}};
    }
    const json success_content =
        route.doc.response_media_type.empty()
            ? json{{"application/json", {{"schema", success_schema}}}}
            : json{{route.doc.response_media_type, {{"schema", {{"type", "string"}, {"format", "binary"}}}}}};
    json responses = {{std::to_string(route.doc.success_status),
                       {{"description", "success"}, {"content", success_content}}},
                      {"default", ProblemResponse("an error, as problem details")}};
    if ((route.doc.kind || route.doc.not_found) && route.pattern.find("{id}") != std::string::npos) responses["404"] = ProblemResponse("no such record");
    if (write) {
      responses["401"] = ProblemResponse("staff token required");
      responses["409"] = ProblemResponse("stale revision or conflicting state");
    }
    if (route.doc.raw_body) {
      responses["400"] = ProblemResponse("invalid fields (file name, media type, visibility), each named");
      responses["413"] = ProblemResponse("file larger than the server's upload limit");
      responses["415"] = ProblemResponse("no Content-Type, or a form instead of the raw file");
    }
    if (route.doc.has_body) {
      responses["400"] = ProblemResponse("malformed JSON or invalid fields, each named");
      responses["413"] = ProblemResponse("body too large");
      responses["415"] = ProblemResponse("body not sent as application/json");
    }
    op["responses"] = std::move(responses);
    op["tags"] = json::array({!route.doc.tag.empty() ? route.doc.tag
                              : route.doc.kind ? std::string(core::KindPlural(*route.doc.kind))
                                               : std::string("system")});
    paths[route.pattern][MethodKey(route.method)] = std::move(op);
  }
  doc["paths"] = std::move(paths);
  return doc;
}

}  // namespace readout::web
