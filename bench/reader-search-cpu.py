#!/usr/bin/env python3
"""Search cost per query that a loaded machine does not hide: the CPU time (every thread's /proc/PID/task/*/schedstat, in ns)
spent by the PostgreSQL backends of the kept reader bench database and by the service while each /api/search of the bench's
query mix runs, one at a time, beside the Server-Timing total. Each answer of the first pass is saved (OUTDIR/NNN.json), so
two builds can be checked to give byte-identical answers (cmp). Needs the service already running on 127.0.0.1:PORT
against that database (as bench/reader.sh runs it), on this machine; Linux only.
usage: python3 bench/reader-search-cpu.py PORT OUTDIR [QUERIES=/tmp/archive_reader_bench_k100.queries] [PASSES=1]"""
import os, sys, json, time, urllib.request, re
port, out = sys.argv[1], sys.argv[2]
qfile = sys.argv[3] if len(sys.argv) > 3 else '/tmp/archive_reader_bench_k100.queries'
repeat = int(sys.argv[4]) if len(sys.argv) > 4 else 1
os.makedirs(out, exist_ok=True)
database = os.environ.get('READER_BENCH_DB', 'archive_reader_bench_k100')
queries = [l.strip() for l in open(qfile) if l.strip()]
def service_pid():
    for p in os.listdir('/proc'):
        if p.isdigit():
            try:
                c = open(f'/proc/{p}/cmdline','rb').read()
                e = open(f'/proc/{p}/environ','rb').read()
            except Exception: continue
            if b'Archive.Api.dll' in c and f'127.0.0.1:{port}'.encode() in e: return p
svc = service_pid()
def backends():
    r = []
    for p in os.listdir('/proc'):
        if p.isdigit():
            try: c = open(f'/proc/{p}/cmdline','rb').read()
            except Exception: continue
            if f' {database} '.encode() in c and c.startswith(b'postgres:'): r.append(p)
    return r
def cpu(pids):
    t = 0
    for p in pids:
        try:
            for th in os.listdir(f'/proc/{p}/task'):
                t += int(open(f'/proc/{p}/task/{th}/schedstat').read().split()[0])
        except Exception: pass
    return t
def get(q):
    with urllib.request.urlopen(f'http://127.0.0.1:{port}/api/search?{q}', timeout=300) as r:
        body = r.read(); st = r.headers.get('Server-Timing','')
    m = re.search(r'total;dur=([0-9.]+)', st)
    return body, float(m.group(1)) if m else -1
for q in queries[:40]: get(q)
rows = []
for rep in range(repeat):
    for i, q in enumerate(queries):
        b = backends(); c0 = cpu(b); s0 = cpu([svc])
        body, total = get(q)
        b2 = backends(); c1 = cpu(set(b) | set(b2)) ; s1 = cpu([svc])
        rows.append((q, total, (c1 - c0) / 1e6, (s1 - s0) / 1e6))
        if rep == 0:
            open(f'{out}/{i:03d}.json','wb').write(body)
with open(f'{out}/timings.tsv','w') as f:
    for r in rows: f.write('%s\t%.1f\t%.1f\t%.1f\n' % r)
def pct(xs, p):
    xs = sorted(xs); return xs[min(len(xs)-1, max(0, int(-(-p*len(xs)//1)) - 1))]
for name, k in (('server', 1), ('pg cpu', 2), ('svc cpu', 3)):
    xs = [r[k] for r in rows]
    print(f'{name}: p50 {pct(xs,.5):.1f} p90 {pct(xs,.9):.1f} p99 {pct(xs,.99):.1f} max {max(xs):.1f} sum {sum(xs):.0f} ms')
tot = [r[2] + r[3] for r in rows]
print(f'pg+svc cpu: p50 {pct(tot,.5):.1f} p90 {pct(tot,.9):.1f} p99 {pct(tot,.99):.1f} max {max(tot):.1f}')
for r in sorted(rows, key=lambda r: -(r[2]+r[3]))[:12]: print('  %.1f cpu (pg %.1f) %.1f server  %s' % (r[2]+r[3], r[2], r[1], r[0]))
