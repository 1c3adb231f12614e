#include "publish/search_page.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <utility>

#include "core/accountability_codec.h"
#include "core/case_codec.h"
#include "core/entity_codec.h"
#include "publish/accountability_common.h"
#include "publish/page_common.h"
#include "publish/site.h"

namespace readout::publish {
namespace {

// Percent-encodes a query value (UTF-8 bytes; unreserved characters kept).
std::string UrlEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    }
  }
  return out;
}

// The query string of a search with these parameters (no lang: the layout adds it).
std::string QueryString(const std::string& q, const std::map<std::string, std::vector<std::string>>& filters,
                        std::int64_t offset, std::int64_t limit) {
  std::string out = "q=" + UrlEncode(q);
  for (const auto& [name, values] : filters) {
    for (const std::string& v : values) out += "&" + UrlEncode(name) + "=" + UrlEncode(v);
  }
  if (offset > 0) out += "&offset=" + std::to_string(offset);
  if (limit != 20) out += "&limit=" + std::to_string(limit);
  return out;
}

// The name of the record `id` for `reader`; the id itself when it is not
// visible or has no name (an id is never secret: it is the facet value).
std::string IdLabel(core::RecordService& records, const std::string& id, const PageRequest& request,
                    const Catalogs& catalogs) {
  auto stored = records.Get(id, request.reader);
  if (!stored || stored->header.deleted) return id;
  const Lang lang = request.lang;
  switch (stored->header.kind) {
    case core::RecordKind::kIssue:
      if (auto i = core::DecodeIssue(stored->body)) return PickText(i->name, lang).text;
      break;
    case core::RecordKind::kRound:
      if (auto r = core::DecodeRound(stored->body)) return RoundLabel(*r, lang, catalogs);
      break;
    case core::RecordKind::kPlace:
      if (auto p = core::DecodePlace(stored->body)) return PickText(p->name, lang).text;
      break;
    case core::RecordKind::kAgency:
      if (auto a = core::DecodeAgency(stored->body)) return PickText(a->name, lang).text;
      break;
    default:
      break;
  }
  return id;
}

std::string FacetValueLabel(core::RecordService& records, const std::string& facet, const std::string& value,
                            const PageRequest& request, const Catalogs& catalogs) {
  if (facet == "type") return catalogs.Get(request.lang, "kind." + value);
  if (facet == "case_status") return VocabLabel("case_status", value, request.lang, catalogs);
  if (facet == "year") return value;
  std::string label = IdLabel(records, value, request, catalogs);
  return label.empty() ? value : label;
}

}  // namespace

