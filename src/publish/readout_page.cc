// The readout pages: Site::RenderReadout (a published readout from its
// frozen public content), Site::RenderReadouts (the public index) and
// Site::RenderReadoutPreview (staff: what publishing now would freeze, the
// workflow and what is withheld). Templates: web/templates/readout*.mustache.
#include <cctype>
#include <cmath>
#include <exception>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>

#include "core/readout.h"
#include "publish/page_common.h"
#include "publish/public_readout.h"
#include "publish/readout_outline.h"
#include "publish/site.h"
#include "resources/resources.h"

namespace readout::publish {
namespace {

// Any exception from a third-party library (mustache, nlohmann) becomes
// kInternal here, at the module's edge, as in site.cc.
template <typename Fn>
core::Result<std::string> Guarded(Fn&& fn) {
  try {
    return fn();
  } catch (const std::exception& e) {
    return core::Fail(core::Error::Internal(std::string("readout page rendering failed: ") + e.what()));
  }
}

std::string PrimaryTag(std::string_view tag) {
  std::string primary(tag.substr(0, tag.find('-')));
  for (char& c : primary) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return primary;
}

class ReadoutData {
 public:
  ReadoutData(Lang lang, const Catalogs& catalogs) : lang_(lang), catalogs_(catalogs) {}

  mustache::data Text(const PublicText& text) const {
    TextView view = PickText(text, lang_);
    return view.empty() ? mustache::data(false) : ToData(view, catalogs_, lang_);
  }
  std::string T(std::string_view id, const std::map<std::string, std::string>& params = {}) const {
    return catalogs_.Get(lang_, id, params);
  }
  std::string Date(std::string_view date) const { return ReadoutDates(date, "", lang_, catalogs_); }
  static mustache::data Or(const std::string& s) { return s.empty() ? mustache::data(false) : mustache::data(s); }

  mustache::data Sources(const std::vector<PublicSource>& sources) const {
    std::vector<SourceView> views;
    for (const PublicSource& s : sources) views.push_back(SourceView{s.title, s.url, Date(s.date), s.note});
    return ToData(views);
  }

  mustache::data Reply(const PublicReply& r) const {
    mustache::data d;
    d["kind_code"] = mustache::data(r.kind_code);
    d["kind_label"] = mustache::data(ReadoutVocab("reply_kind", r.kind_code, lang_, catalogs_));
    d["substantive"] = mustache::data(r.substantive);
    d["given_by"] = Text(r.given_by);
    d["date"] = Or(Date(r.date));
    bool show_translation = r.original_text.empty();
    if (!r.original_text.empty()) {
      const std::string primary = PrimaryTag(r.original_lang);
      const char* language_id = primary == "en"   ? "language.original.en"
                                : primary == "zh" ? "language.original.zh"
                                                  : "language.original.other";
      mustache::data original;
      original["text"] = mustache::data(r.original_text);
      original["lang"] = mustache::data(r.original_lang);
      original["label"] = mustache::data(T("reply.original", {{"language", T(language_id)}}));
      d["original"] = std::move(original);
      show_translation = primary != PrimaryTag(LangCode(lang_));
    } else {
      d["original"] = mustache::data(false);
    }
    const bool has_translation = !PickText(r.translation, lang_).empty();
    d["translation"] = show_translation && has_translation ? Text(r.translation) : mustache::data(false);
    d["no_translation"] = mustache::data(show_translation && !has_translation);
    d["sources"] = Sources(r.sources);
    d["has_sources"] = mustache::data(!r.sources.empty());
    return d;
  }

