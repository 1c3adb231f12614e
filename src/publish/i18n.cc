#include "publish/i18n.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <stdexcept>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>
#include <opencc/SimpleConverter.hpp>

#include "resources/resources.h"

namespace readout::publish {
namespace {

// Debian's libopencc-data installs it under /usr/share/opencc, where OpenCC looks by default.
constexpr const char* kS2tConfig = "s2t.json";

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::map<std::string, std::string> LoadCatalog(std::string_view path) {
  const resources::Resource* r = resources::Find(path);
  if (r == nullptr) throw std::runtime_error("i18n catalog not embedded: " + std::string(path));
  nlohmann::json json = nlohmann::json::parse(r->data, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) throw std::runtime_error("i18n catalog is not a JSON object: " + std::string(path));
  std::map<std::string, std::string> out;
  for (const auto& [id, text] : json.items()) {
    if (id.starts_with("@")) continue;  // "@metadata", as in kiwix's catalogs
    if (!text.is_string()) throw std::runtime_error("i18n message " + id + " is not a string in " + std::string(path));
    out.emplace(id, text.get<std::string>());
  }
  return out;
}

// Substitutes "{name}" with params.at(name); an unknown "{name}" stays as is,
// so a missing parameter shows up in review rather than vanishing.
std::string Format(std::string_view pattern, const std::map<std::string, std::string>& params) {
  if (params.empty()) return std::string(pattern);
  std::string out;
  out.reserve(pattern.size() + 32);
  size_t i = 0;
  while (i < pattern.size()) {
    if (pattern[i] == '{') {
      size_t close = pattern.find('}', i + 1);
      if (close != std::string_view::npos) {
        auto it = params.find(std::string(pattern.substr(i + 1, close - i - 1)));
        if (it != params.end()) {
          out += it->second;
          i = close + 1;
          continue;
        }
      }
    }
    out += pattern[i++];
  }
  return out;
}

}  // namespace

std::string_view LangCode(Lang lang) {
  switch (lang) {
    case Lang::kEn:
      return "en";
    case Lang::kZhHans:
      return "zh-Hans";
  }
  return "en";
}

bool ParseLang(std::string_view code, Lang& out) {
  LanguageChoice choice;
  if (!ParseLanguageChoice(code, choice)) return false;
  out = choice.lang;
  return true;
}

std::string_view LanguageChoice::Code() const {
  if (lang == Lang::kZhHans && traditional) return "zh-Hant";
  return LangCode(lang);
}

bool ParseLanguageChoice(std::string_view code, LanguageChoice& out) {
  std::string c = Lower(Trim(code));
  auto primary = [&](std::string_view p) { return c == p || c.starts_with(std::string(p) + "-"); };
  if (primary("en")) {
    out = {Lang::kEn, false};
    return true;
  }
  if (primary("zh")) {
    // Traditional: the script subtag says so, else the regions that write
    // Traditional characters (zh-TW, zh-HK, zh-MO); "zh-Hans-HK" is Simplified.
    bool traditional = false;
    std::string_view rest = std::string_view(c).substr(2);
    while (!rest.empty()) {
      rest.remove_prefix(1);  // '-'
      const size_t dash = rest.find('-');
      const std::string_view subtag = rest.substr(0, dash);
      rest = dash == std::string_view::npos ? std::string_view() : rest.substr(dash);
      if (subtag == "hant") {
        traditional = true;
        break;
      }
      if (subtag == "hans") {
        traditional = false;
        break;
      }
      if (subtag == "tw" || subtag == "hk" || subtag == "mo") traditional = true;
    }
    out = {Lang::kZhHans, traditional};
    return true;
  }
  return false;
}

Lang NegotiateLanguage(std::string_view query_lang, std::string_view cookie_lang, std::string_view accept_language) {
  return NegotiateLanguageChoice(query_lang, cookie_lang, accept_language).lang;
}

LanguageChoice NegotiateLanguageChoice(std::string_view query_lang, std::string_view cookie_lang,
                                       std::string_view accept_language) {
  LanguageChoice choice;
  if (ParseLanguageChoice(query_lang, choice)) return choice;
  if (ParseLanguageChoice(cookie_lang, choice)) return choice;

  struct Candidate {
    std::string tag;
    double q;
  };
  std::vector<Candidate> candidates;
  std::string_view rest = accept_language;
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    size_t semi = item.find(';');
    std::string_view tag = Trim(item.substr(0, semi));
    double q = 1.0;
    std::string_view params = semi == std::string_view::npos ? std::string_view() : item.substr(semi + 1);
    while (!params.empty()) {
      semi = params.find(';');
      std::string_view param = Trim(params.substr(0, semi));
      params = semi == std::string_view::npos ? std::string_view() : params.substr(semi + 1);
      if (param.size() > 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
        std::string value(param.substr(2));
        char* end = nullptr;
        q = std::strtod(value.c_str(), &end);
        if (end == value.c_str() || q < 0 || q > 1) q = 0;  // malformed: ignore the entry
      }
    }
    if (!tag.empty() && q > 0) candidates.push_back({std::string(tag), q});
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.q > b.q; });
  for (const Candidate& candidate : candidates) {
    if (candidate.tag == "*") return LanguageChoice{};
    if (ParseLanguageChoice(candidate.tag, choice)) return choice;
  }
  return LanguageChoice{};
}

