// Pieces every page of the Site shares: choosing the reader's language of a
// bilingual text, formatting partial dates, reading records the reader may
// see, the page layout and rendering of the embedded mustache templates.
//
// Internal to readout_publish (called by site.cc and the *_page.cc builders).
// Thread-safety: pure functions; templates are parsed once per thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <kainjow/mustache.hpp>

#include "core/entities.h"
#include "core/partial_date.h"
#include "core/record_service.h"
#include "core/status.h"
#include "publish/i18n.h"
#include "publish/site.h"

namespace readout::publish {

namespace mustache = kainjow::mustache;

// A text as shown to one reader: in their language when there is one,
// otherwise in another language with `fallback` set, so the page can say so.
struct TextView {
  std::string text;
  std::string lang;       // BCP 47 of `text`: "en", "zh-Hans", "zh-Hant"
  bool fallback = false;  // `text` is not in the reader's language
  bool empty() const { return text.empty(); }
};

TextView PickText(const core::BilingualText& text, Lang lang);

// "30–31 July 2013", "2013年7月30日至31日", "about July 2013", "from 2013" ...
std::string FormatDate(const core::PartialDate& date, Lang lang, const Catalogs& catalogs);

struct LinkView {
  std::string label;
  std::string href;
  std::string lang;  // of `label`, when it is content rather than UI text
};

struct SourceView {
  std::string title;
  std::string url;   // only http(s) URLs; others are dropped so no "javascript:" link is made
  std::string date;
  std::string note;
};

std::vector<SourceView> BuildSources(const std::vector<core::SourceRef>& sources, Lang lang,
                                     const Catalogs& catalogs);

// Every live record of `kind` under `parent_id` that `reader` may see, in store order.
core::Result<std::vector<core::StoredRecord>> ListAll(core::RecordService& records, core::RecordKind kind,
                                                      const std::string& parent_id, core::Visibility reader);

// Gets a record of `kind`; kNotFound when missing, invisible, or of another kind.
core::Result<core::StoredRecord> GetOfKind(core::RecordService& records, std::string_view id,
                                           core::RecordKind kind, core::Visibility reader);

// A record's body could not be decoded: a defect in stored data, never shown in detail.
core::Error BadStoredBody(std::string_view id, const core::Error& error);

// What the layout needs besides the page's own body.
struct PageFrame {
  std::string title;                 // the page's h1 text, also in <title>
  std::vector<LinkView> breadcrumbs; // links before the current page
  std::string current;               // the current page's breadcrumb label
};

// Data conversions for templates.
mustache::data ToData(const TextView& text, const Catalogs& catalogs, Lang lang);
mustache::data ToData(const std::vector<SourceView>& sources);
mustache::data ToData(const std::vector<LinkView>& links);

// Renders web/templates/<name>.mustache with `data` plus "t" (the UI catalog
// of `lang`, nested on the dots of its ids) and the partials.
std::string RenderTemplate(std::string_view name, mustache::data data, Lang lang, const Catalogs& catalogs);

// The whole document: layout.mustache around `body_html` (already rendered).
std::string RenderDocument(const PageFrame& frame, const std::string& body_html, const PageRequest& request,
                           const Catalogs& catalogs);
// The same document rendered by the template engine for every call: what
// RenderDocument's cached layout pieces are checked against (tests).
std::string RenderDocumentByTemplate(const PageFrame& frame, const std::string& body_html, const PageRequest& request,
                                     const Catalogs& catalogs);

}  // namespace readout::publish
