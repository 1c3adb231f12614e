// A small store for the readout tests (publish_test and web_test): a
// dialogue, the 2013 Kunming round with asks about an issue, a benchmark and
// Xu Zhiyong's case (with a restricted family contact), an internal ask,
// an approved assessment, a commitment, and helpers that create a readout
// and walk it through the workflow to publication.
//
// Non-public values are canaries (kCanary*): a test proves none of them
// reaches public output. Test-only; header-only so both test binaries can
// use it. Not thread-safe.
#pragma once

#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/readout.h"
#include "core/record_service.h"
#include "publish/public_readout.h"

namespace readout::publish::testing {

inline constexpr char kCanaryFamily[] = "CANARY-FAMILY-7a1c";
inline constexpr char kCanaryInternalAsk[] = "CANARY-INTERNAL-ASK-52be";
inline constexpr char kCanaryInternalReply[] = "CANARY-INTERNAL-REPLY-e09d";
inline constexpr char kCanaryDraftRating[] = "CANARY-DRAFT-RATING-11f0";
inline constexpr char kCanaryEditorDraft[] = "CANARY-EDITOR-DRAFT-6d3a";

inline std::vector<std::string> AllCanaries() {
  return {kCanaryFamily, kCanaryInternalAsk, kCanaryInternalReply, kCanaryDraftRating, kCanaryEditorDraft};
}

inline constexpr core::CivilDay kToday{2013, 8, 5};

// Seeds the records into `records`. ASSERTs inside: call from a test body or SetUp.
inline void SeedReadoutRecords(core::RecordService& records) {
  using nlohmann::json;
  auto seed = [&](core::RecordKind kind, const std::string& id, const json& body) {
    auto created = records.Create(kind, body, core::Actor{"Tester"}, id);
    ASSERT_TRUE(created.has_value()) << id << ": " << created.error().message
                                     << (created.error().fields.empty()
                                             ? ""
                                             : " " + created.error().fields[0].field + ": " +
                                                   created.error().fields[0].problem);
  };
  seed(core::RecordKind::kDialogue, "dlg_test",
       {{"name", {{"en", "US–China Human Rights Dialogue"}, {"zh_hans", "中美人权对话"}}},
        {"party_a", {{"name", {{"en", "United States"}, {"zh_hans", "美国"}}}}},
        {"party_b", {{"name", {{"en", "China"}, {"zh_hans", "中国"}}}}}});
  seed(core::RecordKind::kRound, "rnd_kunming",
       {{"dialogue_id", "dlg_test"},
        {"number", 18},
        {"title", {{"en", "18th Dialogue, Kunming"}, {"zh_hans", "第十八次对话（昆明）"}}},
        {"dates", "2013-07-30/2013-07-31"},
        {"place", {{"en", "Kunming"}, {"zh_hans", "昆明"}}},
        {"summary", {{"en", "Two days of talks; the US raised detentions of activists."}}},
        {"delegation",
         json::array({{{"name", {{"en", "Uzra Zeya"}}},
                       {"title", {{"en", "Acting Assistant Secretary"}}},
                       {"side", "a"},
                       {"lead", true}},
                      {{"name", {{"en", "Li Junhua"}, {"zh_hans", "李军华"}}}, {"side", "b"}, {"lead", true}}})},
        {"sources", json::array({{{"title", "State Department briefing"}, {"url", "https://example.org/briefing"}}})}});
  seed(core::RecordKind::kIssue, "iss_rtl", {{"name", {{"en", "Re-education through Labor"}, {"zh_hans", "劳动教养"}}}});
  seed(core::RecordKind::kBenchmark, "bmk_rtl",
       {{"dialogue_id", "dlg_test"},
        {"issue_id", "iss_rtl"},
        {"statement", {{"en", "Re-education through Labor abolished"}, {"zh_hans", "废除劳动教养"}}},
        {"criterion", {{"en", "Repealed by the NPC Standing Committee"}}}});
  seed(core::RecordKind::kAssessment, "asm_rtl",
       {{"benchmark_id", "bmk_rtl"},
        {"round_id", "rnd_kunming"},
        {"rating", "limited_progress"},
        {"rationale", {{"en", "Reform announced, camps still open"}}},
        {"assessor", "Researcher One"},
        {"reviewer", "Reviewer Two"},
        {"state", "approved"}});
  seed(core::RecordKind::kPerson, "prs_xu",
       {{"names", json::array({{{"text", "许志永"}, {"script", "Hans"}, {"kind", "legal"}, {"primary", true}},
                               {{"text", "Xu Zhiyong"}, {"script", "Latn"}, {"scheme", "pinyin"}, {"kind", "legal"}}})}});
  seed(core::RecordKind::kCase, "cas_xu",
       {{"person_id", "prs_xu"}, {"family_contact", {{"text", kCanaryFamily}}}});
  seed(core::RecordKind::kLegalEvent, "lev_xu-1",
       {{"case_id", "cas_xu"}, {"type", "criminal_detention"}, {"date", "2013-07-16"}});
  seed(core::RecordKind::kAsk, "ask_rtl",
       {{"round_id", "rnd_kunming"},
        {"position", 1},
        {"subject", {{"kind", "issue"}, {"id", "iss_rtl"}}},
        {"raised_by", {{"en", "Uzra Zeya"}}},
        {"requests", json::array({"information"})},
        {"description", {{"en", "Asked when RTL camps will close, a \"reform\", with commas"}}}});
  seed(core::RecordKind::kReply, "rpl_rtl",
       {{"ask_id", "ask_rtl"},
        {"reply_kind", "information_provided"},
        {"original_text", "劳动教养制度正在改革"},
        {"original_language", "zh-Hans"},
        {"translation", {{"en", "The RTL system is being reformed"}}},
        {"date", "2013-07-31"}});
  seed(core::RecordKind::kAsk, "ask_bmk",
       {{"round_id", "rnd_kunming"}, {"position", 2}, {"subject", {{"kind", "benchmark"}, {"id", "bmk_rtl"}}}});
  seed(core::RecordKind::kAsk, "ask_xu",
       {{"round_id", "rnd_kunming"},
        {"position", 3},
        {"subject", {{"kind", "case"}, {"id", "cas_xu"}}},
        {"raised_by", {{"en", "Uzra Zeya"}}},
        {"requests", json::array({"release"})},
        {"description", {{"en", "Called for Xu Zhiyong's release"}, {"zh_hans", "要求释放许志永"}}}});
  seed(core::RecordKind::kReply, "rpl_xu",
       {{"ask_id", "ask_xu"},
        {"reply_kind", "handled_according_to_law"},
        {"original_text", "依法处理"},
        {"original_language", "zh-Hans"},
        {"translation", {{"en", "Handled according to law"}}}});
  seed(core::RecordKind::kAsk, "ask_secret",
       {{"visibility", "internal"},
        {"round_id", "rnd_kunming"},
        {"position", 4},
        {"subject", {{"kind", "issue"}, {"id", "iss_rtl"}}},
        {"description", {{"en", kCanaryInternalAsk}}}});
  seed(core::RecordKind::kReply, "rpl_secret",
       {{"visibility", "internal"},
        {"ask_id", "ask_rtl"},
        {"reply_kind", "denied_facts"},
        {"original_text", kCanaryInternalReply},
        {"original_language", "en"}});
  seed(core::RecordKind::kCommitment, "cmt_rtl",
       {{"dialogue_id", "dlg_test"},
        {"text", {{"en", "Reform of Re-education through Labor"}}},
        {"date", "2013-03-17"},
        {"made_by", {{"en", "Premier Li Keqiang"}}},
        {"benchmark_ids", json::array({"bmk_rtl"})}});
}

// Creates readout `id` of `subject_id` (author "Editor A") and walks it to
// its first publication (approved by "Reviewer B"), with the content built
// from public records as the publish step does. Returns the stored body.
inline nlohmann::json CreateAndPublishReadout(core::RecordService& records, const std::string& id,
                                              const std::string& subject_id,
                                              const core::BilingualText& editor_note = {}) {
  core::Readout draft;
  draft.subject_id = subject_id;
  draft.author = "Editor A";
  draft.editor_note = editor_note;
  auto created = records.Create(core::RecordKind::kReadout, core::Encode(draft), core::Actor{"Editor A"}, id);
  EXPECT_TRUE(created.has_value()) << (created ? "" : created.error().message);
  if (!created) return {};
  std::int64_t revision = created->header.revision;
  core::Readout current = draft;
  auto step = [&](core::ReadoutAction action, const std::string& actor) {
    core::ReadoutStep s;
    s.action = action;
    s.actor = actor;
    s.now = "2013-08-05T09:00:00.000Z";
    if (action == core::ReadoutAction::kPublish) {
      PublicRecords pub(records);
      auto content = BuildPublicReadout(pub, subject_id, current.editor_note, kToday);
      EXPECT_TRUE(content.has_value()) << (content ? "" : content.error().message);
      if (content) s.content = ToJson(*content);
    }
    auto next = core::ApplyReadoutStep(current, s);
    EXPECT_TRUE(next.has_value()) << (next ? "" : next.error().message);
    if (!next) return;
    auto updated = records.Update(id, revision, core::Encode(*next), core::Actor{actor});
    EXPECT_TRUE(updated.has_value()) << (updated ? "" : updated.error().message);
    if (!updated) return;
    revision = updated->header.revision;
    current = *next;
  };
  step(core::ReadoutAction::kSubmit, "Editor A");
  step(core::ReadoutAction::kApprove, "Reviewer B");
  step(core::ReadoutAction::kPublish, "Editor A");
  return core::Encode(current);
}

}  // namespace readout::publish::testing
