// The public case list (/cases), with filters (status, province, issue
// category, campaign, needing attention) and sorting, and the "Overdue and
// upcoming" page (/cases/overdue): every flag across cases and the legal
// deadlines due within kUpcomingDays, most urgent first.
//
// The filter form is a plain GET form, so it works without JavaScript.
// Called by Site. Thread-safety: plain values and pure functions.
#pragma once

#include <string>
#include <vector>

#include "core/record_service.h"
#include "core/status.h"
#include "publish/case_page.h"
#include "publish/i18n.h"
#include "publish/page_common.h"
#include "publish/site.h"

namespace readout::publish {

inline constexpr int kUpcomingDays = 30;

struct OptionView {
  std::string value;
  std::string label;
  std::string lang;   // of `label` when it is content
  bool selected = false;
};

struct CaseRowView {
  std::string href;
  TextView name;
  StatusView status;
  std::string days;       // "1460 days", empty when unknown
  std::string detained;   // first day of custody, formatted
  TextView place;
  bool attention = false; // has a flag
};

struct CasesPage {
  std::vector<OptionView> statuses;
  std::vector<OptionView> provinces;
  std::vector<OptionView> issues;
  std::vector<OptionView> campaigns;
  std::vector<OptionView> sorts;
  bool overdue = false;
  std::vector<CaseRowView> rows;
  std::string count;  // "12 cases"
};

// `all`: every case's facts as the reader may see them (LoadAllCaseFacts;
// Site shares one load between the case list and the overdue list).
core::Result<CasesPage> BuildCasesPage(core::RecordService& records, const std::vector<CaseFacts>& all,
                                       const CaseFilter& filter, const PageRequest& request,
                                       const Catalogs& catalogs);
std::string RenderCasesBody(const CasesPage& page, const PageRequest& request, const Catalogs& catalogs);

struct OverdueItemView {
  std::string case_href;
  TextView case_name;   // the person's name, or the case's title
  std::string what;     // the flag's sentence or the deadline's name
  std::string date;     // when it was or is due
  std::string state;    // "12 days overdue", "due in 3 days"
  bool overdue = false;
};

struct OverduePage {
  std::string intro;
  std::vector<OverdueItemView> items;  // overdue (most days first), then upcoming (soonest first)
};

core::Result<OverduePage> BuildOverduePage(core::RecordService& records, const std::vector<CaseFacts>& all,
                                           const PageRequest& request, const Catalogs& catalogs);
std::string RenderOverdueBody(const OverduePage& page, const PageRequest& request, const Catalogs& catalogs);

// One item of the overdue list, as data (the web API serves the same list).
struct OverdueItem {
  std::string case_id;
  std::string person_id;
  bool overdue = false;        // a flag; false: a deadline due soon
  std::string kind;            // flag code, or "deadline"
  std::string rule;            // deadline rule code, when there is one
  core::CivilDay date;         // since (flags) or due (deadlines)
  long days = 0;               // days overdue, or days left
};
// Every flag of every case the reader may see, then every unmet deadline due
// within `window_days` of `today`, most urgent first.
core::Result<std::vector<OverdueItem>> ListOverdue(core::RecordService& records, core::Visibility reader,
                                                   core::CivilDay today, int window_days = kUpcomingDays);
// The same from facts already loaded (`all`, as of `today`).
std::vector<OverdueItem> ListOverdue(const std::vector<CaseFacts>& all, core::CivilDay today,
                                     int window_days = kUpcomingDays);

}  // namespace readout::publish
