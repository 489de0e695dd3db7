#!/usr/bin/env python3
"""The slow uploads of a bench/load.sh run and what happened while they waited.

usage: load_tail.py UPLOADS_PREFIX [SLOW_MS] [SHOW] [ACTIVITY_FILE] [COUNTERS_CSV]

UPLOADS_PREFIX.* are bench/load-real.lua's lines (UPLOADS_OUT): answer time (epoch ms), wall ms as the client saw it,
body number, body bytes, status, Server-Timing header. Prints how many uploads took longer than SLOW_MS (500), the wall
percentiles, and the SHOW (10) slowest with their phases; "before" is the client's wall less the handler's total (Kestrel,
reading and binding the body, authentication, the middleware), the wait no phase names.

With TRACE=1 load.sh also samples, during the run, PostgreSQL's sessions every 0.1 s (ACTIVITY_FILE: epoch ms|pid|backend
type|state|wait type|wait event|transaction ms|blocked by|query) and the runtime's counters every second (COUNTERS_CSV,
dotnet-counters): each slow upload is then printed with what the database's sessions were waiting on during its wall time
(samples per wait event) and the runtime's worst second in it (GC pause, thread-pool queue, pool connections waited for).
"""
import collections
import csv
import sys
import time

prefix = sys.argv[1]
slow_ms = float(sys.argv[2]) if len(sys.argv) > 2 else 500
show = int(sys.argv[3]) if len(sys.argv) > 3 else 10
activity_file = sys.argv[4] if len(sys.argv) > 4 and sys.argv[4] else None
counters_file = sys.argv[5] if len(sys.argv) > 5 and sys.argv[5] else None

import load_records

# (end ms, wall ms, body, bytes, status, phases)
uploads = [(u.end, u.wall, u.body, u.size, u.status, u.phases) for u in load_records.read(prefix)]
if not uploads:
    print('   tail: no upload recorded')
    sys.exit(0)

walls = sorted(u[1] for u in uploads)
def pct(p):
    return walls[min(len(walls) - 1, int(len(walls) * p))]
slow = [u for u in uploads if u[1] > slow_ms]
print(f'   tail: {len(uploads)} uploads, wall p50 {pct(0.5):.0f} p90 {pct(0.9):.0f} p99 {pct(0.99):.0f} max {walls[-1]:.0f} ms; '
      f'{len(slow)} over {slow_ms:.0f} ms, {sum(1 for w in walls if w > 1000)} over 1 s')
if slow:
    # Where the slow ones' time went, summed: which phase carries the tail.
    sums = collections.Counter()
    for u in slow:
        for name, ms in u[5].items():
            sums[name] += ms
        sums['before'] += u[1] - u[5].get('total', u[1])
    order = ['before', 'budget', 'extract', 'store', 'lineage', 'log', 'answer', 'handler', 'render', 'total']
    print('   the slow ones\' mean phases (ms): ' + ', '.join(f'{n} {sums[n] / len(slow):.0f}' for n in order if n in sums))

activity = []  # (ms, pid, type, state, wait type, wait event, xact ms, blocked by, query)
if activity_file:
    with open(activity_file) as f:
        for line in f:
            parts = line.rstrip('\n').split('|', 8)
            if len(parts) == 9 and parts[0].isdigit():
                activity.append((int(parts[0]), *parts[1:]))
    activity.sort()

counters = collections.defaultdict(list)  # name -> [(ms, value)]
if counters_file:
    try:
        with open(counters_file, newline='') as f:
            for row in csv.reader(f):
                if len(row) < 5 or row[0] == 'Timestamp':
                    continue
                try:
                    ms = time.mktime(time.strptime(row[0][:19], '%m/%d/%Y %H:%M:%S')) * 1000
                except ValueError:
                    continue
                try:
                    counters[row[2]].append((ms, float(row[4])))
                except ValueError:
                    pass
    except OSError:
        pass

def waits_between(start, end):
    seen = collections.Counter()
    for ms, _pid, kind, state, wtype, wevent, _xact, blocked, query in activity:
        if start <= ms <= end and (wtype or state == 'active'):
            label = f'{wtype}:{wevent}' if wtype else 'CPU'
            if kind != 'client backend':
                label = f'{kind} {label}'
            elif blocked:
                label += f' (blocked by {blocked})'
            seen[label] += 1
    return seen

# Counter names as dotnet-counters writes them for .NET 10's meters (a name missing from a run is skipped).
WATCHED = [('gc pause ms', 'dotnet.gc.pause.time (s)', 1000), ('gen2', 'dotnet.gc.collections (collection / 1 sec)', 1),
           ('tp queue', 'dotnet.thread_pool.queue.length ({work_item})', 1),
           ('tp threads', 'dotnet.thread_pool.thread.count ({thread})', 1),
           ('pool waits', 'db.client.connections.pending_requests ({request})', 1)]

def counters_between(start, end):
    out = []
    for label, prefix_name, scale in WATCHED:
        values = [v for name, series in counters.items() if name.startswith(prefix_name.split(' (')[0])
                  and (label != 'gen2' or 'gen2' in name) for ms, v in series if start - 1000 <= ms <= end + 1000]
        if values:
            out.append(f'{label} {max(values) * scale:.0f}')
    return out

if slow:
    print(f'   the {min(show, len(slow))} slowest (answer time UTC, wall, body, bytes, phases ms):')
    for end, wall, body, size, status, phases in sorted(slow, key=lambda u: -u[1])[:show]:
        stamp = time.strftime('%H:%M:%S', time.gmtime(end / 1000)) + f'.{int(end % 1000):03d}'
        named = ' '.join(f'{n} {ms:.0f}' for n, ms in phases.items() if n not in ('handler', 'total'))
        before = wall - phases.get('total', wall)
        print(f'     {stamp} {wall:6.0f} ms  #{body} {size // 1024} KiB {status}  before {before:.0f} {named}')
        if activity:
            waits = waits_between(end - wall, end)
            if waits:
                print('         sessions (samples): ' + ', '.join(f'{k} {v}' for k, v in waits.most_common(6)))
        if counters:
            seen = counters_between(end - wall, end)
            if seen:
                print('         runtime (worst second): ' + ', '.join(seen))
