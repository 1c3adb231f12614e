#include "auth/totp.h"

#include <liboath/oath.h>
#include <sodium.h>

#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>

#include "auth/accounts.h"
#include "auth/crypto_init.h"

namespace readout::auth {
namespace {

void EnsureOath() {
  static const bool ready = oath_init() == OATH_OK;
  if (!ready) throw std::runtime_error("liboath failed to initialise");
}

struct FreeDeleter {
  void operator()(char* p) const { std::free(p); }
};

// The raw key of a base32 secret, tolerating what people type: lower case,
// spaces and missing padding. nullopt when it is not base32.
std::optional<std::string> DecodeSecret(std::string_view base32_secret) {
  std::string text;
  for (char c : base32_secret) {
    if (c == ' ' || c == '-' || c == '=') continue;
    text.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  }
  if (text.empty()) return std::nullopt;
  while (text.size() % 8 != 0) text.push_back('=');
  char* raw = nullptr;
  std::size_t raw_length = 0;
  if (oath_base32_decode(text.data(), text.size(), &raw, &raw_length) != OATH_OK) return std::nullopt;
  std::unique_ptr<char, FreeDeleter> owned(raw);
  if (raw_length == 0) return std::nullopt;
  return std::string(raw, raw_length);
}

// liboath compares with strcmp; this compares in constant time so the
// position of the first wrong digit does not show in the answer's timing.
int ConstantTimeCompare(void* handle, const char* test_otp) {
  const auto* code = static_cast<const std::string*>(handle);
  if (std::char_traits<char>::length(test_otp) != code->size()) return 1;
  return sodium_memcmp(test_otp, code->data(), code->size()) == 0 ? 0 : 1;
}

// Crockford's base32 alphabet, lower case (see password.cc).
constexpr std::string_view kAlphabet = "0123456789abcdefghjkmnpqrstvwxyz";

}  // namespace

std::string NewTotpSecret() {
  internal::EnsureSodium();
  EnsureOath();
  unsigned char key[20];
  randombytes_buf(key, sizeof key);
  char* encoded = nullptr;
  std::size_t length = 0;
  if (oath_base32_encode(reinterpret_cast<const char*>(key), sizeof key, &encoded, &length) != OATH_OK) {
    throw std::runtime_error("liboath could not encode a TOTP secret");
  }
  std::unique_ptr<char, FreeDeleter> owned(encoded);
  std::string out(encoded, length);
  while (!out.empty() && out.back() == '=') out.pop_back();  // 20 bytes: 32 characters, no padding anyway
  sodium_memzero(key, sizeof key);
  return out;
}

std::string TotpUri(std::string_view base32_secret, std::string_view username) {
  // Usernames are [a-z0-9._-]: nothing to percent-encode.
  return "otpauth://totp/Readout:" + std::string(username) + "?secret=" + std::string(base32_secret) +
         "&issuer=Readout&algorithm=SHA1&digits=" + std::to_string(kTotpDigits) +
         "&period=" + std::to_string(kTotpStepSeconds);
}

std::optional<std::int64_t> VerifyTotp(std::string_view base32_secret, std::string_view code, std::int64_t now_unix,
                                       std::int64_t last_used_step) {
  std::string digits;
  for (char c : code) {
    if (c == ' ') continue;
    if (c < '0' || c > '9') return std::nullopt;
    digits.push_back(c);
  }
  if (digits.size() != static_cast<std::size_t>(kTotpDigits)) return std::nullopt;
  auto key = DecodeSecret(base32_secret);
  if (!key) return std::nullopt;
  EnsureOath();
  int position = 0;
  std::uint64_t counter = 0;
  const int rc = oath_totp_validate3_callback(key->data(), key->size(), static_cast<time_t>(now_unix),
                                              kTotpStepSeconds, 0, kTotpDigits, /*window=*/1, &position, &counter,
                                              ConstantTimeCompare, &digits);
  sodium_memzero(key->data(), key->size());
  if (rc < 0) return std::nullopt;
  const auto step = static_cast<std::int64_t>(counter);
  if (step <= last_used_step) return std::nullopt;  // that step's code was already used
  return step;
}

std::string TotpCode(std::string_view base32_secret, std::int64_t now_unix) {
  auto key = DecodeSecret(base32_secret);
  if (!key) return "";
  EnsureOath();
  char out[kTotpDigits + 1] = {};
  const int rc = oath_totp_generate(key->data(), key->size(), static_cast<time_t>(now_unix), kTotpStepSeconds, 0,
                                    kTotpDigits, out);
  sodium_memzero(key->data(), key->size());
  if (rc != OATH_OK) return "";
  return std::string(out);
}

std::vector<std::string> NewRecoveryCodes() {
  internal::EnsureSodium();
  std::vector<std::string> codes;
  codes.reserve(kRecoveryCodeCount);
  for (int i = 0; i < kRecoveryCodeCount; ++i) {
    std::string code;
    for (int group = 0; group < 3; ++group) {
      if (group > 0) code.push_back('-');
      for (int j = 0; j < 4; ++j) {
        code.push_back(kAlphabet[randombytes_uniform(static_cast<std::uint32_t>(kAlphabet.size()))]);
      }
    }
    codes.push_back(std::move(code));
  }
  return codes;
}

std::string HashRecoveryCode(std::string_view code) {
  std::string normal;
  for (char c : code) {
    if (c == '-' || c == ' ') continue;
    normal.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return Sha256Hex(normal);
}

}  // namespace readout::auth
