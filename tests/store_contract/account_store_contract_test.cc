// The auth::AccountStore contract (auth/account_store.h), run against every
// store that instantiates StoreContract: documents under compare-and-swap
// versions, and the hash-chained audit log.

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "auth/account_store.h"
#include "core/evidence.h"
#include "store_contract.h"

namespace readout::store_contract {
namespace {

using core::ErrorCode;

// The seal an audit log would use, with a plain SHA-256 of the two parts
// (auth/audit.h defines the real one; the store only stores what it is given).
auth::AuditRow Sealed(std::int64_t last_sequence, std::string_view last_hash, const std::string& entry,
                      const std::string& target_id = "", const std::string& target_salt = "") {
  auth::AuditRow row;
  row.sequence = last_sequence + 1;
  row.entry = entry;
  row.target_id = target_id;
  row.target_salt = target_salt;
  row.previous_hash = std::string(last_hash);
  row.hash = core::FileSha256(std::string(last_hash) + entry);
  return row;
}

core::Result<auth::AuditRow> Append(auth::AccountStore& accounts, const std::string& entry,
                                    const std::string& target_id = "", const std::string& target_salt = "") {
  return accounts.AppendAudit([&](std::int64_t last_sequence, std::string_view last_hash) {
    return Sealed(last_sequence, last_hash, entry, target_id, target_salt);
  });
}

std::vector<auth::AuditRow> ReadAll(auth::AccountStore& accounts) {
  std::vector<auth::AuditRow> all;
  while (true) {
    core::Result<std::vector<auth::AuditRow>> page =
        accounts.ReadAudit(all.empty() ? 0 : all.back().sequence, 10000);
    EXPECT_TRUE(page.has_value()) << (page ? "" : page.error().message);
    if (!page || page->empty()) return all;
    all.insert(all.end(), page->begin(), page->end());
  }
}

// Fails the test at the first row that does not continue the chain.
void ExpectUnbrokenChain(const std::vector<auth::AuditRow>& rows) {
  std::string previous;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auth::AuditRow& row = rows[i];
    ASSERT_EQ(row.sequence, static_cast<std::int64_t>(i) + 1) << "row " << i << " (" << row.entry << ")";
    ASSERT_EQ(row.previous_hash, previous) << "row " << row.sequence << " (" << row.entry << ") forks the chain";
    ASSERT_EQ(row.hash, core::FileSha256(previous + row.entry)) << "row " << row.sequence;
    previous = row.hash;
  }
}

// auth::AccountStore of a second handle on the same database.
std::unique_ptr<core::Store> MustOpenAnother(StoreHarness& harness) {
  core::Result<std::unique_ptr<core::Store>> other = harness.OpenAnother();
  EXPECT_TRUE(other.has_value()) << (other ? "" : other.error().message);
  if (!other) return nullptr;
  EXPECT_NE(dynamic_cast<auth::AccountStore*>(other->get()), nullptr) << "the store is not an AccountStore";
  return std::move(*other);
}

// --- Documents ----------------------------------------------------------------

TEST_P(StoreContract, AnAbsentDocumentIsNulloptAndACreatedOneIsAtVersionOne) {
  core::Result<std::optional<auth::Document>> absent = accounts().GetDocument(auth::kUsers, "usr_a");
  ASSERT_TRUE(absent.has_value()) << absent.error().message;
  EXPECT_FALSE(absent->has_value());

  core::Result<std::int64_t> created = accounts().PutDocument(auth::kUsers, "usr_a", 0, R"({"name":"alice"})");
  ASSERT_TRUE(created.has_value()) << created.error().message;
  EXPECT_EQ(*created, 1);
  core::Result<std::optional<auth::Document>> got = accounts().GetDocument(auth::kUsers, "usr_a");
  ASSERT_TRUE(got.has_value() && got->has_value());
  EXPECT_EQ((*got)->key, "usr_a");
  EXPECT_EQ((*got)->version, 1);
  EXPECT_EQ((*got)->body, R"({"name":"alice"})");

  // The same key in another collection is another document.
  core::Result<std::optional<auth::Document>> other = accounts().GetDocument(auth::kSessions, "usr_a");
  ASSERT_TRUE(other.has_value());
  EXPECT_FALSE(other->has_value());
}

TEST_P(StoreContract, PutDocumentIsCompareAndSwapOnTheVersion) {
  ASSERT_TRUE(accounts().PutDocument(auth::kUsers, "usr_a", 0, "v1").has_value());
  const struct {
    std::int64_t expected;
    ErrorCode code;
  } refused[] = {{0, ErrorCode::kConflict}, {2, ErrorCode::kConflict}, {7, ErrorCode::kConflict}};
  for (const auto& c : refused) {
    core::Result<std::int64_t> put = accounts().PutDocument(auth::kUsers, "usr_a", c.expected, "stale");
    ASSERT_FALSE(put.has_value()) << "expected_version " << c.expected << " was accepted";
    EXPECT_EQ(put.error().code, c.code) << "expected_version " << c.expected << ": " << put.error().message;
    EXPECT_NE(put.error().message.find("usr_a"), std::string::npos) << put.error().message;
  }
  core::Result<std::int64_t> replaced = accounts().PutDocument(auth::kUsers, "usr_a", 1, "v2");
  ASSERT_TRUE(replaced.has_value()) << replaced.error().message;
  EXPECT_EQ(*replaced, 2);
  core::Result<std::optional<auth::Document>> got = accounts().GetDocument(auth::kUsers, "usr_a");
  ASSERT_TRUE(got.has_value() && got->has_value());
  EXPECT_EQ((*got)->version, 2);
  EXPECT_EQ((*got)->body, "v2");

  core::Result<std::int64_t> missing = accounts().PutDocument(auth::kUsers, "usr_nobody", 1, "v2");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound) << missing.error().message;
}

