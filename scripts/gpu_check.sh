#!/usr/bin/env bash
# The GPU run, in two halves: build here, run on a machine with an NVIDIA GPU.
#
#   scripts/gpu_check.sh build   here (nvcc, no GPU needed): builds build-gpu/ for sm_80 and sm_90
#                                with -lineinfo and compressed fatbins, and copies the three
#                                programs the run needs into gpu-bundle/ (ignored by git, 26 MB;
#                                63 MB uncompressed, and the device tool carries at most 64 MiB)
#   scripts/gpu_check.sh run     there, from a copy of the checkout with gpu-bundle/ beside it:
#                                every GPU test in its own process (a fault is sticky), with
#                                METAMC_EXPECT_GPU=1 so that no test can pass by skipping;
#                                compute-sanitizer memcheck and racecheck on two small tests and
#                                memcheck on a small GPU simulation; the bundled analysis on the
#                                GPU; the bundled simulation study on the GPU against the CPU
#                                (tables equal as printed); gpu_throughput --quick (both
#                                histogram paths forced in turn); one Nsight Compute profile. Results go
#                                to $OUT (or gpu-results/): summary.txt, tests.log,
#                                sanitizer.txt, cli.txt, cli_hmc.txt, simulate_gpu.txt,
#                                simulate_cpu.txt, bench.txt, ncu.txt. Exits non-zero on any
#                                failure, skip or sanitizer report.
#   scripts/gpu_check.sh bench   there, after a clean run: the full gpu_throughput, to $OUT/bench-full.txt
#
# The programs link libstdc++, libgcc, GoogleTest and cudart statically, so they need only glibc
# and the NVIDIA driver there; the tests find data/ and tests/fixtures/ through METAMC_SOURCE_DIR.
# The plots' renderer module (libmetamc_render.so, librsvg and cairo) stays behind: the run draws
# no plots.
set -uo pipefail
cd "$(dirname "$0")/.."
bundle=gpu-bundle

