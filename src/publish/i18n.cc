#include "publish/i18n.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <stdexcept>
#include <vector>

#include <nlohmann/json.hpp>

#include "resources/resources.h"

namespace readout::publish {
namespace {

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
  std::string c = Lower(Trim(code));
  auto primary = [&](std::string_view p) { return c == p || c.starts_with(std::string(p) + "-"); };
  if (primary("en")) {
    out = Lang::kEn;
    return true;
  }
  // Every Chinese variant, Traditional included, gets Simplified until a
  // Traditional catalog is generated (issue 6).
  if (primary("zh")) {
    out = Lang::kZhHans;
    return true;
  }
  return false;
}

Lang NegotiateLanguage(std::string_view query_lang, std::string_view cookie_lang, std::string_view accept_language) {
  Lang lang = Lang::kEn;
  if (ParseLang(query_lang, lang)) return lang;
  if (ParseLang(cookie_lang, lang)) return lang;

  struct Choice {
    std::string tag;
    double q;
  };
  std::vector<Choice> choices;
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
    if (!tag.empty() && q > 0) choices.push_back({std::string(tag), q});
  }
  std::stable_sort(choices.begin(), choices.end(), [](const Choice& a, const Choice& b) { return a.q > b.q; });
  for (const Choice& choice : choices) {
    if (choice.tag == "*") return Lang::kEn;
    if (ParseLang(choice.tag, lang)) return lang;
  }
  return Lang::kEn;
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
