#include "intake/intake_service.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <random>
#include <utility>

#include "core/codec_support.h"
#include "core/partial_date.h"

namespace readout::intake {
namespace {

using json = nlohmann::json;

constexpr std::array<std::string_view, 3> kStateCodes = {"new", "accepted", "dismissed"};
constexpr std::string_view kIdPrefix = "sub_";
// The one key of the global throttle: everyone's submissions together.
constexpr std::string_view kEveryone = "everyone";

std::int64_t SystemNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// "sub_" + 16 lower-case hex characters from the kernel's CSPRNG (as
// core::NewId): ids are not guessable, so a moderation URL reveals nothing.
std::string NewSubmissionId() {
  static constexpr char kHex[] = "0123456789abcdef";
  std::random_device device;
  std::string id(kIdPrefix);
  for (int i = 0; i < 16; ++i) id += kHex[device() & 15u];
  return id;
}

bool IsSubmissionId(std::string_view id) {
  if (id.size() != kIdPrefix.size() + 16 || id.substr(0, kIdPrefix.size()) != kIdPrefix) return false;
  return std::all_of(id.begin() + kIdPrefix.size(), id.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// Forms send line breaks as CRLF; the stored text has LF only.
std::string NormaliseNewlines(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r') {
      out += '\n';
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
    } else {
      out += s[i];
    }
  }
  return out;
}

// The first problem with `s` as free text of at most `max_chars` code
// points, or "": valid UTF-8, no control characters but newline and tab.
std::string FreeTextProblem(std::string_view s, std::size_t max_chars, bool multiline) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      len = 1;
      cp = c;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return "is not valid UTF-8 text";
    }
    if (i + len > s.size()) return "is not valid UTF-8 text";
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return "is not valid UTF-8 text";
      cp = (cp << 6) | (cc & 0x3F);
    }
    const bool overlong = (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return "is not valid UTF-8 text";
    const bool allowed_control = cp == '\t' || (multiline && cp == '\n');
    if ((cp < 0x20 && !allowed_control) || cp == 0x7F) {
      return multiline ? "must not contain control characters other than line breaks and tabs"
                       : "must be one line without control characters";
    }
    i += len;
    if (++chars > max_chars) {
      return "must be at most " + std::to_string(max_chars) + " characters long";
    }
  }
  return "";
}

core::Error TooMany(std::string message) { return core::Error{core::ErrorCode::kTooManyRequests, std::move(message), {}}; }

core::Error NoSuchSubmission(std::string_view id) {
  return core::Error::NotFound("no submission " + std::string(id));
}

