// Import of people, cases and legal events from flat tables
// (io/case_import.h): reading the table, planning (rows -> validated records,
// references, duplicates) and applying the plan in one store transaction.
// Columns are in case_columns.cc, cell values in case_values.cc, row bodies
// in case_rows.cc.
#include "io/case_import.h"

#include <algorithm>
#include <cstdint>
#include <random>
#include <set>
#include <thread>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/case_codec.h"
#include "core/entity_codec.h"
#include "core/entity_drafts.h"
#include "core/partial_date.h"
#include "io/case_import_internal.h"
#include "io/records_file.h"
#include "io/text_decoding.h"

namespace readout::io {

namespace internal {

using nlohmann::json;

core::Result<core::RecordDraft> RowDraft(core::RecordKind kind, const json& body, const std::string& id) {
  // MakeDraft drops header fields (and parent_id of these kinds); row bodies
  // never have them, but if one did, MakeDraft is the authority.
  static constexpr std::string_view kMakeDraftStrips[] = {"id",         "kind",    "revision", "created_at",
                                                          "updated_at", "deleted", "parent_id"};
  const bool plain = body.is_object() && std::none_of(std::begin(kMakeDraftStrips), std::end(kMakeDraftStrips),
                                                      [&](std::string_view f) { return body.contains(f); });
  if (!plain || (kind != core::RecordKind::kPerson && kind != core::RecordKind::kCase &&
                 kind != core::RecordKind::kLegalEvent)) {
    return core::MakeDraft(kind, body, id);
  }
  // Errors in MakeDraft's order: the id's first, then the body's.
  std::vector<core::FieldError> errors;
  if (!id.empty()) {
    if (core::Status valid = core::ValidateId(id, kind, "id"); !valid) errors = std::move(valid.error().fields);
  }
  auto finish = [&](auto decoded) -> core::Result<core::RecordDraft> {
    if (!decoded) {
      for (core::FieldError& f : decoded.error().fields) errors.push_back(std::move(f));
    }
    if (!errors.empty()) return core::Fail(core::Error::Invalid(std::move(errors)));
    return core::DraftOf(*decoded, id);
  };
  if (kind == core::RecordKind::kPerson) return finish(core::DecodePerson(body));
  if (kind == core::RecordKind::kCase) return finish(core::DecodeCase(body));
  return finish(core::DecodeLegalEvent(body));
}

std::vector<NameKey> DuplicateKeys(const json& body, HanFolder& folder) {
  std::vector<NameKey> keys;
  std::optional<int> year;
  if (auto it = body.find("birth_date"); it != body.end() && it->is_string()) {
    auto date = core::PartialDate::Parse(it->get_ref<const std::string&>());
    if (date && date->start() && date->start()->unspecified_year_digits == 0) year = date->start()->year;
  }
  auto names = body.find("names");
  if (names == body.end()) return keys;
  for (const json& name : *names) {
    const std::string& text = name["text"].get_ref<const std::string&>();
    if (year) {
      std::string squeezed = "n|";
      for (char c : Lower(text)) {
        if (c != ' ' && c != '-' && c != '\'') squeezed += c;
      }
      squeezed += '|';
      squeezed += std::to_string(*year);
      keys.push_back({std::move(squeezed), text, "same name and birth year"});
    }
    if (HasHan(text)) {
      std::string folded = "h|" + folder.Fold(text);
      folded.erase(std::remove(folded.begin(), folded.end(), ' '), folded.end());
      keys.push_back({std::move(folded), text, "same Chinese name"});
    }
  }
  return keys;
}

}  // namespace internal

namespace {

using internal::HanFolder;
using internal::HasHan;
using internal::JoinList;
using internal::KindOf;
using internal::Lower;
using internal::Part;
using internal::RowContext;
using internal::Trim;
using nlohmann::json;

// --- Duplicates -------------------------------------------------------------

class DuplicateFinder {
 public:
  explicit DuplicateFinder(HanFolder& folder) : folder_(folder) {}

