// Cell values of the case tables: text helpers, scripts and Traditional ->
// Simplified folding, dates, codes and sentence terms (case_import_internal.h).
#include <algorithm>
#include <cctype>
#include <cstdint>

#include <fmt/format.h>
#include <unicode/translit.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include "core/case_vocabulary.h"
#include "core/partial_date.h"
#include "io/case_import_internal.h"

namespace readout::io::internal {

using nlohmann::json;

// --- Text -------------------------------------------------------------------

std::string_view TrimView(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n')) s.remove_suffix(1);
  // A no-break space (U+00A0) pasted from a web page.
  while (s.substr(0, 2) == "\xC2\xA0") s.remove_prefix(2);
  while (s.size() >= 2 && s.substr(s.size() - 2) == "\xC2\xA0") s.remove_suffix(2);
  return s;
}

std::string Trim(std::string_view s) { return std::string(TrimView(s)); }

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

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

namespace {

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

}  // namespace

bool HasHan(std::string_view text) { return HasScript(text, USCRIPT_HAN); }

HanFolder::HanFolder() {
  UErrorCode status = U_ZERO_ERROR;
  transliterator_.reset(icu::Transliterator::createInstance("Hant-Hans", UTRANS_FORWARD, status));
  if (U_FAILURE(status)) transliterator_.reset();
}

HanFolder::~HanFolder() = default;

const std::string& HanFolder::Fold(const std::string& text) {
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

namespace {

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

}  // namespace

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

}  // namespace readout::io::internal
