#!/usr/bin/env bash
# Extraction benchmark: our F1/precision/recall, warm ms/page and peak memory beside the peer extractors, in one run.
# usage: bench/extraction.sh [HTML_DIR] [GROUND_TRUTH]
#   SHARED=/path/to/shared  overrides where the shared data and peer scripts live (default: <repo>/../shared)
#   SKIP_PEERS=1            scores only our output (quick iteration)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$repo/../shared}
[ -d "$shared" ] || shared=/work/shared
html=${1:-$shared/data/zyte/html}
truth=${2:-$shared/data/zyte/ground-truth.json}
out=${OUT_DIR:-$(mktemp -d)}
mkdir -p "$out"

dotnet build "$repo/src/Archive.Cli" -c Release -v q -nologo >/dev/null
cli="$repo/src/Archive.Cli/bin/Release/net10.0/archive.dll"

# Wall time and max RSS of the whole process (start-up, decoding, a warm-up pass and the timed pass).
/usr/bin/time -f "ours wall_s=%e max_rss_kb=%M" -o "$out/ours.time" \
  dotnet "$cli" extract "$html" --format benchmark --timings > "$out/ours.json" 2> "$out/ours.stderr"
cat "$out/ours.stderr" "$out/ours.time"

if [ -n "${SKIP_PEERS:-}" ]; then
  python3 "$shared/bench/extraction/score_zyte.py" "$truth" "$out/ours.json" --n-bootstrap 200
  echo "outputs in $out"
else
  EXTRA="$out/ours.json" "$shared/bench/extraction/run_peers.sh" "$html" "$truth" "$out"
fi
echo "ours: $(grep -o 'ms/page' -m1 "$out/ours.stderr" >/dev/null && sed -n 's/.*(\(.*ms\/page\)).*/\1/p' "$out/ours.stderr") warm, $(sed -n 's/.*max_rss_kb=\([0-9]*\).*/\1/p' "$out/ours.time") KB peak RSS"
