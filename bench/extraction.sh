#!/usr/bin/env bash
# Extraction benchmark: ours beside SmartReader (and readability.js) over the same pages, in one run, per set.
# usage: bench/extraction.sh [zyte|wcxb|both]            (default both)
#   SHARED=/path/to/shared   where the shared data and peer scripts live (default: <repo>/../shared, else /work/shared)
#   PEERS="smartreader readability"   peers to run beside ours (default: smartreader; "" for ours only)
#   OUT_DIR=dir              keep outputs there (default: a temp dir)
# Prints, per set: each extractor's scores (WCXB: word F1 per page type; Zyte: shingle F1), the empty texts among
# article pages, whole-process wall time and peak RSS (/usr/bin/time), and our warm in-process ms/page.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$repo/../shared}
[ -d "$shared/data" ] || shared=/work/shared
sets=${1:-both}
peers=${PEERS-smartreader}
out=${OUT_DIR:-$(mktemp -d)}
mkdir -p "$out"
scripts="$shared/bench/extraction"

dotnet build "$repo/src/Archive.Cli" -c Release -v q -nologo >/dev/null
cli="$repo/src/Archive.Cli/bin/Release/net10.0/archive.dll"
if [[ " $peers " == *" smartreader "* ]]; then
  rm -rf "$out/smartreader-src" && cp -r "$scripts/smartreader" "$out/smartreader-src"
  dotnet build "$out/smartreader-src" -c Release -v q -o "$out/smartreader-bin" >/dev/null
fi
if [[ " $peers " == *" readability "* ]]; then
  rm -rf "$out/readability-src" && cp -r "$scripts/readability-js" "$out/readability-src"
  (cd "$out/readability-src" && npm ci --no-audit --no-fund >/dev/null 2>&1)
fi

empty_articles() { # prediction file, ground truth: article pages whose text came out empty
  # Pages whose ground truth is itself empty (the saved HTML holds no article: a script-only shell) are counted apart.
  python3 - "$1" "$2" <<'PY'
import gzip, json, sys
pred = json.load(open(sys.argv[1])); pred = pred.get("output", pred)
opener = gzip.open if sys.argv[2].endswith(".gz") else open
truth = json.load(opener(sys.argv[2], "rt"))
body = lambda v: v.get("mainContent", v.get("articleBody")) or ""
arts = [k for k, v in truth.items() if v.get("pageType", "article") == "article"]
text = lambda v: (v.get("articleBody") or "") if isinstance(v, dict) else (v or "")
empty = [k for k in arts if not text(pred.get(k, "")).strip()]
with_truth = [k for k in empty if body(truth[k]).strip()]
print(len(with_truth), "of", len(arts), f"(+{len(empty) - len(with_truth)} whose ground truth is empty too)", " ".join(with_truth[:10]))
PY
}

run_set() { # name, html dir, ground truth
  local name=$1 html=$2 truth=$3 dir="$out/$1"
  mkdir -p "$dir"
  echo "=== $name: $(ls "$html" | wc -l) pages; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  /usr/bin/time -f "ours wall_s=%e max_rss_kb=%M" -o "$dir/ours.time" \
    dotnet "$cli" extract "$html" --format benchmark > "$dir/ours.json"
  dotnet "$cli" extract "$html" --format benchmark --timings 2> "$dir/ours.warm" > /dev/null
  if [[ " $peers " == *" smartreader "* ]]; then
    /usr/bin/time -f "smartreader wall_s=%e max_rss_kb=%M" -o "$dir/smartreader.time" \
      dotnet "$out/smartreader-bin/SrBench.dll" "$html" "$dir/smartreader.json" 2> "$dir/smartreader.stderr"
  fi
  if [[ " $peers " == *" readability "* ]]; then
    /usr/bin/time -f "readability_js wall_s=%e max_rss_kb=%M" -o "$dir/readability_js.time" \
      env NODE_PATH="$out/readability-src/node_modules" node "$out/readability-src/batch.js" "$html" "$dir/readability_js.json"
  fi
  for f in "$dir"/*.json; do
    local who; who=$(basename "$f" .json)
    echo "--- $who: $(tail -n1 "$dir/$who.time"); empty article texts: $(empty_articles "$f" "$truth")"
    if [[ $truth == *.json.gz ]]; then
      python3 "$scripts/score_wcxb.py" "$truth" "$f"
    else
      python3 "$scripts/score_zyte.py" "$truth" "$f" --n-bootstrap 200
    fi
  done
  echo "ours warm: $(cat "$dir/ours.warm")"
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
}

[[ $sets == zyte || $sets == both ]] && run_set zyte "$shared/data/zyte/html" "$shared/data/zyte/ground-truth.json"
[[ $sets == wcxb || $sets == both ]] && run_set wcxb "$shared/data/wcxb-dev/html" "$shared/data/wcxb-dev/ground-truth.json.gz"
echo "outputs in $out"
