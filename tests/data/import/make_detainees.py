#!/usr/bin/env python3
"""Generates a detainees CSV for `readout import --type detainees`: one row
per detainee, deterministic for a given seed, messy the way real spreadsheets
are (mixed date precision and spellings, Traditional and Simplified names,
男/女/M/F, quoted commas, CRLF line ends, a column of notes to drop).

    make_detainees.py OUT.csv [--rows N] [--bad-every K] [--seed S]

With --bad-every K (K > 0) every K-th data row carries one malformed value,
rotating through the kinds of mistake; their spreadsheet row numbers (the
header is row 1) are written to OUT.csv.bad-rows, one per line.

tests/data/import/detainees.messy.csv is `make_detainees.py
tests/data/import/detainees.messy.csv --rows 300 --bad-every 23`; bench/import
uses --rows 100000 --bad-every 0.
"""
import argparse
import random

# Surnames and given-name characters with their pinyin; row i gets a unique
# combination (up to 192,000 rows), so generated people are never duplicates
# of one another by Chinese name.
SURNAMES = [("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"), ("杨", "Yang"),
            ("黄", "Huang"), ("赵", "Zhao"), ("吴", "Wu"), ("周", "Zhou"), ("徐", "Xu"), ("孙", "Sun"),
            ("马", "Ma"), ("朱", "Zhu"), ("胡", "Hu"), ("郭", "Guo"), ("何", "He"), ("高", "Gao"),
            ("林", "Lin"), ("罗", "Luo"), ("郑", "Zheng"), ("梁", "Liang"), ("谢", "Xie"), ("宋", "Song"),
            ("唐", "Tang"), ("许", "Xu"), ("韩", "Han"), ("冯", "Feng"), ("邓", "Deng"), ("曹", "Cao"),
            ("彭", "Peng"), ("曾", "Zeng"), ("肖", "Xiao"), ("田", "Tian"), ("董", "Dong"), ("袁", "Yuan"),
            ("潘", "Pan"), ("于", "Yu"), ("蒋", "Jiang"), ("蔡", "Cai")]
