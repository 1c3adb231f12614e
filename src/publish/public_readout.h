// The public readout of a round or an engagement (issue 6): its view model,
// how it is built, and its renderers (Markdown, CSV, JSON, PDF; the HTML page
// is Site::RenderReadout).
//
// Confidentiality by type: PublicReadout holds plain strings and is built
// only by BuildPublicReadout from PublicRecords, a reader that can only
// return public records, already redacted (core/redaction.h). Every
// renderer of public output takes a PublicReadout (or a PublishedReadout
// wrapping one), so a renderer cannot be handed a non-public value: there is
// no path from a StoredRecord read at staff clearance into these types.
// Staff previews (BuildReadoutPreview) list what was withheld and why,
// naming fields and records, never their values.
//
// A published version freezes the PublicReadout as JSON in the readout record
// (core/readout.h ReadoutVersion::content); public outputs render that frozen
// copy, so what the public reads is exactly what the reviewer approved.
//
// Thread-safety: plain values and pure functions; PublicRecords is as safe as
// the RecordService it wraps.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/accountability.h"
#include "core/entities.h"
#include "core/partial_date.h"
#include "core/readout.h"
#include "core/record_service.h"
#include "core/redaction.h"
#include "core/status.h"
#include "publish/i18n.h"

namespace readout::publish {

// Reads the store as the public does. Every read passes Visibility::kPublic;
// there is no way to ask for more through this type.
class PublicRecords {
 public:
  explicit PublicRecords(core::RecordService& records) : records_(records) {}

  core::Result<core::StoredRecord> Get(std::string_view id);
  core::Result<core::ListPage> List(core::ListQuery query);
  // Every live public record of `kind` under `parent_id`, in store order.
  core::Result<std::vector<core::StoredRecord>> Children(core::RecordKind kind, const std::string& parent_id);
  core::Result<std::vector<core::Revision>> History(std::string_view id);
  // core::LoadDialogueFacts at public visibility.
  core::Result<core::DialogueFacts> Facts(std::string_view dialogue_id);

