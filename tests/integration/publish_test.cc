// Integration: journey 4 of DESIGN.md §4 on the demo data, through the real
// server over TCP with the SQLite store. The demo's Kunming readout waits in
// review; staff preview it (with what is withheld and why), a reviewer who is
// not its author approves it, an editor publishes it, and a reader with no
// account gets it in English and Chinese as a page, a PDF, a Markdown and a
// CSV download, and a feed entry.
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/record_service.h"
#include "http_client.h"
#include "io/records_file.h"
#include "running_server.h"

namespace readout::integration {
namespace {

using nlohmann::json;

constexpr char kReadout[] = "rdo_2013-kunming";


std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

class PublishJourneyTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    web::ServerOptions options;
    options.threads = 2;
    auto started =
        RunningServer::Start("readout_publish_it", options, [](core::RecordService& records) -> core::Status {
          auto loaded = io::LoadRecordsFile(ReadFile(READOUT_SOURCE_DIR "/data/demo/us-china.json"), records,
                                            core::Actor{"demo"});
          if (!loaded) return core::Fail(loaded.error());
          return {};
        });
    ASSERT_TRUE(started) << started.error().message;
    server_ = std::move(*started);
  }
  static void TearDownTestSuite() { server_.reset(); }

  HttpClient Client() { return HttpClient(server_->port()); }

  // Takes a workflow step as `actor` on the readout's current revision.
  Response Step(const std::string& action, const std::string& actor) {
    HttpClient client = Client();
    auto current = client.Get(std::string("/api/v1/readouts/") + kReadout, Staff(actor));
    EXPECT_EQ(current.result(), http::status::ok) << current.body();
    const json body = {{"base_revision", json::parse(current.body())["revision"]}, {"actor", actor}};
    Headers headers = Staff(actor);
    // Publishing and correcting need a re-authentication: the actor's current code.
    if (action == "publish" || action == "correct") headers.push_back({"X-Readout-Reauth", server_->staff().Code(actor)});
    return Client().Send(http::verb::post, std::string("/api/v1/readouts/") + kReadout + "/" + action, body.dump(),
                         headers);
  }

  // The API token of `actor`: Demo editor drafts and publishes, Reviewer Rita reviews, anyone else is an admin.
  static Headers Staff(const std::string& actor) {
    auth::Role role = auth::Role::kAdmin;
    if (actor == "Demo editor") role = auth::Role::kEditor;
    if (actor == "Reviewer Rita") role = auth::Role::kReviewer;
    return {{"Authorization", server_->Bearer(actor, role)}};
  }
  static std::unique_ptr<RunningServer> server_;
};

std::unique_ptr<RunningServer> PublishJourneyTest::server_;

TEST_F(PublishJourneyTest, TheKunmingReadoutIsReviewedPublishedAndReadInEnglishAndChinese) {
  HttpClient client = Client();
  // In review: the public can not see it, in any form.
  for (const char* target : {"/readouts/rdo_2013-kunming", "/readouts/rdo_2013-kunming.pdf",
                             "/api/v1/readouts/rdo_2013-kunming"}) {
    EXPECT_EQ(client.Get(target).result(), http::status::not_found) << target;
  }
  EXPECT_EQ(client.Get("/readouts/rdo_2013-kunming/preview").result(), http::status::see_other)
      << "the preview sends the public to sign in";
  EXPECT_EQ(client.Get("/feeds/readouts.atom").body().find(kReadout), std::string::npos);

  // Staff preview it, with the list of what the public version leaves out.
  auto preview = client.Get("/readouts/rdo_2013-kunming/preview", Staff("Reviewer Rita"));
  ASSERT_EQ(preview.result(), http::status::ok) << preview.body();
  EXPECT_NE(preview.body().find("Kunming"), std::string::npos);

  // Its author may not approve it; another reviewer does; an editor publishes it.
  EXPECT_NE(Step("approve", "Demo editor").result(), http::status::ok);
  ASSERT_EQ(Step("approve", "Reviewer Rita").result(), http::status::ok);
  ASSERT_EQ(Step("publish", "Demo editor").result(), http::status::ok);

  // A reader with no account: the page in English and Chinese.
  auto en = client.Get("/readouts/rdo_2013-kunming?lang=en");
  ASSERT_EQ(en.result(), http::status::ok) << en.body();
  EXPECT_NE(en.body().find("<html lang=\"en\""), std::string::npos);
  EXPECT_NE(en.body().find("Kunming"), std::string::npos);
  EXPECT_NE(en.body().find("Xu Zhiyong"), std::string::npos) << "the case raised at Kunming";
  auto zh = client.Get("/readouts/rdo_2013-kunming?lang=zh-Hans");
  ASSERT_EQ(zh.result(), http::status::ok);
  EXPECT_NE(zh.body().find("<html lang=\"zh-Hans\""), std::string::npos);
  EXPECT_NE(zh.body().find("昆明"), std::string::npos);
  auto hant = client.Get("/readouts/rdo_2013-kunming?lang=zh-Hant");
  ASSERT_EQ(hant.result(), http::status::ok);
  EXPECT_NE(hant.body().find("<html lang=\"zh-Hant\""), std::string::npos);

  // The downloads.
  auto pdf = client.Get("/readouts/rdo_2013-kunming.pdf?lang=zh-Hans");
  ASSERT_EQ(pdf.result(), http::status::ok);
  EXPECT_EQ(std::string(pdf[http::field::content_type]), "application/pdf");
  EXPECT_EQ(pdf.body().substr(0, 5), "%PDF-");
  auto markdown = client.Get("/readouts/rdo_2013-kunming.md?lang=en");
  ASSERT_EQ(markdown.result(), http::status::ok);
  EXPECT_NE(markdown.body().find("# "), std::string::npos);
  EXPECT_NE(markdown.body().find("Kunming"), std::string::npos);
  auto csv = client.Get("/readouts/rdo_2013-kunming.csv?lang=zh-Hans");
  ASSERT_EQ(csv.result(), http::status::ok);
  EXPECT_NE(csv.body().find("ask_"), std::string::npos);
  auto json_download = client.Get("/readouts/rdo_2013-kunming.json");
  ASSERT_EQ(json_download.result(), http::status::ok);
  const json published = json::parse(json_download.body());
  EXPECT_EQ(published["readout_id"], kReadout);
  ASSERT_EQ(published["versions"].size(), 1u);

  // The feed entry, site-wide and for the dialogue.
  for (const char* feed : {"/feeds/readouts.atom", "/dialogues/dlg_us-china/feeds/readouts.atom"}) {
    auto atom = client.Get(feed);
    ASSERT_EQ(atom.result(), http::status::ok) << feed;
    EXPECT_NE(atom.body().find("/readouts/rdo_2013-kunming"), std::string::npos) << feed << ": " << atom.body();
  }
  // And the round page links it.
  EXPECT_NE(client.Get("/rounds/rnd_2013-kunming").body().find("/readouts/rdo_2013-kunming"), std::string::npos);
}

}  // namespace
}  // namespace readout::integration
