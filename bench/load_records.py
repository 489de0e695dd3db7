"""The uploads bench/load-real.lua records (UPLOADS_OUT): one line each, space-separated — answer time (epoch ms), wall ms as
the client saw it, body number, body bytes, status, and the Server-Timing header (`name;dur=…;desc="…"`, comma-separated).
Shared by load_tail.py and load_paths.py."""
import collections
import glob
import re

Upload = collections.namedtuple('Upload', 'end wall body size status phases why')


def read(prefix):
    """The uploads of every file PREFIX.*: phases are summed by name (ms); why is the `family-why` note's counts."""
    uploads = []
    for path in glob.glob(prefix + '.*'):
        with open(path) as f:
            for line in f:
                parts = line.rstrip('\n').split(' ', 5)
                if len(parts) < 6:
                    continue
                phases, why = collections.defaultdict(float), {}
                for item in parts[5].split(','):
                    fields = item.strip().split(';')
                    dur = next((x[4:] for x in fields[1:] if x.startswith('dur=')), None)
                    if dur is not None:
                        phases[fields[0]] += float(dur)
                    desc = next((x[5:].strip('"') for x in fields[1:] if x.startswith('desc=')), None)
                    if fields[0] == 'family-why' and desc:
                        why = {k: int(v) for k, v in re.findall(r'([a-z-]+) (\d+)', desc)}
                uploads.append(Upload(float(parts[0]), float(parts[1]), int(parts[2]), int(parts[3]), int(parts[4]),
                                      dict(phases), why))
    return uploads
