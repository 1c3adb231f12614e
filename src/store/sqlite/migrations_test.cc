#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/entity_codec.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_store.h"

namespace readout::store {
namespace {

class TempDir {
 public:
  TempDir() {
    static int next = 0;
    path_ = std::filesystem::temp_directory_path() /
            ("readout-store-test-" + std::to_string(::getpid()) + "-" + std::to_string(next++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

std::unique_ptr<Connection> MustOpenRaw(const std::string& path) {
  auto connection = Connection::Open(path, /*create=*/true);
  EXPECT_TRUE(connection.has_value()) << (connection ? "" : connection.error().message);
  return connection ? std::move(*connection) : nullptr;
}

core::RecordDraft DialogueDraft(const std::string& name) {
  auto draft = core::MakeDraft(core::RecordKind::kDialogue, {{"name", {{"en", name}}},
                                                             {"party_a", {{"name", {{"en", "United States"}}}}},
                                                             {"party_b", {{"name", {{"en", "China"}}}}}});
  EXPECT_TRUE(draft.has_value()) << (draft ? "" : draft.error().message);
  return draft ? *draft : core::RecordDraft{};
}

TEST(Migrations, ANewDatabaseOpensAtTheLatestVersionInWalMode) {
  TempDir dir;
  const std::string path = dir.File("new.db");
  {
    auto store = SqliteStore::Open(path);
    ASSERT_TRUE(store.has_value()) << store.error().message;
  }
  auto raw = MustOpenRaw(path);
  ASSERT_NE(raw, nullptr);
  EXPECT_EQ(SchemaVersion(*raw).value(), LatestSchemaVersion());
  auto mode = raw->Prepare("PRAGMA journal_mode");
  ASSERT_TRUE(mode.has_value());
  ASSERT_TRUE(mode->Step().value());
  EXPECT_EQ(mode->Text(0), "wal");
}

TEST(Migrations, EveryStepFromAnEmptyFileReachesTheLatestVersion) {
  for (int start = 0; start <= LatestSchemaVersion(); ++start) {
    TempDir dir;
    const std::string path = dir.File("step.db");
    {
      auto raw = MustOpenRaw(path);
      ASSERT_NE(raw, nullptr);
      ASSERT_TRUE(Migrate(*raw, start).has_value()) << "to version " << start;
      EXPECT_EQ(SchemaVersion(*raw).value(), start);
    }
    auto store = SqliteStore::Open(path);
    ASSERT_TRUE(store.has_value()) << "from version " << start << ": " << store.error().message;
    auto created = (*store)->Create(DialogueDraft("After migration"), core::Actor{"test"});
    EXPECT_TRUE(created.has_value()) << "from version " << start << ": " << created.error().message;
  }
}

// Version 1 had records and revisions but no references index and no
// immutability triggers. Its data must survive and the new features work.
TEST(Migrations, AVersionOneDatabaseKeepsItsDataAndGainsTheNewFeatures) {
  TempDir dir;
  const std::string path = dir.File("v1.db");
  {
    auto raw = MustOpenRaw(path);
    ASSERT_NE(raw, nullptr);
    ASSERT_TRUE(Migrate(*raw, 1).has_value());
    auto insert = [&](const std::string& id, const std::string& kind, const std::string& parent,
                      const nlohmann::json& body) {
      const std::string text = body.dump();
      auto record = raw->Prepare(
          "INSERT INTO records VALUES (?, ?, 2, 'internal', ?, ?, "
          "'2013-08-01T10:00:00.000Z', '2013-08-02T10:00:00.000Z', 0)");
      ASSERT_TRUE(record.has_value());
      record->Bind(1, id).Bind(2, kind).BindOptional(3, parent).Bind(4, text);
      ASSERT_TRUE(record->Run().has_value()) << id;
      for (int revision = 1; revision <= 2; ++revision) {
        auto logged = raw->Prepare(
            "INSERT INTO revisions VALUES (?, ?, ?, ?, 'alice', '2013-08-01T10:00:00.000Z', "
            "'internal', 'internal', ?, ?, 0)");
        ASSERT_TRUE(logged.has_value());
        logged->Bind(1, id)
            .Bind(2, std::int64_t{revision})
            .Bind(3, kind)
            .Bind(4, revision == 1 ? "create" : "update")
            .Bind(6, text);
        if (revision == 1) {
          logged->BindNull(5);
        } else {
          logged->Bind(5, text);
        }
        ASSERT_TRUE(logged->Run().has_value()) << id;
      }
    };
    insert("dlg_old", "dialogue", "", DialogueDraft("Written at v1").body);
    insert("rnd_old", "round", "dlg_old",
           {{"dialogue_id", "dlg_old"}, {"title", {{"en", "Round"}}}, {"dates", "2013"}, {"visibility", "internal"}});
    insert("iss_old", "issue", "", {{"name", {{"en", "Detention"}}}, {"visibility", "internal"}});
    insert("ask_old", "ask", "rnd_old",
           {{"round_id", "rnd_old"}, {"subject", {{"kind", "issue"}, {"id", "iss_old"}}}, {"visibility", "internal"}});
    // At v1 a revision could still be changed.
    EXPECT_TRUE(raw->Exec("UPDATE revisions SET actor = 'alice'").has_value());
  }

  auto opened = SqliteStore::Open(path);
  ASSERT_TRUE(opened.has_value()) << opened.error().message;
  SqliteStore& store = **opened;
  auto old = store.Get("dlg_old");
  ASSERT_TRUE(old.has_value()) << old.error().message;
  EXPECT_EQ(old->header.revision, 2);
  EXPECT_EQ(old->header.visibility, core::Visibility::kInternal);
  EXPECT_EQ(old->header.created_at, "2013-08-01T10:00:00.000Z");
  EXPECT_EQ(old->body["name"]["en"], "Written at v1");
  auto history = store.History("ask_old");
  ASSERT_TRUE(history.has_value());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].operation, core::RevisionOperation::kCreate);

  // The v1 ask's reference to the issue was indexed by the migration.
  auto refused = store.Delete("iss_old", 2, core::Actor{"carol"});
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, core::ErrorCode::kConflict);
  EXPECT_NE(refused.error().message.find("ask_old"), std::string::npos) << refused.error().message;

  // New writes work and continue the numbering.
  auto updated = store.Update("dlg_old", 2, DialogueDraft("Updated at v2"), core::Actor{"carol"});
  ASSERT_TRUE(updated.has_value()) << updated.error().message;
  EXPECT_EQ(updated->header.revision, 3);
  EXPECT_EQ(store.History("dlg_old")->size(), 3u);

  // Revisions are now immutable.
  auto raw = MustOpenRaw(path);
  ASSERT_NE(raw, nullptr);
  EXPECT_EQ(SchemaVersion(*raw).value(), LatestSchemaVersion());
  EXPECT_FALSE(raw->Exec("UPDATE revisions SET actor = 'mallory'").has_value());
}

// Version 3 had no change feed: revisions had no order beyond their time.
// Version 4 numbers them by time, then record and revision, and keeps them.
TEST(Migrations, AVersionThreeDatabaseNumbersItsRevisionsForTheChangeFeedByTime) {
  TempDir dir;
  const std::string path = dir.File("v3.db");
  {
    auto raw = MustOpenRaw(path);
    ASSERT_NE(raw, nullptr);
    ASSERT_TRUE(Migrate(*raw, 3).has_value());
    const std::string body = DialogueDraft("Written at v3").body.dump();
    for (const char* id : {"dlg_a", "dlg_b"}) {
      auto record = raw->Prepare(
          "INSERT INTO records VALUES (?, 'dialogue', 2, 'public', NULL, ?, "
          "'2013-08-01T10:00:00.000Z', '2013-08-03T10:00:00.000Z', 0)");
      ASSERT_TRUE(record.has_value());
      record->Bind(1, id).Bind(2, body);
      ASSERT_TRUE(record->Run().has_value()) << id;
    }
    // Inserted out of time order: the feed must follow the times.
    struct Row {
      const char* id;
      std::int64_t revision;
      const char* at;
    };
    for (const Row& row : {Row{"dlg_b", 2, "2013-08-03T10:00:00.000Z"}, Row{"dlg_b", 1, "2013-08-01T10:00:00.000Z"},
                           Row{"dlg_a", 2, "2013-08-02T10:00:00.000Z"}, Row{"dlg_a", 1, "2013-08-01T10:00:00.000Z"}}) {
      auto logged = raw->Prepare(
          "INSERT INTO revisions VALUES (?, ?, 'dialogue', ?, 'alice', ?, 'public', 'public', NULL, ?, 0)");
      ASSERT_TRUE(logged.has_value());
      logged->Bind(1, row.id).Bind(2, row.revision).Bind(3, row.revision == 1 ? "create" : "update");
      logged->Bind(4, row.at).Bind(5, body);
      ASSERT_TRUE(logged->Run().has_value()) << row.id << " " << row.revision;
    }
  }

  auto opened = SqliteStore::Open(path);
  ASSERT_TRUE(opened.has_value()) << opened.error().message;
  SqliteStore& store = **opened;
  ASSERT_TRUE(store.Update("dlg_a", 2, DialogueDraft("Updated at v4"), core::Actor{"carol"}).has_value());
  auto changes = store.ChangesSince(0, 100);
  ASSERT_TRUE(changes.has_value()) << changes.error().message;
  std::vector<std::string> order;
  for (const core::Change& change : *changes) order.push_back(change.record_id);
  EXPECT_EQ(order, (std::vector<std::string>{"dlg_a", "dlg_b", "dlg_a", "dlg_b", "dlg_a"}))
      << "by time, then id; the new write last";
  auto history = store.History("dlg_a");
  ASSERT_TRUE(history.has_value()) << history.error().message;
  ASSERT_EQ(history->size(), 3u);
  EXPECT_EQ((*history)[1].at, "2013-08-02T10:00:00.000Z");

  auto raw = MustOpenRaw(path);
  ASSERT_NE(raw, nullptr);
  EXPECT_EQ(SchemaVersion(*raw).value(), LatestSchemaVersion());
  EXPECT_FALSE(raw->Exec("UPDATE revisions SET actor = 'mallory'").has_value()) << "still immutable";
  EXPECT_FALSE(raw->Exec("DELETE FROM revisions").has_value()) << "still immutable";
  EXPECT_FALSE(raw->Exec("INSERT INTO revisions (record_id, revision, kind, operation, actor, at, visibility_before, "
                         "visibility_after, after, deleted_after) VALUES ('dlg_b', 2, 'dialogue', 'update', 'x', "
                         "'2013-08-04T10:00:00.000Z', 'public', 'public', '{}', 0)")
                   .has_value())
      << "(record_id, revision) is still unique";
}

TEST(Migrations, AVersionOneRecordThatNoLongerValidatesStopsTheMigrationAndChangesNothing) {
  TempDir dir;
  const std::string path = dir.File("bad-v1.db");
  {
    auto raw = MustOpenRaw(path);
    ASSERT_NE(raw, nullptr);
    ASSERT_TRUE(Migrate(*raw, 1).has_value());
    ASSERT_TRUE(raw->Exec("INSERT INTO records VALUES ('dlg_bad', 'dialogue', 1, 'public', NULL, "
                          "'{\"unknown_field\": 1}', '2013-08-01T10:00:00.000Z', '2013-08-01T10:00:00.000Z', 0)")
                    .has_value());
  }
  auto opened = SqliteStore::Open(path);
  ASSERT_FALSE(opened.has_value());
  EXPECT_EQ(opened.error().code, core::ErrorCode::kUnavailable);
  EXPECT_NE(opened.error().message.find("dlg_bad"), std::string::npos) << opened.error().message;
  auto raw = MustOpenRaw(path);
  ASSERT_NE(raw, nullptr);
  EXPECT_EQ(SchemaVersion(*raw).value(), 1) << "the failed migration was rolled back";
}

TEST(Migrations, RevisionsCannotBeChangedOrRemovedEvenWithSql) {
  TempDir dir;
  const std::string path = dir.File("immutable.db");
  auto store = SqliteStore::Open(path);
  ASSERT_TRUE(store.has_value());
  ASSERT_TRUE((*store)->Create(DialogueDraft("Kept"), core::Actor{"alice"}).has_value());

  auto raw = MustOpenRaw(path);
  ASSERT_NE(raw, nullptr);
  core::Status changed = raw->Exec("UPDATE revisions SET actor = 'mallory'");
  ASSERT_FALSE(changed.has_value());
  EXPECT_EQ(changed.error().code, core::ErrorCode::kConflict);
  EXPECT_NE(changed.error().message.find("revisions are immutable"), std::string::npos) << changed.error().message;
  core::Status removed = raw->Exec("DELETE FROM revisions");
  ASSERT_FALSE(removed.has_value());
  EXPECT_EQ(raw->QueryInt("SELECT COUNT(*) FROM revisions WHERE actor = 'alice'").value(), 1);
}

// Version 5 rebuilt revisions with AUTOINCREMENT so that a purge never
// hands a removed sequence to the next revision. A v4 database keeps its
// numbers, and its highest one stays used after the record holding it goes.
TEST(Migrations, AVersionFourDatabaseKeepsItsFeedNumbersAndAPurgeNeverFreesOne) {
  TempDir dir;
  const std::string path = dir.File("v4.db");
  std::int64_t highest = 0;
  {
    auto raw = MustOpenRaw(path);
    ASSERT_NE(raw, nullptr);
    ASSERT_TRUE(Migrate(*raw, 4).has_value());
    const std::string body = DialogueDraft("Written at v4").body.dump();
    for (const char* id : {"dlg_a", "dlg_b"}) {
      auto record = raw->Prepare(
          "INSERT INTO records VALUES (?, 'dialogue', 1, 'public', NULL, ?, "
          "'2013-08-01T10:00:00.000Z', '2013-08-01T10:00:00.000Z', 0)");
      ASSERT_TRUE(record.has_value());
      record->Bind(1, id).Bind(2, body);
      ASSERT_TRUE(record->Run().has_value()) << id;
      auto logged = raw->Prepare(
          "INSERT INTO revisions (sequence, record_id, revision, kind, operation, actor, at, visibility_before, "
          "visibility_after, after, deleted_after) "
          "VALUES (?, ?, 1, 'dialogue', 'create', 'alice', '2013-08-01T10:00:00.000Z', 'public', 'public', ?, 0)");
      ASSERT_TRUE(logged.has_value());
      highest = std::string(id) == "dlg_a" ? 7 : 40;  // gaps, as v4 numbering by time may leave
      logged->Bind(1, highest).Bind(2, id).Bind(3, body);
      ASSERT_TRUE(logged->Run().has_value()) << id;
    }
  }

  auto opened = SqliteStore::Open(path);
  ASSERT_TRUE(opened.has_value()) << opened.error().message;
  SqliteStore& store = **opened;
  auto before = store.ChangesSince(0, 100);
  ASSERT_TRUE(before.has_value()) << before.error().message;
  EXPECT_EQ(*before, (std::vector<core::Change>{{7, "dlg_a"}, {40, "dlg_b"}}));

  ASSERT_TRUE(store.Purge("dlg_b").has_value());
  auto created = store.Create(DialogueDraft("After the purge"), core::Actor{"carol"});
  ASSERT_TRUE(created.has_value()) << created.error().message;
  auto after = store.ChangesSince(7, 100);
  ASSERT_TRUE(after.has_value()) << after.error().message;
  ASSERT_EQ(after->size(), 1u);
  EXPECT_GT(after->front().sequence, highest) << "the purged sequence " << highest << " was handed out again";
  EXPECT_EQ(after->front().record_id, created->header.id);
}

TEST(Migrations, TheAuditLogIsAppendOnlyEvenWithSqlExceptForBlankingTheTarget) {
  TempDir dir;
  const std::string path = dir.File("audit.db");
  auto store = SqliteStore::Open(path);
  ASSERT_TRUE(store.has_value());
  auto appended = (*store)->AppendAudit([](std::int64_t last, std::string_view hash) {
    return auth::AuditRow{last + 1, R"({"action":"signin"})", "dlg_a", "00ff", std::string(hash), "aa"};
  });
  ASSERT_TRUE(appended.has_value()) << appended.error().message;

  auto raw = MustOpenRaw(path);
  ASSERT_NE(raw, nullptr);
  const struct {
    const char* sql;
    bool allowed;
  } cases[] = {
      {"UPDATE audit_log SET entry = '{}'", false},
      {"UPDATE audit_log SET hash = 'bb'", false},
      {"UPDATE audit_log SET previous_hash = 'bb'", false},
      {"UPDATE audit_log SET sequence = 2", false},
      {"UPDATE audit_log SET target_id = 'dlg_b'", false},
      {"UPDATE audit_log SET target_salt = '11ee'", false},
      {"DELETE FROM audit_log", false},
      {"UPDATE audit_log SET target_id = '', target_salt = ''", true},
  };
  for (const auto& c : cases) {
    core::Status ran = raw->Exec(c.sql);
    EXPECT_EQ(ran.has_value(), c.allowed) << c.sql << (ran ? "" : ": " + ran.error().message);
    if (!c.allowed && !ran) {
      EXPECT_NE(ran.error().message.find("append-only"), std::string::npos) << c.sql << ": " << ran.error().message;
    }
  }
  EXPECT_EQ(raw->QueryInt("SELECT COUNT(*) FROM audit_log WHERE entry = '{\"action\":\"signin\"}' AND hash = 'aa' "
                          "AND target_id = ''")
                .value(),
            1);
}

TEST(Migrations, ADatabaseFromANewerReadoutIsRefused) {
  TempDir dir;
  const std::string path = dir.File("future.db");
  {
    auto raw = MustOpenRaw(path);
    ASSERT_NE(raw, nullptr);
    ASSERT_TRUE(raw->Exec("PRAGMA user_version = 999").has_value());
  }
  auto store = SqliteStore::Open(path);
  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().code, core::ErrorCode::kUnavailable);
  EXPECT_NE(store.error().message.find("999"), std::string::npos) << store.error().message;
}

TEST(SqliteStore, AFileThatIsNotADatabaseIsUnavailable) {
  TempDir dir;
  const std::string path = dir.File("text.db");
  std::ofstream(path) << "this is not a database, just some text that is long enough to have a header\n";
  auto store = SqliteStore::Open(path);
  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().code, core::ErrorCode::kUnavailable);
}

TEST(SqliteStore, AFileInAMissingDirectoryIsUnavailable) {
  auto store = SqliteStore::Open("/nonexistent-readout-dir/sub/readout.db");
  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().code, core::ErrorCode::kUnavailable);
}

