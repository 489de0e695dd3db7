#!/usr/bin/env bash
# Captures the engine's golden pages from a local origin with Debian's wget --warc-file, imports the WARC through the CLI
# (`archive import`), and checks each imported capture's date against wget's WARC-Date and its bytes against the origin's.
# Everything on 127.0.0.1 (ports 8406-8407). Needs wget and the system PostgreSQL (ConnectionStrings__Archive).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
base=${ConnectionStrings__Archive:-Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=archive}
db="archive_wget_$$"
conn="$(echo "$base" | sed -E "s/Database=[^;]*/Database=$db/")"
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  PGPASSWORD=postgres psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
PGPASSWORD=postgres psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $db" >/dev/null
dotnet build "$repo/src/Archive.Api" -c Release -v q -nologo >/dev/null
dotnet build "$repo/src/Archive.Cli" -c Release -v q -nologo >/dev/null

mkdir -p "$work/origin/news"
for page in "$repo"/tests/Archive.Engine.Tests/Pages/*/source.html; do cp "$page" "$work/origin/news/$(basename "$(dirname "$page")").html"; done
node "$repo/bench/replay/serve.mjs" "$work/origin" 8407 & pids+=($!)
(cd "$repo/src/Archive.Api/bin/Release/net10.0" && exec env ConnectionStrings__Archive="$conn" Urls="http://127.0.0.1:8406" \
   Imports__SpoolDirectory="$work/spool" Logging__LogLevel__Default=Warning dotnet Archive.Api.dll >"$work/service.log" 2>&1) & pids+=($!)
until curl -sf -m 2 http://127.0.0.1:8406/health >/dev/null; do sleep 0.5; done

urls=()
for page in "$work"/origin/news/*.html; do urls+=("http://127.0.0.1:8407/news/$(basename "$page")"); done
(cd "$work" && wget --quiet --tries=1 --no-proxy --warc-file=capture -O /dev/null "${urls[@]}")
echo "wget $(wget --version | head -1 | cut -d' ' -f3): capture.warc.gz $(stat -c %s "$work/capture.warc.gz") bytes, ${#urls[@]} pages"

start=$(date +%s.%N)
ARCHIVE_URL=http://127.0.0.1:8406 dotnet "$repo/src/Archive.Cli/bin/Release/net10.0/archive.dll" import "$work/capture.warc.gz"
echo "import took $(echo "$(date +%s.%N) - $start" | bc) s (upload + processing, CLI start included)"

# Read back: WARC-Date of each response in wget's file against the capture's capturedAt; bytes against the origin's file.
zcat "$work/capture.warc.gz" | awk -v RS='\r\n' '/^WARC-Type: /{type=$2} /^WARC-Target-URI: /{uri=$2; gsub(/[<>]/, "", uri)} /^WARC-Date: /{date=$2} /^$/{if (type=="response" && uri!="") print uri, date; type=""; uri=""}' \
  | sort -u > "$work/dates"
ok=0; bad=0
while read -r uri date; do
  article=$(curl -sf "http://127.0.0.1:8406/api/articles?url=$uri")
  captured=$(echo "$article" | sed -E 's/.*"capture":\{"id":"[^"]+","capturedAt":"([^"]+)".*/\1/')
  capture=$(echo "$article" | sed -E 's/.*"capture":\{"id":"([^"]+)".*/\1/')
  same_date=$([ "$(date -u -d "$captured" +%s)" = "$(date -u -d "$date" +%s)" ] && echo yes || echo no)
  same_bytes=$(cmp -s <(curl -sf "http://127.0.0.1:8406/api/captures/$capture/raw") "$work/origin/news/$(basename "$uri")" && echo yes || echo no)
  printf '%-80s WARC-Date %s  capturedAt %s  same date: %s  same bytes: %s\n' "$uri" "$date" "$captured" "$same_date" "$same_bytes"
  if [ "$same_date$same_bytes" = yesyes ]; then ok=$((ok + 1)); else bad=$((bad + 1)); fi
done < "$work/dates"
echo "$ok pages read back with wget's date and the origin's bytes, $bad not"

# And out again: the whole archive as WARC through `archive export`, read by warcio (tools/interop).
ARCHIVE_URL=http://127.0.0.1:8406 dotnet "$repo/src/Archive.Cli/bin/Release/net10.0/archive.dll" export --format warc -o "$work/export.warc.gz" 2>/dev/null
[ -d "$repo/tools/interop/node_modules/warcio" ] || npm ci --no-audit --no-fund --prefix "$repo/tools/interop" >/dev/null
node "$repo/tools/interop/check-warc.mjs" "$work/export.warc.gz" > "$work/records.jsonl"
echo "exported WARC: $(wc -l < "$work/records.jsonl") records read by warcio;" \
  "$(grep -c '"blockDigestOk":true' "$work/records.jsonl") block digests match, $(grep -c '"blockDigestOk":false' "$work/records.jsonl" || true) do not;" \
  "$(grep -c '"type":"response"' "$work/records.jsonl") responses, $(grep -c '"type":"conversion"' "$work/records.jsonl") clean texts"
[ "$bad" = 0 ]
