#include "core/entity_codec.h"

#include <climits>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/quote.h"

namespace readout::core {
namespace {

using nlohmann::json;
using Errors = std::vector<FieldError>;

constexpr std::size_t kMaxStringBytes = 20000;
constexpr std::size_t kMaxArrayItems = 1000;

std::string Join(std::string_view base, std::string_view name) {
  if (base.empty()) return std::string(name);
  return std::string(base) + "." + std::string(name);
}

std::string Index(std::string_view base, std::size_t i) { return std::string(base) + "[" + std::to_string(i) + "]"; }

// The path shown for a problem with the whole body.
std::string Where(std::string_view path) { return path.empty() ? std::string("body") : std::string(path); }

void Add(Errors& errors, std::string_view path, std::string problem) {
  errors.push_back({Where(path), std::move(problem)});
}

std::string WrongType(const char* expected, const json& v) {
  return std::string("must be ") + expected + "; got " + v.type_name();
}

// The first problem with `s` as text a reader may see, or empty: valid UTF-8,
// no control characters other than newline and tab (they break one-line
// displays, logs and CSV), at most kMaxStringBytes.
std::string TextProblem(std::string_view s) {
  if (s.size() > kMaxStringBytes) {
    return "must be at most " + std::to_string(kMaxStringBytes) + " bytes; got " + std::to_string(s.size());
  }
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::uint32_t cp = 0;
    std::size_t len = 0;
    if (c < 0x80) {
      cp = c;
      len = 1;
    } else if ((c & 0xE0) == 0xC0) {
      cp = c & 0x1F;
      len = 2;
    } else if ((c & 0xF0) == 0xE0) {
      cp = c & 0x0F;
      len = 3;
    } else if ((c & 0xF8) == 0xF0) {
      cp = c & 0x07;
      len = 4;
    } else {
      return "must be valid UTF-8 (bad byte at offset " + std::to_string(i) + ")";
    }
    if (i + len > s.size()) return "must be valid UTF-8 (truncated character at offset " + std::to_string(i) + ")";
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return "must be valid UTF-8 (bad byte at offset " + std::to_string(i + k) + ")";
      cp = (cp << 6) | (cc & 0x3F);
    }
    static constexpr std::uint32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMinForLength[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return "must be valid UTF-8 (invalid character at offset " + std::to_string(i) + ")";
    }
    if ((cp < 0x20 && cp != '\n' && cp != '\t') || (cp >= 0x7F && cp <= 0x9F)) {
      return "must not contain control characters other than newline and tab (found one at offset " +
             std::to_string(i) + ")";
    }
    i += len;
  }
  return {};
}

// The fields of one JSON object. Take() marks a field as known; Finish()
// reports every field nobody took.
class Fields {
 public:
  Fields(const json& v, std::string path, Errors& errors) : v_(v), path_(std::move(path)), errors_(errors) {
    ok_ = v.is_object();
    if (!ok_) Add(errors_, path_, WrongType("an object", v));
  }
  Fields(const Fields&) = delete;
  Fields& operator=(const Fields&) = delete;

  bool ok() const { return ok_; }
  const std::string& path() const { return path_; }
  std::string Path(std::string_view name) const { return Join(path_, name); }

  // The value of `name`, or nullptr when absent or null (null means "not given").
  const json* Take(std::string_view name) {
    taken_.emplace(name);
    if (!ok_) return nullptr;
    auto it = v_.find(name);
    if (it == v_.end() || it->is_null()) return nullptr;
    return &*it;
  }

  void Finish() {
    if (!ok_) return;
    for (auto it = v_.begin(); it != v_.end(); ++it) {
      if (!taken_.contains(it.key())) Add(errors_, Join(path_, it.key()), "unknown field");
    }
  }

 private:
  const json& v_;
  std::string path_;
  Errors& errors_;
  std::set<std::string, std::less<>> taken_;
  bool ok_ = false;
};