std::string SearchHitPath(core::RecordService& records, std::string_view id, core::RecordKind kind,
                          core::Visibility reader) {
  const std::string sid(id);
  const std::string history = "/records/" + sid + "/history";
  auto visible = [&](const std::string& other, core::RecordKind other_kind) {
    return !other.empty() && GetOfKind(records, other, other_kind, reader).has_value();
  };
  auto body = [&]() -> std::optional<core::StoredRecord> {
    auto stored = records.Get(sid, reader);
    if (!stored) return std::nullopt;
    return std::move(*stored);
  };
  switch (kind) {
    case core::RecordKind::kPerson: return "/people/" + sid;
    case core::RecordKind::kCase: return "/cases/" + sid;
    case core::RecordKind::kRound: return "/rounds/" + sid;
    case core::RecordKind::kDialogue: return "/dialogues/" + sid;
    case core::RecordKind::kAgency: return "/agencies/" + sid;
    case core::RecordKind::kEngagement: return "/engagements/" + sid;
    case core::RecordKind::kIndicator: return "/indicators/" + sid;
    case core::RecordKind::kBenchmark: {
      auto r = body();
      if (!r) return history;
      auto b = core::DecodeBenchmark(r->body);
      if (!b || !visible(b->dialogue_id, core::RecordKind::kDialogue)) return history;
      return "/dialogues/" + b->dialogue_id + "/scorecard#" + sid;
    }
    case core::RecordKind::kAssessment: {
      auto r = body();
      if (!r) return history;
      auto a = core::DecodeAssessment(r->body);
      if (!a) return history;
      auto stored = GetOfKind(records, a->benchmark_id, core::RecordKind::kBenchmark, reader);
      if (!stored) return history;
      auto b = core::DecodeBenchmark(stored->body);
      if (!b || !visible(b->dialogue_id, core::RecordKind::kDialogue)) return history;
      return "/dialogues/" + b->dialogue_id + "/scorecard#" + sid;
    }
    case core::RecordKind::kAsk: {
      auto r = body();
      if (!r) return history;
      auto a = core::DecodeAsk(r->body);
      if (!a || !visible(a->round_id, core::RecordKind::kRound)) return history;
      return "/rounds/" + a->round_id + "#" + sid;
    }
    case core::RecordKind::kReply: {
      auto r = body();
      if (!r) return history;
      auto reply = core::DecodeReply(r->body);
      if (!reply) return history;
      auto ask = GetOfKind(records, reply->ask_id, core::RecordKind::kAsk, reader);
      if (!ask) return history;
      auto a = core::DecodeAsk(ask->body);
      if (!a || !visible(a->round_id, core::RecordKind::kRound)) return history;
      return "/rounds/" + a->round_id + "#" + sid;
    }
    case core::RecordKind::kCaseList: {
      auto r = body();
      if (!r) return history;
      auto c = core::DecodeCaseList(r->body);
      if (!c || !visible(c->round_id, core::RecordKind::kRound)) return history;
      return "/rounds/" + c->round_id;
    }
    case core::RecordKind::kCommitment: {
      auto r = body();
      if (!r) return history;
      auto c = core::DecodeCommitment(r->body);
      if (!c) return history;
      if (visible(c->round_id, core::RecordKind::kRound)) return "/rounds/" + c->round_id;
      if (visible(c->dialogue_id, core::RecordKind::kDialogue)) return "/dialogues/" + c->dialogue_id;
      return history;
    }
    case core::RecordKind::kLegalEvent: {
      auto r = body();
      if (!r || !visible(r->header.parent_id, core::RecordKind::kCase)) return history;
      return "/cases/" + r->header.parent_id;
    }
    case core::RecordKind::kObservation: {
      auto r = body();
      if (!r) return history;
      auto o = core::DecodeObservation(r->body);
      if (!o || !visible(o->indicator_id, core::RecordKind::kIndicator)) return history;
      return "/indicators/" + o->indicator_id + "#" + sid;
    }
    default:
      return history;
  }
}