TEST_P(StoreContract, PutDocumentRefusesAnEmptyNameOrANegativeVersion) {
  const struct {
    std::string collection, key;
    std::int64_t expected;
    std::string field;
  } cases[] = {{"", "k", 0, "collection"}, {"users", "", 0, "key"}, {"users", "k", -1, "expected_version"}};
  for (const auto& c : cases) {
    core::Result<std::int64_t> put = accounts().PutDocument(c.collection, c.key, c.expected, "{}");
    ASSERT_FALSE(put.has_value()) << "'" << c.collection << "'/'" << c.key << "' at " << c.expected;
    EXPECT_EQ(put.error().code, ErrorCode::kInvalidArgument) << put.error().message;
    ASSERT_FALSE(put.error().fields.empty()) << put.error().message;
    EXPECT_EQ(put.error().fields[0].field, c.field) << put.error().message;
  }
}

TEST_P(StoreContract, OfManyRacingReplacementsOfOneVersionExactlyOneWins) {
  // Two requests using the same TOTP code race like this: both read version
  // 1, both try to write version 2.
  ASSERT_TRUE(accounts().PutDocument(auth::kUsers, "usr_a", 0, "v1").has_value());
  std::unique_ptr<core::Store> other = MustOpenAnother(harness());
  ASSERT_NE(other, nullptr);
  auth::AccountStore* handles[] = {&accounts(), dynamic_cast<auth::AccountStore*>(other.get())};
  constexpr int kThreads = 8;
  std::atomic<int> wins{0}, conflicts{0}, others{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      core::Result<std::int64_t> put =
          handles[t % 2]->PutDocument(auth::kUsers, "usr_a", 1, "winner " + std::to_string(t));
      if (put) {
        ++wins;
      } else if (put.error().code == ErrorCode::kConflict) {
        ++conflicts;
      } else {
        ++others;
        ADD_FAILURE() << put.error().message;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(wins.load(), 1);
  EXPECT_EQ(conflicts.load(), kThreads - 1);
  core::Result<std::optional<auth::Document>> got = accounts().GetDocument(auth::kUsers, "usr_a");
  ASSERT_TRUE(got.has_value() && got->has_value());
  EXPECT_EQ((*got)->version, 2);
}

TEST_P(StoreContract, DeleteDocumentRemovesItAndAnAbsentOneIsNoError) {
  ASSERT_TRUE(accounts().PutDocument(auth::kSessions, "ab12", 0, "{}").has_value());
  ASSERT_TRUE(accounts().DeleteDocument(auth::kSessions, "ab12").has_value());
  core::Result<std::optional<auth::Document>> got = accounts().GetDocument(auth::kSessions, "ab12");
  ASSERT_TRUE(got.has_value());
  EXPECT_FALSE(got->has_value());
  core::Status again = accounts().DeleteDocument(auth::kSessions, "ab12");
  EXPECT_TRUE(again.has_value()) << again.error().message;
  // Created again, it starts over at version 1.
  core::Result<std::int64_t> recreated = accounts().PutDocument(auth::kSessions, "ab12", 0, "{}");
  ASSERT_TRUE(recreated.has_value()) << recreated.error().message;
  EXPECT_EQ(*recreated, 1);
}

TEST_P(StoreContract, ListDocumentsGivesOneCollectionOrderedByKey) {
  for (const char* key : {"usr_c", "usr_a", "usr_b"}) {
    ASSERT_TRUE(accounts().PutDocument(auth::kUsers, key, 0, std::string("body of ") + key).has_value()) << key;
  }
  ASSERT_TRUE(accounts().PutDocument(auth::kSessions, "usr_0", 0, "a session").has_value());
  ASSERT_TRUE(accounts().PutDocument(auth::kUsers, "usr_b", 1, "body of usr_b, again").has_value());

  core::Result<std::vector<auth::Document>> users = accounts().ListDocuments(auth::kUsers);
  ASSERT_TRUE(users.has_value()) << users.error().message;
  ASSERT_EQ(users->size(), 3u);
  EXPECT_EQ((*users)[0].key, "usr_a");
  EXPECT_EQ((*users)[1].key, "usr_b");
  EXPECT_EQ((*users)[1].version, 2);
  EXPECT_EQ((*users)[1].body, "body of usr_b, again");
  EXPECT_EQ((*users)[2].key, "usr_c");

  core::Result<std::vector<auth::Document>> none = accounts().ListDocuments(auth::kSubmissions);
  ASSERT_TRUE(none.has_value());
  EXPECT_TRUE(none->empty());
}

TEST_P(StoreContract, AccountWritesLeaveTheRecordChangeCounterAlone) {
  // Sessions and audit rows are written on every request; the page caches
  // keyed on ChangeCounter must survive them. A second handle sees the
  // writes as another process would.
  std::unique_ptr<core::Store> other = MustOpenAnother(harness());
  ASSERT_NE(other, nullptr);
  auth::AccountStore& other_accounts = *dynamic_cast<auth::AccountStore*>(other.get());
  const std::int64_t here = store().ChangeCounter();
  const std::int64_t there = other->ChangeCounter();
  ASSERT_TRUE(accounts().PutDocument(auth::kSessions, "s1", 0, "{}").has_value());
  ASSERT_TRUE(other_accounts.PutDocument(auth::kSessions, "s2", 0, "{}").has_value());
  ASSERT_TRUE(Append(accounts(), "signin").has_value());
  ASSERT_TRUE(Append(other_accounts, "signin").has_value());
  ASSERT_TRUE(accounts().DeleteDocument(auth::kSessions, "s1").has_value());
  EXPECT_EQ(store().ChangeCounter(), here);
  EXPECT_EQ(other->ChangeCounter(), there);

  MustCreate(*other, DialogueDraft("dlg_a"));
  EXPECT_NE(store().ChangeCounter(), here) << "a record write by another handle was not seen";
}

// --- Audit log ----------------------------------------------------------------

TEST_P(StoreContract, TheFirstAuditRowSealsOntoNothingAndTheNextOntoIt) {
  std::vector<std::pair<std::int64_t, std::string>> seen;
  core::Result<auth::AuditRow> first = accounts().AppendAudit([&](std::int64_t last, std::string_view hash) {
    seen.emplace_back(last, std::string(hash));
    return Sealed(last, hash, R"({"action":"user.add"})", "usr_a", "00ff");
  });
  ASSERT_TRUE(first.has_value()) << first.error().message;
  core::Result<auth::AuditRow> second = accounts().AppendAudit([&](std::int64_t last, std::string_view hash) {
    seen.emplace_back(last, std::string(hash));
    return Sealed(last, hash, R"({"action":"signin"})");
  });
  ASSERT_TRUE(second.has_value()) << second.error().message;
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0], std::make_pair(std::int64_t{0}, std::string()));
  EXPECT_EQ(seen[1], std::make_pair(std::int64_t{1}, first->hash));

  std::vector<auth::AuditRow> rows = ReadAll(accounts());
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].entry, R"({"action":"user.add"})");
  EXPECT_EQ(rows[0].target_id, "usr_a");
  EXPECT_EQ(rows[0].target_salt, "00ff");
  EXPECT_EQ(rows[1].target_id, "");
  ExpectUnbrokenChain(rows);
}

