#!/usr/bin/env python3
"""Per-upload costs of two running services side by side, in units that do not depend on load: real-page uploads from one
client, in blocks alternated between the services, each block counted on its own service only.

usage: bench/round_trips.py BODIES UPLOADS BLOCK NAME=URL,SERVICE_PID,PGDATA,KEY ...
  (bench/round-trips.sh starts the services and passes these.) Counted per upload, summed over the blocks:
  - after each block, until the service owes nothing for it (search rows, log entries, lineage: bench psql polls, counted
    on both sides alike), so the work an upload causes after its answer is counted in its own block;
  - the service's CPU and its threads' voluntary/involuntary context switches (/proc/PID/task/*/status; a thread that
    ends takes its counts with it, so the involuntary ones can even go down);
  - the cluster's CPU (every postgres process, exited children through the postmaster's cutime) and its processes'
    context switches (exited ones are lost: the pool keeps its backends, so few exit);
  - statements (pg_stat_statements calls, the bench's own reads left out) and the service's socket calls to PostgreSQL
    are taken by the shell around the whole run.
"""
import http.client, os, subprocess, sys, time, urllib.parse

TICKS = os.sysconf("SC_CLK_TCK")


def proc_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12]), int(fields[13]) + int(fields[14])  # own, reaped children


def switches(pid, threads=True):
    vol = invol = 0
    tasks = os.listdir(f"/proc/{pid}/task") if threads else [str(pid)]
    for t in tasks:
        try:
            with open(f"/proc/{pid}/task/{t}/status") as f:
                for line in f:
                    if line.startswith("voluntary_ctxt_switches"):
                        vol += int(line.split()[1])
                    elif line.startswith("nonvoluntary_ctxt_switches"):
                        invol += int(line.split()[1])
        except FileNotFoundError:
            pass
    return vol, invol


def cluster_pids(pgdata):
    with open(os.path.join(pgdata, "postmaster.pid")) as f:
        postmaster = int(f.readline())
    children = []
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                with open(f"/proc/{p}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == postmaster:
                        children.append(int(p))
            except (FileNotFoundError, ProcessLookupError):
                pass
    return postmaster, children


def snapshot(service_pid, pgdata):
    own, _ = proc_ticks(service_pid)
    svol, sinv = switches(service_pid)
    postmaster, children = cluster_pids(pgdata)
    pm_own, pm_children = proc_ticks(postmaster)
    pg = pm_own + pm_children
    pvol, pinv = switches(postmaster, threads=False)
    for c in children:
        try:
            pg += proc_ticks(c)[0]
            v, i = switches(c, threads=False)
            pvol += v
            pinv += i
        except (FileNotFoundError, ProcessLookupError):
            pass
    return dict(service_cpu=own, service_vol=svol, service_invol=sinv, pg_cpu=pg, pg_vol=pvol, pg_invol=pinv)


OWED = ("SELECT (SELECT count(*) FROM articles WHERE current_version_id IS DISTINCT FROM indexed_version_id)"
        " + (SELECT count(*) FROM log_pending) + (SELECT count(*) FROM pending_lineage)")


def drain(pgdata):
    """Waits until the block's uploads owe nothing (search rows, log entries, lineage), so the work they cause after their
    answer (the search indexer's, mostly) is counted with them and not in the other service's block."""
    for _ in range(600):
        out = subprocess.run(["psql", "-h", pgdata, "-p", "5432", "-U", "archive", "-d", "archive", "-Atqc", OWED],
                             capture_output=True, text=True).stdout.strip()
        if out == "0":
            return
        time.sleep(0.2)


def main():
    bodies, uploads, block = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    services = []
    for arg in sys.argv[4:]:
        name, rest = arg.split("=", 1)
        url, pid, pgdata, key = rest.split(",")
        u = urllib.parse.urlparse(url)
        services.append(dict(name=name, host=u.hostname, port=u.port, pid=int(pid), pgdata=pgdata, key=key,
                             totals={}, done=0, statuses={}))
    first = int(os.environ.get("FIRST", "0"))
    for s in services:
        s["conn"] = http.client.HTTPConnection(s["host"], s["port"], timeout=60)
    n = 0
    while n < uploads:
        for s in services:
            before = snapshot(s["pid"], s["pgdata"])
            for i in range(n, min(n + block, uploads)):
                with open(os.path.join(bodies, f"{first + i}.json"), "rb") as f:
                    body = f.read()
                s["conn"].request("POST", "/api/captures", body, {"Content-Type": "application/json", "X-Api-Key": s["key"]})
                r = s["conn"].getresponse()
                r.read()
                s["statuses"][r.status] = s["statuses"].get(r.status, 0) + 1
                s["done"] += 1
            drain(s["pgdata"])
            after = snapshot(s["pid"], s["pgdata"])
            for k in before:
                s["totals"][k] = s["totals"].get(k, 0) + after[k] - before[k]
        n += block
    for s in services:
        t, d = s["totals"], s["done"]
        print(f"{s['name']}: {d} uploads {s['statuses']}; per upload: service CPU {t['service_cpu'] * 1000 / TICKS / d:.2f} ms, "
              f"context switches {t['service_vol'] / d:.1f} voluntary + {t['service_invol'] / d:.1f} involuntary; "
              f"PostgreSQL CPU {t['pg_cpu'] * 1000 / TICKS / d:.2f} ms, context switches {t['pg_vol'] / d:.1f} voluntary + "
              f"{t['pg_invol'] / d:.1f} involuntary")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
