// The public readout: PublicRecords, BuildPublicReadout from a public
// DialogueFacts snapshot, the JSON form frozen in a published version, the
// published readouts and the staff preview.
#include "publish/public_readout.h"

#include <algorithm>
#include <map>
#include <utility>

#include "core/accountability_codec.h"
#include "core/case_status.h"
#include "core/entity_codec.h"
#include "core/record.h"

namespace readout::publish {

// ---- PublicRecords ----------------------------------------------------------

core::Result<core::StoredRecord> PublicRecords::Get(std::string_view id) {
  return records_.Get(id, core::Visibility::kPublic);
}

core::Result<core::ListPage> PublicRecords::List(core::ListQuery query) {
  query.max_visibility = core::Visibility::kPublic;
  query.include_deleted = false;
  return records_.List(std::move(query), core::Visibility::kPublic);
}

core::Result<std::vector<core::StoredRecord>> PublicRecords::Children(core::RecordKind kind,
                                                                      const std::string& parent_id) {
  std::vector<core::StoredRecord> out;
  core::ListQuery query;
  query.kind = kind;
  query.parent_id = parent_id;
  query.limit = 1000;
  for (;;) {
    auto page = List(query);
    if (!page) return core::Fail(page.error());
    for (auto& r : page->records) out.push_back(std::move(r));
    query.offset += static_cast<std::int64_t>(page->records.size());
    if (page->records.empty() || query.offset >= page->total) break;
  }
  return out;
}

core::Result<std::vector<core::Revision>> PublicRecords::History(std::string_view id) {
  return records_.History(id, core::Visibility::kPublic);
}

core::Result<core::DialogueFacts> PublicRecords::Facts(std::string_view dialogue_id) {
  return core::LoadDialogueFacts(records_, dialogue_id, core::Visibility::kPublic);
}

namespace {

bool IsHttp(std::string_view url) { return url.starts_with("http://") || url.starts_with("https://"); }

std::string DateText(const std::optional<core::PartialDate>& date) { return date ? date->ToString() : ""; }

std::vector<PublicSource> Sources(const std::vector<core::SourceRef>& refs) {
  std::vector<PublicSource> out;
  for (const core::SourceRef& s : refs) {
    // Only web links: a "javascript:" or file URL never reaches a reader.
    out.push_back(PublicSource{s.title, IsHttp(s.url) ? s.url : "", DateText(s.date), s.note});
  }
  return out;
}

std::string_view ChangeCode(core::RatingChange change) {
  switch (change) {
    case core::RatingChange::kNone:
      return "none";
    case core::RatingChange::kImproved:
      return "improved";
    case core::RatingChange::kUnchanged:
      return "unchanged";
    case core::RatingChange::kWorsened:
      return "worsened";
    case core::RatingChange::kFirstRated:
      return "first_rated";
  }
  return "none";
}

template <typename T>
const T* FindIn(const std::vector<core::Identified<T>>& items, std::string_view id) {
  for (const auto& item : items) {
    if (item.id == id) return &item.value;
  }
  return nullptr;
}

const core::RaisedCase* FindCase(const core::DialogueFacts& facts, std::string_view id) {
  for (const core::RaisedCase& c : facts.cases) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

// Members of each side, leads first, under the side's party name.
std::vector<PublicDelegation> Delegations(const core::DialogueFacts& facts,
                                          const std::vector<core::Participant>& people) {
  std::vector<PublicDelegation> out;
  for (core::Side side : {core::Side::kA, core::Side::kB}) {
    PublicDelegation d;
    d.party = side == core::Side::kA ? facts.dialogue.party_a.name : facts.dialogue.party_b.name;
    for (bool lead : {true, false}) {
      for (const core::Participant& p : people) {
        if (p.side == side && p.lead == lead) d.members.push_back(PublicDelegate{p.name, p.title, p.agency, p.lead});
      }
    }
    if (!d.members.empty()) out.push_back(std::move(d));
  }
  return out;
}

PublicReply ToPublic(const core::Reply& r) {
  PublicReply out;
  out.kind_code = std::string(core::ToCode(r.reply_kind));
  out.substantive = core::IsSubstantive(r.reply_kind);
  out.given_by = r.given_by;
  out.date = DateText(r.date);
  out.original_text = r.original_text;
  out.original_lang = r.original_language;
  out.translation = r.translation;
  out.sources = Sources(r.common.sources);
  return out;
}

PublicAsk BuildAsk(const core::DialogueFacts& facts, const core::Identified<core::Ask>& item, core::CivilDay today) {
  const core::Ask& ask = item.value;
  PublicAsk out;
  out.id = item.id;
  out.raised_by = ask.raised_by;
  for (core::RequestKind k : ask.requests) out.request_codes.emplace_back(core::ToCode(k));
  out.description = ask.description;
  out.sources = Sources(ask.common.sources);
  switch (ask.subject.kind) {
    case core::AskSubjectKind::kIssue:
      if (const core::Issue* issue = FindIn(facts.issues, ask.subject.id)) {
        out.issue_id = ask.subject.id;
        out.issue = issue->name;
      }
      break;
    case core::AskSubjectKind::kBenchmark:
      if (const core::Benchmark* b = FindIn(facts.benchmarks, ask.subject.id)) {
        out.benchmark_id = ask.subject.id;
        out.benchmark = b->statement;
        if (const core::Issue* issue = FindIn(facts.issues, b->issue_id)) {
          out.issue_id = b->issue_id;
          out.issue = issue->name;
        }
      }
      break;
    case core::AskSubjectKind::kCase:
      // A case the public may not see stays anonymous: the ask is shown
      // without naming it, as the round page does.
      if (const core::RaisedCase* c = FindCase(facts, ask.subject.id)) {
        out.case_id = c->id;
        out.case_name = c->person_name;
        core::DerivedStatus status = core::DeriveStatus(c->events, c->value.sentences, today);
        out.case_status = std::string(core::ToCode(status.status));
        out.case_status_as_of = DateText(status.as_of);
      }
      break;
  }
  for (const auto& reply : facts.replies) {
    if (reply.value.ask_id == item.id) out.replies.push_back(ToPublic(reply.value));
  }
  return out;
}

struct Subject {
  std::string id;
  std::string kind;  // "round" or "engagement"
  std::optional<core::CivilDay> first;
  std::optional<core::CivilDay> last;
};

}  // namespace

core::Result<PublicReadout> BuildPublicReadout(PublicRecords& records, std::string_view subject_id,
                                               const PublicText& editor_note, core::CivilDay today) {
  const auto kind = core::KindOfId(subject_id);
  if (kind != core::RecordKind::kRound && kind != core::RecordKind::kEngagement) {
    return core::Fail(core::Error::Invalid(
        "subject_id", "must be a round (rnd_) or an engagement (eng_); got \"" + std::string(subject_id) + "\""));
  }
  auto stored = records.Get(subject_id);
  if (!stored) return core::Fail(stored.error());
  if (stored->header.kind != *kind) {
    return core::Fail(core::Error::NotFound("no public record with id " + std::string(subject_id)));
  }

  PublicReadout out;
  out.subject_id = stored->header.id;
  out.editor_note = editor_note;
  out.generated_on = today.ToIso();
  Subject subject{out.subject_id, "", std::nullopt, std::nullopt};
  std::optional<core::Round> round;
  std::optional<core::Engagement> engagement;
  // A round and an engagement share the facts the readout opens with; only
  // the name of their date field differs.
  auto open_with = [&](const auto& subject_record, const core::PartialDate& dates, std::string_view kind_name) {
    out.subject_kind = std::string(kind_name);
    out.dialogue_id = subject_record.dialogue_id;
    out.title = subject_record.title;
    if (dates.start()) out.start_date = dates.start()->ToString();
    if (dates.is_interval() && dates.end()) out.end_date = dates.end()->ToString();
    out.place = subject_record.place;
    out.summary = subject_record.summary;
    out.sources = Sources(subject_record.common.sources);
    subject.first = dates.EarliestDay();
    subject.last = dates.LatestDay();
  };
  if (*kind == core::RecordKind::kRound) {
    auto r = core::DecodeRound(stored->body);
    if (!r) return core::Fail(core::Error::Internal("stored round " + out.subject_id + " does not decode"));
    round = std::move(*r);
    open_with(*round, round->dates, "round");
  } else {
    auto e = core::DecodeEngagement(stored->body);
    if (!e) return core::Fail(core::Error::Internal("stored engagement " + out.subject_id + " does not decode"));
    engagement = std::move(*e);
    open_with(*engagement, engagement->date, "engagement");
  }

  auto facts = records.Facts(out.dialogue_id);
  if (!facts) return core::Fail(facts.error());
  out.dialogue_name = facts->dialogue.name;
  out.delegations = Delegations(*facts, round ? round->delegation : engagement->participants);

  // Asks at the subject, in the order raised (DialogueFacts keeps them by position).
  for (const auto& item : facts->asks) {
    const bool here = round ? item.value.round_id == out.subject_id : item.value.engagement_id == out.subject_id;
    if (!here) continue;
    PublicAsk ask = BuildAsk(*facts, item, today);
    ++out.detail.asks;
    if (ask.replies.empty()) out.detail.asks_without_reply.push_back(ask.id);
    if (ask.description.empty()) out.detail.asks_without_description.push_back(ask.id);
    if (item.value.subject.kind == core::AskSubjectKind::kCase) {
      out.case_asks.push_back(std::move(ask));
    } else {
      out.issue_asks.push_back(std::move(ask));
    }
  }

  // Benchmark ratings at this round; for an engagement, at the last round
  // held on or before it (the rating the public could read at the time).
  const core::Scorecard scorecard = core::BuildScorecard(*facts);
  std::optional<size_t> column;
  for (size_t i = 0; i < scorecard.round_ids.size(); ++i) {
    if (round) {
      if (scorecard.round_ids[i] == out.subject_id) column = i;
      continue;
    }
    const core::Round* r = FindIn(facts->rounds, scorecard.round_ids[i]);
    auto held = r ? r->dates.EarliestDay() : std::nullopt;
    if (held && subject.last && *held <= *subject.last) column = i;
  }
  for (const core::ScorecardRow& row : scorecard.rows) {
    PublicBenchmarkRating b;
    b.benchmark_id = row.benchmark_id;
    b.statement = row.statement;
    if (const core::Issue* issue = FindIn(facts->issues, row.issue_id)) b.issue = issue->name;
    b.rating = std::string(core::ToCode(core::AssessmentRating::kNotAssessed));
    b.change = std::string(ChangeCode(core::RatingChange::kNone));
    if (column && *column < row.cells.size()) {
      const core::ScorecardCell& cell = row.cells[*column];
      b.rating = std::string(core::ToCode(cell.rating));
      b.change = std::string(ChangeCode(cell.change));
      if (cell.change == core::RatingChange::kImproved || cell.change == core::RatingChange::kWorsened ||
          cell.change == core::RatingChange::kUnchanged) {
        b.previous_rating = std::string(core::ToCode(cell.previous_rating));
      }
      b.rationale = cell.rationale;
    }
    out.benchmarks.push_back(std::move(b));
  }

  // Commitments made up to the subject's last day that were still open at
  // its first day (or closed on an unknown day).
  for (const auto& item : facts->commitments) {
    const core::Commitment& c = item.value;
    auto made = c.date.EarliestDay();
    if (subject.last && made && *made > *subject.last) continue;
    if (c.status != core::CommitmentStatus::kOpen && c.closed_date && subject.first) {
      auto closed = c.closed_date->LatestDay();
      if (closed && *closed < *subject.first) continue;
    }
    out.commitments.push_back(PublicCommitment{item.id, c.text, c.made_by, c.date.ToString(),
                                               std::string(core::ToCode(c.status))});
  }

  if (round) {
    auto score = core::ComputeRoundScore(*facts, out.subject_id);
    if (score) {
      PublicScore s;
      s.total = score->total;
      s.perfunctory = score->perfunctory;
      for (const core::ScoreComponent& part : score->components) {
        s.parts.push_back(PublicScorePart{std::string(part.code), part.numerator, part.denominator, part.weight});
      }
      out.score = std::move(s);
    } else if (score.error().code != core::ErrorCode::kNotFound) {
      return core::Fail(score.error());
    }
  }
  return out;
}

// ---- JSON ---------------------------------------------------------------------

namespace {

using nlohmann::json;

json Text(const PublicText& t) { return json{{"en", t.en}, {"zh_hans", t.zh_hans}, {"zh_hant", t.zh_hant}}; }

json Strings(const std::vector<std::string>& list) { return json(list); }

json SourcesJson(const std::vector<PublicSource>& sources) {
  json out = json::array();
  for (const PublicSource& s : sources) {
    out.push_back({{"title", s.title}, {"url", s.url}, {"date", s.date}, {"note", s.note}});
  }
  return out;
}

json AskJson(const PublicAsk& a) {
  json replies = json::array();
  for (const PublicReply& r : a.replies) {
    replies.push_back({{"kind", r.kind_code},
                       {"substantive", r.substantive},
                       {"given_by", Text(r.given_by)},
                       {"date", r.date},
                       {"original_text", r.original_text},
                       {"original_lang", r.original_lang},
                       {"translation", Text(r.translation)},
                       {"sources", SourcesJson(r.sources)}});
  }
  return {{"id", a.id},
          {"issue_id", a.issue_id},
          {"issue", Text(a.issue)},
          {"case_id", a.case_id},
          {"case_name", Text(a.case_name)},
          {"case_status", a.case_status},
          {"case_status_as_of", a.case_status_as_of},
          {"benchmark_id", a.benchmark_id},
          {"benchmark", Text(a.benchmark)},
          {"raised_by", Text(a.raised_by)},
          {"requests", Strings(a.request_codes)},
          {"description", Text(a.description)},
          {"replies", std::move(replies)},
          {"sources", SourcesJson(a.sources)}};
}

// Reads a PublicReadout back, collecting every problem with its path. Absent
// fields keep their defaults, so content frozen by an older build still loads.
class Reader {
 public:
  explicit Reader(std::vector<core::FieldError>& errors) : errors_(errors) {}

