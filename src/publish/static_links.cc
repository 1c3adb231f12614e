#include "publish/static_links.h"

#include <array>

namespace readout::publish {
namespace {

constexpr std::array<std::string_view, 8> kFileExtensions = {".atom", ".csv", ".md",  ".pdf",
                                                             ".json", ".svg", ".xml", ".txt"};
constexpr std::array<std::string_view, 3> kLangDirs = {"en", "zh-Hans", "zh-Hant"};

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t slash = path.find('/', start);
    const std::size_t end = slash == std::string_view::npos ? path.size() : slash;
    out.push_back(path.substr(start, end - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return out;
}

// QueryParam("a&amp;lang=zh-Hans", "lang") -> "zh-Hans"; empty when absent.
std::string QueryParam(std::string_view query, std::string_view name) {
  std::string decoded;
  for (std::size_t i = 0; i < query.size(); ++i) {
    if (query.substr(i).starts_with("&amp;")) {
      decoded += '&';
      i += 4;
    } else {
      decoded += query[i];
    }
  }
  const std::string prefix = std::string(name) + "=";
  std::string_view q = decoded;
  while (!q.empty()) {
    const std::size_t amp = q.find('&');
    std::string_view pair = q.substr(0, amp);
    if (pair.starts_with(prefix)) return std::string(pair.substr(prefix.size()));
    if (amp == std::string_view::npos) break;
    q.remove_prefix(amp + 1);
  }
  return "";
}

// The scorecard's later pages ("?page=3") are files of their own
// ("scorecard/page-3"): a static host cannot read the query.
void AppendPageSegment(std::string& path, std::string_view query) {
  if (!path.ends_with("/scorecard")) return;
  const std::string page = QueryParam(query, "page");
  if (page.empty() || page == "1" || page.find_first_not_of("0123456789") != std::string::npos) return;
  path += "/page-" + page;
}

}  // namespace

std::string FileForPath(std::string_view path, std::string_view lang_dir) {
  while (path.size() > 1 && path.ends_with('/')) path.remove_suffix(1);
  if (path.starts_with("/static/")) return std::string(path.substr(1));
  if (path.empty() || path == "/") return std::string(lang_dir) + "/index.html";
  // A record's history, /records/<id>/history, is history/<id>.html: a folder
  // per record would cost a directory per case and per person, a third of the
  // inodes a first export creates.
  if (path.starts_with("/records/") && path.ends_with("/history")) {
    const std::string_view id = path.substr(9, path.size() - 9 - 8);
    if (!id.empty() && id.find('/') == std::string_view::npos) {
      return std::string(lang_dir) + "/history/" + std::string(id) + ".html";
    }
  }
  const std::string_view last = path.substr(path.rfind('/') + 1);
  for (std::string_view ext : kFileExtensions) {
    if (last.ends_with(ext)) return std::string(lang_dir) + std::string(path);
  }
  return std::string(lang_dir) + std::string(path) + ".html";
}

std::string RelativeToLangDir(std::string_view file, std::string_view lang_dir) {
  if (file.starts_with(lang_dir) && file.size() > lang_dir.size() && file[lang_dir.size()] == '/') {
    return std::string(file.substr(lang_dir.size() + 1));
  }
  return std::string(file);
}

std::string RelativeLink(std::string_view from, std::string_view to) {
  std::vector<std::string_view> a = Segments(from), b = Segments(to);
  a.pop_back();  // the folder of `from`
  std::size_t common = 0;
  while (common < a.size() && common + 1 < b.size() && a[common] == b[common]) ++common;
  std::string out;
  for (std::size_t i = common; i < a.size(); ++i) out += "../";
  for (std::size_t i = common; i < b.size(); ++i) {
    if (i > common) out += '/';
    out += b[i];
  }
  return out;
}

std::string RewriteLinks(std::string_view document, std::string_view page_path, std::string_view lang_dir,
                         std::vector<std::string>* links) {
  const std::string self = FileForPath(page_path, lang_dir);
  std::string out;
  out.reserve(document.size() + document.size() / 16);
  constexpr std::array<std::string_view, 3> kNames = {" href=\"", " src=\"", " action=\""};
  // The next occurrence of each name, found again only once passed: one
  // scan of the document whatever the mix of attributes (a case list of
  // 10,000 links has one form action).
  std::array<std::size_t, 3> next = {0, 0, 0};
  std::array<bool, 3> stale = {true, true, true};
  std::size_t pos = 0;
  while (pos < document.size()) {
    std::size_t best = std::string_view::npos, name_len = 0;
    for (std::size_t k = 0; k < kNames.size(); ++k) {
      if (stale[k] || (next[k] != std::string_view::npos && next[k] < pos)) {
        next[k] = document.find(kNames[k], pos);
        stale[k] = false;
      }
      if (next[k] < best) {
        best = next[k];
        name_len = kNames[k].size();
      }
    }
    if (best == std::string_view::npos) break;
    const std::size_t value_start = best + name_len;
    const std::size_t value_end = document.find('"', value_start);
    if (value_end == std::string_view::npos) break;
    out.append(document.substr(pos, value_start - pos));
    std::string_view value = document.substr(value_start, value_end - value_start);
    pos = value_end;
    const bool absolute = value.starts_with('/') && !value.starts_with("//");
    const bool query_only = value.starts_with('?');
    if (!absolute && !query_only) {
      out.append(value);
      continue;
    }
    std::string_view fragment;
    if (const std::size_t hash = value.find('#'); hash != std::string_view::npos) {
      fragment = value.substr(hash);
      value = value.substr(0, hash);
    }
    std::string_view query;
    if (const std::size_t q = value.find('?'); q != std::string_view::npos) {
      query = value.substr(q + 1);
      value = value.substr(0, q);
    }
    std::string path = query_only ? std::string(page_path) : std::string(value);
    while (path.size() > 1 && path.ends_with('/')) path.pop_back();
    if (path.starts_with("/api/")) {  // the API is not part of a static site: left to the server
      out.append(document.substr(value_start, value_end - value_start));
      continue;
    }
    std::string_view dir = lang_dir;
    AppendPageSegment(path, query);
    const std::string lang = QueryParam(query, "lang");
    for (std::string_view d : kLangDirs) {
      if (lang == d) dir = d;
    }
    if (links && !path.starts_with("/static/")) links->push_back(path);
    out += RelativeLink(self, FileForPath(path, dir));
    out.append(fragment);
  }
  out.append(document.substr(pos));
  return out;
}

namespace {

// `document` without every block from `open` to the next `close` (and the newline after it).
std::string RemoveBlocks(std::string_view document, std::string_view open_tag, std::string_view close_tag) {
  std::string out;
  out.reserve(document.size());
  std::size_t at = 0;
  for (;;) {
    const std::size_t open = document.find(open_tag, at);
    if (open == std::string_view::npos) break;
    const std::size_t close = document.find(close_tag, open);
    if (close == std::string_view::npos) break;  // malformed: keep the rest as it is
    out.append(document.substr(at, open - at));
    at = close + close_tag.size();
    if (at < document.size() && document[at] == '\n') ++at;
  }
  out.append(document.substr(at));
  return out;
}

}  // namespace

std::string RemoveServerOnlyParts(std::string_view document) {
  return RemoveBlocks(RemoveBlocks(document, "<form class=\"filters\"", "</form>"), "<p class=\"server-only\">",
                      "</p>");
}

}  // namespace readout::publish
