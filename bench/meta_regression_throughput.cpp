// Throughput of the Bayesian meta-regression's samplers on the CPU (a benchmark, not a test).
//
//   build/bench/meta_regression_throughput [chains]
//
// The model of bench/stan_meta_regression.R: y_i ~ N(x_i' beta, s_i^2 + tau^2), flat priors on
// beta, tau ~ half-normal(0.5), on two designs: BCG (log risk ratios) on latitude, year and the
// 3-level allocation (p = 5; the intercept and the uncentred year correlate at -0.9999) and
// Hackshaw 1998 (log odds ratios, k = 37) on year, design and a 9-level country (p = 11). For
// the collapsed sampler and HMC on one thread: min bulk ESS over the coefficients and tau per
// second of sampling, and with warmup, the median of 5 runs of `chains` chains (default 4, as
// Stan's default) x (1000 warmup + 1000 draws).
#include <cstdio>
#include <string>
#include <vector>

#include "bench_timing.hpp"
#include "metamc/data/csv_table.hpp"
#include "metamc/data/design_matrix.hpp"
#include "metamc/data/study_reader.hpp"
#include "metamc/mcmc/meta_regression_sampler.hpp"
#include "metamc/model/prior_parse.hpp"
#include "metamc/posterior/regression_draws_summary.hpp"
#include "metamc/system_memory.hpp"
#include "metamc/text.hpp"

using namespace metamc::bench;

int main(int argc, char** argv) {
  using namespace metamc;
  reuse_freed_memory();  // as the program does
  const int chains = argc > 1 ? std::stoi(argv[1]) : 4;
  const std::vector<std::pair<std::string, std::string>> designs = {
      {"tests/fixtures/bcg_alloc.csv", "ablat,year,alloc"},
      {"tests/fixtures/hackshaw1998_moderators.csv", "year,design,country"}};
  std::printf(
      "metamc Bayesian meta-regression, one thread, %d chains x (1000 warmup + 1000 "
      "draws), median of 5 runs\n",
      chains);
  std::printf("%-28s %-10s %3s %3s %10s %10s %14s %14s %8s\n", "data", "sampler", "k", "p",
              "sampling s", "+warmup s", "ESS/s sampling", "ESS/s +warmup", "steps");
  for (const auto& [file, mods] : designs) {
    StudyReaderOptions options;
    options.moderators = split(mods, ',');
    std::vector<std::string> warnings;
    const Group group =
        read_groups(read_csv(std::string(METAMC_SOURCE_DIR) + "/" + file), options, warnings).at(0);
    const Design d = design_matrix(group, options.moderators);
    const RegressionModel model{d.X,       d.y,       d.v,
                                MuPrior{}, MuPrior{}, parse_tau_prior("halfnormal(0.5)")};
    for (const SamplerKind sampler : {SamplerKind::collapsed, SamplerKind::hmc}) {
      std::vector<double> with_warmup, sampling_only, ess, steps;
      for (int run = 0; run < 5; ++run) {
        SamplerSettings s;
        s.sampler = sampler;
        s.chains = chains;
        s.threads = 1;
        s.seed = static_cast<std::uint64_t>(run + 1);
        SamplerSettings warmup_only = s;
        warmup_only.draws = 0;
        const auto t0 = Clock::now();
        sample_meta_regression(model, warmup_only, 0);
        const auto t1 = Clock::now();
        const RegressionDraws draws = sample_meta_regression(model, s, 0);
        const auto t2 = Clock::now();
        const BayesRegression r = summarise_regression_draws(draws, model, d.names, 0.95);
        with_warmup.push_back(seconds(t1, t2));
        sampling_only.push_back(seconds(t1, t2) - seconds(t0, t1));
        ess.push_back(r.diagnostics->ess_bulk);
        steps.push_back(r.diagnostics->leapfrog_steps.value_or(0));
      }
      std::printf("%-28s %-10s %3d %3d %10.4f %10.4f %14.4g %14.4g %8.1f\n",
                  file.substr(file.rfind('/') + 1).c_str(),
                  sampler == SamplerKind::hmc ? "hmc" : "collapsed", static_cast<int>(d.X.rows()),
                  static_cast<int>(d.X.cols()), median(sampling_only), median(with_warmup),
                  median(ess) / median(sampling_only), median(ess) / median(with_warmup),
                  median(steps));
    }
  }
  return 0;
}
