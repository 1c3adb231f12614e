// Internal to core: the building blocks of the entity codecs
// (core/entity_codec.cc for the dialogue record, core/case_codec.cc for case
// documentation), so that both apply exactly the same rules: unknown fields
// and wrong types rejected, every problem collected with its field path,
// text checked for UTF-8, control characters and size, and a canonical
// encoding that omits empty values. Not for use outside src/core.
//
// Thread-safety: pure functions; a Fields object belongs to one decode call.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/case_entities.h"
#include "core/entities.h"
#include "core/partial_date.h"
#include "core/quote.h"
#include "core/record.h"
#include "core/status.h"

namespace readout::core::codec {

using Errors = std::vector<FieldError>;

inline constexpr std::size_t kMaxStringBytes = 20000;
inline constexpr std::size_t kMaxArrayItems = 1000;

// "a.b" from "a" and "b"; "b" when `base` is empty.
std::string Join(std::string_view base, std::string_view name);
// "a[3]".
std::string Index(std::string_view base, std::size_t i);
// The path shown for a problem with the whole body ("body" for the root).
std::string Where(std::string_view path);
void Add(Errors& errors, std::string_view path, std::string problem);
std::string WrongType(const char* expected, const nlohmann::json& v);
// The first problem with `s` as text a reader may see, or empty: valid UTF-8,
// no control characters other than newline and tab, at most kMaxStringBytes.
std::string TextProblem(std::string_view s);

// The fields of one JSON object. Take() marks a field as known; Finish()
// reports every field nobody took.
class Fields {
 public:
  Fields(const nlohmann::json& v, std::string path, Errors& errors);
  Fields(const Fields&) = delete;
  Fields& operator=(const Fields&) = delete;

  bool ok() const { return ok_; }
  const std::string& path() const { return path_; }
  std::string Path(std::string_view name) const { return Join(path_, name); }

  // The value of `name`, or nullptr when absent or null (null means "not given").
  const nlohmann::json* Take(std::string_view name);
  void Finish();

 private:
  const nlohmann::json& v_;
  std::string path_;
  Errors& errors_;
  std::set<std::string, std::less<>> taken_;
  bool ok_ = false;
};

void ReadString(const nlohmann::json* v, const std::string& path, Errors& errors, std::string& out,
                bool required = false);
void ReadBilingual(const nlohmann::json* v, const std::string& path, Errors& errors, BilingualText& out,
                   bool required = false);
void ReadDate(const nlohmann::json* v, const std::string& path, Errors& errors, std::optional<PartialDate>& out,
              bool required = false);
// A required PartialDate field (one that has no "absent" state).
void ReadRequiredDate(const nlohmann::json* v, const std::string& path, Errors& errors, PartialDate& out);
void ReadId(const nlohmann::json* v, const std::string& path, Errors& errors, std::string& out, RecordKind kind,
            bool required);
// An array of ids of `kind`, each named by its index; duplicates refused.
void ReadIdList(const nlohmann::json* v, const std::string& path, Errors& errors, std::vector<std::string>& out,
                RecordKind kind);
void ReadNonNegativeInt(const nlohmann::json* v, const std::string& path, Errors& errors, int& out);
// A whole number from 0 to 2^53 (the largest every JSON reader keeps exactly).
void ReadNonNegativeInt64(const nlohmann::json* v, const std::string& path, Errors& errors, std::int64_t& out);
void ReadBool(const nlohmann::json* v, const std::string& path, Errors& errors, bool& out);
// "a, b or c".
std::string OneOf(std::span<const std::string_view> codes);

template <typename Enum>
void ReadCode(const nlohmann::json* v, const std::string& path, Errors& errors, Enum& out,
              std::optional<Enum> (*parse)(std::string_view), std::span<const std::string_view> codes, bool required) {
  if (v == nullptr) {
    if (required) Add(errors, path, "is required: one of " + OneOf(codes));
    return;
  }
  if (!v->is_string()) {
    Add(errors, path, WrongType("a string", *v));
    return;
  }
  const auto& s = v->get_ref<const std::string&>();
  std::optional<Enum> e = parse(s);
  if (!e) {
    Add(errors, path, "must be one of " + OneOf(codes) + "; got " + Quote(s));
    return;
  }
  out = *e;
}

// Calls `each(element, path)` for every element of an array.
template <typename Each>
void ReadArray(const nlohmann::json* v, const std::string& path, Errors& errors, Each each) {
  if (v == nullptr) return;
  if (!v->is_array()) {
    Add(errors, path, WrongType("an array", *v));
    return;
  }
  if (v->size() > kMaxArrayItems) {
    Add(errors, path,
        "must have at most " + std::to_string(kMaxArrayItems) + " items; got " + std::to_string(v->size()));
    return;
  }
  for (std::size_t i = 0; i < v->size(); ++i) each((*v)[i], Index(path, i));
}

bool IsHttpUrl(std::string_view url);
// BCP 47, loosely: a 2-3 letter language and optional subtags ("zh-Hans", "en-GB").
bool IsLanguageTag(std::string_view s);
// RFC 3339 date-time with a time zone: "2026-11-29T08:00:00Z", "2026-11-29T08:00:00.123+08:00".
bool IsRfc3339Instant(std::string_view s);

void ReadSource(const nlohmann::json& v, const std::string& path, Errors& errors, SourceRef& out);
// "visibility" and "sources". An absent visibility leaves out.visibility as the
// caller set it (public, or restricted for evidence files).
void ReadCommon(Fields& f, Errors& errors, RecordCommon& out);

template <typename T>
Result<T> Done(T value, Errors& errors) {
  if (!errors.empty()) return Fail(Error::Invalid(std::move(errors)));
  return value;
}

// Encoding: empty strings, empty text, empty lists and absent dates are omitted.
nlohmann::json EncodeText(const BilingualText& t);
void PutString(nlohmann::json& j, const char* name, const std::string& s);
void PutText(nlohmann::json& j, const char* name, const BilingualText& t);
void PutDate(nlohmann::json& j, const char* name, const std::optional<PartialDate>& d);
void PutStrings(nlohmann::json& j, const char* name, const std::vector<std::string>& list);
nlohmann::json EncodeCommon(const RecordCommon& c);

// --- Shared by entity_codec.cc and accountability_codec.cc ---------------

// An optional http(s) URL.
void ReadUrl(const nlohmann::json* v, const std::string& path, Errors& errors, std::string& out);
// An optional BCP 47 language tag (IsLanguageTag).
void ReadLanguageTag(const nlohmann::json* v, const std::string& path, Errors& errors, std::string& out);
// A delegation member or engagement participant: name and side required.
void ReadParticipant(const nlohmann::json& v, const std::string& path, Errors& errors, Participant& out);
nlohmann::json EncodeParticipant(const Participant& p);
// What the public was told afterwards (a round's or an engagement's readout):
// level required when the object is given; date required unless level is
// none; url and date absent when it is none.
void ReadPublicAccount(const nlohmann::json* v, const std::string& path, Errors& errors, PublicAccount& out);
nlohmann::json EncodePublicAccount(const PublicAccount& a);
// A count with bounds (group event participants, indicator observations):
// high >= low, and the qualifier consistent with the bounds given (exact needs
// low and high equal or absent; at_least needs low; approximately low or
// high; range both). `low_required` adds the rule that low is given.
void ReadParticipantCount(const nlohmann::json* v, const std::string& path, Errors& errors, ParticipantCount& out,
                          bool low_required = false);
nlohmann::json EncodeParticipantCount(const ParticipantCount& c);

}  // namespace readout::core::codec
