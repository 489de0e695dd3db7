#!/usr/bin/env bash
# Opens a WACZ exported by the service in ReplayWeb.page (npm replaywebpage, served locally) in Debian's headless Chromium
# and saves a screenshot to docs/replaywebpage-wacz.png. Everything runs on 127.0.0.1 (ports 8402-8404).
# Needs: apt-get install chromium; the system PostgreSQL (ConnectionStrings__Archive, as for the tests).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
base=${ConnectionStrings__Archive:-Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=archive}
db="archive_replay_$$"
conn="$(echo "$base" | sed -E "s/Database=[^;]*/Database=$db/")"
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  PGPASSWORD=postgres psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

(cd "$here" && npm ci --no-audit --no-fund --ignore-scripts >/dev/null 2>&1 || npm install --no-audit --no-fund --ignore-scripts >/dev/null)
PGPASSWORD=postgres psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $db" >/dev/null
dotnet build "$repo/src/Archive.Api" -c Release -v q -nologo >/dev/null

# The origin: one of the engine's golden pages, as a news site would serve it.
mkdir -p "$work/origin/news"
cp "$repo/tests/Archive.Engine.Tests/Pages/000-breitbart-figure-credit-comments/source.html" "$work/origin/news/story.html"
node "$here/serve.mjs" "$work/origin" 8403 & pids+=($!)

(cd "$repo/src/Archive.Api/bin/Release/net10.0" && exec env ConnectionStrings__Archive="$conn" Urls="http://127.0.0.1:8402" \
   Fetching__AllowedNetworks__0=127.0.0.1/32 Export__SigningKeyPath="$work/key.pem" Logging__LogLevel__Default=Warning \
   dotnet Archive.Api.dll >"$work/service.log" 2>&1) & pids+=($!)
until curl -sf -m 2 http://127.0.0.1:8402/health >/dev/null; do sleep 0.5; done

job=$(curl -sf -X POST http://127.0.0.1:8402/api/captures -H 'content-type: application/json' \
  -d '{"url":"http://127.0.0.1:8403/news/story.html"}' | sed -E 's/.*"id":"([^"]+)".*/\1/')
for _ in $(seq 1 60); do
  state=$(curl -sf "http://127.0.0.1:8402/api/captures/$job" | sed -E 's/.*"state":"([^"]+)".*/\1/')
  [ "$state" = done ] && break; sleep 0.5
done
article=$(curl -sf "http://127.0.0.1:8402/api/captures/$job" | sed -E 's/.*"articleId":"([^"]+)".*/\1/')

mkdir -p "$work/site"
cp "$here/node_modules/replaywebpage/index.html" "$here/node_modules/replaywebpage/ui.js" "$here/node_modules/replaywebpage/sw.js" "$work/site/"
curl -sf -o "$work/site/archive.wacz" "http://127.0.0.1:8402/api/articles/$article/wacz"
echo "WACZ: $(stat -c %s "$work/site/archive.wacz") bytes for article $article"
node "$here/serve.mjs" "$work/site" 8404 & pids+=($!)
sleep 1

view="http://127.0.0.1:8404/?source=http%3A%2F%2F127.0.0.1%3A8404%2Farchive.wacz#view=pages&url=http%3A%2F%2F127.0.0.1%3A8403%2Fnews%2Fstory.html"
chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$work/profile" --remote-debugging-port=8405 about:blank 2>"$work/chromium.log" & pids+=($!)
until curl -sf -m 1 http://127.0.0.1:8405/json/version >/dev/null; do sleep 0.5; done
node --experimental-websocket "$here/capture.mjs" 8405 "${1:-$view}" "$repo/docs/replaywebpage-wacz.png" "${2:-60}"
echo "screenshot: docs/replaywebpage-wacz.png"
