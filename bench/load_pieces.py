#!/usr/bin/env python3
"""The service's CPU outside extraction by piece: each sample of a `perf script` (bench/load.sh's PROFILE=1 run, or
bench/tiny-uploads.sh's) goes to its stage by bench/load_stages.py's rules, then to the first piece named from the leaf
outwards (Npgsql, Brotli, the JSON reader, ...); ms per upload as load_stages.py scales them.

usage: perf script -i perf.data | load_pieces.py CPU_MS_PER_UPLOAD
"""
import collections, os, re, sys

source = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'load_stages.py')).read()
rules = {}
# The stage rules and stage_of(), without load_stages.py's own reading of stdin.
exec(source.split('cpu_per_upload = float')[0], rules)
exec(source.split('samples, frames = [], []')[1].split('HEADER =')[0], rules)
stage_of, method_of = rules['stage_of'], rules['method_of']

PIECES = [
    ('json writer', r'Utf8JsonWriter|WriteAsJson|JsonSerializer::Serialize|OnTryWrite'),
    ('json reader', r'Utf8JsonReader|System\.Text\.Json\.Serialization\.Converters|JsonSerializer\.Read|ReadFromJsonAsync'),
    ('brotli', r'Brotli|libSystem\.IO\.Compression'),
    ('sha-256', r'SHA256|libcrypto|libSystem\.Security'),
    ('npgsql', r'Npgsql\.(?!EntityFrameworkCore)'),
    # The execution strategy wraps a store's whole transaction (its Brotli and hashing too), and the rest of a request runs
    # on the API key query's state machine when its read completes inline: neither names EF Core's own work.
    ('ef core', r'^(?!.*(ExecutionStrategy|::MoveNext)).*EntityFrameworkCore'),
    ('kestrel, sockets', r'Kestrel|System\.IO\.Pipelines|System\.Net\.Sockets'),
    ('validation', r'FluentValidation|RequestValidator|ValidationFilter::ValidatorOf|MakeGenericType'),
    ('log pass', r'LogSequencer|LogStore|Archive\.Transparency|BouncyCastle'),
    ('lineage engine code', r'Archive\.Engine\.(Lineage|Text)'),
    ('access, rate limits', r'ApiKeyAuthenticationHandler::PrincipalAsync|ApiKeySecrets|RateLimiter|RateLimits|DefaultAuthorizationService|PolicyEvaluator'),
    ('server-timing', r'ServerTiming::|ServerTimingFilter\+Timed|FileBufferingWriteStream'),
    ('icu', r'libicu'),
]
PIECES = [(name, re.compile(pattern)) for name, pattern in PIECES]

cpu_per_upload = float(sys.argv[1])
samples, current = [], None
for line in sys.stdin:
    if not line.strip():
        if current:
            samples.append(current)
        current = None
    elif not line[0].isspace():
        current = [line.rstrip()]
    elif current is not None:
        current.append(line.strip())
if current:
    samples.append(current)

stages, pieces = collections.Counter(), collections.Counter()
for sample in samples:
    stage = stage_of(sample)
    stages[stage] += 1
    if stage == 'extraction':
        continue
    # As load_stages.py: frames past the innermost Task.RunContinuations belong to the operation whose completion ran this
    # continuation inline (a database read, the API key's lookup), so the leaf's side names the piece when it can.
    frames = sample[1:]
    cut = next((i for i, frame in enumerate(frames) if rules['CONTINUATION'].search(frame)), len(frames))
    # A managed frame by the method it names (shared generic code carries whichever assembly first instantiated it).
    names = [method_of(frame) if '::' in frame else frame for frame in frames]
    piece = next((name for part in (names[:cut], names) for frame in part for name, pattern in PIECES if pattern.search(frame)), None)
    if piece is None:
        leaf = sample[1] if len(sample) > 1 else ''
        piece = 'kernel' if 'kernel' in leaf else 'runtime (libcoreclr)' if 'libcoreclr' in leaf else 'other managed'
    pieces[(stage, piece)] += 1

def ms(n):
    return n * cpu_per_upload / max(len(samples), 1)

outside = sum(n for stage, n in stages.items() if stage != 'extraction')
print(f"{len(samples)} samples; extraction {ms(stages['extraction']):.2f} ms/upload, everything else {ms(outside):.2f}")
print('  by stage: ' + '  '.join(f"{stage} {ms(n):.2f}" for stage, n in stages.most_common() if stage != 'extraction'))
by_piece = collections.Counter()
for (stage, piece), n in pieces.items():
    by_piece[piece] += n
print('  by piece (ms/upload, share of what is outside extraction; the stages each piece ran in):')
for piece, n in by_piece.most_common():
    where = ', '.join(f"{stage} {ms(m):.2f}" for (stage, p), m in pieces.most_common() if p == piece)
    print(f"    {piece:22s} {ms(n):5.2f}  {100 * n / max(outside, 1):4.1f}%   ({where})")
