// libFuzzer target: the case-table importer from its first byte — text
// decoding (io/text_decoding.h), the CSV reader (io/csv.h) and the JSON
// table reader, then PlanImport for each table type over an in-memory store
// holding one person, so references and duplicate checks run too.
// Also checks the CSV writer against the reader: rows written by
// AppendCsvRow read back as the same fields.
//
// Run: build/fuzz/tests/fuzz/fuzz_csv tests/fuzz/corpus/csv
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "core/record_service.h"
#include "core/testing/memory_store_for_test.h"
#include "io/case_import.h"
#include "io/csv.h"
#include "io/records_file.h"

namespace {

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "fuzz_csv: %s\n", what);
    std::abort();
  }
}

constexpr std::string_view kPeople = R"({"format": "readout-records", "version": 1, "records": [
  {"kind": "person", "id": "prs_xu-zhiyong", "names": [{"text": "Xu Zhiyong", "script": "Latn",
   "scheme": "pinyin", "kind": "legal", "primary": true}]}]})";

// Fields survive writing then reading, except that a record of one empty
// field is a blank line, which the reader skips by design.
void CheckWriterRoundTrip(const readout::io::CsvTable& table) {
  using readout::io::AppendCsvRow;
  std::string out;
  AppendCsvRow(out, table.header);
  std::vector<const std::vector<std::string>*> kept;
  for (const auto& row : table.rows) {
    if (row.fields.size() == 1 && row.fields[0].empty()) continue;
    AppendCsvRow(out, row.fields);
    kept.push_back(&row.fields);
  }
  if (table.header.size() == 1 && table.header[0].empty()) return;  // a blank header line: no table to compare
  auto again = readout::io::ReadCsv(out);
  Check(again.has_value(), "CSV written by AppendCsvRow does not read back");
  Check(again->header == table.header, "CSV header changed on write -> read");
  Check(again->rows.size() == kept.size(), "CSV row count changed on write -> read");
  for (std::size_t i = 0; i < kept.size(); ++i) {
    Check(again->rows[i].fields == *kept[i], "CSV fields changed on write -> read");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace readout;
  if (size == 0) return 0;
  // The first byte chooses the format and the table type, the rest is the file.
  const std::uint8_t choice = data[0];
  std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);

  if (auto csv = io::ReadCsv(bytes)) CheckWriterRoundTrip(*csv);

  const auto format = (choice & 0x80) ? io::InputFormat::kJson : io::InputFormat::kCsv;
  auto table = io::ReadTable(bytes, format);
  if (!table) return 0;

  static const io::TableType kTypes[] = {io::TableType::kPeople, io::TableType::kCases,
                                         io::TableType::kLegalEvents, io::TableType::kDetainees};
  core::testing::MemoryStoreForTest store;
  core::RecordService records(store);
  Check(io::LoadRecordsFile(kPeople, records, core::Actor{"fuzz"}).has_value(), "the seed person did not load");

  io::ImportOptions options;
  options.type = kTypes[choice % 4];
  auto plan = io::PlanImport(*table, options, records);
  if (plan) (void)io::RejectsCsv(*table, *plan);
  return 0;
}
