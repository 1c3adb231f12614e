#include "core/record_service.h"

#include <sodium.h>

#include <array>
#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "core/entity_codec.h"
#include "core/readout.h"
#include "core/redaction.h"

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

// Removes from `record`'s body what `reader` may not see.
void RedactFor(StoredRecord& record, Visibility reader) {
  if (reader == Visibility::kRestricted) return;
  record.body = Redact(record.header.kind, record.body, reader);
}

// SHA-256 of `data` as 64 lowercase hex digits.
std::string Sha256Hex(std::string_view data) {
  // sodium_init is idempotent but not documented as safe to race; a function
  // static runs it exactly once, thread-safely. SHA-256 itself needs no
  // initialisation, so a failure (no entropy source) does not matter here.
  [[maybe_unused]] static const int init = sodium_init();
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(data.data()), data.size());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(digest.size() * 2);
  for (unsigned char b : digest) {
    hex += kHex[b >> 4];
    hex += kHex[b & 15];
  }
  return hex;
}

std::string StringField(const nlohmann::json& body, const char* name) {
  auto it = body.find(name);
  return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The hash of a custody entry: SHA-256 over previous_hash, a newline, and the
// canonical JSON of the entry without previous_hash and hash (keys sorted,
// as nlohmann::json keeps them).
std::string CustodyHash(const nlohmann::json& body) {
  nlohmann::json content = body;
  content.erase("previous_hash");
  content.erase("hash");
  return Sha256Hex(StringField(body, "previous_hash") + "\n" + content.dump());
}

// A readout enters the workflow as a draft (core/readout.h): a create can not
// claim a review or a publication that never happened.
Status ValidateReadoutCreate(const nlohmann::json& body) {
  Result<Readout> readout = DecodeReadout(body);
  if (!readout) return Fail(std::move(readout.error()));
  if (readout->author.empty()) return Fail(Error::Invalid("author", "is required: who drafts the readout"));
  if (readout->state != ReadoutState::kDraft) {
    return Fail(Error::Invalid("state", "must be draft when a readout is created; got " +
                                            std::string(ToCode(readout->state)) + " (use the workflow steps)"));
  }
  if (!readout->reviewer.empty()) return Fail(Error::Invalid("reviewer", "is set by the 'approve' step"));
  if (!readout->versions.empty()) return Fail(Error::Invalid("versions", "are added by the 'publish' step"));
  if (!readout->pending_correction_note.empty()) {
    return Fail(Error::Invalid("pending_correction_note", "is set by the 'correct' step"));
  }
  return {};
}

// The update of a readout from `before` to `after` bodies must be one the
// workflow allows (core/readout.h ValidateReadoutUpdate).
Status CheckReadoutUpdate(const nlohmann::json& before_body, const nlohmann::json& after_body) {
  Result<Readout> before = DecodeReadout(before_body);
  if (!before) return Fail(Error::Internal("stored readout does not decode: " + before.error().message));
  Result<Readout> after = DecodeReadout(after_body);
  if (!after) return Fail(std::move(after.error()));
  return ValidateReadoutUpdate(*before, *after);
}

void Prefix(std::vector<FieldError>& out, const std::string& prefix, std::vector<FieldError> fields) {
  for (FieldError& e : fields) out.push_back({prefix + "." + e.field, std::move(e.problem)});
}

}  // namespace

Result<StoredRecord> RecordService::Create(RecordKind kind, const nlohmann::json& body, const Actor& actor,
                                           std::string id) {
  Result<RecordDraft> draft = MakeDraft(kind, body, std::move(id));
  if (!draft) return Fail(std::move(draft.error()));
  if (kind == RecordKind::kReadout) {
    if (Status st = ValidateReadoutCreate(draft->body); !st) return Fail(std::move(st.error()));
  }
  if (kind != RecordKind::kCustodyEvent) return store_.Create(*draft, actor);
  std::lock_guard<std::mutex> lock(custody_mutex_);
  if (Status st = ChainCustodyEvent(*draft); !st) return Fail(std::move(st.error()));
  return store_.Create(*draft, actor);
}

Result<std::vector<StoredRecord>> RecordService::CustodyLog(std::string_view evidence_file_id) {
  std::vector<StoredRecord> log;
  ListQuery query;
  query.kind = RecordKind::kCustodyEvent;
  query.parent_id = std::string(evidence_file_id);
  query.include_deleted = true;
  query.limit = 1000;
  for (;;) {
    Result<ListPage> page = store_.List(query);
    if (!page) return Fail(std::move(page.error()));
    const std::size_t got = page->records.size();
    for (StoredRecord& r : page->records) log.push_back(std::move(r));
    query.offset += static_cast<std::int64_t>(got);
    if (got == 0 || query.offset >= page->total) break;
  }
  return log;
}

