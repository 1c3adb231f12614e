// Versioned schema of the SQLite store. Migration N takes a database at
// schema version N-1 to N; the version is kept in PRAGMA user_version.
// SqliteStore::Open applies every pending migration, each in its own
// BEGIN IMMEDIATE transaction, so two processes opening the same new file
// at once do not both apply it. Tests use `target_version` to build a
// database at an earlier version and then open it with the current code.
//
// Thread-safety: call with a connection no other thread is using.
#pragma once

#include "core/status.h"
#include "store/sqlite/connection.h"

namespace readout::store {

// The version a database has after every migration this build knows.
int LatestSchemaVersion();

// PRAGMA user_version of `connection`'s main database.
core::Result<int> SchemaVersion(Connection& connection);

// Applies migrations until the schema is at `target_version` (default:
// the latest). Fails with kUnavailable when the file was written by a newer
// Readout (its version is above what this build knows).
core::Status Migrate(Connection& connection, int target_version = LatestSchemaVersion());

}  // namespace readout::store
