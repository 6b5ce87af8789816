#!/usr/bin/env bash
# Fuzzes metamc's input handling (tests/fuzz/fuzz_inputs.cpp) with libFuzzer for a bounded time.
#   scripts/fuzz.sh [seconds]   (default 60)
# Builds build-fuzz/ with clang, libFuzzer, ASan and UBSan; the corpus starts from the bundled
# and test CSV files and grows in build-fuzz/corpus. Exits non-zero on any finding, whose input
# libFuzzer saves as build-fuzz/crash-* (or leak-*, timeout-*).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
command -v clang++ >/dev/null || { echo "fuzz.sh: needs clang++ (apt-get install clang)" >&2; exit 1; }
CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMETAMC_FUZZ=ON \
  -DMETAMC_CUDA=OFF -DMETAMC_BUILD_BENCH=OFF -DBUILD_TESTING=OFF >/dev/null
cmake --build build-fuzz -j "$(nproc)" --target fuzz_inputs >/dev/null
mkdir -p build-fuzz/corpus
for f in data/*.csv tests/fixtures/*.csv; do
  # Each seed: a tau prior, a mu prior, --by columns, then the file.
  { echo "halfnormal(0.5)"; echo "flat"; echo ""; cat "$f"; } > "build-fuzz/corpus/seed_$(basename "$f")"
done
cd build-fuzz
tests/fuzz/fuzz_inputs -max_total_time="$seconds" -max_len=20000 -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 corpus