TEST_P(StoreContract, AnAuditRowNotSealedOntoTheLastOneIsRefusedAndNothingIsWritten) {
  ASSERT_TRUE(Append(accounts(), "first").has_value());
  const struct {
    std::string what;
    std::function<auth::AuditRow(std::int64_t, std::string_view)> seal;
  } cases[] = {
      {"a reused sequence", [](std::int64_t last, std::string_view hash) {
         auth::AuditRow row = Sealed(last, hash, "x");
         row.sequence = last;
         return row;
       }},
      {"a skipped sequence", [](std::int64_t last, std::string_view hash) {
         auth::AuditRow row = Sealed(last, hash, "x");
         row.sequence = last + 2;
         return row;
       }},
      {"another previous hash", [](std::int64_t last, std::string_view) { return Sealed(last, "forged", "x"); }},
      {"no hash", [](std::int64_t last, std::string_view hash) {
         auth::AuditRow row = Sealed(last, hash, "x");
         row.hash.clear();
         return row;
       }},
  };
  for (const auto& c : cases) {
    core::Result<auth::AuditRow> appended = accounts().AppendAudit(c.seal);
    ASSERT_FALSE(appended.has_value()) << c.what << " was accepted";
    EXPECT_EQ(appended.error().code, ErrorCode::kInternal) << c.what << ": " << appended.error().message;
  }
  std::vector<auth::AuditRow> rows = ReadAll(accounts());
  EXPECT_EQ(rows.size(), 1u);
  ExpectUnbrokenChain(rows);
}