std::string StringField(const json& j, const char* name) {
  auto it = j.find(name);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::string_view ToCode(SubmissionState state) { return kStateCodes[static_cast<std::size_t>(state)]; }

std::optional<SubmissionState> ParseSubmissionState(std::string_view code) {
  for (std::size_t i = 0; i < kStateCodes.size(); ++i) {
    if (kStateCodes[i] == code) return static_cast<SubmissionState>(i);
  }
  return std::nullopt;
}

std::string EncodeSubmission(const Submission& s) {
  json j = json::object();
  j["id"] = s.id;
  j["received_at"] = s.received_at;
  j["about"] = s.about;
  j["case_id"] = s.case_id;
  j["message"] = s.message;
  j["contact"] = s.contact;
  j["language"] = s.language;
  j["state"] = std::string(ToCode(s.state));
  j["handled_by"] = s.handled_by;
  j["handled_at"] = s.handled_at;
  j["record_id"] = s.record_id;
  return j.dump();
}

core::Result<Submission> DecodeSubmission(std::string_view text) {
  const json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return core::Fail(core::Error::Internal("a stored submission is not a JSON object"));
  Submission s;
  s.id = StringField(j, "id");
  s.received_at = StringField(j, "received_at");
  s.about = StringField(j, "about");
  s.case_id = StringField(j, "case_id");
  s.message = StringField(j, "message");
  s.contact = StringField(j, "contact");
  s.language = StringField(j, "language");
  auto state = ParseSubmissionState(StringField(j, "state"));
  if (!state) return core::Fail(core::Error::Internal("stored submission " + s.id + " has no valid state"));
  s.state = *state;
  s.handled_by = StringField(j, "handled_by");
  s.handled_at = StringField(j, "handled_at");
  s.record_id = StringField(j, "record_id");
  return s;
}

std::string ProvenanceTitle(const Submission& submission) {
  return "Public submission " + submission.id + ", received " + submission.received_at;
}

json SourceBodyFor(const Submission& submission, std::string_view title_en, std::string_view title_zh_hans) {
  json title = json::object();
  title["en"] = title_en.empty() ? ProvenanceTitle(submission) : std::string(title_en);
  title["zh_hans"] = title_zh_hans.empty()
                         ? "公众提交 " + submission.id + "，收到于 " + submission.received_at
                         : std::string(title_zh_hans);
  json body = {{"type", "other"},
               {"title", std::move(title)},
               {"date", submission.received_at},
               {"reliability", "unknown"},
               {"protect_identity", true}};
  if (!submission.language.empty()) body["language"] = submission.language;
  return body;
}

IntakeService::IntakeService(auth::AccountStore& store, core::RecordService& records, IntakeOptions options)
    : store_(store),
      records_(records),
      now_(options.now ? std::move(options.now) : std::function<std::int64_t()>(&SystemNow)),
      per_address_(options.per_address_per_hour, std::chrono::hours(1)),
      global_(options.global_per_minute, std::chrono::minutes(1)) {}

std::string IntakeService::Today() const {
  const std::int64_t now = now_();
  const long days = static_cast<long>(now >= 0 ? now / 86400 : (now - 86399) / 86400);
  return core::CivilFromDays(days).ToIso();
}

core::Status IntakeService::Validate(const SubmissionInput& in) {
  std::vector<core::FieldError> errors;
  auto add = [&](std::string field, std::string problem) {
    errors.push_back({std::move(field), std::move(problem)});
  };
  if (std::string p = FreeTextProblem(in.about, kMaxAboutChars, true); !p.empty()) add("about", p);
  if (in.message.find_first_not_of(" \t\n") == std::string::npos) {
    add("message", "is required: write what you want to tell us");
  } else if (std::string p = FreeTextProblem(in.message, kMaxMessageChars, true); !p.empty()) {
    add("message", p);
  }
  if (std::string p = FreeTextProblem(in.contact, kMaxContactChars, true); !p.empty()) add("contact", p);
  if (!in.language.empty() && !core::codec::IsLanguageTag(in.language)) {
    add("language", "must be a language tag such as en or zh-Hans");
  }
  if (!in.case_id.empty()) {
    // The same answer whether the case is missing or not public, so the form
    // reveals nothing about records the public may not see.
    const std::string problem = "must name a public case (an id such as cas_...), or be left empty";
    if (core::KindOfId(in.case_id) != core::RecordKind::kCase) {
      add("case_id", problem);
    } else {
      auto found = records_.Get(in.case_id, core::Visibility::kPublic);
      if (!found) {
        if (found.error().code != core::ErrorCode::kNotFound) return core::Fail(found.error());
        add("case_id", problem);
      } else if (found->header.kind != core::RecordKind::kCase) {
        add("case_id", problem);
      }
    }
  }
  if (!errors.empty()) return core::Fail(core::Error::Invalid(std::move(errors)));
  return {};
}

core::Result<Submission> IntakeService::Submit(const SubmissionInput& raw, std::string_view address) {
  const std::int64_t now = now_();
  if (!global_.Allowed(kEveryone, now)) {
    return core::Fail(TooMany("the form is receiving too many submissions just now; please try again in a minute"));
  }
  if (!per_address_.Allowed(address, now)) {
    return core::Fail(TooMany("too many submissions from this connection; please try again in an hour"));
  }
  SubmissionInput in;
  in.about = NormaliseNewlines(raw.about);
  in.case_id = raw.case_id;
  in.message = NormaliseNewlines(raw.message);
  in.contact = NormaliseNewlines(raw.contact);
  in.language = raw.language;
  if (auto valid = Validate(in); !valid) return core::Fail(valid.error());

  Submission s;
  s.received_at = Today();
  s.about = std::move(in.about);
  s.case_id = std::move(in.case_id);
  s.message = std::move(in.message);
  s.contact = std::move(in.contact);
  s.language = std::move(in.language);
  // A collision of 64 random bits is all but impossible; retry once anyway.
  for (int attempt = 0; attempt < 2; ++attempt) {
    s.id = NewSubmissionId();
    auto put = store_.PutDocument(auth::kSubmissions, s.id, 0, EncodeSubmission(s));
    if (put) {
      s.version = *put;
      per_address_.Hit(address, now);
      global_.Hit(kEveryone, now);
      return s;
    }
    if (put.error().code != core::ErrorCode::kConflict) return core::Fail(put.error());
  }
  return core::Fail(core::Error::Internal("could not find a free submission id"));
}

core::Result<std::vector<Submission>> IntakeService::List(std::optional<SubmissionState> state) {
  auto docs = store_.ListDocuments(auth::kSubmissions);
  if (!docs) return core::Fail(docs.error());
  std::vector<Submission> out;
  for (const auth::Document& doc : *docs) {
    auto s = DecodeSubmission(doc.body);
    if (!s) return core::Fail(s.error());
    s->version = doc.version;
    if (!state || s->state == *state) out.push_back(std::move(*s));
  }
  // Newest day first; within a day by id (there is no finer time to order by).
  std::stable_sort(out.begin(), out.end(),
                   [](const Submission& a, const Submission& b) { return a.received_at > b.received_at; });
  return out;
}

core::Result<QueueCounts> IntakeService::Counts() {
  auto all = List(std::nullopt);
  if (!all) return core::Fail(all.error());
  QueueCounts counts;
  for (const Submission& s : *all) {
    switch (s.state) {
      case SubmissionState::kNew: ++counts.new_count; break;
      case SubmissionState::kAccepted: ++counts.accepted; break;
      case SubmissionState::kDismissed: ++counts.dismissed; break;
    }
  }
  return counts;
}

core::Result<Submission> IntakeService::Get(std::string_view id) {
  if (!IsSubmissionId(id)) return core::Fail(NoSuchSubmission(id));
  auto doc = store_.GetDocument(auth::kSubmissions, id);
  if (!doc) return core::Fail(doc.error());
  if (!*doc) return core::Fail(NoSuchSubmission(id));
  auto s = DecodeSubmission((*doc)->body);
  if (!s) return core::Fail(s.error());
  s->version = (*doc)->version;
  return s;
}

core::Result<Submission> IntakeService::Transition(std::string_view id, const core::Actor& editor,
                                                   SubmissionState to, std::string record_id) {
  auto s = Get(id);
  if (!s) return s;
  if (s->state != SubmissionState::kNew) {
    return core::Fail(core::Error::Conflict("submission " + s->id + " was already " + std::string(ToCode(s->state)) +
                                            " by " + s->handled_by));
  }
  s->state = to;
  s->handled_by = editor.name;
  s->handled_at = Today();
  s->record_id = std::move(record_id);
  auto put = store_.PutDocument(auth::kSubmissions, s->id, s->version, EncodeSubmission(*s));
  if (!put) {
    if (put.error().code == core::ErrorCode::kConflict) {
      return core::Fail(core::Error::Conflict("submission " + s->id + " was handled by someone else meanwhile"));
    }
    return core::Fail(put.error());
  }
  s->version = *put;
  return s;
}

core::Result<Submission> IntakeService::Dismiss(std::string_view id, const core::Actor& editor) {
  return Transition(id, editor, SubmissionState::kDismissed, "");
}

core::Result<Submission> IntakeService::Accept(std::string_view id, const core::Actor& editor, core::RecordKind kind,
                                               json body) {
  if (body.is_null()) body = json::object();
  if (!body.is_object()) return core::Fail(core::Error::Invalid("body", "must be a JSON object"));
  // Claim the submission first (compare-and-swap), naming the record it will
  // make: two editors accepting at once can not both create a record.
  const std::string record_id = core::NewId(kind);
  auto claimed = Transition(id, editor, SubmissionState::kAccepted, record_id);
  if (!claimed) return claimed;

  body["visibility"] = "restricted";
  json provenance = {{"title", ProvenanceTitle(*claimed)}, {"date", claimed->received_at}};
  auto sources = body.find("sources");
  if (sources == body.end() || sources->is_null()) {
    body["sources"] = json::array({std::move(provenance)});
  } else if (sources->is_array()) {
    sources->insert(sources->begin(), std::move(provenance));
  }  // otherwise the record's validation names `sources`
  auto created = records_.Create(kind, body, editor, record_id);
  if (!created) {
    // Give the submission back to the queue so it can be accepted again.
    Submission back = *claimed;
    back.state = SubmissionState::kNew;
    back.handled_by.clear();
    back.handled_at.clear();
    back.record_id.clear();
    (void)store_.PutDocument(auth::kSubmissions, back.id, back.version, EncodeSubmission(back));
    return core::Fail(created.error());
  }
  return claimed;
}

core::Status IntakeService::Erase(std::string_view id) {
  auto s = Get(id);
  if (!s) return core::Fail(s.error());
  if (s->state == SubmissionState::kNew) {
    return core::Fail(core::Error::Conflict("submission " + s->id + " is still new: dismiss or accept it first"));
  }
  return store_.DeleteDocument(auth::kSubmissions, s->id);
}

}  // namespace readout::intake
