// The evidence file routes through App, over the in-memory store: upload,
// byte-exact download with its headers, the custody log, visibility, refusals
// named by field, no caching, and the OpenAPI document.
// tests/integration/server_test.cc runs the same over TCP and SQLite,
// including the server's upload body limit.
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/evidence.h"
#include "web/app.h"
#include "web/testing/staff_for_test.h"
#include "web/evidence_handler.h"
#include "web/memory_store_for_test.h"

namespace readout::web {
namespace {

using nlohmann::json;
using namespace std::string_literals;

constexpr std::size_t kMaxUpload = 1024;
const std::string kUpload = "/api/v1/evidence_files/upload";
// A PNG signature and some NULs: bytes a text-minded layer would damage.
const std::string kBinary = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\xff"s;

class EvidenceRoutesTest : public ::testing::Test {
 protected:
  EvidenceRoutesTest() : records_(store_), site_(records_, catalogs_), app_(records_, site_, Options()) {}

  AppOptions Options() {
    AppOptions o = staff_.Options();
    o.max_upload_bytes = kMaxUpload;
    return o;
  }

  struct Call {
    http::verb method = http::verb::get;
    std::string target;
    std::string body;
    bool staff = false;
    std::string actor = "Li Researcher";
    std::string content_type;
  };

  HttpResponse Send(const Call& c) {
    HttpRequest req{c.method, c.target, 11};
    // A staff call is an admin's, named `actor`, with its API token.
    if (c.staff) req.set(http::field::authorization, staff_.Bearer(c.actor.empty() ? "Li Researcher" : c.actor));
    if (!c.content_type.empty()) req.set(http::field::content_type, c.content_type);
    req.body() = c.body;
    req.prepare_payload();
    HttpResponse res;
    app_.Handle(req, res);
    return res;
  }
  HttpResponse Get(const std::string& target, bool staff = false) {
    return Send({http::verb::get, target, "", staff, "", ""});
  }
  HttpResponse Upload(const std::string& query, const std::string& bytes = kBinary,
                      const std::string& content_type = "image/png") {
    return Send({http::verb::post, kUpload + query, bytes, true, "Li Researcher", content_type});
  }
  // Uploads and returns the new record's id.
  std::string MustUpload(const std::string& query, const std::string& bytes = kBinary) {
    auto res = Upload(query, bytes);
    EXPECT_EQ(res.result(), http::status::created) << res.body();
    return res.result() == http::status::created ? Body(res)["id"].get<std::string>() : std::string("evf_none");
  }
  static json Body(const HttpResponse& res) { return json::parse(res.body()); }

