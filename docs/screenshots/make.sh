#!/usr/bin/env bash
# Regenerates every screenshot in this folder: each reader page at desktop (1280 px) and phone (360 px) width, taken by the
# browser tests' own walk (tests/Archive.Reader.Tests/ScreenshotTests.cs) in Debian's headless Chromium against a fresh
# service seeded with a seven-outlet story family. Needs chromium (apt-get install chromium) and PostgreSQL: the server
# named by ConnectionStrings__Archive, or else the tests' embedded cluster.
# usage: bash docs/screenshots/make.sh
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
out="$repo/docs/screenshots"
rm -f "$out"/*.png
ARCHIVE_SCREENSHOTS="$out" dotnet test "$repo/tests/Archive.Reader.Tests" --filter "FullyQualifiedName~ScreenshotTests" \
  --logger "console;verbosity=minimal"
ls -1 "$out"/*.png | sed "s|$repo/||"
