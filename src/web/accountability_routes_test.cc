// The accountability API through App, over records created through the API
// itself, with "today" injected into the Site: the scorecard (and that a draft
// rating never reaches it), the changes report, agency records, scores and
// alerts, the bad-parameter problems, and the OpenAPI document.
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "web/app.h"
#include "web/testing/staff_for_test.h"
#include "web/memory_store_for_test.h"

namespace readout::web {
namespace {

using nlohmann::json;


// Days from 2015-01-01 (bmk_xu's deadline) to the injected today, 2016-06-01.
constexpr long kXuDeadlineDaysOverdue = 365 + 31 + 29 + 31 + 30 + 31;

class AccountabilityRoutesTest : public ::testing::Test {
 protected:
  AccountabilityRoutesTest()
      : records_(store_),
        site_(records_, catalogs_, publish::SiteOptions{[] { return core::CivilDay{2016, 6, 1}; }}),
        app_(records_, site_, staff_.Options()) {}

  void SetUp() override {
    Create("dialogues", {{"id", "dlg_test"},
                         {"name", {{"en", "Test Dialogue"}}},
                         {"party_a", {{"name", {{"en", "A"}}}}},
                         {"party_b", {{"name", {{"en", "B"}}}}}});
    Create("dialogues", {{"id", "dlg_hidden"},
                         {"name", {{"en", "Hidden Dialogue"}}},
                         {"party_a", {{"name", {{"en", "A"}}}}},
                         {"party_b", {{"name", {{"en", "B"}}}}},
                         {"visibility", "internal"}});
    Create("issues", {{"id", "iss_detention"}, {"name", {{"en", "Arbitrary detention"}}}});
    Create("issues",
           {{"id", "iss_rtl"}, {"parent_id", "iss_detention"}, {"name", {{"en", "Re-education through Labor"}}}});
    Create("issues", {{"id", "iss_hrd"}, {"name", {{"en", "Human rights defenders"}}}});
    Create("rounds", {{"id", "rnd_2013"},
                      {"dialogue_id", "dlg_test"},
                      {"title", {{"en", "2013 round"}}},
                      {"dates", "2013-07-30/2013-07-31"},
                      {"public_account",
                       {{"level", "detailed"}, {"date", "2013-08-02"}, {"url", "https://example.org/2013"}}}});
    Create("rounds", {{"id", "rnd_2015"},
                      {"dialogue_id", "dlg_test"},
                      {"title", {{"en", "2015 round"}}},
                      {"dates", "2015-08-13/2015-08-14"}});
    Create("benchmarks", {{"id", "bmk_rtl"},
                          {"dialogue_id", "dlg_test"},
                          {"issue_id", "iss_rtl"},
                          {"statement", {{"en", "Re-education through Labor abolished"}}},
                          {"criterion", {{"en", "The system is abolished by law"}}},
                          {"deadline", "2014-12-31"}});
    Create("benchmarks", {{"id", "bmk_xu"},
                          {"dialogue_id", "dlg_test"},
                          {"issue_id", "iss_hrd"},
                          {"statement", {{"en", "Xu Zhiyong released"}}},
                          {"deadline", "2015-01-01"}});
    Create("assessments", Assessment("asm_rtl-2013", "bmk_rtl", "rnd_2013", "no_progress", "approved"));
    Create("assessments", Assessment("asm_rtl-2015", "bmk_rtl", "rnd_2015", "met", "approved"));
    Create("assessments", Assessment("asm_xu-draft", "bmk_xu", "rnd_2015", "regressed", "draft"));
    Create("asks", {{"id", "ask_rtl"},
                    {"round_id", "rnd_2015"},
                    {"subject", {{"kind", "benchmark"}, {"id", "bmk_rtl"}}},
                    {"description", {{"en", "Asked about the abolition"}}}});
    Create("asks", {{"id", "ask_xu"},
                    {"round_id", "rnd_2015"},
                    {"subject", {{"kind", "benchmark"}, {"id", "bmk_xu"}}},
                    {"description", {{"en", "Asked for his release"}}}});
    Create("replies", {{"id", "rpl_rtl"}, {"ask_id", "ask_rtl"}, {"reply_kind", "information_provided"}});
    Create("replies", {{"id", "rpl_xu"}, {"ask_id", "ask_xu"}, {"reply_kind", "internal_affairs"}});
    Create("agencies", {{"id", "agy_doj"}, {"name", {{"en", "Department of Justice"}}}, {"abbreviation", "DOJ"},
                        {"areas", {"justice"}}});
    Create("engagements", Engagement("eng_interview", "media_interview", "2015-03-01", "yes", "detailed",
                                     {{"name", {{"en", "Phoenix TV"}}}, {"language", "zh-Hans"}}));
    Create("engagements", Engagement("eng_meeting", "meeting", "2013-04-13", "no", "none", nullptr));
    json secret = Engagement("eng_secret", "meeting", "2014-06-01", "unknown", "none", nullptr);
    secret["visibility"] = "internal";
    Create("engagements", secret);
  }

