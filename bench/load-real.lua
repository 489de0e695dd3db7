-- wrk script for bench/load.sh: POST /api/captures uploads of real pages, one prepared body per request
-- (bench/load_pages.py writes BODIES/N.json, each with a URL of its own). Thread t of T sends bodies FIRST+t-1,
-- FIRST+t-1+T, ... up to LAST, then starts again at FIRST (a re-upload: a new version of a known article).
-- Environment: BODIES (folder), FIRST, LAST, THREADS (wrk's -t), ARCHIVE_KEY; PAGES (folder, optional): send each body's
-- page as itself instead (PAGES/N.html as a text/html body, PAGES/N.url, its URL escaped, as ?url=), bench/load.sh's
-- UPLOAD_FORM=page.
-- Several wrk instances at once (bench/load-procs.sh, one per service process): instance I of N (INSTANCE from 0,
-- INSTANCES) takes every N-th stride of THREADS bodies, so no two instances upload the same body. With LATENCY_OUT set,
-- done() writes the run's request count, errors and latency histogram there, so the instances' latencies can be merged
-- over all their requests (percentiles of percentiles would not be those of the whole run).
local dir = os.getenv("BODIES")
local first = tonumber(os.getenv("FIRST") or "0")
local last = tonumber(os.getenv("LAST") or "0")
local threads = tonumber(os.getenv("THREADS") or "1")
local key = os.getenv("ARCHIVE_KEY") or ""
local pages = os.getenv("PAGES")
if pages == "" then pages = nil end
local instance = tonumber(os.getenv("INSTANCE") or "0")
local stride = threads * tonumber(os.getenv("INSTANCES") or "1")
local thread_id = 0
local next_index = 0

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end

function init(args)
  next_index = first + instance * threads + tid - 1
end

-- With UPLOADS_OUT set, every answered upload is written to UPLOADS_OUT.<thread> as one line: the answer's wall-clock time
-- (epoch ms), the upload's wall time as the client saw it (ms), the body's number and bytes, the status and the answer's
-- Server-Timing header, so bench/load_tail.py can name the slowest uploads and where their time went (wrk itself keeps only
-- a histogram). A connection has one upload in flight and the answer names its body's URL (…/archive-load/R/I/N), which
-- pairs it with the time its request was built.
local uploads_out = os.getenv("UPLOADS_OUT")
if uploads_out == "" then uploads_out = nil end
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } load_timespec;
  int clock_gettime(int clock, load_timespec *ts);
]]
local timespec = ffi.new("load_timespec")
local function now_ms()
  ffi.C.clock_gettime(0, timespec) -- CLOCK_REALTIME: comparable with the samplers' timestamps
  return tonumber(timespec.tv_sec) * 1000 + tonumber(timespec.tv_nsec) / 1e6
end
local sent = {} -- body number -> { started ms, bytes }
local out = nil

-- Each request is built in one buffer per thread, reused: the head (the headers wrk.format would write), then the body read
-- straight from its file after it, then one Lua string of the whole. io.open and read("*a") grew a buffer of their own
-- through several copies, and wrk.format copied head and body into yet another string: at 170 KiB a body, fresh pages the
-- kernel cleared on each request. The bytes sent are the same.
ffi.cdef [[
  int open(const char *path, int flags);
  int close(int fd);
  long lseek(int fd, long offset, int whence);
  long pread(int fd, void *buf, size_t count, long offset);
]]
local buffer, buffer_size = nil, 0
local head_format = "POST /api/captures HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nX-Api-Key: %s\r\n" ..
  "Content-Length: %d\r\n\r\n"
local page_format = "POST /api/captures?url=%s HTTP/1.1\r\nHost: %s\r\nContent-Type: text/html\r\nX-Api-Key: %s\r\n" ..
  "Content-Length: %d\r\n\r\n"

function request()
  if next_index > last then next_index = first + instance * threads + tid - 1 end
  local path = pages and (pages .. "/" .. next_index .. ".html") or (dir .. "/" .. next_index .. ".json")
  local fd = ffi.C.open(path, 0)
  assert(fd >= 0, "cannot open " .. path)
  local size = tonumber(ffi.C.lseek(fd, 0, 2))
  local head
  if pages then
    local url_file = assert(io.open(pages .. "/" .. next_index .. ".url", "rb"))
    head = string.format(page_format, url_file:read("*a"), wrk.headers["Host"], key, size)
    url_file:close()
  else
    head = string.format(head_format, wrk.headers["Host"], key, size)
  end
  if buffer_size < #head + size then
    buffer_size = math.max(2 * buffer_size, #head + size, 1048576)
    buffer = ffi.new("char[?]", buffer_size)
  end
  ffi.copy(buffer, head, #head)
  local read = tonumber(ffi.C.pread(fd, buffer + #head, size, 0))
  ffi.C.close(fd)
  assert(read == size, "short read of " .. path)
  if uploads_out then sent[next_index] = { now_ms(), size } end
  next_index = next_index + stride
  return ffi.string(buffer, #head + size)
end

local function record(status, header, body)
  if not uploads_out then return end
  local n = body and tonumber(body:match("/archive%-load/%d+/%d+/(%d+)"))
  local started = n and sent[n]
  if not started then return end
  sent[n] = nil
  local ended = now_ms()
  if not out then out = assert(io.open(uploads_out .. "." .. instance .. "." .. tid, "a")) end
  out:write(string.format("%.1f %.1f %d %d %d %s\n", ended, ended - started[1], n, started[2], status, header or "-"))
  out:flush()
end

-- The service's Server-Timing phases of each answer (bench/load.sh starts it with ServerTiming:Enabled), summed per
-- thread and printed by done() as mean wall milliseconds per upload: where an upload's time goes, lineage's share included.
-- Globals, not locals: done() reads them from each thread's state with thread:get.
phase_sums = {}
timed = 0
local threads_seen = {}

function response(status, headers, body)
  local header = headers["Server-Timing"] or headers["server-timing"]
  record(status, header, body)
  if header == nil then return end
  timed = timed + 1
  for name, ms in header:gmatch("([%w_-]+);dur=([%d.]+)") do
    phase_sums[name] = (phase_sums[name] or 0) + tonumber(ms)
  end
end

local setup_first = setup
function setup(thread)
  setup_first(thread)
  table.insert(threads_seen, thread)
end

local function print_phases()
  local sums, n = {}, 0
  for _, thread in ipairs(threads_seen) do
    n = n + (thread:get("timed") or 0)
    for name, ms in pairs(thread:get("phase_sums") or {}) do sums[name] = (sums[name] or 0) + ms end
  end
  if n == 0 then return end
  local order = { "budget", "extract", "store", "lineage", "log", "answer", "handler", "render", "total" }
  local line = string.format("server-timing over %d uploads, mean ms:", n)
  for _, name in ipairs(order) do
    if sums[name] then line = line .. string.format(" %s %.1f", name, sums[name] / n) end
  end
  print(line)
end

-- Histogram lines "latency_us count" (latency(i) is the i-th distinct latency seen and its count), after a header line.
function done(summary, latency, requests)
  print_phases()
  local path = os.getenv("LATENCY_OUT")
  if not path then return end
  local out = assert(io.open(path, "w"))
  local e = summary.errors
  out:write(string.format("requests %d duration_us %d status_errors %d socket_errors %d timeouts %d\n", summary.requests,
    summary.duration, e.status, e.connect + e.read + e.write, e.timeout))
  for i = 1, #latency do
    local value, count = latency(i)
    out:write(value, " ", count, "\n")
  end
  out:close()
end
