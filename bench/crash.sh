#!/usr/bin/env bash
# Crash test: every submission must end `done` exactly once through a SIGKILL of the service and an immediate restart of
# PostgreSQL, and every capture must be in the transparency log exactly once, at dense indexes under a signed checkpoint.
# Talks to 127.0.0.1 only, stops by itself (every wait has a deadline) and leaves nothing running.
# usage: bench/crash.sh [PAGES]      (default 500 pages per round)
#   SERVICE_PORT (18480), ORIGIN_PORT (18481), KILL_AFTER (done jobs before the crash; default PAGES/4), KEEP=1 keeps the work folder
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
pages=${1:-500}
service_port=${SERVICE_PORT:-18480}
origin_port=${ORIGIN_PORT:-18481}
kill_after=${KILL_AFTER:-$((pages / 4))}
work=$(mktemp -d /tmp/archive-crash.XXXXXX)
chmod 755 "$work" # the embedded cluster runs as the postgres user when we are root
# shellcheck source=bench/service.sh
source "$repo/bench/service.sh"

cleanup() {
  stop_service
  [ -n "$origin_pid" ] && kill "$origin_pid" 2>/dev/null || true
  stop_cluster
  if [ -z "${KEEP:-}" ]; then rm -rf "$work"; else echo "work folder kept: $work"; fi
}
trap cleanup EXIT

# The short lease lets a restarted service take over the jobs the killed one held; rate limits and per-host politeness
# are off for the run (every page comes from the one origin).
service_env=(Jobs__Lease=00:00:10 Jobs__RetryDelay=00:00:01 Jobs__MaxAttempts=5 Access__RateLimit__Enabled=false Worker__Concurrency=4
  Politeness__PerHostConcurrency=4 Politeness__MinDelay=00:00:00 Lineage__SweepAfter=00:00:05 Lineage__SweepInterval=00:00:02)

echo "== building (Release) and generating $pages pages"
build_service
dotnet build "$repo/src/Archive.Cli" -c Release -v q -nologo >/dev/null
cli_dll="$repo/src/Archive.Cli/bin/Release/net10.0/archive.dll"
make_pages "$work/site" "$pages"
start_origin "$origin_port" "$work/site"
start_service "$service_port" "$work/service.log" "${service_env[@]}"

submit_round() { # submit_round ROUND → prints the batch id
  python3 - "$origin_port" "$pages" "$1" <<'PY' >"$work/batch-$1.json"
import json, sys
port, pages, rnd = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
print(json.dumps({"urls": [f"http://127.0.0.1:{port}/p/{n}.html?round={rnd}" for n in range(1, pages + 1)]}))
PY
  curl -sf -m 60 -X POST "http://127.0.0.1:$service_port/api/captures/batch" -H 'content-type: application/json' \
    -H "X-Api-Key: $admin_key" --data-binary "@$work/batch-$1.json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["batchId"])'
}

done_in() { sql "SELECT count(*) FROM jobs WHERE batch_id = '$1' AND state = 'done'" 2>/dev/null || echo 0; }

wait_until_done_at_least() { # BATCH N SECONDS
  local deadline=$((SECONDS + $3)) n
  while n=$(done_in "$1"); [ "${n:-0}" -lt "$2" ]; do
    [ $SECONDS -lt $deadline ] || { echo "   only $n done after $3 s"; return 1; }
    sleep 0.2
  done
}

wait_until_settled() { # BATCH SECONDS: no job queued or fetching
  local deadline=$((SECONDS + $2)) open
  while open=$(sql "SELECT count(*) FROM jobs WHERE batch_id = '$1' AND state IN ('queued','fetching')" 2>/dev/null || echo "?"); [ "$open" != 0 ]; do
    [ $SECONDS -lt $deadline ] || { echo "   $open jobs still open after $2 s"; return 1; }
    sleep 1
  done
}

