// The case API extras: what Readout derives about cases, as JSON.
//   GET /api/v1/cases/{id}/status  the derived status with its as-of date,
//                                  expected release and basis, deadlines, flags
//   GET /api/v1/cases/overdue      every flag across cases, then deadlines due
//                                  within publish::kUpcomingDays, most urgent first
// Derived from the legal events the caller may see (publish/case_facts.h), as
// of the Site's clock, so the API and the pages agree. See docs/api.md.
//
// Called by App, which registers these routes before the generic record
// routes (so "overdue" is not taken for a case id).
//
// Thread-safety: handlers may run on many threads at once.
#pragma once

#include <nlohmann/json.hpp>

#include "core/record_service.h"
#include "publish/case_facts.h"
#include "publish/site.h"
#include "web/router.h"

namespace readout::web {

class CaseApiHandler {
 public:
  CaseApiHandler(core::RecordService& records, const publish::Site& site) : records_(records), site_(site) {}

  void Register(Router& router);

 private:
  void Status(Request& req, HttpResponse& res);
  void Overdue(Request& req, HttpResponse& res);

  core::RecordService& records_;
  const publish::Site& site_;
};

// The JSON of GET /api/v1/cases/{id}/status for `facts` as of `today`.
nlohmann::json CaseStatusJson(const publish::CaseFacts& facts, core::CivilDay today);

}  // namespace readout::web
