#include "io/case_import.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <memory>
#include <random>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unicode/translit.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include "core/case_vocabulary.h"
#include "core/entity_codec.h"
#include "core/partial_date.h"
#include "core/vocabulary.h"
#include "io/records_file.h"
#include "io/text_decoding.h"

namespace readout::io {
namespace {

using nlohmann::json;

// --- Columns ----------------------------------------------------------------

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

std::string Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n')) s.remove_suffix(1);
  // A no-break space (U+00A0) pasted from a web page.
  while (s.substr(0, 2) == "\xC2\xA0") s.remove_prefix(2);
  while (s.size() >= 2 && s.substr(s.size() - 2) == "\xC2\xA0") s.remove_suffix(2);
  return std::string(s);
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// "a; b；c" -> {"a", "b", "c"}: ASCII and full-width semicolons, empty items dropped.
std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> out;
  std::string current;
  auto flush = [&] {
    std::string item = Trim(current);
    if (!item.empty()) out.push_back(std::move(item));
    current.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == ';') {
      flush();
    } else if (text.substr(i, 3) == "\xEF\xBC\x9B") {  // ；
      flush();
      i += 2;
    } else {
      current += text[i];
    }
  }
  flush();
  return out;
}

std::string JoinList(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += "; ";
    out += item;
  }
  return out;
}

// --- Scripts and Traditional -> Simplified folding --------------------------

bool HasScript(std::string_view text, UScriptCode wanted) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const auto n = static_cast<int32_t>(text.size());
  int32_t i = 0;
  while (i < n) {
    UChar32 c = 0;
    U8_NEXT(s, i, n, c);
    if (c < 0x80) continue;
    UErrorCode status = U_ZERO_ERROR;
    if (uscript_getScript(c, &status) == wanted) return true;
  }
  return false;
}

bool HasHan(std::string_view text) { return HasScript(text, USCRIPT_HAN); }

// ICU's "Hant-Hans" transliterator, with a cache: names repeat (surnames) and
// the transliterator is the slowest step of a large import.
class HanFolder {
 public:
  HanFolder() {
    UErrorCode status = U_ZERO_ERROR;
    transliterator_.reset(icu::Transliterator::createInstance("Hant-Hans", UTRANS_FORWARD, status));
    if (U_FAILURE(status)) transliterator_.reset();
  }

  // `text` with Traditional characters replaced by Simplified ones.
  const std::string& Fold(const std::string& text) {
    auto it = cache_.find(text);
    if (it != cache_.end()) return it->second;
    std::string folded = text;
    if (transliterator_ != nullptr && HasHan(text)) {
      icu::UnicodeString u = icu::UnicodeString::fromUTF8(text);
      transliterator_->transliterate(u);
      folded.clear();
      u.toUTF8String(folded);
    }
    return cache_.emplace(text, std::move(folded)).first->second;
  }

 private:
  std::unique_ptr<icu::Transliterator> transliterator_;
  std::unordered_map<std::string, std::string> cache_;
};

core::Script ScriptOf(std::string_view text, HanFolder& folder) {
  if (HasHan(text)) {
    const std::string s(text);
    return folder.Fold(s) == s ? core::Script::kHans : core::Script::kHant;
  }
  if (HasScript(text, USCRIPT_TIBETAN)) return core::Script::kTibt;
  if (HasScript(text, USCRIPT_ARABIC)) return core::Script::kArab;
  for (char c : text) {
    if (std::isalpha(static_cast<unsigned char>(c))) return core::Script::kLatn;
  }
  if (HasScript(text, USCRIPT_LATIN)) return core::Script::kLatn;
  return core::Script::kOther;
}

// --- Values -----------------------------------------------------------------

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::vector<std::string> SplitOn(std::string_view s, char sep) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    const std::size_t at = s.find(sep, start);
    parts.emplace_back(s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) break;
    start = at + 1;
  }
  return parts;
}

// The reason inside PartialDate's message ("... got \"1973-13\" (month 13 does not exist)").
std::string DateReason(const core::Error& error, std::string_view text) {
  const std::string message = error.fields.empty() ? error.message : error.fields.front().problem;
  // The reason is the last parenthesised part; find its opening bracket.
  if (!message.empty() && message.back() == ')') {
    int depth = 0;
    for (std::size_t i = message.size(); i-- > 0;) {
      if (message[i] == ')') ++depth;
      if (message[i] == '(' && --depth == 0) {
        return message.substr(i + 1, message.size() - i - 2) +
               "; write an EDTF date such as 2013-07-16, 2013-07 or 2013";
      }
    }
  }
  return message + " (" + std::string(text) + ")";
}

