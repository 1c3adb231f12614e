// The readout record (core/readout.h): vocabularies, codec and workflow.
#include "core/readout.h"

#include <array>
#include <cstddef>
#include <string>
#include <utility>

#include "core/codec_support.h"
#include "core/evidence.h"
#include "core/quote.h"
#include "core/vocabulary_table.h"

namespace readout::core {
namespace {

using nlohmann::json;
using namespace codec;  // NOLINT(build/namespaces): the codec building blocks, internal to core

// In declaration order: the enum's value is the index.
constexpr std::array<std::string_view, 4> kReadoutStateCodes = {"draft", "in_review", "approved", "published"};
constexpr std::array<std::string_view, 5> kReadoutActionCodes = {"submit", "return", "approve", "publish",
                                                                 "correct"};

std::string ContentSha256(const json& content) { return FileSha256(content.dump()); }

void ReadVersion(const json& v, const std::string& path, std::size_t index, Errors& errors, ReadoutVersion& out) {
  Fields f(v, path, errors);
  if (!f.ok()) return;
  const std::size_t before = errors.size();
  ReadNonNegativeInt(f.Take("number"), f.Path("number"), errors, out.number);
  if (errors.size() == before && out.number != static_cast<int>(index) + 1) {
    Add(errors, f.Path("number"),
        "must be " + std::to_string(index + 1) + ": versions are numbered 1, 2, ... in order; got " +
            std::to_string(out.number));
  }
  const std::size_t at_errors = errors.size();
  ReadString(f.Take("published_at"), f.Path("published_at"), errors, out.published_at, true);
  if (errors.size() == at_errors && !IsRfc3339Instant(out.published_at)) {
    Add(errors, f.Path("published_at"),
        "must be an RFC 3339 UTC time such as 2013-08-05T09:00:00.000Z; got " + Quote(out.published_at));
  }
  // Staff names: optional here because a public reader's copy has them
  // removed (core/redaction.cc); ApplyReadoutStep always sets them.
  ReadString(f.Take("published_by"), f.Path("published_by"), errors, out.published_by);
  ReadString(f.Take("approved_by"), f.Path("approved_by"), errors, out.approved_by);
  ReadBilingual(f.Take("correction_note"), f.Path("correction_note"), errors, out.correction_note);
  if (index > 0 && out.correction_note.en.empty() && out.correction_note.zh_hans.empty()) {
    Add(errors, f.Path("correction_note"),
        "is required for a version after the first: what was corrected and why, in en or zh_hans");
  }
  const json* content = f.Take("content");
  if (content == nullptr) {
    Add(errors, f.Path("content"), "is required: the public readout as published (an object)");
  } else if (!content->is_object()) {
    Add(errors, f.Path("content"), WrongType("an object", *content));
  } else {
    out.content = *content;
  }
  const std::size_t sha_errors = errors.size();
  ReadString(f.Take("content_sha256"), f.Path("content_sha256"), errors, out.content_sha256, true);
  if (errors.size() == sha_errors && content != nullptr && content->is_object()) {
    const std::string expected = ContentSha256(*content);
    if (out.content_sha256 != expected) {
      Add(errors, f.Path("content_sha256"),
          "must be the SHA-256 of the content (" + expected + "); got " + Quote(out.content_sha256) +
              ": a published version can not change");
    }
  }
  f.Finish();
}

json EncodeVersion(const ReadoutVersion& v) {
  json j = json::object();
  j["number"] = v.number;
  j["published_at"] = v.published_at;
  j["published_by"] = v.published_by;
  j["approved_by"] = v.approved_by;
  PutText(j, "correction_note", v.correction_note);
  j["content"] = v.content.is_null() ? json::object() : v.content;
  j["content_sha256"] = v.content_sha256;
  return j;
}

bool HasText(const BilingualText& t) { return !t.en.empty() || !t.zh_hans.empty(); }

std::string StateName(ReadoutState s) { return std::string(ToCode(s)); }

// The state a step needs and the state it leads to.
struct Transition {
  ReadoutAction action;
  ReadoutState from;
  ReadoutState to;
};

constexpr Transition kTransitions[] = {
    {ReadoutAction::kSubmit, ReadoutState::kDraft, ReadoutState::kInReview},
    {ReadoutAction::kReturn, ReadoutState::kInReview, ReadoutState::kDraft},
    {ReadoutAction::kApprove, ReadoutState::kInReview, ReadoutState::kApproved},
    {ReadoutAction::kPublish, ReadoutState::kApproved, ReadoutState::kPublished},
    {ReadoutAction::kCorrect, ReadoutState::kPublished, ReadoutState::kDraft},
};

const Transition& TransitionOf(ReadoutAction action) {
  for (const Transition& t : kTransitions) {
    if (t.action == action) return t;
  }
  return kTransitions[0];  // unreachable for a valid enum value
}

// The first field of `a` and `b` that differs, or "" when they are equal.
std::string FirstDifference(const Readout& a, const Readout& b) {
  if (a.subject_id != b.subject_id) return "subject_id";
  if (a.state != b.state) return "state";
  if (a.author != b.author) return "author";
  if (a.reviewer != b.reviewer) return "reviewer";
  if (a.editor_note != b.editor_note) return "editor_note";
  if (a.pending_correction_note != b.pending_correction_note) return "pending_correction_note";
  if (a.versions.size() != b.versions.size()) return "versions";
  for (std::size_t i = 0; i < a.versions.size(); ++i) {
    if (a.versions[i] != b.versions[i]) return Index("versions", i);
  }
  return "";
}

}  // namespace

READOUT_VOCABULARY(ReadoutState, kReadoutStateCodes)
READOUT_VOCABULARY(ReadoutAction, kReadoutActionCodes)

Result<Readout> DecodeReadout(const json& body) {
  Errors errors;
  Readout r;
  Fields f(body, "", errors);
  if (f.ok()) {
    ReadCommon(f, errors, r.common);
    if (const json* subject = f.Take("subject_id"); subject == nullptr) {
      Add(errors, "subject_id", "is required: the round (rnd_...) or engagement (eng_...) the readout is about");
    } else if (!subject->is_string()) {
      Add(errors, "subject_id", WrongType("a string", *subject));
    } else {
      const std::string& id = subject->get_ref<const std::string&>();
      const std::optional<RecordKind> kind = KindOfId(id);
      if (kind != RecordKind::kRound && kind != RecordKind::kEngagement) {
        Add(errors, "subject_id", "must be a round id (rnd_...) or an engagement id (eng_...); got " + Quote(id));
      } else if (Status st = ValidateId(id, *kind, "subject_id"); !st) {
        for (FieldError& e : st.error().fields) errors.push_back(std::move(e));
      } else {
        r.subject_id = id;
      }
    }
    const std::size_t state_errors = errors.size();
    ReadCode(f.Take("state"), "state", errors, r.state, &ParseReadoutState, ReadoutStateCodes(), false);
    const bool state_ok = errors.size() == state_errors;
    // Who wrote and reviewed it are removed for public readers (core/redaction.cc),
    // so the codec accepts a body without them; the workflow requires them:
    // RecordService::Create needs an author, `submit` sets it, `approve` sets
    // the reviewer, and ValidateReadoutUpdate keeps a PUT from changing either.
    ReadString(f.Take("author"), "author", errors, r.author);
    ReadString(f.Take("reviewer"), "reviewer", errors, r.reviewer);
    if (!r.reviewer.empty() && r.reviewer == r.author) {
      Add(errors, "reviewer", "must be someone other than the author: nothing is public without a second person");
    }
    ReadBilingual(f.Take("editor_note"), "editor_note", errors, r.editor_note);
    ReadBilingual(f.Take("pending_correction_note"), "pending_correction_note", errors, r.pending_correction_note);
    ReadArray(f.Take("versions"), "versions", errors, [&](const json& v, const std::string& path) {
      ReadoutVersion version;
      ReadVersion(v, path, r.versions.size(), errors, version);
      r.versions.push_back(std::move(version));
    });
    if (state_ok) {
      if (r.state == ReadoutState::kApproved && r.reviewer.empty()) {
        Add(errors, "reviewer", "is required when state is " + StateName(r.state) + ": who approved it");
      }
      if (r.state == ReadoutState::kPublished && r.versions.empty()) {
        Add(errors, "versions", "must have at least one version when state is published");
      }
    }
    f.Finish();
  }
  return Done(std::move(r), errors);
}

json Encode(const Readout& v) {
  json j = EncodeCommon(v.common);
  j["subject_id"] = v.subject_id;
  j["state"] = std::string(ToCode(v.state));
  j["author"] = v.author;
  PutString(j, "reviewer", v.reviewer);
  PutText(j, "editor_note", v.editor_note);
  PutText(j, "pending_correction_note", v.pending_correction_note);
  if (!v.versions.empty()) {
    json versions = json::array();
    for (const ReadoutVersion& version : v.versions) versions.push_back(EncodeVersion(version));
    j["versions"] = std::move(versions);
  }
  return j;
}

const ReadoutVersion* LatestPublished(const Readout& readout) {
  return readout.versions.empty() ? nullptr : &readout.versions.back();
}

Result<Readout> ApplyReadoutStep(const Readout& current, const ReadoutStep& step) {
  const Transition& t = TransitionOf(step.action);
  const std::string action(ToCode(step.action));
  if (current.state != t.from) {
    return Fail(Error::Conflict("state: '" + action + "' needs " + StateName(t.from) + ", the readout is " +
                                StateName(current.state)));
  }
  if (step.actor.empty()) return Fail(Error::Invalid("actor", "is required: who takes the '" + action + "' step"));
  Readout next = current;
  next.state = t.to;
  switch (step.action) {
    case ReadoutAction::kSubmit:
      // Whoever submits answers for the text: the reviewer must be someone else.
      next.author = step.actor;
      next.reviewer.clear();
      break;
    case ReadoutAction::kReturn:
      next.reviewer.clear();
      break;
    case ReadoutAction::kApprove:
      if (step.actor == current.author) {
        // ErrorCode has no permission code yet (issue 7): the field is named instead.
        return Fail(Error::Invalid("actor", "must be someone other than the author (" + current.author +
                                                "): nothing is public without a second person"));
      }
      next.reviewer = step.actor;
      break;
    case ReadoutAction::kPublish: {
      if (!step.content.is_object() || step.content.empty()) {
        return Fail(Error::Invalid("content", "is required: the public readout to publish (an object)"));
      }
      if (!IsRfc3339Instant(step.now)) {
        return Fail(Error::Invalid("now", "must be an RFC 3339 UTC time; got " + Quote(step.now)));
      }
      ReadoutVersion version;
      version.number = static_cast<int>(current.versions.size()) + 1;
      version.published_at = step.now;
      version.published_by = step.actor;
      version.approved_by = current.reviewer;
      version.correction_note = current.pending_correction_note;
      if (version.number > 1 && !HasText(version.correction_note)) {
        return Fail(Error::Invalid("pending_correction_note",
                                   "is required to publish version " + std::to_string(version.number) +
                                       ": say what was corrected and why ('correct' sets it)"));
      }
      version.content = step.content;
      version.content_sha256 = ContentSha256(step.content);
      next.versions.push_back(std::move(version));
      next.pending_correction_note = {};
      // Published means public (core/readout.h). A draft edited from a GET
      // response carries the header's "internal" as its visibility; without
      // this the published readout would stay hidden.
      next.common.visibility = Visibility::kPublic;
      break;
    }
    case ReadoutAction::kCorrect:
      if (!HasText(step.note)) {
        return Fail(Error::Invalid("note", "is required to correct a published readout: what is wrong and why, "
                                           "in en or zh_hans"));
      }
      next.pending_correction_note = step.note;
      next.reviewer.clear();
      break;
  }
  return next;
}

Status ValidateReadoutUpdate(const Readout& before, const Readout& after) {
  if (after.subject_id != before.subject_id) {
    return Fail(Error::Invalid("subject_id", "can not change: create a new readout for " + after.subject_id));
  }
  if (after.versions.size() < before.versions.size()) {
    return Fail(Error::Invalid("versions", "can not be removed: a published version stays published"));
  }
  for (std::size_t i = 0; i < before.versions.size(); ++i) {
    if (after.versions[i] != before.versions[i]) {
      return Fail(Error::Invalid(Index("versions", i),
                                 "can not change: a published version is frozen; use 'correct' to publish a new one"));
    }
  }
  if (after.state == before.state) {
    if (after.versions.size() != before.versions.size()) {
      return Fail(Error::Invalid("versions", "can only grow by the 'publish' step"));
    }
    if (after.author != before.author) return Fail(Error::Invalid("author", "changes only by the 'submit' step"));
    if (after.reviewer != before.reviewer) {
      return Fail(Error::Invalid("reviewer", "changes only by the 'approve' step"));
    }
    if (after.pending_correction_note != before.pending_correction_note) {
      return Fail(Error::Invalid("pending_correction_note", "changes only by the 'correct' step"));
    }
    // What the reviewer approved is what gets published.
    if (after.editor_note != before.editor_note && before.state != ReadoutState::kDraft) {
      return Fail(Error::Invalid("editor_note", "can change only while the readout is a draft; it is " +
                                                    StateName(before.state) + " (return or correct it first)"));
    }
    return {};
  }
  for (const Transition& t : kTransitions) {
    if (t.from != before.state || t.to != after.state) continue;
    // Replay the one step that leads from `before` to `after` with the
    // values `after` claims, so a PUT can do nothing the step would refuse.
    ReadoutStep step;
    step.action = t.action;
    switch (t.action) {
      case ReadoutAction::kSubmit:
        step.actor = after.author;
        break;
      case ReadoutAction::kReturn:
        step.actor = "staff";  // anyone may return a readout for more work
        break;
      case ReadoutAction::kApprove:
        step.actor = after.reviewer;
        if (step.actor.empty()) return Fail(Error::Invalid("reviewer", "is required to approve: who approved it"));
        break;
      case ReadoutAction::kPublish:
        if (after.versions.size() != before.versions.size() + 1) {
          return Fail(Error::Invalid("versions", "publishing adds exactly one version"));
        }
        step.actor = after.versions.back().published_by;
        step.now = after.versions.back().published_at;
        step.content = after.versions.back().content;
        break;
      case ReadoutAction::kCorrect:
        step.actor = "staff";
        step.note = after.pending_correction_note;
        break;
    }
    Result<Readout> expected = ApplyReadoutStep(before, step);
    if (!expected) return Fail(std::move(expected.error()));
    expected->common = after.common;
    // A draft's editor note may be edited as it is submitted.
    if (before.state == ReadoutState::kDraft) expected->editor_note = after.editor_note;
    if (std::string field = FirstDifference(*expected, after); !field.empty()) {
      return Fail(Error::Invalid(field, "does not match the '" + std::string(ToCode(t.action)) + "' step from " +
                                            StateName(before.state) + " to " + StateName(after.state)));
    }
    return {};
  }
  return Fail(Error::Conflict("state: a readout can not go from " + StateName(before.state) + " to " +
                              StateName(after.state) + "; the steps are submit, return, approve, publish, correct"));
}

}  // namespace readout::core
