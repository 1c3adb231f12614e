#include "store/public_snapshot_store.h"

#include <algorithm>
#include <utility>

#include "core/entity_codec.h"
#include "core/redaction.h"

namespace readout::store {
namespace {

using core::Error;
using core::Fail;
using core::Result;

// Histories kept: the pages that ask for one (history page, case feed) ask
// for the same record once per language, one after the other.
constexpr std::size_t kHistoryMemo = 256;

Error ReadOnly() { return Error::Unavailable("the public snapshot is read-only"); }
Error NoSuchRecord(std::string_view id) { return Error::NotFound("no record " + std::string(id)); }

bool Before(const core::StoredRecord& a, const core::StoredRecord& b) {
  if (a.header.created_at != b.header.created_at) return a.header.created_at < b.header.created_at;
  return a.header.id < b.header.id;
}

}  // namespace

Result<std::unique_ptr<PublicSnapshotStore>> PublicSnapshotStore::Load(core::Store& source) {
  std::unique_ptr<PublicSnapshotStore> snapshot(new PublicSnapshotStore(source));
  snapshot->change_counter_ = source.ChangeCounter();
  core::ListQuery query;
  query.max_visibility = core::Visibility::kPublic;
  query.limit = core::kMaxListLimit;
  std::vector<std::vector<core::Reference>> references;
  while (true) {
    auto page = source.List(query);
    if (!page) return Fail(page.error());
    const std::size_t got = page->records.size();
    for (core::StoredRecord& record : page->records) {
      if (record.header.visibility != core::Visibility::kPublic || record.header.deleted) continue;
      // References from the whole body, as the source derived them when the
      // record was written (a reference in a guarded field still counts).
      auto draft = core::MakeDraft(record.header.kind, record.body, record.header.id);
      if (!draft) {
        return Fail(Error::Internal("stored record " + record.header.id + " does not decode: " + draft.error().message));
      }
      references.push_back(std::move(draft->references));
      record.body = core::Redact(record.header.kind, record.body, core::Visibility::kPublic);
      snapshot->records_.push_back(std::move(record));
    }
    query.offset += static_cast<std::int64_t>(got);
    if (got == 0 || query.offset >= page->total) break;
  }

  // Sorted again (the pages were, but a write between two pages can shift
  // them), then indexed by position.
  std::vector<std::size_t> order(snapshot->records_.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  auto& records = snapshot->records_;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return Before(records[a], records[b]); });
  std::vector<core::StoredRecord> sorted;
  sorted.reserve(records.size());
  for (std::size_t i : order) {
    // A record listed on two pages (shifted by a write) is kept once.
    if (!sorted.empty() && sorted.back().header.id == records[i].header.id) continue;
    const std::size_t at = sorted.size();
    sorted.push_back(std::move(records[i]));
    const core::StoredRecord& r = sorted.back();
    snapshot->by_id_.emplace(r.header.id, at);
    snapshot->by_kind_[r.header.kind].push_back(at);
    if (!r.header.parent_id.empty()) snapshot->by_parent_[r.header.parent_id].push_back(at);
    for (const core::Reference& reference : references[i]) {
      std::vector<std::size_t>& list = snapshot->by_reference_[reference.target_id];
      if (list.empty() || list.back() != at) list.push_back(at);  // two fields naming one target
    }
    snapshot->all_.push_back(at);
  }
  records = std::move(sorted);
  return snapshot;
}

Result<core::StoredRecord> PublicSnapshotStore::Get(std::string_view id) {
  auto it = by_id_.find(std::string(id));
  if (it == by_id_.end()) return Fail(NoSuchRecord(id));
  return records_[it->second];
}

const std::vector<std::size_t>* PublicSnapshotStore::Candidates(const core::ListQuery& query) const {
  static const std::vector<std::size_t> kNone;
  const std::vector<std::size_t>* best = &all_;
  auto narrow = [&](const std::vector<std::size_t>* list) {
    if (list == nullptr) list = &kNone;
    if (list->size() < best->size()) best = list;
  };
  if (query.kind) {
    auto it = by_kind_.find(*query.kind);
    narrow(it == by_kind_.end() ? nullptr : &it->second);
  }
  if (query.parent_id) {
    auto it = by_parent_.find(*query.parent_id);
    narrow(it == by_parent_.end() ? nullptr : &it->second);
  }
  if (query.references_id) {
    auto it = by_reference_.find(*query.references_id);
    narrow(it == by_reference_.end() ? nullptr : &it->second);
  }
  return best;
}

Result<core::ListPage> PublicSnapshotStore::List(const core::ListQuery& query) {
  if (core::Status checked = core::CheckListQuery(query); !checked) return Fail(checked.error());

  core::ListPage page;
  // Every record here is public, so any max_visibility admits it.
  const std::vector<std::size_t>& candidates = *Candidates(query);
  auto references = [&](std::size_t at) {
    if (!query.references_id) return true;
    auto it = by_reference_.find(*query.references_id);
    return it != by_reference_.end() && std::binary_search(it->second.begin(), it->second.end(), at);
  };
  for (std::size_t at : candidates) {
    const core::StoredRecord& r = records_[at];
    if (query.kind && r.header.kind != *query.kind) continue;
    if (query.parent_id && r.header.parent_id != *query.parent_id) continue;
    if (!references(at)) continue;
    if (page.total >= query.offset && page.total < query.offset + query.limit) page.records.push_back(r);
    ++page.total;
  }
  return page;
}

Result<std::vector<core::Revision>> PublicSnapshotStore::History(std::string_view id) {
  if (!by_id_.contains(std::string(id))) return Fail(NoSuchRecord(id));
  {
    std::lock_guard lock(history_mu_);
    if (auto it = history_memo_.find(id); it != history_memo_.end()) return it->second;
  }
  auto history = source_.History(id);
  if (!history) return history;
  std::lock_guard lock(history_mu_);
  if (history_memo_.size() >= kHistoryMemo) history_memo_.clear();
  history_memo_.emplace(std::string(id), *history);
  return history;
}

Result<core::StoredRecord> PublicSnapshotStore::Create(const core::RecordDraft&, const core::Actor&) {
  return Fail(ReadOnly());
}
Result<core::StoredRecord> PublicSnapshotStore::Update(std::string_view, std::int64_t, const core::RecordDraft&,
                                                       const core::Actor&) {
  return Fail(ReadOnly());
}
Result<core::StoredRecord> PublicSnapshotStore::Delete(std::string_view, std::int64_t, const core::Actor&) {
  return Fail(ReadOnly());
}
Result<core::StoredRecord> PublicSnapshotStore::Restore(std::string_view, std::int64_t, const core::Actor&) {
  return Fail(ReadOnly());
}
Result<core::Bundle> PublicSnapshotStore::Export() { return Fail(ReadOnly()); }
core::Status PublicSnapshotStore::Import(const core::Bundle&) { return Fail(ReadOnly()); }
core::Status PublicSnapshotStore::PutBlob(const core::Blob&) { return Fail(ReadOnly()); }
Result<core::Blob> PublicSnapshotStore::GetBlob(std::string_view) { return Fail(ReadOnly()); }

}  // namespace readout::store
