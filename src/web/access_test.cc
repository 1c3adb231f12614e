#include "web/access.h"

#include <gtest/gtest.h>

namespace readout::web {
namespace {

TEST(ConstantTimeEquals, ComparesWholeStrings) {
  EXPECT_TRUE(ConstantTimeEquals("secret", "secret"));
  EXPECT_FALSE(ConstantTimeEquals("secreT", "secret"));
  EXPECT_FALSE(ConstantTimeEquals("secre", "secret"));
  EXPECT_FALSE(ConstantTimeEquals("secrets", "secret"));
  EXPECT_FALSE(ConstantTimeEquals("", "secret"));
}

TEST(Access, RequestWithoutCredentialsIsThePublic) {
  Access access("tok");
  auto caller = access.Authenticate("");
  ASSERT_TRUE(caller);
  EXPECT_FALSE(caller->staff);
  EXPECT_EQ(caller->reader, core::Visibility::kPublic);
}

TEST(Access, BearerStaffTokenIsStaff) {
  Access access("tok");
  auto caller = access.Authenticate("Bearer tok");
  ASSERT_TRUE(caller);
  EXPECT_TRUE(caller->staff);
  EXPECT_EQ(caller->reader, core::Visibility::kRestricted);
}

TEST(Access, WrongOrMalformedCredentialsAreRefused) {
  Access access("tok");
  for (const char* header : {"Bearer nope", "Bearer ", "Basic dG9rOg==", "tok", "Bearer tok2"}) {
    auto caller = access.Authenticate(header);
    ASSERT_FALSE(caller) << header;
    EXPECT_EQ(caller.error().code, core::ErrorCode::kUnauthorized) << header;
  }
}

TEST(Access, EmptyStaffTokenDisablesStaffAccess) {
  Access access("");
  EXPECT_FALSE(access.Authenticate("Bearer "));
  EXPECT_FALSE(access.Authenticate("Bearer x"));
}

struct ActorCase {
  std::string actor;
  bool staff;
  core::ErrorCode expected;
  bool ok;
};

TEST(Access, WriterMustBeStaffAndNameItself) {
  for (const ActorCase& c : std::vector<ActorCase>{
           {"Jane Editor", true, core::ErrorCode::kInternal, true},
           {"Jane Editor", false, core::ErrorCode::kUnauthorized, false},
           {"", true, core::ErrorCode::kInvalidArgument, false},
           {std::string(201, 'a'), true, core::ErrorCode::kInvalidArgument, false},
           {std::string(200, 'a'), true, core::ErrorCode::kInternal, true},
           {"bad\tname", true, core::ErrorCode::kInvalidArgument, false},
       }) {
    HttpRequest http_req;
    if (!c.actor.empty()) http_req.set("X-Readout-Actor", c.actor);
    Request req{http_req, "/", "", {}, Caller{c.staff, core::Visibility::kRestricted}, publish::Lang::kEn, false};
    auto actor = Access::WriterOf(req);
    ASSERT_EQ(actor.has_value(), c.ok) << c.actor;
    if (c.ok) {
      EXPECT_EQ(actor->name, c.actor);
    } else {
      EXPECT_EQ(actor.error().code, c.expected) << c.actor;
      if (c.expected == core::ErrorCode::kInvalidArgument) {
        EXPECT_EQ(actor.error().fields[0].field, "X-Readout-Actor");
      }
    }
  }
}

}  // namespace
}  // namespace readout::web