  static json Assessment(const std::string& id, const std::string& benchmark, const std::string& round,
                         const std::string& rating, const std::string& state) {
    json a = {{"id", id},           {"benchmark_id", benchmark}, {"round_id", round},
              {"rating", rating},   {"rationale", {{"en", "Rationale of " + id}}},
              {"assessor", "Alice"}, {"state", state}};
    if (state == "approved") a["reviewer"] = "Bob";
    return a;
  }

  static json Engagement(const std::string& id, const std::string& kind, const std::string& date,
                         const std::string& raised, const std::string& account, const json& outlet) {
    json e = {{"id", id},
              {"dialogue_id", "dlg_test"},
              {"agency_id", "agy_doj"},
              {"engagement_kind", kind},
              {"title", {{"en", "Engagement " + id}}},
              {"date", date},
              {"human_rights_raised", raised},
              {"public_account", {{"level", account}}}};
    if (account != "none") e["public_account"]["date"] = date;
    if (!outlet.is_null()) e["outlet"] = outlet;
    return e;
  }

  void Create(const std::string& collection, const json& body) {
    auto res = Send(http::verb::post, "/api/v1/" + collection, body.dump(), true);
    ASSERT_EQ(res.result(), http::status::created) << collection << " " << body.dump() << ": " << res.body();
  }

  HttpResponse Send(http::verb method, const std::string& target, const std::string& body, bool staff) {
    HttpRequest req{method, target, 11};
    if (staff) {
      req.set(http::field::authorization, staff_.Bearer("Tester"));
    }
    if (!body.empty()) req.set(http::field::content_type, "application/json");
    req.body() = body;
    req.prepare_payload();
    HttpResponse res;
    app_.Handle(req, res);
    return res;
  }
  HttpResponse Get(const std::string& target, bool staff = false) { return Send(http::verb::get, target, "", staff); }
  json GetJson(const std::string& target, bool staff = false) {
    auto res = Get(target, staff);
    EXPECT_EQ(res.result(), http::status::ok) << target << ": " << res.body();
    EXPECT_EQ(res[http::field::content_type], "application/json") << target;
    return json::parse(res.body());
  }

  static const json* Row(const json& scorecard, const std::string& benchmark) {
    for (const json& row : scorecard["rows"]) {
      if (row["benchmark_id"] == benchmark) return &row;
    }
    return nullptr;
  }
  static json Sorted(json ids) {
    std::sort(ids.begin(), ids.end());
    return ids;
  }
  static const json* Component(const json& score, const std::string& code) {
    for (const json& c : score["components"]) {
      if (c["code"] == code) return &c;
    }
    return nullptr;
  }

