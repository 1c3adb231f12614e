#include "publish/page_common.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "publish/i18n.h"

namespace readout::publish {
namespace {

// RenderDocument renders the layout once per shape and fills in each page's
// values; the bytes must be the template engine's, for every shape and for
// values that need escaping.
TEST(RenderDocument, GivesTheTemplateEnginesBytesForEveryShapeAndValue) {
  const Catalogs catalogs;
  struct Frame {
    const char* name;
    PageFrame frame;
  };
  const Frame frames[] = {
      {"no breadcrumbs", PageFrame{"Home", {}, ""}},
      {"current only", PageFrame{"Cases", {}, "Cases"}},
      {"one link", PageFrame{"Xu Zhiyong", {LinkView{"Cases", "/cases", ""}}, "Xu Zhiyong"}},
      {"links with and without lang",
       PageFrame{"许志永 & <b>\"Xu\"</b> 'Zhiyong'",
                 {LinkView{"首页", "/", ""}, LinkView{"中美人权对话 <i>", "/dialogues/dlg_x?a=1&b=2", "zh-Hans"},
                  LinkView{"Round \"18\"", "/rounds/rnd_x", "en"}},
                 "第十八轮 & 'more'"}},
      {"lang on the first link only", PageFrame{"T", {LinkView{"a", "/a", "en"}, LinkView{"b", "/b", ""}}, "c"}},
      {"more breadcrumbs than markers can name", PageFrame{"T", std::vector<LinkView>(30, LinkView{"a", "/a", "en"}), "c"}},
  };
  struct Request {
    Lang lang;
    bool traditional;
    const char* path;
  };
  const Request requests[] = {
      {Lang::kEn, false, "/cases/cas_x"},
      {Lang::kZhHans, false, "/cases?status=detained&province=plc_bj"},
      {Lang::kZhHans, true, ""},
      {Lang::kEn, true, "/search?q=\"<x>\"&lang=en"},  // traditional applies to Chinese only
  };
  const std::string bodies[] = {"", "<h1>人权</h1>\n<p>body & {{not a tag}}</p>\n"};
  for (int pass = 0; pass < 2; ++pass) {  // the second from the cached pieces
    for (const Frame& f : frames) {
      for (const Request& r : requests) {
        for (const std::string& body : bodies) {
          PageRequest request;
          request.lang = r.lang;
          request.traditional = r.traditional;
          request.path = r.path;
          EXPECT_EQ(RenderDocument(f.frame, body, request, catalogs),
                    RenderDocumentByTemplate(f.frame, body, request, catalogs))
              << f.name << ", " << LangCode(r.lang) << (r.traditional ? " traditional" : "") << ", path "
              << r.path << ", body of " << body.size() << " bytes, pass " << pass;
        }
      }
    }
  }
}

// The static export asks a Simplified page for its Traditional document too.
TEST(RenderDocument, ATraditionalCopyIsTheDocumentATraditionalRequestGets) {
  const Catalogs catalogs;
  const PageFrame frame{"中美人权对话", {LinkView{"首页", "/", ""}}, "中美人权对话"};
  const std::string body = "<h1>人权对话</h1>\n";
  std::string copy;
  PageRequest simplified;
  simplified.lang = Lang::kZhHans;
  simplified.path = "/dialogues/dlg_x";
  simplified.traditional_copy = &copy;
  PageRequest traditional = simplified;
  traditional.traditional = true;
  traditional.traditional_copy = nullptr;
  EXPECT_EQ(RenderDocument(frame, body, simplified, catalogs),
            RenderDocumentByTemplate(frame, body, simplified, catalogs));
  EXPECT_EQ(copy, RenderDocumentByTemplate(frame, body, traditional, catalogs));
  EXPECT_NE(copy.find("人權對話"), std::string::npos) << copy;
}

}  // namespace
}  // namespace readout::publish
