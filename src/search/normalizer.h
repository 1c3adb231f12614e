// The text normalisation shared by indexing and querying, so that a query
// finds text written in another form of the same characters:
//  - Fold: ICU NFKC with case folding, then OpenCC Traditional -> Simplified
//    character by character (context-free, so a substring of the text folds
//    to a substring of the folded text), so "Human Rights", "ＨＵＭＡＮ rights",
//    "人權" and "人权" fold alike.
//  - Display: NFKC and OpenCC's full t2s (with phrases) without case folding,
//    for snippets (the UI languages are English and Simplified Chinese).
//  - Pinyin: toneless pinyin of the Han characters of a name through ICU's
//    Han-Latin transliterator ("许志永" -> {"xu", "zhi", "yong"}), which the
//    index stores with and without spaces ("xu zhi yong xuzhiyong zhiyong").
//
// Called by search_index.cc for documents and queries, and by the benchmark's
// brute-force scan so that both compare the same text.
//
// Thread-safety: one Normalizer may be used from many threads; the ICU
// transliterator (not thread-safe) is guarded by a mutex inside.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace readout::search {

class Normalizer {
 public:
  // Loads OpenCC's t2s.json (Debian: libopencc-data) and the ICU
  // transliterator; kUnavailable naming what is missing if either fails.
  static core::Result<std::unique_ptr<Normalizer>> Create();
  ~Normalizer();
  Normalizer(const Normalizer&) = delete;
  Normalizer& operator=(const Normalizer&) = delete;

  // NFKC + case folding + Traditional->Simplified. Invalid UTF-8 is replaced
  // by U+FFFD rather than refused: the text is already stored.
  std::string Fold(std::string_view text) const;
  // NFKC + Traditional->Simplified, case kept.
  std::string Display(std::string_view text) const;
  // The pinyin syllables of the Han characters of `text`, in order, lower
  // case, without tones; other characters are skipped. Empty when `text`
  // holds no Han character.
  std::vector<std::string> PinyinSyllables(std::string_view text) const;

 private:
  struct Impl;  // OpenCC and ICU objects, kept out of this header
  explicit Normalizer(std::unique_ptr<Impl> impl);
  std::string Convert(std::string_view text, bool case_fold) const;
  static std::string KeepTokenizable(const std::string& original, const std::string& converted);

  std::unique_ptr<Impl> impl_;
};

// True when `text` holds a Han character (CJK Unified Ideographs, extension A,
// compatibility ideographs).
bool HasHan(std::string_view text);
// True when the code point is one Xapian's CJK n-gram tokeniser treats as CJK.
bool IsCjkCodePoint(char32_t c);

}  // namespace readout::search
