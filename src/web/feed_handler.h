// Atom feeds (publish/atom_feed.h) on the web: GET /feeds/readouts.atom,
// /feeds/cases.atom, /dialogues/{id}/feeds/readouts.atom and
// /dialogues/{id}/feeds/cases.atom, in the negotiated language (?lang=
// honoured; zh-Hant by conversion). Feeds are public whoever asks (they are
// built from PublicRecords only) and cacheable like pages.
//
// Called by App, which registers the routes next to the pages.
//
// Thread-safety: handlers may run on many threads at once (Catalogs is
// immutable; PublicRecords is as safe as the RecordService).
#pragma once

#include "core/record_service.h"
#include "publish/i18n.h"
#include "web/page_handler.h"
#include "web/router.h"

namespace readout::web {

class FeedHandler {
 public:
  // `pages` writes the error page of a feed that does not exist.
  FeedHandler(core::RecordService& records, const PageHandler& pages) : records_(records), pages_(pages) {}

  void Register(Router& router);

 private:
  void Write(const Request& req, HttpResponse& res, bool readouts, std::string_view dialogue_id) const;

  core::RecordService& records_;
  const PageHandler& pages_;
  const publish::Catalogs catalogs_;
};

}  // namespace readout::web
