// Integration: journeys 3 (assess), 6 (log engagements) and 7 (track an
// indicator) of DESIGN.md §4 through the real server over TCP, stored in
// SQLite: records written through the API, the derived views read back as
// the public and as staff.
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "http_client.h"
#include "running_server.h"

namespace readout::integration {
namespace {

using nlohmann::json;



json Body(const Response& res) { return json::parse(res.body()); }

json Dialogue(const std::string& id, const std::string& name) {
  return {{"id", id},
          {"name", {{"en", name}}},
          {"party_a", {{"name", {{"en", "United States"}, {"zh_hans", "美国"}}}}},
          {"party_b", {{"name", {{"en", "China"}, {"zh_hans", "中国"}}}}}};
}

class AccountabilityServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    web::ServerOptions options;
    options.threads = 2;
    auto started = RunningServer::Start("readout_accountability_it", options);
    ASSERT_TRUE(started) << started.error().message;
    server_ = std::move(*started);
  }
  static void TearDownTestSuite() { server_.reset(); }

  HttpClient Client() { return HttpClient(server_->port()); }

  // Creates a record through the API as staff; returns it (empty on failure, after a test failure).
  static json Create(HttpClient& client, const std::string& collection, const json& body) {
    auto res = client.Send(http::verb::post, "/api/v1/" + collection, body.dump(), Staff());
    EXPECT_EQ(res.result(), http::status::created) << collection << " " << body.dump() << ": " << res.body();
    return res.result() == http::status::created ? Body(res) : json::object();
  }

  static json GetJson(HttpClient& client, const std::string& target, bool staff = false) {
    auto res = client.Get(target, staff ? Staff() : Headers{});
    EXPECT_EQ(res.result(), http::status::ok) << target << ": " << res.body();
    return res.result() == http::status::ok ? Body(res) : json::object();
  }

  static const json* Row(const json& scorecard, const std::string& benchmark) {
    for (const json& row : scorecard["rows"]) {
      if (row["benchmark_id"] == benchmark) return &row;
    }
    return nullptr;
  }

  // The API token of `actor`, an admin.
  static Headers Staff(const std::string& actor = "Assessor Alice") {
    return {{"Authorization", server_->Bearer(actor)}};
  }
  static std::unique_ptr<RunningServer> server_;
};

std::unique_ptr<RunningServer> AccountabilityServerTest::server_;

