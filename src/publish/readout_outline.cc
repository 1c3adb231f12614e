#include "publish/readout_outline.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

#include "core/partial_date.h"

namespace readout::publish {

std::string ReadoutDates(std::string_view start, std::string_view end, Lang lang, const Catalogs& catalogs) {
  if (start.empty() && end.empty()) return "";
  std::string text(start);
  if (!end.empty()) text += "/" + std::string(end);
  auto date = core::PartialDate::Parse(text);
  return date ? FormatDate(*date, lang, catalogs) : text;
}

std::string ContentText(const PublicText& text, Lang lang, const Catalogs& catalogs) {
  TextView view = PickText(text, lang);
  if (view.empty() || !view.fallback) return view.text;
  return view.text + " (" + catalogs.Get(lang, "readout.not_translated") + ")";
}

std::string ReadoutVocab(std::string_view vocabulary, std::string_view code, Lang lang, const Catalogs& catalogs) {
  if (code.empty()) return "";
  return catalogs.Get(lang, "vocab." + std::string(vocabulary) + "." + std::string(code));
}

std::vector<AskGroup> GroupIssueAsks(const PublicReadout& readout) {
  std::vector<AskGroup> groups;
  std::map<std::string, size_t> index;
  for (const PublicAsk& ask : readout.issue_asks) {
    auto [it, added] = index.emplace(ask.issue_id, groups.size());
    if (added) groups.push_back(AskGroup{ask.issue_id, ask.issue, {}});
    groups[it->second].asks.push_back(&ask);
  }
  std::stable_partition(groups.begin(), groups.end(), [](const AskGroup& g) { return !g.issue_id.empty(); });
  return groups;
}

namespace {

using Kind = OutlineBlock::Kind;

class Outline {
 public:
  Outline(Lang lang, const Catalogs& catalogs) : lang_(lang), catalogs_(catalogs) {}

  std::string T(std::string_view id, const std::map<std::string, std::string>& params = {}) const {
    return catalogs_.Get(lang_, id, params);
  }
  // A labelled line: "Raised by: US delegation".
  std::string Labelled(std::string_view label_id, const std::string& value) const {
    return T(label_id) + T("punct.colon") + value;
  }
  // Adds a block of content text, marked with its language when it is not the reader's.
  void Content(Kind kind, const PublicText& text, const std::string& prefix = "") {
    TextView view = PickText(text, lang_);
    if (view.empty()) return;
    std::string line = prefix + view.text;
    if (view.fallback) line += " (" + T("readout.not_translated") + ")";
    blocks_.push_back(OutlineBlock{kind, std::move(line), view.fallback ? view.lang : ""});
  }
  void Add(Kind kind, std::string text, std::string lang = "") {
    if (!text.empty()) blocks_.push_back(OutlineBlock{kind, std::move(text), std::move(lang)});
  }
  std::string Text(const PublicText& text) const { return ContentText(text, lang_, catalogs_); }
  std::string Vocab(std::string_view vocabulary, std::string_view code) const {
    return ReadoutVocab(vocabulary, code, lang_, catalogs_);
  }
  std::string Date(std::string_view date) const { return ReadoutDates(date, "", lang_, catalogs_); }

  void Sources(const std::vector<PublicSource>& sources, Kind kind) {
    for (const PublicSource& s : sources) {
      std::string line = s.title.empty() ? s.url : s.title;
      if (!s.url.empty() && !s.title.empty()) line += " <" + s.url + ">";
      if (!s.date.empty()) line += " (" + Date(s.date) + ")";
      if (!s.note.empty()) line += ": " + s.note;
      Add(kind, Labelled("readout.source", line));
    }
  }

