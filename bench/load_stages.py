#!/usr/bin/env python3
"""Splits the service's CPU samples (`perf script` of `perf record -g` on a process run with DOTNET_PerfMapEnabled=1) by
upload stage, and prints milliseconds of CPU per upload for each.

usage: perf script -i perf.data | load_stages.py CPU_MS_PER_UPLOAD

A sample belongs to the first stage, in the order below, that has a frame on its stack; continuations after an await
resume inside the awaiting method's state machine, so a database read lineage waited for counts as lineage.

Two rules keep a stage to the work it names (before them, 2026-12-01 svccpu, Brotli compression and the API-key lookup
were counted as "response" or "storage" depending on which stack they happened to run on):
- A managed frame is matched by the method it names (Namespace.Type::Method), not by its signature: the upload handler's
  return type names Microsoft.AspNetCore.Http.HttpResults, so every sample under the handler matched "response".
- A continuation often runs inline, on the stack of whatever completed the task it awaited (`Task.RunContinuations`):
  the rest of a request runs on top of the database read that answered its API-key lookup. Frames below the innermost
  `Task.RunContinuations` belong to that completed operation, so the frames above it (the leaf's side) name the stage;
  the whole stack decides only when they name none.
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

CONTINUATION = re.compile(r'System\.Threading\.Tasks\.Task::RunContinuations\(')
METHOD = re.compile(r'(\S+::[^\s(]+)\(')  # a perf-map frame: "instance void [Assembly] Namespace.Type::Method(args)[Tier]+0x.."
THREAD_WIDE = ('gc', 'jit')  # named by the thread (the sample's header) or the runtime's own frames: the whole stack decides


def method_of(frame):
    match = METHOD.search(frame)
    return match.group(1) if match else frame


def stage_of(sample):
    """sample[0] is the sample's header (it names the thread), then its frames from the leaf outwards."""
    stack = '\n'.join(sample)
    for name, pattern in STAGES:
        if name in THREAD_WIDE and pattern.search(stack):
            return name
    methods = [method_of(frame) for frame in sample[1:]]
    cut = next((i for i, frame in enumerate(sample[1:]) if CONTINUATION.search(frame)), len(methods))
    for segment in ('\n'.join(methods[:cut]), '\n'.join(methods)):
        name = next((name for name, pattern in STAGES if name not in THREAD_WIDE and pattern.search(segment)), None)
        if name is not None:
            return name
    return 'other'


def flush():
    global total
    if not frames:
        return
    total += 1
    counts[stage_of(frames)] += 1
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
