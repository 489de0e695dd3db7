#!/usr/bin/env bash
# Cleaner cost on the fuzz test's mutated pages (truncated, tag soup, random bytes, deep nesting; the same 1,200 inputs
# as tests/Archive.Engine.Tests/Hardening/CleanerFuzzTests) and on synthetic pages of growing size, to show that extraction
# stays linear in the page. Prints per mutation kind the median/p95/p99/max ms, the slowest inputs, and ms per 1,000
# paragraphs at 500 to 32,000 paragraphs. Timings on the shared machine are noisy: the load average is printed.
# usage: bench/extraction-fuzz.sh [INPUTS] [SLOWEST]
#        bench/extraction-fuzz.sh replay:SEED [TIMES]    one input again and again (attach dotnet-trace to it)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
dotnet build "$repo/bench/extraction-fuzz" -c Release -v q -nologo >/dev/null
dotnet "$repo/bench/extraction-fuzz/bin/Release/net10.0/ExtractionFuzz.dll" \
  "$repo/tests/Archive.Api.Tests/Fixtures/Pages/breitbart-002.html" "${@:-1200}"
