// Time-based one-time passwords (RFC 6238, liboath): 6 digits, 30 s steps,
// SHA-1 (what every authenticator app supports), accepting one step either
// side for clock drift. A code is refused once its step has been used
// (the caller stores the last accepted step on the user).
// Recovery codes: ten random codes shown once, stored as SHA-256 hashes.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace readout::auth {

inline constexpr int kTotpStepSeconds = 30;
inline constexpr int kTotpDigits = 6;
inline constexpr int kRecoveryCodeCount = 10;

// 20 random bytes, base32 (RFC 4648, no padding): what the user types or scans.
std::string NewTotpSecret();

// otpauth://totp/Readout:<username>?secret=...&issuer=Readout for authenticator apps.
std::string TotpUri(std::string_view base32_secret, std::string_view username);

// The step a valid `code` belongs to, when it matches the secret at `now_unix`
// within one step either way and that step is after `last_used_step`.
// nullopt otherwise (wrong, expired, reused or malformed code).
std::optional<std::int64_t> VerifyTotp(std::string_view base32_secret, std::string_view code,
                                       std::int64_t now_unix, std::int64_t last_used_step);

// The code for `now_unix` (tests, and the CLI's self-check).
std::string TotpCode(std::string_view base32_secret, std::int64_t now_unix);

// Ten codes like "k7qm-2xvp-9rdt" (about 60 bits each); store their hashes.
std::vector<std::string> NewRecoveryCodes();
// SHA-256 hex of the code with separators and case removed.
std::string HashRecoveryCode(std::string_view code);

}  // namespace readout::auth
