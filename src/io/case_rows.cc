// Record bodies from one row of a case table (case_import_internal.h): the
// cells are read by field, normalised and validated, and every body path
// remembers the column it came from.
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "core/case_vocabulary.h"
#include "core/vocabulary.h"
#include "io/case_import_internal.h"

namespace readout::io::internal {

using nlohmann::json;

// --- RowContext ---------------------------------------------------------------

std::string_view RowContext::GetView(std::string_view field) const {
  auto it = columns_.find(field);
  if (it == columns_.end() || it->second >= row_.fields.size()) return {};
  return TrimView(row_.fields[it->second]);
}

void RowContext::Problem(std::string_view field, std::string reason) {
  auto it = columns_.find(field);
  std::string column = it == columns_.end() ? std::string(field) : table_.header[it->second];
  std::string value = it == columns_.end() || it->second >= row_.fields.size() ? "" : row_.fields[it->second];
  problems_.push_back({row_.number, std::move(column), std::move(value), std::move(reason)});
}

void RowContext::RowProblem(std::string reason) { problems_.push_back({row_.number, "", "", std::move(reason)}); }

void RowContext::AddOrigin(Part part, std::string path, std::string_view field) {
  origins_.push_back({part, std::move(path), std::string(field)});
}

void RowContext::CodecProblems(Part part, const core::Error& error) {
  if (error.fields.empty()) {
    RowProblem(error.message);
    return;
  }
  // A cell already reported (a date that did not parse was left out of the
  // body) is not reported again as missing.
  std::set<std::string> reported;
  for (const auto& p : problems_) reported.insert(p.column);
  for (const core::FieldError& f : error.fields) {
    const Origin* best = nullptr;
    for (const Origin& o : origins_) {
      if (o.part != part || f.field.compare(0, o.path.size(), o.path) != 0) continue;
      if (f.field.size() > o.path.size() && f.field[o.path.size()] != '.' && f.field[o.path.size()] != '[') continue;
      if (best == nullptr || o.path.size() > best->path.size()) best = &o;
    }
    const std::string top = f.field.substr(0, f.field.find_first_of(".["));
    const std::string field = best != nullptr ? best->field : top;
    if (auto it = columns_.find(field); it != columns_.end() && reported.contains(table_.header[it->second])) {
      continue;
    }
    if (best != nullptr) {
      Problem(best->field, f.problem);
    } else if (Has(top)) {
      Problem(top, f.problem);
    } else {
      problems_.push_back({row_.number, f.field, "", f.problem});
    }
  }
}

void RowContext::Text(json& body, Part part, std::string_view field, const char* name) {
  std::string v = Get(field);
  if (v.empty()) return;
  body[name] = std::move(v);
  AddOrigin(part, name, field);
}

void RowContext::Bilingual(json& body, Part part, std::string_view prefix, const char* name) {
  json text = json::object();
  const std::string en_field = std::string(prefix) + "_en";
  const std::string zh_field = std::string(prefix) + "_zh";
  if (std::string v = Get(en_field); !v.empty()) {
    text["en"] = v;
    AddOrigin(part, std::string(name) + ".en", en_field);
  }
  if (std::string v = Get(zh_field); !v.empty()) {
    text["zh_hans"] = v;
    AddOrigin(part, std::string(name) + ".zh_hans", zh_field);
  }
  if (std::string v = Get(prefix); !v.empty()) {
    const char* lang = HasHan(v) ? "zh_hans" : "en";
    if (text.contains(lang)) {
      Problem(prefix, fmt::format("gives {} a second time (the file also has column {}_{})", name, prefix,
                                  std::string(lang) == "en" ? "en" : "zh"));
    } else {
      text[lang] = v;
      AddOrigin(part, std::string(name) + "." + lang, prefix);
    }
  }
  if (!text.empty()) {
    AddOrigin(part, name, text.contains("en") ? en_field : zh_field);
    body[name] = std::move(text);
  }
}

void RowContext::Date(json& body, Part part, std::string_view field, const char* name) {
  std::string v = Get(field);
  if (v.empty()) return;
  auto date = NormaliseDate(v);
  if (!date) {
    Problem(field, date.error().fields.front().problem);
    return;
  }
  body[name] = *date;
  AddOrigin(part, name, field);
}

void RowContext::TriState(json& body, Part part, std::string_view field, const char* name) {
  std::string v = Get(field);
  if (v.empty()) return;
  auto code = NormaliseTriState(v);
  if (!code) {
    Problem(field, "must be yes, no or unknown");
    return;
  }
  body[name] = *code;
  AddOrigin(part, name, field);
}

void RowContext::Visibility(json& body, Part part) {
  std::string v = Lower(Get("visibility"));
  if (v.empty()) return;
  if (!core::ParseVisibility(v)) {
    Problem("visibility", "must be public, internal or restricted");
    return;
  }
  body["visibility"] = v;
  AddOrigin(part, "visibility", "visibility");
}

void RowContext::IdList(json& body, Part part, std::string_view field, const char* name) {
  auto items = SplitList(Get(field));
  if (items.empty()) return;
  body[name] = items;
  AddOrigin(part, name, field);
}

void RowContext::Guarded(json& body, Part part, std::string_view field, const char* name) {
  std::string v = Get(field);
  if (v.empty()) return;
  body[name] = json{{"text", std::move(v)}, {"visibility", "restricted"}};
  AddOrigin(part, name, field);
}

void RowContext::Int(json& body, Part part, std::string_view field, const char* name) {
  std::string v = Get(field);
  if (v.empty()) return;
  if (!AllDigits(v) || v.size() > 6) {
    Problem(field, "must be a whole number such as 3");
    return;
  }
  body[name] = std::stoi(v);
  AddOrigin(part, name, field);
}

// --- Bodies -----------------------------------------------------------------

namespace {

json NameVariant(std::string text, core::Script script, core::NameScheme scheme, core::NameKind kind) {
  return json{{"text", std::move(text)},
              {"script", std::string(core::ToCode(script))},
              {"scheme", std::string(core::ToCode(scheme))},
              {"kind", std::string(core::ToCode(kind))},
              {"primary", false}};
}

// Charges from parallel ";"-separated lists: "291; 293" with "聚众扰乱...; 寻衅滋事罪".
void Charges(RowContext& r, json& body, Part part) {
  const auto articles = SplitList(r.Get("charge_article"));
  auto names_zh = SplitList(r.Get("charge_name_zh"));
  auto names_en = SplitList(r.Get("charge_name_en"));
  for (std::string& bare : SplitList(r.Get("charge_name"))) {
    (HasHan(bare) ? names_zh : names_en).push_back(std::move(bare));
  }
  const auto stages = SplitList(r.Get("charge_stage"));
  const std::size_t n = std::max({articles.size(), names_zh.size(), names_en.size()});
  if (n == 0) {
    if (!stages.empty()) r.Problem("charge_stage", "gives a stage but no charge (charge_article or charge_name)");
    return;
  }
  json charges = json::array();
  for (std::size_t i = 0; i < n; ++i) {
    json charge = json::object();
    if (i < articles.size()) charge["article"] = articles[i];
    if (i < names_zh.size()) charge["name_zh"] = names_zh[i];
    if (i < names_en.size()) charge["name_en"] = names_en[i];
    if (i < stages.size()) {
      const std::string stage = NormaliseHeader(stages[i]);
      if (!core::ParseChargeStage(stage)) {
        r.Problem("charge_stage", "must be one of " + CodeList(core::ChargeStageCodes()) + "; got " + stages[i]);
      } else {
        charge["stage"] = stage;
      }
    }
    charges.push_back(std::move(charge));
    const std::string path = fmt::format("charges[{}]", i);
    r.AddOrigin(part, path, i < articles.size() ? "charge_article" : "charge_name_zh");
    r.AddOrigin(part, path + ".article", "charge_article");
    r.AddOrigin(part, path + ".name_zh", "charge_name_zh");
    r.AddOrigin(part, path + ".name_en", "charge_name_en");
    r.AddOrigin(part, path + ".stage", "charge_stage");
  }
  body["charges"] = std::move(charges);
}

void EventType(RowContext& r, json& body, std::string_view field, std::string_view fallback) {
  std::string v = r.Get(field);
  if (v.empty()) {
    if (!fallback.empty()) body["type"] = std::string(fallback);
    return;
  }
  r.AddOrigin(Part::kEvent, "type", field);
  if (auto code = NormaliseEventType(v)) {
    body["type"] = *code;
  } else {
    r.Problem(field, "must be a legal event type (" + CodeList(core::LegalEventTypeCodes()) +
                         ") or its official Chinese term such as 刑事拘留");
  }
}

}  // namespace

json PersonBody(RowContext& r) {
  json body = json::object();
  json names = json::array();
  auto add = [&](std::string_view field, json variant) {
    r.AddOrigin(Part::kPerson, fmt::format("names[{}]", names.size()), field);
    names.push_back(std::move(variant));
  };
  if (std::string v = r.Get("name_zh"); !v.empty()) {
    const core::Script script = ScriptOf(v, r.folder());
    add("name_zh", NameVariant(v, script, core::NameScheme::kNone, core::NameKind::kLegal));
  }
  if (std::string v = r.Get("name_zh_hant"); !v.empty()) {
    add("name_zh_hant", NameVariant(v, core::Script::kHant, core::NameScheme::kNone, core::NameKind::kLegal));
  }
  if (std::string v = r.Get("name_pinyin"); !v.empty()) {
    add("name_pinyin", NameVariant(v, core::Script::kLatn, core::NameScheme::kPinyin, core::NameKind::kLegal));
  }
  if (std::string v = r.Get("name_en"); !v.empty()) {
    add("name_en", NameVariant(v, ScriptOf(v, r.folder()), core::NameScheme::kNone, core::NameKind::kLegal));
  }
  for (std::string& alias : SplitList(r.Get("aliases"))) {
    const core::Script script = ScriptOf(alias, r.folder());
    add("aliases", NameVariant(std::move(alias), script, core::NameScheme::kNone, core::NameKind::kAlias));
  }
  if (names.empty()) {
    r.Problem(r.Has("name_zh") ? "name_zh" : "name_en",
              "a person needs a name: fill name_zh, name_pinyin, name_en or aliases");
  } else {
    names[0]["primary"] = true;
    body["names"] = std::move(names);
  }
  if (std::string v = r.Get("sex"); !v.empty()) {
    if (auto sex = NormaliseSex(v)) {
      body["sex"] = *sex;
      r.AddOrigin(Part::kPerson, "sex", "sex");
    } else {
      r.Problem("sex", "must be female, male, other or unknown (or f, m, 女, 男)");
    }
  }
  r.Date(body, Part::kPerson, "birth_date", "birth_date");
  r.Bilingual(body, Part::kPerson, "ethnicity", "ethnicity");
  r.Bilingual(body, Part::kPerson, "religion", "religion");
  r.Bilingual(body, Part::kPerson, "occupation", "occupation");
  r.Bilingual(body, Part::kPerson, "biography", "biography");
  json consent = json::object();
  r.TriState(consent, Part::kPerson, "consent_given", "given");
  r.Text(consent, Part::kPerson, "consent_given_by", "given_by");
  r.Date(consent, Part::kPerson, "consent_date", "date");
  if (!consent.empty()) {
    body["consent"] = std::move(consent);
    r.AddOrigin(Part::kPerson, "consent", r.Get("consent_given").empty() ? "consent_given_by" : "consent_given");
  }
  r.Guarded(body, Part::kPerson, "risk_notes", "risk_notes");
  r.Visibility(body, Part::kPerson);
  r.IdList(body, Part::kPerson, "source_ids", "source_ids");
  return body;
}

json CaseBody(RowContext& r) {
  json body = json::object();
  r.Text(body, Part::kCase, "person_id", "person_id");
  r.Bilingual(body, Part::kCase, "title", "title");
  r.Bilingual(body, Part::kCase, "campaign", "campaign");
  r.Bilingual(body, Part::kCase, "summary", "summary");
  r.IdList(body, Part::kCase, "issue_ids", "issue_ids");
  Charges(r, body, Part::kCase);
  json sentence = json::object();
  r.Bilingual(sentence, Part::kCase, "sentence_court", "court");
  r.Date(sentence, Part::kCase, "sentence_date", "date");
  if (std::string v = r.Get("sentence_term"); !v.empty()) {
    if (auto term = ParseTerm(v)) {
      sentence["term"] = *term;
    } else {
      r.Problem("sentence_term", "must be a term such as 4y, 3y6m, 10d, life, death or death_suspended");
    }
  }
  r.Int(sentence, Part::kCase, "political_rights_years", "political_rights_years");
  if (!sentence.empty()) {
    body["sentences"] = json::array({std::move(sentence)});
    r.AddOrigin(Part::kCase, "sentences[0]", "sentence_term");
    r.AddOrigin(Part::kCase, "sentences[0].court", "sentence_court_en");
    r.AddOrigin(Part::kCase, "sentences[0].date", "sentence_date");
    r.AddOrigin(Part::kCase, "sentences[0].term", "sentence_term");
    r.AddOrigin(Part::kCase, "sentences[0].political_rights_years", "political_rights_years");
  }
  r.Guarded(body, Part::kCase, "family_contact", "family_contact");
  r.Guarded(body, Part::kCase, "notes", "notes");
  r.Visibility(body, Part::kCase);
  r.IdList(body, Part::kCase, "source_ids", "source_ids");
  return body;
}

json LegalEventBody(RowContext& r) {
  json body = json::object();
  r.Text(body, Part::kEvent, "case_id", "case_id");
  EventType(r, body, "type", "");
  r.AddOrigin(Part::kEvent, "type", "type");
  r.Date(body, Part::kEvent, "date", "date");
  r.AddOrigin(Part::kEvent, "date", "date");
  r.Int(body, Part::kEvent, "sequence", "sequence");
  r.Text(body, Part::kEvent, "place_id", "place_id");
  r.Bilingual(body, Part::kEvent, "authority", "authority");
  r.Bilingual(body, Part::kEvent, "legal_basis", "legal_basis");
  r.TriState(body, Part::kEvent, "family_notified", "family_notified");
  r.TriState(body, Part::kEvent, "lawyer_access", "lawyer_access");
  r.TriState(body, Part::kEvent, "whereabouts_known", "whereabouts_known");
  r.Bilingual(body, Part::kEvent, "description", "description");
  r.Visibility(body, Part::kEvent);
  r.IdList(body, Part::kEvent, "source_ids", "source_ids");
  return body;
}

DetaineeBodies DetaineeRowBodies(RowContext& r, const std::string& person_id, const std::string& case_id) {
  DetaineeBodies out;
  out.person = PersonBody(r);
  json& case_body = out.case_body;
  case_body = json::object();
  case_body["person_id"] = person_id;
  r.Bilingual(case_body, Part::kCase, "campaign", "campaign");
  if (std::string note = r.Get("status_note"); !note.empty()) {
    case_body["summary"] = json{{HasHan(note) ? "zh_hans" : "en", note}};
    r.AddOrigin(Part::kCase, "summary", "status_note");
  }
  Charges(r, case_body, Part::kCase);
  r.Visibility(case_body, Part::kCase);
  json& event = out.event;
  event = json::object();
  event["case_id"] = case_id;
  EventType(r, event, "detention_type", "criminal_detention");
  r.Date(event, Part::kEvent, "detention_date", "date");
  r.AddOrigin(Part::kEvent, "date", "detention_date");
  r.Bilingual(event, Part::kEvent, "authority", "authority");
  if (std::string place = r.Get("place"); !place.empty()) {
    event["description"] = json{{HasHan(place) ? "zh_hans" : "en", place}};
    r.AddOrigin(Part::kEvent, "description", "place");
  }
  r.Visibility(event, Part::kEvent);
  return out;
}

}  // namespace readout::io::internal
