// The readout workflow API (issue 6; core/readout.h):
//   POST /api/v1/readouts/{id}/submit    draft -> in_review
//   POST /api/v1/readouts/{id}/return    in_review -> draft
//   POST /api/v1/readouts/{id}/approve   in_review -> approved (by someone other than the author)
//   POST /api/v1/readouts/{id}/publish   approved -> published (freezes a new version)
//   POST /api/v1/readouts/{id}/correct   published -> draft (with the correction note)
// Body: {"base_revision": n, "actor": "...", "note": {"en": "...", "zh_hans": "..."}}; the answer is
// the updated record. Staff only, like every write (web/access.h). A readout
// is created, read and edited through the generic record routes
// (web/api_handler.h), which enforce the same workflow (core::RecordService).
//
// `publish` builds the content from public records only
// (publish::BuildPublicReadout through publish::PublicRecords), as of the
// site's day, so what is frozen is exactly what a public reader could see.
//
// Called by App, which registers these routes before the generic record
// routes. Errors go through web/problem.h and name the field.
//
// Thread-safety: handlers may run on many threads at once. Two steps racing on
// one readout are serialised by the store's base-revision check.
#pragma once

#include "core/readout.h"
#include "core/record_service.h"
#include "publish/site.h"
#include "web/router.h"

namespace readout::web {

class ReadoutApiHandler {
 public:
  ReadoutApiHandler(core::RecordService& records, const publish::Site& site) : records_(records), site_(site) {}

  void Register(Router& router);

 private:
  void Step(core::ReadoutAction action, Request& req, HttpResponse& res);

  core::RecordService& records_;
  const publish::Site& site_;
};

}  // namespace readout::web
