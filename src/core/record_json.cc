#include "core/record_json.h"

#include <climits>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/partial_date.h"
#include "core/quote.h"

namespace readout::core {
namespace {

using nlohmann::json;
using Errors = std::vector<FieldError>;

std::string Join(std::string_view base, std::string_view name) {
  if (base.empty()) return std::string(name);
  return std::string(base) + "." + std::string(name);
}

bool IsDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return !s.empty();
}

int ToInt(std::string_view s) {
  int n = 0;
  for (char c : s) n = n * 10 + (c - '0');
  return n;
}

// RFC 3339 in UTC as the store writes it: "2026-11-29T08:00:00.000Z"
// (fractional seconds optional, any number of digits).
bool IsUtcTimestamp(std::string_view s) {
  if (s.size() < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':') return false;
  if (!IsDigits(s.substr(0, 4)) || !IsDigits(s.substr(5, 2)) || !IsDigits(s.substr(8, 2)) ||
      !IsDigits(s.substr(11, 2)) || !IsDigits(s.substr(14, 2)) || !IsDigits(s.substr(17, 2))) {
    return false;
  }
  if (!IsValidCivilDay(ToInt(s.substr(0, 4)), ToInt(s.substr(5, 2)), ToInt(s.substr(8, 2)))) return false;
  if (ToInt(s.substr(11, 2)) > 23 || ToInt(s.substr(14, 2)) > 59 || ToInt(s.substr(17, 2)) > 60) return false;
  std::string_view rest = s.substr(19);
  if (!rest.empty() && rest[0] == '.') {
    std::size_t n = 1;
    while (n < rest.size() && rest[n] >= '0' && rest[n] <= '9') ++n;
    if (n == 1) return false;
    rest.remove_prefix(n);
  }
  return rest == "Z";
}

// Reads the header fields of a record or revision, each named in its error.
class Reader {
 public:
  Reader(const json& j, std::string_view prefix, Errors& errors) : j_(j), prefix_(prefix), errors_(errors) {}

  std::string Path(std::string_view name) const { return Join(prefix_, name); }
  void Problem(std::string_view name, std::string problem) { errors_.push_back({Path(name), std::move(problem)}); }

  // nullptr (and a problem, when required) if absent.
  const json* Get(std::string_view name, bool required = true) {
    auto it = j_.find(name);
    if (it == j_.end()) {
      if (required) Problem(name, "is required");
      return nullptr;
    }
    return &*it;
  }

  std::string String(std::string_view name, bool required = true) {
    const json* v = Get(name, required);
    if (v == nullptr) return {};
    if (!v->is_string()) {
      Problem(name, std::string("must be a string; got ") + v->type_name());
      return {};
    }
    return v->get<std::string>();
  }

  std::string Timestamp(std::string_view name) {
    std::string s = String(name);
    if (!s.empty() && !IsUtcTimestamp(s)) {
      Problem(name, "must be an RFC 3339 UTC time such as 2026-11-29T08:00:00.000Z; got " + Quote(s));
    }
    return s;
  }

  std::int64_t Revision(std::string_view name) {
    const json* v = Get(name);
    if (v == nullptr) return 0;
    if (!v->is_number_integer()) {
      Problem(name, std::string("must be a whole number; got ") + v->type_name());
      return 0;
    }
    if (v->is_number_unsigned() && v->get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) {
      Problem(name, "is too large");
      return 0;
    }
    const auto n = v->get<std::int64_t>();
    if (n < 1) Problem(name, "must be 1 or more; got " + std::to_string(n));
    return n;
  }

  bool Bool(std::string_view name) {
    const json* v = Get(name);
    if (v == nullptr) return false;
    if (!v->is_boolean()) {
      Problem(name, std::string("must be true or false; got ") + v->type_name());
      return false;
    }
    return v->get<bool>();
  }

  Visibility VisibilityCode(std::string_view name) {
    const std::string s = String(name);
    if (s.empty()) return Visibility::kPublic;
    std::optional<Visibility> v = ParseVisibility(s);
    if (!v) {
      Problem(name, "must be one of public, internal or restricted; got " + Quote(s));
      return Visibility::kPublic;
    }
    return *v;
  }

  RecordKind Kind(std::string_view name) {
    const std::string s = String(name);
    if (s.empty()) return RecordKind::kDialogue;
    std::optional<RecordKind> k = ParseKindName(s);
    if (!k) {
      std::string kinds;
      for (RecordKind each : AllRecordKinds()) kinds += (kinds.empty() ? "" : ", ") + std::string(KindName(each));
      Problem(name, "must be one of " + kinds + "; got " + Quote(s));
      return RecordKind::kDialogue;
    }
    return *k;
  }

  // An id of `kind`, checked against the kind's prefix.
  std::string Id(std::string_view name, RecordKind kind) {
    std::string s = String(name);
    if (s.empty()) return s;
    if (Status st = ValidateId(s, kind, Path(name)); !st) {
      for (FieldError& e : st.error().fields) errors_.push_back(std::move(e));
    }
    return s;
  }

