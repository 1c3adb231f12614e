#include "web/problem.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace readout::web {
namespace {

TEST(HttpStatusFor, MapsEveryErrorCode) {
  struct Case {
    core::ErrorCode code;
    http::status status;
  };
  for (Case c : {Case{core::ErrorCode::kInvalidArgument, http::status::bad_request},
                 Case{core::ErrorCode::kNotFound, http::status::not_found},
                 Case{core::ErrorCode::kConflict, http::status::conflict},
                 Case{core::ErrorCode::kUnauthorized, http::status::unauthorized},
                 Case{core::ErrorCode::kPayloadTooLarge, http::status::payload_too_large},
                 Case{core::ErrorCode::kUnavailable, http::status::service_unavailable},
                 Case{core::ErrorCode::kInternal, http::status::internal_server_error}}) {
    EXPECT_EQ(HttpStatusFor(c.code), c.status) << core::ErrorCodeName(c.code);
  }
}

TEST(WriteError, WritesProblemDetailsNamingEachField) {
  HttpResponse res;
  WriteError(core::Error::Invalid({{"dates", "must be an EDTF date"}, {"title", "is required"}}), res);
  EXPECT_EQ(res.result(), http::status::bad_request);
  EXPECT_EQ(res[http::field::content_type], "application/problem+json");
  auto body = nlohmann::json::parse(res.body());
  EXPECT_EQ(body["type"], "https://readout.example/problems/invalid_argument");
  EXPECT_EQ(body["status"], 400);
  EXPECT_EQ(body["title"], "Bad Request");
  ASSERT_EQ(body["errors"].size(), 2u);
  EXPECT_EQ(body["errors"][0]["field"], "dates");
  EXPECT_EQ(body["errors"][1]["problem"], "is required");
}

TEST(WriteError, NeverShowsTheMessageOfAnInternalOrUnavailableError) {
  for (auto error : {core::Error::Internal("segfault in /src/secret.cc"), core::Error::Unavailable("/var/db locked")}) {
    HttpResponse res;
    WriteError(error, res);
    EXPECT_EQ(res.body().find("secret"), std::string::npos) << res.body();
    EXPECT_EQ(res.body().find("/var/db"), std::string::npos) << res.body();
  }
}

}  // namespace
}  // namespace readout::web
