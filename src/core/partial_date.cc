#include "core/partial_date.h"

#include <cstdio>

#include "core/quote.h"

namespace readout::core {
namespace {

bool IsLeapYear(int year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && IsLeapYear(year)) return 29;
  return kDays[month - 1];
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string TwoDigits(int n) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d", n);
  return buf;
}

std::string FourDigits(int n) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d", n);
  return buf;
}

// Why a text is not an EDTF date, in words ("month 13 does not exist"); empty when it is one.
using Reason = std::string;

// Parses one date (no interval) into `out`; returns the reason it is not one.
Reason ParseDate(std::string_view s, EdtfDate& out) {
  out = EdtfDate{};
  if (s.empty()) return "the date is empty";
  const char last = s.back();
  if (last == '?' || last == '~' || last == '%') {
    out.uncertain = last == '?' || last == '%';
    out.approximate = last == '~' || last == '%';
    s.remove_suffix(1);
    if (!s.empty() && (s.back() == '?' || s.back() == '~' || s.back() == '%')) {
      return "use one qualifier: ? for uncertain, ~ for approximate, % for both";
    }
  }
  // Year: four characters, the last one or two of which may be X.
  if (s.size() < 4) return "the year must have four digits";
  int year = 0;
  for (int i = 0; i < 4; ++i) {
    const char c = s[i];
    if (IsDigit(c)) {
      if (out.unspecified_year_digits > 0) return "only the last one or two digits of the year may be X";
      year = year * 10 + (c - '0');
    } else if (c == 'X') {
      if (i < 2) return "only the last one or two digits of the year may be X";
      ++out.unspecified_year_digits;
      year = year * 10;
    } else {
      return "the year must have four digits";
    }
  }
  out.year = year;
  out.precision = DatePrecision::kYear;
  s.remove_prefix(4);
  if (s.empty()) return {};
  if (s.size() < 3 || s[0] != '-') return "expected -MM after the year";
  if (out.unspecified_year_digits > 0) return "a year with X digits cannot have a month";
  // Month: two digits or XX.
  if (s[1] == 'X' && s[2] == 'X') {
    out.unspecified_month = true;
  } else if (IsDigit(s[1]) && IsDigit(s[2])) {
    const int month = (s[1] - '0') * 10 + (s[2] - '0');
    if (month >= 21 && month <= 24) return "month " + std::to_string(month) + " is an EDTF season; give a month";
    if (month < 1 || month > 12) return "month " + std::to_string(month) + " does not exist";
    out.month = month;
  } else {
    return "the month must be two digits, 01 to 12, or XX";
  }
  out.precision = DatePrecision::kMonth;
  s.remove_prefix(3);
  if (s.empty()) return {};
  if (s.size() < 3 || s[0] != '-') return "expected -DD after the month";
  if (s.size() > 3) return "unexpected text after the day; a time of day is not allowed";
  // Day: two digits or XX.
  if (s[1] == 'X' && s[2] == 'X') {
    out.unspecified_day = true;
  } else if (IsDigit(s[1]) && IsDigit(s[2])) {
    if (out.unspecified_month) return "a date with month XX cannot have a known day";
    const int day = (s[1] - '0') * 10 + (s[2] - '0');
    if (day < 1 || day > DaysInMonth(out.year, *out.month)) {
      return "day " + std::to_string(day) + " does not exist in " + FourDigits(out.year) + "-" + TwoDigits(*out.month);
    }
    out.day = day;
  } else {
    return "the day must be two digits or XX";
  }
  out.precision = DatePrecision::kDay;
  return {};
}

}  // namespace

std::string CivilDay::ToIso() const { return FourDigits(year) + "-" + TwoDigits(month) + "-" + TwoDigits(day); }

// Howard Hinnant's days_from_civil (http://howardhinnant.github.io/date_algorithms.html).
long DaysFromCivil(const CivilDay& d) {
  const long y = static_cast<long>(d.year) - (d.month <= 2 ? 1 : 0);
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;                          // [0, 399]
  const long mp = (d.month + 9) % 12;                      // March = 0
  const long doy = (153 * mp + 2) / 5 + d.day - 1;         // [0, 365]
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;  // [0, 146096]
  return era * 146097 + doe - 719468;
}

