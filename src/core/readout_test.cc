#include "core/readout.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/accountability.h"
#include "core/entity_codec.h"
#include "core/evidence.h"
#include "core/record_service.h"
#include "core/redaction.h"
#include "core/testing/memory_store_for_test.h"

namespace readout::core {
namespace {

using nlohmann::json;

const json kContent = {{"subject_id", "rnd_2013-kunming"}, {"title", {{"en", "Kunming"}}}};

json PublishedBody() {
  return json{
      {"visibility", "public"},
      {"subject_id", "rnd_2013-kunming"},
      {"state", "published"},
      {"author", "editor A"},
      {"reviewer", "reviewer B"},
      {"editor_note", {{"en", "Framing."}}},
      {"versions", json::array({json{{"number", 1},
                                     {"published_at", "2013-08-05T09:00:00.000Z"},
                                     {"published_by", "editor A"},
                                     {"approved_by", "reviewer B"},
                                     {"content", kContent},
                                     {"content_sha256", FileSha256(kContent.dump())}}})},
  };
}

// The problem reported for `field`, or "" when none.
std::string ProblemOf(const Error& error, const std::string& field) {
  for (const FieldError& e : error.fields) {
    if (e.field == field) return e.problem;
  }
  return "";
}

TEST(ReadoutCodecTest, ACanonicalBodyRoundTrips) {
  const json body = PublishedBody();
  Result<Readout> r = DecodeReadout(body);
  ASSERT_TRUE(r) << r.error().message << " " << (r.error().fields.empty() ? "" : r.error().fields[0].field);
  EXPECT_EQ(Encode(*r), body);
  EXPECT_EQ(r->state, ReadoutState::kPublished);
  ASSERT_NE(LatestPublished(*r), nullptr);
  EXPECT_EQ(LatestPublished(*r)->number, 1);
}

TEST(ReadoutCodecTest, EveryRuleNamesItsField) {
  struct Case {
    const char* name;
    json body;
    std::string field;
  };
  auto with = [](const char* pointer, json value) {
    json b = PublishedBody();
    b[json::json_pointer(pointer)] = std::move(value);
    return b;
  };
  auto without = [](const char* key) {
    json b = PublishedBody();
    b.erase(key);
    return b;
  };
  json second_without_note = PublishedBody();
  {
    json v = second_without_note["versions"][0];
    v["number"] = 2;
    second_without_note["versions"].push_back(v);
  }
  const std::vector<Case> cases = {
      {"subject missing", without("subject_id"), "subject_id"},
      {"subject a dialogue", with("/subject_id", "dlg_us-china"), "subject_id"},
      {"subject malformed", with("/subject_id", "rnd_Bad Slug"), "subject_id"},
      {"unknown state", with("/state", "live"), "state"},
      {"reviewer is the author", with("/reviewer", "editor A"), "reviewer"},
      {"approved without reviewer", [] {
         json b = PublishedBody();
         b.erase("reviewer");
         b["state"] = "approved";
         b.erase("versions");
         return b;
       }(), "reviewer"},
      {"published without versions", without("versions"), "versions"},
      {"version numbered 2 first", with("/versions/0/number", 2), "versions[0].number"},
      {"bad published_at", with("/versions/0/published_at", "yesterday"), "versions[0].published_at"},
      {"published_at missing", [] {
         json b = PublishedBody();
         b["versions"][0].erase("published_at");
         return b;
       }(), "versions[0].published_at"},
      {"content not an object", with("/versions/0/content", "text"), "versions[0].content"},
      {"hash does not match", with("/versions/0/content_sha256", std::string(64, '0')), "versions[0].content_sha256"},
      {"content edited after publication", with("/versions/0/content/title/en", "Other"),
       "versions[0].content_sha256"},
      {"second version without correction note", second_without_note, "versions[1].correction_note"},
      {"unknown field", with("/extra", 1), "extra"},
  };
  for (const Case& c : cases) {
    Result<Readout> r = DecodeReadout(c.body);
    ASSERT_FALSE(r) << c.name << ": " << c.body.dump();
    EXPECT_NE(ProblemOf(r.error(), c.field), "") << c.name << ": no problem for " << c.field << " in "
                                                 << c.body.dump();
  }
}

TEST(ReadoutCodecTest, AnUnpublishedReadoutIsStoredAtLeastInternal) {
  const json draft = {{"subject_id", "rnd_2013-kunming"}, {"author", "editor A"}, {"visibility", "public"}};
  Result<RecordDraft> d = MakeDraft(RecordKind::kReadout, draft);
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d->visibility, Visibility::kInternal);
  EXPECT_EQ(d->parent_id, "rnd_2013-kunming");
  ASSERT_EQ(d->references.size(), 1u);
  EXPECT_EQ(d->references[0].target_kind, RecordKind::kRound);

