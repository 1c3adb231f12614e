#include "core/evidence.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "core/codec_support.h"

namespace readout::core {
namespace {

using nlohmann::json;
using namespace std::string_literals;

// Just enough of a Store for evidence: create, get, list and blobs, in
// memory. Not a substitute for the store contract suite; the web and
// integration tests run the same paths against MemoryStore and SQLite.
class FakeStore : public Store {
 public:
  Result<StoredRecord> Create(const RecordDraft& draft, const Actor&) override {
    if (fail_creates_of && *fail_creates_of == draft.kind) return Fail(Error::Unavailable("store: disk full"));
    StoredRecord r;
    r.header.id = draft.id.empty() ? NewId(draft.kind) : draft.id;
    r.header.kind = draft.kind;
    r.header.revision = 1;
    r.header.visibility = draft.visibility;
    r.header.parent_id = draft.parent_id;
    char at[32];
    std::snprintf(at, sizeof at, "2026-11-29T08:00:%02d.000Z", clock_++ % 60);
    r.header.created_at = r.header.updated_at = at;
    r.body = draft.body;
    records_[r.header.id] = r;
    return r;
  }
  Result<StoredRecord> Update(std::string_view, std::int64_t, const RecordDraft&, const Actor&) override {
    return Fail(Error::Internal("not used"));
  }
  Result<StoredRecord> Delete(std::string_view, std::int64_t, const Actor&) override {
    return Fail(Error::Internal("not used"));
  }
  Result<StoredRecord> Restore(std::string_view, std::int64_t, const Actor&) override {
    return Fail(Error::Internal("not used"));
  }
  Result<StoredRecord> Get(std::string_view id) override {
    auto it = records_.find(std::string(id));
    if (it == records_.end()) return Fail(Error::NotFound("store: missing"));
    return it->second;
  }
  Result<ListPage> List(const ListQuery& q) override {
    ListPage page;
    for (const auto& [id, r] : records_) {
      if (q.kind && r.header.kind != *q.kind) continue;
      if (q.parent_id && r.header.parent_id != *q.parent_id) continue;
      if (!IsVisibleTo(r.header.visibility, q.max_visibility)) continue;
      page.records.push_back(r);
    }
    page.total = static_cast<std::int64_t>(page.records.size());
    return page;
  }
  Result<std::vector<Revision>> History(std::string_view) override { return std::vector<Revision>{}; }
  Result<Bundle> Export() override { return Bundle{}; }
  Status Import(const Bundle&) override { return {}; }
  std::int64_t ChangeCounter() override { return clock_; }
  Status PutBlob(const Blob& blob) override {
    blobs[blob.sha256] = blob;
    return {};
  }
  Result<Blob> GetBlob(std::string_view sha256) override {
    auto it = blobs.find(std::string(sha256));
    if (it == blobs.end()) return Fail(Error::NotFound("no file with SHA-256 " + std::string(sha256)));
    return it->second;
  }

  std::size_t CountOf(RecordKind kind) const {
    std::size_t n = 0;
    for (const auto& [id, r] : records_) n += r.header.kind == kind ? 1 : 0;
    return n;
  }

  std::map<std::string, Blob> blobs;
  std::optional<RecordKind> fail_creates_of;

 private:
  std::map<std::string, StoredRecord> records_;
  int clock_ = 0;
};

constexpr std::size_t kLimit = 1024;

// Bytes a text-minded layer would cut short: NULs, high bytes, a CR LF.
const std::string kBinary = "%PDF-1.4\0\x01\xff\xfe\r\n\0end"s;

EvidenceUpload Judgment() {
  EvidenceUpload meta;
  meta.filename = "judgment.pdf";
  meta.media_type = "application/pdf";
  meta.received_at = "2026-11-29T08:00:00.000Z";
  return meta;
}

class EvidenceTest : public ::testing::Test {
 protected:
  FakeStore store_;
  RecordService records_{store_};
  const Actor researcher_{"Li Researcher"};

