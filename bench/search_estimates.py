"""bench/search_estimates.py CSV: summary of bench/search-estimates.sql's output per growth g: |log2(estimate / count)| median,
p90, max; words within 1.5x and 2x of their counts; words SearchSlice.Counted decides differently from fresh statistics."""
import csv, math, collections, statistics
W = 200; M = 2; RPP = 120; U = 0.005
def counted(m, scope, window):
    wanted = window * M
    return m <= max(wanted, U * scope) or m <= wanted + 2 * (wanted * scope / m) / RPP
rows = list(csv.DictReader(open(__import__('sys').argv[1])))
by = collections.defaultdict(dict)
total = None
for r in rows:
    by[float(r['growth'])][(r['kind'], r['word'])] = (int(r['actual']), float(r['estimate']))
fresh = by[1.0]
TOT = max(int(r['rows_at_analyze']) for r in rows)
print('rows', TOT)
print("growth  words  |log2(est/actual)| median p90 max   within 1.5x  within 2x   counted-decision changes vs fresh (window 200 / 20)")
for g in sorted(by):
    d = by[g]
    errs = sorted(abs(math.log2(max(e, 1) / a)) for (a, e) in d.values())
    w15 = sum(1 for (a, e) in d.values() if 1/1.5 <= max(e,1)/a <= 1.5)
    w2 = sum(1 for (a, e) in d.values() if 0.5 <= max(e,1)/a <= 2)
    n = len(errs)
    ch = []
    for window in (200, 20):
        c = 0
        for k, (a, e) in d.items():
            fe = fresh[k][1]
            if counted(e, TOT, window) != counted(fe, TOT, window): c += 1
        ch.append(c)
    print(f"{g:5.1f}  {n:5}  {statistics.median(errs):.3f} {errs[int(0.9*n)]:.3f} {errs[-1]:.3f}   {w15:5}        {w2:5}      {ch[0]} / {ch[1]}")
