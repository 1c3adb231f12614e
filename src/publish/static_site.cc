#include "publish/static_site.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <functional>
#include <future>
#include <iterator>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "publish/atom_feed.h"
#include "publish/page_common.h"
#include "publish/public_readout.h"
#include "publish/static_links.h"
#include "publish/static_search.h"
#include "resources/resources.h"

namespace readout::publish {
namespace {

namespace fs = std::filesystem;

// Marks a folder as written by publish: a folder without it that is not
// empty is refused, so a mistyped --out never deletes someone's files as "stale".
constexpr std::string_view kMarker = ".readout-site";

struct OutLangInfo {
  std::string_view dir;  // also the BCP 47 code
  Lang render;           // zh-Hant is rendered in zh-Hans and converted (publish/i18n.h)
  bool traditional;
};
constexpr OutLangInfo kOutLangs[] = {
    {"en", Lang::kEn, false},
    {"zh-Hans", Lang::kZhHans, false},
    {"zh-Hant", Lang::kZhHans, true},
};

// What one target (a site path) produced in one language.
struct Rendered {
  std::string bytes;
  bool html = false;       // links rewritten, indexed for search
  bool localized = true;   // false: the same bytes in every language (CSV of an indicator, readout JSON)
  bool text = true;        // false: binary (PDF): never converted to Traditional
  bool converted = false;  // already in Traditional characters (Site converts a zh-Hant page itself)
};

std::vector<std::string_view> Split(std::string_view path) {
  std::vector<std::string_view> parts;
  while (!path.empty()) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    const std::size_t slash = path.find('/');
    parts.push_back(path.substr(0, slash));
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash);
  }
  return parts;
}

bool StripSuffix(std::string_view& s, std::string_view suffix) {
  if (!s.ends_with(suffix)) return false;
  s.remove_suffix(suffix.size());
  return true;
}

// Writes `bytes` to a new file with plain system calls (an ofstream costs a
// locale and a buffer per file, for 100,000+ files). `replace`: a leftover
// temporary of a failed run is truncated instead of refused.
core::Status WriteNewFile(const fs::path& path, std::string_view bytes, bool replace = false) {
  const auto failed = [&path](int error) {
    return core::Fail(core::Error::Internal("cannot write " + path.string() + ": " +
                                            std::error_code(error, std::generic_category()).message()));
  };
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | (replace ? O_TRUNC : O_EXCL), 0644);
  if (fd < 0) return failed(errno);
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int error = errno;
      ::close(fd);
      return failed(error);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0) return failed(errno);
  return {};
}

// Whether the regular file at `path` holds exactly `bytes`; false when it is
// missing or unreadable (it is then written again).
bool SameBytes(const fs::path& path, std::string_view bytes) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat info {};
  bool same = ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && static_cast<std::size_t>(info.st_size) == bytes.size();
  char buffer[1 << 16];
  std::size_t at = 0;
  while (same && at < bytes.size()) {
    const ssize_t n = ::read(fd, buffer, std::min(sizeof buffer, bytes.size() - at));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0 || std::memcmp(buffer, bytes.data() + at, static_cast<std::size_t>(n)) != 0) {
      same = false;
    } else {
      at += static_cast<std::size_t>(n);
    }
  }
  ::close(fd);
  return same;
}

class Publisher {
 public:
  Publisher(core::RecordService& records, const Site& site, const Catalogs& catalogs,
            const StaticSiteOptions& options)
      : records_(records), site_(site), catalogs_(catalogs), options_(options) {}

  core::Result<StaticSiteReport> Run();

 private:
  struct TargetOutput {
    std::vector<std::string> links;     // site paths this target links to
    std::vector<SearchDoc> docs;        // per language
    std::size_t pages = 0;
    bool missing = false;
  };

  // `traditional_copy`: see PageRequest::traditional_copy.
  core::Result<Rendered> Render(std::string_view path, Lang lang, bool traditional,
                                std::string* traditional_copy = nullptr) const;
  core::Result<Rendered> RenderReadoutFile(std::string_view id, std::string_view ext, Lang lang,
                                           bool traditional) const;
  std::string RenderSearchPage(Lang lang, bool traditional) const;
  core::Result<TargetOutput> Process(const std::string& path);
  core::Status Write(const std::string& rel, const std::string& bytes);
  core::Status EnsureFolder(const fs::path& folder);
  core::Status RemoveStale();