  // Adds a person's names; reports a warning for each earlier person sharing a key.
  void AddBody(std::string who, const json& body, std::vector<std::string>& warnings) {
    AddKeys(std::move(who), internal::DuplicateKeys(body, folder_), warnings);
  }
  // The same with the keys already computed (internal::DuplicateKeys).
  void AddKeys(std::string who, std::vector<internal::NameKey> keys, std::vector<std::string>& warnings) {
    if (keys.empty()) return;
    // Each person's label is kept once; the keys point to it by index.
    whos_.push_back(std::move(who));
    for (internal::NameKey& k : keys) Check(std::move(k.key), whos_.size() - 1, std::move(k.text), k.why, warnings);
  }

 private:
  void Check(std::string key, std::size_t who, std::string text, const char* why,
             std::vector<std::string>& warnings) {
    auto [it, inserted] = first_.try_emplace(std::move(key), who, std::move(text));
    if (inserted || it->second.first == who) return;
    const std::string& earlier = whos_[it->second.first];
    if (!reported_.insert(earlier + "\n" + whos_[who]).second) return;
    const bool folded = it->first.starts_with("h|") && it->second.second != text;
    warnings.push_back(fmt::format("possible duplicate: {} ({}) and {} ({}): {}{}; not merged", earlier,
                                   it->second.second, whos_[who], text, why,
                                   folded ? " after Traditional->Simplified folding" : ""));
  }

  HanFolder& folder_;
  std::vector<std::string> whos_;  // "row 14 (prs_...)", "stored person prs_..."
  // key -> (index in whos_, the name as written) of the first person with it
  std::unordered_map<std::string, std::pair<std::size_t, std::string>> first_;
  std::set<std::string> reported_;
};

// Fresh ids in core::NewId's form ("<prefix>_" + 16 base32 characters, 80
// bits), from one generator seeded once: core::NewId opens the system's
// random device per id, which was a tenth of a 100,000-row import.
class IdMaker {
 public:
  IdMaker() {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device(), device(), device(), device(), device()};
    engine_.seed(seed);
  }
  std::string Next(core::RecordKind kind) {
    static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
    std::string id(core::IdPrefix(kind));
    id += '_';
    const std::uint64_t high = engine_();
    const std::uint64_t low = engine_();
    for (int i = 0; i < 12; ++i) id += kAlphabet[(high >> (5 * i)) & 31];
    for (int i = 0; i < 4; ++i) id += kAlphabet[(low >> (5 * i)) & 31];
    return id;
  }

 private:
  std::mt19937_64 engine_;
};

// Calls work(begin, end) on consecutive slices of [0, count), one per
// thread: two or more threads for large inputs (the hardware's count, at
// most 4), the calling thread alone for small ones. Returns when all are done.
template <typename Work>
void RunInParallel(std::size_t count, Work&& work) {
  constexpr std::size_t kMinPerThread = 128;
  const std::size_t hardware = std::max(1u, std::thread::hardware_concurrency());
  const std::size_t threads = std::min<std::size_t>({std::max<std::size_t>(hardware, 2), 4,
                                                      std::max<std::size_t>(count / kMinPerThread, 1)});
  if (threads <= 1) {
    work(std::size_t{0}, count);
    return;
  }
  std::vector<std::thread> workers;
  const std::size_t slice = (count + threads - 1) / threads;
  for (std::size_t t = 1; t < threads; ++t) {
    const std::size_t begin = std::min(count, t * slice);
    const std::size_t end = std::min(count, begin + slice);
    workers.emplace_back([&work, begin, end] { work(begin, end); });
  }
  work(std::size_t{0}, std::min(count, slice));
  for (std::thread& worker : workers) worker.join();
}

// Builds the bodies of one row and runs them through MakeDraft: the row's
// drafts, or its problems. `plan_row.ids` and `duplicate_of` were set by the
// serial pass; references are checked later, on the calling thread.
template <typename RowPlan>
void PlanRow(const InputTable& table, const internal::ColumnIndex& columns, TableType type, std::size_t index,
             HanFolder& folder, RowPlan& plan_row) {
  const CsvRow& row = table.rows[index];
  RowContext r(table, columns, row, folder);
  if (row.fields.size() > table.header.size()) {
    r.RowProblem(fmt::format("has {} cells; the header has {} columns (an unquoted comma?)", row.fields.size(),
                             table.header.size()));
  }
  struct Made {
    Part part;
    core::RecordKind kind;
    json body;
    const std::string* id;
  };
  std::vector<Made> made;
  if (type == TableType::kDetainees) {
    auto [person, case_body, event] = internal::DetaineeRowBodies(r, plan_row.ids[0], plan_row.ids[1]);
    made.push_back({Part::kPerson, core::RecordKind::kPerson, std::move(person), &plan_row.ids[0]});
    made.push_back({Part::kCase, core::RecordKind::kCase, std::move(case_body), &plan_row.ids[1]});
    made.push_back({Part::kEvent, core::RecordKind::kLegalEvent, std::move(event), &plan_row.ids[2]});
  } else {
    const Part part = type == TableType::kPeople ? Part::kPerson
                      : type == TableType::kCases ? Part::kCase
                                                  : Part::kEvent;
    json body = type == TableType::kPeople  ? internal::PersonBody(r)
                : type == TableType::kCases ? internal::CaseBody(r)
                                            : internal::LegalEventBody(r);
    if (plan_row.duplicate_of != 0) {
      r.Problem("id", fmt::format("appears twice in the file (row {} has it too)", plan_row.duplicate_of));
    }
    made.push_back({part, KindOf(type), std::move(body), &plan_row.ids[0]});
  }
  for (Made& m : made) {
    auto draft = internal::RowDraft(m.kind, m.body, *m.id);
    m.body = json();  // the draft has its own (canonical) body
    if (!draft) {
      // The id's problem is the id column's (generated ids are always valid).
      for (core::FieldError& f : draft.error().fields) {
        if (f.field == "id") {
          r.Problem("id", f.problem);
          f.problem.clear();
        }
      }
      core::Error rest = draft.error();
      std::erase_if(rest.fields, [](const core::FieldError& f) { return f.problem.empty(); });
      if (!rest.fields.empty()) r.CodecProblems(m.part, rest);
      continue;
    }
    if (draft->kind == core::RecordKind::kPerson) plan_row.name_keys = internal::DuplicateKeys(draft->body, folder);
    plan_row.drafts.push_back(std::move(*draft));
  }
  plan_row.problems = std::move(r.problems());
}

}  // namespace

