// Export of people, cases and legal events as flat tables
// (io/case_import.h): exactly the columns the importer reads, so that export
// -> import -> export is byte-identical.
#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

#include "io/case_import.h"
#include "io/case_import_internal.h"
#include "io/csv.h"

namespace readout::io {
namespace {

using internal::JoinList;
using internal::KindOf;
using internal::TermText;
using nlohmann::json;

std::string Str(const json& body, const char* name) {
  auto it = body.find(name);
  return it != body.end() && it->is_string() ? it->get<std::string>() : "";
}

std::string TextEn(const json& body, const char* name) {
  auto it = body.find(name);
  return it != body.end() && it->is_object() ? it->value("en", "") : "";
}

std::string TextZh(const json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end() || !it->is_object()) return "";
  std::string zh = it->value("zh_hans", "");
  return zh.empty() ? it->value("zh_hant", "") : zh;
}

std::string GuardedOf(const json& body, const char* name) {
  auto it = body.find(name);
  return it != body.end() && it->is_object() ? it->value("text", "") : "";
}

std::string ListOf(const json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end() || !it->is_array()) return "";
  std::vector<std::string> items;
  for (const json& v : *it) items.push_back(v.get<std::string>());
  return JoinList(items);
}

std::map<std::string, std::string> PersonCells(const std::string& id, const json& b) {
  std::map<std::string, std::string> c;
  c["id"] = id;
  std::vector<std::string> aliases;
  for (const json& n : b.value("names", json::array())) {
    const std::string text = n.value("text", "");
    const std::string script = n.value("script", "");
    const std::string scheme = n.value("scheme", "");
    const bool legal = n.value("kind", "") == "legal";
    const bool han = script == "Hans" || script == "Hant";
    if (legal && han && scheme == "none" && c["name_zh"].empty() && aliases.empty()) {
      c["name_zh"] = text;
    } else if (legal && script == "Hant" && scheme == "none" && c["name_zh_hant"].empty()) {
      c["name_zh_hant"] = text;
    } else if (legal && script == "Latn" && scheme == "pinyin" && c["name_pinyin"].empty()) {
      c["name_pinyin"] = text;
    } else if (legal && scheme == "none" && !han && c["name_en"].empty()) {
      c["name_en"] = text;
    } else {
      aliases.push_back(text);
    }
  }
  c["aliases"] = JoinList(aliases);
  c["sex"] = Str(b, "sex") == "unknown" ? "" : Str(b, "sex");
  c["birth_date"] = Str(b, "birth_date");
  for (const char* name : {"ethnicity", "religion", "occupation", "biography"}) {
    c[std::string(name) + "_en"] = TextEn(b, name);
    c[std::string(name) + "_zh"] = TextZh(b, name);
  }
  if (auto it = b.find("consent"); it != b.end()) {
    c["consent_given"] = it->value("given", "") == "unknown" ? "" : it->value("given", "");
    c["consent_given_by"] = it->value("given_by", "");
    c["consent_date"] = it->value("date", "");
  }
  c["risk_notes"] = GuardedOf(b, "risk_notes");
  c["visibility"] = Str(b, "visibility");
  c["source_ids"] = ListOf(b, "source_ids");
  return c;
}

