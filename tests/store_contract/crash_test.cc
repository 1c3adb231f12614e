// A process killed with SIGKILL in the middle of a stream of writes loses no
// write that was confirmed to it (issue 2, "Bad input, nothing lost").
// crash_writer prints an id only after Create returned; every printed id
// must be in the database afterwards, and the file must be intact.

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "store/sqlite/sqlite_store.h"

extern char** environ;

namespace readout::store_contract {
namespace {

std::string ReadFile(const std::filesystem::path& path) {
  std::string out;
  if (FILE* f = std::fopen(path.c_str(), "rb")) {
    char buffer[4096];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) out.append(buffer, n);
    std::fclose(f);
  }
  return out;
}

std::string IntegrityCheck(const std::string& db_path) {
  sqlite3* db = nullptr;
  std::string result = "could not open";
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
      result = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
  }
  sqlite3_close(db);
  return result;
}

class CrashDurability : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("readout-crash-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  std::filesystem::path dir_;
};

TEST_F(CrashDurability, EveryConfirmedWriteSurvivesSigkill) {
  const std::string db = (dir_ / "readout.db").string();
  const std::string out = (dir_ / "ids.txt").string();

  for (int round = 0; round < 3; ++round) {  // each round kills a writer at a different moment
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    std::vector<char*> argv = {const_cast<char*>(READOUT_CRASH_WRITER), const_cast<char*>(db.c_str()), nullptr};
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, READOUT_CRASH_WRITER, &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ASSERT_EQ(spawned, 0) << "could not start " << READOUT_CRASH_WRITER;

    std::this_thread::sleep_for(std::chrono::milliseconds(300 + 37 * round));
    ASSERT_EQ(::kill(pid, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
        << "crash_writer ended on its own (status " << status << ") before it was killed";
  }

  std::vector<std::string> ids;
  std::istringstream lines(ReadFile(out));
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) ids.push_back(line);
  }
  ASSERT_GT(ids.size(), 10u) << "the writer confirmed too few writes for the test to mean anything";

  EXPECT_EQ(IntegrityCheck(db), "ok");
  auto store = store::SqliteStore::Open(db);
  ASSERT_TRUE(store.has_value()) << store.error().message;
  int missing = 0;
  for (const std::string& id : ids) {
    if (!(*store)->Get(id).has_value()) ++missing;
  }
  EXPECT_EQ(missing, 0) << "of " << ids.size() << " confirmed writes";
  EXPECT_EQ(IntegrityCheck(db), "ok");
}

}  // namespace
}  // namespace readout::store_contract
