// Public views of the home page (every dialogue) and of one dialogue (its
// rounds, newest first), built for one reader and language.
//
// Called by Site. Thread-safety: plain values and pure functions.
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

struct DialogueSummaryView {
  TextView name;
  std::string href;
  std::string parties;  // "United States and China"
  std::int64_t round_count = 0;
};

struct HomePage {
  std::vector<DialogueSummaryView> dialogues;
};

struct RoundSummaryView {
  TextView title;
  std::string href;
  std::string number;  // "Round 18"
  std::string dates;
  TextView place;
};

// Journey 1, "prepare a round": where a benchmark stood at its last rating.
struct BenchmarkStandingView {
  TextView statement;
  std::string href;         // its row and reasons on the scorecard
  TextView issue;
  std::string rating_code;  // empty when never rated (not "no progress")
  std::string rating;       // the last approved rating, in words
  std::string as_of;        // the round of that rating ("Round 18")
  std::string trend_code;   // "improved", ... empty when there is no comparison
  std::string trend_arrow;
  std::string trend;        // "Improved (was Limited progress)"
};

// One alert of the dialogue (core::BuildAlerts), as its page lists it.
struct DialogueAlertView {
  std::string kind_code;  // core::AlertKind code, for styling only
  std::string kind;       // "Readout not published"
  LinkView subject;
  std::string overdue;    // "12 days overdue"
};

struct DialoguePage {
  std::string id;
  TextView name;
  std::string parties;
  std::string first_held;  // empty when unknown
  TextView summary;
  std::vector<RoundSummaryView> rounds;  // newest first
  std::vector<SourceView> sources;
  std::string history_href;
  std::vector<BenchmarkStandingView> benchmarks;  // scorecard order
  std::string scorecard_href;
  std::string changes_href;   // empty with fewer than two rounds
  std::string agencies_href;
  std::vector<LinkView> readouts;  // its published readouts, newest first (issue 6)
  // What is overdue in this dialogue, most overdue first: the page is where
  // officers prepare the next round, so a late readout is flagged where they look.
  std::vector<DialogueAlertView> alerts;
};

core::Result<HomePage> BuildHomePage(core::RecordService& records, const PageRequest& request,
                                     const Catalogs& catalogs);
// kNotFound when the dialogue does not exist or is not visible to `request.reader`.
core::Result<DialoguePage> BuildDialoguePage(core::RecordService& records, const Site& site,
                                             std::string_view dialogue_id,
                                             const PageRequest& request, const Catalogs& catalogs);

std::string RenderHomeBody(const HomePage& page, const PageRequest& request, const Catalogs& catalogs);
std::string RenderDialogueBody(const DialoguePage& page, const PageRequest& request, const Catalogs& catalogs);

}  // namespace readout::publish
