#include "publish/person_page.h"

#include <algorithm>
#include <utility>

#include "core/case_codec.h"
#include "publish/case_facts.h"

namespace readout::publish {
namespace {

std::string Vocab(const Catalogs& catalogs, Lang lang, std::string_view vocabulary, std::string_view code) {
  return catalogs.Get(lang, "vocab." + std::string(vocabulary) + "." + std::string(code));
}

mustache::data ToData(const PersonPage& p, const Catalogs& c, Lang lang) {
  auto text = [&](const TextView& t) { return t.empty() ? mustache::data(false) : ToData(t, c, lang); };
  mustache::data d;
  d["name"] = text(p.name);
  mustache::data names(mustache::data::type::list);
  for (const NameVariantView& n : p.names) {
    mustache::data nd;
    nd["text"] = mustache::data(n.text);
    nd["lang"] = n.lang.empty() ? mustache::data(false) : mustache::data(n.lang);
    nd["script"] = mustache::data(n.script);
    nd["scheme"] = n.scheme.empty() ? mustache::data(false) : mustache::data(n.scheme);
    nd["kind"] = mustache::data(n.kind);
    nd["primary"] = mustache::data(n.primary);
    names.push_back(std::move(nd));
  }
  d["names"] = std::move(names);
  d["sex"] = p.sex.empty() ? mustache::data(false) : mustache::data(p.sex);
  d["birth_date"] = p.birth_date.empty() ? mustache::data(false) : mustache::data(p.birth_date);
  d["ethnicity"] = text(p.ethnicity);
  d["religion"] = text(p.religion);
  d["occupation"] = text(p.occupation);
  mustache::data affiliations(mustache::data::type::list);
  for (const AffiliationView& a : p.affiliations) {
    mustache::data ad;
    ad["organisation"] = text(a.organisation);
    ad["role"] = text(a.role);
    ad["dates"] = a.dates.empty() ? mustache::data(false) : mustache::data(a.dates);
    affiliations.push_back(std::move(ad));
  }
  d["affiliations"] = std::move(affiliations);
  d["has_affiliations"] = mustache::data(!p.affiliations.empty());
  d["biography"] = text(p.biography);
  mustache::data cases(mustache::data::type::list);
  for (const PersonCaseView& pc : p.cases) {
    mustache::data cd;
    cd["href"] = mustache::data(pc.href);
    cd["title"] = text(pc.title);
    cd["status_code"] = mustache::data(pc.status.code);
    cd["status_text"] = mustache::data(pc.status.text);
    cases.push_back(std::move(cd));
  }
  d["cases"] = std::move(cases);
  d["no_cases"] = mustache::data(p.cases.empty());
  d["sources"] = ToData(p.sources);
  d["no_sources"] = mustache::data(p.sources.empty());
  d["history_href"] = mustache::data(p.history_href);
  return d;
}

}  // namespace

core::Result<PersonPage> BuildPersonPage(core::RecordService& records, std::string_view person_id,
                                         const PageRequest& request, const Catalogs& catalogs) {
  const Lang lang = request.lang;
  const core::Visibility reader = request.reader;
  auto stored = GetOfKind(records, person_id, core::RecordKind::kPerson, reader);
  if (!stored) return core::Fail(stored.error());
  auto person = core::DecodePerson(stored->body);
  if (!person) return core::Fail(BadStoredBody(person_id, person.error()));

  PersonPage page;
  page.id = stored->header.id;
  page.history_href = "/records/" + page.id + "/history";
  page.name = PersonName(*person, lang);
  for (bool primary : {true, false}) {
    for (const core::NameVariant& n : person->names) {
      if (n.primary != primary) continue;
      NameVariantView v;
      v.text = n.text;
      v.lang = NameLang(n);
      v.script = Vocab(catalogs, lang, "script", core::ToCode(n.script));
      if (n.scheme != core::NameScheme::kNone) v.scheme = Vocab(catalogs, lang, "name_scheme", core::ToCode(n.scheme));
      v.kind = Vocab(catalogs, lang, "name_kind", core::ToCode(n.kind));
      v.primary = n.primary;
      page.names.push_back(std::move(v));
    }
  }
  if (person->sex != core::Sex::kUnknown) page.sex = Vocab(catalogs, lang, "sex", core::ToCode(person->sex));
  if (person->birth_date) page.birth_date = FormatDate(*person->birth_date, lang, catalogs);
  page.ethnicity = PickText(person->ethnicity, lang);
  page.religion = PickText(person->religion, lang);
  page.occupation = PickText(person->occupation, lang);
  for (const core::Affiliation& a : person->affiliations) {
    AffiliationView v;
    v.organisation = PickText(a.organisation, lang);
    v.role = PickText(a.role, lang);
    if (a.dates) v.dates = FormatDate(*a.dates, lang, catalogs);
    page.affiliations.push_back(std::move(v));
  }
  page.biography = PickText(person->biography, lang);

  const core::CivilDay today = request.today.value_or(SystemToday());
  auto cases = LoadAllCaseFacts(records, reader, today, page.id);
  if (!cases) return core::Fail(cases.error());
  // Earliest episode first, the order a reader follows a life in.
  std::stable_sort(cases->begin(), cases->end(), [](const CaseFacts& a, const CaseFacts& b) {
    auto day = [](const CaseFacts& f) {
      return f.events.empty() ? std::optional<core::CivilDay>() : f.events.front().date.EarliestDay();
    };
    auto da = day(a), db = day(b);
    return std::make_pair(!da, da.value_or(core::CivilDay{})) < std::make_pair(!db, db.value_or(core::CivilDay{}));
  });
  std::optional<core::Person> as_optional(*person);
  for (const CaseFacts& f : *cases) {
    PersonCaseView v;
    v.href = "/cases/" + f.id;
    v.title = CaseTitle(f.value, as_optional, lang, catalogs);
    v.status = BuildStatus(f.status, lang, catalogs);
    page.cases.push_back(std::move(v));
  }
  auto sources = BuildCaseSources(records, person->common, person->source_ids, reader, lang, catalogs);
  if (!sources) return core::Fail(sources.error());
  page.sources = std::move(*sources);
  return page;
}

std::string RenderPersonBody(const PersonPage& page, const PageRequest& request, const Catalogs& catalogs) {
  return RenderTemplate("person", ToData(page, catalogs, request.lang), request.lang, catalogs);
}

}  // namespace readout::publish