TEST(TranslateError, MapsSqliteResultCodesToErrorCodes) {
  struct Case {
    int rc;
    core::ErrorCode expected;
  };
  const Case cases[] = {
      {SQLITE_BUSY, core::ErrorCode::kUnavailable},
      {SQLITE_BUSY_SNAPSHOT, core::ErrorCode::kUnavailable},
      {SQLITE_LOCKED, core::ErrorCode::kUnavailable},
      {SQLITE_IOERR_FSYNC, core::ErrorCode::kUnavailable},
      {SQLITE_FULL, core::ErrorCode::kUnavailable},
      {SQLITE_READONLY, core::ErrorCode::kUnavailable},
      {SQLITE_CORRUPT, core::ErrorCode::kUnavailable},
      {SQLITE_CONSTRAINT_PRIMARYKEY, core::ErrorCode::kConflict},
      {SQLITE_CONSTRAINT_UNIQUE, core::ErrorCode::kConflict},
      {SQLITE_CONSTRAINT_FOREIGNKEY, core::ErrorCode::kInvalidArgument},
      {SQLITE_CONSTRAINT_CHECK, core::ErrorCode::kInvalidArgument},
      {SQLITE_MISUSE, core::ErrorCode::kInternal},
  };
  for (const Case& c : cases) {
    core::Error error = TranslateError(c.rc, nullptr, "test");
    EXPECT_EQ(error.code, c.expected) << "rc " << c.rc << ": " << error.message;
    EXPECT_NE(error.message.find("test"), std::string::npos) << error.message;
  }
}

