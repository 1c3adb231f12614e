#include "publish/i18n.h"

#include <regex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <opencc/opencc.h>

#include "core/accountability.h"
#include "core/accountability_vocabulary.h"
#include "core/case_status.h"
#include "core/case_vocabulary.h"
#include "core/record.h"
#include "core/vocabulary.h"
#include "resources/resources.h"

namespace readout::publish {
namespace {

std::set<std::string> Ids(const nlohmann::json& catalog) {
  std::set<std::string> ids;
  for (const auto& [id, text] : catalog.items()) {
    if (!id.starts_with("@")) ids.insert(id);
  }
  return ids;
}

nlohmann::json Embedded(std::string_view path) {
  const resources::Resource* r = resources::Find(path);
  EXPECT_NE(r, nullptr) << path;
  return r == nullptr ? nlohmann::json::object() : nlohmann::json::parse(r->data);
}

std::set<std::string> Params(const std::string& text) {
  static const std::regex param(R"(\{([a-z_]+)\})");
  std::set<std::string> out;
  for (std::sregex_iterator it(text.begin(), text.end(), param), end; it != end; ++it) out.insert((*it)[1]);
  return out;
}

TEST(Catalogs, EnglishAndChineseHaveExactlyTheSameIds) {
  std::set<std::string> en = Ids(Embedded("i18n/en.json"));
  std::set<std::string> zh = Ids(Embedded("i18n/zh-Hans.json"));
  for (const std::string& id : en) EXPECT_TRUE(zh.contains(id)) << id << " is missing from zh-Hans.json";
  for (const std::string& id : zh) EXPECT_TRUE(en.contains(id)) << id << " is in zh-Hans.json but not en.json";
}

TEST(Catalogs, QqqExplainsEveryId) {
  nlohmann::json qqq = Embedded("i18n/qqq.json");
  for (const std::string& id : Ids(Embedded("i18n/en.json"))) {
    ASSERT_TRUE(qqq.contains(id)) << id << " is not documented in qqq.json";
    EXPECT_GE(qqq[id].get<std::string>().size(), 10u) << id << " has too short an explanation";
  }
  for (const std::string& id : Ids(qqq)) {
    EXPECT_TRUE(Embedded("i18n/en.json").contains(id)) << id << " is documented but not used";
  }
}

TEST(Catalogs, EveryParameterOfEnglishAppearsInChinese) {
  nlohmann::json en = Embedded("i18n/en.json");
  nlohmann::json zh = Embedded("i18n/zh-Hans.json");
  for (const std::string& id : Ids(en)) {
    std::set<std::string> want = Params(en[id].get<std::string>());
    std::set<std::string> got = Params(zh.value(id, std::string()));
    EXPECT_EQ(want, got) << id;
  }
}

TEST(Catalogs, NoIdIsAPrefixOfAnother) {
  // Templates read the catalog nested on dots ({{t.round.place}}); "a.b" and "a.b.c" cannot both exist.
  std::set<std::string> ids = Ids(Embedded("i18n/en.json"));
  for (const std::string& id : ids) {
    auto it = ids.lower_bound(id + ".");
    EXPECT_FALSE(it != ids.end() && it->starts_with(id + ".")) << id << " is a prefix of " << *it;
  }
}

TEST(Catalogs, EveryVocabularyCodeHasANameInBothLanguages) {
  Catalogs catalogs;
  auto check = [&](std::string_view vocabulary, std::span<const std::string_view> codes) {
    for (std::string_view code : codes) {
      const std::string id = "vocab." + std::string(vocabulary) + "." + std::string(code);
      EXPECT_TRUE(catalogs.All(Lang::kEn).contains(id)) << id;
      EXPECT_TRUE(catalogs.All(Lang::kZhHans).contains(id)) << id;
    }
  };
  check("reply_kind", core::ReplyKindCodes());
  check("visibility", core::VisibilityCodes());
  check("case_list_status", core::CaseListStatusCodes());
  check("side", core::SideCodes());
  check("request_kind", core::RequestKindCodes());
  check("ask_subject_kind", core::AskSubjectKindCodes());
  check("legal_event_type", core::LegalEventTypeCodes());
  check("case_status", core::CaseStatusCodes());
  check("charge_stage", core::ChargeStageCodes());
  check("term_kind", core::TermKindCodes());
  check("tri_state", core::TriStateCodes());
  check("sex", core::SexCodes());
  check("script", core::ScriptCodes());
  check("name_scheme", core::NameSchemeCodes());
  check("name_kind", core::NameKindCodes());
  check("place_level", core::PlaceLevelCodes());
  check("facility_type", core::FacilityTypeCodes());
  check("source_type", core::SourceTypeCodes());
  check("reliability", core::ReliabilityCodes());
  check("group_event_type", core::GroupEventTypeCodes());
  check("count_qualifier", core::CountQualifierCodes());
  check("custody_action", core::CustodyActionCodes());
  std::vector<std::string_view> rules;
  for (const core::DeadlineRule& r : core::DeadlineRules()) rules.push_back(r.code);
  check("deadline", rules);
  const std::string_view flags[] = {"deadline_passed", "expected_release_passed", "whereabouts_unknown"};
  check("case_flag", flags);
  check("assessment_rating", core::AssessmentRatingCodes());
  check("review_state", core::ReviewStateCodes());
  check("commitment_status", core::CommitmentStatusCodes());
  check("engagement_kind", core::EngagementKindCodes());
  check("agency_area", core::AgencyAreaCodes());
  check("public_account_level", core::PublicAccountLevelCodes());
  const std::string_view alerts[] = {
      core::ToCode(core::AlertKind::kBenchmarkDeadlinePassed), core::ToCode(core::AlertKind::kReadoutMissing),
      core::ToCode(core::AlertKind::kRoundOverdue), core::ToCode(core::AlertKind::kCommitmentNoFollowUp)};
  check("alert_kind", alerts);
  for (const auto& kind : core::AllRecordKinds()) {
    EXPECT_TRUE(catalogs.All(Lang::kZhHans).contains("kind." + std::string(core::KindName(kind)))) << "kind";
  }
}

TEST(Catalogs, GetSubstitutesParametersAndFallsBackToTheId) {
  Catalogs catalogs;
  EXPECT_EQ(catalogs.Get(Lang::kEn, "round.number", {{"number", "18"}}), "Round 18");
  EXPECT_EQ(catalogs.Get(Lang::kZhHans, "round.number", {{"number", "18"}}), "第18轮");
  EXPECT_EQ(catalogs.Get(Lang::kZhHans, "vocab.reply_kind.denied_facts"), "否认事实");
  EXPECT_EQ(catalogs.Get(Lang::kEn, "no.such.id"), "no.such.id");
  EXPECT_EQ(catalogs.Get(Lang::kEn, "round.number"), "Round {number}");
}

TEST(Lang, CodesAreBcp47) {
  EXPECT_EQ(LangCode(Lang::kEn), "en");
  EXPECT_EQ(LangCode(Lang::kZhHans), "zh-Hans");
}

TEST(Lang, ParsesEveryChineseAndEnglishVariant) {
  struct Case {
    const char* code;
    bool ok;
    Lang lang;
  };
  const Case cases[] = {
      {"en", true, Lang::kEn},          {"en-US", true, Lang::kEn},       {"EN-gb", true, Lang::kEn},
      {"zh", true, Lang::kZhHans},      {"zh-CN", true, Lang::kZhHans},   {"zh-Hans", true, Lang::kZhHans},
      {"zh-hans", true, Lang::kZhHans}, {"zh-SG", true, Lang::kZhHans},   {"zh-TW", true, Lang::kZhHans},
      {"zh-HK", true, Lang::kZhHans},   {"zh-Hant", true, Lang::kZhHans}, {"fr", false, Lang::kEn},
      {"", false, Lang::kEn},           {"english", false, Lang::kEn},    {"zhx", false, Lang::kEn},
  };
  for (const Case& c : cases) {
    Lang out = Lang::kEn;
    EXPECT_EQ(ParseLang(c.code, out), c.ok) << c.code;
    if (c.ok) {
      EXPECT_EQ(out, c.lang) << c.code;
    }
  }
}

TEST(NegotiateLanguage, QueryThenCookieThenAcceptLanguageThenEnglish) {
  struct Case {
    const char* query;
    const char* cookie;
    const char* accept;
    Lang want;
  };
  const Case cases[] = {
      {"zh-Hans", "en", "en", Lang::kZhHans},
      {"", "zh", "en", Lang::kZhHans},
      {"fr", "en", "zh-CN", Lang::kEn},
      {"", "", "zh-CN,zh;q=0.9,en;q=0.8", Lang::kZhHans},
      {"", "", "en;q=0.5, zh-TW;q=0.9", Lang::kZhHans},
      {"", "", "fr-FR, zh-Hant;q=0.3, en;q=0.2", Lang::kZhHans},
      {"", "", "zh;q=0, en", Lang::kEn},
      {"", "", "de, fr", Lang::kEn},
      {"", "", "", Lang::kEn},
      {"", "", "*;q=0.5, zh;q=0.4", Lang::kEn},
      {"", "", "garbage;;q=x, zh-SG", Lang::kZhHans},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(NegotiateLanguage(c.query, c.cookie, c.accept), c.want)
        << "query=" << c.query << " cookie=" << c.cookie << " accept=" << c.accept;
  }
}

TEST(LanguageChoice, TraditionalIsTheScriptSubtagElseTheRegionsThatWriteIt) {
  struct Case {
    const char* code;
    bool ok;
    Lang lang;
    bool traditional;
    const char* code_out;
  };
  const Case cases[] = {
      {"zh-Hant", true, Lang::kZhHans, true, "zh-Hant"},     {"zh-hant", true, Lang::kZhHans, true, "zh-Hant"},
      {"zh-TW", true, Lang::kZhHans, true, "zh-Hant"},       {"zh-HK", true, Lang::kZhHans, true, "zh-Hant"},
      {"zh-MO", true, Lang::kZhHans, true, "zh-Hant"},       {"zh-Hant-TW", true, Lang::kZhHans, true, "zh-Hant"},
      {"zh-Hans-HK", true, Lang::kZhHans, false, "zh-Hans"}, {"zh-CN", true, Lang::kZhHans, false, "zh-Hans"},
      {"zh", true, Lang::kZhHans, false, "zh-Hans"},         {"zh-Hans", true, Lang::kZhHans, false, "zh-Hans"},
      {"zh-SG", true, Lang::kZhHans, false, "zh-Hans"},      {"en-HK", true, Lang::kEn, false, "en"},
      {"fr-TW", false, Lang::kEn, false, "en"},
  };
  for (const Case& c : cases) {
    LanguageChoice out;
    EXPECT_EQ(ParseLanguageChoice(c.code, out), c.ok) << c.code;
    if (!c.ok) continue;
    EXPECT_EQ(out.lang, c.lang) << c.code;
    EXPECT_EQ(out.traditional, c.traditional) << c.code;
    EXPECT_EQ(out.Code(), c.code_out) << c.code;
  }
}

TEST(LanguageChoice, NegotiatesTheScriptInTheSameOrderAsTheLanguage) {
  struct Case {
    const char* query;
    const char* cookie;
    const char* accept;
    const char* want;
  };
  const Case cases[] = {
      {"zh-Hant", "zh-Hans", "en", "zh-Hant"},
      {"zh-Hans", "zh-Hant", "zh-TW", "zh-Hans"},
      {"", "zh-Hant", "en", "zh-Hant"},
      {"", "", "zh-TW,zh;q=0.9,en;q=0.8", "zh-Hant"},
      {"", "", "en;q=0.5, zh-HK;q=0.9", "zh-Hant"},
      {"", "", "zh-CN, zh-TW;q=0.5", "zh-Hans"},
      {"", "", "fr", "en"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(NegotiateLanguageChoice(c.query, c.cookie, c.accept).Code(), c.want)
        << "query=" << c.query << " cookie=" << c.cookie << " accept=" << c.accept;
  }
}

TEST(ToTraditional, ConvertsTheTextAndRelabelsLangButNotHreflangOrMarkup) {
  const std::string html =
      "<html lang=\"zh-Hans\"><a href=\"/cases/cas_xu-zhiyong?lang=zh-Hans\" hreflang=\"zh-Hans\" "
      "lang='zh-Hans'>许志永</a><p xml:lang=\"zh-Hans\">人权对话 · 国务院</p><span lang=\"en\">Xu</span></html>";
  const std::string out = ToTraditional(html);
  EXPECT_NE(out.find("<html lang=\"zh-Hant\">"), std::string::npos) << out;
  EXPECT_NE(out.find("許志永"), std::string::npos) << out;
  EXPECT_NE(out.find("人權對話 · 國務院"), std::string::npos) << out;
  EXPECT_NE(out.find("hreflang=\"zh-Hans\""), std::string::npos) << out;  // names the Simplified page
  EXPECT_NE(out.find("?lang=zh-Hans\""), std::string::npos) << out;       // URLs untouched
  EXPECT_NE(out.find("lang='zh-Hant'"), std::string::npos) << out;
  EXPECT_NE(out.find("xml:lang=\"zh-Hant\""), std::string::npos) << out;
  EXPECT_NE(out.find("<span lang=\"en\">Xu</span>"), std::string::npos) << out;
  EXPECT_EQ(ToTraditional(""), "");
  EXPECT_EQ(ToTraditional("ASCII only <b>&amp;</b>"), "ASCII only <b>&amp;</b>");
}

TEST(ToTraditional, ConvertsCatalogStringsAndLeavesTraditionalNamesAsTheyAre) {
  const Catalogs catalogs;
  struct Case {
    std::string simplified;
    std::string traditional;
  };
  for (const Case& c : {Case{catalogs.Get(Lang::kZhHans, "language.zh_hant"), "繁體中文"},
                        Case{catalogs.Get(Lang::kZhHans, "scorecard.heading"), "評分表"},
                        Case{"许志永", "許志永"},
                        Case{"許志永", "許志永"}}) {
    EXPECT_EQ(ToTraditional(c.simplified), c.traditional) << c.simplified;
  }
}

TEST(ToTraditional, ConvertingOnlyTheNonAsciiRunsGivesWhatConvertingTheWholeDocumentGives) {
  // Every Simplified catalog string, inside markup, against OpenCC over the whole text at once.
  const Catalogs catalogs;
  std::string document;
  for (const auto& [id, text] : catalogs.All(Lang::kZhHans)) document += "<p id=\"" + id + "\">" + text + "</p>\n";
  const opencc::SimpleConverter whole("s2t.json");
  EXPECT_EQ(ToTraditional(document), whole.Convert(document));
}

// Runs are memoised per thread: a second pass over the same text (every run
// now remembered), and runs met inside other text, convert as OpenCC does.
TEST(ToTraditional, ARunConvertedBeforeConvertsTheSameWhereverItComesBack) {
  const opencc::SimpleConverter whole("s2t.json");
  const std::string texts[] = {"<p>人权对话</p>", "<p>人权</p><p>对话</p>", "<b>发</b>头发<i>发</i>展",
                               "<a>头发</a> 发展 <a>头发</a>", "<p>人权\xC9对话</p>"};
  for (int pass = 1; pass <= 2; ++pass) {
    for (const std::string& text : texts) {
      const std::string want = text.find('\xC9') == std::string::npos ? whole.Convert(text)
                                                                       : "<p>人權\xEF\xBF\xBD對話</p>";
      EXPECT_EQ(ToTraditional(text), want) << "pass " << pass << ": " << text;
    }
  }
}


// A query or path can hold any bytes; OpenCC must only ever see well-formed
// UTF-8 (it read past a truncated sequence: tests/fuzz/fuzz_template).
TEST(ToTraditional, ReplacesIllFormedUtf8WithTheReplacementCharacterAndConvertsTheRest) {
  const struct {
    std::string in;
    std::string want;
  } cases[] = {
      {"\xC9", "\xEF\xBF\xBD"},
      {"人权\xC9", "人權\xEF\xBF\xBD"},
      {"\xE4\xBA", "\xEF\xBF\xBD\xEF\xBF\xBD"},
      {"\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},  // a surrogate
      {"a\x80人权b", "a\xEF\xBF\xBD人權b"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(ToTraditional(c.in), c.want) << "input bytes: " << c.in.size();
  }
}

}  // namespace
}  // namespace readout::publish