  const json* Field(const json& obj, const std::string& /*path*/, const char* name) {
    auto it = obj.find(name);
    if (it == obj.end() || it->is_null()) return nullptr;
    return &*it;
  }
  void Str(const json& obj, const std::string& path, const char* name, std::string& out) {
    const json* v = Field(obj, path, name);
    if (v == nullptr) return;
    if (!v->is_string()) return Bad(Join(path, name), "must be a string");
    out = v->get<std::string>();
  }
  void Bool(const json& obj, const std::string& path, const char* name, bool& out) {
    const json* v = Field(obj, path, name);
    if (v == nullptr) return;
    if (!v->is_boolean()) return Bad(Join(path, name), "must be true or false");
    out = v->get<bool>();
  }
  void Int(const json& obj, const std::string& path, const char* name, int& out) {
    const json* v = Field(obj, path, name);
    if (v == nullptr) return;
    if (!v->is_number_integer()) return Bad(Join(path, name), "must be an integer");
    out = v->get<int>();
  }
  void Number(const json& obj, const std::string& path, const char* name, double& out) {
    const json* v = Field(obj, path, name);
    if (v == nullptr) return;
    if (!v->is_number()) return Bad(Join(path, name), "must be a number");
    out = v->get<double>();
  }
  void Text(const json& obj, const std::string& path, const char* name, PublicText& out) {
    const json* v = Field(obj, path, name);
    if (v == nullptr) return;
    const std::string p = Join(path, name);
    if (!v->is_object()) return Bad(p, "must be an object with en, zh_hans and zh_hant");
    Str(*v, p, "en", out.en);
    Str(*v, p, "zh_hans", out.zh_hans);
    Str(*v, p, "zh_hant", out.zh_hant);
  }
  void Strings(const json& obj, const std::string& path, const char* name, std::vector<std::string>& out) {
    Each(obj, path, name, [&](const json& v, const std::string& p) {
      if (!v.is_string()) return Bad(p, "must be a string");
      out.push_back(v.get<std::string>());
    });
  }
  template <typename F>
  void Each(const json& obj, const std::string& path, const char* name, F each) {
    const json* v = Field(obj, path, name);
    if (v == nullptr) return;
    const std::string p = Join(path, name);
    if (!v->is_array()) return Bad(p, "must be an array");
    for (size_t i = 0; i < v->size(); ++i) each((*v)[i], p + "[" + std::to_string(i) + "]");
  }
  // Calls `each(object, path)` for every element, which must be an object.
  template <typename F>
  void Objects(const json& obj, const std::string& path, const char* name, F each) {
    Each(obj, path, name, [&](const json& v, const std::string& p) {
      if (!v.is_object()) return Bad(p, "must be an object");
      each(v, p);
    });
  }
  void Bad(std::string field, std::string problem) { errors_.push_back({std::move(field), std::move(problem)}); }

