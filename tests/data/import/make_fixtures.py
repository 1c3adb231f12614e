#!/usr/bin/env python3
"""Writes the encoding and line-end fixtures of tests/data/import/: the same
three people in every encoding and line-end convention the importer accepts.
Deterministic; rerun after changing the rows and commit the output.

    python3 tests/data/import/make_fixtures.py
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))

CHINESE = [
    ["name_zh", "name_pinyin", "sex", "birth_date"],
    ["许志永", "Xu Zhiyong", "male", "1973-03-02"],
    ["丁家喜", "Ding Jiaxi", "male", "1967"],
    ["郭飞雄", "Guo Feixiong", "m", "1966/8/2"],
]
TRADITIONAL = [
    ["name_zh", "name_pinyin", "sex", "birth_date"],
    ["許志永", "Xu Zhiyong", "male", "1973-03-02"],
    ["丁家喜", "Ding Jiaxi", "male", "1967"],
    ["郭飛雄", "Guo Feixiong", "m", "1966/8/2"],
]
# Encoding detection needs some text to be confident, as real files have: a
# dozen rows, not three. These follow the three named rows in every fixture.
MORE_CHINESE = ["王永强", "李和平", "张建国", "刘晓明", "陈光诚", "杨茂东", "黄琦", "赵常青", "周世锋"]
MORE_TRADITIONAL = ["王永強", "李和平", "張建國", "劉曉明", "陳光誠", "楊茂東", "黃琦", "趙常青", "周世鋒"]
MORE_LATIN = ["Zoë Brontë", "Hélène Côté", "Jürgen Weiß", "Inês Conceição", "Ángel Nuñez", "Björk Gudmundsdóttir",
              "Renée Fontaine", "Łukasz Król", "Søren Kierkegaard"]
LATIN = [
    ["name_en", "occupation_en", "birth_date"],
    ["José Müller", "Économiste à Zürich", "1970"],
    ["Françoise Søren", "Ingénieure née à Besançon", "1981-05"],
    ["André Señor", "Député français", "1959"],
]


CHINESE += [[n, "", "", str(1960 + i)] for i, n in enumerate(MORE_CHINESE)]
TRADITIONAL += [[n, "", "", str(1960 + i)] for i, n in enumerate(MORE_TRADITIONAL)]
LATIN += [[n, "Écrivain", str(1960 + i)] for i, n in enumerate(MORE_LATIN) if "Ł" not in n]


def text(rows, end="\n"):
    return "".join(",".join(r) + end for r in rows)


FIXTURES = [
    ("people.utf-8.csv", text(CHINESE).encode("utf-8")),
    ("people.utf-8-bom.csv", text(CHINESE).encode("utf-8-sig")),
    ("people.utf-16le.csv", text(CHINESE).encode("utf-16")),  # Python writes a LE BOM
    ("people.utf-16be.csv", b"\xfe\xff" + text(CHINESE).encode("utf-16-be")),
    ("people.utf-16le-nobom.csv", text(CHINESE).encode("utf-16-le")),
    ("people.gb18030.csv", text(CHINESE).encode("gb18030")),
    ("people.big5.csv", text(TRADITIONAL).encode("big5")),
    ("people.windows-1252.csv", text(LATIN).encode("cp1252")),
    ("people.macintosh.csv", text(LATIN).encode("mac_roman")),
    ("people.crlf.csv", text(CHINESE, "\r\n").encode("utf-8")),
    ("people.cr.csv", text(CHINESE, "\r").encode("utf-8")),
]

if __name__ == "__main__":
    for name, data in FIXTURES:
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(data)
