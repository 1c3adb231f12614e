#include "web/router.h"

#include <stdexcept>

#include <gtest/gtest.h>

namespace readout::web {
namespace {

Handler Noop() {
  return [](Request&, HttpResponse&) {};
}

Router MakeRouter() {
  Router router;
  router.Add(http::verb::get, "/api/v1/rounds", Noop(), {});
  router.Add(http::verb::post, "/api/v1/rounds", Noop(), {});
  router.Add(http::verb::get, "/api/v1/rounds/{id}", Noop(), {});
  router.Add(http::verb::put, "/api/v1/rounds/{id}", Noop(), {});
  router.Add(http::verb::get, "/api/v1/rounds/{id}/history", Noop(), {});
  router.Add(http::verb::get, "/", Noop(), {});
  return router;
}

TEST(Router, CapturesPathParameters) {
  Router router = MakeRouter();
  RouteParams params;
  auto match = router.Find(http::verb::get, "/api/v1/rounds/rnd_2013-kunming/history", params);
  ASSERT_EQ(match.outcome, Router::Outcome::kFound);
  EXPECT_EQ(match.route->pattern, "/api/v1/rounds/{id}/history");
  EXPECT_EQ(params.Get("id"), "rnd_2013-kunming");
  EXPECT_EQ(params.Get("other"), "");
}

TEST(Router, AnswersHeadWithTheGetRoute) {
  Router router = MakeRouter();
  RouteParams params;
  auto match = router.Find(http::verb::head, "/api/v1/rounds/x", params);
  ASSERT_EQ(match.outcome, Router::Outcome::kFound);
  EXPECT_EQ(match.route->method, http::verb::get);
}

TEST(Router, UnknownPathIsNotFound) {
  Router router = MakeRouter();
  RouteParams params;
  for (const char* path : {"/api/v1/nothing", "/api/v1/rounds/x/y/z", "/api/v1/rounds//history", "/api"}) {
    EXPECT_EQ(router.Find(http::verb::get, path, params).outcome, Router::Outcome::kNotFound) << path;
  }
}

TEST(Router, KnownPathWithWrongMethodListsAllowedMethods) {
  Router router = MakeRouter();
  RouteParams params;
  auto match = router.Find(http::verb::delete_, "/api/v1/rounds/x", params);
  EXPECT_EQ(match.outcome, Router::Outcome::kMethodNotAllowed);
  EXPECT_EQ(match.allow, "GET, HEAD, PUT");
}

TEST(Router, MatchesTheRoot) {
  Router router = MakeRouter();
  RouteParams params;
  EXPECT_EQ(router.Find(http::verb::get, "/", params).outcome, Router::Outcome::kFound);
}

TEST(Router, RefusesTheSameRouteTwice) {
  Router router = MakeRouter();
  EXPECT_THROW(router.Add(http::verb::get, "/api/v1/rounds", Noop(), {}), std::logic_error);
}

}  // namespace
}  // namespace readout::web
