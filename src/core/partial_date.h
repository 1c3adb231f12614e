// Partial and uncertain dates, as EDTF (ISO 8601-2) levels 0 and 1.
//
// Readout records dates exactly as precisely as they are known: "2013",
// "2013-07", "2013-07-16", with qualifiers "?" (uncertain), "~" (approximate)
// and "%" (both), unspecified digits ("201X", "2013-XX"), and intervals
// ("2013-07-30/2013-07-31", "2013-07/..", "../2014"). No C++ library in Debian
// parses EDTF, so this is our own small parser; it rejects impossible
// calendar dates (2013-13-45, 2013-02-29) with a message that names them.
//
// Thread-safety: immutable values.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace readout::core {

// A calendar day with no uncertainty, used for arithmetic (deadlines, sorting).
struct CivilDay {
  int year = 0;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  auto operator<=>(const CivilDay&) const = default;
  std::string ToIso() const;  // "2013-07-16"
};

// Days since 1970-01-01 (negative before); the inverse of CivilFromDays.
long DaysFromCivil(const CivilDay& day);
CivilDay CivilFromDays(long days);
bool IsValidCivilDay(int year, int month, int day);

enum class DatePrecision { kYear, kMonth, kDay };

// One EDTF date (not an interval).
struct EdtfDate {
  int year = 0;
  std::optional<int> month;
  std::optional<int> day;
  DatePrecision precision = DatePrecision::kYear;
  bool uncertain = false;    // "?"
  bool approximate = false;  // "~"
  int unspecified_year_digits = 0;  // "201X" -> 1
  bool unspecified_month = false;   // "2013-XX"
  bool unspecified_day = false;     // "2013-07-XX"

  CivilDay Earliest() const;  // first day the date may denote
  CivilDay Latest() const;    // last day the date may denote
  std::string ToString() const;  // canonical EDTF text
};

// A date or an interval. Open ends ("..") and unknown ends ("") are allowed
// only in intervals.
class PartialDate {
 public:
  // Parses EDTF text. On failure the error names `field` and the text.
  static Result<PartialDate> Parse(std::string_view text, std::string_view field = "date");

  bool is_interval() const { return is_interval_; }
  const std::optional<EdtfDate>& start() const { return start_; }  // for a single date: the date
  const std::optional<EdtfDate>& end() const { return end_; }      // intervals only
  bool start_open() const { return start_open_; }                  // "../X"
  bool end_open() const { return end_open_; }                      // "X/.."

  std::string ToString() const;  // canonical EDTF text, round-trips through Parse
  // Sort key: earliest day the value may denote (or nullopt when fully open).
  std::optional<CivilDay> EarliestDay() const;
  std::optional<CivilDay> LatestDay() const;

  bool operator==(const PartialDate& other) const { return ToString() == other.ToString(); }

 private:
  bool is_interval_ = false;
  std::optional<EdtfDate> start_;
  std::optional<EdtfDate> end_;
  bool start_open_ = false;
  bool end_open_ = false;
};

}  // namespace readout::core
