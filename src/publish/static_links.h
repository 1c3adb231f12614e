// Where each page of the static site (publish/static_site.h) is written, and
// the rewriting of the site's absolute links ("/cases/cas_x?lang=zh-Hans")
// into relative links to files ("../../zh-Hans/cases/cas_x.html").
//
// Scheme: one folder per language ("en", "zh-Hans", "zh-Hant"); a path is
// its file with ".html" added ("/cases/cas_x" -> "en/cases/cas_x.html",
// "/" -> "en/index.html"); a path with a file extension (".atom", ".csv",
// ".md", ".pdf", ".json") is that file; "/static/..." is shared by every
// language. Links name files, never folders, so they work from file:// as
// well as on any host without index.html or rewrite rules.
//
// Called by static_site.cc. Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace readout::publish {

// The file (relative to the output folder, '/'-separated) of a site path in
// the language folder `lang_dir`. `path` has no query and no fragment.
std::string FileForPath(std::string_view path, std::string_view lang_dir);

// `file` ("en/cases/cas_x.html") as seen from its language folder ("cases/cas_x.html").
std::string RelativeToLangDir(std::string_view file, std::string_view lang_dir);

// The relative reference from the file `from` to the file `to` (both relative to the output folder).
std::string RelativeLink(std::string_view from, std::string_view to);

// `document` (HTML or Atom) served at `page_path` in `lang_dir`, with every
// href, src and action that is absolute on the site ("/x", "?lang=...")
// replaced by a relative link to its file. A `lang` query parameter chooses
// the language folder of the target; other query parameters are dropped (a
// static host cannot filter). Site paths linked to (without query, not under
// /static/) are appended to `links` when it is not null.
std::string RewriteLinks(std::string_view document, std::string_view page_path, std::string_view lang_dir,
                         std::vector<std::string>* links);

// `document` without what only a running server can answer: its filter
// forms (<form class="filters" ...>...</form>), which ask the server for
// another view of the page (a static host would give the same page back and
// the reader would think the filter applied; the default view stays), and
// server-only paragraphs (<p class="server-only">...</p>, such as the link
// to the public input form, which posts to the server).
std::string RemoveServerOnlyParts(std::string_view document);

}  // namespace readout::publish