Status RecordService::ChainCustodyEvent(RecordDraft& draft) {
  const std::string evidence_file_id = StringField(draft.body, "evidence_file_id");
  Result<std::vector<StoredRecord>> log = CustodyLog(evidence_file_id);
  if (!log) return Fail(std::move(log.error()));
  // The tip is the entry no other entry links to. Creation times can tie at
  // millisecond resolution, so the chain, not the listing order, decides.
  std::set<std::string, std::less<>> linked;
  for (const StoredRecord& r : *log) linked.insert(StringField(r.body, "previous_hash"));
  std::string previous;
  for (const StoredRecord& r : *log) {
    std::string hash = StringField(r.body, "hash");
    if (!linked.contains(hash)) previous = std::move(hash);
  }
  draft.body["previous_hash"] = previous;
  if (previous.empty()) draft.body.erase("previous_hash");  // canonical form omits empty strings
  draft.body["hash"] = CustodyHash(draft.body);
  return {};
}

Status RecordService::VerifyCustodyChain(std::string_view evidence_file_id) {
  Result<std::vector<StoredRecord>> log = CustodyLog(evidence_file_id);
  if (!log) return Fail(std::move(log.error()));
  const std::string what = "custody log of " + std::string(evidence_file_id);
  // Each entry's content must hash to its stored hash.
  std::map<std::string, const StoredRecord*, std::less<>> by_previous;
  for (const StoredRecord& r : *log) {
    if (CustodyHash(r.body) != StringField(r.body, "hash")) {
      return Fail(Error::Conflict(what + " is broken at " + r.header.id + ": its hash does not match its content"));
    }
    if (!by_previous.emplace(StringField(r.body, "previous_hash"), &r).second) {
      return Fail(Error::Conflict(what + " is broken at " + r.header.id +
                                  ": it links to the same predecessor as another entry"));
    }
  }
  // Following the links from "" must reach every entry exactly once.
  std::size_t reached = 0;
  std::string previous;
  for (auto it = by_previous.find(previous); it != by_previous.end() && reached < log->size();
       it = by_previous.find(previous)) {
    ++reached;
    previous = StringField(it->second->body, "hash");
  }
  if (reached != log->size()) {
    for (const StoredRecord& r : *log) {
      const std::string prev = StringField(r.body, "previous_hash");
      bool found = prev.empty();
      for (const StoredRecord& other : *log) found = found || StringField(other.body, "hash") == prev;
      if (!found) {
        return Fail(Error::Conflict(what + " is broken at " + r.header.id +
                                    ": its previous_hash names no entry of the log"));
      }
    }
    return Fail(Error::Conflict(what + " is broken: its entries do not form one chain"));
  }
  return {};
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
  if (kind == RecordKind::kCustodyEvent) return Fail(Error::Conflict("custody log entries are append-only"));
  if (body.is_object()) {
    auto it = body.find("kind");
    if (it != body.end() && !(it->is_string() && it->get_ref<const std::string&>() == KindName(kind))) {
      return Fail(Error::Conflict("record " + std::string(id) + " is a " + std::string(KindName(kind)) +
                                  "; the body names another kind"));
    }
  }
  Result<RecordDraft> draft = MakeDraft(kind, body);
  if (!draft) return Fail(std::move(draft.error()));
  // A readout moves only by its workflow steps, whoever writes it. When the
  // revision is stale the store refuses the write below, so checking against
  // the record read here is checking against the one being replaced.
  if (kind == RecordKind::kReadout && current->header.revision == base_revision) {
    if (Status st = CheckReadoutUpdate(current->body, draft->body); !st) return Fail(std::move(st.error()));
  }
  return store_.Update(id, base_revision, *draft, actor);
}

Result<StoredRecord> RecordService::Delete(std::string_view id, std::int64_t base_revision, const Actor& actor) {
  if (KindOfId(id) == RecordKind::kCustodyEvent) {
    Result<StoredRecord> current = store_.Get(id);
    if (!current) {
      if (current.error().code == ErrorCode::kNotFound) return Fail(NoSuchRecord(id));
      return Fail(std::move(current.error()));
    }
    return Fail(Error::Conflict("custody log entries are append-only"));
  }
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
  RedactFor(*r, reader);
  return r;
}

Result<ListPage> RecordService::List(ListQuery query, Visibility reader) {
  query.max_visibility = Lower(query.max_visibility, reader);
  Result<ListPage> page = store_.List(query);
  if (!page) return page;
  for (StoredRecord& r : page->records) RedactFor(r, reader);
  return page;
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
    if (!rev.before.is_null()) rev.before = Redact(rev.kind, rev.before, reader);
    if (!rev.after.is_null()) rev.after = Redact(rev.kind, rev.after, reader);
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
