// A dated series as an inline SVG chart, rendered on the server so it reads
// without JavaScript (issue 4, indicators): axes with labelled ticks, a dot
// for each exact value and a vertical bar from low to high for each range,
// each mark with its own <title> so screen readers and hover can name it.
//
// The SVG carries no script and no style attribute (the Content Security
// Policy, default-src 'self', would block them): marks use classes styled by
// web/static/readout.css, with presentation attributes as a fallback. Every
// text is XML-escaped here; the caller passes plain, translated text.
//
// Called by the indicator page. Thread-safety: pure function.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/partial_date.h"

namespace readout::publish {

struct ChartPoint {
  core::CivilDay day;                 // where the mark sits on the time axis
  std::int64_t low = 0;
  std::optional<std::int64_t> high;   // set and above `low`: a range bar
  std::string label;                  // the mark's <title>: "121 (at least), July 2013"
};

struct ChartSpec {
  std::string title;        // the chart's <title>
  std::string description;  // aria-label: what it shows, in words
  std::string y_label;      // the unit ("people")
  std::vector<ChartPoint> points;  // in any order
};

// The whole <svg> element. With no points: axes only, and the description
// says so through `description` (the caller's words).
std::string RenderSvgChart(const ChartSpec& spec);

}  // namespace readout::publish
