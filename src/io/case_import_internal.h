// Internals shared by the case table importer and exporter (io/case_import.h):
// column lists and header mapping (case_columns.cc), cell values and scripts
// (case_values.cc), building record bodies from one row (case_rows.cc), and
// the import (case_import.cc) and export (case_export.cc) that use them.
//
// Not part of the io module's interface: only those files include it.
// Thread-safety: free functions are stateless; a HanFolder or RowContext
// belongs to one thread.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>
#include <unicode/uversion.h>

#include "core/case_vocabulary.h"
#include "core/record.h"
#include "core/status.h"
#include "core/vocabulary.h"
#include "io/case_import.h"

U_NAMESPACE_BEGIN  // ICU's versioned namespace, known as icu::
class Transliterator;
U_NAMESPACE_END

namespace readout::io::internal {

// --- Columns (case_columns.cc) -----------------------------------------------

// Field -> column index in the input table, after mappings and synonyms.
using ColumnIndex = std::map<std::string, std::size_t, std::less<>>;

// Maps every header of `header` to a field of `type` (the user's mapping
// first, then the field's own name, then a synonym), and checks the required
// columns. Errors as PlanImport's (case_import.h).
core::Result<ColumnIndex> MapColumns(const std::vector<std::string>& header, TableType type,
                                     const ColumnMapping& mapping);

// The record kind a (non-detainee) table holds.
core::RecordKind KindOf(TableType type);

// --- Text and values (case_values.cc) -----------------------------------------

// Trims spaces, tabs, newlines and no-break spaces (U+00A0) at both ends.
std::string Trim(std::string_view s);
std::string_view TrimView(std::string_view s);
std::string Lower(std::string_view s);
// "a; b；c" -> {"a", "b", "c"}: ASCII and full-width semicolons, empty items dropped.
std::vector<std::string> SplitList(std::string_view text);
std::string JoinList(const std::vector<std::string>& items);
std::vector<std::string> SplitOn(std::string_view s, char sep);
// "a, b, c"
std::string CodeList(std::span<const std::string_view> codes);
bool AllDigits(std::string_view s);
bool HasHan(std::string_view text);

// ICU's "Hant-Hans" transliterator, with a cache: names repeat (surnames) and
// the transliterator is the slowest step of a large import.
class HanFolder {
 public:
  HanFolder();
  ~HanFolder();
  HanFolder(const HanFolder&) = delete;
  HanFolder& operator=(const HanFolder&) = delete;

  // `text` with Traditional characters replaced by Simplified ones.
  const std::string& Fold(const std::string& text);

 private:
  std::unique_ptr<icu::Transliterator> transliterator_;
  std::unordered_map<std::string, std::string> cache_;
};

// The script a name is written in (Hans or Hant by folding).
core::Script ScriptOf(std::string_view text, HanFolder& folder);

// Dates as spreadsheets hold them -> EDTF text. Accepts EDTF, year-first dates
// with / . or - and unpadded numbers (2013/7/16), and 2013年7月16日. Refuses
// day-first and month-first forms: 05/07/2013 is May or July depending on
// who typed it. Errors: kInvalidArgument on field "date" with the reason.
core::Result<std::string> NormaliseDate(const std::string& raw);
std::optional<std::string> NormaliseSex(std::string_view raw);
std::optional<std::string> NormaliseTriState(std::string_view raw);
// A legal event type: its code, its code with spaces ("Criminal detention"),
// or its official Chinese term (刑事拘留).
std::optional<std::string> NormaliseEventType(std::string_view raw);
// "4y6m", "4 years 6 months", "life", "death", "death_suspended" -> a term object.
std::optional<nlohmann::json> ParseTerm(std::string_view raw);
// The inverse of ParseTerm, in its shortest form ("4y6m").
std::string TermText(const nlohmann::json& term);

// --- Rows (case_rows.cc) -------------------------------------------------------

// Which body a problem of MakeDraft belongs to (a detainee row makes three).
enum class Part { kPerson, kCase, kEvent };

// One row being turned into record bodies: reads its cells by field, collects
// its problems, and remembers which column each body path came from so that
// MakeDraft's problems are reported against the right column.
class RowContext {
 public:
  RowContext(const InputTable& table, const ColumnIndex& columns, const CsvRow& row, HanFolder& folder)
      : table_(table), columns_(columns), row_(row), folder_(folder) {}