  StoredRecord MustAdd(std::string_view bytes, const EvidenceUpload& meta) {
    Result<StoredRecord> r = AddEvidenceFile(records_, bytes, meta, researcher_, kLimit);
    EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
    return r ? *r : StoredRecord{};
  }
};

TEST(FileSha256, MatchesTheStandardTestVectors) {
  EXPECT_EQ(FileSha256(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(FileSha256("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(NowRfc3339Utc, IsAnInstantTheCustodyCodecAccepts) {
  const std::string now = NowRfc3339Utc();
  EXPECT_TRUE(codec::IsRfc3339Instant(now)) << now;
  EXPECT_EQ(now.size(), 24u) << now;
}

TEST_F(EvidenceTest, RecordCarriesTheHashAndSizeOfTheBytesNotOfTheirText) {
  const StoredRecord r = MustAdd(kBinary, Judgment());
  EXPECT_EQ(r.header.kind, RecordKind::kEvidenceFile);
  EXPECT_EQ(r.body["sha256"], FileSha256(kBinary));
  EXPECT_EQ(r.body["size"], kBinary.size());
  EXPECT_EQ(r.body["filename"], "judgment.pdf");
  EXPECT_EQ(r.body["media_type"], "application/pdf");
  ASSERT_TRUE(store_.blobs.contains(FileSha256(kBinary)));
  EXPECT_EQ(store_.blobs.at(FileSha256(kBinary)).bytes, kBinary);
}

TEST_F(EvidenceTest, EvidenceIsRestrictedUnlessTheUploaderSaysOtherwise) {
  EXPECT_EQ(MustAdd(kBinary, Judgment()).header.visibility, Visibility::kRestricted);
  EvidenceUpload published = Judgment();
  published.visibility = Visibility::kPublic;
  EXPECT_EQ(MustAdd("public bytes", published).header.visibility, Visibility::kPublic);
}

TEST_F(EvidenceTest, TheCustodyLogOpensWithOneReceivedEntryByTheUploader) {
  const StoredRecord r = MustAdd(kBinary, Judgment());
  ListQuery query;
  query.kind = RecordKind::kCustodyEvent;
  query.parent_id = r.header.id;
  Result<ListPage> log = records_.List(query, Visibility::kRestricted);
  ASSERT_TRUE(log.has_value());
  ASSERT_EQ(log->records.size(), 1u);
  const json& entry = log->records[0].body;
  EXPECT_EQ(entry["action"], "received");
  EXPECT_EQ(entry["actor"], "Li Researcher");
  EXPECT_EQ(entry["at"], "2026-11-29T08:00:00.000Z");
  EXPECT_EQ(entry["evidence_file_id"], r.header.id);
  EXPECT_FALSE(entry.contains("previous_hash")) << entry.dump();
  EXPECT_EQ(entry["hash"].get<std::string>().size(), 64u);
  Status verified = records_.VerifyCustodyChain(r.header.id);
  EXPECT_TRUE(verified.has_value()) << (verified ? "" : verified.error().message);
}

TEST_F(EvidenceTest, TheReceivedEntryIsTimestampedNowWhenNoTimeIsGiven) {
  EvidenceUpload meta = Judgment();
  meta.received_at.clear();
  const StoredRecord r = MustAdd(kBinary, meta);
  ListQuery query;
  query.kind = RecordKind::kCustodyEvent;
  query.parent_id = r.header.id;
  Result<ListPage> log = records_.List(query, Visibility::kRestricted);
  ASSERT_TRUE(log.has_value());
  ASSERT_EQ(log->records.size(), 1u);
  EXPECT_TRUE(codec::IsRfc3339Instant(log->records[0].body["at"].get<std::string>())) << log->records[0].body;
}

TEST_F(EvidenceTest, BadUploadsAreRefusedByFieldAndStoreNothing) {
  struct Case {
    const char* name;
    std::string filename;
    std::string media_type;
    std::string bytes;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"directory in the name", "../etc/passwd", "text/plain", "x", "filename"},
      {"windows directory", "C:\\evidence\\a.pdf", "application/pdf", "x", "filename"},
      {"dot dot", "..", "application/pdf", "x", "filename"},
      {"no name", "", "application/pdf", "x", "filename"},
      {"no media type", "a.pdf", "", "x", "media_type"},
      {"media type without subtype", "a.pdf", "pdf", "x", "media_type"},
      {"media type with spaces", "a.pdf", "application/ pdf", "x", "media_type"},
      {"empty file", "a.pdf", "application/pdf", "", "file"},
  };
  for (const Case& c : cases) {
    EvidenceUpload meta = Judgment();
    meta.filename = c.filename;
    meta.media_type = c.media_type;
    Result<StoredRecord> r = AddEvidenceFile(records_, c.bytes, meta, researcher_, kLimit);
    ASSERT_FALSE(r.has_value()) << c.name;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << c.name;
    bool named = false;
    for (const FieldError& e : r.error().fields) named = named || e.field == c.field;
    EXPECT_TRUE(named) << c.name << ": expected a problem with " << c.field << "; got "
                       << (r.error().fields.empty() ? r.error().message : r.error().fields[0].field);
  }
  EXPECT_TRUE(store_.blobs.empty());
  EXPECT_EQ(store_.CountOf(RecordKind::kEvidenceFile), 0u);
  EXPECT_EQ(store_.CountOf(RecordKind::kCustodyEvent), 0u);
}

TEST_F(EvidenceTest, AFileOverTheLimitIsTooLargeAndNamesBothSizes) {
  const std::string big(kLimit + 1, 'x');
  Result<StoredRecord> r = AddEvidenceFile(records_, big, Judgment(), researcher_, kLimit);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kPayloadTooLarge);
  EXPECT_NE(r.error().message.find("1025"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("1024"), std::string::npos) << r.error().message;
  EXPECT_TRUE(store_.blobs.empty());
  EXPECT_TRUE(AddEvidenceFile(records_, std::string(kLimit, 'x'), Judgment(), researcher_, kLimit).has_value());
}

TEST_F(EvidenceTest, ARecordRefusedAfterTheBlobLeavesOnlyTheHarmlessBlob) {
  store_.fail_creates_of = RecordKind::kEvidenceFile;
  Result<StoredRecord> r = AddEvidenceFile(records_, kBinary, Judgment(), researcher_, kLimit);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(store_.CountOf(RecordKind::kCustodyEvent), 0u);
  // The same bytes uploaded again once the store recovers reuse the blob.
  store_.fail_creates_of.reset();
  MustAdd(kBinary, Judgment());
  EXPECT_EQ(store_.blobs.size(), 1u);
}

TEST_F(EvidenceTest, ACustodyEntryThatCannotBeAppendedIsReported) {
  store_.fail_creates_of = RecordKind::kCustodyEvent;
  Result<StoredRecord> r = AddEvidenceFile(records_, kBinary, Judgment(), researcher_, kLimit);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);
}

TEST_F(EvidenceTest, ReadReturnsTheBytesToAReaderClearedForThem) {
  const StoredRecord r = MustAdd(kBinary, Judgment());
  auto read = ReadEvidenceFile(records_, r.header.id, Visibility::kRestricted);
  ASSERT_TRUE(read.has_value()) << read.error().message;
  EXPECT_EQ(read->second.bytes, kBinary);
  EXPECT_EQ(read->first.filename, "judgment.pdf");
  EXPECT_EQ(read->first.size, static_cast<std::int64_t>(kBinary.size()));
}

TEST_F(EvidenceTest, ReadHidesRestrictedFilesAndOtherKindsAsNotFound) {
  const StoredRecord r = MustAdd(kBinary, Judgment());
  for (Visibility reader : {Visibility::kPublic, Visibility::kInternal}) {
    auto read = ReadEvidenceFile(records_, r.header.id, reader);
    ASSERT_FALSE(read.has_value()) << ToCode(reader);
    EXPECT_EQ(read.error().code, ErrorCode::kNotFound) << ToCode(reader);
  }
  for (const char* id : {"evf_nothing-here", "src_x", "not an id"}) {
    auto read = ReadEvidenceFile(records_, id, Visibility::kRestricted);
    ASSERT_FALSE(read.has_value()) << id;
    EXPECT_EQ(read.error().code, ErrorCode::kNotFound) << id;
  }
}

TEST_F(EvidenceTest, ReadRefusesBytesThatNoLongerMatchTheirHash) {
  const StoredRecord r = MustAdd(kBinary, Judgment());
  store_.blobs.at(FileSha256(kBinary)).bytes[0] = 'X';
  auto read = ReadEvidenceFile(records_, r.header.id, Visibility::kRestricted);
  ASSERT_FALSE(read.has_value());
  EXPECT_EQ(read.error().code, ErrorCode::kInternal);
  EXPECT_EQ(read.error().message, "stored file does not match its hash");
}

TEST_F(EvidenceTest, ReadReportsAMissingBlobAsInternal) {
  const StoredRecord r = MustAdd(kBinary, Judgment());
  store_.blobs.clear();
  auto read = ReadEvidenceFile(records_, r.header.id, Visibility::kRestricted);
  ASSERT_FALSE(read.has_value());
  EXPECT_EQ(read.error().code, ErrorCode::kInternal);
}

}  // namespace
}  // namespace readout::core
