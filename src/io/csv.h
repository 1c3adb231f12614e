// CSV as RFC 4180 describes it, read leniently where real spreadsheets differ:
// quoted fields may hold commas, doubled quotes and line breaks; records end
// with LF, CRLF or a bare CR (old Mac Excel); a final line end or blank lines
// add no records. Line breaks inside quoted fields come back as LF, so the
// rest of Readout sees one line-end convention.
//
// The writer quotes only fields that need it and ends records with CRLF, as
// RFC 4180 says; `readout export --format csv` uses it.
//
// Called by io/case_import.h. Thread-safety: stateless functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace readout::io {

struct CsvRow {
  std::size_t number = 0;           // record number; the header is row 1, as a spreadsheet shows it
  std::size_t line = 0;             // physical line the record starts on (1-based)
  std::vector<std::string> fields;
};

struct CsvTable {
  std::vector<std::string> header;  // the first record; required
  std::vector<CsvRow> rows;
};

// Parses UTF-8 `text` (a BOM, if left, is dropped). Errors (kInvalidArgument,
// field "csv"): no header row; an unterminated quoted field; a quote inside an
// unquoted field or text after a closing quote - each naming the row, the
// column (1-based) and the line.
core::Result<CsvTable> ReadCsv(std::string_view text);

// Appends one record to `out`: fields joined by commas, each quoted when it
// holds a comma, a quote, a line break or leading/trailing spaces, then CRLF.
void AppendCsvRow(std::string& out, const std::vector<std::string>& fields);

}  // namespace readout::io
