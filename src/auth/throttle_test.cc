#include "auth/throttle.h"

#include <gtest/gtest.h>

namespace readout::auth {
namespace {

using std::chrono::seconds;

TEST(ThrottleTest, AKeyIsRefusedOnceItReachesItsLimitAndOthersAreNot) {
  Throttle throttle(3, seconds(900));
  EXPECT_TRUE(throttle.Hit("alice", 100));
  EXPECT_TRUE(throttle.Hit("alice", 101));
  EXPECT_TRUE(throttle.Allowed("alice", 102));
  EXPECT_TRUE(throttle.Hit("alice", 102));
  EXPECT_FALSE(throttle.Allowed("alice", 103));
  EXPECT_FALSE(throttle.Hit("alice", 103));
  EXPECT_TRUE(throttle.Allowed("bob", 103));
}

TEST(ThrottleTest, AllowedDoesNotCount) {
  Throttle throttle(1, seconds(900));
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(throttle.Allowed("alice", 100));
  EXPECT_TRUE(throttle.Hit("alice", 100));
  EXPECT_FALSE(throttle.Allowed("alice", 100));
}

TEST(ThrottleTest, TheWindowPassingLetsTheKeyTryAgain) {
  Throttle throttle(2, seconds(900));
  throttle.Hit("alice", 1000);
  throttle.Hit("alice", 1001);
  EXPECT_FALSE(throttle.Allowed("alice", 1000 + 899));
  EXPECT_TRUE(throttle.Allowed("alice", 1000 + 900));
  EXPECT_TRUE(throttle.Hit("alice", 1000 + 900));
}

TEST(ThrottleTest, ClearForgetsTheKeysFailures) {
  Throttle throttle(1, seconds(900));
  throttle.Hit("alice", 100);
  EXPECT_FALSE(throttle.Allowed("alice", 100));
  throttle.Clear("alice");
  EXPECT_TRUE(throttle.Allowed("alice", 100));
}

TEST(ThrottleTest, AFullMapEvictsTheOldestKeyFirst) {
  Throttle throttle(1, seconds(900), /*max_keys=*/2);
  throttle.Hit("a", 10);
  throttle.Hit("b", 11);
  EXPECT_FALSE(throttle.Allowed("a", 12));
  throttle.Hit("c", 12);  // full: "a" (the oldest) goes
  EXPECT_TRUE(throttle.Allowed("a", 12));
  EXPECT_FALSE(throttle.Allowed("b", 12));
  EXPECT_FALSE(throttle.Allowed("c", 12));
}

}  // namespace
}  // namespace readout::auth
