// Throughput of the collapsed sampler on the CPU backend (a benchmark, not a test).
//
//   build/bench/sampler_throughput [dataset.csv] [threads...]
//
// The model of bench/stan_reference.R: normal-normal random effects on log risk ratios, tau ~
// half-normal(0.5), flat prior on mu, theta and theta_new drawn every iteration. Default data:
// the 13 BCG trials (tests/fixtures/bcg.csv). For one thread and for all cores it reports
// chain-iterations per second (warmup included) and min bulk ESS of mu and tau per second, with
// the wall time of sampling alone and with warmup, the median of 5 runs of 64 chains x (1000
// warmup + 1000 draws). Diagnostics (R-hat, ESS) are timed separately.
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
#include "metamc/model/group_model.hpp"
#include "metamc/model/prior_parse.hpp"
#include "metamc/parallel_for.hpp"
#include "metamc/posterior/mcmc_summary.hpp"
#include "metamc/system_memory.hpp"

using namespace metamc::bench;

int main(int argc, char** argv) {
  using namespace metamc;
  reuse_freed_memory();  // as the program does
  const std::string file = argc > 1 ? argv[1] : METAMC_SOURCE_DIR "/tests/fixtures/bcg.csv";
  std::vector<int> thread_counts;
  for (int i = 2; i < argc; ++i) thread_counts.push_back(std::stoi(argv[i]));
  if (thread_counts.empty()) thread_counts = {1, resolve_threads(0)};

  std::vector<std::string> warnings;
  const Group group = read_groups(read_csv(file), {}, warnings).at(0);
  const GroupModel model(group, parse_tau_prior("halfnormal(0.5)"), MuPrior{});
  const NormalNormalData& d = model.data();
  const SamplingJob job = make_job(model, question_for(Benefit::lower, std::nullopt), 0);

  std::printf("metamc collapsed sampler, CPU backend: %s, k = %d\n", file.c_str(), d.k);
  std::printf("64 chains x (1000 warmup + 1000 draws), median of 5 runs\n");
  std::printf("%8s %16s %12s %12s %14s %14s %12s\n", "threads", "chain-iter/s", "sampling s",
              "+warmup s", "ESS/s sampling", "ESS/s +warmup", "diagnose s");
  for (int threads : thread_counts) {
    std::vector<double> with_warmup, sampling_only, ess, diagnose;
    for (int run = 0; run < 5; ++run) {
      SamplerSettings s;
      s.threads = threads;
      s.seed = static_cast<std::uint64_t>(run + 1);
      // Warmup and sampling timed apart: a run with no draws measures the warmup alone.
      SamplerSettings warmup_only = s;
      warmup_only.draws = 0;
      const auto t0 = Clock::now();
      sample_on_cpu({job}, warmup_only);
      const auto t1 = Clock::now();
      const std::vector<GroupDraws> draws = sample_on_cpu({job}, s);
      const auto t2 = Clock::now();
      const BayesResult r = summarise_draws(draws[0], d, 0.95);
      const auto t3 = Clock::now();
      with_warmup.push_back(seconds(t1, t2));
      sampling_only.push_back(seconds(t1, t2) - seconds(t0, t1));
      ess.push_back(r.diagnostics->ess_bulk);
      diagnose.push_back(seconds(t2, t3));
    }
    const double iterations = 64.0 * 2000;
    std::printf("%8d %16.3g %12.4f %12.4f %14.3g %14.3g %12.4f\n", threads,
                iterations / median(with_warmup), median(sampling_only), median(with_warmup),
                median(ess) / median(sampling_only), median(ess) / median(with_warmup),
                median(diagnose));
  }
  return 0;
}
