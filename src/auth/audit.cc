#include "auth/audit.h"

#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <optional>
#include <utility>

#include <nlohmann/json.hpp>

#include "auth/crypto_init.h"

namespace readout::auth {
namespace {

using core::Error;
using core::Fail;

// Rows read per ReadAudit call while verifying: bounds memory on long logs.
constexpr std::int64_t kVerifyPage = 1000;
constexpr std::int64_t kMaxRecent = 1000;
constexpr std::size_t kSaltBytes = 16;

std::string Hex(const unsigned char* bytes, std::size_t size) {
  std::string hex(size * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes, size);
  hex.pop_back();  // sodium_bin2hex writes a terminating NUL
  return hex;
}

// SHA-256 of the concatenation of `parts`, as lower-case hex. The parts
// concatenated here are each fixed-length hex or the last part, so the
// concatenation is unambiguous.
std::string Sha256Of(std::initializer_list<std::string_view> parts) {
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  for (std::string_view part : parts) {
    crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(part.data()), part.size());
  }
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state, digest);
  return Hex(digest, sizeof digest);
}

std::string SaltHex() {
  unsigned char salt[kSaltBytes];
  randombytes_buf(salt, sizeof salt);
  return Hex(salt, sizeof salt);
}

std::string TargetRef(std::string_view salt, std::string_view target_id) { return Sha256Of({salt, target_id}); }

std::string Rfc3339(std::int64_t unix_seconds) {
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

std::int64_t SystemNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

constexpr const char* kEntryKeys[] = {"action", "actor", "at", "detail", "target_ref"};

// Parses a stored entry; nullopt unless it is exactly the canonical JSON of
// an entry (an object of the five string keys, written as CanonicalEntry
// writes it), so that any edit of the text, even one that keeps it valid
// JSON, is malformed or changes the hash.
std::optional<AuditEntry> ParseEntry(std::string_view text) {
  nlohmann::json json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object() || json.size() != std::size(kEntryKeys)) return std::nullopt;
  for (const char* key : kEntryKeys) {
    if (!json.contains(key) || !json[key].is_string()) return std::nullopt;
  }
  AuditEntry entry;
  entry.at = json["at"].get<std::string>();
  entry.actor = json["actor"].get<std::string>();
  entry.action = json["action"].get<std::string>();
  entry.target_ref = json["target_ref"].get<std::string>();
  entry.detail = json["detail"].get<std::string>();
  if (CanonicalEntry(entry) != text) return std::nullopt;
  return entry;
}

AuditView ToView(const AuditRow& row) {
  AuditView view;
  view.sequence = row.sequence;
  if (auto entry = ParseEntry(row.entry)) view.entry = std::move(*entry);
  view.target_id = row.target_id;
  view.target_purged = row.target_id.empty() && !view.entry.target_ref.empty();
  return view;
}

// What is wrong with `row` given the row before it, or "" when nothing is.
std::string CheckRow(const AuditRow& row, std::int64_t previous_sequence, const std::string& previous_hash) {
  if (row.sequence != previous_sequence + 1) {
    return "sequence gap: expected row " + std::to_string(previous_sequence + 1) + ", found row " +
           std::to_string(row.sequence);
  }
  if (row.previous_hash != previous_hash) {
    return "previous_hash does not match the hash of row " + std::to_string(previous_sequence) +
           " (a row was changed, removed or reordered before it)";
  }
  if (row.hash != ChainHash(row.previous_hash, row.entry)) {
    return "hash does not match the row's entry (the entry or the hash was changed)";
  }
  auto entry = ParseEntry(row.entry);
  if (!entry) return "entry is not the canonical JSON of an audit entry";
  if (entry->at.empty() || entry->actor.empty() || entry->action.empty()) {
    return "entry lacks its time, actor or action";
  }
  if (row.target_id.empty() != row.target_salt.empty()) {
    return "target_id and target_salt must be both present or both blank";
  }
  if (!row.target_id.empty()) {
    if (entry->target_ref.empty()) return "target_id is set but the entry names no target_ref";
    if (TargetRef(row.target_salt, row.target_id) != entry->target_ref) {
      return "target_id does not match the entry's target_ref (the id or its salt was changed)";
    }
  }
  return "";
}

}  // namespace

