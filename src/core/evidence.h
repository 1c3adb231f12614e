// Evidence files: storing an uploaded file's bytes with its record, and
// reading them back with their integrity checked.
//
// The server, never the client, computes a file's SHA-256 and size; the
// bytes go to the store's blob table under that hash (core/store.h), the
// evidence_file record names the hash, and the file's custody log (an
// append-only hash chain of custody_event records, see
// RecordService::VerifyCustodyChain) opens with a "received" entry.
//
// Called by the web layer (POST /api/v1/evidence_files/upload and the
// content and custody reads); anything else that stores files should call
// AddEvidenceFile too, so the custody log is never skipped.
//
// Thread-safety: as safe as the RecordService passed in (thread-safe).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "core/case_entities.h"
#include "core/record.h"
#include "core/record_service.h"
#include "core/status.h"

namespace readout::core {

// What the uploader tells us about a file. Everything else (hash, size) is
// computed from the bytes.
struct EvidenceUpload {
  std::string filename;          // a file name without a directory: "judgment.pdf"
  std::string media_type;        // "application/pdf"; parameters (";charset=...") are kept
  std::string source_id;         // optional Source the file belongs to
  BilingualText description;
  Visibility visibility = Visibility::kRestricted;  // evidence is restricted unless decided otherwise
  std::string received_at;       // RFC 3339 instant of the "received" custody entry; empty: now
};

// SHA-256 of `bytes` as 64 lowercase hex digits.
std::string FileSha256(std::string_view bytes);

// The current time as RFC 3339 UTC with milliseconds ("2026-11-29T08:00:00.000Z").
std::string NowRfc3339Utc();

// Stores `bytes` and creates its evidence_file record, then appends the
// custody entry "received" by `actor` at meta.received_at (or now).
// Errors: kPayloadTooLarge when bytes exceed `max_bytes`; kInvalidArgument
// naming filename, media_type, source_id, description or visibility; store
// errors as they come. If the custody entry cannot be appended, the record
// stays and the error is returned: the caller should report it, since the
// log then lacks its first entry.
Result<StoredRecord> AddEvidenceFile(RecordService& records, std::string_view bytes, const EvidenceUpload& meta,
                                     const Actor& actor, std::size_t max_bytes);

// The record of evidence file `id` as `reader` may see it, with its bytes.
// kNotFound when there is no such evidence file or the reader may not see it
// (the same answer, so existence does not leak); kInternal "stored file does
// not match its hash" when the blob's bytes no longer hash to the record's
// sha256 (or differ in size); kInternal when the blob is missing.
Result<std::pair<EvidenceFile, Blob>> ReadEvidenceFile(RecordService& records, std::string_view id,
                                                       Visibility reader);

}  // namespace readout::core
