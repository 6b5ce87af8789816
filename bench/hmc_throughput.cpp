// Throughput of ChEES-HMC on the CPU (a benchmark, not a test).
//
//   build/bench/hmc_throughput [file.csv ...]
//      (default: bench/data/k3.csv, tests/fixtures/bcg.csv, bench/data/k40.csv)
//   build/bench/hmc_throughput --binomial [file.csv ...]
//      (default: tests/fixtures/anand1999_low.csv, tests/fixtures/bcg.csv,
//      tests/fixtures/lau1992.csv)
//
// The non-centred normal-normal model with tau ~ half-normal(0.5) and a flat prior on mu, as
// bench/stan_reference.R fits it with Stan's NUTS; with --binomial the binomial-normal model on
// the 2x2 counts with alpha_i ~ N(0, 10^2), as bench/stan_binomial_reference.R fits it. 64 chains
// x (1000 warmup + 1000 draws) on one thread, median of 3 runs. Reports gradient evaluations
// (leapfrog steps) per second while sampling, the minimum bulk ESS of mu and tau, and ESS per
// second of sampling alone and with the warmup (timed apart: a run with no draws is the warmup
// alone, the same chains).
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
#include "metamc/posterior/mcmc_summary.hpp"
#include "metamc/system_memory.hpp"

using namespace metamc::bench;

int main(int argc, char** argv) {
  using namespace metamc;
  reuse_freed_memory();  // as the program does
  std::vector<std::string> files;
  const bool binomial = argc > 1 && std::string(argv[1]) == "--binomial";
  for (int i = binomial ? 2 : 1; i < argc; ++i) files.push_back(argv[i]);
  if (files.empty() && binomial)
    files = {METAMC_SOURCE_DIR "/tests/fixtures/anand1999_low.csv",
             METAMC_SOURCE_DIR "/tests/fixtures/bcg.csv",
             METAMC_SOURCE_DIR "/tests/fixtures/lau1992.csv"};
  if (files.empty())
    files = {METAMC_SOURCE_DIR "/bench/data/k3.csv", METAMC_SOURCE_DIR "/tests/fixtures/bcg.csv",
             METAMC_SOURCE_DIR "/bench/data/k40.csv"};
  std::printf(
      "metamc ChEES-HMC, %s model, CPU backend, one thread: 64 chains x (1000 warmup + 1000 "
      "draws), median of 3 runs\n",
      binomial ? "binomial-normal" : "normal-normal");
  std::printf("%-28s %4s %14s %10s %10s %9s %9s %14s %14s\n", "data", "k", "gradients/s",
              "steps/draw", "warmup s", "sample s", "min ESS", "ESS/s sampling", "ESS/s +warmup");
  for (const std::string& file : files) {
    std::vector<std::string> warnings;
    const Group group = read_groups(read_csv(file), {}, warnings).at(0);
    const GroupModel model(group, parse_tau_prior("halfnormal(0.5)"), MuPrior{},
                           binomial ? ModelKind::binomial : ModelKind::normal);
    const SamplingJob job = make_job(model, question_for(Benefit::lower, std::nullopt), 0);
    std::vector<double> gradients, steps, warmup, sampling, ess;
    for (int run = 0; run < 3; ++run) {
      SamplerSettings s;
      s.sampler = SamplerKind::hmc;
      s.threads = 1;
      s.seed = static_cast<std::uint64_t>(run + 1);
      SamplerSettings warmup_only = s;
      warmup_only.draws = 0;
      const auto t0 = Clock::now();
      sample_on_cpu({job}, warmup_only);
      const auto t1 = Clock::now();
      const std::vector<GroupDraws> draws = sample_on_cpu({job}, s);
      const auto t2 = Clock::now();
      const BayesResult r = summarise_draws(draws[0], model.data(), 0.95);
      double leapfrog = 0;
      for (const ChainCounts& c : draws[0].counts) leapfrog += c.leapfrog_steps;
      warmup.push_back(seconds(t0, t1));
      sampling.push_back(seconds(t1, t2) - seconds(t0, t1));
      gradients.push_back(leapfrog / sampling.back());
      steps.push_back(*r.diagnostics->leapfrog_steps);
      ess.push_back(r.diagnostics->ess_bulk);
    }
    const std::string name = file.substr(file.find_last_of('/') + 1);
    std::printf("%-28s %4zu %14.3g %10.1f %10.3f %9.3f %9.0f %14.3g %14.3g\n", name.c_str(),
                group.k() + (binomial ? group.uninformative.size() : 0), median(gradients),
                median(steps), median(warmup), median(sampling), median(ess),
                median(ess) / median(sampling), median(ess) / (median(sampling) + median(warmup)));
  }
  return 0;
}
