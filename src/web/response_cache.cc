#include "web/response_cache.h"

namespace readout::web {

std::shared_ptr<const CachedResponse> CachedResponse::From(const HttpResponse& res) {
  auto cached = std::make_shared<CachedResponse>();
  cached->status = res.result();
  for (const auto& field : res) {
    cached->headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  cached->body = res.body();
  return cached;
}

void CachedResponse::ApplyTo(HttpResponse& res) const {
  res.result(status);
  for (const auto& [name, value] : headers) res.set(name, value);
  res.body().assign(body);
}

std::shared_ptr<const CachedResponse> ResponseCache::Find(const std::string& key, std::int64_t generation) {
  std::lock_guard lock(mutex_);
  if (generation != generation_) {
    entries_.clear();
    generation_ = generation;
    return nullptr;
  }
  auto it = entries_.find(key);
  return it == entries_.end() ? nullptr : it->second;
}

void ResponseCache::Insert(std::string key, std::int64_t generation, std::shared_ptr<const CachedResponse> response) {
  std::lock_guard lock(mutex_);
  // A response rendered while a write committed may predate the new state: only
  // keep it if the store has not moved since the handler started.
  if (generation != generation_) return;
  if (entries_.size() >= max_entries_) return;
  entries_.insert_or_assign(std::move(key), std::move(response));
}

std::size_t ResponseCache::size() {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace readout::web