void ReadString(const json* v, const std::string& path, Errors& errors, std::string& out, bool required = false) {
  if (v == nullptr) {
    if (required) Add(errors, path, "is required");
    return;
  }
  if (!v->is_string()) {
    Add(errors, path, WrongType("a string", *v));
    return;
  }
  const auto& s = v->get_ref<const std::string&>();
  if (std::string problem = TextProblem(s); !problem.empty()) {
    Add(errors, path, std::move(problem));
    return;
  }
  if (required && s.empty()) {
    Add(errors, path, "is required");
    return;
  }
  out = s;
}

void ReadBilingual(const json* v, const std::string& path, Errors& errors, BilingualText& out, bool required = false) {
  if (v == nullptr) {
    if (required) Add(errors, path, "is required: give at least en or zh_hans");
    return;
  }
  Fields f(*v, path, errors);
  if (!f.ok()) return;
  ReadString(f.Take("en"), f.Path("en"), errors, out.en);
  ReadString(f.Take("zh_hans"), f.Path("zh_hans"), errors, out.zh_hans);
  ReadString(f.Take("zh_hant"), f.Path("zh_hant"), errors, out.zh_hant);
  f.Finish();
  if (required && out.en.empty() && out.zh_hans.empty()) {
    Add(errors, path, "needs text in en or zh_hans (zh_hant alone is not enough)");
  }
}

void ReadDate(const json* v, const std::string& path, Errors& errors, std::optional<PartialDate>& out,
              bool required = false) {
  if (v == nullptr) {
    if (required) Add(errors, path, "is required: give an EDTF date such as 2013-07-30 or 2013-07-30/2013-07-31");
    return;
  }
  if (!v->is_string()) {
    Add(errors, path, WrongType("a string holding an EDTF date such as 2013-07-30", *v));
    return;
  }
  const auto& s = v->get_ref<const std::string&>();
  if (s.empty() && required) {
    Add(errors, path, "is required: give an EDTF date such as 2013-07-30 or 2013-07-30/2013-07-31");
    return;
  }
  Result<PartialDate> date = PartialDate::Parse(s, Where(path));
  if (!date) {
    for (FieldError& e : date.error().fields) errors.push_back(std::move(e));
    return;
  }
  out = std::move(*date);
}

void ReadId(const json* v, const std::string& path, Errors& errors, std::string& out, RecordKind kind, bool required) {
  std::string s;
  const std::size_t before = errors.size();
  ReadString(v, path, errors, s, required);
  if (errors.size() != before || s.empty()) return;
  if (Status st = ValidateId(s, kind, Where(path)); !st) {
    for (FieldError& e : st.error().fields) errors.push_back(std::move(e));
    return;
  }
  out = std::move(s);
}

void ReadNonNegativeInt(const json* v, const std::string& path, Errors& errors, int& out) {
  if (v == nullptr) return;
  if (!v->is_number_integer()) {
    Add(errors, path, WrongType("a whole number", *v));
    return;
  }
  if (v->is_number_unsigned()) {
    const auto n = v->get<std::uint64_t>();
    if (n > static_cast<std::uint64_t>(INT_MAX)) {
      Add(errors, path, "must be at most " + std::to_string(INT_MAX) + "; got " + std::to_string(n));
      return;
    }
    out = static_cast<int>(n);
    return;
  }
  const auto n = v->get<std::int64_t>();
  if (n < 0) {
    Add(errors, path, "must be 0 or more; got " + std::to_string(n));
    return;
  }
  if (n > INT_MAX) {
    Add(errors, path, "must be at most " + std::to_string(INT_MAX) + "; got " + std::to_string(n));
    return;
  }
  out = static_cast<int>(n);
}

void ReadBool(const json* v, const std::string& path, Errors& errors, bool& out) {
  if (v == nullptr) return;
  if (!v->is_boolean()) {
    Add(errors, path, WrongType("true or false", *v));
    return;
  }
  out = v->get<bool>();
}

std::string OneOf(std::span<const std::string_view> codes) {
  std::string s;
  for (std::size_t i = 0; i < codes.size(); ++i) {
    if (i > 0) s += i + 1 == codes.size() ? " or " : ", ";
    s += codes[i];
  }
  return s;
}

