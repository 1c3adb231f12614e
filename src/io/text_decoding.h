// Text decoding for imports: turns the bytes of a spreadsheet export, whatever
// its encoding, into UTF-8, or refuses with a message that says what to give.
//
// Supported encodings: UTF-8 (with or without byte order mark), UTF-16 (LE or
// BE, with a BOM or recognised by its zero bytes), GB18030 (and so GBK and
// GB2312), Big5, Windows-1252 (and so ISO-8859-1) and Mac Roman. Policy, in
// order (docs/import.md, "Encodings"):
//   1. an encoding the user names always wins;
//   2. a byte order mark wins;
//   3. bytes that are valid UTF-8 are UTF-8;
//   4. otherwise ICU's detector is used only when it is confident and names a
//      supported encoding; anything else is refused, naming the best guess.
// Invalid bytes in the chosen encoding are reported with their byte offset.
// Line ends are left alone here; the CSV reader normalises them.
//
// Called by the importer (io/case_import.h) and `readout import`.
// Thread-safety: stateless functions; each call uses its own ICU converters.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "core/status.h"

namespace readout::io {

struct DecodedText {
  std::string utf8;        // the text, without a byte order mark
  std::string encoding;    // canonical name: "utf-8", "utf-16le", "utf-16be", "gb18030", "big5", "windows-1252", "macintosh"
  std::string how;         // "given", "byte order mark", "valid UTF-8", "detected (confidence 80%)"
};

// The names `--encoding` accepts, canonical first then aliases
// ("utf-8", "utf8", "utf-16", "gbk", "latin1", "mac-roman", ...).
std::span<const std::string_view> AcceptedEncodingNames();

// The canonical name of an accepted encoding name (case-insensitive), or
// empty when it is not supported. "utf-16" stays "utf-16": its byte order is
// taken from the BOM or the zero bytes.
std::string CanonicalEncoding(std::string_view name);

// The smallest detector confidence (0-100) acted on without --encoding.
inline constexpr int kMinDetectionConfidence = 50;

// Decodes `bytes`. `encoding` empty: detect as described above.
// Errors (kInvalidArgument, field "encoding"): an unsupported encoding name;
// an undecidable encoding ("cannot tell the file's encoding (best guess X,
// confidence N%); give --encoding (...)"); invalid bytes ("byte offset 1234
// is not valid windows-1252"... with the bytes in hex).
core::Result<DecodedText> DecodeToUtf8(std::string_view bytes, std::string_view encoding = "");

// Converts UTF-8 text to `encoding` (canonical or alias); for tests and
// fixtures. Errors: unsupported name, or a character the encoding lacks.
core::Result<std::string> EncodeFromUtf8(std::string_view utf8, std::string_view encoding);

// The byte offset of the first invalid UTF-8 sequence, or npos.
std::size_t FindInvalidUtf8(std::string_view bytes);

}  // namespace readout::io
