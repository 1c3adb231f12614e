// RunningServer: a real web::Server on a free port over a fresh SQLite
// database in a temporary directory, for the integration suites. Owns
// everything it starts; destroying it stops the server and removes the files.
// Accounts live in the same SQLite database (it is the auth::AccountStore):
// staff() makes users and hands out their API tokens (web/testing/staff_for_test.h).
//
// Thread-safety: test code; one suite owns one instance.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "core/record_service.h"
#include "core/status.h"
#include "publish/i18n.h"
#include "publish/site.h"
#include "store/sqlite/sqlite_store.h"
#include "web/server.h"
#include "web/testing/staff_for_test.h"

namespace readout::integration {

class RunningServer {
 public:
  // `name` names the temporary directory; `seed`, when set, fills the
  // database before the server starts (e.g. loads the demo data).
  template <typename Seed>
  static core::Result<std::unique_ptr<RunningServer>> Start(const std::string& name, web::ServerOptions options,
                                                            Seed&& seed) {
    std::unique_ptr<RunningServer> running(new RunningServer(name));
    auto opened = store::SqliteStore::Open((running->dir_ / "readout.db").string());
    if (!opened) return core::Fail(opened.error());
    running->store_ = std::move(*opened);
    running->records_ = std::make_unique<core::RecordService>(*running->store_);
    if (core::Status seeded = seed(*running->records_); !seeded) return core::Fail(seeded.error());
    running->site_ = std::make_unique<publish::Site>(*running->records_, running->catalogs_);
    running->staff_ = std::make_unique<web::testing::StaffForTest>(running->store_.get());
    options.accounts = &running->staff_->accounts();
    options.audit = &running->staff_->audit();
    options.port = 0;
    running->server_ = std::make_unique<web::Server>(*running->records_, *running->site_, running->catalogs_, options);
    if (core::Status started = running->server_->Start(); !started) return core::Fail(started.error());
    return running;
  }

  static core::Result<std::unique_ptr<RunningServer>> Start(const std::string& name, web::ServerOptions options) {
    return Start(name, std::move(options), [](core::RecordService&) { return core::Status{}; });
  }

  RunningServer(const RunningServer&) = delete;
  RunningServer& operator=(const RunningServer&) = delete;
  ~RunningServer() {
    if (server_) {
      server_->Stop();
      server_->Wait();
    }
    server_.reset();
    staff_.reset();
    site_.reset();
    records_.reset();
    store_.reset();
    std::error_code ignored;  // a leftover temp dir is not worth failing a suite over
    std::filesystem::remove_all(dir_, ignored);
  }

  unsigned short port() const { return server_->port(); }
  core::RecordService& records() { return *records_; }
  web::testing::StaffForTest& staff() { return *staff_; }
  // "Bearer <token>" of the user `display_name` (an admin unless `role` says otherwise).
  std::string Bearer(const std::string& display_name, auth::Role role = auth::Role::kAdmin) {
    return staff_->Bearer(display_name, role);
  }

 private:
  explicit RunningServer(const std::string& name)
      : dir_(std::filesystem::temp_directory_path() / (name + "_" + std::to_string(::getpid()))) {
    std::filesystem::create_directories(dir_);
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::SqliteStore> store_;
  std::unique_ptr<core::RecordService> records_;
  publish::Catalogs catalogs_;
  std::unique_ptr<publish::Site> site_;
  std::unique_ptr<web::testing::StaffForTest> staff_;
  std::unique_ptr<web::Server> server_;
};

}  // namespace readout::integration