 private:
  static std::string Join(const std::string& path, const char* name) {
    return path.empty() ? std::string(name) : path + "." + name;
  }
  std::vector<core::FieldError>& errors_;
};

void ReadSources(Reader& r, const json& obj, const std::string& path, std::vector<PublicSource>& out) {
  r.Objects(obj, path, "sources", [&](const json& v, const std::string& p) {
    PublicSource s;
    r.Str(v, p, "title", s.title);
    r.Str(v, p, "url", s.url);
    r.Str(v, p, "date", s.date);
    r.Str(v, p, "note", s.note);
    if (!s.url.empty() && !IsHttp(s.url)) r.Bad(p + ".url", "must be an http(s) URL");
    out.push_back(std::move(s));
  });
}

void ReadAsks(Reader& r, const json& obj, const char* name, std::vector<PublicAsk>& out) {
  r.Objects(obj, "", name, [&](const json& v, const std::string& p) {
    PublicAsk a;
    r.Str(v, p, "id", a.id);
    r.Str(v, p, "issue_id", a.issue_id);
    r.Text(v, p, "issue", a.issue);
    r.Str(v, p, "case_id", a.case_id);
    r.Text(v, p, "case_name", a.case_name);
    r.Str(v, p, "case_status", a.case_status);
    r.Str(v, p, "case_status_as_of", a.case_status_as_of);
    r.Str(v, p, "benchmark_id", a.benchmark_id);
    r.Text(v, p, "benchmark", a.benchmark);
    r.Text(v, p, "raised_by", a.raised_by);
    r.Strings(v, p, "requests", a.request_codes);
    r.Text(v, p, "description", a.description);
    r.Objects(v, p, "replies", [&](const json& rv, const std::string& rp) {
      PublicReply reply;
      r.Str(rv, rp, "kind", reply.kind_code);
      r.Bool(rv, rp, "substantive", reply.substantive);
      r.Text(rv, rp, "given_by", reply.given_by);
      r.Str(rv, rp, "date", reply.date);
      r.Str(rv, rp, "original_text", reply.original_text);
      r.Str(rv, rp, "original_lang", reply.original_lang);
      r.Text(rv, rp, "translation", reply.translation);
      ReadSources(r, rv, rp, reply.sources);
      a.replies.push_back(std::move(reply));
    });
    ReadSources(r, v, p, a.sources);
    out.push_back(std::move(a));
  });
}

}  // namespace

nlohmann::json ToJson(const PublicReadout& readout) {
  json delegations = json::array();
  for (const PublicDelegation& d : readout.delegations) {
    json members = json::array();
    for (const PublicDelegate& m : d.members) {
      members.push_back({{"name", Text(m.name)}, {"title", Text(m.title)}, {"agency", Text(m.agency)}, {"lead", m.lead}});
    }
    delegations.push_back({{"party", Text(d.party)}, {"members", std::move(members)}});
  }
  json issue_asks = json::array();
  for (const PublicAsk& a : readout.issue_asks) issue_asks.push_back(AskJson(a));
  json case_asks = json::array();
  for (const PublicAsk& a : readout.case_asks) case_asks.push_back(AskJson(a));
  json benchmarks = json::array();
  for (const PublicBenchmarkRating& b : readout.benchmarks) {
    benchmarks.push_back({{"benchmark_id", b.benchmark_id},
                          {"statement", Text(b.statement)},
                          {"issue", Text(b.issue)},
                          {"rating", b.rating},
                          {"previous_rating", b.previous_rating},
                          {"change", b.change},
                          {"rationale", Text(b.rationale)}});
  }
  json commitments = json::array();
  for (const PublicCommitment& c : readout.commitments) {
    commitments.push_back({{"id", c.id},
                           {"text", Text(c.text)},
                           {"made_by", Text(c.made_by)},
                           {"date", c.date},
                           {"status", c.status}});
  }
  json score = nullptr;
  if (readout.score) {
    json parts = json::array();
    for (const PublicScorePart& p : readout.score->parts) {
      parts.push_back(
          {{"code", p.code}, {"numerator", p.numerator}, {"denominator", p.denominator}, {"weight", p.weight}});
    }
    score = {{"total", readout.score->total}, {"perfunctory", readout.score->perfunctory}, {"parts", std::move(parts)}};
  }
  return {{"subject_id", readout.subject_id},
          {"subject_kind", readout.subject_kind},
          {"dialogue_id", readout.dialogue_id},
          {"dialogue_name", Text(readout.dialogue_name)},
          {"title", Text(readout.title)},
          {"start_date", readout.start_date},
          {"end_date", readout.end_date},
          {"place", Text(readout.place)},
          {"summary", Text(readout.summary)},
          {"editor_note", Text(readout.editor_note)},
          {"delegations", std::move(delegations)},
          {"issue_asks", std::move(issue_asks)},
          {"case_asks", std::move(case_asks)},
          {"benchmarks", std::move(benchmarks)},
          {"commitments", std::move(commitments)},
          {"score", std::move(score)},
          {"sources", SourcesJson(readout.sources)},
          {"detail",
           {{"asks", readout.detail.asks},
            {"asks_without_reply", Strings(readout.detail.asks_without_reply)},
            {"asks_without_description", Strings(readout.detail.asks_without_description)}}},
          {"generated_on", readout.generated_on}};
}

core::Result<PublicReadout> PublicReadoutFromJson(const nlohmann::json& j) {
  if (!j.is_object()) return core::Fail(core::Error::Invalid("body", "must be a public readout object"));
  std::vector<core::FieldError> errors;
  Reader r(errors);
  PublicReadout out;
  r.Str(j, "", "subject_id", out.subject_id);
  r.Str(j, "", "subject_kind", out.subject_kind);
  if (out.subject_id.empty()) r.Bad("subject_id", "is required");
  if (out.subject_kind != "round" && out.subject_kind != "engagement") {
    r.Bad("subject_kind", "must be round or engagement; got \"" + out.subject_kind + "\"");
  }
  r.Str(j, "", "dialogue_id", out.dialogue_id);
  r.Text(j, "", "dialogue_name", out.dialogue_name);
  r.Text(j, "", "title", out.title);
  r.Str(j, "", "start_date", out.start_date);
  r.Str(j, "", "end_date", out.end_date);
  r.Text(j, "", "place", out.place);
  r.Text(j, "", "summary", out.summary);
  r.Text(j, "", "editor_note", out.editor_note);
  r.Objects(j, "", "delegations", [&](const json& v, const std::string& p) {
    PublicDelegation d;
    r.Text(v, p, "party", d.party);
    r.Objects(v, p, "members", [&](const json& mv, const std::string& mp) {
      PublicDelegate m;
      r.Text(mv, mp, "name", m.name);
      r.Text(mv, mp, "title", m.title);
      r.Text(mv, mp, "agency", m.agency);
      r.Bool(mv, mp, "lead", m.lead);
      d.members.push_back(std::move(m));
    });
    out.delegations.push_back(std::move(d));
  });
  ReadAsks(r, j, "issue_asks", out.issue_asks);
  ReadAsks(r, j, "case_asks", out.case_asks);
  r.Objects(j, "", "benchmarks", [&](const json& v, const std::string& p) {
    PublicBenchmarkRating b;
    r.Str(v, p, "benchmark_id", b.benchmark_id);
    r.Text(v, p, "statement", b.statement);
    r.Text(v, p, "issue", b.issue);
    r.Str(v, p, "rating", b.rating);
    r.Str(v, p, "previous_rating", b.previous_rating);
    r.Str(v, p, "change", b.change);
    r.Text(v, p, "rationale", b.rationale);
    out.benchmarks.push_back(std::move(b));
  });
  r.Objects(j, "", "commitments", [&](const json& v, const std::string& p) {
    PublicCommitment c;
    r.Str(v, p, "id", c.id);
    r.Text(v, p, "text", c.text);
    r.Text(v, p, "made_by", c.made_by);
    r.Str(v, p, "date", c.date);
    r.Str(v, p, "status", c.status);
    out.commitments.push_back(std::move(c));
  });
  if (const json* s = r.Field(j, "", "score")) {
    if (!s->is_object()) {
      r.Bad("score", "must be an object or null");
    } else {
      PublicScore score;
      r.Number(*s, "score", "total", score.total);
      r.Bool(*s, "score", "perfunctory", score.perfunctory);
      r.Objects(*s, "score", "parts", [&](const json& v, const std::string& p) {
        PublicScorePart part;
        r.Str(v, p, "code", part.code);
        r.Int(v, p, "numerator", part.numerator);
        r.Int(v, p, "denominator", part.denominator);
        r.Number(v, p, "weight", part.weight);
        score.parts.push_back(std::move(part));
      });
      out.score = std::move(score);
    }
  }
  ReadSources(r, j, "", out.sources);
  if (const json* d = r.Field(j, "", "detail")) {
    if (!d->is_object()) {
      r.Bad("detail", "must be an object");
    } else {
      r.Int(*d, "detail", "asks", out.detail.asks);
      r.Strings(*d, "detail", "asks_without_reply", out.detail.asks_without_reply);
      r.Strings(*d, "detail", "asks_without_description", out.detail.asks_without_description);
    }
  }
  r.Str(j, "", "generated_on", out.generated_on);
  if (!errors.empty()) return core::Fail(core::Error::Invalid(std::move(errors)));
  return out;
}

// ---- Published readouts ---------------------------------------------------------

namespace {

// Whether `id` names a record the public may still read; an empty id names nothing to check.
bool StillPublic(PublicRecords& records, const std::string& id) {
  return id.empty() || records.Get(id).has_value();
}

// Drops from the frozen content every item whose record has stopped being
// public since publication; returns how many were dropped.
int WithdrawNoLongerPublic(PublicRecords& records, PublicReadout& content) {
  int withdrawn = 0;
  auto drop_asks = [&](std::vector<PublicAsk>& asks) {
    std::erase_if(asks, [&](const PublicAsk& ask) {
      const bool gone = !StillPublic(records, ask.id) || !StillPublic(records, ask.case_id) ||
                        !StillPublic(records, ask.benchmark_id);
      withdrawn += gone ? 1 : 0;
      return gone;
    });
  };
  drop_asks(content.issue_asks);
  drop_asks(content.case_asks);
  std::erase_if(content.benchmarks, [&](const PublicBenchmarkRating& b) {
    const bool gone = !StillPublic(records, b.benchmark_id);
    withdrawn += gone ? 1 : 0;
    return gone;
  });
  std::erase_if(content.commitments, [&](const PublicCommitment& c) {
    const bool gone = !StillPublic(records, c.id);
    withdrawn += gone ? 1 : 0;
    return gone;
  });
  return withdrawn;
}

core::Result<PublishedReadout> ToPublished(PublicRecords& records, const core::StoredRecord& stored) {
  auto readout = core::DecodeReadout(stored.body);
  if (!readout) return core::Fail(core::Error::Internal("stored readout " + stored.header.id + " does not decode"));
  if (core::LatestPublished(*readout) == nullptr) {
    return core::Fail(core::Error::NotFound("readout " + stored.header.id + " has no published version"));
  }
  PublishedReadout out;
  out.readout_id = stored.header.id;
  for (const core::ReadoutVersion& v : readout->versions) {
    out.versions.push_back(PublishedVersionInfo{v.number, v.published_at, v.content_sha256, v.correction_note});
  }
  auto content = PublicReadoutFromJson(core::LatestPublished(*readout)->content);
  if (!content) {
    return core::Fail(core::Error::Internal("the frozen content of readout " + stored.header.id + " does not parse: " +
                                            (content.error().fields.empty() ? content.error().message
                                                                            : content.error().fields[0].field + " " +
                                                                                  content.error().fields[0].problem)));
  }
  out.content = std::move(*content);
  out.withdrawn_since_publication = WithdrawNoLongerPublic(records, out.content);
  return out;
}

std::string PublishedAt(const PublishedReadout& r) { return r.versions.empty() ? "" : r.versions.back().published_at; }

}  // namespace

core::Result<PublishedReadout> LoadPublishedReadout(PublicRecords& records, std::string_view readout_id) {
  auto stored = records.Get(readout_id);
  if (!stored) return core::Fail(stored.error());
  if (stored->header.kind != core::RecordKind::kReadout) {
    return core::Fail(core::Error::NotFound("no readout with id " + std::string(readout_id)));
  }
  return ToPublished(records, *stored);
}

core::Result<std::vector<PublishedReadout>> ListPublishedReadouts(PublicRecords& records,
                                                                  std::string_view dialogue_id) {
  std::vector<PublishedReadout> out;
  core::ListQuery query;
  query.kind = core::RecordKind::kReadout;
  query.limit = 1000;
  for (;;) {
    auto page = records.List(query);
    if (!page) return core::Fail(page.error());
    for (const core::StoredRecord& r : page->records) {
      auto published = ToPublished(records, r);
      if (!published) {
        if (published.error().code == core::ErrorCode::kNotFound) continue;
        return core::Fail(published.error());
      }
      if (!dialogue_id.empty() && published->content.dialogue_id != dialogue_id) continue;
      out.push_back(std::move(*published));
    }
    query.offset += static_cast<std::int64_t>(page->records.size());
    if (page->records.empty() || query.offset >= page->total) break;
  }
  std::stable_sort(out.begin(), out.end(), [](const PublishedReadout& a, const PublishedReadout& b) {
    return PublishedAt(a) > PublishedAt(b);
  });
  return out;
}

// ---- Staff preview --------------------------------------------------------------

namespace {

// The records the readout of `subject_id` draws on, as staff see them: the
// subject, its asks and replies, the cases they name, the dialogue's
// benchmarks, assessments and commitments.
core::Result<std::vector<core::StoredRecord>> StaffRecordsAbout(core::RecordService& records,
                                                               const core::DialogueFacts& staff_facts,
                                                               std::string_view subject_id) {
  std::vector<core::StoredRecord> out;
  auto add = [&](std::string_view id) -> core::Status {
    auto r = records.Get(id, core::Visibility::kRestricted);
    if (!r) {
      if (r.error().code == core::ErrorCode::kNotFound) return {};
      return core::Fail(r.error());
    }
    out.push_back(std::move(*r));
    return {};
  };
  if (auto s = add(subject_id); !s) return core::Fail(s.error());
  std::vector<std::string> asks;
  for (const auto& a : staff_facts.asks) {
    if (a.value.round_id != subject_id && a.value.engagement_id != subject_id) continue;
    asks.push_back(a.id);
    if (auto s = add(a.id); !s) return core::Fail(s.error());
    if (a.value.subject.kind == core::AskSubjectKind::kCase) {
      if (auto s = add(a.value.subject.id); !s) return core::Fail(s.error());
    }
  }
  for (const auto& r : staff_facts.replies) {
    if (std::find(asks.begin(), asks.end(), r.value.ask_id) == asks.end()) continue;
    if (auto s = add(r.id); !s) return core::Fail(s.error());
  }
  for (const auto& b : staff_facts.benchmarks) {
    if (auto s = add(b.id); !s) return core::Fail(s.error());
  }
  for (const auto& a : staff_facts.assessments) {
    if (a.value.round_id != subject_id) continue;
    if (auto s = add(a.id); !s) return core::Fail(s.error());
  }
  for (const auto& c : staff_facts.commitments) {
    if (auto s = add(c.id); !s) return core::Fail(s.error());
  }
  return out;
}

}  // namespace

core::Result<ReadoutPreview> BuildReadoutPreview(core::RecordService& records, std::string_view subject_id,
                                                 const PublicText& editor_note, core::CivilDay today) {
  PublicRecords public_records(records);
  auto readout = BuildPublicReadout(public_records, subject_id, editor_note, today);
  if (!readout) return core::Fail(readout.error());

  ReadoutPreview preview;
  preview.readout = std::move(*readout);
  auto staff_facts = core::LoadDialogueFacts(records, preview.readout.dialogue_id, core::Visibility::kRestricted);
  if (!staff_facts) return core::Fail(staff_facts.error());
  auto staff = StaffRecordsAbout(records, *staff_facts, subject_id);
  if (!staff) return core::Fail(staff.error());
  for (const core::StoredRecord& r : *staff) {
    const std::string kind(core::KindName(r.header.kind));
    if (r.header.visibility != core::Visibility::kPublic) {
      // The whole record is left out; a draft assessment is internal by rule.
      std::string reason = r.header.visibility == core::Visibility::kRestricted ? "restricted record" : "internal record";
      if (r.header.kind == core::RecordKind::kAssessment && r.body.value("state", "") != "approved") {
        reason = "draft assessment";
      }
      preview.withheld.push_back(WithheldItem{r.header.id, kind, "", r.header.visibility, reason});
      continue;
    }
    std::vector<core::WithheldField> fields;
    core::Redact(r.header.kind, r.body, core::Visibility::kPublic, &fields);
    for (const core::WithheldField& f : fields) {
      preview.withheld.push_back(WithheldItem{r.header.id, kind, f.field, f.visibility, f.reason});
    }
  }
  return preview;
}

}  // namespace readout::publish
