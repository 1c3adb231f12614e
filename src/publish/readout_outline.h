// The text outline of a published readout in one language: the headings,
// paragraphs and list items every linear renderer (Markdown, PDF) lays out
// in the same order, so the two never disagree about what a readout says.
//
// Internal to readout_publish (readout_markdown.cc, readout_pdf.cc); built
// only from a PublishedReadout, so it holds public content only.
// Thread-safety: pure functions over values.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "publish/i18n.h"
#include "publish/page_common.h"
#include "publish/public_readout.h"

namespace readout::publish {

struct OutlineBlock {
  enum class Kind { kTitle, kHeading, kSubheading, kParagraph, kItem, kSubItem, kNote };
  Kind kind = Kind::kParagraph;
  std::string text;
  // BCP 47 of content not in the reader's language ("zh-Hans" in an English
  // readout), so a renderer can mark it; empty when the block is in `lang`.
  std::string lang;
};

std::vector<OutlineBlock> BuildReadoutOutline(const PublishedReadout& readout, Lang lang, const Catalogs& catalogs);

// Shared wording of the readout renderers (HTML, Markdown, CSV, PDF).
// "30–31 July 2013" from the stored start and end; the stored text when it
// does not parse.
std::string ReadoutDates(std::string_view start, std::string_view end, Lang lang, const Catalogs& catalogs);
// A content text in the reader's language or, when there is none, in the
// original with " (not translated)" appended.
std::string ContentText(const PublicText& text, Lang lang, const Catalogs& catalogs);
// "vocab.<vocabulary>.<code>", or empty for an empty code.
std::string ReadoutVocab(std::string_view vocabulary, std::string_view code, Lang lang, const Catalogs& catalogs);
// The asks of `readout` about issues and benchmarks grouped by issue in the
// order first raised, "other matters" (empty issue id) last.
struct AskGroup {
  std::string issue_id;
  PublicText issue;
  std::vector<const PublicAsk*> asks;
};
std::vector<AskGroup> GroupIssueAsks(const PublicReadout& readout);

}  // namespace readout::publish
