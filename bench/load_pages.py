#!/usr/bin/env python3
"""Request bodies for bench/load.sh: real article pages from the shared sets, each body a POST /api/captures upload with
a URL of its own on the page's real host.

usage: load_pages.py DATA_DIR OUT_DIR COUNT

Writes OUT_DIR/N.json (N from 0), OUT_DIR/pages.txt (the source pages, for `archive extract`) and OUT_DIR/pages.tsv (each
with its URL, for bench/lineage-cpu.sh). The pool is WCXB-dev's
article pages and the Zyte set's pages. Body N uploads pool page N mod P; the first pass uploads each page as it is, and
each later pass shuffles the words inside every text node of the page (seeded by pass and page), so a repeated page is a
new story of the same size, markup and vocabulary (its fingerprint shares nothing with the original's) rather than a
copy that lineage would link to every earlier pass. Scripts, styles and tags are left alone.
"""
import gzip, json, random, re, sys
from pathlib import Path

data, out, count = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
out.mkdir(parents=True, exist_ok=True)

pool = []  # (path, url)
wcxb = json.loads(gzip.open(data / 'wcxb-dev' / 'ground-truth.json.gz').read())
for page_id, truth in sorted(wcxb.items()):
    if truth.get('pageType') == 'article' and truth.get('url'):
        pool.append((data / 'wcxb-dev' / 'html' / f'{page_id}.html.gz', truth['url']))
zyte = json.loads((data / 'zyte' / 'ground-truth.json').read_text())
for page_id, truth in sorted(zyte.items()):
    if truth.get('url'):
        pool.append((data / 'zyte' / 'html' / f'{page_id}.html.gz', truth['url']))
pool = [(p, u) for p, u in pool if p.exists() and re.match(r'https?://[^/]+', u)]
(out / 'pages.txt').write_text(''.join(f'{p}\n' for p, _ in pool))
(out / 'pages.tsv').write_text(''.join(f'{p}\t{u}\n' for p, u in pool))  # with their URLs (bench/lineage-cpu.sh)

# Text between tags, and whole script/style elements (kept as they are).
PIECES = re.compile(r'(<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->|<[^>]*>)', re.S | re.I)

def shuffled(html, seed):
    rnd = random.Random(seed)
    parts = PIECES.split(html)
    for i in range(0, len(parts), 2):  # even indexes are text between the markup pieces
        words = parts[i].split()
        if len(words) > 3:
            rnd.shuffle(words)
            parts[i] = ' '.join(words)
    return ''.join(parts)

sources = {}
for n in range(count):
    index, round_ = n % len(pool), n // len(pool)
    path, url = pool[index]
    if path not in sources:
        sources[path] = gzip.open(path).read().decode('utf-8', errors='replace')
    html = sources[path] if round_ == 0 else shuffled(sources[path], f'{round_}:{index}')
    host = re.match(r'(https?://[^/]+)', url).group(1)
    body = {'url': f'{host}/archive-load/{round_}/{index}/{n}', 'html': html}
    (out / f'{n}.json').write_text(json.dumps(body, ensure_ascii=False), encoding='utf-8')
print(f'{count} bodies from {len(pool)} pages', file=sys.stderr)
