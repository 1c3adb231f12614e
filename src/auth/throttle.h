// Throttle: counts failures per key in a sliding window, in memory only (so
// no address is ever written to disk). Login uses one per account and one
// per address; the public input form and the server's request rate limit use
// their own. Keys are hashed before they are kept.
//
// Thread-safety: safe from many threads (one mutex; the map is bounded by
// evicting the oldest keys).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace readout::auth {

class Throttle {
 public:
  // At most `limit` events per key within `window`; `max_keys` bounds memory.
  Throttle(int limit, std::chrono::seconds window, std::size_t max_keys = 100000);

  // True when `key` is under its limit at `now_unix` (does not count).
  bool Allowed(std::string_view key, std::int64_t now_unix) const;
  // Counts one event for `key`; returns true when it was still within the limit.
  bool Hit(std::string_view key, std::int64_t now_unix);
  // Forgets `key` (a successful login clears its account's failures).
  void Clear(std::string_view key);

 private:
  struct Window {
    std::int64_t started = 0;
    int count = 0;
  };
  int limit_;
  std::int64_t window_seconds_;
  std::size_t max_keys_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Window> windows_;  // keyed by a hash of the caller's key
};

}  // namespace readout::auth
