#!/usr/bin/env python3
"""Article page cost per request that a loaded machine does not hide: the CPU time (every thread's
/proc/PID/task/*/schedstat, in ns) spent by the service and by the PostgreSQL backends of the reader bench database while
each /articles/{id} of the bench family's members is rendered, one at a time, beside the Server-Timing total and phases.
The members are the articles at the bench family's URLs (bench/Archive.Bench.Reader/Family.cs), read from the database.
Needs the service already running on 127.0.0.1:PORT against that database (as bench/reader.sh runs it, with
Reader__CacheArticlePages=false and ServerTiming__Enabled=true), on this machine; Linux only. The page of each member is
saved once (OUTDIR/<id>.html) so two builds can be compared byte for byte. Where the build sends each phase's allocated
bytes (Server-Timing's alloc parameter), their means are printed too.
usage: python3 bench/reader-page-cpu.py PORT OUTDIR [REQUESTS=500]"""
import os, re, random, subprocess, sys, urllib.request
port, out = sys.argv[1], sys.argv[2]
requests = int(sys.argv[3]) if len(sys.argv) > 3 else 500
database = os.environ.get('READER_BENCH_DB', 'archive_reader_bench_k100')
os.makedirs(out, exist_ok=True)
members = subprocess.run(['psql', '-h', '127.0.0.1', '-U', 'postgres', '-d', database, '-Atc',
                          "SELECT id FROM articles WHERE url LIKE 'https://www.bench-%/news/harbour-reform' ORDER BY url"],
                         env={**os.environ, 'PGPASSWORD': 'postgres'}, capture_output=True, text=True, check=True).stdout.split()

def service_pid():
    for p in os.listdir('/proc'):
        if p.isdigit():
            try:
                c = open(f'/proc/{p}/cmdline', 'rb').read()
                e = open(f'/proc/{p}/environ', 'rb').read()
            except Exception:
                continue
            if b'Archive.Api.dll' in c and f'127.0.0.1:{port}'.encode() in e:
                return p

def backends():
    r = []
    for p in os.listdir('/proc'):
        if p.isdigit():
            try:
                c = open(f'/proc/{p}/cmdline', 'rb').read()
            except Exception:
                continue
            if f' {database} '.encode() in c and c.startswith(b'postgres:'):
                r.append(p)
    return r

def cpu(pids):
    t = 0
    for p in pids:
        try:
            for th in os.listdir(f'/proc/{p}/task'):
                t += int(open(f'/proc/{p}/task/{th}/schedstat').read().split()[0])
        except Exception:
            pass
    return t

def get(path):
    with urllib.request.urlopen(f'http://127.0.0.1:{port}{path}', timeout=300) as r:
        body = r.read()
        header = r.headers.get('Server-Timing', '')
        timing = dict((m.group(1), float(m.group(2))) for m in re.finditer(r'([a-z]+);dur=([0-9.]+)', header))
        allocated = dict((m.group(1), int(m.group(2))) for m in re.finditer(r'([a-z]+);dur=[0-9.]+;alloc=(-?[0-9]+)', header))
    return body, timing, allocated

svc = service_pid()
rand = random.Random(3)
paths = [f'/articles/{members[rand.randrange(len(members))]}' for _ in range(requests)]
for m in members:
    body, _, _ = get(f'/articles/{m}')
    open(f'{out}/{m}.html', 'wb').write(body)
def ticks(pid):
    # The whole process's user and system time, threads that ended included (a thread's schedstat leaves with it).
    f = open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()
    return (int(f[11]) + int(f[12])) * 1000 / os.sysconf('SC_CLK_TCK')

rows = []
t0 = ticks(svc)
for path in paths:
    b = backends(); c0 = cpu(b); s0 = cpu([svc])
    body, timing, allocated = get(path)
    c1 = cpu(set(b) | set(backends())); s1 = cpu([svc])
    rows.append(((s1 - s0) / 1e6, (c1 - c0) / 1e6, timing, allocated))
service_mean = (ticks(svc) - t0) / len(paths)

def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, int(-(-p * len(xs) // 1)) - 1))]

def line(name, xs):
    print(f'  {name}: p50 {pct(xs, .5):.1f} p90 {pct(xs, .9):.1f} p99 {pct(xs, .99):.1f} max {max(xs):.1f} mean {sum(xs) / len(xs):.2f} ms')

print(f'article pages: {requests} requests over {len(members)} members, {sum(len(open(f"{out}/{m}.html", "rb").read()) for m in members) // len(members) // 1024} KiB a page')
line('service cpu (its threads that lived through each request)', [r[0] for r in rows])
print(f'  service cpu, whole process: mean {service_mean:.2f} ms')
line('postgres cpu', [r[1] for r in rows])
for phase in sorted({k for r in rows for k in r[2]}):
    line(f'server {phase}', [r[2].get(phase, 0.0) for r in rows])
# Builds whose Server-Timing names each phase's allocation (alloc=, bytes of the whole process: one request at a time here).
for phase in sorted({k for r in rows for k in r[3]}):
    xs = [r[3].get(phase, 0) / 1024 for r in rows]
    print(f'  allocated {phase}: p50 {pct(xs, .5):.0f} p99 {pct(xs, .99):.0f} mean {sum(xs) / len(xs):.0f} KiB')
