#!/usr/bin/env python3
"""Merges the runs of several wrk instances that ran at once (bench/load-real.lua's LATENCY_OUT files) into one figure:
the rates add (each instance's requests over its own duration), and the percentiles are taken over the union of the
instances' latency histograms, by wrk's own rule, so one instance merged gives exactly what its `--latency` printed.
The histograms are wrk's, with its correction for coordinated omission (wrk adds samples for responses slower than the
expected interval), as in every wrk percentile.

usage: load_merge.py FILE...
prints: requests RATE p50_ms p90_ms p99_ms non2xx socket_errors timeouts
"""
import sys

requests = rate = non2xx = socket_errors = timeouts = 0
hist = {}
for path in sys.argv[1:]:
    with open(path) as f:
        head = f.readline().split()
        fields = dict(zip(head[0::2], (int(v) for v in head[1::2])))
        requests += fields['requests']
        rate += fields['requests'] * 1e6 / fields['duration_us']
        non2xx += fields['status_errors']
        socket_errors += fields['socket_errors']
        timeouts += fields['timeouts']
        for line in f:
            value, count = (int(float(v)) for v in line.split())
            hist[value] = hist.get(value, 0) + count

total = sum(hist.values())


def percentile(p):
    # wrk's stats_percentile: the smallest value whose cumulative count reaches round(p/100 * count + 0.5).
    rank = int(p / 100 * total + 0.5 + 0.5)  # C's round(x + 0.5), x >= 0
    seen = 0
    for value in sorted(hist):
        seen += hist[value]
        if seen >= rank:
            return value / 1000
    return 0.0


print(f'{requests} {rate:.2f} {percentile(50):.1f} {percentile(90):.1f} {percentile(99):.1f} {non2xx} {socket_errors} {timeouts}')
