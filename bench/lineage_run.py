#!/usr/bin/env python3
"""Uploads a lineage data set through the running service's API and exports its audit as score.py predictions.

usage: lineage_run.py BASE_URL DATA_DIR OUT_PRED_JSON [--shuffle SEED]
Uploads every page of DATA_DIR/manifest.jsonl with POST /api/captures {url, html, capturedAt}, in the manifest's order
(or shuffled with SEED), then pages through GET /api/audit/republications and writes [{republication, derivedFrom, origin}].
"""
import json, random, sys, time, urllib.request, urllib.error
from pathlib import Path

def call(method, url, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers={'content-type': 'application/json'})
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.status, json.loads(r.read() or b'null')
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(errors='replace')

def main():
    base, data_dir, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    manifest = [json.loads(l) for l in (data_dir / 'manifest.jsonl').read_text('utf8').splitlines() if l.strip()]
    if '--shuffle' in sys.argv:
        random.Random(int(sys.argv[sys.argv.index('--shuffle') + 1])).shuffle(manifest)
    started = time.monotonic()
    for entry in manifest:
        html = (data_dir / entry['file']).read_text('utf8')
        status, body = call('POST', f'{base}/api/captures', {'url': entry['url'], 'html': html, 'capturedAt': entry['capturedAt']})
        if status != 201:
            print(f"upload of {entry['file']} failed: {status} {str(body)[:300]}", file=sys.stderr)
            sys.exit(1)
    elapsed = time.monotonic() - started
    edges, page = [], 1
    while True:
        status, body = call('GET', f'{base}/api/audit/republications?page={page}&pageSize=1000')
        assert status == 200, body
        for r in body['items']:
            edge = {'republication': r['republication']['url'], 'derivedFrom': r['derivedFrom']['url'],
                    'origin': r['origin']['url'], 'kind': r['kind']}
            # The two axes of how a copy was made, when the service reports them (score.py compares them then).
            edge.update({k: r[k] for k in ('declaredBy', 'reuse') if k in r})
            edges.append(edge)
        if page * body['pageSize'] >= body['total']:
            break
        page += 1
    out.write_text(json.dumps(edges, indent=1))
    print(f'uploaded {len(manifest)} pages in {elapsed:.1f} s ({1000 * elapsed / len(manifest):.0f} ms/page), {len(edges)} links')

if __name__ == '__main__':
    main()
