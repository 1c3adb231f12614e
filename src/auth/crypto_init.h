// Initialises libsodium once, before the first use by the auth module
// (sodium_init is safe to call again, but checking the result once keeps the
// failure a bug, not a silent fallback). Internal to src/auth.
//
// Thread-safety: safe from many threads (a function-local static).
#pragma once

namespace readout::auth::internal {

// Aborts through an exception when libsodium cannot initialise (no entropy
// source): a broken platform, not an expected failure.
void EnsureSodium();

}  // namespace readout::auth::internal
