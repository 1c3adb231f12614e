#include "publish/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string_view>

namespace readout::publish {
namespace {

// The drawing's coordinate system (viewBox); the stylesheet scales it to the page width.
constexpr double kWidth = 640;
constexpr double kHeight = 320;
constexpr double kLeft = 64;     // room for the value ticks
constexpr double kRight = 624;
constexpr double kTop = 24;
constexpr double kBottom = 280;  // room for the time ticks below
constexpr int kMaxTimeTicks = 8;
constexpr int kValueTicks = 5;

std::string Escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// 1, 2 or 5 times a power of ten, so that about kValueTicks steps cover `max`.
std::int64_t NiceStep(std::int64_t max) {
  const double raw = static_cast<double>(max) / kValueTicks;
  std::int64_t magnitude = 1;
  while (static_cast<double>(magnitude) * 10 <= raw) magnitude *= 10;
  for (std::int64_t m : {1, 2, 5, 10}) {
    if (static_cast<double>(magnitude * m) >= raw) return std::max<std::int64_t>(1, magnitude * m);
  }
  return magnitude * 10;
}

}  // namespace

std::string RenderSvgChart(const ChartSpec& spec) {
  // The time axis spans the observations, padded so no mark sits on an axis.
  long first = 0, last = 0;
  std::int64_t max_value = 0;
  for (size_t i = 0; i < spec.points.size(); ++i) {
    const ChartPoint& p = spec.points[i];
    const long d = core::DaysFromCivil(p.day);
    if (i == 0 || d < first) first = d;
    if (i == 0 || d > last) last = d;
    max_value = std::max({max_value, p.low, p.high.value_or(p.low)});
  }
  if (spec.points.empty()) {
    first = core::DaysFromCivil(core::CivilDay{2000, 1, 1});
    last = first + 365;
  }
  if (last - first < 60) {
    first -= 183;
    last += 183;
  }
  const long pad = std::max<long>(1, (last - first) / 25);
  first -= pad;
  last += pad;

  const std::int64_t step = NiceStep(std::max<std::int64_t>(max_value, 1));
  const std::int64_t top = std::max<std::int64_t>(step, (max_value + step - 1) / step * step);

  auto x = [&](long day) { return kLeft + (kRight - kLeft) * static_cast<double>(day - first) / (last - first); };
  auto y = [&](std::int64_t v) {
    return kBottom - (kBottom - kTop) * static_cast<double>(v) / static_cast<double>(top);
  };

  std::string svg;
  svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 " + Num(kWidth) + " " +
         Num(kHeight) + "\" role=\"img\" aria-label=\"" + Escape(spec.description) + "\">\n";
  svg += "<title>" + Escape(spec.title) + "</title>\n";
  svg += "<desc>" + Escape(spec.description) + "</desc>\n";

  // Value axis with its grid lines.
  svg += "<g class=\"chart-axis chart-axis-y\">\n";
  for (std::int64_t v = 0; v <= top; v += step) {
    const std::string yy = Num(y(v));
    svg += "<line class=\"chart-grid\" x1=\"" + Num(kLeft) + "\" y1=\"" + yy + "\" x2=\"" + Num(kRight) + "\" y2=\"" +
           yy + "\" stroke=\"#ccc\" stroke-width=\"1\"/>\n";
    svg += "<text class=\"chart-tick\" x=\"" + Num(kLeft - 6) + "\" y=\"" + yy +
           "\" text-anchor=\"end\" dominant-baseline=\"middle\" font-size=\"12\">" + std::to_string(v) + "</text>\n";
  }
  svg += "<line class=\"chart-axis-line\" x1=\"" + Num(kLeft) + "\" y1=\"" + Num(kTop) + "\" x2=\"" + Num(kLeft) +
         "\" y2=\"" + Num(kBottom) + "\" stroke=\"currentColor\" stroke-width=\"1\"/>\n";
  if (!spec.y_label.empty()) {
    svg += "<text class=\"chart-axis-label\" x=\"" + Num(kLeft) + "\" y=\"" + Num(kTop - 10) +
           "\" text-anchor=\"middle\" font-size=\"12\">" + Escape(spec.y_label) + "</text>\n";
  }
  svg += "</g>\n";

  // Time axis: 1 January of each year in range (every n-th year when there are
  // many), or the first and last month when the series is shorter than a year.
  svg += "<g class=\"chart-axis chart-axis-x\">\n";
  svg += "<line class=\"chart-axis-line\" x1=\"" + Num(kLeft) + "\" y1=\"" + Num(kBottom) + "\" x2=\"" + Num(kRight) +
         "\" y2=\"" + Num(kBottom) + "\" stroke=\"currentColor\" stroke-width=\"1\"/>\n";
  const int first_year = core::CivilFromDays(first).year + 1;
  const int last_year = core::CivilFromDays(last).year;
  std::vector<std::pair<long, std::string>> ticks;
  if (last_year >= first_year) {
    const int years = last_year - first_year + 1;
    const int every = (years + kMaxTimeTicks - 1) / kMaxTimeTicks;
    for (int year = first_year; year <= last_year; year += every) {
      ticks.emplace_back(core::DaysFromCivil(core::CivilDay{year, 1, 1}), std::to_string(year));
    }
  } else {
    for (long d : {first + pad, last - pad}) {
      const core::CivilDay day = core::CivilFromDays(d);
      char buf[16];
      std::snprintf(buf, sizeof buf, "%04d-%02d", day.year, day.month);
      if (ticks.empty() || ticks.back().second != buf) ticks.emplace_back(d, buf);
    }
  }
  for (const auto& [day, label] : ticks) {
    const std::string xx = Num(x(day));
    svg += "<line class=\"chart-tick-mark\" x1=\"" + xx + "\" y1=\"" + Num(kBottom) + "\" x2=\"" + xx + "\" y2=\"" +
           Num(kBottom + 5) + "\" stroke=\"currentColor\" stroke-width=\"1\"/>\n";
    svg += "<text class=\"chart-tick\" x=\"" + xx + "\" y=\"" + Num(kBottom + 20) +
           "\" text-anchor=\"middle\" font-size=\"12\">" + Escape(label) + "</text>\n";
  }
  svg += "</g>\n";

  // One mark per point, in date order so keyboard and reading order follow time.
  std::vector<const ChartPoint*> sorted;
  for (const ChartPoint& p : spec.points) sorted.push_back(&p);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const ChartPoint* a, const ChartPoint* b) { return a->day < b->day; });
  svg += "<g class=\"chart-marks\">\n";
  for (const ChartPoint* p : sorted) {
    const std::string xx = Num(x(core::DaysFromCivil(p->day)));
    const bool range = p->high && *p->high > p->low;
    svg += std::string("<g class=\"chart-mark ") + (range ? "chart-range" : "chart-point") + "\">";
    svg += "<title>" + Escape(p->label) + "</title>";
    if (range) {
      const std::string y_low = Num(y(p->low)), y_high = Num(y(*p->high));
      const std::string left = Num(x(core::DaysFromCivil(p->day)) - 4);
      const std::string right = Num(x(core::DaysFromCivil(p->day)) + 4);
      svg += "<line x1=\"" + xx + "\" y1=\"" + y_low + "\" x2=\"" + xx + "\" y2=\"" + y_high +
             "\" stroke=\"currentColor\" stroke-width=\"3\"/>";
      svg += "<line x1=\"" + left + "\" y1=\"" + y_low + "\" x2=\"" + right + "\" y2=\"" + y_low +
             "\" stroke=\"currentColor\" stroke-width=\"2\"/>";
      svg += "<line x1=\"" + left + "\" y1=\"" + y_high + "\" x2=\"" + right + "\" y2=\"" + y_high +
             "\" stroke=\"currentColor\" stroke-width=\"2\"/>";
    } else {
      svg += "<circle cx=\"" + xx + "\" cy=\"" + Num(y(p->low)) + "\" r=\"4\" fill=\"currentColor\"/>";
    }
    svg += "</g>\n";
  }
  svg += "</g>\n</svg>\n";
  return svg;
}

}  // namespace readout::publish
