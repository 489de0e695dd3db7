#!/usr/bin/env bash
# Real-page uploads against one and against several API processes on one database, one after the other on the same
# pages, printed side by side (issue 15). For each count N in PROCESSES:
#  - a fresh embedded cluster (bench/service.sh), then N Release processes with Archive:Role=api on it, each on a port of
#    its own (an upload needs no worker: its lineage update runs in the request, and every role runs the log sequencer);
#  - a warm-up of WARM_UPLOADS real-page uploads spread over all N (JIT and pools of every process);
#  - the measured run: CLIENTS connections split evenly, one wrk per process (CLIENTS/N connections each) over the same
#    real-page bodies as bench/load.sh (bench/load_pages.py, bench/load-real.lua), for DURATION s. Uploads/s is the sum
#    of the instances' rates; p50/p90/p99 are over all requests (the wrk histograms merged, bench/load_merge.py); service
#    CPU per upload is summed over the N processes, PostgreSQL's over the postmaster and its backends.
# Every configuration starts from an empty database and uploads the same bodies in the same order, so only the process
# count differs. Rate limits are off; each upload waits for its transparency-log entry, as in production.
# usage: bash bench/load-procs.sh   (env: PROCESSES="1 2", ROUNDS=1 (rounds alternate the counts: 1 2 1 2 ...),
#                                    DURATION=60 s, CLIENTS=8, WARM_UPLOADS=400, SERVICE_PORT=18540 (process i: +i),
#                                    START_TIMEOUT=600 s per process start, KEEP=1)
set -euo pipefail
export START_TIMEOUT=${START_TIMEOUT:-600}
repo=$(cd "$(dirname "$0")/.." && pwd)
shared=$repo/../shared
[ -d "$shared/data" ] || shared=$(cd "$(git -C "$repo" rev-parse --git-common-dir)/../.." && pwd)/shared
read -r -a counts <<<"${PROCESSES:-1 2}"
rounds=${ROUNDS:-1}
duration=${DURATION:-60}
clients=${CLIENTS:-8}
warm_uploads=${WARM_UPLOADS:-400}
first_port=${SERVICE_PORT:-18540}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
for n in "${counts[@]}"; do
  [ $((clients % n)) -eq 0 ] && [ $((clients / n)) -ge 2 ] ||
    { echo "CLIENTS=$clients does not split into $n processes of 2 or more connections each" >&2; exit 2; }
done
work=$(mktemp -d /tmp/archive-load-procs.XXXXXX)
chmod 755 "$work"
# shellcheck source=bench/service.sh
source "$repo/bench/service.sh"
pids=()
sampler_pid=""
# The last process first: the first one started the embedded cluster and stops it when it stops.
stop_all() {
  local i
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do service_pid=${pids[i]}; stop_service; done
  pids=()
  stop_cluster
}
cleanup() {
  [ -n "$sampler_pid" ] && kill "$sampler_pid" 2>/dev/null || true
  stop_all
  if [ -z "${KEEP:-}" ]; then rm -rf "$work"; else echo "work folder kept: $work"; fi
}
trap cleanup EXIT

services_ticks() { local t=0 p; for p in "${pids[@]}"; do t=$((t + $(cpu_ticks "$p"))); done; echo "$t"; }
ticks=$(getconf CLK_TCK)
articles() { sql "SELECT count(*) FROM articles"; }
# Where the processes wait on each other: every second of the measured run, the lock requests not yet granted, split into
# the log sequencer's advisory lock (LockKeys.LogSequencer: the first 8 bytes of SHA-256("log:sequencer"), as classid and
# objid), the other advisory locks (story families, URL identities, publishers) and every other lock.
read -r seq_hi seq_lo < <(python3 -c 'import hashlib; k = int.from_bytes(hashlib.sha256(b"log:sequencer").digest()[:8], "big"); print(k >> 32, k & 0xFFFFFFFF)')
lock_waits() {
  while true; do
    sql "SELECT count(*) FILTER (WHERE locktype = 'advisory' AND classid = $seq_hi AND objid = $seq_lo),
           count(*) FILTER (WHERE locktype = 'advisory' AND NOT (classid = $seq_hi AND objid = $seq_lo)),
           count(*) FILTER (WHERE locktype <> 'advisory')
         FROM pg_locks WHERE NOT granted" 2>/dev/null | tr '|' ' '
    sleep 1
  done
}

# upload N FIRST SECONDS NAME [UNTIL_ARTICLES]: one wrk per process, CLIENTS/N connections each, over bodies FIRST..,
# for SECONDS or until UNTIL_ARTICLES articles are stored; histograms in $work/NAME.I.lat, wrk's output in NAME.I.txt.
upload() {
  local n=$1 first=$2 seconds=$3 name=$4 until=${5:-} i wrk_pids=()
  for ((i = 0; i < n; i++)); do
    BODIES=$work/bodies FIRST=$first LAST=$((bodies_needed - 1)) THREADS=2 INSTANCE=$i INSTANCES=$n \
      LATENCY_OUT=$work/$name.$i.lat ARCHIVE_KEY=$admin_key \
      wrk -t2 -c$((clients / n)) -d"${seconds}s" --timeout 20s --latency -s "$repo/bench/load-real.lua" \
        "http://127.0.0.1:$((first_port + i))" >"$work/$name.$i.txt" &
    wrk_pids+=($!)
  done
  if [ -n "$until" ]; then
    while kill -0 "${wrk_pids[0]}" 2>/dev/null && [ "$(articles)" -lt "$until" ]; do sleep 1; done
    kill -INT "${wrk_pids[@]}" 2>/dev/null || true # wrk prints its figures (and runs done()) on SIGINT
  fi
  wait "${wrk_pids[@]}" || true
}

