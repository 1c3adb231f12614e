#!/usr/bin/env bash
# readout publish: demo db -> static site; every relative link resolves to a
# file in the folder; feeds are well-formed XML; a second run writes nothing;
# a case made restricted loses its pages on the next run; a folder publish
# did not write is refused.
set -euo pipefail
readout="$1"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

"$readout" init --db "$dir/a.db" >/dev/null
"$readout" demo --db "$dir/a.db" >/dev/null
"$readout" publish --db "$dir/a.db" --out "$dir/site" --no-pdf --threads 2 >"$dir/first.txt"
cat "$dir/first.txt"

# Every href/src/action that is not external, a fragment or a PDF skipped by
# --no-pdf must name a file inside the folder.
python3 - "$dir/site" <<'PY'
import html.parser, os, sys, urllib.parse
root = os.path.realpath(sys.argv[1])
bad, checked = [], 0
class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(); self.links = []
    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src", "action") and value is not None:
                self.links.append(value)
for folder, _, files in os.walk(root):
    for name in files:
        if not name.endswith((".html", ".atom")):
            continue
        path = os.path.join(folder, name)
        parser = Links()
        parser.feed(open(path, encoding="utf-8").read())
        for link in parser.links:
            parts = urllib.parse.urlsplit(link)
            if parts.scheme or link.startswith("//") or link.startswith("#") or link.startswith("mailto:"):
                continue
            if link.startswith("/"):
                bad.append(f"{os.path.relpath(path, root)}: absolute link {link}"); continue
            if parts.path.endswith(".pdf"):
                continue
            target = os.path.realpath(os.path.join(folder, urllib.parse.unquote(parts.path)))
            checked += 1
            if not target.startswith(root + os.sep) or not os.path.isfile(target):
                bad.append(f"{os.path.relpath(path, root)}: {link}")
if bad:
    print(f"FAIL: {len(bad)} links do not resolve to files in the folder:"); print("\n".join(bad[:20])); sys.exit(1)
print(f"links: {checked} relative links checked, all resolve")
PY

for f in index.html en/index.html zh-Hans/index.html zh-Hant/index.html en/search.html en/search-index.js \
         en/cases/cas_xu-zhiyong-2013.html zh-Hant/cases/cas_xu-zhiyong-2013.html en/feeds/readouts.atom \
         en/feeds/cases.atom; do
  [ -f "$dir/site/$f" ] || { echo "FAIL: $f was not written"; exit 1; }
done
grep -q '"zhiyong"' "$dir/site/en/search-index.js" || { echo "FAIL: the search index has no token zhiyong"; exit 1; }
grep -q '"人权"' "$dir/site/zh-Hans/search-index.js" || { echo "FAIL: the search index has no token 人权"; exit 1; }
grep -q '許志永' "$dir/site/zh-Hant/cases/cas_xu-zhiyong-2013.html" \
  || { echo "FAIL: the zh-Hant case page is not in Traditional characters"; exit 1; }
if command -v xmllint >/dev/null; then
  for feed in $(find "$dir/site" -name '*.atom'); do
    xmllint --noout "$feed" || { echo "FAIL: $feed is not well-formed XML"; exit 1; }
  done
fi

"$readout" publish --db "$dir/a.db" --out "$dir/site" --no-pdf >"$dir/second.txt"
grep -q ' 0 written, 0 removed' "$dir/second.txt" \
  || { echo "FAIL: a second run over the same data rewrote files:"; cat "$dir/second.txt"; exit 1; }

# Make the case restricted through the API's bundle path: export, edit, import into a fresh db.
"$readout" export --db "$dir/a.db" --out "$dir/bundle.json" 2>/dev/null
python3 - "$dir/bundle.json" <<'PY'
import json, sys
path = sys.argv[1]
bundle = json.load(open(path, encoding="utf-8"))
for record in bundle["records"]:
    if record["id"] == "cas_xu-zhiyong-2013":
        record["visibility"] = "restricted"
        break
else:
    sys.exit("no cas_xu-zhiyong-2013 in the bundle")
json.dump(bundle, open(path, "w", encoding="utf-8"), ensure_ascii=False)
PY
"$readout" init --db "$dir/b.db" >/dev/null
"$readout" import --db "$dir/b.db" "$dir/bundle.json" >/dev/null
"$readout" publish --db "$dir/b.db" --out "$dir/site" --no-pdf >"$dir/third.txt"
cat "$dir/third.txt"
for f in en/cases/cas_xu-zhiyong-2013.html zh-Hans/cases/cas_xu-zhiyong-2013.html zh-Hant/cases/cas_xu-zhiyong-2013.html; do
  [ ! -e "$dir/site/$f" ] || { echo "FAIL: $f is still there after the case was made restricted"; exit 1; }
done
# A published readout is a frozen, approved statement (docs/publishing.md): it
# may still name the case until an editor publishes a correction. Nothing
# else may.
named=$(grep -rl 'cas_xu-zhiyong-2013' "$dir/site" | grep -v -e '/readouts/' -e 'readouts\.atom$' || true)
if [ -n "$named" ]; then
  echo "FAIL: the restricted case is still named in:"; echo "$named" | head; exit 1
fi

mkdir "$dir/mine" && echo keep >"$dir/mine/notes.txt"
if "$readout" publish --db "$dir/a.db" --out "$dir/mine" --no-pdf 2>"$dir/err"; then
  echo "FAIL: publish wrote into a folder it did not create"; exit 1
fi
[ -f "$dir/mine/notes.txt" ] || { echo "FAIL: publish removed a file it did not write"; exit 1; }
grep -q 'out_dir' "$dir/err" || { echo "FAIL: the refusal does not name out_dir:"; cat "$dir/err"; exit 1; }
echo "cli publish site: ok"
