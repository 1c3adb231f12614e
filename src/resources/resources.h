// Files compiled into the binary at build time: templates, static assets and
// i18n catalogs, listed in resources_list.txt at the top of the tree.
//
// Static assets are served under a cache-busting name that carries a hash of
// their content ("static/readout.css" -> "/static/readout.3f9a2c1b.css"), so
// they can be cached forever; templates ask for AssetUrl("static/readout.css").
//
// Thread-safety: constant data.
#pragma once

#include <span>
#include <string_view>

namespace readout::resources {

struct Resource {
  std::string_view path;         // path as listed, e.g. "web/templates/round.mustache"
  std::string_view data;
  std::string_view content_type; // from the extension
  std::string_view hashed_url;   // "/static/readout.3f9a2c1b.css" for files under web/static, else empty
};

// nullptr when no resource has that path.
const Resource* Find(std::string_view path);
// The resource served at `url` ("/static/readout.3f9a2c1b.css"), or nullptr.
const Resource* FindByUrl(std::string_view url);
std::span<const Resource> All();
// The hashed URL of a static asset by its listed path; empty when unknown.
std::string_view AssetUrl(std::string_view path);

}  // namespace readout::resources