// Dates as spreadsheets hold them -> EDTF text. Accepts EDTF, year-first dates
// with / . or - and unpadded numbers (2013/7/16), and 2013年7月16日. Refuses
// day-first and month-first forms: 05/07/2013 is May or July depending on
// who typed it.
core::Result<std::string> NormaliseDate(const std::string& raw) {
  std::string text = raw;
  // 2013年7月16日 -> 2013/7/16
  for (const char* unit : {"\xE5\xB9\xB4", "\xE6\x9C\x88"}) {  // 年 月
    for (std::size_t at = text.find(unit); at != std::string::npos; at = text.find(unit)) text.replace(at, 3, "/");
  }
  for (std::size_t at = text.find("\xE6\x97\xA5"); at != std::string::npos; at = text.find("\xE6\x97\xA5")) {  // 日
    text.erase(at, 3);
  }
  while (!text.empty() && text.back() == '/') text.pop_back();
  for (char sep : {'/', '.', '-'}) {
    const auto parts = SplitOn(text, sep);
    if (parts.size() < 2 || parts.size() > 3) continue;
    if (!std::all_of(parts.begin(), parts.end(), AllDigits)) continue;
    if (parts[0].size() == 4) {
      if (sep == '-' && parts[1].size() == 2 && (parts.size() == 2 || parts[2].size() == 2)) break;  // already EDTF
      bool ok = parts[1].size() <= 2 && (parts.size() == 2 || parts[2].size() <= 2);
      if (!ok) break;
      std::string iso = parts[0];
      for (std::size_t k = 1; k < parts.size(); ++k) iso += fmt::format("-{:02d}", std::stoi(parts[k]));
      text = iso;
      break;
    }
    if (parts.size() == 3 && parts[2].size() == 4 && parts[0].size() <= 2 && parts[1].size() <= 2) {
      return core::Fail(core::Error::Invalid(
          "date", fmt::format("day and month order is ambiguous ({}/{} could be either); write the year first, "
                              "such as {}-{:02d}-{:02d}",
                              parts[0], parts[1], parts[2], std::stoi(parts[1]), std::stoi(parts[0]))));
    }
  }
  auto date = core::PartialDate::Parse(text, "date");
  if (!date) return core::Fail(core::Error::Invalid("date", DateReason(date.error(), text)));
  return date->ToString();
}

std::optional<std::string> NormaliseSex(std::string_view raw) {
  const std::string v = Lower(raw);
  if (v == "f" || v == "female" || v == "woman" || v == "\xE5\xA5\xB3") return "female";  // 女
  if (v == "m" || v == "male" || v == "man" || v == "\xE7\x94\xB7") return "male";      // 男
  if (core::ParseSex(v)) return v;
  return std::nullopt;
}

std::optional<std::string> NormaliseTriState(std::string_view raw) {
  const std::string v = Lower(raw);
  if (v == "y" || v == "true" || v == "1" || v == "\xE6\x98\xAF") return "yes";  // 是
  if (v == "n" || v == "false" || v == "0" || v == "\xE5\x90\xA6") return "no";  // 否
  if (v == "?" || v == "unknown") return "unknown";
  if (core::ParseTriState(v)) return v;
  return std::nullopt;
}

// A legal event type: its code, its code with spaces ("Criminal detention"),
// or its official Chinese term (刑事拘留).
std::optional<std::string> NormaliseEventType(std::string_view raw) {
  std::string v = NormaliseHeader(raw);
  if (core::ParseLegalEventType(v)) return v;
  for (std::string_view code : core::LegalEventTypeCodes()) {
    const auto type = core::ParseLegalEventType(code);
    if (type && !core::OfficialChineseTerm(*type).empty() && core::OfficialChineseTerm(*type) == raw) {
      return std::string(code);
    }
  }
  return std::nullopt;
}

std::string CodeList(std::span<const std::string_view> codes) {
  std::string out;
  for (std::string_view c : codes) {
    if (!out.empty()) out += ", ";
    out += c;
  }
  return out;
}

