// RenderReadoutMarkdown: the readout outline as CommonMark. Content is
// escaped so a description can not turn into a link, an HTML tag or a
// heading; text in another language than the reader's says so in words.
#include <string>

#include "publish/public_readout.h"
#include "publish/readout_outline.h"

namespace readout::publish {
namespace {

// Backslash-escapes CommonMark punctuation that could start markup, and
// keeps each block on one line (a newline in a description would otherwise
// end a list item or start a heading).
std::string Escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  // A leading "-", "+" or "=" would make a list item or a setext heading.
  if (!text.empty() && (text[0] == '-' || text[0] == '+' || text[0] == '=')) out += '\\';
  for (char c : text) {
    switch (c) {
      case '\\': case '`': case '*': case '_': case '[': case ']': case '<': case '>': case '#':
      case '|': case '!': case '&': case '~':
        out += '\\';
        out += c;
        break;
      case '\r':
        break;
      case '\n':
        out += "  \n";  // hard line break inside the block
        break;
      default:
        out += c;
    }
  }
  return out;
}

// Indents continuation lines of a list item so they stay inside it.
std::string Indent(const std::string& text, const std::string& by) {
  std::string out;
  for (char c : text) {
    out += c;
    if (c == '\n') out += by;
  }
  return out;
}

}  // namespace

std::string RenderReadoutMarkdown(const PublishedReadout& readout, Lang lang, const Catalogs& catalogs) {
  std::string md;
  using Kind = OutlineBlock::Kind;
  Kind previous = Kind::kTitle;
  bool first = true;
  for (const OutlineBlock& b : BuildReadoutOutline(readout, lang, catalogs)) {
    const bool in_list = b.kind == Kind::kItem || b.kind == Kind::kSubItem;
    const bool was_list = previous == Kind::kItem || previous == Kind::kSubItem;
    if (!first && !(in_list && was_list)) md += "\n";
    first = false;
    const std::string text = Escape(b.text);
    switch (b.kind) {
      case Kind::kTitle:
        md += "# " + text + "\n";
        break;
      case Kind::kHeading:
        md += "## " + text + "\n";
        break;
      case Kind::kSubheading:
        md += "### " + text + "\n";
        break;
      case Kind::kParagraph:
        md += text + "\n";
        break;
      case Kind::kItem:
        md += "- " + Indent(text, "  ") + "\n";
        break;
      case Kind::kSubItem:
        md += "  - " + Indent(text, "    ") + "\n";
        break;
      case Kind::kNote:
        md += "> " + Indent(text, "> ") + "\n";
        break;
    }
    previous = b.kind;
  }
  return md;
}

}  // namespace readout::publish
