// User-interface languages and message catalogs.
//
// Every string a reader sees comes from i18n/<lang>.json as a message id with
// named parameters ("round.asks_count": "{count} items raised"); i18n/qqq.json
// explains each id to translators. Catalogs are compiled into the binary.
// Traditional Chinese is generated from Simplified by conversion: a zh-Hant
// reader's page is rendered in Lang::kZhHans and the whole document passed
// through ToTraditional (OpenCC s2t), with its lang attributes rewritten.
//
// Thread-safety: Catalogs is immutable after construction; share freely.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace readout::publish {

enum class Lang { kEn, kZhHans };

std::string_view LangCode(Lang lang);  // "en", "zh-Hans" (BCP 47, for <html lang>)
// Accepts "en", "en-US", "zh", "zh-CN", "zh-Hans", "zh-hans", "zh-TW", "zh-Hant" ...; nullopt-like
// fallback is the caller's choice, so this returns false when `code` is not a supported language.
bool ParseLang(std::string_view code, Lang& out);

// Chooses the UI language: `?lang=` first, then the `lang` cookie, then the
// Accept-Language header (q-values honoured), then English.
Lang NegotiateLanguage(std::string_view query_lang, std::string_view cookie_lang, std::string_view accept_language);

// What a reader asked for: the catalog, and for Chinese whether the page is
// shown in Traditional characters (zh-Hant, zh-TW, zh-HK, zh-MO; then
// `lang` is kZhHans and the rendered page goes through ToTraditional).
struct LanguageChoice {
  Lang lang = Lang::kEn;
  bool traditional = false;
  // "en", "zh-Hans" or "zh-Hant": for the lang cookie, Content-Language and cache keys.
  std::string_view Code() const;
};
// As ParseLang, and whether `code` names Traditional Chinese.
bool ParseLanguageChoice(std::string_view code, LanguageChoice& out);
// As NegotiateLanguage (same order and fallbacks), with the script.
LanguageChoice NegotiateLanguageChoice(std::string_view query_lang, std::string_view cookie_lang,
                                       std::string_view accept_language);

// The Simplified Chinese document `simplified` (HTML, XML, Markdown or plain
// text) in Traditional characters, converted with OpenCC's s2t.json; every
// lang="zh-Hans" / xml:lang="zh-Hans" becomes zh-Hant. ASCII (markup, ids,
// URLs) is left as it is. Thread-safe.
std::string ToTraditional(std::string_view simplified);

class Catalogs {
 public:
  // Loads the embedded catalogs; throws std::runtime_error if one is malformed
  // (a build defect, caught by tests).
  Catalogs();
  // The message for `id` in `lang` with "{name}" parameters substituted;
  // falls back to English, then to the id itself (so a missing string is visible, not blank).
  std::string Get(Lang lang, std::string_view id, const std::map<std::string, std::string>& params = {}) const;
  // Every id of `lang`, for templates that need the whole catalog.
  const std::map<std::string, std::string>& All(Lang lang) const;

 private:
  std::map<std::string, std::string> en_;
  std::map<std::string, std::string> zh_hans_;
};

}  // namespace readout::publish
