// The scorecard of a dialogue (/dialogues/{id}/scorecard): benchmarks x
// rounds, each cell the approved rating in words with the change since the
// previous round and a link to its rationale and evidence, listed below the
// table. A benchmark with no approved rating at a round has an empty cell
// labelled "not assessed" for assistive technology, never "no progress".
// The table is paginated (kScorecardPageSize benchmarks a page); its rows
// and the reasons are written by HtmlWriter below, the rest by the template.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/accountability.h"
#include "publish/accountability_common.h"

namespace readout::publish {
namespace {

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

// The table's rows and the reasons under it are written here, not with the
// scorecard template: at 50 benchmarks x 20 rounds a page has 1,000 cells and
// up to 1,000 assessments, and building kainjow's data (a hash map per cell)
// and rendering it cost ten times what writing the markup does
// (docs/performance.md). The markup is what scorecard.mustache wrote, and
// every text is escaped as kainjow's {{name}} escapes it.
class HtmlWriter {
 public:
  HtmlWriter& Raw(std::string_view s) {
    out_.append(s);
    return *this;
  }
  // & < > " ' as entities, as kainjow::mustache's html_escape.
  HtmlWriter& Text(std::string_view s) {
    for (char c : s) {
      switch (c) {
        case '&':
          out_ += "&amp;";
          break;
        case '<':
          out_ += "&lt;";
          break;
        case '>':
          out_ += "&gt;";
          break;
        case '"':
          out_ += "&quot;";
          break;
        case '\'':
          out_ += "&apos;";
          break;
        default:
          out_ += c;
      }
    }
    return *this;
  }
  // web/templates/bilingual.mustache.
  HtmlWriter& Bilingual(const TextView& t, const std::string& untranslated_note) {
    Raw("<span lang=\"").Text(t.lang).Raw("\">").Text(t.text).Raw("</span>");
    if (t.fallback) Raw(" <small class=\"untranslated\">(").Text(untranslated_note).Raw(")</small>");
    return *this;
  }
  // web/templates/sources.mustache.
  HtmlWriter& Sources(const std::vector<SourceView>& sources) {
    Raw("<ul class=\"sources\">\n");
    for (const SourceView& s : sources) {
      Raw("<li>");
      if (!s.url.empty()) {
        Raw("<a href=\"").Text(s.url).Raw("\" rel=\"noopener noreferrer\">").Text(s.title).Raw("</a>");
      } else {
        Text(s.title);
      }
      if (!s.date.empty()) Raw(" <span class=\"source-date\">(").Text(s.date).Raw(")</span>");
      if (!s.note.empty()) Raw(" <span class=\"source-note\">").Text(s.note).Raw("</span>");
      Raw("</li>\n");
    }
    return Raw("</ul>\n");
  }
  std::string Take() { return std::move(out_); }
  void Reserve(std::size_t n) { out_.reserve(n); }