 private:
  const json& j_;
  std::string_view prefix_;
  Errors& errors_;
};

constexpr std::string_view kRecordHeaderFields[] = {"id",         "kind",    "revision", "created_at",
                                                    "updated_at", "deleted", "parent_id"};
constexpr std::string_view kRevisionFields[] = {"record_id", "kind",  "revision",          "operation",
                                                "actor",     "at",    "visibility_before", "visibility_after",
                                                "before",    "after", "deleted_after"};

}  // namespace

json ToJson(const StoredRecord& record) {
  json j = record.body.is_object() ? record.body : json::object();
  const RecordHeader& h = record.header;
  j["id"] = h.id;
  j["kind"] = std::string(KindName(h.kind));
  j["revision"] = h.revision;
  j["created_at"] = h.created_at;
  j["updated_at"] = h.updated_at;
  j["deleted"] = h.deleted;
  j["visibility"] = std::string(ToCode(h.visibility));
  if (!h.parent_id.empty()) j["parent_id"] = h.parent_id;
  return j;
}

json ToJson(const Revision& r) {
  json j = json::object();
  j["record_id"] = r.record_id;
  j["kind"] = std::string(KindName(r.kind));
  j["revision"] = r.revision;
  j["operation"] = std::string(ToCode(r.operation));
  j["actor"] = r.actor;
  j["at"] = r.at;
  j["visibility_before"] = std::string(ToCode(r.visibility_before));
  j["visibility_after"] = std::string(ToCode(r.visibility_after));
  j["before"] = r.before;
  j["after"] = r.after;
  j["deleted_after"] = r.deleted_after;
  return j;
}

Result<StoredRecord> StoredRecordFromJson(const json& j, std::string_view field) {
  if (!j.is_object()) {
    return Fail(Error::Invalid(field.empty() ? "record" : std::string(field),
                               std::string("must be an object; got ") + j.type_name()));
  }
  Errors errors;
  Reader r(j, field, errors);
  StoredRecord record;
  RecordHeader& h = record.header;
  h.kind = r.Kind("kind");
  const bool kind_ok = errors.empty();
  h.id = kind_ok ? r.Id("id", h.kind) : r.String("id");
  h.revision = r.Revision("revision");
  h.created_at = r.Timestamp("created_at");
  h.updated_at = r.Timestamp("updated_at");
  h.deleted = r.Bool("deleted");
  h.visibility = r.VisibilityCode("visibility");
  h.parent_id = r.String("parent_id", false);
  if (!h.parent_id.empty() && !KindOfId(h.parent_id)) {
    r.Problem("parent_id", "must be a record id such as dlg_us-china; got " + Quote(h.parent_id));
  }
  if (!h.created_at.empty() && !h.updated_at.empty() && h.updated_at < h.created_at) {
    r.Problem("updated_at", "must not be before created_at");
  }
  record.body = j;
  for (std::string_view name : kRecordHeaderFields) {
    // An issue's and a place's parent_id is also a field of its body.
    if (name == "parent_id" && (h.kind == RecordKind::kIssue || h.kind == RecordKind::kPlace)) continue;
    record.body.erase(name);
  }
  if (!errors.empty()) return Fail(Error::Invalid(std::move(errors)));
  return record;
}

Result<Revision> RevisionFromJson(const json& j, std::string_view field) {
  if (!j.is_object()) {
    return Fail(Error::Invalid(field.empty() ? "revision" : std::string(field),
                               std::string("must be an object; got ") + j.type_name()));
  }
  Errors errors;
  Reader r(j, field, errors);
  Revision rev;
  rev.kind = r.Kind("kind");
  const bool kind_ok = errors.empty();
  rev.record_id = kind_ok ? r.Id("record_id", rev.kind) : r.String("record_id");
  rev.revision = r.Revision("revision");
  const std::string op = r.String("operation");
  if (!op.empty()) {
    std::optional<RevisionOperation> parsed = ParseRevisionOperation(op);
    if (parsed) {
      rev.operation = *parsed;
    } else {
      r.Problem("operation", "must be one of create, update, delete or restore; got " + Quote(op));
    }
  }
  rev.actor = r.String("actor");
  rev.at = r.Timestamp("at");
  rev.visibility_before = r.VisibilityCode("visibility_before");
  rev.visibility_after = r.VisibilityCode("visibility_after");
  if (const json* before = r.Get("before"); before != nullptr) {
    if (!before->is_null() && !before->is_object()) {
      r.Problem("before", std::string("must be an object or null; got ") + before->type_name());
    } else if (rev.operation == RevisionOperation::kCreate && !before->is_null()) {
      r.Problem("before", "must be null for a create");
    }
    rev.before = *before;
  }
  if (const json* after = r.Get("after"); after != nullptr) {
    if (!after->is_object()) r.Problem("after", std::string("must be an object; got ") + after->type_name());
    rev.after = *after;
  }
  rev.deleted_after = r.Bool("deleted_after");
  for (auto it = j.begin(); it != j.end(); ++it) {
    bool known = false;
    for (std::string_view name : kRevisionFields) known = known || it.key() == name;
    if (!known) r.Problem(it.key(), "unknown field");
  }
  if (!errors.empty()) return Fail(Error::Invalid(std::move(errors)));
  return rev;
}

}  // namespace readout::core
