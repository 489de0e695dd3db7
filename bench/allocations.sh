#!/usr/bin/env bash
# What extraction allocates, by type and by allocating site: `archive extract --timings` over the load bench's real pages
# (both passes) with the runtime's EventPipe writing allocation ticks with stacks, read by bench/Archive.Bench.Allocations
# counting only ticks under PageProcessor.Process (the CLI's own reading and decoding left out, as its KiB/page figure).
# Bytes are load-proof; the run's ms/page under EventPipe are not a figure.
# usage: OUT=/tmp/alloc bash bench/allocations.sh PAGES_LIST   (PAGES_LIST: a file of page paths, e.g. a kept load bench
#        work folder's bodies/pages.txt; TOP=40 rows per table; FRAME=PageProcessor.Process)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
out=${OUT:?OUT=folder for the trace and the tables}
list=${1:?a file listing the pages, one path a line}
mkdir -p "$out"
dotnet build "$repo/src/Archive.Cli" -c Release -v q -nologo >/dev/null
dotnet build "$repo/bench/Archive.Bench.Allocations" -c Release -v q -nologo >/dev/null
mapfile -t pages <"$list"
DOTNET_EnableEventPipe=1 DOTNET_EventPipeOutputPath="$out/extract.nettrace" \
  DOTNET_EventPipeConfig='Microsoft-Windows-DotNETRuntime:0x19:5' DOTNET_ReadyToRun=0 \
  dotnet "$repo/src/Archive.Cli/bin/Release/net10.0/archive.dll" extract "${pages[@]}" --timings 2>"$out/extract.txt" >/dev/null
tail -1 "$out/extract.txt"
dotnet "$repo/bench/Archive.Bench.Allocations/bin/Release/net10.0/Archive.Bench.Allocations.dll" "$out/extract.nettrace" \
  $((2 * ${#pages[@]})) "${TOP:-40}" "${FRAME:-PageProcessor.Process}" | tee "$out/allocations.txt"