// Journey 3: rate a benchmark at two rounds; the second rating is a draft
// until a second person approves it, and only then reaches the scorecard.
TEST_F(AccountabilityServerTest, JourneyThreeADraftRatingReachesTheScorecardOnlyOnceAnotherPersonApprovesIt) {
  HttpClient client = Client();
  Create(client, "dialogues", Dialogue("dlg_j3", "Journey 3 Dialogue"));
  Create(client, "issues", {{"id", "iss_j3-rtl"}, {"name", {{"en", "Re-education through Labor"}}}});
  Create(client, "rounds", {{"id", "rnd_j3-2013"}, {"dialogue_id", "dlg_j3"}, {"title", {{"en", "2013 round"}}},
                            {"dates", "2013-07-30/2013-07-31"}});
  Create(client, "rounds", {{"id", "rnd_j3-2015"}, {"dialogue_id", "dlg_j3"}, {"title", {{"en", "2015 round"}}},
                            {"dates", "2015-08-13/2015-08-14"}});
  Create(client, "benchmarks", {{"id", "bmk_j3-rtl"},
                                {"dialogue_id", "dlg_j3"},
                                {"issue_id", "iss_j3-rtl"},
                                {"statement", {{"en", "Re-education through Labor abolished"}}},
                                {"criterion", {{"en", "Abolished by a decision of the NPC Standing Committee"}}},
                                {"introduced_round_id", "rnd_j3-2013"}});
  Create(client, "assessments", {{"id", "asm_j3-2013"},
                                 {"benchmark_id", "bmk_j3-rtl"},
                                 {"round_id", "rnd_j3-2013"},
                                 {"rating", "no_progress"},
                                 {"rationale", {{"en", "The camps still operate"}}},
                                 {"assessor", "Alice"},
                                 {"reviewer", "Bob"},
                                 {"state", "approved"}});
  json draft = Create(client, "assessments", {{"id", "asm_j3-2015"},
                                              {"benchmark_id", "bmk_j3-rtl"},
                                              {"round_id", "rnd_j3-2015"},
                                              {"rating", "met"},
                                              {"rationale", {{"en", "Abolished on 28 December 2013"}}},
                                              {"assessor", "Alice"},
                                              {"state", "draft"}});
  ASSERT_FALSE(draft.empty());
  EXPECT_NE(draft["visibility"], "public") << "a draft is never public: " << draft.dump();

  // The public sees neither the draft nor its rating; the cell is not assessed.
  EXPECT_EQ(client.Get("/api/v1/assessments/asm_j3-2015").result(), http::status::not_found);
  auto before = client.Get("/api/v1/dialogues/dlg_j3/scorecard");
  ASSERT_EQ(before.result(), http::status::ok) << before.body();
  EXPECT_EQ(before.body().find("asm_j3-2015"), std::string::npos) << before.body();
  const json before_body = Body(before);
  const json* row = Row(before_body, "bmk_j3-rtl");
  ASSERT_NE(row, nullptr) << before.body();
  ASSERT_EQ((*row)["cells"].size(), 2u);
  EXPECT_EQ((*row)["cells"][0]["rating"], "no_progress");
  EXPECT_EQ((*row)["cells"][1]["rating"], "not_assessed");

  // The assessor can not approve their own rating.
  json approve = draft;
  approve["state"] = "approved";
  approve["reviewer"] = "Alice";
  approve["visibility"] = "public";
  auto self = client.Send(http::verb::put, "/api/v1/assessments/asm_j3-2015", approve.dump(), Staff("Alice"));
  EXPECT_EQ(self.result(), http::status::bad_request) << self.body();
  EXPECT_NE(self.body().find("reviewer"), std::string::npos) << self.body();

  // A different reviewer approves it.
  approve["reviewer"] = "Bob";
  auto approved = client.Send(http::verb::put, "/api/v1/assessments/asm_j3-2015", approve.dump(), Staff("Bob"));
  ASSERT_EQ(approved.result(), http::status::ok) << approved.body();

  const json after = GetJson(client, "/api/v1/dialogues/dlg_j3/scorecard");
  row = Row(after, "bmk_j3-rtl");
  ASSERT_NE(row, nullptr) << after.dump();
  const json& cell = (*row)["cells"][1];
  EXPECT_EQ(cell["round_id"], "rnd_j3-2015");
  EXPECT_EQ(cell["rating"], "met");
  EXPECT_EQ(cell["assessment_id"], "asm_j3-2015");
  EXPECT_EQ(cell["change"], "improved");
  EXPECT_EQ(cell["previous_rating"], "no_progress");

  // What changed between the two rounds names the rating change and the assessment behind it.
  const json changes = GetJson(client, "/api/v1/dialogues/dlg_j3/changes");
  EXPECT_EQ(changes["from_round_id"], "rnd_j3-2013");
  EXPECT_EQ(changes["to_round_id"], "rnd_j3-2015");
  ASSERT_EQ(changes["rating_changes"].size(), 1u) << changes.dump();
  EXPECT_EQ(changes["rating_changes"][0]["change"], "improved");
  EXPECT_EQ(changes["rating_changes"][0]["assessment_id"], "asm_j3-2015");

  // The round's score counts the benchmark as progress.
  const json score = GetJson(client, "/api/v1/rounds/rnd_j3-2015/score");
  bool progress = false;
  for (const json& c : score["components"]) {
    if (c["code"] != "progress") continue;
    progress = true;
    EXPECT_EQ(c["numerator"], 1) << c.dump();
    EXPECT_EQ(c["denominator"], 1) << c.dump();
    EXPECT_EQ(c["input_ids"], json({"asm_j3-2015"})) << "the approved assessment counted: " << c.dump();
  }
  EXPECT_TRUE(progress) << score.dump();
}

