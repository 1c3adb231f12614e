#include "web/memory_store_for_test.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace readout::web::testing {

using core::Error;
using core::Fail;

std::string MemoryStore::Now() {
  char buf[40];
  std::snprintf(buf, sizeof buf, "2026-01-01T00:00:%02d.%03dZ", (clock_ / 1000) % 60, clock_ % 1000);
  ++clock_;
  return buf;
}

core::Status MemoryStore::CheckReadable() {
  if (throw_on_read_) throw std::runtime_error("secret internal detail: disk on fire");
  if (unavailable_) return Fail(Error::Unavailable("/var/secret/path.db is locked"));
  return {};
}

core::Status MemoryStore::CheckReferences(const core::RecordDraft& draft) {
  for (const core::Reference& ref : draft.references) {
    auto it = records_.find(ref.target_id);
    if (it == records_.end() || it->second.header.kind != ref.target_kind || it->second.header.deleted) {
      return Fail(Error::Invalid(ref.field, "must name an existing " + std::string(core::KindName(ref.target_kind))));
    }
  }
  return {};
}

core::Result<core::StoredRecord> MemoryStore::Create(const core::RecordDraft& draft, const core::Actor& actor) {
  std::lock_guard lock(mutex_);
  std::string id = draft.id.empty() ? core::NewId(draft.kind) : draft.id;
  if (records_.count(id)) return Fail(Error::Conflict("id " + id + " is taken"));
  if (auto s = CheckReferences(draft); !s) return Fail(s.error());
  core::StoredRecord record;
  record.header.id = id;
  record.header.kind = draft.kind;
  record.header.revision = 1;
  record.header.visibility = draft.visibility;
  record.header.parent_id = draft.parent_id;
  record.header.created_at = record.header.updated_at = Now();
  record.body = draft.body;
  core::Revision rev{id, draft.kind, 1, core::RevisionOperation::kCreate, actor.name, record.header.created_at,
                     draft.visibility, draft.visibility, nullptr, draft.body, false};
  records_[id] = record;
  order_.push_back(id);
  history_[id].push_back(std::move(rev));
  ++counter_;
  return record;
}

core::Result<core::StoredRecord> MemoryStore::Change(std::string_view id, std::int64_t base_revision,
                                                     const core::Actor& actor, core::RevisionOperation op,
                                                     const core::RecordDraft* draft) {
  std::lock_guard lock(mutex_);
  auto it = records_.find(id);
  if (it == records_.end()) return Fail(Error::NotFound("no record " + std::string(id)));
  core::StoredRecord& record = it->second;
  if (record.header.revision != base_revision) {
    return Fail(Error::Conflict("record " + std::string(id) + " is at revision " +
                                std::to_string(record.header.revision) + ", not " + std::to_string(base_revision)));
  }
  if (draft != nullptr) {
    if (draft->kind != record.header.kind) return Fail(Error::Conflict("kind differs"));
    if (auto s = CheckReferences(*draft); !s) return Fail(s.error());
  }
  if (op == core::RevisionOperation::kDelete) {
    if (record.header.deleted) return Fail(Error::Conflict("already deleted"));
    for (const auto& [other_id, other] : records_) {
      if (other.header.parent_id == id && !other.header.deleted) return Fail(Error::Conflict("still has children"));
    }
  }
  if (op == core::RevisionOperation::kRestore && !record.header.deleted) return Fail(Error::Conflict("not deleted"));
  core::Revision rev;
  rev.record_id = record.header.id;
  rev.kind = record.header.kind;
  rev.operation = op;
  rev.actor = actor.name;
  rev.visibility_before = record.header.visibility;
  rev.before = record.body;
  if (draft != nullptr) {
    record.body = draft->body;
    record.header.visibility = draft->visibility;
    record.header.parent_id = draft->parent_id;
  }
  if (op == core::RevisionOperation::kDelete) record.header.deleted = true;
  if (op == core::RevisionOperation::kRestore) record.header.deleted = false;
  record.header.revision += 1;
  record.header.updated_at = Now();
  rev.revision = record.header.revision;
  rev.at = record.header.updated_at;
  rev.visibility_after = record.header.visibility;
  rev.after = record.body;
  rev.deleted_after = record.header.deleted;
  history_[record.header.id].push_back(std::move(rev));
  ++counter_;
  return record;
}

core::Result<core::StoredRecord> MemoryStore::Update(std::string_view id, std::int64_t base_revision,
                                                     const core::RecordDraft& draft, const core::Actor& actor) {
  return Change(id, base_revision, actor, core::RevisionOperation::kUpdate, &draft);
}
core::Result<core::StoredRecord> MemoryStore::Delete(std::string_view id, std::int64_t base_revision,
                                                     const core::Actor& actor) {
  return Change(id, base_revision, actor, core::RevisionOperation::kDelete, nullptr);
}
core::Result<core::StoredRecord> MemoryStore::Restore(std::string_view id, std::int64_t base_revision,
                                                      const core::Actor& actor) {
  return Change(id, base_revision, actor, core::RevisionOperation::kRestore, nullptr);
}

core::Result<core::StoredRecord> MemoryStore::Get(std::string_view id) {
  if (auto s = CheckReadable(); !s) return Fail(s.error());
  std::lock_guard lock(mutex_);
  auto it = records_.find(id);
  if (it == records_.end()) return Fail(Error::NotFound("no record " + std::string(id)));
  return it->second;
}

core::Result<core::ListPage> MemoryStore::List(const core::ListQuery& query) {
  if (auto s = CheckReadable(); !s) return Fail(s.error());
  std::lock_guard lock(mutex_);
  core::ListPage page;
  for (const std::string& id : order_) {
    const core::StoredRecord& r = records_.at(id);
    if (query.kind && r.header.kind != *query.kind) continue;
    if (query.parent_id && r.header.parent_id != *query.parent_id) continue;
    if (!core::IsVisibleTo(r.header.visibility, query.max_visibility)) continue;
    if (r.header.deleted && !query.include_deleted) continue;
    if (page.total >= query.offset && page.total < query.offset + query.limit) page.records.push_back(r);
    ++page.total;
  }
  return page;
}

core::Result<std::vector<core::Revision>> MemoryStore::History(std::string_view id) {
  if (auto s = CheckReadable(); !s) return Fail(s.error());
  std::lock_guard lock(mutex_);
  auto it = history_.find(id);
  if (it == history_.end()) return Fail(Error::NotFound("no record " + std::string(id)));
  return it->second;
}

core::Result<core::Bundle> MemoryStore::Export() {
  std::lock_guard lock(mutex_);
  core::Bundle bundle;
  for (const auto& [id, r] : records_) bundle.records.push_back(r);
  for (const auto& [id, revs] : history_) bundle.revisions.insert(bundle.revisions.end(), revs.begin(), revs.end());
  return bundle;
}

core::Status MemoryStore::Import(const core::Bundle& bundle) {
  std::lock_guard lock(mutex_);
  for (const auto& r : bundle.records) {
    if (records_.count(r.header.id)) return Fail(Error::Conflict("id " + r.header.id + " exists"));
  }
  for (const auto& r : bundle.records) {
    records_[r.header.id] = r;
    order_.push_back(r.header.id);
  }
  for (const auto& rev : bundle.revisions) history_[rev.record_id].push_back(rev);
  ++counter_;
  return {};
}

}  // namespace readout::web::testing