  void Ask(const PublicAsk& ask) {
    TextView description = PickText(ask.description, lang_);
    if (description.empty()) {
      Add(Kind::kItem, T("readout.no_description"));
    } else {
      Content(Kind::kItem, ask.description);
    }
    if (!ask.benchmark_id.empty()) Add(Kind::kSubItem, Labelled("readout.benchmark", Text(ask.benchmark)));
    if (!ask.raised_by.empty()) Add(Kind::kSubItem, Labelled("readout.raised_by", Text(ask.raised_by)));
    if (!ask.request_codes.empty()) {
      std::string requests;
      for (const std::string& code : ask.request_codes) {
        if (!requests.empty()) requests += T("readout.list_separator");
        requests += Vocab("request_kind", code);
      }
      Add(Kind::kSubItem, Labelled("readout.requests", requests));
    }
    if (ask.replies.empty()) Add(Kind::kSubItem, T("readout.no_reply"));
    for (const PublicReply& reply : ask.replies) {
      std::string head = Vocab("reply_kind", reply.kind_code);
      if (!reply.given_by.empty()) head += ", " + Text(reply.given_by);
      if (!reply.date.empty()) head += ", " + Date(reply.date);
      Add(Kind::kSubItem, Labelled("readout.reply", head));
      if (!reply.original_text.empty()) {
        const bool other = !reply.original_lang.empty() && reply.original_lang.substr(0, 2) != LangCode(lang_).substr(0, 2);
        Add(Kind::kSubItem, Labelled("readout.original", reply.original_text), other ? reply.original_lang : "");
        if (other) {
          TextView tr = PickText(reply.translation, lang_);
          if (tr.empty()) {
            Add(Kind::kSubItem, T("reply.no_translation"));
          } else {
            Content(Kind::kSubItem, reply.translation, T("reply.translation") + T("punct.colon"));
          }
        }
      } else {
        Content(Kind::kSubItem, reply.translation, T("reply.translation") + T("punct.colon"));
      }
      Sources(reply.sources, Kind::kSubItem);
    }
    Sources(ask.sources, Kind::kSubItem);
  }

