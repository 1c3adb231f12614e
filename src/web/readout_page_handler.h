// Published readouts on the web (issue 6): GET /readouts (the index),
// /readouts/{id} (the page) and its downloads /readouts/{id}.md, .pdf, .csv
// and .json, all public and cacheable, rendered from the frozen public
// content whoever asks; and GET /readouts/{id}/preview for staff (404 for
// the public, as any record it may not see).
//
// Called by App, which registers the routes next to the pages.
//
// Thread-safety: handlers may run on many threads at once (Site's methods
// are const; Catalogs is immutable; PublicRecords is as safe as the
// RecordService).
#pragma once

#include <string>
#include <string_view>

#include "core/record_service.h"
#include "publish/i18n.h"
#include "publish/site.h"
#include "web/page_handler.h"
#include "web/router.h"

namespace readout::web {

class ReadoutPageHandler {
 public:
  // `pages` writes the HTML pages' headers and error pages.
  ReadoutPageHandler(core::RecordService& records, const publish::Site& site, const PageHandler& pages)
      : records_(records), site_(site), pages_(pages) {}

  void Register(Router& router);

 private:
  // /readouts/{id} where {id} may end in .md, .pdf, .csv or .json.
  void Serve(const Request& req, HttpResponse& res) const;
  void Preview(const Request& req, HttpResponse& res) const;
  void WriteHtml(core::Result<std::string> html, const Request& req, HttpResponse& res) const;
  void WriteError(const core::Error& error, const Request& req, HttpResponse& res) const;
  publish::PageRequest PageRequestFor(const Request& req) const;

  core::RecordService& records_;
  const publish::Site& site_;
  const PageHandler& pages_;
  const publish::Catalogs catalogs_;
};

}  // namespace readout::web
