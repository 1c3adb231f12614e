#include "core/accountability_vocabulary.h"

#include <array>
#include <cstddef>

#include "core/vocabulary_table.h"

namespace readout::core {
namespace {

// Each table lists the codes in the enum's declaration order: the enum's
// value is the index.
constexpr std::array<std::string_view, 7> kAssessmentRatingCodes = {
    "not_assessed", "met", "substantial_progress", "limited_progress", "no_progress", "regressed", "no_information",
};
constexpr std::array<std::string_view, 2> kReviewStateCodes = {"draft", "approved"};
constexpr std::array<std::string_view, 5> kCommitmentStatusCodes = {"open", "fulfilled", "partly_fulfilled",
                                                                    "not_fulfilled", "withdrawn"};
constexpr std::array<std::string_view, 9> kEngagementKindCodes = {
    "meeting", "visit", "summit", "call", "public_statement", "press_conference", "media_interview", "speech", "letter",
};
constexpr std::array<std::string_view, 15> kAgencyAreaCodes = {
    "foreign_affairs", "human_rights", "economics",   "trade",  "defence",
    "security",        "justice",      "environment", "labour", "development",
    "health",          "science",      "education",   "head_of_government", "other",
};
constexpr std::array<std::string_view, 3> kPublicAccountLevelCodes = {"none", "brief", "detailed"};

}  // namespace

READOUT_VOCABULARY(AssessmentRating, kAssessmentRatingCodes)
READOUT_VOCABULARY(ReviewState, kReviewStateCodes)
READOUT_VOCABULARY(CommitmentStatus, kCommitmentStatusCodes)
READOUT_VOCABULARY(EngagementKind, kEngagementKindCodes)
READOUT_VOCABULARY(AgencyArea, kAgencyAreaCodes)
READOUT_VOCABULARY(PublicAccountLevel, kPublicAccountLevelCodes)


bool IsProgress(AssessmentRating rating) {
  return rating == AssessmentRating::kMet || rating == AssessmentRating::kSubstantialProgress ||
         rating == AssessmentRating::kLimitedProgress;
}

bool IsInformative(AssessmentRating rating) {
  return rating != AssessmentRating::kNotAssessed && rating != AssessmentRating::kNoInformation;
}

std::optional<int> ProgressRank(AssessmentRating rating) {
  switch (rating) {
    case AssessmentRating::kRegressed:
      return 0;
    case AssessmentRating::kNoProgress:
      return 1;
    case AssessmentRating::kLimitedProgress:
      return 2;
    case AssessmentRating::kSubstantialProgress:
      return 3;
    case AssessmentRating::kMet:
      return 4;
    case AssessmentRating::kNotAssessed:
    case AssessmentRating::kNoInformation:
      break;
  }
  return std::nullopt;
}

bool IsPublicSpeech(EngagementKind kind) {
  return kind == EngagementKind::kPublicStatement || kind == EngagementKind::kPressConference ||
         kind == EngagementKind::kMediaInterview || kind == EngagementKind::kSpeech;
}

}  // namespace readout::core
