#include "publish/cases_page.h"

#include <algorithm>
#include <map>
#include <optional>
#include <tuple>
#include <utility>

#include "core/case_codec.h"
#include "core/entity_codec.h"
#include "publish/case_facts.h"

namespace readout::publish {
namespace {

// A case with what the list needs to filter and sort it.
struct Row {
  const CaseFacts* facts = nullptr;
  CaseRowView view;
  std::string province_id;
  std::string campaign_key;
};

std::string CampaignKey(const core::BilingualText& campaign) {
  if (!campaign.en.empty()) return campaign.en;
  if (!campaign.zh_hans.empty()) return campaign.zh_hans;
  return campaign.zh_hant;
}

// Reads each Person and Place once per page.
class Lookup {
 public:
  Lookup(core::RecordService& records, core::Visibility reader) : records_(records), reader_(reader) {}

  core::Result<const std::optional<core::Person>*> Person(const std::string& id) {
    auto it = people_.find(id);
    if (it != people_.end()) return &it->second;
    auto person = LoadPerson(records_, id, reader_);
    if (!person) return core::Fail(person.error());
    return &people_.emplace(id, std::move(*person)).first->second;
  }

  core::Result<TextView> PlaceName(const std::string& id, Lang lang) {
    if (id.empty()) return TextView{};
    auto stored = GetOfKind(records_, id, core::RecordKind::kPlace, reader_);
    if (!stored) {
      if (stored.error().code == core::ErrorCode::kNotFound) return TextView{};
      return core::Fail(stored.error());
    }
    auto place = core::DecodePlace(stored->body);
    if (!place) return core::Fail(BadStoredBody(id, place.error()));
    return PickText(place->name, lang);
  }

  const std::string& Province(const std::string& place_id) {
    auto it = provinces_.find(place_id);
    if (it != provinces_.end()) return it->second;
    return provinces_.emplace(place_id, ProvinceOf(records_, place_id, reader_)).first->second;
  }

