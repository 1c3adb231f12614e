// The agency record of a dialogue (/dialogues/{id}/agencies?from=&to=): per
// agency and period, engagements, the share that raised human rights,
// public statements and Chinese-language media interviews that did, and the
// engagements with no public account. And one agency (/agencies/{id}): its
// areas and its engagements in every dialogue, with its record in each.
#include <utility>

#include "core/accountability.h"
#include "core/accountability_codec.h"
#include "core/entity_codec.h"
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

std::string Fraction(int part, int whole, Lang lang, const Catalogs& catalogs) {
  return catalogs.Get(lang, "agencies.of", {{"part", std::to_string(part)}, {"whole", std::to_string(whole)}});
}

// The figures of one agency record, as the row of a table.
mustache::data RecordData(const core::AgencyRecord& r, const FactsIndex& index, Lang lang, const Catalogs& catalogs) {
  mustache::data d;
  d["agency"] = LinkData(RecordLink(r.agency_id, index, lang, catalogs));
  d["engagements"] = mustache::data(std::to_string(r.engagements));
  d["raised"] = mustache::data(catalogs.Get(lang, "agencies.raised_value",
                                            {{"yes", std::to_string(r.raised_yes)},
                                             {"no", std::to_string(r.raised_no)},
                                             {"unknown", std::to_string(r.raised_unknown)}}));
  d["share"] = r.share_raised ? mustache::data(Percent(*r.share_raised, lang, catalogs))
                              : mustache::data(catalogs.Get(lang, "agencies.no_share"));
  d["public_speech"] = mustache::data(Fraction(r.public_speech_raised, r.public_speech, lang, catalogs));
  d["chinese_media"] =
      mustache::data(Fraction(r.chinese_media_interviews_raised, r.chinese_media_interviews, lang, catalogs));
  d["no_account_count"] = mustache::data(std::to_string(r.no_public_account_ids.size()));
  std::vector<LinkView> none;
  for (const std::string& id : r.no_public_account_ids) none.push_back(RecordLink(id, index, lang, catalogs));
  d["no_account"] = ToData(none);
  return d;
}

// One engagement as an item of a list.
mustache::data EngagementItem(const std::string& id, const core::Engagement& e, Lang lang, const Catalogs& catalogs) {
  mustache::data d;
  d["href"] = mustache::data("/engagements/" + id);
  d["title"] = ToData(PickText(e.title, lang), catalogs, lang);
  d["date"] = mustache::data(FormatDate(e.date, lang, catalogs));
  d["kind"] = mustache::data(VocabLabel("engagement_kind", core::ToCode(e.kind), lang, catalogs));
  d["raised"] = mustache::data(VocabLabel("tri_state", core::ToCode(e.human_rights_raised), lang, catalogs));
  d["account"] = mustache::data(VocabLabel("public_account_level", core::ToCode(e.public_account.level), lang, catalogs));
  d["no_account"] = mustache::data(e.public_account.level == core::PublicAccountLevel::kNone);
  return d;
}

}  // namespace

core::Result<RenderedPage> BuildAgencyRecordsPage(core::RecordService& /*records*/, const Site& site,
                                                  std::string_view dialogue_id,
                                                  std::optional<core::CivilDay> from,
                                                  std::optional<core::CivilDay> to, const PageRequest& request,
                                                  const Catalogs& catalogs) {
  const Lang lang = request.lang;
  auto snapshot = site.Facts(dialogue_id, request.reader);
  if (!snapshot) return core::Fail(snapshot.error());
  const core::DialogueFacts* facts = snapshot->get();
  const FactsIndex index(*facts);
  const TextView dialogue_name = PickText(facts->dialogue.name, lang);
  const std::string base = "/dialogues/" + facts->dialogue_id;

  mustache::data d;
  d["dialogue"] = ToData(dialogue_name, catalogs, lang);
  d["dialogue_href"] = mustache::data(base);
  d["from_value"] = mustache::data(from ? from->ToIso() : "");
  d["to_value"] = mustache::data(to ? to->ToIso() : "");
  std::string period;
  if (from && to) {
    period = catalogs.Get(lang, "agencies.period_between",
                          {{"from", FormatDay(*from, lang, catalogs)}, {"to", FormatDay(*to, lang, catalogs)}});
  } else if (from) {
    period = catalogs.Get(lang, "agencies.period_from", {{"from", FormatDay(*from, lang, catalogs)}});
  } else if (to) {
    period = catalogs.Get(lang, "agencies.period_to", {{"to", FormatDay(*to, lang, catalogs)}});
  } else {
    period = catalogs.Get(lang, "agencies.period_all");
  }
  d["period"] = mustache::data(period);
  mustache::data rows(mustache::data::type::list);
  for (const auto& agency : facts->agencies) {
    core::AgencyRecord r = core::BuildAgencyRecord(*facts, agency.id, from, to);
    rows.push_back(RecordData(r, index, lang, catalogs));
  }
  d["no_rows"] = mustache::data(facts->agencies.empty());
  d["rows"] = std::move(rows);
  d["scorecard_href"] = mustache::data(base + "/scorecard");

  RenderedPage page;
  page.frame.title = catalogs.Get(lang, "agencies.heading");
  page.frame.breadcrumbs.push_back(LinkView{catalogs.Get(lang, "nav.home"), "/", ""});
  page.frame.breadcrumbs.push_back(LinkView{dialogue_name.text, base, dialogue_name.lang});
  page.frame.current = page.frame.title;
  page.body = RenderTemplate("agencies", std::move(d), lang, catalogs);
  return page;
}

