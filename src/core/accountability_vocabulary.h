// Vocabularies of the accountability records (DESIGN.md section 3 and the
// glossary): assessment ratings, review state, engagement kinds, agency
// areas, public-account levels.
//
// Same rules as core/vocabulary.h: codes are stable lower_snake strings held
// by the store, the API and the bundle; display names are i18n ids
// ("vocab.assessment_rating.<code>"). The enum's value is the index in the
// code table, which lists codes in declaration order.
//
// Thread-safety: constant tables.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace readout::core {

// DESIGN §3. kNotAssessed is the default and is never displayed or counted
// as "no progress": a benchmark without an approved assessment at a round
// has no rating there, not a bad one.
enum class AssessmentRating {
  kNotAssessed,
  kMet,
  kSubstantialProgress,
  kLimitedProgress,
  kNoProgress,
  kRegressed,
  kNoInformation,
};

// Nothing is public without a second person (DESIGN §1): an assessment is a
// draft until a reviewer who is not its assessor approves it.
enum class ReviewState { kDraft, kApproved };

enum class CommitmentStatus { kOpen, kFulfilled, kPartlyFulfilled, kNotFulfilled, kWithdrawn };

// DESIGN §2, Engagement.
enum class EngagementKind {
  kMeeting, kVisit, kSummit, kCall, kPublicStatement, kPressConference, kMediaInterview, kSpeech, kLetter,
};

// The area of an agency's relationship with the counterpart.
enum class AgencyArea {
  kForeignAffairs, kHumanRights, kEconomics, kTrade, kDefence, kSecurity, kJustice, kEnvironment, kLabour,
  kDevelopment, kHealth, kScience, kEducation, kHeadOfGovernment, kOther,
};

// How much of an engagement or round the public was told afterwards.
enum class PublicAccountLevel { kNone, kBrief, kDetailed };

std::string_view ToCode(AssessmentRating v);
std::string_view ToCode(ReviewState v);
std::string_view ToCode(CommitmentStatus v);
std::string_view ToCode(EngagementKind v);
std::string_view ToCode(AgencyArea v);
std::string_view ToCode(PublicAccountLevel v);

std::optional<AssessmentRating> ParseAssessmentRating(std::string_view code);
std::optional<ReviewState> ParseReviewState(std::string_view code);
std::optional<CommitmentStatus> ParseCommitmentStatus(std::string_view code);
std::optional<EngagementKind> ParseEngagementKind(std::string_view code);
std::optional<AgencyArea> ParseAgencyArea(std::string_view code);
std::optional<PublicAccountLevel> ParsePublicAccountLevel(std::string_view code);

std::span<const std::string_view> AssessmentRatingCodes();
std::span<const std::string_view> ReviewStateCodes();
std::span<const std::string_view> CommitmentStatusCodes();
std::span<const std::string_view> EngagementKindCodes();
std::span<const std::string_view> AgencyAreaCodes();
std::span<const std::string_view> PublicAccountLevelCodes();

// Ratings that count as progress for the round score (DESIGN §7): met,
// substantial and limited progress. kNotAssessed and kNoInformation are
// neither progress nor its absence.
bool IsProgress(AssessmentRating rating);
// Ratings that say something about the benchmark (all but kNotAssessed and
// kNoInformation): the denominator of "share rated with progress".
bool IsInformative(AssessmentRating rating);
// Order for "change since the previous round": regressed < no progress <
// limited < substantial < met. nullopt for kNotAssessed and kNoInformation,
// which can not be compared.
std::optional<int> ProgressRank(AssessmentRating rating);

// Public statements, press conferences, media interviews and speeches speak
// to the public: the agency record counts them apart from meetings.
bool IsPublicSpeech(EngagementKind kind);

}  // namespace readout::core