core::Result<InputTable> ReadTable(std::string_view bytes, InputFormat format, std::string_view encoding) {
  auto decoded = DecodeToUtf8(bytes, encoding);
  if (!decoded) return core::Fail(decoded.error());
  if (format == InputFormat::kCsv) {
    auto csv = ReadCsv(decoded->utf8);
    if (!csv) return core::Fail(csv.error());
    return InputTable{std::move(csv->header), std::move(csv->rows)};
  }
  json doc;
  try {
    doc = json::parse(decoded->utf8);
  } catch (const json::exception& e) {  // parse_error, and out_of_range for a number beyond double (1E400)
    return core::Fail(core::Error::Invalid("json", std::string("is not valid JSON: ") + e.what()));
  }
  if (!doc.is_array()) {
    return core::Fail(core::Error::Invalid("json", "must be an array of objects, one per row (a records file or "
                                                   "bundle is imported without --type)"));
  }
  InputTable table;
  std::map<std::string, std::size_t> index;
  std::vector<core::FieldError> problems;
  for (std::size_t i = 0; i < doc.size(); ++i) {
    const json& item = doc[i];
    const std::string where = fmt::format("[{}]", i);
    if (!item.is_object()) {
      problems.push_back({where, "must be an object"});
      continue;
    }
    CsvRow row{i + 1, 0, std::vector<std::string>(table.header.size())};
    for (const auto& [key, value] : item.items()) {
      auto [it, inserted] = index.emplace(key, table.header.size());
      if (inserted) table.header.push_back(key);
      if (row.fields.size() < table.header.size()) row.fields.resize(table.header.size());
      std::string cell;
      if (value.is_string()) {
        cell = value.get<std::string>();
      } else if (value.is_number_integer() || value.is_number_unsigned()) {
        cell = value.dump();
      } else if (value.is_boolean()) {
        cell = value.get<bool>() ? "yes" : "no";
      } else if (value.is_array() && std::all_of(value.begin(), value.end(), [](const json& v) { return v.is_string(); })) {
        std::vector<std::string> items;
        for (const json& v : value) items.push_back(v.get<std::string>());
        cell = JoinList(items);
      } else if (!value.is_null()) {
        problems.push_back({where + "." + key, std::string("must be text, a number, true/false, null or a list of "
                                                           "texts; got ") + value.type_name()});
      }
      row.fields[it->second] = std::move(cell);
    }
    table.rows.push_back(std::move(row));
  }
  if (!problems.empty()) return core::Fail(core::Error::Invalid(std::move(problems)));
  return table;
}

