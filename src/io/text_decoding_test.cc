#include "io/text_decoding.h"

#include <string>

#include <gtest/gtest.h>

namespace readout::io {
namespace {

// The same rows in every encoding: Chinese, Traditional and accented Latin
// names. A dozen rows, as detection needs some text to be confident.
constexpr std::string_view kChineseRows =
    "name_zh,name_en,birth_date\n许志永,Xu Zhiyong,1973-03-02\n丁家喜,Ding Jiaxi,1967\n郭飞雄,Guo Feixiong,1966-08-02\n"
    "王永强,,1960\n李和平,,1961\n张建国,,1962\n刘晓明,,1963\n陈光诚,,1964\n杨茂东,,1965\n黄琦,,1966\n"
    "赵常青,,1967\n周世锋,,1968\n";
constexpr std::string_view kTraditionalRows =
    "name_zh,name_en,birth_date\n許志永,Xu Zhiyong,1973-03-02\n丁家喜,Ding Jiaxi,1967\n郭飛雄,Guo Feixiong,1966-08-02\n"
    "王永強,,1960\n李和平,,1961\n張建國,,1962\n劉曉明,,1963\n陳光誠,,1964\n楊茂東,,1965\n黃琦,,1966\n"
    "趙常青,,1967\n周世鋒,,1968\n";
constexpr std::string_view kLatinRows =
    "name_en,occupation_en,birth_date\nJosé Müller,Économiste à Zürich,1970\nFrançoise Søren,Ingénieure née à "
    "Besançon,1981-05\nAndré Señor,Député français,1959\nZoë Brontë,Écrivain,1960\nHélène Côté,Écrivain,1961\n"
    "Jürgen Weiß,Écrivain,1962\nInês Conceição,Écrivain,1963\nÁngel Nuñez,Écrivain,1964\n";

std::string Bytes(std::string_view utf8, std::string_view encoding) {
  auto encoded = EncodeFromUtf8(utf8, encoding);
  EXPECT_TRUE(encoded.has_value()) << encoding;
  return encoded ? *encoded : std::string();
}

struct DetectCase {
  std::string label;
  std::string bytes;
  std::string_view expected_text;
  std::string expected_encoding;
};

TEST(TextDecoding, DetectsEveryEncodingItSupportsWithoutBeingTold) {
  const std::string bom8 = "\xEF\xBB\xBF";
  const DetectCase cases[] = {
      {"utf-8", std::string(kChineseRows), kChineseRows, "utf-8"},
      {"utf-8 with BOM", bom8 + std::string(kChineseRows), kChineseRows, "utf-8"},
      {"utf-16le with BOM", "\xFF\xFE" + Bytes(kChineseRows, "utf-16le"), kChineseRows, "utf-16le"},
      {"utf-16be with BOM", "\xFE\xFF" + Bytes(kChineseRows, "utf-16be"), kChineseRows, "utf-16be"},
      {"utf-16le without BOM", Bytes(kChineseRows, "utf-16le"), kChineseRows, "utf-16le"},
      {"utf-16be without BOM", Bytes(kChineseRows, "utf-16be"), kChineseRows, "utf-16be"},
      {"gb18030", Bytes(kChineseRows, "gb18030"), kChineseRows, "gb18030"},
      {"big5", Bytes(kTraditionalRows, "big5"), kTraditionalRows, "big5"},
      {"windows-1252", Bytes(kLatinRows, "windows-1252"), kLatinRows, "windows-1252"},
      {"macintosh", Bytes(kLatinRows, "macintosh"), kLatinRows, "macintosh"},
  };
  for (const auto& c : cases) {
    auto decoded = DecodeToUtf8(c.bytes);
    ASSERT_TRUE(decoded.has_value()) << c.label << ": " << decoded.error().fields.front().problem;
    EXPECT_EQ(decoded->utf8, c.expected_text) << c.label;
    EXPECT_EQ(decoded->encoding, c.expected_encoding) << c.label << " (" << decoded->how << ")";
  }
}

TEST(TextDecoding, GivenEncodingWinsOverDetection) {
  const struct {
    std::string encoding;
    std::string_view text;
  } cases[] = {
      {"macintosh", kLatinRows}, {"mac-roman", kLatinRows}, {"windows-1252", kLatinRows}, {"gbk", kChineseRows},
      {"big5", kTraditionalRows}, {"utf-16", kChineseRows}, {"UTF-8", kChineseRows},
  };
  for (const auto& c : cases) {
    auto decoded = DecodeToUtf8(Bytes(c.text, c.encoding), c.encoding);
    ASSERT_TRUE(decoded.has_value()) << c.encoding << ": " << decoded.error().fields.front().problem;
    EXPECT_EQ(decoded->utf8, c.text) << c.encoding;
    EXPECT_EQ(decoded->how, "given") << c.encoding;
  }
}

TEST(TextDecoding, ByteOrderMarkIsDroppedWhenTheSameEncodingIsGiven) {
  auto decoded = DecodeToUtf8("\xEF\xBB\xBF" "a,b\n", "utf-8");
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->utf8, "a,b\n");
}

TEST(TextDecoding, TooLittleChineseTextToBeSureIsRefusedRatherThanGuessed) {
  auto decoded = DecodeToUtf8(Bytes("name\n许志永\n", "gb18030"));
  ASSERT_FALSE(decoded.has_value()) << decoded->encoding;
  EXPECT_NE(decoded.error().fields.front().problem.find("cannot tell the file's encoding"), std::string::npos);
}

TEST(TextDecoding, UndecidableBytesAreRefusedWithTheBestGuessAndTheEncodingsToGive) {
  // Random high bytes: neither valid UTF-8 nor anything the detector trusts.
  const std::string noise = "\x81\xFE\x82\xFD\x83\xFC\x9A\x9B\xFF\x80";
  auto decoded = DecodeToUtf8(noise);
  ASSERT_FALSE(decoded.has_value());
  const std::string& problem = decoded.error().fields.front().problem;
  EXPECT_NE(problem.find("cannot tell the file's encoding (best guess"), std::string::npos) << problem;
  EXPECT_NE(problem.find("confidence"), std::string::npos) << problem;
  EXPECT_NE(problem.find("give --encoding (utf-8, utf-16, gb18030, big5, windows-1252, macintosh)"),
            std::string::npos)
      << problem;
}

TEST(TextDecoding, InvalidBytesInTheGivenEncodingAreReportedWithTheirOffset) {
  const struct {
    std::string bytes;
    std::string encoding;
    std::string expected;
  } cases[] = {
      {"abc\xFF" "def", "utf-8", "byte offset 3 is not valid utf-8"},
      {"\xEF\xBB\xBF" "ab\xC3", "utf-8", "byte offset 5 is not valid utf-8"},
      {"ab\x81\x20", "big5", "byte offset 2 is not valid big5"},
      {"abcd\x80", "gb18030", "byte offset 4 is not valid gb18030"},
  };
  for (const auto& c : cases) {
    auto decoded = DecodeToUtf8(c.bytes, c.encoding);
    ASSERT_FALSE(decoded.has_value()) << c.encoding;
    EXPECT_NE(decoded.error().fields.front().problem.find(c.expected), std::string::npos)
        << c.encoding << ": " << decoded.error().fields.front().problem;
  }
}

TEST(TextDecoding, UnknownEncodingNameIsRefusedWithTheSupportedList) {
  auto decoded = DecodeToUtf8("a", "ebcdic");
  ASSERT_FALSE(decoded.has_value());
  EXPECT_NE(decoded.error().fields.front().problem.find("unsupported encoding \"ebcdic\""), std::string::npos);
}

TEST(TextDecoding, CanonicalEncodingAcceptsCommonAliases) {
  const std::pair<std::string, std::string> cases[] = {
      {"UTF8", "utf-8"}, {"GB2312", "gb18030"}, {"cp950", "big5"}, {"Latin1", "windows-1252"},
      {"MacRoman", "macintosh"}, {"utf_16le", "utf-16le"}, {"klingon", ""},
  };
  for (const auto& [name, canonical] : cases) EXPECT_EQ(CanonicalEncoding(name), canonical) << name;
}

}  // namespace
}  // namespace readout::io