  mustache::data Ask(const PublicAsk& a) const {
    mustache::data d;
    d["id"] = mustache::data(a.id);
    d["benchmark"] = a.benchmark_id.empty() ? mustache::data(false) : Text(a.benchmark);
    d["raised_by"] = Text(a.raised_by);
    mustache::data requests(mustache::data::type::list);
    for (const std::string& code : a.request_codes) {
      requests.push_back(mustache::data(ReadoutVocab("request_kind", code, lang_, catalogs_)));
    }
    d["requests"] = std::move(requests);
    d["has_requests"] = mustache::data(!a.request_codes.empty());
    d["description"] = Text(a.description);
    d["no_description"] = mustache::data(a.description.empty());
    mustache::data replies(mustache::data::type::list);
    for (const PublicReply& r : a.replies) replies.push_back(Reply(r));
    d["replies"] = std::move(replies);
    d["no_reply"] = mustache::data(a.replies.empty());
    d["sources"] = Sources(a.sources);
    d["has_sources"] = mustache::data(!a.sources.empty());
    return d;
  }

  // The readout itself. `title_level` is 1 on its own page, 2 inside the preview.
  mustache::data Readout(const PublicReadout& r, int title_level) const {
    mustache::data d;
    d["title_level"] = mustache::data(std::to_string(title_level));
    d["title"] = Text(r.title);
    d["subject_href"] = mustache::data((r.subject_kind == "round" ? "/rounds/" : "/engagements/") + r.subject_id);
    TextView dialogue = PickText(r.dialogue_name, lang_);
    if (!r.dialogue_id.empty() && !dialogue.empty()) {
      mustache::data link;
      link["label"] = mustache::data(dialogue.text);
      link["lang"] = mustache::data(dialogue.lang);
      link["href"] = mustache::data("/dialogues/" + r.dialogue_id);
      d["dialogue"] = std::move(link);
    } else {
      d["dialogue"] = mustache::data(false);
    }
    d["dates"] = Or(ReadoutDates(r.start_date, r.end_date, lang_, catalogs_));
    d["place"] = Text(r.place);
    d["editor_note"] = Text(r.editor_note);
    d["summary"] = Text(r.summary);

    mustache::data delegations(mustache::data::type::list);
    for (const PublicDelegation& del : r.delegations) {
      mustache::data dd;
      dd["heading"] = mustache::data(T("round.delegation_of", {{"party", ContentText(del.party, lang_, catalogs_)}}));
      mustache::data members(mustache::data::type::list);
      for (const PublicDelegate& m : del.members) {
        mustache::data md;
        md["name"] = Text(m.name);
        md["title"] = Text(m.title);
        md["agency"] = Text(m.agency);
        md["lead"] = mustache::data(m.lead);
        members.push_back(std::move(md));
      }
      dd["members"] = std::move(members);
      delegations.push_back(std::move(dd));
    }
    d["has_delegations"] = mustache::data(!r.delegations.empty());
    d["delegations"] = std::move(delegations);

    mustache::data groups(mustache::data::type::list);
    for (const AskGroup& g : GroupIssueAsks(r)) {
      mustache::data gd;
      gd["issue"] = g.issue_id.empty() ? mustache::data(false) : Text(g.issue);
      gd["other_label"] = g.issue_id.empty() ? mustache::data(T("round.issue_other")) : mustache::data(false);
      mustache::data asks(mustache::data::type::list);
      for (const PublicAsk* a : g.asks) asks.push_back(Ask(*a));
      gd["asks"] = std::move(asks);
      groups.push_back(std::move(gd));
    }
    d["issue_groups"] = std::move(groups);
    d["no_issue_asks"] = mustache::data(r.issue_asks.empty());

    mustache::data cases(mustache::data::type::list);
    for (const PublicAsk& a : r.case_asks) {
      mustache::data cd = Ask(a);
      TextView name = PickText(a.case_name, lang_);
      if (!a.case_id.empty() && !name.empty()) {
        mustache::data link;
        link["label"] = mustache::data(name.text);
        link["lang"] = mustache::data(name.lang);
        link["href"] = mustache::data("/cases/" + a.case_id);
        cd["case"] = std::move(link);
      } else {
        cd["case"] = mustache::data(false);
      }
      cd["status"] = a.case_status.empty()
                         ? mustache::data(false)
                         : mustache::data(T("readout.case_status",
                                            {{"status", ReadoutVocab("case_status", a.case_status, lang_, catalogs_)},
                                             {"date", Date(r.generated_on)}}));
      cases.push_back(std::move(cd));
    }
    d["case_asks"] = std::move(cases);
    d["no_case_asks"] = mustache::data(r.case_asks.empty());

    mustache::data benchmarks(mustache::data::type::list);
    for (const PublicBenchmarkRating& b : r.benchmarks) {
      mustache::data bd;
      bd["statement"] = Text(b.statement);
      bd["issue"] = Text(b.issue);
      bd["rating"] = mustache::data(b.rating.empty() || b.rating == "not_assessed"
                                        ? T("readout.not_assessed")
                                        : ReadoutVocab("assessment_rating", b.rating, lang_, catalogs_));
      bd["change_code"] = mustache::data(b.change);
      const std::string was = ReadoutVocab("assessment_rating", b.previous_rating, lang_, catalogs_);
      std::string change;
      if (b.change == "improved") change = T("rating_change.improved", {{"previous", was}});
      if (b.change == "worsened") change = T("rating_change.worsened", {{"previous", was}});
      if (b.change == "unchanged") change = T("rating_change.unchanged");
      if (b.change == "first_rated") change = T("rating_change.first_rated");
      bd["change"] = mustache::data(change);
      bd["rationale"] = Text(b.rationale);
      benchmarks.push_back(std::move(bd));
    }
    d["has_benchmarks"] = mustache::data(!r.benchmarks.empty());
    d["benchmarks"] = std::move(benchmarks);

    mustache::data commitments(mustache::data::type::list);
    for (const PublicCommitment& c : r.commitments) {
      mustache::data cd;
      cd["text"] = Text(c.text);
      cd["made_by"] = Text(c.made_by);
      cd["date"] = Or(Date(c.date));
      cd["status_code"] = mustache::data(c.status);
      cd["status"] = mustache::data(ReadoutVocab("commitment_status", c.status, lang_, catalogs_));
      commitments.push_back(std::move(cd));
    }
    d["has_commitments"] = mustache::data(!r.commitments.empty());
    d["commitments"] = std::move(commitments);

    if (r.score) {
      mustache::data score;
      score["total"] = mustache::data(std::to_string(static_cast<int>(std::lround(r.score->total * 100))) + "%");
      score["perfunctory"] = mustache::data(r.score->perfunctory);
      mustache::data parts(mustache::data::type::list);
      for (const PublicScorePart& p : r.score->parts) {
        mustache::data pd;
        pd["label"] = mustache::data(T("score.component." + p.code));
        pd["counted"] = mustache::data(T("score.counted", {{"numerator", std::to_string(p.numerator)},
                                                           {"denominator", std::to_string(p.denominator)}}));
        parts.push_back(std::move(pd));
      }
      score["parts"] = std::move(parts);
      d["score"] = std::move(score);
    } else {
      d["score"] = mustache::data(false);
    }
    d["detail"] = mustache::data(
        T("readout.detail_text", {{"asks", std::to_string(r.detail.asks)},
                                  {"no_reply", std::to_string(r.detail.asks_without_reply.size())},
                                  {"no_description", std::to_string(r.detail.asks_without_description.size())}}));
    d["sources"] = Sources(r.sources);
    d["has_sources"] = mustache::data(!r.sources.empty());
    d["generated_on"] = mustache::data(T("readout.generated_on", {{"date", Date(r.generated_on)}}));
    return d;
  }