 private:
  core::RecordService& records_;
  core::Visibility reader_;
  std::map<std::string, std::optional<core::Person>> people_;
  std::map<std::string, std::string> provinces_;
};

mustache::data Options(const std::vector<OptionView>& options) {
  mustache::data list(mustache::data::type::list);
  for (const OptionView& o : options) {
    mustache::data d;
    d["value"] = mustache::data(o.value);
    d["label"] = mustache::data(o.label);
    d["lang"] = o.lang.empty() ? mustache::data(false) : mustache::data(o.lang);
    d["selected"] = mustache::data(o.selected);
    list.push_back(std::move(d));
  }
  return list;
}

std::string Vocab(const Catalogs& catalogs, Lang lang, std::string_view vocabulary, std::string_view code) {
  return catalogs.Get(lang, "vocab." + std::string(vocabulary) + "." + std::string(code));
}

}  // namespace

core::Result<CasesPage> BuildCasesPage(core::RecordService& records, const std::vector<CaseFacts>& all,
                                       const CaseFilter& filter, const PageRequest& request,
                                       const Catalogs& catalogs) {
  const Lang lang = request.lang;
  const core::Visibility reader = request.reader;
  Lookup lookup(records, reader);

  CasesPage page;
  page.overdue = filter.overdue;
  std::map<std::string, OptionView> provinces, issues, campaigns;
  std::vector<Row> rows;
  for (const CaseFacts& f : all) {
    Row row;
    row.facts = &f;
    auto person = lookup.Person(f.value.person_id);
    if (!person) return core::Fail(person.error());
    row.view.href = "/cases/" + f.id;
    row.view.name = **person ? PersonName(***person, lang) : CaseTitle(f.value, std::nullopt, lang, catalogs);
    row.view.status = BuildStatus(f.status, lang, catalogs);
    if (f.days_in_detention) {
      row.view.days = catalogs.Get(lang, "cases.days_value", {{"days", std::to_string(*f.days_in_detention)}});
    }
    if (f.first_custody) row.view.detained = FormatDay(*f.first_custody, lang, catalogs);
    auto place = lookup.PlaceName(f.first_custody_place_id, lang);
    if (!place) return core::Fail(place.error());
    row.view.place = *place;
    row.view.attention = !f.flags.empty();
    row.province_id = f.first_custody_place_id.empty() ? "" : lookup.Province(f.first_custody_place_id);
    row.campaign_key = CampaignKey(f.value.campaign);

    if (!row.province_id.empty() && !provinces.contains(row.province_id)) {
      auto name = lookup.PlaceName(row.province_id, lang);
      if (!name) return core::Fail(name.error());
      provinces[row.province_id] = OptionView{row.province_id, name->text, name->lang, false};
    }
    for (const std::string& issue_id : f.value.issue_ids) {
      if (issues.contains(issue_id)) continue;
      auto stored = GetOfKind(records, issue_id, core::RecordKind::kIssue, reader);
      if (!stored) continue;  // not visible to this reader: not offered
      auto issue = core::DecodeIssue(stored->body);
      if (!issue) return core::Fail(BadStoredBody(issue_id, issue.error()));
      TextView name = PickText(issue->name, lang);
      issues[issue_id] = OptionView{issue_id, name.text, name.lang, false};
    }
    if (!row.campaign_key.empty() && !campaigns.contains(row.campaign_key)) {
      TextView name = PickText(f.value.campaign, lang);
      campaigns[row.campaign_key] = OptionView{row.campaign_key, name.text, name.lang, false};
    }

    const bool keep =
        (filter.status.empty() || filter.status == row.view.status.code) &&
        (filter.province.empty() || filter.province == row.province_id) &&
        (filter.issue.empty() ||
         std::find(f.value.issue_ids.begin(), f.value.issue_ids.end(), filter.issue) != f.value.issue_ids.end()) &&
        (filter.campaign.empty() || filter.campaign == row.campaign_key) && (!filter.overdue || !f.flags.empty());
    if (keep) rows.push_back(std::move(row));
  }

  const std::string sort = filter.sort.empty() ? "name" : filter.sort;
  auto by_name = [](const Row& a, const Row& b) { return a.view.name.text < b.view.name.text; };
  if (sort == "detained") {
    std::stable_sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) {
      const auto& da = a.facts->first_custody;
      const auto& db = b.facts->first_custody;
      return std::make_tuple(!da, da.value_or(core::CivilDay{}), a.view.name.text) <
             std::make_tuple(!db, db.value_or(core::CivilDay{}), b.view.name.text);
    });
  } else if (sort == "status") {
    std::stable_sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) {
      return std::make_tuple(static_cast<int>(a.facts->status.status), a.view.name.text) <
             std::make_tuple(static_cast<int>(b.facts->status.status), b.view.name.text);
    });
  } else if (sort == "days") {
    std::stable_sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) {
      const auto& da = a.facts->days_in_detention;
      const auto& db = b.facts->days_in_detention;
      return std::make_tuple(!da, -da.value_or(0), a.view.name.text) <
             std::make_tuple(!db, -db.value_or(0), b.view.name.text);
    });
  } else {
    std::stable_sort(rows.begin(), rows.end(), by_name);
  }
  for (Row& r : rows) page.rows.push_back(std::move(r.view));
  page.count = catalogs.Get(lang, "cases.count", {{"count", std::to_string(page.rows.size())}});

  for (std::string_view code : core::CaseStatusCodes()) {
    page.statuses.push_back(OptionView{std::string(code), Vocab(catalogs, lang, "case_status", code), "",
                                       filter.status == code});
  }
  auto fill = [](std::map<std::string, OptionView>& from, const std::string& selected, std::vector<OptionView>& to) {
    for (auto& [key, option] : from) {
      option.selected = key == selected;
      to.push_back(std::move(option));
    }
    std::stable_sort(to.begin(), to.end(), [](const OptionView& a, const OptionView& b) { return a.label < b.label; });
  };
  fill(provinces, filter.province, page.provinces);
  fill(issues, filter.issue, page.issues);
  fill(campaigns, filter.campaign, page.campaigns);
  for (const char* s : {"name", "detained", "status", "days"}) {
    page.sorts.push_back(OptionView{s, catalogs.Get(lang, std::string("cases.sort_") + s), "", sort == s});
  }
  return page;
}

std::string RenderCasesBody(const CasesPage& page, const PageRequest& request, const Catalogs& catalogs) {
  const Lang lang = request.lang;
  auto text = [&](const TextView& t) { return t.empty() ? mustache::data(false) : ToData(t, catalogs, lang); };
  mustache::data d;
  d["lang_code"] = mustache::data(std::string(LangCode(lang)));
  d["statuses"] = Options(page.statuses);
  d["provinces"] = Options(page.provinces);
  d["issues"] = Options(page.issues);
  d["campaigns"] = Options(page.campaigns);
  d["sorts"] = Options(page.sorts);
  d["has_provinces"] = mustache::data(!page.provinces.empty());
  d["has_issues"] = mustache::data(!page.issues.empty());
  d["has_campaigns"] = mustache::data(!page.campaigns.empty());
  d["overdue"] = mustache::data(page.overdue);
  d["count"] = mustache::data(page.count);
  mustache::data rows(mustache::data::type::list);
  for (const CaseRowView& r : page.rows) {
    mustache::data rd;
    rd["href"] = mustache::data(r.href);
    rd["name"] = text(r.name);
    rd["status_code"] = mustache::data(r.status.code);
    rd["status_text"] = mustache::data(r.status.text);
    rd["days"] = r.days.empty() ? mustache::data(false) : mustache::data(r.days);
    rd["detained"] = r.detained.empty() ? mustache::data(false) : mustache::data(r.detained);
    rd["place"] = text(r.place);
    rd["attention"] = mustache::data(r.attention);
    rows.push_back(std::move(rd));
  }
  d["rows"] = std::move(rows);
  d["no_rows"] = mustache::data(page.rows.empty());
  return RenderTemplate("cases", std::move(d), lang, catalogs);
}

