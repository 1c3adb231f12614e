#include "publish/static_search.h"

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

namespace readout::publish {
namespace {

constexpr std::size_t kSnippetBytes = 240;

// Decodes one UTF-8 code point at `i` (advancing it); U+FFFD for a bad byte.
char32_t NextCodePoint(std::string_view s, std::size_t& i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(i);
  int extra = c < 0x80 ? 0 : (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xE ? 2 : (c >> 3) == 0x1E ? 3 : -1;
  if (extra < 0 || i + static_cast<std::size_t>(extra) >= s.size() + (extra == 0 ? 1 : 0)) {
    ++i;
    return 0xFFFD;
  }
  char32_t cp = extra == 0 ? c : extra == 1 ? (c & 0x1F) : extra == 2 ? (c & 0x0F) : (c & 0x07);
  for (int k = 1; k <= extra; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  i += static_cast<std::size_t>(extra) + 1;
  return cp;
}

bool IsHan(char32_t c) {
  return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0x20000 && c <= 0x2FFFF);
}

// Letters of Latin scripts beyond ASCII ("ü", "ā" in pinyin) are word characters, kept as they are.
bool IsWordChar(char32_t c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
}

void AppendUtf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

std::string DecodeEntities(std::string_view text) {
  static const std::pair<std::string_view, std::string_view> kEntities[] = {
      {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&#x27;", "'"},
      {"&apos;", "'"}, {"&nbsp;", " "}};
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    bool replaced = false;
    if (text[i] == '&') {
      for (const auto& [entity, value] : kEntities) {
        if (text.substr(i).starts_with(entity)) {
          out += value;
          i += entity.size();
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out += text[i++];
  }
  return out;
}

// The text of `html` without tags, whitespace collapsed, stopping once `limit` bytes are gathered.
std::string TextOf(std::string_view html, std::size_t limit) {
  std::string out;
  bool in_tag = false, space = false;
  for (std::size_t i = 0; i < html.size() && out.size() < limit * 2; ++i) {
    const char c = html[i];
    if (in_tag) {
      if (c == '>') in_tag = false;
      continue;
    }
    if (c == '<') {
      in_tag = true;
      space = true;
      continue;
    }
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  out = DecodeEntities(out);
  if (out.size() > limit) {
    std::size_t cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
    out.resize(cut);
    out += "…";
  }
  return out;
}

std::string_view Between(std::string_view html, std::string_view open, std::string_view close) {
  std::size_t start = html.find(open);
  if (start == std::string_view::npos) return {};
  start = html.find('>', start);
  if (start == std::string_view::npos) return {};
  ++start;
  const std::size_t end = html.find(close, start);
  if (end == std::string_view::npos) return {};
  return html.substr(start, end - start);
}

}  // namespace

std::vector<std::string> SearchTokens(std::string_view text) {
  std::vector<std::string> tokens;
  std::string word;
  std::vector<char32_t> han;
  auto flush = [&] {
    if (!word.empty()) tokens.push_back(std::move(word));
    word.clear();
    if (han.size() == 1) {
      tokens.emplace_back();
      AppendUtf8(tokens.back(), han[0]);
    }
    for (std::size_t k = 0; k + 1 < han.size(); ++k) {
      tokens.emplace_back();
      AppendUtf8(tokens.back(), han[k]);
      AppendUtf8(tokens.back(), han[k + 1]);
    }
    han.clear();
  };
  for (std::size_t i = 0; i < text.size();) {
    const char32_t c = NextCodePoint(text, i);
    if (IsHan(c)) {
      if (!word.empty()) {
        tokens.push_back(std::move(word));
        word.clear();
      }
      han.push_back(c);
    } else if (IsWordChar(c)) {
      if (!han.empty()) flush();
      AppendUtf8(word, c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
    } else {
      flush();
    }
  }
  flush();
  return tokens;
}

SearchDoc MakeSearchDoc(std::string lang, std::string href, std::string_view html) {
  SearchDoc doc;
  doc.lang = std::move(lang);
  doc.href = std::move(href);
  doc.title = TextOf(Between(html, "<title", "</title>"), 400);
  std::string_view main = Between(html, "<main", "</main>");
  // The heading repeats the title; the snippet is what follows it.
  if (const std::size_t h1 = main.find("</h1>"); h1 != std::string_view::npos) main.remove_prefix(h1 + 5);
  doc.snippet = TextOf(main, kSnippetBytes);
  return doc;
}

std::string BuildSearchIndexScript(std::vector<SearchDoc> docs) {
  std::sort(docs.begin(), docs.end(), [](const SearchDoc& a, const SearchDoc& b) { return a.href < b.href; });
  nlohmann::json list = nlohmann::json::array();
  std::map<std::string, std::vector<std::size_t>> terms;
  for (std::size_t i = 0; i < docs.size(); ++i) {
    list.push_back(nlohmann::json::array({docs[i].href, docs[i].title, docs[i].snippet}));
    for (const std::string& token : SearchTokens(docs[i].title + " " + docs[i].snippet)) {
      auto& postings = terms[token];
      if (postings.empty() || postings.back() != i) postings.push_back(i);
    }
  }
  nlohmann::json index;
  index["docs"] = std::move(list);
  index["terms"] = terms;
  return "window.READOUT_SEARCH_INDEX = " +
         index.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + ";\n";
}

}  // namespace readout::publish
