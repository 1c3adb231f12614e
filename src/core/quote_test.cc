#include "core/quote.h"

#include <gtest/gtest.h>

#include <string>

namespace readout::core {
namespace {

TEST(Quote, WrapsTextInDoubleQuotesEscapingWhatWouldBreakTheLine) {
  struct Case {
    std::string in;
    std::string out;
  };
  const Case cases[] = {
      {"2013-13-45", "\"2013-13-45\""},
      {"", "\"\""},
      {"say \"hi\"", "\"say \\\"hi\\\"\""},
      {"a\\b", "\"a\\\\b\""},
      {"two\nlines\ttab\r", "\"two\\nlines\\ttab\\r\""},
      {std::string("nul\0x", 5), "\"nul\\u0000x\""},
      {"\x1b[31m", "\"\\u001b[31m\""},
      {"许志永", "\"许志永\""},
  };
  for (const Case& c : cases) EXPECT_EQ(Quote(c.in), c.out) << c.in;
}

TEST(Quote, ShortensLongTextWithoutSplittingACharacter) {
  EXPECT_EQ(Quote(std::string(200, 'a')), "\"" + std::string(80, 'a') + "...\"");
  // 27 three-byte characters = 81 bytes: the cut must fall on a character boundary (78 bytes).
  std::string han;
  for (int i = 0; i < 27; ++i) han += "许";
  EXPECT_EQ(Quote(han), "\"" + han.substr(0, 78) + "...\"");
}

}  // namespace
}  // namespace readout::core
