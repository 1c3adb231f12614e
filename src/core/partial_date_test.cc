#include "core/partial_date.h"

#include <gtest/gtest.h>

#include <string>

namespace readout::core {
namespace {

struct ValidCase {
  const char* text;
  const char* earliest;  // ISO day, or "" when open
  const char* latest;
};

TEST(PartialDate, AcceptsEveryLevelZeroAndOneFormAndRoundTrips) {
  const ValidCase cases[] = {
      {"2013", "2013-01-01", "2013-12-31"},
      {"2013-07", "2013-07-01", "2013-07-31"},
      {"2013-02", "2013-02-01", "2013-02-28"},
      {"2012-02", "2012-02-01", "2012-02-29"},
      {"2013-07-30", "2013-07-30", "2013-07-30"},
      {"2012-02-29", "2012-02-29", "2012-02-29"},
      {"2000-02-29", "2000-02-29", "2000-02-29"},
      {"0000", "0000-01-01", "0000-12-31"},
      {"2013?", "2013-01-01", "2013-12-31"},
      {"2013-07~", "2013-07-01", "2013-07-31"},
      {"2013-07-16%", "2013-07-16", "2013-07-16"},
      {"201X", "2010-01-01", "2019-12-31"},
      {"20XX", "2000-01-01", "2099-12-31"},
      {"2013-XX", "2013-01-01", "2013-12-31"},
      {"2013-XX-XX", "2013-01-01", "2013-12-31"},
      {"2013-07-XX", "2013-07-01", "2013-07-31"},
      {"2013-02-XX", "2013-02-01", "2013-02-28"},
      {"201X?", "2010-01-01", "2019-12-31"},
      {"2013-07-30/2013-07-31", "2013-07-30", "2013-07-31"},
      {"2013-07/2013-08", "2013-07-01", "2013-08-31"},
      {"2013-07-30/2013-07-30", "2013-07-30", "2013-07-30"},
      {"2013-07/..", "2013-07-01", ""},
      {"../2014", "", "2014-12-31"},
      {"/2014", "", "2014-12-31"},
      {"2013-07-30/", "2013-07-30", ""},
      {"2013~/2014?", "2013-01-01", "2014-12-31"},
      {"2013-07/2013", "2013-07-01", "2013-12-31"},
  };
  for (const ValidCase& c : cases) {
    Result<PartialDate> d = PartialDate::Parse(c.text);
    ASSERT_TRUE(d.has_value()) << c.text << ": " << d.error().message;
    EXPECT_EQ(d->ToString(), c.text) << c.text;
    const std::optional<CivilDay> earliest = d->EarliestDay();
    const std::optional<CivilDay> latest = d->LatestDay();
    EXPECT_EQ(earliest ? earliest->ToIso() : "", c.earliest) << c.text;
    EXPECT_EQ(latest ? latest->ToIso() : "", c.latest) << c.text;
    Result<PartialDate> again = PartialDate::Parse(d->ToString());
    ASSERT_TRUE(again.has_value()) << c.text;
    EXPECT_EQ(*again, *d) << c.text;
  }
}

struct InvalidCase {
  const char* text;
  const char* reason;  // a phrase the problem must contain
};

TEST(PartialDate, RejectsImpossibleAndMalformedDatesNamingTheProblem) {
  const InvalidCase cases[] = {
      {"2013-13-45", "month 13 does not exist"},
      {"2013-13", "month 13 does not exist"},
      {"2013-00", "month 0 does not exist"},
      {"2013-21", "season"},
      {"2013-07-45", "day 45 does not exist in 2013-07"},
      {"2013-02-29", "day 29 does not exist in 2013-02"},
      {"1900-02-29", "day 29 does not exist in 1900-02"},
      {"2013-04-31", "day 31 does not exist in 2013-04"},
      {"2013-07-00", "day 0 does not exist"},
      {"", "empty"},
      {"13", "four digits"},
      {"2013-7", "expected -MM"},
      {"2013-07-3", "expected -DD"},
      {"2013-07-30T10:00", "time of day is not allowed"},
      {" 2013", "four digits"},
      {"2013 ", "-MM"},
      {"X013", "last one or two digits"},
      {"2X13", "last one or two digits"},
      {"201X-05", "cannot have a month"},
      {"2013-XX-05", "cannot have a known day"},
      {"2013?~", "one qualifier"},
      {"2013-07-31/2013-07-30", "ends before it starts"},
      {"2014/2013", "ends before it starts"},
      {"/", "at least one known end"},
      {"../..", "at least one known end"},
      {"..", "only in an interval"},
      {"2013/2014/2015", "exactly one /"},
      {"2013-13/2014", "start: month 13"},
      {"2013/2014-02-30", "end: day 30"},
      {"spring 2013", "four digits"},
      {"-2013", "four digits"},
  };
  for (const InvalidCase& c : cases) {
    Result<PartialDate> d = PartialDate::Parse(c.text, "dates");
    ASSERT_FALSE(d.has_value()) << "accepted \"" << c.text << "\" as " << d->ToString();
    EXPECT_EQ(d.error().code, ErrorCode::kInvalidArgument) << c.text;
    ASSERT_EQ(d.error().fields.size(), 1u) << c.text;
    EXPECT_EQ(d.error().fields[0].field, "dates") << c.text;
    const std::string& problem = d.error().fields[0].problem;
    EXPECT_NE(problem.find(c.reason), std::string::npos) << c.text << ": " << problem;
    EXPECT_NE(problem.find("must be an EDTF date"), std::string::npos) << c.text << ": " << problem;
    EXPECT_NE(problem.find("\"" + std::string(c.text) + "\""), std::string::npos) << c.text << ": " << problem;
  }
}

TEST(PartialDate, MonthThirteenMessageQuotesTheTextAndSaysWhatIsExpected) {
  Result<PartialDate> d = PartialDate::Parse("2013-13-45", "dates");
  ASSERT_FALSE(d.has_value());
  EXPECT_EQ(d.error().message,
            "dates: must be an EDTF date such as 2013-07-30, 2013-07, 2013? or 2013-07-30/2013-07-31; got "
            "\"2013-13-45\" (month 13 does not exist)");
}

TEST(PartialDate, ParsesQualifiersAndUnspecifiedDigitsIntoFields) {
  Result<PartialDate> d = PartialDate::Parse("2013-07%");
  ASSERT_TRUE(d.has_value());
  ASSERT_TRUE(d->start().has_value());
  EXPECT_FALSE(d->is_interval());
  EXPECT_TRUE(d->start()->uncertain);
  EXPECT_TRUE(d->start()->approximate);
  EXPECT_EQ(d->start()->precision, DatePrecision::kMonth);
  EXPECT_EQ(d->start()->month, 7);

  Result<PartialDate> x = PartialDate::Parse("20XX");
  ASSERT_TRUE(x.has_value());
  EXPECT_EQ(x->start()->unspecified_year_digits, 2);
  EXPECT_EQ(x->start()->year, 2000);
}

TEST(PartialDate, DistinguishesOpenFromUnknownIntervalEnds) {
  Result<PartialDate> open = PartialDate::Parse("2013-07/..");
  Result<PartialDate> unknown = PartialDate::Parse("2013-07/");
  ASSERT_TRUE(open.has_value());
  ASSERT_TRUE(unknown.has_value());
  EXPECT_TRUE(open->is_interval());
  EXPECT_TRUE(open->end_open());
  EXPECT_FALSE(unknown->end_open());
  EXPECT_FALSE(unknown->end().has_value());
  EXPECT_FALSE(*open == *unknown);
  Result<PartialDate> start_open = PartialDate::Parse("../2014");
  ASSERT_TRUE(start_open.has_value());
  EXPECT_TRUE(start_open->start_open());
}

TEST(CivilDays, RoundTripEveryDayOverFourCenturies) {
  const long first = DaysFromCivil({1800, 1, 1});
  const long last = DaysFromCivil({2200, 12, 31});
  CivilDay expected{1800, 1, 1};
  for (long z = first; z <= last; ++z) {
    const CivilDay d = CivilFromDays(z);
    ASSERT_EQ(d, expected) << z;
    ASSERT_EQ(DaysFromCivil(d), z) << d.ToIso();
    ++expected.day;
    if (!IsValidCivilDay(expected.year, expected.month, expected.day)) {
      expected.day = 1;
      if (++expected.month == 13) {
        expected.month = 1;
        ++expected.year;
      }
    }
  }
}

TEST(CivilDays, CountsFromTheUnixEpoch) {
  EXPECT_EQ(DaysFromCivil({1970, 1, 1}), 0);
  EXPECT_EQ(DaysFromCivil({1969, 12, 31}), -1);
  EXPECT_EQ(DaysFromCivil({2013, 7, 30}), 15916);
  EXPECT_EQ(CivilFromDays(15916).ToIso(), "2013-07-30");
}

TEST(CivilDays, KnowsLeapYears) {
  EXPECT_TRUE(IsValidCivilDay(2012, 2, 29));
  EXPECT_TRUE(IsValidCivilDay(2000, 2, 29));
  EXPECT_FALSE(IsValidCivilDay(1900, 2, 29));
  EXPECT_FALSE(IsValidCivilDay(2013, 2, 29));
  EXPECT_FALSE(IsValidCivilDay(2013, 13, 1));
  EXPECT_FALSE(IsValidCivilDay(2013, 6, 31));
}

}  // namespace
}  // namespace readout::core
