// The public view of one person (/people/{id}): every name variant with its
// script, scheme and kind, the person's details, and each of their cases
// with its derived status. Risk notes and consent details are never part of
// the view (see core/redaction.h; the types have no place for them).
//
// Called by Site. Thread-safety: plain values and pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/record_service.h"
#include "core/status.h"
#include "publish/case_page.h"
#include "publish/i18n.h"
#include "publish/page_common.h"
#include "publish/site.h"

namespace readout::publish {

struct NameVariantView {
  std::string text;
  std::string lang;          // "zh-Hans", "zh-Hant", "en", ... or empty
  std::string script;        // "Simplified Chinese characters"
  std::string scheme;        // "Hanyu Pinyin"; empty when the variant has none
  std::string kind;          // "Legal name"
  bool primary = false;
};

struct AffiliationView {
  TextView organisation;
  TextView role;
  std::string dates;
};

struct PersonCaseView {
  std::string href;
  TextView title;
  StatusView status;
};

struct PersonPage {
  std::string id;
  TextView name;
  std::vector<NameVariantView> names;  // primary first
  std::string sex;                     // empty when unknown
  std::string birth_date;
  TextView ethnicity;
  TextView religion;
  TextView occupation;
  std::vector<AffiliationView> affiliations;
  TextView biography;
  std::vector<PersonCaseView> cases;
  std::vector<SourceView> sources;
  std::string history_href;
};

// kNotFound when the person does not exist or `request.reader` may not see them.
core::Result<PersonPage> BuildPersonPage(core::RecordService& records, std::string_view person_id,
                                         const PageRequest& request, const Catalogs& catalogs);
std::string RenderPersonBody(const PersonPage& page, const PageRequest& request, const Catalogs& catalogs);

}  // namespace readout::publish
