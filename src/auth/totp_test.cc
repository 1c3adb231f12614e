#include "auth/totp.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>

namespace readout::auth {
namespace {

// RFC 6238 appendix B's SHA-1 secret, the ASCII "12345678901234567890", in base32.
constexpr std::string_view kRfcSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

TEST(TotpTest, CodesMatchTheRfc6238Sha1VectorsCutToSixDigits) {
  struct Case {
    std::int64_t time;
    std::string code;
  };
  const Case cases[] = {{59, "287082"},         {1111111109, "081804"}, {1111111111, "050471"},
                        {1234567890, "005924"}, {2000000000, "279037"}, {20000000000, "353130"}};
  for (const Case& c : cases) {
    EXPECT_EQ(TotpCode(kRfcSecret, c.time), c.code) << "T=" << c.time;
  }
}

TEST(TotpTest, VerifyAcceptsOneStepOfDriftEitherWayAndReturnsTheCodesStep) {
  struct Case {
    std::int64_t now;
    std::optional<std::int64_t> step;
  };
  // "287082" belongs to step 1 (T=30..59).
  const Case cases[] = {{59, 1}, {30, 1}, {0, 1}, {89, 1}, {119, std::nullopt}, {150, std::nullopt}};
  for (const Case& c : cases) {
    EXPECT_EQ(VerifyTotp(kRfcSecret, "287082", c.now, 0), c.step) << "now=" << c.now;
  }
}

TEST(TotpTest, VerifyRefusesACodeWhoseStepWasAlreadyUsed) {
  EXPECT_EQ(VerifyTotp(kRfcSecret, "287082", 59, 0), 1);
  EXPECT_EQ(VerifyTotp(kRfcSecret, "287082", 59, 1), std::nullopt);
  EXPECT_EQ(VerifyTotp(kRfcSecret, "287082", 59, 2), std::nullopt);
}

TEST(TotpTest, VerifyRefusesMalformedCodesAndSecrets) {
  for (std::string_view code : {"", "28708", "2870822", "28708a", "abcdef", "287-082"}) {
    EXPECT_EQ(VerifyTotp(kRfcSecret, code, 59, 0), std::nullopt) << "code: " << code;
  }
  EXPECT_EQ(VerifyTotp("", "287082", 59, 0), std::nullopt);
  EXPECT_EQ(VerifyTotp("not base32 at all!", "287082", 59, 0), std::nullopt);
}

TEST(TotpTest, VerifyToleratesLowerCaseSpacedSecretsAndSpacedCodes) {
  EXPECT_EQ(VerifyTotp("gezd gnbv gy3t qojq gezd gnbv gy3t qojq", "287 082", 59, 0), 1);
}

TEST(TotpTest, NewSecretsAreBase32OfTwentyBytesAndWorkWithTheirOwnCodes) {
  const std::string secret = NewTotpSecret();
  EXPECT_TRUE(std::regex_match(secret, std::regex("[A-Z2-7]{32}"))) << secret;
  EXPECT_NE(secret, NewTotpSecret());
  const std::int64_t now = 1'800'000'000;
  EXPECT_EQ(VerifyTotp(secret, TotpCode(secret, now), now, 0), now / kTotpStepSeconds);
}

TEST(TotpTest, UriNamesTheIssuerAccountAndSecret) {
  EXPECT_EQ(TotpUri("ABC234", "alice"),
            "otpauth://totp/Readout:alice?secret=ABC234&issuer=Readout&algorithm=SHA1&digits=6&period=30");
}

TEST(TotpTest, RecoveryCodesAreTenDistinctGroupedCodes) {
  const auto codes = NewRecoveryCodes();
  ASSERT_EQ(codes.size(), static_cast<std::size_t>(kRecoveryCodeCount));
  std::set<std::string> distinct(codes.begin(), codes.end());
  EXPECT_EQ(distinct.size(), codes.size());
  for (const std::string& code : codes) {
    EXPECT_TRUE(std::regex_match(code, std::regex("[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}")))
        << code;
  }
}

TEST(TotpTest, RecoveryCodeHashIgnoresCaseSpacesAndDashes) {
  const std::string hash = HashRecoveryCode("k7qm-2xvp-9rdt");
  EXPECT_EQ(hash.size(), 64u);
  EXPECT_EQ(HashRecoveryCode("K7QM 2XVP 9RDT"), hash);
  EXPECT_EQ(HashRecoveryCode("k7qm2xvp9rdt"), hash);
  EXPECT_NE(HashRecoveryCode("k7qm-2xvp-9rdx"), hash);
}

}  // namespace
}  // namespace readout::auth
