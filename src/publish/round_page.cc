#include "publish/round_page.h"

#include <algorithm>
#include <map>
#include <utility>

#include "core/accountability.h"
#include "core/case_codec.h"
#include "core/entity_codec.h"
#include "publish/accountability_common.h"
#include "publish/case_page.h"
#include "core/readout.h"
#include "core/record.h"
#include "publish/public_readout.h"

namespace readout::publish {
namespace {

std::string Primary(std::string_view lang_tag) {
  std::string primary(lang_tag.substr(0, lang_tag.find('-')));
  for (char& c : primary) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return primary;
}

std::string Vocab(const Catalogs& catalogs, Lang lang, std::string_view vocabulary, std::string_view code) {
  return catalogs.Get(lang, "vocab." + std::string(vocabulary) + "." + std::string(code));
}

ReplyView BuildReply(const core::Reply& reply, Lang lang, const Catalogs& catalogs) {
  ReplyView v;
  v.kind_code = std::string(core::ToCode(reply.reply_kind));
  v.kind_label = Vocab(catalogs, lang, "reply_kind", v.kind_code);
  v.substantive = core::IsSubstantive(reply.reply_kind);
  v.given_by = PickText(reply.given_by, lang);
  if (reply.date) v.date = FormatDate(*reply.date, lang, catalogs);
  v.original_text = reply.original_text;
  v.original_lang = reply.original_language;
  const std::string primary = Primary(reply.original_language);
  const char* language_id = primary == "en"   ? "language.original.en"
                            : primary == "zh" ? "language.original.zh"
                                              : "language.original.other";
  v.original_label = catalogs.Get(lang, "reply.original", {{"language", catalogs.Get(lang, language_id)}});
  if (reply.original_text.empty()) {
    // Only a translation was recorded: show it, in whatever language it exists.
    v.show_translation = true;
    v.translation = PickText(reply.translation, lang);
  } else if (primary != Primary(LangCode(lang))) {
    v.show_translation = true;
    if (lang == Lang::kEn && !reply.translation.en.empty()) {
      v.translation = TextView{reply.translation.en, "en", false};
    } else if (lang == Lang::kZhHans && !reply.translation.zh_hans.empty()) {
      v.translation = TextView{reply.translation.zh_hans, "zh-Hans", false};
    } else if (lang == Lang::kZhHans && !reply.translation.zh_hant.empty()) {
      v.translation = TextView{reply.translation.zh_hant, "zh-Hant", true};
    }
  }
  v.sources = BuildSources(reply.common.sources, lang, catalogs);
  return v;
}

// The link to a case named by an ask or a case list entry, labelled with its
// person's name; an empty link when the reader may not see the case.
core::Result<LinkView> CaseLink(core::RecordService& records, const std::string& case_id, core::Visibility reader,
                                Lang lang, const Catalogs& catalogs) {
  auto stored = GetOfKind(records, case_id, core::RecordKind::kCase, reader);
  if (!stored) {
    if (stored.error().code == core::ErrorCode::kNotFound) return LinkView{};
    return core::Fail(stored.error());
  }
  auto value = core::DecodeCase(stored->body);
  if (!value) return core::Fail(BadStoredBody(case_id, value.error()));
  auto person = LoadPerson(records, value->person_id, reader);
  if (!person) return core::Fail(person.error());
  TextView label = *person ? PersonName(**person, lang) : CaseTitle(*value, std::nullopt, lang, catalogs);
  return LinkView{label.text, "/cases/" + case_id, label.lang};
}

mustache::data ToData(const RoundPage& p, const Catalogs& c, Lang lang) {
  auto text = [&](const TextView& t) { return ToData(t, c, lang); };
  mustache::data d;
  d["title"] = text(p.title);
  d["number"] = p.number.empty() ? mustache::data(false) : mustache::data(p.number);
  d["dates"] = mustache::data(p.dates);
  d["place"] = p.place.empty() ? mustache::data(false) : text(p.place);
  d["summary"] = p.summary.empty() ? mustache::data(false) : text(p.summary);
  if (!p.dialogue.href.empty()) {
    mustache::data dialogue;
    dialogue["label"] = mustache::data(p.dialogue.label);
    dialogue["href"] = mustache::data(p.dialogue.href);
    dialogue["lang"] = mustache::data(p.dialogue.lang);
    d["dialogue"] = std::move(dialogue);
  } else {
    d["dialogue"] = mustache::data(false);
  }

  mustache::data delegations(mustache::data::type::list);
  for (const DelegationView& del : p.delegations) {
    mustache::data dd;
    dd["heading"] = mustache::data(del.heading);
    mustache::data members(mustache::data::type::list);
    for (const ParticipantView& m : del.members) {
      mustache::data md;
      md["name"] = text(m.name);
      md["title"] = m.title.empty() ? mustache::data(false) : text(m.title);
      md["agency"] = m.agency.empty() ? mustache::data(false) : text(m.agency);
      md["lead"] = mustache::data(m.lead);
      members.push_back(std::move(md));
    }
    dd["members"] = std::move(members);
    dd["has_members"] = mustache::data(!del.members.empty());
    delegations.push_back(std::move(dd));
  }
  d["delegations"] = std::move(delegations);

  if (!p.outcomes.empty()) {
    mustache::data outcomes(mustache::data::type::list);
    for (const TextView& o : p.outcomes) outcomes.push_back(text(o));
    d["outcomes"] = std::move(outcomes);
  } else {
    d["outcomes"] = mustache::data(false);
  }
  d["has_outcomes"] = mustache::data(!p.outcomes.empty());

  mustache::data issues(mustache::data::type::list);
  for (const IssueGroupView& g : p.issues) {
    mustache::data gd;
    gd["issue"] = g.issue.empty() ? mustache::data(false) : text(g.issue);
    gd["other_label"] = g.issue.empty() ? mustache::data(g.other_label) : mustache::data(false);
    mustache::data asks(mustache::data::type::list);
    for (const AskView& a : g.asks) {
      mustache::data ad;
      ad["id"] = mustache::data(a.id);
      if (!a.subject_case.href.empty()) {
        mustache::data sc;
        sc["label"] = mustache::data(a.subject_case.label);
        sc["href"] = mustache::data(a.subject_case.href);
        sc["lang"] = mustache::data(a.subject_case.lang);
        ad["subject_case"] = std::move(sc);
      } else {
        ad["subject_case"] = mustache::data(false);
      }
      ad["raised_by"] = a.raised_by.empty() ? mustache::data(false) : text(a.raised_by);
      if (!a.requests.empty()) {
        mustache::data requests(mustache::data::type::list);
        for (const std::string& r : a.requests) requests.push_back(mustache::data(r));
        ad["requests"] = std::move(requests);
      } else {
        ad["requests"] = mustache::data(false);
      }
      ad["has_requests"] = mustache::data(!a.requests.empty());
      ad["description"] = a.description.empty() ? mustache::data(false) : text(a.description);
      mustache::data replies(mustache::data::type::list);
      for (const ReplyView& r : a.replies) {
        mustache::data rd;
        rd["kind_code"] = mustache::data(r.kind_code);
        rd["kind_label"] = mustache::data(r.kind_label);
        rd["substantive"] = mustache::data(r.substantive);
        rd["given_by"] = r.given_by.empty() ? mustache::data(false) : text(r.given_by);
        rd["date"] = r.date.empty() ? mustache::data(false) : mustache::data(r.date);
        if (!r.original_text.empty()) {
          mustache::data original;
          original["text"] = mustache::data(r.original_text);
          original["lang"] = mustache::data(r.original_lang);
          original["label"] = mustache::data(r.original_label);
          rd["original"] = std::move(original);
        } else {
          rd["original"] = mustache::data(false);
        }
        rd["translation"] = r.show_translation && !r.translation.empty() ? text(r.translation) : mustache::data(false);
        rd["no_translation"] = mustache::data(r.show_translation && r.translation.empty());
        rd["sources"] = ToData(r.sources);
        rd["has_sources"] = mustache::data(!r.sources.empty());
        replies.push_back(std::move(rd));
      }
      ad["replies"] = std::move(replies);
      ad["no_reply"] = mustache::data(a.replies.empty());
      ad["sources"] = ToData(a.sources);
      ad["has_sources"] = mustache::data(!a.sources.empty());
      asks.push_back(std::move(ad));
    }
    gd["asks"] = std::move(asks);
    issues.push_back(std::move(gd));
  }
  d["issues"] = std::move(issues);
  d["no_issues"] = mustache::data(p.issues.empty());

  mustache::data case_lists(mustache::data::type::list);
  for (const CaseListView& cl : p.case_lists) {
    mustache::data cd;
    cd["status_code"] = mustache::data(cl.status_code);
    cd["status_label"] = mustache::data(cl.status_label);
    cd["handed_over_by"] = cl.handed_over_by.empty() ? mustache::data(false) : text(cl.handed_over_by);
    mustache::data entries(mustache::data::type::list);
    for (const CaseListEntryView& e : cl.entries) {
      mustache::data ed;
      ed["name"] = text(e.name);
      ed["href"] = e.href.empty() ? mustache::data(false) : mustache::data(e.href);
      ed["note"] = e.note.empty() ? mustache::data(false) : text(e.note);
      entries.push_back(std::move(ed));
    }
    cd["entries"] = std::move(entries);
    cd["no_entries"] = mustache::data(cl.entries.empty());
    cd["response"] = cl.response.empty() ? mustache::data(false) : text(cl.response);
    cd["sources"] = ToData(cl.sources);
    cd["has_sources"] = mustache::data(!cl.sources.empty());
    case_lists.push_back(std::move(cd));
  }
  d["case_lists"] = std::move(case_lists);
  d["no_case_lists"] = mustache::data(p.case_lists.empty());
  d["sources"] = ToData(p.sources);
  d["no_sources"] = mustache::data(p.sources.empty());
  d["history_href"] = mustache::data(p.history_href);
  d["readout_href"] = p.readout_href.empty() ? mustache::data(false) : mustache::data(p.readout_href);
  d["score_html"] = mustache::data(p.score_html);
  if (!p.scorecard_href.empty()) {
    mustache::data links;
    links["scorecard_href"] = mustache::data(p.scorecard_href);
    links["changes_href"] = p.changes_href.empty() ? mustache::data(false) : mustache::data(p.changes_href);
    d["accountability"] = std::move(links);
  } else {
    d["accountability"] = mustache::data(false);
  }
  return d;
}

}  // namespace

core::Result<RoundPage> BuildRoundPage(core::RecordService& records, const Site& site, std::string_view round_id,
                                       const PageRequest& request, const Catalogs& catalogs) {
  const Lang lang = request.lang;
  const core::Visibility reader = request.reader;
  auto stored = GetOfKind(records, round_id, core::RecordKind::kRound, reader);
  if (!stored) return core::Fail(stored.error());
  auto round = core::DecodeRound(stored->body);
  if (!round) return core::Fail(BadStoredBody(round_id, round.error()));

  RoundPage page;
  page.id = stored->header.id;
  page.title = PickText(round->title, lang);
  if (round->number > 0) page.number = catalogs.Get(lang, "round.number", {{"number", std::to_string(round->number)}});
  page.dates = FormatDate(round->dates, lang, catalogs);
  page.place = PickText(round->place, lang);
  page.summary = PickText(round->summary, lang);
  page.sources = BuildSources(round->common.sources, lang, catalogs);
  page.history_href = "/records/" + page.id + "/history";

  // The dialogue names the two sides; a reader who may not see it gets "Raising side" and "Counterpart".
  std::string side_names[2] = {Vocab(catalogs, lang, "side", "a"), Vocab(catalogs, lang, "side", "b")};
  if (auto dlg = GetOfKind(records, round->dialogue_id, core::RecordKind::kDialogue, reader)) {
    auto dialogue = core::DecodeDialogue(dlg->body);
    if (!dialogue) return core::Fail(BadStoredBody(round->dialogue_id, dialogue.error()));
    TextView name = PickText(dialogue->name, lang);
    page.dialogue = LinkView{name.text, "/dialogues/" + dlg->header.id, name.lang};
    if (auto a = PickText(dialogue->party_a.name, lang); !a.empty()) side_names[0] = a.text;
    if (auto b = PickText(dialogue->party_b.name, lang); !b.empty()) side_names[1] = b.text;
    auto snapshot = site.Facts(dlg->header.id, reader);
    if (!snapshot) return core::Fail(snapshot.error());
    const core::DialogueFacts* facts = snapshot->get();
    auto score = core::ComputeRoundScore(*facts, page.id, site.score_settings());
    if (score) {
      const FactsIndex index(*facts);
      page.score_html = RenderScoreSection(*score, "score.round_heading", index, lang, catalogs);
      page.scorecard_href = "/dialogues/" + dlg->header.id + "/scorecard";
      // What changed up to this round, when an earlier round exists to compare with.
      if (!facts->rounds.empty() && facts->rounds.front().id != page.id) {
        page.changes_href = "/dialogues/" + dlg->header.id + "/changes?to=" + page.id;
      }
    } else if (score.error().code != core::ErrorCode::kNotFound) {
      return core::Fail(score.error());
    }
  } else if (dlg.error().code != core::ErrorCode::kNotFound) {
    return core::Fail(dlg.error());
  }

  for (core::Side side : {core::Side::kA, core::Side::kB}) {
    DelegationView del;
    del.heading = catalogs.Get(lang, "round.delegation_of", {{"party", side_names[side == core::Side::kA ? 0 : 1]}});
    for (bool lead : {true, false}) {
      for (const core::Participant& p : round->delegation) {
        if (p.side != side || p.lead != lead) continue;
        del.members.push_back(
            ParticipantView{PickText(p.name, lang), PickText(p.title, lang), PickText(p.agency, lang), p.lead});
      }
    }
    page.delegations.push_back(std::move(del));
  }
  for (const core::BilingualText& o : round->outcomes) {
    if (!o.empty()) page.outcomes.push_back(PickText(o, lang));
  }

  // Asks, in the order raised, grouped by issue.
  auto asks = ListAll(records, core::RecordKind::kAsk, page.id, reader);
  if (!asks) return core::Fail(asks.error());
  std::vector<std::pair<core::Ask, std::string>> decoded;  // ask, its id
  for (const core::StoredRecord& r : *asks) {
    auto ask = core::DecodeAsk(r.body);
    if (!ask) return core::Fail(BadStoredBody(r.header.id, ask.error()));
    if (ask->round_id != page.id) continue;
    decoded.emplace_back(std::move(*ask), r.header.id);
  }
  std::stable_sort(decoded.begin(), decoded.end(), [](const auto& a, const auto& b) {
    return std::tie(a.first.position, a.second) < std::tie(b.first.position, b.second);
  });
  std::map<std::string, size_t> group_of;  // issue id ("" for other matters) -> index in page.issues
  for (const auto& [ask, ask_id] : decoded) {
    std::string key;
    TextView issue_name;
    if (ask.subject.kind == core::AskSubjectKind::kIssue && !ask.subject.id.empty()) {
      if (auto iss = GetOfKind(records, ask.subject.id, core::RecordKind::kIssue, reader)) {
        auto issue = core::DecodeIssue(iss->body);
        if (!issue) return core::Fail(BadStoredBody(ask.subject.id, issue.error()));
        key = ask.subject.id;
        issue_name = PickText(issue->name, lang);
      } else if (iss.error().code != core::ErrorCode::kNotFound) {
        return core::Fail(iss.error());
      }
    }
    auto [it, added] = group_of.emplace(key, page.issues.size());
    if (added) {
      IssueGroupView g;
      g.issue = issue_name;
      if (key.empty()) g.other_label = catalogs.Get(lang, "round.issue_other");
      page.issues.push_back(std::move(g));
    }

    AskView av;
    av.id = ask_id;
    if (ask.subject.kind == core::AskSubjectKind::kCase && !ask.subject.id.empty()) {
      auto link = CaseLink(records, ask.subject.id, reader, lang, catalogs);
      if (!link) return core::Fail(link.error());
      av.subject_case = std::move(*link);
    }
    av.raised_by = PickText(ask.raised_by, lang);
    for (core::RequestKind k : ask.requests) av.requests.push_back(Vocab(catalogs, lang, "request_kind", core::ToCode(k)));
    av.description = PickText(ask.description, lang);
    av.sources = BuildSources(ask.common.sources, lang, catalogs);
    auto replies = ListAll(records, core::RecordKind::kReply, ask_id, reader);
    if (!replies) return core::Fail(replies.error());
    for (const core::StoredRecord& r : *replies) {
      auto reply = core::DecodeReply(r.body);
      if (!reply) return core::Fail(BadStoredBody(r.header.id, reply.error()));
      if (reply->ask_id != ask_id) continue;
      av.replies.push_back(BuildReply(*reply, lang, catalogs));
    }
    page.issues[it->second].asks.push_back(std::move(av));
  }
  // "Other matters" goes last, whatever its first position.
  std::stable_partition(page.issues.begin(), page.issues.end(),
                        [](const IssueGroupView& g) { return !g.issue.empty(); });

  auto lists = ListAll(records, core::RecordKind::kCaseList, page.id, reader);
  if (!lists) return core::Fail(lists.error());
  for (const core::StoredRecord& r : *lists) {
    auto list = core::DecodeCaseList(r.body);
    if (!list) return core::Fail(BadStoredBody(r.header.id, list.error()));
    if (list->round_id != page.id) continue;
    CaseListView cv;
    cv.status_code = std::string(core::ToCode(list->status));
    cv.status_label = Vocab(catalogs, lang, "case_list_status", cv.status_code);
    cv.handed_over_by = PickText(list->handed_over_by, lang);
    for (const core::CaseListEntry& e : list->entries) {
      CaseListEntryView ev{PickText(e.name, lang), "", PickText(e.note, lang)};
      if (!e.case_id.empty()) {
        auto link = CaseLink(records, e.case_id, reader, lang, catalogs);
        if (!link) return core::Fail(link.error());
        ev.href = link->href;
      }
      cv.entries.push_back(std::move(ev));
    }
    cv.response = PickText(list->response, lang);
    cv.sources = BuildSources(list->common.sources, lang, catalogs);
    page.case_lists.push_back(std::move(cv));
  }
  // The published readout of this round (issue 6): a readout is a child of its subject.
  PublicRecords public_records(records);
  auto readouts = public_records.Children(core::RecordKind::kReadout, page.id);
  if (!readouts) return core::Fail(readouts.error());
  for (const core::StoredRecord& r : *readouts) {
    auto readout = core::DecodeReadout(r.body);
    if (readout && core::LatestPublished(*readout) != nullptr) {
      page.readout_href = "/readouts/" + r.header.id;
      break;
    }
  }
  return page;
}

std::string RenderRoundBody(const RoundPage& page, const PageRequest& request, const Catalogs& catalogs) {
  return RenderTemplate("round", ToData(page, catalogs, request.lang), request.lang, catalogs);
}

PageFrame RoundFrame(const RoundPage& page, const PageRequest& request, const Catalogs& catalogs) {
  PageFrame frame;
  frame.title = page.title.text;
  frame.breadcrumbs.push_back(LinkView{catalogs.Get(request.lang, "nav.home"), "/", ""});
  if (!page.dialogue.href.empty()) frame.breadcrumbs.push_back(page.dialogue);
  frame.current = page.number.empty() ? page.title.text : page.number;
  return frame;
}

}  // namespace readout::publish