TEST_P(StoreContract, ConcurrentAppendsFromThreadsAndHandlesNeverForkTheChain) {
  std::unique_ptr<core::Store> other = MustOpenAnother(harness());
  ASSERT_NE(other, nullptr);
  auth::AccountStore* handles[] = {&accounts(), dynamic_cast<auth::AccountStore*>(other.get())};
  constexpr int kThreads = 6;
  constexpr int kEach = 15;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const std::string entry = "thread " + std::to_string(t) + " entry " + std::to_string(i);
        core::Result<auth::AuditRow> appended = Append(*handles[t % 2], entry);
        if (!appended) ADD_FAILURE() << entry << ": " << appended.error().message;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  std::vector<auth::AuditRow> rows = ReadAll(accounts());
  EXPECT_EQ(rows.size(), static_cast<std::size_t>(kThreads * kEach));
  ExpectUnbrokenChain(rows);
}

TEST_P(StoreContract, ReadAuditPagesAfterASequenceUpToTheLimit) {
  for (int i = 1; i <= 25; ++i) ASSERT_TRUE(Append(accounts(), "entry " + std::to_string(i)).has_value());
  const struct {
    std::int64_t after, limit, first, count;
  } cases[] = {{0, 10, 1, 10}, {10, 10, 11, 10}, {20, 10, 21, 5}, {25, 10, 0, 0}, {3, 1, 4, 1}, {0, 10000, 1, 25}};
  for (const auto& c : cases) {
    core::Result<std::vector<auth::AuditRow>> page = accounts().ReadAudit(c.after, c.limit);
    ASSERT_TRUE(page.has_value()) << "after " << c.after << ": " << page.error().message;
    ASSERT_EQ(static_cast<std::int64_t>(page->size()), c.count) << "after " << c.after << " limit " << c.limit;
    if (c.count > 0) {
      EXPECT_EQ(page->front().sequence, c.first) << "after " << c.after;
      EXPECT_EQ(page->front().entry, "entry " + std::to_string(c.first)) << "after " << c.after;
    }
  }
  const struct {
    std::int64_t after, limit;
    std::string field;
  } refused[] = {{0, 0, "limit"}, {0, 10001, "limit"}, {-1, 10, "after_sequence"}};
  for (const auto& c : refused) {
    core::Result<std::vector<auth::AuditRow>> page = accounts().ReadAudit(c.after, c.limit);
    ASSERT_FALSE(page.has_value()) << "after " << c.after << " limit " << c.limit;
    EXPECT_EQ(page.error().code, ErrorCode::kInvalidArgument);
    ASSERT_FALSE(page.error().fields.empty());
    EXPECT_EQ(page.error().fields[0].field, c.field) << page.error().message;
  }
}

TEST_P(StoreContract, ForgetAuditTargetBlanksTheIdAndSaltOfThatTargetOnly) {
  ASSERT_TRUE(Append(accounts(), "read 1", "cas_secret", "11aa").has_value());
  ASSERT_TRUE(Append(accounts(), "read 2", "cas_other", "22bb").has_value());
  ASSERT_TRUE(Append(accounts(), "read 3", "cas_secret", "33cc").has_value());
  const std::vector<auth::AuditRow> before = ReadAll(accounts());

  ASSERT_TRUE(accounts().ForgetAuditTarget("cas_secret").has_value());
  std::vector<auth::AuditRow> after = ReadAll(accounts());
  ASSERT_EQ(after.size(), 3u);
  const struct {
    std::size_t row;
    std::string id, salt;
  } expected[] = {{0, "", ""}, {1, "cas_other", "22bb"}, {2, "", ""}};
  for (const auto& e : expected) {
    EXPECT_EQ(after[e.row].target_id, e.id) << "row " << e.row;
    EXPECT_EQ(after[e.row].target_salt, e.salt) << "row " << e.row;
    // The chain does not cover the plain id, so it stays intact.
    EXPECT_EQ(after[e.row].entry, before[e.row].entry) << "row " << e.row;
    EXPECT_EQ(after[e.row].hash, before[e.row].hash) << "row " << e.row;
  }
  ExpectUnbrokenChain(after);

  core::Status empty = accounts().ForgetAuditTarget("");
  ASSERT_FALSE(empty.has_value());
  EXPECT_EQ(empty.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace readout::store_contract