// Journey 6: an agency's engagements, each coded for whether human rights were
// raised; the agency record counts them and names those with no public account.
TEST_F(AccountabilityServerTest, JourneySixTheAgencyRecordCountsEngagementsThatRaisedHumanRights) {
  HttpClient client = Client();
  Create(client, "dialogues", Dialogue("dlg_j6", "Journey 6 Dialogue"));
  Create(client, "issues", {{"id", "iss_j6-hrd"}, {"name", {{"en", "Human rights defenders"}}}});
  Create(client, "agencies", {{"id", "agy_j6-state"},
                              {"name", {{"en", "Department of State"}, {"zh_hans", "国务院"}}},
                              {"abbreviation", "DOS"},
                              {"areas", {"foreign_affairs"}}});
  Create(client, "engagements", {{"id", "eng_j6-interview"},
                                 {"dialogue_id", "dlg_j6"},
                                 {"agency_id", "agy_j6-state"},
                                 {"engagement_kind", "media_interview"},
                                 {"title", {{"en", "Interview with Phoenix TV"}}},
                                 {"date", "2013-04-14"},
                                 {"outlet",
                                  {{"name", {{"en", "Phoenix TV"}, {"zh_hans", "凤凰卫视"}}}, {"language", "zh-Hans"}}},
                                 {"human_rights_raised", "yes"},
                                 {"public_account", {{"level", "detailed"}, {"date", "2013-04-14"},
                                                     {"url", "https://example.org/transcript"}}}});
  Create(client, "asks", {{"id", "ask_j6-hrd"},
                          {"engagement_id", "eng_j6-interview"},
                          {"subject", {{"kind", "issue"}, {"id", "iss_j6-hrd"}}},
                          {"description", {{"en", "Spoke of the detained rights defenders"}}}});
  Create(client, "engagements", {{"id", "eng_j6-meeting"},
                                 {"dialogue_id", "dlg_j6"},
                                 {"agency_id", "agy_j6-state"},
                                 {"engagement_kind", "meeting"},
                                 {"title", {{"en", "Meeting with the Foreign Minister"}}},
                                 {"date", "2013-04-13"},
                                 {"human_rights_raised", "unknown"},
                                 {"public_account", {{"level", "none"}}}});
  Create(client, "engagements", {{"id", "eng_j6-statement"},
                                 {"dialogue_id", "dlg_j6"},
                                 {"agency_id", "agy_j6-state"},
                                 {"engagement_kind", "public_statement"},
                                 {"title", {{"en", "Statement on the visit"}}},
                                 {"date", "2013-04-15"},
                                 {"human_rights_raised", "no"},
                                 {"public_account", {{"level", "brief"}, {"date", "2013-04-15"}}}});

  const json records = GetJson(client, "/api/v1/dialogues/dlg_j6/agency-records");
  ASSERT_EQ(records["total"], 1) << records.dump();
  const json& state = records["items"][0];
  EXPECT_EQ(state["agency_id"], "agy_j6-state");
  EXPECT_EQ(state["engagements"], 3);
  EXPECT_EQ(state["raised_yes"], 1);
  EXPECT_EQ(state["raised_no"], 1);
  EXPECT_EQ(state["raised_unknown"], 1);
  EXPECT_NEAR(state["share_raised"].get<double>(), 1.0 / 3, 1e-9) << "unknown counts as not raised";
  EXPECT_EQ(state["public_speech"], 2);
  EXPECT_EQ(state["public_speech_raised"], 1);
  EXPECT_EQ(state["chinese_media_interviews"], 1);
  EXPECT_EQ(state["chinese_media_interviews_raised"], 1);
  EXPECT_EQ(state["engagement_ids"], json({"eng_j6-meeting", "eng_j6-interview", "eng_j6-statement"}));
  EXPECT_EQ(state["no_public_account_ids"], json({"eng_j6-meeting"}));

  // A period of one day holds only the interview.
  const json day = GetJson(client, "/api/v1/dialogues/dlg_j6/agency-records?from=2013-04-14&to=2013-04-14");
  EXPECT_EQ(day["items"][0]["engagement_ids"], json({"eng_j6-interview"})) << day.dump();
  EXPECT_DOUBLE_EQ(day["items"][0]["share_raised"].get<double>(), 1.0);

  const json score = GetJson(client, "/api/v1/engagements/eng_j6-meeting/score");
  EXPECT_DOUBLE_EQ(score["total"].get<double>(), 0.0) << score.dump();
}

