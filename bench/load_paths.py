#!/usr/bin/env python3
"""An upload's wall time by lineage's path, from a bench/load.sh run's recorded uploads (UPLOADS_OUT, KEEP=1).

usage: load_paths.py UPLOADS_PREFIX [POOL_SIZE]

Splits the uploads into lineage's two paths (no-family: the check settled it; family: Server-Timing `family`) and prints
for each the count, the wall percentiles and the mean of every phase (nested phases too: `lin-*` inside `lineage`,
`family-*` inside `family`). Where the service notes why an update took the family path (`family-why`), the family
uploads are also split by it: whether a candidate was on another host, whether a site-mate's family was relinked. Then the
slowest 1% (their paths, sizes and phases), and the family share per pass of bench/load_pages.py (body N is pool page
N mod POOL_SIZE, 972 by default; pass 0 uploads the pages as they are, later passes their words shuffled).
"""
import collections
import statistics
import sys

prefix = sys.argv[1]
pool = int(sys.argv[2]) if len(sys.argv) > 2 else 972

import load_records

# (wall ms, body, bytes, phases, why)
uploads = [(u.wall, u.body, u.size, u.phases, u.why) for u in load_records.read(prefix)]
if not uploads:
    sys.exit('no uploads recorded')


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))] if values else 0


names = ["extract", "store", "lineage", "lin-load", "lin-keys", "lin-check", "family", "family-reads", "fr-candidates", "fr-mates", "fr-families", 'family-lock',
         'family-pairs', 'family-relink', 'family-mates', 'family-commit', 'log', 'answer']


def show(title, group):
    if not group:
        return
    walls = [u[0] for u in group]
    print(f'{title}: {len(group)} ({100 * len(group) / len(uploads):.1f}%), wall p50 {pct(walls, .5):.0f} p99 {pct(walls, .99):.0f} '
          f'mean {statistics.mean(walls):.1f} ms, page {statistics.mean(u[2] for u in group) / 1024:.0f} KiB')
    present = [n for n in names if any(n in u[3] for u in group)]
    print('   mean ms: ' + ', '.join(f'{n} {statistics.mean(u[3].get(n, 0) for u in group):.1f}' for n in present))


family = [u for u in uploads if 'family' in u[3]]
show('all', uploads)
show('no-family', [u for u in uploads if 'family' not in u[3]])
show('family', family)
noted = [u for u in family if u[4]]
if noted:
    def cross(u):
        return u[4].get('candidates', 0) - u[4].get('same-host', 0)
    show('  family, no pair before or after, every candidate on the same host, no site-mate in a family',
         [u for u in noted if u[4].get('before', 1) <= 1 and u[4].get('after', 1) <= 1 and cross(u) == 0
          and u[4].get('mates-in-families', 0) == 0])
    show('  family, a candidate on another host', [u for u in noted if cross(u) > 0])
    show('  family, paired (a family of 2 or more after)', [u for u in noted if u[4].get('after', 1) > 1])
    show('  family, site-mates\' families relinked', [u for u in noted if u[4].get('mate-members', 0) > 0])
    show('  family, in a family before', [u for u in noted if u[4].get('before', 1) > 1])
    means = {k: statistics.mean(u[4].get(k, 0) for u in noted) for k in noted[0][4]}
    print('   family-why means: ' + ', '.join(f'{k} {v:.2f}' for k, v in means.items()))
p99 = pct([u[0] for u in uploads], .99)
slowest = [u for u in uploads if u[0] >= p99]
show('slowest 1%', slowest)
print(f'   of them on the family path: {sum("family" in u[3] for u in slowest)}; page KiB p50 '
      f'{pct([u[2] / 1024 for u in slowest], .5):.0f} (all uploads: {pct([u[2] / 1024 for u in uploads], .5):.0f})')
passes, on_family = collections.Counter(), collections.Counter()
for u in uploads:
    passes[u[1] // pool] += 1
    on_family[u[1] // pool] += 'family' in u[3]
print('family share by pass: ' + ', '.join(f'{p}: {on_family[p]}/{passes[p]}' for p in sorted(passes)))
