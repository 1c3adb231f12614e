// The public view of one round: what its page shows, built from the record
// for one reader and language. Holds only what the reader may see, so the
// template can show everything it holds.
//
// Called by Site::RenderRound. Thread-safety: plain values and pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/record_service.h"
#include "core/status.h"
#include "publish/i18n.h"
#include "publish/page_common.h"
#include "publish/site.h"

namespace readout::publish {

struct ParticipantView {
  TextView name;
  TextView title;
  TextView agency;
  bool lead = false;
};

struct DelegationView {
  std::string heading;  // "Delegation of China"
  std::vector<ParticipantView> members;  // leads first
};

struct ReplyView {
  std::string kind_code;   // "denied_facts", for styling only
  std::string kind_label;  // "Denied the facts"
  bool substantive = false;
  TextView given_by;
  std::string date;
  std::string original_text;
  std::string original_lang;   // lang="" of the original text
  std::string original_label;  // "Original text (Chinese)"
  bool show_translation = false;  // the original is not in the reader's language
  TextView translation;           // empty when there is none
  std::vector<SourceView> sources;
};

struct AskView {
  std::string id;
  LinkView subject_case;  // for an ask about a case: the person's name and /cases/{id}; empty href otherwise
  TextView raised_by;
  std::vector<std::string> requests;  // translated request kinds
  TextView description;
  std::vector<ReplyView> replies;
  std::vector<SourceView> sources;
};

struct IssueGroupView {
  TextView issue;  // empty for "Other matters"
  std::string other_label;
  std::vector<AskView> asks;
};

struct CaseListEntryView {
  TextView name;
  std::string href;  // "/cases/{id}" when the entry names a case the reader may see
  TextView note;
};

struct CaseListView {
  std::string status_code;
  std::string status_label;
  TextView handed_over_by;
  std::vector<CaseListEntryView> entries;
  TextView response;
  std::vector<SourceView> sources;
};

struct RoundPage {
  std::string id;
  TextView title;
  std::string number;  // "Round 18", empty when unknown
  std::string dates;
  TextView place;
  TextView summary;
  LinkView dialogue;   // empty href when the dialogue is not visible
  std::vector<DelegationView> delegations;
  std::vector<TextView> outcomes;
  std::vector<IssueGroupView> issues;  // in the order their first ask was raised
  std::vector<CaseListView> case_lists;
  std::vector<SourceView> sources;
  std::string history_href;
  // The round accountability score (core/accountability.h) as rendered HTML,
  // with every component and its inputs; empty when the dialogue is not visible.
  std::string score_html;
  std::string scorecard_href;  // the dialogue's scorecard, empty with score_html
  std::string changes_href;    // what changed up to this round
  std::string readout_href;    // its published readout (issue 6), empty when none
};

// kNotFound when the round does not exist or `request.reader` may not see it.
core::Result<RoundPage> BuildRoundPage(core::RecordService& records, const Site& site, std::string_view round_id,
                                       const PageRequest& request, const Catalogs& catalogs);

// The page body (without layout) and the frame for the layout.
std::string RenderRoundBody(const RoundPage& page, const PageRequest& request, const Catalogs& catalogs);
PageFrame RoundFrame(const RoundPage& page, const PageRequest& request, const Catalogs& catalogs);

}  // namespace readout::publish