TEST(SqliteStore, AWriterHeldTooLongByAnotherConnectionIsUnavailable) {
  TempDir dir;
  const std::string path = dir.File("busy.db");
  auto store = SqliteStore::Open(path);
  ASSERT_TRUE(store.has_value());
  auto existing = (*store)->Create(DialogueDraft("Existing"), core::Actor{"alice"});
  ASSERT_TRUE(existing.has_value());
  auto raw = MustOpenRaw(path);
  ASSERT_NE(raw, nullptr);
  sqlite3_busy_timeout(raw->handle(), 0);
  ASSERT_TRUE(raw->Exec("BEGIN IMMEDIATE").has_value());
  ASSERT_TRUE(raw->Exec("UPDATE records SET updated_at = updated_at").has_value());
  // In WAL mode reads do not wait for the writer.
  EXPECT_TRUE((*store)->Get(existing->header.id).has_value());
  EXPECT_TRUE((*store)->List({}).has_value());
  auto created = (*store)->Create(DialogueDraft("Blocked"), core::Actor{"alice"});  // waits the 5 s busy timeout
  ASSERT_FALSE(created.has_value());
  EXPECT_EQ(created.error().code, core::ErrorCode::kUnavailable);
  EXPECT_NE(created.error().message.find("busy"), std::string::npos) << created.error().message;
  ASSERT_TRUE(raw->Exec("ROLLBACK").has_value());
  EXPECT_TRUE((*store)->Create(DialogueDraft("Unblocked"), core::Actor{"alice"}).has_value());
}

