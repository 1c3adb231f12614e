#!/usr/bin/env python3
"""Generates a readout-records file for the publish bench: one dialogue with
ROUNDS rounds and CASES detainees (a person, a case and a first legal event
each), 25 cases raised by an ask at each round. Deterministic; about a tenth
of the names are Chinese-only. Usage: make_records.py OUT [--rounds N] [--cases N]
"""
import argparse
import json
import random

SURNAMES = ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma", "Zhu"]
HANZI_SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱"]
GIVEN = ["Wei", "Fang", "Min", "Jing", "Lei", "Jun", "Yan", "Hui", "Qiang", "Ping", "Tao", "Ming", "Hong", "Xia"]
HANZI_GIVEN = ["伟", "芳", "敏", "静", "磊", "军", "燕", "慧", "强", "平", "涛", "明", "红", "霞"]
EVENTS = ["criminal_detention", "taken_away", "arrest_approved", "administrative_detention"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--cases", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=2013)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    records = [
        {"kind": "dialogue", "id": "dlg_bench", "name": {"en": "Bench Human Rights Dialogue", "zh_hans": "基准人权对话"},
         "party_a": {"name": {"en": "United States", "zh_hans": "美国"}},
         "party_b": {"name": {"en": "China", "zh_hans": "中国"}}, "first_held": "1991"},
        {"kind": "issue", "id": "iss_detention", "name": {"en": "Arbitrary detention", "zh_hans": "任意拘押"}},
    ]
    for r in range(args.rounds):
        year = 1995 + r
        records.append({"kind": "round", "id": f"rnd_{year}", "dialogue_id": "dlg_bench", "number": r + 1,
                        "title": {"en": f"Round {r + 1}, {year}", "zh_hans": f"第{r + 1}轮（{year}年）"},
                        "dates": f"{year}-07-01/{year}-07-02",
                        "summary": {"en": f"The {r + 1}th round of the bench dialogue.",
                                    "zh_hans": f"基准对话第{r + 1}轮。"}})
    for i in range(args.cases):
        k = rng.randrange(len(SURNAMES))
        g = rng.randrange(len(GIVEN))
        names = [{"text": HANZI_SURNAMES[k] + HANZI_GIVEN[g] + str(i), "script": "Hans", "kind": "legal",
                  "primary": True}]
        if i % 10:
            names.append({"text": f"{SURNAMES[k]} {GIVEN[g]} {i}", "script": "Latn", "scheme": "pinyin",
                          "kind": "legal"})
        records.append({"kind": "person", "id": f"prs_b{i}", "names": names})
        year = 1995 + rng.randrange(args.rounds)
        records.append({"kind": "case", "id": f"cas_b{i}", "person_id": f"prs_b{i}", "issue_ids": ["iss_detention"],
                        "summary": {"en": f"Detained in {year} for peaceful expression.",
                                    "zh_hans": f"{year}年因和平表达被拘押。"}})
        records.append({"kind": "legal_event", "id": f"lev_b{i}", "case_id": f"cas_b{i}",
                        "type": EVENTS[i % len(EVENTS)], "date": f"{year}-0{1 + i % 9}-1{i % 10}"})
    per_round = 25
    for r in range(args.rounds):
        for p in range(per_round):
            c = (r * per_round + p) % args.cases
            records.append({"kind": "ask", "id": f"ask_b{r}-{p}", "round_id": f"rnd_{1995 + r}", "position": p + 1,
                            "subject": {"kind": "case", "id": f"cas_b{c}"}, "requests": ["release"]})
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump({"format": "readout-records", "version": 1, "records": records}, f, ensure_ascii=False)


if __name__ == "__main__":
    main()
