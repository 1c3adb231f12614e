#include "web/feed_handler.h"

#include <string>
#include <utility>

#include <spdlog/spdlog.h>

#include "publish/atom_feed.h"
#include "publish/public_readout.h"
#include "web/problem.h"

namespace readout::web {

void FeedHandler::Register(Router& router) {
  auto doc = [](std::string summary, std::string op) {
    RouteDoc d;
    d.summary = std::move(summary);
    d.operation_id = std::move(op);
    d.api = false;
    d.public_cacheable = true;
    d.query_params = {"lang"};
    d.tag = "feeds";
    d.permission = auth::Permission::kPublic;
    d.response_media_type = "application/atom+xml";
    return d;
  };
  router.Add(http::verb::get, "/feeds/readouts.atom",
             [this](Request& q, HttpResponse& r) { Write(q, r, true, ""); },
             doc("Atom feed of published readouts, every dialogue", "feed_readouts"));
  router.Add(http::verb::get, "/feeds/cases.atom", [this](Request& q, HttpResponse& r) { Write(q, r, false, ""); },
             doc("Atom feed of changes to public cases", "feed_cases"));
  // The router matches whole segments: the file names are literal segments after {id}.
  {
    RouteDoc d = doc("Atom feed of the published readouts of a dialogue", "feed_dialogue_readouts");
    d.not_found = true;
    router.Add(http::verb::get, "/dialogues/{id}/feeds/readouts.atom",
               [this](Request& q, HttpResponse& r) { Write(q, r, true, q.params.Get("id")); }, std::move(d));
  }
  {
    RouteDoc d = doc("Atom feed of changes to the public cases raised in a dialogue", "feed_dialogue_cases");
    d.not_found = true;
    router.Add(http::verb::get, "/dialogues/{id}/feeds/cases.atom",
               [this](Request& q, HttpResponse& r) { Write(q, r, false, q.params.Get("id")); }, std::move(d));
  }
}

void FeedHandler::Write(const Request& req, HttpResponse& res, bool readouts, std::string_view dialogue_id) const {
  publish::PublicRecords records(records_);
  publish::FeedOptions options;
  options.lang = req.lang;
  // Links stay root-relative ("/cases/cas_x"): a reader resolves them
  // against the feed's own URL (RFC 4287 §1.2, xml:base rules). Taking the
  // host from the request would let a forged Host header into the shared cache.
  options.base_url = "";
  options.self_path = std::string(req.path);
  auto xml = readouts ? publish::RenderReadoutsFeed(records, dialogue_id, options, catalogs_)
                      : publish::RenderCaseUpdatesFeed(records, dialogue_id, options, catalogs_);
  if (!xml) {
    const core::Error& error = xml.error();
    if (error.code == core::ErrorCode::kInternal || error.code == core::ErrorCode::kUnavailable) {
      spdlog::error("feed {} failed: {}: {}", req.path, core::ErrorCodeName(error.code), error.message);
    }
    return pages_.WriteErrorPage(HttpStatusFor(error.code), req, res);
  }
  res.result(http::status::ok);
  res.set(http::field::content_type, "application/atom+xml; charset=utf-8");
  const std::string_view code = publish::LanguageChoice{req.lang, req.traditional}.Code();
  res.set(http::field::content_language, boost::beast::string_view(code.data(), code.size()));
  res.set(http::field::vary, "Accept-Language, Cookie");
  // Public whoever asks; a reader polls, so let shared caches keep it a little.
  res.set(http::field::cache_control, "public, max-age=300");
  res.body() = req.traditional ? publish::ToTraditional(*xml) : std::move(*xml);
}

}  // namespace readout::web
