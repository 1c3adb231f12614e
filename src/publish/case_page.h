// The public view of one case (/cases/{id}): the person, charges, sentences,
// the derived status with its as-of date, the expected release date and its
// basis, legal deadlines, flags, and a timeline merging legal events with
// every time the case was raised at a round and the replies. Also the
// helpers the other case pages share (a person's display name, status labels).
//
// Built from records the reader may see only; restricted fields were removed
// by RecordService (core::Redact) before they get here, and the view types
// have no place for GuardedText fields (family contact, notes, risk notes).
//
// Called by Site. Thread-safety: plain values and pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/case_entities.h"
#include "core/record_service.h"
#include "core/status.h"
#include "publish/case_facts.h"
#include "publish/i18n.h"
#include "publish/page_common.h"
#include "publish/site.h"

namespace readout::publish {

// The name a reader of `lang` should see first: for Chinese readers a
// Simplified (then Traditional) variant, for English readers a Latin one,
// the primary variant first within each; otherwise the primary variant.
TextView PersonName(const core::Person& person, Lang lang);
// The BCP 47 tag of a name variant's script, for lang="": "zh-Hans", "zh-Hant", "en", "bo", "ug", or "".
std::string NameLang(const core::NameVariant& name);

// "Released as of 15 July 2017" pieces.
struct StatusView {
  std::string code;   // "released", for styling only
  std::string label;  // "Released"
  std::string as_of;  // formatted date, may be empty
  std::string text;   // "Released as of 15 July 2017", or the label alone
};
StatusView BuildStatus(const core::DerivedStatus& status, Lang lang, const Catalogs& catalogs);

// "4 years", "Life imprisonment", "Fixed-term imprisonment, 4 years".
std::string FormatTerm(const core::SentenceTerm& term, Lang lang, const Catalogs& catalogs);
// "4 years, 6 months" (only the non-zero parts; empty when all are zero).
std::string FormatLength(int years, int months, int days, Lang lang, const Catalogs& catalogs);

// A day as the pages show it ("15 July 2017").
std::string FormatDay(const core::CivilDay& day, Lang lang, const Catalogs& catalogs);
// The translated name of a deadline rule ("vocab.deadline.<code>").
std::string DeadlineName(std::string_view rule, Lang lang, const Catalogs& catalogs);
// One flag as a sentence ("Whereabouts unknown since 1 May 2015 (40 days)").
std::string FlagText(const core::CaseFlag& flag, Lang lang, const Catalogs& catalogs);

// The case's person, decoded, when the reader may see them.
core::Result<std::optional<core::Person>> LoadPerson(core::RecordService& records, const std::string& person_id,
                                                     core::Visibility reader);
// The case's title, falling back to "Case of <name>".
TextView CaseTitle(const core::Case& value, const std::optional<core::Person>& person, Lang lang,
                   const Catalogs& catalogs);

struct ChargeView {
  std::string article;  // "Criminal Law art. 291"
  std::string name_zh;
  std::string name_en;
  std::string stage;
};

struct SentenceView {
  TextView court;
  std::string date;
  std::string term;
  std::string political_rights;  // "4 years", empty when none
  TextView appeal_outcome;
  std::string appeal_date;
};

struct DeadlineView {
  std::string rule;      // translated name
  std::string started;
  std::string due;
  std::string state;     // "Met on ...", "Overdue by 12 days", "Running: 3 days left"
  bool overdue = false;
  bool met = false;
};

struct ReplyLineView {
  std::string kind_code;
  std::string kind_label;
  bool substantive = false;
  std::string date;
  TextView given_by;
  TextView text;        // the translation in the reader's language, or the original
};

// One entry of the timeline: a legal event, or a time the case was raised.
struct TimelineEntryView {
  std::string date;            // formatted
  bool legal_event = false;
  // Legal events.
  std::string type_code;
  std::string type_label;      // "Criminal detention"
  std::string official_term;   // "刑事拘留", only when the label is not already it
  TextView place;
  TextView authority;
  TextView legal_basis;
  std::string family_notified;  // "Yes" / "No" / "Not known"
  std::string lawyer_access;
  std::string whereabouts_known;
  TextView description;
  // Raised at a round.
  LinkView round;              // the round's page
  TextView raised_by;
  std::vector<std::string> requests;
  std::vector<ReplyLineView> replies;
  std::vector<SourceView> sources;
};

struct CasePage {
  std::string id;
  TextView title;
  LinkView person;             // empty href when the person is not visible
  TextView campaign;
  std::vector<TextView> issues;
  TextView summary;
  std::vector<ChargeView> charges;
  std::vector<SentenceView> sentences;
  StatusView status;
  std::string days_in_detention;  // "1460 days", empty when unknown
  std::string expected_release;   // formatted day, empty when none
  std::string expected_release_basis;  // English, from core (lang="en")
  std::vector<DeadlineView> deadlines;
  std::vector<std::string> flags;
  std::vector<TimelineEntryView> timeline;
  std::vector<SourceView> sources;
  std::string history_href;
};

// kNotFound when the case does not exist or `request.reader` may not see it.
// `request.today` must be set (Site sets it).
core::Result<CasePage> BuildCasePage(core::RecordService& records, std::string_view case_id,
                                     const PageRequest& request, const Catalogs& catalogs);
std::string RenderCaseBody(const CasePage& page, const PageRequest& request, const Catalogs& catalogs);
PageFrame CaseFrame(const CasePage& page, const PageRequest& request, const Catalogs& catalogs);

// Sources of a case-documentation record: its inline SourceRefs and the
// Source records it cites (those the reader may see; a protected source's
// author and URL never reach here, see core/redaction.h).
core::Result<std::vector<SourceView>> BuildCaseSources(core::RecordService& records, const core::RecordCommon& common,
                                                       const std::vector<std::string>& source_ids,
                                                       core::Visibility reader, Lang lang, const Catalogs& catalogs);

}  // namespace readout::publish
