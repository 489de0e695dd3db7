#!/usr/bin/env bash
# Where the service allocates under bench/load.sh: runs the load bench with the runtime's EventPipe writing the GC keyword
# at level 5 (allocation ticks, one per ~100 KB a heap allocates, with their stacks; GC starts, ends and heap stats) of
# every dotnet process it starts to OUT/trace-PID.nettrace, then reads the service's trace over the 8-client real-page run
# (bench/Archive.Bench.AllocSites): small and large object heap apart, by upload stage, type and site, and the bytes each
# GC promoted by generation. The ticks and their stacks cost the service CPU: take no throughput or latency from this run.
# usage: OUT=/tmp/alloc bash bench/alloc_sites.sh   (env as bench/load.sh's: DURATION, SERVICE_PORT, BODIES_FROM, KEEP, ...;
#                                                  TOP=25 rows per table)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
out=${OUT:?OUT=folder for the traces and the load log}
mkdir -p "$out"
dotnet build "$repo/src/Archive.Api" -c Release -v q -nologo >/dev/null
dotnet build "$repo/bench/Archive.Bench.AllocSites" -c Release -v q -nologo >/dev/null
DOTNET_EnableEventPipe=1 DOTNET_EventPipeOutputPath="$out/trace-{pid}.nettrace" \
  DOTNET_EventPipeConfig='Microsoft-Windows-DotNETRuntime:0x1:5' \
  bash "$repo/bench/load.sh" 2>&1 | while IFS= read -r l; do echo "$(date -u +%T) $l"; done | tee "$out/load.log"
from=$(grep -m1 'real-page uploads, 8 clients' "$out/load.log" | cut -d' ' -f1)
to=$(grep -m1 'POST real page, 8 clients' "$out/load.log" | cut -d' ' -f1)
uploads=$(grep -m1 'real-page uploads: ' "$out/load.log" | sed -n 's/.*, \([0-9]*\) uploads;.*/\1/p')
echo "== allocations, $from–$to UTC ($uploads uploads)"
dotnet "$repo/bench/Archive.Bench.AllocSites/bin/Release/net10.0/Archive.Bench.AllocSites.dll" "$out" "$from" "$to" "${TOP:-25}" "${uploads:-0}"
