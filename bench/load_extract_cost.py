#!/usr/bin/env python3
"""The service's extraction wall beside each page's own extraction CPU: is a big page's extraction slower in the service
than its CPU says?

usage: load_extract_cost.py RECORDS_PREFIX PAGES_TXT COSTS_TSV

RECORDS_PREFIX: a load run's recorded uploads (WORK/uploads-real, see load_records.py); PAGES_TXT: the bodies' pages.txt
(body N is page N mod len); COSTS_TSV: `Archive.Bench.Upload DIR 0 costs FILE` over the same pages (each page's least
thread CPU). Prints the wall ÷ CPU ratio by tenth of page size and of page CPU, and the uploads whose ratio is largest.
"""
import csv
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import load_records  # noqa: E402

prefix, pages_txt, costs_tsv = sys.argv[1:4]
pages = [line.strip() for line in open(pages_txt) if line.strip()]
costs = {r['page']: r for r in csv.DictReader(open(costs_tsv), delimiter='\t')}
rows = []
for u in load_records.read(prefix):
    if u.status != 201 or 'extract' not in u.phases:
        continue
    page = Path(pages[u.body % len(pages)]).name.split('.')[0]
    c = costs[page]
    rows.append((u.phases['extract'], float(c['process_ms']), float(c['kib']), u.body, page))
print(f'{len(rows)} uploads: extract wall {statistics.mean(r[0] for r in rows):.1f} ms, the pages\' CPU '
      f'{statistics.mean(r[1] for r in rows):.2f} ms on average')
for name, key in (('size', 2), ('CPU', 1)):
    rows.sort(key=lambda r: r[key])
    n = len(rows)
    print(f'by tenth of page {name}: KiB, CPU ms, wall ms, wall ÷ CPU, wall p99')
    for d in range(10):
        part = rows[d * n // 10:(d + 1) * n // 10]
        walls = sorted(r[0] for r in part)
        print(f'  {d + 1:2} {statistics.mean(r[2] for r in part):6.0f} {statistics.mean(r[1] for r in part):6.2f} '
              f'{statistics.mean(walls):7.1f} {sum(walls) / sum(r[1] for r in part):5.2f} {walls[int(len(walls) * 0.99)]:6.0f}')
print('largest wall ÷ CPU: wall ms, CPU ms, KiB, body, page')
for r in sorted(rows, key=lambda r: -r[0] / r[1])[:5]:
    print(f'  {r[0]:6.0f} {r[1]:6.2f} {r[2]:6.0f} #{r[3]} {r[4]}')