  core::RecordService& records_;
  const Site& site_;
  const Catalogs& catalogs_;
  const StaticSiteOptions& options_;
  // Where files go: out_dir, or for a first publish the staging folder that
  // becomes out_dir at the end (staging_).
  fs::path write_dir_;
  bool staging_ = false;

  std::mutex mu_;  // guards the fields below
  std::set<std::string> produced_;  // paths relative to out_dir
  std::set<std::string> folders_;   // folders known to exist
  StaticSiteReport report_;
};

core::Result<Rendered> Publisher::RenderReadoutFile(std::string_view id, std::string_view ext, Lang lang,
                                                    bool traditional) const {
  PublicRecords records(records_);
  auto readout = LoadPublishedReadout(records, id);
  if (!readout) return core::Fail(readout.error());
  Rendered r;
  if (ext == "md") {
    r.bytes = RenderReadoutMarkdown(*readout, lang, catalogs_);
  } else if (ext == "csv") {
    r.bytes = RenderReadoutCsv(*readout, lang, catalogs_);
  } else if (ext == "json") {
    r.bytes = RenderReadoutJson(*readout).dump(2) + "\n";
    r.localized = false;
  } else {
    auto pdf = RenderReadoutPdf(*readout, lang, catalogs_, traditional);
    if (!pdf) return core::Fail(pdf.error());
    r.bytes = std::move(*pdf);
    r.text = false;
    r.converted = traditional;
  }
  return r;
}

// Which Site call renders a path: the routes of web/page_handler.cc that a
// static host can serve (no query: a filtered list is its unfiltered page).
core::Result<Rendered> Publisher::Render(std::string_view path, Lang lang, bool traditional,
                                         std::string* traditional_copy) const {
  PageRequest request;
  request.lang = lang;
  request.traditional = traditional;
  request.traditional_copy = traditional_copy;
  request.reader = core::Visibility::kPublic;
  request.path = std::string(path);
  const std::vector<std::string_view> p = Split(path);
  auto page = [traditional](core::Result<std::string> html) -> core::Result<Rendered> {
    if (!html) return core::Fail(html.error());
    Rendered r;
    r.bytes = std::move(*html);
    r.html = true;
    r.converted = traditional;
    return r;
  };
  auto feed = [&](bool readouts, std::string_view dialogue_id) -> core::Result<Rendered> {
    PublicRecords records(records_);
    FeedOptions feed_options;
    feed_options.lang = lang;
    feed_options.self_path = std::string(path);
    auto xml = readouts ? RenderReadoutsFeed(records, dialogue_id, feed_options, catalogs_)
                        : RenderCaseUpdatesFeed(records, dialogue_id, feed_options, catalogs_);
    if (!xml) return core::Fail(xml.error());
    Rendered r;
    r.bytes = std::move(*xml);
    r.html = true;  // its href attributes are rewritten like a page's, but it is not indexed
    return r;
  };
  const std::size_t n = p.size();
  if (n == 0) return page(site_.RenderHome(request));
  if (n == 1) {
    if (p[0] == "cases") return page(site_.RenderCases(CaseFilter{}, request));
    if (p[0] == "alerts") return page(site_.RenderAlerts(request));
    if (p[0] == "readouts") return page(site_.RenderReadouts(request));
    if (p[0] == "search") {
      Rendered r;
      r.bytes = RenderSearchPage(lang, traditional);
      r.html = true;
      r.converted = traditional;
      return r;
    }
  }
  if (n == 2) {
    const std::string_view kind = p[0];
    std::string_view id = p[1];
    if (kind == "feeds" && id == "readouts.atom") return feed(true, "");
    if (kind == "feeds" && id == "cases.atom") return feed(false, "");
    if (kind == "dialogues") return page(site_.RenderDialogue(id, request));
    if (kind == "rounds") return page(site_.RenderRound(id, request));
    if (kind == "people") return page(site_.RenderPerson(id, request));
    if (kind == "cases" && id == "overdue") return page(site_.RenderOverdue(request));
    if (kind == "cases") return page(site_.RenderCase(id, request));
    if (kind == "agencies") return page(site_.RenderAgency(id, request));
    if (kind == "engagements") return page(site_.RenderEngagement(id, request));
    if (kind == "indicators") {
      if (StripSuffix(id, ".csv")) {
        auto csv = site_.IndicatorCsv(id, core::Visibility::kPublic);
        if (!csv) return core::Fail(csv.error());
        Rendered r;
        r.bytes = std::move(*csv);
        r.localized = false;
        return r;
      }
      return page(site_.RenderIndicator(id, request));
    }
    if (kind == "readouts") {
      for (std::string_view ext : {"md", "csv", "json", "pdf"}) {
        if (StripSuffix(id, "." + std::string(ext))) return RenderReadoutFile(id, ext, lang, traditional);
      }
      return page(site_.RenderReadout(id, request));
    }
  }
  if (n == 3 && p[0] == "dialogues") {
    if (p[2] == "scorecard") return page(site_.RenderScorecard(p[1], "", request));
    if (p[2] == "changes") return page(site_.RenderChanges(p[1], "", "", request));
    if (p[2] == "agencies") return page(site_.RenderAgencyRecords(p[1], std::nullopt, std::nullopt, request));
  }
  if (n == 3 && p[0] == "records" && p[2] == "history") return page(site_.RenderHistory(p[1], request));
  if (n == 4 && p[0] == "dialogues" && p[2] == "scorecard" && p[3].starts_with("page-")) {
    int number = 0;
    const std::string_view digits = p[3].substr(5);
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
    if (error == std::errc() && end == digits.data() + digits.size() && number > 1) {
      return page(site_.RenderScorecard(p[1], "", request, number));
    }
  }
  if (n == 4 && p[0] == "dialogues" && p[2] == "feeds") {
    if (p[3] == "readouts.atom") return feed(true, p[1]);
    if (p[3] == "cases.atom") return feed(false, p[1]);
  }
  return core::Fail(core::Error::NotFound("no static page for " + std::string(path)));
}

