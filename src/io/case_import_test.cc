#include "io/case_import.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "store/sqlite/sqlite_store.h"

namespace readout::io {
namespace {

class CaseImportTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen("a"); }
  void TearDown() override {
    records_.reset();
    stores_.clear();
    std::filesystem::remove_all(dir_);
  }

  // Switches to a fresh database named `name` in the test's directory.
  void Reopen(const std::string& name) {
    if (dir_.empty()) {
      dir_ = std::filesystem::temp_directory_path() /
             ("readout-case-import-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name());
      std::filesystem::remove_all(dir_);
      std::filesystem::create_directories(dir_);
    }
    auto opened = store::SqliteStore::Open((dir_ / (name + ".db")).string());
    ASSERT_TRUE(opened) << opened.error().message;
    stores_.push_back(std::move(*opened));
    records_ = std::make_unique<core::RecordService>(*stores_.back());
  }

  InputTable Csv(const std::string& text) {
    auto table = ReadTable(text, InputFormat::kCsv);
    EXPECT_TRUE(table.has_value()) << (table ? "" : table.error().fields.front().problem);
    return table ? *table : InputTable{};
  }

  core::Result<ImportPlan> Plan(const std::string& csv, TableType type, ColumnMapping mapping = {}) {
    ImportOptions options;
    options.type = type;
    options.mapping = std::move(mapping);
    table_ = Csv(csv);
    return PlanImport(table_, options, *records_);
  }

  // Plans and applies `csv`, expecting no bad rows.
  ImportPlan Import(const std::string& csv, TableType type) {
    auto plan = Plan(csv, type);
    EXPECT_TRUE(plan.has_value()) << (plan ? "" : plan.error().fields.front().problem);
    if (!plan) return {};
    for (const auto& p : plan->problems) ADD_FAILURE() << Describe(p);
    auto applied = ApplyImport(*plan, *records_);
    EXPECT_TRUE(applied.has_value()) << (applied ? "" : applied.error().message);
    return *plan;
  }

  std::size_t Count(core::RecordKind kind) {
    core::ListQuery query;
    query.kind = kind;
    auto page = records_->List(query, core::Visibility::kRestricted);
    return page ? static_cast<std::size_t>(page->total) : 0;
  }

  static std::string Problems(const ImportPlan& plan) {
    std::string out;
    for (const auto& p : plan.problems) out += Describe(p) + "\n";
    return out;
  }

  std::filesystem::path dir_;
  std::vector<std::unique_ptr<store::SqliteStore>> stores_;
  std::unique_ptr<core::RecordService> records_;
  InputTable table_;
};

TEST_F(CaseImportTest, HeadersMatchFieldsIgnoringCaseSpacesAndDashes) {
  auto plan = Plan("Name ZH, Name-Pinyin ,BIRTH DATE,Sex\n许志永,Xu Zhiyong,1973-03-02,male\n", TableType::kPeople);
  ASSERT_TRUE(plan.has_value()) << plan.error().fields.front().problem;
  EXPECT_EQ(Problems(*plan), "");
  ASSERT_EQ(plan->bundle.records.size(), 1u);
  const auto& body = plan->bundle.records[0].body;
  EXPECT_EQ(body["names"][0]["text"], "许志永");
  EXPECT_EQ(body["names"][0]["primary"], true);
  EXPECT_EQ(body["names"][1]["scheme"], "pinyin");
  EXPECT_EQ(body["birth_date"], "1973-03-02");
}

TEST_F(CaseImportTest, UserMappingsNameForeignHeaders) {
  ColumnMapping mapping;
  ASSERT_TRUE(AddMapping(mapping, "Date of Birth=birth_date"));
  ASSERT_TRUE(AddMappingFile(mapping, "# theirs = ours\nFull Name (Chinese)=name_zh\n\nRemarks=-\n"));
  auto plan = Plan("Full Name (Chinese),Date of Birth,Remarks\n许志永,1973,whatever\n", TableType::kPeople,
                   mapping);
  ASSERT_TRUE(plan.has_value()) << plan.error().fields.front().problem;
  EXPECT_EQ(Problems(*plan), "");
  ASSERT_EQ(plan->bundle.records.size(), 1u);
  EXPECT_EQ(plan->bundle.records[0].body["birth_date"], "1973");
}

TEST_F(CaseImportTest, MappingToAnUnknownFieldIsRefused) {
  ColumnMapping mapping;
  ASSERT_TRUE(AddMapping(mapping, "DOB=birthday"));
  auto plan = Plan("name_zh,DOB\n许志永,1973\n", TableType::kPeople, mapping);
  ASSERT_FALSE(plan.has_value());
  EXPECT_NE(plan.error().fields.front().problem.find("column 'DOB' is mapped to 'birthday', which is not a field"),
            std::string::npos);
  EXPECT_FALSE(AddMapping(mapping, "no equals sign"));
}

TEST_F(CaseImportTest, ColumnThatMapsToNothingIsReportedAndRefusedUnlessDropped) {
  const std::string csv = "name_zh,Favourite Colour,Shoe Size\n许志永,blue,42\n";
  auto refused = Plan(csv, TableType::kPeople);
  ASSERT_FALSE(refused.has_value());
  const std::string problem = refused.error().fields.front().problem;
  EXPECT_NE(problem.find("columns map to no field of people: 'Favourite Colour', 'Shoe Size'"), std::string::npos)
      << problem;

  ColumnMapping mapping;
  IgnoreColumn(mapping, "Favourite Colour");
  ASSERT_TRUE(AddMapping(mapping, "shoe size=-"));
  auto accepted = Plan(csv, TableType::kPeople, mapping);
  ASSERT_TRUE(accepted.has_value()) << accepted.error().fields.front().problem;
  EXPECT_EQ(accepted->bundle.records.size(), 1u);
}

TEST_F(CaseImportTest, DatesOfMixedPrecisionAndCommonSpellingsBecomeEdtf) {
  const std::pair<std::string, std::string> cases[] = {
      {"2013", "2013"},           {"2013-07", "2013-07"},       {"2013-07-16", "2013-07-16"},
      {"2013/7/16", "2013-07-16"}, {"2013/07", "2013-07"},       {"2013.7.16", "2013-07-16"},
      {"2013年7月16日", "2013-07-16"}, {"2013年7月", "2013-07"}, {"2013-07~", "2013-07~"},
      {"201X", "201X"},           {"2013-7-6", "2013-07-06"},
  };
  for (const auto& [input, expected] : cases) {
    auto plan = Plan("name_zh,birth_date\n许志永," + input + "\n", TableType::kPeople);
    ASSERT_TRUE(plan.has_value());
    ASSERT_EQ(Problems(*plan), "") << input;
    EXPECT_EQ(plan->bundle.records[0].body["birth_date"], expected) << input;
  }
}

TEST_F(CaseImportTest, EveryMalformedValueIsNamedByRowColumnValueAndReason) {
  const struct {
    TableType type;
    std::string csv;
    std::string expected;
  } cases[] = {
      {TableType::kPeople, "name_zh,birth_date\n许志永,1973-13\n",
       "row 2, column 'birth_date', value '1973-13': month 13 does not exist"},
      {TableType::kPeople, "name_zh,birth_date\n许志永,1973-02-30\n",
       "row 2, column 'birth_date', value '1973-02-30': day 30 does not exist in 1973-02"},
      {TableType::kPeople, "name_zh,birth_date\n许志永,16/07/2013\n",
       "row 2, column 'birth_date', value '16/07/2013': day and month order is ambiguous"},
      {TableType::kPeople, "name_zh,birth_date\n许志永,last spring\n",
       "row 2, column 'birth_date', value 'last spring': "},
      {TableType::kPeople, "name_zh,sex\n许志永,x\n", "row 2, column 'sex', value 'x': must be female, male"},
      {TableType::kPeople, "name_zh,visibility\n许志永,secret\n",
       "row 2, column 'visibility', value 'secret': must be public, internal or restricted"},
      {TableType::kPeople, "name_zh,consent_given\n许志永,perhaps\n",
       "row 2, column 'consent_given', value 'perhaps': must be yes, no or unknown"},
      {TableType::kPeople, "name_zh,sex\n,male\n", "row 2, column 'name_zh', value '': a person needs a name"},
      {TableType::kPeople, "id,name_zh\nperson one,许志永\n", "row 2, column 'id', value 'person one': "},
      {TableType::kPeople, "id,name_zh\nprs_a,许志永\nprs_a,丁家喜\n",
       "row 3, column 'id', value 'prs_a': appears twice in the file (row 2 has it too)"},
      {TableType::kPeople, "name_zh,source_ids\n许志永,src_nowhere\n",
       "row 2, column 'source_ids', value 'src_nowhere': no source with id src_nowhere in the database"},
      {TableType::kPeople, "name_zh\n许志永,extra\n", "row 2: has 2 cells; the header has 1 columns"},
      {TableType::kCases, "person_id\nprs_nobody\n",
       "row 2, column 'person_id', value 'prs_nobody': no person with id prs_nobody in the database"},
      {TableType::kCases, "person_id\n\n", ""},  // a row of empty cells is not a row
      {TableType::kCases, "person_id,title_en\n,Detention\n", "row 2, column 'person_id', value '': "},
      {TableType::kCases, "person_id,charge_article\nprs_x,two hundred\n",
       "row 2, column 'charge_article', value 'two hundred': must be a PRC Criminal Law article number"},
      {TableType::kCases, "person_id,charge_name_en,charge_stage\nprs_x,subversion,rumoured\n",
       "row 2, column 'charge_stage', value 'rumoured': must be one of"},
      {TableType::kCases, "person_id,sentence_term\nprs_x,forever\n",
       "row 2, column 'sentence_term', value 'forever': must be a term such as 4y"},
      {TableType::kCases, "person_id,political_rights_years\nprs_x,two\n",
       "row 2, column 'political_rights_years', value 'two': must be a whole number"},
      {TableType::kLegalEvents, "case_id,type,date\ncas_x,arrested maybe,2013\n",
       "row 2, column 'type', value 'arrested maybe': must be a legal event type"},
      {TableType::kLegalEvents, "case_id,type,date\ncas_x,trial,\n", "row 2, column 'date', value '': "},
      {TableType::kLegalEvents, "case_id,type,date,sequence\ncas_x,trial,2014-01-22,second\n",
       "row 2, column 'sequence', value 'second': must be a whole number"},
      {TableType::kLegalEvents, "case_id,type,date,lawyer_access\ncas_x,trial,2014-01-22,sometimes\n",
       "row 2, column 'lawyer_access', value 'sometimes': must be yes, no or unknown"},
      {TableType::kDetainees, "name_zh,detention_date,detention_type\n许志永,2013-07-16,kidnapped\n",
       "row 2, column 'detention_type', value 'kidnapped': must be a legal event type"},
      {TableType::kDetainees, "name_zh,detention_date\n许志永,\n", "row 2, column 'detention_date', value '': "},
  };
  for (const auto& c : cases) {
    auto plan = Plan(c.csv, c.type);
    ASSERT_TRUE(plan.has_value()) << c.csv << " -> " << plan.error().fields.front().problem;
    const std::string problems = Problems(*plan);
    if (c.expected.empty()) {
      EXPECT_EQ(problems, "") << c.csv;
      continue;
    }
    EXPECT_NE(problems.find(c.expected), std::string::npos) << c.csv << " -> " << problems;
    EXPECT_EQ(plan->bad_rows.size(), 1u) << c.csv;
  }
}

// Large files are planned on several threads; the plan must not show it:
// every problem in row order, every good row's record, ids unique.
TEST_F(CaseImportTest, ALargeFileGivesEveryProblemInRowOrderAndEveryGoodRow) {
  std::string csv = "id,name_pinyin,birth_date\n";
  std::string expected;
  std::size_t good = 0;
  for (int i = 0; i < 2000; ++i) {
    const int row = i + 2;
    std::string id = "prs_p" + std::to_string(i);
    std::string date = "19" + std::to_string(50 + i % 40);
    if (i % 7 == 3) {
      date = "1970-13";
      expected += "row " + std::to_string(row) + ", column 'birth_date', value '1970-13': month 13 does not exist";
      expected += "; write an EDTF date such as 2013-07-16, 2013-07 or 2013\n";
    } else if (i % 11 == 5) {
      id = "prs_p" + std::to_string(i - 1);
      expected += "row " + std::to_string(row) + ", column 'id', value '" + id + "': appears twice in the file (row " +
                  std::to_string(row - 1) + " has it too)\n";
    } else {
      ++good;
    }
    csv += id + ",Person " + std::to_string(i) + "," + date + "\n";
  }
  auto plan = Plan(csv, TableType::kPeople);
  ASSERT_TRUE(plan.has_value()) << plan.error().message;
  EXPECT_EQ(Problems(*plan), expected);
  EXPECT_EQ(plan->people, good);
  ASSERT_EQ(plan->bundle.records.size(), good);
  EXPECT_TRUE(plan->bundle.revisions.empty()) << "the store writes the create revisions";
  std::set<std::string> ids;
  for (std::size_t i = 0; i < good; ++i) ids.insert(plan->bundle.records[i].header.id);
  EXPECT_EQ(ids.size(), good);
  ASSERT_TRUE(ApplyImport(*plan, *records_).has_value());
  EXPECT_EQ(Count(core::RecordKind::kPerson), good);
  // Every record has one "create" revision by the importer, holding its body.
  for (std::size_t i = 0; i < good; ++i) {
    const core::StoredRecord& record = plan->bundle.records[i];
    auto history = records_->store().History(record.header.id);
    ASSERT_TRUE(history.has_value()) << record.header.id;
    ASSERT_EQ(history->size(), 1u) << record.header.id;
    EXPECT_EQ((*history)[0].operation, core::RevisionOperation::kCreate) << record.header.id;
    EXPECT_EQ((*history)[0].actor, "import") << record.header.id;
    EXPECT_EQ((*history)[0].at, record.header.created_at) << record.header.id;
    EXPECT_EQ((*history)[0].after, record.body) << record.header.id;
  }
}

TEST_F(CaseImportTest, MissingRequiredColumnsRefuseTheFile) {
  auto plan = Plan("case_id,date\ncas_x,2013\n", TableType::kLegalEvents);
  ASSERT_FALSE(plan.has_value());
  EXPECT_NE(plan.error().fields.front().problem.find("legal_events needs a column type"), std::string::npos);
}

TEST_F(CaseImportTest, PlanningWritesNothing) {
  auto plan = Plan("name_zh\n许志永\n丁家喜\n", TableType::kPeople);
  ASSERT_TRUE(plan.has_value());
  EXPECT_EQ(plan->bundle.records.size(), 2u);
  EXPECT_EQ(Count(core::RecordKind::kPerson), 0u);
}

TEST_F(CaseImportTest, ApplyIsAllOrNothing) {
  Import("id,name_zh\nprs_xu,许志永\n", TableType::kPeople);
  // The second file's first row is new, its second collides with a stored id.
  auto plan = Plan("id,name_zh\nprs_ding,丁家喜\nprs_xu,许志永\n", TableType::kPeople);
  ASSERT_TRUE(plan.has_value());
  auto applied = ApplyImport(*plan, *records_);
  ASSERT_FALSE(applied.has_value());
  EXPECT_EQ(applied.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(Count(core::RecordKind::kPerson), 1u);
}

TEST_F(CaseImportTest, SkippingBadRowsImportsTheRestAndRejectsKeepTheOriginalCells) {
  auto plan = Plan("name_zh,birth_date,Sex\n许志永,1973,male\n丁家喜,1967-13,male\n郭飞雄,1966,robot\n",
                   TableType::kPeople);
  ASSERT_TRUE(plan.has_value());
  EXPECT_EQ(plan->bad_rows.size(), 2u);
  EXPECT_EQ(plan->bundle.records.size(), 1u);
  ASSERT_TRUE(ApplyImport(*plan, *records_));
  EXPECT_EQ(Count(core::RecordKind::kPerson), 1u);
  EXPECT_EQ(RejectsCsv(table_, *plan),
            "name_zh,birth_date,Sex,error\r\n"
            "丁家喜,1967-13,male,\"birth_date '1967-13': month 13 does not exist; write an EDTF date such as "
            "2013-07-16, 2013-07 or 2013\"\r\n"
            "郭飞雄,1966,robot,\"Sex 'robot': must be female, male, other or unknown (or f, m, 女, 男)\"\r\n");
}

TEST_F(CaseImportTest, TraditionalAndSimplifiedSpellingsOfOneNameAreReportedAsPossibleDuplicates) {
  Import("id,name_zh,birth_date\nprs_xu-zhiyong,許志永,1973\n", TableType::kPeople);
  auto plan = Plan("id,name_zh,name_pinyin,birth_date\nprs_a,许志永,,\nprs_b,丁家喜,Ding Jiaxi,1967\n"
                   "prs_c,丁嘉喜,ding jiaxi,1967\n",
                   TableType::kPeople);
  ASSERT_TRUE(plan.has_value());
  EXPECT_EQ(Problems(*plan), "");
  ASSERT_EQ(plan->warnings.size(), 2u);
  EXPECT_EQ(plan->warnings[0],
            "possible duplicate: stored person prs_xu-zhiyong (許志永) and row 2 (prs_a) (许志永): same Chinese "
            "name after Traditional->Simplified folding; not merged");
  EXPECT_EQ(plan->warnings[1],
            "possible duplicate: row 3 (prs_b) (Ding Jiaxi) and row 4 (prs_c) (ding jiaxi): same name and birth "
            "year; not merged");
  // Reported, never merged: every row becomes its own person.
  EXPECT_EQ(plan->bundle.records.size(), 3u);
}

TEST_F(CaseImportTest, TraditionalChineseNameIsMarkedAsHant) {
  auto plan = Plan("name_zh\n許志永\n", TableType::kPeople);
  ASSERT_TRUE(plan.has_value());
  EXPECT_EQ(plan->bundle.records[0].body["names"][0]["script"], "Hant");
}

TEST_F(CaseImportTest, DetaineeRowBecomesAPersonACaseAndAFirstLegalEvent) {
  ImportPlan plan = Import(
      "name_zh,name_en,aliases,sex,birth_date,detention_date,detention_type,place,charge_name_zh,status_note\n"
      "许志永,Xu Zhiyong,许崇德; Xu Chongde,male,1973,2013-07-16,,Beijing No. 3 Detention Centre,"
      "聚众扰乱公共场所秩序罪,sentenced to four years\n"
      "丁家喜,Ding Jiaxi,,m,1967,2013/4/17,刑事拘留,,,\n",
      TableType::kDetainees);
  EXPECT_EQ(plan.people, 2u);
  EXPECT_EQ(plan.cases, 2u);
  EXPECT_EQ(plan.legal_events, 2u);
  EXPECT_EQ(Count(core::RecordKind::kLegalEvent), 2u);
  for (const auto& record : plan.bundle.records) {
    if (record.header.kind != core::RecordKind::kLegalEvent) continue;
    EXPECT_EQ(record.body["type"], "criminal_detention");
    auto kase = records_->Get(record.body["case_id"].get<std::string>(), core::Visibility::kRestricted);
    ASSERT_TRUE(kase.has_value());
    auto person = records_->Get(kase->body["person_id"].get<std::string>(), core::Visibility::kRestricted);
    ASSERT_TRUE(person.has_value());
    if (record.body["date"] == "2013-07-16") {
      EXPECT_EQ(person->body["names"].size(), 4u);
      EXPECT_EQ(kase->body["charges"][0]["name_zh"], "聚众扰乱公共场所秩序罪");
      EXPECT_EQ(record.body["description"]["en"], "Beijing No. 3 Detention Centre");
    } else {
      EXPECT_EQ(record.body["date"], "2013-04-17");
    }
  }
}

TEST_F(CaseImportTest, EveryEncodingAndLineEndFixtureReadsTheSamePeople) {
  const std::string dir = std::string(READOUT_SOURCE_DIR) + "/tests/data/import/";
  const struct {
    std::string file;
    std::string encoding;  // empty: detect
    std::string second_name;
  } cases[] = {
      {"people.utf-8.csv", "", "丁家喜"},          {"people.utf-8-bom.csv", "", "丁家喜"},
      {"people.utf-16le.csv", "", "丁家喜"},       {"people.utf-16be.csv", "", "丁家喜"},
      {"people.utf-16le-nobom.csv", "", "丁家喜"}, {"people.gb18030.csv", "", "丁家喜"},
      {"people.big5.csv", "", "丁家喜"},           {"people.crlf.csv", "", "丁家喜"},
      {"people.cr.csv", "", "丁家喜"},             {"people.windows-1252.csv", "", "Françoise Søren"},
      {"people.macintosh.csv", "", "Françoise Søren"},
      {"people.macintosh.csv", "mac-roman", "Françoise Søren"},
  };
  for (const auto& c : cases) {
    std::ifstream in(dir + c.file, std::ios::binary);
    ASSERT_TRUE(in) << c.file;
    std::ostringstream bytes;
    bytes << in.rdbuf();
    auto table = ReadTable(bytes.str(), InputFormat::kCsv, c.encoding);
    ASSERT_TRUE(table.has_value()) << c.file << ": " << table.error().fields.front().problem;
    ImportOptions options;
    auto plan = PlanImport(*table, options, *records_);
    ASSERT_TRUE(plan.has_value()) << c.file << ": " << plan.error().fields.front().problem;
    EXPECT_EQ(Problems(*plan), "") << c.file;
    // Twelve rows of Chinese names; eleven of Latin ones.
    ASSERT_EQ(plan->bundle.records.size(), c.second_name == "丁家喜" ? 12u : 11u) << c.file;
    bool found = false;
    for (const auto& r : plan->bundle.records) found = found || r.body["names"][0]["text"] == c.second_name;
    EXPECT_TRUE(found) << c.file;
  }
}

TEST_F(CaseImportTest, JsonArrayOfRowsImportsLikeCsv) {
  auto table = ReadTable(R"([{"name_zh": "许志永", "birth_date": 1973, "aliases": ["许崇德", "Xu Chongde"]},
                            {"name_en": "Ding Jiaxi", "sex": null}])",
                         InputFormat::kJson);
  ASSERT_TRUE(table.has_value()) << table.error().fields.front().problem;
  ImportOptions options;
  auto plan = PlanImport(*table, options, *records_);
  ASSERT_TRUE(plan.has_value());
  EXPECT_EQ(Problems(*plan), "");
  EXPECT_EQ(plan->bundle.records.size(), 2u);
  auto bad = ReadTable(R"([{"name_zh": {"en": "x"}}])", InputFormat::kJson);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().fields.front().field, "[0].name_zh");
}

