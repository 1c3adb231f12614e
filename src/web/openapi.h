// The OpenAPI 3.1 document of the JSON API, generated from the router's route
// table (every route whose RouteDoc says api) and the per-kind schemas below.
// Served at GET /api/v1/openapi.json.
//
// Thread-safety: pure function.
#pragma once

#include <nlohmann/json.hpp>

#include "web/router.h"

namespace readout::web {

nlohmann::json BuildOpenApi(const Router& router);

// The JSON schema of a record of `kind` as the API returns it (header fields and body fields).
nlohmann::json RecordSchema(core::RecordKind kind);

}  // namespace readout::web
