#include "auth/throttle.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <vector>

#include "auth/crypto_init.h"

namespace readout::auth {
namespace {

// Keys (usernames, client addresses) are kept only as a keyed hash under a
// key drawn at start-up, so a memory dump does not list who tried to sign in
// from where, and nobody can choose keys that collide.
std::string HashKey(std::string_view key) {
  internal::EnsureSodium();
  static const auto secret = [] {
    std::array<unsigned char, crypto_shorthash_KEYBYTES> k{};
    randombytes_buf(k.data(), k.size());
    return k;
  }();
  std::string out(crypto_shorthash_BYTES, '\0');
  crypto_shorthash(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(key.empty() ? "" : key.data()),
                   key.size(), secret.data());
  return out;
}

}  // namespace

Throttle::Throttle(int limit, std::chrono::seconds window, std::size_t max_keys)
    : limit_(limit), window_seconds_(window.count()), max_keys_(std::max<std::size_t>(max_keys, 1)) {}

bool Throttle::Allowed(std::string_view key, std::int64_t now_unix) const {
  const std::string hashed = HashKey(key);
  std::lock_guard lock(mutex_);
  auto it = windows_.find(hashed);
  if (it == windows_.end()) return limit_ > 0;
  if (now_unix - it->second.started >= window_seconds_) return limit_ > 0;  // the window has passed
  return it->second.count < limit_;
}

bool Throttle::Hit(std::string_view key, std::int64_t now_unix) {
  const std::string hashed = HashKey(key);
  std::lock_guard lock(mutex_);
  auto it = windows_.find(hashed);
  if (it == windows_.end()) {
    if (windows_.size() >= max_keys_) {
      // Full: drop the windows that have passed; if that frees nothing, the
      // oldest tenth, so eviction costs O(n) once per many inserts.
      std::erase_if(windows_, [&](const auto& entry) { return now_unix - entry.second.started >= window_seconds_; });
      if (windows_.size() >= max_keys_) {
        std::vector<std::int64_t> starts;
        starts.reserve(windows_.size());
        for (const auto& [k, w] : windows_) starts.push_back(w.started);
        const std::size_t drop = std::max<std::size_t>(windows_.size() / 10, 1);
        std::nth_element(starts.begin(), starts.begin() + static_cast<std::ptrdiff_t>(drop - 1), starts.end());
        const std::int64_t cutoff = starts[drop - 1];
        std::erase_if(windows_, [&](const auto& entry) { return entry.second.started <= cutoff; });
      }
    }
    it = windows_.emplace(hashed, Window{now_unix, 0}).first;
  } else if (now_unix - it->second.started >= window_seconds_) {
    it->second = Window{now_unix, 0};
  }
  it->second.count += 1;
  return it->second.count <= limit_;
}

void Throttle::Clear(std::string_view key) {
  const std::string hashed = HashKey(key);
  std::lock_guard lock(mutex_);
  windows_.erase(hashed);
}

}  // namespace readout::auth
