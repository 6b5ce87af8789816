// Everything a run of `metamc fit` was asked to do; echoed into the JSON output.
#ifndef METAMC_RUN_RUN_CONFIG_HPP
#define METAMC_RUN_RUN_CONFIG_HPP

#include <optional>
#include <string>
#include <vector>

#include "metamc/data/measure.hpp"
#include "metamc/frequentist/random_effects.hpp"
#include "metamc/mcmc/sampler_settings.hpp"
#include "metamc/run/shard.hpp"
#include "models/binomial_normal.hpp"
#include "models/priors.hpp"

namespace metamc {

enum class OutputFormat { table, json, csv };

/// --plot-format: the drawing is made once as SVG; PDF and PNG are rendered from it.
enum class PlotFormat { svg, pdf, png };

/// How the Bayesian model is fitted: by MCMC (the default) or by exact quadrature.
enum class BayesMethod { mcmc, exact };

/// Where the chains run: automatic = the GPU when one is usable, else the CPU.
enum class Backend { automatic, cpu, cuda };

/// Which model: automatic = binomial for a group whose studies all have counts and a measure of
/// OR or RR, normal otherwise (normal for all with --method exact or --sampler collapsed, which
/// only the normal model allows).
enum class ModelChoice { automatic, normal, binomial };

/// "auto", "normal", "binomial": as --model takes them.
inline const char* to_string(ModelChoice m) {
  return m == ModelChoice::binomial ? "binomial" : m == ModelChoice::normal ? "normal" : "auto";
}

/// Which sampler: automatic = the collapsed sampler where the model allows it (the normal-normal
/// model), HMC otherwise.
enum class SamplerChoice { automatic, collapsed, hmc };

/// The samplers a run's MCMC fits use (JSON config.sampler): under --sampler auto the groups of
/// counts take the binomial model, which runs HMC, and the other fits the collapsed sampler.
enum class RunSamplers { collapsed, hmc, mixed };

inline const char* to_string(RunSamplers s) {
  return s == RunSamplers::mixed ? "mixed" : s == RunSamplers::hmc ? "hmc" : "collapsed";
}

struct RunConfig {
  std::string input;              // CSV file
  std::vector<std::string> by;    // grouping columns
  std::string subgroup;           // --subgroup column within each group; "" = none
  std::vector<std::string> mods;  // --mods: moderator columns of a meta-regression
  Tau2Method subgroup_tau_method = Tau2Method::DL;  // --tau-method: whose estimates the test uses
  Measure default_measure = Measure::GEN;           // for rows without `measure`
  Benefit default_benefit = Benefit::lower;         // for rows without `benefit`
  double level = 0.95;                              // level of every interval
  OutputFormat format = OutputFormat::table;
  std::string output;                   // "" = standard output
  bool force = false;                   // replace read-only output files
  bool quiet = false;                   // no progress line
  bool no_studies = false;              // table without the per-study rows
  bool allow_repeated_studies = false;  // a study name twice in a group is a note, not an error

  BayesMethod method = BayesMethod::mcmc;
  // MCMC options given with --method exact, which makes no draws: named in a warning.
  std::vector<std::string> unused_mcmc_options;
  TauPrior tau_prior = make_tau_prior(TauPriorKind::half_normal, 0.5);
  bool tau_prior_is_default = true;  // no --tau-prior given
  // --tau-prior given again, or --prior-grid: every group is fitted under each of these too.
  std::vector<TauPrior> other_tau_priors;
  MuPrior mu_prior;    // flat; also the meta-regression's intercept's
  MuPrior beta_prior;  // flat: the meta-regression's other coefficients'
  ModelChoice model_choice = ModelChoice::automatic;
  BaselinePrior baseline_prior;  // the binomial model's alpha_i ~ N(0, 10^2)
  SamplerChoice sampler_choice = SamplerChoice::automatic;
  SamplerSettings sampler;  // chains, warmup, draws, seed, threads; the sampler run_analysis uses
  RunSamplers samplers = RunSamplers::collapsed;  // set by run_analysis from the run's groups
  std::optional<double> threshold;                // as given: a ratio for ratio measures
  std::string draws_out;                          // "" = no draws file
  std::string plot_dir;                           // --plot: "" = no plots
  std::vector<PlotFormat> plot_formats{PlotFormat::svg};
  std::string report_html;  // --report: "" = no HTML report
  Backend backend = Backend::automatic;
  int device = 0;         // CUDA device index
  bool streamed = false;  // summary mode on the CPU even when the draws would fit
  // --shard i/n: only this share of the groups (with --subgroup, of the --by groups), written as
  // JSON for `metamc merge`.
  std::optional<Shard> shard;

  /// Plots or a report need the posterior densities.
  bool wants_densities() const { return !plot_dir.empty() || !report_html.empty(); }

  /// The columns that form the analysed groups: --by, then --subgroup.
  std::vector<std::string> grouping_columns() const {
    std::vector<std::string> columns = by;
    if (!subgroup.empty()) columns.push_back(subgroup);
    return columns;
  }
};

}  // namespace metamc

#endif  // METAMC_RUN_RUN_CONFIG_HPP
