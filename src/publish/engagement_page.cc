// One engagement (/engagements/{id}): the agency, kind, date, participants,
// counterpart, place or outlet, whether human rights were raised, the asks
// and replies, the public account and the engagement score.
#include <utility>

#include "core/accountability.h"
#include "core/accountability_codec.h"
#include "core/case_vocabulary.h"
#include "publish/accountability_common.h"

namespace readout::publish {
namespace {

mustache::data Text(const TextView& t, const Catalogs& c, Lang lang) {
  return t.empty() ? mustache::data(false) : ToData(t, c, lang);
}

bool IsHttpUrl(std::string_view url) { return url.starts_with("https://") || url.starts_with("http://"); }

}  // namespace

core::Result<RenderedPage> BuildEngagementPage(core::RecordService& records, const Site& site,
                                               std::string_view engagement_id,
                                               const PageRequest& request, const Catalogs& catalogs) {
  const Lang lang = request.lang;
  auto stored = GetOfKind(records, engagement_id, core::RecordKind::kEngagement, request.reader);
  if (!stored) return core::Fail(stored.error());
  auto engagement = core::DecodeEngagement(stored->body);
  if (!engagement) return core::Fail(BadStoredBody(engagement_id, engagement.error()));
  const core::Engagement& e = *engagement;
  const std::string id = stored->header.id;
  const TextView title = PickText(e.title, lang);

  auto snapshot = site.Facts(e.dialogue_id, request.reader);
  if (!snapshot && snapshot.error().code != core::ErrorCode::kNotFound) return core::Fail(snapshot.error());
  const core::DialogueFacts* facts = snapshot ? snapshot->get() : nullptr;

  mustache::data d;
  d["title"] = ToData(title, catalogs, lang);
  d["kind"] = mustache::data(VocabLabel("engagement_kind", core::ToCode(e.kind), lang, catalogs));
  d["date"] = mustache::data(FormatDate(e.date, lang, catalogs));
  d["agency"] = mustache::data(false);
  d["dialogue"] = mustache::data(false);
  if (facts) {
    const FactsIndex index(*facts);
    if (index.agencies.contains(e.agency_id)) {
      const LinkView a = RecordLink(e.agency_id, index, lang, catalogs);
      mustache::data ad;
      ad["label"] = mustache::data(a.label);
      ad["href"] = mustache::data(a.href);
      ad["lang"] = mustache::data(a.lang);
      d["agency"] = std::move(ad);
    }
    const TextView dname = PickText(facts->dialogue.name, lang);
    mustache::data dd;
    dd["label"] = mustache::data(dname.text);
    dd["href"] = mustache::data("/dialogues/" + facts->dialogue_id);
    dd["lang"] = mustache::data(dname.lang);
    d["dialogue"] = std::move(dd);
  }
  d["counterpart"] = Text(PickText(e.counterpart, lang), catalogs, lang);
  d["place"] = Text(PickText(e.place, lang), catalogs, lang);
  if (e.outlet) {
    mustache::data o;
    o["name"] = Text(PickText(e.outlet->name, lang), catalogs, lang);
    o["language"] = e.outlet->language.empty() ? mustache::data(false) : mustache::data(e.outlet->language);
    d["outlet"] = std::move(o);
  } else {
    d["outlet"] = mustache::data(false);
  }
  d["raised_code"] = mustache::data(std::string(core::ToCode(e.human_rights_raised)));
  d["raised"] = mustache::data(VocabLabel("tri_state", core::ToCode(e.human_rights_raised), lang, catalogs));
  mustache::data participants(mustache::data::type::list);
  for (const core::Participant& p : e.participants) {
    mustache::data pd;
    pd["name"] = ToData(PickText(p.name, lang), catalogs, lang);
    pd["title"] = Text(PickText(p.title, lang), catalogs, lang);
    pd["agency"] = Text(PickText(p.agency, lang), catalogs, lang);
    pd["side"] = mustache::data(VocabLabel("side", core::ToCode(p.side), lang, catalogs));
    pd["lead"] = mustache::data(p.lead);
    participants.push_back(std::move(pd));
  }
  d["has_participants"] = mustache::data(!e.participants.empty());
  d["participants"] = std::move(participants);
  d["summary"] = Text(PickText(e.summary, lang), catalogs, lang);

  // The public account: what the public was told afterwards.
  const core::PublicAccount& account = e.public_account;
  d["account_code"] = mustache::data(std::string(core::ToCode(account.level)));
  d["account_level"] = mustache::data(VocabLabel("public_account_level", core::ToCode(account.level), lang, catalogs));
  d["no_account"] = mustache::data(account.level == core::PublicAccountLevel::kNone);
  d["account_url"] = IsHttpUrl(account.url) ? mustache::data(account.url) : mustache::data(false);
  d["account_date"] = account.date ? mustache::data(FormatDate(*account.date, lang, catalogs)) : mustache::data(false);
  d["account_note"] = Text(PickText(account.note, lang), catalogs, lang);

  // Asks at this engagement and their replies.
  mustache::data asks(mustache::data::type::list);
  d["score_html"] = mustache::data(std::string());
  if (facts) {
    const FactsIndex index(*facts);
    for (const auto& ask : facts->asks) {
      if (ask.value.engagement_id != id) continue;
      mustache::data ad;
      ad["id"] = mustache::data(ask.id);
      const LinkView subject = RecordLink(ask.value.subject.id, index, lang, catalogs);
      ad["subject"] = ask.value.subject.id.empty() ? mustache::data(false) : mustache::data(subject.label);
      ad["subject_href"] = mustache::data(subject.href);
      ad["description"] = Text(PickText(ask.value.description, lang), catalogs, lang);
      ad["raised_by"] = Text(PickText(ask.value.raised_by, lang), catalogs, lang);
      mustache::data replies(mustache::data::type::list);
      for (const auto& reply : facts->replies) {
        if (reply.value.ask_id != ask.id) continue;
        mustache::data rd;
        rd["kind_code"] = mustache::data(std::string(core::ToCode(reply.value.reply_kind)));
        rd["kind"] = mustache::data(VocabLabel("reply_kind", core::ToCode(reply.value.reply_kind), lang, catalogs));
        rd["date"] = reply.value.date ? mustache::data(FormatDate(*reply.value.date, lang, catalogs))
                                      : mustache::data(false);
        TextView text = PickText(reply.value.translation, lang);
        if (text.empty() && !reply.value.original_text.empty()) {
          text = TextView{reply.value.original_text, reply.value.original_language,
                          reply.value.original_language.substr(0, 2) != LangCode(lang).substr(0, 2)};
        }
        rd["text"] = Text(text, catalogs, lang);
        replies.push_back(std::move(rd));
      }
      ad["no_reply"] = mustache::data(replies.is_empty_list());
      ad["replies"] = std::move(replies);
      asks.push_back(std::move(ad));
    }
    auto score = core::ComputeEngagementScore(*facts, id, site.score_settings());
    if (score) {
      d["score_html"] = mustache::data(RenderScoreSection(*score, "score.engagement_heading", index, lang, catalogs));
    } else if (score.error().code != core::ErrorCode::kNotFound) {
      return core::Fail(score.error());
    }
  }
  d["no_asks"] = mustache::data(asks.is_empty_list());
  d["asks"] = std::move(asks);
  auto sources = CitedSources(records, e.common, {}, request.reader, lang, catalogs);
  if (!sources) return core::Fail(sources.error());
  d["sources"] = ToData(*sources);
  d["no_sources"] = mustache::data(sources->empty());
  d["history_href"] = mustache::data("/records/" + id + "/history");

  RenderedPage page;
  page.frame.title = title.text;
  page.frame.breadcrumbs.push_back(LinkView{catalogs.Get(lang, "nav.home"), "/", ""});
  if (facts) {
    const TextView dname = PickText(facts->dialogue.name, lang);
    page.frame.breadcrumbs.push_back(LinkView{dname.text, "/dialogues/" + facts->dialogue_id, dname.lang});
    page.frame.breadcrumbs.push_back(LinkView{catalogs.Get(lang, "agencies.heading"),
                                              "/dialogues/" + facts->dialogue_id + "/agencies", ""});
  }
  page.frame.current = title.text;
  page.body = RenderTemplate("engagement", std::move(d), lang, catalogs);
  return page;
}

}  // namespace readout::publish
