#include "auth/testing/memory_account_store.h"

#include <gtest/gtest.h>

namespace readout::auth::testing {
namespace {

TEST(MemoryAccountStoreTest, PutDocumentIsCompareAndSwapOnTheVersion) {
  MemoryAccountStore store;
  EXPECT_EQ(store.PutDocument(kUsers, "u1", 0, "{}").value(), 1);
  EXPECT_EQ(store.PutDocument(kUsers, "u1", 0, "{}").error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(store.PutDocument(kUsers, "u1", 1, R"({"a":1})").value(), 2);
  EXPECT_EQ(store.PutDocument(kUsers, "u1", 1, "{}").error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(store.PutDocument(kUsers, "u2", 3, "{}").error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(store.GetDocument(kUsers, "u1").value()->body, R"({"a":1})");
  ASSERT_TRUE(store.DeleteDocument(kUsers, "u1"));
  ASSERT_TRUE(store.DeleteDocument(kUsers, "u1"));
  EXPECT_FALSE(store.GetDocument(kUsers, "u1").value());
}

TEST(MemoryAccountStoreTest, DocumentsAreListedByKeyWithinTheirCollection) {
  MemoryAccountStore store;
  store.PutDocument(kSessions, "b", 0, "{}");
  store.PutDocument(kSessions, "a", 0, "{}");
  store.PutDocument(kUsers, "c", 0, "{}");
  auto docs = store.ListDocuments(kSessions).value();
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[0].key, "a");
  EXPECT_EQ(docs[1].key, "b");
}

TEST(MemoryAccountStoreTest, AppendAuditHandsTheSealTheLastRowAndRefusesAForkingSeal) {
  MemoryAccountStore store;
  auto seal = [](std::int64_t last, std::string_view hash) {
    AuditRow row;
    row.sequence = last + 1;
    row.previous_hash = std::string(hash);
    row.hash = "h" + std::to_string(last + 1);
    row.target_id = "rec_1";
    row.target_salt = "55";
    return row;
  };
  ASSERT_TRUE(store.AppendAudit(seal));
  auto second = store.AppendAudit(seal);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->sequence, 2);
  EXPECT_EQ(second->previous_hash, "h1");
  auto forked = store.AppendAudit([](std::int64_t, std::string_view) {
    AuditRow row;
    row.sequence = 2;
    return row;
  });
  ASSERT_FALSE(forked);
  EXPECT_EQ(store.ReadAudit(0, 10).value().size(), 2u);
  EXPECT_EQ(store.ReadAudit(1, 10).value().at(0).sequence, 2);
  EXPECT_EQ(store.ReadAudit(0, 0).error().fields.at(0).field, "limit");
  ASSERT_TRUE(store.ForgetAuditTarget("rec_1"));
  const std::vector<AuditRow> rows = store.ReadAudit(0, 10).value();
  for (const AuditRow& row : rows) {
    EXPECT_EQ(row.target_id, "");
    EXPECT_EQ(row.target_salt, "");
    EXPECT_NE(row.hash, "");
  }
}

}  // namespace
}  // namespace readout::auth::testing
