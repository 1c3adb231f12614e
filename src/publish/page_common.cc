#include "publish/page_common.h"

#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <utility>

#include "resources/resources.h"

namespace readout::publish {
namespace {

std::string MonthName(int month, Lang lang, const Catalogs& catalogs) {
  return catalogs.Get(lang, "date.month." + std::to_string(month));
}

// One EDTF date without its qualifiers: "30 July 2013", "July 2013", "2013", "the 2010s".
std::string FormatPlain(const core::EdtfDate& d, Lang lang, const Catalogs& catalogs) {
  if (d.unspecified_year_digits == 1) {
    return catalogs.Get(lang, "date.decade", {{"decade", std::to_string(d.year / 10 * 10)}});
  }
  if (d.unspecified_year_digits > 1) return d.ToString();
  const std::string year = std::to_string(d.year);
  if (d.precision == core::DatePrecision::kYear || d.unspecified_month || !d.month) {
    return catalogs.Get(lang, "date.year", {{"year", year}});
  }
  const std::string month = MonthName(*d.month, lang, catalogs);
  if (d.precision == core::DatePrecision::kMonth || d.unspecified_day || !d.day) {
    return catalogs.Get(lang, "date.month_year", {{"month", month}, {"year", year}});
  }
  return catalogs.Get(lang, "date.day", {{"day", std::to_string(*d.day)}, {"month", month}, {"year", year}});
}

std::string Qualify(std::string text, const core::EdtfDate& d, Lang lang, const Catalogs& catalogs) {
  if (d.approximate) text = catalogs.Get(lang, "date.approximate", {{"date", text}});
  if (d.uncertain) text = catalogs.Get(lang, "date.uncertain", {{"date", text}});
  return text;
}

std::string FormatOne(const core::EdtfDate& d, Lang lang, const Catalogs& catalogs) {
  return Qualify(FormatPlain(d, lang, catalogs), d, lang, catalogs);
}

bool IsExactDay(const core::EdtfDate& d) {
  return d.precision == core::DatePrecision::kDay && d.month && d.day && !d.uncertain && !d.approximate &&
         d.unspecified_year_digits == 0 && !d.unspecified_month && !d.unspecified_day;
}

bool IsHttpUrl(std::string_view url) { return url.starts_with("https://") || url.starts_with("http://"); }

// "a.b.c" = text -> t["a"]["b"]["c"] = text, so templates say {{t.round.place}}.
mustache::data NestCatalog(const std::map<std::string, std::string>& catalog) {
  mustache::data root(mustache::data::type::object);
  for (const auto& [id, text] : catalog) {
    mustache::data* node = &root;
    size_t start = 0;
    for (size_t dot = id.find('.'); dot != std::string::npos; dot = id.find('.', start)) {
      mustache::data& child = (*node)[id.substr(start, dot - start)];
      if (!child.is_object()) child = mustache::data(mustache::data::type::object);
      node = &child;
      start = dot + 1;
    }
    (*node)[id.substr(start)] = mustache::data(text);
  }
  return root;
}

std::string PartialText(std::string_view name) {
  const resources::Resource* r = resources::Find("web/templates/" + std::string(name) + ".mustache");
  if (r == nullptr) throw std::logic_error("partial not embedded: " + std::string(name));
  std::string text(r->data);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

// The template file of each partial RenderTemplate offers.
std::string_view PartialFile(std::string_view partial) {
  if (partial == "bilingual") return "bilingual";
  if (partial == "sources_list") return "sources";
  return {};
}

// `text` with each {{> name}} of a known partial replaced by the partial's
// text. kainjow parses a partial's text again every time the tag is
// rendered (a scorecard renders tens of thousands), while an inlined partial
// is parsed once with its template; it renders the same, in the same context.
// Partials inside partials are inlined too, up to a small depth.
std::string InlinePartials(std::string text, int depth = 0) {
  std::string out;
  out.reserve(text.size());
  std::size_t from = 0;
  bool inlined = false;
  for (std::size_t open = text.find("{{>"); open != std::string::npos; open = text.find("{{>", from)) {
    const std::size_t close = text.find("}}", open);
    if (close == std::string::npos) break;
    std::string_view name(text.data() + open + 3, close - open - 3);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    out.append(text, from, open - from);
    if (const std::string_view file = PartialFile(name); !file.empty()) {
      out += PartialText(file);
      inlined = true;
    } else {
      out.append(text, open, close + 2 - open);  // unknown: left for kainjow to report
    }
    from = close + 2;
  }
  out.append(text, from);
  if (inlined && depth < 4) return InlinePartials(std::move(out), depth + 1);
  return out;
}

// Templates are constant, so each thread parses each one once, partials inlined.
mustache::mustache& ParsedTemplate(std::string_view name) {
  thread_local std::map<std::string, mustache::mustache, std::less<>> cache;
  auto it = cache.find(name);
  if (it != cache.end()) return it->second;
  const std::string path = "web/templates/" + std::string(name) + ".mustache";
  const resources::Resource* r = resources::Find(path);
  if (r == nullptr) throw std::logic_error("template not embedded: " + path);
  auto [inserted, ok] = cache.emplace(std::string(name), mustache::mustache(InlinePartials(std::string(r->data))));
  if (!inserted->second.is_valid()) {
    throw std::logic_error("template " + path + " is invalid: " + inserted->second.error_message());
  }
  return inserted->second;
}

}  // namespace

TextView PickText(const core::BilingualText& text, Lang lang) {
  struct Option {
    const std::string* text;
    const char* code;
  };
  // The reader's language first; for Chinese readers Traditional before English.
  const Option en{&text.en, "en"}, hans{&text.zh_hans, "zh-Hans"}, hant{&text.zh_hant, "zh-Hant"};
  const Option order_en[] = {en, hans, hant};
  const Option order_zh[] = {hans, hant, en};
  const Option* order = lang == Lang::kEn ? order_en : order_zh;
  for (int i = 0; i < 3; ++i) {
    if (!order[i].text->empty()) return TextView{*order[i].text, order[i].code, i > 0};
  }
  return TextView{};
}

std::string FormatDate(const core::PartialDate& date, Lang lang, const Catalogs& catalogs) {
  const auto& start = date.start();
  const auto& end = date.end();
  if (!date.is_interval()) {
    return start ? FormatOne(*start, lang, catalogs) : catalogs.Get(lang, "date.unknown");
  }
  const bool has_start = start && !date.start_open();
  const bool has_end = end && !date.end_open();
  if (has_start && has_end) {
    const core::EdtfDate& a = *start;
    const core::EdtfDate& b = *end;
    if (IsExactDay(a) && IsExactDay(b) && a.year == b.year) {
      if (*a.month == *b.month && *a.day == *b.day) return FormatOne(a, lang, catalogs);
      const std::string year = std::to_string(a.year);
      if (*a.month == *b.month) {
        return catalogs.Get(lang, "date.range_same_month",
                            {{"start_day", std::to_string(*a.day)},
                             {"end_day", std::to_string(*b.day)},
                             {"month", MonthName(*a.month, lang, catalogs)},
                             {"year", year}});
      }
      return catalogs.Get(lang, "date.range_same_year",
                          {{"start_day", std::to_string(*a.day)},
                           {"start_month", MonthName(*a.month, lang, catalogs)},
                           {"end_day", std::to_string(*b.day)},
                           {"end_month", MonthName(*b.month, lang, catalogs)},
                           {"year", year}});
    }
    std::string first = FormatOne(a, lang, catalogs);
    std::string last = FormatOne(b, lang, catalogs);
    if (first == last) return first;
    return catalogs.Get(lang, "date.range", {{"start", first}, {"end", last}});
  }
  if (has_start) return catalogs.Get(lang, "date.from", {{"start", FormatOne(*start, lang, catalogs)}});
  if (has_end) return catalogs.Get(lang, "date.until", {{"end", FormatOne(*end, lang, catalogs)}});
  return catalogs.Get(lang, "date.unknown");
}

std::vector<SourceView> BuildSources(const std::vector<core::SourceRef>& sources, Lang lang,
                                     const Catalogs& catalogs) {
  std::vector<SourceView> out;
  out.reserve(sources.size());
  for (const core::SourceRef& s : sources) {
    SourceView v;
    v.title = s.title.empty() ? s.url : s.title;
    if (IsHttpUrl(s.url)) v.url = s.url;
    if (s.date) v.date = FormatDate(*s.date, lang, catalogs);
    v.note = s.note;
    out.push_back(std::move(v));
  }
  return out;
}

core::Result<std::vector<core::StoredRecord>> ListAll(core::RecordService& records, core::RecordKind kind,
                                                      const std::string& parent_id, core::Visibility reader) {
  std::vector<core::StoredRecord> out;
  core::ListQuery query;
  query.kind = kind;
  if (!parent_id.empty()) query.parent_id = parent_id;
  query.limit = 1000;
  while (true) {
    auto page = records.List(query, reader);
    if (!page) return core::Fail(page.error());
    const size_t got = page->records.size();
    for (auto& r : page->records) out.push_back(std::move(r));
    query.offset += static_cast<std::int64_t>(got);
    if (got == 0 || query.offset >= page->total) break;
  }
  return out;
}

core::Result<core::StoredRecord> GetOfKind(core::RecordService& records, std::string_view id, core::RecordKind kind,
                                           core::Visibility reader) {
  if (core::KindOfId(id) != kind) return core::Fail(core::Error::NotFound("no such record"));
  auto record = records.Get(id, reader);
  if (!record) return record;
  if (record->header.kind != kind) return core::Fail(core::Error::NotFound("no such record"));
  return record;
}

core::Error BadStoredBody(std::string_view id, const core::Error& error) {
  return core::Error::Internal("stored record " + std::string(id) + " does not decode: " + error.message);
}

mustache::data ToData(const TextView& text, const Catalogs& catalogs, Lang lang) {
  mustache::data d;
  d["text"] = mustache::data(text.text);
  d["lang"] = mustache::data(text.lang);
  d["fallback"] = mustache::data(text.fallback);
  d["note"] = text.fallback ? mustache::data(catalogs.Get(lang, "language.untranslated_note")) : mustache::data(false);
  return d;
}

mustache::data ToData(const std::vector<SourceView>& sources) {
  mustache::data list(mustache::data::type::list);
  for (const SourceView& s : sources) {
    mustache::data d;
    d["title"] = mustache::data(s.title);
    d["url"] = s.url.empty() ? mustache::data(false) : mustache::data(s.url);
    d["date"] = s.date.empty() ? mustache::data(false) : mustache::data(s.date);
    d["note"] = s.note.empty() ? mustache::data(false) : mustache::data(s.note);
    list.push_back(std::move(d));
  }
  return list;
}

mustache::data ToData(const std::vector<LinkView>& links) {
  mustache::data list(mustache::data::type::list);
  for (const LinkView& l : links) {
    mustache::data d;
    d["label"] = mustache::data(l.label);
    d["href"] = mustache::data(l.href);
    d["lang"] = l.lang.empty() ? mustache::data(false) : mustache::data(l.lang);
    list.push_back(std::move(d));
  }
  return list;
}

namespace {

// What every template may name besides its own data: "t" (the catalog of
// one language, nested on the dots of its ids) and the partials. Nesting the
// catalog for every render was a third of the time of a static export, so it
// is built once per language and shared read-only by every thread; renders
// look it up beneath their own data through kainjow's context stack, which
// holds pointers, not copies. The catalogs are the embedded ones, the same
// in every Catalogs instance, so one copy per language serves them all.
const mustache::data& SharedTemplateData(Lang lang, const Catalogs& catalogs) {
  static std::mutex mutex;
  static std::map<Lang, std::unique_ptr<const mustache::data>> built;
  std::lock_guard lock(mutex);
  std::unique_ptr<const mustache::data>& slot = built[lang];
  if (!slot) {
    auto shared = std::make_unique<mustache::data>();
    (*shared)["t"] = NestCatalog(catalogs.All(lang));
    (*shared)["bilingual"] = mustache::data(mustache::partial([] { return PartialText("bilingual"); }));
    (*shared)["sources_list"] = mustache::data(mustache::partial([] { return PartialText("sources"); }));
    slot = std::move(shared);
  }
  return *slot;
}

}  // namespace

std::string RenderTemplate(std::string_view name, mustache::data data, Lang lang, const Catalogs& catalogs) {
  mustache::context<std::string> context(&SharedTemplateData(lang, catalogs));
  context.push(&data);
  mustache::mustache& tmpl = ParsedTemplate(name);
  std::string out = tmpl.render(context);
  if (!tmpl.error_message().empty()) {
    throw std::logic_error("template " + std::string(name) + " failed: " + tmpl.error_message());
  }
  return out;
}

namespace {

// What the layout shows besides the catalog and the language: the page's own
// values, or the markers of LayoutPieces.
struct LayoutValues {
  std::string page_title;
  std::string path_and_separator;  // "/cases/cas_x?" or "/cases?status=detained&": each language link adds lang=<code>
  std::string body;
  bool breadcrumbs = false;
  std::vector<LinkView> links;
  std::string current;
};

mustache::data LayoutData(const LayoutValues& values, const LanguageChoice& reading, const Catalogs& catalogs) {
  mustache::data d;
  d["lang"] = mustache::data(std::string(reading.Code()));
  d["page_title"] = mustache::data(values.page_title);
  d["stylesheet_url"] = mustache::data(std::string(resources::AssetUrl("web/static/readout.css")));
  d["favicon_url"] = mustache::data(std::string(resources::AssetUrl("web/static/favicon.svg")));
  d["home_href"] = mustache::data("/");
  if (values.breadcrumbs) {
    mustache::data crumbs;
    crumbs["links"] = ToData(values.links);
    crumbs["current"] = mustache::data(values.current);
    d["breadcrumbs"] = std::move(crumbs);
  } else {
    d["breadcrumbs"] = mustache::data(false);
  }
  mustache::data languages(mustache::data::type::list);
  struct Option {
    LanguageChoice choice;
    const char* label_id;
  };
  for (const Option& option : {Option{{Lang::kEn, false}, "language.en"},
                               Option{{Lang::kZhHans, false}, "language.zh_hans"},
                               Option{{Lang::kZhHans, true}, "language.zh_hant"}}) {
    mustache::data l;
    const std::string code(option.choice.Code());
    l["code"] = mustache::data(code);
    l["label"] = mustache::data(catalogs.Get(option.choice.lang, option.label_id));
    l["href"] = mustache::data(values.path_and_separator + "lang=" + code);
    l["current"] =
        mustache::data(option.choice.lang == reading.lang && option.choice.traditional == reading.traditional);
    languages.push_back(std::move(l));
  }
  d["languages"] = std::move(languages);
  d["body"] = mustache::data(values.body);
  return d;
}

LayoutValues ValuesOf(const PageFrame& frame, const std::string& body_html, const PageRequest& request,
                      const Catalogs& catalogs) {
  const Lang lang = request.lang;
  LayoutValues v;
  v.page_title = catalogs.Get(lang, "page.title", {{"page", frame.title}, {"site", catalogs.Get(lang, "site.name")}});
  v.path_and_separator = request.path.empty() ? "/" : request.path;
  // The path may carry a query of its own (the case list's filters).
  v.path_and_separator += v.path_and_separator.find('?') == std::string::npos ? '?' : '&';
  v.body = body_html;
  v.breadcrumbs = !frame.breadcrumbs.empty() || !frame.current.empty();
  v.links = frame.breadcrumbs;
  v.current = frame.current;
  return v;
}

// The layout rendered once per shape (language, script, breadcrumbs and
// which of them carry a lang) with a marker in place of each page value,
// and cut at the markers. A page is then its pieces with its values, escaped
// as the template escapes them: rendering the layout through kainjow for
// every page was a fifth of a static export's time. The result is the same
// bytes (page_common_test.cc compares them with RenderDocumentByTemplate).
struct LayoutPieces {
  enum Slot { kTitle, kPath, kBody, kCurrent, kFirstLink };  // link i: kFirstLink + 3i + (label, href, lang)
  struct Piece {
    std::string text;
    int slot = -1;  // the value that follows the text; -1 at the end
  };
  std::vector<Piece> pieces;
};

// Markers: a control character no catalog text or template holds around a
// letter, which the template does not escape ('A' + slot stays below 0x7F
// up to kMaxPiecedCrumbs breadcrumbs).
constexpr std::size_t kMaxPiecedCrumbs = 16;
std::string Marker(int slot) { return std::string{'\x01', static_cast<char>('A' + slot), '\x01'}; }

const LayoutPieces& PiecesFor(const LanguageChoice& reading, const PageFrame& frame, const Catalogs& catalogs) {
  std::string key{static_cast<char>(reading.lang), reading.traditional ? 't' : 's',
                  !frame.breadcrumbs.empty() || !frame.current.empty() ? 'b' : '-'};
  for (const LinkView& link : frame.breadcrumbs) key += link.lang.empty() ? '0' : '1';
  thread_local std::map<std::string, LayoutPieces> cache;
  if (auto it = cache.find(key); it != cache.end()) return it->second;

  LayoutValues markers;
  markers.page_title = Marker(LayoutPieces::kTitle);
  markers.path_and_separator = Marker(LayoutPieces::kPath);
  markers.body = Marker(LayoutPieces::kBody);
  markers.breadcrumbs = key[2] == 'b';
  markers.current = Marker(LayoutPieces::kCurrent);
  for (std::size_t i = 0; i < frame.breadcrumbs.size(); ++i) {
    const int first = LayoutPieces::kFirstLink + 3 * static_cast<int>(i);
    markers.links.push_back(LinkView{Marker(first), Marker(first + 1),
                                     frame.breadcrumbs[i].lang.empty() ? "" : Marker(first + 2)});
  }
  const std::string rendered = RenderTemplate("layout", LayoutData(markers, reading, catalogs), reading.lang, catalogs);
  LayoutPieces layout;
  std::size_t from = 0;
  for (std::size_t at = rendered.find('\x01'); at != std::string::npos; at = rendered.find('\x01', from)) {
    if (at + 2 >= rendered.size() || rendered[at + 2] != '\x01') throw std::logic_error("layout: a stray marker byte");
    layout.pieces.push_back({rendered.substr(from, at - from), rendered[at + 1] - 'A'});
    from = at + 3;
  }
  layout.pieces.push_back({rendered.substr(from), -1});
  return cache.emplace(std::move(key), std::move(layout)).first->second;
}

}  // namespace

std::string RenderDocumentByTemplate(const PageFrame& frame, const std::string& body_html, const PageRequest& request,
                                     const Catalogs& catalogs) {
  const LanguageChoice reading{request.lang, request.traditional && request.lang == Lang::kZhHans};
  std::string html = RenderTemplate("layout", LayoutData(ValuesOf(frame, body_html, request, catalogs), reading, catalogs),
                                    request.lang, catalogs);
  if (reading.traditional) return ToTraditional(html);
  return html;
}

namespace {

// The layout's pieces of `reading` around the page's values.
std::string Assemble(const LanguageChoice& reading, const PageFrame& frame, const std::string& body_html,
                     const PageRequest& request, const Catalogs& catalogs) {
  const Lang lang = reading.lang;
  const LayoutPieces& layout = PiecesFor(reading, frame, catalogs);
  const auto escape = [](const std::string& value) { return mustache::html_escape<std::string>(value); };
  std::string path = request.path.empty() ? "/" : request.path;
  path += path.find('?') == std::string::npos ? '?' : '&';
  const std::string title = escape(
      catalogs.Get(lang, "page.title", {{"page", frame.title}, {"site", catalogs.Get(lang, "site.name")}}));
  path = escape(path);
  std::string html;
  html.reserve(body_html.size() + 8192);
  for (const LayoutPieces::Piece& piece : layout.pieces) {
    html += piece.text;
    switch (piece.slot) {
      case -1: break;
      case LayoutPieces::kTitle: html += title; break;
      case LayoutPieces::kPath: html += path; break;
      case LayoutPieces::kBody: html += body_html; break;
      case LayoutPieces::kCurrent: html += escape(frame.current); break;
      default: {
        const int link = piece.slot - LayoutPieces::kFirstLink;
        const LinkView& l = frame.breadcrumbs.at(static_cast<std::size_t>(link / 3));
        html += escape(link % 3 == 0 ? l.label : link % 3 == 1 ? l.href : l.lang);
      }
    }
  }
  // Traditional Chinese is the Simplified document converted (publish/i18n.h).
  if (reading.traditional) return ToTraditional(html);
  return html;
}

}  // namespace

std::string RenderDocument(const PageFrame& frame, const std::string& body_html, const PageRequest& request,
                           const Catalogs& catalogs) {
  const Lang lang = request.lang;
  const LanguageChoice reading{lang, request.traditional && lang == Lang::kZhHans};
  // A marker names its slot with one letter (Marker): past kMaxPiecedCrumbs
  // breadcrumbs (pages have three at most) the template renders it all.
  if (frame.breadcrumbs.size() > kMaxPiecedCrumbs) {
    if (request.traditional_copy != nullptr && lang == Lang::kZhHans && !reading.traditional) {
      PageRequest traditional = request;
      traditional.traditional = true;
      *request.traditional_copy = RenderDocumentByTemplate(frame, body_html, traditional, catalogs);
    }
    return RenderDocumentByTemplate(frame, body_html, request, catalogs);
  }
  if (request.traditional_copy != nullptr && lang == Lang::kZhHans && !reading.traditional) {
    *request.traditional_copy = Assemble(LanguageChoice{lang, true}, frame, body_html, request, catalogs);
  }
  return Assemble(reading, frame, body_html, request, catalogs);
}

}  // namespace readout::publish