namespace {

// OpenCC's s2t converter, loaded once. Convert() keeps no state between
// calls (it reads the dictionaries only), so one converter serves every thread.
// nullptr when the data is missing (libopencc-data not installed): pages then
// stay in Simplified, labelled zh-Hans, rather than failing.
const opencc::SimpleConverter* S2t() {
  static const opencc::SimpleConverter* const converter = []() -> const opencc::SimpleConverter* {
    try {
      return new opencc::SimpleConverter(kS2tConfig);  // lives as long as the process
    } catch (const std::exception& e) {
      std::fprintf(stderr, "readout: Traditional Chinese is off: OpenCC %s could not be loaded: %s\n", kS2tConfig,
                   e.what());
      return nullptr;
    }
  }();
  return converter;
}

// `lang="zh-Hans"` and `xml:lang="zh-Hans"` (either quote) -> zh-Hant; not
// `hreflang="zh-Hans"`, which names the Simplified page a link leads to.
void RelabelLang(std::string& doc) {
  static constexpr std::string_view kAttr = "lang=";
  static constexpr std::string_view kFrom = "zh-Hans";
  size_t at = 0;
  while ((at = doc.find(kAttr, at)) != std::string::npos) {
    const size_t value = at + kAttr.size() + 1;
    const bool attribute_name_starts = at == 0 || doc[at - 1] == ' ' || doc[at - 1] == ':' || doc[at - 1] == '\n' ||
                                       doc[at - 1] == '\t';
    const bool quoted = value - 1 < doc.size() && (doc[value - 1] == '"' || doc[value - 1] == '\'');
    if (attribute_name_starts && quoted && doc.compare(value, kFrom.size(), kFrom) == 0 &&
        value + kFrom.size() < doc.size() && doc[value + kFrom.size()] == doc[value - 1]) {
      doc.replace(value + 3, 4, "Hant");
    }
    at = value;
  }
}

}  // namespace

namespace {

// The length of the well-formed UTF-8 sequence at the start of `text`, or 0
// when it is not one (a stray continuation byte, a truncated or overlong
// sequence, a surrogate, or beyond U+10FFFF).
std::size_t Utf8SequenceLength(std::string_view text) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(0);
  std::size_t length = 0;
  unsigned char second_low = 0x80, second_high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) second_low = 0xA0;
    if (lead == 0xED) second_high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) second_low = 0x90;
    if (lead == 0xF4) second_high = 0x8F;
  } else {
    return 0;
  }
  if (text.size() < length) return 0;
  if (byte(1) < second_low || byte(1) > second_high) return 0;
  for (std::size_t i = 2; i < length; ++i) {
    if (byte(i) < 0x80 || byte(i) > 0xBF) return 0;
  }
  return length;
}

