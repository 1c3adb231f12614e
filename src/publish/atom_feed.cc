#include "publish/atom_feed.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "core/case_codec.h"
#include "core/case_vocabulary.h"
#include "core/entity_codec.h"
#include "publish/page_common.h"

namespace readout::publish {
namespace {

// Entry ids never change, so the date in the tag is fixed (RFC 4151: the
// date the tagging entity first used the name), not the day of rendering.
constexpr std::string_view kTagPrefix = "tag:readout,2013:";

// Escapes text for XML character data and attribute values. Characters XML
// 1.0 forbids (C0 controls except tab, newline, carriage return) are dropped:
// a record holding one must not make the whole feed unreadable.
std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') break;
        out += c;
    }
  }
  return out;
}

// Store times are RFC 3339 already ("2026-11-29T08:00:00.000Z"), which Atom's
// date construct accepts as they are.
struct Entry {
  std::string id;
  std::string title;
  std::string title_lang;
  std::string updated;
  std::string href;  // already prefixed with base_url
  std::string summary;
  std::string summary_lang;
};

std::string RenderFeed(std::string_view feed_id, const std::string& title, const std::string& alternate,
                       const FeedOptions& options, std::vector<Entry> entries) {
  std::stable_sort(entries.begin(), entries.end(),
                   [](const Entry& a, const Entry& b) { return a.updated > b.updated; });
  if (options.max_entries >= 0 && entries.size() > static_cast<std::size_t>(options.max_entries)) {
    entries.resize(static_cast<std::size_t>(options.max_entries));
  }
  // <updated> is the newest entry's time, never "now": an unchanged record
  // gives byte-identical feeds (the static site rewrites only changed files).
  const std::string updated = entries.empty() ? "2013-01-01T00:00:00Z" : entries.front().updated;
  std::string out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
  out += "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"" + std::string(LangCode(options.lang)) + "\">\n";
  out += "<id>" + XmlEscape(std::string(kTagPrefix) + std::string(feed_id)) + "</id>\n";
  out += "<title>" + XmlEscape(title) + "</title>\n";
  out += "<updated>" + XmlEscape(updated) + "</updated>\n";
  out += "<author><name>Readout</name></author>\n";
  out += "<generator>Readout</generator>\n";
  out += "<link rel=\"self\" type=\"application/atom+xml\" href=\"" +
         XmlEscape(options.base_url + options.self_path) + "\"/>\n";
  out += "<link rel=\"alternate\" type=\"text/html\" href=\"" + XmlEscape(options.base_url + alternate) + "\"/>\n";
  for (const Entry& e : entries) {
    out += "<entry>\n";
    out += "<id>" + XmlEscape(e.id) + "</id>\n";
    out += "<title";
    if (!e.title_lang.empty()) out += " xml:lang=\"" + XmlEscape(e.title_lang) + "\"";
    out += ">" + XmlEscape(e.title) + "</title>\n";
    out += "<updated>" + XmlEscape(e.updated) + "</updated>\n";
    out += "<link rel=\"alternate\" type=\"text/html\" href=\"" + XmlEscape(e.href) + "\"/>\n";
    if (!e.summary.empty()) {
      out += "<summary";
      if (!e.summary_lang.empty()) out += " xml:lang=\"" + XmlEscape(e.summary_lang) + "\"";
      out += ">" + XmlEscape(e.summary) + "</summary>\n";
    }
    out += "</entry>\n";
  }
  out += "</feed>\n";
  return out;
}

// kNotFound unless `dialogue_id` names a public dialogue.
core::Status CheckDialogue(PublicRecords& records, std::string_view dialogue_id) {
  auto record = records.Get(dialogue_id);
  if (!record) return core::Fail(record.error());
  if (record->header.kind != core::RecordKind::kDialogue || record->header.deleted) {
    return core::Fail(core::Error::NotFound("dialogue " + std::string(dialogue_id)));
  }
  return {};
}

