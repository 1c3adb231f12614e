// The readout record (issue 6; DESIGN.md section 4, journey 4): the public
// account of one round or one engagement, its review workflow and its
// published versions.
//
// A readout's content is not typed in: publish/public_readout.h builds it
// from the public record. What this record keeps is the workflow (who wrote
// it, who reviewed it, where it stands) and, for every publication, a frozen
// copy of the public content with its SHA-256, so a published account never
// changes silently: a correction is a new version with a visible note.
//
//   draft --submit--> in_review --approve--> approved --publish--> published
//     ^                   |                                            |
//     +------return-------+                 <-------correct-----------+
//
// A readout with no published version is stored at least internal (as a
// draft assessment is), whatever common.visibility asks for. Once a version
// is published the record is public; the public sees only `versions`, never
// a draft in progress (core/redaction.cc removes the editorial fields).
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/entities.h"
#include "core/record.h"
#include "core/status.h"

namespace readout::core {

enum class ReadoutState { kDraft, kInReview, kApproved, kPublished };
std::span<const std::string_view> ReadoutStateCodes();  // "draft", "in_review", "approved", "published"
std::string_view ToCode(ReadoutState state);
std::optional<ReadoutState> ParseReadoutState(std::string_view code);

enum class ReadoutAction { kSubmit, kReturn, kApprove, kPublish, kCorrect };
std::string_view ToCode(ReadoutAction action);  // "submit", "return", "approve", "publish", "correct"
std::optional<ReadoutAction> ParseReadoutAction(std::string_view code);

// One publication. Immutable once written: an update that changes or removes
// an existing version is refused (ValidateReadoutUpdate).
struct ReadoutVersion {
  int number = 0;                  // 1, 2, ... in order
  std::string published_at;        // RFC 3339 UTC, "2013-08-05T09:00:00.000Z"
  std::string published_by;        // the editor who published it
  std::string approved_by;         // the reviewer who approved it; never the author
  BilingualText correction_note;   // required for number > 1: what was corrected and why
  // publish::PublicReadout as JSON (publish/public_readout.h ToJson), built
  // from public records only; opaque to core.
  nlohmann::json content;
  std::string content_sha256;      // SHA-256 (lowercase hex) of content.dump()
  bool operator==(const ReadoutVersion&) const = default;
};

struct Readout {
  RecordCommon common;
  std::string subject_id;          // required: a round ("rnd_") or an engagement ("eng_"); the record's parent
  ReadoutState state = ReadoutState::kDraft;
  std::string author;              // required: who drafted it (the actor of create/submit)
  std::string reviewer;            // set on approve; must differ from author
  BilingualText editor_note;       // optional framing written by the editor, shown above the generated account
  // Set by `correct`, cleared by the next publish, which copies it into the
  // new version's correction_note. Editorial: removed for public readers.
  BilingualText pending_correction_note;
  std::vector<ReadoutVersion> versions;
  bool operator==(const Readout&) const = default;
};

Result<Readout> DecodeReadout(const nlohmann::json& body);
nlohmann::json Encode(const Readout& v);

// The latest published version, or nullptr when none is.
const ReadoutVersion* LatestPublished(const Readout& readout);

// What a workflow step needs besides the readout itself.
struct ReadoutStep {
  ReadoutAction action = ReadoutAction::kSubmit;
  std::string actor;               // who takes the step (an account, from issue 7 on)
  std::string now;                 // RFC 3339 UTC, for published_at
  // kPublish: the public content and its hash (built by the caller from public records).
  nlohmann::json content;
  // kCorrect: why a new version is needed (required); kReturn: optional comment (ignored).
  BilingualText note;
};

// The readout after `step`, or why the step is not allowed, naming the
// field: kConflict for a step the current state does not allow ("state:
// 'approve' needs in_review, the readout is draft"), kPermissionDenied when
// the reviewer would be the author, kInvalidArgument for a missing
// actor/content/note. Publishing appends a version numbered after the last,
// with content_sha256 computed here.
Result<Readout> ApplyReadoutStep(const Readout& current, const ReadoutStep& step);

// Checked by RecordService::Update for every readout write, so a plain PUT
// cannot skip the workflow: existing versions unchanged and kept, subject
// unchanged, and any state change must be one ApplyReadoutStep allows.
Status ValidateReadoutUpdate(const Readout& before, const Readout& after);

}  // namespace readout::core
