#!/bin/bash
# bench/first-pair.sh REPO PORT OUT: the first linked family of a process against the next (docs/performance.md, "gl30"): a fresh service and cluster; 3 unrelated pages, then glossier pair (756, 757), then the pair again
# at new URLs (pass 9), one at a time; prints each upload's Server-Timing.
set -u
repo=$1; port=$2; out=$3
work=$(mktemp -d /tmp/first-pair.XXXXXX)
chmod 755 "$work"
source "$repo/bench/service.sh"
trap 'stop_service; stop_cluster' EXIT
start_service "$port" "$work/service.log" Access__RateLimit__Enabled=false Worker__Enabled=false ServerTiming__Enabled=true || exit 1
sleep 25
B=${BODIES:?a load bench work folder's bodies (KEEP=1), e.g. /tmp/archive-load.XXXXXX/bodies}
up() { # body-file url-override label
  python3 -c "import json,sys; d=json.load(open(sys.argv[1])); d['url']=sys.argv[2] or d['url']; print(json.dumps(d))" "$1" "$2" >"$work/b.json"
  local t0=$(date +%s.%N)
  curl -s -o "$work/resp.json" -D "$work/h.txt" -X POST -H 'Content-Type: application/json' -H "X-Api-Key: $admin_key" \
    --data-binary @"$work/b.json" "http://127.0.0.1:$port/api/captures"
  local t1=$(date +%s.%N)
  echo "== $3 wall $(echo "($t1-$t0)*1000" | bc) ms, status $(head -1 $work/h.txt | tr -d '\r'), resp $(wc -c <$work/resp.json) B" >>"$out"
  grep -i '^server-timing' "$work/h.txt" | tr ',' '\n' | grep -E 'rl-|fr-|family|answer|render|total|lineage|handler' | tr '\n' ' ' >>"$out"; echo >>"$out"
  cp "$work/resp.json" "$out.$3.json"
}
for i in 10 11 12; do up $B/$i.json "" "p$i"; done
up $B/756.json "" a756
up $B/757.json "" a757
up $B/756.json "https://www.glossier.com/archive-load/9/756/756" b756
up $B/757.json "https://uk.glossier.com/archive-load/9/757/757" b757
echo "service CPU: $(awk '{print ($14+$15)*10 " ms"}' /proc/$service_pid/stat)" >>"$out"
echo "work $work" >>"$out"