// The search page: the site's layout around a form, a place for results and
// the script (web/static/static-search.js) that searches the prebuilt index
// of this language (search-index.js beside the page).
std::string Publisher::RenderSearchPage(Lang lang, bool traditional) const {
  PageFrame frame;
  frame.title = catalogs_.Get(lang, "search.heading");
  PageRequest request;
  request.lang = lang;
  request.traditional = traditional;
  request.path = "/search";
  auto attr = [](std::string text) {
    std::string out;
    for (char c : text) {
      if (c == '&') out += "&amp;";
      else if (c == '"') out += "&quot;";
      else if (c == '<') out += "&lt;";
      else if (c == '>') out += "&gt;";
      else out += c;
    }
    return out;
  };
  std::string body;
  body += "<h1>" + attr(frame.title) + "</h1>\n";
  body += "<form class=\"static-search\" method=\"get\" action=\"/search\" role=\"search\">\n";
  body += "<label for=\"static-search-q\">" + attr(catalogs_.Get(lang, "search.label")) + "</label>\n";
  body += "<input type=\"search\" id=\"static-search-q\" name=\"q\" maxlength=\"1000\">\n";
  body += "<button type=\"submit\">" + attr(catalogs_.Get(lang, "search.submit")) + "</button>\n</form>\n";
  body += "<noscript><p class=\"notice\">" + attr(catalogs_.Get(lang, "search.static_noscript")) +
          "</p></noscript>\n";
  body += "<p id=\"static-search-status\" role=\"status\" data-total=\"" +
          attr(catalogs_.Get(lang, "search.total", {{"count", "{count}"}})) + "\" data-none=\"" +
          attr(catalogs_.Get(lang, "search.no_hits")) + "\"></p>\n";
  body += "<ol id=\"static-search-results\" class=\"search-results\"></ol>\n";
  body += "<script src=\"search-index.js\"></script>\n";
  body += "<script src=\"" + std::string(resources::AssetUrl("web/static/static-search.js")) + "\"></script>\n";
  return RenderDocument(frame, body, request, catalogs_);
}

