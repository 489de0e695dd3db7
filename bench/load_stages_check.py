#!/usr/bin/env python3
"""A check of bench/load_stages.py's attribution (run: python3 bench/load_stages_check.py; exits 1 on a wrong split).

The background GC thread reaches `perf script` as ":TID" when perf did not see the runtime name it (rt23): its samples,
all in libcoreclr, must count as gc, by the thread list load.sh writes or, without it, by what the thread runs.
"""
import os, subprocess, sys, tempfile

CORECLR = '/usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.12/libcoreclr.so'
WORKER = '''.NET TP Worker 4101  4101.5: 5025125 cpu-clock:ppp:
\t    7f01 instance class Archive.Engine.ProcessedPage [Archive.Engine] Archive.Engine.PageProcessor::Process(class X)[Optimized]+0x1 (/tmp/perf-1.map)
\t   891f5 start_thread+0x305 (/usr/lib/x86_64-linux-gnu/libc.so.6)
'''
BGC = f''':3092  3092  4339.2: 5025125 cpu-clock:ppp:
\t  5d7cb3 [unknown] ({CORECLR})
\t  63bf51 [unknown] ({CORECLR})
\t   891f5 start_thread+0x305 (/usr/lib/x86_64-linux-gnu/libc.so.6)
'''
script = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'load_stages.py')


def split(perf, *args):
    out = subprocess.run([sys.executable, script, '10', *args], input=perf, capture_output=True, text=True, check=True).stdout
    return out.split('(')[0].split()


failures = []
for label, args in (('by what the thread runs', ()), ('by the thread list', ('LIST',))):
    with tempfile.NamedTemporaryFile('w', suffix='.txt') as listing:
        listing.write('3092 .NET BGC\n4101 .NET TP Worker\n')
        listing.flush()
        got = split(WORKER + '\n' + BGC + '\n' + BGC, *(listing.name if a == 'LIST' else a for a in args))
    # One sample in three is extraction, two are the GC thread's: 10 ms split 3.3 / 6.7.
    if got != ['extraction', '3.3', 'gc', '6.7']:
        failures.append(f'{label}: {" ".join(got)}')
print('\n'.join(failures) or 'load_stages.py: the unnamed background GC thread counts as gc')
sys.exit(1 if failures else 0)