  mustache::data Versions(const PublishedReadout& p) const {
    mustache::data versions(mustache::data::type::list);
    for (auto it = p.versions.rbegin(); it != p.versions.rend(); ++it) {
      mustache::data vd;
      vd["label"] = mustache::data(
          T("readout.version", {{"number", std::to_string(it->number)}, {"date", Date(it->published_at.substr(0, 10))}}));
      vd["correction"] = Text(it->correction_note);
      vd["sha256"] = mustache::data(it->content_sha256);
      versions.push_back(std::move(vd));
    }
    return versions;
  }

 private:
  Lang lang_;
  const Catalogs& catalogs_;
};

// The readout template with its ask partial, which page_common does not
// offer to every page: it is given through the data instead.
std::string RenderReadoutTemplate(mustache::data data, Lang lang, const Catalogs& catalogs) {
  data["readout_ask"] = mustache::data(mustache::partial([] {
    const resources::Resource* r = resources::Find("web/templates/readout_ask.mustache");
    if (r == nullptr) throw std::logic_error("partial not embedded: readout_ask");
    return std::string(r->data);
  }));
  return RenderTemplate("readout", std::move(data), lang, catalogs);
}

std::string Downloads(const std::string& id, Lang lang, std::string_view ext) {
  return "/readouts/" + id + "." + std::string(ext) + (ext == "json" ? "" : "?lang=" + std::string(LangCode(lang)));
}

}  // namespace

core::Result<std::string> Site::RenderReadout(std::string_view readout_id, const PageRequest& request) const {
  return Guarded([&]() -> core::Result<std::string> {
    // Always the frozen public content, whoever reads: staff see the preview page instead.
    PublicRecords records(records_);
    auto published = LoadPublishedReadout(records, readout_id);
    if (!published) return core::Fail(published.error());
    const Lang lang = request.lang;
    ReadoutData data(lang, catalogs_);
    mustache::data d = data.Readout(published->content, 1);
    d["published"] = mustache::data(true);
    d["versions"] = data.Versions(*published);
    d["corrected"] = mustache::data(published->versions.size() > 1);
    if (published->withdrawn_since_publication > 0) {
      d["withdrawn"] = mustache::data(catalogs_.Get(
          lang, "readout.withdrawn", {{"count", std::to_string(published->withdrawn_since_publication)}}));
    }
    mustache::data downloads(mustache::data::type::list);
    for (const char* ext : {"md", "pdf", "csv", "json"}) {
      mustache::data dl;
      dl["href"] = mustache::data(Downloads(published->readout_id, lang, ext));
      dl["label"] = mustache::data(catalogs_.Get(lang, std::string("readout.download_") + ext));
      downloads.push_back(std::move(dl));
    }
    d["downloads"] = std::move(downloads);
    PageFrame frame;
    frame.title = PickText(published->content.title, lang).text;
    frame.breadcrumbs.push_back(LinkView{catalogs_.Get(lang, "nav.home"), "/", ""});
    frame.breadcrumbs.push_back(LinkView{catalogs_.Get(lang, "readout.index_heading"), "/readouts", ""});
    frame.current = frame.title;
    return RenderDocument(frame, RenderReadoutTemplate(std::move(d), lang, catalogs_), request, catalogs_);
  });
}

core::Result<std::string> Site::RenderReadouts(const PageRequest& request) const {
  return Guarded([&]() -> core::Result<std::string> {
    PublicRecords records(records_);
    auto all = ListPublishedReadouts(records, "");
    if (!all) return core::Fail(all.error());
    const Lang lang = request.lang;
    ReadoutData data(lang, catalogs_);
    mustache::data items(mustache::data::type::list);
    for (const PublishedReadout& p : *all) {
      mustache::data item;
      item["href"] = mustache::data("/readouts/" + p.readout_id);
      item["title"] = data.Text(p.content.title);
      item["dialogue"] = data.Text(p.content.dialogue_name);
      item["dates"] = ReadoutData::Or(ReadoutDates(p.content.start_date, p.content.end_date, lang, catalogs_));
      const PublishedVersionInfo& latest = p.versions.back();
      item["published"] = mustache::data(catalogs_.Get(
          lang, "readout.version",
          {{"number", std::to_string(latest.number)}, {"date", data.Date(latest.published_at.substr(0, 10))}}));
      items.push_back(std::move(item));
    }
    mustache::data d;
    d["readouts"] = std::move(items);
    d["empty"] = mustache::data(all->empty());
    PageFrame frame;
    frame.title = catalogs_.Get(lang, "readout.index_heading");
    frame.breadcrumbs.push_back(LinkView{catalogs_.Get(lang, "nav.home"), "/", ""});
    frame.current = frame.title;
    return RenderDocument(frame, RenderTemplate("readouts", std::move(d), lang, catalogs_), request, catalogs_);
  });
}

core::Result<std::string> Site::RenderReadoutPreview(std::string_view readout_id, const PageRequest& request) const {
  return Guarded([&]() -> core::Result<std::string> {
    // core has no "permission denied" code: a public reader is told the
    // preview does not exist, as for any record it may not see.
    if (request.reader == core::Visibility::kPublic) {
      return core::Fail(core::Error::NotFound("no readout preview for " + std::string(readout_id)));
    }
    auto stored = records_.Get(readout_id, request.reader);
    if (!stored) return core::Fail(stored.error());
    if (stored->header.kind != core::RecordKind::kReadout) {
      return core::Fail(core::Error::NotFound("no readout with id " + std::string(readout_id)));
    }
    auto readout = core::DecodeReadout(stored->body);
    if (!readout) return core::Fail(BadStoredBody(stored->header.id, readout.error()));
    const core::CivilDay today = request.today.value_or(Today());
    auto preview = BuildReadoutPreview(records_, readout->subject_id, readout->editor_note, today);
    if (!preview) return core::Fail(preview.error());

    const Lang lang = request.lang;
    ReadoutData data(lang, catalogs_);
    mustache::data body = data.Readout(preview->readout, 2);
    body["published"] = mustache::data(false);
    const std::string readout_html = RenderReadoutTemplate(std::move(body), lang, catalogs_);

    mustache::data d;
    d["readout_html"] = mustache::data(readout_html);
    d["id"] = mustache::data(stored->header.id);
    d["state_code"] = mustache::data(std::string(core::ToCode(readout->state)));
    d["state"] = mustache::data(catalogs_.Get(lang, "readout.state." + std::string(core::ToCode(readout->state))));
    d["author"] = ReadoutData::Or(readout->author);
    d["reviewer"] = ReadoutData::Or(readout->reviewer);
    d["version_count"] = mustache::data(std::to_string(readout->versions.size()));
    d["public_href"] = readout->versions.empty() ? mustache::data(false)
                                                 : mustache::data("/readouts/" + stored->header.id);
    mustache::data withheld(mustache::data::type::list);
    for (const WithheldItem& w : preview->withheld) {
      mustache::data wd;
      const std::string& kind = w.record_kind;  // the record kind's stable name, as in the API
      wd["text"] = mustache::data(
          w.field.empty()
              ? catalogs_.Get(lang, "readout.withheld_record",
                              {{"reason", w.reason}, {"kind", kind}, {"id", w.record_id}})
              : catalogs_.Get(lang, "readout.withheld_field",
                              {{"reason", w.reason}, {"field", w.field}, {"kind", kind}, {"id", w.record_id}}));
      wd["visibility"] = mustache::data(std::string(core::ToCode(w.visibility)));
      withheld.push_back(std::move(wd));
    }
    d["withheld"] = std::move(withheld);
    d["none_withheld"] = mustache::data(preview->withheld.empty());
    PageFrame frame;
    frame.title = catalogs_.Get(lang, "readout.preview_heading", {{"title", PickText(preview->readout.title, lang).text}});
    d["heading"] = mustache::data(frame.title);
    frame.breadcrumbs.push_back(LinkView{catalogs_.Get(lang, "nav.home"), "/", ""});
    frame.current = catalogs_.Get(lang, "readout.preview_crumb");
    return RenderDocument(frame, RenderTemplate("readout_preview", std::move(d), lang, catalogs_), request,
                          catalogs_);
  });
}

}  // namespace readout::publish
