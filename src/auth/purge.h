// Purge, for a person's safety: one admin asks, a second admin confirms, and
// the record goes — from the store with every revision (core::Store::Purge),
// from the search index, and from the audit log's plain ids — leaving an
// audit entry that says a purge happened and by whom, without the data.
//
// Thread-safety: safe from many threads.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/account_store.h"
#include "auth/audit.h"
#include "core/status.h"
#include "core/store.h"

namespace readout::auth {

struct PurgeRequest {
  std::string id;             // "prg_" + 16 hex
  std::string record_id;
  std::string requested_by;   // user id
  std::string requested_by_name;
  std::int64_t requested_at = 0;
};

class PurgeService {
 public:
  // `remove_from_index` removes one record from the search index and leaves
  // no trace of it in the index files; null when there is no index.
  PurgeService(core::Store& records, AccountStore& accounts, AuditLog& audit,
               std::function<core::Status(std::string_view record_id)> remove_from_index,
               std::function<std::int64_t()> now = {});

  // kNotFound when no record has that id; kConflict when live records refer
  // to it (the message names them: purge or edit those first) or a request
  // for it is already pending.
  core::Result<PurgeRequest> Request(std::string_view record_id, std::string_view admin_user_id,
                                     std::string_view admin_name);
  core::Result<std::vector<PurgeRequest>> Pending();
  // Runs the purge. kPermissionDenied when `admin_user_id` asked for it
  // (a second admin must confirm); kNotFound for an unknown request.
  core::Status Confirm(std::string_view request_id, std::string_view admin_user_id, std::string_view admin_name);
  core::Status Cancel(std::string_view request_id, std::string_view admin_name);

 private:
  core::Store& records_;
  AccountStore& accounts_;
  AuditLog& audit_;
  std::function<core::Status(std::string_view)> remove_from_index_;
  std::function<std::int64_t()> now_;
};

}  // namespace readout::auth