std::string FeedTitle(const Catalogs& catalogs, Lang lang, std::string_view id, PublicRecords& records,
                      std::string_view dialogue_id) {
  std::string name;
  if (!dialogue_id.empty()) {
    if (auto d = records.Get(dialogue_id)) {
      if (auto dialogue = core::DecodeDialogue(d->body)) name = PickText(dialogue->name, lang).text;
    }
  }
  if (name.empty()) name = catalogs.Get(lang, "site.name");
  return catalogs.Get(lang, std::string(id), {{"name", name}});
}

// Every live public record of `kind`, in store order.
core::Result<std::vector<core::StoredRecord>> ListEvery(PublicRecords& records, core::RecordKind kind) {
  std::vector<core::StoredRecord> out;
  core::ListQuery query;
  query.kind = kind;
  query.max_visibility = core::Visibility::kPublic;
  query.limit = 1000;
  for (;;) {
    auto page = records.List(query);
    if (!page) return core::Fail(page.error());
    const std::size_t n = page->records.size();
    for (auto& r : page->records) out.push_back(std::move(r));
    query.offset += static_cast<std::int64_t>(n);
    if (n == 0 || query.offset >= page->total) break;
  }
  return out;
}

// The name a case goes by on its page: its title, else its person's primary name.
std::pair<std::string, std::string> CaseName(PublicRecords& records, const core::StoredRecord& record, Lang lang) {
  auto value = core::DecodeCase(record.body);
  if (!value) return {record.header.id, ""};
  if (TextView title = PickText(value->title, lang); !title.empty()) return {title.text, title.lang};
  if (auto person = records.Get(value->person_id)) {
    if (auto p = core::DecodePerson(person->body)) {
      for (const auto& name : p->names) {
        if (name.primary) return {name.text, ""};
      }
    }
  }
  return {record.header.id, ""};
}

}  // namespace

core::Result<std::string> RenderReadoutsFeed(PublicRecords& records, std::string_view dialogue_id,
                                             const FeedOptions& options, const Catalogs& catalogs) {
  if (!dialogue_id.empty()) {
    if (auto status = CheckDialogue(records, dialogue_id); !status) return core::Fail(status.error());
  }
  auto readouts = ListPublishedReadouts(records, dialogue_id);
  if (!readouts) return core::Fail(readouts.error());
  const Lang lang = options.lang;
  std::vector<Entry> entries;
  for (const PublishedReadout& r : *readouts) {
    const TextView title = PickText(r.content.title, lang);
    const TextView summary = PickText(r.content.summary, lang);
    for (const PublishedVersionInfo& v : r.versions) {
      Entry e;
      e.id = std::string(kTagPrefix) + r.readout_id + "/v" + std::to_string(v.number);
      e.title = v.number > 1 ? catalogs.Get(lang, "feed.readout_corrected",
                                            {{"title", title.text}, {"version", std::to_string(v.number)}})
                             : title.text;
      e.title_lang = v.number > 1 ? "" : title.lang;
      e.updated = v.published_at;
      e.href = options.base_url + "/readouts/" + r.readout_id;
      if (v.number > 1) {
        const TextView note = PickText(v.correction_note, lang);
        e.summary = note.text;
        e.summary_lang = note.lang;
      } else {
        e.summary = summary.text;
        e.summary_lang = summary.lang;
      }
      entries.push_back(std::move(e));
    }
  }
  const std::string id = dialogue_id.empty() ? "feeds/readouts" : std::string(dialogue_id) + "/feeds/readouts";
  const std::string alternate = dialogue_id.empty() ? "/readouts" : "/dialogues/" + std::string(dialogue_id);
  return RenderFeed(id, FeedTitle(catalogs, lang, "feed.readouts_title", records, dialogue_id), alternate, options,
                    std::move(entries));
}

