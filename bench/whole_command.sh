#!/bin/bash
# The collapsed sampler through the whole command: bulk ESS per second of `metamc fit FILE
# --sampler collapsed`, with process start, reading, warmup, sampling, summaries and output
# (README, "Tests and benchmarks"). Not a test; run by hand on an idle machine.
#
#   bench/whole_command.sh [metamc] [runs]
#
# For each dataset (bench/data/k3.csv, Hine 1989, BCG, bench/data/k40.csv), on 1 and 2 threads:
# the default run (64 chains x 1000 draws) and 8 x 100,000 draws, kept and streamed. ESS: the
# smaller bulk ESS of mu and tau, from the JSON; seconds: the median wall time of `runs` runs
# back to back (default 7; bash's clock, no process of its own in the interval).
set -euo pipefail
metamc=${1:-build/metamc}
runs=${2:-7}
datasets=(bench/data/k3.csv tests/fixtures/hine1989.csv tests/fixtures/bcg.csv bench/data/k40.csv)
names=("64 x 1000" "8 x 100000 kept" "8 x 100000 streamed")
options=("" "--chains 8 --draws 100000" "--chains 8 --draws 100000 --streamed")

printf '%-28s %-20s %7s %9s %9s %10s\n' data run threads ess seconds "ESS/s"
for file in "${datasets[@]}"; do
  for i in "${!options[@]}"; do
    for threads in 1 2; do
      # shellcheck disable=SC2206  # the options split into words on purpose
      args=(fit "$file" --sampler collapsed --threads "$threads" ${options[$i]})
      ess=$("$metamc" "${args[@]}" --format json | grep -m1 '"ess_bulk"' | sed 's/.*: *//; s/,.*//')
      times=()
      for ((run = 0; run < runs; run++)); do
        start=$EPOCHREALTIME
        "$metamc" "${args[@]}" -o /dev/null
        times+=("$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { print b - a }')")
      done
      median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }')
      awk -v f="$file" -v n="${names[$i]}" -v t="$threads" -v e="$ess" -v s="$median" \
        'BEGIN { printf "%-28s %-20s %7d %9.0f %9.4f %10.3g\n", f, n, t, e, s, e / s }'
    done
  done
done