  testing::MemoryStore store_;
  testing::StaffForTest staff_;
  core::RecordService records_;
  publish::Catalogs catalogs_;
  publish::Site site_;
  App app_;
};

TEST_F(AccountabilityRoutesTest, ScorecardShowsEachApprovedRatingWithItsChangeAndItsInputs) {
  json body = GetJson("/api/v1/dialogues/dlg_test/scorecard");
  EXPECT_EQ(body["dialogue_id"], "dlg_test");
  EXPECT_EQ(body["issue_id"], nullptr);
  EXPECT_EQ(body["round_ids"], json({"rnd_2013", "rnd_2015"}));
  const json* rtl = Row(body, "bmk_rtl");
  ASSERT_NE(rtl, nullptr) << body.dump();
  EXPECT_EQ((*rtl)["issue_id"], "iss_rtl");
  EXPECT_EQ((*rtl)["statement"]["en"], "Re-education through Labor abolished");
  EXPECT_EQ((*rtl)["deadline"], "2014-12-31");
  ASSERT_EQ((*rtl)["cells"].size(), 2u) << rtl->dump();
  const json& y2013 = (*rtl)["cells"][0];
  EXPECT_EQ(y2013["round_id"], "rnd_2013");
  EXPECT_EQ(y2013["rating"], "no_progress");
  EXPECT_EQ(y2013["assessment_id"], "asm_rtl-2013");
  EXPECT_EQ(y2013["change"], "first_rated");
  const json& y2015 = (*rtl)["cells"][1];
  EXPECT_EQ(y2015["rating"], "met");
  EXPECT_EQ(y2015["assessment_id"], "asm_rtl-2015");
  EXPECT_EQ(y2015["rationale"]["en"], "Rationale of asm_rtl-2015");
  EXPECT_EQ(y2015["change"], "improved");
  EXPECT_EQ(y2015["previous_rating"], "no_progress");
  EXPECT_TRUE(y2015["source_ids"].is_array());
}

TEST_F(AccountabilityRoutesTest, ADraftRatingNeverReachesTheScorecardOrTheChanges) {
  for (bool staff : {false, true}) {
    for (const char* target : {"/api/v1/dialogues/dlg_test/scorecard", "/api/v1/dialogues/dlg_test/changes"}) {
      auto res = Get(target, staff);
      ASSERT_EQ(res.result(), http::status::ok) << target << " staff=" << staff << ": " << res.body();
      EXPECT_EQ(res.body().find("asm_xu-draft"), std::string::npos) << target << " staff=" << staff;
      EXPECT_EQ(res.body().find("regressed"), std::string::npos) << target << " staff=" << staff;
    }
    json body = GetJson("/api/v1/dialogues/dlg_test/scorecard", staff);
    const json* xu = Row(body, "bmk_xu");
    ASSERT_NE(xu, nullptr) << body.dump();
    for (const json& cell : (*xu)["cells"]) {
      EXPECT_EQ(cell["rating"], "not_assessed") << cell.dump();
      EXPECT_EQ(cell["assessment_id"], nullptr) << cell.dump();
    }
  }
}

TEST_F(AccountabilityRoutesTest, ScorecardFiltersByIssueIncludingItsDescendants) {
  json body = GetJson("/api/v1/dialogues/dlg_test/scorecard?issue=iss_detention");
  EXPECT_EQ(body["issue_id"], "iss_detention");
  ASSERT_EQ(body["rows"].size(), 1u) << body.dump();
  EXPECT_EQ(body["rows"][0]["benchmark_id"], "bmk_rtl");
}

TEST_F(AccountabilityRoutesTest, ChangesDefaultToTheLastTwoRoundsHeld) {
  json body = GetJson("/api/v1/dialogues/dlg_test/changes");
  EXPECT_EQ(body["dialogue_id"], "dlg_test");
  EXPECT_EQ(body["from_round_id"], "rnd_2013");
  EXPECT_EQ(body["to_round_id"], "rnd_2015");
  bool found = false;
  for (const json& e : body["rating_changes"]) {
    if (e["benchmark_id"] != "bmk_rtl") continue;
    found = true;
    EXPECT_EQ(e["from"], "no_progress");
    EXPECT_EQ(e["to"], "met");
    EXPECT_EQ(e["change"], "improved");
    EXPECT_EQ(e["assessment_id"], "asm_rtl-2015");
  }
  EXPECT_TRUE(found) << body.dump();
  EXPECT_EQ(GetJson("/api/v1/dialogues/dlg_test/changes?from=rnd_2013&to=rnd_2015"), body);
  for (const char* list : {"new_commitment_ids", "closed_commitment_ids", "case_changes", "reply_ids",
                           "deadlines_passed"}) {
    EXPECT_TRUE(body[list].is_array()) << list;
  }
}

TEST_F(AccountabilityRoutesTest, BadParametersAreProblemsThatNameTheParameter) {
  struct Row {
    const char* target;
    const char* field;
  };
  const Row rows[] = {
      {"/api/v1/dialogues/dlg_test/scorecard?issue=iss_nope", "issue"},
      {"/api/v1/dialogues/dlg_test/changes?from=rnd_2013", "to"},
      {"/api/v1/dialogues/dlg_test/changes?to=rnd_2015", "from"},
      {"/api/v1/dialogues/dlg_test/changes?from=rnd_nope&to=rnd_2015", "from"},
      {"/api/v1/dialogues/dlg_test/changes?from=rnd_2013&to=dlg_test", "to"},
      {"/api/v1/dialogues/dlg_test/changes?from=rnd_2015&to=rnd_2013", "from"},
      {"/api/v1/dialogues/dlg_test/agency-records?from=2013-13-01", "from"},
      {"/api/v1/dialogues/dlg_test/agency-records?to=2015", "to"},
      {"/api/v1/dialogues/dlg_test/agency-records?from=2015-01-01&to=2014-01-01", "to"},
  };
  for (const Row& r : rows) {
    auto res = Get(r.target);
    EXPECT_EQ(res.result(), http::status::bad_request) << r.target << ": " << res.body();
    EXPECT_EQ(res[http::field::content_type], "application/problem+json") << r.target;
    json body = json::parse(res.body());
    ASSERT_FALSE(body["errors"].empty()) << r.target << ": " << body.dump();
    EXPECT_EQ(body["errors"][0]["field"], r.field) << r.target << ": " << body.dump();
  }
}

TEST_F(AccountabilityRoutesTest, AHiddenOrUnknownSubjectIsNotFoundForThePublic) {
  const char* targets[] = {
      "/api/v1/dialogues/dlg_hidden/scorecard", "/api/v1/dialogues/dlg_nope/scorecard",
      "/api/v1/dialogues/rnd_2013/scorecard",   "/api/v1/dialogues/dlg_hidden/changes",
      "/api/v1/dialogues/dlg_hidden/agency-records", "/api/v1/dialogues/dlg_hidden/alerts",
      "/api/v1/rounds/rnd_nope/score",          "/api/v1/rounds/dlg_test/score",
      "/api/v1/engagements/eng_secret/score",   "/api/v1/engagements/eng_nope/score",
  };
  for (const char* target : targets) {
    auto res = Get(target);
    EXPECT_EQ(res.result(), http::status::not_found) << target << ": " << res.body();
    EXPECT_EQ(res[http::field::content_type], "application/problem+json") << target;
    EXPECT_EQ(res.body().find("Hidden Dialogue"), std::string::npos) << target;
  }
  EXPECT_EQ(Get("/api/v1/dialogues/dlg_hidden/scorecard", true).result(), http::status::ok);
  EXPECT_EQ(Get("/api/v1/engagements/eng_secret/score", true).result(), http::status::ok);
}

TEST_F(AccountabilityRoutesTest, AgencyRecordsCountWhatTheReaderMaySee) {
  json body = GetJson("/api/v1/dialogues/dlg_test/agency-records");
  EXPECT_EQ(body["from"], nullptr);
  EXPECT_EQ(body["to"], nullptr);
  ASSERT_EQ(body["total"], 1) << body.dump();
  const json& doj = body["items"][0];
  EXPECT_EQ(doj["agency_id"], "agy_doj");
  EXPECT_EQ(doj["name"]["en"], "Department of Justice");
  EXPECT_EQ(doj["abbreviation"], "DOJ");
  EXPECT_EQ(doj["engagements"], 2) << "the internal engagement is not counted for the public: " << doj.dump();
  EXPECT_EQ(doj["raised_yes"], 1);
  EXPECT_EQ(doj["raised_no"], 1);
  EXPECT_DOUBLE_EQ(doj["share_raised"].get<double>(), 0.5);
  EXPECT_EQ(doj["chinese_media_interviews"], 1);
  EXPECT_EQ(doj["chinese_media_interviews_raised"], 1);
  EXPECT_EQ(doj["public_speech"], 1);
  EXPECT_EQ(doj["engagement_ids"], json({"eng_meeting", "eng_interview"}));
  EXPECT_EQ(doj["no_public_account_ids"], json({"eng_meeting"}));
  EXPECT_EQ(body.dump().find("eng_secret"), std::string::npos);

  json staff = GetJson("/api/v1/dialogues/dlg_test/agency-records", true);
  EXPECT_EQ(staff["items"][0]["engagements"], 3) << staff.dump();
  EXPECT_NEAR(staff["items"][0]["share_raised"].get<double>(), 1.0 / 3, 1e-9);

  json period = GetJson("/api/v1/dialogues/dlg_test/agency-records?from=2014-01-01&to=2015-12-31");
  EXPECT_EQ(period["from"], "2014-01-01");
  EXPECT_EQ(period["to"], "2015-12-31");
  EXPECT_EQ(period["items"][0]["engagements"], 1) << period.dump();
  EXPECT_EQ(period["items"][0]["engagement_ids"], json({"eng_interview"}));
  EXPECT_DOUBLE_EQ(period["items"][0]["share_raised"].get<double>(), 1.0);
}

TEST_F(AccountabilityRoutesTest, RoundScoreShowsEveryComponentWithItsInputs) {
  json body = GetJson("/api/v1/rounds/rnd_2015/score");
  EXPECT_EQ(body["round_id"], "rnd_2015");
  EXPECT_EQ(body["dialogue_id"], "dlg_test");
  std::vector<std::string> codes;
  for (const json& c : body["components"]) codes.push_back(c["code"]);
  EXPECT_EQ(codes, (std::vector<std::string>{"measurable_benchmarks", "progress", "substantive_replies",
                                             "case_information", "readout"}));
  const json* measurable = Component(body, "measurable_benchmarks");
  ASSERT_NE(measurable, nullptr);
  EXPECT_EQ((*measurable)["numerator"], 1) << "bmk_xu has no criterion: " << body.dump();
  EXPECT_EQ((*measurable)["denominator"], 2);
  EXPECT_DOUBLE_EQ((*measurable)["value"].get<double>(), 0.5);
  EXPECT_EQ(Sorted((*measurable)["input_ids"]), json({"bmk_rtl", "bmk_xu"})) << "in benchmark order";
  const json* replies = Component(body, "substantive_replies");
  ASSERT_NE(replies, nullptr);
  EXPECT_EQ((*replies)["numerator"], 1);
  EXPECT_EQ((*replies)["denominator"], 2);
  EXPECT_EQ(Sorted((*replies)["input_ids"]), json({"ask_rtl", "ask_xu"}));
  const double total = body["total"].get<double>();
  EXPECT_GE(total, 0.0);
  EXPECT_LE(total, 1.0);
  EXPECT_EQ(body["perfunctory"], total < 0.5);
  EXPECT_DOUBLE_EQ(body["perfunctory_below"].get<double>(), 0.5);
}

TEST_F(AccountabilityRoutesTest, EngagementScoreCountsHumanRightsRaisedAndThePublicAccount) {
  json body = GetJson("/api/v1/engagements/eng_interview/score");
  EXPECT_EQ(body["engagement_id"], "eng_interview");
  EXPECT_EQ(body["dialogue_id"], "dlg_test");
  const json* raised = Component(body, "human_rights_raised");
  ASSERT_NE(raised, nullptr) << body.dump();
  EXPECT_DOUBLE_EQ((*raised)["value"].get<double>(), 1.0);
  const json* account = Component(body, "public_account");
  ASSERT_NE(account, nullptr) << body.dump();
  EXPECT_DOUBLE_EQ((*account)["value"].get<double>(), 1.0);

  json meeting = GetJson("/api/v1/engagements/eng_meeting/score");
  EXPECT_DOUBLE_EQ(meeting["total"].get<double>(), 0.0) << meeting.dump();
  EXPECT_EQ(meeting["perfunctory"], true);
}

TEST_F(AccountabilityRoutesTest, AlertsAreAsOfTheSiteClockMostOverdueFirst) {
  json body = GetJson("/api/v1/dialogues/dlg_test/alerts");
  EXPECT_EQ(body["today"], "2016-06-01");
  EXPECT_EQ(body["total"], body["items"].size());
  bool xu = false;
  bool readout = false;
  for (const json& a : body["items"]) {
    EXPECT_EQ(a["dialogue_id"], "dlg_test");
    EXPECT_NE(a["subject_id"], "bmk_rtl") << "met before today: " << a.dump();
    if (a["kind"] == "benchmark_deadline_passed" && a["subject_id"] == "bmk_xu") {
      xu = true;
      EXPECT_EQ(a["due"], "2015-01-01");
      EXPECT_EQ(a["days_overdue"], kXuDeadlineDaysOverdue);
    }
    if (a["kind"] == "readout_missing" && a["subject_id"] == "rnd_2015") readout = true;
    EXPECT_NE(a["subject_id"], "rnd_2013") << "its readout was published: " << a.dump();
  }
  EXPECT_TRUE(xu) << body.dump();
  EXPECT_TRUE(readout) << body.dump();
  for (std::size_t i = 1; i < body["items"].size(); ++i) {
    EXPECT_GE(body["items"][i - 1]["days_overdue"], body["items"][i]["days_overdue"]) << body.dump();
  }

  json all = GetJson("/api/v1/alerts");
  EXPECT_EQ(all["today"], "2016-06-01");
  EXPECT_EQ(all["items"], body["items"]) << "the hidden dialogue has no alerts for the public";
}

TEST_F(AccountabilityRoutesTest, AllAlertsCoverEveryDialogueTheStaffMaySee) {
  Create("rounds", {{"id", "rnd_hidden"}, {"dialogue_id", "dlg_hidden"}, {"title", {{"en", "Hidden round"}}},
                    {"dates", "2014-01-10"}});
  json pub = GetJson("/api/v1/alerts");
  EXPECT_EQ(pub.dump().find("rnd_hidden"), std::string::npos);
  json staff = GetJson("/api/v1/alerts", true);
  bool hidden = false;
  for (const json& a : staff["items"]) hidden = hidden || a["subject_id"] == "rnd_hidden";
  EXPECT_TRUE(hidden) << staff.dump();
  for (std::size_t i = 1; i < staff["items"].size(); ++i) {
    EXPECT_GE(staff["items"][i - 1]["days_overdue"], staff["items"][i]["days_overdue"]) << staff.dump();
  }
}

TEST_F(AccountabilityRoutesTest, OpenApiDescribesEveryDerivedView) {
  json doc = GetJson("/api/v1/openapi.json");
  for (const char* path :
       {"/api/v1/dialogues/{id}/scorecard", "/api/v1/dialogues/{id}/changes", "/api/v1/dialogues/{id}/agency-records",
        "/api/v1/dialogues/{id}/alerts", "/api/v1/rounds/{id}/score", "/api/v1/engagements/{id}/score",
        "/api/v1/alerts"}) {
    ASSERT_TRUE(doc["paths"].contains(path)) << path;
    const json& get = doc["paths"][path]["get"];
    EXPECT_EQ(get["tags"], json({"accountability"})) << path;
    EXPECT_EQ(get["responses"].contains("404"), std::string(path).find("{id}") != std::string::npos) << path;
  }
  std::vector<std::string> params;
  for (const json& p : doc["paths"]["/api/v1/dialogues/{id}/changes"]["get"]["parameters"]) params.push_back(p["name"]);
  EXPECT_EQ(params, (std::vector<std::string>{"id", "from", "to"}));
}

// Every property `schema` requires is in `value`, every property of `value`
// is one `schema` names when it allows no others, recursively through $ref,
// objects and arrays. Failures name the JSON path.
void ExpectMatches(const json& doc, const json& schema, const json& value, const std::string& where) {
  if (schema.contains("$ref")) {
    const std::string ref = schema["$ref"];
    const std::string name = ref.substr(ref.rfind('/') + 1);
    ASSERT_TRUE(doc["components"]["schemas"].contains(name)) << where << ": no schema " << name;
    return ExpectMatches(doc, doc["components"]["schemas"][name], value, where);
  }
  if (value.is_object() && schema.contains("properties")) {
    for (const json& required : schema.value("required", json::array())) {
      EXPECT_TRUE(value.contains(required.get<std::string>())) << where << " lacks required " << required;
    }
    for (const auto& [key, item] : value.items()) {
      if (!schema["properties"].contains(key)) {
        EXPECT_TRUE(schema.value("additionalProperties", true)) << where << "." << key << " is not in the schema";
        continue;
      }
      ExpectMatches(doc, schema["properties"][key], item, where + "." + key);
    }
  } else if (value.is_array() && schema.contains("items")) {
    for (size_t i = 0; i < value.size(); ++i) {
      ExpectMatches(doc, schema["items"], value[i], where + "[" + std::to_string(i) + "]");
    }
  }
}

TEST_F(AccountabilityRoutesTest, EachDerivedRouteNamesASchemaThatARealResponseMatches) {
  const json doc = GetJson("/api/v1/openapi.json");
  struct Case {
    const char* path;
    const char* target;
    const char* schema;
  };
  for (const Case& c : {
           Case{"/api/v1/dialogues/{id}/scorecard", "/api/v1/dialogues/dlg_test/scorecard", "Scorecard"},
           Case{"/api/v1/dialogues/{id}/changes", "/api/v1/dialogues/dlg_test/changes", "ChangesReport"},
           Case{"/api/v1/dialogues/{id}/agency-records", "/api/v1/dialogues/dlg_test/agency-records",
                "AgencyRecordList"},
           Case{"/api/v1/dialogues/{id}/alerts", "/api/v1/dialogues/dlg_test/alerts", "AlertList"},
           Case{"/api/v1/rounds/{id}/score", "/api/v1/rounds/rnd_2015/score", "RoundScore"},
           Case{"/api/v1/engagements/{id}/score", "/api/v1/engagements/eng_interview/score", "EngagementScore"},
           Case{"/api/v1/alerts", "/api/v1/alerts", "AlertList"},
       }) {
    const json& schema = doc["paths"][c.path]["get"]["responses"]["200"]["content"]["application/json"]["schema"];
    EXPECT_EQ(schema, json({{"$ref", std::string("#/components/schemas/") + c.schema}})) << c.path;
    const json& named = doc["components"]["schemas"][c.schema];
    ASSERT_TRUE(named.contains("required")) << c.schema;
    const json body = GetJson(c.target);
    ExpectMatches(doc, schema, body, c.target);
  }
}

TEST_F(AccountabilityRoutesTest, ScorecardApiIsPaginatedAndRejectsAPageThatIsNotThere) {
  const json first = GetJson("/api/v1/dialogues/dlg_test/scorecard?page=1");
  EXPECT_EQ(first["page"], 1);
  EXPECT_EQ(first["pages"], 1);
  EXPECT_EQ(first["page_size"], publish::kScorecardPageSize);
  EXPECT_EQ(first["total_rows"], first["rows"].size());
  for (const char* target : {"/api/v1/dialogues/dlg_test/scorecard?page=2", "/api/v1/dialogues/dlg_test/scorecard?page=0",
                             "/api/v1/dialogues/dlg_test/scorecard?page=x"}) {
    auto res = Get(target);
    EXPECT_EQ(res.result(), http::status::bad_request) << target;
    EXPECT_NE(res.body().find("\"page\""), std::string::npos) << target << ": " << res.body();
  }
}

TEST_F(AccountabilityRoutesTest, TheApiUsesTheSitesThresholdAndWeights) {
  publish::SiteOptions options{[] { return core::CivilDay{2016, 6, 1}; }};
  options.score_settings.perfunctory_below = 0.0;
  options.score_settings.weight_readout = 3;
  const publish::Site site(records_, catalogs_, options);
  App app(records_, site, staff_.Options());
  HttpRequest req{http::verb::get, "/api/v1/rounds/rnd_2015/score", 11};
  HttpResponse res;
  app.Handle(req, res);
  ASSERT_EQ(res.result(), http::status::ok) << res.body();
  const json lenient = json::parse(res.body());
  EXPECT_EQ(lenient["perfunctory_below"], 0.0);
  EXPECT_EQ(lenient["perfunctory"], false);
  EXPECT_EQ((*Component(lenient, "readout"))["weight"], 3.0);
  const json strict = GetJson("/api/v1/rounds/rnd_2015/score");
  EXPECT_EQ(strict["perfunctory_below"], 0.5);
  EXPECT_EQ((*Component(strict, "readout"))["weight"], 1.0);
}

TEST_F(AccountabilityRoutesTest, TraditionalChineseReadersGetTheConvertedPageWhicheverWayTheyAsk) {
  struct Case {
    const char* target;
    const char* header;
    const char* value;
    const char* want_lang;
  };
  for (const Case& c : {Case{"/dialogues/dlg_test/scorecard?lang=zh-Hant", "", "", "zh-Hant"},
                        Case{"/dialogues/dlg_test/scorecard", "Accept-Language", "zh-TW,en;q=0.5", "zh-Hant"},
                        Case{"/dialogues/dlg_test/scorecard", "Accept-Language", "zh-HK", "zh-Hant"},
                        Case{"/dialogues/dlg_test/scorecard", "Cookie", "lang=zh-Hant", "zh-Hant"},
                        // After the Traditional pages were cached, a Simplified reader still gets Simplified.
                        Case{"/dialogues/dlg_test/scorecard", "Accept-Language", "zh-CN", "zh-Hans"},
                        Case{"/dialogues/dlg_test/scorecard?lang=zh-Hans", "", "", "zh-Hans"}}) {
    HttpRequest req{http::verb::get, c.target, 11};
    if (*c.header) req.set(c.header, c.value);
    HttpResponse res;
    app_.Handle(req, res);
    ASSERT_EQ(res.result(), http::status::ok) << c.target << " " << c.value;
    const std::string& html = res.body();
    EXPECT_NE(html.find(std::string("<html lang=\"") + c.want_lang + "\""), std::string::npos) << c.target << c.value;
    EXPECT_EQ(res[http::field::content_language], c.want_lang) << c.target << " " << c.value;
    const bool traditional = std::string(c.want_lang) == "zh-Hant";
    EXPECT_EQ(html.find("評分表") != std::string::npos, traditional) << c.target << " " << c.value;
    EXPECT_EQ(html.find("评分表") != std::string::npos, !traditional) << c.target << " " << c.value;
    if (std::string(c.target).find("lang=") != std::string::npos) {
      const std::string cookie(res[http::field::set_cookie]);
      EXPECT_EQ(cookie.substr(0, cookie.find(';')), std::string("lang=") + c.want_lang) << c.target;
    }
  }
}

}  // namespace
}  // namespace readout::web
