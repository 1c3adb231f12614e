// HTML pages (home, dialogue, round, history of a record) rendered by
// publish::Site, and the embedded static assets under /static/.
//
// Called by App. The language is negotiated by App before the handler runs.
//
// Thread-safety: handlers may run on many threads at once (Site's methods are const and thread-safe).
#pragma once

#include <string_view>

#include "publish/site.h"
#include "web/router.h"

namespace readout::web {

class PageHandler {
 public:
  explicit PageHandler(const publish::Site& site) : site_(site) {}

  void Register(Router& router);

  // The error page for `status` in the request's language. Never throws:
  // falls back to a bare page if rendering fails.
  void WriteErrorPage(http::status status, const Request& req, HttpResponse& res) const;

  // Serves GET /static/<hashed name>; false when no asset has that URL.
  static bool ServeStatic(std::string_view path, HttpResponse& res);

 private:
  void WritePage(core::Result<std::string> html, const Request& req, HttpResponse& res) const;
  publish::PageRequest PageRequestFor(const Request& req) const;

  const publish::Site& site_;
};

// Sets Content-Type text/html and Content-Language for `lang`.
void SetHtmlHeaders(publish::Lang lang, HttpResponse& res);

}  // namespace readout::web
