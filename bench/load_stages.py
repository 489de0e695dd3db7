#!/usr/bin/env python3
"""Splits the service's CPU samples (`perf script` of `perf record -g` on a process run with DOTNET_PerfMapEnabled=1) by
upload stage, and prints milliseconds of CPU per upload for each.

usage: perf script -i perf.data | load_stages.py CPU_MS_PER_UPLOAD [THREAD_NAMES]

THREAD_NAMES (optional): lines "TID NAME", the service's threads as /proc named them while perf recorded (load.sh
writes it). perf does not always know a thread's name: in rt23's profile the background GC thread (`.NET BGC` in /proc)
reached it as ":TID", and its 40 samples of 76 counted as "other". A sample perf could not name is named by this list;
without the list (or for a thread gone from it), a thread perf could not name whose every sample runs in the runtime's
native code (libcoreclr, libc, the kernel; no managed frame) counts as gc: the runtime's other native threads do next
to no work under load, and perf names them.
`bench/load_stages_check.py` checks both rules.

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
names = {}
if len(sys.argv) > 2:
    with open(sys.argv[2]) as listing:
        for line in listing:
            tid, _, name = line.strip().partition(' ')
            if tid.isdigit() and name:
                names[tid] = name
samples, frames = [], []

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


HEADER = re.compile(r'^(.*?)\s+(?:\d+/)?(\d+)\s')  # "comm [pid/]tid ...": perf's comm for a thread it could not name is ":TID"
NATIVE = re.compile(r'\((?:\S*/libcoreclr\.so|\S*/libc\.so[.\d]*|\[kernel\.kallsyms\])\)$')


def named(sample):
    """The sample with its thread's name in the header, where perf had only ':TID' and the list knows the thread."""
    match = HEADER.match(sample[0])
    if match and match.group(1).startswith(':') and match.group(2) in names:
        return [names[match.group(2)] + ' ' + sample[0]] + sample[1:]
    return sample


def unnamed_native_threads(samples):
    """Threads perf could not name whose every sample is in the runtime's native code: the background GC's."""
    native = {}
    for sample in samples:
        match = HEADER.match(sample[0])
        if match and match.group(1).startswith(':'):
            tid = match.group(2)
            native[tid] = native.get(tid, True) and all(NATIVE.search(frame) for frame in sample[1:])
    return {tid for tid, only in native.items() if only}


def flush():
    if frames:
        samples.append(named(list(frames)))
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

total, counts = len(samples), collections.Counter()
gc_threads = unnamed_native_threads(samples)
for sample in samples:
    match = HEADER.match(sample[0])
    counts['gc' if match and match.group(2) in gc_threads else stage_of(sample)] += 1

if total == 0:
    print('   no CPU samples recorded')
    sys.exit(0)
order = ['extraction', 'lineage', 'storage', 'response', 'request', 'http', 'gc', 'jit', 'idle', 'other']
print('   ' + '  '.join(f'{name} {cpu_per_upload * counts[name] / total:.1f}' for name in order if counts[name]) +
      f'   (ms of CPU per upload; {total} samples)')
