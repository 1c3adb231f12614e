#include "publish/fake_store_for_test.h"

#include <algorithm>
#include <cstdio>

namespace readout::publish::testing {

std::string FakeStore::Now() {
  // Distinct, increasing timestamps, so list order (created_at, id) is the order of creation.
  char buf[40];
  ++clock_;
  std::snprintf(buf, sizeof buf, "2026-01-01T%02d:%02d:%02d.000Z", clock_ / 3600 % 24, clock_ / 60 % 60,
                clock_ % 60);
  return buf;
}

core::Result<core::StoredRecord> FakeStore::Create(const core::RecordDraft& draft, const core::Actor& actor) {
  std::string id = draft.id.empty() ? core::NewId(draft.kind) : draft.id;
  if (records_.contains(id)) return core::Fail(core::Error::Conflict("id taken: " + id));
  core::StoredRecord r;
  r.header.id = id;
  r.header.kind = draft.kind;
  r.header.revision = 1;
  r.header.visibility = draft.visibility;
  r.header.parent_id = draft.parent_id;
  r.header.created_at = r.header.updated_at = Now();
  r.body = draft.body;
  core::Revision rev;
  rev.record_id = id;
  rev.kind = draft.kind;
  rev.revision = 1;
  rev.operation = core::RevisionOperation::kCreate;
  rev.actor = actor.name;
  rev.at = r.header.created_at;
  rev.visibility_after = draft.visibility;
  rev.after = draft.body;
  revisions_.push_back(rev);
  records_[id] = r;
  ++changes_;
  return r;
}

core::Result<core::StoredRecord> FakeStore::Change(std::string_view id, std::int64_t base_revision,
                                                   core::RevisionOperation op, const core::RecordDraft* draft,
                                                   const core::Actor& actor) {
  auto it = records_.find(id);
  if (it == records_.end()) return core::Fail(core::Error::NotFound("no record " + std::string(id)));
  core::StoredRecord& r = it->second;
  if (r.header.revision != base_revision) return core::Fail(core::Error::Conflict("stale revision"));
  core::Revision rev;
  rev.record_id = r.header.id;
  rev.kind = r.header.kind;
  rev.operation = op;
  rev.actor = actor.name;
  rev.visibility_before = r.header.visibility;
  rev.before = r.body;
  if (draft != nullptr) {
    r.body = draft->body;
    r.header.visibility = draft->visibility;
  }
  if (op == core::RevisionOperation::kDelete) r.header.deleted = true;
  if (op == core::RevisionOperation::kRestore) r.header.deleted = false;
  r.header.revision += 1;
  r.header.updated_at = Now();
  rev.revision = r.header.revision;
  rev.at = r.header.updated_at;
  rev.visibility_after = r.header.visibility;
  rev.after = r.body;
  rev.deleted_after = r.header.deleted;
  revisions_.push_back(rev);
  ++changes_;
  return r;
}

core::Result<core::StoredRecord> FakeStore::Update(std::string_view id, std::int64_t base_revision,
                                                   const core::RecordDraft& draft, const core::Actor& actor) {
  return Change(id, base_revision, core::RevisionOperation::kUpdate, &draft, actor);
}
core::Result<core::StoredRecord> FakeStore::Delete(std::string_view id, std::int64_t base_revision,
                                                   const core::Actor& actor) {
  return Change(id, base_revision, core::RevisionOperation::kDelete, nullptr, actor);
}
core::Result<core::StoredRecord> FakeStore::Restore(std::string_view id, std::int64_t base_revision,
                                                    const core::Actor& actor) {
  return Change(id, base_revision, core::RevisionOperation::kRestore, nullptr, actor);
}

core::Result<core::StoredRecord> FakeStore::Get(std::string_view id) {
  auto it = records_.find(id);
  if (it == records_.end()) return core::Fail(core::Error::NotFound("no record " + std::string(id)));
  return it->second;
}

core::Result<core::ListPage> FakeStore::List(const core::ListQuery& query) {
  std::vector<const core::StoredRecord*> matching;
  for (const auto& [id, r] : records_) {
    if (query.kind && r.header.kind != *query.kind) continue;
    if (query.parent_id && r.header.parent_id != *query.parent_id) continue;
    if (!core::IsVisibleTo(r.header.visibility, query.max_visibility)) continue;
    if (r.header.deleted && !query.include_deleted) continue;
    matching.push_back(&r);
  }
  std::sort(matching.begin(), matching.end(), [](const auto* a, const auto* b) {
    return std::tie(a->header.created_at, a->header.id) < std::tie(b->header.created_at, b->header.id);
  });
  core::ListPage page;
  page.total = static_cast<std::int64_t>(matching.size());
  for (std::int64_t i = query.offset; i < page.total && i < query.offset + query.limit; ++i) {
    page.records.push_back(*matching[static_cast<size_t>(i)]);
  }
  return page;
}

core::Result<std::vector<core::Revision>> FakeStore::History(std::string_view id) {
  if (!records_.contains(id)) return core::Fail(core::Error::NotFound("no record " + std::string(id)));
  std::vector<core::Revision> out;
  for (const core::Revision& r : revisions_) {
    if (r.record_id == id) out.push_back(r);
  }
  return out;
}

core::Result<core::Bundle> FakeStore::Export() {
  core::Bundle bundle;
  for (const auto& [id, r] : records_) bundle.records.push_back(r);
  bundle.revisions = revisions_;
  return bundle;
}

core::Status FakeStore::Import(const core::Bundle& bundle) {
  for (const core::StoredRecord& r : bundle.records) {
    if (records_.contains(r.header.id)) return core::Fail(core::Error::Conflict("id taken: " + r.header.id));
  }
  for (const core::StoredRecord& r : bundle.records) records_[r.header.id] = r;
  revisions_.insert(revisions_.end(), bundle.revisions.begin(), bundle.revisions.end());
  ++changes_;
  return {};
}

}  // namespace readout::publish::testing
