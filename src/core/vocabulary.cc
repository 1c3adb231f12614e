#include "core/vocabulary.h"

#include <array>
#include <cstddef>

#include "core/vocabulary_table.h"

namespace readout::core {
namespace {

using vocabulary_table::CodeOf;
using vocabulary_table::Parse;

// The tables are indexed by the enum's value, so each table lists the codes in
// the enum's declaration order (which is also the display order).
constexpr std::array<std::string_view, 3> kVisibilityCodes = {"public", "internal", "restricted"};
constexpr std::array<std::string_view, 10> kReplyKindCodes = {
    "information_provided",
    "commitment_made",
    "request_for_more_information",
    "handled_according_to_law",
    "internal_affairs",
    "denied_facts",
    "token_response",
    "list_refused",
    "no_reply",
    "other",
};
constexpr std::array<std::string_view, 3> kCaseListStatusCodes = {"accepted", "refused", "unknown"};
constexpr std::array<std::string_view, 2> kSideCodes = {"a", "b"};
constexpr std::array<std::string_view, 10> kRequestKindCodes = {
    "release",     "whereabouts",   "lawyer_access", "family_access", "medical_care",
    "information", "policy_change", "investigation", "access",        "other",
};
constexpr std::array<std::string_view, 3> kAskSubjectKindCodes = {"issue", "benchmark", "case"};

}  // namespace

std::string_view ToCode(Visibility v) { return CodeOf(kVisibilityCodes, v); }
std::string_view ToCode(ReplyKind v) { return CodeOf(kReplyKindCodes, v); }
std::string_view ToCode(CaseListStatus v) { return CodeOf(kCaseListStatusCodes, v); }
std::string_view ToCode(Side v) { return CodeOf(kSideCodes, v); }
std::string_view ToCode(RequestKind v) { return CodeOf(kRequestKindCodes, v); }
std::string_view ToCode(AskSubjectKind v) { return CodeOf(kAskSubjectKindCodes, v); }

std::optional<Visibility> ParseVisibility(std::string_view code) { return Parse<Visibility>(kVisibilityCodes, code); }
std::optional<ReplyKind> ParseReplyKind(std::string_view code) { return Parse<ReplyKind>(kReplyKindCodes, code); }
std::optional<CaseListStatus> ParseCaseListStatus(std::string_view code) {
  return Parse<CaseListStatus>(kCaseListStatusCodes, code);
}
std::optional<Side> ParseSide(std::string_view code) { return Parse<Side>(kSideCodes, code); }
std::optional<RequestKind> ParseRequestKind(std::string_view code) {
  return Parse<RequestKind>(kRequestKindCodes, code);
}
std::optional<AskSubjectKind> ParseAskSubjectKind(std::string_view code) {
  return Parse<AskSubjectKind>(kAskSubjectKindCodes, code);
}

std::span<const std::string_view> VisibilityCodes() { return kVisibilityCodes; }
std::span<const std::string_view> ReplyKindCodes() { return kReplyKindCodes; }
std::span<const std::string_view> CaseListStatusCodes() { return kCaseListStatusCodes; }
std::span<const std::string_view> SideCodes() { return kSideCodes; }
std::span<const std::string_view> RequestKindCodes() { return kRequestKindCodes; }
std::span<const std::string_view> AskSubjectKindCodes() { return kAskSubjectKindCodes; }

bool IsSubstantive(ReplyKind kind) {
  return kind == ReplyKind::kInformationProvided || kind == ReplyKind::kCommitmentMade;
}

bool IsVisibleTo(Visibility v, Visibility reader) { return static_cast<int>(v) <= static_cast<int>(reader); }

}  // namespace readout::core
