#!/usr/bin/env bash
# Lineage's in-process computation per real page (fingerprint, shingles, site-paragraph keys, canonical text, content hash):
# CPU ms and KiB allocated a page, one thread, over the load bench's pages (bench/load_pages.py's pool) as the engine leaves
# them, after a digest of every value lineage stores from them. Compare two builds by running each checkout's script in
# turn (alternated), and their digests: equal digests, the same stored numbers.
# usage: bench/lineage-cpu.sh [ROUNDS]    (default 3)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
shared=$repo/../shared
[ -d "$shared/data" ] || shared=$(cd "$(git -C "$repo" rev-parse --git-common-dir)/../.." && pwd)/shared
work=$(mktemp -d /tmp/lineage-cpu.XXXXXX)
trap 'rm -rf "$work"' EXIT
python3 "$repo/bench/load_pages.py" "$shared/data" "$work" 0 >/dev/null
dotnet build "$repo/bench/lineage-cpu" -c Release -v q -nologo >/dev/null
echo "== $(date -u +%FT%TZ), load average: $(cut -d' ' -f1-3 /proc/loadavg), $(git -C "$repo" rev-parse --short HEAD)"
dotnet "$repo/bench/lineage-cpu/bin/Release/net10.0/LineageCpu.dll" "$work/pages.tsv" "${1:-3}"
