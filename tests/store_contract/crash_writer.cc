// Test helper for crash_test.cc: opens the SQLite store at argv[1] and
// creates dialogues until killed, printing each id on stdout (flushed) only
// after Create has returned, i.e. after the write was confirmed durable.
//
// Usage: crash_writer DB_PATH

#include <cstdio>
#include <string>

#include "core/entity_codec.h"
#include "store/sqlite/sqlite_store.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: crash_writer DB_PATH\n");
    return 2;
  }
  auto store = readout::store::SqliteStore::Open(argv[1]);
  if (!store) {
    std::fprintf(stderr, "crash_writer: %s\n", store.error().message.c_str());
    return 1;
  }
  const nlohmann::json body = {{"name", {{"en", "Crash test dialogue"}}},
                               {"party_a", {{"name", {{"en", "United States"}}}}},
                               {"party_b", {{"name", {{"en", "China"}}}}}};
  auto draft = readout::core::MakeDraft(readout::core::RecordKind::kDialogue, body);
  if (!draft) {
    std::fprintf(stderr, "crash_writer: %s\n", draft.error().message.c_str());
    return 1;
  }
  const readout::core::Actor actor{"crash_writer"};
  while (true) {
    auto created = (*store)->Create(*draft, actor);
    if (!created) {
      std::fprintf(stderr, "crash_writer: %s\n", created.error().message.c_str());
      return 1;
    }
    std::fprintf(stdout, "%s\n", created->header.id.c_str());
    std::fflush(stdout);
  }
}