  Result<RecordDraft> published = MakeDraft(RecordKind::kReadout, PublishedBody());
  ASSERT_TRUE(published) << published.error().message;
  EXPECT_EQ(published->visibility, Visibility::kPublic);
}

TEST(ReadoutRedactionTest, APublicReaderGetsOnlyTheSubjectAndThePublishedVersions) {
  json body = PublishedBody();
  // A correction in progress: a draft again, with a note not yet published.
  body["state"] = "draft";
  body.erase("reviewer");
  body["pending_correction_note"] = json{{"en", "Secret working note"}};
  body["editor_note"] = json{{"en", "Unreviewed framing"}};
  const json out = Redact(RecordKind::kReadout, body, Visibility::kPublic);
  for (const char* field : {"author", "reviewer", "editor_note", "pending_correction_note"}) {
    EXPECT_FALSE(out.contains(field)) << field << " in " << out.dump();
  }
  EXPECT_EQ(out["state"], "published") << out.dump();
  EXPECT_EQ(out["subject_id"], "rnd_2013-kunming");
  ASSERT_EQ(out["versions"].size(), 1u);
  EXPECT_EQ(out["versions"][0]["content"], kContent);
  EXPECT_FALSE(out["versions"][0].contains("published_by")) << out.dump();
  EXPECT_FALSE(out["versions"][0].contains("approved_by")) << out.dump();
  EXPECT_EQ(out.dump().find("Secret"), std::string::npos) << out.dump();

  // What PublicRecords returns still decodes (publish::LoadPublishedReadout relies on it).
  Result<Readout> decoded = DecodeReadout(out);
  ASSERT_TRUE(decoded) << out.dump() << ": " << decoded.error().message;
  EXPECT_EQ(decoded->versions.size(), 1u);

  const json staff = Redact(RecordKind::kReadout, body, Visibility::kInternal);
  EXPECT_EQ(staff, body) << "staff see the whole record";
}

// ---- Workflow ----------------------------------------------------------------

Readout Draft() {
  Readout r;
  r.subject_id = "rnd_2013-kunming";
  r.author = "editor A";
  return r;
}

ReadoutStep Step(ReadoutAction action, std::string actor) {
  ReadoutStep s;
  s.action = action;
  s.actor = std::move(actor);
  s.now = "2013-08-05T09:00:00.000Z";
  if (action == ReadoutAction::kPublish) s.content = kContent;
  if (action == ReadoutAction::kCorrect) s.note.en = "The reply date was wrong.";
  return s;
}

Readout Walk(Readout r, const std::vector<ReadoutStep>& steps) {
  for (const ReadoutStep& s : steps) {
    Result<Readout> next = ApplyReadoutStep(r, s);
    EXPECT_TRUE(next) << ToCode(s.action) << ": " << next.error().message;
    if (!next) return r;
    r = *next;
  }
  return r;
}

TEST(ReadoutWorkflowTest, AReadoutGoesThroughReviewToPublicationAndCorrection) {
  Readout draft = Draft();
  draft.common.visibility = Visibility::kInternal;  // as a GET of the unpublished draft shows it
  Readout r = Walk(draft, {Step(ReadoutAction::kSubmit, "editor A"), Step(ReadoutAction::kApprove, "reviewer B"),
                           Step(ReadoutAction::kPublish, "editor A")});
  EXPECT_EQ(r.state, ReadoutState::kPublished);
  EXPECT_EQ(r.common.visibility, Visibility::kPublic);
  ASSERT_EQ(r.versions.size(), 1u);
  EXPECT_EQ(r.versions[0].number, 1);
  EXPECT_EQ(r.versions[0].approved_by, "reviewer B");
  EXPECT_EQ(r.versions[0].content_sha256, FileSha256(kContent.dump()));

  r = Walk(r, {Step(ReadoutAction::kCorrect, "editor A"), Step(ReadoutAction::kSubmit, "editor C"),
               Step(ReadoutAction::kApprove, "editor A"), Step(ReadoutAction::kPublish, "editor C")});
  ASSERT_EQ(r.versions.size(), 2u);
  EXPECT_EQ(r.versions[1].number, 2);
  EXPECT_EQ(r.versions[1].correction_note.en, "The reply date was wrong.");
  EXPECT_TRUE(r.pending_correction_note.empty());
  // The record stays a valid, decodable readout all the way.
  Result<Readout> decoded = DecodeReadout(Encode(r));
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(*decoded, r);
}

TEST(ReadoutWorkflowTest, StepsTheStateDoesNotAllowAreRefusedNamingTheField) {
  const Readout draft = Draft();
  const Readout in_review = Walk(draft, {Step(ReadoutAction::kSubmit, "editor A")});
  const Readout approved = Walk(in_review, {Step(ReadoutAction::kApprove, "reviewer B")});
  const Readout published = Walk(approved, {Step(ReadoutAction::kPublish, "editor A")});
  struct Case {
    const char* name;
    Readout from;
    ReadoutStep step;
    ErrorCode code;
    std::string field;  // the field named first in the message or the field error
  };
  ReadoutStep no_actor = Step(ReadoutAction::kSubmit, "");
  ReadoutStep no_content = Step(ReadoutAction::kPublish, "editor A");
  no_content.content = json();
  ReadoutStep no_note = Step(ReadoutAction::kCorrect, "editor A");
  no_note.note = {};
  const std::vector<Case> cases = {
      {"publish a draft", draft, Step(ReadoutAction::kPublish, "editor A"), ErrorCode::kConflict, "state"},
      {"approve a draft", draft, Step(ReadoutAction::kApprove, "reviewer B"), ErrorCode::kConflict, "state"},
      {"publish unapproved", in_review, Step(ReadoutAction::kPublish, "editor A"), ErrorCode::kConflict, "state"},
      {"approve own work", in_review, Step(ReadoutAction::kApprove, "editor A"), ErrorCode::kInvalidArgument,
       "actor"},
      {"correct a draft", draft, Step(ReadoutAction::kCorrect, "editor A"), ErrorCode::kConflict, "state"},
      {"return published", published, Step(ReadoutAction::kReturn, "editor A"), ErrorCode::kConflict, "state"},
      {"no actor", draft, no_actor, ErrorCode::kInvalidArgument, "actor"},
      {"publish without content", approved, no_content, ErrorCode::kInvalidArgument, "content"},
      {"correct without a note", published, no_note, ErrorCode::kInvalidArgument, "note"},
  };
  for (const Case& c : cases) {
    Result<Readout> r = ApplyReadoutStep(c.from, c.step);
    ASSERT_FALSE(r) << c.name;
    EXPECT_EQ(r.error().code, c.code) << c.name << ": " << r.error().message;
    const bool named = ProblemOf(r.error(), c.field) != "" || r.error().message.rfind(c.field + ":", 0) == 0;
    EXPECT_TRUE(named) << c.name << ": " << c.field << " not named in " << r.error().message;
  }
}

TEST(ReadoutWorkflowTest, AnUpdateMustBeAStepTheWorkflowAllows) {
  const Readout draft = Draft();
  const Readout in_review = Walk(draft, {Step(ReadoutAction::kSubmit, "editor A")});
  const Readout approved = Walk(in_review, {Step(ReadoutAction::kApprove, "reviewer B")});
  const Readout published = Walk(approved, {Step(ReadoutAction::kPublish, "editor A")});
  struct Case {
    const char* name;
    Readout before;
    Readout after;
    bool allowed;
  };
  Readout skip_review = draft;
  skip_review.state = ReadoutState::kApproved;
  skip_review.reviewer = "reviewer B";
  Readout self_approved = in_review;
  self_approved.state = ReadoutState::kApproved;
  self_approved.reviewer = "someone";
  self_approved.author = "someone";
  Readout rewritten = published;
  rewritten.versions[0].content["title"]["en"] = "Rewritten";
  rewritten.versions[0].content_sha256 = FileSha256(rewritten.versions[0].content.dump());
  Readout dropped = published;
  dropped.versions.clear();
  dropped.state = ReadoutState::kDraft;
  Readout moved = draft;
  moved.subject_id = "rnd_2014-washington";
  Readout note_after_approval = approved;
  note_after_approval.editor_note.en = "Changed after review";
  Readout note_in_draft = draft;
  note_in_draft.editor_note.en = "Framing";
  Readout published_without_review = approved;
  published_without_review = Walk(approved, {Step(ReadoutAction::kPublish, "editor A")});
  Readout forged_approver = published_without_review;
  forged_approver.versions[0].approved_by = "nobody";
  const std::vector<Case> cases = {
      {"submit", draft, in_review, true},
      {"approve by another", in_review, approved, true},
      {"publish", approved, published, true},
      {"edit a draft's note", draft, note_in_draft, true},
      {"skip review", draft, skip_review, false},
      {"approve own work", in_review, self_approved, false},
      {"rewrite a published version", published, rewritten, false},
      {"drop the versions", published, dropped, false},
      {"change the subject", draft, moved, false},
      {"edit the note after approval", approved, note_after_approval, false},
      {"publish with a forged approver", approved, forged_approver, false},
      {"publish straight from a draft", draft, published, false},
  };
  for (const Case& c : cases) {
    Status st = ValidateReadoutUpdate(c.before, c.after);
    EXPECT_EQ(static_cast<bool>(st), c.allowed)
        << c.name << ": " << (st ? std::string("allowed") : st.error().message) << "; after = "
        << Encode(c.after).dump();
  }
}

TEST(ReadoutServiceTest, APlainPutCanNotSkipReviewAndCreateStartsAsADraft) {
  testing::MemoryStoreForTest store;
  RecordService service(store);
  const Actor actor{"editor A"};
  Result<StoredRecord> forged = service.Create(RecordKind::kReadout, PublishedBody(), actor);
  ASSERT_FALSE(forged);
  EXPECT_NE(ProblemOf(forged.error(), "state"), "") << forged.error().message;

  Result<StoredRecord> anonymous =
      service.Create(RecordKind::kReadout, json{{"subject_id", "rnd_2013-kunming"}}, actor);
  ASSERT_FALSE(anonymous);
  EXPECT_NE(ProblemOf(anonymous.error(), "author"), "") << anonymous.error().message;

  const json draft = {{"subject_id", "rnd_2013-kunming"}, {"author", "editor A"}};
  Result<StoredRecord> created = service.Create(RecordKind::kReadout, draft, actor);
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(created->header.visibility, Visibility::kInternal);

  json skip = created->body;
  skip["state"] = "approved";
  skip["reviewer"] = "reviewer B";
  Result<StoredRecord> updated = service.Update(created->header.id, created->header.revision, skip, actor);
  ASSERT_FALSE(updated) << "a PUT skipped review: " << skip.dump();

  json submitted = created->body;
  submitted["state"] = "in_review";
  updated = service.Update(created->header.id, created->header.revision, submitted, actor);
  EXPECT_TRUE(updated) << updated.error().message;
  // Still not public: nothing published yet.
  EXPECT_FALSE(service.Get(created->header.id, Visibility::kPublic));
}

// ---- Accountability: a published readout is the round's public account -------

TEST(ReadoutAccountabilityTest, APublishedReadoutIsADetailedAccountDatedAtItsFirstPublication) {
  DialogueFacts facts;
  facts.dialogue_id = "dlg_test";
  Round round;
  round.dialogue_id = "dlg_test";
  round.dates = *PartialDate::Parse("2013-07-30/2013-07-31");
  facts.rounds.push_back({"rnd_2013-kunming", round});
  const CivilDay today{2013, 12, 1};
  auto readout_part = [&]() {
    Result<Score> score = ComputeRoundScore(facts, "rnd_2013-kunming");
    EXPECT_TRUE(score) << score.error().message;
    for (const ScoreComponent& c : score->components) {
      if (c.code == "readout") return c.numerator;
    }
    return -1;
  };
  auto missing = [&]() {
    for (const Alert& a : BuildAlerts(facts, today)) {
      if (a.kind == AlertKind::kReadoutMissing && a.subject_id == "rnd_2013-kunming") return true;
    }
    return false;
  };
  EXPECT_TRUE(missing()) << "no account, no readout";
  EXPECT_EQ(readout_part(), 0);

  // A readout still in review counts for nothing.
  Readout in_review = Walk(Draft(), {Step(ReadoutAction::kSubmit, "editor A")});
  facts.readouts.push_back({"rdo_kunming", in_review});
  EXPECT_TRUE(missing());
  EXPECT_EQ(readout_part(), 0);

  // Published on 2013-08-05 (Step's `now`), within the 14 days: on time and detailed.
  facts.readouts[0].value =
      Walk(in_review, {Step(ReadoutAction::kApprove, "reviewer B"), Step(ReadoutAction::kPublish, "editor A")});
  EXPECT_FALSE(missing());
  EXPECT_EQ(readout_part(), 2);

  // A correction published later does not move the account's date.
  ReadoutStep late = Step(ReadoutAction::kPublish, "editor A");
  late.now = "2013-11-01T00:00:00.000Z";
  facts.readouts[0].value = Walk(facts.readouts[0].value, {Step(ReadoutAction::kCorrect, "editor A"),
                                                           Step(ReadoutAction::kSubmit, "editor A"),
                                                           Step(ReadoutAction::kApprove, "reviewer B"), late});
  EXPECT_EQ(readout_part(), 2);

  // Published only after the due days: detailed, but not on time.
  facts.readouts[0].value.versions.resize(1);
  facts.readouts[0].value.versions[0].published_at = "2013-09-30T00:00:00.000Z";
  EXPECT_EQ(readout_part(), 1);
  EXPECT_FALSE(missing());
}

}  // namespace
}  // namespace readout::core
