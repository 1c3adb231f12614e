#include "publish/history_page.h"

#include <algorithm>
#include <set>
#include <utility>

#include "core/accountability_codec.h"
#include "core/case_codec.h"
#include "core/entity_codec.h"
#include "publish/case_page.h"

namespace readout::publish {
namespace {

// "2026-11-29T08:00:00.000Z" -> "2026-11-29 08:00"; anything else as stored.
std::string ShortTimestamp(const std::string& at) {
  if (at.size() >= 16 && at[10] == 'T') return at.substr(0, 10) + " " + at.substr(11, 5);
  return at;
}

std::string FieldLabel(const std::string& field, Lang lang, const Catalogs& catalogs) {
  const std::string id = "field." + field;
  return catalogs.All(lang).contains(id) || catalogs.All(Lang::kEn).contains(id) ? catalogs.Get(lang, id) : field;
}

// The record's display title, and the page where the reader sees it.
core::Result<std::pair<TextView, LinkView>> Describe(core::RecordService& records, const core::StoredRecord& record,
                                                     const PageRequest& request, const Catalogs& catalogs) {
  const Lang lang = request.lang;
  const std::string& id = record.header.id;
  TextView title{catalogs.Get(lang, "kind.record_title",
                              {{"kind", catalogs.Get(lang, "kind." + std::string(core::KindName(record.header.kind)))},
                               {"id", id}}),
                 std::string(LangCode(lang)), false};
  std::string round_id;
  LinkView back;
  switch (record.header.kind) {
    case core::RecordKind::kDialogue: {
      auto d = core::DecodeDialogue(record.body);
      if (!d) return core::Fail(BadStoredBody(id, d.error()));
      title = PickText(d->name, lang);
      back.href = "/dialogues/" + id;
      break;
    }
    case core::RecordKind::kRound: {
      auto r = core::DecodeRound(record.body);
      if (!r) return core::Fail(BadStoredBody(id, r.error()));
      title = PickText(r->title, lang);
      back.href = "/rounds/" + id;
      break;
    }
    case core::RecordKind::kIssue: {
      auto i = core::DecodeIssue(record.body);
      if (!i) return core::Fail(BadStoredBody(id, i.error()));
      title = PickText(i->name, lang);
      break;
    }
    case core::RecordKind::kAsk: {
      auto a = core::DecodeAsk(record.body);
      if (!a) return core::Fail(BadStoredBody(id, a.error()));
      round_id = a->round_id;
      if (!a->engagement_id.empty() &&
          GetOfKind(records, a->engagement_id, core::RecordKind::kEngagement, request.reader)) {
        back.href = "/engagements/" + a->engagement_id + "#" + id;
      }
      break;
    }
    case core::RecordKind::kReply: {
      auto r = core::DecodeReply(record.body);
      if (!r) return core::Fail(BadStoredBody(id, r.error()));
      if (auto ask = GetOfKind(records, r->ask_id, core::RecordKind::kAsk, request.reader)) {
        if (auto a = core::DecodeAsk(ask->body)) round_id = a->round_id;
      }
      break;
    }
    case core::RecordKind::kCaseList: {
      auto c = core::DecodeCaseList(record.body);
      if (!c) return core::Fail(BadStoredBody(id, c.error()));
      round_id = c->round_id;
      break;
    }
    case core::RecordKind::kPerson: {
      auto p = core::DecodePerson(record.body);
      if (!p) return core::Fail(BadStoredBody(id, p.error()));
      title = PersonName(*p, lang);
      back.href = "/people/" + id;
      break;
    }
    case core::RecordKind::kCase: {
      auto c = core::DecodeCase(record.body);
      if (!c) return core::Fail(BadStoredBody(id, c.error()));
      auto person = LoadPerson(records, c->person_id, request.reader);
      if (!person) return core::Fail(person.error());
      title = CaseTitle(*c, *person, lang, catalogs);
      back.href = "/cases/" + id;
      break;
    }
    case core::RecordKind::kLegalEvent: {
      // Shown on its case's page.
      if (!record.header.parent_id.empty() &&
          GetOfKind(records, record.header.parent_id, core::RecordKind::kCase, request.reader)) {
        back.href = "/cases/" + record.header.parent_id;
      }
      break;
    }
    case core::RecordKind::kPlace:
    case core::RecordKind::kSource:
    case core::RecordKind::kEvidenceFile:
    case core::RecordKind::kCustodyEvent:
    case core::RecordKind::kGroupEvent:
    case core::RecordKind::kReadout:
      break;  // no page of their own yet
    // Benchmarks and assessments are shown on their dialogue's scorecard.
    case core::RecordKind::kBenchmark: {
      auto b = core::DecodeBenchmark(record.body);
      if (!b) return core::Fail(BadStoredBody(id, b.error()));
      title = PickText(b->statement, lang);
      back.href = "/dialogues/" + b->dialogue_id + "/scorecard#" + id;
      break;
    }
    case core::RecordKind::kAssessment: {
      auto a = core::DecodeAssessment(record.body);
      if (!a) return core::Fail(BadStoredBody(id, a.error()));
      if (auto stored = GetOfKind(records, a->benchmark_id, core::RecordKind::kBenchmark, request.reader)) {
        if (auto b = core::DecodeBenchmark(stored->body)) {
          title = PickText(b->statement, lang);
          back.href = "/dialogues/" + b->dialogue_id + "/scorecard#" + id;
        }
      }
      break;
    }
    case core::RecordKind::kCommitment: {
      auto c = core::DecodeCommitment(record.body);
      if (!c) return core::Fail(BadStoredBody(id, c.error()));
      title = PickText(c->text, lang);
      round_id = c->round_id;
      if (round_id.empty()) back.href = "/dialogues/" + c->dialogue_id;
      break;
    }
    case core::RecordKind::kAgency: {
      auto a = core::DecodeAgency(record.body);
      if (!a) return core::Fail(BadStoredBody(id, a.error()));
      title = PickText(a->name, lang);
      back.href = "/agencies/" + id;
      break;
    }
    case core::RecordKind::kEngagement: {
      auto e = core::DecodeEngagement(record.body);
      if (!e) return core::Fail(BadStoredBody(id, e.error()));
      title = PickText(e->title, lang);
      back.href = "/engagements/" + id;
      break;
    }
    case core::RecordKind::kIndicator: {
      auto i = core::DecodeIndicator(record.body);
      if (!i) return core::Fail(BadStoredBody(id, i.error()));
      title = PickText(i->name, lang);
      back.href = "/indicators/" + id;
      break;
    }
    case core::RecordKind::kObservation: {
      auto o = core::DecodeObservation(record.body);
      if (!o) return core::Fail(BadStoredBody(id, o.error()));
      if (GetOfKind(records, o->indicator_id, core::RecordKind::kIndicator, request.reader)) {
        back.href = "/indicators/" + o->indicator_id + "#" + id;
      }
      break;
    }
  }
  // Asks, replies and case lists are shown on their round's page, if the reader may see it.
  if (!round_id.empty()) {
    if (auto round = GetOfKind(records, round_id, core::RecordKind::kRound, request.reader)) {
      if (auto r = core::DecodeRound(round->body)) {
        back.href = "/rounds/" + round_id;
        back.label = PickText(r->title, lang).text;
      }
    }
  }
  if (back.label.empty()) back.label = title.text;
  return std::make_pair(title, back);
}

}  // namespace

std::vector<std::string> ChangedFields(const nlohmann::json& before, const nlohmann::json& after) {
  std::set<std::string> keys;
  for (const nlohmann::json* side : {&before, &after}) {
    if (!side->is_object()) continue;
    for (const auto& [key, value] : side->items()) keys.insert(key);
  }
  std::vector<std::string> changed;
  for (const std::string& key : keys) {
    const bool in_before = before.is_object() && before.contains(key);
    const bool in_after = after.is_object() && after.contains(key);
    if (in_before != in_after || (in_before && before.at(key) != after.at(key))) changed.push_back(key);
  }
  return changed;
}

core::Result<HistoryPage> BuildHistoryPage(core::RecordService& records, std::string_view record_id,
                                           const PageRequest& request, const Catalogs& catalogs) {
  const Lang lang = request.lang;
  if (!core::KindOfId(record_id)) return core::Fail(core::Error::NotFound("no such record"));
  auto record = records.Get(record_id, request.reader);
  if (!record) return core::Fail(record.error());
  auto history = records.History(record_id, request.reader);
  if (!history) return core::Fail(history.error());
  auto described = Describe(records, *record, request, catalogs);
  if (!described) return core::Fail(described.error());

  HistoryPage page;
  page.title = described->first;
  page.back = described->second;
  for (auto it = history->rbegin(); it != history->rend(); ++it) {
    const core::Revision& rev = *it;
    RevisionView v;
    v.number = std::to_string(rev.revision);
    v.date = ShortTimestamp(rev.at);
    v.operation = catalogs.Get(lang, "history.op." + std::string(core::ToCode(rev.operation)));
    std::vector<std::string> fields;
    if (rev.operation == core::RevisionOperation::kCreate || rev.operation == core::RevisionOperation::kUpdate) {
      fields = ChangedFields(rev.operation == core::RevisionOperation::kCreate ? nlohmann::json() : rev.before,
                             rev.after);
    }
    if (rev.operation != core::RevisionOperation::kCreate && rev.visibility_before != rev.visibility_after &&
        std::find(fields.begin(), fields.end(), "visibility") == fields.end()) {
      fields.push_back("visibility");
    }
    for (const std::string& f : fields) v.fields.push_back(FieldLabel(f, lang, catalogs));
    page.revisions.push_back(std::move(v));
  }
  return page;
}

std::string RenderHistoryBody(const HistoryPage& page, const PageRequest& request, const Catalogs& catalogs) {
  const Lang lang = request.lang;
  mustache::data d;
  d["heading"] = mustache::data(catalogs.Get(lang, "history.heading", {{"title", page.title.text}}));
  if (!page.back.href.empty()) {
    mustache::data back;
    back["href"] = mustache::data(page.back.href);
    back["label"] = mustache::data(catalogs.Get(lang, "history.back", {{"title", page.back.label}}));
    d["back"] = std::move(back);
  } else {
    d["back"] = mustache::data(false);
  }
  mustache::data revisions(mustache::data::type::list);
  for (const RevisionView& r : page.revisions) {
    mustache::data item;
    item["number"] = mustache::data(r.number);
    item["date"] = mustache::data(r.date);
    item["operation"] = mustache::data(r.operation);
    mustache::data fields(mustache::data::type::list);
    for (const std::string& f : r.fields) fields.push_back(mustache::data(f));
    item["fields"] = std::move(fields);
    item["no_fields"] = mustache::data(r.fields.empty());
    revisions.push_back(std::move(item));
  }
  d["revisions"] = std::move(revisions);
  d["empty"] = mustache::data(page.revisions.empty());
  return RenderTemplate("history", std::move(d), lang, catalogs);
}

}  // namespace readout::publish