std::string CanonicalEntry(const AuditEntry& entry) {
  // nlohmann::json keeps object keys sorted; dump() without an indent writes
  // no spaces. Invalid UTF-8 (from a caller's detail, say) is replaced, so
  // the stored text is valid JSON and parses back to the same canonical form.
  nlohmann::json json = {{"at", entry.at},
                         {"actor", entry.actor},
                         {"action", entry.action},
                         {"target_ref", entry.target_ref},
                         {"detail", entry.detail}};
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string ChainHash(std::string_view previous_hash, std::string_view canonical_entry) {
  // previous_hash is "" or 64 hex characters: the concatenation is unambiguous.
  return Sha256Of({previous_hash, canonical_entry});
}

AuditLog::AuditLog(AccountStore& store, std::function<std::int64_t()> now)
    : store_(store), now_(now ? std::move(now) : std::function<std::int64_t()>(SystemNow)) {
  internal::EnsureSodium();
}

core::Status AuditLog::Record(std::string_view actor, std::string_view action, std::string_view target_id,
                              std::string_view detail) {
  std::vector<core::FieldError> problems;
  if (actor.empty()) problems.push_back({"actor", "must not be empty"});
  if (action.empty()) problems.push_back({"action", "must not be empty"});
  if (!problems.empty()) return Fail(Error::Invalid(std::move(problems)));

  AuditEntry entry;
  entry.at = Rfc3339(now_());
  entry.actor = std::string(actor);
  entry.action = std::string(action);
  entry.detail = std::string(detail);
  std::string salt;
  if (!target_id.empty()) {
    salt = SaltHex();
    entry.target_ref = TargetRef(salt, target_id);
  }
  const std::string canonical = CanonicalEntry(entry);
  auto appended = store_.AppendAudit([&](std::int64_t last_sequence, std::string_view last_hash) {
    AuditRow row;
    row.sequence = last_sequence + 1;
    row.entry = canonical;
    row.target_id = std::string(target_id);
    row.target_salt = salt;
    row.previous_hash = std::string(last_hash);
    row.hash = ChainHash(last_hash, canonical);
    return row;
  });
  if (!appended) return Fail(appended.error());
  return {};
}

core::Result<std::vector<AuditView>> AuditLog::Recent(std::int64_t before_sequence, std::int64_t limit) {
  std::vector<core::FieldError> problems;
  if (limit < 1 || limit > kMaxRecent) {
    problems.push_back({"limit", "must be between 1 and " + std::to_string(kMaxRecent)});
  }
  if (before_sequence < 0) problems.push_back({"before", "must be 0 (the newest) or a row's sequence"});
  if (!problems.empty()) return Fail(Error::Invalid(std::move(problems)));

  // The log has rows 1..N without gaps, and ReadAudit reads forwards only:
  // find N (when not given a starting point) by galloping and bisecting
  // with one-row reads, O(log N) calls.
  std::int64_t top = before_sequence - 1;  // the newest row to show
  if (before_sequence == 0) {
    auto exists = [this](std::int64_t sequence) -> core::Result<bool> {
      auto rows = store_.ReadAudit(sequence - 1, 1);
      if (!rows) return Fail(rows.error());
      return !rows->empty();
    };
    std::int64_t low = 0;   // row `low` exists (0: vacuously)
    std::int64_t high = 1;  // row `high` may not
    while (true) {
      auto found = exists(high);
      if (!found) return Fail(found.error());
      if (!*found) break;
      low = high;
      high *= 2;
    }
    while (high - low > 1) {
      const std::int64_t mid = low + (high - low) / 2;
      auto found = exists(mid);
      if (!found) return Fail(found.error());
      (*found ? low : high) = mid;
    }
    top = low;
  }
  std::vector<AuditView> views;
  if (top < 1) return views;
  const std::int64_t first = std::max<std::int64_t>(1, top - limit + 1);
  auto rows = store_.ReadAudit(first - 1, top - first + 1);
  if (!rows) return Fail(rows.error());
  for (auto it = rows->rbegin(); it != rows->rend(); ++it) views.push_back(ToView(*it));
  return views;
}

core::Result<AuditVerification> AuditLog::Verify() {
  AuditVerification verification;
  std::int64_t previous_sequence = 0;
  std::string previous_hash;
  while (true) {
    auto rows = store_.ReadAudit(previous_sequence, kVerifyPage);
    if (!rows) return Fail(rows.error());
    for (const AuditRow& row : *rows) {
      if (std::string problem = CheckRow(row, previous_sequence, previous_hash); !problem.empty()) {
        verification.intact = false;
        // A gap names the row that is missing; any other problem the row itself.
        verification.first_broken_sequence =
            row.sequence != previous_sequence + 1 ? previous_sequence + 1 : row.sequence;
        verification.problem = std::move(problem);
        return verification;
      }
      ++verification.rows;
      previous_sequence = row.sequence;
      previous_hash = row.hash;
    }
    if (static_cast<std::int64_t>(rows->size()) < kVerifyPage) return verification;
  }
}

}  // namespace readout::auth
