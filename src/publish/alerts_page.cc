// Every alert of every dialogue the reader may see (/alerts): benchmark
// deadlines passed, readouts not published in time, rounds overdue against
// the agreed schedule, commitments with no follow-up; most overdue first.
#include <algorithm>
#include <utility>

#include "core/accountability.h"
#include "publish/accountability_common.h"
#include "publish/case_page.h"

namespace readout::publish {

core::Result<RenderedPage> BuildAlertsPage(core::RecordService& records, const Site& site, const PageRequest& request,
                                           const Catalogs& catalogs) {
  const Lang lang = request.lang;
  const core::CivilDay today = request.today.value_or(core::CivilDay{});
  auto dialogues = ListAll(records, core::RecordKind::kDialogue, "", request.reader);
  if (!dialogues) return core::Fail(dialogues.error());

  struct Row {
    long days_overdue;
    std::string subject_id;
    mustache::data data;
  };
  std::vector<Row> rows;
  for (const core::StoredRecord& dlg : *dialogues) {
    auto snapshot = site.Facts(dlg.header.id, request.reader);
    if (!snapshot) {
      if (snapshot.error().code == core::ErrorCode::kNotFound) continue;
      return core::Fail(snapshot.error());
    }
    const core::DialogueFacts* facts = snapshot->get();
    const FactsIndex index(*facts);
    const TextView dname = PickText(facts->dialogue.name, lang);
    for (const core::Alert& alert : core::BuildAlerts(*facts, today, site.score_settings())) {
      const LinkView subject = RecordLink(alert.subject_id, index, lang, catalogs);
      mustache::data d;
      d["kind_code"] = mustache::data(std::string(core::ToCode(alert.kind)));
      d["kind"] = mustache::data(VocabLabel("alert_kind", core::ToCode(alert.kind), lang, catalogs));
      d["subject_label"] = mustache::data(subject.label);
      d["subject_href"] = mustache::data(subject.href);
      d["subject_lang"] = subject.lang.empty() ? mustache::data(false) : mustache::data(subject.lang);
      d["dialogue"] = ToData(dname, catalogs, lang);
      d["dialogue_href"] = mustache::data("/dialogues/" + facts->dialogue_id);
      d["due"] = mustache::data(FormatDay(alert.due, lang, catalogs));
      d["overdue"] = mustache::data(
          catalogs.Get(lang, "alerts.days_overdue", {{"days", std::to_string(alert.days_overdue)}}));
      rows.push_back(Row{alert.days_overdue, alert.subject_id, std::move(d)});
    }
  }
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    if (a.days_overdue != b.days_overdue) return a.days_overdue > b.days_overdue;
    return a.subject_id < b.subject_id;
  });
  mustache::data list(mustache::data::type::list);
  for (Row& r : rows) list.push_back(std::move(r.data));
  mustache::data d;
  d["today"] = mustache::data(catalogs.Get(lang, "alerts.as_of", {{"date", FormatDay(today, lang, catalogs)}}));
  d["no_alerts"] = mustache::data(rows.empty());
  d["alerts"] = std::move(list);

  RenderedPage page;
  page.frame.title = catalogs.Get(lang, "alerts.heading");
  page.frame.breadcrumbs.push_back(LinkView{catalogs.Get(lang, "nav.home"), "/", ""});
  page.frame.current = page.frame.title;
  page.body = RenderTemplate("alerts", std::move(d), lang, catalogs);
  return page;
}

}  // namespace readout::publish
