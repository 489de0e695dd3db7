#!/usr/bin/env bash
# Offline lineage benchmark on lineage-dev: manifest order, then shuffled orders; the scores must be identical.
# usage: bench/lineage-offline.sh [set-dir] [seeds...]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
set_dir="${1:-/work/shared/data/lineage-dev}"
shift || true
seeds=("${@:-1 2 3}")
out="$here/out"
mkdir -p "$out"
dotnet build "$here/Archive.Bench.Lineage" -c Release -v q -nologo >/dev/null
bin="$here/Archive.Bench.Lineage/bin/Release/net10.0/Archive.Bench.Lineage"
score() { python3 /work/shared/bench/lineage/score.py --truth "$set_dir/truth.json" --pred "$1"; }

echo "== manifest order"
"$bin" "$set_dir/manifest.jsonl" "$out/pred.json" --report "$out/report.txt"
score "$out/pred.json" | tee "$out/score-manifest.txt"
for seed in ${seeds[*]}; do
  echo "== shuffle seed $seed"
  "$bin" "$set_dir/manifest.jsonl" "$out/pred-seed$seed.json" --seed "$seed"
  score "$out/pred-seed$seed.json" | tee "$out/score-seed$seed.txt"
  if cmp -s "$out/pred.json" "$out/pred-seed$seed.json"; then echo "predictions identical to manifest order"; else echo "PREDICTIONS DIFFER"; fi
done
