#!/usr/bin/env bash
# Lineage benchmark through the real service: upload every page of a lineage data set via POST /api/captures (manifest
# order, then shuffled orders), export GET /api/audit/republications, score with ../shared/bench/lineage/score.py.
# usage: bench/lineage.sh [DATA_DIR] [SHUFFLE_SEEDS...]    (default: ../shared/data/lineage-dev, seeds 1 2)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
# The shared material sits beside the main checkout; from a worktree, find it through git's common directory.
shared=$repo/../shared
[ -d "$shared" ] || shared=$(cd "$(git -C "$repo" rev-parse --git-common-dir)/../.." && pwd)/shared
data=${1:-$shared/data/lineage-dev}
shift || true
seeds=${*:-1 2}
score=$shared/bench/lineage/score.py
[ -f "$data/manifest.jsonl" ] || { echo "no lineage set at $data"; exit 1; }
work=$(mktemp -d /tmp/archive-lineage.XXXXXX)
chmod 755 "$work"   # the embedded PostgreSQL runs as the postgres user when we are root
port=${PORT:-5177}

dotnet build "$repo/src/Archive.Api" -c Release -v q -o "$work/api" >/dev/null

pid=
# A failed run must not leave the service (and its embedded PostgreSQL) running.
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null' EXIT

run() { # run NAME [--shuffle SEED]: a fresh service and database per run
  local name=$1; shift
  local pgdir=$work/pg-$name
  Database__DataDirectory=$pgdir Urls=http://127.0.0.1:$port Worker__Enabled=false Logging__LogLevel__Default=Warning \
    dotnet "$work/api/Archive.Api.dll" >"$work/$name.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$port/health" >/dev/null && break
    kill -0 "$pid" 2>/dev/null || { echo "the service did not start:"; tail -20 "$work/$name.log"; exit 1; }
    sleep 1
  done
  echo "== $name"
  python3 "$repo/bench/lineage_run.py" "http://127.0.0.1:$port" "$data" "$work/$name.json" "$@"
  python3 "$score" --truth "$data/truth.json" --pred "$work/$name.json" --json "$work/$name.score.json"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  pid=
}

run manifest
for seed in $seeds; do run "shuffle-$seed" --shuffle "$seed"; done
python3 - "$work" <<'PY'
import json, sys, pathlib
runs = sorted(pathlib.Path(sys.argv[1]).glob('*.score.json'))
scores = {p.name.removesuffix('.score.json'): json.loads(p.read_text()) for p in runs}
same = len({json.dumps(s, sort_keys=True) for s in scores.values()}) == 1
print(f"{'run':<11} {'pairF1':>6} {'edgeF1':>6} {'originAcc':>9} {'negFalse':>8} {'kindAcc':>7}  edge recall per kind")
for name, s in scores.items():
    recall = ' '.join(f"{k} {v['edgeRecall']:.3f}" for k, v in s['byKind'].items())
    print(f"{name:<11} {s['pairF1']:>6.3f} {s['edgeF1']:>6.3f} {s['originAcc']:>9.3f} {s['negFalse']:>8} {s['kindAcc']:>7.3f}  {recall}")
print('identical scores across upload orders:', same)
PY
echo "outputs in $work"
