// Runs the Store contract suite against SqliteStore, each test on a fresh
// database file in its own temporary directory.

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "store/sqlite/sqlite_store.h"
#include "store_contract.h"

namespace readout::store_contract {
namespace {

class SqliteHarness final : public StoreHarness {
 public:
  SqliteHarness() {
    static std::atomic<int> next{0};
    dir_ = std::filesystem::temp_directory_path() /
           ("readout-store-contract-" + std::to_string(::getpid()) + "-" + std::to_string(next++));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "readout.db").string();
    auto opened = store::SqliteStore::Open(path_);
    if (!opened) {
      ADD_FAILURE() << "could not open " << path_ << ": " << opened.error().message;
      return;
    }
    store_ = std::move(*opened);
  }
  ~SqliteHarness() override {
    store_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  bool ok() const { return store_ != nullptr; }
  core::Store& store() override { return *store_; }
  auth::AccountStore& accounts() override { return *store_; }
  core::Result<std::unique_ptr<core::Store>> OpenAnother() override {
    auto opened = store::SqliteStore::Open(path_);
    if (!opened) return core::Fail(opened.error());
    return std::unique_ptr<core::Store>(std::move(*opened));
  }

 private:
  std::filesystem::path dir_;
  std::string path_;
  std::unique_ptr<store::SqliteStore> store_;
};

StoreFactory SqliteFactory() {
  return {"sqlite", []() -> std::unique_ptr<StoreHarness> {
            auto harness = std::make_unique<SqliteHarness>();
            if (!harness->ok()) return nullptr;
            return harness;
          },
          /*skip_reason=*/nullptr};
}

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreContract, ::testing::Values(SqliteFactory()), FactoryName);

}  // namespace
}  // namespace readout::store_contract
