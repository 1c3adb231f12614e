// The PostgreSQL schema of PostgresStore and its migrations. Called by
// PostgresStore::Open; each migration runs in its own transaction under the
// store's writer advisory lock, so processes starting together apply each
// one once. The version lives in the one-row table readout_schema.
//
// Thread-safety: runs on the connection it is given, which the caller owns.
#pragma once

#include "core/status.h"
#include "store/postgres/pg_connection.h"

namespace readout::store {

int PgLatestSchemaVersion();

// Brings the database (the first schema on the connection's search_path) up
// to PgLatestSchemaVersion(). kUnavailable when the database has a newer
// schema than this build knows or a migration fails (nothing of that
// migration is kept).
core::Status PgMigrate(PgConnection& connection, std::int64_t lock_key);

}  // namespace readout::store