echo "== $(date -u +%FT%TZ), load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores; process counts ${counts[*]}," \
  "$rounds round(s), ${duration}s runs, $clients clients"
# Bodies for the warm-up, a margin for the uploads in flight when it stops, and up to 100 uploads/s measured.
measure_first=$((warm_uploads * 2))
bodies_needed=$((measure_first + 100 * duration))
echo "== building (Release) and preparing $bodies_needed real-page bodies"
build_service
python3 "$repo/bench/load_pages.py" "$shared/data" "$work/bodies" "$bodies_needed"

results=()
contention=()
for ((round = 1; round <= rounds; round++)); do
  for n in "${counts[@]}"; do
    label="$n process"; [ "$n" -eq 1 ] || label+="es"
    echo "== $label (round $round): fresh cluster, $n × Archive:Role=api on ports $first_port.., warm-up $warm_uploads uploads"
    stop_all
    rm -rf "$work/pg" "$work/log-signing.key"
    for ((i = 0; i < n; i++)); do
      # The first process makes the cluster and the log key; the others find both.
      start_service $((first_port + i)) "$work/service-$n-$i.log" Archive__Role=api Access__RateLimit__Enabled=false
      pids+=("$service_pid")
    done
    upload "$n" 0 3600 "warm-$n-$round" "$warm_uploads"
    stored=$(articles)
    [ $((stored + clients)) -le "$measure_first" ] ||
      echo "   (the warm-up overran: $stored articles; measured bodies from $measure_first overlap the warm-up's)"

    echo "== $label (round $round): measured, ${duration}s, $clients clients ($((clients / n)) per process)"
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    passes0=$(sql "SELECT count(*) FROM log_checkpoints")
    lock_waits >"$work/locks-$n-$round.txt" &
    sampler_pid=$!
    cpu0=$(services_ticks); pg0=$(pg_ticks)
    upload "$n" "$measure_first" "$duration" "run-$n-$round"
    cpu1=$(services_ticks); pg1=$(pg_ticks)
    kill "$sampler_pid" 2>/dev/null || true; wait "$sampler_pid" 2>/dev/null || true; sampler_pid=""
    passes=$(( $(sql "SELECT count(*) FROM log_checkpoints") - passes0 ))
    waits=$(awk '{s += $1; f += $2; o += $3; n++} END {printf "%.2f / %.2f / %.2f", s / n, f / n, o / n}' "$work/locks-$n-$round.txt")
    read -r uploads rate p50 p90 p99 non2xx socket timeouts < <(python3 "$repo/bench/load_merge.py" "$work/run-$n-$round".*.lat)
    service_ms=$(awk -v a="$cpu0" -v b="$cpu1" -v n="$uploads" -v t="$ticks" 'BEGIN {printf "%.1f", (b - a) * 1000 / t / n}')
    pg_ms=$(awk -v a="$pg0" -v b="$pg1" -v n="$uploads" -v t="$ticks" 'BEGIN {printf "%.1f", (b - a) * 1000 / t / n}')
    rss=0; for p in "${pids[@]}"; do rss=$((rss + $(rss_kb "$p"))); done
    owed="lineage owed $(sql 'SELECT count(*) FROM pending_lineage'), log owed $(sql 'SELECT count(*) FROM log_pending')"
    line=$(printf "%-12s round %d  %6.2f uploads/s  p50 %7.1f ms  p90 %7.1f ms  p99 %7.1f ms  service CPU %6.1f ms/upload  PostgreSQL CPU %6.1f ms/upload  %5d uploads  non-2xx %d  socket errors %d  timeouts %d  RSS %d MiB  load %s" \
      "$label" "$round" "$rate" "$p50" "$p90" "$p99" "$service_ms" "$pg_ms" "$uploads" "$non2xx" "$socket" "$timeouts" $((rss / 1024)) "$load")
    echo "   $line; $owed"
    contention+=("$(printf "%-12s round %d  log passes per upload %.2f (%d passes); lock requests waiting, mean of 1 s samples: log sequencer / other advisory (families, URLs, publishers) / other locks %s" \
      "$label" "$round" "$(awk -v p="$passes" -v u="$uploads" 'BEGIN {print p / u}')" "$passes" "$waits")")
    results+=("$line")
  done
done
stop_all

echo "== results ($(date -u +%FT%TZ); load average at the end $(cut -d' ' -f1-3 /proc/loadavg), the load column is at each run's start; $(nproc) cores)"
printf '%s\n' "${results[@]}"
echo "where the processes wait on each other:"
printf '%s\n' "${contention[@]}"
