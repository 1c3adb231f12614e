// CanaryWorld: a seeded random database for the confidentiality canary test
// (docs/confidentiality.md). It writes at least 10,000 records, of every
// record kind, through the real Store, where every value the public may not
// read carries a unique canary string:
//
//  - every text field of every non-public record (visibility internal or
//    restricted, a draft assessment, an unpublished readout);
//  - every guarded field (core::GuardedText) of every record, public ones
//    included, and the author and url of every protected Source;
//  - the editorial fields of a readout.
//
// Public records carry no canary, but they reference non-public records
// (a public ask about a restricted case, a public case of an internal
// person), so a renderer that follows a reference without checking its
// visibility shows a canary. Canaries look like "CANARY-case-17-k3v9q2"; a
// public output containing "canary" in any case is a leak.
//
// Every text also contains the word kCommonWord, in public and non-public
// records alike, so one search finds both and a snippet of a hidden field
// would show its canary.
//
// Called by confidentiality_test.cc only. Thread-safety: build on one thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/record.h"
#include "core/status.h"
#include "core/store.h"

namespace readout::confidentiality {

inline constexpr std::string_view kCommonWord = "okapi";

// Ids written per kind, split by the stored record's visibility.
struct KindIds {
  std::vector<std::string> public_ids;
  std::vector<std::string> hidden_ids;  // internal or restricted
};

struct WorldSize {
  int dialogues = 12;
  int rounds_per_dialogue = 6;
  int issues = 160;
  int places = 200;
  int sources = 500;
  int agencies = 40;
  int people = 1100;
  int cases = 1100;
  int legal_events = 2200;
  int group_events = 150;
  int evidence_files = 150;
  int custody_events = 200;
  int benchmarks = 240;
  int assessments = 700;
  int commitments = 200;
  int engagements = 260;
  int asks_per_round = 10;
  int asks_per_engagement = 2;
  int indicators = 40;
  int observations = 400;
  int readouts_per_dialogue = 4;
};

class CanaryWorld {
 public:
  explicit CanaryWorld(std::uint64_t seed, WorldSize size = {});

  // Writes the whole world into `store` (one ImportCreated per kind, in
  // dependency order). Errors name the kind and the store's message.
  core::Status Write(core::Store& store);

  std::uint64_t seed() const { return seed_; }
  std::size_t record_count() const { return record_count_; }
  const std::map<core::RecordKind, KindIds>& ids() const { return ids_; }
  // Kinds of AllRecordKinds() the world has no generator for (a new kind:
  // the test fails until one is added here).
  std::vector<std::string> MissingKinds() const;

 private:
  using json = nlohmann::json;

  // A fresh canary, "CANARY-<kind>-<n>-<random>", followed by kCommonWord.
  std::string Canary(std::string_view what);
  // Public text: a few random words and kCommonWord.
  std::string Words();
  // Bilingual text: canaries when `hidden`, otherwise public words.
  json Text(bool hidden, std::string_view what);
  std::string Str(bool hidden, std::string_view what) { return hidden ? Canary(what) : Words(); }
  // {"text": canary, "visibility": internal|restricted}.
  json Guarded(std::string_view what);
  json InlineSources(bool hidden, std::string_view what);
  std::string RandomVisibility();
  std::string Date();
  std::string Hex(int digits);
  int Uniform(int lo, int hi);
  bool Chance(double p);
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[static_cast<std::size_t>(Uniform(0, static_cast<int>(v.size()) - 1))];
  }
  std::string AnyId(core::RecordKind kind);
  std::vector<std::string> SomeIds(core::RecordKind kind, int max);

  // Validates `body` with core::MakeDraft and queues it for `kind`'s bundle.
  // A body the codec refuses is a bug of this generator: recorded and reported by Write.
  void Add(core::RecordKind kind, json body);
  core::Status Flush(core::Store& store, core::RecordKind kind);

  void MakeDialogues();
  void MakeIssues(int from, int to);
  void MakePlaces(int from, int to);
  void MakeSources();
  void MakeAgencies();
  void MakeRounds();
  void MakePeople();
  void MakeCases();
  void MakeLegalEvents();
  void MakeGroupEvents();
  void MakeEvidence();
  void MakeCustody();
  void MakeBenchmarks();
  void MakeAssessments();
  void MakeCommitments();
  void MakeEngagements();
  void MakeAsks();
  void MakeReplies();
  void MakeCaseLists();
  void MakeIndicators();
  void MakeObservations();
  void MakeReadouts(core::RecordKind readout_kind);

  std::uint64_t seed_;
  WorldSize size_;
  std::mt19937_64 rng_;
  int counter_ = 0;
  std::size_t record_count_ = 0;
  std::map<core::RecordKind, KindIds> ids_;
  std::map<std::string, std::vector<std::string>> rounds_of_dialogue_;
  std::map<std::string, std::string> dialogue_of_benchmark_;
  core::Bundle pending_;
  std::vector<std::vector<core::Reference>> pending_refs_;
  std::vector<std::string> errors_;
};

}  // namespace readout::confidentiality