core::Result<std::vector<OverdueItem>> ListOverdue(core::RecordService& records, core::Visibility reader,
                                                   core::CivilDay today, int window_days) {
  auto all = LoadAllCaseFacts(records, reader, today);
  if (!all) return core::Fail(all.error());
  return ListOverdue(*all, today, window_days);
}

std::vector<OverdueItem> ListOverdue(const std::vector<CaseFacts>& all, core::CivilDay today, int window_days) {
  std::vector<OverdueItem> overdue, upcoming;
  const long now = core::DaysFromCivil(today);
  for (const CaseFacts& f : all) {
    for (const core::CaseFlag& flag : f.flags) {
      overdue.push_back(OverdueItem{f.id, f.value.person_id, true, std::string(FlagCode(flag.kind)),
                                    std::string(flag.rule), flag.since, flag.days});
    }
    for (const core::Deadline& dl : f.deadlines) {
      if (dl.met_on || dl.overdue) continue;  // an overdue deadline is already a flag
      const long left = core::DaysFromCivil(dl.due) - now;
      if (left < 0 || left > window_days) continue;
      upcoming.push_back(OverdueItem{f.id, f.value.person_id, false, "deadline", std::string(dl.rule), dl.due, left});
    }
  }
  std::stable_sort(overdue.begin(), overdue.end(), [](const OverdueItem& a, const OverdueItem& b) {
    return std::tie(b.days, a.case_id) < std::tie(a.days, b.case_id);
  });
  std::stable_sort(upcoming.begin(), upcoming.end(), [](const OverdueItem& a, const OverdueItem& b) {
    return std::tie(a.days, a.case_id) < std::tie(b.days, b.case_id);
  });
  overdue.insert(overdue.end(), upcoming.begin(), upcoming.end());
  return overdue;
}

core::Result<OverduePage> BuildOverduePage(core::RecordService& records, const std::vector<CaseFacts>& all,
                                           const PageRequest& request, const Catalogs& catalogs) {
  const Lang lang = request.lang;
  const core::CivilDay today = request.today.value_or(SystemToday());
  const std::vector<OverdueItem> items = ListOverdue(all, today);
  Lookup lookup(records, request.reader);
  OverduePage page;
  page.intro = catalogs.Get(lang, "overdue.intro",
                            {{"days", std::to_string(kUpcomingDays)}, {"date", FormatDay(today, lang, catalogs)}});
  for (const OverdueItem& item : items) {
    OverdueItemView v;
    v.case_href = "/cases/" + item.case_id;
    auto person = lookup.Person(item.person_id);
    if (!person) return core::Fail(person.error());
    v.case_name = **person ? PersonName(***person, lang) : TextView{item.case_id, "", false};
    v.overdue = item.overdue;
    v.date = FormatDay(item.date, lang, catalogs);
    if (item.overdue) {
      core::CaseFlag flag;
      flag.kind = item.kind == "expected_release_passed" ? core::CaseFlagKind::kExpectedReleasePassed
                  : item.kind == "whereabouts_unknown"   ? core::CaseFlagKind::kWhereaboutsUnknown
                                                         : core::CaseFlagKind::kDeadlinePassed;
      flag.rule = item.rule;
      flag.since = item.date;
      flag.days = item.days;
      v.what = FlagText(flag, lang, catalogs);
      v.state = catalogs.Get(lang, "overdue.days_overdue", {{"days", std::to_string(item.days)}});
    } else {
      v.what = DeadlineName(item.rule, lang, catalogs);
      v.state = catalogs.Get(lang, "overdue.days_left", {{"days", std::to_string(item.days)}});
    }
    page.items.push_back(std::move(v));
  }
  return page;
}

std::string RenderOverdueBody(const OverduePage& page, const PageRequest& request, const Catalogs& catalogs) {
  const Lang lang = request.lang;
  mustache::data d;
  d["intro"] = mustache::data(page.intro);
  mustache::data items(mustache::data::type::list);
  for (const OverdueItemView& i : page.items) {
    mustache::data id;
    id["case_href"] = mustache::data(i.case_href);
    id["case_name"] = ToData(i.case_name, catalogs, lang);
    id["what"] = mustache::data(i.what);
    id["date"] = mustache::data(i.date);
    id["state"] = mustache::data(i.state);
    id["overdue"] = mustache::data(i.overdue);
    items.push_back(std::move(id));
  }
  d["items"] = std::move(items);
  d["no_items"] = mustache::data(page.items.empty());
  return RenderTemplate("overdue", std::move(d), lang, catalogs);
}

}  // namespace readout::publish
