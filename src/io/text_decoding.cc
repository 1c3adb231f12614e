#include "io/text_decoding.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>
#include <vector>

#include <fmt/format.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <unicode/ustring.h>

namespace readout::io {
namespace {

struct Alias {
  std::string_view name;
  std::string_view canonical;
};

// Canonical names first; the rest are what people type.
constexpr Alias kAliases[] = {
    {"utf-8", "utf-8"},          {"utf-16", "utf-16"},           {"utf-16le", "utf-16le"},
    {"utf-16be", "utf-16be"},    {"gb18030", "gb18030"},         {"big5", "big5"},
    {"windows-1252", "windows-1252"}, {"macintosh", "macintosh"},
    {"utf8", "utf-8"},           {"utf-8-sig", "utf-8"},         {"utf16", "utf-16"},
    {"utf16le", "utf-16le"},     {"utf16be", "utf-16be"},        {"gbk", "gb18030"},
    {"gb2312", "gb18030"},       {"cp936", "gb18030"},           {"big-5", "big5"},
    {"cp950", "big5"},           {"cp1252", "windows-1252"},     {"latin1", "windows-1252"},
    {"iso-8859-1", "windows-1252"}, {"mac-roman", "macintosh"},  {"macroman", "macintosh"},
    {"mac", "macintosh"},
};

constexpr std::string_view kAcceptedNames[] = {
    "utf-8", "utf-16", "utf-16le", "utf-16be", "gb18030", "big5", "windows-1252", "macintosh",
    "utf8", "utf-8-sig", "utf16", "utf16le", "utf16be", "gbk", "gb2312", "cp936", "big-5", "cp950",
    "cp1252", "latin1", "iso-8859-1", "mac-roman", "macroman", "mac",
};

constexpr const char* kEncodingHint = "give --encoding (utf-8, utf-16, gb18030, big5, windows-1252, macintosh)";

// The ICU converter name of a canonical encoding.
const char* IcuName(std::string_view canonical) {
  if (canonical == "utf-8") return "UTF-8";
  if (canonical == "utf-16le") return "UTF-16LE";
  if (canonical == "utf-16be") return "UTF-16BE";
  if (canonical == "gb18030") return "GB18030";
  if (canonical == "big5") return "Big5";
  if (canonical == "windows-1252") return "windows-1252";
  if (canonical == "macintosh") return "macintosh";
  return nullptr;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string Hex(std::string_view bytes) {
  std::string out;
  for (std::size_t i = 0; i < bytes.size() && i < 4; ++i) {
    if (!out.empty()) out += ' ';
    out += fmt::format("{:02X}", static_cast<unsigned char>(bytes[i]));
  }
  return out;
}

core::Error EncodingError(std::string problem) { return core::Error::Invalid("encoding", std::move(problem)); }

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
using Converter = std::unique_ptr<UConverter, ConverterCloser>;

// Decodes `bytes` from `canonical` (never "utf-16") to UTF-8, stopping at the
// first invalid sequence and naming its byte offset. `base` is added to
// offsets (the length of a skipped BOM) so they count from the file's start.
core::Result<std::string> Convert(std::string_view bytes, std::string_view canonical, std::size_t base) {
  if (canonical == "utf-8") {
    const std::size_t bad = FindInvalidUtf8(bytes);
    if (bad != std::string_view::npos) {
      return core::Fail(EncodingError(fmt::format("byte offset {} is not valid utf-8 (bytes {})", base + bad,
                                                  Hex(bytes.substr(bad)))));
    }
    return std::string(bytes);
  }
  UErrorCode status = U_ZERO_ERROR;
  Converter cnv(ucnv_open(IcuName(canonical), &status));
  if (U_FAILURE(status)) {
    return core::Fail(core::Error::Internal(fmt::format("ICU has no converter for {}: {}", canonical,
                                                        u_errorName(status))));
  }
  ucnv_setToUCallBack(cnv.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);

  std::u16string wide;
  wide.resize(bytes.size() + 16);  // no supported encoding yields more UTF-16 units than bytes
  const char* source = bytes.data();
  const char* source_limit = bytes.data() + bytes.size();
  UChar* target = wide.data();
  ucnv_toUnicode(cnv.get(), &target, wide.data() + wide.size(), &source, source_limit, nullptr, true, &status);
  if (U_FAILURE(status)) {
    char invalid[32];
    int8_t invalid_length = sizeof invalid;
    UErrorCode ignored = U_ZERO_ERROR;
    ucnv_getInvalidChars(cnv.get(), invalid, &invalid_length, &ignored);
    if (U_FAILURE(ignored)) invalid_length = 0;
    const std::size_t offset = static_cast<std::size_t>(source - bytes.data()) - static_cast<std::size_t>(invalid_length);
    return core::Fail(EncodingError(fmt::format("byte offset {} is not valid {} (bytes {}); {}", base + offset,
                                                canonical, Hex(std::string_view(invalid, invalid_length)),
                                                kEncodingHint)));
  }
  wide.resize(static_cast<std::size_t>(target - wide.data()));

  std::string out;
  out.resize(wide.size() * 3);
  int32_t length = 0;
  status = U_ZERO_ERROR;
  u_strToUTF8(out.data(), static_cast<int32_t>(out.size()), &length, wide.data(), static_cast<int32_t>(wide.size()),
              &status);
  if (U_FAILURE(status)) {
    // Only an unpaired surrogate in UTF-16 input gets here.
    return core::Fail(EncodingError(fmt::format("the text is not valid {} (unpaired surrogate); {}", canonical,
                                                kEncodingHint)));
  }
  out.resize(static_cast<std::size_t>(length));
  return out;
}

// UTF-16 without a BOM: text files are mostly ASCII (digits, commas, Latin
// names), so one byte of each pair is zero far more often on one side.
std::string GuessUtf16ByteOrder(std::string_view bytes) {
  std::size_t even_zero = 0;
  std::size_t odd_zero = 0;
  const std::size_t n = bytes.size() & ~std::size_t{1};
  for (std::size_t i = 0; i < n; i += 2) {
    if (bytes[i] == 0) ++even_zero;
    if (bytes[i + 1] == 0) ++odd_zero;
  }
  const std::size_t pairs = n / 2;
  if (pairs == 0) return "";
  if (odd_zero * 10 >= pairs * 3 && even_zero * 10 < pairs) return "utf-16le";
  if (even_zero * 10 >= pairs * 3 && odd_zero * 10 < pairs) return "utf-16be";
  return "";
}

struct Bom {
  std::string_view bytes;
  std::string_view canonical;
};

constexpr Bom kBoms[] = {
    {"\xEF\xBB\xBF", "utf-8"},
    {"\xFF\xFE", "utf-16le"},
    {"\xFE\xFF", "utf-16be"},
    {"\x84\x31\x95\x33", "gb18030"},
};

const Bom* FindBom(std::string_view bytes) {
  for (const Bom& bom : kBoms) {
    if (bytes.substr(0, bom.bytes.size()) == bom.bytes) return &bom;
  }
  return nullptr;
}

// The canonical name of what ICU's detector reports, or empty when it is not
// an encoding we support.
std::string FromDetectorName(std::string_view name) {
  const std::string lower = Lower(name);
  if (lower == "utf-8") return "utf-8";
  if (lower == "utf-16le") return "utf-16le";
  if (lower == "utf-16be") return "utf-16be";
  if (lower == "gb18030") return "gb18030";
  if (lower == "big5") return "big5";
  // The detector says ISO-8859-1 for Western text with no bytes 0x80-0x9F;
  // Windows-1252 decodes those bytes identically and adds curly quotes.
  if (lower == "iso-8859-1" || lower == "windows-1252") return "windows-1252";
  return "";
}

struct Guess {
  std::string name;  // as the detector names it
  int confidence = 0;
};

// Every candidate ICU's detector sees, best first.
std::vector<Guess> DetectAll(std::string_view bytes) {
  std::vector<Guess> guesses;
  UErrorCode status = U_ZERO_ERROR;
  UCharsetDetector* detector = ucsdet_open(&status);
  if (U_FAILURE(status)) return guesses;
  ucsdet_setText(detector, bytes.data(), static_cast<int32_t>(bytes.size()), &status);
  int32_t count = 0;
  const UCharsetMatch** matches = ucsdet_detectAll(detector, &count, &status);
  for (int32_t i = 0; U_SUCCESS(status) && i < count; ++i) {
    const char* name = ucsdet_getName(matches[i], &status);
    const int32_t confidence = ucsdet_getConfidence(matches[i], &status);
    if (U_SUCCESS(status)) guesses.push_back({name, confidence});
  }
  ucsdet_close(detector);
  return guesses;
}

bool IsLatinSingleByte(std::string_view detector_name) {
  const std::string lower = Lower(detector_name);
  return lower.starts_with("iso-8859-") || lower.starts_with("windows-125");
}

// How plausible `utf8` is as Western text, 0-100: the share of non-ASCII
// characters that are lower-case letters, capitals starting a word, or
// typographic punctuation. Windows-1252 and Mac Roman put accented letters at
// different bytes, so reading one as the other yields capitals inside words
// ("JosŽ", "ZŸrich") or symbols, and scores low.
int WesternPlausibility(std::string_view utf8) {
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto n = static_cast<int32_t>(utf8.size());
  int32_t i = 0;
  UChar32 previous = ' ';
  int total = 0;
  int plausible = 0;
  while (i < n) {
    UChar32 c = 0;
    U8_NEXT(s, i, n, c);
    if (c >= 0x80) {
      ++total;
      const int8_t type = u_charType(c);
      if (u_isalpha(c) && type != U_MODIFIER_LETTER) {
        if (u_islower(c) || !u_isalpha(previous)) ++plausible;
      } else if (type == U_INITIAL_PUNCTUATION || type == U_FINAL_PUNCTUATION || type == U_DASH_PUNCTUATION ||
                 type == U_CURRENCY_SYMBOL || c == 0x00A0) {
        ++plausible;
      }
    }
    previous = c;
  }
  return total == 0 ? 0 : plausible * 100 / total;
}

core::Result<DecodedText> WithHow(core::Result<std::string> text, std::string canonical, std::string how) {
  if (!text) return core::Fail(text.error());
  return DecodedText{std::move(*text), std::move(canonical), std::move(how)};
}

}  // namespace

std::span<const std::string_view> AcceptedEncodingNames() { return kAcceptedNames; }

std::string CanonicalEncoding(std::string_view name) {
  std::string lower = Lower(name);
  std::replace(lower.begin(), lower.end(), '_', '-');
  for (const Alias& alias : kAliases) {
    if (alias.name == lower) return std::string(alias.canonical);
  }
  return "";
}

std::size_t FindInvalidUtf8(std::string_view s) {
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return i;
    }
    if (i + len > n) return i;
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (cc & 0x3F);
    }
    static constexpr std::uint32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMinForLength[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return std::string_view::npos;
}

core::Result<DecodedText> DecodeToUtf8(std::string_view bytes, std::string_view encoding) {
  const Bom* bom = FindBom(bytes);
  if (!encoding.empty()) {
    std::string canonical = CanonicalEncoding(encoding);
    if (canonical.empty()) {
      return core::Fail(EncodingError(fmt::format("unsupported encoding \"{}\"; use one of utf-8, utf-16, gb18030, "
                                                  "big5, windows-1252, macintosh",
                                                  encoding)));
    }
    if (canonical == "utf-16") {
      if (bom != nullptr && (bom->canonical == "utf-16le" || bom->canonical == "utf-16be")) {
        canonical = std::string(bom->canonical);
      } else {
        canonical = GuessUtf16ByteOrder(bytes);
        if (canonical.empty()) canonical = "utf-16le";  // what Windows writes
      }
    }
    // A BOM of the named encoding is not part of the text.
    std::size_t skip = 0;
    if (bom != nullptr && bom->canonical == canonical) skip = bom->bytes.size();
    return WithHow(Convert(bytes.substr(skip), canonical, skip), canonical, "given");
  }
  if (bom != nullptr) {
    return WithHow(Convert(bytes.substr(bom->bytes.size()), bom->canonical, bom->bytes.size()),
                   std::string(bom->canonical), "byte order mark");
  }
  if (FindInvalidUtf8(bytes) == std::string_view::npos) {
    // UTF-16 text of ASCII characters is valid UTF-8 too (full of NULs).
    std::string utf16 = GuessUtf16ByteOrder(bytes);
    if (utf16.empty()) return DecodedText{std::string(bytes), "utf-8", "valid UTF-8"};
    return WithHow(Convert(bytes, utf16, 0), utf16, "zero bytes of UTF-16");
  }
  if (std::string utf16 = GuessUtf16ByteOrder(bytes); !utf16.empty()) {
    return WithHow(Convert(bytes, utf16, 0), utf16, "zero bytes of UTF-16");
  }
  const std::vector<Guess> guesses = DetectAll(bytes);
  // Multi-byte Chinese encodings: trust the detector's statistics when it is
  // confident and the bytes really decode.
  for (const Guess& guess : guesses) {
    const std::string canonical = FromDetectorName(guess.name);
    if ((canonical != "gb18030" && canonical != "big5") || guess.confidence < kMinDetectionConfidence) continue;
    if (auto text = Convert(bytes, canonical, 0)) {
      return DecodedText{std::move(*text), canonical, fmt::format("detected (confidence {}%)", guess.confidence)};
    }
  }
  // Western single-byte text: the detector knows it is Latin but its language
  // statistics are weak on names, and it cannot tell Windows-1252 from Mac
  // Roman; the letters' case can.
  if (!guesses.empty() && IsLatinSingleByte(guesses.front().name)) {
    std::string best_name;
    std::string best_text;
    int best = -1;
    int second = -1;
    for (std::string_view canonical : {"windows-1252", "macintosh"}) {
      auto text = Convert(bytes, canonical, 0);
      if (!text) continue;
      const int score = WesternPlausibility(*text);
      if (score > best) {
        second = best;
        best = score;
        best_name = std::string(canonical);
        best_text = std::move(*text);
      } else {
        second = std::max(second, score);
      }
    }
    if (best >= 90 && best > second) {
      return DecodedText{std::move(best_text), best_name, fmt::format("detected (confidence {}%)", best)};
    }
  }
  const Guess top = guesses.empty() ? Guess{} : guesses.front();
  return core::Fail(EncodingError(fmt::format("cannot tell the file's encoding (best guess {}, confidence {}%); {}",
                                              top.name.empty() ? "none" : top.name, top.confidence, kEncodingHint)));
}

core::Result<std::string> EncodeFromUtf8(std::string_view utf8, std::string_view encoding) {
  std::string canonical = CanonicalEncoding(encoding);
  if (canonical == "utf-16") canonical = "utf-16le";
  if (canonical.empty()) return core::Fail(EncodingError(fmt::format("unsupported encoding \"{}\"", encoding)));
  if (canonical == "utf-8") return std::string(utf8);
  UErrorCode status = U_ZERO_ERROR;
  Converter cnv(ucnv_open(IcuName(canonical), &status));
  if (U_FAILURE(status)) return core::Fail(core::Error::Internal(u_errorName(status)));
  ucnv_setFromUCallBack(cnv.get(), UCNV_FROM_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  std::u16string wide(utf8.size() + 1, u'\0');
  int32_t wide_length = 0;
  u_strFromUTF8(wide.data(), static_cast<int32_t>(wide.size()), &wide_length, utf8.data(),
                static_cast<int32_t>(utf8.size()), &status);
  if (U_FAILURE(status)) return core::Fail(EncodingError("the text is not valid UTF-8"));
  std::string out(static_cast<std::size_t>(wide_length) * 4 + 16, '\0');
  const int32_t length = ucnv_fromUChars(cnv.get(), out.data(), static_cast<int32_t>(out.size()), wide.data(),
                                         wide_length, &status);
  if (U_FAILURE(status)) {
    return core::Fail(EncodingError(fmt::format("the text has characters {} cannot encode", canonical)));
  }
  out.resize(static_cast<std::size_t>(length));
  return out;
}

}  // namespace readout::io