// "4y6m", "4 years 6 months", "life", "death", "death_suspended" -> a term object.
std::optional<json> ParseTerm(std::string_view raw) {
  const std::string v = NormaliseHeader(raw);
  if (core::ParseTermKind(v) && v != "fixed") return json{{"kind", v}};
  json term = {{"kind", "fixed"}};
  std::size_t i = 0;
  bool any = false;
  const std::string compact = [&] {
    std::string s;
    for (char c : Lower(raw)) {
      if (c != ' ') s += c;
    }
    return s;
  }();
  while (i < compact.size()) {
    std::size_t start = i;
    while (i < compact.size() && std::isdigit(static_cast<unsigned char>(compact[i]))) ++i;
    if (start == i || i - start > 3) return std::nullopt;
    const int number = std::stoi(compact.substr(start, i - start));
    std::size_t unit_start = i;
    while (i < compact.size() && std::isalpha(static_cast<unsigned char>(compact[i]))) ++i;
    const std::string unit = compact.substr(unit_start, i - unit_start);
    const char* key = nullptr;
    if (unit == "y" || unit == "year" || unit == "years") key = "years";
    if (unit == "m" || unit == "month" || unit == "months") key = "months";
    if (unit == "d" || unit == "day" || unit == "days") key = "days";
    if (key == nullptr || term.contains(key)) return std::nullopt;
    if (number > 0) term[key] = number;
    any = true;
  }
  if (!any) return std::nullopt;
  return term;
}

std::string TermText(const json& term) {
  const std::string kind = term.value("kind", "fixed");
  if (kind != "fixed") return kind;
  std::string out;
  if (term.contains("years")) out += std::to_string(term["years"].get<int>()) + "y";
  if (term.contains("months")) out += std::to_string(term["months"].get<int>()) + "m";
  if (term.contains("days")) out += std::to_string(term["days"].get<int>()) + "d";
  return out;
}

// --- Rows -------------------------------------------------------------------

// Which body a problem of MakeDraft belongs to (a detainee row makes three).
enum class Part { kPerson, kCase, kEvent };

struct Origin {
  Part part;
  std::string path;   // body path prefix: "names[0]", "ethnicity.en"
  std::string field;  // the field (column) it came from
};

class RowContext {
 public:
  RowContext(const InputTable& table, const std::map<std::string, std::size_t, std::less<>>& columns,
             const CsvRow& row, HanFolder& folder)
      : table_(table), columns_(columns), row_(row), folder_(folder) {}

  bool Has(std::string_view field) const { return columns_.find(field) != columns_.end(); }

  // The trimmed cell of `field`, or "" when there is no such column or cell.
  std::string Get(std::string_view field) const {
    auto it = columns_.find(field);
    if (it == columns_.end() || it->second >= row_.fields.size()) return "";
    return Trim(row_.fields[it->second]);
  }

  void Problem(std::string_view field, std::string reason) {
    auto it = columns_.find(field);
    std::string column = it == columns_.end() ? std::string(field) : table_.header[it->second];
    std::string value = it == columns_.end() || it->second >= row_.fields.size() ? "" : row_.fields[it->second];
    problems_.push_back({row_.number, std::move(column), std::move(value), std::move(reason)});
  }
  void RowProblem(std::string reason) { problems_.push_back({row_.number, "", "", std::move(reason)}); }

  void AddOrigin(Part part, std::string path, std::string_view field) {
    origins_.push_back({part, std::move(path), std::string(field)});
  }

