-- wrk script for bench/load.sh: each connection waits DELAY_MS between requests, so -c N gives about N*1000/DELAY_MS req/s
-- (Debian's wrk has no -R for a fixed rate).
local delay_ms = tonumber(os.getenv("DELAY_MS") or "20")
function delay() return delay_ms end