std::string Describe(const RowProblem& p) {
  if (p.column.empty()) return fmt::format("row {}: {}", p.row, p.reason);
  return fmt::format("row {}, column '{}', value '{}': {}", p.row, p.column, p.value, p.reason);
}

core::Result<ImportPlan> PlanImport(const InputTable& table, const ImportOptions& options,
                                    core::RecordService& records) {
  const TableType type = options.type;
  auto mapped = internal::MapColumns(table.header, type, options.mapping);
  if (!mapped) return core::Fail(mapped.error());
  const internal::ColumnIndex& columns = *mapped;

  ImportPlan plan;
  HanFolder folder;
  DuplicateFinder duplicates(folder);
  const bool people_in_file = type == TableType::kPeople || type == TableType::kDetainees;
  if (people_in_file) {
    // People already stored, so a re-import of the same spreadsheet is noticed.
    core::ListQuery query;
    query.kind = core::RecordKind::kPerson;
    query.limit = 1000;
    for (;;) {
      auto page = records.List(query, core::Visibility::kRestricted);
      if (!page) return core::Fail(page.error());
      for (const auto& record : page->records) {
        duplicates.AddBody("stored person " + record.header.id, record.body, plan.warnings);
      }
      query.offset += static_cast<std::int64_t>(page->records.size());
      if (page->records.empty() || query.offset >= page->total) break;
    }
  }

  // Rows are independent but for ids, duplicates and the store, so planning
  // goes in three passes: ids (serial), bodies and MakeDraft (the costly
  // part, on several threads), then references, duplicates and counts
  // (serial, in row order, so messages come out as from a one-thread run).
  struct RowPlan {
    bool skip = false;                 // a row of empty cells
    std::vector<std::string> ids;      // detainees: person, case, event; else the record's
    std::size_t duplicate_of = 0;      // row number that has the same id first (0: none)
    std::vector<core::RecordDraft> drafts;
    std::vector<internal::NameKey> name_keys;  // of the row's person, for duplicates
    std::vector<io::RowProblem> problems;
  };
  std::vector<RowPlan> rows(table.rows.size());
  {
    IdMaker ids;
    std::map<std::string, std::size_t> ids_in_file;  // id -> row index
    for (std::size_t index = 0; index < table.rows.size(); ++index) {
      const CsvRow& row = table.rows[index];
      RowPlan& plan_row = rows[index];
      // Spreadsheets save rows of empty cells below the data; they are not rows.
      if (std::all_of(row.fields.begin(), row.fields.end(),
                      [](const std::string& f) { return internal::TrimView(f).empty(); })) {
        plan_row.skip = true;
        continue;
      }
      if (type == TableType::kDetainees) {
        plan_row.ids = {ids.Next(core::RecordKind::kPerson), ids.Next(core::RecordKind::kCase),
                        ids.Next(core::RecordKind::kLegalEvent)};
        continue;
      }
      std::string id;
      if (auto it = columns.find("id"); it != columns.end() && it->second < row.fields.size()) {
        id = Trim(row.fields[it->second]);
      }
      if (id.empty()) {
        id = ids.Next(KindOf(type));
      } else if (auto dup = ids_in_file.find(id); dup != ids_in_file.end()) {
        plan_row.duplicate_of = table.rows[dup->second].number;
      }
      ids_in_file.emplace(id, index);
      plan_row.ids = {std::move(id)};
    }
  }

  auto plan_rows = [&](std::size_t begin, std::size_t end) {
    HanFolder row_folder;  // ICU transliterators are not shared between threads
    for (std::size_t index = begin; index < end; ++index) {
      if (!rows[index].skip) PlanRow(table, columns, type, index, row_folder, rows[index]);
    }
  };
  RunInParallel(rows.size(), plan_rows);

  std::vector<core::RecordDraft> drafts;
  std::unordered_map<std::string, bool> stored_target_ok;
  for (std::size_t index = 0; index < rows.size(); ++index) {
    RowPlan& plan_row = rows[index];
    if (plan_row.skip) continue;
    const CsvRow& row = table.rows[index];
    RowContext r(table, columns, row, folder);
    r.problems() = std::move(plan_row.problems);
    // References: to the row's own records, or to live records already stored.
    for (const core::RecordDraft& d : plan_row.drafts) {
      for (const core::Reference& ref : d.references) {
        if (std::find(plan_row.ids.begin(), plan_row.ids.end(), ref.target_id) != plan_row.ids.end()) continue;
        std::string key = ref.target_id + "|" + std::string(core::KindName(ref.target_kind));
        auto cached = stored_target_ok.find(key);
        if (cached == stored_target_ok.end()) {
          auto stored = records.Get(ref.target_id, core::Visibility::kRestricted);
          const bool ok = stored && stored->header.kind == ref.target_kind;
          cached = stored_target_ok.emplace(std::move(key), ok).first;
        }
        if (!cached->second) {
          const std::string field = ref.field.substr(0, ref.field.find_first_of(".["));
          r.Problem(r.Has(field) ? field : ref.field,
                    fmt::format("no {} with id {} in the database", core::KindName(ref.target_kind), ref.target_id));
        }
      }
    }
    if (!r.problems().empty()) {
      plan.bad_rows.insert(index);
      for (auto& p : r.problems()) plan.problems.push_back(std::move(p));
      plan_row.drafts.clear();
      continue;
    }
    for (core::RecordDraft& d : plan_row.drafts) {
      if (d.kind == core::RecordKind::kPerson) {
        ++plan.people;
        duplicates.AddKeys(fmt::format("row {} ({})", row.number, d.id), std::move(plan_row.name_keys), plan.warnings);
      } else if (d.kind == core::RecordKind::kCase) {
        ++plan.cases;
      } else {
        ++plan.legal_events;
      }
      drafts.push_back(std::move(d));
    }
    plan_row.drafts.clear();
  }
  rows.clear();

  // Records sorted by id (bundle order, and sequential inserts into the
  // store's id index); each record's references travel with it.
  std::sort(drafts.begin(), drafts.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  const std::string now = NowRfc3339();
  plan.actor = options.actor;
  plan.bundle.records.resize(drafts.size());
  plan.references.resize(drafts.size());
  // The store writes each record's "create" revision (ApplyImport), so the
  // body is moved, never copied.
  for (std::size_t i = 0; i < drafts.size(); ++i) {
    core::RecordDraft& draft = drafts[i];
    core::StoredRecord& record = plan.bundle.records[i];
    record.header = {std::move(draft.id), draft.kind, 1, draft.visibility, std::move(draft.parent_id), now, now, false};
    record.body = std::move(draft.body);
    plan.references[i] = std::move(draft.references);
  }
  return plan;
}

core::Status ApplyImport(const ImportPlan& plan, core::RecordService& records) {
  if (plan.bundle.records.empty()) return {};
  // PlanImport built every body with MakeDraft, so the store's own checks
  // (ids, reference targets, inside its one transaction) are the last word;
  // RecordService::Import would validate every body a second time, and
  // Store::Import would run MakeDraft again only to find the references.
  if (plan.references.size() == plan.bundle.records.size() && plan.bundle.revisions.empty()) {
    return records.store().ImportCreated(plan.bundle, plan.references, plan.actor);
  }
  if (plan.references.size() == plan.bundle.records.size()) {
    return records.store().ImportWithReferences(plan.bundle, plan.references);
  }
  return records.store().Import(plan.bundle);
}

std::string RejectsCsv(const InputTable& table, const ImportPlan& plan) {
  std::string out;
  std::vector<std::string> header = table.header;
  header.push_back("error");
  AppendCsvRow(out, header);
  std::map<std::size_t, std::string> reasons;  // row number -> problems
  for (const RowProblem& p : plan.problems) {
    std::string& r = reasons[p.row];
    if (!r.empty()) r += "; ";
    r += p.column.empty() ? p.reason : fmt::format("{} '{}': {}", p.column, p.value, p.reason);
  }
  for (std::size_t index : plan.bad_rows) {
    const CsvRow& row = table.rows[index];
    std::vector<std::string> cells = row.fields;
    cells.resize(std::max(cells.size(), table.header.size()));
    cells.push_back(reasons[row.number]);
    AppendCsvRow(out, cells);
  }
  return out;
}

}  // namespace readout::io
