// Public input (issue 7, DESIGN.md journey 9): a person — possibly inside
// the country and at risk — sends information about a case or a concern
// through the public form (web/intake_handler.h); it lands in a moderation
// queue that only editors see, and an editor either dismisses it or turns
// it into a restricted record draft with its provenance.
//
// What is kept: the submission document below, in the AccountStore's
// kSubmissions collection. What is never kept: the sender's address or user
// agent (the address is only a key of an in-memory throttle, hashed there)
// and the time of day (received_at is the day only: a finer time helps
// identify a sender). Nothing here is public: no page, feed, export or
// search index reads the collection (docs/security.md, "Public input").
//
// Called by the web module (the form and the moderation pages) and by tests.
// Thread-safety: safe from many threads (the store and the throttles are;
// state changes are compare-and-swap on the document's version).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "auth/account_store.h"
#include "auth/throttle.h"
#include "core/record.h"
#include "core/record_service.h"
#include "core/status.h"

namespace readout::intake {

enum class SubmissionState { kNew, kAccepted, kDismissed };

std::string_view ToCode(SubmissionState state);  // "new", "accepted", "dismissed"
std::optional<SubmissionState> ParseSubmissionState(std::string_view code);

// Limits, in Unicode characters (code points).
inline constexpr std::size_t kMaxMessageChars = 20000;
inline constexpr std::size_t kMaxAboutChars = 500;
inline constexpr std::size_t kMaxContactChars = 500;

// What the sender typed. Every field but `message` is optional.
struct SubmissionInput {
  std::string about;     // free text: the case or the concern
  std::string case_id;   // optional: must name a public case
  std::string message;   // required
  std::string contact;   // optional: how to reach the sender, only if they want contact
  std::string language;  // BCP 47 of the form the sender used ("en", "zh-Hans"); "" when unknown
};

struct Submission {
  std::string id;           // "sub_" + 16 hex characters
  std::string received_at;  // "YYYY-MM-DD" (UTC), never a finer time
  std::string about;
  std::string case_id;
  std::string message;
  std::string contact;
  std::string language;
  SubmissionState state = SubmissionState::kNew;
  std::string handled_by;   // the editor's display name; "" while new
  std::string handled_at;   // "YYYY-MM-DD"; "" while new
  std::string record_id;    // the record made from it (accepted only)
  std::int64_t version = 0; // the store document's version (not in the JSON)
};

// The JSON the store keeps (no version), and back.
std::string EncodeSubmission(const Submission& submission);
core::Result<Submission> DecodeSubmission(std::string_view json);

// "Public submission sub_..., received YYYY-MM-DD": the provenance a record
// made from a submission carries (as its first `sources` entry).
std::string ProvenanceTitle(const Submission& submission);

struct IntakeOptions {
  std::function<std::int64_t()> now;  // unix seconds; default: the system clock
  int per_address_per_hour = 5;       // submissions from one address per hour
  int global_per_minute = 30;         // submissions from everyone per minute
};

struct QueueCounts {
  int new_count = 0;
  int accepted = 0;
  int dismissed = 0;
};

class IntakeService {
 public:
  IntakeService(auth::AccountStore& store, core::RecordService& records, IntakeOptions options = {});

  // Validates and stores a new submission. kInvalidArgument with every bad
  // field named (about, case_id, message, contact, language);
  // kTooManyRequests when `address` or everyone is over the limit (the
  // address is a throttle key in memory only, never stored or logged).
  // A refused submission does not count against the limits.
  core::Result<Submission> Submit(const SubmissionInput& input, std::string_view address);

  // Every submission in `state` (nullopt: all), newest first.
  core::Result<std::vector<Submission>> List(std::optional<SubmissionState> state);
  core::Result<QueueCounts> Counts();
  // kNotFound when there is no such submission (or `id` is malformed).
  core::Result<Submission> Get(std::string_view id);

  // new -> dismissed. kConflict when it is not new.
  core::Result<Submission> Dismiss(std::string_view id, const core::Actor& editor);

  // new -> accepted: creates a record of `kind` from `body` (the editor's
  // record body, validated by RecordService) at visibility restricted
  // whatever `body` says, with the provenance as its first `sources` entry,
  // and keeps the new record's id on the submission. kConflict when it is
  // not new; the record's validation errors as they come.
  core::Result<Submission> Accept(std::string_view id, const core::Actor& editor, core::RecordKind kind,
                                  nlohmann::json body);

  // Erases a handled (accepted or dismissed) submission from the store
  // (AccountStore::DeleteDocument: the SQLite store leaves no recoverable
  // bytes). kConflict while it is new: dismiss or accept it first.
  core::Status Erase(std::string_view id);

 private:
  std::string Today() const;
  core::Status Validate(const SubmissionInput& input);
  core::Result<Submission> Transition(std::string_view id, const core::Actor& editor, SubmissionState to,
                                      std::string record_id);

  auth::AccountStore& store_;
  core::RecordService& records_;
  std::function<std::int64_t()> now_;
  auth::Throttle per_address_;
  auth::Throttle global_;
};

// A source record body for a submission: type other, the provenance as its
// title, the received day as its date, the sender's language, identity
// protected, reliability unknown. `title_en` / `title_zh_hans` replace the
// default title when not empty. The message is not copied: the editor
// transcribes what the record should say.
nlohmann::json SourceBodyFor(const Submission& submission, std::string_view title_en = "",
                             std::string_view title_zh_hans = "");

}  // namespace readout::intake
