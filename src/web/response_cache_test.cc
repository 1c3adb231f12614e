#include "web/response_cache.h"

#include <gtest/gtest.h>

namespace readout::web {
namespace {

std::shared_ptr<const CachedResponse> Body(std::string text) {
  HttpResponse res;
  res.set(http::field::content_type, "text/plain");
  res.body() = std::move(text);
  return CachedResponse::From(res);
}

TEST(ResponseCache, ReturnsWhatWasCachedForTheSameGeneration) {
  ResponseCache cache;
  EXPECT_EQ(cache.Find("k", 1), nullptr);
  cache.Insert("k", 1, Body("hello"));
  auto hit = cache.Find("k", 1);
  ASSERT_NE(hit, nullptr);
  HttpResponse res;
  hit->ApplyTo(res);
  EXPECT_EQ(res.body(), "hello");
  EXPECT_EQ(res[http::field::content_type], "text/plain");
}

TEST(ResponseCache, DropsEverythingWhenTheStoreChanges) {
  ResponseCache cache;
  cache.Find("k", 1);
  cache.Insert("k", 1, Body("old"));
  EXPECT_EQ(cache.Find("k", 2), nullptr);
  EXPECT_EQ(cache.size(), 0u);
}

TEST(ResponseCache, RefusesAResponseRenderedBeforeTheLatestChange) {
  ResponseCache cache;
  cache.Find("k", 1);
  cache.Find("other", 2);  // another request saw the store move on
  cache.Insert("k", 1, Body("stale"));
  EXPECT_EQ(cache.Find("k", 2), nullptr);
}

TEST(ResponseCache, StopsGrowingAtItsLimit) {
  ResponseCache cache(2);
  cache.Find("a", 1);
  cache.Insert("a", 1, Body("a"));
  cache.Insert("b", 1, Body("b"));
  cache.Insert("c", 1, Body("c"));
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_EQ(cache.Find("c", 1), nullptr);
}

}  // namespace
}  // namespace readout::web
