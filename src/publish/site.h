// Site: the HTML pages of Readout, rendered from the record through
// logic-less templates (web/templates/*.mustache) and the i18n catalogs.
//
// Pages show only what `reader` may see; the foundation serves them to the
// public, so the web layer passes Visibility::kPublic unless the request
// carries staff credentials. Each Render* returns the whole HTML document.
// kNotFound when the record does not exist or is not visible.
//
// Thread-safety: const methods may be called from many threads at once.
#pragma once

#include <string>
#include <string_view>

#include "core/record_service.h"
#include "core/status.h"
#include "publish/i18n.h"

namespace readout::publish {

struct PageRequest {
  Lang lang = Lang::kEn;
  core::Visibility reader = core::Visibility::kPublic;
  std::string path;  // the page's own path without ?lang=, for the language switcher links
};

class Site {
 public:
  Site(core::RecordService& records, const Catalogs& catalogs);

  core::Result<std::string> RenderHome(const PageRequest& request) const;
  core::Result<std::string> RenderDialogue(std::string_view dialogue_id, const PageRequest& request) const;
  core::Result<std::string> RenderRound(std::string_view round_id, const PageRequest& request) const;
  core::Result<std::string> RenderHistory(std::string_view record_id, const PageRequest& request) const;
  // An error page with no internals: `status` is 404, 400, 500, ...
  std::string RenderError(int status, const PageRequest& request) const;

 private:
  core::RecordService& records_;
  const Catalogs& catalogs_;
};

}  // namespace readout::publish
