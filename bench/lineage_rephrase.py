#!/usr/bin/env python3
"""Generalisation probe for attribution: writes a copy of a lineage set whose English credit lines ("Originally published at
X", "Source: X", "Credit: X", "Republished with permission from X", "This article originally appeared on X") are rewritten
into other phrasings and languages, optionally without their links. Truth and manifest are unchanged, so the copy scores
with score.py as the original does. It probes wording, not a benchmark page: nothing in the engine names these phrasings.

usage: lineage_rephrase.py SET_DIR OUT_DIR SEED [--unlink]
"""
import random, re, shutil, sys
from pathlib import Path

PHRASINGS = ['Este artículo fue publicado originalmente en {}.', 'Quelle: {}', 'Zuerst erschienen bei {}.', 'Publié initialement sur {}.',
             'Read the full story at {}', 'Via {}', 'Publicado originalmente em {}.', 'First seen on {}.', 'Article courtesy of {}.',
             'Questo articolo è apparso originariamente su {}.', 'Lees het volledige artikel op {}.', '{} reported this story first.']
CREDIT = re.compile(r'(Originally published at |Republished with permission from |This article originally appeared on |Source: |Credit: )'
                    r'([^<.]{2,60}?)\.?(?=</)')
LINKED = re.compile(r'<a [^>]*>([^<]*(?:' + '|'.join(re.escape(p.split('{}')[0].strip() or p.split('{}')[1].strip()) for p in PHRASINGS)
                    + r')[^<]*)</a>')

def main():
    src, dst, seed = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    rnd = random.Random(seed)
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(src, dst)
    count = 0
    for page in sorted((dst / 'pages').glob('*.html')):
        html = page.read_text('utf8')
        def rewrite(m):
            nonlocal count
            count += 1
            return rnd.choice(PHRASINGS).format(m.group(2))
        new = CREDIT.sub(rewrite, html)
        if '--unlink' in sys.argv and new != html:
            new = LINKED.sub(r'\1', new)
        if new != html:
            page.write_text(new, 'utf8')
    print(f'rewrote {count} credit lines into {dst}')

if __name__ == '__main__':
    main()