 private:
  std::string out_;
};

// The catalog strings the rows and reasons use, looked up once per page.
struct Words {
  Words(Lang lang, const Catalogs& c)
      : colon(c.Get(lang, "punct.colon")),
        untranslated(c.Get(lang, "language.untranslated_note")),
        deadline(c.Get(lang, "scorecard.deadline")),
        not_assessed(c.Get(lang, "scorecard.not_assessed")),
        no_assessments(c.Get(lang, "scorecard.no_assessments")),
        criterion(c.Get(lang, "benchmark.criterion")),
        no_criterion(c.Get(lang, "benchmark.no_criterion")),
        baseline(c.Get(lang, "benchmark.baseline")),
        baseline_date(c.Get(lang, "benchmark.baseline_date")),
        target(c.Get(lang, "benchmark.target")),
        rationale(c.Get(lang, "assessment.rationale")),
        evidence(c.Get(lang, "assessment.evidence")),
        no_sources(c.Get(lang, "common.no_sources")) {}
  std::string colon, untranslated, deadline, not_assessed, no_assessments, criterion, no_criterion, baseline,
      baseline_date, target, rationale, evidence, no_sources;
};

// One assessment with its rationale and evidence, for the reasons under the table.
core::Status WriteAssessment(HtmlWriter& html, core::RecordService& records, const std::string& id,
                             const core::Assessment& a, Labels& labels, const Words& words,
                             const PageRequest& request, const Catalogs& catalogs) {
  const Lang lang = request.lang;
  html.Raw("<article class=\"assessment\" id=\"").Text(id).Raw("\">\n<h4>");
  if (!a.round_id.empty()) {
    html.Text(labels.Round(a.round_id));
  } else if (a.date) {
    html.Text(FormatDate(*a.date, lang, catalogs));
  }
  html.Text(words.colon)
      .Raw("<span class=\"rating-text rating-")
      .Text(core::ToCode(a.rating))
      .Raw("\">")
      .Text(labels.Rating(a.rating))
      .Raw("</span></h4>\n");
  if (const TextView rationale = PickText(a.rationale, lang); !rationale.empty()) {
    html.Raw("<p><strong>").Text(words.rationale).Raw("</strong>").Text(words.colon);
    html.Bilingual(rationale, words.untranslated).Raw("</p>\n");
  }
  html.Raw("<p><strong>").Text(words.evidence).Raw("</strong></p>\n");
  std::vector<SourceView> sources;
  if (!a.common.sources.empty() || !a.source_ids.empty()) {  // most assessments: no lookups, no store reads
    auto cited = CitedSources(records, a.common, a.source_ids, request.reader, lang, catalogs);
    if (!cited) return core::Fail(cited.error());
    sources = std::move(*cited);
  }
  if (sources.empty()) html.Raw("<p class=\"empty\">").Text(words.no_sources).Raw("</p>\n");
  html.Sources(sources).Raw("</article>\n");
  return {};
}

// The links between the scorecard's pages, the issue filter kept; false when one page holds every row.
mustache::data Pager(const std::string& path, std::string_view issue_id, int page_number, int pages, int first_row,
                     int end_row, int total_rows, Lang lang, const Catalogs& catalogs) {
  if (pages <= 1) return mustache::data(false);
  const std::string prefix = path + "?" + (issue_id.empty() ? "" : "issue=" + std::string(issue_id) + "&") + "page=";
  mustache::data pager;
  pager["range"] = mustache::data(catalogs.Get(lang, "scorecard.page_range",
                                               {{"first", std::to_string(first_row + 1)},
                                                {"last", std::to_string(end_row)},
                                                {"total", std::to_string(total_rows)}}));
  pager["prev_href"] =
      page_number > 1 ? mustache::data(prefix + std::to_string(page_number - 1)) : mustache::data(false);
  pager["next_href"] =
      page_number < pages ? mustache::data(prefix + std::to_string(page_number + 1)) : mustache::data(false);
  mustache::data links(mustache::data::type::list);
  for (int n = 1; n <= pages; ++n) {
    mustache::data link;
    link["label"] = mustache::data(catalogs.Get(lang, "scorecard.page_number", {{"number", std::to_string(n)}}));
    link["href"] = mustache::data(prefix + std::to_string(n));
    link["current"] = mustache::data(n == page_number);
    links.push_back(std::move(link));
  }
  pager["pages"] = std::move(links);
  return pager;
}

}  // namespace

core::Result<RenderedPage> BuildScorecardPage(core::RecordService& records, const Site& site,
                                              std::string_view dialogue_id, std::string_view issue_id, int page_number,
                                              const PageRequest& request, const Catalogs& catalogs) {
  const Lang lang = request.lang;
  auto snapshot = site.Facts(dialogue_id, request.reader);
  if (!snapshot) return core::Fail(snapshot.error());
  const core::DialogueFacts* facts = snapshot->get();
  const FactsIndex index(*facts);
  if (!issue_id.empty() && !index.issues.contains(issue_id)) {
    return core::Fail(core::Error::NotFound("no such issue"));
  }
  const core::Scorecard card = core::BuildScorecard(*facts, issue_id);
  const auto total_rows = static_cast<int>(card.rows.size());
  const int pages = std::max(1, (total_rows + kScorecardPageSize - 1) / kScorecardPageSize);
  if (page_number < 1 || page_number > pages) return core::Fail(core::Error::NotFound("no such page"));
  // The rows of this page: building and rendering all 500 rows' 10,000
  // cells and assessments costs hundreds of milliseconds (docs/performance.md).
  const int first_row = (page_number - 1) * kScorecardPageSize;
  const int end_row = std::min(total_rows, first_row + kScorecardPageSize);
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

  const Words words(lang, catalogs);
  HtmlWriter rows_html;
  HtmlWriter details_html;
  rows_html.Reserve(static_cast<std::size_t>(end_row - first_row) * (300 + 120 * card.round_ids.size()));
  details_html.Reserve(static_cast<std::size_t>(end_row - first_row) * (500 + 400 * card.round_ids.size()));
  for (int row_index = first_row; row_index < end_row; ++row_index) {
    const core::ScorecardRow& row = card.rows[static_cast<std::size_t>(row_index)];
    const TextView statement = PickText(row.statement, lang);
    const std::string deadline = row.deadline ? FormatDate(*row.deadline, lang, catalogs) : std::string();

    rows_html.Raw("<tr><th scope=\"row\"><a href=\"#").Text(row.benchmark_id).Raw("\">");
    rows_html.Bilingual(statement, words.untranslated).Raw("</a>");
    if (auto issue = index.issues.find(row.issue_id); issue != index.issues.end()) {
      if (const TextView name = PickText(issue->second->name, lang); !name.empty()) {
        rows_html.Raw("<br><small class=\"benchmark-issue\">").Bilingual(name, words.untranslated).Raw("</small>");
      }
    }
    if (row.deadline) {
      rows_html.Raw("<br><small>").Text(words.deadline).Text(words.colon).Text(deadline).Raw("</small>");
    }
    rows_html.Raw("</th>\n");

    details_html.Raw("<section class=\"benchmark\" id=\"").Text(row.benchmark_id);
    details_html.Raw("\" aria-labelledby=\"").Text(row.benchmark_id).Raw("-heading\">\n<h3 id=\"");
    details_html.Text(row.benchmark_id).Raw("-heading\">").Bilingual(statement, words.untranslated);
    details_html.Raw("</h3>\n<dl class=\"facts\">\n");
    if (auto b = index.benchmarks.find(row.benchmark_id); b != index.benchmarks.end()) {
      const core::Benchmark& bm = *b->second;
      if (const TextView criterion = PickText(bm.criterion, lang); !criterion.empty()) {
        details_html.Raw("<dt>").Text(words.criterion).Raw("</dt><dd>");
        details_html.Bilingual(criterion, words.untranslated).Raw("</dd>\n");
      }
      if (bm.criterion.empty()) {
        details_html.Raw("<dt>").Text(words.criterion).Raw("</dt><dd class=\"empty\">");
        details_html.Text(words.no_criterion).Raw("</dd>\n");
      }
      if (const TextView baseline = PickText(bm.baseline, lang); !baseline.empty()) {
        details_html.Raw("<dt>").Text(words.baseline).Raw("</dt><dd>");
        details_html.Bilingual(baseline, words.untranslated).Raw("</dd>\n");
      }
      if (bm.baseline_date) {
        details_html.Raw("<dt>").Text(words.baseline_date).Raw("</dt><dd>");
        details_html.Text(FormatDate(*bm.baseline_date, lang, catalogs)).Raw("</dd>\n");
      }
      if (const TextView target = PickText(bm.target, lang); !target.empty()) {
        details_html.Raw("<dt>").Text(words.target).Raw("</dt><dd>");
        details_html.Bilingual(target, words.untranslated).Raw("</dd>\n");
      }
    }
    if (row.deadline) {
      details_html.Raw("<dt>").Text(words.deadline).Raw("</dt><dd>").Text(deadline).Raw("</dd>\n");
    }
    details_html.Raw("</dl>\n");

    HtmlWriter assessments;
    bool any_assessment = false;
    for (const core::ScorecardCell& cell : row.cells) {
      const bool assessed = cell.rating != core::AssessmentRating::kNotAssessed;
      if (!assessed) {
        rows_html.Raw("<td class=\"not-assessed\"><span class=\"visually-hidden\">");
        rows_html.Text(words.not_assessed).Raw("</span></td>\n");
        continue;
      }
      rows_html.Raw("<td class=\"rating rating-").Text(core::ToCode(cell.rating)).Raw("\"><a href=\"#");
      rows_html.Text(cell.assessment_id).Raw("\"><span class=\"rating-text\">").Text(labels.Rating(cell.rating));
      rows_html.Raw("</span></a>");
      if (const ChangeView& change = labels.Change(cell.change, cell.previous_rating); !change.code.empty()) {
        rows_html.Raw("<br><span class=\"rating-change rating-change-").Text(change.code);
        rows_html.Raw("\"><span aria-hidden=\"true\">").Text(change.arrow).Raw("</span> ").Text(change.text);
        rows_html.Raw("</span>");
      }
      rows_html.Raw("</td>\n");
      if (!cell.assessment_id.empty()) {
        if (auto a = index.assessments.find(cell.assessment_id); a != index.assessments.end()) {
          core::Status written =
              WriteAssessment(assessments, records, cell.assessment_id, *a->second, labels, words, request, catalogs);
          if (!written) return core::Fail(written.error());
          any_assessment = true;
        }
      }
    }
    for (const auto& interim : row.interim) {
      core::Status written =
          WriteAssessment(assessments, records, interim.id, interim.value, labels, words, request, catalogs);
      if (!written) return core::Fail(written.error());
      any_assessment = true;
    }
    rows_html.Raw("</tr>\n");
    if (!any_assessment) details_html.Raw("<p class=\"empty\">").Text(words.no_assessments).Raw("</p>\n");
    details_html.Raw(assessments.Take()).Raw("</section>\n");
  }
  d["pager"] = Pager(base + "/scorecard", issue_id, page_number, pages, first_row, end_row, total_rows, lang, catalogs);
  d["no_rows"] = mustache::data(card.rows.empty());
  d["rows_html"] = mustache::data(rows_html.Take());
  d["details_html"] = mustache::data(details_html.Take());
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
