#include "core/case_vocabulary.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <string_view>

namespace readout::core {
namespace {

// Every code of a vocabulary parses back to the value it came from, is
// distinct, and is lower_snake (Script: ISO 15924 title case).
template <typename Enum>
void ExpectRoundTrip(const char* name, std::span<const std::string_view> codes,
                     std::optional<Enum> (*parse)(std::string_view), bool iso15924 = false) {
  std::set<std::string_view> seen;
  for (std::size_t i = 0; i < codes.size(); ++i) {
    const auto value = static_cast<Enum>(i);
    EXPECT_EQ(ToCode(value), codes[i]) << name << " " << i;
    EXPECT_EQ(parse(codes[i]), value) << name << " " << codes[i];
    EXPECT_TRUE(seen.insert(codes[i]).second) << name << " repeats " << codes[i];
    for (char c : codes[i]) {
      const bool ok = iso15924 ? (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') : (c >= 'a' && c <= 'z') || c == '_';
      EXPECT_TRUE(ok) << name << " code " << codes[i];
    }
  }
  EXPECT_FALSE(parse("").has_value()) << name;
  EXPECT_FALSE(parse("no_such_code").has_value()) << name;
  EXPECT_EQ(ToCode(static_cast<Enum>(codes.size())), "") << name;
}

TEST(CaseVocabulary, EveryCodeRoundTrips) {
  ExpectRoundTrip<LegalEventType>("legal_event_type", LegalEventTypeCodes(), &ParseLegalEventType);
  ExpectRoundTrip<CaseStatus>("case_status", CaseStatusCodes(), &ParseCaseStatus);
  ExpectRoundTrip<ChargeStage>("charge_stage", ChargeStageCodes(), &ParseChargeStage);
  ExpectRoundTrip<TermKind>("term_kind", TermKindCodes(), &ParseTermKind);
  ExpectRoundTrip<TriState>("tri_state", TriStateCodes(), &ParseTriState);
  ExpectRoundTrip<Sex>("sex", SexCodes(), &ParseSex);
  ExpectRoundTrip<Script>("script", ScriptCodes(), &ParseScript, true);
  ExpectRoundTrip<NameScheme>("name_scheme", NameSchemeCodes(), &ParseNameScheme);
  ExpectRoundTrip<NameKind>("name_kind", NameKindCodes(), &ParseNameKind);
  ExpectRoundTrip<PlaceLevel>("place_level", PlaceLevelCodes(), &ParsePlaceLevel);
  ExpectRoundTrip<FacilityType>("facility_type", FacilityTypeCodes(), &ParseFacilityType);
  ExpectRoundTrip<SourceType>("source_type", SourceTypeCodes(), &ParseSourceType);
  ExpectRoundTrip<Reliability>("reliability", ReliabilityCodes(), &ParseReliability);
  ExpectRoundTrip<GroupEventType>("group_event_type", GroupEventTypeCodes(), &ParseGroupEventType);
  ExpectRoundTrip<CountQualifier>("count_qualifier", CountQualifierCodes(), &ParseCountQualifier);
  ExpectRoundTrip<CustodyAction>("custody_action", CustodyActionCodes(), &ParseCustodyAction);
}

TEST(CaseVocabulary, CodesMatchTheEnumNames) {
  struct Case {
    std::string_view code;
    std::string_view expected;
  };
  const Case cases[] = {
      {ToCode(LegalEventType::kTakenAway), "taken_away"},
      {ToCode(LegalEventType::kRsdl), "rsdl"},
      {ToCode(LegalEventType::kBailPendingTrial), "bail_pending_trial"},
      {ToCode(LegalEventType::kArrestApproved), "arrest_approved"},
      {ToCode(LegalEventType::kDeprivationOfPoliticalRights), "deprivation_of_political_rights"},
      {ToCode(LegalEventType::kReeducationThroughLabor), "reeducation_through_labor"},
      {ToCode(LegalEventType::kDeathInCustody), "death_in_custody"},
      {ToCode(CaseStatus::kDetainedPretrial), "detained_pretrial"},
      {ToCode(CaseStatus::kWhereaboutsUnknown), "whereabouts_unknown"},
      {ToCode(CaseStatus::kDeceasedInCustody), "deceased_in_custody"},
      {ToCode(CaseStatus::kUnknown), "unknown"},
      {ToCode(TermKind::kDeathSuspended), "death_suspended"},
      {ToCode(Script::kHans), "Hans"},
      {ToCode(Script::kOther), "Zyyy"},
      {ToCode(NameScheme::kUyghurLatin), "uyghur_latin"},
      {ToCode(FacilityType::kDetentionCentre), "detention_centre"},
      {ToCode(FacilityType::kRsdlSite), "rsdl_site"},
      {ToCode(FacilityType::kBlackJail), "black_jail"},
      {ToCode(FacilityType::kPsychiatricHospital), "psychiatric_hospital"},
      {ToCode(SourceType::kCourtJudgment), "court_judgment"},
      {ToCode(SourceType::kNgoReport), "ngo_report"},
      {ToCode(SourceType::kGovernmentReply), "government_reply"},
      {ToCode(GroupEventType::kSelfImmolation), "self_immolation"},
      {ToCode(GroupEventType::kDetentionWave), "detention_wave"},
      {ToCode(CountQualifier::kAtLeast), "at_least"},
      {ToCode(CountQualifier::kApproximately), "approximately"},
      {ToCode(CustodyAction::kTransferred), "transferred"},
  };
  for (const Case& c : cases) EXPECT_EQ(c.code, c.expected);
  EXPECT_EQ(LegalEventTypeCodes().size(), 27u);
  EXPECT_EQ(CaseStatusCodes().size(), 10u);
}

TEST(CaseVocabulary, OfficialChineseTermsOfLegalEvents) {
  struct Case {
    LegalEventType type;
    std::string_view term;
  };
  const Case cases[] = {
      {LegalEventType::kTakenAway, ""},
      {LegalEventType::kDisappeared, ""},
      {LegalEventType::kAdministrativeDetention, "行政拘留"},
      {LegalEventType::kCriminalDetention, "刑事拘留"},
      {LegalEventType::kRsdl, "指定居所监视居住"},
      {LegalEventType::kResidentialSurveillance, "监视居住"},
      {LegalEventType::kBailPendingTrial, "取保候审"},
      {LegalEventType::kArrestApproved, "逮捕"},
      {LegalEventType::kIndictment, "起诉"},
      {LegalEventType::kTrial, "开庭"},
      {LegalEventType::kVerdict, "判决"},
      {LegalEventType::kAppealFiled, "上诉"},
      {LegalEventType::kAppealRuling, "二审裁定"},
      {LegalEventType::kSentenceReduction, "减刑"},
      {LegalEventType::kParole, "假释"},
      {LegalEventType::kMedicalParole, "保外就医"},
      {LegalEventType::kReleasedOnCompletion, "刑满释放"},
      {LegalEventType::kReleasedWithoutCharge, ""},
      {LegalEventType::kDeprivationOfPoliticalRights, "剥夺政治权利"},
      {LegalEventType::kHouseArrest, "软禁"},
      {LegalEventType::kPsychiatricCommitment, "强制医疗"},
      {LegalEventType::kReeducationThroughLabor, "劳动教养"},
      {LegalEventType::kExitBan, "限制出境"},
      {LegalEventType::kDeath, ""},
      {LegalEventType::kDeathInCustody, ""},
  };
  for (const Case& c : cases) EXPECT_EQ(OfficialChineseTerm(c.type), c.term) << ToCode(c.type);
}

}  // namespace
}  // namespace readout::core
