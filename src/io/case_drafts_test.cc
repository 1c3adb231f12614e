// The importer's fast path (internal::RowDraft: Decode* then core::DraftOf)
// against core::MakeDraft on the same row bodies: same canonical body text,
// header fields and references, and the same errors, for tables that fill
// every column of every table type.
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/entity_codec.h"
#include "io/case_import.h"
#include "io/case_import_internal.h"

namespace readout::io {
namespace {

using internal::Part;
using internal::RowContext;
using nlohmann::json;

// A value for every column of every table type (ColumnsOf), valid unless a
// case below replaces it. Lists have two items so that indexed paths occur.
const std::map<std::string, std::string, std::less<>>& GoodCells() {
  static const auto* cells = new std::map<std::string, std::string, std::less<>>{
      {"id", ""},  // set per type
      {"name_zh", "王伟"},
      {"name_zh_hant", "王偉"},
      {"name_pinyin", "Wang Wei"},
      {"name_en", "Wei Wang"},
      {"aliases", "小王; Xiao Wang"},
      {"sex", "女"},
      {"birth_date", "1973年5月"},
      {"ethnicity_en", "Han"},
      {"ethnicity_zh", "汉族"},
      {"religion_en", "Buddhist"},
      {"religion_zh", "佛教"},
      {"occupation_en", "lawyer"},
      {"occupation_zh", "律师"},
      {"biography_en", "Human rights lawyer, \"quoted\" \\ back\tslash"},
      {"biography_zh", "人权律师"},
      {"consent_given", "yes"},
      {"consent_given_by", "her sister"},
      {"consent_date", "2015/7/9"},
      {"risk_notes", "family under surveillance"},
      {"visibility", "Internal"},
      {"source_ids", "src_a1; src_b2"},
      {"person_id", "prs_wang-wei"},
      {"title_en", "Detention of Wang Wei"},
      {"title_zh", "王伟被拘案"},
      {"campaign_en", "709 crackdown"},
      {"campaign_zh", "709大抓捕"},
      {"summary_en", "Held incommunicado"},
      {"summary_zh", "被秘密关押"},
      {"issue_ids", "iss_lawyers; iss_torture"},
      {"charge_article", "105(2); 293"},
      {"charge_name_zh", "煽动颠覆国家政权罪; 寻衅滋事罪"},
      {"charge_name_en", "inciting subversion of state power; picking quarrels"},
      {"charge_stage", "indictment; conviction"},
      {"sentence_court_en", "Tianjin No. 2 Intermediate People's Court"},
      {"sentence_court_zh", "天津市第二中级人民法院"},
      {"sentence_date", "2016-08-04"},
      {"sentence_term", "7y6m"},
      {"political_rights_years", "5"},
      {"family_contact", "brother, by phone"},
      {"notes", "checked twice"},
      {"case_id", "cas_wang-wei-2015"},
      {"type", "刑事拘留"},
      {"date", "2015-07-10"},
      {"sequence", "2"},
      {"place_id", "plc_tianjin-1"},
      {"authority_en", "Tianjin PSB"},
      {"authority_zh", "天津市公安局"},
      {"legal_basis_en", "CPL art. 80"},
      {"legal_basis_zh", "刑事诉讼法第80条"},
      {"family_notified", "no"},
      {"lawyer_access", "unknown"},
      {"whereabouts_known", "yes"},
      {"description_en", "Taken from home at night"},
      {"description_zh", "夜间从家中带走"},
      {"detention_date", "2015年7月10日"},
      {"detention_type", "Residential surveillance"},
      {"place", "天津市看守所"},
      {"status_note", "family not notified"},
  };
  return *cells;
}

std::string IdFor(TableType type) {
  switch (type) {
    case TableType::kPeople: return "prs_wang-wei";
    case TableType::kCases: return "cas_wang-wei-2015";
    case TableType::kLegalEvents: return "evt_wang-wei-1";
    case TableType::kDetainees: return "";
  }
  return "";
}

struct DraftCase {
  std::string name;
  TableType type;
  std::map<std::string, std::string> changed;  // cells that differ from GoodCells()
};

// One row of `type` with every column filled (GoodCells, then `changed`).
InputTable RowOf(const DraftCase& c) {
  InputTable table;
  CsvRow row{2, 0, {}};
  for (std::string_view column : ColumnsOf(c.type)) {
    table.header.emplace_back(column);
    auto changed = c.changed.find(std::string(column));
    auto good = GoodCells().find(column);
    std::string cell = changed != c.changed.end() ? changed->second
                       : column == "id"           ? IdFor(c.type)
                       : good != GoodCells().end() ? good->second
                                                   : "MISSING " + std::string(column);
    row.fields.push_back(std::move(cell));
  }
  table.rows.push_back(std::move(row));
  return table;
}

std::string Describe(const core::Result<core::RecordDraft>& d) {
  if (!d) {
    std::string out = "error: " + d.error().message;
    for (const core::FieldError& f : d.error().fields) out += "\n  " + f.field + ": " + f.problem;
    return out;
  }
  std::string out = std::string(core::KindName(d->kind)) + " " + d->id + " " +
                    std::string(core::ToCode(d->visibility)) + " parent=" + d->parent_id + "\n" + d->body.dump();
  for (const core::Reference& r : d->references) {
    out += "\n  " + r.field + " -> " + r.target_id + " (" + std::string(core::KindName(r.target_kind)) + ")";
  }
  return out;
}

TEST(CaseDraftsTest, FastPathGivesMakeDraftsBodiesReferencesAndErrorsForEveryColumn) {
  const std::vector<DraftCase> cases = {
      {"people, every column", TableType::kPeople, {}},
      {"cases, every column", TableType::kCases, {}},
      {"legal events, every column", TableType::kLegalEvents, {}},
      {"detainees, every column", TableType::kDetainees, {}},
      {"people, generated id, only a name", TableType::kPeople,
       {{"id", ""}, {"name_zh", ""}, {"name_zh_hant", ""}, {"name_en", ""}, {"aliases", ""}, {"sex", ""},
        {"birth_date", ""}, {"ethnicity_en", ""}, {"ethnicity_zh", ""}, {"religion_en", ""}, {"religion_zh", ""},
        {"occupation_en", ""}, {"occupation_zh", ""}, {"biography_en", ""}, {"biography_zh", ""},
        {"consent_given", ""}, {"consent_given_by", ""}, {"consent_date", ""}, {"risk_notes", ""},
        {"visibility", ""}, {"source_ids", ""}}},
      {"cases, death sentence, no charges' stage", TableType::kCases,
       {{"sentence_term", "death_suspended"}, {"charge_stage", ""}}},
      {"detainees, default type, English place", TableType::kDetainees,
       {{"detention_type", ""}, {"place", "Beijing No. 3 Detention Centre"}, {"status_note", "家属未获通知"}}},
      // Errors MakeDraft finds (the row builders pass these through).
      {"people, id of another kind", TableType::kPeople, {{"id", "cas_wrong-kind"}}},
      {"people, malformed id and bad source id", TableType::kPeople, {{"id", "prs_Bad Id"}, {"source_ids", "x"}}},
      {"cases, person id of another kind", TableType::kCases, {{"person_id", "src_not-a-person"}}},
      {"cases, bad issue ids and article", TableType::kCases, {{"issue_ids", "iss_ok; bad"}, {"charge_article", "x!"}}},
      {"legal events, no case id", TableType::kLegalEvents, {{"case_id", ""}, {"place_id", "prs_not-a-place"}}},
      {"detainees, control character in a name", TableType::kDetainees, {{"name_en", "Wei\x01Wang"}}},
  };
  for (const DraftCase& c : cases) {
    SCOPED_TRACE(c.name);
    const InputTable table = RowOf(c);
    auto columns = internal::MapColumns(table.header, c.type, ColumnMapping{});
    ASSERT_TRUE(columns.has_value()) << c.name;
    internal::HanFolder folder;
    RowContext r(table, *columns, table.rows[0], folder);
    struct Body {
      core::RecordKind kind;
      json body;
      std::string id;
    };
    std::vector<Body> bodies;
    switch (c.type) {
      case TableType::kPeople:
        bodies.push_back({core::RecordKind::kPerson, internal::PersonBody(r), r.Get("id")});
        break;
      case TableType::kCases:
        bodies.push_back({core::RecordKind::kCase, internal::CaseBody(r), r.Get("id")});
        break;
      case TableType::kLegalEvents:
        bodies.push_back({core::RecordKind::kLegalEvent, internal::LegalEventBody(r), r.Get("id")});
        break;
      case TableType::kDetainees: {
        auto made = internal::DetaineeRowBodies(r, "prs_aaaaaaaaaaaaaaaa", "cas_aaaaaaaaaaaaaaaa");
        bodies.push_back({core::RecordKind::kPerson, std::move(made.person), "prs_aaaaaaaaaaaaaaaa"});
        bodies.push_back({core::RecordKind::kCase, std::move(made.case_body), "cas_aaaaaaaaaaaaaaaa"});
        bodies.push_back({core::RecordKind::kLegalEvent, std::move(made.event), "evt_aaaaaaaaaaaaaaaa"});
        break;
      }
    }
    for (const auto& p : r.problems()) ADD_FAILURE() << c.name << ": the row builder refused " << io::Describe(p);
    for (const Body& b : bodies) {
      const auto slow = core::MakeDraft(b.kind, b.body, b.id);
      const auto fast = internal::RowDraft(b.kind, b.body, b.id);
      EXPECT_EQ(Describe(fast), Describe(slow))
          << c.name << ", " << core::KindName(b.kind) << " body " << b.body.dump();
      if (fast && slow) {
        EXPECT_EQ(fast->body.dump(), slow->body.dump()) << c.name;
        EXPECT_EQ(fast->references, slow->references) << c.name;
      } else if (!fast && !slow) {
        EXPECT_EQ(fast.error().code, slow.error().code) << c.name;
      }
    }
  }
}

TEST(CaseDraftsTest, EveryColumnCaseFillsEveryFieldOfTheBody) {
  // Guards the table above: if a column were left empty or unknown, the
  // comparison would not cover the field it fills.
  for (TableType type : {TableType::kPeople, TableType::kCases, TableType::kLegalEvents, TableType::kDetainees}) {
    const InputTable table = RowOf({"", type, {}});
    for (std::size_t i = 0; i < table.header.size(); ++i) {
      const bool may_be_empty = table.header[i] == "id" && type == TableType::kDetainees;
      EXPECT_TRUE(may_be_empty || !table.rows[0].fields[i].empty())
          << ToCode(type) << " column " << table.header[i] << " has no value";
      EXPECT_FALSE(table.rows[0].fields[i].starts_with("MISSING"))
          << ToCode(type) << " column " << table.header[i] << " has no test value";
    }
  }
}

TEST(CaseDraftsTest, BodyWithAHeaderFieldGoesThroughMakeDraft) {
  const json body = {{"names", json::array({{{"text", "王伟"}, {"script", "Hans"}, {"scheme", "none"},
                                             {"kind", "legal"}, {"primary", true}}})},
                     {"revision", 3},
                     {"parent_id", "prs_x"}};
  const auto slow = core::MakeDraft(core::RecordKind::kPerson, body, "prs_wang-wei");
  const auto fast = internal::RowDraft(core::RecordKind::kPerson, body, "prs_wang-wei");
  EXPECT_EQ(Describe(fast), Describe(slow)) << body.dump();
}

}  // namespace
}  // namespace readout::io