  // Reports MakeDraft's problems against the columns their fields came from.
  void CodecProblems(Part part, const core::Error& error) {
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

  HanFolder& folder() { return folder_; }
  const CsvRow& row() const { return row_; }
  std::vector<io::RowProblem>& problems() { return problems_; }

  // --- Field helpers that add to a body and remember where values came from.

  void Text(json& body, Part part, std::string_view field, const char* name) {
    std::string v = Get(field);
    if (v.empty()) return;
    body[name] = std::move(v);
    AddOrigin(part, name, field);
  }

  // `name` from <prefix>_en, <prefix>_zh and the bare <prefix> column (by script).
  void Bilingual(json& body, Part part, std::string_view prefix, const char* name) {
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

  void Date(json& body, Part part, std::string_view field, const char* name) {
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

  void TriState(json& body, Part part, std::string_view field, const char* name) {
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

  void Visibility(json& body, Part part) {
    std::string v = Lower(Get("visibility"));
    if (v.empty()) return;
    if (!core::ParseVisibility(v)) {
      Problem("visibility", "must be public, internal or restricted");
      return;
    }
    body["visibility"] = v;
    AddOrigin(part, "visibility", "visibility");
  }

  void IdList(json& body, Part part, std::string_view field, const char* name) {
    auto items = SplitList(Get(field));
    if (items.empty()) return;
    body[name] = items;
    AddOrigin(part, name, field);
  }

  void Guarded(json& body, Part part, std::string_view field, const char* name) {
    std::string v = Get(field);
    if (v.empty()) return;
    body[name] = json{{"text", std::move(v)}, {"visibility", "restricted"}};
    AddOrigin(part, name, field);
  }

  void Int(json& body, Part part, std::string_view field, const char* name) {
    std::string v = Get(field);
    if (v.empty()) return;
    if (!AllDigits(v) || v.size() > 6) {
      Problem(field, "must be a whole number such as 3");
      return;
    }
    body[name] = std::stoi(v);
    AddOrigin(part, name, field);
  }

 private:
  const InputTable& table_;
  const std::map<std::string, std::size_t, std::less<>>& columns_;
  const CsvRow& row_;
  HanFolder& folder_;
  std::vector<Origin> origins_;
  std::vector<io::RowProblem> problems_;
};

json NameVariant(std::string text, core::Script script, core::NameScheme scheme, core::NameKind kind) {
  return json{{"text", std::move(text)},
              {"script", std::string(core::ToCode(script))},
              {"scheme", std::string(core::ToCode(scheme))},
              {"kind", std::string(core::ToCode(kind))},
              {"primary", false}};
}

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

// --- Duplicates -------------------------------------------------------------

class DuplicateFinder {
 public:
  explicit DuplicateFinder(HanFolder& folder) : folder_(folder) {}

  // Adds a person's names; reports a warning for each earlier person sharing a key.
  void Add(const std::string& who, const json& body, std::vector<std::string>& warnings) {
    std::optional<int> year;
    if (body.contains("birth_date")) {
      auto date = core::PartialDate::Parse(body["birth_date"].get<std::string>());
      if (date && date->start() && date->start()->unspecified_year_digits == 0) year = date->start()->year;
    }
    if (!body.contains("names")) return;
    for (const json& name : body["names"]) {
      const std::string text = name["text"].get<std::string>();
      std::string squeezed;
      for (char c : Lower(text)) {
        if (c != ' ' && c != '-' && c != '\'') squeezed += c;
      }
      if (year) Check("n|" + squeezed + "|" + std::to_string(*year), who, text, "same name and birth year", warnings);
      if (HasHan(text)) {
        std::string folded = folder_.Fold(text);
        folded.erase(std::remove(folded.begin(), folded.end(), ' '), folded.end());
        Check("h|" + folded, who, text, "same Chinese name", warnings);
      }
    }
  }

 private:
  void Check(const std::string& key, const std::string& who, const std::string& text, const char* why,
             std::vector<std::string>& warnings) {
    auto [it, inserted] = first_.emplace(key, std::make_pair(who, text));
    if (inserted || it->second.first == who) return;
    if (!reported_.insert(it->second.first + "\n" + who).second) return;
    const bool folded = key.starts_with("h|") && it->second.second != text;
    warnings.push_back(fmt::format("possible duplicate: {} ({}) and {} ({}): {}{}; not merged", it->second.first,
                                   it->second.second, who, text, why,
                                   folded ? " after Traditional->Simplified folding" : ""));
  }

  HanFolder& folder_;
  std::unordered_map<std::string, std::pair<std::string, std::string>> first_;
  std::set<std::string> reported_;
};

// --- Export helpers ---------------------------------------------------------

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
// bits), from one generator seeded once: core::NewId opens the system's
// random device per id, which was a tenth of a 100,000-row import.
class IdMaker {
 public:
  IdMaker() {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device(), device(), device(), device(), device()};
    engine_.seed(seed);
  }
  std::string Next(core::RecordKind kind) {
    static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
    std::string id(core::IdPrefix(kind));
    id += '_';
    const std::uint64_t high = engine_();
    const std::uint64_t low = engine_();
    for (int i = 0; i < 12; ++i) id += kAlphabet[(high >> (5 * i)) & 31];
    for (int i = 0; i < 4; ++i) id += kAlphabet[(low >> (5 * i)) & 31];
    return id;
  }

 private:
  std::mt19937_64 engine_;
};

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

}  // namespace

// --- Public functions -------------------------------------------------------

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

void IgnoreColumn(ColumnMapping& mapping, std::string_view header) { mapping.fields[NormaliseHeader(header)] = "-"; }

core::Result<InputTable> ReadTable(std::string_view bytes, InputFormat format, std::string_view encoding) {
  auto decoded = DecodeToUtf8(bytes, encoding);
  if (!decoded) return core::Fail(decoded.error());
  if (format == InputFormat::kCsv) {
    auto csv = ReadCsv(decoded->utf8);
    if (!csv) return core::Fail(csv.error());
    return InputTable{std::move(csv->header), std::move(csv->rows)};
  }
  json doc;
  try {
    doc = json::parse(decoded->utf8);
  } catch (const json::parse_error& e) {
    return core::Fail(core::Error::Invalid("json", std::string("is not valid JSON: ") + e.what()));
  }
  if (!doc.is_array()) {
    return core::Fail(core::Error::Invalid("json", "must be an array of objects, one per row (a records file or "
                                                   "bundle is imported without --type)"));
  }
  InputTable table;
  std::map<std::string, std::size_t> index;
  std::vector<core::FieldError> problems;
  for (std::size_t i = 0; i < doc.size(); ++i) {
    const json& item = doc[i];
    const std::string where = fmt::format("[{}]", i);
    if (!item.is_object()) {
      problems.push_back({where, "must be an object"});
      continue;
    }
    CsvRow row{i + 1, 0, std::vector<std::string>(table.header.size())};
    for (const auto& [key, value] : item.items()) {
      auto [it, inserted] = index.emplace(key, table.header.size());
      if (inserted) table.header.push_back(key);
      if (row.fields.size() < table.header.size()) row.fields.resize(table.header.size());
      std::string cell;
      if (value.is_string()) {
        cell = value.get<std::string>();
      } else if (value.is_number_integer() || value.is_number_unsigned()) {
        cell = value.dump();
      } else if (value.is_boolean()) {
        cell = value.get<bool>() ? "yes" : "no";
      } else if (value.is_array() && std::all_of(value.begin(), value.end(), [](const json& v) { return v.is_string(); })) {
        std::vector<std::string> items;
        for (const json& v : value) items.push_back(v.get<std::string>());
        cell = JoinList(items);
      } else if (!value.is_null()) {
        problems.push_back({where + "." + key, std::string("must be text, a number, true/false, null or a list of "
                                                           "texts; got ") + value.type_name()});
      }
      row.fields[it->second] = std::move(cell);
    }
    table.rows.push_back(std::move(row));
  }
  if (!problems.empty()) return core::Fail(core::Error::Invalid(std::move(problems)));
  return table;
}

std::string Describe(const RowProblem& p) {
  if (p.column.empty()) return fmt::format("row {}: {}", p.row, p.reason);
  return fmt::format("row {}, column '{}', value '{}': {}", p.row, p.column, p.value, p.reason);
}

core::Result<ImportPlan> PlanImport(const InputTable& table, const ImportOptions& options,
                                    core::RecordService& records) {
  const TableType type = options.type;
  // Columns -> fields.
  std::map<std::string, std::size_t, std::less<>> columns;
  std::vector<std::string> unmapped;
  std::vector<core::FieldError> errors;
  for (std::size_t k = 0; k < table.header.size(); ++k) {
    const std::string& header = table.header[k];
    const std::string normal = NormaliseHeader(header);
    std::string field;
    if (auto it = options.mapping.fields.find(normal); it != options.mapping.fields.end()) {
      field = it->second;
      if (field == "-") continue;
      if (!IsField(type, field)) {
        errors.push_back({"map", fmt::format("column '{}' is mapped to '{}', which is not a field of {}; fields: {}",
                                             header, field, ToCode(type), CodeList(ColumnsOf(type)))});
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
      unmapped.push_back(header);
      continue;
    }
    if (auto [it, inserted] = columns.emplace(field, k); !inserted) {
      errors.push_back({"columns", fmt::format("columns '{}' and '{}' both map to {}; drop one with --ignore-column",
                                               table.header[it->second], header, field)});
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

  ImportPlan plan;
  HanFolder folder;
  DuplicateFinder duplicates(folder);
  const bool people_in_file = type == TableType::kPeople || type == TableType::kDetainees;
  if (people_in_file) {
    // People already stored, so a re-import of the same spreadsheet is noticed.
    core::ListQuery query;
    query.kind = core::RecordKind::kPerson;
    query.limit = 1000;
    for (;;) {
      auto page = records.List(query, core::Visibility::kRestricted);
      if (!page) return core::Fail(page.error());
      for (const auto& record : page->records) {
        duplicates.Add("stored person " + record.header.id, record.body, plan.warnings);
      }
      query.offset += static_cast<std::int64_t>(page->records.size());
      if (page->records.empty() || query.offset >= page->total) break;
    }
  }

  IdMaker ids;
  std::vector<core::RecordDraft> drafts;
  std::map<std::string, std::size_t> ids_in_file;  // id -> row index
  std::unordered_map<std::string, bool> stored_target_ok;

  for (std::size_t index = 0; index < table.rows.size(); ++index) {
    const CsvRow& row = table.rows[index];
    // Spreadsheets save rows of empty cells below the data; they are not rows.
    if (std::all_of(row.fields.begin(), row.fields.end(), [](const std::string& f) { return Trim(f).empty(); })) {
      continue;
    }
    RowContext r(table, columns, row, folder);
    if (row.fields.size() > table.header.size()) {
      r.RowProblem(fmt::format("has {} cells; the header has {} columns (an unquoted comma?)", row.fields.size(),
                               table.header.size()));
    }
    struct Made {
      Part part;
      core::RecordKind kind;
      json body;
      std::string id;
    };
    std::vector<Made> made;
    if (type == TableType::kDetainees) {
      const std::string person_id = ids.Next(core::RecordKind::kPerson);
      const std::string case_id = ids.Next(core::RecordKind::kCase);
      json person = PersonBody(r);
      json case_body = json::object();
      case_body["person_id"] = person_id;
      r.Bilingual(case_body, Part::kCase, "campaign", "campaign");
      if (std::string note = r.Get("status_note"); !note.empty()) {
        case_body["summary"] = json{{HasHan(note) ? "zh_hans" : "en", note}};
        r.AddOrigin(Part::kCase, "summary", "status_note");
      }
      Charges(r, case_body, Part::kCase);
      r.Visibility(case_body, Part::kCase);
      json event = json::object();
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
      made.push_back({Part::kPerson, core::RecordKind::kPerson, std::move(person), person_id});
      made.push_back({Part::kCase, core::RecordKind::kCase, std::move(case_body), case_id});
      made.push_back({Part::kEvent, core::RecordKind::kLegalEvent, std::move(event),
                      ids.Next(core::RecordKind::kLegalEvent)});
    } else {
      const core::RecordKind kind = KindOf(type);
      const Part part = type == TableType::kPeople ? Part::kPerson
                        : type == TableType::kCases ? Part::kCase
                                                    : Part::kEvent;
      json body = type == TableType::kPeople ? PersonBody(r) : type == TableType::kCases ? CaseBody(r)
                                                                                        : LegalEventBody(r);
      std::string id = r.Get("id");
      if (id.empty()) {
        id = ids.Next(kind);
      } else if (auto dup = ids_in_file.find(id); dup != ids_in_file.end()) {
        r.Problem("id", fmt::format("appears twice in the file (row {} has it too)", table.rows[dup->second].number));
      }
      made.push_back({part, kind, std::move(body), std::move(id)});
    }

    std::set<std::string> row_ids;  // a detainee row's records refer to one another
    for (const Made& m : made) row_ids.insert(m.id);
    std::vector<core::RecordDraft> row_drafts;
    for (Made& m : made) {
      auto draft = core::MakeDraft(m.kind, m.body, m.id);
      if (!draft) {
        // The id's problem is the id column's (generated ids are always valid).
        for (core::FieldError& f : draft.error().fields) {
          if (f.field == "id") {
            r.Problem("id", f.problem);
            f.problem.clear();
          }
        }
        core::Error rest = draft.error();
        std::erase_if(rest.fields, [](const core::FieldError& f) { return f.problem.empty(); });
        if (!rest.fields.empty()) r.CodecProblems(m.part, rest);
        continue;
      }
      row_drafts.push_back(std::move(*draft));
    }
    // References: to the row's own records, or to live records already stored.
    for (const core::RecordDraft& d : row_drafts) {
      for (const core::Reference& ref : d.references) {
        bool found = row_ids.contains(ref.target_id);
        if (!found) {
          auto cached = stored_target_ok.find(ref.target_id + "|" + std::string(core::KindName(ref.target_kind)));
          if (cached == stored_target_ok.end()) {
            auto stored = records.Get(ref.target_id, core::Visibility::kRestricted);
            const bool ok = stored && stored->header.kind == ref.target_kind;
            cached = stored_target_ok
                         .emplace(ref.target_id + "|" + std::string(core::KindName(ref.target_kind)), ok)
                         .first;
          }
          found = cached->second;
        }
        if (!found) {
          const std::string field = ref.field.substr(0, ref.field.find_first_of(".["));
          r.Problem(r.Has(field) ? field : ref.field,
                    fmt::format("no {} with id {} in the database", core::KindName(ref.target_kind), ref.target_id));
        }
      }
    }
    if (type != TableType::kDetainees && !made.empty()) ids_in_file.emplace(made.front().id, index);

    if (!r.problems().empty()) {
      plan.bad_rows.insert(index);
      for (auto& p : r.problems()) plan.problems.push_back(std::move(p));
      continue;
    }
    for (core::RecordDraft& d : row_drafts) {
      if (d.kind == core::RecordKind::kPerson) {
        ++plan.people;
        duplicates.Add(fmt::format("row {} ({})", row.number, d.id), d.body, plan.warnings);
      } else if (d.kind == core::RecordKind::kCase) {
        ++plan.cases;
      } else {
        ++plan.legal_events;
      }
      drafts.push_back(std::move(d));
    }
  }

  // Records sorted by id (bundle order, and sequential inserts into the
  // store's id index); each record's references travel with it.
  std::sort(drafts.begin(), drafts.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  const std::string now = NowRfc3339();
  plan.bundle.records.reserve(drafts.size());
  plan.bundle.revisions.reserve(drafts.size());
  plan.references.reserve(drafts.size());
  for (core::RecordDraft& draft : drafts) {
    core::Revision revision;
    revision.record_id = draft.id;
    revision.kind = draft.kind;
    revision.revision = 1;
    revision.operation = core::RevisionOperation::kCreate;
    revision.actor = options.actor.name;
    revision.at = now;
    revision.visibility_before = draft.visibility;
    revision.visibility_after = draft.visibility;
    revision.after = draft.body;
    core::StoredRecord record;
    record.header = {draft.id, draft.kind, 1, draft.visibility, draft.parent_id, now, now, false};
    record.body = std::move(draft.body);
    plan.bundle.records.push_back(std::move(record));
    plan.bundle.revisions.push_back(std::move(revision));
    plan.references.push_back(std::move(draft.references));
  }
  return plan;
}

core::Status ApplyImport(const ImportPlan& plan, core::RecordService& records) {
  if (plan.bundle.records.empty()) return {};
  // PlanImport built every body with MakeDraft, so the store's own checks
  // (ids, reference targets, inside its one transaction) are the last word;
  // RecordService::Import would validate every body a second time, and
  // Store::Import would run MakeDraft again only to find the references.
  if (plan.references.size() == plan.bundle.records.size()) {
    return records.store().ImportWithReferences(plan.bundle, plan.references);
  }
  return records.store().Import(plan.bundle);
}

std::string RejectsCsv(const InputTable& table, const ImportPlan& plan) {
  std::string out;
  std::vector<std::string> header = table.header;
  header.push_back("error");
  AppendCsvRow(out, header);
  std::map<std::size_t, std::string> reasons;  // row number -> problems
  for (const RowProblem& p : plan.problems) {
    std::string& r = reasons[p.row];
    if (!r.empty()) r += "; ";
    r += p.column.empty() ? p.reason : fmt::format("{} '{}': {}", p.column, p.value, p.reason);
  }
  for (std::size_t index : plan.bad_rows) {
    const CsvRow& row = table.rows[index];
    std::vector<std::string> cells = row.fields;
    cells.resize(std::max(cells.size(), table.header.size()));
    cells.push_back(reasons[row.number]);
    AppendCsvRow(out, cells);
  }
  return out;
}

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