template <typename Enum>
void ReadCode(const json* v, const std::string& path, Errors& errors, Enum& out,
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
void ReadArray(const json* v, const std::string& path, Errors& errors, Each each) {
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

bool IsHttpUrl(std::string_view url) {
  for (std::string_view scheme : {std::string_view("http://"), std::string_view("https://")}) {
    if (url.size() > scheme.size() && url.substr(0, scheme.size()) == scheme) return true;
  }
  return false;
}

void ReadSource(const json& v, const std::string& path, Errors& errors, SourceRef& out) {
  Fields f(v, path, errors);
  if (!f.ok()) return;
  ReadString(f.Take("title"), f.Path("title"), errors, out.title);
  const std::size_t before = errors.size();
  ReadString(f.Take("url"), f.Path("url"), errors, out.url);
  if (errors.size() == before && !out.url.empty() && !IsHttpUrl(out.url)) {
    Add(errors, f.Path("url"), "must start with http:// or https://; got " + Quote(out.url));
  }
  ReadDate(f.Take("date"), f.Path("date"), errors, out.date);
  ReadString(f.Take("note"), f.Path("note"), errors, out.note);
  f.Finish();
  if (errors.size() == before && out.title.empty() && out.url.empty()) {
    Add(errors, path, "needs a title or a url");
  }
}

void ReadCommon(Fields& f, Errors& errors, RecordCommon& out) {
  ReadCode(f.Take("visibility"), f.Path("visibility"), errors, out.visibility, &ParseVisibility, VisibilityCodes(),
           false);
  ReadArray(f.Take("sources"), f.Path("sources"), errors, [&](const json& v, const std::string& path) {
    SourceRef s;
    ReadSource(v, path, errors, s);
    out.sources.push_back(std::move(s));
  });
}

void ReadParty(const json* v, const std::string& path, Errors& errors, Party& out) {
  if (v == nullptr) {
    Add(errors, path, "is required: an object with a name");
    return;
  }
  Fields f(*v, path, errors);
  if (!f.ok()) return;
  ReadBilingual(f.Take("name"), f.Path("name"), errors, out.name, true);
  f.Finish();
}

void ReadParticipant(const json& v, const std::string& path, Errors& errors, Participant& out) {
  Fields f(v, path, errors);
  if (!f.ok()) return;
  ReadBilingual(f.Take("name"), f.Path("name"), errors, out.name, true);
  ReadBilingual(f.Take("title"), f.Path("title"), errors, out.title);
  ReadBilingual(f.Take("agency"), f.Path("agency"), errors, out.agency);
  ReadCode(f.Take("side"), f.Path("side"), errors, out.side, &ParseSide, SideCodes(), true);
  ReadBool(f.Take("lead"), f.Path("lead"), errors, out.lead);
  f.Finish();
}

void ReadCaseListEntry(const json& v, const std::string& path, Errors& errors, CaseListEntry& out) {
  Fields f(v, path, errors);
  if (!f.ok()) return;
  ReadBilingual(f.Take("name"), f.Path("name"), errors, out.name, true);
  if (const json* case_id = f.Take("case_id"); case_id != nullptr) {
    std::string s;
    const std::size_t before = errors.size();
    ReadString(case_id, f.Path("case_id"), errors, s);
    if (errors.size() == before && !s.empty()) {
      Add(errors, f.Path("case_id"), "case records arrive with the case module; leave case_id empty for now");
    }
  }
  ReadBilingual(f.Take("note"), f.Path("note"), errors, out.note);
  f.Finish();
}

template <typename T>
Result<T> Done(T value, Errors& errors) {
  if (!errors.empty()) return Fail(Error::Invalid(std::move(errors)));
  return value;
}

// Encoding: empty strings, empty text, empty lists and absent dates are omitted.

json EncodeText(const BilingualText& t) {
  json j = json::object();
  if (!t.en.empty()) j["en"] = t.en;
  if (!t.zh_hans.empty()) j["zh_hans"] = t.zh_hans;
  if (!t.zh_hant.empty()) j["zh_hant"] = t.zh_hant;
  return j;
}

void PutString(json& j, const char* name, const std::string& s) {
  if (!s.empty()) j[name] = s;
}

void PutText(json& j, const char* name, const BilingualText& t) {
  if (!t.empty()) j[name] = EncodeText(t);
}

void PutDate(json& j, const char* name, const std::optional<PartialDate>& d) {
  if (d) j[name] = d->ToString();
}

json EncodeCommon(const RecordCommon& c) {
  json j = json::object();
  j["visibility"] = std::string(ToCode(c.visibility));
  if (!c.sources.empty()) {
    json sources = json::array();
    for (const SourceRef& s : c.sources) {
      json o = json::object();
      PutString(o, "title", s.title);
      PutString(o, "url", s.url);
      PutDate(o, "date", s.date);
      PutString(o, "note", s.note);
      sources.push_back(std::move(o));
    }
    j["sources"] = std::move(sources);
  }
  return j;
}

// Header fields of a stored record's JSON: MakeDraft drops them so that a GET
// response can be edited and sent back.
constexpr std::string_view kHeaderFields[] = {"id", "kind", "revision", "created_at", "updated_at", "deleted"};

}  // namespace

Result<Dialogue> DecodeDialogue(const json& body) {
  Errors errors;
  Dialogue d;
  Fields f(body, "", errors);
  if (f.ok()) {
    ReadCommon(f, errors, d.common);
    ReadBilingual(f.Take("name"), "name", errors, d.name, true);
    ReadParty(f.Take("party_a"), "party_a", errors, d.party_a);
    ReadParty(f.Take("party_b"), "party_b", errors, d.party_b);
    ReadDate(f.Take("first_held"), "first_held", errors, d.first_held);
    ReadBilingual(f.Take("summary"), "summary", errors, d.summary);
    f.Finish();
  }
  return Done(std::move(d), errors);
}

Result<Round> DecodeRound(const json& body) {
  Errors errors;
  Round r;
  Fields f(body, "", errors);
  if (f.ok()) {
    ReadCommon(f, errors, r.common);
    ReadId(f.Take("dialogue_id"), "dialogue_id", errors, r.dialogue_id, RecordKind::kDialogue, true);
    ReadNonNegativeInt(f.Take("number"), "number", errors, r.number);
    ReadBilingual(f.Take("title"), "title", errors, r.title, true);
    std::optional<PartialDate> dates;
    ReadDate(f.Take("dates"), "dates", errors, dates, true);
    if (dates) r.dates = std::move(*dates);
    ReadBilingual(f.Take("place"), "place", errors, r.place);
    ReadArray(f.Take("delegation"), "delegation", errors, [&](const json& v, const std::string& path) {
      Participant p;
      ReadParticipant(v, path, errors, p);
      r.delegation.push_back(std::move(p));
    });
    ReadBilingual(f.Take("summary"), "summary", errors, r.summary);
    ReadArray(f.Take("outcomes"), "outcomes", errors, [&](const json& v, const std::string& path) {
      BilingualText t;
      ReadBilingual(&v, path, errors, t, true);
      r.outcomes.push_back(std::move(t));
    });
    f.Finish();
  }
  return Done(std::move(r), errors);
}

Result<Issue> DecodeIssue(const json& body) {
  Errors errors;
  Issue i;
  Fields f(body, "", errors);
  if (f.ok()) {
    ReadCommon(f, errors, i.common);
    ReadId(f.Take("parent_id"), "parent_id", errors, i.parent_id, RecordKind::kIssue, false);
    ReadBilingual(f.Take("name"), "name", errors, i.name, true);
    ReadBilingual(f.Take("description"), "description", errors, i.description);
    f.Finish();
  }
  return Done(std::move(i), errors);
}

Result<Ask> DecodeAsk(const json& body) {
  Errors errors;
  Ask a;
  Fields f(body, "", errors);
  if (f.ok()) {
    ReadCommon(f, errors, a.common);
    ReadId(f.Take("round_id"), "round_id", errors, a.round_id, RecordKind::kRound, true);
    if (const json* subject = f.Take("subject"); subject == nullptr) {
      Add(errors, "subject", "is required: an object such as {\"kind\": \"issue\", \"id\": \"iss_...\"}");
    } else {
      Fields s(*subject, "subject", errors);
      if (s.ok()) {
        const std::size_t before = errors.size();
        ReadCode(s.Take("kind"), "subject.kind", errors, a.subject.kind, &ParseAskSubjectKind, AskSubjectKindCodes(),
                 true);
        if (errors.size() == before) {
          switch (a.subject.kind) {
            case AskSubjectKind::kIssue:
              ReadId(s.Take("id"), "subject.id", errors, a.subject.id, RecordKind::kIssue, true);
              break;
            case AskSubjectKind::kBenchmark:
              s.Take("id");
              Add(errors, "subject.kind", "benchmark subjects arrive with the accountability module");
              break;
            case AskSubjectKind::kCase:
              s.Take("id");
              Add(errors, "subject.kind", "case subjects arrive with the case module");
              break;
          }
        } else {
          s.Take("id");
        }
        s.Finish();
      }
    }
    ReadBilingual(f.Take("raised_by"), "raised_by", errors, a.raised_by);
    std::set<RequestKind> seen;
    ReadArray(f.Take("requests"), "requests", errors, [&](const json& v, const std::string& path) {
      RequestKind k = RequestKind::kOther;
      const std::size_t before = errors.size();
      ReadCode(&v, path, errors, k, &ParseRequestKind, RequestKindCodes(), true);
      if (errors.size() != before) return;
      if (!seen.insert(k).second) {
        Add(errors, path, "lists " + std::string(ToCode(k)) + " twice");
        return;
      }
      a.requests.push_back(k);
    });
    ReadBilingual(f.Take("description"), "description", errors, a.description);
    ReadNonNegativeInt(f.Take("position"), "position", errors, a.position);
    f.Finish();
  }
  return Done(std::move(a), errors);
}

namespace {

// BCP 47, loosely: a 2-3 letter language and optional subtags ("zh-Hans", "en-GB").
bool IsLanguageTag(std::string_view s) {
  auto is_alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  auto is_alnum = [&](char c) { return is_alpha(c) || (c >= '0' && c <= '9'); };
  std::size_t i = 0;
  while (i < s.size() && is_alpha(s[i])) ++i;
  if (i < 2 || i > 3) return false;
  while (i < s.size()) {
    if (s[i] != '-') return false;
    ++i;
    const std::size_t start = i;
    while (i < s.size() && is_alnum(s[i])) ++i;
    if (i - start < 2 || i - start > 8) return false;
  }
  return true;
}

}  // namespace

Result<Reply> DecodeReply(const json& body) {
  Errors errors;
  Reply r;
  Fields f(body, "", errors);
  if (f.ok()) {
    ReadCommon(f, errors, r.common);
    ReadId(f.Take("ask_id"), "ask_id", errors, r.ask_id, RecordKind::kAsk, true);
    ReadCode(f.Take("reply_kind"), "reply_kind", errors, r.reply_kind, &ParseReplyKind, ReplyKindCodes(), true);
    ReadString(f.Take("original_text"), "original_text", errors, r.original_text);
    std::string language;
    const std::size_t before = errors.size();
    ReadString(f.Take("original_language"), "original_language", errors, language);
    if (errors.size() == before) {
      if (language.empty() || IsLanguageTag(language)) {
        r.original_language = std::move(language);
      } else {
        Add(errors, "original_language", "must be a BCP 47 language tag such as zh-Hans or en; got " + Quote(language));
      }
    }
    ReadBilingual(f.Take("translation"), "translation", errors, r.translation);
    ReadDate(f.Take("date"), "date", errors, r.date);
    ReadBilingual(f.Take("given_by"), "given_by", errors, r.given_by);
    f.Finish();
  }
  return Done(std::move(r), errors);
}

Result<CaseList> DecodeCaseList(const json& body) {
  Errors errors;
  CaseList c;
  Fields f(body, "", errors);
  if (f.ok()) {
    ReadCommon(f, errors, c.common);
    ReadId(f.Take("round_id"), "round_id", errors, c.round_id, RecordKind::kRound, true);
    ReadCode(f.Take("status"), "status", errors, c.status, &ParseCaseListStatus, CaseListStatusCodes(), false);
    ReadBilingual(f.Take("handed_over_by"), "handed_over_by", errors, c.handed_over_by);
    ReadArray(f.Take("entries"), "entries", errors, [&](const json& v, const std::string& path) {
      CaseListEntry e;
      ReadCaseListEntry(v, path, errors, e);
      c.entries.push_back(std::move(e));
    });
    ReadBilingual(f.Take("response"), "response", errors, c.response);
    f.Finish();
  }
  return Done(std::move(c), errors);
}

json Encode(const Dialogue& v) {
  json j = EncodeCommon(v.common);
  j["name"] = EncodeText(v.name);
  j["party_a"] = json{{"name", EncodeText(v.party_a.name)}};
  j["party_b"] = json{{"name", EncodeText(v.party_b.name)}};
  PutDate(j, "first_held", v.first_held);
  PutText(j, "summary", v.summary);
  return j;
}

json Encode(const Round& v) {
  json j = EncodeCommon(v.common);
  j["dialogue_id"] = v.dialogue_id;
  j["number"] = v.number;
  j["title"] = EncodeText(v.title);
  j["dates"] = v.dates.ToString();
  PutText(j, "place", v.place);
  if (!v.delegation.empty()) {
    json delegation = json::array();
    for (const Participant& p : v.delegation) {
      json o = json::object();
      o["name"] = EncodeText(p.name);
      PutText(o, "title", p.title);
      PutText(o, "agency", p.agency);
      o["side"] = std::string(ToCode(p.side));
      o["lead"] = p.lead;
      delegation.push_back(std::move(o));
    }
    j["delegation"] = std::move(delegation);
  }
  PutText(j, "summary", v.summary);
  if (!v.outcomes.empty()) {
    json outcomes = json::array();
    for (const BilingualText& t : v.outcomes) outcomes.push_back(EncodeText(t));
    j["outcomes"] = std::move(outcomes);
  }
  return j;
}

json Encode(const Issue& v) {
  json j = EncodeCommon(v.common);
  PutString(j, "parent_id", v.parent_id);
  j["name"] = EncodeText(v.name);
  PutText(j, "description", v.description);
  return j;
}

json Encode(const Ask& v) {
  json j = EncodeCommon(v.common);
  j["round_id"] = v.round_id;
  j["subject"] = json{{"kind", std::string(ToCode(v.subject.kind))}, {"id", v.subject.id}};
  PutText(j, "raised_by", v.raised_by);
  if (!v.requests.empty()) {
    json requests = json::array();
    for (RequestKind k : v.requests) requests.push_back(std::string(ToCode(k)));
    j["requests"] = std::move(requests);
  }
  PutText(j, "description", v.description);
  j["position"] = v.position;
  return j;
}

json Encode(const Reply& v) {
  json j = EncodeCommon(v.common);
  j["ask_id"] = v.ask_id;
  j["reply_kind"] = std::string(ToCode(v.reply_kind));
  PutString(j, "original_text", v.original_text);
  PutString(j, "original_language", v.original_language);
  PutText(j, "translation", v.translation);
  PutDate(j, "date", v.date);
  PutText(j, "given_by", v.given_by);
  return j;
}

json Encode(const CaseList& v) {
  json j = EncodeCommon(v.common);
  j["round_id"] = v.round_id;
  j["status"] = std::string(ToCode(v.status));
  PutText(j, "handed_over_by", v.handed_over_by);
  if (!v.entries.empty()) {
    json entries = json::array();
    for (const CaseListEntry& e : v.entries) {
      json o = json::object();
      o["name"] = EncodeText(e.name);
      PutString(o, "case_id", e.case_id);
      PutText(o, "note", e.note);
      entries.push_back(std::move(o));
    }
    j["entries"] = std::move(entries);
  }
  PutText(j, "response", v.response);
  return j;
}

namespace {

// Decodes `body` as `T`, re-encodes it, and fills the draft's kind-specific parts.
template <typename T>
void Fill(Result<T> (*decode)(const json&), const json& body, RecordDraft& draft, Errors& errors) {
  Result<T> value = decode(body);
  if (!value) {
    for (FieldError& e : value.error().fields) errors.push_back(std::move(e));
    return;
  }
  draft.body = Encode(*value);
  draft.visibility = value->common.visibility;
  if constexpr (std::is_same_v<T, Round>) {
    draft.parent_id = value->dialogue_id;
    draft.references.push_back({"dialogue_id", value->dialogue_id, RecordKind::kDialogue});
  } else if constexpr (std::is_same_v<T, Issue>) {
    draft.parent_id = value->parent_id;
    if (!value->parent_id.empty()) draft.references.push_back({"parent_id", value->parent_id, RecordKind::kIssue});
  } else if constexpr (std::is_same_v<T, Ask>) {
    draft.parent_id = value->round_id;
    draft.references.push_back({"round_id", value->round_id, RecordKind::kRound});
    if (value->subject.kind == AskSubjectKind::kIssue) {
      draft.references.push_back({"subject.id", value->subject.id, RecordKind::kIssue});
    }
  } else if constexpr (std::is_same_v<T, Reply>) {
    draft.parent_id = value->ask_id;
    draft.references.push_back({"ask_id", value->ask_id, RecordKind::kAsk});
  } else if constexpr (std::is_same_v<T, CaseList>) {
    draft.parent_id = value->round_id;
    draft.references.push_back({"round_id", value->round_id, RecordKind::kRound});
  }
}

}  // namespace

Result<RecordDraft> MakeDraft(RecordKind kind, const json& body, std::string id) {
  Errors errors;
  RecordDraft draft;
  draft.kind = kind;
  if (!id.empty()) {
    if (Status st = ValidateId(id, kind, "id"); !st) {
      for (FieldError& e : st.error().fields) errors.push_back(std::move(e));
    }
  }
  draft.id = std::move(id);
  if (!body.is_object()) {
    Add(errors, "", WrongType("an object", body));
    return Fail(Error::Invalid(std::move(errors)));
  }
  json stripped = body;
  for (std::string_view name : kHeaderFields) {
    auto it = stripped.find(name);
    if (it == stripped.end()) continue;
    if (name == "kind" && !(it->is_string() && it->get_ref<const std::string&>() == KindName(kind))) {
      const std::string got = it->is_string() ? Quote(it->get_ref<const std::string&>()) : it->type_name();
      Add(errors, "kind", "must be \"" + std::string(KindName(kind)) + "\" (the record's kind) when given; got " + got);
    }
    stripped.erase(it);
  }
  // An issue's parent_id is its own field; for the other kinds it is the
  // header field a GET response carries, derived from the body.
  if (kind != RecordKind::kIssue) stripped.erase("parent_id");
  switch (kind) {
    case RecordKind::kDialogue:
      Fill(&DecodeDialogue, stripped, draft, errors);
      break;
    case RecordKind::kRound:
      Fill(&DecodeRound, stripped, draft, errors);
      break;
    case RecordKind::kIssue:
      Fill(&DecodeIssue, stripped, draft, errors);
      break;
    case RecordKind::kAsk:
      Fill(&DecodeAsk, stripped, draft, errors);
      break;
    case RecordKind::kReply:
      Fill(&DecodeReply, stripped, draft, errors);
      break;
    case RecordKind::kCaseList:
      Fill(&DecodeCaseList, stripped, draft, errors);
      break;
  }
  if (!errors.empty()) return Fail(Error::Invalid(std::move(errors)));
  return draft;
}

}  // namespace readout::core
