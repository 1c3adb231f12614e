// Integration: evidence files through the real server over TCP, stored in
// SQLite: a binary upload larger than the JSON body limit, byte-identical
// download, the custody chain, visibility, and the per-route body limits.
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/evidence.h"
#include "core/record_service.h"
#include "http_client.h"
#include "running_server.h"
#include "publish/i18n.h"
#include "publish/site.h"
#include "store/sqlite/sqlite_store.h"
#include "web/server.h"

namespace readout::integration {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxBody = 64 * 1024;
constexpr std::size_t kMaxUpload = 256 * 1024;


json Body(const Response& res) { return json::parse(res.body()); }

// Every byte value, NUL included, repeated past the JSON body limit.
std::string BinaryFile(std::size_t size) {
  std::string bytes(size, '\0');
  for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>((i * 7 + i / 256) & 0xff);
  return bytes;
}

class EvidenceServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    web::ServerOptions options;
    options.threads = 2;
    options.max_body_bytes = kMaxBody;
    options.max_upload_bytes = kMaxUpload;
    auto started = RunningServer::Start("readout_evidence_it", options);
    ASSERT_TRUE(started) << started.error().message;
    server_ = std::move(*started);
  }

  static void TearDownTestSuite() { server_.reset(); }

  HttpClient Client() { return HttpClient(server_->port()); }

  Response Upload(HttpClient& client, const std::string& query, const std::string& bytes,
                  const std::string& content_type = "application/octet-stream", const Headers& headers = Staff()) {
    return client.Send(http::verb::post, "/api/v1/evidence_files/upload" + query, bytes, headers, content_type);
  }

  // An admin's API token; "Evidence Test" is the actor of the suite's writes.
  static Headers Staff() { return {{"Authorization", server_->Bearer("Evidence Test")}}; }
  static std::unique_ptr<RunningServer> server_;
};

std::unique_ptr<RunningServer> EvidenceServerTest::server_;

TEST_F(EvidenceServerTest, ABinaryFileLargerThanAJsonBodyRoundTripsByteForByte) {
  const std::string file = BinaryFile(kMaxBody * 2);
  HttpClient client = Client();
  auto created = Upload(client, "?filename=%E5%88%A4%E5%86%B3.bin&description=court%20judgment", file);
  ASSERT_EQ(created.result(), http::status::created) << created.body();
  const json record = Body(created);
  EXPECT_EQ(record["sha256"], core::FileSha256(file));
  EXPECT_EQ(record["size"], file.size());
  EXPECT_EQ(record["filename"], "判决.bin");
  EXPECT_EQ(record["visibility"], "restricted");
  const std::string id = record["id"];

  auto download = client.Get("/api/v1/evidence_files/" + id + "/content", Staff());
  ASSERT_EQ(download.result(), http::status::ok);
  EXPECT_EQ(download.body().size(), file.size());
  EXPECT_TRUE(download.body() == file) << "downloaded bytes differ from the upload";
  EXPECT_EQ(std::string(download[http::field::content_type]), "application/octet-stream");
  EXPECT_EQ(std::string(download[http::field::content_disposition]),
            "attachment; filename=\"______.bin\"; filename*=UTF-8''%E5%88%A4%E5%86%B3.bin");
  EXPECT_EQ(std::string(download[http::field::cache_control]), "no-store");
  EXPECT_EQ(std::string(download["X-Content-Type-Options"]), "nosniff");

  auto custody = client.Get("/api/v1/evidence_files/" + id + "/custody", Staff());
  ASSERT_EQ(custody.result(), http::status::ok) << custody.body();
  const json log = Body(custody);
  ASSERT_EQ(log["entries"].size(), 1u) << log;
  EXPECT_EQ(log["entries"][0]["action"], "received");
  EXPECT_EQ(log["entries"][0]["actor"], "Evidence Test");
  EXPECT_TRUE(log["chain_valid"].get<bool>()) << log;

  // What the server stored is what SQLite gives back, checked against its hash.
  auto stored = core::ReadEvidenceFile(server_->records(), id, core::Visibility::kRestricted);
  ASSERT_TRUE(stored.has_value()) << stored.error().message;
  EXPECT_TRUE(stored->second.bytes == file);
}

TEST_F(EvidenceServerTest, ThePublicCanNeitherDownloadNorListRestrictedEvidence) {
  HttpClient client = Client();
  auto created = Upload(client, "?filename=secret.pdf", "%PDF-1.7\n", "application/pdf");
  ASSERT_EQ(created.result(), http::status::created) << created.body();
  const std::string id = Body(created)["id"];
  for (const std::string& path : {"/api/v1/evidence_files/" + id + "/content",
                                  "/api/v1/evidence_files/" + id + "/custody", "/api/v1/evidence_files/" + id}) {
    EXPECT_EQ(client.Get(path).result(), http::status::not_found) << path;
  }
  const json list = Body(client.Get("/api/v1/evidence_files"));
  for (const json& item : list["items"]) EXPECT_NE(item["id"], id);
  EXPECT_GE(Body(client.Get("/api/v1/evidence_files", Staff()))["total"].get<int>(), 1);
}

