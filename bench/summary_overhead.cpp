// What the CLI path costs beyond sampling (a benchmark, not a test).
//
//   build/bench/summary_overhead [dataset.csv] [chains] [draws] [threads]
//
// Default: Hine 1989 (tests/fixtures/hine1989.csv, k = 6, risk ratios), 8 chains x 100,000 draws,
// all cores. For each sampler (collapsed, HMC) it times, as the CLI runs them (run/fit_bayes.cpp):
//   sampling      sample_on_cpu: the chains, with every draw kept in memory;
//   summaries     summarise_draws of those draws (sorts, rank-normalised R-hat, ESS, quantiles),
//                 the draws-kept mode's cost beyond sampling;
//   streamed      summarise_on_cpu + summarise_streamed (the sinks' histograms and running
//                 moments fed draw by draw, then the summary read from them), whose cost beyond
//                 sampling is its time less the sampling time;
// and each mode's overhead over sampling: the target is under 25%. Medians of 9 runs, which find
// the memory already touched (the sampling's too: the heap serves every block, see main) and
// Blom's scores computed; the very first summaries, which do not
// (as in a fresh process: a page fault per 4 KiB first touched), are shown below the table.
#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "bench_timing.hpp"
#include "metamc/data/csv_table.hpp"
#include "metamc/data/study_reader.hpp"
#include "metamc/mcmc/cpu_backend.hpp"
#include "metamc/mcmc/prepared_groups.hpp"
#include "metamc/model/prior_parse.hpp"
#include "metamc/parallel_for.hpp"
#include "metamc/posterior/mcmc_summary.hpp"
#include "metamc/posterior/streamed_summary.hpp"
#include "metamc/system_memory.hpp"

using namespace metamc::bench;

namespace {

constexpr int kRuns = 9;

}  // namespace

int main(int argc, char** argv) {
  using namespace metamc;
  reuse_freed_memory();  // as the program does
  // Blocks over 32 MiB (the theta_i's draws for k >= 6 at 800,000 draws) would still be mapped
  // afresh on every run: the sampling's medians would then pay first touches of the draws (a page
  // fault per 4 KiB) that the summaries' medians do not. Every block from the heap, so that both
  // are measured with their memory touched.
  mallopt(M_MMAP_MAX, 0);
  const std::string file = argc > 1 ? argv[1] : METAMC_SOURCE_DIR "/tests/fixtures/hine1989.csv";
  SamplerSettings s;
  s.chains = argc > 2 ? std::stoi(argv[2]) : 8;
  s.draws = argc > 3 ? std::stoi(argv[3]) : 100000;
  s.threads = argc > 4 ? std::stoi(argv[4]) : 0;

  StudyReaderOptions options;
  options.default_measure = Measure::RR;
  std::vector<std::string> warnings;
  const std::vector<Group> groups{read_groups(read_csv(file), options, warnings).at(0)};
  const PreparedGroups p =
      prepare_groups(groups, parse_tau_prior("halfnormal(0.5)"), MuPrior{}, {}, true, s.threads);
  const NormalNormalData& d = p.models[0].data();

  std::printf("%s, k = %d: %d chains x (%d warmup + %d draws), %d threads, medians of 9 runs\n",
              file.c_str(), d.k, s.chains, s.warmup, s.draws, resolve_threads(s.threads));
  std::printf("%-10s %12s %14s %10s %12s %10s\n", "sampler", "sampling s", "summaries s",
              "overhead", "streamed s", "overhead");
  double first_summaries = 0;
  for (SamplerKind kind : {SamplerKind::collapsed, SamplerKind::hmc}) {
    s.sampler = kind;
    std::vector<double> sampling, summaries, streamed;
    for (int run = 0; run < kRuns; ++run) {
      auto start = Clock::now();
      const std::vector<GroupDraws> draws = sample_on_cpu(p.jobs, s);
      sampling.push_back(seconds_since(start));
      start = Clock::now();
      summarise_draws(draws[0], d, 0.95, s.threads);
      summaries.push_back(seconds_since(start));
      if (first_summaries == 0) first_summaries = summaries.back();
      start = Clock::now();
      const std::vector<GroupSummary> streams = summarise_on_cpu(p.jobs, p.plans, s);
      summarise_streamed(streams[0], p.plans[0], d, 0.95, p.jobs[0].model);
      streamed.push_back(seconds_since(start));
    }
    const double base = median(sampling);
    std::printf("%-10s %12.3f %14.3f %9.0f%% %12.3f %9.0f%%\n",
                kind == SamplerKind::hmc ? "hmc" : "collapsed", base, median(summaries),
                100 * median(summaries) / base, median(streamed),
                100 * (median(streamed) / base - 1));
  }
  std::printf(
      "first summaries (collapsed, memory untouched, Blom's scores not yet computed): %.3f s\n",
      first_summaries);
  return 0;
}
