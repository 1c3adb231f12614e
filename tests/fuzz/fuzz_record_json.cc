// libFuzzer target: the JSON importers. Bytes go to the bundle reader
// (io::BundleFromJsonText, `readout import`) and to the records-file loader
// (io::LoadRecordsFile, `readout demo` and hand-written files) over an
// in-memory store. Beyond "no crash, no sanitizer report", it checks the
// bundle's promise that export -> import -> export is byte-identical.
//
// Run: build/fuzz/tests/fuzz/fuzz_record_json tests/fuzz/corpus/record_json
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/record_service.h"
#include "core/testing/memory_store_for_test.h"
#include "io/bundle.h"
#include "io/records_file.h"

namespace {

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "fuzz_record_json: %s\n", what);
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace readout;
  std::string_view text(reinterpret_cast<const char*>(data), size);

  auto bundle = io::BundleFromJsonText(text);
  if (bundle) {
    std::string first = io::BundleToJsonText(*bundle);
    auto again = io::BundleFromJsonText(first);
    Check(again.has_value(), "a bundle the reader accepted did not read back after writing");
    Check(io::BundleToJsonText(*again) == first, "bundle export -> import -> export is not byte-identical");
  }

  // A fresh store each time, so inputs do not depend on one another.
  core::testing::MemoryStoreForTest store;
  core::RecordService records(store);
  auto loaded = io::LoadRecordsFile(text, records, core::Actor{"fuzz"});
  (void)loaded;
  return 0;
}
