#include "auth/password.h"

#include <sodium.h>
#include <unicode/utf8.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <unordered_set>

#include "auth/crypto_init.h"
#include "resources/resources.h"

namespace readout::auth {
namespace internal {

void EnsureSodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw std::runtime_error("libsodium failed to initialise");
}

}  // namespace internal

namespace {

constexpr unsigned long long kOpsLimit = 2;
constexpr std::size_t kMemLimit = 64u * 1024u * 1024u;

// Crockford's base32 alphabet, lower case: no i, l, o or u, so nothing reads
// as another character when copied from a screen. 32 symbols: 5 bits each.
constexpr std::string_view kAlphabet = "0123456789abcdefghjkmnpqrstvwxyz";

// libsodium declares its inputs non-null even when their length is 0, and
// an empty string_view's data() may be null.
const char* NonNull(std::string_view s) { return s.empty() ? "" : s.data(); }

std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// The list, loaded once from the embedded resource. Lines are lower case;
// blank lines and '#' comments are skipped.
const std::unordered_set<std::string>& CommonPasswords() {
  static const std::unordered_set<std::string> list = [] {
    std::unordered_set<std::string> out;
    const resources::Resource* file = resources::Find("src/resources/common-passwords.txt");
    if (file == nullptr) throw std::logic_error("resource src/resources/common-passwords.txt is not embedded");
    std::string_view data = file->data;
    while (!data.empty()) {
      std::size_t end = data.find('\n');
      std::string_view line = data.substr(0, end);
      data = end == std::string_view::npos ? std::string_view() : data.substr(end + 1);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.empty() || line.front() == '#') continue;
      out.insert(AsciiLower(line));
    }
    return out;
  }();
  return list;
}

// Code points in `text`, or -1 when it is not well-formed UTF-8 (overlongs,
// surrogates and truncated sequences included; ICU's U8_NEXT checks them).
std::int64_t CodePoints(std::string_view text) {
  const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto length = static_cast<std::int32_t>(text.size());
  std::int32_t i = 0;
  std::int64_t count = 0;
  while (i < length) {
    UChar32 c = 0;
    U8_NEXT(s, i, length, c);
    if (c < 0) return -1;
    ++count;
  }
  return count;
}

}  // namespace

core::Status CheckNewPassword(std::string_view password, std::string_view username, std::string_view field) {
  const std::string name(field);
  if (password.size() > kMaxPasswordLength) {
    return core::Fail(core::Error::Invalid(
        name, "must be at most " + std::to_string(kMaxPasswordLength) + " bytes; got " +
                  std::to_string(password.size())));
  }
  const std::int64_t length = CodePoints(password);
  if (length < 0) return core::Fail(core::Error::Invalid(name, "must be valid UTF-8 text"));
  if (static_cast<std::size_t>(length) < kMinPasswordLength) {
    return core::Fail(core::Error::Invalid(name, "must be at least " + std::to_string(kMinPasswordLength) +
                                                     " characters; got " + std::to_string(length)));
  }
  const std::string lower = AsciiLower(password);
  if (CommonPasswords().contains(lower)) {
    return core::Fail(core::Error::Invalid(name, "is one of the most common passwords; choose another"));
  }
  if (!username.empty() && lower.find(AsciiLower(username)) != std::string::npos) {
    return core::Fail(core::Error::Invalid(name, "must not contain the username"));
  }
  return {};
}

core::Result<std::string> HashPassword(std::string_view password) {
  internal::EnsureSodium();
  if (password.size() > kMaxPasswordLength) {
    return core::Fail(core::Error::Invalid("password", "must be at most " + std::to_string(kMaxPasswordLength) +
                                                           " bytes"));
  }
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_argon2id_str(out, NonNull(password), password.size(), kOpsLimit, kMemLimit) != 0) {
    return core::Fail(core::Error::Internal("argon2id could not allocate its 64 MiB"));
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view encoded_hash, std::string_view password) {
  internal::EnsureSodium();
  if (password.size() > kMaxPasswordLength) return false;
  // libsodium wants a NUL-terminated hash string.
  const std::string hash(encoded_hash);
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  return crypto_pwhash_argon2id_str_verify(hash.c_str(), NonNull(password), password.size()) == 0;
}

const std::string& DummyPasswordHash() {
  static const std::string hash = [] {
    auto hashed = HashPassword(GenerateOneTimePassword());
    if (!hashed) throw std::runtime_error("argon2id failed for the dummy hash: " + hashed.error().message);
    return *hashed;
  }();
  return hash;
}

std::string GenerateOneTimePassword() {
  internal::EnsureSodium();
  std::string out(20, '\0');
  for (char& c : out) c = kAlphabet[randombytes_uniform(static_cast<std::uint32_t>(kAlphabet.size()))];
  return out;
}

}  // namespace readout::auth