 private:
  core::RecordService& records_;
};

// Text as the record has it, in every language it has; renderers pick one
// per reader with the fallback rule of publish/page_common.h (PickText).
using PublicText = core::BilingualText;

struct PublicSource {
  std::string title;
  std::string url;   // http(s) only
  std::string date;  // partial ISO date as stored ("2013-07"), empty when unknown
  std::string note;
};

struct PublicDelegate {
  PublicText name;
  PublicText title;
  PublicText agency;
  bool lead = false;
};

struct PublicDelegation {
  PublicText party;  // "United States"
  std::vector<PublicDelegate> members;  // leads first
};

struct PublicReply {
  std::string kind_code;       // core ReplyKind code: "denied_facts"
  bool substantive = false;
  PublicText given_by;
  std::string date;
  std::string original_text;
  std::string original_lang;   // BCP 47
  PublicText translation;
  std::vector<PublicSource> sources;
};

// One ask at the round: about an issue, a case or a benchmark.
struct PublicAsk {
  std::string id;
  std::string issue_id;        // empty for "other matters"
  PublicText issue;
  std::string case_id;         // for an ask about a case
  PublicText case_name;        // the person's primary public name
  std::string case_status;     // derived core::CaseStatus code, as of `generated_on`
  std::string case_status_as_of;
  std::string benchmark_id;    // for an ask about a benchmark
  PublicText benchmark;
  PublicText raised_by;
  std::vector<std::string> request_codes;
  PublicText description;
  std::vector<PublicReply> replies;  // empty: no reply recorded (counted in `detail`)
  std::vector<PublicSource> sources;
};

struct PublicBenchmarkRating {
  std::string benchmark_id;
  PublicText statement;
  PublicText issue;
  std::string rating;           // core::AssessmentRating code at this round; "not_assessed" when none approved
  std::string previous_rating;  // at the previous rating before this round; empty when none
  std::string change;           // core::RatingChange code: "improved", "unchanged", ...
  PublicText rationale;
};

struct PublicCommitment {
  std::string id;
  PublicText text;
  PublicText made_by;
  std::string date;
  std::string status;  // core::CommitmentStatus code
};

struct PublicScorePart {
  std::string code;    // "measurable_benchmarks"
  int numerator = 0;
  int denominator = 0;
  double weight = 0;
};

struct PublicScore {
  double total = 0;    // 0..1
  bool perfunctory = false;
  std::vector<PublicScorePart> parts;
};

// The "detail" measure: what the account could not say because the record
// does not say it.
struct ReadoutDetail {
  int asks = 0;
  std::vector<std::string> asks_without_reply;        // ask ids
  std::vector<std::string> asks_without_description;  // ask ids ("topics with no description")
};

struct PublicReadout {
  std::string subject_id;      // "rnd_2013-kunming" or "eng_..."
  std::string subject_kind;    // "round" or "engagement"
  std::string dialogue_id;
  PublicText dialogue_name;
  PublicText title;            // the round's or engagement's title
  std::string start_date;      // partial ISO dates as stored
  std::string end_date;
  PublicText place;
  PublicText summary;
  PublicText editor_note;      // core::Readout::editor_note
  std::vector<PublicDelegation> delegations;
  std::vector<PublicAsk> issue_asks;  // asks about issues and benchmarks, in the order raised
  std::vector<PublicAsk> case_asks;   // asks about cases, in the order raised
  std::vector<PublicBenchmarkRating> benchmarks;  // every public benchmark of the dialogue
  std::vector<PublicCommitment> commitments;      // made at or before this round, still relevant
  std::optional<PublicScore> score;               // rounds only
  std::vector<PublicSource> sources;
  ReadoutDetail detail;
  std::string generated_on;    // ISO day the content was built
};

nlohmann::json ToJson(const PublicReadout& readout);
// kInvalidArgument naming the field when `json` is not a PublicReadout.
core::Result<PublicReadout> PublicReadoutFromJson(const nlohmann::json& json);

// The public readout of `subject_id` (a round or an engagement) from public
// records only. kNotFound when the subject is not public.
core::Result<PublicReadout> BuildPublicReadout(PublicRecords& records, std::string_view subject_id,
                                               const PublicText& editor_note, core::CivilDay today);

// A published version as readers get it: the frozen content and the
// publication facts (all public once published).
struct PublishedVersionInfo {
  int number = 0;
  std::string published_at;
  std::string content_sha256;
  PublicText correction_note;  // empty for version 1
};

struct PublishedReadout {
  std::string readout_id;      // "rdo_..."
  PublicReadout content;       // of the latest version, less what was withdrawn (below)
  std::vector<PublishedVersionInfo> versions;  // every version, oldest first (the corrections history)
  // Items of the frozen content whose record is no longer public (a case made
  // restricted for the family's safety after publication): left out of every
  // output, and counted so readers are told that something was withdrawn.
  int withdrawn_since_publication = 0;
};

// From a readout record as PublicRecords returns it. kNotFound when it has no
// published version; kInternal when a frozen content does not parse. Asks,
// benchmarks and commitments whose records are no longer public are dropped
// (see withdrawn_since_publication): safety outranks the frozen text.
core::Result<PublishedReadout> LoadPublishedReadout(PublicRecords& records, std::string_view readout_id);
// Every published readout of a dialogue (all of them when dialogue_id is empty), newest publication first.
core::Result<std::vector<PublishedReadout>> ListPublishedReadouts(PublicRecords& records,
                                                                  std::string_view dialogue_id);

// ---- Staff preview ----------------------------------------------------------

// Something the public readout leaves out, and why; never the value.
struct WithheldItem {
  std::string record_id;       // "cas_..." / "ask_..."
  std::string record_kind;     // "case"
  std::string field;           // empty when the whole record is withheld; "family_contact"
  core::Visibility visibility = core::Visibility::kRestricted;
  std::string reason;          // "restricted field", "internal record", "draft assessment"
};

struct ReadoutPreview {
  PublicReadout readout;       // exactly what publishing now would freeze
  std::vector<WithheldItem> withheld;
};

// For staff (the caller checks the reader is staff): the public readout as
// it would be published now, and everything the staff record holds about the
// subject that it leaves out.
core::Result<ReadoutPreview> BuildReadoutPreview(core::RecordService& records, std::string_view subject_id,
                                                 const PublicText& editor_note, core::CivilDay today);

// ---- Renderers (public output: they take only public view models) -----------

// Markdown (CommonMark) in `lang`; content without a translation is shown in
// its original language with a note saying so.
std::string RenderReadoutMarkdown(const PublishedReadout& readout, Lang lang, const Catalogs& catalogs);
// RFC 4180 CSV of the asks and replies, UTF-8 with a header row in `lang`:
// ask id, kind (issue/case/benchmark), subject, raised by, request,
// description, reply kind, reply date, reply text, translation.
std::string RenderReadoutCsv(const PublishedReadout& readout, Lang lang, const Catalogs& catalogs);
// {"readout_id", "versions": [...], "content": ToJson(content)}.
nlohmann::json RenderReadoutJson(const PublishedReadout& readout);
// A4 PDF drawn with cairo and pango, Noto CJK fonts for Chinese. kInternal
// when cairo fails or the fonts are not installed (the message says which).
// `traditional` (with Lang::kZhHans): every text converted by ToTraditional
// before layout, set in Noto Sans CJK TC.
core::Result<std::string> RenderReadoutPdf(const PublishedReadout& readout, Lang lang, const Catalogs& catalogs,
                                           bool traditional = false);

}  // namespace readout::publish
