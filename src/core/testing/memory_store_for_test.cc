#include "core/testing/memory_store_for_test.h"

#include <algorithm>
#include <cstdio>
#include <tuple>
#include <utility>

namespace readout::core::testing {
namespace {

// True when `json` holds `value` as a string anywhere.
bool HoldsString(const nlohmann::json& json, std::string_view value) {
  if (json.is_string()) return json.get_ref<const std::string&>() == value;
  if (json.is_structured()) {
    for (const auto& child : json) {
      if (HoldsString(child, value)) return true;
    }
  }
  return false;
}

bool Refers(const StoredRecord& record, std::string_view id) {
  return record.header.id != id && (record.header.parent_id == id || HoldsString(record.body, id));
}

}  // namespace

std::string MemoryStoreForTest::Now() {
  // Distinct, increasing timestamps so List's (created_at, id) order is the creation order.
  char buf[40];
  const int n = clock_++;
  std::snprintf(buf, sizeof buf, "2026-11-29T%02d:%02d:%02d.%03dZ", (n / 3600000) % 24, (n / 60000) % 60,
                (n / 1000) % 60, n % 1000);
  return buf;
}

void MemoryStoreForTest::AddRevision(const StoredRecord& record, RevisionOperation operation, const Actor& actor,
                                     Visibility visibility_before, nlohmann::json before) {
  Revision v;
  v.record_id = record.header.id;
  v.kind = record.header.kind;
  v.revision = record.header.revision;
  v.operation = operation;
  v.actor = actor.name;
  v.at = record.header.updated_at;
  v.visibility_before = visibility_before;
  v.visibility_after = record.header.visibility;
  v.before = std::move(before);
  v.after = record.body;
  v.deleted_after = record.header.deleted;
  revisions_[record.header.id].push_back(std::move(v));
}

Result<StoredRecord> MemoryStoreForTest::Create(const RecordDraft& draft, const Actor& actor) {
  ++write_attempts_;
  StoredRecord r;
  r.header.id = draft.id.empty() ? NewId(draft.kind) : draft.id;
  if (records_.contains(r.header.id)) return Fail(Error::Conflict("id taken: " + r.header.id));
  ++writes_;
  r.header.kind = draft.kind;
  r.header.revision = 1;
  r.header.visibility = draft.visibility;
  r.header.parent_id = draft.parent_id;
  r.header.created_at = r.header.updated_at = Now();
  r.body = draft.body;
  AddRevision(r, RevisionOperation::kCreate, actor, Visibility::kPublic, nullptr);
  records_[r.header.id] = r;
  return r;
}

Result<StoredRecord> MemoryStoreForTest::Update(std::string_view id, std::int64_t base_revision,
                                                const RecordDraft& draft, const Actor& actor) {
  ++write_attempts_;
  auto it = records_.find(std::string(id));
  if (it == records_.end()) return Fail(Error::NotFound("no record " + std::string(id)));
  StoredRecord& r = it->second;
  if (r.header.revision != base_revision) return Fail(Error::Conflict("stale revision"));
  if (r.header.kind != draft.kind) return Fail(Error::Conflict("kind differs"));
  ++writes_;
  nlohmann::json before = r.body;
  const Visibility visibility_before = r.header.visibility;
  r.body = draft.body;
  r.header.visibility = draft.visibility;
  r.header.parent_id = draft.parent_id;
  ++r.header.revision;
  r.header.updated_at = Now();
  AddRevision(r, RevisionOperation::kUpdate, actor, visibility_before, std::move(before));
  return r;
}

Result<StoredRecord> MemoryStoreForTest::SetDeleted(std::string_view id, std::int64_t base_revision, const Actor& actor,
                                                    bool deleted) {
  ++write_attempts_;
  auto it = records_.find(std::string(id));
  if (it == records_.end()) return Fail(Error::NotFound("no record " + std::string(id)));
  StoredRecord& r = it->second;
  if (r.header.revision != base_revision) return Fail(Error::Conflict("stale revision"));
  ++writes_;
  r.header.deleted = deleted;
  ++r.header.revision;
  r.header.updated_at = Now();
  AddRevision(r, deleted ? RevisionOperation::kDelete : RevisionOperation::kRestore, actor, r.header.visibility,
              r.body);
  return r;
}

Result<StoredRecord> MemoryStoreForTest::Delete(std::string_view id, std::int64_t base_revision, const Actor& actor) {
  return SetDeleted(id, base_revision, actor, true);
}

Result<StoredRecord> MemoryStoreForTest::Restore(std::string_view id, std::int64_t base_revision, const Actor& actor) {
  return SetDeleted(id, base_revision, actor, false);
}

Result<StoredRecord> MemoryStoreForTest::Get(std::string_view id) {
  auto it = records_.find(std::string(id));
  if (it == records_.end()) return Fail(Error::NotFound("no record " + std::string(id)));
  return it->second;
}

Result<ListPage> MemoryStoreForTest::List(const ListQuery& query) {
  ++list_calls_;
  last_query_ = query;
  if (query.limit < 1 || query.limit > 1000) return Fail(Error::Invalid("limit", "must be between 1 and 1000"));
  std::vector<const StoredRecord*> matching;
  for (const auto& [id, r] : records_) {
    if (query.kind && r.header.kind != *query.kind) continue;
    if (query.parent_id && r.header.parent_id != *query.parent_id) continue;
    if (query.references_id && !Refers(r, *query.references_id)) continue;
    if (!IsVisibleTo(r.header.visibility, query.max_visibility)) continue;
    if (r.header.deleted && !query.include_deleted) continue;
    matching.push_back(&r);
  }
  std::sort(matching.begin(), matching.end(), [](const StoredRecord* a, const StoredRecord* b) {
    return std::tie(a->header.created_at, a->header.id) < std::tie(b->header.created_at, b->header.id);
  });
  ListPage page;
  page.total = static_cast<std::int64_t>(matching.size());
  for (std::int64_t i = query.offset; i < page.total && i < query.offset + query.limit; ++i) {
    page.records.push_back(*matching[static_cast<std::size_t>(i)]);
  }
  return page;
}

Status MemoryStoreForTest::Purge(std::string_view id) {
  ++write_attempts_;
  auto it = records_.find(std::string(id));
  if (it == records_.end()) return Fail(Error::NotFound("no record " + std::string(id)));
  std::string referrers;
  for (const auto& [other_id, other] : records_) {
    if (!other.header.deleted && Refers(other, id)) referrers += (referrers.empty() ? "" : ", ") + other_id;
  }
  if (!referrers.empty()) return Fail(Error::Conflict("live records refer to " + std::string(id) + ": " + referrers));
  records_.erase(it);
  revisions_.erase(std::string(id));
  std::erase_if(blobs_, [this](const auto& entry) {
    return std::none_of(records_.begin(), records_.end(),
                        [&](const auto& record) { return HoldsString(record.second.body, entry.first); });
  });
  ++writes_;
  return {};
}

Result<std::vector<Revision>> MemoryStoreForTest::History(std::string_view id) {
  auto it = revisions_.find(std::string(id));
  if (it == revisions_.end()) return Fail(Error::NotFound("no record " + std::string(id)));
  return it->second;
}

Result<Bundle> MemoryStoreForTest::Export() {
  Bundle bundle;
  for (const auto& [id, r] : records_) bundle.records.push_back(r);
  for (const auto& [id, list] : revisions_) bundle.revisions.insert(bundle.revisions.end(), list.begin(), list.end());
  for (const auto& [sha, blob] : blobs_) bundle.blobs.push_back(blob);
  return bundle;
}

Status MemoryStoreForTest::Import(const Bundle& bundle) {
  ++write_attempts_;
  for (const StoredRecord& r : bundle.records) {
    if (records_.contains(r.header.id)) return Fail(Error::Conflict("id taken: " + r.header.id));
  }
  ++writes_;
  ++imports_;
  for (const StoredRecord& r : bundle.records) records_[r.header.id] = r;
  for (const Revision& v : bundle.revisions) revisions_[v.record_id].push_back(v);
  for (const Blob& b : bundle.blobs) blobs_[b.sha256] = b;
  return {};
}

Status MemoryStoreForTest::PutBlob(const Blob& blob) {
  blobs_[blob.sha256] = blob;
  return {};
}

Result<Blob> MemoryStoreForTest::GetBlob(std::string_view sha256) {
  auto it = blobs_.find(std::string(sha256));
  if (it == blobs_.end()) return Fail(Error::NotFound("no file with SHA-256 " + std::string(sha256)));
  return it->second;
}

}  // namespace readout::core::testing
