// ResponseCache: bodies of public GET responses (pages and API JSON), keyed
// by path, query and language, valid for one value of Store::ChangeCounter().
// When the counter moves, everything cached is dropped at the next lookup;
// there is no other invalidation to forget.
//
// Thread-safety: safe to call from many threads at once (one mutex; the
// critical sections are a hash lookup and a shared_ptr copy).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "web/http.h"

namespace readout::web {

struct CachedResponse {
  http::status status = http::status::ok;
  std::vector<std::pair<std::string, std::string>> headers;  // as the handler set them
  std::string body;

  static std::shared_ptr<const CachedResponse> From(const HttpResponse& res);
  void ApplyTo(HttpResponse& res) const;
};

class ResponseCache {
 public:
  // At most `max_entries` responses are kept; beyond that new ones are not
  // cached (so odd query strings cannot grow memory without bound).
  explicit ResponseCache(std::size_t max_entries = 4096) : max_entries_(max_entries) {}

  // The response cached under `key` for store state `generation`, or null.
  std::shared_ptr<const CachedResponse> Find(const std::string& key, std::int64_t generation);
  // Keeps `response` unless the store has moved past `generation` meanwhile.
  void Insert(std::string key, std::int64_t generation, std::shared_ptr<const CachedResponse> response);
  std::size_t size();

 private:
  std::mutex mutex_;
  std::int64_t generation_ = -1;
  std::size_t max_entries_;
  std::unordered_map<std::string, std::shared_ptr<const CachedResponse>> entries_;
};

}  // namespace readout::web
