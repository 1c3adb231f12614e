// The static public site (issue 6): `readout publish --out DIR` writes every
// public page (readouts, dialogues, rounds, scorecards, changes, agencies,
// engagements, indicators with their SVG charts, public case and person
// pages, alerts), feeds, JSON/CSV/Markdown/PDF downloads and a search that
// runs in the browser from a prebuilt index, in English, Simplified and
// Traditional Chinese.
//
// Every link is relative, so the folder can be served by any static host or
// CDN, or opened from disk. Pages are rendered by Site at public visibility
// from PublicRecords only. Re-running rewrites only files whose bytes changed
// and removes files that are no longer produced (say, a case made
// restricted), so a CDN sync uploads only the difference.
//
// Thread-safety: one publish per output folder at a time.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

#include "core/record_service.h"
#include "core/status.h"
#include "publish/i18n.h"
#include "publish/site.h"

namespace readout::publish {

struct StaticSiteOptions {
  std::filesystem::path out_dir;
  bool pdf = true;              // PDF downloads of each readout (the slowest part)
  int threads = 0;              // 0: hardware concurrency
};

struct StaticSiteReport {
  std::size_t pages = 0;        // HTML pages produced
  std::size_t files = 0;        // every file produced
  std::size_t written = 0;      // files whose bytes changed (or were new)
  std::size_t removed = 0;      // files no longer produced
  std::size_t bytes = 0;        // total size produced
};

// Errors: kInvalidArgument for an unusable out_dir (names it), kInternal for
// I/O failures (names the file). A failed run leaves no half-written file:
// a first publish (out_dir missing or empty) is written into a staging
// folder beside it, `.<name>.readout-partial`, renamed to out_dir when
// complete (a failed run's staging folder is removed by the next); a later
// run writes each changed file to a temporary name and renames it.
core::Result<StaticSiteReport> PublishStaticSite(core::RecordService& records, const Site& site,
                                                 const Catalogs& catalogs, const StaticSiteOptions& options);

}  // namespace readout::publish
