#include "auth/purge.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "auth/testing/memory_account_store.h"
#include "core/testing/memory_store_for_test.h"

namespace readout::auth {
namespace {

using core::ErrorCode;
using core::RecordDraft;
using core::RecordKind;
using nlohmann::json;

class PurgeTest : public ::testing::Test {
 protected:
  PurgeTest() {
    Create(RecordKind::kPerson, "per_source", json{{"name", {{"en", "A source"}}}});
    Create(RecordKind::kPerson, "per_other", json{{"name", {{"en", "Someone else"}}}});
    Create(RecordKind::kCase, "cas_other", json{{"person_id", "per_other"}});
  }

  void Create(RecordKind kind, const std::string& id, json body) {
    RecordDraft draft;
    draft.kind = kind;
    draft.id = id;
    draft.body = std::move(body);
    draft.visibility = core::Visibility::kRestricted;
    ASSERT_TRUE(records_.Create(draft, core::Actor{"alice"}));
  }

  // Every audit row's text, the ids beside the entries included.
  std::string AuditText() {
    std::string text;
    for (const AuditRow& row : accounts_.audit_rows_for_test()) {
      text += row.entry + "|" + row.target_id + "|" + row.target_salt + "\n";
    }
    return text;
  }

  std::vector<std::string> Actions() {
    std::vector<std::string> actions;
    auto recent = audit_.Recent(0, 100);
    EXPECT_TRUE(recent);
    for (auto it = recent->rbegin(); it != recent->rend(); ++it) actions.push_back(it->entry.action);
    return actions;
  }

