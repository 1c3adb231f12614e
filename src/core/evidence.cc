#include "core/evidence.h"

#include <sodium.h>

#include <array>
#include <chrono>
#include <ctime>
#include <vector>

#include "core/case_codec.h"
#include "core/entity_codec.h"

namespace readout::core {
namespace {

// The problems with a file name that the codec does not check: it already
// refuses '/' and '\\' and control characters, but "." and ".." are names
// a download could be tricked into treating as directories.
void CheckFilename(const std::string& filename, std::vector<FieldError>& errors) {
  if (filename.empty()) {
    errors.push_back({"filename", "is required: the file's name, such as judgment.pdf"});
  } else if (filename == "." || filename == "..") {
    errors.push_back({"filename", "must be a file name, not \"" + filename + "\""});
  }
}

}  // namespace

std::string FileSha256(std::string_view bytes) {
  // sodium_init is idempotent but not documented as safe to race; a function
  // static runs it exactly once. SHA-256 needs no initialisation itself.
  [[maybe_unused]] static const int init = sodium_init();
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(digest.size() * 2);
  for (unsigned char b : digest) {
    hex += kHex[b >> 4];
    hex += kHex[b & 15];
  }
  return hex;
}

std::string NowRfc3339Utc() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  const std::size_t n = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  std::string out(text, n);
  const int ms = static_cast<int>(millis);
  out += '.';
  out += static_cast<char>('0' + ms / 100);
  out += static_cast<char>('0' + ms / 10 % 10);
  out += static_cast<char>('0' + ms % 10);
  out += 'Z';
  return out;
}

Result<StoredRecord> AddEvidenceFile(RecordService& records, std::string_view bytes, const EvidenceUpload& meta,
                                     const Actor& actor, std::size_t max_bytes) {
  if (bytes.size() > max_bytes) {
    return Fail(Error{ErrorCode::kPayloadTooLarge,
                      "the file is " + std::to_string(bytes.size()) + " bytes; files may have at most " +
                          std::to_string(max_bytes),
                      {}});
  }
  std::vector<FieldError> errors;
  CheckFilename(meta.filename, errors);
  if (meta.media_type.empty()) {
    errors.push_back({"media_type", "is required: the file's media type, such as application/pdf"});
  }
  if (bytes.empty()) errors.push_back({"file", "is empty: send the file's bytes as the request body"});

  EvidenceFile file;
  file.common.visibility = meta.visibility;
  file.source_id = meta.source_id;
  file.filename = meta.filename;
  file.media_type = meta.media_type;
  file.size = static_cast<std::int64_t>(bytes.size());
  file.sha256 = FileSha256(bytes);
  file.description = meta.description;
  const nlohmann::json body = Encode(file);
  // Validate before storing anything, so a refused upload leaves no blob
  // behind and every problem is reported at once.
  if (Result<RecordDraft> draft = MakeDraft(RecordKind::kEvidenceFile, body); !draft) {
    for (FieldError& e : draft.error().fields) errors.push_back(std::move(e));
  }
  if (!errors.empty()) return Fail(Error::Invalid(std::move(errors)));

  // Blob first, record second: if the record is refused after this (a
  // source_id naming no source, the store failing), the blob stays behind
  // unreferenced. That is harmless: blobs are addressed by their content, so
  // it holds nothing but these bytes, nothing reaches it without a record
  // naming its hash, and a later upload of the same bytes reuses it.
  if (Status put = records.store().PutBlob(Blob{file.sha256, std::string(bytes)}); !put) {
    return Fail(std::move(put.error()));
  }
  Result<StoredRecord> created = records.Create(RecordKind::kEvidenceFile, body, actor);
  if (!created) return created;

  nlohmann::json received = {{"evidence_file_id", created->header.id},
                             {"action", std::string(ToCode(CustodyAction::kReceived))},
                             {"at", meta.received_at.empty() ? NowRfc3339Utc() : meta.received_at}};
  if (!actor.name.empty()) received["actor"] = actor.name;
  Result<StoredRecord> entry = records.Create(RecordKind::kCustodyEvent, received, actor);
  if (!entry) return Fail(std::move(entry.error()));
  return created;
}

Result<std::pair<EvidenceFile, Blob>> ReadEvidenceFile(RecordService& records, std::string_view id,
                                                       Visibility reader) {
  const auto not_found = [&] { return Fail(Error::NotFound("no evidence_file with id " + std::string(id))); };
  if (KindOfId(id) != RecordKind::kEvidenceFile) return not_found();
  Result<StoredRecord> stored = records.Get(id, reader);
  if (!stored) {
    if (stored.error().code == ErrorCode::kNotFound) return not_found();
    return Fail(std::move(stored.error()));
  }
  if (stored->header.kind != RecordKind::kEvidenceFile) return not_found();
  Result<EvidenceFile> file = DecodeEvidenceFile(stored->body);
  if (!file) return Fail(Error::Internal("stored evidence file " + std::string(id) + " does not decode"));
  Result<Blob> blob = records.store().GetBlob(file->sha256);
  if (!blob) {
    if (blob.error().code == ErrorCode::kNotFound) {
      return Fail(Error::Internal("stored file of " + std::string(id) + " is missing"));
    }
    return Fail(std::move(blob.error()));
  }
  // Re-hash on every read: a file altered in the database (or on disk
  // underneath it) must not be served as the evidence it claims to be.
  if (static_cast<std::int64_t>(blob->bytes.size()) != file->size || FileSha256(blob->bytes) != file->sha256) {
    return Fail(Error::Internal("stored file does not match its hash"));
  }
  return std::make_pair(std::move(*file), std::move(*blob));
}

}  // namespace readout::core
