#include "search/documents.h"

#include <algorithm>
#include <array>
#include <set>
#include <string>
#include <utility>

#include "core/redaction.h"

namespace readout::search {
namespace {

using nlohmann::json;

// Keys whose strings are codes, ids, hashes or machine values rather than
// text a reader would search for.
bool SkipKey(std::string_view key) {
  static const std::set<std::string_view> kSkip = {
      "id", "visibility", "url", "sha256", "hash", "previous_hash", "media_type", "language",
      "original_language", "kind", "type", "status", "rating", "level", "script", "scheme", "sex",
      "action", "stage", "qualifier", "reliability", "requests", "facility_type", "reply_kind",
      "created_at", "updated_at", "at", "areas", "given", "family_notified", "lawyer_access",
      "whereabouts_known", "protect_identity", "filename"};
  if (kSkip.count(key) != 0) return true;
  auto ends_with = [&](std::string_view suffix) {
    return key.size() >= suffix.size() && key.substr(key.size() - suffix.size()) == suffix;
  };
  return ends_with("_id") || ends_with("_ids");
}

bool IsNameKey(std::string_view key) {
  return key == "names" || key == "other_names" || key == "name" || key == "entries";
}

void CollectText(const json& node, std::string_view key, bool in_name, std::vector<TextField>& out) {
  if (node.is_string()) {
    const auto& s = node.get_ref<const std::string&>();
    if (!s.empty()) out.push_back({s, in_name});
  } else if (node.is_object()) {
    for (auto it = node.begin(); it != node.end(); ++it) {
      if (SkipKey(it.key())) continue;
      CollectText(it.value(), it.key(), in_name || IsNameKey(it.key()), out);
    }
  } else if (node.is_array()) {
    for (const auto& item : node) CollectText(item, key, in_name, out);
  }
}

std::string FirstText(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_object()) {
    for (const char* lang : {"en", "zh_hans", "zh_hant", "text"}) {
      auto it = v.find(lang);
      if (it != v.end() && it->is_string() && !it->get_ref<const std::string&>().empty()) {
        return it->get<std::string>();
      }
    }
  }
  return "";
}

std::string TitleOf(const json& body) {
  if (!body.is_object()) return "";
  if (auto names = body.find("names"); names != body.end() && names->is_array() && !names->empty()) {
    for (const auto& n : *names) {
      if (n.is_object() && n.value("primary", false)) return FirstText(n);
    }
    return FirstText(names->front());
  }
  for (const char* key : {"name", "title", "statement", "text", "description", "translation", "original_text",
                          "rationale", "note", "summary", "filename"}) {
    auto it = body.find(key);
    if (it == body.end()) continue;
    std::string t = FirstText(*it);
    if (t.empty()) continue;
    if (t.size() > 200) {
      std::size_t cut = 200;
      while (cut > 0 && (static_cast<unsigned char>(t[cut]) & 0xC0) == 0x80) --cut;  // whole code points
      t = t.substr(0, cut) + "…";
    }
    return t;
  }
  return "";
}

void AddUnique(std::vector<std::string>& values, std::string v) {
  if (v.empty()) return;
  if (std::find(values.begin(), values.end(), v) == values.end()) values.push_back(std::move(v));
}

std::string StringField(const json& body, const char* key) {
  if (!body.is_object()) return "";
  auto it = body.find(key);
  return it != body.end() && it->is_string() ? it->get<std::string>() : "";
}

std::vector<std::string> StringList(const json& body, const char* key) {
  std::vector<std::string> out;
  if (!body.is_object()) return out;
  auto it = body.find(key);
  if (it == body.end() || !it->is_array()) return out;
  for (const auto& v : *it) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

// The year of an EDTF date ("2013-07-30/2013-07-31" -> "2013"); "" unless
// it starts with four digits.
std::string YearOf(const std::string& date) {
  if (date.size() < 4) return "";
  for (int i = 0; i < 4; ++i) {
    if (date[i] < '0' || date[i] > '9') return "";
  }
  return date.substr(0, 4);
}

class FacetBuilder {
 public:
  FacetBuilder(const core::StoredRecord& record, const SearchIndex::Lookup& lookup, core::Visibility reader)
      : record_(record), lookup_(lookup), reader_(reader) {}

  FacetValues Build(const json& body) {
    using core::RecordKind;
    const RecordKind kind = record_.header.kind;
    values_[Facet::kType].push_back(std::string(core::KindName(kind)));
    // Ids of the record itself: a round is in its own round facet.
    if (kind == RecordKind::kIssue) AddUnique(values_[Facet::kIssue], record_.header.id);
    if (kind == RecordKind::kRound) AddUnique(values_[Facet::kRound], record_.header.id);
    if (kind == RecordKind::kAgency) AddUnique(values_[Facet::kAgency], record_.header.id);
    if (kind == RecordKind::kPlace) AddProvince(record_.header.id, body, 0);

    AddId(Facet::kIssue, StringField(body, "issue_id"));
    for (auto& id : StringList(body, "issue_ids")) AddId(Facet::kIssue, id);
    if (auto subject = body.find("subject"); subject != body.end() && subject->is_object() &&
                                             subject->value("kind", "") == "issue") {
      AddId(Facet::kIssue, subject->value("id", ""));
    }
    AddId(Facet::kRound, StringField(body, "round_id"));
    AddId(Facet::kRound, StringField(body, "introduced_round_id"));
    AddId(Facet::kAgency, StringField(body, "agency_id"));
    if (kind == RecordKind::kReply) {
      // A reply's round is its ask's.
      if (auto ask = Visible(StringField(body, "ask_id"))) AddId(Facet::kRound, StringField(ask->body, "round_id"));
    }
    if (kind == RecordKind::kCase) {
      std::string status = StringField(body, "status");
      if (!status.empty()) AddUnique(values_[Facet::kCaseStatus], status);
    }
    if (std::string place = StringField(body, "place_id"); !place.empty()) {
      if (auto p = Visible(place)) AddProvince(p->header.id, p->body, 0);
    }
    for (const char* key : {"date", "dates", "first_held"}) {
      AddUnique(values_[Facet::kYear], YearOf(StringField(body, key)));
    }
    for (auto it = values_.begin(); it != values_.end();) {
      it = it->second.empty() ? values_.erase(it) : std::next(it);
    }
    return std::move(values_);
  }

 private:
  // The record `id` if this view's reader may see it. Without a lookup (the
  // benchmark indexes loose records) ids are taken as they are.
  std::optional<core::StoredRecord> Visible(const std::string& id) {
    if (id.empty() || !lookup_) return std::nullopt;
    auto r = lookup_(id);
    if (!r || r->header.deleted || !core::IsVisibleTo(r->header.visibility, reader_)) return std::nullopt;
    return r;
  }

  void AddId(Facet facet, const std::string& id) {
    if (id.empty()) return;
    if (lookup_ && !Visible(id)) return;  // a hidden record's id must not show as a facet value
    AddUnique(values_[facet], id);
  }

  // Walks up from a place to its province.
  void AddProvince(const std::string& id, const json& body, int depth) {
    if (depth > 8) return;
    if (StringField(body, "level") == "province") {
      AddUnique(values_[Facet::kProvince], id);
      return;
    }
    if (auto parent = Visible(StringField(body, "parent_id"))) AddProvince(parent->header.id, parent->body, depth + 1);
  }

  const core::StoredRecord& record_;
  const SearchIndex::Lookup& lookup_;
  core::Visibility reader_;
  FacetValues values_;
};

}  // namespace

std::vector<View> BuildViews(const core::StoredRecord& record, const SearchIndex::Lookup& lookup,
                             const FacetHook& hook) {
  std::vector<View> views;
  if (record.header.deleted) return views;
  FacetValues extra;
  if (hook) extra = hook(record);
  static constexpr std::array<core::Visibility, 3> kLevels = {core::Visibility::kPublic, core::Visibility::kInternal,
                                                             core::Visibility::kRestricted};
  // Redact only removes fields: when the public redaction removed none, no
  // level sees more than another and one pass serves every level.
  const bool uniform = record.body.is_object() &&
                       core::Redact(record.header.kind, record.body, core::Visibility::kPublic).size() ==
                           record.body.size();
  for (core::Visibility level : kLevels) {
    if (!core::IsVisibleTo(record.header.visibility, level)) continue;
    const json body = uniform ? json() : core::Redact(record.header.kind, record.body, level);
    const json& visible = uniform ? record.body : body;
    // Facets per level even when the text is the same: a referenced record
    // (a round, a place) may be visible to staff and not to the public.
    FacetValues facets = FacetBuilder(record, lookup, level).Build(visible);
    for (const auto& [facet, values] : extra) {
      for (const auto& v : values) AddUnique(facets[facet], v);
    }
    if (uniform && !views.empty() && views.back().facets == facets) {
      views.back().levels.push_back(level);
      continue;
    }
    View view;
    view.levels.push_back(level);
    CollectText(visible, "", false, view.fields);
    view.title = TitleOf(visible);
    view.facets = std::move(facets);
    if (!views.empty() && views.back().fields == view.fields && views.back().title == view.title &&
        views.back().facets == view.facets) {
      views.back().levels.push_back(level);  // same text as the level below: one document serves both
    } else {
      views.push_back(std::move(view));
    }
  }
  return views;
}

}  // namespace readout::search