  core::testing::MemoryStoreForTest records_;
  testing::MemoryAccountStore accounts_;
  AuditLog audit_{accounts_, [] { return std::int64_t{1795968000}; }};
  std::vector<std::string> removed_from_index_;
  core::Status index_answer_;
  PurgeService purge_{records_, accounts_, audit_,
                      [this](std::string_view id) {
                        removed_from_index_.emplace_back(id);
                        return index_answer_;
                      },
                      [] { return std::int64_t{1795968000}; }};
};

TEST_F(PurgeTest, ASecondAdminsConfirmationRemovesTheRecordItsHistoryIndexEntryAndAuditIds) {
  auto request = purge_.Request("per_source", "usr_alice", "alice");
  ASSERT_TRUE(request) << request.error().message;
  EXPECT_EQ(request->id.rfind("prg_", 0), 0u);
  EXPECT_EQ(request->id.size(), 20u);
  EXPECT_EQ(request->record_id, "per_source");
  EXPECT_EQ(request->requested_by_name, "alice");
  EXPECT_EQ(request->requested_at, 1795968000);
  auto pending = purge_.Pending();
  ASSERT_TRUE(pending);
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ((*pending)[0].id, request->id);
  EXPECT_NE(AuditText().find("per_source"), std::string::npos) << "the request names its record until the purge";

  auto confirmed = purge_.Confirm(request->id, "usr_bob", "bob");
  ASSERT_TRUE(confirmed) << confirmed.error().message;

  EXPECT_EQ(records_.Get("per_source").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(records_.History("per_source").error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(records_.Get("per_other"));
  EXPECT_EQ(removed_from_index_, std::vector<std::string>{"per_source"});
  EXPECT_TRUE(purge_.Pending()->empty());
  EXPECT_EQ(AuditText().find("per_source"), std::string::npos) << AuditText();
  EXPECT_EQ(Actions(), (std::vector<std::string>{"purge.request", "purge.confirm"}));
  auto recent = audit_.Recent(0, 1);
  ASSERT_TRUE(recent);
  EXPECT_EQ((*recent)[0].entry.actor, "bob");
  EXPECT_TRUE((*recent)[0].target_purged);
  EXPECT_NE((*recent)[0].entry.detail.find("alice"), std::string::npos) << (*recent)[0].entry.detail;
  auto verification = audit_.Verify();
  ASSERT_TRUE(verification);
  EXPECT_TRUE(verification->intact) << verification->problem;
}

TEST_F(PurgeTest, TheAdminWhoAskedCanNotConfirm) {
  auto request = purge_.Request("per_source", "usr_alice", "alice");
  ASSERT_TRUE(request);
  auto refused = purge_.Confirm(request->id, "usr_alice", "alice");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied);
  EXPECT_TRUE(records_.Get("per_source"));
  EXPECT_TRUE(removed_from_index_.empty());
  EXPECT_EQ(purge_.Pending()->size(), 1u);
  EXPECT_EQ(Actions(), std::vector<std::string>{"purge.request"});
}

TEST_F(PurgeTest, RequestIsRefusedForAnUnknownReferredOrAlreadyPendingRecord) {
  auto unknown = purge_.Request("per_nobody", "usr_alice", "alice");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);

  auto referred = purge_.Request("per_other", "usr_alice", "alice");
  ASSERT_FALSE(referred);
  EXPECT_EQ(referred.error().code, ErrorCode::kConflict);
  EXPECT_NE(referred.error().message.find("cas_other"), std::string::npos) << referred.error().message;

  ASSERT_TRUE(purge_.Request("per_source", "usr_alice", "alice"));
  auto again = purge_.Request("per_source", "usr_bob", "bob");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(purge_.Pending()->size(), 1u);
  EXPECT_EQ(Actions(), std::vector<std::string>{"purge.request"});
}

TEST_F(PurgeTest, ConfirmingAnUnknownRequestIsNotFound) {
  auto confirmed = purge_.Confirm("prg_0000000000000000", "usr_bob", "bob");
  ASSERT_FALSE(confirmed);
  EXPECT_EQ(confirmed.error().code, ErrorCode::kNotFound);
}

TEST_F(PurgeTest, APurgeThatFailsHalfWayStaysPendingAndConfirmingAgainFinishesIt) {
  auto request = purge_.Request("per_source", "usr_alice", "alice");
  ASSERT_TRUE(request);
  index_answer_ = core::Fail(core::Error::Unavailable("search index is busy"));
  auto failed = purge_.Confirm(request->id, "usr_bob", "bob");
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(records_.Get("per_source").error().code, ErrorCode::kNotFound) << "the store part is done";
  EXPECT_EQ(purge_.Pending()->size(), 1u) << "the request says the purge is unfinished";
  EXPECT_EQ(Actions(), std::vector<std::string>{"purge.request"}) << "no confirmation before the data is gone";

  index_answer_ = {};
  auto retried = purge_.Confirm(request->id, "usr_bob", "bob");
  ASSERT_TRUE(retried) << retried.error().message;
  EXPECT_EQ(removed_from_index_, (std::vector<std::string>{"per_source", "per_source"}));
  EXPECT_TRUE(purge_.Pending()->empty());
  EXPECT_EQ(AuditText().find("per_source"), std::string::npos) << AuditText();
  EXPECT_EQ(Actions(), (std::vector<std::string>{"purge.request", "purge.confirm"}));
  EXPECT_TRUE(audit_.Verify()->intact);
}

TEST_F(PurgeTest, CancelWithdrawsTheRequestAndKeepsTheRecord) {
  auto request = purge_.Request("per_source", "usr_alice", "alice");
  ASSERT_TRUE(request);
  ASSERT_TRUE(purge_.Cancel(request->id, "bob"));
  EXPECT_TRUE(purge_.Pending()->empty());
  EXPECT_TRUE(records_.Get("per_source"));
  EXPECT_EQ(Actions(), (std::vector<std::string>{"purge.request", "purge.cancel"}));
  EXPECT_EQ(purge_.Confirm(request->id, "usr_bob", "bob").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(purge_.Cancel(request->id, "bob").error().code, ErrorCode::kNotFound);
}

TEST_F(PurgeTest, APurgeWithoutASearchIndexStillCompletes) {
  PurgeService without_index(records_, accounts_, audit_, nullptr);
  auto request = without_index.Request("per_source", "usr_alice", "alice");
  ASSERT_TRUE(request);
  ASSERT_TRUE(without_index.Confirm(request->id, "usr_bob", "bob"));
  EXPECT_EQ(records_.Get("per_source").error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace readout::auth
