#include "core/accountability_vocabulary.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <string_view>

namespace readout::core {
namespace {

// Every code of a vocabulary parses back to the value it came from, is
// distinct and lower_snake, and a value past the table has no code.
template <typename Enum>
void ExpectRoundTrip(const char* name, std::span<const std::string_view> codes,
                     std::optional<Enum> (*parse)(std::string_view)) {
  std::set<std::string_view> seen;
  for (std::size_t i = 0; i < codes.size(); ++i) {
    const auto value = static_cast<Enum>(i);
    EXPECT_EQ(ToCode(value), codes[i]) << name << " " << i;
    EXPECT_EQ(parse(codes[i]), value) << name << " " << codes[i];
    EXPECT_TRUE(seen.insert(codes[i]).second) << name << " repeats " << codes[i];
    for (char c : codes[i]) EXPECT_TRUE((c >= 'a' && c <= 'z') || c == '_') << name << " code " << codes[i];
  }
  EXPECT_FALSE(parse("").has_value()) << name;
  EXPECT_FALSE(parse("no_such_code").has_value()) << name;
  EXPECT_EQ(ToCode(static_cast<Enum>(codes.size())), "") << name;
}

TEST(AccountabilityVocabulary, EveryCodeRoundTrips) {
  ExpectRoundTrip<AssessmentRating>("assessment_rating", AssessmentRatingCodes(), &ParseAssessmentRating);
  ExpectRoundTrip<ReviewState>("review_state", ReviewStateCodes(), &ParseReviewState);
  ExpectRoundTrip<CommitmentStatus>("commitment_status", CommitmentStatusCodes(), &ParseCommitmentStatus);
  ExpectRoundTrip<EngagementKind>("engagement_kind", EngagementKindCodes(), &ParseEngagementKind);
  ExpectRoundTrip<AgencyArea>("agency_area", AgencyAreaCodes(), &ParseAgencyArea);
  ExpectRoundTrip<PublicAccountLevel>("public_account_level", PublicAccountLevelCodes(), &ParsePublicAccountLevel);
}

TEST(AccountabilityVocabulary, TablesListEveryEnumValueInDeclarationOrder) {
  struct Case {
    std::string_view code;
    std::string_view expected;
  };
  const Case cases[] = {
      {ToCode(AssessmentRating::kNotAssessed), "not_assessed"},
      {ToCode(AssessmentRating::kSubstantialProgress), "substantial_progress"},
      {ToCode(AssessmentRating::kNoInformation), "no_information"},
      {ToCode(ReviewState::kDraft), "draft"},
      {ToCode(ReviewState::kApproved), "approved"},
      {ToCode(CommitmentStatus::kPartlyFulfilled), "partly_fulfilled"},
      {ToCode(CommitmentStatus::kWithdrawn), "withdrawn"},
      {ToCode(EngagementKind::kPublicStatement), "public_statement"},
      {ToCode(EngagementKind::kLetter), "letter"},
      {ToCode(AgencyArea::kForeignAffairs), "foreign_affairs"},
      {ToCode(AgencyArea::kHeadOfGovernment), "head_of_government"},
      {ToCode(AgencyArea::kOther), "other"},
      {ToCode(PublicAccountLevel::kNone), "none"},
      {ToCode(PublicAccountLevel::kDetailed), "detailed"},
  };
  for (const Case& c : cases) EXPECT_EQ(c.code, c.expected);
  EXPECT_EQ(AssessmentRatingCodes().size(), 7u);
  EXPECT_EQ(ReviewStateCodes().size(), 2u);
  EXPECT_EQ(CommitmentStatusCodes().size(), 5u);
  EXPECT_EQ(EngagementKindCodes().size(), 9u);
  EXPECT_EQ(AgencyAreaCodes().size(), 15u);
  EXPECT_EQ(PublicAccountLevelCodes().size(), 3u);
}

TEST(AccountabilityVocabulary, ProgressInformativeAndRankFollowDesignSection7) {
  struct Case {
    AssessmentRating rating;
    bool progress;
    bool informative;
    std::optional<int> rank;
  };
  const Case cases[] = {
      {AssessmentRating::kNotAssessed, false, false, std::nullopt},
      {AssessmentRating::kMet, true, true, 4},
      {AssessmentRating::kSubstantialProgress, true, true, 3},
      {AssessmentRating::kLimitedProgress, true, true, 2},
      {AssessmentRating::kNoProgress, false, true, 1},
      {AssessmentRating::kRegressed, false, true, 0},
      {AssessmentRating::kNoInformation, false, false, std::nullopt},
  };
  ASSERT_EQ(std::size(cases), AssessmentRatingCodes().size());
  for (const Case& c : cases) {
    EXPECT_EQ(IsProgress(c.rating), c.progress) << ToCode(c.rating);
    EXPECT_EQ(IsInformative(c.rating), c.informative) << ToCode(c.rating);
    EXPECT_EQ(ProgressRank(c.rating), c.rank) << ToCode(c.rating);
  }
}

TEST(AccountabilityVocabulary, OnlyStatementsPressConferencesInterviewsAndSpeechesArePublicSpeech) {
  struct Case {
    EngagementKind kind;
    bool public_speech;
  };
  const Case cases[] = {
      {EngagementKind::kMeeting, false},         {EngagementKind::kVisit, false},
      {EngagementKind::kSummit, false},          {EngagementKind::kCall, false},
      {EngagementKind::kPublicStatement, true},  {EngagementKind::kPressConference, true},
      {EngagementKind::kMediaInterview, true},   {EngagementKind::kSpeech, true},
      {EngagementKind::kLetter, false},
  };
  ASSERT_EQ(std::size(cases), EngagementKindCodes().size());
  for (const Case& c : cases) EXPECT_EQ(IsPublicSpeech(c.kind), c.public_speech) << ToCode(c.kind);
}

}  // namespace
}  // namespace readout::core
