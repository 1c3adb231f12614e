// Import and export of people, cases and legal events as flat tables (CSV or
// a JSON array of flat objects), for researchers' spreadsheets.
//
// Import goes in three steps, so `--dry-run` is the first two:
//   1. ReadTable: bytes -> a table of text cells (decoding, CSV or JSON).
//   2. PlanImport: maps columns to fields by header name (and the user's
//      mappings), converts and validates every row through core::MakeDraft,
//      checks references against the store, and reports possible duplicate
//      people. Every problem is a RowProblem (row, column, value, reason).
//      Nothing is written.
//   3. ApplyImport: writes the plan's records in one store transaction.
// A plan with bad rows is applied only when the caller chose to skip them
// (--skip-bad-rows); RejectsCsv then gives those rows back with an "error"
// column.
//
// ExportTable writes exactly the columns PlanImport reads, so export ->
// import into an empty database -> export is byte-identical. Columns are
// listed in docs/import.md.
//
// Called by `readout import/export` (src/cli) and bench/import. Built from
// case_columns.cc, case_values.cc, case_rows.cc, case_import.cc and
// case_export.cc (internals in case_import_internal.h).
// Thread-safety: stateless functions; the RecordService must be usable from
// the calling thread. PlanImport builds and validates the rows of a large
// table on a few worker threads of its own, which never touch the
// RecordService; every store call stays on the calling thread.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/record.h"
#include "core/record_service.h"
#include "core/status.h"
#include "io/csv.h"

namespace readout::io {

enum class TableType { kPeople, kCases, kLegalEvents, kDetainees };
std::optional<TableType> ParseTableType(std::string_view name);  // "people", "cases", "legal_events", "detainees"
std::string_view ToCode(TableType type);

// The columns a type reads, in the order ExportTable writes them (detainees:
// import only). Header names are matched after NormaliseHeader; a few common
// synonyms ("date_of_birth", "gender", "pinyin") are accepted too.
std::span<const std::string_view> ColumnsOf(TableType type);

// "Date of Birth" -> "date_of_birth": lower case, trimmed, runs of spaces,
// dashes and dots become one underscore.
std::string NormaliseHeader(std::string_view header);

// The user's column mappings: header (normalised) -> field, or "-" to drop.
struct ColumnMapping {
  std::map<std::string, std::string> fields;
};
// Adds "Header=field" (or "Header=-"). Errors name the spec.
core::Status AddMapping(ColumnMapping& mapping, std::string_view spec);
// One "Header=field" per line; blank lines and lines starting with # are skipped.
core::Status AddMappingFile(ColumnMapping& mapping, std::string_view text);
// Equivalent to AddMapping(mapping, header + "=-").
void IgnoreColumn(ColumnMapping& mapping, std::string_view header);

// Text cells in rows. `number` of each row is what messages call its row:
// for CSV the spreadsheet row (the header is row 1), for JSON the element's
// position (1-based).
struct InputTable {
  std::vector<std::string> header;
  std::vector<CsvRow> rows;
};

enum class InputFormat { kCsv, kJson };

// Decodes `bytes` (io/text_decoding.h; `encoding` empty: detect) and reads
// them as CSV, or as JSON: an array of objects whose keys are column names and
// whose values are strings, numbers, booleans, null or arrays of strings
// (joined with ";"). Errors name the encoding, CSV position or JSON element.
core::Result<InputTable> ReadTable(std::string_view bytes, InputFormat format, std::string_view encoding = "");

// One problem with one cell (or a whole row: empty column).
struct RowProblem {
  std::size_t row = 0;
  std::string column;  // the header as written in the file
  std::string value;
  std::string reason;
};
// "row 14, column 'birth_date', value '1973-13': month 13 does not exist"
std::string Describe(const RowProblem& problem);

struct ImportOptions {
  TableType type = TableType::kPeople;
  ColumnMapping mapping;
  core::Actor actor{"import"};
};

struct ImportPlan {
  // The good rows' records, sorted by id, without revisions: ApplyImport has
  // the store write each one "create" revision by `actor`
  // (core::Store::ImportCreated), so every body is held once. A plan built
  // by hand may carry revisions instead; ApplyImport then imports them as given.
  core::Bundle bundle;
  core::Actor actor;
  // MakeDraft's references of bundle.records[i], for Store::ImportWithReferences
  // (empty when the plan was built by hand: the store derives them).
  std::vector<std::vector<core::Reference>> references;
  std::vector<RowProblem> problems;    // every problem of every bad row, in row order
  std::set<std::size_t> bad_rows;      // indexes into InputTable::rows
  std::vector<std::string> warnings;   // possible duplicates, one sentence each
  std::size_t people = 0;
  std::size_t cases = 0;
  std::size_t legal_events = 0;
};

// Validates every row and builds the records of the good ones; reads the store
// (references, people for duplicates) but never writes.
// Errors (the whole file is refused): kInvalidArgument when a column maps to
// no field and was not dropped (every such header named), a mapping names an
// unknown field, two columns map to the same field, or a required column
// (cases: person_id; legal events: case_id, type, date; detainees:
// detention_date) is missing.
core::Result<ImportPlan> PlanImport(const InputTable& table, const ImportOptions& options,
                                    core::RecordService& records);

// Writes every record of the plan in one transaction (all or nothing).
// Errors: those of core::Store::Import (kConflict when an id exists).
core::Status ApplyImport(const ImportPlan& plan, core::RecordService& records);

// The bad rows as CSV: the original header plus "error", each bad row's cells
// plus its problems joined with "; ".
std::string RejectsCsv(const InputTable& table, const ImportPlan& plan);

// Every live record of the type (people, cases or legal_events) as CSV or as a
// JSON array of objects, sorted by id, in the columns ColumnsOf(type) reads.
// CSV starts with a UTF-8 byte order mark (so Excel reads Chinese correctly)
// and ends records with CRLF. JSON objects omit empty cells.
// Errors: kInvalidArgument for kDetainees; store errors.
core::Result<std::string> ExportTable(core::RecordService& records, TableType type, InputFormat format);

}  // namespace readout::io
