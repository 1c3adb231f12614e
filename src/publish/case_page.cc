#include "publish/case_page.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <utility>

#include "core/case_codec.h"
#include "core/entity_codec.h"
#include "core/vocabulary.h"

namespace readout::publish {
namespace {

std::string Vocab(const Catalogs& catalogs, Lang lang, std::string_view vocabulary, std::string_view code) {
  return catalogs.Get(lang, "vocab." + std::string(vocabulary) + "." + std::string(code));
}

std::string Count(const Catalogs& catalogs, Lang lang, std::string_view unit, int n) {
  if (n == 1) return catalogs.Get(lang, "case.term_" + std::string(unit) + "_one");
  return catalogs.Get(lang, "case.term_" + std::string(unit) + "s", {{"count", std::to_string(n)}});
}

std::string PrimaryLanguage(std::string_view tag) {
  std::string primary(tag.substr(0, tag.find('-')));
  for (char& c : primary) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return primary;
}

ReplyLineView BuildReplyLine(const core::Reply& reply, Lang lang, const Catalogs& catalogs) {
  ReplyLineView v;
  v.kind_code = std::string(core::ToCode(reply.reply_kind));
  v.kind_label = Vocab(catalogs, lang, "reply_kind", v.kind_code);
  v.substantive = core::IsSubstantive(reply.reply_kind);
  if (reply.date) v.date = FormatDate(*reply.date, lang, catalogs);
  v.given_by = PickText(reply.given_by, lang);
  const bool original_is_readers = !reply.original_text.empty() &&
                                   PrimaryLanguage(reply.original_language) == PrimaryLanguage(LangCode(lang));
  TextView translation = PickText(reply.translation, lang);
  if (original_is_readers || (translation.empty() && !reply.original_text.empty())) {
    v.text = TextView{reply.original_text, reply.original_language, !original_is_readers};
  } else {
    v.text = translation;
  }
  return v;
}

mustache::data Opt(const std::string& s) { return s.empty() ? mustache::data(false) : mustache::data(s); }

mustache::data ToData(const CasePage& p, const Catalogs& c, Lang lang) {
  auto text = [&](const TextView& t) { return t.empty() ? mustache::data(false) : ToData(t, c, lang); };
  mustache::data d;
  d["title"] = text(p.title);
  if (!p.person.href.empty()) {
    mustache::data person;
    person["label"] = mustache::data(p.person.label);
    person["href"] = mustache::data(p.person.href);
    person["lang"] = mustache::data(p.person.lang);
    d["person"] = std::move(person);
  } else {
    d["person"] = mustache::data(false);
  }
  d["campaign"] = text(p.campaign);
  mustache::data issues(mustache::data::type::list);
  for (const TextView& i : p.issues) issues.push_back(text(i));
  d["issues"] = std::move(issues);
  d["has_issues"] = mustache::data(!p.issues.empty());
  d["summary"] = text(p.summary);

  mustache::data status;
  status["code"] = mustache::data(p.status.code);
  status["text"] = mustache::data(p.status.text);
  d["status"] = std::move(status);
  d["days_in_detention"] = Opt(p.days_in_detention);
  if (!p.expected_release.empty()) {
    mustache::data er;
    er["date"] = mustache::data(p.expected_release);
    er["basis"] = mustache::data(p.expected_release_basis);
    d["expected_release"] = std::move(er);
  } else {
    d["expected_release"] = mustache::data(false);
  }

  mustache::data charges(mustache::data::type::list);
  for (const ChargeView& ch : p.charges) {
    mustache::data cd;
    cd["article"] = mustache::data(ch.article);
    cd["name_zh"] = mustache::data(ch.name_zh);
    cd["name_en"] = mustache::data(ch.name_en);
    cd["stage"] = mustache::data(ch.stage);
    charges.push_back(std::move(cd));
  }
  d["charges"] = std::move(charges);
  d["has_charges"] = mustache::data(!p.charges.empty());

  mustache::data sentences(mustache::data::type::list);
  for (const SentenceView& s : p.sentences) {
    mustache::data sd;
    sd["court"] = text(s.court);
    sd["date"] = Opt(s.date);
    sd["term"] = mustache::data(s.term);
    sd["political_rights"] = Opt(s.political_rights);
    sd["appeal_outcome"] = text(s.appeal_outcome);
    sd["appeal_date"] = Opt(s.appeal_date);
    sentences.push_back(std::move(sd));
  }
  d["sentences"] = std::move(sentences);
  d["has_sentences"] = mustache::data(!p.sentences.empty());

  mustache::data deadlines(mustache::data::type::list);
  for (const DeadlineView& dl : p.deadlines) {
    mustache::data dd;
    dd["rule"] = mustache::data(dl.rule);
    dd["started"] = mustache::data(dl.started);
    dd["due"] = mustache::data(dl.due);
    dd["state"] = mustache::data(dl.state);
    dd["overdue"] = mustache::data(dl.overdue);
    dd["met"] = mustache::data(dl.met);
    deadlines.push_back(std::move(dd));
  }
  d["deadlines"] = std::move(deadlines);
  d["has_deadlines"] = mustache::data(!p.deadlines.empty());

  mustache::data flags(mustache::data::type::list);
  for (const std::string& f : p.flags) flags.push_back(mustache::data(f));
  d["flags"] = std::move(flags);
  d["has_flags"] = mustache::data(!p.flags.empty());

  mustache::data timeline(mustache::data::type::list);
  for (const TimelineEntryView& e : p.timeline) {
    mustache::data ed;
    ed["date"] = mustache::data(e.date);
    if (e.legal_event) {
      mustache::data ev;
      ev["type_code"] = mustache::data(e.type_code);
      ev["type_label"] = mustache::data(e.type_label);
      ev["official_term"] = Opt(e.official_term);
      ev["place"] = text(e.place);
      ev["authority"] = text(e.authority);
      ev["legal_basis"] = text(e.legal_basis);
      ev["family_notified"] = mustache::data(e.family_notified);
      ev["lawyer_access"] = mustache::data(e.lawyer_access);
      ev["whereabouts_known"] = mustache::data(e.whereabouts_known);
      ev["description"] = text(e.description);
      ed["event"] = std::move(ev);
      ed["raised"] = mustache::data(false);
    } else {
      mustache::data rv;
      rv["round_label"] = mustache::data(e.round.label);
      rv["round_href"] = mustache::data(e.round.href);
      rv["round_lang"] = mustache::data(e.round.lang);
      rv["heading"] = mustache::data(c.Get(lang, "timeline.raised", {{"round", e.round.label}}));
      rv["raised_by"] = text(e.raised_by);
      mustache::data requests(mustache::data::type::list);
      for (const std::string& r : e.requests) requests.push_back(mustache::data(r));
      rv["requests"] = std::move(requests);
      rv["has_requests"] = mustache::data(!e.requests.empty());
      rv["description"] = text(e.description);
      mustache::data replies(mustache::data::type::list);
      for (const ReplyLineView& r : e.replies) {
        mustache::data rd;
        rd["kind_code"] = mustache::data(r.kind_code);
        rd["kind_label"] = mustache::data(r.kind_label);
        rd["substantive"] = mustache::data(r.substantive);
        rd["date"] = Opt(r.date);
        rd["given_by"] = text(r.given_by);
        rd["text"] = text(r.text);
        replies.push_back(std::move(rd));
      }
      rv["replies"] = std::move(replies);
      rv["no_reply"] = mustache::data(e.replies.empty());
      ed["raised"] = std::move(rv);
      ed["event"] = mustache::data(false);
    }
    ed["sources"] = ToData(e.sources);
    ed["has_sources"] = mustache::data(!e.sources.empty());
    timeline.push_back(std::move(ed));
  }
  d["timeline"] = std::move(timeline);
  d["no_timeline"] = mustache::data(p.timeline.empty());
  d["sources"] = ToData(p.sources);
  d["no_sources"] = mustache::data(p.sources.empty());
  d["history_href"] = mustache::data(p.history_href);
  return d;
}

// Sort key of a timeline entry: undated last, then by day, legal events
// before raises on the same day, then the event's sequence.
using TimelineKey = std::tuple<bool, core::CivilDay, int, int>;

}  // namespace

std::string NameLang(const core::NameVariant& name) {
  switch (name.script) {
    case core::Script::kHans:
      return "zh-Hans";
    case core::Script::kHant:
      return "zh-Hant";
    case core::Script::kLatn:
      return "en";
    case core::Script::kTibt:
      return "bo";
    case core::Script::kArab:
      return "ug";
    case core::Script::kOther:
      return "";
  }
  return "";
}

TextView PersonName(const core::Person& person, Lang lang) {
  std::vector<core::Script> wanted = lang == Lang::kEn ? std::vector<core::Script>{core::Script::kLatn}
                                                       : std::vector<core::Script>{core::Script::kHans,
                                                                                   core::Script::kHant};
  for (core::Script script : wanted) {
    for (bool primary : {true, false}) {
      for (const core::NameVariant& n : person.names) {
        if (n.script == script && n.primary == primary && !n.text.empty()) {
          return TextView{n.text, NameLang(n), false};
        }
      }
    }
  }
  for (const core::NameVariant& n : person.names) {
    if (n.primary) return TextView{n.text, NameLang(n), false};
  }
  if (!person.names.empty()) return TextView{person.names[0].text, NameLang(person.names[0]), false};
  return TextView{};
}

StatusView BuildStatus(const core::DerivedStatus& status, Lang lang, const Catalogs& catalogs) {
  StatusView v;
  v.code = std::string(core::ToCode(status.status));
  v.label = Vocab(catalogs, lang, "case_status", v.code);
  if (status.as_of) v.as_of = FormatDate(*status.as_of, lang, catalogs);
  v.text = v.as_of.empty() ? v.label : catalogs.Get(lang, "case.status_as_of", {{"status", v.label}, {"date", v.as_of}});
  return v;
}

std::string FormatLength(int years, int months, int days, Lang lang, const Catalogs& catalogs) {
  std::string out;
  const std::string sep = catalogs.Get(lang, "case.term_separator");
  auto add = [&](std::string_view unit, int n) {
    if (n <= 0) return;
    if (!out.empty()) out += sep;
    out += Count(catalogs, lang, unit, n);
  };
  add("year", years);
  add("month", months);
  add("day", days);
  return out;
}

std::string FormatTerm(const core::SentenceTerm& term, Lang lang, const Catalogs& catalogs) {
  const std::string kind = Vocab(catalogs, lang, "term_kind", core::ToCode(term.kind));
  if (term.kind != core::TermKind::kFixed) return kind;
  const std::string length = FormatLength(term.years, term.months, term.days, lang, catalogs);
  if (length.empty()) return kind;
  return catalogs.Get(lang, "case.term_with_kind", {{"kind", kind}, {"term", length}});
}

std::string FormatDay(const core::CivilDay& day, Lang lang, const Catalogs& catalogs) {
  auto parsed = core::PartialDate::Parse(day.ToIso());
  return parsed ? FormatDate(*parsed, lang, catalogs) : day.ToIso();
}

std::string DeadlineName(std::string_view rule, Lang lang, const Catalogs& catalogs) {
  return Vocab(catalogs, lang, "deadline", rule);
}

std::string FlagText(const core::CaseFlag& flag, Lang lang, const Catalogs& catalogs) {
  const std::string code(FlagCode(flag.kind));
  std::map<std::string, std::string> params = {{"date", FormatDay(flag.since, lang, catalogs)},
                                               {"days", std::to_string(flag.days)}};
  if (flag.kind == core::CaseFlagKind::kDeadlinePassed) params["rule"] = DeadlineName(flag.rule, lang, catalogs);
  return catalogs.Get(lang, "flag." + code, params);
}

core::Result<std::optional<core::Person>> LoadPerson(core::RecordService& records, const std::string& person_id,
                                                     core::Visibility reader) {
  if (person_id.empty()) return std::optional<core::Person>();
  auto stored = GetOfKind(records, person_id, core::RecordKind::kPerson, reader);
  if (!stored) {
    if (stored.error().code == core::ErrorCode::kNotFound) return std::optional<core::Person>();
    return core::Fail(stored.error());
  }
  auto person = core::DecodePerson(stored->body);
  if (!person) return core::Fail(BadStoredBody(person_id, person.error()));
  return std::optional<core::Person>(std::move(*person));
}

TextView CaseTitle(const core::Case& value, const std::optional<core::Person>& person, Lang lang,
                   const Catalogs& catalogs) {
  TextView title = PickText(value.title, lang);
  if (!title.empty()) return title;
  if (person) {
    TextView name = PersonName(*person, lang);
    return TextView{catalogs.Get(lang, "case.untitled", {{"name", name.text}}), std::string(LangCode(lang)), false};
  }
  return TextView{catalogs.Get(lang, "kind.case"), std::string(LangCode(lang)), false};
}

core::Result<std::vector<SourceView>> BuildCaseSources(core::RecordService& records, const core::RecordCommon& common,
                                                       const std::vector<std::string>& source_ids,
                                                       core::Visibility reader, Lang lang, const Catalogs& catalogs) {
  std::vector<SourceView> out = BuildSources(common.sources, lang, catalogs);
  for (const std::string& id : source_ids) {
    auto stored = GetOfKind(records, id, core::RecordKind::kSource, reader);
    if (!stored) {
      if (stored.error().code == core::ErrorCode::kNotFound) continue;  // not for this reader
      return core::Fail(stored.error());
    }
    auto source = core::DecodeSource(stored->body);
    if (!source) return core::Fail(BadStoredBody(id, source.error()));
    // Redaction has already removed a protected source's author and url; the
    // flag is checked again so a defect there can not expose them.
    core::SourceRef ref;
    ref.title = PickText(source->title, lang).text;
    if (!source->protect_identity) ref.url = source->url;
    ref.date = source->date;
    std::string note = Vocab(catalogs, lang, "source_type", core::ToCode(source->type));
    if (!source->protect_identity && !source->author.empty()) note += " · " + source->author;
    ref.note = note;
    if (ref.title.empty()) ref.title = ref.url.empty() ? note : ref.url;
    auto views = BuildSources({ref}, lang, catalogs);
    out.insert(out.end(), views.begin(), views.end());
  }
  return out;
}

core::Result<CasePage> BuildCasePage(core::RecordService& records, std::string_view case_id,
                                     const PageRequest& request, const Catalogs& catalogs) {
  const Lang lang = request.lang;
  const core::Visibility reader = request.reader;
  const core::CivilDay today = request.today.value_or(SystemToday());
  auto facts = LoadCaseFacts(records, case_id, reader, today);
  if (!facts) return core::Fail(facts.error());
  const core::Case& value = facts->value;

  CasePage page;
  page.id = facts->id;
  page.history_href = "/records/" + page.id + "/history";
  auto person = LoadPerson(records, value.person_id, reader);
  if (!person) return core::Fail(person.error());
  if (*person) {
    TextView name = PersonName(**person, lang);
    page.person = LinkView{name.text, "/people/" + value.person_id, name.lang};
  }
  page.title = CaseTitle(value, *person, lang, catalogs);
  page.campaign = PickText(value.campaign, lang);
  page.summary = PickText(value.summary, lang);
  for (const std::string& issue_id : value.issue_ids) {
    auto stored = GetOfKind(records, issue_id, core::RecordKind::kIssue, reader);
    if (!stored) {
      if (stored.error().code == core::ErrorCode::kNotFound) continue;
      return core::Fail(stored.error());
    }
    auto issue = core::DecodeIssue(stored->body);
    if (!issue) return core::Fail(BadStoredBody(issue_id, issue.error()));
    page.issues.push_back(PickText(issue->name, lang));
  }
  for (const core::Charge& ch : value.charges) {
    ChargeView cv;
    if (!ch.article.empty()) cv.article = catalogs.Get(lang, "case.charge_article_value", {{"article", ch.article}});
    cv.name_zh = ch.name_zh;
    cv.name_en = ch.name_en;
    cv.stage = Vocab(catalogs, lang, "charge_stage", core::ToCode(ch.stage));
    page.charges.push_back(std::move(cv));
  }
  for (const core::Sentence& s : value.sentences) {
    SentenceView sv;
    sv.court = PickText(s.court, lang);
    if (s.date) sv.date = FormatDate(*s.date, lang, catalogs);
    sv.term = FormatTerm(s.term, lang, catalogs);
    sv.political_rights = FormatLength(s.political_rights_years, 0, 0, lang, catalogs);
    sv.appeal_outcome = PickText(s.appeal_outcome, lang);
    if (s.appeal_date) sv.appeal_date = FormatDate(*s.appeal_date, lang, catalogs);
    page.sentences.push_back(std::move(sv));
  }

  page.status = BuildStatus(facts->status, lang, catalogs);
  if (facts->days_in_detention) {
    page.days_in_detention = catalogs.Get(lang, "cases.days_value", {{"days", std::to_string(*facts->days_in_detention)}});
  }
  if (facts->expected_release) {
    page.expected_release = FormatDay(facts->expected_release->date, lang, catalogs);
    page.expected_release_basis = facts->expected_release->basis;
  }
  const long today_days = core::DaysFromCivil(today);
  for (const core::Deadline& dl : facts->deadlines) {
    DeadlineView dv;
    dv.rule = DeadlineName(dl.rule, lang, catalogs);
    dv.started = FormatDay(dl.started, lang, catalogs);
    dv.due = FormatDay(dl.due, lang, catalogs);
    dv.overdue = dl.overdue;
    dv.met = dl.met_on.has_value();
    if (dl.met_on) {
      dv.state = catalogs.Get(lang, "case.deadline_met", {{"date", FormatDay(*dl.met_on, lang, catalogs)}});
    } else if (dl.overdue) {
      dv.state = catalogs.Get(lang, "case.deadline_overdue",
                              {{"days", std::to_string(today_days - core::DaysFromCivil(dl.due))}});
    } else {
      dv.state = catalogs.Get(lang, "case.deadline_running",
                              {{"days", std::to_string(core::DaysFromCivil(dl.due) - today_days)}});
    }
    page.deadlines.push_back(std::move(dv));
  }
  for (const core::CaseFlag& f : facts->flags) page.flags.push_back(FlagText(f, lang, catalogs));

  // The timeline: legal events, then every time the case was raised at a round.
  std::vector<std::pair<TimelineKey, TimelineEntryView>> entries;
  for (size_t i = 0; i < facts->events.size(); ++i) {
    const core::LegalEvent& e = facts->events[i];
    TimelineEntryView v;
    v.legal_event = true;
    v.date = FormatDate(e.date, lang, catalogs);
    v.type_code = std::string(core::ToCode(e.type));
    v.type_label = Vocab(catalogs, lang, "legal_event_type", v.type_code);
    const std::string_view term = core::OfficialChineseTerm(e.type);
    if (!term.empty() && term != v.type_label) v.official_term = std::string(term);
    if (!e.place_id.empty()) {
      auto stored = GetOfKind(records, e.place_id, core::RecordKind::kPlace, reader);
      if (stored) {
        auto place = core::DecodePlace(stored->body);
        if (!place) return core::Fail(BadStoredBody(e.place_id, place.error()));
        v.place = PickText(place->name, lang);
      } else if (stored.error().code != core::ErrorCode::kNotFound) {
        return core::Fail(stored.error());
      }
    }
    v.authority = PickText(e.authority, lang);
    v.legal_basis = PickText(e.legal_basis, lang);
    v.family_notified = Vocab(catalogs, lang, "tri_state", core::ToCode(e.family_notified));
    v.lawyer_access = Vocab(catalogs, lang, "tri_state", core::ToCode(e.lawyer_access));
    v.whereabouts_known = Vocab(catalogs, lang, "tri_state", core::ToCode(e.whereabouts_known));
    v.description = PickText(e.description, lang);
    auto sources = BuildCaseSources(records, e.common, e.source_ids, reader, lang, catalogs);
    if (!sources) return core::Fail(sources.error());
    v.sources = std::move(*sources);
    std::optional<core::CivilDay> day = e.date.EarliestDay();
    entries.emplace_back(TimelineKey{!day, day.value_or(core::CivilDay{}), 0, static_cast<int>(i)}, std::move(v));
  }
  // Asks whose subject is this case, from the store's references index. An
  // ask refers to a case only through subject.id today; the subject check
  // below keeps that true if asks gain other case references.
  std::vector<core::StoredRecord> asks;
  core::ListQuery ask_query;
  ask_query.kind = core::RecordKind::kAsk;
  ask_query.references_id = page.id;
  ask_query.limit = 1000;
  for (;;) {
    auto listed = records.List(ask_query, reader);
    if (!listed) return core::Fail(listed.error());
    const size_t got = listed->records.size();
    for (core::StoredRecord& r : listed->records) asks.push_back(std::move(r));
    ask_query.offset += static_cast<std::int64_t>(got);
    if (got == 0 || ask_query.offset >= listed->total) break;
  }
  for (const core::StoredRecord& r : asks) {
    auto ask = core::DecodeAsk(r.body);
    if (!ask) return core::Fail(BadStoredBody(r.header.id, ask.error()));
    if (ask->subject.kind != core::AskSubjectKind::kCase || ask->subject.id != page.id) continue;
    auto stored_round = GetOfKind(records, ask->round_id, core::RecordKind::kRound, reader);
    if (!stored_round) {
      if (stored_round.error().code == core::ErrorCode::kNotFound) continue;  // a round the reader may not see
      return core::Fail(stored_round.error());
    }
    auto round = core::DecodeRound(stored_round->body);
    if (!round) return core::Fail(BadStoredBody(ask->round_id, round.error()));
    TimelineEntryView v;
    v.date = FormatDate(round->dates, lang, catalogs);
    TextView round_title = PickText(round->title, lang);
    v.round = LinkView{round_title.text, "/rounds/" + ask->round_id + "#" + r.header.id, round_title.lang};
    v.raised_by = PickText(ask->raised_by, lang);
    for (core::RequestKind k : ask->requests) v.requests.push_back(Vocab(catalogs, lang, "request_kind", core::ToCode(k)));
    v.description = PickText(ask->description, lang);
    auto replies = ListAll(records, core::RecordKind::kReply, r.header.id, reader);
    if (!replies) return core::Fail(replies.error());
    for (const core::StoredRecord& rr : *replies) {
      auto reply = core::DecodeReply(rr.body);
      if (!reply) return core::Fail(BadStoredBody(rr.header.id, reply.error()));
      if (reply->ask_id != r.header.id) continue;
      v.replies.push_back(BuildReplyLine(*reply, lang, catalogs));
    }
    v.sources = BuildSources(ask->common.sources, lang, catalogs);
    std::optional<core::CivilDay> day = round->dates.EarliestDay();
    entries.emplace_back(TimelineKey{!day, day.value_or(core::CivilDay{}), 1, ask->position}, std::move(v));
  }
  std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [key, entry] : entries) page.timeline.push_back(std::move(entry));

  auto sources = BuildCaseSources(records, value.common, value.source_ids, reader, lang, catalogs);
  if (!sources) return core::Fail(sources.error());
  page.sources = std::move(*sources);
  return page;
}

std::string RenderCaseBody(const CasePage& page, const PageRequest& request, const Catalogs& catalogs) {
  return RenderTemplate("case", ToData(page, catalogs, request.lang), request.lang, catalogs);
}

PageFrame CaseFrame(const CasePage& page, const PageRequest& request, const Catalogs& catalogs) {
  PageFrame frame;
  frame.title = page.title.text;
  frame.breadcrumbs.push_back(LinkView{catalogs.Get(request.lang, "nav.cases"), "/cases", ""});
  if (!page.person.href.empty()) frame.breadcrumbs.push_back(page.person);
  frame.current = page.title.text;
  return frame;
}

}  // namespace readout::publish
