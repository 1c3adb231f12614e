#include "io/csv.h"

#include <fmt/format.h>

namespace readout::io {
namespace {

core::Error CsvError(std::size_t row, std::size_t column, std::size_t line, std::string_view problem) {
  return core::Error::Invalid("csv", fmt::format("row {}, column {} (line {}): {}", row, column, line, problem));
}

bool IsBlank(const std::vector<std::string>& fields) { return fields.size() == 1 && fields[0].empty(); }

}  // namespace

core::Result<CsvTable> ReadCsv(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  CsvTable table;
  std::vector<std::string> fields;
  std::string field;
  std::size_t line = 1;
  std::size_t record_line = 1;
  std::size_t records = 0;  // records seen, including the header
  bool have_header = false;
  const std::size_t n = text.size();
  std::size_t i = 0;

  auto end_record = [&] {
    fields.push_back(std::move(field));
    field.clear();
    if (!IsBlank(fields)) {
      ++records;
      if (!have_header) {
        table.header = std::move(fields);
        have_header = true;
      } else {
        table.rows.push_back(CsvRow{records, record_line, std::move(fields)});
      }
    }
    fields.clear();
  };
  // Consumes one line end at text[i] (LF, CRLF or CR); true if there was one.
  auto line_end = [&]() -> bool {
    if (text[i] == '\n') {
      ++i;
    } else if (text[i] == '\r') {
      ++i;
      if (i < n && text[i] == '\n') ++i;
    } else {
      return false;
    }
    ++line;
    return true;
  };

  bool at_field_start = true;
  while (i < n) {
    if (at_field_start && text[i] == '"') {
      // Quoted field: runs to the next quote not doubled.
      const std::size_t start_line = line;
      ++i;
      for (;;) {
        if (i >= n) {
          return core::Fail(CsvError(records + 1, fields.size() + 1, start_line,
                                     "a quoted field is never closed; check for a missing \""));
        }
        const char c = text[i];
        if (c == '"') {
          if (i + 1 < n && text[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        if (c == '\r' || c == '\n') {
          line_end();
          field += '\n';
          continue;
        }
        field += c;
        ++i;
      }
      // After the closing quote: a separator, a line end or the end of text.
      if (i < n && text[i] != ',' && text[i] != '\r' && text[i] != '\n') {
        return core::Fail(CsvError(records + 1, fields.size() + 1, line,
                                   "text after the closing quote of a quoted field; double a quote inside "
                                   "a quoted field (\"\")"));
      }
      at_field_start = false;
      continue;
    }
    const char c = text[i];
    if (c == ',') {
      fields.push_back(std::move(field));
      field.clear();
      at_field_start = true;
      ++i;
      continue;
    }
    if (c == '\r' || c == '\n') {
      line_end();
      end_record();
      record_line = line;
      at_field_start = true;
      continue;
    }
    if (c == '"') {
      return core::Fail(CsvError(records + 1, fields.size() + 1, line,
                                 "a quote inside an unquoted field; quote the whole field and double the quote"));
    }
    field += c;
    at_field_start = false;
    ++i;
  }
  if (!field.empty() || !fields.empty() || !at_field_start) end_record();
  if (!have_header) return core::Fail(core::Error::Invalid("csv", "the file is empty; a header row is required"));
  return table;
}

void AppendCsvRow(std::string& out, const std::vector<std::string>& fields) {
  for (std::size_t k = 0; k < fields.size(); ++k) {
    if (k > 0) out += ',';
    const std::string& f = fields[k];
    // A field that starts with U+FEFF is quoted too: unquoted at the start of
    // a file it would read back as the byte order mark and be dropped.
    const bool quote = f.find_first_of(",\"\r\n") != std::string::npos ||
                       (!f.empty() && (f.front() == ' ' || f.back() == ' ' || f.front() == '\t')) ||
                       f.starts_with("\xEF\xBB\xBF");
    if (!quote) {
      out += f;
      continue;
    }
    out += '"';
    for (char c : f) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }
  out += "\r\n";
}

}  // namespace readout::io