TEST_F(CaseImportTest, ExportThenImportIntoAnEmptyDatabaseThenExportIsByteIdentical) {
  Import("id,name_zh,name_zh_hant,name_pinyin,name_en,aliases,sex,birth_date,ethnicity_en,ethnicity_zh,"
         "occupation_en,consent_given,consent_given_by,risk_notes,visibility\n"
         "prs_xu-zhiyong,许志永,許志永,Xu Zhiyong,,许崇德,male,1973-03-02,Han,汉族,\"lawyer, scholar\",yes,"
         "his wife,\"threatened \"\"again\"\"\",public\n"
         "prs_ding,丁家喜,,Ding Jiaxi,,,,1967,,,,,,,internal\n",
         TableType::kPeople);
  Import("id,person_id,title_en,campaign_en,summary_zh,charge_article,charge_name_zh,charge_stage,"
         "sentence_court_en,sentence_date,sentence_term,political_rights_years,notes\n"
         "cas_xu-2013,prs_xu-zhiyong,Detention of 2013,New Citizens Movement crackdown,"
         "\"第一行\n第二行\",291,聚众扰乱公共场所秩序罪,conviction,Beijing No. 1 Intermediate Court,2014-01-26,4y,,"
         "private\n",
         TableType::kCases);
  Import("id,case_id,type,date,sequence,authority_en,family_notified,description_en\n"
         "lev_xu-1,cas_xu-2013,criminal_detention,2013-07-16,,Beijing PSB,yes,\n"
         "lev_xu-2,cas_xu-2013,arrest_approved,2013-08-22,1,,,approved by the procuratorate\n",
         TableType::kLegalEvents);

  for (InputFormat format : {InputFormat::kCsv, InputFormat::kJson}) {
    std::map<TableType, std::string> first;
    for (TableType type : {TableType::kPeople, TableType::kCases, TableType::kLegalEvents}) {
      auto text = ExportTable(*records_, type, format);
      ASSERT_TRUE(text.has_value());
      first[type] = *text;
    }
    core::Store* original = &records_->store();
    Reopen(format == InputFormat::kCsv ? "csv" : "json");
    for (TableType type : {TableType::kPeople, TableType::kCases, TableType::kLegalEvents}) {
      auto table = ReadTable(first[type], format);
      ASSERT_TRUE(table.has_value()) << table.error().fields.front().problem;
      ImportOptions options;
      options.type = type;
      auto plan = PlanImport(*table, options, *records_);
      ASSERT_TRUE(plan.has_value()) << plan.error().fields.front().problem;
      EXPECT_EQ(Problems(*plan), "") << ToCode(type);
      ASSERT_TRUE(ApplyImport(*plan, *records_));
    }
    for (TableType type : {TableType::kPeople, TableType::kCases, TableType::kLegalEvents}) {
      auto again = ExportTable(*records_, type, format);
      ASSERT_TRUE(again.has_value());
      EXPECT_EQ(*again, first[type]) << ToCode(type);
    }
    EXPECT_NE(first[TableType::kPeople].find("prs_xu-zhiyong"), std::string::npos);
    // The next format starts from the original database again.
    records_ = std::make_unique<core::RecordService>(*original);
  }
}

}  // namespace
}  // namespace readout::io