  std::vector<OutlineBlock> Build(const PublishedReadout& published) {
    const PublicReadout& r = published.content;
    Content(Kind::kTitle, r.title);
    std::string meta = Text(r.dialogue_name);
    const std::string dates = ReadoutDates(r.start_date, r.end_date, lang_, catalogs_);
    if (!dates.empty()) meta += (meta.empty() ? "" : " · ") + dates;
    if (!r.place.empty()) meta += (meta.empty() ? "" : " · ") + Text(r.place);
    Add(Kind::kParagraph, meta);
    if (!r.editor_note.empty()) Content(Kind::kNote, r.editor_note, T("readout.editor_note") + T("punct.colon"));

    if (!r.summary.empty()) {
      Add(Kind::kHeading, T("readout.summary"));
      Content(Kind::kParagraph, r.summary);
    }

    if (!r.delegations.empty()) {
      Add(Kind::kHeading, T("readout.delegations"));
      for (const PublicDelegation& d : r.delegations) {
        Add(Kind::kSubheading, T("round.delegation_of", {{"party", Text(d.party)}}));
        for (const PublicDelegate& m : d.members) {
          std::string line = Text(m.name);
          if (!m.title.empty()) line += ", " + Text(m.title);
          if (!m.agency.empty()) line += ", " + Text(m.agency);
          if (m.lead) line += " (" + T("round.lead") + ")";
          Add(Kind::kItem, line);
        }
      }
    }

    Add(Kind::kHeading, T("readout.issues"));
    if (r.issue_asks.empty()) Add(Kind::kParagraph, T("readout.issues_empty"));
    for (const AskGroup& g : GroupIssueAsks(r)) {
      Add(Kind::kSubheading, g.issue_id.empty() ? T("round.issue_other") : Text(g.issue));
      for (const PublicAsk* ask : g.asks) Ask(*ask);
    }

    Add(Kind::kHeading, T("readout.cases"));
    if (r.case_asks.empty()) Add(Kind::kParagraph, T("readout.cases_empty"));
    for (const PublicAsk& ask : r.case_asks) {
      Add(Kind::kSubheading, ask.case_id.empty() ? T("readout.case_unnamed") : Text(ask.case_name));
      if (!ask.case_status.empty()) {
        Add(Kind::kParagraph, T("readout.case_status", {{"status", Vocab("case_status", ask.case_status)},
                                                        {"date", Date(r.generated_on)}}));
      }
      Ask(ask);
    }

    if (!r.benchmarks.empty()) {
      Add(Kind::kHeading, T("readout.benchmarks"));
      for (const PublicBenchmarkRating& b : r.benchmarks) {
        std::string rating = b.rating == "not_assessed" || b.rating.empty() ? T("readout.not_assessed")
                                                                            : Vocab("assessment_rating", b.rating);
        std::string line = Text(b.statement) + T("punct.colon") + rating;
        const std::string change = ChangeText(b);
        if (!change.empty()) line += " (" + change + ")";
        Add(Kind::kItem, line);
        Content(Kind::kSubItem, b.rationale);
      }
    }

    if (!r.commitments.empty()) {
      Add(Kind::kHeading, T("readout.commitments"));
      for (const PublicCommitment& c : r.commitments) {
        std::string line = Text(c.text);
        std::string by = Text(c.made_by);
        if (!c.date.empty()) by += (by.empty() ? "" : ", ") + Date(c.date);
        if (!by.empty()) line += " (" + by + ")";
        line += T("punct.colon") + Vocab("commitment_status", c.status);
        Add(Kind::kItem, line);
      }
    }

    if (r.score) {
      Add(Kind::kHeading, T("score.round_heading"));
      std::string total = Labelled("score.total", std::to_string(static_cast<int>(std::lround(r.score->total * 100))) + "%");
      if (r.score->perfunctory) total += " (" + T("score.perfunctory") + ")";
      Add(Kind::kParagraph, total);
      for (const PublicScorePart& p : r.score->parts) {
        Add(Kind::kItem, T("score.component." + p.code) + T("punct.colon") +
                             T("score.counted", {{"numerator", std::to_string(p.numerator)},
                                                 {"denominator", std::to_string(p.denominator)}}));
      }
    }

    Add(Kind::kHeading, T("readout.detail"));
    Add(Kind::kParagraph, T("readout.detail_text", {{"asks", std::to_string(r.detail.asks)},
                                                    {"no_reply", std::to_string(r.detail.asks_without_reply.size())},
                                                    {"no_description",
                                                     std::to_string(r.detail.asks_without_description.size())}}));

    if (!r.sources.empty()) {
      Add(Kind::kHeading, T("round.sources"));
      Sources(r.sources, Kind::kItem);
    }

    Add(Kind::kHeading, T("readout.versions"));
    for (const PublishedVersionInfo& v : published.versions) {
      Add(Kind::kItem, T("readout.version", {{"number", std::to_string(v.number)},
                                             {"date", Date(v.published_at.substr(0, 10))}}));
      Content(Kind::kSubItem, v.correction_note, T("readout.correction") + T("punct.colon"));
      Add(Kind::kSubItem, "SHA-256: " + v.content_sha256);
    }
    if (published.withdrawn_since_publication > 0) {
      Add(Kind::kParagraph,
          T("readout.withdrawn", {{"count", std::to_string(published.withdrawn_since_publication)}}));
    }
    Add(Kind::kParagraph, T("readout.generated_on", {{"date", Date(r.generated_on)}}));
    return std::move(blocks_);
  }

 private:
  std::string ChangeText(const PublicBenchmarkRating& b) const {
    const std::string was = Vocab("assessment_rating", b.previous_rating);
    if (b.change == "improved") return T("rating_change.improved", {{"previous", was}});
    if (b.change == "worsened") return T("rating_change.worsened", {{"previous", was}});
    if (b.change == "unchanged") return T("rating_change.unchanged");
    if (b.change == "first_rated") return T("rating_change.first_rated");
    return "";
  }

  Lang lang_;
  const Catalogs& catalogs_;
  std::vector<OutlineBlock> blocks_;
};

}  // namespace

std::vector<OutlineBlock> BuildReadoutOutline(const PublishedReadout& readout, Lang lang, const Catalogs& catalogs) {
  return Outline(lang, catalogs).Build(readout);
}

}  // namespace readout::publish
