#include "search/normalizer.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace readout::search {
namespace {

class NormalizerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto n = Normalizer::Create();
    ASSERT_TRUE(n) << n.error().message;
    normalizer_ = std::move(*n);
  }
  std::unique_ptr<Normalizer> normalizer_;
};

TEST_F(NormalizerTest, FoldsCaseWidthAndTraditionalCharacters) {
  struct Case {
    std::string in, out;
  };
  const Case cases[] = {
      {"Human Rights", "human rights"},
      {"ＨＵＭＡＮ", "human"},
      {"人權", "人权"},
      {"許志永", "许志永"},
      {"人权", "人权"},
      {"Straße", "strasse"},
      {"", ""},
  };
  for (const auto& c : cases) EXPECT_EQ(normalizer_->Fold(c.in), c.out) << "input: " << c.in;
}

TEST_F(NormalizerTest, FoldsEachCharacterAloneSoSubstringsStaySubstrings) {
  // OpenCC's phrase table keeps 乾 in 乾隆 but makes 乾燥 干燥; a query for
  // 乾 must fold the way the character folds inside any text.
  for (const std::string text : {"乾隆", "乾燥", "頭髮", "埬婊吔"}) {
    const std::string folded = normalizer_->Fold(text);
    std::string rebuilt;
    for (std::size_t i = 0; i < text.size(); i += 3) rebuilt += normalizer_->Fold(text.substr(i, 3));
    EXPECT_EQ(folded, rebuilt) << "input: " << text;
  }
  // A character whose simplified form Xapian would not treat as CJK stays as it is.
  EXPECT_EQ(normalizer_->Fold("埬"), "埬");
}

TEST_F(NormalizerTest, DisplayKeepsCaseButFoldsToSimplified) {
  EXPECT_EQ(normalizer_->Display("Xu Zhiyong 許志永"), "Xu Zhiyong 许志永");
}

TEST_F(NormalizerTest, GivesTonelessPinyinOfHanCharactersOnly) {
  struct Case {
    std::string in;
    std::vector<std::string> out;
  };
  const Case cases[] = {
      {"许志永", {"xu", "zhi", "yong"}},
      {"許志永", {"xu", "zhi", "yong"}},
      {"许志永 (Xu Zhiyong)", {"xu", "zhi", "yong"}},
      {"Xu Zhiyong", {}},
  };
  for (const auto& c : cases) EXPECT_EQ(normalizer_->PinyinSyllables(c.in), c.out) << "input: " << c.in;
}

TEST_F(NormalizerTest, SurvivesInvalidUtf8) {
  const std::string bad = "abc\xff\xfe 人\xe4";
  EXPECT_FALSE(normalizer_->Fold(bad).empty());
  EXPECT_FALSE(HasHan("plain ascii"));
  EXPECT_TRUE(HasHan("x人"));
}

}  // namespace
}  // namespace readout::search