  bool Has(std::string_view field) const { return columns_.find(field) != columns_.end(); }

  // The trimmed cell of `field`, or "" when there is no such column or cell.
  std::string Get(std::string_view field) const { return std::string(GetView(field)); }
  std::string_view GetView(std::string_view field) const;

  void Problem(std::string_view field, std::string reason);
  void RowProblem(std::string reason);
  void AddOrigin(Part part, std::string path, std::string_view field);
  // Reports MakeDraft's problems against the columns their fields came from.
  void CodecProblems(Part part, const core::Error& error);

  HanFolder& folder() { return folder_; }
  const CsvRow& row() const { return row_; }
  std::vector<io::RowProblem>& problems() { return problems_; }

  // Field helpers that add to a body and remember where values came from.
  void Text(nlohmann::json& body, Part part, std::string_view field, const char* name);
  // `name` from <prefix>_en, <prefix>_zh and the bare <prefix> column (by script).
  void Bilingual(nlohmann::json& body, Part part, std::string_view prefix, const char* name);
  void Date(nlohmann::json& body, Part part, std::string_view field, const char* name);
  void TriState(nlohmann::json& body, Part part, std::string_view field, const char* name);
  void Visibility(nlohmann::json& body, Part part);
  void IdList(nlohmann::json& body, Part part, std::string_view field, const char* name);
  void Guarded(nlohmann::json& body, Part part, std::string_view field, const char* name);
  void Int(nlohmann::json& body, Part part, std::string_view field, const char* name);

 private:
  struct Origin {
    Part part;
    std::string path;   // body path prefix: "names[0]", "ethnicity.en"
    std::string field;  // the field (column) it came from
  };

  const InputTable& table_;
  const ColumnIndex& columns_;
  const CsvRow& row_;
  HanFolder& folder_;
  std::vector<Origin> origins_;
  std::vector<io::RowProblem> problems_;
};

nlohmann::json PersonBody(RowContext& r);
nlohmann::json CaseBody(RowContext& r);
nlohmann::json LegalEventBody(RowContext& r);

// The three bodies of a detainee row; the case refers to `person_id`, the
// event to `case_id`.
struct DetaineeBodies {
  nlohmann::json person;
  nlohmann::json case_body;
  nlohmann::json event;
};
DetaineeBodies DetaineeRowBodies(RowContext& r, const std::string& person_id, const std::string& case_id);

// core::MakeDraft(kind, body, id) for a body built from a row, without its
// copy of the body: people, cases and legal events are decoded with
// core::Decode* and turned into drafts by core::DraftOf (core/entity_drafts.h).
// Same draft and same errors as MakeDraft (case_drafts_test compares them on
// every column); other kinds, and bodies that carry a header field, go
// through MakeDraft itself.
core::Result<core::RecordDraft> RowDraft(core::RecordKind kind, const nlohmann::json& body, const std::string& id);

// The keys under which a person's names are compared for possible
// duplicates, in the order they are checked: per name "same name and birth
// year" (lower case, without spaces, dashes and apostrophes, when the birth
// year is known), then "same Chinese name" (Han names folded to Simplified,
// without spaces). Computed on the planning threads; only the comparison is
// serial.
struct NameKey {
  std::string key;
  std::string text;  // the name as written
  const char* why;   // "same name and birth year", "same Chinese name"
};
std::vector<NameKey> DuplicateKeys(const nlohmann::json& person_body, HanFolder& folder);

}  // namespace readout::io::internal