failures=0
check_round() { # ROUND BATCH
  local r
  r=$(sql "SELECT count(*),
                  count(*) FILTER (WHERE j.state = 'done'),
                  count(*) FILTER (WHERE j.state = 'failed'),
                  count(*) FILTER (WHERE j.state IN ('queued','fetching')),
                  count(*) FILTER (WHERE j.state = 'done' AND (j.capture_id IS NULL OR c.id IS NULL OR c.job_id <> j.id)),
                  (SELECT count(*) FROM captures c2 JOIN jobs j2 ON j2.id = c2.job_id WHERE j2.batch_id = '$2'),
                  (SELECT count(DISTINCT c2.job_id) FROM captures c2 JOIN jobs j2 ON j2.id = c2.job_id WHERE j2.batch_id = '$2'),
                  max(j.attempts)
           FROM jobs j LEFT JOIN captures c ON c.id = j.capture_id WHERE j.batch_id = '$2'")
  IFS='|' read -r total done failed open broken captures capture_jobs max_attempts <<<"$r"
  local verdict=PASS
  if [ "$total" != "$pages" ] || [ "$done" != "$pages" ] || [ "$captures" != "$pages" ] || [ "$capture_jobs" != "$pages" ] || [ "$broken" != 0 ]; then
    verdict=FAIL; failures=$((failures + 1))
  fi
  printf '%-28s jobs=%s done=%s failed=%s open=%s captures=%s jobs-with-capture=%s done-without-own-capture=%s max-attempts=%s  %s\n' \
    "$1" "$total" "$done" "$failed" "$open" "$captures" "$capture_jobs" "$broken" "$max_attempts" "$verdict"
}

echo "== round 1: SIGKILL the service after $kill_after of $pages jobs are done, then start it again"
t0=$SECONDS
batch1=$(submit_round 1)
wait_until_done_at_least "$batch1" "$kill_after" 300 || true
before=$(done_in "$batch1"); inflight=$(sql "SELECT count(*) FROM jobs WHERE batch_id = '$batch1' AND state = 'fetching'")
curl -sf "http://127.0.0.1:$service_port/api/log/checkpoint" >"$work/before-kill.checkpoint"
kill -KILL "$service_pid"; wait "$service_pid" 2>/dev/null || true; service_pid=""
echo "   killed with $before done and $inflight leased; lineage updates left owed: $(sql 'SELECT count(*) FROM pending_lineage');" \
  "log entries left owed: $(sql 'SELECT count(*) FROM log_pending') (of $(sql 'SELECT count(*) FROM captures') captures)"
start_service "$service_port" "$work/service.log" "${service_env[@]}"
wait_until_settled "$batch1" 600 || true
echo "   settled in $((SECONDS - t0)) s"

echo "== round 2: restart PostgreSQL (pg_ctl restart -m immediate) after $kill_after of $pages jobs are done"
t0=$SECONDS
batch2=$(submit_round 2)
wait_until_done_at_least "$batch2" "$kill_after" 300 || true
before=$(done_in "$batch2")
as_postgres "$pg_bin/pg_ctl" restart -m immediate -w -t 60 -D "$work/pg" >/dev/null
echo "   PostgreSQL restarted with $before done; service still running: $(kill -0 "$service_pid" 2>/dev/null && echo yes || echo no)"
wait_until_settled "$batch2" 600 || true
echo "   settled in $((SECONDS - t0)) s"

echo "== summary ($pages submissions per round)"
check_round "round 1 (service SIGKILL)" "$batch1"
check_round "round 2 (PostgreSQL restart)" "$batch2"
dupes=$(sql "SELECT count(*) FROM (SELECT job_id FROM captures WHERE job_id IS NOT NULL GROUP BY job_id HAVING count(*) > 1) d")
echo "captures sharing a job: $dupes; worker errors logged: $(grep -c 'fetch worker failed' "$work/service.log" || true); takeovers dropped as already done: $(grep -c 'completed by another worker' "$work/service.log" || true)"
[ "$dupes" = 0 ] || failures=$((failures + 1))
# Lineage owed by a killed ingest is run by the sweeper (here after 5 s): none may stay owed, and every article has keys.
deadline=$((SECONDS + 60))
until owed=$(sql 'SELECT count(*) FROM pending_lineage'); [ "$owed" = 0 ] || [ $SECONDS -ge $deadline ]; do sleep 1; done
keyless=$(sql 'SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT FROM fingerprint_keys k WHERE k.article_id = a.id)')
echo "lineage updates still owed: $owed; articles without lineage keys: $keyless"
[ "$owed" = 0 ] && [ "$keyless" = 0 ] || failures=$((failures + 1))

# The transparency log: every capture in it exactly once, indexes dense from 0, nothing left owed, the latest checkpoint
# covering them all with the root recomputed here from the entries alone, and the log after the crash extending the
# checkpoint taken just before it (checked by `archive verify --log`).
deadline=$((SECONDS + 60))
until log_owed=$(sql 'SELECT count(*) FROM log_pending'); [ "$log_owed" = 0 ] || [ $SECONDS -ge $deadline ]; do sleep 1; done
IFS='|' read -r entries min_idx max_idx <<<"$(sql 'SELECT count(*), coalesce(min(idx), -1), coalesce(max(idx), -1) FROM log_entries')"
unlogged=$(sql 'SELECT count(*) FROM captures c WHERE NOT EXISTS (SELECT FROM log_entries e WHERE e.capture_id = c.id)')
twice=$(sql 'SELECT count(*) FROM (SELECT capture_id FROM log_entries WHERE capture_id IS NOT NULL GROUP BY capture_id HAVING count(*) > 1) d')
orphans=$(sql 'SELECT count(*) FROM log_entries e WHERE e.capture_id IS NOT NULL AND NOT EXISTS (SELECT FROM captures c WHERE c.id = e.capture_id)')
IFS='|' read -r signed_size signed_root <<<"$(sql "SELECT tree_size, encode(root_hash, 'hex') FROM log_checkpoints ORDER BY tree_size DESC LIMIT 1")"
sql "SELECT encode(entry, 'hex') FROM log_entries ORDER BY idx" >"$work/entries.hex"
recomputed=$(python3 - "$work/entries.hex" <<'PY'
import hashlib, sys
leaves = [hashlib.sha256(b"\x00" + bytes.fromhex(line.strip())).digest() for line in open(sys.argv[1]) if line.strip()]
def mth(h):  # RFC 9162 2.1.1
    if not h: return hashlib.sha256(b"").digest()
    if len(h) == 1: return h[0]
    k = 1
    while k * 2 < len(h): k *= 2
    return hashlib.sha256(b"\x01" + mth(h[:k]) + mth(h[k:])).digest()
print(mth(leaves).hex())
PY
)
gapless=no; [ "$min_idx" = 0 ] && [ "$max_idx" = $((entries - 1)) ] && gapless=yes
echo "log: $entries entries, indexes $min_idx..$max_idx gapless: $gapless; captures not logged: $unlogged; logged twice: $twice;" \
  "entries of no capture: $orphans; owed: $log_owed; latest checkpoint size $signed_size, root recomputed from the entries matches: $([ "$recomputed" = "$signed_root" ] && echo yes || echo no)"
[ "$gapless" = yes ] && [ "$unlogged" = 0 ] && [ "$twice" = 0 ] && [ "$orphans" = 0 ] && [ "$log_owed" = 0 ] \
  && [ "$signed_size" = "$entries" ] && [ "$recomputed" = "$signed_root" ] || failures=$((failures + 1))
if ARCHIVE_API_KEY=$admin_key dotnet "$cli_dll" verify --log "http://127.0.0.1:$service_port" --since "$work/before-kill.checkpoint" >"$work/growth.txt"; then
  echo "log growth since the checkpoint taken before the SIGKILL: $(grep consistency "$work/growth.txt" | cut -c19-)"
else
  echo "log growth since the checkpoint taken before the SIGKILL: NOT verified"; cat "$work/growth.txt"; failures=$((failures + 1))
fi
if [ "$failures" = 0 ]; then echo "RESULT: PASS"; else echo "RESULT: FAIL ($failures checks)"; exit 1; fi
