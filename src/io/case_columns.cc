// Columns of the case tables and the mapping of a file's headers to them
// (io/case_import.h, case_import_internal.h).
#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "io/case_import.h"
#include "io/case_import_internal.h"

namespace readout::io {
namespace internal {
namespace {

constexpr std::string_view kPeopleColumns[] = {
    "id",           "name_zh",         "name_zh_hant",     "name_pinyin",   "name_en",       "aliases",
    "sex",          "birth_date",      "ethnicity_en",     "ethnicity_zh",  "religion_en",   "religion_zh",
    "occupation_en", "occupation_zh",  "biography_en",     "biography_zh",  "consent_given", "consent_given_by",
    "consent_date", "risk_notes",      "visibility",       "source_ids",
};

constexpr std::string_view kCaseColumns[] = {
    "id",               "person_id",         "title_en",          "title_zh",      "campaign_en",
    "campaign_zh",      "summary_en",        "summary_zh",        "issue_ids",     "charge_article",
    "charge_name_zh",   "charge_name_en",    "charge_stage",      "sentence_court_en", "sentence_court_zh",
    "sentence_date",    "sentence_term",     "political_rights_years", "family_contact", "notes",
    "visibility",       "source_ids",
};

constexpr std::string_view kLegalEventColumns[] = {
    "id",           "case_id",         "type",           "date",          "sequence",       "place_id",
    "authority_en", "authority_zh",    "legal_basis_en", "legal_basis_zh", "family_notified", "lawyer_access",
    "whereabouts_known", "description_en", "description_zh", "visibility", "source_ids",
};

constexpr std::string_view kDetaineeColumns[] = {
    "name_zh",       "name_zh_hant",   "name_pinyin",    "name_en",        "aliases",       "sex",
    "birth_date",    "ethnicity_en",   "ethnicity_zh",   "occupation_en",  "occupation_zh", "detention_date",
    "detention_type", "place",         "authority_en",   "authority_zh",   "charge_article", "charge_name_zh",
    "charge_name_en", "campaign_en",   "campaign_zh",    "status_note",    "visibility",
};

// Columns accepted on import but never exported: one text in either language
// goes to en or zh_hans by its script.
constexpr std::string_view kPeopleExtra[] = {"ethnicity", "religion", "occupation", "biography"};
constexpr std::string_view kCaseExtra[] = {"title", "campaign", "summary", "charge_name", "sentence_court"};
constexpr std::string_view kLegalEventExtra[] = {"authority", "legal_basis", "description"};
constexpr std::string_view kDetaineeExtra[] = {"ethnicity", "occupation", "authority", "charge_name", "campaign"};

struct Synonym {
  std::string_view from;
  std::string_view to;
};

// Headers other people's spreadsheets use; applied only when `to` is a field of the type.
constexpr Synonym kSynonyms[] = {
    {"chinese_name", "name_zh"},   {"name_chinese", "name_zh"}, {"name_cn", "name_zh"},
    {"traditional_name", "name_zh_hant"}, {"pinyin", "name_pinyin"}, {"english_name", "name_en"},
    {"name", "name_en"},           {"alias", "aliases"},        {"other_names", "aliases"},
    {"gender", "sex"},             {"dob", "birth_date"},       {"date_of_birth", "birth_date"},
    {"birth", "birth_date"},       {"born", "birth_date"},      {"birthdate", "birth_date"},
    {"person", "person_id"},       {"case", "case_id"},         {"event_type", "type"},
    {"event_date", "date"},        {"charge", "charge_name"},   {"article", "charge_article"},
    {"detained", "detention_date"}, {"detained_on", "detention_date"}, {"date_detained", "detention_date"},
    {"facility", "place"},         {"location", "place"},       {"note", "status_note"},
    {"status", "status_note"},
};

std::span<const std::string_view> ExtraOf(TableType type) {
  switch (type) {
    case TableType::kPeople:
      return kPeopleExtra;
    case TableType::kCases:
      return kCaseExtra;
    case TableType::kLegalEvents:
      return kLegalEventExtra;
    case TableType::kDetainees:
      return kDetaineeExtra;
  }
  return {};
}

bool IsField(TableType type, std::string_view field) {
  for (std::string_view c : ColumnsOf(type)) {
    if (c == field) return true;
  }
  for (std::string_view c : ExtraOf(type)) {
    if (c == field) return true;
  }
  return false;
}

}  // namespace

core::RecordKind KindOf(TableType type) {
  switch (type) {
    case TableType::kCases:
      return core::RecordKind::kCase;
    case TableType::kLegalEvents:
      return core::RecordKind::kLegalEvent;
    default:
      return core::RecordKind::kPerson;
  }
}

core::Result<ColumnIndex> MapColumns(const std::vector<std::string>& header, TableType type,
                                     const ColumnMapping& mapping) {
  ColumnIndex columns;
  std::vector<std::string> unmapped;
  std::vector<core::FieldError> errors;
  for (std::size_t k = 0; k < header.size(); ++k) {
    const std::string& name = header[k];
    const std::string normal = NormaliseHeader(name);
    std::string field;
    if (auto it = mapping.fields.find(normal); it != mapping.fields.end()) {
      field = it->second;
      if (field == "-") continue;
      if (!IsField(type, field)) {
        errors.push_back({"map", fmt::format("column '{}' is mapped to '{}', which is not a field of {}; fields: {}",
                                             name, field, ToCode(type), CodeList(ColumnsOf(type)))});
        continue;
      }
    } else if (IsField(type, normal)) {
      field = normal;
    } else {
      for (const Synonym& s : kSynonyms) {
        if (s.from == normal && IsField(type, s.to)) field = std::string(s.to);
      }
    }
    if (field.empty()) {
      unmapped.push_back(name);
      continue;
    }
    if (auto [it, inserted] = columns.emplace(field, k); !inserted) {
      errors.push_back({"columns", fmt::format("columns '{}' and '{}' both map to {}; drop one with --ignore-column",
                                               header[it->second], name, field)});
    }
  }
  if (!unmapped.empty()) {
    std::string list;
    for (const auto& h : unmapped) list += (list.empty() ? "'" : ", '") + h + "'";
    errors.push_back(
        {"columns", fmt::format("{} {} to no field of {}: {}; map with --map 'Header=field' or drop with "
                                "--ignore-column 'Header' (fields: {})",
                                unmapped.size() == 1 ? "column" : "columns", unmapped.size() == 1 ? "maps" : "map",
                                ToCode(type), list, CodeList(ColumnsOf(type)))});
  }
  auto require = [&](std::string_view field) {
    if (columns.find(field) == columns.end()) {
      errors.push_back({"columns", fmt::format("{} needs a column {}", ToCode(type), field)});
    }
  };
  switch (type) {
    case TableType::kCases:
      require("person_id");
      break;
    case TableType::kLegalEvents:
      require("case_id");
      require("type");
      require("date");
      break;
    case TableType::kDetainees:
      require("detention_date");
      break;
    case TableType::kPeople:
      break;
  }
  if (!errors.empty()) return core::Fail(core::Error::Invalid(std::move(errors)));
  return columns;
}

}  // namespace internal

using internal::kCaseColumns;
using internal::kDetaineeColumns;
using internal::kLegalEventColumns;
using internal::kPeopleColumns;
using internal::SplitOn;
using internal::Trim;

std::optional<TableType> ParseTableType(std::string_view name) {
  const std::string n = NormaliseHeader(name);
  if (n == "people" || n == "persons") return TableType::kPeople;
  if (n == "cases") return TableType::kCases;
  if (n == "legal_events" || n == "events") return TableType::kLegalEvents;
  if (n == "detainees") return TableType::kDetainees;
  return std::nullopt;
}

std::string_view ToCode(TableType type) {
  switch (type) {
    case TableType::kPeople:
      return "people";
    case TableType::kCases:
      return "cases";
    case TableType::kLegalEvents:
      return "legal_events";
    case TableType::kDetainees:
      return "detainees";
  }
  return "";
}

std::span<const std::string_view> ColumnsOf(TableType type) {
  switch (type) {
    case TableType::kPeople:
      return kPeopleColumns;
    case TableType::kCases:
      return kCaseColumns;
    case TableType::kLegalEvents:
      return kLegalEventColumns;
    case TableType::kDetainees:
      return kDetaineeColumns;
  }
  return {};
}

std::string NormaliseHeader(std::string_view header) {
  std::string t = Trim(header);
  std::string out;
  bool pending = false;
  for (char c : t) {
    if (c == ' ' || c == '-' || c == '_' || c == '.' || c == '\t') {
      pending = !out.empty();
      continue;
    }
    if (pending) out += '_';
    pending = false;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

core::Status AddMapping(ColumnMapping& mapping, std::string_view spec) {
  const std::size_t eq = spec.rfind('=');
  if (eq == std::string_view::npos || eq == 0) {
    return core::Fail(core::Error::Invalid(
        "map", fmt::format("\"{}\" must be Header=field (or Header=- to drop the column)", spec)));
  }
  std::string header = NormaliseHeader(spec.substr(0, eq));
  std::string field = Trim(spec.substr(eq + 1));
  if (field != "-") field = NormaliseHeader(field);
  if (header.empty() || field.empty()) {
    return core::Fail(core::Error::Invalid("map", fmt::format("\"{}\" must be Header=field", spec)));
  }
  mapping.fields[header] = field;
  return {};
}

core::Status AddMappingFile(ColumnMapping& mapping, std::string_view text) {
  std::size_t line_number = 0;
  for (const std::string& raw : SplitOn(text, '\n')) {
    ++line_number;
    std::string line = Trim(raw);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    if (auto added = AddMapping(mapping, line); !added) {
      return core::Fail(core::Error::Invalid(fmt::format("map-file line {}", line_number),
                                             added.error().fields.front().problem));
    }
  }
  return {};
}

void IgnoreColumn(ColumnMapping& mapping, std::string_view header) {
  mapping.fields.insert_or_assign(NormaliseHeader(header), std::string(1, '-'));
}

}  // namespace readout::io
