#include "auth/audit.h"

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "auth/testing/memory_account_store.h"

namespace readout::auth {
namespace {

using testing::MemoryAccountStore;

class AuditLogTest : public ::testing::Test {
 protected:
  // 2026-11-29T16:00:00Z, then one second later on every call.
  std::int64_t clock_ = 1795968000;
  MemoryAccountStore store_;
  AuditLog log_{store_, [this] { return clock_++; }};

  // Five rows: the second and fourth name records.
  void RecordFive() {
    ASSERT_TRUE(log_.Record("alice", "signin", "", "password and code"));
    ASSERT_TRUE(log_.Record("alice", "record.create", "per_li-wei", "POST /api/v1/persons 201"));
    ASSERT_TRUE(log_.Record("bob", "record.read_restricted", "", "GET /api/v1/persons"));
    ASSERT_TRUE(log_.Record("bob", "record.update", "cas_li-wei", "PUT /api/v1/cases/cas_li-wei 200"));
    ASSERT_TRUE(log_.Record("system", "user.add", "", "username carol, role editor"));
  }

  std::vector<AuditRow>& rows() { return store_.audit_rows_for_test(); }
};

TEST(CanonicalEntry, SortsKeysAndWritesNoSpaces) {
  AuditEntry entry{"2026-11-29T16:00:00Z", "alice", "record.create", "ab12", "POST /api/v1/persons 201"};
  EXPECT_EQ(CanonicalEntry(entry),
            R"({"action":"record.create","actor":"alice","at":"2026-11-29T16:00:00Z",)"
            R"("detail":"POST /api/v1/persons 201","target_ref":"ab12"})");
}

TEST(ChainHash, IsSha256OfThePreviousHashThenTheEntry) {
  // sha256("abc"), split across the two arguments.
  EXPECT_EQ(ChainHash("a", "bc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_F(AuditLogTest, AnUntouchedLogVerifiesAsIntact) {
  RecordFive();
  auto verification = log_.Verify();
  ASSERT_TRUE(verification) << verification.error().message;
  EXPECT_TRUE(verification->intact) << verification->problem;
  EXPECT_EQ(verification->rows, 5);
  EXPECT_EQ(verification->first_broken_sequence, 0);
}

TEST_F(AuditLogTest, AnEmptyLogVerifiesAsIntact) {
  auto verification = log_.Verify();
  ASSERT_TRUE(verification);
  EXPECT_TRUE(verification->intact);
  EXPECT_EQ(verification->rows, 0);
}

TEST_F(AuditLogTest, RowsChainEachHashToTheOneBefore) {
  RecordFive();
  ASSERT_EQ(rows().size(), 5u);
  EXPECT_EQ(rows()[0].previous_hash, "");
  for (std::size_t i = 0; i < rows().size(); ++i) {
    EXPECT_EQ(rows()[i].sequence, static_cast<std::int64_t>(i + 1));
    EXPECT_EQ(rows()[i].hash, ChainHash(rows()[i].previous_hash, rows()[i].entry)) << "row " << i + 1;
    if (i > 0) {
      EXPECT_EQ(rows()[i].previous_hash, rows()[i - 1].hash) << "row " << i + 1;
    }
  }
}

TEST_F(AuditLogTest, AnEntryNamesItsRecordOnlyByASaltedRef) {
  RecordFive();
  const AuditRow& row = rows()[1];
  EXPECT_EQ(row.target_id, "per_li-wei");
  EXPECT_EQ(row.target_salt.size(), 32u);
  EXPECT_EQ(row.entry.find("per_li-wei"), std::string::npos) << row.entry;
  EXPECT_NE(row.entry.find(R"("at":"2026-11-29T16:00:01Z")"), std::string::npos) << row.entry;
  // The same id recorded twice gets two salts, so refs do not link rows once the ids are forgotten.
  ASSERT_TRUE(log_.Record("alice", "record.update", "per_li-wei", ""));
  EXPECT_NE(rows()[5].target_salt, row.target_salt);
  auto ref_of = [](const AuditRow& r) { return r.entry.substr(r.entry.find("target_ref")); };
  EXPECT_NE(ref_of(rows()[5]), ref_of(row));
}

TEST_F(AuditLogTest, RecordRefusesAnEntryWithoutActorOrAction) {
  auto refused = log_.Record("", "", "", "");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::ErrorCode::kInvalidArgument);
  ASSERT_EQ(refused.error().fields.size(), 2u);
  EXPECT_EQ(refused.error().fields[0].field, "actor");
  EXPECT_EQ(refused.error().fields[1].field, "action");
  EXPECT_TRUE(rows().empty());
}

struct Tampering {
  std::string name;
  std::function<void(std::vector<AuditRow>&)> tamper;
  std::int64_t first_broken;
  std::string problem_mentions;
};

TEST_F(AuditLogTest, VerifyFindsTheFirstRowBrokenByAnyTampering) {
  const std::vector<Tampering> cases = {
      {"an entry's detail changed",
       [](auto& r) { r[2].entry.replace(r[2].entry.find("GET"), 3, "PUT"); }, 3, "hash"},
      {"an entry's actor changed and its hash recomputed",
       [](auto& r) {
         r[2].entry.replace(r[2].entry.find("bob"), 3, "eve");
         r[2].hash = ChainHash(r[2].previous_hash, r[2].entry);
       },
       4, "previous_hash"},
      {"a hash changed", [](auto& r) { r[1].hash[0] = r[1].hash[0] == 'a' ? 'b' : 'a'; }, 2, "hash"},
      {"a previous_hash changed", [](auto& r) { r[3].previous_hash = std::string(64, '0'); }, 4, "previous_hash"},
      {"a row removed", [](auto& r) { r.erase(r.begin() + 2); }, 3, "sequence gap"},
      {"the first row removed", [](auto& r) { r.erase(r.begin()); }, 1, "sequence gap"},
      {"two rows swapped with their sequences",
       [](auto& r) {
         std::swap(r[1], r[2]);
         std::swap(r[1].sequence, r[2].sequence);
       },
       2, "previous_hash"},
      {"two rows' entries swapped",
       [](auto& r) { std::swap(r[1].entry, r[2].entry); }, 2, "hash"},
      {"a target id changed", [](auto& r) { r[3].target_id = "cas_someone-else"; }, 4, "target_id"},
      {"a target salt changed", [](auto& r) { r[1].target_salt = std::string(32, 'f'); }, 2, "target_id"},
      {"a target salt blanked without its id", [](auto& r) { r[1].target_salt.clear(); }, 2, "target_salt"},
      {"an id added to a row that named none",
       [](auto& r) {
         r[0].target_id = "per_li-wei";
         r[0].target_salt = std::string(32, 'a');
       },
       1, "target_ref"},
      {"an entry rewritten as equivalent but not canonical JSON, hashes recomputed",
       [](auto& r) {
         r[4].entry.insert(1, " ");
         r[4].hash = ChainHash(r[4].previous_hash, r[4].entry);
       },
       5, "canonical"},
      {"an entry that is not JSON, hashes recomputed",
       [](auto& r) {
         r[4].entry = "not json";
         r[4].hash = ChainHash(r[4].previous_hash, r[4].entry);
       },
       5, "canonical"},
  };
  for (const Tampering& c : cases) {
    MemoryAccountStore store;
    AuditLog log(store, [] { return std::int64_t{1795968000}; });
    ASSERT_TRUE(log.Record("alice", "signin", "", "password and code"));
    ASSERT_TRUE(log.Record("alice", "record.create", "per_li-wei", "POST /api/v1/persons 201"));
    ASSERT_TRUE(log.Record("bob", "record.read_restricted", "", "GET /api/v1/persons"));
    ASSERT_TRUE(log.Record("bob", "record.update", "cas_li-wei", "PUT /api/v1/cases/cas_li-wei 200"));
    ASSERT_TRUE(log.Record("system", "user.add", "", "username carol, role editor"));
    c.tamper(store.audit_rows_for_test());
    auto verification = log.Verify();
    ASSERT_TRUE(verification) << c.name << ": " << verification.error().message;
    EXPECT_FALSE(verification->intact) << c.name;
    EXPECT_EQ(verification->first_broken_sequence, c.first_broken) << c.name << ": " << verification->problem;
    EXPECT_NE(verification->problem.find(c.problem_mentions), std::string::npos)
        << c.name << ": " << verification->problem;
  }
}

TEST_F(AuditLogTest, ALogWhosePurgedTargetsWereForgottenStillVerifies) {
  RecordFive();
  ASSERT_TRUE(store_.ForgetAuditTarget("per_li-wei"));
  EXPECT_EQ(rows()[1].target_id, "");
  EXPECT_EQ(rows()[1].target_salt, "");
  EXPECT_EQ(rows()[3].target_id, "cas_li-wei");
  auto verification = log_.Verify();
  ASSERT_TRUE(verification);
  EXPECT_TRUE(verification->intact) << verification->problem;
  EXPECT_EQ(verification->rows, 5);
}

TEST_F(AuditLogTest, RecentListsNewestFirstAndMarksPurgedTargets) {
  RecordFive();
  ASSERT_TRUE(store_.ForgetAuditTarget("per_li-wei"));
  auto recent = log_.Recent(0, 3);
  ASSERT_TRUE(recent) << recent.error().message;
  ASSERT_EQ(recent->size(), 3u);
  EXPECT_EQ((*recent)[0].sequence, 5);
  EXPECT_EQ((*recent)[0].entry.action, "user.add");
  EXPECT_EQ((*recent)[1].sequence, 4);
  EXPECT_EQ((*recent)[1].target_id, "cas_li-wei");
  EXPECT_FALSE((*recent)[1].target_purged);
  EXPECT_EQ((*recent)[2].sequence, 3);
  EXPECT_FALSE((*recent)[2].target_purged);  // names no record at all

  auto older = log_.Recent(3, 10);
  ASSERT_TRUE(older);
  ASSERT_EQ(older->size(), 2u);
  EXPECT_EQ((*older)[0].sequence, 2);
  EXPECT_EQ((*older)[0].entry.actor, "alice");
  EXPECT_EQ((*older)[0].target_id, "");
  EXPECT_TRUE((*older)[0].target_purged);
  EXPECT_EQ((*older)[1].sequence, 1);
}

TEST_F(AuditLogTest, RecentFindsTheNewestRowOfLogsOfAnyLength) {
  for (int n = 1; n <= 40; ++n) {
    ASSERT_TRUE(log_.Record("alice", "signin", "", ""));
    auto recent = log_.Recent(0, 1);
    ASSERT_TRUE(recent);
    ASSERT_EQ(recent->size(), 1u) << "rows: " << n;
    EXPECT_EQ((*recent)[0].sequence, n) << "rows: " << n;
  }
}

TEST_F(AuditLogTest, RecentOfAnEmptyLogIsEmptyAndRefusesABadLimit) {
  auto recent = log_.Recent(0, 10);
  ASSERT_TRUE(recent);
  EXPECT_TRUE(recent->empty());
  for (std::int64_t limit : {0, -1, 1001}) {
    auto refused = log_.Recent(0, limit);
    ASSERT_FALSE(refused) << "limit " << limit;
    EXPECT_EQ(refused.error().fields.at(0).field, "limit") << "limit " << limit;
  }
}

}  // namespace
}  // namespace readout::auth
