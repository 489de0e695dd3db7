#!/usr/bin/env bash
# The GC's pauses under bench/load.sh: runs the load bench with the runtime's EventPipe writing the GC events (keyword 0x1,
# level 4: starts, ends, suspensions, restarts, heap histories; no allocation ticks) of every dotnet process it starts to
# OUT/trace-PID.nettrace, then reads the service's trace over the 8-client real-page run (bench/Archive.Bench.GcPauses):
# each GC's generation, type, reason, compaction, pause and suspension, by class, and those over LIST_MS listed.
# usage: OUT=/tmp/gcp bash bench/gc_pauses.sh   (env as bench/load.sh's: DURATION, SERVICE_PORT, BODIES_FROM, KEEP, ...;
#                                              LIST_MS=30)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
out=${OUT:?OUT=folder for the traces and the load log}
mkdir -p "$out"
dotnet build "$repo/src/Archive.Api" -c Release -v q -nologo >/dev/null
dotnet build "$repo/bench/Archive.Bench.GcPauses" -c Release -v q -nologo >/dev/null
DOTNET_EnableEventPipe=1 DOTNET_EventPipeOutputPath="$out/trace-{pid}.nettrace" \
  DOTNET_EventPipeConfig='Microsoft-Windows-DotNETRuntime:0x1:4' \
  bash "$repo/bench/load.sh" 2>&1 | while IFS= read -r l; do echo "$(date -u +%T) $l"; done | tee "$out/load.log"
# The 8-client real-page run: from its header line to its result line (the timestamps above).
from=$(grep -m1 'real-page uploads, 8 clients' "$out/load.log" | cut -d' ' -f1)
to=$(grep -m1 'POST real page, 8 clients' "$out/load.log" | cut -d' ' -f1)

echo "== GC pauses, $from–$to UTC"
dotnet "$repo/bench/Archive.Bench.GcPauses/bin/Release/net10.0/Archive.Bench.GcPauses.dll" "$out" "$from" "$to" "${LIST_MS:-30}"
