#include "web/http.h"

#include <gtest/gtest.h>

namespace readout::web {
namespace {

TEST(PercentDecode, DecodesEscapesAndPlus) {
  EXPECT_EQ(PercentDecode("a%20b+c"), "a b c");
  EXPECT_EQ(PercentDecode("%E4%BA%BA"), "\xE4\xBA\xBA");
  EXPECT_EQ(PercentDecode("100%"), "100%");
  EXPECT_EQ(PercentDecode("%zz"), "%zz");
}

TEST(CookieValue, FindsTheNamedCookie) {
  EXPECT_EQ(CookieValue("a=1; lang=zh-Hans; b=2", "lang"), "zh-Hans");
  EXPECT_EQ(CookieValue("xlang=en", "lang"), "");
  EXPECT_EQ(CookieValue("lang=\"en\"", "lang"), "en");
  EXPECT_EQ(CookieValue("", "lang"), "");
}

TEST(Request, ReadsDecodedQueryParameters) {
  HttpRequest http_req;
  Request req{http_req, "/", "limit=5&parent%5Fid=rnd_x&empty&q=a%2Bb", {}, {}, publish::Lang::kEn, false};
  EXPECT_EQ(req.QueryParam("limit"), "5");
  EXPECT_EQ(req.QueryParam("parent_id"), "rnd_x");
  EXPECT_EQ(req.QueryParam("empty"), "");
  EXPECT_EQ(req.QueryParam("q"), "a+b");
  EXPECT_EQ(req.QueryParam("missing"), std::nullopt);
}

}  // namespace
}  // namespace readout::web
