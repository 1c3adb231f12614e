// RecordDrafts from decoded case entities (core/entity_drafts.h). The
// references and parents follow MakeDraft's (entity_codec.cc) for the same
// kinds, in the same order; io's case_drafts_test compares the two on every
// column of the case tables.
#include "core/entity_drafts.h"

#include <utility>
#include <vector>

#include "core/case_codec.h"
#include "core/codec_support.h"

namespace readout::core {
namespace {

void AddId(RecordDraft& draft, const char* field, const std::string& id, RecordKind kind) {
  if (!id.empty()) draft.references.push_back({field, id, kind});
}

void AddIds(RecordDraft& draft, const char* field, const std::vector<std::string>& ids, RecordKind kind) {
  for (std::size_t i = 0; i < ids.size(); ++i) draft.references.push_back({codec::Index(field, i), ids[i], kind});
}

RecordDraft Start(RecordKind kind, std::string id, Visibility visibility, nlohmann::json body) {
  RecordDraft draft;
  draft.kind = kind;
  draft.id = std::move(id);
  draft.body = std::move(body);
  draft.visibility = visibility;
  return draft;
}

}  // namespace

RecordDraft DraftOf(const Person& value, std::string id) {
  RecordDraft draft = Start(RecordKind::kPerson, std::move(id), value.common.visibility, Encode(value));
  AddIds(draft, "source_ids", value.source_ids, RecordKind::kSource);
  return draft;
}

RecordDraft DraftOf(const Case& value, std::string id) {
  RecordDraft draft = Start(RecordKind::kCase, std::move(id), value.common.visibility, Encode(value));
  draft.parent_id = value.person_id;
  draft.references.push_back({"person_id", value.person_id, RecordKind::kPerson});
  AddIds(draft, "issue_ids", value.issue_ids, RecordKind::kIssue);
  AddIds(draft, "source_ids", value.source_ids, RecordKind::kSource);
  return draft;
}

RecordDraft DraftOf(const LegalEvent& value, std::string id) {
  RecordDraft draft = Start(RecordKind::kLegalEvent, std::move(id), value.common.visibility, Encode(value));
  draft.parent_id = value.case_id;
  draft.references.push_back({"case_id", value.case_id, RecordKind::kCase});
  AddId(draft, "place_id", value.place_id, RecordKind::kPlace);
  AddIds(draft, "source_ids", value.source_ids, RecordKind::kSource);
  return draft;
}

}  // namespace readout::core