  testing::MemoryStore store_;
  testing::StaffForTest staff_;
  core::RecordService records_;
  publish::Catalogs catalogs_;
  publish::Site site_;
  App app_;
};

TEST_F(EvidenceRoutesTest, UploadRecordsTheHashAndSizeOfTheBytesItReceived) {
  auto res = Upload("?filename=scan.png&description=Notice%20of%20detention");
  ASSERT_EQ(res.result(), http::status::created) << res.body();
  json body = Body(res);
  EXPECT_EQ(body["kind"], "evidence_file");
  EXPECT_EQ(body["sha256"], core::FileSha256(kBinary));
  EXPECT_EQ(body["size"], kBinary.size());
  EXPECT_EQ(body["filename"], "scan.png");
  EXPECT_EQ(body["media_type"], "image/png");
  EXPECT_EQ(body["visibility"], "restricted");
  EXPECT_EQ(body["description"]["en"], "Notice of detention");
  EXPECT_EQ(res[http::field::location], "/api/v1/evidence_files/" + body["id"].get<std::string>());
  EXPECT_EQ(res[http::field::etag], "\"1\"");
}

TEST_F(EvidenceRoutesTest, DownloadReturnsTheSameBytesAsAnUncachedAttachment) {
  const std::string id = MustUpload("?filename=scan.png");
  auto res = Get("/api/v1/evidence_files/" + id + "/content", true);
  ASSERT_EQ(res.result(), http::status::ok) << res.body();
  EXPECT_EQ(res.body(), kBinary);
  EXPECT_EQ(res[http::field::content_type], "image/png");
  EXPECT_EQ(res[http::field::content_disposition], "attachment; filename=\"scan.png\"; filename*=UTF-8''scan.png");
  EXPECT_EQ(res["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ(res[http::field::cache_control], "no-store");
  EXPECT_EQ(res[http::field::content_length], std::to_string(kBinary.size()));
}

TEST_F(EvidenceRoutesTest, MediaTypeParametersAndCaseAreDropped) {
  auto res = Upload("?filename=a.txt", "hello", "Text/Plain; charset=utf-8");
  ASSERT_EQ(res.result(), http::status::created) << res.body();
  EXPECT_EQ(Body(res)["media_type"], "text/plain");
}

TEST_F(EvidenceRoutesTest, CustodyLogHasOneReceivedEntryAndAValidChain) {
  const std::string id = MustUpload("?filename=scan.png");
  auto res = Get("/api/v1/evidence_files/" + id + "/custody", true);
  ASSERT_EQ(res.result(), http::status::ok) << res.body();
  json body = Body(res);
  ASSERT_EQ(body["entries"].size(), 1u) << body;
  EXPECT_EQ(body["entries"][0]["action"], "received");
  EXPECT_EQ(body["entries"][0]["actor"], "Li Researcher");
  EXPECT_EQ(body["entries"][0]["evidence_file_id"], id);
  EXPECT_TRUE(body["chain_valid"].get<bool>());
  EXPECT_TRUE(body["problem"].is_null());
  EXPECT_EQ(res[http::field::cache_control], "no-store");
}

TEST_F(EvidenceRoutesTest, CustodyReportsABrokenChainWithItsProblem) {
  const std::string id = MustUpload("?filename=scan.png");
  // Tamper with the entry behind the service's back, as a direct database edit would.
  core::ListQuery query;
  query.kind = core::RecordKind::kCustodyEvent;
  auto log = store_.List(query);
  ASSERT_TRUE(log.has_value());
  ASSERT_EQ(log->records.size(), 1u);
  core::RecordDraft draft;
  draft.kind = core::RecordKind::kCustodyEvent;
  draft.body = log->records[0].body;
  draft.body["actor"] = "Someone Else";
  draft.visibility = log->records[0].header.visibility;
  draft.parent_id = id;
  ASSERT_TRUE(store_.Update(log->records[0].header.id, 1, draft, core::Actor{"intruder"}).has_value());

  json body = Body(Get("/api/v1/evidence_files/" + id + "/custody", true));
  EXPECT_FALSE(body["chain_valid"].get<bool>()) << body;
  EXPECT_NE(body["problem"].get<std::string>().find("does not match its content"), std::string::npos) << body;
}

TEST_F(EvidenceRoutesTest, ThePublicCannotSeeRestrictedEvidenceAnywhere) {
  const std::string id = MustUpload("?filename=scan.png");
  for (const std::string& path : {"/api/v1/evidence_files/" + id + "/content",
                                  "/api/v1/evidence_files/" + id + "/custody", "/api/v1/evidence_files/" + id}) {
    auto res = Get(path);
    EXPECT_EQ(res.result(), http::status::not_found) << path << ": " << res.body();
    EXPECT_EQ(res.body().find("\x89PNG"), std::string::npos) << path;
  }
  EXPECT_EQ(Body(Get("/api/v1/evidence_files"))["total"], 0);
  EXPECT_EQ(Body(Get("/api/v1/evidence_files", true))["total"], 1);
}

TEST_F(EvidenceRoutesTest, PublicEvidenceIsDownloadableByThePublic) {
  const std::string id = MustUpload("?filename=notice.png&visibility=public");
  auto res = Get("/api/v1/evidence_files/" + id + "/content");
  ASSERT_EQ(res.result(), http::status::ok) << res.body();
  EXPECT_EQ(res.body(), kBinary);
}

TEST_F(EvidenceRoutesTest, DownloadsAreNeverServedFromTheCacheSoTamperingIsCaught) {
  const std::string id = MustUpload("?filename=notice.png&visibility=public");
  ASSERT_EQ(Get("/api/v1/evidence_files/" + id + "/content").result(), http::status::ok);
  store_.blobs_.at(core::FileSha256(kBinary)).bytes[1] = 'X';
  auto res = Get("/api/v1/evidence_files/" + id + "/content");
  EXPECT_EQ(res.result(), http::status::internal_server_error) << res.body();
  EXPECT_EQ(res.body().find("PNG"), std::string::npos) << "the tampered bytes must not be served";
}

TEST_F(EvidenceRoutesTest, BadUploadsAreRefusedNamingTheProblem) {
  struct Case {
    const char* name;
    Call call;
    http::status status;
    std::string mentions;  // in the problem's detail or a field name
  };
  const std::string big(kMaxUpload + 1, 'x');
  const std::vector<Case> cases = {
      {"no staff token", {http::verb::post, kUpload + "?filename=a.png", kBinary, false, "X", "image/png"},
       http::status::unauthorized, "API token"},
      {"no content type", {http::verb::post, kUpload + "?filename=a.png", kBinary, true, "X", ""},
       http::status::unsupported_media_type, "Content-Type"},
      {"a form, not the file",
       {http::verb::post, kUpload + "?filename=a.png", kBinary, true, "X", "multipart/form-data; boundary=x"},
       http::status::unsupported_media_type, "multipart/form-data"},
      {"media type without subtype", {http::verb::post, kUpload + "?filename=a.png", kBinary, true, "X", "png"},
       http::status::bad_request, "media_type"},
      {"no filename", {http::verb::post, kUpload, kBinary, true, "X", "image/png"}, http::status::bad_request,
       "filename"},
      {"directory in the filename",
       {http::verb::post, kUpload + "?filename=..%2F..%2Fetc%2Fpasswd", kBinary, true, "X", "image/png"},
       http::status::bad_request, "filename"},
      {"unknown visibility",
       {http::verb::post, kUpload + "?filename=a.png&visibility=secret", kBinary, true, "X", "image/png"},
       http::status::bad_request, "visibility"},
      {"source that does not exist",
       {http::verb::post, kUpload + "?filename=a.png&source_id=src_nowhere", kBinary, true, "X", "image/png"},
       http::status::bad_request, "source_id"},
      {"empty file", {http::verb::post, kUpload + "?filename=a.png", "", true, "X", "image/png"},
       http::status::bad_request, "file"},
      {"over the upload limit", {http::verb::post, kUpload + "?filename=a.png", big, true, "X", "image/png"},
       http::status::payload_too_large, "1024"},
  };
  for (const Case& c : cases) {
    auto res = Send(c.call);
    EXPECT_EQ(res.result(), c.status) << c.name << ": " << res.body();
    EXPECT_NE(res.body().find(c.mentions), std::string::npos) << c.name << ": " << res.body();
    EXPECT_EQ(res[http::field::content_type], "application/problem+json") << c.name;
  }
  EXPECT_EQ(Body(Get("/api/v1/evidence_files", true))["total"], 0);
}

TEST_F(EvidenceRoutesTest, OnlyTheUploadRouteTakesAFileBody) {
  EXPECT_TRUE(app_.TakesFileBody(http::verb::post, kUpload + "?filename=a.pdf"));
  EXPECT_TRUE(app_.TakesFileBody(http::verb::post, kUpload));
  EXPECT_FALSE(app_.TakesFileBody(http::verb::get, kUpload));
  EXPECT_FALSE(app_.TakesFileBody(http::verb::post, "/api/v1/evidence_files"));
  EXPECT_FALSE(app_.TakesFileBody(http::verb::post, "/api/v1/dialogues"));
}

TEST_F(EvidenceRoutesTest, OpenApiDescribesTheUploadAsBinaryAndTheDownloadAsBytes) {
  json doc = Body(Get("/api/v1/openapi.json"));
  const json& upload = doc["paths"][kUpload]["post"];
  EXPECT_EQ(upload["requestBody"]["content"]["*/*"]["schema"]["format"], "binary") << upload;
  EXPECT_TRUE(upload["responses"].contains("413")) << upload;
  const json& content = doc["paths"]["/api/v1/evidence_files/{id}/content"]["get"];
  EXPECT_TRUE(content["responses"]["200"]["content"].contains("application/octet-stream")) << content;
  EXPECT_TRUE(content["responses"].contains("404")) << content;
  EXPECT_TRUE(doc["components"]["schemas"].contains("CustodyLog"));
}

TEST(AttachmentDisposition, KeepsTheExactNameAndAnAsciiFallback) {
  struct Case {
    std::string filename;
    std::string want;
  };
  const std::vector<Case> cases = {
      {"judgment.pdf", "attachment; filename=\"judgment.pdf\"; filename*=UTF-8''judgment.pdf"},
      {"a b.pdf", "attachment; filename=\"a b.pdf\"; filename*=UTF-8''a%20b.pdf"},
      {"say \"no\".txt", "attachment; filename=\"say _no_.txt\"; filename*=UTF-8''say%20%22no%22.txt"},
      {"判决.pdf", "attachment; filename=\"______.pdf\"; filename*=UTF-8''%E5%88%A4%E5%86%B3.pdf"},
      {"x;y\r\n.pdf", "attachment; filename=\"x;y__.pdf\"; filename*=UTF-8''x%3By%0D%0A.pdf"},
  };
  for (const Case& c : cases) EXPECT_EQ(AttachmentDisposition(c.filename), c.want) << c.filename;
}

}  // namespace
}  // namespace readout::web
