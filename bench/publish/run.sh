#!/usr/bin/env bash
# Publish benchmark (issue 6): a dialogue with 20 rounds and 10,000 cases
# (bench/publish/make_records.py), published with `readout publish --no-pdf`,
# against Hugo (Debian's `hugo`) building the same number of Markdown pages
# with one simple layout, in the same run on the same machine. Prints pages/s
# of both and the ratio; the goal is readout >= 2x Hugo. Exits non-zero if
# it is missed. See docs/performance.md, "Publish".
#
#   bench/publish/run.sh BUILD_DIR [CASES] [THREADS]   # defaults: 10000 cases, 2 threads
set -euo pipefail
build=${1:?usage: run.sh BUILD_DIR [CASES] [THREADS]}
cases=${2:-10000}
threads=${3:-2}
here="$(cd "$(dirname "$0")" && pwd)"
readout="$(realpath "$build")/src/cli/readout"
[ -x "$readout" ] || { echo "no readout binary at $readout (build the readout target)" >&2; exit 2; }
command -v hugo >/dev/null || { echo "hugo is not installed (scripts/install-deps)" >&2; exit 2; }
tmp=$(mktemp -d -t readout-publish-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

python3 "$here/make_records.py" "$tmp/records.json" --rounds 20 --cases "$cases"
"$readout" init --db "$tmp/bench.db" >/dev/null
"$readout" import --db "$tmp/bench.db" "$tmp/records.json" >/dev/null

# Each program builds its site twice into a new folder, alternating
# (readout, hugo, readout, hugo), and its faster run counts: on ext4 the
# cost of creating a file depends on what was deleted in the last minutes
# (the inode allocator skips inodes freed recently, for up to 300 s while
# their inode table block is dirty), which favours whichever program runs
# later after a large deletion. Nothing is deleted during the runs.
run_readout() {  # OUT_DIR REPORT
  local s e
  s=$(date +%s.%N)
  "$readout" publish --db "$tmp/bench.db" --out "$1" --no-pdf --threads "$threads" >"$2"
  e=$(date +%s.%N)
  cat "$2" >&2
  python3 -c "print(float('$e') - float('$s'))"
}

echo "readout publish --no-pdf --threads $threads ($cases cases, 20 rounds) ..."
readout_first=$(run_readout "$tmp/site" "$tmp/report")
pages=$(sed -n 's/^Published \([0-9]*\) pages.*/\1/p' "$tmp/report")
start2=$(date +%s.%N)
"$readout" publish --db "$tmp/bench.db" --out "$tmp/site" --no-pdf --threads "$threads" >"$tmp/report2"
end2=$(date +%s.%N)
cat "$tmp/report2"

# The same number of pages for Hugo: one Markdown file per page, with a
# title and a paragraph, three languages' worth in one content folder, one
# layout with a header, navigation and the content.
python3 - "$tmp/hugo" "$pages" <<'PY'
import os, sys
root, pages = sys.argv[1], int(sys.argv[2])
os.makedirs(f"{root}/layouts/_default", exist_ok=True)
os.makedirs(f"{root}/content/p", exist_ok=True)
open(f"{root}/hugo.toml", "w").write(
    'baseURL = "/"\nrelativeURLs = true\nuglyURLs = true\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n')
layout = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body>'
          '<header><nav><a href="/">Home</a> <a href="/p/">Pages</a></nav></header>'
          '<main><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>\n')
open(f"{root}/layouts/_default/single.html", "w").write(layout)
open(f"{root}/layouts/_default/list.html", "w").write(layout.replace("{{ .Content }}",
    "{{ .Content }}<ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>"))
open(f"{root}/layouts/index.html", "w").write(layout)
for i in range(pages):
    with open(f"{root}/content/p/page-{i}.md", "w", encoding="utf-8") as f:
        f.write(f'---\ntitle: "Case {i}: Wang Wei {i} 王伟{i}"\n---\n\n'
                f"Detained in 2001 for peaceful expression. 2001年因和平表达被拘押。\n\n"
                f"- Status: detained\n- Case: [cas_b{i}](/p/page-{(i + 1) % pages}.html)\n")
PY
run_hugo() {  # DESTINATION
  local s e
  s=$(date +%s.%N)
  hugo --source "$tmp/hugo" --destination "$1" --quiet >/dev/null
  e=$(date +%s.%N)
  python3 -c "print(float('$e') - float('$s'))"
}
echo "hugo ($pages Markdown pages) ..."
hugo_first=$(run_hugo "$tmp/hugo-public")
hugo_pages=$(find "$tmp/hugo-public/p" -name 'page-*.html' | wc -l)
echo "readout publish, second fresh folder ..."
readout_second=$(run_readout "$tmp/site-2" "$tmp/report-2")
echo "hugo, second fresh folder ..."
hugo_second=$(run_hugo "$tmp/hugo-public-2")

python3 - "$readout_first" "$readout_second" "$pages" "$hugo_first" "$hugo_second" "$hugo_pages" "$start2" "$end2" <<'PY'
import sys
r1, r2, pages, h1, h2, hugo_pages, s2, e2 = sys.argv[1:]
rs, hs_ = min(float(r1), float(r2)), min(float(h1), float(h2))
r_rate, h_rate = int(pages) / rs, int(hugo_pages) / hs_
print(f"readout: {pages} pages in {rs:.2f} s = {r_rate:,.0f} pages/s (runs {float(r1):.2f} s and {float(r2):.2f} s; "
      f"re-run, nothing changed: {float(e2) - float(s2):.2f} s)")
print(f"hugo:    {hugo_pages} pages in {hs_:.2f} s = {h_rate:,.0f} pages/s (runs {float(h1):.2f} s and {float(h2):.2f} s)")
ratio = r_rate / h_rate
print(f"ratio readout/hugo: {ratio:.2f} (goal >= 2)")
sys.exit(0 if ratio >= 2 else 1)
PY
