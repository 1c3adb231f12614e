#include "search/normalizer.h"

#include <exception>
#include <mutex>
#include <utility>

#include <opencc/Config.hpp>
#include <opencc/Converter.hpp>
#include <opencc/opencc.h>
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

namespace readout::search {

// Folding must be context-free: OpenCC's phrase dictionary converts a
// character differently inside a phrase (乾隆 stays, 乾燥 -> 干燥), so a query
// for one character would miss text where it sits in a phrase. Folding
// therefore uses the character dictionary alone; display uses full t2s.
constexpr const char* kCharactersOnly = R"json({
  "name": "Traditional to Simplified, character by character (readout search)",
  "segmentation": {"type": "mmseg", "dict": {"type": "ocd2", "file": "TSCharacters.ocd2"}},
  "conversion_chain": [{"dict": {"type": "ocd2", "file": "TSCharacters.ocd2"}}]
})json";

// Where Debian's libopencc-data puts the dictionaries (t2s.json is found there by OpenCC itself).
constexpr const char* kOpenccDataDir = "/usr/share/opencc/";

struct Normalizer::Impl {
  std::unique_ptr<opencc::SimpleConverter> t2s;
  opencc::ConverterPtr t2s_characters;
  const icu::Normalizer2* nfkc = nullptr;
  const icu::Normalizer2* nfkc_cf = nullptr;
  std::mutex pinyin_mu;
  std::unique_ptr<icu::Transliterator> pinyin;  // guarded by pinyin_mu
};

namespace {

bool IsAscii(std::string_view text) {
  for (unsigned char c : text) {
    if (c >= 0x80) return false;
  }
  return true;
}

bool IsHan(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0x20000 && c <= 0x3134F);
}

// Calls `fn(code_point)` for each code point of UTF-8 `text`; malformed
// bytes come through as U+FFFD.
template <typename Fn>
void ForEachCodePoint(std::string_view text, Fn fn) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t length = static_cast<int32_t>(text.size());
  int32_t i = 0;
  while (i < length) {
    UChar32 c = 0;
    U8_NEXT(s, i, length, c);
    fn(c < 0 ? char32_t{0xFFFD} : static_cast<char32_t>(c));
  }
}

}  // namespace

bool HasHan(std::string_view text) {
  if (IsAscii(text)) return false;
  bool found = false;
  ForEachCodePoint(text, [&](char32_t c) { found = found || IsHan(c); });
  return found;
}

bool IsCjkCodePoint(char32_t c) {
  // Exactly the ranges of CJK::codepoint_is_cjk in Xapian 1.4.22 (no
  // Extension C and later): the query side must split text as the index did.
  return (c >= 0x2E80 && c <= 0x2EFF) || (c >= 0x3000 && c <= 0x9FFF) || (c >= 0xA700 && c <= 0xA71F) ||
         (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
         (c >= 0xFF00 && c <= 0xFFEF) || (c >= 0x20000 && c <= 0x2A6DF) || (c >= 0x2F800 && c <= 0x2FA1F);
}

core::Result<std::unique_ptr<Normalizer>> Normalizer::Create() {
  auto impl = std::make_unique<Impl>();
  try {
    impl->t2s = std::make_unique<opencc::SimpleConverter>("t2s.json");
    opencc::Config config;
    impl->t2s_characters = config.NewFromString(kCharactersOnly, kOpenccDataDir);
  } catch (const std::exception& e) {
    return core::Fail(core::Error::Unavailable(
        std::string("OpenCC t2s.json could not be loaded (install libopencc-data): ") + e.what()));
  }
  UErrorCode status = U_ZERO_ERROR;
  impl->nfkc = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status)) return core::Fail(core::Error::Unavailable("ICU NFKC normaliser unavailable"));
  impl->nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status)) return core::Fail(core::Error::Unavailable("ICU NFKC_Casefold normaliser unavailable"));
  impl->pinyin.reset(icu::Transliterator::createInstance("Han-Latin; Latin-ASCII; Lower", UTRANS_FORWARD, status));
  if (U_FAILURE(status) || impl->pinyin == nullptr) {
    return core::Fail(core::Error::Unavailable("ICU Han-Latin transliterator unavailable"));
  }
  return std::unique_ptr<Normalizer>(new Normalizer(std::move(impl)));
}

Normalizer::Normalizer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Normalizer::~Normalizer() = default;

std::string Normalizer::Convert(std::string_view text, bool case_fold) const {
  if (IsAscii(text)) {
    // NFKC leaves ASCII alone and OpenCC has nothing to convert: the common
    // case for English text, kept off the slow path.
    std::string out(text);
    if (case_fold) {
      for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      }
    }
    return out;
  }
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  icu::UnicodeString n = (case_fold ? impl_->nfkc_cf : impl_->nfkc)->normalize(u, status);
  std::string out;
  if (U_FAILURE(status)) {
    u.toUTF8String(out);
  } else {
    n.toUTF8String(out);
  }
  if (!HasHan(out)) return out;
  try {
    if (!case_fold) return impl_->t2s->Convert(out);
    return KeepTokenizable(out, impl_->t2s_characters->Convert(out));
  } catch (const std::exception&) {
    return out;  // OpenCC failing on odd input: index the text unconverted rather than lose it
  }
}

// `converted` with every character that left Xapian's CJK ranges (埬 -> 𪣆,
// Extension C) put back as it was: Xapian would cut the run there, and
// phrases across it could not match. The character dictionary maps one code
// point to one, so the two strings align; if they do not, the original wins.
std::string Normalizer::KeepTokenizable(const std::string& original, const std::string& converted) {
  std::vector<char32_t> a, b;
  ForEachCodePoint(original, [&](char32_t c) { a.push_back(c); });
  ForEachCodePoint(converted, [&](char32_t c) { b.push_back(c); });
  if (a.size() != b.size()) return original;
  std::string out;
  out.reserve(converted.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    const char32_t c = IsCjkCodePoint(a[i]) && !IsCjkCodePoint(b[i]) ? a[i] : b[i];
    char buf[4];
    int32_t len = 0;
    UBool error = false;
    U8_APPEND(reinterpret_cast<uint8_t*>(buf), len, 4, static_cast<UChar32>(c), error);
    if (error) continue;  // not reachable for code points U8_NEXT produced
    out.append(buf, static_cast<std::size_t>(len));
  }
  return out;
}

std::string Normalizer::Fold(std::string_view text) const { return Convert(text, true); }
std::string Normalizer::Display(std::string_view text) const { return Convert(text, false); }

std::vector<std::string> Normalizer::PinyinSyllables(std::string_view text) const {
  std::vector<std::string> out;
  if (!HasHan(text)) return out;
  // Only the Han characters: a name written "许志永 (Xu Zhiyong)" gives its
  // Han syllables, the Latin part is indexed as it is.
  std::string han;
  ForEachCodePoint(text, [&](char32_t c) {
    if (!IsHan(c)) return;
    icu::UnicodeString one(static_cast<UChar32>(c));
    icu::UnicodeString spaced = one + icu::UnicodeString(u" ");
    std::string utf8;
    spaced.toUTF8String(utf8);
    han += utf8;
  });
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(han);
  {
    std::lock_guard<std::mutex> lock(impl_->pinyin_mu);
    impl_->pinyin->transliterate(u);
  }
  std::string latin;
  u.toUTF8String(latin);
  std::string word;
  for (char c : latin) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      word.push_back(c);
    } else if (!word.empty()) {
      out.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) out.push_back(std::move(word));
  return out;
}

}  // namespace readout::search