TEST_F(EvidenceServerTest, AnUploadOverTheUploadLimitIs413NamingTheLimit) {
  HttpClient client = Client();
  auto res = Upload(client, "?filename=huge.bin", std::string(kMaxUpload + 1, 'x'));
  EXPECT_EQ(res.result(), http::status::payload_too_large);
  EXPECT_EQ(std::string(res[http::field::content_type]), "application/problem+json");
  EXPECT_NE(Body(res)["detail"].get<std::string>().find(std::to_string(kMaxUpload)), std::string::npos)
      << res.body();
}

TEST_F(EvidenceServerTest, TheUploadLimitDoesNotWidenTheJsonRoutes) {
  HttpClient client = Client();
  auto res = client.Send(http::verb::post, "/api/v1/sources", std::string(kMaxBody + 1, ' '), Staff());
  EXPECT_EQ(res.result(), http::status::payload_too_large);
  EXPECT_NE(Body(res)["detail"].get<std::string>().find(std::to_string(kMaxBody)), std::string::npos)
      << res.body();
}

TEST_F(EvidenceServerTest, BadUploadsAre4xxNamingTheProblem) {
  struct Case {
    const char* name;
    std::string query;
    std::string content_type;
    Headers headers;
    http::status status;
    std::string mentions;
  };
  const std::vector<Case> cases = {
      {"no API token", "?filename=a.bin", "application/octet-stream", {}, http::status::unauthorized, "API token"},
      {"not a media type", "?filename=a.bin", "octet-stream", Staff(), http::status::bad_request, "media_type"},
      {"a form", "?filename=a.bin", "multipart/form-data; boundary=zz", Staff(), http::status::unsupported_media_type,
       "multipart/form-data"},
      {"a path as the name", "?filename=..%2Fa.bin", "application/octet-stream", Staff(), http::status::bad_request,
       "filename"},
  };
  for (const Case& c : cases) {
    HttpClient client = Client();
    auto res = Upload(client, c.query, "bytes", c.content_type, c.headers);
    EXPECT_EQ(res.result(), c.status) << c.name << ": " << res.body();
    EXPECT_NE(res.body().find(c.mentions), std::string::npos) << c.name << ": " << res.body();
  }
}

// A chunked body has no Content-Length to check up front: the route's limit
// must still apply chunk by chunk, the larger one only to the upload.
TEST_F(EvidenceServerTest, ChunkedBodiesAreHeldToTheirRoutesLimit) {
  struct Case {
    const char* name;
    std::string target;
    std::size_t size;
    http::status status;
  };
  const std::vector<Case> cases = {
      {"upload above the JSON limit", "/api/v1/evidence_files/upload?filename=chunked.bin", kMaxBody * 2,
       http::status::created},
      {"upload above the upload limit", "/api/v1/evidence_files/upload?filename=chunked.bin", kMaxUpload + 1,
       http::status::payload_too_large},
      {"JSON above the JSON limit", "/api/v1/sources", kMaxBody + 1, http::status::payload_too_large},
  };
  for (const Case& c : cases) {
    HttpClient client = Client();
    http::request<http::string_body> req{http::verb::post, c.target, 11};
    req.set(http::field::host, "127.0.0.1");
    for (const auto& [name, value] : Staff()) req.set(name, value);
    req.set(http::field::content_type, "application/octet-stream");
    req.chunked(true);
    req.body() = std::string(c.size, 'z');
    std::ostringstream raw;
    raw << req;
    auto res = client.SendRaw(raw.str());
    EXPECT_EQ(res.result(), c.status) << c.name << ": " << res.body();
  }
}

TEST_F(EvidenceServerTest, ExpectContinueGetsAnInterimResponseBeforeTheBody) {
  // curl sends "Expect: 100-continue" for large bodies and waits for the
  // interim response; without it every upload would stall for a second.
  const std::string file = "continue me";
  net::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), server_->port()));
  const std::string head = "POST /api/v1/evidence_files/upload?filename=c.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                           "Authorization: " + server_->Bearer("Evidence Test") +
                           "\r\nContent-Type: text/plain\r\n"
                           "Expect: 100-continue\r\nContent-Length: " + std::to_string(file.size()) + "\r\n\r\n";
  net::write(stream.socket(), net::buffer(head));
  beast::flat_buffer buffer;
  http::response_parser<http::empty_body> interim;
  http::read_header(stream, buffer, interim);
  EXPECT_EQ(interim.get().result(), http::status::continue_);
  net::write(stream.socket(), net::buffer(file));
  http::response_parser<http::string_body> final_response;
  http::read(stream, buffer, final_response);
  EXPECT_EQ(final_response.get().result(), http::status::created) << final_response.get().body();
  beast::error_code ignored;
  stream.socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
}

}  // namespace
}  // namespace readout::integration