GIVEN = [("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("秀", "xiu"), ("英", "ying"), ("敏", "min"),
         ("静", "jing"), ("丽", "li"), ("强", "qiang"), ("磊", "lei"), ("军", "jun"), ("洋", "yang"),
         ("勇", "yong"), ("艳", "yan"), ("杰", "jie"), ("娟", "juan"), ("涛", "tao"), ("明", "ming"),
         ("超", "chao"), ("兰", "lan"), ("霞", "xia"), ("平", "ping"), ("刚", "gang"), ("桂", "gui"),
         ("志", "zhi"), ("永", "yong"), ("家", "jia"), ("喜", "xi"), ("飞", "fei"), ("雄", "xiong"),
         ("建", "jian"), ("国", "guo"), ("华", "hua"), ("红", "hong"), ("文", "wen"), ("斌", "bin"),
         ("辉", "hui"), ("东", "dong"), ("海", "hai"), ("林", "lin")]
# More characters for the last given-name position, each with a pinyin no
# other character here has: with them, rows 0..191,999 all get distinct names
# (40 x 40 x 120), so the 100,000-row benchmark reports only the few
# duplicates that shared pinyin (徐/许 Xu, 勇/永 yong) and birth years give.
# Appended after GIVEN, so rows below 64,000 are unchanged.
MORE_GIVEN = [("春", "chun"), ("晓", "xiao"), ("云", "yun"), ("鹏", "peng"), ("宇", "yu"), ("浩", "hao"),
              ("凯", "kai"), ("博", "bo"), ("成", "cheng"), ("德", "de"), ("福", "fu"), ("光", "guang"),
              ("坤", "kun"), ("亮", "liang"), ("龙", "long"), ("梅", "mei"), ("宁", "ning"), ("庆", "qing"),
              ("荣", "rong"), ("瑞", "rui"), ("山", "shan"), ("胜", "sheng"), ("顺", "shun"), ("松", "song"),
              ("天", "tian"), ("婷", "ting"), ("新", "xin"), ("兴", "xing"), ("旭", "xu"), ("雪", "xue"),
              ("亚", "ya"), ("毅", "yi"), ("友", "you"), ("源", "yuan"), ("泽", "ze"), ("振", "zhen"),
              ("忠", "zhong"), ("珠", "zhu"), ("卓", "zhuo"), ("安", "an"), ("岑", "cen"), ("聪", "cong"),
              ("丹", "dan"), ("芬", "fen"), ("峰", "feng"), ("根", "gen"), ("功", "gong"), ("翰", "han"),
              ("恒", "heng"), ("虎", "hu"), ("焕", "huan"), ("吉", "ji"), ("娇", "jiao"), ("金", "jin"),
              ("菊", "ju"), ("可", "ke"), ("宽", "kuan"), ("乐", "le"), ("莲", "lian"), ("玲", "ling"),
              ("柳", "liu"), ("露", "lu"), ("伦", "lun"), ("茂", "mao"), ("萌", "meng"), ("妙", "miao"),
              ("楠", "nan"), ("妮", "ni"), ("鸥", "ou"), ("琴", "qin"), ("秋", "qiu"), ("群", "qun"),
              ("然", "ran"), ("仁", "ren"), ("如", "ru"), ("森", "sen"), ("莎", "sha"), ("舒", "shu"),
              ("思", "si"), ("素", "su")]
LAST_GIVEN = GIVEN + MORE_GIVEN
# Traditional forms for some rows' names (Hong Kong and Taiwan sources).
TRADITIONAL = {"张": "張", "刘": "劉", "陈": "陳", "杨": "楊", "黄": "黃", "赵": "趙", "吴": "吳", "马": "馬",
               "郑": "鄭", "谢": "謝", "许": "許", "韩": "韓", "冯": "馮", "邓": "鄧", "肖": "蕭", "董": "董",
               "袁": "袁", "潘": "潘", "蒋": "蔣", "伟": "偉", "丽": "麗", "强": "強", "军": "軍", "艳": "艷",
               "杰": "傑", "涛": "濤", "兰": "蘭", "霞": "霞", "刚": "剛", "飞": "飛", "国": "國", "华": "華",
               "红": "紅", "辉": "輝", "东": "東", "静": "靜"}
PLACES = ["Beijing No. 3 Detention Centre", "北京市第一看守所", "Wuxi Detention Centre, Jiangsu",
          "Guangzhou Tianhe Detention Centre", "成都市看守所", "\"Black jail\", Wuxi", ""]
TYPES = ["", "criminal_detention", "刑事拘留", "administrative_detention", "Residential surveillance", "rsdl",
         "disappeared", "taken away"]
CHARGES = [("293", "寻衅滋事罪", "picking quarrels and provoking trouble"),
           ("291", "聚众扰乱公共场所秩序罪", "gathering a crowd to disturb order in a public place"),
           ("105(2)", "煽动颠覆国家政权罪", "inciting subversion of state power"),
           ("", "", "")]
CAMPAIGNS = ["New Citizens Movement crackdown", "709 crackdown", "", "", "清网行动"]
BAD = [("birth_date", "1973-13"), ("detention_date", "16/07/2013"), ("sex", "unknownish"),
       ("detention_date", ""), ("detention_type", "kidnapped"), ("charge_article", "article 293"),
       ("birth_date", "1975-02-30"), ("birth_date", "spring 1980")]

HEADER = ["name_zh", "name_pinyin", "aliases", "sex", "birth_date", "ethnicity", "occupation", "detention_date",
          "detention_type", "place", "charge_article", "charge_name_zh", "charge_name_en", "campaign",
          "status_note", "Source notes"]


def date_text(rng, year, month, day):
    style = rng.randrange(6)
    if style == 0:
        return str(year)
    if style == 1:
        return "%d-%02d" % (year, month)
    if style == 2:
        return "%d/%d/%d" % (year, month, day)
    if style == 3:
        return "%d年%d月%d日" % (year, month, day)
    return "%d-%02d-%02d" % (year, month, day)


def row(i, rng):
    s = SURNAMES[i % len(SURNAMES)]
    g1 = GIVEN[(i // len(SURNAMES)) % len(GIVEN)]
    g2 = LAST_GIVEN[(i // (len(SURNAMES) * len(GIVEN))) % len(LAST_GIVEN)]
    name = s[0] + g1[0] + g2[0]
    pinyin = "%s %s%s" % (s[1], g1[1].capitalize(), g2[1])
    if rng.random() < 0.15:
        name = "".join(TRADITIONAL.get(c, c) for c in name)
    alias = ""
    if rng.random() < 0.2:
        alias = "%s小%s%s; %s Xiao%s%s" % (s[0], g1[0], g2[0], s[1], g1[1], g2[1])
    sex = rng.choice(["male", "female", "男", "女", "M", "F", ""])
    birth = date_text(rng, rng.randrange(1940, 2000), rng.randrange(1, 13), rng.randrange(1, 29))
    detained = date_text(rng, rng.randrange(2010, 2024), rng.randrange(1, 13), rng.randrange(1, 29))
    charge = rng.choice(CHARGES)
    note = rng.choice(["", "sentenced, see judgment", "family not notified, lawyer denied", "下落不明"])
    return {
        "name_zh": name, "name_pinyin": pinyin, "aliases": alias, "sex": sex, "birth_date": birth,
        "ethnicity": rng.choice(["Han", "Uyghur", "Tibetan", "", "汉族"]),
        "occupation": rng.choice(["lawyer", "petitioner", "teacher, activist", "", "维权人士"]),
        "detention_date": detained, "detention_type": rng.choice(TYPES), "place": rng.choice(PLACES),
        "charge_article": charge[0], "charge_name_zh": charge[1], "charge_name_en": charge[2],
        "campaign": rng.choice(CAMPAIGNS), "status_note": note,
        "Source notes": rng.choice(["", "from RFA", "family, by phone", "NGO list 2014"]),
    }


def quote(field):
    if any(c in field for c in ',"\r\n'):
        return '"' + field.replace('"', '""') + '"'
    return field


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--rows", type=int, default=300)
    parser.add_argument("--bad-every", type=int, default=23)
    parser.add_argument("--seed", type=int, default=2013)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    bad_rows = []
    with open(args.out, "w", encoding="utf-8", newline="") as f:
        f.write(",".join(HEADER) + "\r\n")
        for i in range(args.rows):
            r = row(i, rng)
            if args.bad_every > 0 and i % args.bad_every == args.bad_every - 1:
                column, value = BAD[(i // args.bad_every) % len(BAD)]
                r[column] = value
                bad_rows.append(i + 2)
            f.write(",".join(quote(r[h]) for h in HEADER) + "\r\n")
    if args.bad_every > 0:
        with open(args.out + ".bad-rows", "w") as f:
            f.write("".join("%d\n" % n for n in bad_rows))


if __name__ == "__main__":
    main()
