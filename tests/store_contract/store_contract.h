// The Store contract suite (core/store.h), shared by every implementation.
//
// An implementation joins by providing a StoreHarness factory and
// instantiating the suite with it, as sqlite_contract_test.cc does:
//   INSTANTIATE_TEST_SUITE_P(Sqlite, StoreContract, ::testing::Values(SqliteFactory()), ...);
// The tests see only core::Store and the harness, never the implementation.
//
// Thread-safety: test code; each test owns its harness.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "auth/account_store.h"
#include "core/record.h"
#include "core/status.h"
#include "core/store.h"

namespace readout::store_contract {

// One empty database for one test.
class StoreHarness {
 public:
  virtual ~StoreHarness() = default;
  // The store under test, open on a fresh, empty database.
  virtual core::Store& store() = 0;
  // The same store as the auth::AccountStore it also is (both stores
  // implement both interfaces on one database).
  virtual auth::AccountStore& accounts() = 0;
  // A second, independent handle on the same database, as another process
  // sharing it would have (its own connections, its own caches).
  virtual core::Result<std::unique_ptr<core::Store>> OpenAnother() = 0;
};

struct StoreFactory {
  std::string name;  // the test-name suffix: "sqlite"
  std::function<std::unique_ptr<StoreHarness>()> make;
  // Why this store cannot be tested here ("" when it can): its tests are
  // skipped with that message (a server-backed store with no server).
  std::function<std::string()> skip_reason;
};

// So that gtest names the factory rather than dumping its bytes.
inline void PrintTo(const StoreFactory& factory, std::ostream* os) { *os << factory.name; }

class StoreContract : public ::testing::TestWithParam<StoreFactory> {
 protected:
  void SetUp() override;
  void TearDown() override;
  core::Store& store() { return harness_->store(); }
  auth::AccountStore& accounts() { return harness_->accounts(); }
  StoreHarness& harness() { return *harness_; }

 private:
  std::unique_ptr<StoreHarness> harness_;
};

// Names the instantiated tests after the factory.
std::string FactoryName(const ::testing::TestParamInfo<StoreFactory>& info);

// Drafts built the way the service builds them (core::MakeDraft); each
// fails the current test if the body does not validate.
core::RecordDraft DialogueDraft(const std::string& id = "", const std::string& name = "US-China Human Rights Dialogue",
                                const std::string& visibility = "public");
core::RecordDraft RoundDraft(const std::string& dialogue_id, const std::string& id = "",
                             const std::string& title = "18th round, Kunming",
                             const std::string& visibility = "public");
core::RecordDraft IssueDraft(const std::string& id = "", const std::string& parent_id = "",
                             const std::string& visibility = "public");
core::RecordDraft AskDraft(const std::string& round_id, const std::string& issue_id, const std::string& id = "");
// An evidence file naming the blob `sha256` (its bytes stored apart with PutBlob).
core::RecordDraft EvidenceFileDraft(const std::string& id, const std::string& sha256, std::int64_t size,
                                    const std::string& filename = "statement.pdf",
                                    const std::string& description = "Statement of the family");

// Creates `draft` and fails the test (returning an empty record) if that fails.
core::StoredRecord MustCreate(core::Store& store, const core::RecordDraft& draft, const std::string& actor = "tester");

}  // namespace readout::store_contract
