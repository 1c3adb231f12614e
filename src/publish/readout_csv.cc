// RenderReadoutCsv: one row per reply (or per ask without one), RFC 4180,
// UTF-8, CRLF line ends, header row in the reader's language. publish does
// not depend on io, so the quoting is here: three rules, no library needed.
#include <string>
#include <vector>

#include "publish/public_readout.h"
#include "publish/readout_outline.h"

namespace readout::publish {
namespace {

// Quoted when it holds a comma, quote, CR or LF, with quotes doubled. A
// leading =, +, - or @ is prefixed with an apostrophe so a spreadsheet does
// not run a description as a formula.
std::string Field(const std::string& value) {
  std::string v = value;
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@')) v = "'" + v;
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void Row(std::string& csv, const std::vector<std::string>& fields) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) csv += ',';
    csv += Field(fields[i]);
  }
  csv += "\r\n";
}

}  // namespace

std::string RenderReadoutCsv(const PublishedReadout& readout, Lang lang, const Catalogs& catalogs) {
  auto t = [&](std::string_view id) { return catalogs.Get(lang, id); };
  std::string csv;
  Row(csv, {t("readout.csv.ask_id"), t("readout.csv.kind"), t("readout.csv.subject"), t("readout.csv.raised_by"),
            t("readout.csv.request"), t("readout.csv.description"), t("readout.csv.reply_kind"),
            t("readout.csv.reply_date"), t("readout.csv.reply_text"), t("readout.csv.translation")});
  auto text = [&](const PublicText& v) { return ContentText(v, lang, catalogs); };
  auto emit = [&](const PublicAsk& ask, bool about_case) {
    std::string kind = "issue";
    std::string subject = ask.issue_id.empty() ? catalogs.Get(lang, "round.issue_other") : text(ask.issue);
    if (about_case) {
      kind = "case";
      subject = ask.case_id.empty() ? catalogs.Get(lang, "readout.case_unnamed") : text(ask.case_name);
    } else if (!ask.benchmark_id.empty()) {
      kind = "benchmark";
      subject = text(ask.benchmark);
    }
    std::string requests;
    for (const std::string& code : ask.request_codes) {
      if (!requests.empty()) requests += "; ";
      requests += ReadoutVocab("request_kind", code, lang, catalogs);
    }
    std::vector<std::string> fixed = {ask.id, kind, subject, text(ask.raised_by), requests, text(ask.description)};
    if (ask.replies.empty()) {
      fixed.insert(fixed.end(), {"", "", "", ""});
      Row(csv, fixed);
      return;
    }
    for (const PublicReply& reply : ask.replies) {
      std::vector<std::string> row = fixed;
      row.push_back(ReadoutVocab("reply_kind", reply.kind_code, lang, catalogs));
      row.push_back(reply.date);
      row.push_back(reply.original_text);
      row.push_back(text(reply.translation));
      Row(csv, row);
    }
  };
  for (const PublicAsk& ask : readout.content.issue_asks) emit(ask, false);
  for (const PublicAsk& ask : readout.content.case_asks) emit(ask, true);
  return csv;
}

nlohmann::json RenderReadoutJson(const PublishedReadout& readout) {
  nlohmann::json versions = nlohmann::json::array();
  for (const PublishedVersionInfo& v : readout.versions) {
    versions.push_back({{"number", v.number},
                        {"published_at", v.published_at},
                        {"content_sha256", v.content_sha256},
                        {"correction_note",
                         {{"en", v.correction_note.en},
                          {"zh_hans", v.correction_note.zh_hans},
                          {"zh_hant", v.correction_note.zh_hant}}}});
  }
  return {{"readout_id", readout.readout_id}, {"versions", std::move(versions)}, {"content", ToJson(readout.content)}};
}

}  // namespace readout::publish