// OpenCC trusts its input to be UTF-8: given a truncated sequence it reads
// past the end of the buffer (found by tests/fuzz/fuzz_template). Text from a
// request (a search query, a path) can hold any bytes, so only well-formed
// stretches go to OpenCC, and each ill-formed byte becomes U+FFFD.
void ConvertValidRuns(const opencc::SimpleConverter& converter, std::string_view run, std::string& out) {
  std::size_t at = 0;
  while (at < run.size()) {
    std::size_t end = at;
    while (end < run.size()) {
      const std::size_t length = Utf8SequenceLength(run.substr(end));
      if (length == 0) break;
      end += length;
    }
    if (end > at) out += converter.Convert(run.data() + at, end - at);
    if (end < run.size()) {
      out += "\xEF\xBF\xBD";
      ++end;
    }
    at = end;
  }
}

// A run converted before is taken from a per-thread memo: most runs of a
// page are UI text (navigation, labels, headings) that every page repeats,
// and OpenCC's trie walk was a fifth of a static export's time. Runs are
// converted independently (see ToTraditional), so a memoised run is exactly
// what converting it again would give. Long runs (paragraphs) rarely repeat
// and are not kept; past kMaxEntries the memo starts again empty, which
// bounds its memory when every page adds names of its own.
void AppendConvertedRun(const opencc::SimpleConverter& converter, std::string_view run, std::string& out) {
  static constexpr std::size_t kMaxRunBytes = 256;
  static constexpr std::size_t kMaxEntries = 50'000;
  if (run.size() > kMaxRunBytes) {
    ConvertValidRuns(converter, run, out);
    return;
  }
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  thread_local std::unordered_map<std::string, std::string, Hash, std::equal_to<>> memo;
  if (auto it = memo.find(run); it != memo.end()) {
    out += it->second;
    return;
  }
  std::string converted;
  ConvertValidRuns(converter, run, converted);
  out += converted;
  if (memo.size() >= kMaxEntries) memo.clear();
  memo.emplace(std::string(run), std::move(converted));
}

}  // namespace

std::string ToTraditional(std::string_view simplified) {
  const opencc::SimpleConverter* converter = S2t();
  if (converter == nullptr) return std::string(simplified);
  // Only the runs of non-ASCII text go through OpenCC: s2t changes no ASCII
  // character and no phrase in its dictionaries contains one, so the result
  // is the same, while a page is mostly ASCII markup that OpenCC would
  // otherwise walk through its tries byte by byte (a third of a static
  // export's time when whole pages were converted).
  std::string out;
  out.reserve(simplified.size());
  try {
    std::size_t at = 0;
    while (at < simplified.size()) {
      std::size_t end = at;
      const bool ascii = static_cast<unsigned char>(simplified[at]) < 0x80;
      while (end < simplified.size() && (static_cast<unsigned char>(simplified[end]) < 0x80) == ascii) ++end;
      if (ascii) {
        out.append(simplified.substr(at, end - at));
      } else {
        AppendConvertedRun(*converter, simplified.substr(at, end - at), out);
      }
      at = end;
    }
  } catch (const std::exception& e) {
    // OpenCC throws only for a defect in its data; the reader still gets the page, in Simplified.
    std::fprintf(stderr, "readout: OpenCC s2t failed: %s\n", e.what());
    return std::string(simplified);
  }
  RelabelLang(out);
  return out;
}

Catalogs::Catalogs() : en_(LoadCatalog("i18n/en.json")), zh_hans_(LoadCatalog("i18n/zh-Hans.json")) {}

std::string Catalogs::Get(Lang lang, std::string_view id, const std::map<std::string, std::string>& params) const {
  const std::map<std::string, std::string>& catalog = All(lang);
  auto it = catalog.find(std::string(id));
  if (it == catalog.end()) {
    it = en_.find(std::string(id));
    if (it == en_.end()) return std::string(id);
  }
  return Format(it->second, params);
}

const std::map<std::string, std::string>& Catalogs::All(Lang lang) const {
  return lang == Lang::kZhHans ? zh_hans_ : en_;
}

}  // namespace readout::publish
