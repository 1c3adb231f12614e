// The readout workflow through App (web/readout_api_handler.h): a readout of
// a public round walked draft -> submit -> approve (by another) -> publish ->
// correct -> submit -> approve -> publish, what the public sees at each
// point, and the refusals (public callers, self-approval, skipped steps,
// stale revisions, plain PUTs that would skip the workflow).
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "web/app.h"
#include "web/memory_store_for_test.h"
#include "auth/totp.h"
#include "web/session_cookie.h"
#include "web/testing/staff_for_test.h"

namespace readout::web {
namespace {

using nlohmann::json;


class ReadoutRoutesTest : public ::testing::Test {
 protected:
  ReadoutRoutesTest()
      : records_(store_),
        site_(records_, catalogs_, publish::SiteOptions{[] { return core::CivilDay{2013, 8, 10}; }}),
        app_(records_, site_, staff_.Options()) {}

  // The people: Ed drafts, Rita reviews (both may approve, so that the
  // workflow's own rule, not a role, refuses self-approval); anyone else an admin.
  static auth::Role RoleOf(const std::string& actor) {
    if (actor == "Ed" || actor == "Rita") return auth::Role::kReviewer;
    if (actor == "Eve Editor") return auth::Role::kEditor;
    return auth::Role::kAdmin;
  }

  void SetUp() override {
    Create("dialogues", {{"id", "dlg_test"},
                         {"name", {{"en", "Test Dialogue"}}},
                         {"party_a", {{"name", {{"en", "A"}}}}},
                         {"party_b", {{"name", {{"en", "B"}}}}}});
    Create("rounds", {{"id", "rnd_2013"},
                      {"dialogue_id", "dlg_test"},
                      {"title", {{"en", "2013 round"}}},
                      {"dates", "2013-07-30/2013-07-31"}});
    Create("rounds", {{"id", "rnd_secret"},
                      {"dialogue_id", "dlg_test"},
                      {"title", {{"en", "Unannounced round"}}},
                      {"dates", "2013-06-01"},
                      {"visibility", "internal"}});
    auto res = Send(http::verb::post, "/api/v1/readouts",
                    json{{"id", "rdo_2013"},
                         {"subject_id", "rnd_2013"},
                         {"author", "Ed"},
                         {"editor_note", {{"en", "First draft of the framing."}}}}
                        .dump(),
                    "Ed");
    ASSERT_EQ(res.result(), http::status::created) << res.body();
  }

  void Create(const std::string& collection, const json& body) {
    auto res = Send(http::verb::post, "/api/v1/" + collection, body.dump(), "Tester");
    ASSERT_EQ(res.result(), http::status::created) << collection << " " << body.dump() << ": " << res.body();
  }

  // `actor` empty: a public request (no token). Publishing and correcting
  // need a re-authentication: the actor's current code, unless `reauth` is false.
  HttpResponse Send(http::verb method, const std::string& target, const std::string& body, const std::string& actor,
                    bool reauth = true) {
    HttpRequest req{method, target, 11};
    if (!actor.empty()) {
      req.set(http::field::authorization, staff_.Bearer(actor, RoleOf(actor)));
      const bool needs = target.ends_with("/publish") || target.ends_with("/correct");
      if (needs && reauth) {
        clock_ += auth::kTotpStepSeconds;  // each code is good once: the next comes in the next step
        req.set(kReauthHeader, staff_.Code(actor));
      }
    }
    if (!body.empty()) req.set(http::field::content_type, "application/json");
    req.body() = body;
    req.prepare_payload();
    HttpResponse res;
    app_.Handle(req, res);
    return res;
  }

  json Staff(const std::string& id = "rdo_2013") {
    auto res = Send(http::verb::get, "/api/v1/readouts/" + id, "", "Tester");
    EXPECT_EQ(res.result(), http::status::ok) << res.body();
    return json::parse(res.body());
  }

  // Takes `action` on rdo_2013 at its current revision.
  HttpResponse Step(const std::string& action, const std::string& actor, json extra = json::object(),
                    const std::string& id = "rdo_2013") {
    json body = {{"base_revision", Staff(id)["revision"]}, {"actor", actor}};
    if (extra.is_object()) body.update(extra);
    return Send(http::verb::post, "/api/v1/readouts/" + id + "/" + action, body.dump(), actor);
  }

  void StepOk(const std::string& action, const std::string& actor, json extra = json::object()) {
    auto res = Step(action, actor, std::move(extra));
    ASSERT_EQ(res.result(), http::status::ok) << action << " by " << actor << ": " << res.body();
    EXPECT_EQ(res[http::field::content_type], "application/json");
  }