core::Status Publisher::EnsureFolder(const fs::path& folder) {
  const std::string key = folder.native();
  {
    std::lock_guard lock(mu_);
    if (folders_.contains(key)) return {};
  }
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) return core::Fail(core::Error::Internal("cannot create folder " + folder.string() + ": " + ec.message()));
  std::lock_guard lock(mu_);
  folders_.insert(key);
  return {};
}

core::Status Publisher::Write(const std::string& rel, const std::string& bytes) {
  {
    std::lock_guard lock(mu_);
    if (!produced_.insert(rel).second) return {};  // two targets mapped to one file: the first wins
    ++report_.files;
    report_.bytes += bytes.size();
  }
  const fs::path target = write_dir_ / rel;
  if (auto status = EnsureFolder(target.parent_path()); !status) return status;
  if (staging_) {
    // A first publish writes into a folder nobody reads yet (renamed into
    // place at the end), so each file is created directly: one metadata
    // operation per file instead of three (compare, temporary, rename),
    // which was a third of the time of a first export.
    if (auto status = WriteNewFile(target, bytes); !status) return status;
  } else {
    if (SameBytes(target, bytes)) return {};
    // Written beside the target and renamed: a reader (or a sync to a CDN)
    // never sees half a file, and a failed run leaves the old file in place.
    fs::path temporary = target;
    temporary += ".partial";
    if (auto status = WriteNewFile(temporary, bytes, /*replace=*/true); !status) return status;
    std::error_code ec;
    fs::rename(temporary, target, ec);
    if (ec) return core::Fail(core::Error::Internal("cannot rename " + temporary.string() + ": " + ec.message()));
  }
  std::lock_guard lock(mu_);
  ++report_.written;
  return {};
}

core::Result<Publisher::TargetOutput> Publisher::Process(const std::string& path) {
  TargetOutput output;
  const bool is_pdf = path.ends_with(".pdf");
  if (is_pdf && !options_.pdf) {
    output.missing = true;
    return output;
  }
  const bool indexed = !path.starts_with("/records/") && !path.ends_with(".atom") && path != "/search";
  std::optional<Rendered> shared;  // a file that is the same in every language, rendered once
  // A page's Traditional document, left by its Simplified render (the body
  // is the same in both scripts; only the layout differs).
  std::string traditional_copy;
  for (const OutLangInfo& out : kOutLangs) {
    std::optional<Rendered> own;
    if (out.traditional && !traditional_copy.empty()) {
      own = Rendered{std::move(traditional_copy), /*html=*/true, /*localized=*/true, /*text=*/true,
                     /*converted=*/true};
    } else if (!shared) {
      auto rendered = Render(path, out.render, out.traditional,
                             out.render == Lang::kZhHans && !out.traditional ? &traditional_copy : nullptr);
      if (!rendered) {
        const core::ErrorCode code = rendered.error().code;
        // A link to something the public cannot see, or a view that does not
        // exist for this record (changes with one round): not produced.
        if (code == core::ErrorCode::kNotFound || code == core::ErrorCode::kInvalidArgument) {
          output.missing = true;
          return output;
        }
        return core::Fail(rendered.error());
      }
      if (!rendered->localized) {
        shared = std::move(*rendered);
      } else {
        own = std::move(*rendered);
      }
    }
    Rendered& source = own ? *own : *shared;
    const std::string rel = FileForPath(path, out.dir);
    std::string bytes;
    if (source.html) {
      std::vector<std::string> links;
      bytes = RewriteLinks(RemoveServerOnlyParts(source.bytes), path, out.dir, &links);
      if (out.dir == "en") output.links = std::move(links);
      if (!path.ends_with(".atom")) ++output.pages;
    } else {
      bytes = own ? std::move(source.bytes) : source.bytes;
    }
    if (out.traditional && source.text && source.localized && !source.converted) bytes = ToTraditional(bytes);
    if (source.html && indexed) {
      output.docs.push_back(MakeSearchDoc(std::string(out.dir), RelativeToLangDir(rel, out.dir), bytes));
    }
    if (auto status = Write(rel, bytes); !status) return core::Fail(status.error());
  }
  return output;
}

