// The evidence file API beyond the generic record routes:
//   POST /api/v1/evidence_files/upload    the raw file as the body, its type as
//        ?filename=&source_id=&visibility=  Content-Type; staff only. 201 with the
//        &description=                      record (sha256 and size computed here)
//   GET  /api/v1/evidence_files/{id}/content  the bytes, as an attachment, never cached
//   GET  /api/v1/evidence_files/{id}/custody  the custody log and whether its hash
//                                             chain holds
// The work is core/evidence.h's; this file speaks HTTP. A file the caller may
// not see is a 404, as for every record. See docs/api.md, "Evidence files".
//
// The upload route is marked RouteDoc::raw_body, so the server reads its body
// up to ServerOptions::max_upload_bytes instead of the JSON limit.
//
// Called by App, which registers these routes before the generic record
// routes (so "upload" is not taken for an id).
//
// Thread-safety: handlers may run on many threads at once.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/record_service.h"
#include "web/router.h"

namespace readout::web {

class EvidenceHandler {
 public:
  EvidenceHandler(core::RecordService& records, std::size_t max_upload_bytes)
      : records_(records), max_upload_bytes_(max_upload_bytes) {}

  void Register(Router& router);

 private:
  void Upload(Request& req, HttpResponse& res);
  void Content(Request& req, HttpResponse& res);
  void Custody(Request& req, HttpResponse& res);

  core::RecordService& records_;
  std::size_t max_upload_bytes_;
};

// `Content-Disposition: attachment` for `filename`: an ASCII fallback in
// filename="..." (anything else replaced by '_') and the exact name in
// filename*=UTF-8''... (RFC 6266, RFC 8187 percent-encoding).
std::string AttachmentDisposition(std::string_view filename);

}  // namespace readout::web
