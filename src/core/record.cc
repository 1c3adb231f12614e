#include "core/record.h"

#include <array>
#include <cstddef>
#include <random>

#include "core/quote.h"

namespace readout::core {
namespace {

struct KindInfo {
  RecordKind kind;
  std::string_view name;
  std::string_view plural;
  std::string_view prefix;
};

constexpr std::array<KindInfo, 22> kKinds = {{
    {RecordKind::kDialogue, "dialogue", "dialogues", "dlg"},
    {RecordKind::kRound, "round", "rounds", "rnd"},
    {RecordKind::kIssue, "issue", "issues", "iss"},
    {RecordKind::kAsk, "ask", "asks", "ask"},
    {RecordKind::kReply, "reply", "replies", "rpl"},
    {RecordKind::kCaseList, "case_list", "case_lists", "cls"},
    {RecordKind::kPerson, "person", "people", "prs"},
    {RecordKind::kCase, "case", "cases", "cas"},
    {RecordKind::kLegalEvent, "legal_event", "legal_events", "lev"},
    {RecordKind::kPlace, "place", "places", "plc"},
    {RecordKind::kSource, "source", "sources", "src"},
    {RecordKind::kEvidenceFile, "evidence_file", "evidence_files", "evf"},
    {RecordKind::kCustodyEvent, "custody_event", "custody_events", "cus"},
    {RecordKind::kGroupEvent, "group_event", "group_events", "gev"},
    {RecordKind::kBenchmark, "benchmark", "benchmarks", "bmk"},
    {RecordKind::kAssessment, "assessment", "assessments", "asm"},
    {RecordKind::kCommitment, "commitment", "commitments", "cmt"},
    {RecordKind::kAgency, "agency", "agencies", "agy"},
    {RecordKind::kEngagement, "engagement", "engagements", "eng"},
    {RecordKind::kIndicator, "indicator", "indicators", "ind"},
    {RecordKind::kObservation, "observation", "observations", "obs"},
    {RecordKind::kReadout, "readout", "readouts", "rdo"},
}};

constexpr std::array<RecordKind, kKinds.size()> AllKindsOf() {
  std::array<RecordKind, kKinds.size()> all{};
  for (std::size_t i = 0; i < kKinds.size(); ++i) all[i] = kKinds[i].kind;
  return all;
}

constexpr std::array<RecordKind, kKinds.size()> kAllKinds = AllKindsOf();

const KindInfo& Info(RecordKind kind) {
  for (const KindInfo& info : kKinds) {
    if (info.kind == kind) return info;
  }
  return kKinds[0];  // unreachable for a valid enum value
}

constexpr std::size_t kMaxSlug = 64;

bool IsSlugChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }

bool IsValidSlug(std::string_view slug) {
  if (slug.empty() || slug.size() > kMaxSlug || slug[0] == '-') return false;
  for (char c : slug) {
    if (!IsSlugChar(c)) return false;
  }
  return true;
}

// "a round id", "an issue id".
std::string IdOf(RecordKind kind) {
  const std::string_view name = KindName(kind);
  const bool vowel = name.find_first_of("aeiou") == 0;
  return std::string(vowel ? "an " : "a ") + std::string(name) + " id";
}

constexpr std::array<std::string_view, 4> kOperationCodes = {"create", "update", "delete", "restore"};

}  // namespace

std::span<const RecordKind> AllRecordKinds() { return kAllKinds; }
std::string_view KindName(RecordKind kind) { return Info(kind).name; }
std::string_view KindPlural(RecordKind kind) { return Info(kind).plural; }
std::string_view IdPrefix(RecordKind kind) { return Info(kind).prefix; }

std::optional<RecordKind> ParseKindName(std::string_view name) {
  for (const KindInfo& info : kKinds) {
    if (info.name == name) return info.kind;
  }
  return std::nullopt;
}

std::optional<RecordKind> ParseKindPlural(std::string_view plural) {
  for (const KindInfo& info : kKinds) {
    if (info.plural == plural) return info.kind;
  }
  return std::nullopt;
}

std::optional<RecordKind> KindOfId(std::string_view id) {
  const auto underscore = id.find('_');
  if (underscore == std::string_view::npos) return std::nullopt;
  const std::string_view prefix = id.substr(0, underscore);
  if (!IsValidSlug(id.substr(underscore + 1))) return std::nullopt;
  for (const KindInfo& info : kKinds) {
    if (info.prefix == prefix) return info.kind;
  }
  return std::nullopt;
}

Status ValidateId(std::string_view id, RecordKind kind, std::string_view field) {
  const std::string prefix = std::string(IdPrefix(kind)) + "_";
  const std::string expected = "must be " + IdOf(kind) + ": \"" + prefix +
                               "\" followed by 1 to 64 of a-z, 0-9 and \"-\" (not first), such as \"" + prefix +
                               "2013-kunming\"; got " + Quote(id);
  if (id.size() <= prefix.size() || id.substr(0, prefix.size()) != prefix) {
    const std::optional<RecordKind> other = KindOfId(id);
    if (other && *other != kind) {
      return Fail(Error::Invalid(std::string(field), "must be " + IdOf(kind) + " (\"" + prefix + "...\"); got " +
                                                         Quote(id) + ", which is " + IdOf(*other)));
    }
    return Fail(Error::Invalid(std::string(field), expected));
  }
  if (!IsValidSlug(id.substr(prefix.size()))) return Fail(Error::Invalid(std::string(field), expected));
  return {};
}

std::string NewId(RecordKind kind) {
  // Crockford's base32 alphabet, lower case: no i, l, o, u, so ids read aloud well.
  static constexpr char kAlphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";
  // A fresh random_device per call reads the kernel's CSPRNG (getrandom or
  // /dev/urandom on Linux): ids must not be guessable, so no seeded PRNG.
  std::random_device device;
  std::string id = std::string(IdPrefix(kind)) + "_";
  for (int i = 0; i < 16; ++i) {
    // 32 divides 2^32, so taking the low five bits has no modulo bias.
    id += kAlphabet[device() & 31u];
  }
  return id;
}

std::string_view ToCode(RevisionOperation op) {
  const auto i = static_cast<std::size_t>(op);
  return i < kOperationCodes.size() ? kOperationCodes[i] : std::string_view();
}

std::optional<RevisionOperation> ParseRevisionOperation(std::string_view code) {
  for (std::size_t i = 0; i < kOperationCodes.size(); ++i) {
    if (kOperationCodes[i] == code) return static_cast<RevisionOperation>(i);
  }
  return std::nullopt;
}

}  // namespace readout::core
