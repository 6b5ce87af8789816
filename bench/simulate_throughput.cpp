// Replicates per second of the simulation study (`metamc simulate`; a benchmark, not a test).
//
//   build/bench/simulate_throughput [replicates]
//
// Designs of k = 3 and k = 10 trials with standard errors evenly spread over [0.1, 0.3]; one
// scenario (tau = 0.2, mu = 0); every replicate simulated and fitted by DL, REML and PM with
// their Wald and HKSJ intervals and the exact Bayesian posterior (tau ~ half-normal(0.5)). On one
// thread and on all cores; the median of 3 runs of `replicates` (default 20,000). Then the peak
// resident memory after runs of 1x, 10x and 30x `replicates` at k = 3: flat, since a study keeps
// tallies (counts, exact sums, the widths' bins), not replicates. Last, a count design (k = 3
// odds-ratio trials of 200 patients per arm, control risks 0.2, 0.3, 0.4) with the binomial
// model by HMC at simulate's defaults (16 chains x (500 + 250) per replicate): replicates per
// second on one thread and on all cores, one run of replicates / 100 (at least 50).
#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "bench_timing.hpp"
#include "metamc/parallel_for.hpp"
#include "metamc/simulate/coverage_study.hpp"

using namespace metamc::bench;

int main(int argc, char** argv) {
  using namespace metamc;
  const int replicates = argc > 1 ? std::stoi(argv[1]) : 20000;
  std::printf(
      "metamc simulate: replicates per second, DL + REML + PM (Wald, HKSJ) + Bayes exact, "
      "median of 3 runs of %d replicates\n",
      replicates);
  std::printf("%4s %8s %14s\n", "k", "threads", "replicates/s");
  for (const int k : {3, 10}) {
    std::vector<double> se;
    for (int i = 0; i < k; ++i) se.push_back(0.1 + 0.2 * i / (k - 1));
    for (const int threads : {1, resolve_threads(0)}) {
      CoverageSettings settings;
      settings.replicates = replicates;
      settings.threads = threads;
      std::vector<double> times;
      for (int run = 0; run < 3; ++run) {
        settings.seed = static_cast<std::uint64_t>(run + 1);
        const auto start = Clock::now();
        coverage_study(normal_design(se, Benefit::lower), {{0.2, 0}}, settings, 0);
        times.push_back(seconds_since(start));
      }
      std::printf("%4d %8d %14.0f\n", k, threads, replicates / median(times));
    }
  }
  const std::vector<double> se = {0.1, 0.2, 0.3};
  std::printf("%12s %16s\n", "replicates", "peak RSS (MiB)");
  for (const int times : {1, 10, 30}) {
    CoverageSettings settings;
    settings.replicates = times * replicates;
    coverage_study(normal_design(se, Benefit::lower), {{0.2, 0}}, settings, 0);
    struct rusage usage {};
    ::getrusage(RUSAGE_SELF, &usage);
    std::printf("%12d %16.1f\n", settings.replicates, static_cast<double>(usage.ru_maxrss) / 1024);
  }
  StudyDesign counts;
  counts.measure = Measure::OR;
  counts.counts = true;
  for (const double risk : {0.2, 0.3, 0.4}) counts.trials.push_back(TrialDesign{0, 200, 200, risk});
  const int sampled = std::max(50, replicates / 100);
  std::printf("count design, k = 3, Bayes by HMC (16 x (500 + 250)), %d replicates\n", sampled);
  std::printf("%8s %14s\n", "threads", "replicates/s");
  for (const int threads : {1, resolve_threads(0)}) {
    CoverageSettings settings;
    settings.replicates = sampled;
    settings.threads = threads;
    const auto start = Clock::now();
    coverage_study(counts, {{0.2, 0}}, settings, 0);
    std::printf("%8d %14.1f\n", threads, sampled / seconds_since(start));
  }
  return 0;
}
