// The scorecard of a dialogue (/dialogues/{id}/scorecard): benchmarks x
// rounds, each cell the approved rating in words with the change since the
// previous round and a link to its rationale and evidence, listed below the
// table. A benchmark with no approved rating at a round has an empty cell
// labelled "not assessed" for assistive technology, never "no progress".
#include <map>
#include <set>
#include <string>
#include <utility>

#include "core/accountability.h"
#include "publish/accountability_common.h"

namespace readout::publish {
namespace {

mustache::data Text(const TextView& t, const Catalogs& c, Lang lang) {
  return t.empty() ? mustache::data(false) : ToData(t, c, lang);
}

// Labels that repeat across the table's ten thousand cells, looked up in the
// catalogs once per page rather than once per cell.
class Labels {
 public:
  Labels(const FactsIndex& index, Lang lang, const Catalogs& catalogs) : lang_(lang), catalogs_(catalogs) {
    for (const auto& [id, round] : index.rounds) rounds_.emplace(id, RoundLabel(*round, lang, catalogs));
  }

  const std::string& Rating(core::AssessmentRating rating) {
    auto [it, added] = ratings_.try_emplace(rating);
    if (added) it->second = RatingText(rating, lang_, catalogs_);
    return it->second;
  }

  const ChangeView& Change(core::RatingChange change, core::AssessmentRating previous) {
    auto [it, added] = changes_.try_emplace({change, previous});
    if (added) it->second = BuildChange(change, previous, lang_, catalogs_);
    return it->second;
  }

  // "" when the round is not in the snapshot.
  const std::string& Round(const std::string& round_id) const {
    static const std::string kNone;
    auto it = rounds_.find(round_id);
    return it == rounds_.end() ? kNone : it->second;
  }

