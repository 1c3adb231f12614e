// Vocabularies of case documentation (DESIGN.md section 3): legal event
// types, case status, charge stages, sentence terms, places, sources, names.
//
// Codes are stable lower_snake strings held by the store, the API and
// imports; display names are i18n ids ("vocab.legal_event_type.<code>").
// Legal event types also carry their official Chinese term, which is part of
// the domain (it appears in court documents), not UI text.
//
// Thread-safety: constant tables.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace readout::core {

enum class LegalEventType {
  kTakenAway,                 // taken_away
  kDisappeared,               // disappeared
  kAdministrativeDetention,   // administrative_detention 行政拘留
  kCriminalDetention,         // criminal_detention 刑事拘留
  kRsdl,                      // rsdl 指定居所监视居住
  kResidentialSurveillance,   // residential_surveillance 监视居住 (at home)
  kBailPendingTrial,          // bail_pending_trial 取保候审
  kArrestApproved,            // arrest_approved 逮捕
  kIndictment,                // indictment 起诉
  kTrial,                     // trial 开庭
  kVerdict,                   // verdict 判决
  kAppealFiled,               // appeal_filed 上诉
  kAppealRuling,              // appeal_ruling 二审裁定
  kPrisonTransfer,            // prison_transfer
  kSentenceReduction,         // sentence_reduction 减刑
  kParole,                    // parole 假释
  kMedicalParole,             // medical_parole 保外就医
  kReleasedOnCompletion,      // released_on_completion 刑满释放
  kReleasedWithoutCharge,     // released_without_charge
  kDeprivationOfPoliticalRights,  // deprivation_of_political_rights 剥夺政治权利
  kHouseArrest,               // house_arrest 软禁
  kPsychiatricCommitment,     // psychiatric_commitment 强制医疗
  kReeducationThroughLabor,   // reeducation_through_labor 劳动教养
  kExitBan,                   // exit_ban 限制出境
  kExiled,                    // exiled
  kDeath,                     // death
  kDeathInCustody,            // death_in_custody
};

// DESIGN §3, derived from legal events, never typed in.
enum class CaseStatus {
  kDetainedPretrial,
  kDetainedSentenced,
  kDetainedExtralegal,
  kWhereaboutsUnknown,
  kReleased,
  kReleasedRestricted,
  kDeceasedInCustody,
  kDeceased,
  kExiled,
  kUnknown,
};

enum class ChargeStage { kSuspected, kArrest, kIndictment, kConviction, kDropped };
enum class TermKind { kFixed, kLife, kDeath, kDeathSuspended, kNone };
enum class TriState { kUnknown, kYes, kNo };
enum class Sex { kUnknown, kFemale, kMale, kOther };
enum class Script { kHans, kHant, kLatn, kTibt, kArab, kOther };
enum class NameScheme { kNone, kPinyin, kWylie, kUyghurLatin, kEnglishExonym, kOther };
enum class NameKind { kLegal, kAlias, kPenName, kReligiousName, kOther };
enum class PlaceLevel { kCountry, kProvince, kPrefecture, kCounty, kTownship, kFacility };
enum class FacilityType {
  kNone, kDetentionCentre, kPrison, kRsdlSite, kBlackJail, kPsychiatricHospital, kCamp, kPoliceStation,
  kLabourCamp, kOther,
};
enum class SourceType {
  kCourtJudgment, kOfficialNotice, kStateMedia, kNgoReport, kFamilyAccount, kLawyerAccount, kSocialMedia,
  kGovernmentReply, kMedia, kOther,
};
enum class Reliability { kUnknown, kLow, kMedium, kHigh };
enum class GroupEventType { kProtest, kDetentionWave, kSelfImmolation, kClash, kOther };
enum class CountQualifier { kExact, kAtLeast, kApproximately, kRange, kUnknown };
enum class CustodyAction { kReceived, kStored, kCopied, kTransferred, kVerified, kRedacted, kOther };

std::string_view ToCode(LegalEventType v);
std::string_view ToCode(CaseStatus v);
std::string_view ToCode(ChargeStage v);
std::string_view ToCode(TermKind v);
std::string_view ToCode(TriState v);
std::string_view ToCode(Sex v);
std::string_view ToCode(Script v);   // ISO 15924: "Hans", "Hant", "Latn", "Tibt", "Arab", "Zyyy"
std::string_view ToCode(NameScheme v);
std::string_view ToCode(NameKind v);
std::string_view ToCode(PlaceLevel v);
std::string_view ToCode(FacilityType v);
std::string_view ToCode(SourceType v);
std::string_view ToCode(Reliability v);
std::string_view ToCode(GroupEventType v);
std::string_view ToCode(CountQualifier v);
std::string_view ToCode(CustodyAction v);

std::optional<LegalEventType> ParseLegalEventType(std::string_view code);
std::optional<CaseStatus> ParseCaseStatus(std::string_view code);
std::optional<ChargeStage> ParseChargeStage(std::string_view code);
std::optional<TermKind> ParseTermKind(std::string_view code);
std::optional<TriState> ParseTriState(std::string_view code);
std::optional<Sex> ParseSex(std::string_view code);
std::optional<Script> ParseScript(std::string_view code);
std::optional<NameScheme> ParseNameScheme(std::string_view code);
std::optional<NameKind> ParseNameKind(std::string_view code);
std::optional<PlaceLevel> ParsePlaceLevel(std::string_view code);
std::optional<FacilityType> ParseFacilityType(std::string_view code);
std::optional<SourceType> ParseSourceType(std::string_view code);
std::optional<Reliability> ParseReliability(std::string_view code);
std::optional<GroupEventType> ParseGroupEventType(std::string_view code);
std::optional<CountQualifier> ParseCountQualifier(std::string_view code);
std::optional<CustodyAction> ParseCustodyAction(std::string_view code);

std::span<const std::string_view> LegalEventTypeCodes();
std::span<const std::string_view> CaseStatusCodes();
std::span<const std::string_view> ChargeStageCodes();
std::span<const std::string_view> TermKindCodes();
std::span<const std::string_view> TriStateCodes();
std::span<const std::string_view> SexCodes();
std::span<const std::string_view> ScriptCodes();
std::span<const std::string_view> NameSchemeCodes();
std::span<const std::string_view> NameKindCodes();
std::span<const std::string_view> PlaceLevelCodes();
std::span<const std::string_view> FacilityTypeCodes();
std::span<const std::string_view> SourceTypeCodes();
std::span<const std::string_view> ReliabilityCodes();
std::span<const std::string_view> GroupEventTypeCodes();
std::span<const std::string_view> CountQualifierCodes();
std::span<const std::string_view> CustodyActionCodes();

// The official Chinese term of a legal event type ("刑事拘留"), or empty when
// there is none (e.g. "disappeared").
std::string_view OfficialChineseTerm(LegalEventType type);

}  // namespace readout::core
