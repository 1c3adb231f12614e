#include "core/codec_support.h"

#include <climits>

namespace readout::core::codec {

using nlohmann::json;

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

Fields::Fields(const json& v, std::string path, Errors& errors) : v_(v), path_(std::move(path)), errors_(errors) {
  ok_ = v.is_object();
  if (!ok_) Add(errors_, path_, WrongType("an object", v));
}

const json* Fields::Take(std::string_view name) {
  taken_.emplace(name);
  if (!ok_) return nullptr;
  auto it = v_.find(name);
  if (it == v_.end() || it->is_null()) return nullptr;
  return &*it;
}

void Fields::Finish() {
  if (!ok_) return;
  for (auto it = v_.begin(); it != v_.end(); ++it) {
    if (!taken_.contains(it.key())) Add(errors_, Join(path_, it.key()), "unknown field");
  }
}

void ReadString(const json* v, const std::string& path, Errors& errors, std::string& out, bool required) {
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

void ReadBilingual(const json* v, const std::string& path, Errors& errors, BilingualText& out, bool required) {
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

void ReadDate(const json* v, const std::string& path, Errors& errors, std::optional<PartialDate>& out, bool required) {
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

void ReadRequiredDate(const json* v, const std::string& path, Errors& errors, PartialDate& out) {
  std::optional<PartialDate> date;
  ReadDate(v, path, errors, date, true);
  if (date) out = std::move(*date);
}

void ReadIdList(const json* v, const std::string& path, Errors& errors, std::vector<std::string>& out,
                RecordKind kind) {
  std::set<std::string, std::less<>> seen;
  ReadArray(v, path, errors, [&](const json& item, const std::string& item_path) {
    std::string id;
    const std::size_t before = errors.size();
    ReadId(&item, item_path, errors, id, kind, true);
    if (errors.size() != before) return;
    if (!seen.insert(id).second) {
      Add(errors, item_path, "lists " + id + " twice");
      return;
    }
    out.push_back(std::move(id));
  });
}

void ReadNonNegativeInt64(const json* v, const std::string& path, Errors& errors, std::int64_t& out) {
  // 2^53: larger integers do not survive a trip through JavaScript or most JSON readers.
  constexpr std::int64_t kMax = std::int64_t{1} << 53;
  if (v == nullptr) return;
  if (!v->is_number_integer()) {
    Add(errors, path, WrongType("a whole number", *v));
    return;
  }
  if (v->is_number_unsigned()) {
    const auto n = v->get<std::uint64_t>();
    if (n > static_cast<std::uint64_t>(kMax)) {
      Add(errors, path, "must be at most " + std::to_string(kMax) + "; got " + std::to_string(n));
      return;
    }
    out = static_cast<std::int64_t>(n);
    return;
  }
  const auto n = v->get<std::int64_t>();
  if (n < 0) {
    Add(errors, path, "must be 0 or more; got " + std::to_string(n));
    return;
  }
  if (n > kMax) {
    Add(errors, path, "must be at most " + std::to_string(kMax) + "; got " + std::to_string(n));
    return;
  }
  out = n;
}

bool IsRfc3339Instant(std::string_view s) {
  auto digits = [&](std::size_t at, std::size_t n) {
    if (at + n > s.size()) return false;
    for (std::size_t i = at; i < at + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
    }
    return true;
  };
  auto number = [&](std::size_t at, std::size_t n) {
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) v = v * 10 + (s[i] - '0');
    return v;
  };
  // YYYY-MM-DDTHH:MM:SS
  if (!digits(0, 4) || s.size() < 20 || s[4] != '-' || !digits(5, 2) || s[7] != '-' || !digits(8, 2) ||
      (s[10] != 'T' && s[10] != 't') || !digits(11, 2) || s[13] != ':' || !digits(14, 2) || s[16] != ':' ||
      !digits(17, 2)) {
    return false;
  }
  const int month = number(5, 2);
  const int day = number(8, 2);
  if (month < 1 || month > 12 || day < 1 || day > 31 || number(11, 2) > 23 || number(14, 2) > 59 ||
      number(17, 2) > 60) {
    return false;
  }
  std::size_t i = 19;
  if (i < s.size() && s[i] == '.') {
    ++i;
    const std::size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == start || i - start > 9) return false;
  }
  if (i == s.size()) return false;
  if ((s[i] == 'Z' || s[i] == 'z') && i + 1 == s.size()) return true;
  if ((s[i] == '+' || s[i] == '-') && i + 6 == s.size() && digits(i + 1, 2) && s[i + 3] == ':' && digits(i + 4, 2)) {
    return number(i + 1, 2) <= 23 && number(i + 4, 2) <= 59;
  }
  return false;
}

void PutStrings(json& j, const char* name, const std::vector<std::string>& list) {
  if (!list.empty()) j[name] = list;
}

// --- Shared by entity_codec.cc and accountability_codec.cc ---------------

void ReadUrl(const json* v, const std::string& path, Errors& errors, std::string& out) {
  std::string url;
  const std::size_t before = errors.size();
  ReadString(v, path, errors, url);
  if (errors.size() != before) return;
  if (!url.empty() && !IsHttpUrl(url)) {
    Add(errors, path, "must start with http:// or https://; got " + Quote(url));
    return;
  }
  out = std::move(url);
}

void ReadLanguageTag(const json* v, const std::string& path, Errors& errors, std::string& out) {
  std::string tag;
  const std::size_t before = errors.size();
  ReadString(v, path, errors, tag);
  if (errors.size() != before) return;
  if (!tag.empty() && !IsLanguageTag(tag)) {
    Add(errors, path, "must be a BCP 47 language tag such as zh-Hans or en; got " + Quote(tag));
    return;
  }
  out = std::move(tag);
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

json EncodeParticipant(const Participant& p) {
  json o = json::object();
  o["name"] = EncodeText(p.name);
  PutText(o, "title", p.title);
  PutText(o, "agency", p.agency);
  o["side"] = std::string(ToCode(p.side));
  o["lead"] = p.lead;
  return o;
}

void ReadPublicAccount(const json* v, const std::string& path, Errors& errors, PublicAccount& out) {
  if (v == nullptr) return;
  Fields f(*v, path, errors);
  if (!f.ok()) return;
  const std::size_t before = errors.size();
  ReadCode(f.Take("level"), f.Path("level"), errors, out.level, &ParsePublicAccountLevel, PublicAccountLevelCodes(),
           true);
  const bool level_ok = errors.size() == before;
  ReadUrl(f.Take("url"), f.Path("url"), errors, out.url);
  const json* date = f.Take("date");
  ReadDate(date, f.Path("date"), errors, out.date);
  ReadBilingual(f.Take("note"), f.Path("note"), errors, out.note);
  f.Finish();
  if (!level_ok) return;
  if (out.level == PublicAccountLevel::kNone) {
    // "None" is a finding (nothing was published): a URL or date would contradict it.
    if (!out.url.empty()) Add(errors, f.Path("url"), "must be left out when level is none");
    if (out.date) Add(errors, f.Path("date"), "must be left out when level is none");
  } else if (date == nullptr) {
    Add(errors, f.Path("date"), "is required when level is " + std::string(ToCode(out.level)) +
                                    ": when the account was published, as an EDTF date such as 2013-08-02");
  }
}

json EncodePublicAccount(const PublicAccount& a) {
  json o = json{{"level", std::string(ToCode(a.level))}};
  PutString(o, "url", a.url);
  PutDate(o, "date", a.date);
  PutText(o, "note", a.note);
  return o;
}

void ReadParticipantCount(const json* v, const std::string& path, Errors& errors, ParticipantCount& out,
                          bool low_required) {
  if (v == nullptr) return;
  Fields f(*v, path, errors);
  if (!f.ok()) return;
  const std::size_t before = errors.size();
  if (const json* low = f.Take("low")) {
    std::int64_t n = 0;
    const std::size_t b = errors.size();
    ReadNonNegativeInt64(low, f.Path("low"), errors, n);
    if (errors.size() == b) out.low = n;
  } else if (low_required) {
    Add(errors, f.Path("low"), "is required: the value, or its lower bound");
  }
  if (const json* high = f.Take("high")) {
    std::int64_t n = 0;
    const std::size_t b = errors.size();
    ReadNonNegativeInt64(high, f.Path("high"), errors, n);
    if (errors.size() == b) out.high = n;
  }
  ReadCode(f.Take("qualifier"), f.Path("qualifier"), errors, out.qualifier, &ParseCountQualifier, CountQualifierCodes(),
           false);
  f.Finish();
  if (errors.size() != before) return;
  if (out.low && out.high && *out.low > *out.high) {
    Add(errors, f.Path("high"),
        "must not be below low (" + std::to_string(*out.low) + "); got " + std::to_string(*out.high));
    return;
  }
  switch (out.qualifier) {
    case CountQualifier::kExact:
      if (!out.low) {
        Add(errors, f.Path("low"), "is required when the qualifier is exact");
      } else if (out.high && *out.high != *out.low) {
        Add(errors, f.Path("high"), "must equal low (or be left out) when the qualifier is exact");
      }
      break;
    case CountQualifier::kAtLeast:
      if (!out.low) Add(errors, f.Path("low"), "is required when the qualifier is at_least");
      break;
    case CountQualifier::kApproximately:
      if (!out.low && !out.high) Add(errors, f.Path("low"), "is required when the qualifier is approximately");
      break;
    case CountQualifier::kRange:
      if (!out.low || !out.high) Add(errors, path, "a range needs both low and high");
      break;
    case CountQualifier::kUnknown:
      break;
  }
}

json EncodeParticipantCount(const ParticipantCount& c) {
  json o = json{{"qualifier", std::string(ToCode(c.qualifier))}};
  if (c.low) o["low"] = *c.low;
  if (c.high) o["high"] = *c.high;
  return o;
}

}  // namespace readout::core::codec
