#include "resources/resources.h"

#include "resources/resources_internal.h"

namespace readout::resources {

// A linear scan: there are a dozen resources, and the web layer caches
// whole responses, so a map would only add start-up work.

const Resource* Find(std::string_view path) {
  for (const Resource& r : internal::Embedded()) {
    if (r.path == path) return &r;
  }
  return nullptr;
}

const Resource* FindByUrl(std::string_view url) {
  if (url.empty()) return nullptr;
  for (const Resource& r : internal::Embedded()) {
    if (r.hashed_url == url) return &r;
  }
  return nullptr;
}

std::span<const Resource> All() { return internal::Embedded(); }

std::string_view AssetUrl(std::string_view path) {
  const Resource* r = Find(path);
  return r == nullptr ? std::string_view() : r->hashed_url;
}

}  // namespace readout::resources