  static std::string ProblemField(const HttpResponse& res) {
    json p = json::parse(res.body(), nullptr, false);
    if (p.contains("errors") && !p["errors"].empty()) return p["errors"][0].value("field", "");
    return "";
  }

  testing::MemoryStore store_;
  std::int64_t clock_ = 1'700'000'000;
  testing::StaffForTest staff_{nullptr, [this] { return clock_; }};
  core::RecordService records_;
  publish::Catalogs catalogs_;
  publish::Site site_;
  App app_;
};

TEST_F(ReadoutRoutesTest, AReadoutIsReviewedPublishedAndCorrectedWithEveryVersionKept) {
  // A draft is not public.
  EXPECT_EQ(Send(http::verb::get, "/api/v1/readouts/rdo_2013", "", "").result(), http::status::not_found);

  // A draft is edited as any record: GET, change, PUT (the GET shows it internal).
  json draft = Staff();
  EXPECT_EQ(draft["visibility"], "internal");
  draft["editor_note"]["en"] = "Framing by the editor.";
  auto put = Send(http::verb::put, "/api/v1/readouts/rdo_2013", draft.dump(), "Ed");
  ASSERT_EQ(put.result(), http::status::ok) << put.body();

  StepOk("submit", "Ed");
  EXPECT_EQ(Staff()["state"], "in_review");
  StepOk("approve", "Rita");
  EXPECT_EQ(Staff()["reviewer"], "Rita");
  StepOk("publish", "Ed");
  json published = Staff();
  EXPECT_EQ(published["state"], "published");
  ASSERT_EQ(published["versions"].size(), 1u) << published.dump();
  const json v1 = published["versions"][0];
  EXPECT_EQ(v1["number"], 1);
  EXPECT_EQ(v1["approved_by"], "Rita");
  EXPECT_EQ(v1["content"]["subject_id"], "rnd_2013") << v1.dump();
  EXPECT_EQ(v1["content"]["editor_note"]["en"], "Framing by the editor.") << v1.dump();
  EXPECT_EQ(v1["content_sha256"].get<std::string>().size(), 64u);

  // Now public, without the editorial fields.
  auto pub = Send(http::verb::get, "/api/v1/readouts/rdo_2013", "", "");
  ASSERT_EQ(pub.result(), http::status::ok) << pub.body();
  json public_body = json::parse(pub.body());
  for (const char* field : {"author", "reviewer", "editor_note", "pending_correction_note"}) {
    EXPECT_FALSE(public_body.contains(field)) << field << ": " << pub.body();
  }
  EXPECT_EQ(public_body["versions"][0]["content"], v1["content"]);

  // A correction needs a note, then goes through review again.
  auto no_note = Step("correct", "Ed");
  EXPECT_EQ(no_note.result(), http::status::bad_request) << no_note.body();
  EXPECT_EQ(ProblemField(no_note), "note") << no_note.body();
  StepOk("correct", "Ed", {{"note", {{"en", "The dates were wrong."}, {"zh_hans", "日期有误。"}}}});
  json correcting = Staff();
  EXPECT_EQ(correcting["state"], "draft");
  EXPECT_EQ(correcting["pending_correction_note"]["en"], "The dates were wrong.");
  // The public still reads version 1, as published, and never the pending note.
  pub = Send(http::verb::get, "/api/v1/readouts/rdo_2013", "", "");
  ASSERT_EQ(pub.result(), http::status::ok);
  EXPECT_EQ(pub.body().find("The dates were wrong"), std::string::npos) << pub.body();
  EXPECT_EQ(json::parse(pub.body())["state"], "published");

  StepOk("submit", "Cai");
  StepOk("approve", "Ed");
  StepOk("publish", "Cai");
  json corrected = Staff();
  ASSERT_EQ(corrected["versions"].size(), 2u) << corrected.dump();
  EXPECT_EQ(corrected["versions"][0], v1) << "version 1 is frozen";
  EXPECT_EQ(corrected["versions"][1]["number"], 2);
  EXPECT_EQ(corrected["versions"][1]["correction_note"]["en"], "The dates were wrong.");
  EXPECT_FALSE(corrected.contains("pending_correction_note"));
}

TEST_F(ReadoutRoutesTest, StepsTheWorkflowDoesNotAllowAreRefusedNamingTheProblem) {
  struct Case {
    const char* name;
    std::string action;
    std::string actor;
    http::status status;
  };
  // From draft.
  const std::vector<Case> from_draft = {
      {"approve a draft", "approve", "Rita", http::status::conflict},
      {"publish a draft", "publish", "Ed", http::status::conflict},
      {"correct a draft", "correct", "Ed", http::status::conflict},
      {"an unknown step", "delete-all", "Ed", http::status::not_found},
  };
  for (const Case& c : from_draft) {
    auto res = Step(c.action, c.actor, {{"note", {{"en", "n"}}}});
    EXPECT_EQ(res.result(), c.status) << c.name << ": " << res.body();
    EXPECT_EQ(Staff()["state"], "draft") << c.name;
  }
  StepOk("submit", "Ed");
  auto own = Step("approve", "Ed");
  EXPECT_EQ(own.result(), http::status::bad_request) << own.body();
  EXPECT_EQ(ProblemField(own), "actor") << own.body();
  auto early = Step("publish", "Ed");
  EXPECT_EQ(early.result(), http::status::conflict) << early.body();
  EXPECT_NE(early.body().find("state"), std::string::npos) << early.body();
  EXPECT_EQ(Staff()["state"], "in_review");
}

TEST_F(ReadoutRoutesTest, RolesAndReauthenticationGateTheSteps) {
  StepOk("submit", "Ed");
  // An editor may submit and publish but not approve.
  auto editor = Step("approve", "Eve Editor");
  EXPECT_EQ(editor.result(), http::status::forbidden) << editor.body();
  EXPECT_EQ(json::parse(editor.body())["type"], "https://readout.example/problems/permission_denied");
  StepOk("approve", "Rita");
  // Publishing without a fresh code is refused and changes nothing.
  const json body = {{"base_revision", Staff()["revision"]}};
  auto stale = Send(http::verb::post, "/api/v1/readouts/rdo_2013/publish", body.dump(), "Ed", /*reauth=*/false);
  EXPECT_EQ(stale.result(), http::status::forbidden) << stale.body();
  EXPECT_EQ(json::parse(stale.body())["type"], "https://readout.example/problems/reauthentication_required");
  EXPECT_EQ(Staff()["state"], "approved");
  // A body can not name someone else as the actor.
  auto claimed = Send(http::verb::post, "/api/v1/readouts/rdo_2013/return",
                      json{{"base_revision", Staff()["revision"]}, {"actor", "Rita"}}.dump(), "Ed");
  EXPECT_EQ(claimed.result(), http::status::bad_request) << claimed.body();
  EXPECT_EQ(ProblemField(claimed), "actor") << claimed.body();
  StepOk("publish", "Ed");
  EXPECT_EQ(Staff()["state"], "published");
}

TEST_F(ReadoutRoutesTest, OnlyStaffTakeStepsAndAStaleRevisionIsAConflict) {
  auto pub = Send(http::verb::post, "/api/v1/readouts/rdo_2013/submit", json{{"base_revision", 1}}.dump(), "");
  EXPECT_EQ(pub.result(), http::status::unauthorized) << pub.body();

  const json stale = {{"base_revision", 99}, {"actor", "Ed"}};
  auto res = Send(http::verb::post, "/api/v1/readouts/rdo_2013/submit", stale.dump(), "Ed");
  EXPECT_EQ(res.result(), http::status::conflict) << res.body();

  const std::vector<json> bad_bodies = {
      json::object(),                                        // base_revision missing
      {{"base_revision", "1"}},                              // not an integer
      {{"base_revision", 1}, {"note", "text"}},              // note not an object
      {{"base_revision", 1}, {"colour", "red"}},             // unknown field
  };
  for (const json& body : bad_bodies) {
    auto r = Send(http::verb::post, "/api/v1/readouts/rdo_2013/submit", body.dump(), "Ed");
    EXPECT_EQ(r.result(), http::status::bad_request) << body.dump() << ": " << r.body();
    EXPECT_FALSE(ProblemField(r).empty()) << body.dump() << ": " << r.body();
  }
  EXPECT_EQ(Staff()["state"], "draft");
}

TEST_F(ReadoutRoutesTest, APlainPutCanNotSkipTheWorkflowOrRewriteAPublishedVersion) {
  json body = Staff();
  body["state"] = "approved";
  body["reviewer"] = "Rita";
  auto res = Send(http::verb::put, "/api/v1/readouts/rdo_2013", body.dump(), "Ed");
  EXPECT_EQ(res.result(), http::status::conflict) << "draft -> approved by PUT: " << res.body();

  // A readout can not be created already published.
  json forged = {{"subject_id", "rnd_2013"}, {"author", "Ed"}, {"state", "approved"}, {"reviewer", "Rita"}};
  res = Send(http::verb::post, "/api/v1/readouts", forged.dump(), "Ed");
  EXPECT_EQ(res.result(), http::status::bad_request) << res.body();
  EXPECT_EQ(ProblemField(res), "state") << res.body();

  StepOk("submit", "Ed");
  StepOk("approve", "Rita");
  StepOk("publish", "Ed");
  json published = Staff();
  json rewritten = published;
  rewritten["versions"][0]["content"]["editor_note"]["en"] = "Quietly changed.";
  res = Send(http::verb::put, "/api/v1/readouts/rdo_2013", rewritten.dump(), "Ed");
  EXPECT_EQ(res.result(), http::status::conflict) << res.body();
  EXPECT_NE(res.body().find("versions: changes only through POST /api/v1/readouts/rdo_2013/"), std::string::npos)
      << res.body();

  json dropped = published;
  dropped.erase("versions");
  dropped["state"] = "draft";
  res = Send(http::verb::put, "/api/v1/readouts/rdo_2013", dropped.dump(), "Ed");
  EXPECT_EQ(res.result(), http::status::conflict) << res.body();
  EXPECT_EQ(Staff()["versions"], published["versions"]);
}

TEST_F(ReadoutRoutesTest, APlainPutCanNotPublishContentOfItsOwnMakingButEditsADraftsNote) {
  json draft = Staff();
  draft["editor_note"] = {{"en", "Framing, edited while a draft."}};
  auto res = Send(http::verb::put, "/api/v1/readouts/rdo_2013", draft.dump(), "Ed");
  ASSERT_EQ(res.result(), http::status::ok) << res.body();

  StepOk("submit", "Ed");
  StepOk("approve", "Rita");
  // Approved: a PUT that appends a version (with content the server did not
  // build from public records) and claims the published state is refused.
  json forged = Staff();
  forged["state"] = "published";
  forged["versions"] = json::array({{{"number", 1},
                                     {"published_at", "2026-11-29T08:00:00.000Z"},
                                     {"published_by", "Ed"},
                                     {"approved_by", "Rita"},
                                     {"content", {{"title", {{"en", "SECRET restricted detail"}}}}}}});
  res = Send(http::verb::put, "/api/v1/readouts/rdo_2013", forged.dump(), "Ed");
  EXPECT_EQ(res.result(), http::status::conflict) << res.body();
  EXPECT_EQ(Send(http::verb::get, "/api/v1/readouts/rdo_2013", "", "").result(), http::status::not_found)
      << "still unpublished for the public";
}

TEST_F(ReadoutRoutesTest, PublishingAReadoutOfANonPublicRoundIsRefused) {
  auto res = Send(http::verb::post, "/api/v1/readouts",
                  json{{"id", "rdo_secret"}, {"subject_id", "rnd_secret"}, {"author", "Ed"}}.dump(), "Ed");
  ASSERT_EQ(res.result(), http::status::created) << res.body();
  ASSERT_EQ(Step("submit", "Ed", {}, "rdo_secret").result(), http::status::ok);
  ASSERT_EQ(Step("approve", "Rita", {}, "rdo_secret").result(), http::status::ok);
  res = Step("publish", "Ed", {}, "rdo_secret");
  EXPECT_EQ(res.result(), http::status::conflict) << res.body();
  EXPECT_NE(res.body().find("subject_id"), std::string::npos) << res.body();
  EXPECT_EQ(Staff("rdo_secret")["state"], "approved");
}

TEST_F(ReadoutRoutesTest, OpenApiDescribesEveryWorkflowStep) {
  auto res = Send(http::verb::get, "/api/v1/openapi.json", "", "");
  ASSERT_EQ(res.result(), http::status::ok);
  const json doc = json::parse(res.body());
  for (const char* action : {"submit", "return", "approve", "publish", "correct"}) {
    const std::string path = std::string("/api/v1/readouts/{id}/") + action;
    ASSERT_TRUE(doc["paths"].contains(path)) << path;
    const json& op = doc["paths"][path]["post"];
    EXPECT_EQ(op["requestBody"]["content"]["application/json"]["schema"]["$ref"], "#/components/schemas/ReadoutStep")
        << path;
    EXPECT_EQ(op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
              "#/components/schemas/Readout")
        << path;
  }
  EXPECT_TRUE(doc["components"]["schemas"].contains("ReadoutStep"));
  EXPECT_TRUE(doc["paths"].contains("/api/v1/readouts"));
}

}  // namespace
}  // namespace readout::web
