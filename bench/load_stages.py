#!/usr/bin/env python3
"""Splits the service's CPU samples (`perf script` of `perf record -g` on a process run with DOTNET_PerfMapEnabled=1) by
upload stage, and prints milliseconds of CPU per upload for each.

usage: perf script -i perf.data | load_stages.py CPU_MS_PER_UPLOAD

A sample belongs to the first stage, in the order below, that has a frame on its stack; continuations after an await
resume inside the awaiting method's state machine, so a database read lineage waited for counts as lineage.
"""
import collections, re, sys

STAGES = [  # (stage, frame pattern); the first that matches a sample's stack wins. Framework code precompiled
            # (ReadyToRun) shows as its assembly's file, so assemblies name stages too.
    ('gc', re.compile(r'\.NET (Server GC|BGC|Background GC)|\bgc_heap::|WKS::gc|SVR::gc|GCHeap::|GarbageCollect|gc_thread_function|'
                      r'BackgroundGC|::mark_|::plan_phase|::relocate_|memclr|memset_repmovs')),
    ('jit', re.compile(r'\.NET Tiered Com|libclrjit|TieredCompilation|CallCountingManager|PreStub')),
    ('extraction', re.compile(r'Archive\.Engine\.(Extraction|Decoding)\.|AngleSharp|Archive\.Engine\.PageProcessor|ExtractionRunner')),
    ('lineage', re.compile(r'Archive\.Api\.Lineage\.|Archive\.Data\.Lineage\.|LineageStore|Archive\.Engine\.Lineage\.')),
    ('response', re.compile(r'ArticleReader|ArticleResponse|HttpResults|Microsoft\.AspNetCore\.Http\.Results\.dll|WriteAsJsonAsync')),
    ('storage', re.compile(r'CaptureIngestor|PublisherResolver|LogSequencer|LogStore|Archive\.Data\.|Npgsql|EntityFrameworkCore|'
                           r'System\.IO\.Compression|Brotli')),
    ('request', re.compile(r'System\.Text\.Json|RequestDelegateFactory|Archive\.Api\.Extensions\.')),
    ('http', re.compile(r'Kestrel|System\.Net\.Sockets|System\.IO\.Pipelines|Microsoft\.AspNetCore')),
    ('idle', re.compile(r'LowLevelLifoSemaphore|LowLevelSpinWaiter|SpinWait|epoll_wait|futex')),
]

cpu_per_upload = float(sys.argv[1])
counts, total, frames = collections.Counter(), 0, []

def flush():
    global total
    if not frames:
        return
    total += 1
    stack = '\n'.join(frames)
    counts[next((name for name, pattern in STAGES if pattern.search(stack)), 'other')] += 1
    frames.clear()

for line in sys.stdin:
    if not line.strip():
        flush()
    elif line[0] in ' \t':
        frames.append(line.strip())
    else:
        flush()
        frames.append(line.strip())  # the sample's header names its thread: GC and JIT threads say so
flush()

if total == 0:
    print('   no CPU samples recorded')
    sys.exit(0)
order = ['extraction', 'lineage', 'storage', 'response', 'request', 'http', 'gc', 'jit', 'idle', 'other']
print('   ' + '  '.join(f'{name} {cpu_per_upload * counts[name] / total:.1f}' for name in order if counts[name]) +
      f'   (ms of CPU per upload; {total} samples)')
