// The Bayesian meta-regressions of a run, on the CPU: each group's --mods design, and per --by
// group of --subgroup the regression on the subgroup indicators with a common tau, whose
// coefficients are the contrasts of each level with the first. --method exact integrates over
// tau; --method mcmc runs the collapsed sampler or HMC as --sampler says
// (mcmc/meta_regression_sampler.hpp). Random numbers: the stream groups kModsStreams + group and
// kContrastStreams + test, apart from the groups' own chains.
#ifndef METAMC_RUN_FIT_BAYES_REGRESSION_HPP
#define METAMC_RUN_FIT_BAYES_REGRESSION_HPP

#include <cstdint>

#include "metamc/run/results.hpp"

namespace metamc {

constexpr std::uint32_t kModsStreams = 1u << 30;
constexpr std::uint32_t kContrastStreams = 3u << 29;

/// Fills MetaRegression::bayes of every group with a meta-regression and
/// SubgroupTest::bayes_contrast of every test; a fit that fails becomes a note of its group or
/// test. `report.config` says how.
void fit_bayes_regressions(AnalysisReport& report);

}  // namespace metamc

#endif  // METAMC_RUN_FIT_BAYES_REGRESSION_HPP
