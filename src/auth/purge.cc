#include "auth/purge.h"

#include <sodium.h>

#include <chrono>
#include <utility>

#include <nlohmann/json.hpp>

#include "auth/crypto_init.h"

namespace readout::auth {
namespace {

using core::Error;
using core::Fail;

// How many referring records a refusal names.
constexpr std::int64_t kNamedReferrers = 5;

std::int64_t SystemNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string NewRequestId() {
  unsigned char bytes[8];
  randombytes_buf(bytes, sizeof bytes);
  char hex[sizeof bytes * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  return std::string("prg_") + hex;
}

std::string EncodeRequest(const PurgeRequest& request) {
  nlohmann::json json = {{"id", request.id},
                         {"record_id", request.record_id},
                         {"requested_by", request.requested_by},
                         {"requested_by_name", request.requested_by_name},
                         {"requested_at", request.requested_at}};
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

core::Result<PurgeRequest> DecodeRequest(std::string_view text) {
  nlohmann::json json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  const bool shaped = json.is_object() && json.contains("id") && json["id"].is_string() &&
                      json.contains("record_id") && json["record_id"].is_string() &&
                      json.contains("requested_by") && json["requested_by"].is_string() &&
                      json.contains("requested_by_name") && json["requested_by_name"].is_string() &&
                      json.contains("requested_at") && json["requested_at"].is_number_integer();
  if (!shaped) return Fail(Error::Internal("a stored purge request is malformed"));
  PurgeRequest request;
  request.id = json["id"].get<std::string>();
  request.record_id = json["record_id"].get<std::string>();
  request.requested_by = json["requested_by"].get<std::string>();
  request.requested_by_name = json["requested_by_name"].get<std::string>();
  request.requested_at = json["requested_at"].get<std::int64_t>();
  return request;
}

core::Result<PurgeRequest> Load(AccountStore& accounts, std::string_view request_id) {
  auto document = accounts.GetDocument(kPurgeRequests, request_id);
  if (!document) return Fail(document.error());
  if (!*document) return Fail(Error::NotFound("no pending purge request " + std::string(request_id)));
  return DecodeRequest((*document)->body);
}

// Records other than `record_id` (deleted ones too) that refer to it, as a sentence.
core::Result<std::string> Referrers(core::Store& records, std::string_view record_id) {
  core::ListQuery query;
  query.references_id = std::string(record_id);
  query.include_deleted = true;  // deleted records still name it in their bodies: the store refuses those too
  query.limit = kNamedReferrers + 1;
  auto page = records.List(query);
  if (!page) return Fail(page.error());
  std::string names;
  std::int64_t named = 0;
  std::int64_t referring = page->total;
  for (const core::StoredRecord& record : page->records) {
    if (record.header.id == record_id) {
      --referring;  // a record naming itself does not hold it back
      continue;
    }
    if (named == kNamedReferrers) continue;
    names += (names.empty() ? "" : ", ") + record.header.id;
    ++named;
  }
  if (referring > named) names += " and " + std::to_string(referring - named) + " more";
  return names;
}

}  // namespace

PurgeService::PurgeService(core::Store& records, AccountStore& accounts, AuditLog& audit,
                           std::function<core::Status(std::string_view record_id)> remove_from_index,
                           std::function<std::int64_t()> now)
    : records_(records),
      accounts_(accounts),
      audit_(audit),
      remove_from_index_(std::move(remove_from_index)),
      now_(now ? std::move(now) : std::function<std::int64_t()>(SystemNow)) {
  internal::EnsureSodium();
}

core::Result<PurgeRequest> PurgeService::Request(std::string_view record_id, std::string_view admin_user_id,
                                                 std::string_view admin_name) {
  if (record_id.empty()) return Fail(Error::Invalid("record_id", "must name the record to purge"));
  if (auto record = records_.Get(record_id); !record) return Fail(record.error());
  auto referrers = Referrers(records_, record_id);
  if (!referrers) return Fail(referrers.error());
  if (!referrers->empty()) {
    return Fail(Error::Conflict("live records refer to " + std::string(record_id) + ": " + *referrers +
                                "; purge or edit those first"));
  }
  auto pending = Pending();
  if (!pending) return Fail(pending.error());
  for (const PurgeRequest& other : *pending) {
    if (other.record_id == record_id) {
      return Fail(Error::Conflict("a purge of " + std::string(record_id) + " is already pending: request " +
                                  other.id));
    }
  }

  PurgeRequest request;
  request.id = NewRequestId();
  request.record_id = std::string(record_id);
  request.requested_by = std::string(admin_user_id);
  request.requested_by_name = std::string(admin_name);
  request.requested_at = now_();
  auto put = accounts_.PutDocument(kPurgeRequests, request.id, 0, EncodeRequest(request));
  if (!put) return Fail(put.error());
  // Every write is audited: a request the log can not record is withdrawn.
  if (auto logged = audit_.Record(admin_name, "purge.request", record_id, "request " + request.id); !logged) {
    (void)accounts_.DeleteDocument(kPurgeRequests, request.id);
    return Fail(logged.error());
  }
  return request;
}

core::Result<std::vector<PurgeRequest>> PurgeService::Pending() {
  auto documents = accounts_.ListDocuments(kPurgeRequests);
  if (!documents) return Fail(documents.error());
  std::vector<PurgeRequest> requests;
  for (const Document& document : *documents) {
    auto request = DecodeRequest(document.body);
    if (!request) return Fail(request.error());
    requests.push_back(std::move(*request));
  }
  return requests;
}

// The steps run in an order in which each is safe to repeat, and the request
// document, the only thing that says a purge is unfinished, goes last: a
// failure at any step leaves the request pending, and confirming it again
// finishes the purge (a record already purged is skipped). The audit entry
// is written after the data is gone, so the log never claims a purge that
// failed, and before the audit ids are forgotten, so that one
// ForgetAuditTarget blanks the id of the confirmation too: the entry keeps
// the salted ref of what was purged, and no longer the id. A retry after a
// failure between those two steps writes a second "purge.confirm".
core::Status PurgeService::Confirm(std::string_view request_id, std::string_view admin_user_id,
                                   std::string_view admin_name) {
  auto request = Load(accounts_, request_id);
  if (!request) return Fail(request.error());
  if (request->requested_by == admin_user_id) {
    return Fail(Error{core::ErrorCode::kPermissionDenied,
                      "a purge must be confirmed by a second admin, not by the one who asked for it", {}});
  }
  if (auto purged = records_.Purge(request->record_id);
      !purged && purged.error().code != core::ErrorCode::kNotFound) {
    return Fail(purged.error());
  }
  if (remove_from_index_) {
    if (auto removed = remove_from_index_(request->record_id); !removed) return Fail(removed.error());
  }
  if (auto logged = audit_.Record(admin_name, "purge.confirm", request->record_id,
                                  "request " + request->id + " by " + request->requested_by_name);
      !logged) {
    return Fail(logged.error());
  }
  if (auto forgotten = accounts_.ForgetAuditTarget(request->record_id); !forgotten) return Fail(forgotten.error());
  return accounts_.DeleteDocument(kPurgeRequests, request->id);
}

core::Status PurgeService::Cancel(std::string_view request_id, std::string_view admin_name) {
  auto request = Load(accounts_, request_id);
  if (!request) return Fail(request.error());
  if (auto deleted = accounts_.DeleteDocument(kPurgeRequests, request->id); !deleted) return deleted;
  // The record stays, so its plain id may stay in the log.
  return audit_.Record(admin_name, "purge.cancel", request->record_id,
                       "request " + request->id + " by " + request->requested_by_name);
}

}  // namespace readout::auth
