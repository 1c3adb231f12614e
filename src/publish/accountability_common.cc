#include "publish/accountability_common.h"

#include <cmath>
#include <cstdio>
#include <utility>

#include "core/record.h"
#include "publish/case_page.h"

namespace readout::publish {
namespace {

template <typename T>
void IndexAll(const std::vector<core::Identified<T>>& items, std::map<std::string, const T*, std::less<>>& out) {
  for (const auto& item : items) out.emplace(item.id, &item.value);
}

template <typename Map>
auto Find(const Map& map, std::string_view id) -> typename Map::mapped_type {
  auto it = map.find(id);
  return it == map.end() ? nullptr : it->second;
}

}  // namespace

FactsIndex::FactsIndex(const core::DialogueFacts& f) : facts(f) {
  IndexAll(f.rounds, rounds);
  IndexAll(f.issues, issues);
  IndexAll(f.benchmarks, benchmarks);
  IndexAll(f.assessments, assessments);
  IndexAll(f.commitments, commitments);
  IndexAll(f.engagements, engagements);
  IndexAll(f.agencies, agencies);
  IndexAll(f.asks, asks);
  IndexAll(f.replies, replies);
  for (const core::RaisedCase& c : f.cases) cases.emplace(c.id, &c);
}

std::string VocabLabel(std::string_view vocabulary, std::string_view code, Lang lang, const Catalogs& catalogs) {
  return catalogs.Get(lang, "vocab." + std::string(vocabulary) + "." + std::string(code));
}

std::string RoundLabel(const core::Round& round, Lang lang, const Catalogs& catalogs) {
  if (round.number > 0) return catalogs.Get(lang, "round.number", {{"number", std::to_string(round.number)}});
  return PickText(round.title, lang).text;
}

std::string RatingText(core::AssessmentRating rating, Lang lang, const Catalogs& catalogs) {
  if (rating == core::AssessmentRating::kNotAssessed) return "";
  return VocabLabel("assessment_rating", core::ToCode(rating), lang, catalogs);
}

ChangeView BuildChange(core::RatingChange change, core::AssessmentRating previous, Lang lang,
                       const Catalogs& catalogs) {
  const std::string was = RatingText(previous, lang, catalogs);
  switch (change) {
    case core::RatingChange::kNone:
      return {};
    case core::RatingChange::kImproved:
      return {"improved", "↑", catalogs.Get(lang, "rating_change.improved", {{"previous", was}})};
    case core::RatingChange::kWorsened:
      return {"worsened", "↓", catalogs.Get(lang, "rating_change.worsened", {{"previous", was}})};
    case core::RatingChange::kUnchanged:
      return {"unchanged", "→", catalogs.Get(lang, "rating_change.unchanged")};
    case core::RatingChange::kFirstRated:
      return {"first_rated", "•", catalogs.Get(lang, "rating_change.first_rated")};
  }
  return {};
}

LinkView RecordLink(std::string_view id, const FactsIndex& index, Lang lang, const Catalogs& catalogs) {
  const std::string sid(id);
  const std::string& dialogue = index.facts.dialogue_id;
  auto text = [](const TextView& t, std::string href) { return LinkView{t.text, std::move(href), t.lang}; };
  switch (core::KindOfId(id).value_or(core::RecordKind::kDialogue)) {
    case core::RecordKind::kRound:
      if (auto* r = Find(index.rounds, id)) return LinkView{RoundLabel(*r, lang, catalogs), "/rounds/" + sid, ""};
      break;
    case core::RecordKind::kCase:
      if (auto* c = Find(index.cases, id)) return text(PickText(c->person_name, lang), "/cases/" + sid);
      break;
    case core::RecordKind::kEngagement:
      if (auto* e = Find(index.engagements, id)) return text(PickText(e->title, lang), "/engagements/" + sid);
      break;
    case core::RecordKind::kAgency:
      if (auto* a = Find(index.agencies, id)) return text(PickText(a->name, lang), "/agencies/" + sid);
      break;
    case core::RecordKind::kBenchmark:
      if (auto* b = Find(index.benchmarks, id)) {
        return text(PickText(b->statement, lang), "/dialogues/" + dialogue + "/scorecard#" + sid);
      }
      break;
    case core::RecordKind::kAssessment:
      if (auto* a = Find(index.assessments, id)) {
        if (auto* b = Find(index.benchmarks, a->benchmark_id)) {
          return text(PickText(b->statement, lang), "/dialogues/" + dialogue + "/scorecard#" + sid);
        }
      }
      break;
    case core::RecordKind::kIssue:
      if (auto* i = Find(index.issues, id)) {
        return text(PickText(i->name, lang), "/dialogues/" + dialogue + "/scorecard?issue=" + sid);
      }
      break;
    case core::RecordKind::kAsk:
      if (auto* a = Find(index.asks, id)) {
        TextView label = PickText(a->description, lang);
        if (label.empty()) label = TextView{catalogs.Get(lang, "kind.ask") + " " + sid, std::string(LangCode(lang)), false};
        const std::string parent = a->round_id.empty() ? "/engagements/" + a->engagement_id : "/rounds/" + a->round_id;
        return text(label, parent + "#" + sid);
      }
      break;
    case core::RecordKind::kReply:
      if (auto* r = Find(index.replies, id)) {
        LinkView ask = RecordLink(r->ask_id, index, lang, catalogs);
        if (!ask.href.empty()) return ask;
      }
      break;
    case core::RecordKind::kCommitment:
      if (auto* c = Find(index.commitments, id)) return text(PickText(c->text, lang), "/records/" + sid + "/history");
      break;
    default:
      break;
  }
  return LinkView{sid, "/records/" + sid + "/history", ""};
}

core::Result<std::vector<SourceView>> CitedSources(core::RecordService& records, const core::RecordCommon& common,
                                                   const std::vector<std::string>& source_ids,
                                                   core::Visibility reader, Lang lang, const Catalogs& catalogs) {
  return BuildCaseSources(records, common, source_ids, reader, lang, catalogs);
}

std::string Percent(double share, Lang lang, const Catalogs& catalogs) {
  return catalogs.Get(lang, "common.percent", {{"value", std::to_string(static_cast<int>(std::lround(share * 100)))}});
}

std::string RenderScoreSection(const core::Score& score, std::string_view heading_id, const FactsIndex& index,
                               Lang lang, const Catalogs& catalogs) {
  mustache::data d;
  d["heading"] = mustache::data(catalogs.Get(lang, std::string(heading_id)));
  d["total"] = mustache::data(Percent(score.total, lang, catalogs));
  d["perfunctory"] = mustache::data(score.perfunctory);
  mustache::data components(mustache::data::type::list);
  for (const core::ScoreComponent& c : score.components) {
    mustache::data cd;
    cd["code"] = mustache::data(std::string(c.code));
    cd["name"] = mustache::data(catalogs.Get(lang, "score.component." + std::string(c.code)));
    cd["value"] = mustache::data(Percent(c.value, lang, catalogs));
    char weight[16];
    std::snprintf(weight, sizeof weight, "%g", c.weight);
    cd["weight"] = mustache::data(std::string(weight));
    cd["counted"] = mustache::data(catalogs.Get(
        lang, "score.counted",
        {{"numerator", std::to_string(c.numerator)}, {"denominator", std::to_string(c.denominator)}}));
    std::vector<LinkView> inputs;
    for (const std::string& id : c.input_ids) inputs.push_back(RecordLink(id, index, lang, catalogs));
    cd["inputs"] = ToData(inputs);
    cd["no_inputs"] = mustache::data(inputs.empty());
    components.push_back(std::move(cd));
  }
  d["components"] = std::move(components);
  return RenderTemplate("score", std::move(d), lang, catalogs);
}

}  // namespace readout::publish
