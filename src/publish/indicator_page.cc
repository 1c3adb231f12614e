// One indicator (/indicators/{id}): its definition, a server-rendered SVG
// chart of its observations with a text table of every observation beside
// it (each with its sources), and the same observations as CSV
// (/indicators/{id}.csv).
#include <algorithm>
#include <utility>

#include "core/accountability_codec.h"
#include "core/case_vocabulary.h"
#include "core/entity_codec.h"
#include "publish/accountability_common.h"
#include "publish/svg_chart.h"

namespace readout::publish {
namespace {

mustache::data Text(const TextView& t, const Catalogs& c, Lang lang) {
  return t.empty() ? mustache::data(false) : ToData(t, c, lang);
}

struct LoadedIndicator {
  std::string id;
  core::Indicator value;
  std::vector<core::Identified<core::Observation>> observations;  // by date
};

core::Result<LoadedIndicator> Load(core::RecordService& records, std::string_view indicator_id,
                                   core::Visibility reader) {
  auto stored = GetOfKind(records, indicator_id, core::RecordKind::kIndicator, reader);
  if (!stored) return core::Fail(stored.error());
  auto indicator = core::DecodeIndicator(stored->body);
  if (!indicator) return core::Fail(BadStoredBody(indicator_id, indicator.error()));
  LoadedIndicator out{stored->header.id, std::move(*indicator), {}};
  auto observations = ListAll(records, core::RecordKind::kObservation, out.id, reader);
  if (!observations) return core::Fail(observations.error());
  for (const core::StoredRecord& r : *observations) {
    auto o = core::DecodeObservation(r.body);
    if (!o) return core::Fail(BadStoredBody(r.header.id, o.error()));
    if (o->indicator_id != out.id) continue;
    out.observations.push_back({r.header.id, std::move(*o)});
  }
  std::stable_sort(out.observations.begin(), out.observations.end(), [](const auto& a, const auto& b) {
    return std::make_pair(a.value.date.EarliestDay(), a.id) < std::make_pair(b.value.date.EarliestDay(), b.id);
  });
  return out;
}

bool IsRange(const core::ParticipantCount& v) { return v.high && v.low && *v.high > *v.low; }

// "121", "at least 121", "about 120", "150 to 200".
std::string ValueText(const core::ParticipantCount& v, Lang lang, const Catalogs& catalogs) {
  const std::string low = v.low ? std::to_string(*v.low) : "?";
  if (IsRange(v)) return catalogs.Get(lang, "indicator.value.range", {{"low", low}, {"high", std::to_string(*v.high)}});
  switch (v.qualifier) {
    case core::CountQualifier::kAtLeast:
      return catalogs.Get(lang, "indicator.value.at_least", {{"low", low}});
    case core::CountQualifier::kApproximately:
      return catalogs.Get(lang, "indicator.value.approximately", {{"low", low}});
    default:
      return low;
  }
}

// RFC 4180: quote a field holding a comma, a quote or a line break.
std::string CsvField(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

core::Result<RenderedPage> BuildIndicatorPage(core::RecordService& records, std::string_view indicator_id,
                                              const PageRequest& request, const Catalogs& catalogs) {
  const Lang lang = request.lang;
  auto loaded = Load(records, indicator_id, request.reader);
  if (!loaded) return core::Fail(loaded.error());
  const core::Indicator& ind = loaded->value;
  const TextView name = PickText(ind.name, lang);
  const TextView unit = PickText(ind.unit, lang);

  mustache::data d;
  d["name"] = ToData(name, catalogs, lang);
  d["counted"] = Text(PickText(ind.definition.counted, lang), catalogs, lang);
  d["since"] = ind.definition.since ? mustache::data(FormatDate(*ind.definition.since, lang, catalogs))
                                    : mustache::data(false);
  d["counted_by"] = Text(PickText(ind.definition.counted_by, lang), catalogs, lang);
  d["unit"] = Text(unit, catalogs, lang);
  d["cumulative"] = mustache::data(ind.cumulative);

  ChartSpec chart;
  chart.title = name.text;
  chart.y_label = unit.text;
  mustache::data rows(mustache::data::type::list);
  for (const auto& [id, o] : loaded->observations) {
    const std::string date = FormatDate(o.date, lang, catalogs);
    const std::string value = ValueText(o.value, lang, catalogs);
    if (auto day = o.date.EarliestDay(); day && o.value.low) {
      chart.points.push_back(ChartPoint{*day, *o.value.low, o.value.high,
                                        catalogs.Get(lang, "indicator.mark", {{"value", value}, {"date", date}})});
    }
    mustache::data r;
    r["id"] = mustache::data(id);
    r["date"] = mustache::data(date);
    r["value"] = mustache::data(value);
    r["low"] = mustache::data(o.value.low ? std::to_string(*o.value.low) : "");
    r["high"] = mustache::data(o.value.high ? std::to_string(*o.value.high) : "");
    r["qualifier"] = mustache::data(VocabLabel("count_qualifier", core::ToCode(o.value.qualifier), lang, catalogs));
    r["note"] = Text(PickText(o.note, lang), catalogs, lang);
    auto sources = CitedSources(records, o.common, o.source_ids, request.reader, lang, catalogs);
    if (!sources) return core::Fail(sources.error());
    r["sources"] = ToData(*sources);
    r["no_sources"] = mustache::data(sources->empty());
    rows.push_back(std::move(r));
  }
  chart.description = catalogs.Get(lang, "indicator.chart_label",
                                   {{"name", name.text}, {"count", std::to_string(chart.points.size())}});
  d["chart"] = mustache::data(RenderSvgChart(chart));
  d["no_rows"] = mustache::data(loaded->observations.empty());
  d["rows"] = std::move(rows);
  d["csv_href"] = mustache::data("/indicators/" + loaded->id + ".csv");
  auto sources = CitedSources(records, ind.common, ind.source_ids, request.reader, lang, catalogs);
  if (!sources) return core::Fail(sources.error());
  d["sources"] = ToData(*sources);
  d["no_sources"] = mustache::data(sources->empty());
  d["history_href"] = mustache::data("/records/" + loaded->id + "/history");

  RenderedPage page;
  page.frame.title = name.text;
  page.frame.breadcrumbs.push_back(LinkView{catalogs.Get(lang, "nav.home"), "/", ""});
  if (!ind.dialogue_id.empty()) {
    if (auto dlg = GetOfKind(records, ind.dialogue_id, core::RecordKind::kDialogue, request.reader)) {
      if (auto dialogue = core::DecodeDialogue(dlg->body)) {
        const TextView dname = PickText(dialogue->name, lang);
        page.frame.breadcrumbs.push_back(LinkView{dname.text, "/dialogues/" + dlg->header.id, dname.lang});
      }
    }
  }
  page.frame.current = name.text;
  page.body = RenderTemplate("indicator", std::move(d), lang, catalogs);
  return page;
}

core::Result<std::string> BuildIndicatorCsv(core::RecordService& records, std::string_view indicator_id,
                                            core::Visibility reader) {
  auto loaded = Load(records, indicator_id, reader);
  if (!loaded) return core::Fail(loaded.error());
  std::string csv = "date,low,high,qualifier,note_en,note_zh_hans,source_ids\r\n";
  for (const auto& [id, o] : loaded->observations) {
    // Only the source records the reader may see are named.
    std::string sources;
    for (const std::string& source_id : o.source_ids) {
      auto source = GetOfKind(records, source_id, core::RecordKind::kSource, reader);
      if (!source) {
        if (source.error().code == core::ErrorCode::kNotFound) continue;
        return core::Fail(source.error());
      }
      if (!sources.empty()) sources += ' ';
      sources += source_id;
    }
    csv += CsvField(o.date.ToString()) + ',' + (o.value.low ? std::to_string(*o.value.low) : "") + ',' +
           (o.value.high ? std::to_string(*o.value.high) : "") + ',' + std::string(core::ToCode(o.value.qualifier)) +
           ',' + CsvField(o.note.en) + ',' + CsvField(o.note.zh_hans) + ',' + CsvField(sources) + "\r\n";
  }
  return csv;
}

}  // namespace readout::publish