core::Result<std::string> Site::RenderSearch(const SearchView& view, const PageRequest& request) const {
  try {
    const PageRequest& r = request;
    const Lang lang = r.lang;
    mustache::data d;
    d["q"] = mustache::data(view.q);
    d["lang_code"] = mustache::data(std::string(LangCode(lang)));
    d["unavailable"] = mustache::data(view.unavailable);
    if (!view.bad_parameter.empty()) {
      d["bad_input"] = mustache::data(catalogs_.Get(
          lang, "search.bad_parameter", {{"parameter", view.bad_parameter}, {"message", view.bad_message}}));
    } else {
      d["bad_input"] = mustache::data(false);
    }
    const bool ran = !view.unavailable && view.bad_parameter.empty();
    d["ran"] = mustache::data(ran);
    d["total"] = mustache::data(catalogs_.Get(lang, view.total_exact ? "search.total" : "search.total_about",
                                              {{"count", std::to_string(view.total)}}));
    d["no_hits"] = mustache::data(ran && view.hits.empty());

    mustache::data hits(mustache::data::type::list);
    for (const SearchHitView& h : view.hits) {
      mustache::data hd;
      hd["id"] = mustache::data(h.id);
      hd["title"] = mustache::data(h.title.empty() ? h.id : h.title);
      hd["snippet"] = mustache::data(h.snippet_html);
      hd["has_snippet"] = mustache::data(!h.snippet_html.empty());
      hd["href"] = mustache::data(h.href);
      hd["kind"] = mustache::data(catalogs_.Get(lang, "kind." + std::string(core::KindName(h.kind))));
      hits.push_back(std::move(hd));
    }
    d["hits"] = std::move(hits);

    // Facets: each value a checkbox of the same GET form (labels name it) and
    // a link that narrows to that value alone, for readers who prefer links.
    mustache::data facets(mustache::data::type::list);
    for (const auto& [name, values] : view.facets) {
      if (values.empty()) continue;
      const auto selected_it = view.filters.find(name);
      mustache::data fd;
      fd["name"] = mustache::data(name);
      fd["label"] = mustache::data(catalogs_.Get(lang, "search.facet." + name));
      mustache::data list(mustache::data::type::list);
      int index = 0;
      for (const SearchFacetValueView& v : values) {
        const bool selected = selected_it != view.filters.end() &&
                              std::find(selected_it->second.begin(), selected_it->second.end(), v.value) !=
                                  selected_it->second.end();
        auto narrowed = view.filters;
        narrowed[name] = {v.value};
        mustache::data vd;
        vd["input_id"] = mustache::data("f-" + name + "-" + std::to_string(index++));
        vd["facet"] = mustache::data(name);
        vd["value"] = mustache::data(v.value);
        vd["label"] = mustache::data(FacetValueLabel(records_, name, v.value, r, catalogs_));
        vd["count"] = mustache::data(std::to_string(v.count));
        vd["selected"] = mustache::data(selected);
        vd["href"] = mustache::data("/search?" + QueryString(view.q, narrowed, 0, view.limit) + "&lang=" +
                                    std::string(LangCode(lang)));
        list.push_back(std::move(vd));
      }
      fd["values"] = std::move(list);
      facets.push_back(std::move(fd));
    }
    // Selected filters whose values had no count (nothing matched) stay in the form as hidden inputs.
    mustache::data hidden(mustache::data::type::list);
    for (const auto& [name, values] : view.filters) {
      // Named capture: clang 14 (the fuzz build) can not capture a structured binding.
      const bool shown = std::any_of(view.facets.begin(), view.facets.end(), [&filter = name](const auto& f) {
        return f.first == filter && !f.second.empty();
      });
      if (shown) continue;
      for (const std::string& v : values) {
        mustache::data hd;
        hd["name"] = mustache::data(name);
        hd["value"] = mustache::data(v);
        hidden.push_back(std::move(hd));
      }
    }
    d["hidden_filters"] = std::move(hidden);
    d["clear_href"] = mustache::data("/search?" + QueryString(view.q, {}, 0, view.limit) + "&lang=" +
                                     std::string(LangCode(lang)));
    d["has_facets"] = mustache::data(!facets.is_empty_list());
    d["facets"] = std::move(facets);

    // Paging.
    const std::string lang_suffix = "&lang=" + std::string(LangCode(lang));
    if (ran && view.offset > 0) {
      const std::int64_t prev = std::max<std::int64_t>(0, view.offset - view.limit);
      d["prev_href"] = mustache::data("/search?" + QueryString(view.q, view.filters, prev, view.limit) + lang_suffix);
    } else {
      d["prev_href"] = mustache::data(false);
    }
    if (ran && view.offset + static_cast<std::int64_t>(view.hits.size()) < view.total) {
      d["next_href"] = mustache::data("/search?" +
                                      QueryString(view.q, view.filters, view.offset + view.limit, view.limit) +
                                      lang_suffix);
    } else {
      d["next_href"] = mustache::data(false);
    }
    if (ran && !view.hits.empty()) {
      d["range"] = mustache::data(catalogs_.Get(
          lang, view.total_exact ? "search.range" : "search.range_about",
          {{"from", std::to_string(view.offset + 1)},
           {"to", std::to_string(view.offset + static_cast<std::int64_t>(view.hits.size()))},
           {"total", std::to_string(view.total)}}));
    } else {
      d["range"] = mustache::data(false);
    }

    PageFrame frame;
    frame.title = catalogs_.Get(lang, "search.heading");
    frame.breadcrumbs.push_back(LinkView{catalogs_.Get(lang, "nav.home"), "/", ""});
    frame.current = frame.title;
    PageRequest doc_request = r;
    doc_request.path = "/search?" + QueryString(view.q, view.filters, view.offset, view.limit);
    return RenderDocument(frame, RenderTemplate("search", std::move(d), lang, catalogs_), doc_request, catalogs_);
  } catch (const std::exception& e) {
    return core::Fail(core::Error::Internal(std::string("page rendering failed: ") + e.what()));
  }
}

}  // namespace readout::publish
