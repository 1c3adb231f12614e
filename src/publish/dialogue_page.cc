#include "publish/dialogue_page.h"

#include <algorithm>
#include <utility>

#include "core/accountability.h"
#include "core/entity_codec.h"
#include "publish/accountability_common.h"
#include "publish/public_readout.h"

namespace readout::publish {
namespace {

std::string Parties(const core::Dialogue& d, Lang lang, const Catalogs& catalogs) {
  return catalogs.Get(lang, "dialogue.parties_value",
                      {{"a", PickText(d.party_a.name, lang).text}, {"b", PickText(d.party_b.name, lang).text}});
}

}  // namespace

core::Result<HomePage> BuildHomePage(core::RecordService& records, const PageRequest& request,
                                     const Catalogs& catalogs) {
  const Lang lang = request.lang;
  auto stored = ListAll(records, core::RecordKind::kDialogue, "", request.reader);
  if (!stored) return core::Fail(stored.error());
  HomePage page;
  for (const core::StoredRecord& r : *stored) {
    auto dialogue = core::DecodeDialogue(r.body);
    if (!dialogue) return core::Fail(BadStoredBody(r.header.id, dialogue.error()));
    DialogueSummaryView v;
    v.name = PickText(dialogue->name, lang);
    v.href = "/dialogues/" + r.header.id;
    v.parties = Parties(*dialogue, lang, catalogs);
    core::ListQuery query;
    query.kind = core::RecordKind::kRound;
    query.parent_id = r.header.id;
    query.limit = 1;
    auto rounds = records.List(query, request.reader);
    if (!rounds) return core::Fail(rounds.error());
    v.round_count = rounds->total;
    page.dialogues.push_back(std::move(v));
  }
  return page;
}

core::Result<DialoguePage> BuildDialoguePage(core::RecordService& records, const Site& site,
                                             std::string_view dialogue_id,
                                             const PageRequest& request, const Catalogs& catalogs) {
  const Lang lang = request.lang;
  auto stored = GetOfKind(records, dialogue_id, core::RecordKind::kDialogue, request.reader);
  if (!stored) return core::Fail(stored.error());
  auto dialogue = core::DecodeDialogue(stored->body);
  if (!dialogue) return core::Fail(BadStoredBody(dialogue_id, dialogue.error()));

  DialoguePage page;
  page.id = stored->header.id;
  page.name = PickText(dialogue->name, lang);
  page.parties = Parties(*dialogue, lang, catalogs);
  if (dialogue->first_held) page.first_held = FormatDate(*dialogue->first_held, lang, catalogs);
  page.summary = PickText(dialogue->summary, lang);
  page.sources = BuildSources(dialogue->common.sources, lang, catalogs);
  page.history_href = "/records/" + page.id + "/history";

  auto rounds = ListAll(records, core::RecordKind::kRound, page.id, request.reader);
  if (!rounds) return core::Fail(rounds.error());
  struct Sorted {
    std::optional<core::CivilDay> start;
    int number;
    RoundSummaryView view;
  };
  std::vector<Sorted> sorted;
  for (const core::StoredRecord& r : *rounds) {
    auto round = core::DecodeRound(r.body);
    if (!round) return core::Fail(BadStoredBody(r.header.id, round.error()));
    RoundSummaryView v;
    v.title = PickText(round->title, lang);
    v.href = "/rounds/" + r.header.id;
    if (round->number > 0) v.number = catalogs.Get(lang, "round.number", {{"number", std::to_string(round->number)}});
    v.dates = FormatDate(round->dates, lang, catalogs);
    v.place = PickText(round->place, lang);
    sorted.push_back(Sorted{round->dates.EarliestDay(), round->number, std::move(v)});
  }
  // Newest first; undated rounds last.
  std::stable_sort(sorted.begin(), sorted.end(), [](const Sorted& a, const Sorted& b) {
    if (a.start.has_value() != b.start.has_value()) return a.start.has_value();
    if (a.start != b.start) return *a.start > *b.start;
    return a.number > b.number;
  });
  for (Sorted& s : sorted) page.rounds.push_back(std::move(s.view));

  // Each benchmark's last rating and its trend, for whoever prepares the next round.
  auto snapshot = site.Facts(page.id, request.reader);
  if (!snapshot) return core::Fail(snapshot.error());
  const core::DialogueFacts* facts = snapshot->get();
  const FactsIndex index(*facts);
  const core::Scorecard card = core::BuildScorecard(*facts);
  for (const core::ScorecardRow& row : card.rows) {
    BenchmarkStandingView v;
    v.statement = PickText(row.statement, lang);
    v.href = "/dialogues/" + page.id + "/scorecard#" + row.benchmark_id;
    if (auto it = index.issues.find(row.issue_id); it != index.issues.end()) v.issue = PickText(it->second->name, lang);
    for (auto cell = row.cells.rbegin(); cell != row.cells.rend(); ++cell) {
      if (cell->rating == core::AssessmentRating::kNotAssessed) continue;
      v.rating_code = std::string(core::ToCode(cell->rating));
      v.rating = RatingText(cell->rating, lang, catalogs);
      if (auto r = index.rounds.find(cell->round_id); r != index.rounds.end()) {
        v.as_of = RoundLabel(*r->second, lang, catalogs);
      }
      const ChangeView trend = BuildChange(cell->change, cell->previous_rating, lang, catalogs);
      v.trend_code = trend.code;
      v.trend_arrow = trend.arrow;
      v.trend = trend.text;
      break;
    }
    page.benchmarks.push_back(std::move(v));
  }
  const core::CivilDay today = request.today.value_or(core::CivilDay{});
  for (const core::Alert& alert : core::BuildAlerts(*facts, today, site.score_settings())) {
    page.alerts.push_back(DialogueAlertView{
        std::string(core::ToCode(alert.kind)), VocabLabel("alert_kind", core::ToCode(alert.kind), lang, catalogs),
        RecordLink(alert.subject_id, index, lang, catalogs),
        catalogs.Get(lang, "overdue.days_overdue", {{"days", std::to_string(alert.days_overdue)}})});
  }
  page.scorecard_href = "/dialogues/" + page.id + "/scorecard";
  if (facts->rounds.size() >= 2) page.changes_href = "/dialogues/" + page.id + "/changes";
  page.agencies_href = "/dialogues/" + page.id + "/agencies";
  PublicRecords public_records(records);
  auto readouts = ListPublishedReadouts(public_records, page.id);
  if (!readouts) return core::Fail(readouts.error());
  for (const PublishedReadout& r : *readouts) {
    TextView title = PickText(r.content.title, lang);
    page.readouts.push_back(LinkView{title.text, "/readouts/" + r.readout_id, title.lang});
  }
  return page;
}

std::string RenderHomeBody(const HomePage& page, const PageRequest& request, const Catalogs& catalogs) {
  const Lang lang = request.lang;
  mustache::data d;
  mustache::data list(mustache::data::type::list);
  for (const DialogueSummaryView& v : page.dialogues) {
    mustache::data item;
    item["name"] = ToData(v.name, catalogs, lang);
    item["href"] = mustache::data(v.href);
    item["parties"] = mustache::data(v.parties);
    item["round_count"] = mustache::data(std::to_string(v.round_count));
    list.push_back(std::move(item));
  }
  d["dialogues"] = std::move(list);
  d["empty"] = mustache::data(page.dialogues.empty());
  return RenderTemplate("home", std::move(d), lang, catalogs);
}

std::string RenderDialogueBody(const DialoguePage& page, const PageRequest& request, const Catalogs& catalogs) {
  const Lang lang = request.lang;
  mustache::data d;
  d["name"] = ToData(page.name, catalogs, lang);
  d["parties"] = mustache::data(page.parties);
  d["first_held"] = page.first_held.empty() ? mustache::data(false) : mustache::data(page.first_held);
  d["summary"] = page.summary.empty() ? mustache::data(false) : ToData(page.summary, catalogs, lang);
  mustache::data rounds(mustache::data::type::list);
  for (const RoundSummaryView& r : page.rounds) {
    mustache::data item;
    item["title"] = ToData(r.title, catalogs, lang);
    item["href"] = mustache::data(r.href);
    item["number"] = r.number.empty() ? mustache::data(false) : mustache::data(r.number);
    item["dates"] = mustache::data(r.dates);
    item["place"] = r.place.empty() ? mustache::data(false) : ToData(r.place, catalogs, lang);
    rounds.push_back(std::move(item));
  }
  d["rounds"] = std::move(rounds);
  d["no_rounds"] = mustache::data(page.rounds.empty());
  d["sources"] = ToData(page.sources);
  d["no_sources"] = mustache::data(page.sources.empty());
  d["history_href"] = mustache::data(page.history_href);
  d["readouts"] = ToData(page.readouts);
  d["has_readouts"] = mustache::data(!page.readouts.empty());
  mustache::data alerts(mustache::data::type::list);
  for (const DialogueAlertView& a : page.alerts) {
    mustache::data ad;
    ad["kind_code"] = mustache::data(a.kind_code);
    ad["kind"] = mustache::data(a.kind);
    ad["subject_label"] = mustache::data(a.subject.label);
    ad["subject_href"] = mustache::data(a.subject.href);
    ad["subject_lang"] = a.subject.lang.empty() ? mustache::data(false) : mustache::data(a.subject.lang);
    ad["overdue"] = mustache::data(a.overdue);
    alerts.push_back(std::move(ad));
  }
  d["has_alerts"] = mustache::data(!page.alerts.empty());
  d["alerts"] = std::move(alerts);
  mustache::data benchmarks(mustache::data::type::list);
  for (const BenchmarkStandingView& b : page.benchmarks) {
    mustache::data item;
    item["statement"] = ToData(b.statement, catalogs, lang);
    item["href"] = mustache::data(b.href);
    item["issue"] = b.issue.empty() ? mustache::data(false) : ToData(b.issue, catalogs, lang);
    item["rated"] = mustache::data(!b.rating_code.empty());
    item["rating_code"] = mustache::data(b.rating_code);
    item["rating"] = mustache::data(b.rating);
    item["as_of"] = b.as_of.empty() ? mustache::data(false) : mustache::data(b.as_of);
    item["trend"] = b.trend.empty() ? mustache::data(false) : mustache::data(b.trend);
    item["trend_code"] = mustache::data(b.trend_code);
    item["trend_arrow"] = mustache::data(b.trend_arrow);
    benchmarks.push_back(std::move(item));
  }
  d["has_benchmarks"] = mustache::data(!page.benchmarks.empty());
  d["benchmarks"] = std::move(benchmarks);
  d["scorecard_href"] = mustache::data(page.scorecard_href);
  d["changes_href"] = page.changes_href.empty() ? mustache::data(false) : mustache::data(page.changes_href);
  d["agencies_href"] = mustache::data(page.agencies_href);
  return RenderTemplate("dialogue", std::move(d), lang, catalogs);
}

}  // namespace readout::publish
