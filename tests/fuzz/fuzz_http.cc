// libFuzzer target: HTTP request handling. Bytes are parsed by Boost.Beast's
// request parser as the server reads a connection (web/server.cc: header
// first, then the body under the route's limit) and the request goes to
// web::App::Handle — routing, language and cookie parsing, access, the
// handlers, pages and the JSON API — over an in-memory store loaded with the
// demo data plus two canary records (one internal, one restricted). With
// accounts built (auth/accounts.cc present), the App has an AccountService
// on the in-memory account store, so session cookies and API tokens are
// looked up and refused; every caller here is the public.
//
// Oracles besides the sanitizers: no response is a 500 (an escaped
// exception or an internal error on bytes any client can send), and no
// response to the public carries a non-public canary.
//
// Run: build/fuzz/tests/fuzz/fuzz_http tests/fuzz/corpus/http
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>

#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include "core/record_service.h"
#include "io/records_file.h"
#include "publish/i18n.h"
#include "publish/site.h"
#include "web/app.h"
#include "web/memory_store_for_test.h"
#ifdef READOUT_FUZZ_HAVE_ACCOUNTS
#include "auth/accounts.h"
#include "auth/testing/memory_account_store.h"
#endif

namespace {

namespace http = boost::beast::http;
using namespace readout;

constexpr std::string_view kInternalCanary = "FZCANARYINTERNAL";
constexpr std::string_view kRestrictedCanary = "FZCANARYRESTRICTED";
constexpr std::size_t kHeaderLimit = 16 * 1024;  // as web/server.cc
constexpr std::size_t kBodyLimit = 1 << 20;

void Fail(const char* what, const web::HttpResponse& res) {
  std::fprintf(stderr, "fuzz_http: %s (status %u)\n%.*s\n", what, res.result_int(),
               static_cast<int>(std::min<std::size_t>(res.body().size(), 2000)), res.body().data());
  std::abort();
}

nlohmann::json CanaryPerson(std::string_view id, std::string_view visibility, std::string_view canary) {
  return {{"kind", "person"},
          {"id", id},
          {"visibility", visibility},
          {"names", {{{"text", canary}, {"script", "Latn"}, {"scheme", "none"}, {"kind", "legal"}, {"primary", true}}}},
          {"biography", {{"en", std::string(canary) + " biography"}}}};
}

struct World {
  web::testing::MemoryStore store;
  core::RecordService records{store};
  publish::Catalogs catalogs;
  std::unique_ptr<publish::Site> site;
#ifdef READOUT_FUZZ_HAVE_ACCOUNTS
  auth::testing::MemoryAccountStore account_store;
  std::unique_ptr<auth::AccountService> accounts;
#endif
  std::unique_ptr<web::App> app;

  World() {
    std::ifstream file(READOUT_SOURCE_DIR "/data/demo/us-china.json");
    std::stringstream text;
    text << file.rdbuf();
    auto demo = nlohmann::json::parse(text.str());
    demo["records"].push_back(CanaryPerson("prs_fz-internal", "internal", kInternalCanary));
    demo["records"].push_back(CanaryPerson("prs_fz-restricted", "restricted", kRestrictedCanary));
    auto loaded = io::LoadRecordsFile(demo.dump(), records, core::Actor{"fuzz"});
    if (!loaded) {
      std::fprintf(stderr, "fuzz_http: the demo data did not load: %s\n", loaded.error().message.c_str());
      std::abort();
    }
    publish::SiteOptions site_options;
    site_options.today = [] { return core::CivilDay{2024, 1, 1}; };  // reproducible pages
    site = std::make_unique<publish::Site>(records, catalogs, site_options);
    web::AppOptions options;
    options.cache_entries = 64;
#ifdef READOUT_FUZZ_HAVE_ACCOUNTS
    auth::AccountOptions account_options;
    account_options.now = [] { return std::int64_t{1700000000}; };
    accounts = std::make_unique<auth::AccountService>(account_store, account_options);
    options.accounts = accounts.get();
#endif
    app = std::make_unique<web::App>(records, *site, options);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static World* world = new World();  // never destroyed: libFuzzer exits without unwinding
  web::App& app = *world->app;

  http::request_parser<http::string_body> parser;
  parser.header_limit(kHeaderLimit);
  parser.body_limit(boost::none);
  parser.eager(false);  // stop after the header, as async_read_header does
  boost::beast::error_code ec;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  web::HttpResponse res;

  std::size_t used = 0;
  while (!parser.is_header_done() && used < bytes.size()) {
    used += parser.put(boost::asio::buffer(bytes.data() + used, bytes.size() - used), ec);
    if (ec) break;
  }
  if (ec == http::error::need_more || (!ec && !parser.is_header_done())) {
    return 0;  // the client never finished its header: the server times out
  }
  if (ec) {
    app.WriteBadRequest(11, ec == http::error::header_limit ? http::status::request_header_fields_too_large
                                                            : http::status::bad_request, res);
    return 0;
  }
  const auto& head = parser.get();
  const unsigned version = head.version() == 10 ? 10 : 11;
  const std::string_view target(head.target().data(), head.target().size());
  const std::size_t limit = app.TakesFileBody(head.method(), target) ? (std::size_t{32} << 20) : kBodyLimit;
  if (const auto length = parser.content_length(); length && *length > limit) {
    app.WritePayloadTooLarge(version, res, limit);
    return 0;
  }
  parser.body_limit(limit);
  parser.eager(true);
  while (!parser.is_done() && used < bytes.size()) {
    used += parser.put(boost::asio::buffer(bytes.data() + used, bytes.size() - used), ec);
    if (ec) break;
  }
  if (!parser.is_done() && (!ec || ec == http::error::need_more)) {
    // The input ended: for a body delimited by the connection's end that
    // ends the message; otherwise the client is still sending (a timeout).
    ec = {};
    parser.put_eof(ec);
    if (ec || !parser.is_done()) return 0;
  }
  if (ec) {
    if (ec == http::error::body_limit) {
      app.WritePayloadTooLarge(version, res, limit);
    } else {
      app.WriteBadRequest(version, http::status::bad_request, res);
    }
    return 0;
  }

  app.Handle(parser.get(), res, "192.0.2.1");
  if (res.result() == http::status::internal_server_error) Fail("a request any client can send got a 500", res);
  // A page may echo what the request said (a path in a link): only a canary
  // the request did not carry itself is a leak.
  const std::string sent = web::PercentDecode(bytes);
  if (sent.find("FZCANARY") != std::string::npos) return 0;
  const std::string& body = res.body();
  if (body.find(kInternalCanary) != std::string::npos) Fail("an internal record reached the public", res);
  if (body.find(kRestrictedCanary) != std::string::npos) Fail("a restricted record reached the public", res);
  for (const auto& field : res) {
    std::string_view value(field.value().data(), field.value().size());
    if (value.find(kInternalCanary) != std::string_view::npos ||
        value.find(kRestrictedCanary) != std::string_view::npos) {
      Fail("a non-public canary reached a response header", res);
    }
  }
  return 0;
}
