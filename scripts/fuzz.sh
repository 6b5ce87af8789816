#!/usr/bin/env bash
# Fuzzes what metamc reads with libFuzzer, each harness for a bounded time:
#   scripts/fuzz.sh [seconds] [inputs|shards|all]   (default 60 s, all)
# inputs (tests/fuzz/fuzz_inputs.cpp): the CSV and study readers, the fits and priors; its corpus
# starts from the bundled and test CSV files. shards (tests/fuzz/fuzz_shards.cpp): the shard files
# `metamc merge` reads, written back as table, JSON and CSV; its corpus starts from
# tests/fuzz/shard_seeds. Builds build-fuzz/ with clang, libFuzzer, ASan and UBSan; the corpora
# grow in build-fuzz/corpus-<harness>. Exits non-zero on any finding, whose input libFuzzer
# saves as build-fuzz/crash-* (or leak-*, timeout-*).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
which=${2:-all}
command -v clang++ >/dev/null || { echo "fuzz.sh: needs clang++ (apt-get install clang)" >&2; exit 1; }
case "$which" in
  inputs | shards) harnesses=("$which") ;;
  all) harnesses=(inputs shards) ;;
  *) echo "fuzz.sh: no harness '$which' (inputs, shards or all)" >&2; exit 1 ;;
esac
CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMETAMC_FUZZ=ON \
  -DMETAMC_CUDA=OFF -DMETAMC_BUILD_BENCH=OFF -DBUILD_TESTING=OFF >/dev/null
for harness in "${harnesses[@]}"; do
  cmake --build build-fuzz -j "$(nproc)" --target "fuzz_$harness" >/dev/null
  corpus="build-fuzz/corpus-$harness"
  mkdir -p "$corpus"
  if [ "$harness" = inputs ]; then
    for f in data/*.csv tests/fixtures/*.csv; do
      # Each seed: a tau prior, a mu prior, --by columns, then the file.
      { echo "halfnormal(0.5)"; echo "flat"; echo ""; cat "$f"; } > "$corpus/seed_$(basename "$f")"
    done
  else
    cp tests/fuzz/shard_seeds/*.json "$corpus/"
  fi
  (cd build-fuzz && "tests/fuzz/fuzz_$harness" -max_total_time="$seconds" -max_len=40000 \
    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "corpus-$harness")
done
