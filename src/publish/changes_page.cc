// What changed between two rounds (/dialogues/{id}/changes?from=&to=): rating
// changes, commitments made and closed, status changes of every case raised,
// replies received and deadlines passed, each linked to its record.
#include <utility>

#include "core/accountability.h"
#include "core/case_vocabulary.h"
#include "publish/accountability_common.h"
#include "publish/case_page.h"

namespace readout::publish {
namespace {

mustache::data LinkData(const LinkView& link) {
  mustache::data d;
  d["label"] = mustache::data(link.label);
  d["href"] = mustache::data(link.href);
  d["lang"] = link.lang.empty() ? mustache::data(false) : mustache::data(link.lang);
  return d;
}

// The rounds that were held (dated), in order.
std::vector<std::string> HeldRounds(const core::DialogueFacts& facts) {
  std::vector<std::string> out;
  for (const auto& r : facts.rounds) {
    if (r.value.dates.LatestDay() || r.value.dates.EarliestDay()) out.push_back(r.id);
  }
  return out;
}

}  // namespace

core::Result<RenderedPage> BuildChangesPage(core::RecordService& /*records*/, const Site& site,
                                            std::string_view dialogue_id,
                                            std::string_view from_round_id, std::string_view to_round_id,
                                            const PageRequest& request, const Catalogs& catalogs) {
  const Lang lang = request.lang;
  auto snapshot = site.Facts(dialogue_id, request.reader);
  if (!snapshot) return core::Fail(snapshot.error());
  const core::DialogueFacts* facts = snapshot->get();
  const FactsIndex index(*facts);

  // Empty ids: the round before `to` (or the last two rounds held).
  const std::vector<std::string> held = HeldRounds(*facts);
  std::string from(from_round_id), to(to_round_id);
  if (to.empty()) {
    if (held.empty()) return core::Fail(core::Error::Invalid("to", "the dialogue has no rounds held"));
    to = held.back();
  }
  if (from.empty()) {
    for (size_t i = 1; i < held.size(); ++i) {
      if (held[i] == to) from = held[i - 1];
    }
    if (from.empty()) {
      return core::Fail(core::Error::Invalid("from", "there is no round before " + to + " to compare with"));
    }
  }
  auto report = core::BuildChangesReport(*facts, from, to);
  if (!report) return core::Fail(report.error());

  const TextView dialogue_name = PickText(facts->dialogue.name, lang);
  const std::string base = "/dialogues/" + facts->dialogue_id;
  mustache::data d;
  d["dialogue"] = ToData(dialogue_name, catalogs, lang);
  d["dialogue_href"] = mustache::data(base);
  const LinkView from_link = RecordLink(report->from_round_id, index, lang, catalogs);
  const LinkView to_link = RecordLink(report->to_round_id, index, lang, catalogs);
  d["from"] = LinkData(from_link);
  d["to"] = LinkData(to_link);

  // The round pickers.
  for (const char* which : {"from_options", "to_options"}) {
    mustache::data options(mustache::data::type::list);
    const std::string& chosen = std::string_view(which) == "from_options" ? report->from_round_id : report->to_round_id;
    for (const auto& r : facts->rounds) {
      mustache::data o;
      o["id"] = mustache::data(r.id);
      o["label"] = mustache::data(RoundLabel(r.value, lang, catalogs) + " · " + FormatDate(r.value.dates, lang, catalogs));
      o["selected"] = mustache::data(r.id == chosen);
      options.push_back(std::move(o));
    }
    d[which] = std::move(options);
  }

  mustache::data ratings(mustache::data::type::list);
  for (const core::RatingChangeEntry& e : report->rating_changes) {
    mustache::data r;
    r["benchmark"] = LinkData(RecordLink(e.benchmark_id, index, lang, catalogs));
    r["from"] = e.from == core::AssessmentRating::kNotAssessed
                    ? mustache::data(catalogs.Get(lang, "scorecard.not_assessed"))
                    : mustache::data(RatingText(e.from, lang, catalogs));
    r["to_code"] = mustache::data(std::string(core::ToCode(e.to)));
    r["to"] = mustache::data(RatingText(e.to, lang, catalogs));
    const ChangeView change = BuildChange(e.change, e.from, lang, catalogs);
    r["change_code"] = mustache::data(change.code);
    r["arrow"] = mustache::data(change.arrow);
    r["change"] = mustache::data(change.text);
    r["href"] = mustache::data(base + "/scorecard#" + e.assessment_id);
    ratings.push_back(std::move(r));
  }
  d["no_ratings"] = mustache::data(report->rating_changes.empty());
  d["ratings"] = std::move(ratings);

  auto commitment_list = [&](const std::vector<std::string>& ids) {
    mustache::data list(mustache::data::type::list);
    for (const std::string& id : ids) {
      auto it = index.commitments.find(id);
      if (it == index.commitments.end()) continue;
      const core::Commitment& c = *it->second;
      mustache::data cd;
      cd["id"] = mustache::data(id);
      cd["text"] = ToData(PickText(c.text, lang), catalogs, lang);
      cd["date"] = mustache::data(FormatDate(c.date, lang, catalogs));
      cd["made_by"] = c.made_by.empty() ? mustache::data(false) : ToData(PickText(c.made_by, lang), catalogs, lang);
      cd["status"] = mustache::data(VocabLabel("commitment_status", core::ToCode(c.status), lang, catalogs));
      cd["follow_up"] =
          c.follow_up.empty() ? mustache::data(false) : ToData(PickText(c.follow_up, lang), catalogs, lang);
      cd["history_href"] = mustache::data("/records/" + id + "/history");
      list.push_back(std::move(cd));
    }
    return list;
  };
  d["no_new_commitments"] = mustache::data(report->new_commitment_ids.empty());
  d["new_commitments"] = commitment_list(report->new_commitment_ids);
  d["no_closed_commitments"] = mustache::data(report->closed_commitment_ids.empty());
  d["closed_commitments"] = commitment_list(report->closed_commitment_ids);

  mustache::data cases(mustache::data::type::list);
  for (const core::CaseChangeEntry& e : report->case_changes) {
    mustache::data c;
    c["name"] = ToData(PickText(e.person_name, lang), catalogs, lang);
    c["href"] = mustache::data("/cases/" + e.case_id);
    c["from"] = mustache::data(VocabLabel("case_status", core::ToCode(e.from), lang, catalogs));
    c["to"] = mustache::data(VocabLabel("case_status", core::ToCode(e.to), lang, catalogs));
    c["changed"] = mustache::data(e.from != e.to);
    mustache::data events(mustache::data::type::list);
    for (core::LegalEventType t : e.events_between) {
      events.push_back(mustache::data(VocabLabel("legal_event_type", core::ToCode(t), lang, catalogs)));
    }
    c["has_events"] = mustache::data(!e.events_between.empty());
    c["events"] = std::move(events);
    cases.push_back(std::move(c));
  }
  d["no_cases"] = mustache::data(report->case_changes.empty());
  d["cases"] = std::move(cases);

  mustache::data replies(mustache::data::type::list);
  for (const std::string& id : report->reply_ids) {
    auto it = index.replies.find(id);
    if (it == index.replies.end()) continue;
    const core::Reply& reply = *it->second;
    mustache::data r;
    r["kind"] = mustache::data(VocabLabel("reply_kind", core::ToCode(reply.reply_kind), lang, catalogs));
    r["kind_code"] = mustache::data(std::string(core::ToCode(reply.reply_kind)));
    r["date"] = reply.date ? mustache::data(FormatDate(*reply.date, lang, catalogs)) : mustache::data(false);
    r["ask"] = LinkData(RecordLink(reply.ask_id, index, lang, catalogs));
    replies.push_back(std::move(r));
  }
  d["no_replies"] = mustache::data(report->reply_ids.empty());
  d["replies"] = std::move(replies);

  mustache::data deadlines(mustache::data::type::list);
  for (const core::PassedDeadline& p : report->deadlines_passed) {
    mustache::data pd;
    pd["subject"] = LinkData(RecordLink(p.subject_id, index, lang, catalogs));
    pd["what"] = p.kind == core::PassedDeadline::Kind::kCase
                     ? mustache::data(DeadlineName(p.rule, lang, catalogs))
                     : mustache::data(catalogs.Get(lang, "changes.benchmark_deadline"));
    pd["due"] = mustache::data(FormatDay(p.due, lang, catalogs));
    deadlines.push_back(std::move(pd));
  }
  d["no_deadlines"] = mustache::data(report->deadlines_passed.empty());
  d["deadlines"] = std::move(deadlines);
  d["scorecard_href"] = mustache::data(base + "/scorecard");

  RenderedPage page;
  page.frame.title = catalogs.Get(lang, "changes.heading");
  page.frame.breadcrumbs.push_back(LinkView{catalogs.Get(lang, "nav.home"), "/", ""});
  page.frame.breadcrumbs.push_back(LinkView{dialogue_name.text, base, dialogue_name.lang});
  page.frame.current = page.frame.title;
  page.body = RenderTemplate("changes", std::move(d), lang, catalogs);
  return page;
}

}  // namespace readout::publish