core::Result<RenderedPage> BuildAgencyPage(core::RecordService& records, const Site& site, std::string_view agency_id,
                                           const PageRequest& request, const Catalogs& catalogs) {
  const Lang lang = request.lang;
  auto stored = GetOfKind(records, agency_id, core::RecordKind::kAgency, request.reader);
  if (!stored) return core::Fail(stored.error());
  auto agency = core::DecodeAgency(stored->body);
  if (!agency) return core::Fail(BadStoredBody(agency_id, agency.error()));
  const std::string id = stored->header.id;
  const TextView name = PickText(agency->name, lang);

  mustache::data d;
  d["name"] = ToData(name, catalogs, lang);
  d["abbreviation"] = agency->abbreviation.empty() ? mustache::data(false) : mustache::data(agency->abbreviation);
  d["side"] = mustache::data(VocabLabel("side", core::ToCode(agency->side), lang, catalogs));
  mustache::data areas(mustache::data::type::list);
  for (core::AgencyArea a : agency->areas) areas.push_back(mustache::data(VocabLabel("agency_area", core::ToCode(a), lang, catalogs)));
  d["areas"] = std::move(areas);
  d["has_areas"] = mustache::data(!agency->areas.empty());

  auto dialogues = ListAll(records, core::RecordKind::kDialogue, "", request.reader);
  if (!dialogues) return core::Fail(dialogues.error());
  mustache::data sections(mustache::data::type::list);
  for (const core::StoredRecord& dlg : *dialogues) {
    auto snapshot = site.Facts(dlg.header.id, request.reader);
    if (!snapshot) {
      if (snapshot.error().code == core::ErrorCode::kNotFound) continue;
      return core::Fail(snapshot.error());
    }
    const core::DialogueFacts* facts = snapshot->get();
    mustache::data engagements(mustache::data::type::list);
    for (const auto& e : facts->engagements) {
      if (e.value.agency_id == id) engagements.push_back(EngagementItem(e.id, e.value, lang, catalogs));
    }
    if (engagements.is_empty_list()) continue;
    const FactsIndex index(*facts);
    mustache::data s;
    const TextView dname = PickText(facts->dialogue.name, lang);
    s["dialogue"] = ToData(dname, catalogs, lang);
    s["dialogue_href"] = mustache::data("/dialogues/" + facts->dialogue_id);
    s["agencies_href"] = mustache::data("/dialogues/" + facts->dialogue_id + "/agencies");
    s["record"] = RecordData(core::BuildAgencyRecord(*facts, id), index, lang, catalogs);
    s["engagements"] = std::move(engagements);
    sections.push_back(std::move(s));
  }
  d["no_dialogues"] = mustache::data(sections.is_empty_list());
  d["dialogues"] = std::move(sections);
  auto sources = CitedSources(records, agency->common, {}, request.reader, lang, catalogs);
  if (!sources) return core::Fail(sources.error());
  d["sources"] = ToData(*sources);
  d["no_sources"] = mustache::data(sources->empty());
  d["history_href"] = mustache::data("/records/" + id + "/history");

  RenderedPage page;
  page.frame.title = name.text;
  page.frame.breadcrumbs.push_back(LinkView{catalogs.Get(lang, "nav.home"), "/", ""});
  page.frame.current = name.text;
  page.body = RenderTemplate("agency", std::move(d), lang, catalogs);
  return page;
}

}  // namespace readout::publish
