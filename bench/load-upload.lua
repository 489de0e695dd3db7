-- wrk script for bench/load.sh: POST /api/captures uploads, each with a new URL and different article text.
-- The key comes from the ARCHIVE_KEY environment variable.
local words = { "council", "harbour", "river", "budget", "school", "storm", "market", "bridge", "election", "court",
  "station", "museum", "festival", "hospital", "railway", "factory", "farmers", "teachers", "minister", "mayor",
  "police", "report", "vote", "plan", "funding", "residents", "library", "coast", "winter", "drought", "flood",
  "energy", "housing", "wages", "strike", "union", "trial", "ferry", "airport", "orchard" }
local counter = 0
local thread_id = 0
local key = os.getenv("ARCHIVE_KEY") or ""

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end

function init(args)
  math.randomseed(os.time() * 100 + (tid or 0))
end

local function paragraph()
  local t = {}
  for i = 1, 40 do t[i] = words[math.random(#words)] end
  return "<p>" .. table.concat(t, " ") .. ".</p>"
end

function request()
  counter = counter + 1
  local id = string.format("%d-%d-%d", tid or 0, counter, math.random(1000000000))
  local body = '{"url":"https://load.example/story/' .. id .. '","html":"<html><head><title>Story ' .. id ..
    '</title></head><body><article><h1>Story ' .. id .. '</h1>' .. paragraph() .. paragraph() .. paragraph() ..
    paragraph() .. '</article></body></html>"}'
  return wrk.format("POST", "/api/captures", { ["Content-Type"] = "application/json", ["X-Api-Key"] = key }, body)
end