// Howard Hinnant's civil_from_days.
CivilDay CivilFromDays(long z) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const long doe = z - era * 146097;                                       // [0, 146096]
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                // [0, 365]
  const long mp = (5 * doy + 2) / 153;                                     // [0, 11]
  const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);          // [1, 31]
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);           // [1, 12]
  const int year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
  return CivilDay{year, month, day};
}

bool IsValidCivilDay(int year, int month, int day) {
  return month >= 1 && month <= 12 && day >= 1 && day <= DaysInMonth(year, month);
}

CivilDay EdtfDate::Earliest() const {
  CivilDay d{year, 1, 1};
  if (month) d.month = *month;
  if (day) d.day = *day;
  return d;
}

CivilDay EdtfDate::Latest() const {
  int y = year;
  if (unspecified_year_digits == 1) y += 9;
  if (unspecified_year_digits == 2) y += 99;
  CivilDay d{y, month.value_or(12), 0};
  d.day = day.value_or(DaysInMonth(d.year, d.month));
  return d;
}

std::string EdtfDate::ToString() const {
  std::string s = FourDigits(year);
  for (int i = 0; i < unspecified_year_digits && i < 4; ++i) s[3 - i] = 'X';
  if (precision != DatePrecision::kYear) {
    s += '-';
    s += unspecified_month || !month ? "XX" : TwoDigits(*month);
  }
  if (precision == DatePrecision::kDay) {
    s += '-';
    s += unspecified_day || !day ? "XX" : TwoDigits(*day);
  }
  if (uncertain && approximate) {
    s += '%';
  } else if (uncertain) {
    s += '?';
  } else if (approximate) {
    s += '~';
  }
  return s;
}

Result<PartialDate> PartialDate::Parse(std::string_view text, std::string_view field) {
  auto invalid = [&](const Reason& reason) {
    return Fail(Error::Invalid(
        std::string(field), "must be an EDTF date such as 2013-07-30, 2013-07, 2013? or 2013-07-30/2013-07-31; got " +
                                Quote(text) + " (" + reason + ")"));
  };
  PartialDate result;
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) {
    if (text == "..") return invalid("an open end \"..\" is allowed only in an interval");
    EdtfDate date;
    if (Reason r = ParseDate(text, date); !r.empty()) return invalid(r);
    result.start_ = date;
    return result;
  }
  result.is_interval_ = true;
  const std::string_view first = text.substr(0, slash);
  const std::string_view second = text.substr(slash + 1);
  if (second.find('/') != std::string_view::npos) return invalid("an interval has exactly one /");
  auto parse_end = [&](std::string_view part, const char* which, std::optional<EdtfDate>& date, bool& open) -> Reason {
    if (part.empty()) return {};
    if (part == "..") {
      open = true;
      return {};
    }
    EdtfDate d;
    if (Reason r = ParseDate(part, d); !r.empty()) return std::string("the interval's ") + which + ": " + r;
    date = d;
    return {};
  };
  if (Reason r = parse_end(first, "start", result.start_, result.start_open_); !r.empty()) return invalid(r);
  if (Reason r = parse_end(second, "end", result.end_, result.end_open_); !r.empty()) return invalid(r);
  if (!result.start_ && !result.end_) return invalid("an interval needs at least one known end");
  if (result.start_ && result.end_ && result.end_->Latest() < result.start_->Earliest()) {
    return invalid("the interval ends before it starts");
  }
  return result;
}

std::string PartialDate::ToString() const {
  if (!is_interval_) return start_ ? start_->ToString() : std::string();
  std::string s = start_ ? start_->ToString() : (start_open_ ? ".." : "");
  s += '/';
  s += end_ ? end_->ToString() : (end_open_ ? ".." : "");
  return s;
}

std::optional<CivilDay> PartialDate::EarliestDay() const {
  if (start_) return start_->Earliest();
  return std::nullopt;
}

std::optional<CivilDay> PartialDate::LatestDay() const {
  if (!is_interval_) {
    if (start_) return start_->Latest();
    return std::nullopt;
  }
  if (end_) return end_->Latest();
  return std::nullopt;
}

}  // namespace readout::core
