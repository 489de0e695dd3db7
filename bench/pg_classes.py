#!/usr/bin/env python3
"""PostgreSQL's CPU by process class over a run: samples the postmaster's children every INTERVAL s until SIGTERM/SIGINT,
then writes each class's CPU and how many processes of that class it saw start (bench/service.sh's pg_split_stop prints
them per upload).

usage: pg_classes.py POSTMASTER_PID OUT_FILE [INTERVAL]   (runs until signalled; writes a JSON summary to OUT_FILE)

Classes come from the process title PostgreSQL sets (update_process_title): "postgres: checkpointer",
"postgres: autovacuum worker", a backend's "postgres: USER DB [local] STATE". A child that exits between two samples
keeps the CPU of its last sample; the rest of its time lands in the postmaster's reaped-children counters, which the
summary reports as "exited since last sample" (the cluster total minus the sum over classes), so the classes always add
up to the cluster's whole CPU.

The bench's own sessions are not the service's: pids listed in OUT_FILE.bench (one a line, written while the run goes, e.g.
bench/load.sh's search-lag sampler) form the class "bench (not counted)", reported but left out of total_ms.
"""
import json
import os
import signal
import sys
import time

master = int(sys.argv[1])
out = sys.argv[2]
interval = float(sys.argv[3]) if len(sys.argv) > 3 else 0.2
ticks_per_s = os.sysconf("SC_CLK_TCK")


def stat(pid):
    with open(f"/proc/{pid}/stat") as f:
        s = f.read()
    fields = s[s.rindex(")") + 2:].split()
    # fields[0] is field 3 (state); utime=14, stime=15, cutime=16, cstime=17 → indexes 11..14
    return fields, int(fields[11]) + int(fields[12]), int(fields[13]) + int(fields[14])


def children():
    try:
        with open(f"/proc/{master}/task/{master}/children") as f:
            return [int(p) for p in f.read().split()]
    except OSError:
        return [int(p) for p in os.listdir("/proc") if p.isdigit() and _ppid(int(p)) == master]


def _ppid(pid):
    try:
        return int(stat(pid)[0][1])
    except (OSError, ValueError, IndexError):
        return -1


def classify(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            title = f.read().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return None
    if not title.startswith("postgres:"):
        return "other"
    rest = title[len("postgres:"):].strip()
    for aux in ("checkpointer", "background writer", "walwriter", "autovacuum launcher", "autovacuum worker",
                "logical replication launcher", "logger", "archiver", "stats collector", "parallel worker",
                "startup", "walsender", "walreceiver"):
        # the title may start with the cluster's name ("15/main: checkpointer")
        if rest.startswith(aux) or rest.split(": ", 1)[-1].startswith(aux):
            return aux
    return "backend"


def master_ticks():
    _, own, reaped = stat(master)
    return own, reaped


start_own, start_reaped = master_ticks()
base, last, cls, started = {}, {}, {}, set()
first = True
stop = False


def on_signal(*_):
    global stop
    stop = True


signal.signal(signal.SIGTERM, on_signal)
signal.signal(signal.SIGINT, on_signal)
t0 = time.time()
live_start = {}
BENCH = "bench (not counted)"


def bench_pids():
    try:
        with open(out + ".bench") as f:
            return {int(p) for p in f.read().split()}
    except (OSError, ValueError):
        return set()


while True:
    bench = bench_pids()
    for pid in children():
        try:
            _, ticks, _ = stat(pid)
        except (OSError, ValueError):
            continue
        if pid not in base:
            c = classify(pid)
            if c is None:
                continue
            cls[pid] = c
            base[pid] = ticks if first else 0
            if first:
                live_start[pid] = ticks
            else:
                started.add(pid)
        if pid in bench:
            cls[pid] = BENCH
        elif cls.get(pid) == "other":
            # a child forked a moment ago still bears the postmaster's command line: ask again
            cls[pid] = classify(pid) or "other"
        last[pid] = ticks
    if first:
        # the caller starts its run once the baseline is taken (a loaded machine takes seconds to start an interpreter)
        open(out + ".ready", "w").close()
    first = False
    if stop:
        break
    time.sleep(interval)

end_own, end_reaped = master_ticks()
alive = set(children())
total = (end_own - start_own) + (end_reaped - start_reaped)
# live children at the end: their current ticks are in `last`; those at the start were in base
total += sum(last[p] for p in alive if p in last) - sum(live_start.get(p, 0) for p in alive if p in last)
# children alive at the start that exited: their whole life is in reaped; subtract the part before the run
total -= sum(v for p, v in live_start.items() if p not in alive)
by_class = {}
for pid, c in cls.items():
    d = last[pid] - base[pid]
    e = by_class.setdefault(c, {"ms": 0.0, "started": 0, "seen": 0})
    e["ms"] += d * 1000 / ticks_per_s
    e["seen"] += 1
    if pid in started:
        e["started"] += 1
by_class["postmaster itself"] = {"ms": (end_own - start_own) * 1000 / ticks_per_s, "started": 0, "seen": 1}
accounted = sum(v["ms"] for v in by_class.values())
by_class["exited since last sample"] = {"ms": total * 1000 / ticks_per_s - accounted, "started": 0, "seen": 0}
bench_ms = by_class.get(BENCH, {"ms": 0.0})["ms"]
json.dump({"seconds": time.time() - t0, "total_ms": total * 1000 / ticks_per_s - bench_ms, "bench_ms": bench_ms,
           "classes": by_class}, open(out, "w"))
