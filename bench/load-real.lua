-- wrk script for bench/load.sh: POST /api/captures uploads of real pages, one prepared body per request
-- (bench/load_pages.py writes BODIES/N.json, each with a URL of its own). Thread t of T sends bodies FIRST+t-1,
-- FIRST+t-1+T, ... up to LAST, then starts again at FIRST (a re-upload: a new version of a known article).
-- Environment: BODIES (folder), FIRST, LAST, THREADS (wrk's -t), ARCHIVE_KEY.
local dir = os.getenv("BODIES")
local first = tonumber(os.getenv("FIRST") or "0")
local last = tonumber(os.getenv("LAST") or "0")
local threads = tonumber(os.getenv("THREADS") or "1")
local key = os.getenv("ARCHIVE_KEY") or ""
local thread_id = 0
local next_index = 0

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end

function init(args)
  next_index = first + tid - 1
end

function request()
  if next_index > last then next_index = first + tid - 1 end
  local f = assert(io.open(dir .. "/" .. next_index .. ".json", "rb"))
  local body = f:read("*a")
  f:close()
  next_index = next_index + threads
  return wrk.format("POST", "/api/captures", { ["Content-Type"] = "application/json", ["X-Api-Key"] = key }, body)
end
