#!/usr/bin/env python3
"""Autovacuum's work by table and kind from a cluster's log with log_autovacuum_min_duration=0 (bench/load.sh with
PG_SETTINGS="log_autovacuum_min_duration=0" KEEP=1: the log is WORK/pg/server.log).
usage: bench/autovacuum_log.py SERVER_LOG UPLOADS [STATS_CSV]
Per table and kind: runs, CPU (user + system) s, elapsed s, pages read (buffer hits + misses), rows, and CPU s and rows per
1,000 uploads. Rows: a vacuum's tuples remaining; an analyze's sample, the smaller of 300 x its statistics target (120,000
for article_search, whose terms index has 400; 30,000 elsewhere) and the table's live rows at the time, which only
STATS_CSV gives: lines "epoch,relname,n_live_tup,..." sampled from pg_stat_user_tables during the run (without it an
analyze's rows are 0)."""
import re, sys, collections, datetime
log = sys.argv[1]
uploads = float(sys.argv[2])
stats = sys.argv[3] if len(sys.argv) > 3 else None
t0, t1 = 0, 1e18
SAMPLE = {"article_search": 120000}
live = collections.defaultdict(list)  # table -> [(t, n_live)]
for line in (open(stats) if stats else []):
    p = line.strip().split(",")
    if len(p) < 8 or not p[0][:1].isdigit():
        continue
    live[p[1]].append((float(p[0]), int(p[2])))
def live_at(table, t):
    best = None
    for ts, n in live.get(table, []):
        if ts <= t: best = n
        else: break
    return best if best is not None else (live[table][0][1] if live.get(table) else 0)
head = re.compile(r'^(\S+ \S+) \S+ \[\d+\] LOG:  automatic (vacuum|analyze) of table "[^.]+\.[^.]+\.([^"]+)"')
cpu = re.compile(r'system usage: CPU: user: ([\d.]+) s, system: ([\d.]+) s, elapsed: ([\d.]+) s')
buf = re.compile(r'buffer usage: (\d+) hits, (\d+) misses, (\d+) dirtied')
tup = re.compile(r'tuples: (\d+) removed, (\d+) remain')
agg = collections.defaultdict(lambda: [0, 0.0, 0.0, 0, 0])
cur = None
def flush(c):
    if c and c.get("cpu") is not None and t0 <= c["t"] <= t1:
        a = agg[(c["table"], c["kind"])]
        a[0] += 1; a[1] += c["cpu"]; a[2] += c["el"]; a[3] += c.get("pages", 0)
        if c["kind"] == "analyze":
            a[4] += min(SAMPLE.get(c["table"], 30000), live_at(c["table"], c["t"]))
        else:
            a[4] += c.get("rows", 0)
for line in open(log, errors="replace"):
    m = head.match(line)
    if m:
        flush(cur)
        t = datetime.datetime.strptime(m.group(1)[:19], "%Y-%m-%d %H:%M:%S").replace(tzinfo=datetime.timezone.utc).timestamp()
        cur = {"t": t, "kind": m.group(2), "table": m.group(3), "cpu": None}
        continue
    if cur is None: continue
    if (m := cpu.search(line)): cur["cpu"] = float(m.group(1)) + float(m.group(2)); cur["el"] = float(m.group(3))
    elif (m := buf.search(line)): cur["pages"] = int(m.group(1)) + int(m.group(2))
    elif (m := tup.search(line)): cur["rows"] = int(m.group(2))
    elif not line.startswith("\t"): flush(cur); cur = None
flush(cur)
tot = [0, 0.0, 0.0, 0, 0]
per = 1000 / uploads if uploads else 0
print(f"{'table':28} {'kind':8} {'runs':>4} {'CPU s':>7} {'elapsed':>8} {'pages':>9} {'rows':>9}" + ("  CPU s/1k up  rows/1k up" if uploads else ""))
for (t, k), a in sorted(agg.items(), key=lambda kv: -kv[1][1]):
    for i in range(5): tot[i] += a[i]
    extra = f"  {a[1]*per:11.2f}  {a[4]*per:10.0f}" if uploads else ""
    print(f"{t:28} {k:8} {a[0]:4} {a[1]:7.2f} {a[2]:8.2f} {a[3]:9} {a[4]:9}{extra}")
extra = f"  {tot[1]*per:11.2f}  {tot[4]*per:10.0f}" if uploads else ""
print(f"{'all':28} {'':8} {tot[0]:4} {tot[1]:7.2f} {tot[2]:8.2f} {tot[3]:9} {tot[4]:9}{extra}")
