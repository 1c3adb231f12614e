// The public view of a record's revision history: for each revision its
// number, date, operation and the names of the top-level fields it changed.
// Never the values, never who made the change (staff identities are not public).
//
// Called by Site::RenderHistory. Thread-safety: plain values and pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/record.h"
#include "core/record_service.h"
#include "core/status.h"
#include "publish/i18n.h"
#include "publish/page_common.h"
#include "publish/site.h"

namespace readout::publish {

struct RevisionView {
  std::string number;
  std::string date;       // "2026-11-29 08:00"
  std::string operation;  // translated
  std::vector<std::string> fields;  // translated field names
};

struct HistoryPage {
  TextView title;          // the record's name, or "Reply rpl_..." for records without one
  LinkView back;           // empty href when the record has no page of its own
  std::vector<RevisionView> revisions;  // newest first
};

// Top-level fields whose values differ between `before` and `after` (either may be null), sorted.
std::vector<std::string> ChangedFields(const nlohmann::json& before, const nlohmann::json& after);

// kNotFound when the record does not exist or is not visible to `request.reader`.
core::Result<HistoryPage> BuildHistoryPage(core::RecordService& records, std::string_view record_id,
                                           const PageRequest& request, const Catalogs& catalogs);
std::string RenderHistoryBody(const HistoryPage& page, const PageRequest& request, const Catalogs& catalogs);

}  // namespace readout::publish
