// Passwords: argon2id hashes (libsodium crypto_pwhash_str, 64 MiB, 2 passes)
// and the rule for new passwords — a minimum length and no password from the
// list of the most common ones; no composition rules (NIST SP 800-63B).
//
// Thread-safety: pure functions (libsodium is initialised on first use).
// Hashing takes about 0.1-0.3 s and 64 MiB by design: never call it while
// holding a lock other requests need.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace readout::auth {

inline constexpr std::size_t kMinPasswordLength = 12;   // characters (code points), not bytes
inline constexpr std::size_t kMaxPasswordLength = 1024; // bytes: bounds the work an attacker can ask of argon2

// kInvalidArgument naming `field` when `password` is shorter than
// kMinPasswordLength, longer than kMaxPasswordLength, not UTF-8, one of the
// common passwords (case-insensitive, resources/common-passwords.txt), or
// contains `username`.
core::Status CheckNewPassword(std::string_view password, std::string_view username,
                              std::string_view field = "password");

// The libsodium encoded argon2id string ("$argon2id$v=19$m=65536,t=2,p=1$...").
// kInternal when libsodium cannot allocate the memory.
core::Result<std::string> HashPassword(std::string_view password);

// True when `password` matches `encoded_hash`. Constant time in the password.
bool VerifyPassword(std::string_view encoded_hash, std::string_view password);

// A hash of a random password, for the identical-work path of an unknown
// username (so a failed login takes as long whether or not the user exists).
const std::string& DummyPasswordHash();

// A random password for `readout user add` and the first-run admin: 20
// characters from an alphabet without look-alikes, about 100 bits.
std::string GenerateOneTimePassword();

}  // namespace readout::auth
