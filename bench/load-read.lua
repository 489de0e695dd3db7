-- wrk script for bench/load.sh: GET /api/articles/{id} over the article ids in IDS_FILE, chosen at random per request, so
-- reads spread over many articles instead of one. With DELAY_MS each connection waits that long between requests
-- (Debian's wrk has no -R for a fixed rate: -c N gives at most N*1000/DELAY_MS req/s).
local ids = {}
for line in io.lines(os.getenv("IDS_FILE")) do ids[#ids + 1] = line end
local delay_ms = tonumber(os.getenv("DELAY_MS") or "0")
math.randomseed(os.time())
function request()
  return wrk.format("GET", "/api/articles/" .. ids[math.random(#ids)])
end
if delay_ms > 0 then
  function delay() return delay_ms end
end
