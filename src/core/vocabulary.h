// Controlled vocabularies from DESIGN.md section 3, with their stable codes.
//
// Codes ("public", "information_provided") are what the store, the API and the
// bundle hold; they never change once shipped. Display names are i18n message
// ids ("vocab.reply_kind.information_provided"), translated by the web layer.
//
// Thread-safety: constant tables.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace readout::core {

enum class Visibility { kPublic, kInternal, kRestricted };

enum class ReplyKind {
  kInformationProvided,
  kCommitmentMade,
  kRequestForMoreInformation,
  kHandledAccordingToLaw,
  kInternalAffairs,
  kDeniedFacts,
  kTokenResponse,
  kListRefused,
  kNoReply,
  kOther,
};

enum class CaseListStatus { kAccepted, kRefused, kUnknown };

// Which party of the dialogue a participant or statement belongs to.
enum class Side { kA, kB };

// What an ask requested of the counterpart.
enum class RequestKind {
  kRelease,
  kWhereabouts,
  kLawyerAccess,
  kFamilyAccess,
  kMedicalCare,
  kInformation,
  kPolicyChange,
  kInvestigation,
  kAccess,  // e.g. access for UN mechanisms or diplomats
  kOther,
};

// The subject of an ask. Benchmarks and cases arrive with later modules.
enum class AskSubjectKind { kIssue, kBenchmark, kCase };

// Code <-> enum. Parse* return nullopt for an unknown code.
std::string_view ToCode(Visibility v);
std::string_view ToCode(ReplyKind v);
std::string_view ToCode(CaseListStatus v);
std::string_view ToCode(Side v);
std::string_view ToCode(RequestKind v);
std::string_view ToCode(AskSubjectKind v);
std::optional<Visibility> ParseVisibility(std::string_view code);
std::optional<ReplyKind> ParseReplyKind(std::string_view code);
std::optional<CaseListStatus> ParseCaseListStatus(std::string_view code);
std::optional<Side> ParseSide(std::string_view code);
std::optional<RequestKind> ParseRequestKind(std::string_view code);
std::optional<AskSubjectKind> ParseAskSubjectKind(std::string_view code);

// Every code of a vocabulary, in display order (for forms, OpenAPI enums, validation messages).
std::span<const std::string_view> VisibilityCodes();
std::span<const std::string_view> ReplyKindCodes();
std::span<const std::string_view> CaseListStatusCodes();
std::span<const std::string_view> SideCodes();
std::span<const std::string_view> RequestKindCodes();
std::span<const std::string_view> AskSubjectKindCodes();

// DESIGN §3: a reply is substantive when it provided information or made a commitment.
bool IsSubstantive(ReplyKind kind);

// True when a reader cleared for `reader` may see something marked `v`
// (public < internal < restricted).
bool IsVisibleTo(Visibility v, Visibility reader);

}  // namespace readout::core
