// Public input never reaches the public (issue 7, docs/security.md "Public
// input"): submissions carrying a canary in every field are sent through the
// form of a real App over the real SQLite store; one is accepted as a
// restricted record, one dismissed, one left new. Then every GET route of
// App::router() (so a route added later is covered the day it lands) is
// requested without credentials, with each submission's and the record's id
// in its path parameters, in English and Chinese; no body or header may hold
// a canary, and no log line written while serving may hold a canary or the
// sender's address. Last, an erased submission must leave no canary bytes in
// the database file or its WAL.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include "core/record_service.h"
#include "intake/intake_service.h"
#include "publish/i18n.h"
#include "publish/site.h"
#include "store/sqlite/sqlite_store.h"
#include "web/app.h"
#include "web/testing/staff_for_test.h"

namespace readout::confidentiality {
namespace {

namespace fs = std::filesystem;
using web::http::verb;

constexpr std::string_view kSenderAddress = "203.0.113.77";

bool ContainsNoCase(std::string_view text, std::string_view needle) {
  auto it = std::search(text.begin(), text.end(), needle.begin(), needle.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  });
  return it != text.end();
}

std::string Encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    }
  }
  return out;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

class IntakeConfidentialityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("readout-intake-canary-" + std::to_string(::getpid()) + "-" +
                                        std::to_string(std::random_device{}()));
    fs::create_directories(dir_);
    auto opened = store::SqliteStore::Open((dir_ / "readout.db").string());
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
    records_ = std::make_unique<core::RecordService>(*store_);
    staff_ = std::make_unique<web::testing::StaffForTest>(store_.get());
    intake_ = std::make_unique<intake::IntakeService>(*store_, *records_);
    site_ = std::make_unique<publish::Site>(*records_, catalogs_);
    web::AppOptions options;
    options.accounts = &staff_->accounts();
    options.audit = &staff_->audit();
    options.intake = intake_.get();
    options.cache_entries = 0;
    app_ = std::make_unique<web::App>(*records_, *site_, std::move(options));

    log_ = std::make_shared<std::ostringstream>();
    previous_logger_ = spdlog::default_logger();
    auto logger = std::make_shared<spdlog::logger>("canary", std::make_shared<spdlog::sinks::ostream_sink_mt>(*log_));
    logger->set_level(spdlog::level::info);
    spdlog::set_default_logger(logger);
  }

  void TearDown() override {
    app_.reset();
    site_.reset();
    intake_.reset();
    staff_.reset();
    records_.reset();
    store_.reset();
    spdlog::set_default_logger(previous_logger_);
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  web::HttpResponse Send(verb method, const std::string& target, const std::string& body = "") {
    web::HttpRequest req{method, target, 11};
    req.set(web::http::field::host, "readout.test");
    if (method != verb::get) req.set(web::http::field::origin, "http://readout.test");
    if (!body.empty()) req.set(web::http::field::content_type, "application/x-www-form-urlencoded");
    req.body() = body;
    req.prepare_payload();
    web::HttpResponse res;
    app_->Handle(req, res, kSenderAddress);
    return res;
  }

  // Sends a submission with `canary` in every free-text field; its id.
  std::string SendCanary(const std::string& canary) {
    const std::string form = "about=" + Encode(canary + "-about") + "&message=" + Encode(canary + "-message") +
                             "&contact=" + Encode(canary + "-contact");
    auto res = Send(verb::post, "/send?lang=en", form);
    EXPECT_EQ(res.result(), web::http::status::ok) << res.body();
    EXPECT_FALSE(ContainsNoCase(res.body(), "canary")) << "the thank-you page echoes nothing";
    auto all = intake_->List(std::nullopt);
    if (!all) ADD_FAILURE() << all.error().message;
    for (const intake::Submission& s : all ? *all : std::vector<intake::Submission>{}) {
      if (s.message == canary + "-message") return s.id;
    }
    ADD_FAILURE() << "submission " << canary << " was not stored";
    return "";
  }

  // Every header and the body of `res`, for searching.
  static std::string Everything(const web::HttpResponse& res) {
    std::string out;
    for (const auto& field : res.base()) {
      const auto name = field.name_string();
      const auto value = field.value();
      out.append(name.data(), name.size()).append(": ").append(value.data(), value.size()).append("\n");
    }
    return out + res.body();
  }

  fs::path dir_;
  std::unique_ptr<store::SqliteStore> store_;
  std::unique_ptr<core::RecordService> records_;
  std::unique_ptr<web::testing::StaffForTest> staff_;
  std::unique_ptr<intake::IntakeService> intake_;
  publish::Catalogs catalogs_;
  std::unique_ptr<publish::Site> site_;
  std::unique_ptr<web::App> app_;
  std::shared_ptr<std::ostringstream> log_;
  std::shared_ptr<spdlog::logger> previous_logger_;
};

