// HTML pages (home, dialogue, round, person, case, case list, overdue, history of a record; the
// accountability pages: scorecard, changes, agencies, agency, engagement, indicator and its CSV, alerts) rendered by
// publish::Site, and the embedded static assets under /static/.
//
// Called by App. The language is negotiated by App before the handler runs.
//
// Thread-safety: handlers may run on many threads at once (Site's methods are const and thread-safe).
#pragma once

#include <optional>
#include <string>
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
  // 400 page naming the query parameter `name` that is not a YYYY-MM-DD date.
  void WriteBadParameter(std::string_view name, const Request& req, HttpResponse& res) const;
  // text/csv as an attachment named `filename`; an error page when `csv` is an error.
  void WriteCsv(core::Result<std::string> csv, const std::string& filename, const Request& req,
                HttpResponse& res) const;
  publish::PageRequest PageRequestFor(const Request& req) const;

  const publish::Site& site_;
};

// `query` (undecoded, "a=1&lang=en&b=2") without the parameters named `name`.
std::string QueryWithout(std::string_view query, std::string_view name);
// The case list's filters from the query (?status=, ?province=, ?issue=, ?campaign=, ?overdue=1, ?sort=).
publish::CaseFilter CaseFilterOf(const Request& req);

// ?page=: absent or empty -> 1; "3" -> 3; nullopt for anything but an integer from 1 to 999999.
std::optional<int> ParsePageNumber(const std::optional<std::string>& text);
// "2013-07-16" -> that day; nullopt for anything else (other shapes, impossible days).
std::optional<core::CivilDay> ParseIsoDay(std::string_view text);

// Sets Content-Type text/html and Content-Language for `lang` (zh-Hant when `traditional`).
void SetHtmlHeaders(publish::Lang lang, HttpResponse& res, bool traditional = false);

}  // namespace readout::web