core::Status Publisher::RemoveStale() {
  std::error_code ec;
  std::vector<fs::path> stale;
  for (auto it = fs::recursive_directory_iterator(options_.out_dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    // Lexical: fs::relative resolves symbolic links with a system call per
    // path component, for each of the site's 100,000+ files.
    const std::string rel = it->path().lexically_relative(options_.out_dir).generic_string();
    if (rel == kMarker) continue;
    if (!produced_.contains(rel)) stale.push_back(it->path());
  }
  if (ec) return core::Fail(core::Error::Internal("cannot list " + options_.out_dir.string() + ": " + ec.message()));
  for (const fs::path& file : stale) {
    if (!fs::remove(file, ec) || ec) {
      return core::Fail(core::Error::Internal("cannot remove " + file.string() + ": " + ec.message()));
    }
    ++report_.removed;
  }
  // Folders left empty (a case's folder of downloads) go too, deepest first.
  std::vector<fs::path> dirs;
  for (auto it = fs::recursive_directory_iterator(options_.out_dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (it->is_directory()) dirs.push_back(it->path());
  }
  std::sort(dirs.rbegin(), dirs.rend());
  for (const fs::path& dir : dirs) {
    if (fs::is_empty(dir, ec)) fs::remove(dir, ec);
  }
  return {};
}

core::Result<StaticSiteReport> Publisher::Run() {
  const fs::path& out = options_.out_dir;
  std::error_code ec;
  if (out.empty()) return core::Fail(core::Error::Invalid("out_dir", "is required"));
  if (fs::exists(out, ec)) {
    if (!fs::is_directory(out, ec)) {
      return core::Fail(core::Error::Invalid("out_dir", out.string() + " exists and is not a folder"));
    }
    if (!fs::is_empty(out, ec) && !fs::exists(out / kMarker, ec)) {
      return core::Fail(core::Error::Invalid(
          "out_dir", out.string() + " is not empty and was not written by readout publish (no " +
                         std::string(kMarker) + "); give an empty or new folder"));
    }
  }
  // A first publish (no folder, or an empty one) is written into a staging
  // folder beside it and renamed into place at the end: nobody ever sees half
  // a site there, and files need no per-file temporary (see Write).
  const fs::path final_dir = [&] {
    fs::path p = fs::absolute(out, ec).lexically_normal();
    return p.has_filename() ? p : p.parent_path();
  }();
  staging_ = !fs::exists(out, ec) || fs::is_empty(out, ec);
  write_dir_ = out;
  if (staging_) {
    write_dir_ = final_dir.parent_path() / ("." + final_dir.filename().string() + ".readout-partial");
    if (fs::exists(write_dir_, ec)) {
      if (!fs::exists(write_dir_ / kMarker, ec)) {
        return core::Fail(core::Error::Invalid(
            "out_dir", write_dir_.string() + " exists and was not written by readout publish; move it away"));
      }
      fs::remove_all(write_dir_, ec);  // what a failed first publish left
      if (ec) return core::Fail(core::Error::Internal("cannot remove " + write_dir_.string() + ": " + ec.message()));
    }
  }
  fs::create_directories(write_dir_, ec);
  if (ec) {
    return core::Fail(core::Error::Invalid("out_dir", "cannot create " + write_dir_.string() + ": " + ec.message()));
  }
  {
    std::ofstream marker(write_dir_ / kMarker, std::ios::trunc);
    marker << "Written by `readout publish`. Files here that it no longer produces are removed on the next run.\n";
    if (!marker) return core::Fail(core::Error::Internal("cannot write " + (write_dir_ / kMarker).string()));
  }

  // The hashed static assets, shared by every language.
  for (const resources::Resource& r : resources::All()) {
    if (r.hashed_url.empty()) continue;
    if (auto status = Write(std::string(r.hashed_url.substr(1)), std::string(r.data)); !status) {
      return core::Fail(status.error());
    }
  }
  // The folder's own index.html sends a reader to the English home and offers the others.
  {
    std::string index =
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta http-equiv=\"refresh\" content=\"0; url=en/index.html\">\n<title>Readout</title>\n</head>\n<body>\n"
        "<ul>\n<li><a href=\"en/index.html\" hreflang=\"en\">English</a></li>\n"
        "<li><a href=\"zh-Hans/index.html\" hreflang=\"zh-Hans\" lang=\"zh-Hans\">简体中文</a></li>\n"
        "<li><a href=\"zh-Hant/index.html\" hreflang=\"zh-Hant\" lang=\"zh-Hant\">繁體中文</a></li>\n"
        "</ul>\n</body>\n</html>\n";
    if (auto status = Write("index.html", index); !status) return core::Fail(status.error());
  }

  // Crawl from the entry points: every page is rendered once per language,
  // the links it holds name the next pages. A level is rendered in parallel.
  std::vector<std::string> frontier = {"/", "/cases", "/cases/overdue", "/alerts", "/readouts", "/search",
                                       "/feeds/readouts.atom", "/feeds/cases.atom"};
  std::set<std::string> seen(frontier.begin(), frontier.end());
  std::map<std::string, std::vector<SearchDoc>> docs;  // by language
  const int threads = options_.threads > 0 ? options_.threads
                                           : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  while (!frontier.empty()) {
    std::vector<core::Result<TargetOutput>> outputs(frontier.size(), TargetOutput{});
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    auto work = [&] {
      for (std::size_t i = next++; i < frontier.size() && !failed; i = next++) {
        try {
          outputs[i] = Process(frontier[i]);
        } catch (const std::exception& e) {
          outputs[i] = core::Fail(core::Error::Internal("rendering " + frontier[i] + ": " + e.what()));
        }
        if (!outputs[i]) failed = true;
      }
    };
    std::vector<std::thread> pool;
    const std::size_t count = std::min<std::size_t>(static_cast<std::size_t>(threads), frontier.size());
    for (std::size_t t = 1; t < count; ++t) pool.emplace_back(work);
    work();
    for (std::thread& t : pool) t.join();
    std::vector<std::string> next_frontier;
    for (auto& output : outputs) {
      if (!output) return core::Fail(output.error());
      report_.pages += output->pages;
      for (SearchDoc& d : output->docs) docs[d.lang].push_back(std::move(d));
      for (std::string& link : output->links) {
        if (seen.insert(link).second) next_frontier.push_back(std::move(link));
      }
    }
    std::sort(next_frontier.begin(), next_frontier.end());
    frontier = std::move(next_frontier);
  }

  // The three languages' search indexes are built at once, one thread each.
  std::vector<std::future<core::Status>> indexes;
  for (const OutLangInfo& l : kOutLangs) {
    std::vector<SearchDoc>& list = docs[std::string(l.dir)];  // created here, not in the threads
    indexes.push_back(std::async(std::launch::async, [this, &list, dir = std::string(l.dir)] {
      return Write(dir + "/search-index.js", BuildSearchIndexScript(std::move(list)));
    }));
  }
  for (auto& index : indexes) {
    if (auto status = index.get(); !status) return core::Fail(status.error());
  }
  if (staging_) {
    // rename(2) replaces an empty folder in one step.
    fs::rename(write_dir_, final_dir, ec);
    if (ec) {
      return core::Fail(core::Error::Internal("the site is complete in " + write_dir_.string() +
                                              " but could not be moved to " + final_dir.string() + ": " +
                                              ec.message()));
    }
    return report_;
  }
  if (auto status = RemoveStale(); !status) return core::Fail(status.error());
  return report_;
}

}  // namespace

core::Result<StaticSiteReport> PublishStaticSite(core::RecordService& records, const Site& site,
                                                 const Catalogs& catalogs, const StaticSiteOptions& options) {
  Publisher publisher(records, site, catalogs, options);
  return publisher.Run();
}

}  // namespace readout::publish