TEST_F(IntakeConfidentialityTest, NoPublicRouteShowsASubmission) {
  const std::string fresh = SendCanary("CANARY-intake-new");
  const std::string dismissed = SendCanary("CANARY-intake-dismissed");
  const std::string accepted = SendCanary("CANARY-intake-accepted");
  ASSERT_FALSE(fresh.empty());
  const core::Actor editor{"Ed"};
  ASSERT_TRUE(intake_->Dismiss(dismissed, editor));
  auto a = intake_->Get(accepted);
  ASSERT_TRUE(a);
  auto done = intake_->Accept(accepted, editor, core::RecordKind::kSource,
                              intake::SourceBodyFor(*a, "CANARY-intake-record-title"));
  ASSERT_TRUE(done) << done.error().message;

  const std::vector<std::string> ids = {fresh, dismissed, accepted, done->record_id};
  int requests = 0;
  for (const web::Route& route : app_->router().routes()) {
    if (route.method != verb::get) continue;
    std::vector<std::string> targets;
    if (route.pattern.find('{') == std::string::npos) {
      targets.push_back(route.pattern);
    } else {
      for (const std::string& id : ids) {
        std::string target;
        for (const std::string& seg : route.segments) {
          if (seg.empty()) continue;
          target += "/" + (seg.front() == '{' ? id : seg);
        }
        targets.push_back(target.empty() ? "/" : target);
      }
    }
    for (const std::string& target : targets) {
      for (const char* query : {"?lang=en&q=canary", "?lang=zh-Hans&q=canary", "?state=all"}) {
        const std::string full = target + query;
        auto res = Send(verb::get, full);
        ++requests;
        EXPECT_FALSE(ContainsNoCase(Everything(res), "canary-intake"))
            << "GET " << full << " (route " << route.pattern << ") answered " << res.result_int()
            << " with a canary";
      }
    }
  }
  EXPECT_GT(requests, 50) << "the route table was walked";
  EXPECT_FALSE(ContainsNoCase(log_->str(), "canary-intake")) << log_->str();
  EXPECT_EQ(log_->str().find(kSenderAddress), std::string::npos) << log_->str();
}

TEST_F(IntakeConfidentialityTest, AnErasedSubmissionLeavesNoBytesInTheDatabaseFiles) {
  const std::string id = SendCanary("CANARY-intake-erased");
  ASSERT_FALSE(id.empty());
  ASSERT_TRUE(intake_->Dismiss(id, core::Actor{"Ed"}));
  auto erased = intake_->Erase(id);
  ASSERT_TRUE(erased) << erased.error().message;
  for (const char* name : {"readout.db", "readout.db-wal"}) {
    const fs::path path = dir_ / name;
    if (!fs::exists(path)) continue;
    EXPECT_FALSE(ContainsNoCase(ReadFile(path), "canary-intake-erased")) << name << " still holds the message";
  }
  EXPECT_EQ(ReadFile(dir_ / "readout.db").find(std::string(kSenderAddress)), std::string::npos);
}

}  // namespace
}  // namespace readout::confidentiality
