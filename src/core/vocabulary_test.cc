#include "core/vocabulary.h"

#include <gtest/gtest.h>

#include <string>

namespace readout::core {
namespace {

// Every code parses back to the enum it came from, and the lists are complete.
template <typename Enum>
void ExpectRoundTrip(std::span<const std::string_view> codes, std::optional<Enum> (*parse)(std::string_view),
                     std::size_t expected_count) {
  EXPECT_EQ(codes.size(), expected_count);
  for (std::size_t i = 0; i < codes.size(); ++i) {
    std::optional<Enum> e = parse(codes[i]);
    ASSERT_TRUE(e.has_value()) << codes[i];
    EXPECT_EQ(static_cast<std::size_t>(*e), i) << codes[i];
    EXPECT_EQ(ToCode(*e), codes[i]);
  }
  EXPECT_FALSE(parse("").has_value());
  EXPECT_FALSE(parse("no_such_code").has_value());
}

TEST(Vocabulary, EveryCodeRoundTrips) {
  ExpectRoundTrip<Visibility>(VisibilityCodes(), &ParseVisibility, 3);
  ExpectRoundTrip<ReplyKind>(ReplyKindCodes(), &ParseReplyKind, 10);
  ExpectRoundTrip<CaseListStatus>(CaseListStatusCodes(), &ParseCaseListStatus, 3);
  ExpectRoundTrip<Side>(SideCodes(), &ParseSide, 2);
  ExpectRoundTrip<RequestKind>(RequestKindCodes(), &ParseRequestKind, 10);
  ExpectRoundTrip<AskSubjectKind>(AskSubjectKindCodes(), &ParseAskSubjectKind, 3);
}

TEST(Vocabulary, CodesAreTheOnesInTheDesign) {
  EXPECT_EQ(ToCode(Visibility::kRestricted), "restricted");
  EXPECT_EQ(ToCode(ReplyKind::kInformationProvided), "information_provided");
  EXPECT_EQ(ToCode(ReplyKind::kRequestForMoreInformation), "request_for_more_information");
  EXPECT_EQ(ToCode(ReplyKind::kHandledAccordingToLaw), "handled_according_to_law");
  EXPECT_EQ(ToCode(ReplyKind::kListRefused), "list_refused");
  EXPECT_EQ(ToCode(ReplyKind::kNoReply), "no_reply");
  EXPECT_EQ(ToCode(CaseListStatus::kRefused), "refused");
  EXPECT_EQ(ToCode(Side::kB), "b");
  EXPECT_EQ(ToCode(RequestKind::kLawyerAccess), "lawyer_access");
  EXPECT_EQ(ToCode(RequestKind::kAccess), "access");
  EXPECT_EQ(ToCode(AskSubjectKind::kBenchmark), "benchmark");
}

TEST(Vocabulary, CodesAreCaseSensitive) {
  EXPECT_FALSE(ParseVisibility("Public").has_value());
  EXPECT_FALSE(ParseReplyKind("INFORMATION_PROVIDED").has_value());
}

TEST(Vocabulary, OnlyInformationAndCommitmentsAreSubstantive) {
  for (std::string_view code : ReplyKindCodes()) {
    const ReplyKind kind = *ParseReplyKind(code);
    const bool expected = code == "information_provided" || code == "commitment_made";
    EXPECT_EQ(IsSubstantive(kind), expected) << code;
  }
}

TEST(Vocabulary, VisibilityIsOrderedPublicInternalRestricted) {
  struct Case {
    Visibility v;
    Visibility reader;
    bool visible;
  };
  const Case cases[] = {
      {Visibility::kPublic, Visibility::kPublic, true},         {Visibility::kPublic, Visibility::kInternal, true},
      {Visibility::kPublic, Visibility::kRestricted, true},     {Visibility::kInternal, Visibility::kPublic, false},
      {Visibility::kInternal, Visibility::kInternal, true},     {Visibility::kInternal, Visibility::kRestricted, true},
      {Visibility::kRestricted, Visibility::kPublic, false},    {Visibility::kRestricted, Visibility::kInternal, false},
      {Visibility::kRestricted, Visibility::kRestricted, true},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(IsVisibleTo(c.v, c.reader), c.visible) << ToCode(c.v) << " for " << ToCode(c.reader);
  }
}

}  // namespace
}  // namespace readout::core
