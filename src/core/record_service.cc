#include "core/record_service.h"

#include <cstddef>
#include <set>
#include <string>
#include <utility>

#include "core/entity_codec.h"

namespace readout::core {
namespace {

// The one message for "absent" and "not yours to see": a reader must not be
// able to tell an invisible record from a missing one.
Error NoSuchRecord(std::string_view id) {
  std::optional<RecordKind> kind = KindOfId(id);
  const std::string noun = kind ? std::string(KindName(*kind)) : std::string("record");
  return Error::NotFound("no " + noun + " with id " + std::string(id));
}

Visibility Lower(Visibility a, Visibility b) { return IsVisibleTo(a, b) ? a : b; }

void Prefix(std::vector<FieldError>& out, const std::string& prefix, std::vector<FieldError> fields) {
  for (FieldError& e : fields) out.push_back({prefix + "." + e.field, std::move(e.problem)});
}

}  // namespace

Result<StoredRecord> RecordService::Create(RecordKind kind, const nlohmann::json& body, const Actor& actor,
                                           std::string id) {
  Result<RecordDraft> draft = MakeDraft(kind, body, std::move(id));
  if (!draft) return Fail(std::move(draft.error()));
  return store_.Create(*draft, actor);
}

Result<StoredRecord> RecordService::Update(std::string_view id, std::int64_t base_revision, const nlohmann::json& body,
                                           const Actor& actor) {
  // Writes are for staff, so no reader filter: we only need the record's kind.
  Result<StoredRecord> current = store_.Get(id);
  if (!current) {
    if (current.error().code == ErrorCode::kNotFound) return Fail(NoSuchRecord(id));
    return Fail(std::move(current.error()));
  }
  const RecordKind kind = current->header.kind;
  if (body.is_object()) {
    auto it = body.find("kind");
    if (it != body.end() && !(it->is_string() && it->get_ref<const std::string&>() == KindName(kind))) {
      return Fail(Error::Conflict("record " + std::string(id) + " is a " + std::string(KindName(kind)) +
                                  "; the body names another kind"));
    }
  }
  Result<RecordDraft> draft = MakeDraft(kind, body);
  if (!draft) return Fail(std::move(draft.error()));
  return store_.Update(id, base_revision, *draft, actor);
}

Result<StoredRecord> RecordService::Delete(std::string_view id, std::int64_t base_revision, const Actor& actor) {
  Result<StoredRecord> r = store_.Delete(id, base_revision, actor);
  if (!r && r.error().code == ErrorCode::kNotFound) return Fail(NoSuchRecord(id));
  return r;
}

Result<StoredRecord> RecordService::Restore(std::string_view id, std::int64_t base_revision, const Actor& actor) {
  Result<StoredRecord> r = store_.Restore(id, base_revision, actor);
  if (!r && r.error().code == ErrorCode::kNotFound) return Fail(NoSuchRecord(id));
  return r;
}

Result<StoredRecord> RecordService::Get(std::string_view id, Visibility reader, bool include_deleted) {
  Result<StoredRecord> r = store_.Get(id);
  if (!r) {
    if (r.error().code == ErrorCode::kNotFound) return Fail(NoSuchRecord(id));
    return r;
  }
  if (!IsVisibleTo(r->header.visibility, reader) || (r->header.deleted && !include_deleted)) {
    return Fail(NoSuchRecord(id));
  }
  return r;
}

Result<ListPage> RecordService::List(ListQuery query, Visibility reader) {
  query.max_visibility = Lower(query.max_visibility, reader);
  return store_.List(query);
}

Result<std::vector<Revision>> RecordService::History(std::string_view id, Visibility reader) {
  // Only readers cleared for everything see the history of a deleted record.
  Result<StoredRecord> record = Get(id, reader, reader == Visibility::kRestricted);
  if (!record) return Fail(std::move(record.error()));
  Result<std::vector<Revision>> history = store_.History(id);
  if (!history) {
    if (history.error().code == ErrorCode::kNotFound) return Fail(NoSuchRecord(id));
    return history;
  }
  if (reader == Visibility::kRestricted) return history;
  // A revision is shown only if the record was visible to the reader both
  // before and after it; staff identities are not public.
  std::vector<Revision> shown;
  for (Revision& rev : *history) {
    const bool before_ok = rev.operation == RevisionOperation::kCreate || IsVisibleTo(rev.visibility_before, reader);
    if (!before_ok || !IsVisibleTo(rev.visibility_after, reader)) continue;
    rev.actor.clear();
    shown.push_back(std::move(rev));
  }
  return shown;
}

Status RecordService::Import(const Bundle& bundle) {
  std::vector<FieldError> errors;
  std::set<std::string, std::less<>> ids;
  for (std::size_t i = 0; i < bundle.records.size(); ++i) {
    const StoredRecord& record = bundle.records[i];
    const std::string path = "records[" + std::to_string(i) + "]";
    if (!ids.insert(record.header.id).second) {
      errors.push_back({path + ".id", "appears more than once in the bundle: " + record.header.id});
      continue;
    }
    Result<RecordDraft> draft = MakeDraft(record.header.kind, record.body, record.header.id);
    if (!draft) {
      Prefix(errors, path, std::move(draft.error().fields));
      continue;
    }
    if (draft->body != record.body) {
      errors.push_back({path, "is not in canonical form (" + record.header.id +
                                  "): empty values must be omitted and every field given as Readout exports it"});
    }
    if (draft->visibility != record.header.visibility) {
      errors.push_back({path + ".visibility", "disagrees with the record's body"});
    }
    if (draft->parent_id != record.header.parent_id) {
      errors.push_back(
          {path + ".parent_id", "disagrees with the record's body (expected \"" + draft->parent_id + "\")"});
    }
  }
  for (std::size_t i = 0; i < bundle.revisions.size(); ++i) {
    const Revision& rev = bundle.revisions[i];
    if (!ids.contains(rev.record_id)) {
      errors.push_back(
          {"revisions[" + std::to_string(i) + "].record_id", "names no record in the bundle: " + rev.record_id});
    }
  }
  if (!errors.empty()) return Fail(Error::Invalid(std::move(errors)));
  return store_.Import(bundle);
}

}  // namespace readout::core