 private:
  Lang lang_;
  const Catalogs& catalogs_;
  std::map<std::string, std::string, std::less<>> rounds_;
  std::map<core::AssessmentRating, std::string> ratings_;
  std::map<std::pair<core::RatingChange, core::AssessmentRating>, ChangeView> changes_;
};

// One assessment with its rationale and evidence, for the list under the table.
core::Result<mustache::data> AssessmentData(core::RecordService& records, const std::string& id,
                                            const core::Assessment& a, Labels& labels, const PageRequest& request,
                                            const Catalogs& catalogs) {
  const Lang lang = request.lang;
  mustache::data d;
  d["id"] = mustache::data(id);
  std::string when;
  if (!a.round_id.empty()) {
    when = labels.Round(a.round_id);
  } else if (a.date) {
    when = FormatDate(*a.date, lang, catalogs);
  }
  d["when"] = mustache::data(std::move(when));
  d["rating_code"] = mustache::data(std::string(core::ToCode(a.rating)));
  d["rating"] = mustache::data(labels.Rating(a.rating));
  d["rationale"] = Text(PickText(a.rationale, lang), catalogs, lang);
  if (a.common.sources.empty() && a.source_ids.empty()) {  // most assessments: no lookups, no store reads
    d["sources"] = mustache::data(mustache::data::type::list);
    d["no_sources"] = mustache::data(true);
    return d;
  }
  auto sources = CitedSources(records, a.common, a.source_ids, request.reader, lang, catalogs);
  if (!sources) return core::Fail(sources.error());
  d["sources"] = ToData(*sources);
  d["no_sources"] = mustache::data(sources->empty());
  return d;
}

}  // namespace

core::Result<RenderedPage> BuildScorecardPage(core::RecordService& records, const Site& site,
                                              std::string_view dialogue_id,
                                              std::string_view issue_id, const PageRequest& request,
                                              const Catalogs& catalogs) {
  const Lang lang = request.lang;
  auto snapshot = site.Facts(dialogue_id, request.reader);
  if (!snapshot) return core::Fail(snapshot.error());
  const core::DialogueFacts* facts = snapshot->get();
  const FactsIndex index(*facts);
  if (!issue_id.empty() && !index.issues.contains(issue_id)) {
    return core::Fail(core::Error::NotFound("no such issue"));
  }
  const core::Scorecard card = core::BuildScorecard(*facts, issue_id);
  Labels labels(index, lang, catalogs);
  const TextView dialogue_name = PickText(facts->dialogue.name, lang);
  const std::string base = "/dialogues/" + facts->dialogue_id;

  mustache::data d;
  d["dialogue"] = ToData(dialogue_name, catalogs, lang);
  d["dialogue_href"] = mustache::data(base);

  // The issue filter offers the issues that have benchmarks in this dialogue.
  std::set<std::string> with_benchmarks;
  for (const auto& b : facts->benchmarks) with_benchmarks.insert(b.value.issue_id);
  mustache::data issues(mustache::data::type::list);
  for (const auto& issue : facts->issues) {
    if (!with_benchmarks.contains(issue.id)) continue;
    mustache::data o;
    o["id"] = mustache::data(issue.id);
    o["name"] = mustache::data(PickText(issue.value.name, lang).text);
    o["selected"] = mustache::data(issue.id == issue_id);
    issues.push_back(std::move(o));
  }
  d["issues"] = std::move(issues);
  d["no_issue"] = mustache::data(issue_id.empty());
  if (!issue_id.empty()) {
    d["filtered_by"] = mustache::data(PickText(index.issues.find(issue_id)->second->name, lang).text);
  } else {
    d["filtered_by"] = mustache::data(false);
  }

  mustache::data columns(mustache::data::type::list);
  for (const std::string& round_id : card.round_ids) {
    const core::Round& round = *index.rounds.at(round_id);
    mustache::data c;
    c["label"] = mustache::data(RoundLabel(round, lang, catalogs));
    c["href"] = mustache::data("/rounds/" + round_id);
    c["dates"] = mustache::data(FormatDate(round.dates, lang, catalogs));
    columns.push_back(std::move(c));
  }
  d["columns"] = std::move(columns);

  mustache::data rows(mustache::data::type::list);
  mustache::data details(mustache::data::type::list);
  for (const core::ScorecardRow& row : card.rows) {
    mustache::data r;
    r["id"] = mustache::data(row.benchmark_id);
    r["statement"] = ToData(PickText(row.statement, lang), catalogs, lang);
    auto issue = index.issues.find(row.issue_id);
    r["issue"] = issue == index.issues.end() ? mustache::data(false)
                                             : Text(PickText(issue->second->name, lang), catalogs, lang);
    r["deadline"] = row.deadline ? mustache::data(FormatDate(*row.deadline, lang, catalogs)) : mustache::data(false);
    mustache::data cells(mustache::data::type::list);
    mustache::data assessments(mustache::data::type::list);
    for (const core::ScorecardCell& cell : row.cells) {
      mustache::data cd;
      const bool assessed = cell.rating != core::AssessmentRating::kNotAssessed;
      cd["assessed"] = mustache::data(assessed);
      cd["rating_code"] = mustache::data(std::string(core::ToCode(cell.rating)));
      cd["rating"] = mustache::data(labels.Rating(cell.rating));
      const ChangeView& change = labels.Change(cell.change, cell.previous_rating);
      if (!change.code.empty()) {
        mustache::data ch;
        ch["code"] = mustache::data(change.code);
        ch["arrow"] = mustache::data(change.arrow);
        ch["text"] = mustache::data(change.text);
        cd["change"] = std::move(ch);
      } else {
        cd["change"] = mustache::data(false);
      }
      cd["href"] = mustache::data("#" + cell.assessment_id);
      cells.push_back(std::move(cd));
      if (assessed && !cell.assessment_id.empty()) {
        auto a = index.assessments.find(cell.assessment_id);
        if (a != index.assessments.end()) {
          auto ad = AssessmentData(records, cell.assessment_id, *a->second, labels, request, catalogs);
          if (!ad) return core::Fail(ad.error());
          assessments.push_back(std::move(*ad));
        }
      }
    }
    for (const auto& interim : row.interim) {
      auto ad = AssessmentData(records, interim.id, interim.value, labels, request, catalogs);
      if (!ad) return core::Fail(ad.error());
      assessments.push_back(std::move(*ad));
    }
    r["cells"] = std::move(cells);
    rows.push_back(std::move(r));

    mustache::data detail;
    detail["id"] = mustache::data(row.benchmark_id);
    detail["statement"] = ToData(PickText(row.statement, lang), catalogs, lang);
    if (auto b = index.benchmarks.find(row.benchmark_id); b != index.benchmarks.end()) {
      const core::Benchmark& bm = *b->second;
      detail["criterion"] = Text(PickText(bm.criterion, lang), catalogs, lang);
      detail["no_criterion"] = mustache::data(bm.criterion.empty());
      detail["baseline"] = Text(PickText(bm.baseline, lang), catalogs, lang);
      detail["baseline_date"] = bm.baseline_date ? mustache::data(FormatDate(*bm.baseline_date, lang, catalogs))
                                                 : mustache::data(false);
      detail["target"] = Text(PickText(bm.target, lang), catalogs, lang);
    }
    detail["deadline"] =
        row.deadline ? mustache::data(FormatDate(*row.deadline, lang, catalogs)) : mustache::data(false);
    detail["no_assessments"] = mustache::data(assessments.is_empty_list());
    detail["assessments"] = std::move(assessments);
    details.push_back(std::move(detail));
  }
  d["no_rows"] = mustache::data(card.rows.empty());
  d["rows"] = std::move(rows);
  d["details"] = std::move(details);
  d["changes_href"] = mustache::data(base + "/changes");
  d["agencies_href"] = mustache::data(base + "/agencies");

  RenderedPage page;
  page.frame.title = catalogs.Get(lang, "scorecard.heading");
  page.frame.breadcrumbs.push_back(LinkView{catalogs.Get(lang, "nav.home"), "/", ""});
  page.frame.breadcrumbs.push_back(LinkView{dialogue_name.text, base, dialogue_name.lang});
  page.frame.current = page.frame.title;
  page.body = RenderTemplate("scorecard", std::move(d), lang, catalogs);
  return page;
}

}  // namespace readout::publish