// Journey 7: an indicator with observations, one of them a range; its page
// draws a chart on the server beside a table, and its CSV has every row.
TEST_F(AccountabilityServerTest, JourneySevenAnIndicatorHasAChartATableAndACsvOfItsObservations) {
  HttpClient client = Client();
  Create(client, "indicators", {{"id", "ind_j7-immolations"},
                                {"name",
                                 {{"en", "Tibetan self-immolations since 2009"}, {"zh_hans", "2009年以来藏人自焚"}}},
                                {"definition", {{"counted", {{"en", "Tibetans who set themselves on fire in protest"}}},
                                                {"since", "2009-02"},
                                                {"counted_by", {{"en", "Human Rights Watch"}}}}},
                                {"unit", {{"en", "people"}}},
                                {"cumulative", true}});
  const json source = json::array({{{"title", "Human Rights Watch press release"}, {"url", "https://www.hrw.org/"}}});
  Create(client, "observations", {{"id", "obs_j7-2012"},
                                  {"indicator_id", "ind_j7-immolations"},
                                  {"date", "2012-12"},
                                  {"value", {{"low", 95}, {"qualifier", "exact"}}},
                                  {"sources", source}});
  Create(client, "observations", {{"id", "obs_j7-2013"},
                                  {"indicator_id", "ind_j7-immolations"},
                                  {"date", "2013-07"},
                                  {"value", {{"low", 117}, {"high", 121}, {"qualifier", "range"}}},
                                  {"sources", source}});

  auto page = client.Get("/indicators/ind_j7-immolations");
  ASSERT_EQ(page.result(), http::status::ok) << page.body();
  EXPECT_NE(page.body().find("<svg"), std::string::npos) << "a chart drawn on the server";
  EXPECT_NE(page.body().find("<table"), std::string::npos) << "a text table beside the chart";
  EXPECT_NE(page.body().find("Tibetan self-immolations since 2009"), std::string::npos);
  EXPECT_NE(page.body().find("121"), std::string::npos) << "the range's upper bound is shown";

  auto csv = client.Get("/indicators/ind_j7-immolations.csv");
  ASSERT_EQ(csv.result(), http::status::ok) << csv.body();
  EXPECT_NE(std::string(csv[http::field::content_type]).find("text/csv"), std::string::npos)
      << csv[http::field::content_type];
  const std::string& text = csv.body();
  std::vector<std::string> lines;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) lines.push_back(line);
    start = end + 1;
  }
  ASSERT_EQ(lines.size(), 3u) << "a header and two observations:\n" << text;
  EXPECT_NE(lines[0].find("date"), std::string::npos) << lines[0];
  EXPECT_EQ(lines[1].rfind("2012-12,95,", 0), 0u) << lines[1];
  EXPECT_EQ(lines[2].rfind("2013-07,117,121,range", 0), 0u) << lines[2];

  // An indicator nobody may see is a 404 page and a 404 download.
  Create(client, "indicators", {{"id", "ind_j7-hidden"},
                                {"name", {{"en", "Hidden series"}}},
                                {"definition", {{"counted", {{"en", "Things"}}}}},
                                {"visibility", "internal"}});
  EXPECT_EQ(client.Get("/indicators/ind_j7-hidden").result(), http::status::not_found);
  EXPECT_EQ(client.Get("/indicators/ind_j7-hidden.csv").result(), http::status::not_found);
}

}  // namespace
}  // namespace readout::integration
