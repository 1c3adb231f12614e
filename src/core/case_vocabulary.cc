#include "core/case_vocabulary.h"

#include <array>
#include <cstddef>

#include "core/vocabulary_table.h"

namespace readout::core {
namespace {

// Each table lists the codes in the enum's declaration order: the enum's
// value is the index.
constexpr std::array<std::string_view, 27> kLegalEventTypeCodes = {
    "taken_away",
    "disappeared",
    "administrative_detention",
    "criminal_detention",
    "rsdl",
    "residential_surveillance",
    "bail_pending_trial",
    "arrest_approved",
    "indictment",
    "trial",
    "verdict",
    "appeal_filed",
    "appeal_ruling",
    "prison_transfer",
    "sentence_reduction",
    "parole",
    "medical_parole",
    "released_on_completion",
    "released_without_charge",
    "deprivation_of_political_rights",
    "house_arrest",
    "psychiatric_commitment",
    "reeducation_through_labor",
    "exit_ban",
    "exiled",
    "death",
    "death_in_custody",
};

// The terms used in PRC legal documents, in the same order; empty where the
// event has no official name (a disappearance is not a legal act).
constexpr std::array<std::string_view, 27> kOfficialChineseTerms = {
    "",                  // taken_away
    "",                  // disappeared
    "行政拘留",          // administrative_detention
    "刑事拘留",          // criminal_detention
    "指定居所监视居住",  // rsdl
    "监视居住",          // residential_surveillance
    "取保候审",          // bail_pending_trial
    "逮捕",              // arrest_approved
    "起诉",              // indictment
    "开庭",              // trial
    "判决",              // verdict
    "上诉",              // appeal_filed
    "二审裁定",          // appeal_ruling
    "",                  // prison_transfer
    "减刑",              // sentence_reduction
    "假释",              // parole
    "保外就医",          // medical_parole
    "刑满释放",          // released_on_completion
    "",                  // released_without_charge
    "剥夺政治权利",      // deprivation_of_political_rights
    "软禁",              // house_arrest
    "强制医疗",          // psychiatric_commitment
    "劳动教养",          // reeducation_through_labor
    "限制出境",          // exit_ban
    "",                  // exiled
    "",                  // death
    "",                  // death_in_custody
};

constexpr std::array<std::string_view, 10> kCaseStatusCodes = {
    "detained_pretrial",
    "detained_sentenced",
    "detained_extralegal",
    "whereabouts_unknown",
    "released",
    "released_restricted",
    "deceased_in_custody",
    "deceased",
    "exiled",
    "unknown",
};
constexpr std::array<std::string_view, 5> kChargeStageCodes = {"suspected", "arrest", "indictment", "conviction",
                                                               "dropped"};
constexpr std::array<std::string_view, 5> kTermKindCodes = {"fixed", "life", "death", "death_suspended", "none"};
constexpr std::array<std::string_view, 3> kTriStateCodes = {"unknown", "yes", "no"};
constexpr std::array<std::string_view, 4> kSexCodes = {"unknown", "female", "male", "other"};
// ISO 15924; Zyyy ("common") stands for any other script.
constexpr std::array<std::string_view, 6> kScriptCodes = {"Hans", "Hant", "Latn", "Tibt", "Arab", "Zyyy"};
constexpr std::array<std::string_view, 6> kNameSchemeCodes = {"none",         "pinyin",         "wylie",
                                                              "uyghur_latin", "english_exonym", "other"};
constexpr std::array<std::string_view, 5> kNameKindCodes = {"legal", "alias", "pen_name", "religious_name", "other"};
constexpr std::array<std::string_view, 6> kPlaceLevelCodes = {"country", "province", "prefecture",
                                                              "county",  "township", "facility"};
constexpr std::array<std::string_view, 10> kFacilityTypeCodes = {
    "none", "detention_centre", "prison",      "rsdl_site", "black_jail", "psychiatric_hospital",
    "camp", "police_station",   "labour_camp", "other",
};
constexpr std::array<std::string_view, 10> kSourceTypeCodes = {
    "court_judgment", "official_notice", "state_media",      "ngo_report", "family_account",
    "lawyer_account", "social_media",    "government_reply", "media",      "other",
};
constexpr std::array<std::string_view, 4> kReliabilityCodes = {"unknown", "low", "medium", "high"};
constexpr std::array<std::string_view, 5> kGroupEventTypeCodes = {"protest", "detention_wave", "self_immolation",
                                                                  "clash", "other"};
constexpr std::array<std::string_view, 5> kCountQualifierCodes = {"exact", "at_least", "approximately", "range",
                                                                  "unknown"};
constexpr std::array<std::string_view, 7> kCustodyActionCodes = {"received", "stored",   "copied", "transferred",
                                                                 "verified", "redacted", "other"};

}  // namespace

READOUT_VOCABULARY(LegalEventType, kLegalEventTypeCodes)
READOUT_VOCABULARY(CaseStatus, kCaseStatusCodes)
READOUT_VOCABULARY(ChargeStage, kChargeStageCodes)
READOUT_VOCABULARY(TermKind, kTermKindCodes)
READOUT_VOCABULARY(TriState, kTriStateCodes)
READOUT_VOCABULARY(Sex, kSexCodes)
READOUT_VOCABULARY(Script, kScriptCodes)
READOUT_VOCABULARY(NameScheme, kNameSchemeCodes)
READOUT_VOCABULARY(NameKind, kNameKindCodes)
READOUT_VOCABULARY(PlaceLevel, kPlaceLevelCodes)
READOUT_VOCABULARY(FacilityType, kFacilityTypeCodes)
READOUT_VOCABULARY(SourceType, kSourceTypeCodes)
READOUT_VOCABULARY(Reliability, kReliabilityCodes)
READOUT_VOCABULARY(GroupEventType, kGroupEventTypeCodes)
READOUT_VOCABULARY(CountQualifier, kCountQualifierCodes)
READOUT_VOCABULARY(CustodyAction, kCustodyActionCodes)


std::string_view OfficialChineseTerm(LegalEventType type) { return vocabulary_table::CodeOf(kOfficialChineseTerms, type); }

}  // namespace readout::core
