// Case documentation: people, cases (detention or persecution episodes),
// legal events, places, sources, evidence files and their custody log, and
// group events. See DESIGN.md sections 2-4 (journey 5) and issue 3.
//
// Plain values, validated and converted to canonical JSON by
// core/case_codec.h, stored as records like the dialogue entities.
//
// Fields that may harm someone if published (risk notes, family contacts,
// a protected source's identity) are GuardedText: they carry their own
// visibility, restricted by default, and core::Redact removes them from every
// read by a reader who is not cleared for them.
//
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/case_vocabulary.h"
#include "core/entities.h"
#include "core/partial_date.h"

namespace readout::core {

// Text with its own visibility, above that of its record. JSON:
// {"text": "...", "visibility": "restricted"}; visibility defaults to restricted.
struct GuardedText {
  std::string text;
  Visibility visibility = Visibility::kRestricted;
  bool empty() const { return text.empty(); }
  bool operator==(const GuardedText&) const = default;
};

struct NameVariant {
  std::string text;                     // "许志永", "Xu Zhiyong"
  Script script = Script::kOther;
  NameScheme scheme = NameScheme::kNone;
  NameKind kind = NameKind::kLegal;
  bool primary = false;                 // exactly one variant is primary
  bool operator==(const NameVariant&) const = default;
};

struct Affiliation {
  BilingualText organisation;           // "New Citizens Movement"
  BilingualText role;                   // "founder"
  std::optional<PartialDate> dates;
  bool operator==(const Affiliation&) const = default;
};

struct PublishConsent {
  TriState given = TriState::kUnknown;
  std::string given_by;                 // "the person", "his wife"
  std::optional<PartialDate> date;
  bool operator==(const PublishConsent&) const = default;
};

struct Person {
  RecordCommon common;
  std::vector<std::string> source_ids;  // Source records
  std::vector<NameVariant> names;       // at least one; exactly one primary
  Sex sex = Sex::kUnknown;
  std::optional<PartialDate> birth_date;
  BilingualText ethnicity;
  BilingualText religion;
  BilingualText occupation;
  std::vector<Affiliation> affiliations;
  BilingualText biography;
  PublishConsent consent;
  GuardedText risk_notes;               // restricted by default
  bool operator==(const Person&) const = default;
};

struct Charge {
  std::string article;                  // PRC Criminal Law article: "291", "105(2)"
  std::string name_zh;                  // "聚众扰乱公共场所秩序罪"
  std::string name_en;                  // "gathering a crowd to disturb order in a public place"
  ChargeStage stage = ChargeStage::kSuspected;
  bool operator==(const Charge&) const = default;
};

struct SentenceTerm {
  TermKind kind = TermKind::kFixed;
  int years = 0;
  int months = 0;
  int days = 0;
  bool operator==(const SentenceTerm&) const = default;
};

struct Sentence {
  BilingualText court;                  // "Beijing No. 1 Intermediate People's Court"
  std::optional<PartialDate> date;
  SentenceTerm term;
  int political_rights_years = 0;       // deprivation of political rights after release
  BilingualText appeal_outcome;         // "appeal rejected"
  std::optional<PartialDate> appeal_date;
  bool operator==(const Sentence&) const = default;
};

// One detention or persecution episode of a person.
struct Case {
  RecordCommon common;
  std::vector<std::string> source_ids;
  std::string person_id;
  BilingualText title;                  // optional; pages fall back to the person's name
  std::vector<std::string> issue_ids;   // issue categories
  BilingualText campaign;               // "2013 New Citizens Movement crackdown"
  BilingualText summary;
  std::vector<Charge> charges;
  std::vector<Sentence> sentences;      // first instance first; a retrial adds one
  GuardedText family_contact;           // restricted by default
  GuardedText notes;                    // researchers' notes; restricted by default
  bool operator==(const Case&) const = default;
};

struct LegalEvent {
  RecordCommon common;
  std::vector<std::string> source_ids;
  std::string case_id;
  LegalEventType type = LegalEventType::kTakenAway;
  PartialDate date;
  int sequence = 0;                     // orders events with the same date
  std::string place_id;                 // a Place, usually a facility
  BilingualText authority;              // "Beijing Public Security Bureau"
  BilingualText legal_basis;            // "Criminal Procedure Law art. 80"
  TriState family_notified = TriState::kUnknown;
  TriState lawyer_access = TriState::kUnknown;
  TriState whereabouts_known = TriState::kUnknown;
  BilingualText description;
  bool operator==(const LegalEvent&) const = default;
};

struct Place {
  RecordCommon common;
  std::string parent_id;                // the containing Place (province > prefecture > county > facility)
  PlaceLevel level = PlaceLevel::kProvince;
  FacilityType facility_type = FacilityType::kNone;  // kNone unless level is kFacility
  BilingualText name;
  std::vector<NameVariant> other_names; // Uyghur, Tibetan, former names
  bool operator==(const Place&) const = default;
};

// A document, page or testimony facts come from. When protect_identity is
// set, author and url are treated as restricted fields.
struct Source {
  RecordCommon common;
  SourceType type = SourceType::kOther;
  BilingualText title;
  std::string author;
  std::optional<PartialDate> date;
  std::string language;                 // BCP 47
  std::string url;
  Reliability reliability = Reliability::kUnknown;
  bool protect_identity = false;
  bool operator==(const Source&) const = default;
};

// A stored file. The bytes live in the store's blob table under their SHA-256;
// the server computes sha256, size and media type on upload.
struct EvidenceFile {
  RecordCommon common;                  // visibility defaults to restricted for evidence
  std::string source_id;                // optional Source it belongs to
  std::string filename;
  std::string media_type;               // "application/pdf"
  std::int64_t size = 0;
  std::string sha256;                   // 64 lowercase hex
  BilingualText description;
  bool operator==(const EvidenceFile&) const = default;
};

// One entry of an evidence file's custody log. Append-only: never updated or
// deleted. `hash` = SHA-256 over previous_hash and the entry's canonical
// content; RecordService fills previous_hash and hash when it appends.
struct CustodyEvent {
  RecordCommon common;
  std::string evidence_file_id;
  CustodyAction action = CustodyAction::kReceived;
  std::string at;                       // RFC 3339 instant
  std::string actor;                    // who handled the file
  BilingualText note;
  std::string previous_hash;            // "" for the first entry
  std::string hash;
  bool operator==(const CustodyEvent&) const = default;
};

struct ParticipantCount {
  std::optional<std::int64_t> low;
  std::optional<std::int64_t> high;
  CountQualifier qualifier = CountQualifier::kUnknown;  // "at least 16": low 16, kAtLeast
  bool operator==(const ParticipantCount&) const = default;
};

struct GroupEventPerson {
  std::string person_id;
  BilingualText role;                   // "organiser"
  BilingualText outcome;                // "sentenced to 2 years"
  bool operator==(const GroupEventPerson&) const = default;
};

struct GroupEvent {
  RecordCommon common;
  std::vector<std::string> source_ids;
  GroupEventType type = GroupEventType::kOther;
  BilingualText title;
  PartialDate date;
  std::string place_id;
  ParticipantCount participants;
  std::vector<std::string> issue_ids;
  std::vector<GroupEventPerson> people;
  BilingualText summary;
  bool operator==(const GroupEvent&) const = default;
};

}  // namespace readout::core
