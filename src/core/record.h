// Records as the store keeps them: a header (id, kind, revision, visibility,
// timestamps, deletion) and the entity's canonical JSON body.
//
// Ids are stable and public: "<prefix>_<slug>", where the prefix names the
// kind ("rnd_2013-kunming", "ask_k3v9q2m7x1c4b8zd"). Generated ids use 16
// lowercase base32 characters (80 random bits); imported and demo records
// may carry readable slugs. An id never changes and is never reused, even
// after deletion. See docs/architecture.md, "Identifiers".
//
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "core/vocabulary.h"

namespace readout::core {

enum class RecordKind {
  kDialogue, kRound, kIssue, kAsk, kReply, kCaseList,
  // Case documentation (core/case_entities.h).
  kPerson, kCase, kLegalEvent, kPlace, kSource, kEvidenceFile, kCustodyEvent, kGroupEvent,
  // Accountability (core/accountability_entities.h).
  kBenchmark, kAssessment, kCommitment, kAgency, kEngagement, kIndicator, kObservation,
  // Publishing (core/readout.h).
  kReadout,
};

std::span<const RecordKind> AllRecordKinds();
std::string_view KindName(RecordKind kind);        // "dialogue", "case_list"
std::string_view KindPlural(RecordKind kind);      // "dialogues", "case_lists": API collection names
std::string_view IdPrefix(RecordKind kind);        // "dlg", "rnd", "iss", "ask", "rpl", "cls", "prs", "cas", ...
std::optional<RecordKind> ParseKindName(std::string_view name);
std::optional<RecordKind> ParseKindPlural(std::string_view plural);
// The kind an id belongs to, from its prefix; nullopt when the id is malformed.
std::optional<RecordKind> KindOfId(std::string_view id);
// Checks "<prefix>_<slug>" with slug [a-z0-9][a-z0-9-]{0,63} and the prefix of `kind`.
Status ValidateId(std::string_view id, RecordKind kind, std::string_view field = "id");
// A fresh random id for `kind`.
std::string NewId(RecordKind kind);

// A reference from one record to another, checked by the store inside the
// write transaction: the target must exist, be of `target_kind`, and not be deleted.
struct Reference {
  std::string field;       // "round_id", "subject.id": named in the error if it fails
  std::string target_id;
  RecordKind target_kind = RecordKind::kDialogue;
  bool operator==(const Reference&) const = default;
};

// What a write gives the store: a validated, canonical body and what the
// store needs to index and check it. Built only by core/entity_codec.h.
struct RecordDraft {
  RecordKind kind = RecordKind::kDialogue;
  std::string id;               // empty: the store assigns NewId(kind)
  nlohmann::json body;          // canonical entity JSON (no id/revision/timestamps)
  Visibility visibility = Visibility::kPublic;
  std::string parent_id;        // the containing record, for listing ("round of a dialogue")
  std::vector<Reference> references;
};

struct RecordHeader {
  std::string id;
  RecordKind kind = RecordKind::kDialogue;
  std::int64_t revision = 0;    // 1 on create, +1 on every update, delete and restore
  Visibility visibility = Visibility::kPublic;
  std::string parent_id;
  std::string created_at;       // RFC 3339 UTC with milliseconds, "2026-11-29T08:00:00.000Z"
  std::string updated_at;
  bool deleted = false;
  bool operator==(const RecordHeader&) const = default;
};

struct StoredRecord {
  RecordHeader header;
  nlohmann::json body;
};

enum class RevisionOperation { kCreate, kUpdate, kDelete, kRestore };
std::string_view ToCode(RevisionOperation op);  // "create", "update", "delete", "restore"
std::optional<RevisionOperation> ParseRevisionOperation(std::string_view code);

// Who made a change. Until accounts exist (issue 7) this is a name the caller gives.
struct Actor {
  std::string name;
};

// An immutable entry of a record's history.
struct Revision {
  std::string record_id;
  RecordKind kind = RecordKind::kDialogue;
  std::int64_t revision = 0;
  RevisionOperation operation = RevisionOperation::kCreate;
  std::string actor;
  std::string at;               // RFC 3339 UTC
  Visibility visibility_before = Visibility::kPublic;  // meaningless for kCreate
  Visibility visibility_after = Visibility::kPublic;
  nlohmann::json before;        // null for kCreate
  nlohmann::json after;         // the body after the change
  bool deleted_after = false;
};

// File contents (an evidence file's bytes), addressed by their SHA-256.
struct Blob {
  std::string sha256;           // 64 lowercase hex digits
  std::string bytes;
  bool operator==(const Blob&) const = default;
};

// The whole database as one value: what `readout export` writes and `import`
// reads. Records are sorted by id; revisions by (record_id, revision).
struct Bundle {
  std::vector<StoredRecord> records;
  std::vector<Revision> revisions;
  std::vector<Blob> blobs;      // sorted by sha256
};

}  // namespace readout::core