TEST(SqliteStore, ChangeCounterIsCheapEnoughForEveryRequest) {
  TempDir dir;
  auto store = SqliteStore::Open(dir.File("counter.db"));
  ASSERT_TRUE(store.has_value());
  constexpr int kCalls = 20000;
  const auto start = std::chrono::steady_clock::now();
  std::int64_t sum = 0;
  for (int i = 0; i < kCalls; ++i) sum += (*store)->ChangeCounter();
  const auto elapsed = std::chrono::steady_clock::now() - start;
  const double micros = std::chrono::duration<double, std::micro>(elapsed).count() / kCalls;
  EXPECT_NE(sum, 0);
  // About 1 us here; the bound is loose because test machines are shared.
  EXPECT_LT(micros, 25.0) << micros << " us per call";
  RecordProperty("change_counter_ns", static_cast<int>(micros * 1000));
  std::printf("ChangeCounter: %.2f us per call\n", micros);
}

TEST(SqliteStore, TimestampsAreRfc3339UtcWithMilliseconds) {
  const std::string now = NowTimestamp();
  ASSERT_EQ(now.size(), 24u) << now;
  EXPECT_EQ(now[4], '-');
  EXPECT_EQ(now[10], 'T');
  EXPECT_EQ(now[19], '.');
  EXPECT_EQ(now.back(), 'Z');
  EXPECT_GE(now, "2024-01-01T00:00:00.000Z");
}

}  // namespace
}  // namespace readout::store
