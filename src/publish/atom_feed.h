// Atom feeds (RFC 4287) of public readouts and public case updates, per
// dialogue and site-wide (issue 6). Built only from PublicRecords, so a feed
// can carry nothing the public may not read.
//
// Called by the web layer (/feeds/...) and by the static site. Entry ids are
// tag URIs that never change ("tag:readout,2013:rdo_x/v2"); links are made
// from `base_url` ("https://example.org" on the server, "" in a static site,
// which makes them relative to the feed's own folder through `link_prefix`).
//
// Thread-safety: pure functions of their inputs and the store.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "publish/i18n.h"
#include "publish/public_readout.h"

namespace readout::publish {

struct FeedOptions {
  Lang lang = Lang::kEn;
  std::string base_url;        // prefix of every link: "https://readout.example.org" or "../.."
  std::string self_path;       // the feed's own path: "/feeds/readouts.atom"
  int max_entries = 50;
};

// One entry per published readout version, newest first; dialogue_id empty:
// every dialogue. kNotFound when dialogue_id names no public dialogue.
core::Result<std::string> RenderReadoutsFeed(PublicRecords& records, std::string_view dialogue_id,
                                             const FeedOptions& options, const Catalogs& catalogs);

// One entry per change to a public case (a new legal event, a status change,
// an edit of its public fields), newest first, from the store's history read
// at public visibility. dialogue_id empty: every public case; otherwise the
// cases raised in that dialogue.
core::Result<std::string> RenderCaseUpdatesFeed(PublicRecords& records, std::string_view dialogue_id,
                                                const FeedOptions& options, const Catalogs& catalogs);

}  // namespace readout::publish