build() {
  set -e
  command -v nvcc >/dev/null || { echo "gpu_check: nvcc is not on the PATH" >&2; exit 1; }
  cmake -S . -B build-gpu -DCMAKE_BUILD_TYPE=Release -DMETAMC_CUDA=ON \
    -DCMAKE_CUDA_ARCHITECTURES="80;90" -DCMAKE_CUDA_FLAGS="-lineinfo -Xfatbin=-compress-all" \
    -DCMAKE_EXE_LINKER_FLAGS="-static-libstdc++ -static-libgcc" >/dev/null
  cmake --build build-gpu -j "$(nproc)" --target gpu_tests gpu_throughput metamc >/dev/null
  rm -rf "$bundle" && mkdir -p "$bundle"
  cp build-gpu/tests/gpu_tests build-gpu/bench/gpu_throughput build-gpu/metamc "$bundle/"
  {
    echo "commit $(git rev-parse HEAD)$(git diff --quiet HEAD || echo ' (with uncommitted changes)')"
    echo "built $(date -u +%FT%TZ) on $(uname -m)"
    nvcc --version | tail -n 2
    for f in "$bundle"/*; do
      [ "$(basename "$f")" = manifest.txt ] && continue
      # cuobjdump lists the machine code; where it is missing, the architectures configured.
      local targets
      targets=$( (cuobjdump --list-elf "$f" 2>/dev/null || true) | grep -o 'sm_[0-9]*' |
        sort -u | tr '\n' ' ' || true)
      [ -n "$targets" ] ||
        targets="sm_$(sed -n 's/^CMAKE_CUDA_ARCHITECTURES:[A-Z]*=//p' build-gpu/CMakeCache.txt |
          sed 's/;/ sm_/g') (configured)"
      echo "$(basename "$f"): $(du -k "$f" | cut -f1) KiB, GPU targets: $targets"
    done
  } >"$bundle/manifest.txt"
  cat "$bundle/manifest.txt"
  echo "gpu_check: carry '$bundle' and run: bash scripts/gpu_check.sh run"
}

run() {
  local out=${OUT:-gpu-results}
  mkdir -p "$out"
  [ -x "$bundle/gpu_tests" ] || { echo "gpu_check: no $bundle/ here; build it first" >&2; exit 1; }
  export METAMC_SOURCE_DIR=$PWD METAMC_BINARY=$PWD/$bundle/metamc METAMC_EXPECT_GPU=1
  local summary=$out/summary.txt status=0
  {
    cat "$bundle/manifest.txt"
    echo
    if command -v nvidia-smi >/dev/null; then
      nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv 2>&1
    else
      echo "nvidia-smi not found"
    fi
  } >"$summary"

  # Every GPU test alone; the one that checks the no-GPU message skips where a GPU is.
  local tests
  tests=$("$bundle/gpu_tests" --gtest_list_tests | awk '/^[^ ]/ {suite=$1} /^  / {print suite $1}' |
    grep -v 'NoGpuMeansUnavailable')
  echo "== GPU tests (METAMC_EXPECT_GPU=1)" >>"$summary"
  for t in $tests; do
    local log result
    log=$(timeout 120 "$bundle/gpu_tests" --gtest_filter="$t" 2>&1)
    local code=$?
    echo "$log" >>"$out/tests.log"
    if [ $code -ne 0 ]; then
      result="FAILED (exit $code)"
      status=1
    elif grep -q '\[  SKIPPED \]' <<<"$log"; then
      result="SKIPPED (counts as a failure here)"
      status=1
    else
      result="passed"
    fi
    printf '%-70s %s\n' "$t" "$result" >>"$summary"
  done

  echo "== compute-sanitizer" >>"$summary"
  if command -v compute-sanitizer >/dev/null; then
    for check in "memcheck CudaBackend.SameChainsAsTheCpu" \
      "racecheck CudaBackend.SharedHistogramPathMatchesTheCpuBinByBin"; do
      # shellcheck disable=SC2086 # the tool and the test, split on purpose
      set -- $check
      if timeout 150 compute-sanitizer --tool "$1" --error-exitcode 9 \
        "$bundle/gpu_tests" --gtest_filter="$2" >>"$out/sanitizer.txt" 2>&1; then
        echo "$1 on $2: clean" >>"$summary"
      else
        echo "$1 on $2: REPORTED (exit $?; see sanitizer.txt)" >>"$summary"
        status=1
      fi
    done
    # The simulation kernel, through the command line (its HR groups run on the GPU).
    if timeout 150 compute-sanitizer --tool memcheck --error-exitcode 9 "$bundle/metamc" simulate \
      data/isatuximab.csv --by setting,outcome,subgroup --model normal --replicates 300 \
      --backend cuda -q -o /dev/null >>"$out/sanitizer.txt" 2>&1; then
      echo "memcheck on simulate --backend cuda: clean" >>"$summary"
    else
      echo "memcheck on simulate --backend cuda: REPORTED (exit $?; see sanitizer.txt)" >>"$summary"
      status=1
    fi
  else
    echo "compute-sanitizer not found: not run" >>"$summary"
  fi

  for sampler in collapsed hmc; do
    log="$out/cli.txt"
    [ "$sampler" = hmc ] && log="$out/cli_hmc.txt"
    echo "== the bundled analysis on the GPU, --sampler $sampler" >>"$summary"
    fit=("$bundle/metamc" fit data/isatuximab.csv --by "setting,outcome,subgroup" --backend cuda
      --sampler "$sampler" -q)
    if timeout 120 "${fit[@]}" >"$log" 2>&1 &&
      timeout 120 "${fit[@]}" --format json | grep -q '"backend": "cuda"'; then
      echo "passed: $(grep -c '^== ' "$log") groups, $(grep -c WARNING "$log") warnings" >>"$summary"
    else
      echo "FAILED (see $(basename "$log"))" >>"$summary"
      status=1
    fi
  done

  echo "== the bundled simulation study on the GPU and on the CPU" >>"$summary"
  local sim=("$bundle/metamc" simulate data/isatuximab.csv --by "setting,outcome,subgroup"
    --model normal --replicates 20000 -q)
  if timeout 200 "${sim[@]}" --backend cuda >"$out/simulate_gpu.txt" 2>&1 &&
    timeout 200 "${sim[@]}" >"$out/simulate_cpu.txt" 2>&1; then
    # The second line of the heading names the backend; every figure below must agree as printed.
    if diff <(tail -n +3 "$out/simulate_cpu.txt") <(tail -n +3 "$out/simulate_gpu.txt") \
      >"$out/simulate_diff.txt"; then
      echo "passed: the tables agree to their printed digits" >>"$summary"
    else
      echo "DIFFERS (see simulate_diff.txt)" >>"$summary"
      status=1
    fi
  else
    echo "FAILED (see simulate_gpu.txt, simulate_cpu.txt)" >>"$summary"
    status=1
  fi

  echo "== gpu_throughput --quick" >>"$summary"
  {
    timeout 240 "$bundle/gpu_throughput" --quick
    for where in global shared; do
      echo
      echo "The collapsed sampler with the histograms forced into $where memory:"
      METAMC_CUDA_HISTOGRAMS=$where timeout 240 "$bundle/gpu_throughput" --quick | grep -E '^GPU .* [0-9]+ .*(shared|global)$'
    done
  } >"$out/bench.txt" 2>&1 || status=1
  grep -E '^(GPU|CPU|The|Simulation| +(k|3|10) )' "$out/bench.txt" >>"$summary"

  echo "== Nsight Compute (one launch of summarise_chains)" >>"$summary"
  if command -v ncu >/dev/null; then
    timeout 120 ncu --clock-control none -k regex:summarise_chains -c 1 \
      --section SpeedOfLight --section Occupancy --section LaunchStats \
      --section MemoryWorkloadAnalysis \
      "$bundle/metamc" fit tests/fixtures/bcg.csv --backend cuda --chains 16384 -q -o /dev/null \
      >"$out/ncu.txt" 2>&1 && echo "written to ncu.txt" >>"$summary" ||
      echo "ncu failed (see ncu.txt); not counted as a failure" >>"$summary"
  else
    echo "ncu not found" >>"$summary"
  fi

  echo "== $([ $status -eq 0 ] && echo 'GPU check passed' || echo 'GPU check FAILED')" >>"$summary"
  cat "$summary"
  exit $status
}

bench() {
  local out=${OUT:-gpu-results}
  mkdir -p "$out"
  "$bundle/gpu_throughput" | tee "$out/bench-full.txt"
}

case "${1:-}" in
  build) build ;;
  run) run ;;
  bench) bench ;;
  *)
    echo "usage: scripts/gpu_check.sh build|run|bench" >&2
    exit 64
    ;;
esac