std::map<std::string, std::string> CaseCells(const std::string& id, const json& b) {
  std::map<std::string, std::string> c;
  c["id"] = id;
  c["person_id"] = Str(b, "person_id");
  for (const char* name : {"title", "campaign", "summary"}) {
    c[std::string(name) + "_en"] = TextEn(b, name);
    c[std::string(name) + "_zh"] = TextZh(b, name);
  }
  c["issue_ids"] = ListOf(b, "issue_ids");
  std::vector<std::string> articles, zh, en, stages;
  for (const json& ch : b.value("charges", json::array())) {
    articles.push_back(ch.value("article", ""));
    zh.push_back(ch.value("name_zh", ""));
    en.push_back(ch.value("name_en", ""));
    stages.push_back(ch.value("stage", ""));
  }
  // Parallel lists only line up when no item is empty; drop a column whose items are all empty.
  auto join = [](const std::vector<std::string>& v) {
    return std::all_of(v.begin(), v.end(), [](const std::string& s) { return s.empty(); }) ? std::string()
                                                                                            : JoinList(v);
  };
  c["charge_article"] = join(articles);
  c["charge_name_zh"] = join(zh);
  c["charge_name_en"] = join(en);
  c["charge_stage"] = join(stages);
  if (auto it = b.find("sentences"); it != b.end() && !it->empty()) {
    const json& s = it->front();
    c["sentence_court_en"] = TextEn(s, "court");
    c["sentence_court_zh"] = TextZh(s, "court");
    c["sentence_date"] = Str(s, "date");
    c["sentence_term"] = s.contains("term") ? TermText(s["term"]) : "";
    c["political_rights_years"] =
        s.contains("political_rights_years") ? std::to_string(s["political_rights_years"].get<int>()) : "";
  }
  c["family_contact"] = GuardedOf(b, "family_contact");
  c["notes"] = GuardedOf(b, "notes");
  c["visibility"] = Str(b, "visibility");
  c["source_ids"] = ListOf(b, "source_ids");
  return c;
}

std::map<std::string, std::string> LegalEventCells(const std::string& id, const json& b) {
  std::map<std::string, std::string> c;
  c["id"] = id;
  c["case_id"] = Str(b, "case_id");
  c["type"] = Str(b, "type");
  c["date"] = Str(b, "date");
  c["sequence"] = b.contains("sequence") && b["sequence"].get<int>() != 0 ? std::to_string(b["sequence"].get<int>())
                                                                          : "";
  c["place_id"] = Str(b, "place_id");
  for (const char* name : {"authority", "legal_basis", "description"}) {
    c[std::string(name) + "_en"] = TextEn(b, name);
    c[std::string(name) + "_zh"] = TextZh(b, name);
  }
  for (const char* name : {"family_notified", "lawyer_access", "whereabouts_known"}) {
    c[name] = Str(b, name) == "unknown" ? "" : Str(b, name);
  }
  c["visibility"] = Str(b, "visibility");
  c["source_ids"] = ListOf(b, "source_ids");
  return c;
}

// Fresh ids in core::NewId's form ("<prefix>_" + 16 base32 characters, 80

}  // namespace

core::Result<std::string> ExportTable(core::RecordService& records, TableType type, InputFormat format) {
  if (type == TableType::kDetainees) {
    return core::Fail(core::Error::Invalid("type", "detainees is an import format only; export people, cases and "
                                                   "legal_events"));
  }
  std::vector<core::StoredRecord> all;
  core::ListQuery query;
  query.kind = KindOf(type);
  query.limit = 1000;
  for (;;) {
    auto page = records.List(query, core::Visibility::kRestricted);
    if (!page) return core::Fail(page.error());
    for (auto& record : page->records) all.push_back(std::move(record));
    query.offset += static_cast<std::int64_t>(page->records.size());
    if (page->records.empty() || query.offset >= page->total) break;
  }
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.header.id < b.header.id; });

  const auto columns = ColumnsOf(type);
  std::string out;
  nlohmann::ordered_json array = nlohmann::ordered_json::array();
  if (format == InputFormat::kCsv) {
    out = "\xEF\xBB\xBF";
    AppendCsvRow(out, std::vector<std::string>(columns.begin(), columns.end()));
  }
  for (const auto& record : all) {
    auto cells = type == TableType::kPeople ? PersonCells(record.header.id, record.body)
                 : type == TableType::kCases ? CaseCells(record.header.id, record.body)
                                             : LegalEventCells(record.header.id, record.body);
    if (format == InputFormat::kCsv) {
      std::vector<std::string> row;
      row.reserve(columns.size());
      for (std::string_view c : columns) row.push_back(cells[std::string(c)]);
      AppendCsvRow(out, row);
    } else {
      nlohmann::ordered_json object = nlohmann::ordered_json::object();
      for (std::string_view c : columns) {
        const std::string& v = cells[std::string(c)];
        if (!v.empty()) object[std::string(c)] = v;
      }
      array.push_back(std::move(object));
    }
  }
  if (format == InputFormat::kJson) out = array.dump(2) + "\n";
  return out;
}

}  // namespace readout::io
