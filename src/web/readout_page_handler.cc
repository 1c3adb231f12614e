#include "web/readout_page_handler.h"

#include <utility>

#include <spdlog/spdlog.h>

#include "publish/public_readout.h"
#include "web/problem.h"

namespace readout::web {

void ReadoutPageHandler::Register(Router& router) {
  auto doc = [](std::string summary, std::string op) {
    RouteDoc d;
    d.summary = std::move(summary);
    d.operation_id = std::move(op);
    d.api = false;
    d.public_cacheable = true;
    d.query_params = {"lang"};
    d.tag = "readouts";
    d.permission = auth::Permission::kPublic;
    return d;
  };
  router.Add(http::verb::get, "/readouts",
             [this](Request& q, HttpResponse& r) { WriteHtml(site_.RenderReadouts(PageRequestFor(q)), q, r); },
             doc("Published readouts, newest first", "page_readouts"));
  {
    // The router matches whole segments, so the downloads share the route:
    // ids are [a-z0-9_-], and the extension after the dot picks the format.
    RouteDoc d = doc("A published readout: the page (/readouts/{id}) or a download (.md, .pdf, .csv, .json)",
                     "page_readout");
    d.not_found = true;
    router.Add(http::verb::get, "/readouts/{id}", [this](Request& q, HttpResponse& r) { Serve(q, r); },
               std::move(d));
  }
  {
    RouteDoc d = doc("Staff preview of a readout: workflow state and what is withheld (404 for the public)",
                     "page_readout_preview");
    d.public_cacheable = false;
    d.permission = auth::Permission::kSignedIn;
    d.not_found = true;
    router.Add(http::verb::get, "/readouts/{id}/preview", [this](Request& q, HttpResponse& r) { Preview(q, r); },
               std::move(d));
  }
}

publish::PageRequest ReadoutPageHandler::PageRequestFor(const Request& req) const {
  publish::PageRequest page;
  page.lang = req.lang;
  page.traditional = req.traditional;
  page.reader = req.caller.reader;
  page.path = std::string(req.path);
  return page;
}

void ReadoutPageHandler::WriteError(const core::Error& error, const Request& req, HttpResponse& res) const {
  if (error.code == core::ErrorCode::kInternal || error.code == core::ErrorCode::kUnavailable) {
    spdlog::error("readout {} failed: {}: {}", req.path, core::ErrorCodeName(error.code), error.message);
  }
  pages_.WriteErrorPage(HttpStatusFor(error.code), req, res);
}

void ReadoutPageHandler::WriteHtml(core::Result<std::string> html, const Request& req, HttpResponse& res) const {
  if (!html) return WriteError(html.error(), req, res);
  res.result(http::status::ok);
  SetHtmlHeaders(req.lang, res, req.traditional);
  res.body() = std::move(*html);
}

void ReadoutPageHandler::Serve(const Request& req, HttpResponse& res) const {
  std::string id(req.params.Get("id"));
  std::string ext;
  if (const size_t dot = id.find('.'); dot != std::string::npos) {
    ext = id.substr(dot + 1);
    id.resize(dot);
  }
  if (ext.empty()) {
    WriteHtml(site_.RenderReadout(id, PageRequestFor(req)), req, res);
    // A published version never changes; a correction is a new version, so keep it briefly.
    if (res.result() == http::status::ok) res.set(http::field::cache_control, "public, max-age=300");
    return;
  }
  if (ext != "md" && ext != "pdf" && ext != "csv" && ext != "json") {
    return pages_.WriteErrorPage(http::status::not_found, req, res);
  }

  // Downloads are the frozen public content whoever asks, like the page.
  publish::PublicRecords records(records_);
  auto readout = publish::LoadPublishedReadout(records, id);
  if (!readout) return WriteError(readout.error(), req, res);
  const std::string_view lang = publish::LanguageChoice{req.lang, req.traditional}.Code();
  // Traditional Chinese is a conversion of the Simplified text, as for pages
  // and feeds (the PDF converts before layout, to set it in the TC face).
  auto convert = [&](std::string text) { return req.traditional ? publish::ToTraditional(text) : text; };
  std::string body;
  std::string type;
  if (ext == "md") {
    body = convert(publish::RenderReadoutMarkdown(*readout, req.lang, catalogs_));
    type = "text/markdown; charset=utf-8";
  } else if (ext == "csv") {
    body = convert(publish::RenderReadoutCsv(*readout, req.lang, catalogs_));
    type = "text/csv; charset=utf-8";
  } else if (ext == "json") {
    body = publish::RenderReadoutJson(*readout).dump(2);
    type = "application/json";
  } else {
    auto pdf = publish::RenderReadoutPdf(*readout, req.lang, catalogs_, req.traditional);
    if (!pdf) return WriteError(pdf.error(), req, res);
    body = std::move(*pdf);
    type = "application/pdf";
  }
  res.result(http::status::ok);
  res.set(http::field::content_type, type);
  if (ext != "json") {
    res.set(http::field::content_language, boost::beast::string_view(lang.data(), lang.size()));
    res.set(http::field::vary, "Accept-Language, Cookie");
  }
  // Readout ids are [a-z0-9_-]: the file name needs no escaping. JSON is
  // language-neutral, so it carries no language in its name.
  const std::string filename = ext == "json" ? id + ".json" : id + "." + std::string(lang) + "." + ext;
  res.set(http::field::content_disposition, (ext == "pdf" || ext == "json" ? "inline" : "attachment") +
                                                std::string("; filename=\"") + filename + "\"");
  res.set(http::field::cache_control, "public, max-age=300");
  res.body() = std::move(body);
}

void ReadoutPageHandler::Preview(const Request& req, HttpResponse& res) const {
  // Public readers get the same 404 as for a record they may not see.
  if (req.caller.reader == core::Visibility::kPublic) {
    return pages_.WriteErrorPage(http::status::not_found, req, res);
  }
  publish::PageRequest page = PageRequestFor(req);
  WriteHtml(site_.RenderReadoutPreview(req.params.Get("id"), page), req, res);
  // Staff content: never kept by a shared cache.
  res.set(http::field::cache_control, "private, no-store");
}

}  // namespace readout::web
