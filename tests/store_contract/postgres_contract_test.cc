// Runs the Store contract suite against PostgresStore when
// READOUT_TEST_PG_URL names a database (scripts/pg-test-server prints one;
// the ctest entry store_contract_postgres starts a server itself). Each test
// gets a fresh, empty schema of its own, named on the connection's
// search_path, and drops it afterwards. Without the variable every Postgres
// test is skipped, saying so.

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "store/postgres/pg_connection.h"
#include "store/postgres/postgres_store.h"
#include "store_contract.h"

namespace readout::store_contract {
namespace {

constexpr const char* kUrlVariable = "READOUT_TEST_PG_URL";

std::string TestUrl() {
  const char* url = std::getenv(kUrlVariable);
  return url == nullptr ? std::string() : std::string(url);
}

class PostgresHarness final : public StoreHarness {
 public:
  PostgresHarness() {
    static std::atomic<int> next{0};
    schema_ = "contract_" + std::to_string(::getpid()) + "_" + std::to_string(next++);
    const std::string base = TestUrl();
    auto admin = store::PgConnection::Open(base);
    if (!admin) {
      ADD_FAILURE() << "could not connect to " << kUrlVariable << "=" << base << ": " << admin.error().message;
      return;
    }
    admin_ = std::move(*admin);
    if (auto made = admin_->Run("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE; CREATE SCHEMA " + schema_); !made) {
      ADD_FAILURE() << "could not create schema " << schema_ << ": " << made.error().message;
      return;
    }
    url_ = base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema_;
    auto opened = store::PostgresStore::Open(url_);
    if (!opened) {
      ADD_FAILURE() << "could not open " << url_ << ": " << opened.error().message;
      return;
    }
    store_ = std::move(*opened);
  }
  ~PostgresHarness() override {
    store_.reset();
    if (admin_) (void)admin_->Run("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
  }

  bool ok() const { return store_ != nullptr; }
  const std::string& url() const { return url_; }
  core::Store& store() override { return *store_; }
  auth::AccountStore& accounts() override { return *store_; }
  core::Result<std::unique_ptr<core::Store>> OpenAnother() override {
    auto opened = store::PostgresStore::Open(url_);
    if (!opened) return core::Fail(opened.error());
    return std::unique_ptr<core::Store>(std::move(*opened));
  }

 private:
  std::string schema_;
  std::string url_;
  std::unique_ptr<store::PgConnection> admin_;
  std::unique_ptr<store::PostgresStore> store_;
};

StoreFactory PostgresFactory() {
  return {"postgres",
          []() -> std::unique_ptr<StoreHarness> {
            auto harness = std::make_unique<PostgresHarness>();
            if (!harness->ok()) return nullptr;
            return harness;
          },
          []() -> std::string {
            if (!TestUrl().empty()) return "";
            return std::string(kUrlVariable) +
                   " is not set: the PostgreSQL contract tests need a server "
                   "(ctest -R store_contract_postgres starts one with scripts/pg-test-server)";
          }};
}

INSTANTIATE_TEST_SUITE_P(Postgres, StoreContract, ::testing::Values(PostgresFactory()), FactoryName);

// Beyond the contract: what only the PostgreSQL schema itself can promise.

TEST(PostgresStore, RevisionsCannotBeChangedOrRemovedEvenBySqlBehindTheStoresBack) {
  if (std::string reason = PostgresFactory().skip_reason(); !reason.empty()) GTEST_SKIP() << reason;
  PostgresHarness harness;
  ASSERT_TRUE(harness.ok());
  MustCreate(harness.store(), DialogueDraft("dlg_a"));
  auto sql = store::PgConnection::Open(harness.url());
  ASSERT_TRUE(sql.has_value()) << sql.error().message;
  for (const std::string statement :
       {"UPDATE revisions SET actor = 'mallory'", "DELETE FROM revisions", "TRUNCATE revisions"}) {
    core::Status ran = (*sql)->Run(statement);
    ASSERT_FALSE(ran.has_value()) << statement << " was allowed";
    EXPECT_NE(ran.error().message.find("revisions are immutable"), std::string::npos)
        << statement << ": " << ran.error().message;
  }
  core::Result<std::vector<core::Revision>> history = harness.store().History("dlg_a");
  ASSERT_TRUE(history.has_value());
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ(history->front().actor, "tester");
}

TEST(PostgresStore, TheAuditLogIsAppendOnlyEvenBySqlExceptForBlankingTheTarget) {
  if (std::string reason = PostgresFactory().skip_reason(); !reason.empty()) GTEST_SKIP() << reason;
  PostgresHarness harness;
  ASSERT_TRUE(harness.ok());
  auto appended = harness.accounts().AppendAudit([](std::int64_t last, std::string_view hash) {
    return auth::AuditRow{last + 1, R"({"action":"signin"})", "dlg_a", "00ff", std::string(hash), "aa"};
  });
  ASSERT_TRUE(appended.has_value()) << appended.error().message;
  auto sql = store::PgConnection::Open(harness.url());
  ASSERT_TRUE(sql.has_value()) << sql.error().message;
  const struct {
    const char* statement;
    bool allowed;
  } cases[] = {
      {"UPDATE audit_log SET entry = '{}'", false},
      {"UPDATE audit_log SET hash = 'bb'", false},
      {"UPDATE audit_log SET previous_hash = 'bb'", false},
      {"UPDATE audit_log SET sequence = 2", false},
      {"UPDATE audit_log SET target_id = 'dlg_b'", false},
      {"UPDATE audit_log SET target_salt = '11ee'", false},
      {"DELETE FROM audit_log", false},
      {"TRUNCATE audit_log", false},
      {"UPDATE audit_log SET target_id = '', target_salt = ''", true},
  };
  for (const auto& c : cases) {
    core::Status ran = (*sql)->Run(c.statement);
    EXPECT_EQ(ran.has_value(), c.allowed) << c.statement << (ran ? "" : ": " + ran.error().message);
    if (!c.allowed && !ran) {
      EXPECT_NE(ran.error().message.find("append-only"), std::string::npos)
          << c.statement << ": " << ran.error().message;
    }
  }
  core::Result<std::vector<auth::AuditRow>> rows = harness.accounts().ReadAudit(0, 10);
  ASSERT_TRUE(rows.has_value()) << rows.error().message;
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->front().entry, R"({"action":"signin"})");
  EXPECT_EQ(rows->front().target_id, "");
}

TEST(PostgresStore, AServerThatCannotBeReachedIsUnavailable) {
  auto opened = store::PostgresStore::Open("postgresql:///readout?host=/nonexistent-readout-socket-dir&port=1");
  ASSERT_FALSE(opened.has_value());
  EXPECT_EQ(opened.error().code, core::ErrorCode::kUnavailable) << opened.error().message;
  EXPECT_NE(opened.error().message.find("could not connect"), std::string::npos) << opened.error().message;
}

TEST(PostgresStore, RecognisesPostgresUrlsAndNothingElse) {
  const struct {
    const char* db;
    bool url;
  } cases[] = {{"postgresql://db.example/readout", true},
               {"postgres:///readout?host=/tmp", true},
               {"data/readout.db", false},
               {"postgresql.db", false},
               {"", false}};
  for (const auto& c : cases) EXPECT_EQ(store::PostgresStore::IsUrl(c.db), c.url) << c.db;
}

}  // namespace
}  // namespace readout::store_contract