core::Result<std::string> RenderCaseUpdatesFeed(PublicRecords& records, std::string_view dialogue_id,
                                                const FeedOptions& options, const Catalogs& catalogs) {
  std::set<std::string> in_dialogue;
  if (!dialogue_id.empty()) {
    auto facts = records.Facts(dialogue_id);
    if (!facts) return core::Fail(facts.error());
    for (const auto& c : facts->cases) in_dialogue.insert(c.id);
  }
  auto cases = ListEvery(records, core::RecordKind::kCase);
  if (!cases) return core::Fail(cases.error());
  auto events = ListEvery(records, core::RecordKind::kLegalEvent);
  if (!events) return core::Fail(events.error());

  std::map<std::string, const core::StoredRecord*> case_by_id;
  for (const auto& c : *cases) {
    if (dialogue_id.empty() || in_dialogue.contains(c.header.id)) case_by_id[c.header.id] = &c;
  }
  // A record's revisions are no newer than its updated_at, so the newest
  // max_entries revisions are among the max_entries most recently updated
  // records: only those histories are read (10,000 cases stay cheap).
  struct Candidate {
    const core::StoredRecord* record;
    const core::StoredRecord* case_record;
  };
  std::vector<Candidate> candidates;
  for (const auto& [id, c] : case_by_id) candidates.push_back({c, c});
  for (const auto& e : *events) {
    auto it = case_by_id.find(e.header.parent_id);
    if (it == case_by_id.end()) it = case_by_id.find(e.body.value("case_id", ""));
    if (it != case_by_id.end()) candidates.push_back({&e, it->second});
  }
  std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    return a.record->header.updated_at > b.record->header.updated_at;
  });
  if (options.max_entries >= 0 && candidates.size() > static_cast<std::size_t>(options.max_entries)) {
    candidates.resize(static_cast<std::size_t>(options.max_entries));
  }

  const Lang lang = options.lang;
  std::vector<Entry> entries;
  for (const Candidate& c : candidates) {
    auto history = records.History(c.record->header.id);
    if (!history) {
      if (history.error().code == core::ErrorCode::kNotFound) continue;
      return core::Fail(history.error());
    }
    const std::string name = CaseName(records, *c.case_record, lang).first;
    const bool is_event = c.record->header.kind == core::RecordKind::kLegalEvent;
    std::string event_label;
    if (is_event) {
      if (auto event = core::DecodeLegalEvent(c.record->body)) {
        event_label = catalogs.Get(lang, "vocab.legal_event_type." + std::string(core::ToCode(event->type)));
      }
    }
    for (const core::Revision& rev : *history) {
      // The public history holds only public states; this keeps a revision
      // that made a record non-public (or deleted it) out even if it does not.
      if (rev.visibility_after != core::Visibility::kPublic || rev.deleted_after) continue;
      Entry e;
      e.id = std::string(kTagPrefix) + rev.record_id + "/r" + std::to_string(rev.revision);
      std::string message_id;
      if (is_event) {
        message_id = rev.operation == core::RevisionOperation::kCreate ? "feed.case_event_added"
                                                                        : "feed.case_event_updated";
      } else {
        message_id = rev.operation == core::RevisionOperation::kCreate ? "feed.case_added" : "feed.case_updated";
      }
      e.title = catalogs.Get(lang, message_id, {{"name", name}, {"event", event_label}});
      e.updated = rev.at;
      e.href = options.base_url + "/cases/" + c.case_record->header.id;
      entries.push_back(std::move(e));
    }
  }
  const std::string id = dialogue_id.empty() ? "feeds/cases" : std::string(dialogue_id) + "/feeds/cases";
  const std::string alternate = dialogue_id.empty() ? "/cases" : "/dialogues/" + std::string(dialogue_id);
  return RenderFeed(id, FeedTitle(catalogs, lang, "feed.cases_title", records, dialogue_id), alternate, options,
                    std::move(entries));
}

}  // namespace readout::publish
