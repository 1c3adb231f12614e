#include "publish/svg_chart.h"

#include <regex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace readout::publish {
namespace {

// True when every element opened is closed in order and every attribute is
// quoted: the small part of XML well-formedness this renderer could get wrong.
bool WellFormed(const std::string& xml, std::string& problem) {
  std::vector<std::string> open;
  size_t i = 0;
  while ((i = xml.find('<', i)) != std::string::npos) {
    const size_t end = xml.find('>', i);
    if (end == std::string::npos) {
      problem = "unterminated tag at " + std::to_string(i);
      return false;
    }
    std::string tag = xml.substr(i + 1, end - i - 1);
    i = end + 1;
    if (tag.empty()) {
      problem = "empty tag";
      return false;
    }
    if (tag[0] == '/') {
      const std::string name = tag.substr(1);
      if (open.empty() || open.back() != name) {
        problem = "</" + name + "> closes " + (open.empty() ? std::string("nothing") : open.back());
        return false;
      }
      open.pop_back();
      continue;
    }
    const bool self_closing = tag.back() == '/';
    const std::string name = tag.substr(0, tag.find_first_of(" /"));
    static const std::regex attributes(R"(^[a-z]+(\s+[a-zA-Z0-9:-]+="[^"<>]*")*\s*/?$)");
    if (!std::regex_match(tag, attributes)) {
      problem = "malformed tag <" + tag + ">";
      return false;
    }
    if (!self_closing) open.push_back(name);
  }
  if (!open.empty()) {
    problem = "<" + open.back() + "> never closed";
    return false;
  }
  return true;
}

int Count(const std::string& text, const std::string& what) {
  int n = 0;
  for (size_t i = text.find(what); i != std::string::npos; i = text.find(what, i + 1)) ++n;
  return n;
}

ChartSpec SelfImmolations() {
  ChartSpec spec;
  spec.title = "Tibetan self-immolations since 2009 <cumulative> & \"counted\"";
  spec.description = "Chart of 3 observations";
  spec.y_label = "people";
  spec.points = {
      {core::CivilDay{2013, 7, 20}, 121, std::nullopt, "121, July 2013"},
      {core::CivilDay{2011, 12, 31}, 12, 13, "12 to 13, end of 2011"},
      {core::CivilDay{2012, 6, 1}, 40, 40, "40, June 2012"},
  };
  return spec;
}

TEST(SvgChart, IsWellFormedWithEscapedText) {
  const std::string svg = RenderSvgChart(SelfImmolations());
  std::string problem;
  EXPECT_TRUE(WellFormed(svg, problem)) << problem << "\n" << svg;
  EXPECT_NE(svg.find("&lt;cumulative&gt; &amp; &quot;counted&quot;"), std::string::npos) << svg;
  EXPECT_EQ(svg.find("<cumulative>"), std::string::npos);
}

TEST(SvgChart, HasOneMarkPerObservationDotsForValuesAndBarsForRanges) {
  const std::string svg = RenderSvgChart(SelfImmolations());
  EXPECT_EQ(Count(svg, "class=\"chart-mark "), 3) << svg;
  EXPECT_EQ(Count(svg, "chart-mark chart-point"), 2) << svg;  // a high equal to low is an exact value
  EXPECT_EQ(Count(svg, "chart-mark chart-range"), 1) << svg;
  EXPECT_EQ(Count(svg, "<circle"), 2);
}

TEST(SvgChart, MarksAreInDateOrderAndEachHasItsTitle) {
  const std::string svg = RenderSvgChart(SelfImmolations());
  const size_t a = svg.find("<title>12 to 13, end of 2011</title>");
  const size_t b = svg.find("<title>40, June 2012</title>");
  const size_t c = svg.find("<title>121, July 2013</title>");
  ASSERT_NE(a, std::string::npos);
  ASSERT_NE(b, std::string::npos);
  ASSERT_NE(c, std::string::npos);
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
}

TEST(SvgChart, HasAccessibleNameAndLabelledTicksOnBothAxes) {
  const std::string svg = RenderSvgChart(SelfImmolations());
  EXPECT_NE(svg.find("role=\"img\""), std::string::npos);
  EXPECT_NE(svg.find("aria-label=\"Chart of 3 observations\""), std::string::npos);
  EXPECT_NE(svg.find(">2012</text>"), std::string::npos) << svg;
  EXPECT_NE(svg.find(">2013</text>"), std::string::npos) << svg;
  EXPECT_NE(svg.find(">0</text>"), std::string::npos) << svg;
  EXPECT_NE(svg.find(">people</text>"), std::string::npos) << svg;
  // The top tick covers the largest value (121 -> 150 with steps of 50, or similar).
  std::smatch m;
  std::string rest = svg;
  std::int64_t top = 0;
  static const std::regex tick(R"(text-anchor="end" dominant-baseline="middle" font-size="12">(\d+)</text>)");
  while (std::regex_search(rest, m, tick)) {
    top = std::max<std::int64_t>(top, std::stoll(m[1]));
    rest = m.suffix();
  }
  EXPECT_GE(top, 121);
}

TEST(SvgChart, CarriesNoScriptOrStyleThatTheContentSecurityPolicyWouldBlock) {
  const std::string svg = RenderSvgChart(SelfImmolations());
  EXPECT_EQ(svg.find("<script"), std::string::npos);
  EXPECT_EQ(svg.find("style="), std::string::npos);
  EXPECT_EQ(svg.find("<style"), std::string::npos);
  EXPECT_FALSE(std::regex_search(svg, std::regex(R"( on[a-z]+=)")));  // no event handler attributes
}

TEST(SvgChart, EmptyAndSingleDaySeriesStillRenderWellFormedAxes) {
  ChartSpec empty;
  empty.title = "Nothing yet";
  std::string problem;
  const std::string none = RenderSvgChart(empty);
  EXPECT_TRUE(WellFormed(none, problem)) << problem;
  EXPECT_EQ(Count(none, "class=\"chart-mark "), 0);

  ChartSpec one;
  one.points = {{core::CivilDay{2013, 7, 20}, 0, std::nullopt, "zero"}};
  const std::string single = RenderSvgChart(one);
  EXPECT_TRUE(WellFormed(single, problem)) << problem << single;
  EXPECT_EQ(Count(single, "class=\"chart-mark "), 1);
  EXPECT_FALSE(std::regex_search(single, std::regex(R"re("-?(nan|inf)")re"))) << single;  // a zero-width axis
}

}  // namespace
}  // namespace readout::publish
