#include "resources/resources.h"

#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace readout::resources {
namespace {

std::vector<std::string> ListedPaths() {
  std::ifstream in(std::string(READOUT_SOURCE_DIR) + "/resources_list.txt");
  std::vector<std::string> paths;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line[0] != '#') paths.push_back(line);
  }
  return paths;
}

std::string ReadSourceFile(const std::string& path) {
  std::ifstream in(std::string(READOUT_SOURCE_DIR) + "/" + path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST(Resources, EveryListedFileIsEmbeddedWithItsExactBytes) {
  std::vector<std::string> paths = ListedPaths();
  ASSERT_FALSE(paths.empty());
  EXPECT_EQ(All().size(), paths.size());
  for (const std::string& path : paths) {
    const Resource* r = Find(path);
    ASSERT_NE(r, nullptr) << path;
    EXPECT_EQ(r->data, ReadSourceFile(path)) << path;
    EXPECT_FALSE(r->content_type.empty()) << path;
  }
}

TEST(Resources, StaticAssetsHaveAHashedUrlThatFindsThem) {
  const std::regex shape(R"(/static/[a-z0-9_/-]+\.[0-9a-f]{8}\.[a-z0-9]+)");
  for (const Resource& r : All()) {
    if (r.path.starts_with("web/static/")) {
      EXPECT_TRUE(std::regex_match(std::string(r.hashed_url), shape)) << r.path << " -> " << r.hashed_url;
      EXPECT_EQ(FindByUrl(r.hashed_url), &r) << r.path;
      EXPECT_EQ(AssetUrl(r.path), r.hashed_url) << r.path;
    } else {
      EXPECT_TRUE(r.hashed_url.empty()) << r.path << " is not a static asset but has a URL";
    }
  }
}

TEST(Resources, ContentTypeFollowsTheExtension) {
  ASSERT_NE(Find("web/static/readout.css"), nullptr);
  EXPECT_EQ(Find("web/static/readout.css")->content_type, "text/css; charset=utf-8");
  EXPECT_EQ(Find("i18n/en.json")->content_type, "application/json");
  EXPECT_EQ(Find("web/static/favicon.svg")->content_type, "image/svg+xml");
}

TEST(Resources, UnknownPathsAndUrlsAreNotFound) {
  EXPECT_EQ(Find("web/static/nope.css"), nullptr);
  EXPECT_EQ(FindByUrl("/static/readout.css"), nullptr);
  EXPECT_EQ(FindByUrl(""), nullptr);
  EXPECT_TRUE(AssetUrl("web/templates/round.mustache").empty());
  EXPECT_TRUE(AssetUrl("nope").empty());
}

}  // namespace
}  // namespace readout::resources
