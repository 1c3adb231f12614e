#include "auth/password.h"

#include <gtest/gtest.h>

#include <string>

#include "resources/resources.h"

namespace readout::auth {
namespace {

TEST(PasswordTest, HashIsArgon2idWithTheChosenCostAndVerifiesOnlyItsPassword) {
  auto hash = HashPassword("lantern-river-autumn-42");
  ASSERT_TRUE(hash) << hash.error().message;
  EXPECT_TRUE(hash->starts_with("$argon2id$v=19$m=65536,t=2,p=1$")) << *hash;
  EXPECT_EQ(hash->find("lantern"), std::string::npos);
  EXPECT_TRUE(VerifyPassword(*hash, "lantern-river-autumn-42"));
  EXPECT_FALSE(VerifyPassword(*hash, "lantern-river-autumn-43"));
}

TEST(PasswordTest, TwoHashesOfOnePasswordDifferByTheirSalt) {
  auto a = HashPassword("lantern-river-autumn-42");
  auto b = HashPassword("lantern-river-autumn-42");
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b);
}

TEST(PasswordTest, VerifyRefusesMalformedHashesAndOverlongPasswords) {
  EXPECT_FALSE(VerifyPassword("", "anything at all"));
  EXPECT_FALSE(VerifyPassword("$argon2id$v=19$garbage", "anything at all"));
  EXPECT_FALSE(VerifyPassword(DummyPasswordHash(), std::string(kMaxPasswordLength + 1, 'a')));
}

TEST(PasswordTest, NewPasswordRuleRefusesWeakPasswordsNamingTheField) {
  struct Case {
    std::string password;
    bool accepted;
    std::string problem_part;  // in the problem when refused
  };
  const Case cases[] = {
      {"short", false, "at least 12 characters"},
      {"elevenchars", false, "at least 12 characters"},
      {"twelve-chars", true, ""},
      {"\xe6\x88\x91\xe4\xbb\xac\xe7\x9a\x84\xe8\xaf\x9d\xe8\xaf\xad", false, "got 5"},  // 5 CJK code points, 15 bytes
      {"\xe6\x88\x91\xe4\xbb\xac\xe7\x9a\x84\xe8\xaf\x9d\xe8\xaf\xad\xe6\x88\x91\xe4\xbb\xac\xe7\x9a\x84\xe8\xaf\x9d"
       "\xe8\xaf\xad\xe4\xbb\xac\xe7\x9a\x84",
       true, ""},  // 12 CJK code points
      {"password1234", false, "most common"},
      {"PASSWORD1234", false, "most common"},
      {"qwertyuiop123", false, "most common"},
      {"correct horse battery staple", false, "most common"},
      {"my-name-is-alice-2024", false, "username"},
      {"MY-NAME-IS-ALICE-2024", false, "username"},
      {"valid-start-\xff-then-more", false, "UTF-8"},
      {"overlong-slash-\xc0\xaf-here", false, "UTF-8"},
      {"surrogate-\xed\xa0\x80-inside", false, "UTF-8"},
      {"truncated-at-end-\xe6\x88", false, "UTF-8"},
      {std::string(kMaxPasswordLength + 1, 'z'), false, "at most"},
  };
  for (const Case& c : cases) {
    auto status = CheckNewPassword(c.password, "alice", "new_password");
    EXPECT_EQ(status.has_value(), c.accepted) << "password: " << c.password.substr(0, 40);
    if (!status) {
      ASSERT_EQ(status.error().fields.size(), 1u) << c.password.substr(0, 40);
      EXPECT_EQ(status.error().fields[0].field, "new_password");
      EXPECT_NE(status.error().fields[0].problem.find(c.problem_part), std::string::npos)
          << "password: " << c.password.substr(0, 40) << " problem: " << status.error().fields[0].problem;
    }
  }
}

TEST(PasswordTest, CommonPasswordListIsEmbeddedLowerCaseAndSeveralHundredLong) {
  const resources::Resource* list = resources::Find("src/resources/common-passwords.txt");
  ASSERT_NE(list, nullptr);
  std::size_t lines = 0;
  for (char c : list->data) {
    if (c == '\n') ++lines;
    EXPECT_FALSE(c >= 'A' && c <= 'Z') << "the list must be lower case";
  }
  EXPECT_GE(lines, 300u);
}

TEST(PasswordTest, OneTimePasswordsAreTwentyCharactersWithoutLookAlikes) {
  const std::string a = GenerateOneTimePassword();
  const std::string b = GenerateOneTimePassword();
  EXPECT_EQ(a.size(), 20u);
  EXPECT_NE(a, b);
  for (char c : a + b) {
    EXPECT_NE(std::string_view("0123456789abcdefghjkmnpqrstvwxyz").find(c), std::string_view::npos) << c;
  }
}

}  // namespace
}  // namespace readout::auth
